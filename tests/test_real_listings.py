"""Every real public listing imports and builds; its pages hold its real text; its real flaws are flagged."""

from __future__ import annotations

import json
import os
import re

import pytest
from bs4 import BeautifulSoup

from conftest import REAL
from listingpreview.importers.catalog import ImportProblem, import_file
from listingpreview.pipeline import build

FILES = sorted(REAL.glob("*.json")) + sorted(REAL.glob("maq/*.json"))
if not FILES and os.environ.get("CI"):
    raise RuntimeError("../shared/real-listings must be beside the project on CI")
# Records without a product type (or 'None'): refused, not guessed into an Azure Application.
UNTYPED = {"microsoft-resource-group.json", "bi-hub.json", "sku-optimization-12-week-proof-of-concept.json",
           "text-analytics-engine.json"}
pytestmark = pytest.mark.skipif(not FILES, reason="../shared/real-listings is not beside the project")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = tmp_path_factory.mktemp("real")
    folders = {}
    for f in FILES:
        if f.name in UNTYPED:
            continue
        folder, _ = import_file(f, site / "content")
        folders[f] = folder
    out = site / "_site"
    result = build(site, out)
    return site, out, result, folders


def test_all_import_and_build(imported):
    site, out, result, folders = imported
    assert len(FILES) == 47
    assert result.offers == len(set(folders.values())) == 47 - len(UNTYPED)
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("name", sorted(UNTYPED))
def test_records_without_a_product_type_are_refused(tmp_path, name):
    path = next(f for f in FILES if f.name == name)
    with pytest.raises(ImportProblem, match=r"\$\.productType is .*--type"):
        import_file(path, tmp_path)
    assert not any(tmp_path.iterdir())  # nothing half-written


@pytest.mark.parametrize("path", [f for f in FILES if f.name not in UNTYPED], ids=lambda p: p.stem)
def test_pages_hold_the_real_text(imported, path):
    site, out, _, folders = imported
    product = json.loads(path.read_text())
    slug = folders[path].name
    listing = BeautifulSoup((out / "offers" / slug / "index.html").read_text(), "html.parser")
    # a store page-title suffix copied with the record is not part of the name (the importer leaves it out)
    name = re.sub(r"\s+-\s+Microsoft Azure Marketplace$", "", product["displayName"].strip())
    assert listing.select_one("#field-listing-name").get_text(strip=True).startswith(name)
    if product.get("summary"):
        assert listing.select_one("#field-listing-search-results-summary").get_text(strip=True).startswith(
            " ".join(product["summary"].split())[:40])
    desc = (folders[path] / "description.md").read_text()
    assert desc == (product.get("description") or "")  # kept exactly
    for plan in product.get("plans") or []:
        plans_page = (out / "offers" / slug / "plans.html").read_text()
        name = plan["displayName"]
        assert BeautifulSoup(plans_page, "html.parser").find(string=lambda s, name=name: s and name in s)


def _diags(imported, stem):
    _, _, result, folders = imported
    slug = folders[next(f for f in FILES if f.stem == stem)].name
    return [d for d in result.diagnostics if d.offer == slug]


def test_over_long_summary_is_flagged(imported):
    d = [x for x in _diags(imported, "ml-forecasting-for-fmcg-4-week-proof-of-concept") if x.code == "LP106"]
    assert len(d) == 1 and d[0].field == "listing.search_results_summary" and "206 characters" in d[0].message


def test_logo_files_are_not_imported_rather_than_missing(imported):
    # The catalog has logo URLs, never files: one info line per offer names the logo, no LP301 error.
    _, _, result, folders = imported
    assert not [d for d in result.diagnostics if d.code == "LP301"]
    named = {d.offer for d in result.diagnostics if d.code == "LP090" and "media.large_logo" in d.message}
    assert named == {f.name for f in folders.values()}


def test_http_links_are_flagged(imported):
    fields = {x.field for x in _diags(imported, "cognosys-zurmo-on-ubuntu-14-04-lts") if x.code == "LP201"}
    # privacy policy and useful links must be https for this type; the support URL has no such rule (http allowed)
    assert {"listing.privacy_policy_link", "listing.useful_links[0].url"} <= fields
    assert "listing.support_contact.url" not in fields


def test_markup_outside_the_allowlist_is_flagged_with_its_line(imported):
    d = [x for x in _diags(imported, "thirddivisionlabs-campfire") if x.code == "LP115"]
    assert d and all(x.file.endswith("description.md") and x.line for x in d)


def test_consulting_summaries_use_the_consulting_limit(imported):
    # Consulting services allow 200 characters; the MAQ briefing summaries are within that.
    assert not [x for x in _diags(imported, "maqsoftware-migrate-tableau-to-power-bi-briefing") if x.code == "LP106"]


def test_private_plan_audience_is_not_imported(imported):
    # A private plan's audience is never public: named as not imported, not reported as a flaw.
    ds = _diags(imported, "thirddivisionlabs-campfire")
    assert not [x for x in ds if x.code == "LP510"]
    (info,) = [x for x in ds if x.code == "LP090"]
    assert "plans/enterprise.toml: plan.private_audience" in info.message
