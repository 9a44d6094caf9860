"""The conformance table: generated from the rules data, current in docs/, shown on rules.html."""

from __future__ import annotations

import re

from conftest import ROOT
from listingpreview.names import OFFER_TYPES
from listingpreview.pipeline import build
from listingpreview.rules import all_rules
from listingpreview.rules.conformance import (
    CHECKED,
    CHECKED_REF,
    NOT_CHECKABLE,
    conformance_rows,
    counts,
    render_markdown,
)
from listingpreview.rules.published import PUBLISHED_RULES


def test_docs_conformance_is_current():
    path = ROOT / "docs" / "conformance.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), "run scripts/gen-conformance.py"


def test_every_row_has_a_source_a_date_and_a_status():
    rows = conformance_rows()
    known = {r.code for r in all_rules()} | set(PUBLISHED_RULES)
    for r in rows:
        assert r.source.strip(), r
        assert re.fullmatch(r"\d{4}(-\d{2}-\d{2})?|undated", r.date), r
        if r.date == "undated":  # only the Office Store docs carry no date
            assert "office-store-docs" in r.source, r
        assert r.status in (CHECKED, CHECKED_REF, NOT_CHECKABLE), r
        if r.status == NOT_CHECKABLE:
            assert r.reason and not r.code, r
        else:
            assert r.code in known, r


def test_every_offer_type_and_edition_has_rows_of_each_kind():
    c = counts()
    for t in OFFER_TYPES:
        for e in ("latest", "2020"):
            n = c[(t, e)]
            assert n["checked"] >= 25 and n["reference"] >= 4 and n[NOT_CHECKABLE] >= 3, (t, e, n)


def test_rows_follow_the_limits_per_type_and_edition():
    rows = {(r.offer_type, r.edition, r.code) for r in conformance_rows()}
    assert ("dynamics-365-dataverse", "latest", "LP102") in rows  # seed 002
    assert ("saas", "latest", "LP102") not in rows
    assert ("consulting-service", "latest", "LP116") in rows and ("consulting-service", "2020", "LP116") not in rows
    assert ("managed-service", "2020", "LP709") in rows and ("saas", "2020", "LP709") not in rows
    assert ("power-bi-visual", "latest", "LP310") in rows and ("saas", "latest", "LP310") not in rows


def test_rules_page_shows_the_conformance_table(site, tmp_path):
    out = tmp_path / "out"
    build(site, out, use_cache=False)
    html = (out / "rules.html").read_text(encoding="utf-8")
    assert 'id="conformance"' in html
    c = counts()[("managed-service", "latest")]
    row = re.search(r"<tr><td>Managed Service</td><td>latest</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", html)
    assert row and tuple(map(int, row.groups())) == (c["checked"], c["reference"], c[NOT_CHECKABLE])
    assert "Silver or Gold Cloud Platform competency" in html and "not offline-checkable" in html
