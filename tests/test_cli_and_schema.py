"""The commands through Click's runner, and the published JSON Schemas."""

from __future__ import annotations

import json

import jsonschema
import pytest
import tomli
from click.testing import CliRunner

from conftest import CONTENT, ROOT, edit
from listingpreview.cli import main
from listingpreview.schemas import schemas as json_schemas

FAB = "content/fabrikam-fieldnotes"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_exit_codes_and_formats(site):
    r = run("check", site)
    assert r.exit_code == 0 and r.output.strip() == "Checked 3 offer(s): 0 error(s), 0 warning(s), 0 info."
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', f'name = "{"F" * 201}"')
    r = run("check", site)
    assert r.exit_code == 1 and "offer.toml:20:8: error LP104 listing.name is 201 characters" in r.output
    r = run("check", site / FAB, "--format", "json")
    data = json.loads(r.output)
    assert r.exit_code == 1 and data["summary"]["error"] == 1
    d = data["diagnostics"][0]
    assert {k: d[k] for k in ("code", "severity", "file", "line", "column", "field")} == {
        "code": "LP104", "severity": "error", "file": "fabrikam-fieldnotes/offer.toml", "line": 20, "column": 8,
        "field": "listing.name"}
    assert d["hint"] and d["source"]


def test_strict_makes_warnings_fail(site):
    edit(site / "content/contoso-sentinel-mssp/plans/premium.toml",
         'role = "Managed Services Registration Assignment Delete Role"', 'role = "Reader"')
    assert run("check", site).exit_code == 0
    assert run("check", site, "--strict").exit_code == 1


def test_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["check", str(tmp_path / "nope")]).exit_code == 2
    assert CliRunner().invoke(main, ["check", "--format", "xml"]).exit_code == 2
    assert CliRunner().invoke(main, ["build", "--bogus"]).exit_code == 2


def test_build_prints_summary_and_index_path(site, tmp_path):
    r = run("build", site, "-o", tmp_path / "out")
    lines = r.output.strip().splitlines()
    assert r.exit_code == 0
    assert lines[-2].startswith("Built 3 offer(s), 25 page(s) in ") and lines[-2].endswith("0 error(s), 0 warning(s).")
    assert lines[-1] == f"Open {(tmp_path / 'out/index.html').resolve()}"


def test_build_refuses_a_foreign_folder_without_traceback(site, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/readme.txt").write_text("x")
    r = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "docs")])
    assert r.exit_code == 1 and "not created by listingpreview" in r.output and r.exception.__class__ is SystemExit


def test_broken_layout_is_reported_with_file(site, tmp_path):
    (site / "layouts").mkdir()
    (site / "layouts/review.html").write_text("line one\n{% endfor %}\n")
    r = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "layout error in" in r.output and "review.html:2" in r.output


def test_init_then_build_is_clean(tmp_path):
    r = run("init", tmp_path / "new")
    assert r.exit_code == 0
    assert run("check", tmp_path / "new").exit_code == 0
    assert run("build", tmp_path / "new").exit_code == 0
    assert run("init", tmp_path / "new").exit_code == 1  # not empty


def test_import_refuses_to_overwrite(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps({"displayName": "X", "offerId": "x", "productType": "SaaS", "summary": "s"}))
    assert run("import", src, "-o", tmp_path / "c").exit_code == 0
    r = CliRunner().invoke(main, ["import", str(src), "-o", str(tmp_path / "c")])
    assert r.exit_code == 1 and "exists already" in r.output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = CliRunner().invoke(main, ["import", str(bad), "-o", str(tmp_path / "c")])
    assert r.exit_code == 1 and "not valid JSON" in r.output


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "listingpreview", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "listingpreview" in r.stdout


def test_published_schemas_are_current():
    for name, schema in json_schemas().items():
        assert json.loads((ROOT / "schema" / name).read_text()) == schema, f"run scripts/gen-schema.py ({name})"


@pytest.mark.parametrize("path", sorted(CONTENT.glob("*/offer.toml")) + sorted(CONTENT.glob("*/plans/*.toml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_files_validate_against_the_schema(path):
    name = "plan.schema.json" if path.parent.name == "plans" else "offer.schema.json"
    schema = json.loads((ROOT / "schema" / name).read_text())
    jsonschema.validate(tomli.loads(path.read_text()), schema)
    bad = tomli.loads(path.read_text()) | {"unknown_table": {}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_public_api_is_small_and_pinned():
    import listingpreview

    assert sorted(listingpreview.__all__) == sorted(["BuildResult", "Builder", "Diagnostic", "__version__", "build",
                                                     "check_site", "load_site", "ListingPreviewError", "UsageError",
                                                     "ConfigError", "OutputError", "CompareError", "LayoutError"])
