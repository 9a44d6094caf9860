"""init for every offer type, init in an existing repository, the schema directive and the generated schemas."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import tomli
from click.testing import CliRunner

from listingpreview.cli import main
from listingpreview.names import OFFER_TYPES
from listingpreview.rules.catalog import APPSOURCE_CATEGORIES, AZURE_MARKETPLACE_CATEGORIES, INDUSTRIES
from listingpreview.schemas import schemas, undocumented


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _schema_of(toml: Path) -> Path:
    first = toml.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"#:schema (\S+)", first)
    assert m, f"{toml} starts with {first!r}"
    return (toml.parent / m.group(1)).resolve()


@pytest.mark.parametrize("offer_type", list(OFFER_TYPES))
def test_init_type_writes_a_complete_offer_that_builds_cleanly(offer_type, tmp_path):
    site = tmp_path / "site"
    r = run("init", site, "--type", offer_type)
    assert r.exit_code == 0, r.output
    c = run("check", site, "-v")
    assert c.exit_code == 0 and c.output.strip() == "Checked 1 offer(s): 0 error(s), 0 warning(s), 0 info.", c.output
    b = run("build", site, "-o", tmp_path / "out", "--strict")
    assert b.exit_code == 0, b.output
    folder = site / "content" / f"contoso-{offer_type}"
    assert (tmp_path / "out" / "offers" / f"contoso-{offer_type}" / "index.html").is_file()
    for toml in [folder / "offer.toml", *sorted((folder / "plans").glob("*.toml"))]:
        schema_file = _schema_of(toml)
        assert schema_file.is_file()
        jsonschema.validate(tomli.loads(toml.read_text(encoding="utf-8")), json.loads(schema_file.read_text()))
    assert _schema_of(site / "listingpreview.toml").name == "config.schema.json"


def test_init_in_an_existing_repository_touches_no_other_file(tmp_path):
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "README.md").write_text("# our product\n")
    (repo / "src" / "app.py").write_text("print('hi')\n")
    (repo / "listingpreview.toml").write_text('[site]\ntitle = "Ours"\ncontent_dir = "listings"\n')

    def snapshot():
        return {p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in repo.rglob("*") if p.is_file()}

    before = snapshot()
    r = run("init", repo, "--type", "consulting-service")
    assert r.exit_code == 0, r.output
    after = snapshot()
    assert {k: v for k, v in after.items() if k in before} == before  # nothing changed
    added = sorted(set(after) - set(before))
    assert all(p.startswith(("listings/contoso-consulting-service/", ".listingpreview/")) for p in added), added
    assert run("check", repo).exit_code == 0
    again = CliRunner().invoke(main, ["init", str(repo), "--type", "consulting-service"])
    assert again.exit_code == 1 and "exists already" in again.output and snapshot() == after
    assert run("init", repo, "--type", "saas").exit_code == 0  # a second offer beside the first
    assert "Checked 2 offer(s)" in run("check", repo).output


def test_schema_command_prints_the_generated_schema():
    for kind in ("offer", "plan", "config"):
        r = run("schema", kind)
        assert r.exit_code == 0 and json.loads(r.output) == schemas()[f"{kind}.schema.json"]


def test_every_field_has_a_description_and_enums_and_limits_come_from_the_data():
    s = schemas()
    for name, schema in s.items():
        assert undocumented(schema) == [], name
    offer = s["offer.schema.json"]["properties"]
    assert offer["offer"]["properties"]["type"]["enum"] == list(OFFER_TYPES)
    cats = offer["properties"]["properties"]["categories"]["items"]["enum"]
    assert set(cats) == set(AZURE_MARKETPLACE_CATEGORIES) | set(APPSOURCE_CATEGORIES)
    assert offer["properties"]["properties"]["industries"]["items"]["enum"] == list(INDUSTRIES)
    name = offer["listing"]["properties"]["name"]
    assert name["maxLength"] == 200 and "Azure Container, Power BI app: 50" in name["description"]
    assert name["description"].startswith("Name.") and "listing.title" in name["description"]
    plan = s["plan.schema.json"]["properties"]
    assert plan["pricing"]["properties"]["model"]["enum"][:3] == ["free", "byol", "flat-rate"]
    assert plan["plan"]["properties"]["description"]["maxLength"] == 3000


def test_a_misspelt_category_fails_validation_against_the_schema():
    schema = schemas()["offer.schema.json"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"properties": {"categories": ["Productivty"]}}, schema)
    jsonschema.validate({"properties": {"categories": ["Productivity"]}}, schema)


def test_wheel_config_ships_the_schemas():
    pyproject = tomli.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    include = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include.get("schema") == "listingpreview/schema"


def test_editors_find_the_schema_through_the_directive(tmp_path):
    """Tombi (a TOML toolkit editors use) reads each file's #:schema line: init output passes, mistakes do not."""
    tombi = Path(sys.executable).parent / "tombi"
    assert tombi.exists(), "install the test extras (pip install -e '.[test]')"
    site = tmp_path / "site"
    assert run("init", site, "--type", "managed-service").exit_code == 0
    folder = site / "content" / "contoso-managed-service"
    files = [folder / "offer.toml", folder / "plans" / "standard.toml", site / "listingpreview.toml"]
    ok = subprocess.run([tombi, "lint", "--offline", *files], capture_output=True, text=True, cwd=site, timeout=60)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = folder / "offer.toml"
    bad.write_text(bad.read_text().replace('type = "managed-service"', 'type = "managed-services"')
                   .replace('"IT & Management Tools"', '"IT and Management Tools"'))
    r = subprocess.run([tombi, "lint", "--offline", bad], capture_output=True, text=True, cwd=site, timeout=60,
                       env={**os.environ, "NO_COLOR": "1"})
    out = r.stdout + r.stderr
    assert r.returncode != 0
    assert 'found "managed-services"' in out and 'found "IT and Management Tools"' in out
