"""CI reports: SARIF validates against the SARIF 2.1.0 schema, JUnit parses, GitHub annotations carry file and line."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import SHARED, edit, line_of
from listingpreview.cli import main

FAB = "content/fabrikam-fieldnotes"
SCHEMA = SHARED / "schemas/sarif-2.1.0/sarif-schema-2.1.0.json"


@pytest.fixture
def broken(site):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', f'name = "{"F" * 201}"')
    edit(site / "content/contoso-sentinel-mssp/plans/premium.toml",
         'role = "Managed Services Registration Assignment Delete Role"', 'role = "Reader"')
    edit(site / FAB / "description.md", "## Built for the field", "<table><tr><td>x</td></tr></table>\n\n## Built, for the field")
    return site


def run(site, fmt, *extra):
    return CliRunner().invoke(main, ["check", str(site), "--format", fmt, *extra])


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared/ not beside the project")
def test_sarif_validates_and_carries_locations(broken):
    r = run(broken, "sarif")
    assert r.exit_code == 1
    log = json.loads(r.output)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    results = log["runs"][0]["results"]
    rules = [x["id"] for x in log["runs"][0]["tool"]["driver"]["rules"]]
    assert sorted(rules) == ["LP104", "LP115", "LP607"]
    name = next(x for x in results if x["ruleId"] == "LP104")
    loc = name["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == f"{FAB}/offer.toml"
    assert loc["region"] == {"startLine": line_of(broken / FAB / "offer.toml", 'name = "FFF'), "startColumn": 8}
    assert name["level"] == "error" and rules[name["ruleIndex"]] == "LP104"
    assert next(x for x in results if x["ruleId"] == "LP607")["level"] == "warning"


@pytest.mark.skipif(not SCHEMA.exists(), reason="shared/ not beside the project")
def test_clean_sarif_validates(site):
    r = run(site, "sarif")
    assert r.exit_code == 0
    jsonschema.validate(json.loads(r.output), json.loads(SCHEMA.read_text()))


def test_junit_parses(broken):
    r = run(broken, "junit")
    root = ET.fromstring(r.output.encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"fabrikam-fieldnotes", "contoso-sentinel-mssp"}
    fab = {c.get("name"): c for c in suites["fabrikam-fieldnotes"].findall("testcase")}
    assert fab[f"{FAB}/offer.toml"].find("failure").get("type") == "LP104"
    assert fab[f"{FAB}/description.md"].find("failure") is None  # a warning only
    assert "LP115" in fab[f"{FAB}/description.md"].find("system-out").text
    assert ET.fromstring(run(broken.parent / "site", "junit").output.encode()) is not None


def test_github_annotations(broken):
    r = run(broken, "github")
    lines = r.output.splitlines()
    line = line_of(broken / FAB / "offer.toml", 'name = "FFF')
    assert f"::error file={FAB}/offer.toml,line={line},col=8,title=LP104 listing.name::listing.name is 201 characters" \
        in "\n".join(lines)
    assert any(x.startswith("::warning file=content/contoso-sentinel-mssp/plans/premium.toml,") for x in lines)
    assert r.exit_code == 1


def test_strict_with_reports(site):
    edit(site / "content/contoso-sentinel-mssp/plans/premium.toml",
         'role = "Managed Services Registration Assignment Delete Role"', 'role = "Reader"')
    assert run(site, "sarif").exit_code == 0
    assert run(site, "sarif", "--strict").exit_code == 1
