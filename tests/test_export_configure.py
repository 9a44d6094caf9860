"""``listingpreview export --format configure``: bodies the Product Ingestion API accepts, checked offline."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from listingpreview import ingestion_map as im
from listingpreview.cli import main
from listingpreview.export import export_site, validate
from listingpreview.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://preview.fabrikam.example/site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "content", site / "content")
    if (ROOT / "listingpreview.toml").exists():
        shutil.copy(ROOT / "listingpreview.toml", site / "listingpreview.toml")
    return site


@pytest.fixture(scope="module")
def fabrikam(site):
    result = export_site(site, asset_base_url=BASE_URL)
    (body,) = [b for b in result.bodies if b.offer == "fabrikam-fieldnotes"]
    return body


def by_type(body, rtype):
    return [r for r in body["resources"] if im.parse_schema_uri(r["$schema"])[0] == rtype]


def test_sample_saas_offer_exports_and_validates(fabrikam):
    body = fabrikam.body
    assert validate(body) == []
    assert set(body) == {"$schema", "resources"}
    assert body["$schema"] == im.schema_uri("configure")
    for r in body["resources"]:
        rtype, version = im.parse_schema_uri(r["$schema"])
        assert version == im.VERSIONS[rtype].version
    assert fabrikam.version == "2022-03-01-preview5"
    (product,) = by_type(body, "product")
    assert product["identity"] == {"externalId": "fabrikam-fieldnotes"} and product["type"] == "softwareAsAService"
    assert {r["plan"]["externalId"] for r in by_type(body, "plan-listing")} == {"starter", "team", "enterprise"}
    assert not by_type(body, "submission")


def test_description_is_the_html_build_renders_and_assets_point_at_the_built_images(site, fabrikam):
    (listing,) = by_type(fabrikam.body, "listing")
    assert listing["description"].startswith("<p><b>Fabrikam FieldNotes</b>")
    out = site / "_site"
    build(site, out)
    assets = by_type(fabrikam.body, "listing-asset")
    assert [a["type"] for a in assets] == ["azureLogoLarge"] + ["azureLogoScreenshot"] * 3
    for a in assets:
        assert a["url"].startswith(BASE_URL + "/offers/fabrikam-fieldnotes/media/")
        assert (out / a["url"][len(BASE_URL) + 1:]).is_file()
        assert a["listing"] == {"resourceName": listing["resourceName"]}


def test_prices_are_per_payment_and_meters_declared(fabrikam):
    plans = {r["plan"]["externalId"]: r for r in by_type(fabrikam.body, "price-and-availability-plan")}
    team = plans["team"]["pricing"]["recurrentPrice"]["prices"]
    assert team == [{"billingTerm": {"type": "year", "value": 1}, "paymentOption": {"type": "month", "value": 1},
                     "pricePerPaymentInUsd": 400.0}]  # 4,800 a year paid monthly
    assert plans["starter"]["trial"] == {"type": "month", "value": 1}
    meters = plans["enterprise"]["pricing"]["customMeters"]["meters"]
    assert meters["storage-gb"]["includedQuantities"][0]["quantity"] == 1024
    (custom,) = by_type(fabrikam.body, "price-and-availability-custom-meter")
    assert custom["customMeters"]["storage-gb"]["unitOfMeasure"] == "per GB per month"


@pytest.mark.parametrize("breakage, expected", [
    (lambda b: by_type(b, "listing-asset")[0].update(listing={"resourceName": "listing-xx"}), "names no listing"),
    (lambda b: b["resources"].append(copy.deepcopy(by_type(b, "listing")[0]) | {"resourceName": "listing-2"}),
     "a second listing for language 'en-us'"),
    (lambda b: by_type(b, "property")[0].update(termsConditions="false"), "termsConditions"),
    (lambda b: by_type(b, "plan-listing")[0].update(plan={"externalId": "gold-plan"}), "names no plan"),
    (lambda b: by_type(b, "listing-asset")[0].pop("product"), "has no product reference"),
    (lambda b: by_type(b, "listing-asset")[0].update(type="azureLogoHuge"), "azureLogoHuge"),
    (lambda b: by_type(b, "plan")[0].update(resourceName="product"), "used twice"),
    (lambda b: b.update(extra=1), "configure body"),
    (lambda b: by_type(b, "listing")[0].update({"$schema": b["$schema"].replace("configure", "listing")}),
     "the version table says"),
])
def test_offline_validation_catches(fabrikam, breakage, expected):
    body = copy.deepcopy(fabrikam.body)
    breakage(body)
    problems = validate(body)
    assert any(expected in p for p in problems), problems


def test_an_offer_with_errors_is_not_exported_unless_forced(tmp_path):
    shutil.copytree(ROOT / "content" / "fabrikam-fieldnotes", tmp_path / "content" / "fabrikam-fieldnotes")
    toml = tmp_path / "content" / "fabrikam-fieldnotes" / "offer.toml"
    toml.write_text(toml.read_text().replace('name = "Fabrikam FieldNotes"', 'name = "' + "N" * 300 + '"', 1))
    r = CliRunner().invoke(main, ["export", str(tmp_path), "-o", str(tmp_path / "out.json")])
    assert r.exit_code == 1 and "error(s) from check" in r.output and not (tmp_path / "out.json").exists()
    r = CliRunner().invoke(main, ["export", str(tmp_path), "-o", str(tmp_path / "out.json"), "--force"])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "out.json").read_text())["resources"][0]["identity"]["externalId"]


def test_submission_only_when_asked_and_it_validates(site, tmp_path):
    r = CliRunner().invoke(main, ["export", str(site / "content" / "fabrikam-fieldnotes"), "-o",
                                  str(tmp_path / "out.json"), "--submission", "preview"])
    assert r.exit_code == 0, r.output
    body = json.loads((tmp_path / "out.json").read_text())
    assert validate(body) == []
    assert by_type(body, "submission")[0]["target"] == {"targetType": "preview"}


def test_types_without_a_documented_kind_are_reported_not_guessed(site):
    skipped = dict(export_site(site).skipped)
    assert "documents no listing kind for Managed Service" in skipped["contoso-sentinel-mssp"]


def test_asset_base_url_must_be_https(site):
    r = CliRunner().invoke(main, ["export", str(site), "--asset-base-url", "http://x.example"])
    assert r.exit_code == 2 and "https" in r.output


def test_no_schema_version_outside_the_version_table():
    # Every $schema is built from ingestion_map.VERSIONS; no version string hides anywhere else in this code.
    src = ROOT / "src" / "listingpreview"
    found = [f"{p.relative_to(src)}: {m}" for p in [*src.glob("export/*.py"), *src.glob("importers/*.py")]
             for m in re.findall(r"20\d\d-\d\d-\d\d-(?:preview\d+|dev)", p.read_text())]
    assert found == []


def test_every_vendored_schema_resolves_its_references():
    from listingpreview.export.validate import VENDORED, _errors

    for rtype in VENDORED:
        _errors(rtype, {"$schema": im.schema_uri(rtype)})  # raises when a $ref cannot be resolved
