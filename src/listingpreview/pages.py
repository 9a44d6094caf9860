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
from .names import APPSOURCE, AZURE_MARKETPLACE, OFFER_TYPES
from .rules.catalog import APPSOURCE_CATEGORIES, AZURE_MARKETPLACE_CATEGORIES
from .rules.limits import lookup
from .urls import is_safe_href, parse_video

NOT_STARTED, INCOMPLETE, COMPLETE = "Not started", "Incomplete", "Complete"
NOT_IMPORTED = provenance.NOT_IMPORTED
# Tile summary: clamped to about three lines (inference, marketplace-ui.md §1.3): 3 × 200 px at 14 px.
TILE_SUMMARY_PX, TILE_FONT_PX = 600, 14
STORE_HOSTS = {AZURE_MARKETPLACE: "azuremarketplace.microsoft.com", APPSOURCE: "appsource.microsoft.com"}
STORE_TITLES = {AZURE_MARKETPLACE: "Microsoft Azure Marketplace", APPSOURCE: "Microsoft AppSource"}


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
    }


def store_for(offer: Offer) -> str:
    """The storefront whose look the listing takes: by type; SaaS by its categories (plan-saas-offer.md)."""
    t = OFFER_TYPES.get(offer.type)
    if t is None:
        return AZURE_MARKETPLACE
    if offer.type == "saas":
        cats = offer.data.properties.categories
        if cats and all(c in APPSOURCE_CATEGORIES and c not in AZURE_MARKETPLACE_CATEGORIES for c in cats):
            return APPSOURCE
    return t.store


def store_url(offer: Offer, store: str, locale: str) -> str:
    """The listing's address as the store forms it (partner-center-rules.md §1.3)."""
    t = OFFER_TYPES.get(offer.type)
    pub = offer.data.offer.publisher_id or "publisher"
    oid = offer.data.offer.id or offer.slug
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
    store = store_for(offer)
    t = OFFER_TYPES.get(offer.type)
    lim = lookup("description", offer.type, edition)
    name = d.listing.name or d.offer.alias or offer.slug
    summary = d.listing.search_results_summary
    serp_desc_source = rendered.text or summary
    videos = []
    for i, v in enumerate(d.media.videos):
        ref = parse_video(v.url) if v.url else None
        videos.append({"index": i, "name": v.name, "href": ref.watch_url if not isinstance(ref, (str, type(None))) else "",
                       "host": ref.host if not isinstance(ref, (str, type(None))) else "",
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
        buttons=cta.calls_to_action(offer), pricing=[cta.PRICING_LABELS[p] for p in cta.pricing_types(offer)],
        description_html=rendered.html, description_length=rendered.length,
        description_limit=lim.value if lim else None,
        plan_descriptions={p.id: markup.render(p.data.plan.description).html for p in offer.plans},
        images={k: image_refs.get(k) for k in images},
        logo_large=image_refs.get("media.large_logo"),
        logo_small=image_refs.get("derived.small_logo") or image_refs.get("media.small_logo"),
        videos=videos, useful_links=links, diagnostics=sorted(diags, key=sort_key), sections=sections, state=state, counts=counts(diags),
        serp_title=snippet.title(f"{name} - {STORE_TITLES[store]}"),
        serp_description=snippet.description(serp_desc_source),
        tile_summary=snippet.cut(summary, TILE_SUMMARY_PX, TILE_FONT_PX),
        edition=edition,
    )

