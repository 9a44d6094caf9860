"""Rules: functions that look at one loaded offer and report diagnostics.

A rule has a stable code, a severity, the Partner Center section it belongs to
and, where a number is involved, a limit key into :mod:`.limits`; it applies to
an offer type and edition when its limit is documented there. Rules never read
files: the offer, its rendered description and its inspected images come in
through :class:`Context`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic
from ..load import field_string
from ..model import Offer, Plan, SourceFile
from ..names import OFFER_TYPES
from .limits import Limit, lookup

SECTIONS = ("Offer setup", "Properties", "Offer listing", "Preview audience", "Technical configuration",
            "Plan overview")


@dataclass(frozen=True)
class Rule:
    """One check. ``limit`` names a key of :data:`limits.TABLE`; ``types`` restricts offer types (None: all)."""

    code: str
    name: str
    severity: str
    section: str
    summary: str
    limit: str | None = None
    types: tuple[str, ...] | None = None
    func: Callable | None = None
    source: str = ""  # for rules without a limit key

    def applies(self, offer_type: str, edition: str) -> bool:
        if self.types is not None and offer_type not in self.types:
            return False
        if self.limit is not None and lookup(self.limit, offer_type, edition) is None:
            return False
        return True


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, section: str, summary: str, *, limit: str | None = None,
         types: tuple[str, ...] | None = None, source: str = ""):
    """Register a check function ``f(ctx)`` under ``code``."""

    def deco(func):
        assert code not in RULES, code
        RULES[code] = Rule(code, name, severity, section, summary, limit, types, func, source)
        return func

    return deco


def document(code: str, name: str, severity: str, section: str, summary: str, source: str = "") -> None:
    """Register a rule that the loader applies (syntax, unknown keys…) so the rules page lists it."""
    RULES[code] = Rule(code, name, severity, section, summary, None, None, None, source)


class Context:
    """What a rule sees: the offer, the edition, the rendered description and inspected images.

    images: field path (``media.large_logo``, ``media.screenshots[0].file``…) -> ImageInfo or a problem string.
    A description the loader refused (LP011) reaches the rules as '' (see :func:`withheld`).
    """

    def __init__(self, offer: Offer, edition: str, description, images: dict, config=None):
        self.offer = withheld(offer)
        self.config = config  # the SiteConfig, when the caller has one
        self.edition = edition
        self.description = description
        self.images = images
        self.type = offer.type if offer.type in OFFER_TYPES else "*"
        self.found: list[Diagnostic] = []
        self._rule: Rule | None = None
        self._limit: Limit | None = None

    # -- data access
    @property
    def data(self):
        return self.offer.data

    def limit(self, key: str | None = None) -> Limit | None:
        key = key or (self._rule.limit if self._rule else None)
        return lookup(key, self.type, self.edition) if key else None

    def refused(self, loc: tuple, plan: Plan | None = None) -> bool:
        """Whether the loader refused the value at ``loc`` (wrong type): a rule must not treat it as unset."""
        return _refused(plan.source if plan else self.offer.source, loc)

    # -- reporting
    def report(self, loc: tuple, message: str, hint: str = "", *, plan: Plan | None = None,
               source: SourceFile | None = None, line: int | None = None, limit: Limit | None = None) -> None:
        """Report a problem at field ``loc`` (a key path) of offer.toml, a plan file, or ``source``."""
        assert self._rule is not None, "report() is called by a running rule"
        src = source or (plan.source if plan else self.offer.source)
        if src.broken or _refused(src, loc):
            return  # the file's own error (syntax, wrong type) is the diagnostic; the default left behind is not
        pos = (line, None) if line else (src.position(loc) or (None, None))
        lim = limit or self._limit
        cite = lim.cite if lim else (self._rule.source if self._rule else "")
        self.found.append(Diagnostic(
            code=self._rule.code, severity=self._rule.severity, file=src.display, line=pos[0], column=pos[1],
            field=field_string(loc), message=message, hint=hint, source=cite, offer=self.offer.slug,
            plan=plan.id if plan else ""))


def withheld(offer: Offer) -> Offer:
    """``offer`` as the rules see it: a description or plan description the loader refused (LP011) is ''.

    Refused text is far beyond what the store accepts and may be pathological (a million '['); no rule scans it,
    and the field stays marked refused (``SourceFile.invalid``), so no rule reports it as empty either.
    """
    plans = [replace(p, data=p.data.model_copy(update={"plan": p.data.plan.model_copy(update={"description": ""})}))
             if ("plan", "description") in p.source.invalid else p for p in offer.plans]
    if ("listing", "description") in offer.description_source.invalid:
        return replace(offer, description="", plans=plans)
    return replace(offer, plans=plans) if any(a is not b for a, b in zip(plans, offer.plans, strict=True)) else offer


def _refused(src: SourceFile, loc: tuple) -> bool:
    """Whether the value at ``loc`` (or inside it, or a parent of it) was refused by the loader."""
    n = len(loc)
    return any(bad[:n] == loc or loc[:len(bad)] == bad for bad in src.invalid) if src.invalid else False


def check(offer: Offer, edition: str, description, images: dict,
          overrides: Mapping[str, str] | None = None, config=None) -> list[Diagnostic]:
    """Run every applicable rule on ``offer``; returns diagnostics with overrides applied ("off" drops)."""
    from . import checks  # noqa: F401  (registers the rules)

    ctx = Context(offer, edition, description, images, config)
    for r in RULES.values():
        if r.func is None or not r.applies(ctx.type, edition):
            continue
        ctx._rule, ctx._limit = r, (lookup(r.limit, ctx.type, edition) if r.limit else None)
        r.func(ctx)
    from ..importers import provenance  # fields an import could not carry are not "empty"

    return apply_overrides(provenance.apply(offer, ctx.found), overrides or {})


def apply_overrides(diags: list[Diagnostic], overrides: Mapping[str, str]) -> list[Diagnostic]:
    out = []
    for d in diags:
        sev = overrides.get(d.code)
        if sev == "off":
            continue
        out.append(replace(d, severity=sev) if sev else d)
    return out


def all_rules() -> list[Rule]:
    from ..importers import provenance  # noqa: F401
    from . import checks  # noqa: F401

    return sorted(RULES.values(), key=lambda r: r.code)
