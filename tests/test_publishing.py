"""Publishing, Licensing and Resellers pages: built from real content, read back as HTML."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import tomli
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import SHARED, edit
from listingpreview import cta, publishing
from listingpreview.cli import main
from listingpreview.pipeline import build
from listingpreview.scaffold import draw_logo, draw_screenshot

FRIDAY = date(2026, 12, 4)

VM_OFFER = '''[offer]
id = "contoso-hardened-nginx"
alias = "Contoso hardened NGINX"
type = "azure-virtual-machine"
publisher = "Contoso"
publisher_id = "contoso"

[setup]
test_drive = {test_drive}
lead_destination = "https-endpoint"
lead_contact_email = "leads@contoso.com"

[listing]
name = "Contoso Hardened NGINX"
search_results_summary = "NGINX on a CIS-hardened Ubuntu image, patched monthly."
short_description = "A hardened NGINX web server image."

[media]
large_logo = "media/logo.png"

[[media.screenshots]]
file = "media/shot.png"
caption = "The status page."
'''

VM_PLAN = '''[plan]
id = "standard"
name = "Standard"
summary = "One VM with NGINX."
description = "NGINX on Ubuntu 22.04."

[pricing]
model = "usage-based"
price_per_hour = 0.05
'''

SEED_004_STEPS = ["Validate prerequisites", "Test drive validation (optional)", "Certification", "Provisioning",
                  "Packaging and lead generation registration", "Publisher sign-off", "Provisioning", "Live"]
SEED_003_STEPS = ["Validate prerequisites", "Certification", "Packaging", "Publisher sign-off",
                  "Packaging (replication)", "Live"]


def page(out: Path, slug: str, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / "offers" / slug / name).read_text(encoding="utf-8"), "html.parser")


def timeline(soup: BeautifulSoup, key: str):
    section = soup.select_one(f"section#timeline-{key}")
    assert section is not None, f"no timeline {key}"
    steps = [(tr.th.get_text(strip=True), tr.select_one("td.duration").get_text(strip=True))
             for tr in section.select("tr.step")]
    return section, steps


def vm_site(root: Path, test_drive: bool = True) -> Path:
    folder = root / "site/content/hardened-nginx"
    (folder / "plans").mkdir(parents=True)
    (folder / "offer.toml").write_text(VM_OFFER.format(test_drive=str(test_drive).lower()), encoding="utf-8")
    (folder / "plans/standard.toml").write_text(VM_PLAN, encoding="utf-8")
    (folder / "description.md").write_text("A hardened **NGINX** image.", encoding="utf-8")
    draw_logo(folder / "media/logo.png", (300, 300), ("#004578", "#50e6ff"))
    draw_screenshot(folder / "media/shot.png", "Status", "#004578", (1280, 720))
    return root / "site"


# ------------------------------------------------------------------------------------------ working days


@pytest.mark.parametrize(("start", "n", "expected"), [
    (date(2026, 12, 4), 1, date(2026, 12, 7)),     # Friday + 1 -> Monday
    (date(2026, 12, 5), 1, date(2026, 12, 7)),     # Saturday + 1 -> Monday
    (date(2026, 12, 6), 1, date(2026, 12, 7)),     # Sunday + 1 -> Monday
    (date(2026, 12, 3), 2, date(2026, 12, 7)),     # Thursday + 2 -> Monday
    (date(2026, 12, 4), 10, date(2026, 12, 18)),   # two whole weeks
    (date(2026, 12, 7), 0, date(2026, 12, 7)),
])
def test_working_days_skip_weekends(start, n, expected):
    assert publishing.add_working_days(start, n) == expected


def test_estimates_count_working_days_only_where_the_source_does():
    saturday = date(2026, 12, 5)
    ce = publishing.estimate(publishing.CE_2018, saturday)
    assert (ce.earliest, ce.latest) == (saturday, date(2026, 12, 18))  # 10 working days from a Saturday
    vm = publishing.estimate(publishing.VM_2018, saturday)
    assert vm.latest == date(2026, 12, 21)  # 16 calendar days
    assert publishing.estimate(publishing.CURRENT, saturday).latest is None  # no total stated


# ------------------------------------------------------------------------------------------ pages


def test_vm_offer_shows_the_2018_virtual_machine_steps_and_16_days(tmp_path):
    out = tmp_path / "out"
    build(vm_site(tmp_path), out, submit_date=FRIDAY)
    soup = page(out, "hardened-nginx", "publishing.html")
    section, steps = timeline(soup, "vm-2018")
    assert [name for name, _ in steps] == SEED_004_STEPS
    assert dict(steps)["Test drive validation (optional)"] == "2 hours"
    assert [d for n, d in steps if n == "Provisioning"] == ["4 days", "4 days"]
    assert section.select_one(".total-value").get_text() == "up to 16 days"
    assert "2018-08-17" in section.get_text()  # the source's date
    assert soup.select_one("section#timeline-d365-ce-2018") is None
    row = soup.select_one('#estimates tr[data-timeline="vm-2018"]')
    assert row.select_one(".latest time")["datetime"] == "2026-12-20"  # Friday + 16 calendar days
    # the current phases list the test drive steps because the offer has one
    _, current = timeline(soup, "current")
    assert "Test drive data validation" in dict(current)
    # the page is in the offer navigation of every page
    nav = page(out, "hardened-nginx", "index.html").select_one("nav.lp-offer-nav")
    assert [a["href"] for a in nav.select("a")][-2:] == ["publishing.html", "resellers.html"]


def test_vm_offer_without_test_drive_has_no_test_drive_step(tmp_path):
    out = tmp_path / "out"
    build(vm_site(tmp_path, test_drive=False), out, submit_date=FRIDAY)
    _, steps = timeline(page(out, "hardened-nginx", "publishing.html"), "vm-2018")
    assert [name for name, _ in steps] == [s for s in SEED_004_STEPS if "Test drive" not in s]


def test_dataverse_sample_shows_the_2018_steps_service_ids_and_the_4_to_6_hours(site, tmp_path):
    out = tmp_path / "out"
    build(site, out, submit_date=FRIDAY)
    slug = "northwind-service-scheduler"
    soup = page(out, slug, "publishing.html")
    section, steps = timeline(soup, "d365-ce-2018")
    assert [name for name, _ in steps] == SEED_003_STEPS
    assert dict(steps)["Certification"] == "1 week"
    assert section.select_one(".total-value").get_text() == "up to 10 working days"
    row = soup.select_one('#estimates tr[data-timeline="d365-ce-2018"]')
    assert row.select_one(".latest time")["datetime"] == "2026-12-18"  # 10 working days after a Friday
    go_live_section, go_live = timeline(soup, "license-management-2021")
    assert dict(go_live)["Go live"] == "4-6 hours"
    assert "4-6 hours after Go live" in go_live_section.get_text()

    plans = {p.stem: tomli.loads(p.read_text()) for p in (site / "content" / slug / "plans").glob("*.toml")}
    shown = {tr["data-plan"]: tr.select_one("input.service-id")["value"]
             for tr in soup.select("table.service-ids tr[data-plan]")}
    assert shown == {p["plan"]["id"]: p["plan"]["service_id"] for p in plans.values()}
    assert soup.select_one(".base-license-model").get_text() == "User"
    # the buttons of this offer's check boxes are the ones its listing page shows
    current = soup.select_one("table.license-buttons tr.current")
    listing = [b.get_text(strip=True) for b in page(out, slug, "index.html").select(".cta-row .btn")]
    assert current.select("td")[2].get_text(" ", strip=True).startswith(", ".join(listing))
    assert listing == [cta.GET_IT_NOW, cta.CONTACT_ME]
    assert "Manage licenses" in soup.select_one("ol.deal-registration").get_text()
    # Dataverse apps are not resold through CSPs
    assert not (out / "offers" / slug / "resellers.html").exists()


def test_missing_service_id_and_package_url_say_where_to_add_them(site, tmp_path):
    plan = site / "content/northwind-service-scheduler/plans/technician.toml"
    edit(plan, 'service_id = "northwind-scheduler-technician"\n', "")
    # The sample offer now has its CRM package URL (LP127 requires it with license management): take it out.
    edit(site / "content/northwind-service-scheduler/offer.toml",
         'crm_package_url = "https://packages.northwindtraders.com/appsource/ServiceScheduler_1_0_0_0.zip"\n', "")
    out = tmp_path / "out"
    result = build(site, out)
    soup = page(out, "northwind-service-scheduler", "publishing.html")
    missing = soup.select_one('table.service-ids tr[data-plan="technician"] .missing').get_text(" ", strip=True)
    assert "service_id" in missing and "technician.toml" in missing
    assert "crm_package_url" in soup.select_one(".package-url .missing").get_text()
    # The check says the same as the page.
    assert "technical_configuration.crm_package_url" in {d.field for d in result.diagnostics if d.code == "LP127"}


def test_dataverse_without_license_management_has_no_licensing_section(site, tmp_path):
    offer = site / "content/northwind-service-scheduler/offer.toml"
    edit(offer, "license_management = true\nallow_install_without_license = true\n", 'listing_option = "contact-me"\n')
    out = tmp_path / "out"
    build(site, out)
    soup = page(out, "northwind-service-scheduler", "publishing.html")
    assert soup.select_one("#licensing") is None
    assert soup.select_one("section#timeline-license-management-2021") is None
    assert [n for n, _ in timeline(soup, "d365-ce-2018")[1]] == SEED_003_STEPS


def test_saas_sample_sold_through_microsoft_has_a_resellers_page_with_the_activation_link(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    slug = "fabrikam-fieldnotes"
    data = tomli.loads((site / "content" / slug / "offer.toml").read_text())
    assert data["setup"]["sell_through_microsoft"] is True
    soup = page(out, slug, "resellers.html")
    assert soup.select_one(".csp-option").get_text() == "Any partner in the CSP program"
    assert "Illustration" in soup.select_one(".illustration-note").get_text()
    rows = soup.select("tr.subscription-row")
    assert {r["data-plan"] for r in rows} == {"starter", "team", "enterprise"}
    landing = data["technical_configuration"]["landing_page_url"]
    for r in rows:
        link = r.select_one("a.activation-link")
        assert link.get_text() == "Go to publisher's site" and link["href"] == landing
        assert "Action needed" in r.select_one(".status").get_text()
    # only the per-user plan has an editable number of licenses
    editable = [d["data-plan"] for d in soup.select(".subscription-detail") if d.select_one("input.quantity")]
    assert editable == ["starter"]
    assert all(d.select_one("input.auto-renew").has_attr("checked") for d in soup.select(".subscription-detail"))
    assert len(soup.select("input.mpn-id")) == 3
    starter = soup.select_one("#subscription-starter")
    windows = {c["data-term"]: c.get_text(" ", strip=True) for c in starter.select(".cancellation")}
    assert set(windows) == {"1-month", "1-year"}
    assert "72 hours" in windows["1-month"] and "24 hours" in windows["1-month"] and "14 days" in windows["1-year"]
    assert "new-commerce-cancellation-policy" in windows["1-month"]  # every window names its source
    assert soup.select_one("a.activation-link") is not None
    assert "resellers.html" in [a["href"] for a in page(out, slug, "review.html").select("nav.lp-offer-nav a")]


def test_offer_not_resold_shows_no_partner_view(site, tmp_path):
    offer = site / "content/fabrikam-fieldnotes/offer.toml"
    edit(offer, 'resell_through_csps = "all"', 'resell_through_csps = "none"')
    out = tmp_path / "out"
    build(site, out)
    soup = page(out, "fabrikam-fieldnotes", "resellers.html")
    assert soup.select_one(".csp-option").get_text() == "No partners in the CSP program"
    assert soup.select_one("a.activation-link") is None and soup.select_one(".not-resold") is not None


def test_specific_partners_and_an_unsafe_landing_page(site, tmp_path):
    offer = site / "content/fabrikam-fieldnotes/offer.toml"
    edit(offer, 'resell_through_csps = "all"',
         'resell_through_csps = "specific-partners"\ncsp_partners = ["5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f"]')
    edit(offer, 'landing_page_url = "https://app.fabrikam.com/marketplace/landing"',
         'landing_page_url = "javascript:alert(1)"')
    out = tmp_path / "out"
    build(site, out)
    html = (out / "offers/fabrikam-fieldnotes/resellers.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".csp-option").get_text() == "Specific partners in the CSP program I select"
    assert "5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f" in soup.select_one("dd#field-reseller-csp-partners").get_text()
    assert soup.select_one("a.activation-link") is None and "javascript:" not in str(soup.select("a"))


def test_listing_only_saas_has_no_resellers_page(site, tmp_path):
    offer = site / "content/fabrikam-fieldnotes/offer.toml"
    edit(offer, "sell_through_microsoft = true", 'sell_through_microsoft = false\nlisting_option = "contact-me"')
    out = tmp_path / "out"
    build(site, out)
    assert not (out / "offers/fabrikam-fieldnotes/resellers.html").exists()
    nav = page(out, "fabrikam-fieldnotes", "index.html").select_one("nav.lp-offer-nav")
    assert "resellers.html" not in [a["href"] for a in nav.select("a")]


def test_every_rule_link_on_the_publishing_pages_exists(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    rule_ids = {tr["id"] for tr in BeautifulSoup((out / "rules.html").read_text(), "html.parser").select("tr[id]")}
    seen = 0
    for html in out.glob("offers/*/publishing.html"):
        for a in BeautifulSoup(html.read_text(), "html.parser").select('a[href^="../../rules.html#"]'):
            assert a["href"].split("#")[1] in rule_ids
            seen += 1
    assert seen > 10
    # rules that cannot apply are not claimed: the SaaS technical configuration rule is not on a Dataverse page
    assert "LP610" not in page(out, "northwind-service-scheduler", "publishing.html").get_text()
    assert "LP610" in page(out, "fabrikam-fieldnotes", "publishing.html").get_text()


def test_no_submit_date_no_estimate_unless_source_date_epoch(site, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(site, tmp_path / "a")
    soup = page(tmp_path / "a", "fabrikam-fieldnotes", "publishing.html")
    assert soup.select_one("#estimates") is None and soup.select_one(".no-estimate") is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764892800")  # 2025-12-05, a Friday
    build(site, tmp_path / "b")
    soup = page(tmp_path / "b", "northwind-service-scheduler", "publishing.html")
    assert soup.select_one("#go-live time")["datetime"] == "2025-12-05"
    assert soup.select_one('#estimates tr[data-timeline="d365-ce-2018"] .latest time')["datetime"] == "2025-12-19"


def test_cli_submit_date(site, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    runner = CliRunner()
    bad = runner.invoke(main, ["build", str(site), "-o", str(tmp_path / "bad"), "--submit-date", "2026-13-01"])
    assert bad.exit_code == 2 and "--submit-date" in bad.output and "2026-13-01" in bad.output
    assert not (tmp_path / "bad").exists()
    ok = runner.invoke(main, ["build", str(site), "-o", str(tmp_path / "ok"), "--submit-date", "2026-12-04", "-q"])
    assert ok.exit_code == 0, ok.output
    soup = page(tmp_path / "ok", "northwind-service-scheduler", "publishing.html")
    assert soup.select_one("#go-live time")["datetime"] == "2026-12-04"


def test_publishing_facts_page_lists_every_timeline_with_a_dated_source(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    soup = BeautifulSoup((out / "publishing-facts.html").read_text(), "html.parser")
    keys = [s["data-timeline"] for s in soup.select("section.timeline")]
    assert keys == [t.key for t in publishing.TIMELINES]
    for s in soup.select("section.timeline"):
        assert re.search(r"\(\d{4}-\d{2}-\d{2}\)", s.get_text()), s["data-timeline"]
    text = soup.get_text(" ")
    for words in ("up to 16 days", "up to 10 working days", "4-6 hours", "Any partner in the CSP program",
                  "resellerChannelState", "72 hours", "14 days", "24 hours", "Notes for certification"):
        assert words in text, words


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs the shared seeds")
def test_step_tables_match_the_seeds():
    """The durations are the seeds' own: 15 min / 1 week / 1 h / 1 h / 4 days (003); 15 min ... 4 days (004)."""
    seed3 = next((SHARED / "seeds").glob("003_*.txt")).read_text(encoding="utf-8")
    seed4 = next((SHARED / "seeds").glob("004_*.txt")).read_text(encoding="utf-8")
    assert "Wacht tot 10 werkdagen" in seed3 and publishing.CE_2018.total_days == 10 and publishing.CE_2018.working_days
    assert "Maxi maal 16 dagen" in seed4 and publishing.VM_2018.total_days == 16 and not publishing.VM_2018.working_days
    durations3 = re.findall(r"^\|[^|]+\|\s*([^|]+?)\s*\|", seed3, re.M)[2:]
    assert [d.strip() for d in durations3 if d.strip()] == ["15 min", "1 week", "1 uur", "-", "1 uur", "4 dagen"]
    assert [s.duration.max_minutes for s in publishing.CE_2018.steps] == [15, 7 * 24 * 60, 60, None, 60, 4 * 24 * 60]
    durations4 = re.findall(r"^\|[^|]+\|\s*([^|]+?)\s*\|", seed4, re.M)[2:]
    assert [d.strip() for d in durations4 if d.strip()] == ["15 minuten", "2 uur", "3 dagen", "vier dagen",
                                                            "\\< 1 uur", "-", "vier dagen", "vier dagen"]
    assert [s.duration.max_minutes for s in publishing.VM_2018.steps] == [15, 120, 3 * 1440, 4 * 1440, 60, None,
                                                                         4 * 1440, 4 * 1440]


def test_reseller_settings_partner_center_cannot_take_are_reported(site, tmp_path):
    from conftest import diagnostics, line_of

    mssp = site / "content/contoso-sentinel-mssp/offer.toml"
    mssp.write_text(mssp.read_text() + '\n[reseller]\nresell_through_csps = "all"\n', encoding="utf-8")
    saas = site / "content/fabrikam-fieldnotes/offer.toml"
    edit(saas, 'resell_through_csps = "all"', 'resell_through_csps = "specific-partners"\ncsp_partners = ["contoso"]')
    found = [d for d in diagnostics(site) if d.code == "LP720"]
    by_offer = {(d.offer, d.field): d for d in found}
    d = by_offer[("contoso-sentinel-mssp", "reseller.resell_through_csps")]
    assert d.severity == "warning" and "Managed Service offers cannot be resold" in d.message
    assert d.line == line_of(mssp, 'resell_through_csps = "all"') and "cloud-solution-providers.md" in d.source
    bad = by_offer[("fabrikam-fieldnotes", "reseller.csp_partners[0]")]
    assert "'contoso' is not an Azure AD tenant ID" in bad.message and bad.line == line_of(saas, "csp_partners")
    assert len(found) == 2
    # the review page lists it, and the Resellers page marks the setting
    out = tmp_path / "out"
    build(site, out)
    review = page(out, "contoso-sentinel-mssp", "review.html")
    assert [r["data-state"] for r in review.select('tr[data-section="Resell through CSPs"]')] == ["Complete"]
    assert review.select_one('li.diag[data-code="LP720"]') is not None
