"""Diagnostics: what is wrong, where, and how to fix it; text and JSON renderers."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass

from .fieldpaths import anchor as field_anchor  # noqa: F401  (re-exported: the field-path module owns ids)
from .fieldpaths import plan_anchor  # noqa: F401

SEVERITIES = ("error", "warning", "info")


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
        d = asdict(self)
        d.pop("extra")
        return d


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
