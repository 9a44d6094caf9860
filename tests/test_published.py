"""Rules on what was published, checked against a reference (--compare-to REF): each at its boundary."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from conftest import diagnostics, edit, line_of
from listingpreview.cli import main
from listingpreview.compare import published_site_problems
from listingpreview.pipeline import build, check_site

MSSP = "content/contoso-sentinel-mssp"
FAB = "content/fabrikam-fieldnotes"
NW = "content/northwind-service-scheduler"


@pytest.fixture
def published(site, tmp_path):
    """The sample site as published (a copy of its content folder) and the site to change."""
    ref = tmp_path / "published"
    shutil.copytree(site / "content", ref)
    return site, ref


def problems(site, ref):
    _, checked, _ = check_site(site)
    return published_site_problems(site, str(ref), [c.offer for c in checked])


def test_unchanged_offers_have_no_published_problems(published):
    assert problems(*published) == []


@pytest.mark.parametrize("path, old, new, code, field", [
    (f"{MSSP}/offer.toml", 'id = "contoso-sentinel-mssp"', 'id = "contoso-sentinel-mdr"', "LP701", "offer.id"),
    (f"{MSSP}/offer.toml", 'alias = "Contoso Sentinel MSSP"', 'alias = "Contoso MDR"', "LP702", "offer.alias"),
    (f"{MSSP}/offer.toml", 'publisher_id = "contososecurity"', 'publisher_id = "contoso"', "LP703",
     "offer.publisher_id"),
    (f"{MSSP}/plans/essentials.toml", 'id = "essentials"', 'id = "essentials-2"', "LP704", "plan.id"),
    (f"{MSSP}/plans/essentials.toml", 'visibility = "public"',
     'visibility = "private"\nprivate_audience = ["6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"]', "LP705", "plan.visibility"),
    (f"{FAB}/plans/starter.toml", 'model = "per-user"', 'model = "flat-rate"', "LP706", "pricing.model"),
    (f"{NW}/offer.toml", "license_management = true\nallow_install_without_license = true",
     "license_management = false", "LP707", "setup.license_management"),
    (f"{FAB}/offer.toml", "sell_through_microsoft = true",
     'sell_through_microsoft = false\nlisting_option = "contact-me"', "LP708", "setup.sell_through_microsoft"),
    (f"{FAB}/offer.toml", "standard_contract = true", 'terms_of_use = "Our own terms."', "LP710",
     "properties.standard_contract"),
])
def test_changes_partner_center_refuses(published, path, old, new, code, field):
    site, ref = published
    edit(site / path, old, new)
    got = [d for d in problems(site, ref) if d.code == code]
    assert len(got) == 1 and got[0].severity == "error" and got[0].field == field
    assert got[0].line and got[0].source and got[0].file == path


def test_allowed_directions_are_not_reported(published):
    site, ref = published
    # private -> public is allowed; listing-only -> transactable is allowed; own terms -> Standard Contract too
    edit(ref / "contoso-sentinel-mssp/plans/essentials.toml", 'visibility = "public"',
         'visibility = "private"\nprivate_audience = ["6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"]')
    edit(ref / "fabrikam-fieldnotes/offer.toml", "sell_through_microsoft = true",
         'sell_through_microsoft = false\nlisting_option = "contact-me"')
    edit(ref / "fabrikam-fieldnotes/offer.toml", "standard_contract = true", 'terms_of_use = "Old terms."')
    assert problems(site, ref) == []


@pytest.mark.parametrize("version, changed, bad", [
    ("1.0.1", True, False), ("2.0.0", True, False), ("1.0.0", False, False),
    ("1.0.0", True, True), ("0.9.9", False, True),
])
def test_manifest_version_must_increase(published, version, changed, bad):
    site, ref = published
    plan = site / MSSP / "plans/essentials.toml"
    edit(plan, 'manifest_version = "1.0.0"', f'manifest_version = "{version}"')
    if changed:
        edit(plan, 'display_name = "Contoso SOC readers"', 'display_name = "Contoso SOC read-only"')
    got = [d for d in problems(site, ref) if d.code == "LP709"]
    assert bool(got) == bad
    if bad:
        assert got[0].line == line_of(plan, "manifest_version") and "seed 000" in got[0].source


def test_saas_trial_and_billing_terms_stay(published):
    site, ref = published
    starter = site / FAB / "plans/starter.toml"
    text = starter.read_text()
    assert "free_trial = true" in text
    edit(starter, "free_trial = true", "free_trial = false")
    assert [d.code for d in problems(site, ref)] == ["LP711"]
    edit(starter, "free_trial = false", "free_trial = true")
    blocks = starter.read_text().split("[[pricing.billing_terms]]")
    assert len(blocks) > 2
    starter.write_text("[[pricing.billing_terms]]".join(blocks[:-1]).rstrip() + "\n")
    assert [d.code for d in problems(site, ref)] == ["LP712"]


def test_check_compare_to_a_folder_and_a_git_revision(published):
    site, ref = published
    edit(site / MSSP / "offer.toml", 'alias = "Contoso Sentinel MSSP"', 'alias = "Contoso MDR"')
    r = CliRunner().invoke(main, ["check", str(site), "--compare-to", str(ref)])
    assert r.exit_code == 1 and "LP702" in r.output
    r = CliRunner().invoke(main, ["check", str(site)])
    assert r.exit_code == 0 and "LP702" not in r.output
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    edit(site / MSSP / "offer.toml", 'alias = "Contoso MDR"', 'alias = "Contoso Sentinel MSSP"')
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "published"], check=True)
    edit(site / MSSP / "offer.toml", 'id = "contoso-sentinel-mssp"', 'id = "contoso-sentinel-mdr"')
    r = CliRunner().invoke(main, ["check", str(site), "--compare-to", "HEAD", "--format", "json"])
    assert r.exit_code == 1 and '"code": "LP701"' in r.output
    r = CliRunner().invoke(main, ["check", str(site), "--compare-to", "no-such-revision"])
    assert r.exit_code == 1 and "neither a folder nor a git revision" in r.output


def test_build_compare_to_shows_published_problems_on_the_review_page(published, tmp_path):
    site, ref = published
    edit(site / MSSP / "plans/essentials.toml", 'manifest_version = "1.0.0"', 'manifest_version = "0.1.0"')
    result = build(site, tmp_path / "out", compare_to=str(ref), use_cache=False)
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["LP709"]
    review = (tmp_path / "out/offers/contoso-sentinel-mssp/review.html").read_text(encoding="utf-8")
    assert "LP709" in review
    assert not [d for d in diagnostics(site) if d.code == "LP709"]  # without a reference nothing to compare
