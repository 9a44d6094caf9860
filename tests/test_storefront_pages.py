"""The Microsoft Marketplace storefront (latest) and the legacy stores (2020), read from the built HTML."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import edit
from listingpreview.pipeline import build

FAB, MSSP, NW = "content/fabrikam-fieldnotes", "content/contoso-sentinel-mssp", "content/northwind-service-scheduler"


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from conftest import CONTENT, ROOT

    site = tmp_path_factory.mktemp("store") / "site"
    shutil.copytree(CONTENT, site / "content")
    shutil.copy(ROOT / "listingpreview.toml", site / "listingpreview.toml")
    out = site.parent / "out"
    build(site, out)
    return site, out


def test_store_urls_per_offer_type(built):
    _, out = built
    urls = {slug: soup(out / "offers" / slug / "index.html").select_one("#store-url").get_text()
            for slug in ("contoso-sentinel-mssp", "fabrikam-fieldnotes", "northwind-service-scheduler")}
    assert urls == {  # storefront-2025.md §1 slug table; managed services: the slug-less form
        "contoso-sentinel-mssp": "https://marketplace.microsoft.com/en-us/product/contososecurity.contoso-sentinel-mssp?tab=Overview",
        "fabrikam-fieldnotes": "https://marketplace.microsoft.com/en-us/product/saas/fabrikaminc.fabrikam-fieldnotes?tab=Overview",
        "northwind-service-scheduler": "https://marketplace.microsoft.com/en-us/product/dynamics-365/"
                                       "northwindtraders.nw-service-scheduler?tab=Overview"}
    plans = soup(out / "offers/fabrikam-fieldnotes/plans.html").select_one("#store-url").get_text()
    assert plans.endswith("fabrikaminc.fabrikam-fieldnotes?tab=PlansAndPrice")


def test_header_pricing_line_and_one_tile_style(built):
    _, out = built
    s = soup(out / "offers/fabrikam-fieldnotes/index.html")
    # cheapest per month: $96/year per user beats $9/month per user
    assert s.select_one(".pricing-line").get_text() == "Free trial · Starting at $96.00/year per user"
    assert s.select_one(".header-rating").get_text(" ", strip=True) == "★★★★★ No ratings yet"  # no invented rating
    index = soup(out / "index.html")
    assert len(index.select(".tile")) == 3 and len(index.select(".tile-mm")) == 3
    tiles = soup(out / "offers/fabrikam-fieldnotes/tiles.html")
    assert len(tiles.select(".tile")) == 1 and not tiles.select(".tile-azure, .tile-appsource")


def test_buyer_plans_table_has_no_partner_center_fields(built):
    _, out = built
    s = soup(out / "offers/fabrikam-fieldnotes/plans.html")
    table = s.select_one("#plans-table")
    assert [th.get_text() for th in table.find("thead").find_all("th")] == ["Plan", "Description", "Price"]
    rows = {r.th.get_text(): r.find_all("td", recursive=False)[-1].get_text(" ", strip=True)
            for r in table.select("tr.plan-row")}
    assert rows["Starter"] == "$9.00/month per user; $96.00/year per user"
    assert rows["Team"] == "$4,800.00/year, paid monthly"
    assert rows["Enterprise"].startswith("$24,000.00/year")
    text = table.get_text()
    for raw in ("1-month", "upfront", "Visibility", "Plan ID"):
        assert raw not in text
    # the Partner Center details stay, as an annotation only
    assert s.select_one(".pc-plans.lp-annot #plan-starter")
    mssp = soup(out / "offers/contoso-sentinel-mssp/plans.html")
    assert "authorizations" not in str(mssp.select_one("#plans-table"))
    assert mssp.select_one(".pc-plans.lp-annot table.authorizations")


def test_dataverse_listing_and_review_page_agree(built):
    """The licensing plans have no price and the offer has no legal terms, and no rule says either is
    required (LP133 covers other types; Dataverse plans are priced outside Partner Center): no red."""
    _, out = built
    review = soup(out / "offers/northwind-service-scheduler/review.html")
    assert review.select_one("h1 .state").get_text() == "Complete"
    for page in ("index.html", "plans.html", "tiles.html", "snippet.html"):
        s = soup(out / "offers/northwind-service-scheduler" / page)
        assert not s.select(".missing, .mark-error"), page
        assert "Pricing not set" not in s.get_text() and "No terms" not in s.get_text()
    plans = soup(out / "offers/northwind-service-scheduler/plans.html")
    assert [th.get_text() for th in plans.select("#plans-table thead th")] == ["Plan", "Description"]


def test_red_gaps_are_review_diagnostics(site, tmp_path):
    edit(site / MSSP / "offer.toml", 'privacy_policy_link = "https://www.contoso-security.com/privacy"', "")
    terms = 'terms_of_use_url = "https://www.contoso-security.com/legal/managed-services-terms"'
    edit(site / MSSP / "offer.toml", terms, "")
    build(site, tmp_path / "out")
    folder = tmp_path / "out/offers/contoso-sentinel-mssp"
    fields = {li.select_one("a.diag-field").get_text() for li in soup(folder / "review.html").select("li.diag")}
    shown = soup(folder / "index.html").select(".missing")
    assert {m["data-field"] for m in shown} == {"listing.privacy_policy_link", "properties.terms_of_use"}
    for m in shown:
        assert m["data-field"] in fields
        assert "lp-annot" in m["class"]  # hidden in the buyer view


def test_buy_now_and_request_private_offer(tmp_path):
    from conftest import ROOT
    from listingpreview.scaffold import draw_logo

    site = tmp_path / "site"
    visual = site / "content/visual"
    visual.mkdir(parents=True)
    (visual / "offer.toml").write_text('''[offer]
id = "globe-visual"
type = "power-bi-visual"
publisher = "Contoso"
publisher_id = "contoso"
[setup]
license_management = true
[listing]
name = "Globe visual"
search_results_summary = "Maps on a globe."
[media]
large_logo = "media/logo.png"
''')
    (visual / "description.md").write_text("A globe.")
    draw_logo(visual / "media/logo.png", (300, 300), ("#004578", "#50e6ff"))
    import shutil

    shutil.copytree(ROOT / "content/fabrikam-fieldnotes", site / "content/fabrikam-fieldnotes")
    (site / "listingpreview.toml").write_text("[site]\nrequest_private_offer = true\n")
    build(site, tmp_path / "out")
    page = soup(tmp_path / "out/offers/visual/index.html")
    assert [b.get_text() for b in page.select(".cta-row .btn")] == ["Buy now"]
    assert page.select_one("#store-url").get_text().startswith(
        "https://marketplace.microsoft.com/en-us/product/power-bi-visuals/contoso.globe-visual")
    fab = soup(tmp_path / "out/offers/fabrikam-fieldnotes/index.html")
    assert [b.get_text() for b in fab.select(".cta-row .btn")] == ["Get it now", "Free trial", "Request private offer"]
    (site / "listingpreview.toml").write_text("[site]\n")  # off by default
    build(site, tmp_path / "out2")
    assert "Request private offer" not in (tmp_path / "out2/offers/fabrikam-fieldnotes/index.html").read_text()


def test_2020_keeps_the_two_stores(site, tmp_path):
    build(site, tmp_path / "out", edition="2020")
    folder = tmp_path / "out/offers"
    mssp = soup(folder / "contoso-sentinel-mssp/index.html")
    assert mssp.select_one(".store-brand").get_text() == "Azure Marketplace"
    fab = soup(folder / "fabrikam-fieldnotes/index.html")
    assert fab.select_one(".store-brand").get_text() == "Microsoft AppSource"
    assert fab.title.get_text() == "Fabrikam FieldNotes - Microsoft AppSource"
    assert [t.get_text() for t in fab.select(".tabs .tab")] == ["Overview", "Plans + Pricing"]
    assert len(soup(folder / "fabrikam-fieldnotes/tiles.html").select(".tile")) == 2
    assert not (folder / "fabrikam-fieldnotes/portal.html").exists()


def test_portal_views_only_for_portal_types(built):
    _, out = built
    portal = soup(out / "offers/contoso-sentinel-mssp/portal.html")
    logo = portal.select_one("#portal-tile img")
    assert (logo["width"], logo["height"]) == ("90", "90")
    assert (out / "offers/contoso-sentinel-mssp" / logo["src"]).is_file()
    assert [b.get_text() for b in portal.select(".portal-plan .btn")] == ["Create"]
    assert [o.get_text() for o in portal.select("#portal-plan option")] == [
        "Essentials — Bring your own license", "Premium-24x7 — Bring your own license"]
    saas = soup(out / "offers/fabrikam-fieldnotes/portal.html")
    assert saas.select_one(".portal-plan .btn").get_text() == "Set up + subscribe"
    assert not (out / "offers/northwind-service-scheduler/portal.html").exists()  # AppSource-only type


def test_search_page_lists_every_offer_with_filters(built):
    _, out = built
    s = soup(out / "search.html")
    assert len(s.select("li.result")) == 3
    assert s.select_one("#result-count").get_text() == "3 results"
    legends = [f.legend.get_text() for f in s.select("#filters fieldset")]
    assert legends == ["Product type", "Pricing model", "Trials", "Categories", "Industries"]
    assert s.select_one('input[name="category"][value="Security"]')
