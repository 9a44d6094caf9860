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


def pdf_problem(folder, rel: str) -> str | None:
    """Why ``rel`` (relative to the offer ``folder``) is not a readable PDF inside the folder; None when it is.

    Reads only the first bytes (the ``%PDF-`` signature); never follows a symlink or leaves the folder.
    """
    from ...load import safe_child

    path = safe_child(folder, rel)
    if path is None:
        return "is not a file inside the offer folder (no '..', absolute paths or symlinks)"
    try:
        if not path.is_file():
            return "does not exist"
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    if b"%PDF-" not in head:
        return "is not a PDF file (no %PDF- signature)"
    return None
