"""The certification lint has its own block on rules.html, every rule with its source."""

from __future__ import annotations

from bs4 import BeautifulSoup

from listingpreview.pipeline import build
from listingpreview.rules import all_rules


def test_rules_page_has_a_certification_block_with_sources(site, tmp_path):
    build(site, tmp_path / "out")
    page = BeautifulSoup((tmp_path / "out/rules.html").read_text(encoding="utf-8"), "html.parser")
    block = page.select_one("section#certification")
    assert block is not None and block.h2.get_text() == "Certification lint"
    codes = [r.code for r in all_rules() if r.code.startswith("LP9")]
    assert len(codes) >= 20
    rows = {tr["id"]: tr for tr in block.select("tr[id]")}
    assert sorted(rows) == codes
    for code, tr in rows.items():
        assert "Source:" in tr.get_text(), code
    # the main table keeps the other rules only, so no code shows twice
    ids = [tr["id"] for tr in page.select("tr[id]")]
    assert len(ids) == len(set(ids))
    assert "OCR" in block.get_text()  # text-in-logo is left out, and the page says why
    lp910 = rows["LP910"].get_text()
    assert "This application is available only in {language}." in lp910 and "2020" in lp910
