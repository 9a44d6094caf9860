"""Diagnostics as CI reports: SARIF 2.1.0 (code scanning), JUnit XML, GitHub workflow annotations.

Text and JSON live in :mod:`listingpreview.diagnostics`; this module adds the
formats CI systems read. Every renderer takes the full diagnostic list and
returns a string; none of them drops a field that has a place in its format.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import __version__
from .diagnostics import Diagnostic, counts, sort_key

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(diags: list[Diagnostic], rules, root: Path | None = None, docs_url: str = "") -> str:
    """A SARIF 2.1.0 log with one run; ``rules`` is the rule list (code, name, summary, severity).

    ``diags`` carry paths relative to ``root`` (the repository's top folder, so code scanning places
    them), declared as ``originalUriBaseIds.SRCROOT``. Each rule gets a ``helpUri``: the rules page under
    ``docs_url`` when given, else the Microsoft Learn page of its source (see :func:`explain.help_url`).
    """
    from .explain import help_url, rule_sources

    used = sorted({d.code for d in diags})
    by_code = {r.code: r for r in rules}
    driver_rules = []
    for code in used:
        r = by_code.get(code)
        entry = {
            "id": code,
            "name": r.name if r else code,
            "shortDescription": {"text": r.summary if r else code},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity] if r else "warning"},
        }
        url = help_url(code, docs_url)
        if url:
            entry["helpUri"] = url
        sources = rule_sources(code)
        help_text = (r.summary if r else code) + ("\nSources: " + "; ".join(sources) if sources else "")
        entry["help"] = {"text": help_text + f"\nExplained by: listingpreview rule {code}"}
        driver_rules.append(entry)
    results = []
    for d in sorted(diags, key=sort_key):
        region: dict[str, int] = {}
        if d.line:
            region["startLine"] = d.line
            if d.column:
                region["startColumn"] = d.column
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": d.file, "uriBaseId": "SRCROOT"}}}
        if region:
            location["physicalLocation"]["region"] = region
        text = f"{d.message} {d.hint}".strip()
        result = {
            "ruleId": d.code,
            "ruleIndex": used.index(d.code),
            "level": _SARIF_LEVEL.get(d.severity, "warning"),
            "message": {"text": text},
            "locations": [location],
            "properties": {"field": d.field, "offer": d.offer, "plan": d.plan, "source": d.source},
        }
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "listingpreview", "version": __version__,
                                "informationUri": "https://pypi.org/project/listingpreview/",
                                "rules": driver_rules}},
            "originalUriBaseIds": {"SRCROOT": _base_uri(root)},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _base_uri(root: Path | None) -> dict:
    desc = {"text": "The repository's top folder (the site folder when it is not in a git repository)."}
    if root is None:
        return {"description": desc}
    return {"uri": root.resolve().as_uri().rstrip("/") + "/", "description": desc}


def render_junit(diags: list[Diagnostic]) -> str:
    """JUnit XML: one test suite per offer, one test case per content file; errors are failures."""
    by_offer: dict[str, dict[str, list[Diagnostic]]] = defaultdict(lambda: defaultdict(list))
    for d in sorted(diags, key=sort_key):
        by_offer[d.offer or "(site)"][d.file].append(d)
    c = counts(diags)
    root = ET.Element("testsuites", name="listingpreview", tests=str(sum(len(f) for f in by_offer.values()) or 1),
                      failures=str(sum(1 for o in by_offer.values() for f in o.values()
                                       if any(d.severity == "error" for d in f))))
    if not by_offer:
        suite = ET.SubElement(root, "testsuite", name="listingpreview", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", classname="listingpreview", name="all offers")
    for offer, files in sorted(by_offer.items()):
        failing = [f for f, ds in files.items() if any(d.severity == "error" for d in ds)]
        suite = ET.SubElement(root, "testsuite", name=offer, tests=str(len(files)), failures=str(len(failing)),
                              errors="0")
        for file, ds in sorted(files.items()):
            case = ET.SubElement(suite, "testcase", classname=offer, name=file)
            errors = [d for d in ds if d.severity == "error"]
            body = "\n".join(d.text() for d in ds)
            if errors:
                fail = ET.SubElement(case, "failure", message=f"{len(errors)} error(s): " + errors[0].message,
                                     type=errors[0].code)
                fail.text = body
            else:
                out = ET.SubElement(case, "system-out")
                out.text = body
    root.set("errors", "0")
    root.set("warnings", str(c["warning"]))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(diags: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…,col=…,title=…::message``), one per line."""
    lines = []
    for d in sorted(diags, key=sort_key):
        kind = {"error": "error", "warning": "warning"}.get(d.severity, "notice")
        props = [f"file={_gh_prop(d.file)}"]
        if d.line:
            props.append(f"line={d.line}")
            if d.column:
                props.append(f"col={d.column}")
        props.append(f"title={_gh_prop(f'{d.code} {d.field}'.strip())}")
        lines.append(f"::{kind} {','.join(props)}::{_gh_data(f'{d.message} {d.hint}'.strip())}")
    c = counts(diags)
    lines.append(f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info")
    return "\n".join(lines)


def render_markdown(checked, diags: list[Diagnostic], edition: str, preview_url: str = "") -> str:
    """The review state per offer as a Markdown table for a pull-request comment.

    ``checked``: the offers as :func:`build.check_site` returns them; ``preview_url``: where the built site
    is published (links to each offer's listing, review and What changed pages; none when empty).
    State: Complete when every review section is Complete, else the sections that are not (as the
    review page shows them, from :func:`pages.review_sections`).
    """
    from .pages import COMPLETE, review_sections

    base = preview_url.rstrip("/") + "/" if preview_url else ""
    c = counts(diags)
    lines = ["| Offer | Review | Errors | Warnings | Pages |", "|---|---|---:|---:|---|"]
    for ch in sorted(checked, key=lambda x: x.offer.slug):
        sections = review_sections(ch.offer, ch.diagnostics, edition)
        open_ = [f"{s.name}: {s.state}" for s in sections if s.state != COMPLETE]
        state = "✅ Complete" if not open_ else "⚠️ " + "; ".join(open_)
        k = counts(ch.diagnostics)
        name = _md(ch.offer.data.listing.name or ch.offer.slug)
        links = "—"
        if base:
            page = f"{base}offers/{ch.offer.slug}/"
            links = f"[listing]({page}index.html) · [review]({page}review.html) · [what changed]({page}changes.html)"
        lines.append(f"| {name} (`{ch.offer.slug}`) | {state} | {k['error']} | {k['warning']} | {links} |")
    loaded = {ch.offer.slug for ch in checked}
    for slug in sorted({d.offer for d in diags if d.offer and d.offer not in loaded}):
        lines.append(f"| `{_md(slug)}` | ❌ could not be read | "
                     f"{sum(1 for d in diags if d.offer == slug and d.severity == 'error')} | — | — |")
    head = f"**{len(loaded)} offer(s)**: {c['error']} error(s), {c['warning']} warning(s) (rules edition {edition})."
    if base:
        head += f" Preview: {base}"
    return head + "\n\n" + "\n".join(lines) + "\n"


def _md(s: str) -> str:
    """Publisher text made inert in a Markdown table cell: no pipes, HTML, links or line breaks."""
    for ch in "\\|<>[]`*_":
        s = s.replace(ch, "\\" + ch)
    return " ".join(s.replace("@", "@\u200b").split())  # no @mentions from offer text


def _azp_data(s: str) -> str:
    return s.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def _azp_prop(s: str) -> str:
    return _azp_data(s).replace(";", "%3B").replace("]", "%5D")


def render_azure(diags: list[Diagnostic]) -> str:
    """Azure Pipelines logging commands (``##vso[task.logissue type=error;sourcepath=…;linenumber=…]message``).

    Paths are relative to the repository root (``Build.SourcesDirectory``), so pull-request builds show
    each problem on its file. Info diagnostics are left out (logissue knows only error and warning).
    """
    lines = []
    for d in sorted(diags, key=sort_key):
        if d.severity not in ("error", "warning"):
            continue
        props = [f"type={d.severity}", f"sourcepath={_azp_prop(d.file)}"]
        if d.line:
            props.append(f"linenumber={d.line}")
            if d.column:
                props.append(f"columnnumber={d.column}")
        props.append(f"code={_azp_prop(d.code)}")
        lines.append(f"##vso[task.logissue {';'.join(props)};]{_azp_data(f'{d.message} {d.hint}'.strip())}")
    c = counts(diags)
    lines.append(f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info")
    return "\n".join(lines)
