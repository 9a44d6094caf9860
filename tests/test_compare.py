"""'build --compare-to': the What changed page shows exactly what was edited."""

from __future__ import annotations

import shutil
import subprocess

from bs4 import BeautifulSoup
from click.testing import CliRunner
from PIL import Image

from conftest import edit
from listingpreview.cli import main
from listingpreview.compare import word_diff
from listingpreview.pipeline import build

FAB = "content/fabrikam-fieldnotes"


def soup(p):
    return BeautifulSoup(p.read_text(), "html.parser")


def three_edits(site):
    offer = site / FAB / "offer.toml"
    edit(offer, 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes Pro"')
    edit(offer, 'caption = "The team map shows who inspected what, and where."',
         'caption = "The team map shows who inspected what, where and when."')
    desc = site / FAB / "description.md"
    edit(desc, "Inspectors fill in forms on a phone or tablet", "Inspectors fill in forms on any phone, tablet or laptop")


def test_three_edited_fields_against_a_folder(site, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(site, before)
    three_edits(site)
    build(site, tmp_path / "out", compare_to=str(before))
    page = soup(tmp_path / "out/offers/fabrikam-fieldnotes/changes.html")
    assert [r["data-field"] for r in page.select("#changed-fields tr.change")] == [
        "listing.description", "listing.name", "media.screenshots[1].caption"]
    assert not page.select(".plan-change")
    diff = page.select_one('tr[data-field="listing.description"] .word-diff')
    assert [d.get_text() for d in diff.find_all("del")] == ["a phone or tablet"] or \
        "phone" in "".join(d.get_text() for d in diff.find_all("del"))
    assert "laptop" in "".join(i.get_text() for i in diff.find_all("ins"))
    listing = soup(tmp_path / "out/offers/fabrikam-fieldnotes/index.html")
    marks = [a["href"] for a in listing.select(".mark-changed")]
    assert marks == ["changes.html#change-listing-name", "changes.html#change-listing-description",
                     "changes.html#change-media-screenshots-1-caption"]
    for href in marks:
        assert page.find(id=href.split("#")[1]) is not None
    assert "What changed (3)" in listing.select_one(".lp-offer-nav").get_text()
    # other offers: unchanged
    other = soup(tmp_path / "out/offers/contoso-sentinel-mssp/changes.html")
    assert "Nothing changed." in other.select_one(".note").get_text()


def test_images_plans_added_and_removed(site, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(site, before)
    Image.new("RGB", (1280, 720), "navy").save(site / FAB / "media/screenshot-3.png")
    (site / FAB / "plans/team.toml").unlink()
    (site / FAB / "plans/solo.toml").write_text((before / FAB / "plans/starter.toml").read_text()
                                               .replace('id = "starter"', 'id = "solo"').replace('"Starter"', '"Solo"'))
    edit(site / FAB / "plans/enterprise.toml", "price = 24000.0", "price = 25000.0")
    shutil.rmtree(site / "content/northwind-service-scheduler")
    build(site, tmp_path / "out", compare_to=str(before))
    page = soup(tmp_path / "out/offers/fabrikam-fieldnotes/changes.html")
    image_row = page.select_one('tr[data-field="media.screenshots[2].file"]')
    before_src, after_src = [i["src"] for i in image_row.select("img")]
    assert before_src != after_src
    assert (tmp_path / "out/offers/fabrikam-fieldnotes" / before_src).is_file()
    assert (tmp_path / "out/offers/fabrikam-fieldnotes" / after_src).is_file()
    plans = {s["data-plan"]: s["data-status"] for s in page.select(".plan-change")}
    assert plans == {"enterprise": "changed", "solo": "added", "team": "removed"}
    price = page.select_one('[data-plan="enterprise"] tr[data-field="pricing.billing_terms[0].price"]')
    assert price.select_one(".before").get_text() == "24000.0" and price.select_one(".after").get_text() == "25000.0"
    index = soup(tmp_path / "out/index.html")
    assert [li.get_text() for li in index.select("#removed-offers li")] == ["northwind-service-scheduler"]


def test_against_a_git_revision(site, tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(site), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=a@b.c", "-c", "user.name=t", "add", "-A")
    git("-c", "user.email=a@b.c", "-c", "user.name=t", "commit", "-q", "-m", "v1")
    three_edits(site)
    r = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "out"), "--compare-to", "HEAD"])
    assert r.exit_code == 0, r.output
    page = soup(tmp_path / "out/offers/fabrikam-fieldnotes/changes.html")
    assert len(page.select("#changed-fields tr.change")) == 3
    r = CliRunner().invoke(main, ["build", str(site), "-o", str(tmp_path / "out2"), "--compare-to", "no-such-ref"])
    assert r.exit_code == 1 and "neither a folder nor a git revision" in r.output


def test_word_diff_escapes():
    html = str(word_diff("a <b> c", "a <i> c"))
    assert html == "a <del>&lt;b&gt;</del><ins>&lt;i&gt;</ins> c"
