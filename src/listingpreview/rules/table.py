"""The rule catalogue as data for the rules page, and how many rules apply per offer type and edition."""

from __future__ import annotations

from ..names import OFFER_TYPES
from . import all_rules
from .limits import lookup


class RulesTable(list):
    """The rule rows (a list, as before) plus the conformance table for the rules page.

    ``conformance``: offer type label -> edition -> list of :class:`.conformance.Row`;
    ``conformance_counts``: list of dicts (type, edition, checked, reference, not_checkable).
    """

    conformance: dict
    conformance_counts: list


def rules_table() -> RulesTable:
    """Every rule with its limit per offer type and edition, and the conformance table, for the rules page."""
    from .conformance import NOT_CHECKABLE, conformance_rows, counts

    rows = RulesTable()
    conf = conformance_rows()
    rows.conformance = {}
    for row in conf:
        rows.conformance.setdefault(OFFER_TYPES[row.offer_type].label, {}).setdefault(row.edition, []).append(row)
    rows.conformance_counts = [
        {"type": OFFER_TYPES[t].label, "edition": e, "checked": n["checked"], "reference": n["reference"],
         "not_checkable": n[NOT_CHECKABLE]} for (t, e), n in counts(conf).items()]
    for r in all_rules():
        per = []
        if r.limit:
            for t in OFFER_TYPES:
                for e in ("latest", "2020"):
                    if r.types is not None and t not in r.types:
                        continue
                    lim = lookup(r.limit, t, e)
                    if lim is not None:
                        per.append({"type": OFFER_TYPES[t].label, "edition": e, "value": _fmt(lim.value),
                                    "source": lim.cite})
        rows.append({"rule": r, "limits": per,
                     "types": ", ".join(OFFER_TYPES[t].label for t in r.types) if r.types else "all"})
    from types import SimpleNamespace

    from .published import PUBLISHED_RULES

    for p in PUBLISHED_RULES.values():  # checked against a reference (--compare-to REF)
        shown = SimpleNamespace(code=p.code, name=p.name, severity="error", section=p.section,
                                summary=p.summary + " Checked against the published version (--compare-to REF).",
                                source=p.cite)
        rows.append({"rule": shown, "limits": [],
                     "types": ", ".join(OFFER_TYPES[t].label for t in p.types) if p.types else "all"})
    return rows


def rule_counts() -> dict[tuple[str, str], int]:
    """How many rules apply to each (offer type, edition)."""
    return {(t, e): sum(1 for r in all_rules() if r.func is not None and r.applies(t, e))
            for t in OFFER_TYPES for e in ("latest", "2020")}


def _fmt(v) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt(x)}" for k, x in v.items())
    if isinstance(v, tuple):
        if len(v) == 5 and isinstance(v[4], bool):
            size = f"{v[0]}×{v[1]}" if v[:2] == v[2:4] else f"{v[0]}×{v[1]} to {v[2]}×{v[3]}"
            return size + (" (required)" if v[4] else " (optional)")
        return ", ".join(str(x) for x in v)
    return str(v)
