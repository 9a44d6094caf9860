"""Every numeric limit of the rules table, at its boundary: at the limit passes, one over fails.

The cases are generated from ``rules.limits.TABLE`` as it is when the tests run (every key, edition and
offer type with a stated limit), so a changed or added number is tested without editing this file. A key
this file does not know how to fill in fails :func:`test_every_limit_key_is_covered` until it is added to
``FILL`` (a length or a count) or to ``NOT_A_BOUNDARY`` (with the reason).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from listingpreview import markup
from listingpreview.load import load_offer
from listingpreview.model import Offer
from listingpreview.names import EDITIONS, OFFER_TYPES
from listingpreview.rules import RULES, check
from listingpreview.rules.limits import TABLE, lookup

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "fabrikam-fieldnotes"  # has plans, useful links, a description


def _text(n: int) -> str:
    return ("abcdefghij" * (n // 10 + 1))[:n]


def _links(offer: Offer, n: int) -> None:
    from listingpreview.model import Link

    offer.data.listing.useful_links = [Link(title=f"Link {i}", url=f"https://example.com/{i}") for i in range(n)]


def _dims(offer: Offer, n: int) -> None:
    from listingpreview.model import MeteredDimension

    offer.plans[0].data.pricing.metered_dimensions = [
        MeteredDimension(id=f"dim{i}", name=f"Dimension {i}", unit="1 call", price=0.01, included=0)
        for i in range(n)]


def _description(offer: Offer, n: int) -> markup.Rendered:
    """A description whose rendered HTML is exactly ``n`` characters (the unit the store counts)."""
    overhead = markup.render("x").length - 1
    text = _text(n - overhead)
    offer.description = text
    rendered = markup.render(text)
    assert rendered.length == n
    return rendered


def _set(path: tuple, n: int):
    def fill(offer: Offer, n: int = n) -> None:
        target = offer.plans[0].data if path[0] == "plan" else offer.data
        for part in path[:-1]:
            target = getattr(target, part)
        setattr(target, path[-1], _text(n))
    return fill


def _amendments(offer: Offer, n: int) -> None:
    from listingpreview.model import CustomAmendment

    offer.data.properties.standard_contract = True  # amendments amend the Standard Contract (same rule, LP136)
    offer.data.properties.custom_amendments = [
        CustomAmendment(terms=f"Amendment {i}.", tenants=["3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"]) for i in range(n)]


def _own_terms(offer: Offer, n: int) -> None:
    offer.data.properties.standard_contract = False  # own terms instead of the Standard Contract (same rule, LP133)
    offer.data.properties.terms_of_use = _text(n)


def _subcategories(offer: Offer, n: int) -> None:
    """n subcategories Partner Center lists under one category of the offer type's store."""
    from listingpreview.names import APPSOURCE
    from listingpreview.rules.catalog import APPSOURCE_SUBCATEGORIES, AZURE_MARKETPLACE_SUBCATEGORIES

    appsource = OFFER_TYPES[offer.data.offer.type].store == APPSOURCE
    category, subs = ("Productivity", APPSOURCE_SUBCATEGORIES) if appsource else (
        "AI + Machine Learning", AZURE_MARKETPLACE_SUBCATEGORIES)
    assert len(subs[category]) >= n
    offer.data.properties.categories = [category]
    offer.data.properties.subcategories = {category: list(subs[category][:n])}


def _verticals(offer: Offer, n: int) -> None:
    from listingpreview.rules.catalog import VERTICALS

    assert len(VERTICALS["Professional Services"]) >= n
    offer.data.properties.industries = ["Professional Services"]
    offer.data.properties.verticals = {"Professional Services": list(VERTICALS["Professional Services"][:n])}


def _consulting_months(offer: Offer, n: int) -> None:
    from listingpreview.model import Consulting

    offer.data.consulting = Consulting(service_type="workshop", duration=n, duration_unit="months")


# limit key -> (rule code, how to fill the offer with a value of size n, the largest n that passes)
FILL = {
    "offer_id": ("LP101", lambda o, n: setattr(o.data.offer, "id", _text(n)), lambda v: v),
    # "offer ID + publisher ID must be under 40 characters": 39 together passes, 40 fails
    "offer_plus_publisher_id": ("LP102", lambda o, n: (setattr(o.data.offer, "publisher_id", "pub"),
                                                       setattr(o.data.offer, "id", _text(n - 3))), lambda v: v - 1),
    "offer_alias": ("LP103", lambda o, n: setattr(o.data.offer, "alias", _text(n)), lambda v: v),
    "name": ("LP104", lambda o, n: setattr(o.data.listing, "name", _text(n)), lambda v: v),
    "summary": ("LP106", lambda o, n: setattr(o.data.listing, "search_results_summary", _text(n)), lambda v: v),
    "short_description": ("LP108", lambda o, n: setattr(o.data.listing, "short_description", _text(n)),
                          lambda v: v),
    "description": ("LP109", None, lambda v: v),  # filled by _description: counted as rendered HTML
    "getting_started": ("LP110", lambda o, n: setattr(o.data.listing, "getting_started_instructions", _text(n)),
                        lambda v: v),
    "keywords": ("LP111", lambda o, n: setattr(o.data.listing, "keywords", [f"kw{i}" for i in range(n)]),
                 lambda v: v),
    "useful_link_title": ("LP112", lambda o, n: (_links(o, 1), setattr(o.data.listing.useful_links[0], "title",
                                                                        _text(n))), lambda v: v),
    "useful_links_count": ("LP113", _links, lambda v: v),
    "plan_id": ("LP501", lambda o, n: setattr(o.plans[0].data.plan, "id", _text(n)), lambda v: v),
    "plan_name": ("LP502", lambda o, n: setattr(o.plans[0].data.plan, "name", _text(n)), lambda v: v),
    "plan_summary": ("LP503", lambda o, n: setattr(o.plans[0].data.plan, "summary", _text(n)), lambda v: v),
    "plan_description": ("LP504", lambda o, n: setattr(o.plans[0].data.plan, "description", _text(n)),
                         lambda v: v),
    "metered_dimensions": ("LP511", _dims, lambda v: v),
    "products": ("LP118", lambda o, n: setattr(o.data.listing, "products", [f"Product {i}" for i in range(n)]),
                 lambda v: v),
    "keyword_length": ("LP128", lambda o, n: setattr(o.data.listing, "keywords", [_text(n)]), lambda v: v),
    "caption_length": ("LP312", lambda o, n: setattr(o.data.media.screenshots[0], "caption", _text(n)), lambda v: v),
    "custom_amendments": ("LP136", _amendments, lambda v: v),
    "terms_length": ("LP133", _own_terms, lambda v: v),
    "subcategories": ("LP134", _subcategories, lambda v: v),
    "verticals": ("LP135", _verticals, lambda v: v),
    "consulting_facts": ("LP124", _consulting_months, lambda v: v),  # the duration, in months
}

# Keys whose value is not one number with an "at most": each is tested where its rule is.
NOT_A_BOUNDARY = {
    "screenshots": "a (min, max) count of image files: tests/test_rules.py and test_media.py",
    "screenshot_size": "pixel sizes of images: tests/test_media.py",
    "video_thumbnail_size": "pixel sizes of images: tests/test_media.py",
    "videos": "a count of videos that each need a thumbnail image: tests/test_rules.py",
    "logos": "pixel sizes of images: tests/test_media.py",
    "categories": "a (min, max) count of values from the store's category list: tests/test_rules.py",
    "industries": "a count of values from the store's industry list: tests/test_rules.py",
    "preview_audience": "(min, max, kind) of audience IDs: tests/test_rules.py",
    "plans_count": "(total, private) counts of plan files: tests/test_rules.py",
    "pricing_models": "an allowed set, not a number",
    "billing_terms": "an allowed set, not a number",
    "vm_trial_months": "an allowed set, not a number",
    "private_audience": "(min, max, kind) of audience IDs: tests/test_rules.py",
    "public_plan": "at least one public plan: tests/test_rules.py",
    "manifest_version": "a pattern, not a number",
    "authorizations": "(min, max) of authorization rows: tests/test_rules.py",
    "managed_service_policy": "a flag, not a number",
    "language_phrase": "a phrase, not a number",
    "name_emoji": "allowed characters, not a number",
    "https": "a URL scheme, not a number",
    "video_hosts": "an allowed set, not a number",
    "description_tags": "an allowed set, not a number",
    "png_only": "a format, not a number",
    "saas_landing_page": "a URL form, not a number",
    "d365_license_buttons": "a call-to-action mapping: tests/test_cut_cta_sarif.py",
    "cert_language_phrase": "a phrase and where it goes, not a number: tests/test_certification_text.py (LP910)",
    "d365_package": "a base license model and a package URL: tests/test_rules_documented.py (LP127)",
    "help_link": "a flag (required, differs from the support URL): tests/test_rules_documented.py (LP119)",
    "iot_links": "a flag (two links required): tests/test_rules_documented.py (LP126)",
    "summary_not_title": "a flag (summary differs from the name): tests/test_rules_documented.py (LP116)",
    "solution_template_free": "an allowed set, not a number: tests/test_rules_documented.py (LP515)",
    "plan_name_chars": "a pattern, not a number: tests/test_rules_documented.py (LP516)",
    "offer_id_api": "(shortest, first-character pattern): tests/test_rules_documented.py (LP101)",
    "markets": "a (min, max) count of market codes: tests/test_rules_documented.py (LP517, 141 and 142)",
    "supporting_documents": "a (min, max) count of PDF files: tests/test_rules_documented.py (LP117)",
    "screenshot_file_size": "bytes of an image file on disk: tests/test_rules_documented.py (LP310, 1 MiB and one "
                            "byte over)",
    "logo_file_size": "bytes of an image file on disk; over 20 MiB the image reader refuses it first (LP301): "
                      "tests/test_rules_limits_boundary.py::test_microsoft_365_icon_file_size",
}


def _cases():
    for k in sorted(TABLE):
        if k not in FILL:
            continue
        for edition in EDITIONS:
            for offer_type in OFFER_TYPES:
                lim = lookup(k, offer_type, edition)
                if lim is None or not isinstance(lim.value, int) or isinstance(lim.value, bool):
                    continue
                code = FILL[k][0]
                if code in RULES and not RULES[code].applies(offer_type, edition):
                    continue
                yield pytest.param(k, edition, offer_type, lim.value, id=f"{k}-{edition}-{offer_type}-{lim.value}")


@pytest.fixture(scope="module")
def sample() -> Offer:
    offer = load_offer(SAMPLE, SAMPLE.parent, [], "sample")
    assert offer is not None and offer.plans
    return offer


def _found(offer: Offer, k: str, edition: str, n: int) -> list:
    code, fill, _ = FILL[k]
    if fill is None:
        rendered = _description(offer, n)
    else:
        fill(offer, n)
        rendered = markup.render(offer.description)
    return [d for d in check(offer, edition, rendered, {}) if d.code == code]


@pytest.mark.parametrize("k,edition,offer_type,value", list(_cases()))
def test_at_the_limit_passes_and_one_over_fails(sample, k, edition, offer_type, value):
    ok = FILL[k][2](value)
    at, over = copy.deepcopy(sample), copy.deepcopy(sample)
    for o in (at, over):
        o.data.offer.type = offer_type
    assert _found(at, k, edition, ok) == [], f"{k}: {ok} is within the {edition} limit for {offer_type}"
    found = _found(over, k, edition, ok + 1)
    assert found, f"{k}: {ok + 1} is over the {edition} limit {value} for {offer_type} but nothing was reported"
    assert all(d.severity in ("error", "warning") and d.source for d in found)


def test_every_limit_key_is_covered():
    unknown = sorted(set(TABLE) - set(FILL) - set(NOT_A_BOUNDARY))
    assert unknown == [], f"limit keys without a boundary test: {unknown} (add them to FILL or NOT_A_BOUNDARY)"
    stale = sorted((set(FILL) | set(NOT_A_BOUNDARY)) - set(TABLE))
    assert stale == [], f"keys no longer in the table: {stale}"


def test_the_cases_cover_every_numeric_limit():
    """Each (key, edition, type) with a stated number whose rule applies is a case: none is skipped silently."""
    cases = {tuple(p.values[:3]) for p in _cases()}
    assert len(cases) > 100
    for k in FILL:
        for edition in EDITIONS:
            for t in OFFER_TYPES:
                lim = lookup(k, t, edition)
                if lim is not None and isinstance(lim.value, int) and RULES[FILL[k][0]].applies(t, edition):
                    assert (k, edition, t) in cases
