"""Incremental builds: only what changed is redone; the cache is keyed by content; bad cache entries are ignored."""

from __future__ import annotations

import os

from conftest import edit
from listingpreview.cache import default_cache_dir
from listingpreview.diagnostics import counts
from listingpreview.pipeline import Builder, build

FAB = "content/fabrikam-fieldnotes"


def test_second_build_of_an_unchanged_site_does_almost_nothing(site, tmp_path, count_decodes):
    out = tmp_path / "out"
    first = build(site, out)
    assert first.rebuilt == 3 and not first.up_to_date and len(count_decodes) == 11
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    second = build(site, out)
    assert second.up_to_date and second.rebuilt == 0 and len(count_decodes) == 11
    assert (second.offers, second.pages, second.diagnostics) == (first.offers, first.pages, first.diagnostics)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamp  # not one file rewritten


def test_one_offer_changed_rebuilds_that_offer_only(site, tmp_path, count_decodes):
    out = tmp_path / "out"
    build(site, out)
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')
    r = build(site, out)
    assert r.rebuilt == 1 and len(count_decodes) == 11  # its images were not decoded again
    assert "FieldNotes</h1>" in (out / "offers/fabrikam-fieldnotes/index.html").read_text().replace('<a class="copy-link" href="#field-listing-name" title="Copy a link to this spot" aria-label="Copy link"></a>', "")


def test_image_bytes_changed_are_decoded_again(site, tmp_path, count_decodes):
    from PIL import Image

    out = tmp_path / "out"
    build(site, out)
    Image.new("RGB", (1280, 720), "teal").save(site / FAB / "media/screenshot-1.png")
    r = build(site, out)
    assert r.rebuilt == 1 and count_decodes[11:] == ["screenshot-1.png"]


def test_layout_change_rebuilds_everything(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    (site / "layouts").mkdir()
    (site / "layouts/snippet.html").write_text('{% extends "base.html" %}{% block body %}custom{% endblock %}')
    assert build(site, out).rebuilt == 3
    assert (out / "offers/contoso-sentinel-mssp/snippet.html").read_text().count("custom") == 1


def test_edition_change_rebuilds_everything(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    r = build(site, out, edition="2020")
    assert r.rebuilt == 3 and r.diagnostics


def test_corrupt_or_planted_cache_entries_are_ignored(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    cache = default_cache_dir(site)
    for p in (cache / "offers").glob("*.json"):
        p.write_text("{not json")
    for p in (cache / "images").glob("*.json"):
        p.write_text('{"format": "PNG"}')  # missing keys
    (cache / "hashes.json").write_text("[]")
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')
    r = build(site, out)
    assert r.rebuilt == 3 and r.diagnostics == []


def test_cache_lives_outside_the_site(site):
    assert not str(default_cache_dir(site)).startswith(str(site))
    build(site, site.parent / "out")
    assert sorted(p.name for p in site.iterdir()) == ["content", "listingpreview.toml"]


def test_builder_keeps_results_between_updates(site):
    b = Builder(site, use_cache=False)
    assert sorted(b.update().rebuilt) == ["contoso-sentinel-mssp", "fabrikam-fieldnotes", "northwind-service-scheduler"]
    assert b.update().rebuilt == []
    edit(site / FAB / "description.md", "replaces paper checklists", "replaces paper forms")
    assert b.update({"fabrikam-fieldnotes"}).rebuilt == ["fabrikam-fieldnotes"]
    assert os.environ["LISTINGPREVIEW_CACHE_DIR"]


def test_a_duplicated_offer_id_is_found_while_serving_and_only_ids_are_looked_at_again(site, monkeypatch):
    from listingpreview.rules import site as site_rules

    made = []
    real = site_rules.duplicate_ids_from_cards
    monkeypatch.setattr(site_rules, "duplicate_ids_from_cards", lambda cards: made.append(1) or real(cards))
    builder = Builder(site, keep_last_good=True)
    assert not [d for d in builder.update().diagnostics if d.code == "LP009"] and len(made) == 1
    edit(site / "content/contoso-sentinel-mssp/offer.toml", 'id = "contoso-sentinel-mssp"', 'id = "fabrikam-fieldnotes"')
    lp009 = [d for d in builder.update({"contoso-sentinel-mssp"}).diagnostics if d.code == "LP009"]
    assert sorted(d.offer for d in lp009) == ["contoso-sentinel-mssp", "fabrikam-fieldnotes"] and len(made) == 2
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')  # no ID changed
    assert len([d for d in builder.update({"fabrikam-fieldnotes"}).diagnostics if d.code == "LP009"]) == 2
    assert len(made) == 2  # the duplicates were not looked for again
    edit(site / "content/contoso-sentinel-mssp/offer.toml", 'id = "fabrikam-fieldnotes"', 'id = "contoso-mssp"')
    assert not [d for d in builder.update({"contoso-sentinel-mssp"}).diagnostics if d.code == "LP009"]
    assert len(made) == 3


def test_index_and_search_pages_kept_per_changed_offer_equal_those_of_a_fresh_builder(site):
    # the offer before the edited one has a diagnostic, so the edited one's are not at the start of the list
    edit(site / "content/contoso-sentinel-mssp/offer.toml", 'email = "soc-support@contoso-security.com"',
         'email = "soc-support at contoso"')
    builder = Builder(site, keep_last_good=True)
    builder.update()
    offer = site / FAB / "offer.toml"
    for old, new in [('name = "Fabrikam FieldNotes"', 'name = "FieldNotes Pro"'),  # its tile and search result
                     ('industries = ["Energy", "Manufacturing"]', 'industries = ["Manufacturing"]'),  # a filter
                     ('categories = ["Productivity", "Operations & Supply Chain"]', 'categories = ["Productivity"]'),
                     ('sell_through_microsoft = true', 'sell_through_microsoft = false'),  # no Resellers page
                     ('sell_through_microsoft = false', 'sell_through_microsoft = true'),
                     ('email = "support@fabrikam.com"', 'email = "support at fabrikam"'),  # one more diagnostic
                     ('email = "support at fabrikam"', 'email = "support@fabrikam.com"')]:
        before = len(builder.results["fabrikam-fieldnotes"].diagnostics)
        edit(offer, old, new)
        snap = builder.update({"fabrikam-fieldnotes"})
        served = snap.files
        if "support at" in old + new:  # the middle offer's diagnostics grow, then shrink, inside the kept list
            assert len(snap.results["fabrikam-fieldnotes"].diagnostics) != before
        whole = Builder(site).update()
        fresh = whole.files
        for page in ("index.html", "search.html"):
            assert served[page] == fresh[page], (new, page)
        # the page count, the files and the diagnostics are kept per changed offer too
        assert (snap.pages, sorted(served), snap.diagnostics) == (whole.pages, sorted(fresh), whole.diagnostics), new
        assert snap.counts() == counts(whole.diagnostics) and snap.fresh == ["fabrikam-fieldnotes"], new
        if new.endswith("false"):
            assert "offers/fabrikam-fieldnotes/resellers.html" not in served and snap.pages == 24
    assert b"FieldNotes Pro" in served["index.html"] and b"Energy" not in served["search.html"]
    assert "offers/fabrikam-fieldnotes/resellers.html" in served and snap.pages == 25


def test_a_site_file_no_longer_made_leaves_the_kept_files(site):
    builder = Builder(site, keep_last_good=True)
    kept = builder.update().files
    assert "robots.txt" in kept
    (site / "listingpreview.toml").write_text('[site]\ntitle = "Sample offers"\nnoindex = false\n')
    snap = builder.update(set())
    assert snap.files is kept and "robots.txt" not in snap.files  # one mapping, changed in place
    assert sorted(snap.files) == sorted(Builder(site).update().files)


def test_a_save_renders_no_unchanged_description_again(site, monkeypatch):
    from listingpreview import markup

    builder = Builder(site, keep_last_good=True)
    builder.update()
    rendered: list[str] = []
    sanitize = markup.sanitize
    monkeypatch.setattr(markup, "sanitize", lambda html: rendered.append(html) or sanitize(html))
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')
    builder.update({"fabrikam-fieldnotes"})
    assert rendered == []  # neither the description nor a plan's: the edit touched the name only
    description = site / FAB / "description.md"
    description.write_text(description.read_text() + "\nOne more line, new to this test.\n")
    snap = builder.update({"fabrikam-fieldnotes"})
    assert len(rendered) == 1 and b"One more line, new to this test." in snap.files[
        "offers/fabrikam-fieldnotes/index.html"]
