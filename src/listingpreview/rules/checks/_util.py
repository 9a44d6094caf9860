"""Small helpers shared by the checks."""

from __future__ import annotations

from ...fieldpaths import join, label


def too_long(ctx, loc: tuple, value: str, what: str | None = None, **kw) -> None:
    """Report ``value`` when longer than the rule's limit (characters)."""
    lim = kw.pop("limit", None) or ctx.limit()
    if lim is None or lim.value is None or len(value) <= lim.value:
        return
    what = what or join(loc)
    ctx.report(loc, f"{what} is {len(value)} characters; the {ctx.edition} limit is {lim.value}.",
               f"Shorten it by {len(value) - lim.value} characters.", limit=lim, **kw)


def required(ctx, loc: tuple, value, why: str = "", **kw) -> bool:
    """Report an empty required value; True when it is present."""
    if value not in ("", None, [], {}):
        return True
    field = join(loc)
    ctx.report(loc, f"{field} ({label(field)}) is required{why} but is empty.",
               f"Set {field}.", **kw)
    return False
