"""The README's generated sections: the content format (from the JSON Schemas) and the rules (from the catalogue).

A section sits between ``<!-- generated:NAME -->`` and ``<!-- /generated:NAME -->``;
:func:`update_readme` rewrites what is between them. ``scripts/gen-schema.py`` calls it and a
test compares, so the README cannot drift from the model, the limits or the rules.
"""

from __future__ import annotations

import re


def _type(node: dict) -> str:
    t = node.get("type")
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    if t == "array":
        items = node.get("items", {})
        if "properties" in items:
            return "array of tables"
        return f"array of {_type(items)}"
    if "anyOf" in node:
        return " or ".join(_type(b) for b in node["anyOf"])
    return {"string": "string", "boolean": "true/false", "integer": "integer", "number": "number",
            "object": "table"}.get(t or "", t or "any")


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _rows(node: dict, path: str) -> list[str]:
    rows = []
    for name, child in node.get("properties", {}).items():
        p = f"{path}.{name}"
        if "properties" in child:
            rows += _rows(child, p)
            continue
        rows.append(f"| `{p}` | {_cell(_type(child))} | {_cell(child.get('description', ''))} |")
        items = child.get("items")
        if isinstance(items, dict) and "properties" in items:
            rows += _rows(items, f"{p}[]")
    return rows


def content_format() -> str:
    """Markdown: one table per file (offer.toml, plans/*.toml, listingpreview.toml), key by key."""
    from .schemas import schemas

    out = []
    for name, title in (("offer.schema.json", "offer.toml"), ("plan.schema.json", "plans/&lt;plan&gt;.toml"),
                        ("config.schema.json", "listingpreview.toml")):
        schema = schemas()[name]
        out.append(f"#### {title}\n")
        out.append("| Key | Type | What it is |")
        out.append("|---|---|---|")
        for section, child in schema["properties"].items():
            if "properties" in child:
                out += _rows(child, section)
            else:
                out.append(f"| `{section}` | {_cell(_type(child))} | {_cell(child.get('description', ''))} |")
        out.append("")
    return "\n".join(out)


def rules_section() -> str:
    """Markdown table of every rule: code, severity, section, what it checks."""
    from .rules import all_rules

    out = ["| Code | Severity | Section | What it checks |", "|---|---|---|---|"]
    for r in all_rules():
        out.append(f"| {r.code} | {r.severity} | {r.section} | {_cell(r.summary)} |")
    return "\n".join(out) + "\n"


SECTIONS = {"content-format": content_format, "rules": rules_section}


def update_readme(text: str) -> str:
    """``text`` with every generated section rewritten (sections not present are left alone)."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.S)
        body = make()

        def put(m: re.Match, body: str = body) -> str:
            return m.group(1) + body + "\n" + m.group(2)

        text = pattern.sub(put, text)
    return text
