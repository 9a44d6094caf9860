"""The third state of a field: not available from the source it was imported from.

``listingpreview import`` writes ``[import] not_in_source = [field paths]`` into
``offer.toml`` (and into a plan file for the plan's own fields). While such a
field is still empty, ``check`` does not call it "required but empty": the
emptiness is the import's, not the listing's. It reports the fields once per
offer in one info line instead, and the review page shows their sections as
"Not imported". As soon as the publisher fills a field in, every rule checks
it as usual.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ..diagnostics import Diagnostic
from ..model import Offer, Plan
from ..rules import document

CODE = "LP090"
NOT_IMPORTED = "Not imported"

# Rules that report an empty thing at a field that does not name it.
_FIELD_OF = {"LP513": "plans", "LP510": "plan.private_audience"}
# Review section of a field path's first part (as Partner Center groups them).
_SECTION = {"offer": "Offer setup", "setup": "Offer setup", "properties": "Properties", "listing": "Offer listing",
            "consulting": "Offer listing",
            "media": "Offer listing", "preview": "Preview audience",
            "technical_configuration": "Technical configuration",
            "plans": "Plan overview", "plan": "Plan overview", "pricing": "Plan overview"}
document(CODE, "not-imported", "info", "Offer setup",
         "Fields the import source could not carry are named once per offer, not reported as empty.",
         "listingpreview import ([import] not_in_source in offer.toml)")
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parts(path: str) -> list[str | int]:
    return [int(i) if i else k for k, i in _PART.findall(path)]


def value_at(offer: Offer, path: str, plan: Plan | None = None):
    """The value of a field path (``listing.support_contact.name``, ``media.videos[0].thumbnail``) or None."""
    if plan is None and path == "listing.description":
        return offer.description.strip()
    if plan is None and path == "plans":
        return offer.plans
    value: object = plan.data if plan else offer.data
    for part in _parts(path):
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)  # type: ignore[index]
        except (AttributeError, IndexError, TypeError):
            return None
    return value


def is_empty(value) -> bool:
    """Empty: '', None, an empty list or mapping, or a table holding only its defaults."""
    if isinstance(value, BaseModel):
        return value == type(value)()
    if isinstance(value, str):
        return not value.strip()
    return value in (None, [], {}, ())


def missing(offer: Offer) -> list[tuple[Plan | None, str]]:
    """(plan or None, field path) of every field the source did not carry that is still empty."""
    out: list[tuple[Plan | None, str]] = []
    rec = offer.data.imported
    if rec is not None:
        out += [(None, p) for p in dict.fromkeys(rec.not_in_source) if is_empty(value_at(offer, p))]
    for plan in offer.plans:
        prec = plan.data.imported
        if prec is not None:
            out += [(plan, p) for p in dict.fromkeys(prec.not_in_source) if is_empty(value_at(offer, p, plan))]
    return out


def _covers(nis: str, field: str) -> bool:
    return field == nis or field.startswith((nis + ".", nis + "[")) or nis.startswith((field + ".", field + "["))


def _source_name(offer: Offer) -> str:
    rec = offer.data.imported
    return (rec.source if rec and rec.source else "import source")


def apply(offer: Offer, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop the rule diagnostics that only say a not-imported field is empty; add one info line.

    A diagnostic is dropped when its field is, contains or lies inside a field the
    source did not carry and the value at the diagnostic's field is empty (so a
    rule complaining about a value that is there, such as an over-long summary,
    always stays).
    """
    gone = missing(offer)
    if not gone:
        return diags
    by_plan: dict[str, list[str]] = {}
    for plan, path in gone:
        by_plan.setdefault(plan.id if plan else "", []).append(path)
    plans = {p.id: p for p in offer.plans}
    kept = []
    for d in diags:
        field = _FIELD_OF.get(d.code, d.field)
        fields = by_plan.get(d.plan, [])
        plan = plans.get(d.plan) if d.plan else None
        if any(_covers(n, field) for n in fields) and is_empty(value_at(offer, field, plan)):
            continue
        kept.append(d)
    names = [f"{'plans/' + plan.source.path.name + ': ' if plan else ''}{path}" for plan, path in gone]
    src = offer.source
    kept.append(Diagnostic(
        code=CODE, severity="info", file=src.display, line=None, column=None, field="import.not_in_source",
        message=f"{len(names)} field{'s were' if len(names) != 1 else ' was'} not in the {_source_name(offer)} "
                f"record: {', '.join(names)}; fill them in before you submit.",
        hint="Until then check does not report them as empty; the review page shows their sections as Not imported.",
        source="listingpreview import", offer=offer.slug))
    return kept


def sections(offer: Offer) -> set[str]:
    """Review sections holding a field that was not imported and is still empty."""
    return {"Plan overview" if plan else _SECTION.get(str(_parts(path)[0]), "Offer setup")
            for plan, path in missing(offer)}
