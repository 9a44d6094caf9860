"""Product Ingestion API JSON (a ``resource-tree`` or a ``configure`` body) -> an offer folder.

A resource tree is what Partner Center holds for an offer (draft, preview or
live): it carries what the public catalogue lacks (contacts, preview
audience, technical configuration, prices). References may be durable-ID
strings (``plan/<product>/<plan>``, trees) or ``{"externalId"}`` /
``{"resourceName"}`` objects (configure bodies). Mapping: the reverse of
:mod:`listingpreview.export.configure` (``product-ingestion.md`` §3, §5).

Dropped: ``validations``, ``target``, submissions, resources with
``lifecycleState: deleted``, lead secrets. Images: each asset's ``fileName``
is written as ``media/<fileName>`` and its URL kept; the file itself is not
downloaded, so ``check`` reports it missing until it is put there.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .. import ingestion_map as im
from ..load import slug_for
from ..names import OFFER_TYPES
from .catalog import Imported, _Obj, write_offer
from .safeio import ImportProblem

_LEADS_BACK = {v: k for k, v in im.LEAD_DESTINATIONS.items()}
_LOGO_BACK = {v: k for k, v in im.LOGO_ASSETS.items()}
_TERMS_BACK = {v: k for k, v in im.TERMS.items()}
_SUBTYPE = {"solutionTemplate": "solution-template", "managedApplication": "managed-application"}


def _type_of(r: dict) -> str:
    parsed = im.parse_schema_uri(r.get("$schema", "")) if isinstance(r.get("$schema"), str) else None
    if parsed:
        return parsed[0]
    rid = r.get("id")
    return rid.split("/")[0] if isinstance(rid, str) and "/" in rid else ""


def _external(identity) -> str:
    if isinstance(identity, dict):
        v = identity.get("externalId", identity.get("externalID", ""))
        return v if isinstance(v, str) else ""
    return ""


class _Tree:
    """The resources of a tree or body, by type, with reference resolution."""

    def __init__(self, value: dict):
        top = _Obj(value, "$")
        self.resources: list[tuple[str, _Obj]] = []
        for r in top.objs("resources"):
            if r.text("lifecycleState") == "deleted":
                continue
            rtype = _type_of(r.v)
            if not rtype:
                raise ImportProblem(f"{r.path} has neither a Product Ingestion $schema nor a durable id")
            if rtype != "submission":
                self.resources.append((rtype, r))
        if not self.of("product"):
            raise ImportProblem("$.resources holds no product resource")
        if len(self.of("product")) > 1:
            raise ImportProblem("$.resources holds more than one product; import one offer at a time")

    def of(self, rtype: str) -> list[_Obj]:
        return [r for t, r in self.resources if t == rtype]

    def resolve(self, ref, rtype: str) -> _Obj | None:
        """The resource a reference names: a durable ID, ``{"externalId"}`` or ``{"resourceName"}``."""
        for r in self.of(rtype):
            if isinstance(ref, str) and r.v.get("id") == ref:
                return r
            if isinstance(ref, dict):
                if "resourceName" in ref and r.v.get("resourceName") == ref["resourceName"]:
                    return r
                ext = ref.get("externalId", ref.get("externalID"))
                if ext is not None and _external(r.v.get("identity")) == ext:
                    return r
        if isinstance(ref, str) and rtype == "plan":  # durable plan/<product>/<plan>
            for r in self.of("plan"):
                if _external(r.v.get("identity")) == ref.rsplit("/", 1)[-1]:
                    return r
        return None


def tree_to_content(value, language: str | None = None) -> Imported:
    """Map a resource tree or configure body (parsed JSON) to content; ImportProblem for a wrong shape."""
    tree = _Tree(value)
    notes: list[str] = []
    product = tree.of("product")[0]
    offer_id = _external(product.v.get("identity"))
    ptype = product.text("type")
    otype = next((k for k, t in OFFER_TYPES.items() if t.ingestion and t.ingestion == ptype), None)
    if otype is None:
        raise ImportProblem(f"{product.path}.type '{ptype}' is not a Partner Center offer type")
    tree_schema = im.parse_schema_uri(value.get("$schema", "")) if isinstance(value.get("$schema"), str) else None
    notes += _kind_notes(tree, otype, from_partner_center=bool(tree_schema and tree_schema[0] == "resource-tree"))
    offer: dict = {"id": offer_id, "alias": product.text("alias"), "type": otype}
    data: dict = {"offer": offer}
    nis: list[str] = []

    setup: dict = {}
    for s in tree.of("commercial-marketplace-setup"):
        if otype == "saas" and s.flag("sellThroughMicrosoft") is not None:
            setup["sell_through_microsoft"] = s.flag("sellThroughMicrosoft")
    for lead in tree.of("customer-leads"):
        dest = _LEADS_BACK.get(lead.text("leadDestination"))
        if dest:
            setup["lead_destination"] = dest
    for td in tree.of("test-drive"):
        if td.flag("enabled"):
            setup["test_drive"] = True
    if not tree.of("customer-leads") and (otype == "managed-service" or setup.get("sell_through_microsoft")):
        nis.append("setup.lead_destination")
    if setup:
        data["setup"] = setup

    props: dict = {}
    for p in tree.of("property"):
        cats = p.obj("categories")
        for key in (cats.v if cats else {}):
            name = im.category_from_key(key)
            if name and name not in props.setdefault("categories", []):
                props["categories"].append(name)
            elif not name:
                notes.append(f"category key '{key}' has no Partner Center category name; left out")
        inds = p.obj("industries")
        for key in (inds.v if inds else {}):
            name = im.industry_from_key(key)
            if name:
                props.setdefault("industries", []).append(name)
            else:
                notes.append(f"industry key '{key}' has no industry name; left out")
        for src, dst in (("appVersion", "app_version"), ("termsOfUse", "terms_of_use"),
                         ("termsOfUseUrl", "terms_of_use_url")):
            if p.text(src):
                props[dst] = p.text(src)
        if p.text("termsConditions") == "standardMicrosoft":
            props["standard_contract"] = True
    if props:
        data["properties"] = props

    listings = tree.of("listing")
    langs = [lst.text("languageId").lower() for lst in listings]
    lang = language or ("en-us" if "en-us" in langs else (langs[0] if langs else "en-us"))
    listing = next((lst for lst in listings if lst.text("languageId").lower() == lang), None)
    if len(set(langs)) > 1:
        notes.append(f"listings in {', '.join(sorted(set(langs)))}: imported {lang} only")
    description = ""
    if listing is not None:
        description = listing.text("description")
        out: dict = {}
        if lang != "en-us":
            out["language"] = lang
        for src, dst in (("title", "name"), ("searchResultSummary", "search_results_summary"),
                         ("shortDescription", "short_description"),
                         ("gettingStartedInstructions", "getting_started_instructions"),
                         ("privacyPolicyLink", "privacy_policy_link")):
            if listing.text(src):
                out[dst] = listing.text(src)
        if listing.strs("searchKeywords"):
            out["keywords"] = listing.strs("searchKeywords")
        links = [{"title": g.text("displayText"), "url": g.text("link")} for g in listing.objs("generalLinks")]
        if links:
            out["useful_links"] = links
        for src, dst in (("supportContact", "support_contact"), ("engineeringContact", "engineering_contact")):
            c = listing.obj(src)
            if c is not None:
                got = {k: c.text(k) for k in ("name", "email", "phone", "url") if c.text(k)}
                if got:
                    out[dst] = got
        urls = {k: listing.text(s) for s, k in (("globalSupportWebsite", "azure_global"),
                                               ("governmentSupportWebsite", "azure_government")) if listing.text(s)}
        if urls:
            out["support_urls"] = urls
        data["listing"] = out
    else:
        notes.append("no listing resource: the listing is empty")

    media = _media(tree, listing, notes)
    if media:
        data["media"] = media

    reseller = _reseller(tree, notes)
    if reseller:
        data["reseller"] = reseller

    audience = [a.text("id") for pa in tree.of("price-and-availability-offer") for a in pa.objs("previewAudiences")
                if a.text("id")]
    if audience:
        data["preview"] = {"audience": audience}
    for tc in tree.of("software-as-a-service-technical-configuration"):
        got = {dst: tc.text(src) for src, dst in (("landingPageUrl", "landing_page_url"),
                                                 ("connectionWebhook", "connection_webhook_url"),
                                                 ("azureAdTenantId", "azure_ad_tenant_id"),
                                                 ("azureAdAppId", "azure_ad_app_id")) if tc.text(src)}
        if got:
            data["technical_configuration"] = got

    meter_names: dict[str, dict] = {}
    for cm in tree.of("price-and-availability-custom-meter"):
        meters = cm.obj("customMeters")
        for mid in (meters.v if meters else {}):
            m = meters.obj(mid) if meters else None
            if m is not None:
                meter_names[mid] = {"name": m.text("displayName"), "unit": m.text("unitOfMeasure")}
    plans: dict[str, dict] = {}
    for i, plan in enumerate(tree.of("plan")):
        pid = _external(plan.v.get("identity")) or f"plan-{i + 1}"
        pdata = _plan(tree, plan, pid, otype, lang, meter_names, notes)
        stem = slug_for(pid)
        while stem in plans:
            stem += "-2"
        plans[stem] = pdata
    target = value.get("target", {}).get("targetType", "") if isinstance(value.get("target"), dict) else ""
    source = f"Product Ingestion resource-tree ({target})" if target else "Product Ingestion configure body"
    data["import"] = {"source": source, "not_in_source": nis}
    return Imported(data, description, plans, notes)


def _kind_notes(tree: _Tree, otype: str, from_partner_center: bool) -> list[str]:
    """What the ``kind`` values say about the mapping table. Any kind is accepted for a known product type (it
    does not change the content). A kind that differs from the table's is always named; a resource tree (what
    Partner Center returns) that carries the table's derived kinds confirms them, which is how a derived kind is
    verified. A configure body proves nothing: it may have been written from the table itself."""
    want = im.KIND_TABLE.get(otype)
    if want is None:
        return []
    notes, confirmed = [], []
    for rtype in ("listing", "property", "plan-listing"):
        expected = want.plan_listing if rtype == "plan-listing" else want.listing
        status = (want.plan_listing_source if rtype == "plan-listing" else want.listing_source).status
        for kind in sorted({r.text("kind") for r in tree.of(rtype) if r.text("kind")}):
            if kind != expected:
                notes.append(f"{rtype} kind '{kind}' differs from the mapping table's '{expected}' ({status}); "
                             "export writes the table's value: report the tree's value so the table can be fixed")
            elif status == "derived" and from_partner_center:
                confirmed.append(f"{rtype} '{kind}'")
    if confirmed:
        notes.append(f"this resource tree confirms the derived kinds of the mapping table: {', '.join(confirmed)} "
                     f"({im.DERIVATION_RULE})")
    return notes


def _reseller(tree: _Tree, notes: list[str]) -> dict:
    out: dict = {}
    for r in tree.of("reseller"):
        state = r.text("resellerChannelState")
        value = im.RESELLER_STATES.get(state)
        if value is None:
            if state:
                notes.append(f"reseller.resellerChannelState '{state}' has no content value; left out")
            continue
        out["resell_through_csps"] = value
        ids = []
        audiences = r.v.get("audiences")
        for a in audiences if isinstance(audiences, list) else []:
            if isinstance(a, str):
                ids.append(a)
            elif isinstance(a, dict) and isinstance(a.get("id"), str):
                ids.append(a["id"])
        if ids:
            out["csp_partners"] = ids
    return out


def _media(tree: _Tree, listing: _Obj | None, notes: list[str]) -> dict:
    media: dict = {}
    shots: list[tuple[int, dict, str]] = []
    for a in tree.of("listing-asset"):
        owner = a.v.get("listing")
        if listing is not None and owner is not None and tree.resolve(owner, "listing") is not listing:
            continue  # another language's asset
        atype, name = a.text("type"), PurePosixPath(a.text("fileName")).name
        path = f"media/{name}" if name else ""
        if atype in _LOGO_BACK:
            slot = _LOGO_BACK[atype]
            if path:
                media[slot] = path
            if a.text("url"):
                media[f"{slot}_url"] = a.text("url")
        elif atype == im.SCREENSHOT_ASSET:
            order = a.number("displayOrder")
            shots.append((int(order) if order is not None else len(shots),
                          {k: v for k, v in (("file", path), ("caption", a.text("description"))) if v}, a.text("url")))
        elif atype:
            notes.append(f"listing asset of type {atype} is not part of the content format; left out")
    if shots:
        shots.sort(key=lambda s: s[0])
        media["screenshots"] = [s for _, s, _ in shots]
        urls = [u for _, _, u in shots if u]
        if urls:
            media["screenshot_urls"] = urls
    videos = []
    for t in tree.of("listing-trailer"):
        assets = t.obj("assets")
        en = assets.obj("en-us") if assets else None
        video: dict = {"name": en.text("title") if en else "", "url": t.text("streamingUrl")}
        images = en.objs("imageList") if en else []
        if images:
            # The schema's image is {url} only: the file name is the URL's (or an older body's fileName).
            name = PurePosixPath(images[0].text("fileName") or urlsplit(images[0].text("url")).path).name
            if name:
                video["thumbnail"] = f"media/{name}"
            if images[0].text("url"):
                video["thumbnail_url"] = images[0].text("url")
        videos.append(video)
    if videos:
        media["videos"] = videos
    return media


def _plan(tree: _Tree, plan: _Obj, pid: str, otype: str, lang: str, meter_names: dict, notes: list[str]) -> dict:
    info: dict = {"id": pid}
    for pl in tree.of("plan-listing"):
        if tree.resolve(pl.v.get("plan"), "plan") is plan and pl.text("languageId").lower() in (lang, ""):
            for key in ("name", "summary", "description"):
                if pl.text(key):
                    info[key] = pl.text(key)
    if "name" not in info and plan.text("alias"):
        info["name"] = plan.text("alias")
    if plan.text("subtype") in _SUBTYPE:
        info["subtype"] = _SUBTYPE[plan.text("subtype")]
    pricing: dict = {}
    for pa in tree.of("price-and-availability-plan"):
        if tree.resolve(pa.v.get("plan"), "plan") is not plan:
            continue
        if pa.text("audience") == "private":
            info["visibility"] = "private"
            ids = [a.text("id") for a in pa.objs("privateAudiences") if a.text("id")]
            if ids:
                info["private_audience"] = ids
        if pa.text("visibility") == "hidden":
            info["hidden"] = True
        trial = pa.obj("trial")
        if trial is not None and trial.text("type") == "month":
            value = int(trial.number("value") or 0)
            if otype == "saas":
                info["free_trial"] = True
            elif value:
                info["free_trial_months"] = value
        pr = pa.obj("pricing")
        if pr is not None:
            pricing = _pricing(pr, otype, meter_names, pid, notes)
    out: dict = {"plan": info}
    if pricing:
        out["pricing"] = pricing
    return out


def _pricing(pr: _Obj, otype: str, meter_names: dict, pid: str, notes: list[str]) -> dict:
    out: dict = {}
    rec = pr.obj("recurrentPrice")
    if rec is not None:
        out["model"] = "per-user" if rec.text("recurrentPriceMode") == "perUser" else "flat-rate"
        terms = []
        for p in rec.objs("prices"):
            bt, po = p.obj("billingTerm"), p.obj("paymentOption")
            key = (bt.text("type"), int(bt.number("value") or 0)) if bt else ("", 0)
            term = _TERMS_BACK.get(key)
            if term is None:
                notes.append(f"plan {pid}: billing term {key} is not one the content format has; left out")
                continue
            pay = (po.text("type"), int(po.number("value") or 0)) if po else key
            payment = "upfront" if pay == key else {("month", 1): "monthly", ("year", 1): "annual"}.get(pay, "upfront")
            n = _payments(term, payment)
            per = p.number("pricePerPaymentInUsd") or 0.0
            terms.append({"term": term, "payment": payment, "price": round(per * n, 2)})
        if terms:
            out["billing_terms"] = terms
    cm = pr.obj("customMeters")
    meters = cm.obj("meters") if cm else None
    if meters is not None:
        dims = []
        for mid in meters.v:
            m = meters.obj(mid)
            if m is None:
                continue
            d: dict = {"id": mid, **meter_names.get(mid, {"name": mid, "unit": ""}),
                       "price": float(m.number("pricePerPaymentInUsd") or 0.0)}
            inc = m.objs("includedQuantities")
            if inc:
                d["included"] = "unlimited" if inc[0].flag("isInfinite") else int(inc[0].number("quantity") or 0)
            dims.append(d)
        if dims:
            out["metered_dimensions"] = dims
    if otype == "azure-virtual-machine":
        if pr.text("licenseModel") == "byol":
            out["model"] = "byol"
        core = pr.obj("corePricing")
        if core is not None and core.text("priceInputOption") == "free":
            out["model"] = "free"
        elif core is not None and core.number("price") is not None:
            out["price_per_hour"] = float(core.number("price") or 0.0)
    return out


def _payments(term: str, payment: str) -> int:
    kind, n = im.TERMS[term]
    months = n * (12 if kind == "year" else 1)
    return months if payment == "monthly" else max(1, months // 12) if payment == "annual" else 1


def import_tree(value, content_dir, *, force: bool = False):
    """Import a resource tree or configure body into ``content_dir/<offer id>``; returns the folder and notes."""
    got = tree_to_content(value)
    slug = slug_for(got.offer["offer"]["id"] or "offer")
    header = f"# Imported from a {got.offer['import']['source']}.\n"
    return write_offer(got, content_dir, slug, force=force, header=header)
