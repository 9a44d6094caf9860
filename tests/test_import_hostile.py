"""Hostile and wrong input to ``import``: a clear error with file and JSON path, never a traceback or a half folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingpreview.cli import main
from listingpreview.importers.catalog import ImportProblem, import_file
from listingpreview.importers.safeio import MAX_DEPTH, MAX_JSON_BYTES
from listingpreview.pipeline import check_site

BASE = {"displayName": "Contoso", "offerId": "contoso-x", "productType": "SaaS", "summary": "One line.",
        "pricingTypes": ["Payg"],
        "plans": [{"planId": "gold", "displayName": "Gold",
                   "availabilities": [{"terms": [{"termUnit": "P1M", "price": {"listPrice": 10}}]}]}]}


def cli(*args):
    r = CliRunner().invoke(main, ["import", *map(str, args)])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def write(tmp_path, value, name="p.json") -> Path:
    p = tmp_path / name
    p.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return p


def nothing_written(out: Path) -> bool:
    return not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("change, where, expected", [
    ({"displayName": 5}, "$.displayName", "a number; expected text"),
    ({"plans": "gold"}, "$.plans", "expected a list"),
    ({"plans": [{"planId": "g", "availabilities": [{"terms": [{"termUnit": "P1M", "price": {"listPrice": "ten"}}]}]}]},
     "$.plans[0].availabilities[0].terms[0].price.listPrice", "expected a number"),
    ({"categoryIds": ["web", {"x": 1}]}, "$.categoryIds[1]", "an object; expected text"),
    ({"links": [7]}, "$.links[0]", "expected an object"),
    ({"ratingAverage": True}, "$.ratingAverage", "expected a number"),
])
def test_wrong_types_name_the_json_path(tmp_path, change, where, expected):
    src = write(tmp_path, {**BASE, **change})
    r = cli(src, "-o", tmp_path / "out")
    assert r.exit_code == 1
    assert f"{src}: error: {where} is" in r.output and expected in r.output
    assert nothing_written(tmp_path / "out")


def test_not_an_object(tmp_path):
    r = cli(write(tmp_path, "[1, 2]"), "-o", tmp_path / "out")
    assert r.exit_code == 1 and "$ is a list; expected an object" in r.output


def test_deep_nesting_is_refused_before_parsing(tmp_path):
    deep = '{"displayName": "x", "productType": "SaaS", "a": ' + "[" * 200_000 + "]" * 200_000 + "}"
    r = cli(write(tmp_path, deep), "-o", tmp_path / "out")
    assert r.exit_code == 1 and f"nested deeper than {MAX_DEPTH} levels" in r.output and "line 1, column" in r.output
    assert nothing_written(tmp_path / "out")


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    src = write(tmp_path, {**BASE, "description": "[" * 500 + "{" * 500 + '\\"['})
    folder, _ = import_file(src, tmp_path / "out")
    assert (folder / "description.md").read_text().startswith("[" * 500)


def test_lone_surrogate_is_refused_with_its_path(tmp_path):
    raw = json.dumps({**BASE, "summary": "x"}).replace('"summary": "x"', '"summary": "ab\\ud800c"')
    r = cli(write(tmp_path, raw), "-o", tmp_path / "out")
    assert r.exit_code == 1 and "$.summary: holds a lone surrogate U+D800" in r.output
    assert nothing_written(tmp_path / "out")


def test_delete_character_is_written_as_toml_that_parses(tmp_path):
    # In values and in the provenance comment the importer writes at the top (TOML forbids a raw DEL there).
    src = write(tmp_path, {**BASE, "summary": "a\u007fb", "displayName": "N\u007f", "x-source": {"repo": "r\u007f"}})
    folder, _ = import_file(src, tmp_path / "content")
    data = tomllib.loads((folder / "offer.toml").read_text())
    assert data["listing"]["search_results_summary"] == "a\u007fb" and data["listing"]["name"] == "N\u007f"
    _, _, diags = check_site(tmp_path)
    assert not [d for d in diags if d.code in ("LP001", "LP003")]


def test_dev_zero_is_refused_at_once():
    with pytest.raises(ImportProblem, match="is a device"):
        import_file(Path("/dev/zero"), Path("/nonexistent-never-written"))


def test_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "p.json"
    os.mkfifo(fifo)
    # In a child process with a timeout: a hang fails the test instead of stalling the suite.
    code = ("import sys; from pathlib import Path\n"
            "from listingpreview.importers.catalog import import_file, ImportProblem\n"
            "try:\n    import_file(Path(sys.argv[1]), Path(sys.argv[2]))\nexcept ImportProblem as e:\n    print(e)\n")
    r = subprocess.run([sys.executable, "-c", code, str(fifo), str(tmp_path / "out")],
                       capture_output=True, text=True, timeout=30)
    assert "named pipe (FIFO)" in r.stdout, r.stderr
    assert nothing_written(tmp_path / "out")


def test_huge_file_is_refused_by_size(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_JSON_BYTES + 1)  # sparse: no disk used
    r = cli(big, "-o", tmp_path / "out")
    assert r.exit_code == 1 and "the limit is" in r.output


def test_not_utf8_and_not_json(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"displayName": "\xff"}')
    assert "not UTF-8" in cli(bad, "-o", tmp_path / "out").output
    r = cli(write(tmp_path, '{"displayName": ', "trunc.json"), "-o", tmp_path / "out")
    assert "line 1, column 17: not valid JSON" in r.output


def test_a_later_error_leaves_no_half_written_folder(tmp_path):
    # The second plan is wrong: the first one must not have been written either.
    src = write(tmp_path, {**BASE, "plans": [BASE["plans"][0], {"planId": ["x"]}]})
    r = cli(src, "-o", tmp_path / "out")
    assert r.exit_code == 1 and "$.plans[1].planId" in r.output
    assert nothing_written(tmp_path / "out")


def test_force_updates_own_files_and_leaves_the_users(tmp_path):
    out = tmp_path / "content"
    src = write(tmp_path, {**BASE, "plans": [*BASE["plans"], {"planId": "silver", "displayName": "Silver"}]})
    folder, _ = import_file(src, out)
    (folder / "media").mkdir()
    (folder / "media" / "logo.png").write_bytes(b"\x89PNG user's logo")
    (folder / "notes.txt").write_text("mine")
    (folder / "plans" / "handwritten.toml").write_text('[plan]\nid = "handwritten"\n')
    src.write_text(json.dumps({**BASE, "summary": "Updated."}))  # silver is gone from the record
    r = cli(src, "-o", out)
    assert r.exit_code == 1 and "--force" in r.output
    r = cli(src, "-o", out, "--force")
    assert r.exit_code == 0, r.output
    assert tomllib.loads((folder / "offer.toml").read_text())["listing"]["search_results_summary"] == "Updated."
    assert (folder / "media" / "logo.png").read_bytes() == b"\x89PNG user's logo"
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "plans" / "handwritten.toml").exists()
    assert not (folder / "plans" / "silver.toml").exists() and "removed plans/silver.toml" in r.output
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_force_refuses_to_overwrite_a_file_the_user_made(tmp_path):
    out = tmp_path / "content"
    src = write(tmp_path, BASE)
    folder, _ = import_file(src, out)
    (folder / "plans" / "silver.toml").write_text("# mine\n")
    src.write_text(json.dumps({**BASE, "plans": [*BASE["plans"], {"planId": "silver", "displayName": "Silver"}]}))
    r = cli(src, "-o", out, "--force")
    assert r.exit_code == 1 and "plans/silver.toml" in r.output and "not written by an import" in r.output
    assert (folder / "plans" / "silver.toml").read_text() == "# mine\n"


def test_force_refuses_a_folder_no_import_wrote(tmp_path):
    out = tmp_path / "content"
    (out / "contoso-x").mkdir(parents=True)
    (out / "contoso-x" / "offer.toml").write_text('[offer]\nid = "contoso-x"\n')
    r = cli(write(tmp_path, BASE), "-o", out, "--force")
    assert r.exit_code == 1 and "no [import] files list" in r.output
    assert (out / "contoso-x" / "offer.toml").read_text() == '[offer]\nid = "contoso-x"\n'
