"""Import that tells the truth: what the Catalog API record cannot carry is "not imported", never "empty"."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import REAL
from listingpreview.cli import main
from listingpreview.importers.catalog import ImportProblem, import_file
from listingpreview.pipeline import build, check_site

CONTOSO = REAL / "contoso-notification-services-docs-sample.json"
pytestmark = pytest.mark.skipif(not CONTOSO.exists(), reason="../shared/real-listings is not beside the project")

# What an import of the Contoso SaaS sample leaves out, as required-but-empty rules would report it.
EMPTY_CODES = {"LP100", "LP121", "LP130", "LP133", "LP301", "LP305", "LP401", "LP610"}


def _import(tmp_path, path, **kw):
    folder, notes = import_file(path, tmp_path / "content", **kw)
    return folder, notes


def _diags(site, slug=None):
    _, _, diags = check_site(site)
    return [d for d in diags if slug is None or d.offer == slug]


def test_not_imported_fields_are_one_info_line_not_errors(tmp_path):
    folder, _ = _import(tmp_path, CONTOSO)
    diags = _diags(tmp_path, folder.name)
    assert not [d for d in diags if d.code in EMPTY_CODES], [d.text() for d in diags if d.code in EMPTY_CODES]
    (info,) = [d for d in diags if d.code == "LP090"]
    assert info.severity == "info"
    assert re.match(r"20 fields were not in the Marketplace Catalog API 2025-05-01 record: ", info.message)
    for f in ("listing.support_contact.email", "media.large_logo", "technical_configuration.landing_page_url",
              "preview.audience", "setup.lead_destination"):
        assert f in info.message
    assert info.message.endswith("fill them in before you submit.")


def test_without_the_import_record_the_same_fields_are_errors_again(tmp_path):
    # The [import] table is what turns "empty" into "not imported": remove it and the errors come back.
    folder, _ = _import(tmp_path, CONTOSO)
    toml = folder / "offer.toml"
    text = toml.read_text()
    toml.write_text(text[: text.index("[import]")])
    diags = _diags(tmp_path, folder.name)
    assert {d.code for d in diags} >= {"LP100", "LP301", "LP610"}
    assert not [d for d in diags if d.code == "LP090"]


def test_a_filled_in_field_is_checked_as_usual(tmp_path):
    folder, _ = _import(tmp_path, CONTOSO)
    toml = folder / "offer.toml"
    inline = '[listing]\nsupport_contact = { email = "not-an-email" }\n'
    toml.write_text(toml.read_text().replace("[listing]\n", inline, 1)
                    .replace('[listing.support_contact]\nurl', '[listing.support_contact_x]\nurl'))
    data = tomllib.loads(toml.read_text())
    assert data["listing"]["support_contact"]["email"] == "not-an-email"
    diags = _diags(tmp_path, folder.name)
    assert [d.field for d in diags if d.code == "LP202"] == ["listing.support_contact.email"]
    (info,) = [d for d in diags if d.code == "LP090"]
    assert "listing.support_contact.email" not in info.message and "listing.support_contact.name" in info.message
    assert info.message.startswith("19 fields")


def test_real_flaws_stay_errors(tmp_path):
    """An http:// link is a flaw only where the offer type's docs require https (partner-center-rules.md, listing
    fields per type): an Azure Application's privacy policy and useful links must be https; an Azure VM's
    privacy policy is only 'required' and its useful links 'optional name + link'."""
    folder, _ = _import(tmp_path, REAL / "microsoft-script-lab.json")
    vm, _ = _import(tmp_path, REAL / "netapp-cloud-manager-connector.json")
    app, _ = _import(tmp_path, REAL / "cognosys-zurmo-on-ubuntu-14-04-lts.json")
    diags = _diags(tmp_path)
    assert 'url = "http://community.netapp.com/' in (vm / "offer.toml").read_text()  # imported as published
    assert [d for d in diags if d.code == "LP201" and d.offer == vm.name] == []
    assert [(d.field, d.severity) for d in diags if d.code == "LP201" and d.offer == app.name] == [
        ("listing.privacy_policy_link", "error"), ("listing.useful_links[0].url", "error")]
    assert [d.field for d in diags if d.severity == "error" and d.offer == folder.name] == []


def test_review_page_says_not_imported_and_keeps_real_errors_incomplete(tmp_path):
    quick = REAL / "biztech-mappyfield-365.json"  # over-long description: a real error in Offer listing
    a, _ = _import(tmp_path, CONTOSO)
    b, _ = _import(tmp_path, quick)
    build(tmp_path, tmp_path / "_site")

    def states(folder):
        page = BeautifulSoup((tmp_path / "_site" / "offers" / folder.name / "review.html").read_text(), "html.parser")
        return {r["data-section"]: r["data-state"] for r in page.select("tr.section-row")}

    sa, sb = states(a), states(b)
    assert sa["Offer listing"] == sa["Technical configuration"] == sa["Preview audience"] == "Not imported"
    assert sa["Plan overview"] == "Complete"  # prices and meters are all in the record
    assert sb["Offer listing"] == "Incomplete"
    assert sb["Properties"] == "Not imported"  # no categoryIds in that record


def test_offer_and_publisher_id_come_from_the_record(tmp_path):
    src = tmp_path / "some-file-name.json"
    src.write_text(json.dumps({"displayName": "X", "offerId": "contoso-x", "publisherId": "contoso",
                               "productType": "SaaS", "summary": "s"}))
    folder, _ = _import(tmp_path, src)
    data = tomllib.loads((folder / "offer.toml").read_text())
    assert folder.name == "contoso-x"
    assert data["offer"]["id"] == "contoso-x" and data["offer"]["publisher_id"] == "contoso"


def test_helloworld_ids_from_record_not_from_its_odd_unique_id(tmp_path):
    folder, _ = _import(tmp_path, REAL / "microsoftdynsmb-helloworld-bc-transactable.json")
    data = tomllib.loads((folder / "offer.toml").read_text())
    assert (data["offer"]["id"], data["offer"]["publisher_id"]) == ("helloworld", "microsoftdynsmb")


def test_no_product_type_is_an_error_and_type_gives_one(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps({"displayName": "Briefing", "offerId": "briefing", "summary": "s"}))
    with pytest.raises(ImportProblem, match=r"\$\.productType is missing"):
        _import(tmp_path, src)
    r = CliRunner().invoke(main, ["import", str(src), "-o", str(tmp_path / "c")])
    assert r.exit_code == 1 and "--type" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["import", str(src), "-o", str(tmp_path / "c"), "--type", "consulting-service"])
    assert r.exit_code == 0, r.output
    assert tomllib.loads((tmp_path / "c/briefing/offer.toml").read_text())["offer"]["type"] == "consulting-service"


def test_categories_and_industries_mapped_with_keys_kept_unknown_reported(tmp_path):
    src = tmp_path / "p.json"
    src.write_text(json.dumps({"displayName": "X", "offerId": "xx-offer", "productType": "SaaS", "summary": "s",
                               "categoryIds": ["bigData", "azureCertified", "Productivity > Content & Files"],
                               "industryIds": ["HealthCareandLifeSciences", "Technology"]}))
    folder, notes = _import(tmp_path, src)
    props = tomllib.loads((folder / "offer.toml").read_text())["properties"]
    assert props["categories"] == ["Analytics", "Productivity"]
    assert props["category_keys"] == ["bigData", "azureCertified", "Productivity > Content & Files"]
    assert props["industries"] == ["Healthcare"]
    assert props["industry_keys"] == ["HealthCareandLifeSciences", "Technology"]
    assert any("azureCertified" in n for n in notes) and any("Technology" in n for n in notes)


def test_store_facts_ratings_badges_and_logo_urls_are_kept(tmp_path):
    folder, _ = _import(tmp_path, REAL / "zoomcharts-drill-down-combo-pro.json")
    data = tomllib.loads((folder / "offer.toml").read_text())
    assert data["store"]["rating_average"] == 5.0 and data["store"]["rating_count"] == 10
    assert data["store"]["badges"] == ["PowerBICertified"]
    netapp, _ = _import(tmp_path, REAL / "netapp-cloud-manager-connector.json")
    media = tomllib.loads((netapp / "offer.toml").read_text())["media"]
    product = json.loads((REAL / "netapp-cloud-manager-connector.json").read_text())
    assert media["large_logo_url"] == product["largeIconUri"]
    assert media["videos"][0]["thumbnail_url"] == product["videos"][0]["previewImage"]["uri"]


def test_plans_keep_prices_meters_and_included_quantities(tmp_path):
    folder, _ = _import(tmp_path, CONTOSO)
    premium = tomllib.loads((folder / "plans" / "premium.toml").read_text())
    assert [(t["term"], t["price"]) for t in premium["pricing"]["billing_terms"]] == [("1-month", 350.0),
                                                                                     ("1-year", 3500.0)]
    assert [(m["unit"], m["price"]) for m in premium["pricing"]["metered_dimensions"]] == [
        ("per 100 emails", 0.5), ("per text message", 0.01)]
    camp, _ = _import(tmp_path, REAL / "thirddivisionlabs-campfire.json")
    pro = tomllib.loads((camp / "plans" / "pro.toml").read_text())
    assert pro["pricing"]["metered_dimensions"][0]["included"] == 50000
    build(tmp_path, tmp_path / "_site")
    page = (tmp_path / "_site" / "offers" / folder.name / "plans.html").read_text()
    assert "Pricing not set" not in page and "$350.00/month" in page


def test_free_trial_terms_are_not_billing_terms(tmp_path):
    folder, _ = _import(tmp_path, REAL / "microsoftdynsmb-helloworld-bc-transactable.json")
    plan = tomllib.loads((folder / "plans" / "transactableplan1.toml").read_text())
    assert [t["price"] for t in plan["pricing"]["billing_terms"]] == [0.02, 0.01]


def test_store_page_title_suffix_is_not_part_of_the_listing_name(tmp_path):
    # maq/ records were copied from browser tabs: "… - Microsoft Azure Marketplace" is the page title, not the name.
    record = REAL / "maq" / "knowledge-bot-for-finance-6-week-proof-of-concept.json"
    folder, notes = import_file(record, tmp_path / "content")
    data = tomllib.loads((folder / "offer.toml").read_text())
    assert data["listing"]["name"] == "Knowledge bot for finance: 6-Week Proof of concept"
    assert data["offer"]["alias"] == data["listing"]["name"]
    assert any("page title" in n and "Microsoft Azure Marketplace" in n for n in notes)
    _, _, diags = check_site(tmp_path)
    assert not [d for d in diags if d.code == "LP920"]  # the title follows "Name: Duration Type" once the suffix is gone


def test_a_name_that_merely_mentions_the_marketplace_is_kept(tmp_path):
    record = json.loads((REAL / "maq" / "bi-hub.json").read_text())
    record["displayName"] = "Microsoft Marketplace"
    src = tmp_path / "bi-hub.json"
    src.write_text(json.dumps(record))
    folder, _ = import_file(src, tmp_path / "content", type_override="power-bi-app")
    assert tomllib.loads((folder / "offer.toml").read_text())["listing"]["name"] == "Microsoft Marketplace"
