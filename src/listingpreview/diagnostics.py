"""Diagnostics: what is wrong, where, and how to fix it; text and JSON renderers."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, fields

from .fieldpaths import anchor as field_anchor  # noqa: F401  (re-exported: the field-path module owns ids)
from .fieldpaths import plan_anchor  # noqa: F401

SEVERITIES = ("error", "warning", "info")
# C0 and C1 controls, DEL, and the Unicode line/paragraph separators and bidi overrides: in a terminal they can
# clear the screen, recolour it or set its title, and a line break splits one diagnostic (and one CI annotation).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\n``, ``\\u202e``); else unchanged.

    Idempotent: the escapes are printable, so escaping twice gives the same string.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _NAMED.get(m.group()) or (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                                          else f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in offer content.

    code: stable rule code, e.g. ``LP104``.
    severity: ``error``, ``warning`` or ``info``.
    file: path as shown to the user (relative to the site folder where possible).
    line, column: 1-based position of the value, or None when the value is not written.
    field: field path, e.g. ``listing.name`` or ``media.screenshots[1].file``.
    message: what is wrong, with the actual and the allowed value.
    hint: how to fix it.
    source: the document (and its date) the rule's limit comes from.
    offer: offer folder slug; plan: plan ID where the field is a plan's.
    """

    code: str
    severity: str
    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str = ""
    source: str = ""
    offer: str = ""
    plan: str = ""
    extra: dict = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # Values come from publisher content (offer IDs, paths, URLs): escape control characters here, once,
        # so every format (text, JSON, SARIF, JUnit, GitHub annotations, pages) shows one diagnostic per line.
        for f in _TEXT_FIELDS:
            value = getattr(self, f)
            if isinstance(value, str) and _CONTROL.search(value):
                object.__setattr__(self, f, escape_controls(value))

    @property
    def location(self) -> str:
        loc = self.file
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc

    @property
    def anchor(self) -> str:
        """The HTML id of the field this diagnostic concerns (see :func:`field_anchor`)."""
        return field_anchor(self.field, self.plan)

    def text(self) -> str:
        """One line: ``file:line:col: severity CODE message hint``."""
        hint = f" {self.hint}" if self.hint else ""
        return f"{self.location}: {self.severity} {self.code} {self.message}{hint}"

    def to_dict(self) -> dict:
        """Every field but ``extra``, in order (all are plain values: no deep copy needed)."""
        return {f: getattr(self, f) for f in _TEXT_FIELDS}


_TEXT_FIELDS = tuple(f.name for f in fields(Diagnostic) if f.name != "extra")


def cap_repeats(diags: list[Diagnostic], limit: int = 100) -> list[Diagnostic]:
    """``diags`` with at most ``limit`` of one code per file; the rest become one "… and N more" diagnostic.

    Hostile content (40,000 unknown keys, a 20,000-row audience CSV) would otherwise give pages, reports and
    caches as large as itself; nobody reads past the first hundred of one problem.
    """
    seen: dict[tuple[str, str, str], int] = {}
    hidden: dict[tuple[str, str, str], int] = {}  # a summary made earlier (the loader's) is merged, not counted
    first: dict[tuple[str, str, str], Diagnostic] = {}
    out: list[Diagnostic] = []
    for d in diags:
        key = (d.file, d.code, d.severity)
        if d.extra.get("more"):
            hidden[key] = hidden.get(key, 0) + int(d.extra["more"])
            first.setdefault(key, d)
            continue
        n = seen[key] = seen.get(key, 0) + 1
        first.setdefault(key, d)
        if n <= limit:
            out.append(d)
        else:
            hidden[key] = hidden.get(key, 0) + 1
    for key, n in hidden.items():
        out.append(more_problems(first[key], n, min(seen.get(key, 0), limit)))
    return out


def more_problems(like: Diagnostic, n: int, listed: int) -> Diagnostic:
    """The one diagnostic standing for ``n`` further problems like ``like`` in its file (``extra["more"]`` = n)."""
    return Diagnostic(like.code, like.severity, like.file, None, None, "",
                      f"… and {n:,} more {like.code} problem(s) in {like.file}; only the first {listed} are listed.",
                      "Fix the ones listed and check again.", like.source, like.offer, like.plan, {"more": n})


def sort_key(d: Diagnostic):
    return (d.file, d.line or 0, d.column or 0, d.code, d.field)


def counts(diags) -> dict[str, int]:
    out = {s: 0 for s in SEVERITIES}
    for d in diags:
        out[d.severity] = out.get(d.severity, 0) + 1
    return out


def render_text(diags) -> str:
    """All diagnostics, one per line, sorted by file and position, then a count line."""
    lines = [d.text() for d in sorted(diags, key=sort_key)]
    c = counts(diags)
    lines.append(f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info")
    return "\n".join(lines)


def render_json(diags) -> str:
    """``{"diagnostics": [...], "summary": {...}}`` with every field of :class:`Diagnostic`."""
    return json.dumps(
        {"diagnostics": [d.to_dict() for d in sorted(diags, key=sort_key)], "summary": counts(diags)},
        indent=2,
        ensure_ascii=False,
    )
