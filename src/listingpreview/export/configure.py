"""Offer content -> one Product Ingestion API ``configure`` request body.

The body is what ``POST https://graph.microsoft.com/rp/product-ingestion/configure?$version=<ceiling>``
takes: ``{"$schema": <configure>, "resources": [...]}``. Resources refer to
each other by ``{"externalId"}`` (product and plan, where the ID fits the
API's pattern) or ``{"resourceName"}`` (everything in the same body), so that
a server error naming a resource names the content file it came from
(:attr:`Body.origins`). Mapping: ``product-ingestion.md`` §3; names and
versions: :mod:`listingpreview.ingestion_map`. No network access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import ingestion_map as im
from ..cache import Cache
from ..names import OFFER_TYPES, RESELL_THROUGH_CSPS
from ..pages import store_for
from ..pipeline import Checked, image_refs

_EXTERNAL_ID = re.compile(r"^[a-z0-9][a-z0-9-_]{2,49}$")  # resource-reference schema, preview2
_RESOURCE_NAME = re.compile(r"^[a-zA-Z0-9-_]{1,50}$")


class NotExportable(Exception):
    """The offer cannot be written as a configure body (the message says why)."""


@dataclass
class Body:
    """One configure body, where each resource came from, and what was left out."""

    offer: str
    body: dict
    origins: dict[str, str] = field(default_factory=dict)  # resourceName -> content file
    left_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # values no source names (derived kinds, reseller audiences)
    slug: str = ""  # the offer's folder name

    @property
    def version(self) -> str:
        """``$version`` for the request: the highest ``$schema`` version in the body (the API's ceiling)."""
        found = [im.parse_schema_uri(r["$schema"]) for r in self.body["resources"]] + [
            im.parse_schema_uri(self.body["$schema"])]
        return max((v for _, v in filter(None, found)), key=im.version_key)


def _ref(external_id: str, resource_name: str) -> dict:
    return {"externalId": external_id} if _EXTERNAL_ID.match(external_id) else {"resourceName": resource_name}


def _name(prefix: str, ident: str, index: int) -> str:
    name = f"{prefix}-{ident}"
    return name if _RESOURCE_NAME.match(name) else f"{prefix}-{index}"


def _res(resource: str, rname: str, /, **fields) -> dict:
    out = {"$schema": im.schema_uri(resource), "resourceName": rname}
    out.update({k: v for k, v in fields.items() if v not in (None, "", [], {})})
    return out


UNDOCUMENTED_KINDS = ("refuse", "derive")


def _refusal(t: str) -> str:
    label = OFFER_TYPES[t].label if t in OFFER_TYPES else t or "(no type)"
    if t not in im.KIND_TABLE:
        return (f"the Product Ingestion API has no product type for {label} offers (product schema "
                f"{im.VENDORED_VERSION} enumerates none), so no body can be written for them")
    sourced = "; ".join(f"{OFFER_TYPES[k.offer_type].label} ({k.listing}: {k.listing_source.cite()})"
                        for k in im.KIND_TABLE.values() if not k.derived)
    return (f"the Product Ingestion API documents no listing kind for {label} offers: the sources checked on "
            f"{im.KIND_SOURCES_CHECKED} name kinds only for {sourced}. "
            f"--undocumented-kinds=derive writes '{im.KIND_TABLE[t].listing}' (derived: {im.DERIVATION_RULE}) "
            "with a warning saying how to verify it")


def build_body(checked: Checked, *, asset_base_url: str | None = None, submission: str | None = None,
               undocumented_kinds: str = "refuse") -> Body:
    """The configure body of one checked offer.

    Raises NotExportable (the message cites the sources and their date) for an offer type no source names a
    ``kind`` for, unless ``undocumented_kinds == "derive"``: then the kinds follow
    :data:`ingestion_map.DERIVATION_RULE` and :attr:`Body.warnings` says so. Microsoft 365 apps have no product
    ``type`` and always raise.
    """
    if undocumented_kinds not in UNDOCUMENTED_KINDS:
        raise ValueError(f"undocumented_kinds must be one of {UNDOCUMENTED_KINDS}, not {undocumented_kinds!r}")
    offer = checked.offer
    d = offer.data
    t = offer.type
    kinds = im.KIND_TABLE.get(t)
    if kinds is None or (kinds.derived and undocumented_kinds != "derive"):
        raise NotExportable(_refusal(t))
    kind, plan_kind = kinds.listing, kinds.plan_listing
    src = offer.source.display
    out = Body(offer.id, {"$schema": im.schema_uri("configure"), "resources": []}, slug=offer.slug)
    if kinds.derived:
        out.warnings.append(im.kind_note(kinds, plans=bool(offer.plans)))
    res = out.body["resources"]

    def add(resource: dict, origin: str) -> dict:
        res.append(resource)
        out.origins[resource["resourceName"]] = origin
        return resource

    product = _ref(offer.id, "product")  # offer.id: [offer] id, else the folder name (as the pages show it)
    add(_res("product", "product", identity={"externalId": offer.id}, type=OFFER_TYPES[t].ingestion,
             alias=d.offer.alias), src)
    setup: dict = {"product": product}
    if t == "saas" and d.setup.sell_through_microsoft is not None:
        setup["sellThroughMicrosoft"] = d.setup.sell_through_microsoft
    add(_res("commercial-marketplace-setup", "setup", **setup), src)
    if d.setup.lead_destination == "referrals-workspace":
        add(_res("customer-leads", "leads", product=product, leadDestination="none"), src)
    elif d.setup.lead_destination:
        out.left_out.append(f"setup.lead_destination '{d.setup.lead_destination}': its connection secrets are not "
                            "content; set them in Partner Center")

    store = store_for(offer)
    cats: dict[str, list[str]] = {}
    inds: dict[str, list[str]] = {}
    for name in d.properties.categories:
        key = im.category_key(name, t, store)
        if key:
            cats[key] = []
        else:
            out.left_out.append(f"category '{name}': no {store} API key for {OFFER_TYPES[t].label}")
    for name in d.properties.industries:
        key = im.industry_key(name, t)
        if key:
            inds[key] = []
        else:
            out.left_out.append(f"industry '{name}': no API key in the key table")
    p = d.properties
    add(_res("property", "property", product=product, kind=kind, categories=cats, industries=inds,
             appVersion=p.app_version, termsConditions="standardMicrosoft" if p.standard_contract else "custom",
             termsOfUse=p.terms_of_use, termsOfUseUrl=p.terms_of_use_url), src)

    lst = d.listing
    lang = (lst.language or "en-us").lower()
    listing_name = _name("listing", lang, 1)

    def contact(c) -> dict | None:
        got = {k: v for k, v in (("name", c.name), ("email", c.email), ("phone", c.phone), ("url", c.url)) if v}
        return got or None

    add(_res("listing", listing_name, product=product, kind=kind, languageId=lang, title=lst.name,
             searchResultSummary=lst.search_results_summary, shortDescription=lst.short_description,
             description=checked.description.html, gettingStartedInstructions=lst.getting_started_instructions,
             searchKeywords=list(lst.keywords), privacyPolicyLink=lst.privacy_policy_link,
             generalLinks=[{"displayText": link.title, "link": link.url} for link in lst.useful_links],
             globalSupportWebsite=lst.support_urls.azure_global,
             governmentSupportWebsite=lst.support_urls.azure_government,
             supportContact=contact(lst.support_contact), engineeringContact=contact(lst.engineering_contact)),
        src)
    listing_ref = {"resourceName": listing_name}

    refs, _ = image_refs(checked.images, Cache(Path(), enabled=False))
    base = (asset_base_url or "").rstrip("/")

    def url_of(key: str) -> str | None:
        ref = refs.get(key)
        if ref is None:
            return None
        if not base:
            return None
        return f"{base}/offers/{offer.slug}/{ref.src}"

    def asset(name: str, atype: str, key: str, file: str, order: int = 0, caption: str = "") -> None:
        url = url_of(key)
        if url is None and not base:
            out.left_out.append(f"{key}: no URL without --asset-base-url (Partner Center fetches each asset)")
        add(_res("listing-asset", name, product=product, listing=listing_ref, kind="azure", type=atype,
                 languageId=lang, fileName=PurePosixPath(file).name, description=caption, displayOrder=order,
                 url=url), src)

    for slot, atype in im.LOGO_ASSETS.items():
        file = getattr(d.media, slot)
        if file:
            asset(f"asset-{slot.replace('_', '-')}", atype, f"media.{slot}", file)
    for i, shot in enumerate(d.media.screenshots):
        if shot.file:
            asset(f"asset-screenshot-{i + 1}", im.SCREENSHOT_ASSET, f"media.screenshots[{i}].file", shot.file, i,
                  shot.caption)
    for i, v in enumerate(d.media.videos):
        thumb = url_of(f"media.videos[{i}].thumbnail")
        if v.thumbnail and not thumb and base:
            out.left_out.append(f"media.videos[{i}].thumbnail: the build has no image for it")
        if not base:  # the trailer needs its image as a URL: without one the resource would fail validation
            out.left_out.append(f"media.videos[{i}]: its trailer image must be a URL; give --asset-base-url "
                                "(Partner Center fetches each asset)")
            continue
        # The trailer image is a URL only (listing-trailer schema: imageList items {url}, exactly one).
        add(_res("listing-trailer", f"trailer-{i + 1}", product=product, listing=listing_ref, kind="azure",
                 streamingUrl=v.url, assets={"en-us": {"title": v.name, "imageList": [{"url": thumb}] if thumb
                                                       else []}}), src)

    audience = [{"type": "email" if "@" in a else "subscription", "id": a} for a in d.preview.audience]
    if audience or offer.audience_rows:
        audience += [{"type": "email" if "@" in a else "subscription", "id": a} for _, a in offer.audience_rows]
        add(_res("price-and-availability-offer", "availability", product=product, previewAudiences=audience), src)

    tc = d.technical_configuration
    if t == "saas" and d.setup.sell_through_microsoft:
        add(_res("software-as-a-service-technical-configuration", "technical-configuration", product=product,
                 landingPageUrl=tc.landing_page_url, connectionWebhook=tc.connection_webhook_url,
                 azureAdTenantId=tc.azure_ad_tenant_id, azureAdAppId=tc.azure_ad_app_id), src)

    _reseller(offer, product, out, add)
    _not_carried(offer, out)

    meters: dict[str, dict] = {}
    for i, plan in enumerate(offer.plans, 1):
        pi = plan.data.plan
        pfile = plan.source.display
        pname = _name("plan", plan.id, i)
        plan_ref = _ref(plan.id, pname)
        add(_res("plan", pname, product=product, identity={"externalId": plan.id}, alias=pi.name,
                 azureRegions=["azureGlobal"], displayRank=i - 1,
                 subtype={"solution-template": "solutionTemplate", "managed-application": "managedApplication"}.get(
                     pi.subtype or "")), pfile)
        add(_res("plan-listing", _name("plan-listing", plan.id, i) if len(plan.id) < 30 else f"plan-listing-{i}",
                 product=product, plan=plan_ref, kind=plan_kind, languageId=lang, name=pi.name, summary=pi.summary,
                 description=pi.description), pfile)
        pa: dict = {"product": product, "plan": plan_ref, "visibility": "hidden" if pi.hidden else "visible",
                    "audience": pi.visibility}
        if pi.visibility == "private":
            ids = list(pi.private_audience) + [a for _, a in plan.audience_rows]
            pa["privateAudiences"] = [{"type": "tenant" if t == "saas" else "subscription", "id": a} for a in ids]
        if pi.free_trial:
            pa["trial"] = {"type": "month", "value": 1}
        elif pi.free_trial_months:
            pa["trial"] = {"type": "month", "value": pi.free_trial_months}
        pricing = _pricing(plan, t, out)
        if pricing:
            pa["pricing"] = pricing
        for m in plan.data.pricing.metered_dimensions:
            meters.setdefault(m.id, {"displayName": m.name, "unitOfMeasure": m.unit})
        add(_res("price-and-availability-plan", f"pa-{pname}" if len(pname) <= 47 else f"pa-plan-{i}", **pa), pfile)
    if meters:
        add(_res("price-and-availability-custom-meter", "custom-meters", product=product, customMeters=meters), src)
    if submission:
        add(_res("submission", "submission", product=product, target={"targetType": submission}), src)
    return out


# Content a configure body cannot carry: no resource field for it in any source (product-ingestion.md §2-§3).
_NO_FIELD = {
    "setup.listing_option": "call to action (only a third party's `callToAction`)",
    "setup.offer_url": "Get it now URL", "setup.trial_url": "Free trial URL",
    "setup.allow_install_without_license": "install without a license (only a third party's "
                                           "`requireLicenseForInstall`)",
    "listing.help_link": "help link", "listing.products": "supported products",
    "listing.supporting_documents": "supporting documents (listing-asset type pdfDocument needs a PDF URL; the build "
                                    "publishes none)",
    "listing.device_catalog_link": "device catalog link",
    "consulting": "consulting service type, duration and primary product",
    "technical_configuration.crm_package_url": "Dynamics 365 package URL",
    "technical_configuration.base_license_model": "Dynamics 365 base license model",
    "technical_configuration.package_type": "Business Central package type",
}


def _not_carried(offer, out: Body) -> None:
    """One left_out line per content field that holds a value no resource can carry."""
    d = offer.data
    for path, what in _NO_FIELD.items():
        head, _, rest = path.partition(".")
        value = getattr(d, head)
        value = getattr(value, rest) if rest else value.model_dump(exclude_defaults=True)
        if value not in (None, "", [], {}, False):
            out.left_out.append(f"{path}: {what}: no Product Ingestion field in any source")
    if d.setup.license_management and offer.type != "saas":
        out.left_out.append("setup.license_management: documented for SaaS only ([L-SaaS])")
    for plan in offer.plans:
        if plan.data.plan.service_id:
            out.left_out.append(f"{plan.source.display}: plan.service_id: no plan field in any source")
        tc = plan.data.technical_configuration
        if tc.authorizations or tc.tenant_id or tc.manifest_version:
            out.left_out.append(f"{plan.source.display}: technical_configuration (managed-service authorizations): "
                                "no resource in any source, nor in the v1 API")


def _reseller(offer, product: dict, out: Body, add) -> None:
    """``[reseller]`` -> the ``reseller`` resource; nothing when the content leaves Partner Center's default."""
    r = offer.data.reseller
    if r.resell_through_csps is None:
        return
    state = RESELL_THROUGH_CSPS[r.resell_through_csps][1]
    audiences = []
    if r.resell_through_csps == "specific-partners":
        audiences = [{"type": im.RESELLER_AUDIENCE_TYPE, "id": tenant} for tenant in r.csp_partners]
        if audiences:
            out.warnings.append(im.RESELLER_AUDIENCE_NOTE)
    # The schema requires `audiences`; Microsoft's own sample sends "audiences": [] (product-ingestion.md §2).
    res = _res("reseller", "reseller", product=product, resellerChannelState=state)
    res["audiences"] = audiences
    add(res, offer.source.display)


def _payments(term: str, payment: str) -> int:
    kind, n = im.TERMS[term]
    months = n * (12 if kind == "year" else 1)
    if payment == "monthly":
        return months
    if payment == "annual":
        return max(1, months // 12)
    return 1


def _pricing(plan, offer_type: str, out: Body) -> dict:
    pr = plan.data.pricing
    if offer_type == "saas":
        if not pr.model or pr.model not in ("flat-rate", "per-user"):
            if pr.model:
                out.left_out.append(f"{plan.source.display}: pricing.model '{pr.model}' has no SaaS API shape")
            return {}
        prices = []
        for b in pr.billing_terms:
            kind, n = im.TERMS[b.term]
            pay = im.PAYMENTS.get(b.payment, (kind, n))
            prices.append({"billingTerm": {"type": kind, "value": n},
                           "paymentOption": {"type": pay[0], "value": pay[1]},
                           "pricePerPaymentInUsd": round(b.price / _payments(b.term, b.payment), 6)})
        rec: dict = {"recurrentPriceMode": "perUser" if pr.model == "per-user" else "flatRate",
                     "priceInputOption": "usd", "prices": prices}
        pricing: dict = {"recurrentPrice": rec}
        if pr.metered_dimensions:
            terms = [im.TERMS[b.term] for b in pr.billing_terms] or [("month", 1)]
            pricing["customMeters"] = {"priceInputOption": "usd", "meters": {
                m.id: {"pricePerPaymentInUsd": m.price, "includedQuantities": [
                    {"billingTerm": {"type": k, "value": n},
                     **({"isInfinite": True} if m.included == "unlimited" else {"quantity": m.included})}
                    for k, n in dict.fromkeys(terms)]}
                for m in pr.metered_dimensions}}
        return pricing
    if offer_type == "azure-virtual-machine":
        if pr.model == "byol":
            return {"licenseModel": "byol"}
        if pr.model == "free":
            return {"licenseModel": "payAsYouGo", "corePricing": {"priceInputOption": "free"}}
        if pr.price_per_hour is not None:
            return {"licenseModel": "payAsYouGo", "corePricing": {"priceInputOption": "flat",
                                                                   "price": pr.price_per_hour}}
        if pr.model:
            out.left_out.append(f"{plan.source.display}: pricing.model '{pr.model}' is not exported for VMs yet")
        return {}
    if pr.model or pr.billing_terms or pr.metered_dimensions:
        out.left_out.append(f"{plan.source.display}: pricing: no source shows a price shape for "
                            f"{OFFER_TYPES[offer_type].label} plans")
    return {}
