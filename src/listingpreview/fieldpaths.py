"""Field paths: the one place that converts between the ways a field is named.

A field path names one value of ``offer.toml`` or a plan file, as a diagnostic reports it:
``listing.name``, ``media.screenshots[1].file``, ``pricing.billing_terms[0].price``. From it this module
derives the TOML key path (``("media", "screenshots", 1, "file")``), the Partner Center label
(:data:`listingpreview.names.FIELDS`), the HTML id a page gives the field (``field-media-screenshots-1-file``,
``plan-gold-field-plan-name``), the review section it belongs to, and the link a diagnostic takes to the
most precise spot of the pages that really show it.

Templates may write an index either way (``media.screenshots.1`` or ``media.screenshots[1]``): both give
the same key path and the same id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_PART = re.compile(r"[^.\[\]]+")
_NOT_ID = re.compile(r"[^a-z0-9]+")

# The review page's sections by the first part of a field path (Partner Center's Review and publish list).
_SECTIONS = {"offer": "Offer setup", "setup": "Offer setup", "properties": "Properties", "listing": "Offer listing",
             "media": "Offer listing", "preview": "Preview audience",
             "technical_configuration": "Technical configuration", "plan": "Plan overview",
             "pricing": "Plan overview"}

# Where a diagnostic's link looks for its field, in this order: the store's own pages first.
PAGE_ORDER = ("index.html", "plans.html", "review.html", "tiles.html", "snippet.html")


def parts(path: str) -> tuple[str | int, ...]:
    """Key path of a field path: ``"media.screenshots[1].file"`` -> ``("media", "screenshots", 1, "file")``."""
    return tuple(int(p) if p.isdigit() else p for p in _PART.findall(path))


def join(loc: Iterable[str | int]) -> str:
    """Field path of a key path: ``("media", "screenshots", 1, "file")`` -> ``"media.screenshots[1].file"``."""
    out = ""
    for p in loc:
        if isinstance(p, int) or (isinstance(p, str) and p.isdigit()):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


def normal(path: str) -> str:
    """The canonical spelling of a field path (indices in brackets)."""
    return join(parts(path))


def parents(path: str) -> list[str]:
    """The path and each parent, most precise first: ``a.b[1].c``, ``a.b[1]``, ``a.b``, ``a``."""
    loc = parts(path)
    return [join(loc[:i]) for i in range(len(loc), 0, -1)]


def schema_key(path: str) -> str:
    """The path without indices, as :data:`~listingpreview.names.FIELDS` keys it: ``media.screenshots.file``."""
    return join(p for p in parts(path) if not isinstance(p, int))


def root(path: str) -> str:
    """The first part: the TOML table a field lives in (``""`` for a file-level problem)."""
    loc = parts(path)
    return str(loc[0]) if loc else ""


def label(path: str) -> str:
    """The Partner Center label of a field (or of its nearest labelled parent); the path itself if none."""
    from .names import FIELDS

    key = schema_key(path)
    while key:
        if key in FIELDS:
            return FIELDS[key][0]
        key = key.rpartition(".")[0]
    return path


def plan_anchor(plan: str) -> str:
    """HTML id of a plan's section: ``plan-gold``."""
    return "plan-" + (_NOT_ID.sub("-", plan.lower()).strip("-") or "plan")


def anchor(path: str, plan: str = "") -> str:
    """HTML id of a field: ``field-listing-name``; a plan's field: ``plan-gold-field-plan-name``."""
    slug = _NOT_ID.sub("-", normal(path).lower()).strip("-") or "offer"
    return f"{plan_anchor(plan)}-field-{slug}" if plan else f"field-{slug}"


def candidates(path: str, plan: str = "") -> list[str]:
    """Ids that could show a field, most precise first: the field, its parents, then its plan's section."""
    out = [anchor(p, plan) for p in parents(path)]
    if plan:
        out.append(plan_anchor(plan))
    return out


def section(path: str, plan: str = "", code: str = "") -> str:
    """The review section of a field: a plan's fields go to Plan overview; else by its table, else by its rule."""
    if plan:
        return "Plan overview"
    found = _SECTIONS.get(root(path))
    if found:
        return found
    from .rules import RULES

    return RULES[code].section if code in RULES else "Offer setup"


def link(path: str, plan: str, ids_by_page: Mapping[str, Iterable[str]], fallback: str) -> str:
    """``page#id`` of the most precise spot that shows the field, among the ids each page really emitted.

    ``ids_by_page``: page name -> ids written through the layouts' ``anchor()``/``plan_anchor()``;
    ``fallback``: the link when no page shows the field (the diagnostic's own entry on the review page).
    """
    pages = {p: set(ids) for p, ids in ids_by_page.items()}
    order = [p for p in PAGE_ORDER if p in pages] + sorted(p for p in pages if p not in PAGE_ORDER)
    for a in candidates(path, plan):
        for page in order:
            if a in pages[page]:
                return f"{page}#{a}"
    return fallback
