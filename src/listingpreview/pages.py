"""Which pages exist for a site and what each page shows.

:func:`offer_view` turns one checked offer into the values its templates need
(store, URL, calls to action, images, review sections…); :func:`site_pages`
lists every page as (output path, template, context). Paths are POSIX,
relative to the output folder; every link in the pages is relative too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import cta, fieldpaths, markup, snippet
from .diagnostics import Diagnostic, counts, sort_key
from .importers import provenance
from .media import ImageInfo
from .model import Offer
from .names import (
    APPSOURCE,
    AZURE_MARKETPLACE,
    AZURE_TYPES,
    MARKETPLACE_SLUGS,
    MICROSOFT_MARKETPLACE,
    MICROSOFT_MARKETPLACE_HOST,
    OFFER_TYPES,
)
from .rules.catalog import APPSOURCE_CATEGORIES, AZURE_MARKETPLACE_CATEGORIES
from .rules.limits import lookup
from .urls import is_safe_href, parse_video

NOT_STARTED, INCOMPLETE, COMPLETE = "Not started", "Incomplete", "Complete"
NOT_IMPORTED = provenance.NOT_IMPORTED
# Tile summary: clamped to about three lines (inference, marketplace-ui.md §1.3): 3 × 200 px at 14 px.
TILE_SUMMARY_PX, TILE_FONT_PX = 600, 14
STORE_HOSTS = {AZURE_MARKETPLACE: "azuremarketplace.microsoft.com", APPSOURCE: "appsource.microsoft.com"}
STORE_TITLES = {AZURE_MARKETPLACE: "Microsoft Azure Marketplace", APPSOURCE: "Microsoft AppSource",
                MICROSOFT_MARKETPLACE: "Microsoft Marketplace"}
LEGACY_EDITION = "2020"  # the rules edition that keeps the two pre-2025 stores (storefront-2025.md §7)
# Offer types the Azure portal's Marketplace lists (storefront-2025.md §4: the portal's "Create a resource";
# Azure-only types and SaaS; consulting services are not in the portal, S1).
PORTAL_TYPES = AZURE_TYPES


@dataclass
class ImageRef:
    """An image as a page uses it: ``src`` relative to the offer's folder of pages, and its size."""

    src: str
    width: int
    height: int


@dataclass
class Section:
    name: str
    state: str
    diagnostics: list[Diagnostic]


@dataclass
class OfferView:
    """Everything the templates show for one offer."""

    offer: Offer
    slug: str
    type_label: str
    store: str
    store_url: str
    page_title: str
    buttons: list[str]
    pricing: list[str]
    description_html: str
    description_length: int
    description_limit: int | None
    plan_descriptions: dict[str, str]
    images: dict[str, ImageRef | None]
    logo_large: ImageRef | None
    logo_small: ImageRef | None
    videos: list[dict]
    useful_links: list[dict]
    diagnostics: list[Diagnostic]
    sections: list[Section]
    state: str
    counts: dict[str, int]
    serp_title: snippet.Cut
    serp_description: snippet.Cut
    tile_summary: snippet.Cut
    edition: str
    store_area: dict = field(default_factory=dict)  # the latest storefront's elements: see storefront()
    logo_medium: ImageRef | None = None  # 90 × 90, the Azure portal's gallery tile
    links: list[str] = field(default_factory=list)  # per diagnostic, in order: where its field is shown
    changes: object = None  # compare.OfferChanges when built with --compare-to
    changed: set[str] = field(default_factory=set)  # changed field paths, for the "Changed" marks

    def href(self, d: Diagnostic) -> str:
        """Link to the most precise spot showing ``d``'s field (set by the pipeline), else its review entry."""
        n = self.number(d)
        return self.links[n - 1] if n <= len(self.links) else f"review.html#diag-{n}"

    def number(self, d: Diagnostic) -> int:
        """1-based position of ``d`` in :attr:`diagnostics` (its ``diag-N`` anchor), by identity, so equal duplicates
        get distinct numbers; a dict, not ``list.index`` (a page of 40,000 problems stays linear)."""
        known = self.__dict__.get("_numbers")
        if known is None or known[0] is not self.diagnostics or known[1] != len(self.diagnostics):
            numbers: dict[int, int] = {}
            for i, x in enumerate(self.diagnostics, 1):
                numbers.setdefault(id(x), i)
            known = self.__dict__["_numbers"] = (self.diagnostics, len(self.diagnostics), numbers)
        return known[2].get(id(d)) or self.diagnostics.index(d) + 1

    def has_problem(self, field_path: str, plan: str = "") -> bool:
        """Whether a diagnostic is about ``field_path`` (or a part of it) of the offer or of ``plan``.

        Pages show a gap in red only when this is true, so a page never claims a problem the review
        page does not list.
        """
        for d in self.diagnostics:
            if d.plan == plan and (d.field == field_path or d.field.startswith((field_path + ".", field_path + "["))):
                return True
        return False

    @property
    def legacy(self) -> bool:
        return self.edition == LEGACY_EDITION


def card(view: OfferView) -> dict:
    """What a search-result tile and the site index show of an offer (JSON-safe, cached with the offer)."""
    d = view.offer.data
    logo = view.logo_small
    return {
        "slug": view.slug, "name": d.listing.name or view.slug, "publisher": d.offer.publisher or "Publisher",
        "type_label": view.type_label, "store": view.store, "summary": d.listing.search_results_summary,
        "summary_shown": view.tile_summary.shown, "pricing": view.pricing,
        "cta": view.buttons[0] if view.buttons else "",
        "logo": {"src": logo.src, "width": logo.width, "height": logo.height} if logo else None,
        "state": view.state, "errors": view.counts["error"], "warnings": view.counts["warning"],
        **({"store_area": view.store_area} if view.store_area else {}),
    }


def store_for(offer: Offer, edition: str = LEGACY_EDITION) -> str:
    """The storefront whose look the listing takes.

    ``latest``: Microsoft Marketplace, one store for every type since 2025-09-25 (storefront-2025.md §1).
    ``2020``: Azure Marketplace or AppSource by type; SaaS by its categories (plan-saas-offer.md).
    """
    if edition != LEGACY_EDITION:
        return MICROSOFT_MARKETPLACE
    t = OFFER_TYPES.get(offer.type)
    if t is None:
        return AZURE_MARKETPLACE
    if offer.type == "saas":
        cats = offer.data.properties.categories
        if cats and all(c in APPSOURCE_CATEGORIES and c not in AZURE_MARKETPLACE_CATEGORIES for c in cats):
            return APPSOURCE
    return t.store


def store_url(offer: Offer, store: str, locale: str, tab: str = "Overview") -> str:
    """The listing's address as the store forms it (partner-center-rules.md §1.3; storefront-2025.md §1).

    Microsoft Marketplace: ``https://marketplace.microsoft.com/<locale>/product/<type-slug>/<pub>.<offer>?tab=…``;
    consulting services ``…/marketplace/consulting-services/<pub>.<offer>``; types with no slug seen in
    live links take the slug-less form ``…/product/<pub>.<offer>``.
    """
    t = OFFER_TYPES.get(offer.type)
    pub = offer.data.offer.publisher_id or "publisher"
    oid = offer.data.offer.id or offer.slug
    if store == MICROSOFT_MARKETPLACE:
        base = f"https://{MICROSOFT_MARKETPLACE_HOST}/{locale}"
        if offer.type == "consulting-service":
            return f"{base}/marketplace/consulting-services/{pub}.{oid}"
        slug = MARKETPLACE_SLUGS.get(offer.type)
        return f"{base}/product/{slug + '/' if slug else ''}{pub}.{oid}?tab={tab}"
    if store == APPSOURCE:
        segment = "product/web-apps" if offer.type == "saas" else (t.url_segment if t else "product")
        if segment.startswith("marketplace/"):
            segment = "marketplace/consulting-services"
        return f"https://{STORE_HOSTS[APPSOURCE]}/{locale}/{segment}/{pub}.{oid}?tab=Overview"
    segment = t.url_segment if t else "marketplace/apps"
    return f"https://{STORE_HOSTS[AZURE_MARKETPLACE]}/{locale}/{segment}/{pub}.{oid}?tab=Overview"


def review_sections(offer: Offer, diags: list[Diagnostic], edition: str) -> list[Section]:
    """Partner Center's Review and publish list: each section Not started, Incomplete or Complete.

    Not started: none of the section's fields is filled in. Incomplete: filled in, with errors.
    Not imported: no errors, but fields the import source could not carry are still empty.
    Complete: filled in, no errors ([AD] review-publish-offer.md, 2022-02-16).
    """
    d = offer.data
    t = offer.type
    touched = {
        "Offer setup": bool(d.offer.id or d.offer.alias),
        "Properties": bool(d.properties.categories or d.properties.industries or d.properties.terms_of_use
                           or d.properties.terms_of_use_url or d.properties.standard_contract),
        "Offer listing": bool(d.listing.name or d.listing.search_results_summary or offer.description.strip()),
        "Preview audience": bool(d.preview.audience or d.preview.audience_csv),
        "Technical configuration": any(getattr(d.technical_configuration, k) for k in
                                       type(d.technical_configuration).model_fields),
        "Plan overview": bool(offer.plans),
    }
    names = ["Offer setup", "Properties", "Offer listing"]
    if lookup("preview_audience", t, edition) is not None and (t != "saas" or d.setup.sell_through_microsoft):
        names.append("Preview audience")
    if t == "saas" and d.setup.sell_through_microsoft:
        names.append("Technical configuration")
    # Listing-only SaaS offers have no plans; Dataverse apps get (licensing) plans with license management.
    has_plans = OFFER_TYPES[t].has_plans if t in OFFER_TYPES else False
    if (has_plans and not (t == "saas" and not d.setup.sell_through_microsoft)) or d.setup.license_management:
        names.append("Plan overview")
    by_section: dict[str, list[Diagnostic]] = {n: [] for n in names}
    not_imported = provenance.sections(offer)
    for diag in diags:
        by_section.setdefault(fieldpaths.section(diag.field, diag.plan, diag.code), []).append(diag)
    out = []
    for n, ds in by_section.items():
        if n not in names and not ds:
            continue
        errors = any(x.severity == "error" for x in ds)
        state = INCOMPLETE if errors and (touched.get(n, True) or n == "Offer setup") else (
            COMPLETE if touched.get(n, True) else NOT_STARTED)
        if state != INCOMPLETE and n in not_imported:  # the import source lacked some of its fields
            state = NOT_IMPORTED
        out.append(Section(n, state, ds))
    return out


def offer_view(offer: Offer, diags: list[Diagnostic], rendered: markup.Rendered, images: dict[str, ImageInfo | str],
               image_refs: dict[str, ImageRef], edition: str, locale: str) -> OfferView:
    """Build the template values of one offer. ``image_refs`` maps image keys to written files."""
    d = offer.data
    store = store_for(offer, edition)
    t = OFFER_TYPES.get(offer.type)
    buttons = cta.calls_to_action(offer, edition)
    lim = lookup("description", offer.type, edition)
    name = d.listing.name or d.offer.alias or offer.slug
    summary = d.listing.search_results_summary
    serp_desc_source = rendered.text or summary
    videos = []
    for i, v in enumerate(d.media.videos):
        ref = parse_video(v.url) if v.url else None
        good = ref if ref is not None and not isinstance(ref, str) else None  # a str says what is wrong
        videos.append({"index": i, "name": v.name, "href": good.watch_url if good else "",
                       "host": good.host if good else "",
                       "thumbnail": image_refs.get(f"media.videos[{i}].thumbnail")})
    links = [{"index": i, "title": link.title or link.url, "href": link.url if is_safe_href(link.url) else ""}
             for i, link in enumerate(d.listing.useful_links)]
    sections = review_sections(offer, diags, edition)
    state = (INCOMPLETE if any(s.state == INCOMPLETE for s in sections)
             else NOT_IMPORTED if any(s.state == NOT_IMPORTED for s in sections)
             else NOT_STARTED if all(s.state == NOT_STARTED for s in sections) else
             COMPLETE if all(s.state == COMPLETE for s in sections) else INCOMPLETE)
    return OfferView(
        offer=offer, slug=offer.slug, type_label=t.label if t else (offer.type or "Unknown type"), store=store,
        store_url=store_url(offer, store, locale), page_title=f"{name} - {STORE_TITLES[store]}",
        buttons=buttons, pricing=[cta.PRICING_LABELS[p] for p in cta.pricing_types(offer)],
        description_html=rendered.html, description_length=rendered.length,
        description_limit=lim.value if lim else None,
        plan_descriptions={p.id: markup.render(p.data.plan.description).html for p in offer.plans},
        images={k: image_refs.get(k) for k in images},
        logo_large=image_refs.get("media.large_logo"),
        logo_small=image_refs.get("derived.small_logo") or image_refs.get("media.small_logo"),
        videos=videos, useful_links=links, diagnostics=sorted(diags, key=sort_key), sections=sections, state=state,
        counts=counts(diags),
        serp_title=snippet.title(f"{name} - {STORE_TITLES[store]}"),
        serp_description=snippet.description(serp_desc_source),
        tile_summary=snippet.cut(summary, TILE_SUMMARY_PX, TILE_FONT_PX),
        edition=edition,
        store_area={} if edition == LEGACY_EDITION else storefront(offer, buttons, locale),
        logo_medium=image_refs.get("media.medium_logo") or image_refs.get("derived.medium_logo"),
    )


def offer_pages(view: OfferView) -> list[tuple[str, str]]:
    """(page file, layout) of an offer's store pages, before its review page.

    ``2020`` keeps the two pre-2025 stores' layouts (``layouts/legacy/``); ``latest`` adds the Azure
    portal view for the types the portal lists.
    """
    if view.legacy:
        return [("index.html", "legacy/index.html"), ("plans.html", "legacy/plans.html"),
                ("tiles.html", "legacy/tiles.html"), ("snippet.html", "snippet.html")]
    out = [("index.html", "index.html"), ("plans.html", "plans.html"), ("tiles.html", "tiles.html"),
           ("snippet.html", "snippet.html")]
    if view.store_area.get("portal"):
        out.append(("portal.html", "portal.html"))
    return out



# --------------------------------------------------------------------------------------------------
# The Microsoft Marketplace storefront (rules edition ``latest``): storefront-2025.md §1–§5.

TERM_WORDS = {"1-month": "month", "1-year": "year", "2-year": "2 years", "3-year": "3 years"}
TERM_MONTHS = {"1-month": 1, "1-year": 12, "2-year": 24, "3-year": 36}
PAYMENT_WORDS = {"upfront": "", "monthly": ", paid monthly", "annual": ", paid yearly"}
# Catalog API startingPrice units (ISO 8601 terms, or a meter unit) in words (storefront-2025.md §4).
ISO_UNITS = {"P1M": "month", "P1Y": "year", "P2Y": "2 years", "P3Y": "3 years", "P4Y": "4 years", "P5Y": "5 years",
             "Hour": "hour"}
# Tab query values: Overview, PlansAndPrice, DetailsAndSupport seen in live links (§1); the ratings
# tab's label and value are not confirmed (§6: "Ratings + reviews", RatingsAndReviews, [INF]).
TAB_QUERIES = {"overview": "Overview", "plans": "PlansAndPrice", "details": "DetailsAndSupport",
               "reviews": "RatingsAndReviews"}
# Catalog API badge values and the words the store shows (§2 Badges).
BADGE_LABELS = {"PreferredSolution": "Preferred solution", "PowerBICertified": "Power BI certified",
                "M365Certified": "Microsoft 365 Certified app", "Microsoft365Certified": "Microsoft 365 Certified app"}
# Types deployed into Azure, whose price line adds the infrastructure (§2, legacy key PlusAzureInfrastructureCost).
INFRASTRUCTURE_TYPES = ("azure-virtual-machine", "azure-application")
_HOLDERS = ("store", "catalog", "imported", "marketplace", "rating", "ratings", "offer", "listing", "properties")


def store_fact(offer: Offer, *names: str):
    """A value imported from the live store (ratings, badges, starting price…), or None.

    Imported records may carry these on the content model; they are read by name, defensively, so
    offers without them (hand-written content) show nothing rather than an invented value.
    """
    d = offer.data
    holders = [d] + [getattr(d, h, None) for h in _HOLDERS]
    for holder in holders:
        if holder is None:
            continue
        for n in names:
            v = holder.get(n) if isinstance(holder, dict) else getattr(holder, n, None)
            if v not in (None, "", [], {}, ()):
                return v
    return None


def money(amount: float, currency: str = "USD", digits: int = 2) -> str:
    """``$1,234.50`` for USD, ``1,234.50 EUR`` otherwise."""
    text = f"{amount:,.{digits}f}"
    return f"${text}" if currency.upper() == "USD" else f"{text} {currency.upper()}"


def plan_price(offer: Offer, plan) -> str:
    """A plan's price in words as a buyer reads it ("$99.00/month per user"), or "" when none is set."""
    pr = plan.data.pricing
    if offer.type == "managed-service" or pr.model == "byol":
        return "Bring your own license"
    if pr.model == "free":
        return "Free" + (" + Azure infrastructure costs" if offer.type in INFRASTRUCTURE_TYPES else "")
    if pr.billing_terms:
        unit = " per user" if pr.model == "per-user" else ""
        return "; ".join(f"{money(t.price, pr.currency)}/{TERM_WORDS[t.term]}{unit}{PAYMENT_WORDS[t.payment]}"
                         for t in pr.billing_terms)
    if pr.price_per_hour is not None:
        return f"{money(pr.price_per_hour, pr.currency, 3)}/hour + Azure infrastructure costs"
    if pr.metered_dimensions:
        return "Usage-based"
    if pr.model:
        return pr.model.replace("-", " ").capitalize()
    return ""


def _shown_plans(offer: Offer) -> list:
    """Plans buyers see: not private, not hidden ("Private offers are not visible in the online store", §4)."""
    return [p for p in offer.plans if p.data.plan.visibility != "private" and not p.data.plan.hidden]


def _starting_price(offer: Offer) -> str:
    """"Starting at $X/month": the imported ``startingPrice`` or the cheapest shown plan's price (§2)."""
    sp = store_fact(offer, "starting_price", "startingPrice")
    if sp is not None:
        get = sp.get if isinstance(sp, dict) else (lambda k, _sp=sp: getattr(_sp, k, None))
        cur = get("currency") or "USD"
        for price_key, unit_key in (("minTermPrice", "termUnits"), ("min_term_price", "term_units"),
                                    ("minMeterPrice", "meterUnits"), ("min_meter_price", "meter_units")):
            amount = get(price_key)
            if isinstance(amount, int | float):
                unit = str(get(unit_key) or "")
                unit = ISO_UNITS.get(unit, unit)
                return f"Starting at {money(float(amount), cur)}" + (f"/{unit}" if unit else "")
    best: tuple[float, str] | None = None
    for p in _shown_plans(offer):
        pr = p.data.pricing
        for t in pr.billing_terms:
            if t.price > 0:
                key = t.price / TERM_MONTHS[t.term]
                if best is None or key < best[0]:
                    best = (key, f"{money(t.price, pr.currency)}/{TERM_WORDS[t.term]}"
                                 + (" per user" if pr.model == "per-user" else ""))
        if pr.price_per_hour:
            key = pr.price_per_hour * 730  # hours in an average month, to compare with monthly terms
            if best is None or key < best[0]:
                best = (key, f"{money(pr.price_per_hour, pr.currency, 3)}/hour")
    return f"Starting at {best[1]}" if best else ""


def pricing_line(offer: Offer) -> list[str]:
    """The pricing line of tiles and the header: "Free", "Free trial", "Bring your own license",
    "Starting at $X/month" (or "Pay as you go"), "+ Azure infrastructure costs",
    "Additional purchase may be required" (storefront-2025.md §2, pricing-line labels)."""
    imported = store_fact(offer, "pricing_types", "pricingTypes")
    types = [t for t in imported if t in cta.PRICING_LABELS] if isinstance(imported, list | tuple) \
        else cta.pricing_types(offer)
    out = [cta.PRICING_LABELS[t] for t in ("Free", "FreeTrial", "Byol") if t in types]
    start = _starting_price(offer)
    if start:
        out.append(start)
    elif "Payg" in types:
        out.append(cta.PRICING_LABELS["Payg"])
    if offer.type in INFRASTRUCTURE_TYPES and out:
        out.append("+ Azure infrastructure costs")
    if "AdditionalPurchaseRequirement" in (store_fact(offer, "badges") or ()):
        out.append("Additional purchase may be required")
    return out


def badges(offer: Offer) -> list[str]:
    """Badge words from imported ``badges`` and ``azureBenefit`` (§2 Badges); none for hand-written content."""
    out = [BADGE_LABELS[b] for b in (store_fact(offer, "badges") or ()) if b in BADGE_LABELS]
    benefit = store_fact(offer, "azure_benefit", "azureBenefit")
    if benefit is True or benefit == "Eligible":
        out.append("Azure benefit eligible")
    return list(dict.fromkeys(out))


def rating(offer: Offer) -> dict:
    """``{"average": float | None, "count": int}`` from imported ratings; count 0 means "No ratings yet"."""
    avg = store_fact(offer, "rating_average", "ratingAverage", "average_rating", "average")
    count = store_fact(offer, "rating_count", "ratingCount", "count")
    try:
        avg_f = round(float(avg), 1) if avg is not None else None
        count_i = int(count) if count is not None else 0
    except (TypeError, ValueError):
        return {"average": None, "count": 0}
    if not count_i or avg_f is None:
        return {"average": None, "count": 0}
    return {"average": avg_f, "count": count_i, "stars": round(avg_f * 2) / 2}


def buyer_plans(offer: Offer) -> list[dict]:
    """The buyer's plans table: shown plans by name, with description, price in words, trial and meters.

    No plan IDs, visibility or authorizations (storefront-2025.md §4 "Not shown to buyers").
    """
    rows = []
    for p in _shown_plans(offer):
        pd = p.data
        pr = pd.pricing
        trial = ("Free trial: 1 month" if pd.plan.free_trial else
                 f"Free trial: {pd.plan.free_trial_months} month{'s' if pd.plan.free_trial_months != 1 else ''}"
                 if pd.plan.free_trial_months else "")
        meters = [{"name": m.name, "unit": m.unit, "price": "∞ (never charged)" if m.included == "unlimited" else
                   f"{money(m.price, pr.currency, 4 if m.price < 0.01 else 2)} {m.unit}".strip(),
                   "included": "∞" if m.included == "unlimited" else f"{m.included:,}"}
                  for m in pr.metered_dimensions]
        rows.append({"id": p.id, "name": pd.plan.name or p.id, "price": plan_price(offer, p), "trial": trial,
                     "meters": meters})
    return rows


def tabs(offer: Offer, plans: list[dict]) -> list[dict]:
    """The listing's tabs as the store shows them (storefront-2025.md §1 Tabs).

    Plans + Pricing only with plans to show; "Plans" when no shown plan has a price; Details + support
    and Ratings + reviews on every type (§1: "show Details + support for every type" [INF]).
    """
    out = [{"key": "overview", "label": "Overview", "href": "index.html#overview"}]
    if plans:
        priced = any(r["price"] for r in plans)
        out.append({"key": "plans", "label": "Plans + Pricing" if priced else "Plans", "href": "plans.html"})
    out.append({"key": "details", "label": "Details + support", "href": "index.html#details-support"})
    out.append({"key": "reviews", "label": "Ratings + reviews", "href": "index.html#ratings-reviews"})
    for t in out:
        t["query"] = TAB_QUERIES[t["key"]]
    return out


def storefront(offer: Offer, buttons: list[str], locale: str) -> dict:
    """Everything the Microsoft Marketplace pages show beyond the content fields (JSON-safe)."""
    d = offer.data
    plans = buyer_plans(offer)
    s = d.setup
    products = store_fact(offer, "supported_products", "supportedProducts") or []
    updated = store_fact(offer, "last_modified", "lastModifiedDateTime", "updated")
    types = cta.pricing_types(offer)
    in_portal = offer.type in PORTAL_TYPES
    return {
        "tabs": tabs(offer, plans),
        "plans": plans,
        "priced": any(r["price"] for r in plans),
        "pricing_line": pricing_line(offer),
        "badges": badges(offer),
        "rating": rating(offer),
        "products": [str(x) for x in products][:3] if isinstance(products, list | tuple) else [],
        "updated": str(updated)[:10] if updated else "",
        "urls": {t: store_url(offer, MICROSOFT_MARKETPLACE, locale, q) for t, q in TAB_QUERIES.items()},
        # Request private offer: for transactable offers only (S21, weak); the site turns it on.
        "private_offer_eligible": "Payg" in types or bool(s.sell_through_microsoft),
        "portal": in_portal,
        "portal_button": "Set up + subscribe" if offer.type == "saas" else "Create",
        "pricing_types": types,
        "free_trial": "FreeTrial" in types or cta.FREE_TRIAL in buttons,
        "test_drive": cta.TEST_DRIVE in buttons,
        "type": offer.type,
        "categories": list(d.properties.categories),
        "industries": list(d.properties.industries),
        "keywords": list(d.listing.keywords),
    }
