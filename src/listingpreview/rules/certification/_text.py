"""Shared helpers of the text rules: which fields hold customer-facing text, and where a match is."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator


def fields(ctx, *, description: bool = True, plans: bool = True) -> Iterator[tuple[tuple, str, dict]]:
    """(field key path, text, report kwargs) of every customer-facing text field of the offer.

    The description is given as its Markdown source, line by line, so a match has its line.
    """
    lst = ctx.data.listing
    yield ("listing", "name"), lst.name, {}
    yield ("listing", "search_results_summary"), lst.search_results_summary, {}
    yield ("listing", "short_description"), lst.short_description, {}
    yield ("listing", "getting_started_instructions"), lst.getting_started_instructions, {}
    for i, shot in enumerate(ctx.data.media.screenshots):
        yield ("media", "screenshots", i, "caption"), shot.caption, {}
    if description:
        for n, line in enumerate(ctx.offer.description.splitlines(), 1):
            yield ("listing", "description"), line, {"source": ctx.offer.description_source, "line": n}
    if plans:
        for plan in ctx.offer.plans:
            p = plan.data.plan
            for key in ("name", "summary", "description"):
                yield ("plan", key), getattr(p, key), {"plan": plan}


def field_name(loc: tuple) -> str:
    """``("media", "screenshots", 0, "caption")`` -> ``media.screenshots[0].caption``."""
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def where(loc: tuple, kw: dict) -> str:
    """How a message names the place: ``listing.name``, ``the description``, ``plan gold: plan.name``.

    (The diagnostic's location already gives the description's file and line.)
    """
    if "line" in kw:
        return "the description"
    if "plan" in kw:
        return f"plan {kw['plan'].id}: {field_name(loc)}"
    return field_name(loc)


def norm(text: str) -> str:
    """Text folded for comparison: NFKC, case-folded, punctuation dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def alternation(words) -> str:
    """A regex alternation of ``words`` (longest first; a space matches spaces or hyphens); '' for none."""
    words = [w.strip() for w in words if w and w.strip()]
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"[\s-]+") for w in words), key=len, reverse=True))


def words_re(words) -> re.Pattern | None:
    """One case-insensitive pattern matching any of ``words`` as whole words; None for an empty list."""
    alts = alternation(words)
    return re.compile(r"(?<![\w#])(?:" + alts + r")(?![\w])", re.I) if alts else None
