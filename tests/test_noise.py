"""Noise that hides the real problem: one mistake gives one diagnostic, at the line where it is."""

from __future__ import annotations

import shutil

from conftest import diagnostics, edit, line_of
from listingpreview.load import load_offer

MSSP = "content/contoso-sentinel-mssp"
NW = "content/northwind-service-scheduler"


def test_a_toml_syntax_error_is_that_one_error(site):
    offer = site / NW / "offer.toml"
    edit(offer, 'name = "Northwind Service Scheduler for', 'name = Northwind Service Scheduler for')
    got = [d for d in diagnostics(site) if d.offer == "northwind-service-scheduler"]
    assert [d.code for d in got] == ["LP001"] and got[0].line == line_of(offer, "name = Northwind")


def test_a_syntax_error_in_a_plan_is_that_one_error(site):
    plan = site / MSSP / "plans/premium.toml"
    plan.write_text(plan.read_text().replace("[plan]", "[plan", 1))
    got = [d for d in diagnostics(site) if d.file.endswith("premium.toml")]
    assert [d.code for d in got] == ["LP001"]
    assert not [d for d in diagnostics(site) if d.code != "LP001"]  # and nothing about the other files


def test_an_unreadable_offer_file_is_that_one_error(site):
    offer = site / NW / "offer.toml"
    offer.write_bytes(offer.read_bytes() + b"\xff\xfe")
    got = [d for d in diagnostics(site) if d.offer == "northwind-service-scheduler"]
    assert [d.code for d in got] == ["LP005"]


def test_a_disallowed_tag_used_100_times_is_one_diagnostic_with_a_count(site):
    desc = site / MSSP / "description.md"
    first = len(desc.read_text().splitlines()) + 2
    desc.write_text(desc.read_text() + "\n" + "\n\n".join("A <font>word</font> here." for _ in range(100)) + "\n")
    got = [d for d in diagnostics(site) if d.code == "LP115"]
    assert len(got) == 1
    assert "100 times" in got[0].message and "also on 99 other line(s)" in got[0].message
    assert got[0].line == first and desc.read_text().splitlines()[first - 1].startswith("A <font>")


def test_a_value_in_a_multi_line_array_is_reported_at_its_own_line(site):
    offer = site / MSSP / "offer.toml"
    edit(offer, 'audience = ["6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"]',
         'audience = [\n  "6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",\n  "not-a-guid",\n]')
    got = [d for d in diagnostics(site) if d.code == "LP401"]
    assert len(got) == 1 and (got[0].line, got[0].column) == (line_of(offer, '"not-a-guid"'), 3)


def test_a_value_in_an_inline_table_is_reported_at_its_own_line(site):
    offer = site / NW / "offer.toml"
    text = offer.read_text()
    start = text.index("[listing.support_contact]")
    end = text.index("[listing.engineering_contact]")
    offer.write_text(text[:start] + text[end:].replace(
        "[listing.engineering_contact]",
        'support_contact = { name = "Northwind Support", email = "support@@northwind", phone = "1", url = '
        '"https://support.northwindtraders.com" }\n\n[listing.engineering_contact]'))
    # the key must live in [listing]: move it above the first sub-table
    text = offer.read_text()
    line = [x for x in text.splitlines() if x.startswith("support_contact = ")][0]
    text = text.replace(line + "\n", "").replace("[[listing.useful_links]]", line + "\n\n[[listing.useful_links]]", 1)
    offer.write_text(text)
    got = [d for d in diagnostics(site) if d.code == "LP202"]
    row = line_of(offer, "support_contact = {")
    assert len(got) == 1 and got[0].line == row and got[0].column == line.index('"support@@') + 1


def test_two_offers_with_the_same_offer_id_are_an_error(site):
    shutil.copytree(site / MSSP, site / "content/contoso-sentinel-copy")
    got = [d for d in diagnostics(site) if d.code == "LP009"]
    assert sorted(d.file for d in got) == ["content/contoso-sentinel-copy/offer.toml",
                                           "content/contoso-sentinel-mssp/offer.toml"]
    assert all(d.line == 3 and d.severity == "error" for d in got)
    edit(site / "content/contoso-sentinel-copy/offer.toml", 'id = "contoso-sentinel-mssp"', 'id = "contoso-other"')
    assert not [d for d in diagnostics(site) if d.code == "LP009"]


def test_a_wrong_type_is_one_error_not_also_empty(site):
    plan = site / MSSP / "plans/essentials.toml"
    edit(plan, 'manifest_version = "1.0.0"', "manifest_version = 1.0")
    got = [d for d in diagnostics(site) if d.file.endswith("essentials.toml")]
    assert [d.code for d in got] == ["LP003"] and got[0].line == line_of(plan, "manifest_version = 1.0")


def test_the_loader_marks_a_broken_file(site):
    offer = site / NW / "offer.toml"
    edit(offer, "[setup]", "[setup")
    loaded = load_offer(site / NW, site, [])
    assert loaded is not None and loaded.source.broken


def _loc(field: str) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field))


def test_no_diagnostic_without_the_line_of_its_written_field(site):
    from listingpreview.load import load_site

    offer = site / MSSP / "offer.toml"
    edit(offer, 'name = "Contoso Managed Sentinel: 24x7 Security Operations"', 'name = "Contoso 🚀 Sentinel"')
    edit(offer, 'audience = ["6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"]',
         'audience = [\n  "6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",\n  "x",\n]')
    edit(offer, 'url = "https://www.contoso-security.com/docs/onboarding"', 'url = "ftp://contoso.com/x"')
    edit(offer, 'categories = ["Security", "Monitoring & Diagnostics", "IT & Management Tools"]',
         'categories = ["Security", "Secruity"]')
    plan = site / MSSP / "plans/premium.toml"
    edit(plan, 'name = "Premium-24x7"', 'name = "Premium 24x7"')
    edit(plan, 'manifest_version = "1.2.0"', 'manifest_version = "1.2"')
    got = diagnostics(site)
    assert {"LP105", "LP131", "LP201", "LP401", "LP516", "LP601"} <= {d.code for d in got}
    _, offers = load_site(site, [])
    sources = {o.source.display: o.source for o in offers} | {p.source.display: p.source for o in offers
                                                               for p in o.plans}
    for d in got:
        src = sources.get(d.file)
        if src is None:
            continue
        written = src.positions.get(_loc(d.field)) if d.field else None
        if written is not None:
            assert (d.line, d.column) == written, d
        assert d.line, d  # every field here sits in a written table, so there is always a line


def test_build_reports_two_offers_with_the_same_offer_id(site, tmp_path):
    from listingpreview.pipeline import build

    shutil.copytree(site / MSSP, site / "content/contoso-sentinel-copy")
    # differ in something else, so that the two folders are not byte-identical (the build cache keys by content)
    edit(site / "content/contoso-sentinel-copy/offer.toml", 'alias = "Contoso Sentinel MSSP"', 'alias = "Copy"')
    result = build(site, tmp_path / "out")
    got = sorted((d.file, d.line) for d in result.diagnostics if d.code == "LP009")
    assert got == [("content/contoso-sentinel-copy/offer.toml", 3), ("content/contoso-sentinel-mssp/offer.toml", 3)]
    again = build(site, tmp_path / "out")  # up to date: the same diagnostics from the cache
    assert sorted((d.file, d.line) for d in again.diagnostics if d.code == "LP009") == got
