"""Hostile or broken content files: a clear diagnostic, never a traceback."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from conftest import diagnostics
from listingpreview.cli import main

FAB = "content/fabrikam-fieldnotes"


@pytest.mark.parametrize("data,code", [
    (b"\xff\xfe not utf-8", "LP005"),
    (b"a = " + b"[" * 5000, "LP001"),
    (b"[offer]\nid = \"x\x00\"\n", "LP001"),
    (b"[offer]\n[offer]\n", "LP001"),
    (b"offer = 5\n", "LP003"),
    (b"[listing]\nname = 5\nkeywords = \"one\"\n", "LP003"),
])
def test_broken_offer_toml(site, data, code):
    (site / FAB / "offer.toml").write_bytes(data)
    codes = {d.code for d in diagnostics(site)}
    assert code in codes
    result = CliRunner().invoke(main, ["check", str(site)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_utf8_bom_is_accepted(site):
    p = site / FAB / "offer.toml"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert diagnostics(site) == []


def test_description_symlink_to_a_system_file_is_not_read(site):
    desc = site / FAB / "description.md"
    desc.unlink()
    os.symlink("/etc/passwd", desc)
    d = diagnostics(site)
    assert {x.code for x in d} == {"LP008", "LP100"}
    result = CliRunner().invoke(main, ["build", str(site), "-o", str(site.parent / "out")])
    assert result.exit_code == 0
    assert "root:" not in (site.parent / "out/offers/fabrikam-fieldnotes/index.html").read_text()


def test_huge_file_is_refused(site):
    (site / FAB / "description.md").write_bytes(b"a" * (2 * 1024 * 1024))
    assert "LP005" in {d.code for d in diagnostics(site)}


def test_wrong_types_keep_the_rest(site):
    p = site / FAB / "offer.toml"
    p.write_text(p.read_text().replace('keywords = ["inspection", "field service", "offline"]', "keywords = 3"))
    d = diagnostics(site)
    assert [(x.code, x.field) for x in d] == [("LP003", "listing.keywords")]
