"""The built site, read with BeautifulSoup: names, calls to action, plans, truncation, review states, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import edit
from listingpreview.errors import LayoutError
from listingpreview.output import OutputError
from listingpreview.pipeline import build

FAB = "content/fabrikam-fieldnotes"
MSSP = "content/contoso-sentinel-mssp"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def built(site, tmp_path):
    out = tmp_path / "out"
    result = build(site, out)
    return site, out, result


def test_summary_and_files(built):
    _, out, result = built
    # 5 pages per offer + Publishing each + Resellers for the SaaS offer + 2 Azure portal views
    # + index, rules, publishing facts, the store's search page
    assert (result.offers, result.pages, result.diagnostics) == (3, 25, [])
    assert result.index == out / "index.html" and result.index.is_file()
    for slug in ("contoso-sentinel-mssp", "fabrikam-fieldnotes", "northwind-service-scheduler"):
        for page in ("index", "plans", "tiles", "snippet", "review"):
            assert (out / "offers" / slug / f"{page}.html").is_file()
    assert (out / "rules.html").is_file() and (out / "assets/style.css").is_file()


def test_index_shows_every_tile_with_its_state(built):
    _, out, _ = built
    s = soup(out / "index.html")
    tiles = s.select(".tile")
    assert [t.select_one(".tile-name").get_text(strip=True) for t in tiles] == [
        "Contoso Managed Sentinel: 24x7 Security Operations", "Fabrikam FieldNotes",
        "Northwind Service Scheduler for Dynamics 365 Field Service"]
    assert [c.select_one(".state").get_text() for c in s.select(".tile-cell")] == ["Complete"] * 3
    for img in s.select("img"):
        assert (out / img["src"]).is_file()


# Since 2025-09-25 every offer is listed in one store, Microsoft Marketplace (storefront-2025.md §1), with
# the tabs the store shows: "Plans" when no plan has a price (the Dataverse licensing plans), §1 Tabs.
@pytest.mark.parametrize("slug,buttons,tabs", [
    ("contoso-sentinel-mssp", ["Get it now"],
     ["Overview", "Plans + Pricing", "Details + support", "Ratings + reviews"]),
    ("fabrikam-fieldnotes", ["Get it now", "Free trial"],
     ["Overview", "Plans + Pricing", "Details + support", "Ratings + reviews"]),
    ("northwind-service-scheduler", ["Get it now", "Contact me"],
     ["Overview", "Plans", "Details + support", "Ratings + reviews"]),
])
def test_listing_page(built, slug, buttons, tabs):
    _, out, _ = built
    s = soup(out / "offers" / slug / "index.html")
    assert s.select_one(".store-brand").get_text() == "Microsoft Marketplace"
    assert [b.get_text() for b in s.select(".cta-row .btn")] == buttons
    assert [t.get_text() for t in s.select(".tabs .tab")] == tabs
    assert s.select_one("#field-listing-name").get_text(strip=True)
    assert s.select_one("#field-listing-description b")  # Markdown bold written as <b>
    assert s.title.get_text().endswith(" - Microsoft Marketplace")
    for img in s.select("img"):
        assert (out / "offers" / slug / img["src"]).is_file()
    assert s.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_plans_page(built):
    _, out, _ = built
    s = soup(out / "offers/contoso-sentinel-mssp/plans.html")
    assert [r.th.get_text() for r in s.select("tr.plan-row")] == ["Essentials", "Premium-24x7"]
    premium = s.select_one("#plan-premium-24x7")
    rows = premium.select("table.authorizations tbody tr")
    assert [r.find_all("td")[1].get_text() for r in rows] == [
        "Microsoft Sentinel Contributor", "Automation Contributor", "User Access Administrator",
        "Managed Services Registration Assignment Delete Role"]
    assert "Contributor, Log Analytics Contributor" in rows[2].get_text()
    s = soup(out / "offers/fabrikam-fieldnotes/plans.html")
    assert len(s.select("tr.plan-row")) == 3
    assert "$24,000.00/year + usage" in s.get_text()


def test_tile_and_search_engine_truncation(site, tmp_path):
    offer = site / FAB / "offer.toml"
    long_summary = "Capture inspections, photos and sign-offs in the field, even offline, sync them to Teams and export them to Power BI for every site"
    edit(offer, 'search_results_summary = "Capture inspections, photos and sign-offs in the field, even offline, and sync them to Teams."',
         f'search_results_summary = "{long_summary}"')
    edit(offer, 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes: offline inspection checklists for field service teams"')
    build(site, tmp_path / "out")
    tile = soup(tmp_path / "out/offers/fabrikam-fieldnotes/tiles.html").select_one(".tile-summary")
    shown = tile.get_text()
    assert shown.endswith(" …") and long_summary.startswith(shown[:-2]) and len(shown) < len(long_summary)
    assert tile["title"] == long_summary
    serp = soup(tmp_path / "out/offers/fabrikam-fieldnotes/snippet.html")
    title = serp.select_one("#serp-title").get_text()
    assert title.endswith(" …") and "Microsoft Marketplace" not in title
    assert serp.select_one(".serp-url").get_text().startswith("marketplace.microsoft.com › en-us › product › saas")
    desc = serp.select_one("#serp-description").get_text()
    assert desc.startswith("Fabrikam FieldNotes replaces paper checklists") and desc.endswith(" …")
    # the error for the summary links to the field on the listing page
    review = soup(tmp_path / "out/offers/fabrikam-fieldnotes/review.html")
    link = review.select_one('li.diag[data-code="LP106"] a.diag-field')["href"]
    assert link == "index.html#field-listing-search-results-summary"


def test_review_states_and_diagnostic_links(site, tmp_path):
    offer = site / MSSP / "offer.toml"
    edit(offer, 'privacy_policy_link = "https://www.contoso-security.com/privacy"', "")
    edit(offer, 'categories = ["Security", "Monitoring & Diagnostics", "IT & Management Tools"]', "")
    edit(offer, 'terms_of_use_url = "https://www.contoso-security.com/legal/managed-services-terms"', "")
    edit(site / MSSP / "plans/premium.toml", 'tenant_id = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"', 'tenant_id = "x"')
    out = tmp_path / "out"
    build(site, out)
    page = out / "offers/contoso-sentinel-mssp/review.html"
    s = soup(page)
    states = {r["data-section"]: r["data-state"] for r in s.select("tr.section-row")}
    assert states == {"Offer setup": "Complete", "Properties": "Not started", "Offer listing": "Incomplete",
                      "Preview audience": "Complete", "Plan overview": "Incomplete"}
    assert s.select_one("h1 .state").get_text() == "Incomplete"
    links = {li["data-code"]: li.select_one("a.diag-field")["href"] for li in s.select("li.diag")}
    assert links["LP100"] == "index.html#field-listing-privacy-policy-link"
    assert links["LP602"] == "plans.html#plan-premium-24x7-field-technical-configuration-tenant-id"
    # the store's Details + support tab shows the categories, so the listing page has their anchor
    assert links["LP130"] == "index.html#field-properties-categories"
    for li in s.select("li.diag"):
        target, anchor = li.select_one("a.diag-field")["href"].split("#")
        assert soup(page.parent / target).find(id=anchor) is not None, (li["data-code"], target, anchor)
        assert li.select_one(".diag-loc").get_text().startswith("content/contoso-sentinel-mssp/")


def test_missing_and_invalid_images_render_placeholders(site, tmp_path):
    (site / FAB / "media/logo-large.png").unlink()
    (site / FAB / "media/screenshot-2.png").write_bytes(b"not an image")
    build(site, tmp_path / "out")
    s = soup(tmp_path / "out/offers/fabrikam-fieldnotes/index.html")
    assert s.select_one("#field-media-large-logo .placeholder").get_text() == "Large logo missing"
    assert s.select_one("#field-media-screenshots-1 .placeholder").get_text() == "Screenshot missing"
    assert len(s.select(".media-strip img")) == 2
    index = soup(tmp_path / "out/index.html")
    assert index.select(".tile-logo .placeholder")


def test_site_layouts_override_builtin_ones(site, tmp_path):
    (site / "layouts").mkdir()
    (site / "layouts/snippet.html").write_text('{% extends "base.html" %}{% block body %}<p id="custom">{{ view.page_title }}</p>{% endblock %}')
    (site / "assets").mkdir()
    (site / "assets/extra.css").write_text("body{}")
    build(site, tmp_path / "out")
    assert soup(tmp_path / "out/offers/fabrikam-fieldnotes/snippet.html").select_one("#custom").get_text() == \
        "Fabrikam FieldNotes - Microsoft Marketplace"
    assert (tmp_path / "out/assets/extra.css").is_file() and (tmp_path / "out/assets/style.css").is_file()


def test_publisher_text_is_escaped_everywhere(site, tmp_path):
    offer = site / FAB / "offer.toml"
    edit(offer, 'name = "Fabrikam FieldNotes"', 'name = "<script>alert(1)</script>"')
    edit(offer, 'caption = "An inspection checklist', 'caption = "\\"><img src=x onerror=alert(1)> An inspection checklist')
    build(site, tmp_path / "out")
    for page in (tmp_path / "out").rglob("*.html"):
        s = soup(page)
        scripts = s.find_all("script")
        assert [x.get("src", "").rsplit("/", 1)[-1] for x in scripts] == ["app.js"] and not scripts[0].string, page
        assert not [t for t in s.find_all(True) if any(a.startswith("on") for a in t.attrs)], page


def test_output_folder_safety(site, tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="not created by listingpreview"):
        build(site, foreign)
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    with pytest.raises(OutputError):
        build(site, site)


def test_failed_build_leaves_the_previous_site_whole(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (site / "layouts").mkdir()
    (site / "layouts/plans.html").write_text("{% if %}")
    with pytest.raises(LayoutError):
        build(site, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_removed_offer_pages_disappear(site, tmp_path):
    import shutil

    out = tmp_path / "out"
    build(site, out)
    shutil.rmtree(site / FAB)
    build(site, out)
    assert not (out / "offers/fabrikam-fieldnotes").exists()
    assert (out / "offers/contoso-sentinel-mssp/index.html").exists()


def test_rules_page_lists_codes_limits_and_sources(built):
    _, out, _ = built
    s = soup(out / "rules.html")
    row = s.find(id="LP104")
    text = row.get_text(" ")
    assert "name-length" in text and "[AD] plan-saas-offer.md (2022-08-02)" in text and "2020" in text
    assert len(s.select("table.rules > tbody > tr")) >= 60
