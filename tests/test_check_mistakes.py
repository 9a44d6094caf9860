"""Each deliberate mistake in a sample offer is reported exactly, with file and line."""

from __future__ import annotations

from PIL import Image

from conftest import diagnostics, edit, line_of

FAB = "content/fabrikam-fieldnotes"
MSSP = "content/contoso-sentinel-mssp"


def only(diags):
    assert len(diags) == 1, "\n".join(d.text() for d in diags)
    return diags[0]


def test_sample_content_is_clean(site):
    assert diagnostics(site) == []
    assert diagnostics(site, "2020") != []  # the 2020 edition wants other logo sizes


def test_name_too_long(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'name = "Fabrikam FieldNotes"', f'name = "{"F" * 201}"')
    d = only(diagnostics(site))
    assert (d.code, d.severity, d.file, d.line, d.column, d.field) == (
        "LP104", "error", f"{FAB}/offer.toml", line_of(offer, 'name = "FFF'), 8, "listing.name")
    assert "201 characters" in d.message and "latest limit is 200" in d.message
    assert "plan-saas-offer.md" in d.source and "2022-08-02" in d.source


def test_name_too_long_for_2020_edition_matches_the_documented_format(site):
    offer = site / FAB / "offer.toml"
    name = "Fabrikam FieldNotes: offline inspections for field service team"  # 63 characters
    assert len(name) == 63
    edit(offer, 'name = "Fabrikam FieldNotes"', f'name = "{name}"')
    d = [x for x in diagnostics(site, "2020") if x.code == "LP104" and x.offer == "fabrikam-fieldnotes"]
    line = line_of(offer, name)
    assert only(d).text() == (f"{FAB}/offer.toml:{line}:8: error LP104 listing.name is 63 characters; "
                              "the 2020 limit is 50. Shorten it by 13 characters.")


def test_bad_guid(site):
    plan = site / MSSP / "plans/essentials.toml"
    edit(plan, 'tenant_id = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"', 'tenant_id = "3f2b1c4d-5e6f-4a7b-8c9d"')
    d = only(diagnostics(site))
    assert (d.code, d.file, d.line, d.field, d.plan) == (
        "LP602", f"{MSSP}/plans/essentials.toml", line_of(plan, "tenant_id ="), "technical_configuration.tenant_id",
        "essentials")
    assert "is not a GUID" in d.message


def test_bad_principal_guid_in_second_authorization(site):
    plan = site / MSSP / "plans/essentials.toml"
    edit(plan, 'principal_id = "b2c3d4e5-f6a7-4890-8bcd-ef0123456789"', 'principal_id = "readers-group"')
    d = only(diagnostics(site))
    assert (d.code, d.line, d.field) == ("LP604", line_of(plan, "readers-group"),
                                         "technical_configuration.authorizations[1].principal_id")


def test_missing_logo(site):
    offer = site / FAB / "offer.toml"
    (site / FAB / "media/logo-large.png").unlink()
    d = only(diagnostics(site))
    assert (d.code, d.file, d.line, d.field) == ("LP301", f"{FAB}/offer.toml", line_of(offer, "large_logo"),
                                                 "media.large_logo")
    assert "does not exist" in d.message


def test_screenshot_of_the_wrong_size(site):
    offer = site / FAB / "offer.toml"
    Image.new("RGB", (1024, 768), "white").save(site / FAB / "media/screenshot-2.png")
    d = only([x for x in diagnostics(site) if x.code != "LP934"])  # LP934: the blank image also warns
    assert (d.code, d.line, d.column, d.field) == ("LP304", line_of(offer, "screenshot-2.png"), 8,
                                                   "media.screenshots[1].file")
    assert "1024×768" in d.message and "1280×720" in d.message


def test_twenty_one_authorizations(site):
    plan = site / MSSP / "plans/premium.toml"
    extra = "".join(f'\n[[technical_configuration.authorizations]]\nprincipal_id = "00000000-0000-4000-8000-{i:012d}"\n'
                    f'display_name = "Analyst {i}"\nrole = "Reader"\n' for i in range(17))
    plan.write_text(plan.read_text() + extra)
    d = only(diagnostics(site))
    assert (d.code, d.file, d.field, d.plan) == ("LP603", f"{MSSP}/plans/premium.toml",
                                                 "technical_configuration.authorizations", "premium-24x7")
    assert d.line == line_of(plan, "Contoso SOC analysts") - 2  # the first [[technical_configuration.authorizations]]
    assert "21 authorizations" in d.message and "1 to 20" in d.message


def test_typo_in_a_key(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'keywords = [', 'keywrods = [')
    d = only(diagnostics(site))
    assert (d.code, d.line, d.column, d.field) == ("LP002", line_of(offer, "keywrods"), 12, "listing.keywrods")
    assert d.hint == "Did you mean 'keywords'?"


def test_typo_in_a_required_key_also_says_the_field_is_missing(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'name = "Fabrikam FieldNotes"', 'nmae = "Fabrikam FieldNotes"')
    codes = {(d.code, d.field) for d in diagnostics(site)}
    assert codes == {("LP002", "listing.nmae"), ("LP100", "listing.name")}


def test_toml_syntax_error_has_line_and_column(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'publisher = "Fabrikam, Inc."', 'publisher = "Fabrikam, Inc.')
    d = [x for x in diagnostics(site) if x.code == "LP001"]
    assert only(d).line == line_of(offer, 'publisher = "Fabrikam, Inc.')
    assert only(d).column is not None


def test_all_problems_in_one_run(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'name = "Fabrikam FieldNotes"', f'name = "{"F" * 201}"')
    edit(offer, 'keywords = [', 'keywrods = [')
    (site / FAB / "media/logo-large.png").unlink()
    assert {d.code for d in diagnostics(site)} == {"LP104", "LP002", "LP301"}
