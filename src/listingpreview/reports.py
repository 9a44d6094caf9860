"""Diagnostics as CI reports: SARIF 2.1.0 (code scanning), JUnit XML, GitHub workflow annotations.

Text and JSON live in :mod:`listingpreview.diagnostics`; this module adds the
formats CI systems read. Every renderer takes the full diagnostic list and
returns a string; none of them drops a field that has a place in its format.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from . import __version__
from .diagnostics import Diagnostic, counts, sort_key

SARIF_SCHEMA = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render_sarif(diags: list[Diagnostic], rules) -> str:
    """A SARIF 2.1.0 log with one run; ``rules`` is the rule list (code, name, summary, severity)."""
    used = sorted({d.code for d in diags})
    by_code = {r.code: r for r in rules}
    driver_rules = []
    for code in used:
        r = by_code.get(code)
        driver_rules.append({
            "id": code,
            "name": r.name if r else code,
            "shortDescription": {"text": r.summary if r else code},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity] if r else "warning"},
        })
    results = []
    for d in sorted(diags, key=sort_key):
        region: dict[str, int] = {}
        if d.line:
            region["startLine"] = d.line
            if d.column:
                region["startColumn"] = d.column
        location: dict = {"physicalLocation": {"artifactLocation": {"uri": d.file, "uriBaseId": "SRCROOT"}}}
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
            "originalUriBaseIds": {"SRCROOT": {"description": {"text": "The site folder that was checked."}}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


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
