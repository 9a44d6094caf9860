"""Hostile text: pathological descriptions, huge numbers of problems, huge CSVs, control characters."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import diagnostics, edit
from hostile.budget import find, run
from listingpreview import markup

FAB = "content/fabrikam-fieldnotes"


def _budgeted(tmp_path, offer, *extra):
    """check (JSON) and build of one offer folder, both within budget; returns the check's diagnostics."""
    checked = run(tmp_path, "check", str(offer), "--format", "json", *extra)
    checked.within_budget()
    assert checked.code == 1
    built = run(tmp_path, "build", str(offer), "-o", str(tmp_path / "out"), "-q")
    built.within_budget()
    assert built.code == 0, built.output
    return checked.diagnostics()


# Each is under the 1 MiB file cap and took 12 s to minutes and up to 718 MiB before it was refused early.
@pytest.mark.parametrize("name,text", [
    ("nested-b", "<b>" * 300_000),
    ("star-a", "*a" * 500_000),
    ("brackets", "[" * 1_000_000),
])
def test_pathological_description_is_refused_before_rendering(site, tmp_path, name, text):
    offer = site / FAB
    (offer / "description.md").write_text(text)
    d = find(_budgeted(tmp_path, offer), "LP011", file=f"{offer.name}/description.md", field="listing.description")
    assert f"{len(text):,} characters" in d["message"] and "20,000" in d["message"]
    assert "5,000" in d["message"] and d["source"]


def test_refused_text_is_reported_once_and_read_by_no_rule(site):
    # Refused text reaches no rule: the placeholder, example link and relative link in it are not reported, and
    # neither is its length (LP109) or emptiness (LP100) next to the LP011 that says it all.
    offer = site / FAB
    (offer / "description.md").write_text("[" * 30_000 + " TODO [x](docs/a.md) https://example.com lorem ipsum")
    edit(offer / "plans/starter.toml",
         'description = "For small teams: up to 20 inspectors, unlimited forms, 10 GB of photo storage."',
         'description = "TODO ' + "<b>" * 200 + '"')
    diags = [d for d in diagnostics(site) if d.field in ("listing.description", "plan.description")]
    assert sorted((d.code, d.field) for d in diags) == [("LP011", "listing.description"), ("LP011", "plan.description")]


def test_unreadable_description_is_not_called_missing(site):
    (site / FAB / "description.md").write_bytes(b"Field notes \xff for inspectors")
    diags = [d for d in diagnostics(site) if d.field.startswith("listing.description")]
    assert [(d.code, d.file, d.line) for d in diags] == [("LP005", f"{FAB}/description.md", 1)]


@pytest.mark.parametrize("text,limit", [
    ("<b>" * (markup.MAX_TAG_DEPTH + 1) + "deep", f"more than {markup.MAX_TAG_DEPTH} deep"),
    ("*a " * (markup.MAX_MARKUP_CHARS + 1), f"at most {markup.MAX_MARKUP_CHARS:,}"),
])
def test_dense_or_deep_markup_under_the_length_cap_is_refused(site, tmp_path, text, limit):
    offer = site / FAB
    (offer / "description.md").write_text(text)
    assert len(text) <= markup.MAX_SOURCE_CHARS
    d = find(_budgeted(tmp_path, offer), "LP011", field="listing.description")
    assert limit in d["message"]


@pytest.mark.parametrize("text", [
    # the worst that is still rendered: just under every cap at once
    "<b>" * markup.MAX_TAG_DEPTH + "[" * (markup.MAX_MARKUP_CHARS - markup.MAX_TAG_DEPTH) + "x" * 14_000,
    "**a " * (markup.MAX_MARKUP_CHARS // 2) + "y" * 9_000,
])
def test_worst_description_still_rendered_is_within_budget(site, tmp_path, text):
    offer = site / FAB
    (offer / "description.md").write_text(text)
    assert not markup.refusal(text)
    diags = _budgeted(tmp_path, offer)
    assert not [d for d in diags if d["code"] == "LP011"]


def test_pathological_plan_description_is_refused_with_its_line(site, tmp_path):
    offer = site / FAB
    edit(offer / "plans/starter.toml",
         'description = "For small teams: up to 20 inspectors, unlimited forms, 10 GB of photo storage."',
         'description = "' + "<b>" * 200_000 + '"')
    d = find(_budgeted(tmp_path, offer), "LP011", field="plan.description")
    assert d["file"] == "fabrikam-fieldnotes/plans/starter.toml" and d["line"] == 4


def test_forty_thousand_unknown_keys(site, tmp_path):
    offer = site / FAB
    toml = offer / "offer.toml"
    toml.write_text("".join(f"zz_unknown_{i} = 1\n" for i in range(40_000)) + toml.read_text())
    assert toml.stat().st_size < 1024 * 1024
    diags = _budgeted(tmp_path, offer)
    listed = [d for d in diags if d["code"] == "LP002" and d["line"]]
    assert len(listed) == 100 and listed[0]["file"] == f"{offer.name}/offer.toml"
    assert listed[0]["field"] == "zz_unknown_0"
    more = find(diags, "LP002", line=None)
    assert "39,900 more" in more["message"] and "offer.toml" in more["message"]


def test_twenty_thousand_row_audience_csv(site, tmp_path):
    offer = site / FAB
    edit(offer / "offer.toml", 'audience = ["reviewer@fabrikam.com", "pm@fabrikam.com"]',
         'audience = ["reviewer@fabrikam.com"]\naudience_csv = "audience.csv"')
    (offer / "audience.csv").write_text("Type,ID,Description\n" + "".join(
        f"Email,user{i}@fabrikam.com,\n" if i % 2 else f"Email,not an address {i},\n" for i in range(20_000)))
    diags = _budgeted(tmp_path, offer)
    assert any(d["code"] == "LP401" and "20,000" in d["message"] for d in diags)
    rows = [d for d in diags if d["code"] == "LP401" and d["file"].endswith("/audience.csv") and d["line"]]
    assert len(rows) == 100 and all(d["line"] for d in rows)


def test_csv_field_over_128_kib_is_reported_with_its_line(site, tmp_path):
    offer = site / FAB
    edit(offer / "offer.toml", 'audience = ["reviewer@fabrikam.com", "pm@fabrikam.com"]',
         'audience = ["reviewer@fabrikam.com"]\naudience_csv = "audience.csv"')
    (offer / "audience.csv").write_text('Type,ID,Description\nEmail,a@fabrikam.com,\nEmail,"' + "x" * 200_000 + '",\n')
    d = find(_budgeted(tmp_path, offer), "LP005", file="fabrikam-fieldnotes/audience.csv")
    assert d["field"] == "preview.audience_csv" and d["line"] == 3 and "128 KiB" in d["message"]


# -- terminal injection ---------------------------------------------------------------------------------
ESC = "\x1b"
HOSTILE_ID = "fieldnotes\x1b]0;pwned\x07\x1b[2J\nLP999 forged line"
SNIPPET_LINE = "\x1b]0;pwned\x07 TODO \x1b[2J\u202e\x9b\x7f end"


@pytest.fixture
def injected(site):
    offer = site / FAB
    edit(offer / "offer.toml", 'id = "fabrikam-fieldnotes"', f'id = "{HOSTILE_ID.encode("unicode_escape").decode()}"')
    edit(offer / "offer.toml", 'file = "media/screenshot-1.png"', 'file = "media/\\u001b[31mred\\nshot.png"')
    edit(offer / "plans/starter.toml", 'id = "starter"', 'id = "start\\u001b[8mer\\r"')
    # raw controls in a line a diagnostic quotes (LP901 on 'TODO'): the text format's source snippet shows it
    with (offer / "description.md").open("a", encoding="utf-8") as f:
        f.write("\n" + SNIPPET_LINE + "\n")
    return site


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "junit", "github"])
def test_control_characters_are_escaped_in_every_format(injected, tmp_path, fmt):
    r = run(tmp_path, "check", str(injected), "--format", fmt)
    assert r.code == 1 and "Traceback" not in r.output
    for bad in (ESC, "\x07", "\r", "\x9b"):
        assert bad not in r.out, (fmt, bad)
    assert "\\x1b" in r.out  # shown escaped, so the reader sees what is in the file
    if fmt == "json":
        diags = json.loads(r.out)["diagnostics"]
        assert diags and not any("\n" in v for d in diags for v in d.values() if isinstance(v, str))
    elif fmt in ("text", "concise"):
        lines = r.out.strip().splitlines()
        counted = re.fullmatch(r"Checked \d+ offer\(s\): (\d+) error\(s\), (\d+) warning\(s\), \d+ info\.", lines[-1])
        n = int(counted.group(1)) + int(counted.group(2))
        assert not any(line.startswith("LP999") for line in lines)
        if fmt == "concise":
            assert len(lines) == n + 1  # one line per diagnostic, then the count
        else:  # as Ruff prints: one location line per diagnostic, then its source line and caret, and help
            heads = [line for line in lines if re.match(r"\S+: (error|warning) LP\d{3} ", line)]
            assert len(heads) == n
            quoted = [line for line in lines if re.match(r"\d+ \| .*TODO", line)]
            assert len(quoted) == 1 and quoted[0].endswith(" | \\x1b]0;pwned\\x07 TODO \\x1b[2J\\u202e\\x9b\\x7f end")
    elif fmt == "github":
        lines = r.out.strip().splitlines()
        assert len(lines) > 1 and all(line.startswith("::") for line in lines[:-1])  # one line, one annotation
        assert not lines[-1].startswith("::") and "error(s)" in lines[-1]
    elif fmt == "junit":
        root = ET.fromstring(r.out.encode())
        assert not any("\n" in (e.get("message") or "") for e in root.iter("failure"))
    else:
        results = json.loads(r.out)["runs"][0]["results"]
        assert results and not any("\n" in x["message"]["text"] for x in results)
