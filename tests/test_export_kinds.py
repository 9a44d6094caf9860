"""Offer types no source names a listing ``kind`` for, and the ``reseller`` resource, in ``export --format configure``
and back through ``import``."""

from __future__ import annotations

import copy
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingpreview import ingestion_map as im
from listingpreview.cli import main
from listingpreview.export import export_site, validate
from listingpreview.importers.ingestion import import_tree, tree_to_content
from listingpreview.names import OFFER_TYPES

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://preview.contoso.example/site"


def _site(tmp_path: Path, *offers: str) -> Path:
    for name in offers:
        shutil.copytree(ROOT / "content" / name, tmp_path / "content" / name)
    shutil.copy(ROOT / "listingpreview.toml", tmp_path / "listingpreview.toml")
    return tmp_path


def by_type(body: dict, rtype: str) -> list[dict]:
    return [r for r in body["resources"] if im.parse_schema_uri(r["$schema"])[0] == rtype]


@pytest.fixture(scope="module")
def mssp(tmp_path_factory):
    """The managed-service sample exported with derived kinds: (body, stderr of the CLI)."""
    site = _site(tmp_path_factory.mktemp("mssp"), "contoso-sentinel-mssp")
    r = CliRunner().invoke(main, ["export", str(site), "-o", str(site / "out.json"), "--undocumented-kinds",
                                  "derive", "--asset-base-url", BASE_URL])
    assert r.exit_code == 0, r.output
    return json.loads((site / "out.json").read_text()), r.stderr


def test_every_offer_type_with_a_product_type_has_one_row_with_its_source():
    assert set(im.KIND_TABLE) == {t for t, o in OFFER_TYPES.items() if o.ingestion}
    assert "microsoft-365-app" not in im.KIND_TABLE  # no product type at all
    for kind in im.KIND_TABLE.values():
        for src in (kind.listing_source, kind.plan_listing_source):
            assert src.status in ("documented", "observed-3P", "derived")
            if src.status != "derived":
                assert src.source and re.fullmatch(r"\d{4}-\d\d-\d\d", src.date), kind
        if kind.derived:  # the rule, and only the rule, makes derived values
            ptype = OFFER_TYPES[kind.offer_type].ingestion
            assert (kind.listing, kind.plan_listing) == (ptype, ptype + "-plan")
    assert {t for t, k in im.KIND_TABLE.items() if not k.derived} == {"saas", "azure-virtual-machine",
                                                                      "azure-container"}


def test_without_the_option_the_refusal_cites_the_sources_and_their_dates(tmp_path):
    site = _site(tmp_path, "contoso-sentinel-mssp")
    r = CliRunner().invoke(main, ["export", str(site), "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 1 and not (tmp_path / "out.json").exists()
    assert "documents no listing kind for Managed Service offers" in r.stderr
    assert "azureSaaS: Learn product-ingestion-api, 2023-05-10" in r.stderr
    assert f"checked on {im.KIND_SOURCES_CHECKED}" in r.stderr
    assert "--undocumented-kinds=derive writes 'managedService'" in r.stderr


def test_derive_writes_the_full_body_with_one_warning_naming_value_rule_and_check(mssp):
    body, stderr = mssp
    warnings = [line for line in stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1
    (w,) = warnings
    assert w.startswith("contoso-sentinel-mssp: warning: ") and "'managedService'" in w and "'managedService-plan'" in w
    assert im.DERIVATION_RULE in w and "GET resource-tree/" in w and "listingpreview import" in w
    (product,) = by_type(body, "product")
    assert product["type"] == "managedService"  # documented for every type
    assert {r["kind"] for r in by_type(body, "listing") + by_type(body, "property")} == {"managedService"}
    assert {r["kind"] for r in by_type(body, "plan-listing")} == {"managedService-plan"}
    assert len(by_type(body, "plan")) == 2 and len(by_type(body, "listing-asset")) >= 1
    assert validate(body, derived_kinds=True) == []
    # Without the option, offline validation refuses the derived values too.
    assert sum("is derived, not documented" in p for p in validate(body)) == 4  # listing, property, 2 plans
    # What the body cannot carry is said, not dropped silently.
    assert "technical_configuration (managed-service authorizations)" in stderr


def test_microsoft_365_apps_are_refused_even_with_derive(tmp_path):
    from listingpreview.importers.catalog import import_file

    import_file(ROOT.parent / "shared" / "real-listings" / "microsoft-script-lab.json", tmp_path / "content")
    result = export_site(tmp_path, force=True, undocumented_kinds="derive")
    assert result.bodies == []
    ((slug, why),) = result.skipped
    assert "no product type for Microsoft 365 app" in why


def _tree(body: dict) -> dict:
    """A configure body as Partner Center returns it in a resource tree (durable-ID references)."""
    res = copy.deepcopy(body["resources"])
    for i, r in enumerate(res):
        r["id"] = f"{im.parse_schema_uri(r['$schema'])[0]}/1a2b/{i}"
    names = {r.pop("resourceName"): r["id"] for r in res}
    plans = {r["identity"]["externalId"]: r["id"] for r in res if "identity" in r}
    for r in res:
        for field in ("product", "plan", "listing"):
            ref = r.get(field)
            if isinstance(ref, dict):
                r[field] = names.get(ref.get("resourceName")) or plans[ref["externalId"]]
    return {"$schema": im.schema_uri("resource-tree"), "root": res[0]["id"], "target": {"targetType": "draft"},
            "resources": res}


@pytest.mark.parametrize("kind, says", [
    ("managedService", "this resource tree confirms the derived kinds of the mapping table: listing "
                       "'managedService', property 'managedService', plan-listing 'managedService-plan'"),
    ("azureManagedService", "listing kind 'azureManagedService' differs from the mapping table's 'managedService' "
                            "(derived)"),
])
def test_import_takes_whatever_kind_the_tree_carries_and_says_how_it_compares(mssp, kind, says):
    tree = _tree(mssp[0])
    for r in by_type(tree, "listing") + by_type(tree, "property"):
        r["kind"] = kind
    got = tree_to_content(tree)
    assert got.offer["offer"]["type"] == "managed-service"
    assert got.offer["listing"]["name"] == "Contoso Managed Sentinel: 24x7 Security Operations"
    assert len(got.plans) == 2
    assert any(says in n for n in got.notes), got.notes


def test_a_configure_body_confirms_nothing(mssp):
    # listingpreview's own body carries the derived value: importing it must not pass for a verification.
    assert not [n for n in tree_to_content(copy.deepcopy(mssp[0])).notes if "kind" in n]


def test_a_sourced_kind_that_differs_is_reported_too(tmp_path):
    site = _site(tmp_path, "fabrikam-fieldnotes")
    (body,) = export_site(site, asset_base_url=BASE_URL).bodies
    assert body.warnings == []  # SaaS kinds are sourced
    tree = copy.deepcopy(body.body)
    by_type(tree, "plan-listing")[0]["kind"] = "azureSaaSPlan"
    notes = tree_to_content(tree).notes
    assert any("plan-listing kind 'azureSaaSPlan' differs from the mapping table's 'azureSaaS-plan' (observed-3P)"
               in n for n in notes), notes


def _with_reseller(tmp_path: Path, block: str) -> Path:
    site = _site(tmp_path, "fabrikam-fieldnotes")
    toml = site / "content" / "fabrikam-fieldnotes" / "offer.toml"
    text = toml.read_text()
    toml.write_text(re.sub(r"\[reseller\]\n(?:[a-z_]+ = .*\n)*", block, text))
    return site


@pytest.mark.parametrize("block, state, audiences, back", [
    ('[reseller]\nresell_through_csps = "all"\n', "all", [], {"resell_through_csps": "all"}),
    ('[reseller]\nresell_through_csps = "none"\n', "none", [], {"resell_through_csps": "none"}),
    ('[reseller]\nresell_through_csps = "specific-partners"\ncsp_partners = ["0d6f4a52-8c3e-4b1a-9f27-'
     '5e8d2c7b1a90"]\n', "some", [{"type": "tenant", "id": "0d6f4a52-8c3e-4b1a-9f27-5e8d2c7b1a90"}],
     {"resell_through_csps": "specific-partners", "csp_partners": ["0d6f4a52-8c3e-4b1a-9f27-5e8d2c7b1a90"]}),
    ("", None, None, None),
])
def test_reseller_resource_exports_validates_and_imports_back(tmp_path, block, state, audiences, back):
    site = _with_reseller(tmp_path, block)
    (body,) = export_site(site, asset_base_url=BASE_URL).bodies
    found = by_type(body.body, "reseller")
    if state is None:  # Partner Center's default stays untouched
        assert found == []
    else:
        (res,) = found
        assert res["resellerChannelState"] == state and res["audiences"] == audiences
        assert res["product"] == {"externalId": "fabrikam-fieldnotes"}
    assert validate(body.body) == []  # the vendored reseller schema (it requires `audiences`)
    assert (im.RESELLER_AUDIENCE_NOTE in body.warnings) == bool(audiences)  # the item shape has no source
    folder, _ = import_tree(json.loads(json.dumps(body.body)), tmp_path / "back")
    assert tomllib.loads((folder / "offer.toml").read_text()).get("reseller") == back


def test_reseller_from_a_resource_tree_with_durable_ids(tmp_path):
    tree = {"$schema": im.schema_uri("resource-tree"), "root": "product/1234-abcd", "target": {"targetType": "live"},
            "resources": [
                {"$schema": im.schema_uri("product"), "id": "product/1234-abcd", "identity": {"externalID": "cns"},
                 "type": "softwareAsAService", "alias": "CNS"},
                {"$schema": im.schema_uri("reseller"), "id": "reseller/1234-abcd", "product": "product/1234-abcd",
                 "resellerChannelState": "terminated", "audiences": []}]}
    got = tree_to_content(tree)
    assert "reseller" not in got.offer
    assert any("resellerChannelState 'terminated' has no content value" in n for n in got.notes)
    tree["resources"][1].update(resellerChannelState="some", audiences=["tenant-a", {"id": "tenant-b"}, 7])
    assert tree_to_content(tree).offer["reseller"] == {"resell_through_csps": "specific-partners",
                                                       "csp_partners": ["tenant-a", "tenant-b"]}


def test_the_docs_show_the_kind_table_as_the_code_has_it():
    doc = (ROOT / "docs" / "product-ingestion.md").read_text()
    start = doc.index("-->\n", doc.index("<!-- kinds table")) + 4
    assert doc[start:doc.index("<!-- end of kinds table -->")] == im.kinds_markdown()
    assert im.DERIVATION_RULE in doc


def test_without_an_asset_base_url_a_video_is_left_out_not_the_offer(tmp_path):
    # A trailer's image must be a URL (exactly one); without --asset-base-url there is none, so the trailer is
    # left out with the reason, and the rest of the offer is still exported and valid.
    site = _site(tmp_path, "contoso-sentinel-mssp")
    r = CliRunner().invoke(main, ["export", str(site), "-o", str(site / "out.json"), "--undocumented-kinds", "derive"])
    assert r.exit_code == 0, r.output
    body = json.loads((site / "out.json").read_text())
    assert by_type(body, "listing-trailer") == [] and by_type(body, "listing")
    assert "left out: media.videos[0]: its trailer image must be a URL; give --asset-base-url" in r.stderr
    assert validate(body, derived_kinds=True) == []
