"""Offer setup, Properties and Preview audience."""

from __future__ import annotations

import difflib
import re

from ... import cta
from ...names import APPSOURCE, DYNAMICS_TYPES, OFFER_TYPES
from ...urls import email_problem, is_guid
from .. import rule
from ..catalog import (
    APPSOURCE_CATEGORIES,
    APPSOURCE_SUBCATEGORIES,
    AZURE_MARKETPLACE_CATEGORIES,
    AZURE_MARKETPLACE_SUBCATEGORIES,
    CATEGORIES_SOURCE,
    INDUSTRIES,
    INDUSTRIES_SOURCE,
    VERTICALS,
)
from ._util import required, too_long

_OFFER_ID = re.compile(r"^[a-z0-9_-]+$")


@rule("LP006", "offer-type", "error", "Offer setup", "[offer] type is one of the Partner Center offer types.",
      source="Product Ingestion API schema product-2022-03-01-preview2, product.type (2023-02-02)")
def offer_type(ctx):
    t = ctx.offer.type
    if t in OFFER_TYPES:
        return
    close = difflib.get_close_matches(t, list(OFFER_TYPES), n=1, cutoff=0.5)
    hint = f"Did you mean '{close[0]}'?" if close else f"Use one of: {', '.join(OFFER_TYPES)}."
    ctx.report(("offer", "type"), f"offer.type '{t}' is not an offer type." if t else "offer.type is required but is empty.", hint)


@rule("LP101", "offer-id", "error", "Offer setup",
      "Offer ID: lowercase letters, digits, hyphens and underscores, no spaces, within the length limit.",
      limit="offer_id")
def offer_id(ctx):
    oid = ctx.data.offer.id
    if not required(ctx, ("offer", "id"), oid):
        return
    lim = ctx.limit().value
    if not _OFFER_ID.match(oid):
        bad = sorted(set(c for c in oid if not re.match(r"[a-z0-9_-]", c)))
        ctx.report(("offer", "id"), f"offer.id '{oid}' contains {', '.join(repr(c) for c in bad)}; "
                   "only lowercase letters, digits, '-' and '_' are allowed.",
                   f"Use '{re.sub(r'[^a-z0-9_-]+', '-', oid.lower()).strip('-')}'.")
    if len(oid) > lim:
        ctx.report(("offer", "id"), f"offer.id is {len(oid)} characters; the {ctx.edition} limit is {lim}.",
                   f"Shorten it by {len(oid) - lim} characters (it cannot change after the offer is created).")
    api = ctx.limit("offer_id_api")
    if api is not None:
        shortest, first = api.value
        if len(oid) < shortest:
            ctx.report(("offer", "id"), f"offer.id is {len(oid)} character(s); Partner Center's API needs at least "
                       f"{shortest}.", "Use a longer offer ID.", limit=api)
        elif _OFFER_ID.match(oid) and not re.match(first, oid):
            ctx.report(("offer", "id"), f"offer.id '{oid}' starts with '{oid[0]}'; it must start with a lowercase "
                       "letter or a digit.", f"Use '{oid.lstrip('-_')}'.", limit=api)


@rule("LP102", "offer-id-plus-publisher-id", "error", "Offer setup",
      "Dynamics 365: offer ID and publisher ID together must be under 40 characters.",
      limit="offer_plus_publisher_id")
def offer_plus_publisher(ctx):
    o = ctx.data.offer
    total = len(o.id) + len(o.publisher_id)
    lim = ctx.limit().value
    if o.id and o.publisher_id and total >= lim:
        ctx.report(("offer", "id"), f"offer.id + offer.publisher_id are {total} characters together; "
                   f"the {ctx.edition} rule is under {lim}.", f"Shorten the offer ID by {total - lim + 1} characters.")


@rule("LP103", "offer-alias", "error", "Offer setup", "Offer alias is set and within the API's length limit.",
      limit="offer_alias")
def offer_alias(ctx):
    alias = ctx.data.offer.alias
    if required(ctx, ("offer", "alias"), alias):
        too_long(ctx, ("offer", "alias"), alias)


@rule("LP120", "listing-option", "error", "Offer setup",
      "SaaS: sell through Microsoft, or a listing option with its Offer URL or Trial URL.",
      types=("saas",), source="[AD] create-new-saas-offer.md (2022-03-28)")
def listing_option(ctx):
    s = ctx.data.setup
    if s.sell_through_microsoft is None and s.listing_option is None:
        ctx.report(("setup",), "setup.sell_through_microsoft is not set and no setup.listing_option is chosen.",
                   "Set sell_through_microsoft = true, or choose listing_option = 'get-it-now', 'free-trial' or 'contact-me'.")
        return
    if s.sell_through_microsoft and s.listing_option:
        ctx.report(("setup", "listing_option"), "setup.listing_option is set although the offer sells through Microsoft "
                   "(the store shows 'Get it now').", "Remove listing_option, or set sell_through_microsoft = false.")
    if not s.sell_through_microsoft:
        if s.listing_option == "get-it-now":
            required(ctx, ("setup", "offer_url"), s.offer_url, " for Get it now (Free)")
        elif s.listing_option == "free-trial":
            required(ctx, ("setup", "trial_url"), s.trial_url, " for a listing-only Free trial")


@rule("LP121", "customer-leads", "error", "Offer setup",
      "A lead destination is set where Partner Center requires one (managed services; Contact me; "
      "test drive; transactable SaaS).",
      source="[AD] create-managed-service-offer.md (2021-09-13); create-new-saas-offer.md (2022-03-28)")
def customer_leads(ctx):
    s = ctx.data.setup
    needs = []
    if ctx.offer.type == "managed-service":
        needs.append("the managed services policy requires a lead destination")
    if cta.CONTACT_ME in cta.calls_to_action(ctx.offer) and ctx.offer.type in ("saas",) + DYNAMICS_TYPES:
        needs.append("'Contact me' sends leads")
    if s.test_drive:
        needs.append("a test drive sends leads")
    if ctx.offer.type == "saas" and s.sell_through_microsoft:
        needs.append("transactable SaaS offers send leads")
    if needs and not s.lead_destination:
        ctx.report(("setup", "lead_destination"), f"setup.lead_destination is required ({needs[0]}) but is empty.",
                   "Set lead_destination, e.g. 'https-endpoint' or 'referrals-workspace', and lead_contact_email.")
    if s.lead_contact_email and email_problem(s.lead_contact_email):
        ctx.report(("setup", "lead_contact_email"), f"setup.lead_contact_email '{s.lead_contact_email}' is not an email address.",
                   "Use an address like leads@contoso.com.")


@rule("LP122", "license-management", "error", "Offer setup",
      "ISV app license management: the second check box needs the first; only Dynamics 365 apps on Dataverse have it.",
      limit="d365_license_buttons")
def license_management(ctx):
    s = ctx.data.setup
    if s.allow_install_without_license and not s.license_management:
        ctx.report(("setup", "allow_install_without_license"),
                   "setup.allow_install_without_license is true but setup.license_management is false.",
                   "Enable license_management too, or turn this off.")
    if s.license_management and s.listing_option:
        ctx.report(("setup", "listing_option"), "setup.listing_option is ignored when license management is on "
                   "(the buttons come from the license settings).", "Remove listing_option.")
    if s.license_management and not ctx.offer.plans:
        ctx.report(("setup", "license_management"), "license management is on but the offer has no plans.",
                   "Add plans/<plan>.toml files with a service_id each.")


@rule("LP123", "call-to-action-type", "error", "Offer setup",
      "The listing option and test drive are available for the offer type.",
      source="[AD] determine-your-listing-type.md (2021-04-12)")
def cta_allowed(ctx):
    s = ctx.data.setup
    allowed = cta.ALLOWED.get(ctx.offer.type)
    if allowed is None:
        return
    labels = {"get-it-now": cta.GET_IT_NOW, "free-trial": cta.FREE_TRIAL, "contact-me": cta.CONTACT_ME}
    if s.listing_option and labels[s.listing_option] not in allowed:
        ctx.report(("setup", "listing_option"), f"setup.listing_option '{s.listing_option}' is not available "
                   f"for {OFFER_TYPES[ctx.offer.type].label} offers (they can have: {', '.join(allowed)}).",
                   "Remove it or choose an available option.")
    if s.test_drive and cta.TEST_DRIVE not in allowed:
        ctx.report(("setup", "test_drive"), f"a test drive is not available for {OFFER_TYPES[ctx.offer.type].label} offers.",
                   "Set test_drive = false.")


@rule("LP130", "categories-count", "error", "Properties", "Number of categories within the type's range.",
      limit="categories")
def categories_count(ctx):
    cats = ctx.data.properties.categories
    lo, hi = ctx.limit().value
    if not (lo <= len(cats) <= hi):
        ctx.report(("properties", "categories"), f"properties.categories has {len(cats)}; "
                   f"the {ctx.edition} rule is {lo} to {hi}.",
                   "Add a category." if len(cats) < lo else f"Keep at most {hi}.")


@rule("LP131", "unknown-category", "error", "Properties",
      "Each category is one Partner Center lists for the store.", source=CATEGORIES_SOURCE)
def unknown_category(ctx):
    t = OFFER_TYPES.get(ctx.offer.type)
    if t is None:
        return
    known = APPSOURCE_CATEGORIES if t.store == APPSOURCE else AZURE_MARKETPLACE_CATEGORIES
    if ctx.offer.type == "saas":
        known = tuple(dict.fromkeys(AZURE_MARKETPLACE_CATEGORIES + APPSOURCE_CATEGORIES))
    for cat in ctx.data.properties.categories:
        if cat not in known:
            close = difflib.get_close_matches(cat, known, n=1, cutoff=0.5)
            article = "an" if t.store[0] in "AEIOU" else "a"
            ctx.report(("properties", "categories"), f"category '{cat}' is not {article} {t.store} category.",
                       f"Did you mean '{close[0]}'?" if close else f"Use one of: {', '.join(known)}.")


@rule("LP132", "industries", "error", "Properties", "At most two industries, each a known one.", limit="industries")
def industries(ctx):
    inds = ctx.data.properties.industries
    lim = ctx.limit().value
    if len(inds) > lim:
        ctx.report(("properties", "industries"), f"properties.industries has {len(inds)}; the limit is {lim}.",
                   f"Keep at most {lim}.")
    for ind in inds:
        if ind not in INDUSTRIES:
            close = difflib.get_close_matches(ind, INDUSTRIES, n=1, cutoff=0.5)
            ctx.report(("properties", "industries"), f"industry '{ind}' is not a Partner Center industry "
                       f"({INDUSTRIES_SOURCE}).", f"Did you mean '{close[0]}'?" if close else "Check the spelling.")


@rule("LP133", "terms", "error", "Properties",
      "Legal terms: the Standard Contract or own terms and conditions (text or one URL), not both.",
      types=("managed-service", "saas", "azure-application", "azure-virtual-machine", "azure-container"),
      source="[AD] azure-vm-properties.md (2020-10-19); create-managed-service-offer-properties.md (2021-07-12)")
def terms(ctx):
    p = ctx.data.properties
    own = bool(p.terms_of_use or p.terms_of_use_url)
    if p.standard_contract and own:
        ctx.report(("properties", "standard_contract"), "both the Standard Contract and own terms are set; "
                   "Partner Center takes one or the other.", "Remove terms_of_use/terms_of_use_url or standard_contract.")
    if ctx.offer.type == "managed-service" and not p.terms_of_use and not p.terms_of_use_url:
        ctx.report(("properties", "terms_of_use"), "properties.terms_of_use (Terms and conditions) is required "
                   "for a Managed Service but is empty.", "Write the terms, or give terms_of_use_url.")
    elif not p.standard_contract and not own and not ctx.refused(("properties", "standard_contract")):
        ctx.report(("properties", "terms_of_use"), "no legal terms: neither standard_contract nor terms_of_use is set.",
                   "Set standard_contract = true, or write terms_of_use.")
    lim = ctx.limit("terms_length")
    if lim is not None and len(p.terms_of_use) > lim.value:
        ctx.report(("properties", "terms_of_use"), f"properties.terms_of_use is {len(p.terms_of_use):,} characters; "
                   f"the limit is {lim.value:,}.", "Shorten it, or link to the terms instead.", limit=lim)


@rule("LP401", "preview-audience", "error", "Preview audience",
      "Preview audience: how many IDs inline and in the CSV, and that each is the right kind of ID.",
      limit="preview_audience")
def preview_audience(ctx):
    inline_max, csv_max, kind = ctx.limit().value
    pv = ctx.data.preview
    _audience(ctx, ("preview", "audience"), pv.audience, ctx.offer.audience_rows, ctx.offer.audience_source,
              inline_max, csv_max, kind, None)
    # SaaS has the Preview audience tab only when it sells through Microsoft; then, like the others, min 1
    needs = ctx.offer.type != "saas" or bool(ctx.data.setup.sell_through_microsoft)
    if not pv.audience and not ctx.offer.audience_rows and needs:
        ctx.report(("preview",), "the preview audience is empty; Partner Center needs at least one ID to create a preview.",
                   f"Add {kind} IDs to preview.audience.")


def _audience(ctx, loc, inline, rows, rows_src, inline_max, csv_max, kind, plan):
    noun = {"email": "email addresses", "subscription": "subscription IDs", "tenant": "tenant IDs",
            "subscription-or-tenant": "subscription or tenant IDs"}[kind]
    if inline_max is not None and len(inline) > inline_max:
        ctx.report(loc, f"{'.'.join(loc)} lists {len(inline)} {noun}; at most {inline_max} may be entered by hand.",
                   f"Move them to a CSV file (up to {csv_max:,}).", plan=plan)
    if csv_max is not None and len(rows) > csv_max:
        ctx.report(loc[:-1] + (loc[-1] + "_csv",), f"the audience CSV holds {len(rows):,} {noun}; the limit is {csv_max:,}.",
                   f"Keep at most {csv_max:,}.", plan=plan)
    check = (lambda v: email_problem(v) is None) if kind == "email" else is_guid
    what = "an email address" if kind == "email" else "a GUID"
    for i, value in enumerate(inline):
        if not check(value):
            ctx.report(loc + (i,), f"{'.'.join(loc)}[{i}] '{value}' is not {what}.",
                       "Use the form 00000000-0000-0000-0000-000000000000." if kind != "email" else "Fix the address.",
                       plan=plan)
    for line, value in rows:
        if not check(value):
            ctx.report(loc, f"'{value}' is not {what}.", "Fix or remove this row.", source=rows_src, line=line, plan=plan)


audience = _audience  # used by the plan checks


@rule("LP127", "dataverse-package", "error", "Technical configuration",
      "Dynamics 365 apps on Dataverse with license management: Base license model User and the CRM package URL.",
      limit="d365_package")
def dataverse_package(ctx):
    if not ctx.data.setup.license_management:
        return
    tc = ctx.data.technical_configuration
    want = ctx.limit().value
    if tc.base_license_model is None:
        ctx.report(("technical_configuration", "base_license_model"), "technical_configuration.base_license_model is "
                   "required with license management but is empty.", f"Set base_license_model = \"{want}\".")
    elif tc.base_license_model != want:
        ctx.report(("technical_configuration", "base_license_model"), f"technical_configuration.base_license_model is "
                   f"'{tc.base_license_model}'; with license management it must be '{want}'.",
                   f"Set base_license_model = \"{want}\".")
    required(ctx, ("technical_configuration", "crm_package_url"), tc.crm_package_url, " with license management")


def _nested(ctx, loc, chosen: list[str], given: dict[str, list[str]], known: dict[str, tuple[str, ...]],
            parent: str, child: str, lim: int) -> None:
    for key, items in given.items():
        where = loc + (key,)
        if key not in chosen:
            ctx.report(where, f"{'.'.join(loc)} names '{key}', which is not one of the offer's {parent}.",
                       f"Add '{key}' to {parent}, or remove its {child}.")
            continue
        if len(items) > lim:
            ctx.report(where, f"{'.'.join(loc)}.{key} has {len(items)} {child}; the limit is {lim} per {parent[:-1]}.",
                       f"Keep at most {lim}.")
        allowed = known.get(key)
        for item in items:
            if allowed is not None and item not in allowed:
                close = difflib.get_close_matches(item, allowed, n=1, cutoff=0.5)
                ctx.report(where, f"'{item}' is not a {child[:-1]} of '{key}'.",
                           f"Did you mean '{close[0]}'?" if close else
                           (f"Use one of: {', '.join(allowed)}." if allowed else f"'{key}' has no {child}."))


@rule("LP134", "subcategories", "error", "Properties",
      "At most two subcategories per category, each one Partner Center lists under that category.",
      limit="subcategories")
def subcategories(ctx):
    t = OFFER_TYPES[ctx.type]
    known = dict(APPSOURCE_SUBCATEGORIES if t.store == APPSOURCE else AZURE_MARKETPLACE_SUBCATEGORIES)
    if ctx.type == "saas":
        both = set(AZURE_MARKETPLACE_SUBCATEGORIES) | set(APPSOURCE_SUBCATEGORIES)
        az, ap = AZURE_MARKETPLACE_SUBCATEGORIES, APPSOURCE_SUBCATEGORIES
        known = {k: tuple(dict.fromkeys(az.get(k, ()) + ap.get(k, ()))) for k in both}
    p = ctx.data.properties
    _nested(ctx, ("properties", "subcategories"), p.categories, p.subcategories, known, "categories",
            "subcategories", ctx.limit().value)


@rule("LP135", "verticals", "error", "Properties",
      "At most two verticals per industry, each one Partner Center lists under that industry.", limit="verticals")
def verticals(ctx):
    p = ctx.data.properties
    _nested(ctx, ("properties", "verticals"), p.industries, p.verticals, VERTICALS, "industries", "verticals",
            ctx.limit().value)


@rule("LP136", "custom-amendments", "error", "Properties",
      "Custom amendments: only with the Standard Contract, at most ten, each with terms and customer tenant IDs.",
      limit="custom_amendments")
def custom_amendments(ctx):
    p = ctx.data.properties
    lim = ctx.limit().value
    if (p.custom_amendments or p.universal_amendment) and not p.standard_contract:
        key = "custom_amendments" if p.custom_amendments else "universal_amendment"
        ctx.report(("properties", key), f"properties.{key} amends the Standard Contract, but standard_contract is "
                   "not set.", "Set standard_contract = true, or remove the amendments.")
    if len(p.custom_amendments) > lim:
        ctx.report(("properties", "custom_amendments"), f"the offer has {len(p.custom_amendments)} custom amendments; "
                   f"the limit is {lim}.", f"Keep at most {lim}.")
    for i, a in enumerate(p.custom_amendments):
        loc = ("properties", "custom_amendments", i)
        required(ctx, loc + ("terms",), a.terms)
        required(ctx, loc + ("tenants",), a.tenants, " (the customers who see this amendment)")
        for j, tenant in enumerate(a.tenants):
            if not is_guid(tenant):
                ctx.report(loc + ("tenants", j), f"properties.custom_amendments[{i}].tenants[{j}] '{tenant}' is not "
                           "a tenant ID (GUID).", "Use the customer's Azure AD tenant ID.")


@rule("LP137", "container-amendments", "error", "Properties",
      "Azure Container: the Standard Contract without amendments (amendments are not applicable to containers).",
      types=("azure-container",), source="[AD] azure-container-properties.md (2022-03-15)")
def container_amendments(ctx):
    p = ctx.data.properties
    for key in ("universal_amendment", "custom_amendments"):
        if getattr(p, key):
            ctx.report(("properties", key), f"properties.{key} is set, but amendments are not applicable to "
                       "container offers.", "Remove it.")
