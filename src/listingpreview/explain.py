"""``listingpreview rule``: a rule explained from the rule catalogue (code, what it checks, limits, sources).

The data comes from :mod:`listingpreview.rules` and :mod:`listingpreview.rules.table`;
nothing here restates a limit.
"""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .names import OFFER_TYPES

DOCS_HOST = "https://learn.microsoft.com"
# "[AD] x.md" is MicrosoftDocs/azure-docs articles/marketplace/x.md, published at
# learn.microsoft.com/azure/marketplace/x.
_AD = re.compile(r"\[AD\]\s+([\w./-]+?)\.md")
_ARTICLES = re.compile(r"MicrosoftDocs/azure-docs articles/([\w./-]+?)\.md")


def source_urls(cite: str) -> list[str]:
    """Microsoft Learn URLs of the azure-docs articles named in a rule's source, in order (may be empty)."""
    urls = [f"{DOCS_HOST}/azure/marketplace/{m}" for m in _AD.findall(cite)]
    urls += [f"{DOCS_HOST}/azure/{m}" for m in _ARTICLES.findall(cite)]
    return list(dict.fromkeys(urls))


def rule_sources(code: str) -> list[str]:
    """Every distinct source (document and date) a rule cites, over all types and editions."""
    from .rules.table import rules_table

    for row in rules_table():
        r = row["rule"]
        if r.code == code:
            cites = [lim["source"] for lim in row["limits"]] + ([r.source] if r.source else [])
            return list(dict.fromkeys(cites))
    return []


def help_url(code: str, docs_url: str = "") -> str:
    """The page that explains ``code``: ``{docs_url}/rules.html#CODE`` when a docs URL is given, else the
    Microsoft Learn page of the rule's first source; "" when neither exists."""
    if docs_url:
        return f"{docs_url.rstrip('/')}/rules.html#{code}"
    for cite in rule_sources(code):
        urls = source_urls(cite)
        if urls:
            return urls[0]
    return ""


def explain_rule(code: str, *, edition: str | None = None, verbose: bool = False) -> Group | None:
    """The rule as terminal output, or None when there is no rule ``code`` (case-insensitive)."""
    from .rules.table import rules_table

    row = next((x for x in rules_table() if x["rule"].code == code.upper()), None)
    if row is None:
        return None
    r = row["rule"]
    head = Text()
    head.append(f"{r.code} ", style="bold")
    head.append(r.name, style="bold")
    head.append(f" ({r.severity}, {r.section})")
    parts: list = [head, Text(r.summary), Text(f"Applies to: {row['types']} offer types")]
    editions = [edition] if edition else ["latest", "2020"]
    if row["limits"]:
        table = Table(title=None, show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column("Offer type")
        for e in editions:
            table.add_column(f"Limit ({e})")
        by_type: dict[str, dict[str, str]] = {}
        for lim in row["limits"]:
            by_type.setdefault(lim["type"], {})[lim["edition"]] = lim["value"]
        for t in OFFER_TYPES.values():
            if t.label in by_type:
                table.add_row(t.label, *(by_type[t.label].get(e, "no limit documented") for e in editions))
        parts += [Text(""), table]
    sources = rule_sources(r.code)
    if sources:
        parts += [Text(""), Text("Sources:", style="bold")]
        for cite in sources:
            line = Text(f"  {cite}")
            for url in source_urls(cite):
                line.append(f"\n    {url}", style="cyan")
            parts.append(line)
    parts += [Text(""), Text(f"Turn it off or change its severity in listingpreview.toml: [severity] {r.code} = "
                             f"\"off\" | \"info\" | \"warning\" | \"error\"", style="dim")]
    return Group(*parts)


def list_rules() -> Table:
    """Every rule: code, severity, section, summary."""
    from .rules import all_rules

    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for col in ("Code", "Name", "Severity", "Section", "Checks"):
        table.add_column(col, overflow="fold")
    for r in all_rules():
        table.add_row(r.code, r.name, r.severity, r.section, r.summary)
    return table
