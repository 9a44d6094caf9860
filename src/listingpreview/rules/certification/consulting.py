"""Certification lint for consulting services: the title 'Name: Duration + type', and a duration and
service type that agree with themselves and with the rest of the listing."""

from __future__ import annotations

import re

from .. import rule
from . import sources

TYPES = {"assessment": "Assessment", "briefing": "Briefing", "implementation": "Implementation",
         "proof of concept": "Proof of concept", "workshop": "Workshop"}
_TYPE = r"(assessment|briefing|implementation|proof[\s-]+of[\s-]+concept|poc|workshop)s?"
_UNIT = r"(minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|mos?)"
DURATION = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?|half|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                      r"[\s-]*" + _UNIT + r"(?![\w])", re.I)
_TYPE_RE = re.compile(r"(?<![\w-])" + _TYPE + r"(?![\w-])", re.I)
_NUMBERS = {"half": 0.5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "twelve": 12}
_HOURS = {"m": 1 / 60, "h": 1, "d": 8, "w": 40, "mo": 160}


def service_type(text: str) -> str | None:
    """The consulting service type named in ``text`` ('Workshop', 'Proof of concept'…), else None."""
    m = _TYPE_RE.search(text)
    if not m:
        return None
    word = re.sub(r"[\s-]+", " ", m.group(1).lower())
    return "Proof of concept" if word == "poc" else TYPES[word]


def duration(text: str) -> tuple[float, str, str] | None:
    """(amount, unit key 'm'|'h'|'d'|'w'|'mo', as written) of the first duration in ``text``, else None."""
    m = DURATION.search(text)
    if not m:
        return None
    n = m.group(1).lower()
    amount = _NUMBERS[n] if n in _NUMBERS else float(n)
    u = m.group(2).lower()
    unit = "mo" if u.startswith("mo") else "m" if u.startswith("m") else u[0]
    return amount, unit, m.group(0)


def months(d: tuple[float, str, str]) -> float:
    return d[0] * _HOURS[d[1]] / _HOURS["mo"]


@rule("LP920", "consulting-title", "warning", "Offer listing",
      "A consulting service's name has the form 'Name: Duration + type', e.g. 'Smart Toasters: 1-Week Workshop', "
      "with one of the five service types last.", types=("consulting-service",),
      source=sources.CONSULTING + " ('The required format is Name: Duration + type'); " + sources.LISTING_CRITERIA)
def consulting_title(ctx):
    name = ctx.data.listing.name.strip()
    if not name:
        return
    example = "Smart Toasters: 1-Week Workshop"
    head, colon, tail = name.rpartition(":")
    if not colon or not head.strip():
        ctx.report(("listing", "name"), f"listing.name '{name}' does not have the form 'Name: Duration + type'.",
                   f"Write it like '{example}' (types: {', '.join(TYPES.values())}).")
        return
    missing = [w for w, ok in (("duration", duration(tail)), ("service type", service_type(tail))) if not ok]
    if missing:
        ctx.report(("listing", "name"), f"listing.name '{name}': the part after the colon names no "
                   f"{' and no '.join(missing)}.",
                   f"Write it like '{example}' (types: {', '.join(TYPES.values())}).")
        return
    last = list(_TYPE_RE.finditer(tail))[-1]
    rest = tail[last.end():].strip(" .")
    if rest:
        ctx.report(("listing", "name"), f"listing.name '{name}' has '{rest}' after the service type; the type "
                   "ends the name.", f"Remove '{rest}'.")


@rule("LP921", "consulting-duration", "warning", "Offer listing",
      "A consulting service's duration is at most 12 months, and the summary and description name the same "
      "duration and service type as the name.", types=("consulting-service",),
      source=sources.CONSULTING + " ('a predetermined duration of up to 12 months'); " + sources.LISTING_CRITERIA
      + " ('ensure that the service type matches the title')")
def consulting_duration(ctx):
    lst = ctx.data.listing
    tail = lst.name.rpartition(":")[2]
    d, t = duration(tail), service_type(tail)
    if d and months(d) > 12:
        ctx.report(("listing", "name"), f"listing.name gives a duration of {d[2]}; a consulting service lasts at "
                   "most 12 months.", "Split the engagement, or state a duration of 12 months or less.")
    # The summary and description may name the engagement again, as 'a 3-day workshop'. A different
    # duration or type there means one of the two is out of date.
    pair = re.compile(DURATION.pattern + r"[\s-]+(?:\w+[\s-]+)?" + _TYPE, re.I)
    for loc, text, kw in ((("listing", "search_results_summary"), lst.search_results_summary, {}),
                          (("listing", "description"), ctx.offer.description,
                           {"source": ctx.offer.description_source})):
        for m in pair.finditer(text or ""):
            other_d, other_t = duration(m.group(0)), service_type(m.group(0))
            what = []
            if d and other_d and abs(months(other_d) - months(d)) > 1e-6:
                what.append(f"{other_d[2]} instead of {d[2]}")
            if t and other_t and other_t != t:
                what.append(f"{_a(other_t)} instead of {_a(t)}")
            if what:
                if "source" in kw:
                    kw = {**kw, "line": text[:m.start()].count("\n") + 1}
                ctx.report(loc, f"{'the description' if kw else 'listing.search_results_summary'} says "
                           f"'{m.group(0)}': {' and '.join(what)} as in the name '{lst.name}'.",
                           "Make the name and the text agree on the duration and the service type.", **kw)
                break


def _a(service: str) -> str:
    """'an assessment', 'a workshop'."""
    s = service.lower()
    return ("an " if s[0] in "aeiou" else "a ") + s
