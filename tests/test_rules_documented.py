"""Documented rules that are not plain numeric limits, and the new ones: each at its boundary.

Every test writes a small offer folder (offer.toml, plans/*.toml, files) the way a publisher would,
loads and checks it with the real pipeline, and looks for the one rule it is about: the valid side of
the boundary gives no diagnostic of that code, the invalid side exactly the expected one.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import tomli_w
from PIL import Image, PngImagePlugin

from listingpreview.pipeline import check_site
from listingpreview.rules.limits import lookup

GUID = "6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def write_offer(root: Path, offer: dict, plans: dict[str, dict] | None = None, description: str = "A description.",
                files: dict[str, bytes] | None = None, name: str = "offer") -> Path:
    folder = root / "content" / name
    (folder / "plans").mkdir(parents=True, exist_ok=True)
    (folder / "offer.toml").write_text(tomli_w.dumps(offer), encoding="utf-8")
    (folder / "description.md").write_text(description, encoding="utf-8")
    for pid, plan in (plans or {}).items():
        (folder / "plans" / f"{pid}.toml").write_text(tomli_w.dumps(plan), encoding="utf-8")
    for rel, data in (files or {}).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def diags(root: Path, edition: str = "latest", code: str | None = None):
    got = check_site(root, edition)[2]
    return [d for d in got if code is None or d.code == code]


def base(t: str, **sections) -> dict:
    offer = {"offer": {"id": "contoso-offer", "alias": "Contoso offer", "type": t, "publisher": "Contoso",
                       "publisher_id": "contoso"},
             "listing": {"name": "Contoso Offer", "search_results_summary": "Does one thing well."}}
    for k, v in sections.items():
        offer.setdefault(k, {}).update(v)
    return offer


def png(size: tuple[int, int], pad_to: int | None = None) -> bytes:
    """A PNG of ``size``; with ``pad_to``, exactly that many bytes (a text chunk fills the rest)."""
    img = Image.new("RGB", size, (30, 90, 160))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    if pad_to is None:
        return buf.getvalue()
    info = PngImagePlugin.PngInfo()
    info.add_text("c", "x" * (pad_to - len(buf.getvalue()) - 12 - 2))
    buf = io.BytesIO()
    img.save(buf, "PNG", pnginfo=info)
    assert len(buf.getvalue()) == pad_to
    return buf.getvalue()


# ---------------------------------------------------------------- links: https only where the type's docs say so


@pytest.mark.parametrize("t, field, url, bad", [
    ("azure-container", "privacy_policy_link", "http://contoso.com/privacy", False),
    ("iot-edge-module", "privacy_policy_link", "http://contoso.com/privacy", False),
    ("saas", "privacy_policy_link", "http://contoso.com/privacy", True),
    ("saas", "privacy_policy_link", "https://contoso.com/privacy", False),
    ("azure-application", "privacy_policy_link", "http://contoso.com/privacy", True),
    ("managed-service", "privacy_policy_link", "http://contoso.com/privacy", True),
    ("dynamics-365-business-central", "privacy_policy_link", "http://contoso.com/privacy", False),
    ("azure-container", "privacy_policy_link", "ftp://contoso.com/privacy", True),
])
def test_https_is_required_only_where_documented(tmp_path, t, field, url, bad):
    write_offer(tmp_path, base(t, listing={field: url}))
    got = [d for d in diags(tmp_path, code="LP201") if d.field == f"listing.{field}"]
    assert bool(got) == bad, got


def test_container_useful_links_may_be_http(tmp_path):
    offer = base("azure-container")
    offer["listing"]["useful_links"] = [{"title": "Docs", "url": "http://docs.contoso.com"}]
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, code="LP201")


# ---------------------------------------------------------------- description as Partner Center counts it


def test_html_description_is_counted_as_written(tmp_path):
    # 4,400 characters of HTML whose sanitized re-rendering is far shorter: Partner Center counts all of it
    para = '<p style="color:red" class="x">' + "word " * 10 + "</p>\n"
    text = para * (4400 // len(para) + 1)
    write_offer(tmp_path, base("azure-container"), description=text)
    got = diags(tmp_path, code="LP109")
    assert len(got) == 1 and f"{len(text.strip()):,} characters as written" in got[0].message


@pytest.mark.parametrize("n, bad", [(3000, False), (3001, True)])
def test_description_boundary_as_written(tmp_path, n, bad):
    write_offer(tmp_path, base("azure-container"), description="<p>" + "x" * (n - 7) + "</p>")
    assert bool(diags(tmp_path, code="LP109")) == bad


# ---------------------------------------------------------------- logos per edition and type


def _logo_offer(t: str) -> dict:
    return base(t, media={"large_logo": "media/large.png"})


def test_2020_saas_logo_set_is_48_90_216_with_an_optional_wide(tmp_path):
    files = {"media/large.png": png((216, 216)), "media/medium.png": png((90, 90)), "media/small.png": png((48, 48))}
    offer = _logo_offer("saas")
    offer["media"].update(medium_logo="media/medium.png", small_logo="media/small.png")
    write_offer(tmp_path, offer, files=files)
    assert not diags(tmp_path, "2020", "LP301") and not diags(tmp_path, "2020", "LP303")
    (tmp_path / "content/offer/media/large.png").write_bytes(png((217, 217)))
    got = diags(tmp_path, "2020", "LP303")
    assert len(got) == 1 and "216×216" in got[0].message


def test_2020_managed_service_logo_set_is_the_four_of_seed_000(tmp_path):
    write_offer(tmp_path, _logo_offer("managed-service"), files={"media/large.png": png((115, 115))})
    missing = {d.field for d in diags(tmp_path, "2020", "LP301")}
    assert missing == {"media.small_logo", "media.medium_logo", "media.wide_logo"}
    assert not diags(tmp_path, "2020", "LP303")
    assert "seed 000" in lookup("logos", "managed-service", "2020").source


# ---------------------------------------------------------------- language phrase


@pytest.mark.parametrize("edition, text, bad", [
    ("2020", "This application is available only in German. Wir überwachen Ihre Umgebung.", False),
    ("2020", "Wir überwachen Ihre Umgebung. This service is available in German.", True),
    ("latest", "Wir überwachen Ihre Umgebung. This service is available in German.", False),
    ("latest", "Wir überwachen Ihre Umgebung.", True),
])
def test_managed_service_language_phrase_per_edition(tmp_path, edition, text, bad):
    write_offer(tmp_path, base("managed-service", listing={"language": "de-de"}), description=text)
    assert bool(diags(tmp_path, edition, "LP114")) == bad


# ---------------------------------------------------------------- identifiers


@pytest.mark.parametrize("edition", ["latest", "2020"])
@pytest.mark.parametrize("t", ["dynamics-365-business-central", "dynamics-365-dataverse", "dynamics-365-operations"])
def test_offer_id_plus_publisher_id_under_40(tmp_path, edition, t):
    offer = base(t)
    offer["offer"].update(id="a" * 20, publisher_id="p" * 19)  # 39: passes
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, edition, "LP102")
    offer["offer"]["publisher_id"] = "p" * 20  # 40: not under 40
    write_offer(tmp_path, offer)
    got = diags(tmp_path, edition, "LP102")
    assert len(got) == 1 and "40 characters together" in got[0].message


@pytest.mark.parametrize("oid, bad", [("abc", False), ("ab", True), ("-abc", True), ("a-b_c", False)])
def test_offer_id_api_pattern(tmp_path, oid, bad):
    offer = base("saas")
    offer["offer"]["id"] = oid
    write_offer(tmp_path, offer)
    assert bool(diags(tmp_path, code="LP101")) == bad


# ---------------------------------------------------------------- plans


def _vm_plan(model: str) -> dict:
    return {"plan": {"id": "basic", "name": "Basic", "summary": "Basic.", "description": "Basic plan."},
            "pricing": {"model": model}}


@pytest.mark.parametrize("model, ok", [("per-core-size", True), ("per-market-and-core-size", True),
                                       ("per-core", True), ("per-user", False)])
def test_vm_pricing_models(tmp_path, model, ok):
    write_offer(tmp_path, base("azure-virtual-machine"), {"basic": _vm_plan(model)})
    got = diags(tmp_path, code="LP507")
    assert (not got) == ok, got


def test_unknown_pricing_model_is_one_type_error_not_also_not_set(tmp_path):
    folder = write_offer(tmp_path, base("azure-virtual-machine"), {"basic": _vm_plan("per-core")})
    path = folder / "plans/basic.toml"
    path.write_text(path.read_text().replace('"per-core"', '"per-socket"'))
    got = [d for d in diags(tmp_path) if d.file.endswith("basic.toml")]
    assert [d.code for d in got] == ["LP003"] and got[0].line == 8


@pytest.mark.parametrize("pricing, bad", [({}, False), ({"model": "free"}, False),
                                          ({"model": "monthly"}, True),
                                          ({"billing_terms": [{"term": "1-month", "payment": "upfront", "price": 5.0}]},
                                           True)])
def test_solution_template_plan_is_free(tmp_path, pricing, bad):
    plan = {"plan": {"id": "tpl", "name": "Template", "summary": "s.", "description": "d.",
                     "subtype": "solution-template"}, "pricing": pricing}
    write_offer(tmp_path, base("azure-application"), {"tpl": plan})
    assert bool(diags(tmp_path, code="LP515")) == bad


@pytest.mark.parametrize("name, bad", [("Premium_24x7-plus", False), ("Premium 24x7", True), ("Premium+", True)])
def test_managed_service_plan_name_characters(tmp_path, name, bad):
    plan = {"plan": {"id": "premium", "name": name, "summary": "s.", "description": "d."}}
    write_offer(tmp_path, base("managed-service"), {"premium": plan})
    got = diags(tmp_path, code="LP516")
    assert bool(got) == bad and all(d.line == 3 for d in got)


@pytest.mark.parametrize("count, bad", [(None, False), (1, False), (141, False), (0, True), (142, True)])
def test_markets_per_plan(tmp_path, count, bad):
    plan = {"plan": {"id": "std", "name": "Standard", "description": "d."}, "pricing": {"model": "flat-rate"}}
    if count is not None:
        plan["plan"]["markets"] = [f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}" for i in range(count)]
    write_offer(tmp_path, base("saas", setup={"sell_through_microsoft": True}), {"std": plan})
    assert bool(diags(tmp_path, code="LP517")) == bad


# ---------------------------------------------------------------- consulting


def _consulting(**consulting) -> dict:
    offer = base("consulting-service")
    offer["listing"]["name"] = "SQL Migration: 3-Week Proof of Concept"
    offer["consulting"] = {"service_type": "proof-of-concept", "duration": 3, "duration_unit": "weeks"} | consulting
    return offer


def test_consulting_summary_may_not_repeat_the_title(tmp_path):
    offer = _consulting()
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, code="LP116")
    offer["listing"]["search_results_summary"] = "sql migration: 3-week proof of concept"
    write_offer(tmp_path, offer)
    assert len(diags(tmp_path, code="LP116")) == 1
    assert not diags(tmp_path, "2020", "LP116")  # documented from the 2022 page on


@pytest.mark.parametrize("duration, unit, bad", [(12, "months", False), (13, "months", True), (52, "weeks", False),
                                                 (53, "weeks", True), (365, "days", False), (366, "days", True)])
def test_consulting_duration_at_most_12_months(tmp_path, duration, unit, bad):
    write_offer(tmp_path, _consulting(duration=duration, duration_unit=unit))
    assert bool(diags(tmp_path, code="LP124")) == bad


def test_consulting_needs_a_service_type_and_a_name_in_form(tmp_path):
    offer = _consulting()
    del offer["consulting"]["service_type"]
    offer["listing"]["name"] = "Contoso SQL Migration"
    write_offer(tmp_path, offer)
    assert [d.field for d in diags(tmp_path, code="LP124")] == ["consulting.service_type"]
    offer["consulting"]["service_type"] = "workshop"
    write_offer(tmp_path, offer)
    assert len(diags(tmp_path, code="LP125")) == 1


# ---------------------------------------------------------------- supporting documents, help link, products


def test_business_central_needs_a_supporting_document(tmp_path):
    offer = base("dynamics-365-business-central")
    write_offer(tmp_path, offer)
    assert len(diags(tmp_path, code="LP117")) == 1
    offer["listing"]["supporting_documents"] = [{"name": "Overview", "file": "docs/overview.pdf"}]
    write_offer(tmp_path, offer, files={"docs/overview.pdf": PDF})
    assert not diags(tmp_path, code="LP117")


def test_supporting_document_must_be_a_pdf_and_at_most_three(tmp_path):
    offer = base("dynamics-365-dataverse")
    offer["listing"]["supporting_documents"] = [{"name": f"Doc {i}", "file": f"docs/{i}.pdf"} for i in range(4)]
    files = {f"docs/{i}.pdf": PDF for i in range(4)}
    files["docs/3.pdf"] = png((10, 10))
    write_offer(tmp_path, offer, files=files)
    got = diags(tmp_path, code="LP117")
    assert {d.field for d in got} == {"listing.supporting_documents", "listing.supporting_documents[3].file"}
    assert any("not a PDF" in d.message for d in got)


def test_help_link_is_required_and_differs_from_the_support_url(tmp_path):
    offer = base("power-bi-app")
    write_offer(tmp_path, offer)
    assert len(diags(tmp_path, code="LP119")) == 1
    offer["listing"]["help_link"] = "https://contoso.com/support/"
    offer["listing"]["support_contact"] = {"url": "https://contoso.com/support"}
    write_offer(tmp_path, offer)
    assert "differ" in diags(tmp_path, code="LP119")[0].message
    offer["listing"]["help_link"] = "https://contoso.com/help"
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, code="LP119")


@pytest.mark.parametrize("n, bad", [(3, False), (4, True)])
def test_products_at_most_three(tmp_path, n, bad):
    write_offer(tmp_path, base("dynamics-365-operations", listing={"products": [f"P{i}" for i in range(n)]}))
    assert bool(diags(tmp_path, code="LP118")) == bad


def test_iot_edge_module_needs_device_catalog_and_documentation_links(tmp_path):
    offer = base("iot-edge-module")
    write_offer(tmp_path, offer)
    assert {d.field for d in diags(tmp_path, code="LP126")} == {"listing.device_catalog_link", "listing.useful_links"}
    offer["listing"]["device_catalog_link"] = "https://devicecatalog.azure.com/devices/1234"
    offer["listing"]["useful_links"] = [{"title": "Docs", "url": "http://docs.contoso.com"}]
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, code="LP126")


# ---------------------------------------------------------------- file sizes


@pytest.mark.parametrize("size, bad", [(1024 * 1024, False), (1024 * 1024 + 1, True)])
def test_power_bi_visual_screenshot_file_size(tmp_path, size, bad):
    offer = base("power-bi-visual", media={"screenshots": [{"file": "media/s.png", "caption": "A report."}]})
    write_offer(tmp_path, offer, files={"media/s.png": png((1366, 768), pad_to=size)})
    got = diags(tmp_path, code="LP310")
    assert bool(got) == bad and not diags(tmp_path, code="LP304")


# ---------------------------------------------------------------- properties


def test_subcategories_and_verticals(tmp_path):
    offer = base("saas", properties={"categories": ["Security"], "industries": ["Retail"],
                                     "subcategories": {"Security": ["Threat Protection", "Information Protection"]},
                                     "verticals": {"Retail": ["Retail", "Customer Goods"]}})
    write_offer(tmp_path, offer)
    assert not diags(tmp_path, code="LP134") and not diags(tmp_path, code="LP135")
    offer["properties"]["subcategories"]["Security"].append("Identity & Access Management")  # a third
    offer["properties"]["subcategories"]["Web"] = ["Web Apps"]  # not a chosen category
    offer["properties"]["verticals"]["Retail"] = ["Banking"]  # not a vertical of Retail
    write_offer(tmp_path, offer)
    assert len(diags(tmp_path, code="LP134")) == 2 and len(diags(tmp_path, code="LP135")) == 1


@pytest.mark.parametrize("n, bad", [(10, False), (11, True)])
def test_custom_amendments_at_most_ten(tmp_path, n, bad):
    amendments = [{"terms": f"Amendment {i}.", "tenants": [GUID]} for i in range(n)]
    write_offer(tmp_path, base("azure-virtual-machine", properties={"standard_contract": True,
                                                                    "custom_amendments": amendments}))
    assert bool(diags(tmp_path, code="LP136")) == bad


def test_amendments_need_the_standard_contract_and_not_on_containers(tmp_path):
    write_offer(tmp_path, base("saas", properties={"terms_of_use": "Ours.", "universal_amendment": "More."}))
    assert len(diags(tmp_path, code="LP136")) == 1
    write_offer(tmp_path, base("azure-container", properties={"standard_contract": True, "universal_amendment": "x"}))
    assert len(diags(tmp_path, code="LP137")) == 1


# ---------------------------------------------------------------- Managed Service roles, Dataverse package


def _ms_plan(role: str) -> dict:
    return {"plan": {"id": "std", "name": "Standard", "summary": "s.", "description": "d."},
            "technical_configuration": {"manifest_version": "1.0.0", "tenant_id": GUID, "authorizations": [
                {"principal_id": GUID, "display_name": "Ops", "role": role}]}}


@pytest.mark.parametrize("role, codes", [("Key Vault Contributor", set()), ("Reader", set()),
                                         ("Owner", {"LP605"}), ("Contosos Custom Role", {"LP609"})])
def test_managed_service_roles(tmp_path, role, codes):
    write_offer(tmp_path, base("managed-service"), {"std": _ms_plan(role)})
    assert {d.code for d in diags(tmp_path) if d.code in ("LP605", "LP609")} == codes


@pytest.mark.parametrize("model, bad", [("user", False), ("resource", True)])
def test_dataverse_license_management_needs_user_model_and_package(tmp_path, model, bad):
    offer = base("dynamics-365-dataverse", setup={"license_management": True},
                 technical_configuration={"base_license_model": model, "crm_package_url": "https://c.com/p.zip"})
    write_offer(tmp_path, offer)
    assert bool(diags(tmp_path, code="LP127")) == bad
    del offer["technical_configuration"]["crm_package_url"]
    write_offer(tmp_path, offer)
    assert "crm_package_url" in {d.field.split(".")[-1] for d in diags(tmp_path, code="LP127")}


# ---------------------------------------------------------------- content format enumerations (LP003)


@pytest.mark.parametrize("section, key, good, bad", [
    ("properties", "standard_contract", True, "yes"),
    ("setup", "sell_through_microsoft", False, "no"),
    ("technical_configuration", "package_type", "add-on", "addon"),
    ("technical_configuration", "base_license_model", "resource", "tenant"),
    ("consulting", "service_type", "workshop", "training"),
    ("setup", "lead_destination", "marketo", "hubspot"),
])
def test_enumerations_and_strict_types(tmp_path, section, key, good, bad):
    offer = base("saas", **{section: {key: good}})
    write_offer(tmp_path, offer)
    assert not [d for d in diags(tmp_path, code="LP003")]
    offer[section][key] = bad
    write_offer(tmp_path, offer)
    got = diags(tmp_path, code="LP003")
    assert len(got) == 1 and got[0].field == f"{section}.{key}" and got[0].line


def test_standard_contract_yes_is_a_type_error_and_nothing_else_about_terms(tmp_path):
    write_offer(tmp_path, base("saas", properties={"standard_contract": "yes"}))
    got = [d for d in diags(tmp_path) if d.code in ("LP003", "LP133")]
    assert [d.code for d in got] == ["LP003"] and got[0].field == "properties.standard_contract"


@pytest.mark.parametrize("n, bad", [(40, False), (41, True)])
def test_microsoft_365_keyword_length(tmp_path, n, bad):
    write_offer(tmp_path, base("microsoft-365-app", listing={"keywords": ["k" * n]}))
    got = diags(tmp_path, code="LP128")
    assert bool(got) == bad and all(d.field == "listing.keywords[0]" for d in got)


@pytest.mark.parametrize("n, bad", [(200, False), (201, True)])
def test_microsoft_365_caption_length(tmp_path, n, bad):
    write_offer(tmp_path, base("microsoft-365-app", media={"screenshots": [{"file": "s.png", "caption": "c" * n}]}),
                files={"s.png": png((1366, 768))})
    assert bool(diags(tmp_path, code="LP312")) == bad


@pytest.mark.parametrize("transact, bad", [(True, True), (False, False)])
def test_transactable_saas_needs_a_preview_audience(tmp_path, transact, bad):
    offer = base("saas", setup={"sell_through_microsoft": transact})
    write_offer(tmp_path, offer)
    assert bool([d for d in diags(tmp_path, code="LP401") if d.field == "preview"]) == bad


@pytest.mark.parametrize("url, bad", [("https://app.contoso.com/landing?src=marketplace", False),
                                      ("https://app.contoso.com/landing?access_token=abc", True),
                                      ("https://app.contoso.com/landing?key=abc", True)])
def test_saas_landing_page_holds_no_secrets(tmp_path, url, bad):
    offer = base("saas", setup={"sell_through_microsoft": True},
                 technical_configuration={"landing_page_url": url, "connection_webhook_url": "https://app.contoso.com/w",
                                          "azure_ad_tenant_id": GUID, "azure_ad_app_id": GUID})
    write_offer(tmp_path, offer)
    assert bool([d for d in diags(tmp_path, code="LP610") if "secrets" in d.message]) == bad
