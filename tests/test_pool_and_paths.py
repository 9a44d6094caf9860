"""Cold builds in a process pool, check through the build's cache, and saves that touch only their offer.

Counts, never timings: how many offers were rendered, images decoded, index pages re-rendered.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import edit
from listingpreview import pipeline, pool
from listingpreview.pipeline import Builder, build

FAB = "content/fabrikam-fieldnotes"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(*args: str, cache: Path, **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"} | {"LISTINGPREVIEW_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "listingpreview", *args], capture_output=True, text=True,
                          env=e | env, timeout=600)


@pytest.fixture
def renders(monkeypatch):
    """Slugs rendered in this process, in order."""
    calls: list[str] = []
    real = pipeline.render_offer

    def counting(folder, base, slug, *a, **k):
        calls.append(slug)
        return real(folder, base, slug, *a, **k)

    monkeypatch.setattr(pipeline, "render_offer", counting)
    return calls


# -- the pool ---------------------------------------------------------------------------------------------------
def test_jobs_2_gives_the_same_bytes_as_jobs_1(site, tmp_path):
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}
    one = cli("build", str(site), "-o", str(tmp_path / "one"), "-q", "--jobs", "1", cache=tmp_path / "c1", **epoch)
    two = cli("build", str(site), "-o", str(tmp_path / "two"), "-q", "--jobs", "2", cache=tmp_path / "c2", **epoch)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    a, b = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len(a) > 30 and a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    # the second one really rendered in workers: its offers are in its cache, stored by other processes
    assert len(list((tmp_path / "c2").glob("*/offers/*.json"))) >= 3
    # whose pages the building process did not hold: it hard-linked the workers' page files into the output
    page_files = {p.stat().st_ino for p in (tmp_path / "c2").glob("*/pages/*.html")}
    assert (tmp_path / "two/offers/fabrikam-fieldnotes/index.html").stat().st_ino in page_files


def test_the_pool_is_used_for_many_offers_only(site, tmp_path, monkeypatch, renders):
    used: list[int] = []
    real = pool.render_many

    def spy(setup, tasks, jobs, progress=None):
        used.append(len(tasks))
        return real(setup, tasks, jobs, progress)

    monkeypatch.setattr(pool, "render_many", spy)
    first = build(site, tmp_path / "out", jobs=2)
    assert used == [3] and renders == [] and first.rebuilt == 3  # all three in workers, none here
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes 2"')
    second = build(site, tmp_path / "out", jobs=2)
    assert used == [3] and renders == ["fabrikam-fieldnotes"] and second.rebuilt == 1  # one offer: in-process
    assert pool.workers(None) >= 1 and pool.workers(1) == 1


CRASHING = textwrap.dedent('''
    """Runs as a script, so that spawned workers import it too (as __mp_main__) and get the same faults."""
    import json, os, sys
    from pathlib import Path
    from listingpreview import pipeline

    real = pipeline.render_offer

    def faulty(folder, *a, **k):
        if folder.name == "northwind-service-scheduler":
            os._exit(3)  # as a crash in a C library would end the process
        if folder.name == "contoso-sentinel-mssp":
            raise RecursionError("maximum recursion depth exceeded")  # as a hostile file meeting a bug would
        return real(folder, *a, **k)

    pipeline.render_offer = faulty

    if __name__ == "__main__":
        site, out = Path(sys.argv[1]), Path(sys.argv[2])
        r = pipeline.build(site, out, jobs=2)
        pipeline.render_offer = real
        again = pipeline.build(site, out, jobs=1)
        print(json.dumps({"diags": [[d.code, d.offer, d.file, d.message] for d in r.diagnostics if d.code == "LP012"],
                          "offers": r.offers, "again_rebuilt": again.rebuilt, "again_up_to_date": again.up_to_date,
                          "again_lp012": [d.offer for d in again.diagnostics if d.code == "LP012"]}))
''')


def test_a_worker_that_fails_or_dies_gives_a_diagnostic_and_the_next_build_tries_again(site, tmp_path):
    script = tmp_path / "faulty_build.py"
    script.write_text(CRASHING)
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, str(script), str(site), str(out)], capture_output=True, text=True,
                       timeout=600, env=os.environ | {"LISTINGPREVIEW_CACHE_DIR": str(tmp_path / "cache")})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    by_offer = {offer: (code, file, message) for code, offer, file, message in got["diags"]}
    assert set(by_offer) == {"northwind-service-scheduler", "contoso-sentinel-mssp"}
    assert "stopped unexpectedly" in by_offer["northwind-service-scheduler"][2]
    assert by_offer["northwind-service-scheduler"][1] == "content/northwind-service-scheduler"
    assert "RecursionError" in by_offer["contoso-sentinel-mssp"][2]
    assert got["offers"] == 1  # the healthy offer was built; the two others are left out, not half-written
    # the build after the fault was fixed renders the two again (the output was not marked as built from these inputs)
    assert not got["again_up_to_date"] and got["again_rebuilt"] == 2 and got["again_lp012"] == []
    assert (out / "offers/northwind-service-scheduler/index.html").is_file()


# -- check shares the build's cache ------------------------------------------------------------------------------
def test_check_after_build_renders_nothing_and_decodes_nothing(site, tmp_path, renders, count_decodes):
    built = build(site, tmp_path / "out")
    assert len(renders) == 3 and count_decodes
    renders.clear()
    count_decodes.clear()
    diags, offers = Builder(site).check()
    assert renders == [] and count_decodes == [] and offers == 3
    assert diags == built.diagnostics


def test_check_of_new_offers_fills_the_cache_for_the_build(site, tmp_path, renders):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "' + "N" * 260 + '"')
    diags, _ = Builder(site).check()
    assert sorted(renders) == ["contoso-sentinel-mssp", "fabrikam-fieldnotes", "northwind-service-scheduler"]
    assert any(d.field == "listing.name" and d.severity == "error" for d in diags)
    renders.clear()
    built = build(site, tmp_path / "out")
    assert renders == [] and built.rebuilt == 0 and built.diagnostics == diags


def test_check_command_says_the_same_as_before_the_cache(site, tmp_path):
    """The cached path and the whole-load path (kept for --format markdown, --online, --compare-to) agree."""
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "' + "N" * 260 + '"')
    r = cli("check", str(site), "--format", "json", cache=tmp_path / "cache")
    cached = json.loads(r.stdout)
    _, _, loaded = pipeline.check_site(site)
    assert r.returncode == 1
    key = lambda d: (d["code"], d["file"], d["line"], d["field"], d["message"])  # noqa: E731
    assert sorted(map(key, cached["diagnostics"])) == sorted(key(d.to_dict()) for d in loaded)
    again = cli("check", str(site), "--format", "json", cache=tmp_path / "cache")
    assert json.loads(again.stdout) == cached


# -- one changed offer, and serve's saves --------------------------------------------------------------------------
def test_a_build_after_one_offer_changed_renders_only_that_offer(site, tmp_path, renders):
    build(site, tmp_path / "out")
    renders.clear()
    edit(site / FAB / "description.md", "FieldNotes", "FieldNotes Pro")
    r = build(site, tmp_path / "out")
    assert renders == ["fabrikam-fieldnotes"] and r.rebuilt == 1


@pytest.fixture
def big_site(site) -> Path:
    """The sample site with 20 more copies of one offer (own folder and offer ID each)."""
    for n in range(20):
        dst = site / "content" / f"copy-{n:02d}"
        shutil.copytree(site / FAB, dst)
        edit(dst / "offer.toml", 'id = "fabrikam-fieldnotes"', f'id = "fabrikam-copy-{n:02d}"')
    return site


def test_a_save_touches_only_its_offer_and_the_index_only_when_a_tile_changed(big_site, monkeypatch):
    builder = Builder(big_site, keep_last_good=True)
    builder.update()
    pages: list[str] = []
    keyed: list[str] = []
    real_render, real_key = pipeline._render, pipeline.folder_key
    monkeypatch.setattr(pipeline, "_render", lambda env, name, *a, **k: pages.append(name) or real_render(
        env, name, *a, **k))
    monkeypatch.setattr(pipeline, "folder_key", lambda folder, cache: keyed.append(folder.name) or real_key(
        folder, cache))
    looked: list[str] = []  # offers whose result was looked up at all (memory, disk or made)
    real_get = builder.cache.get
    monkeypatch.setattr(builder.cache, "get", lambda slot, *a, **k: (
        looked.append(slot) if slot.startswith("offer:") else None) or real_get(slot, *a, **k))
    edit(big_site / "content/copy-07/description.md", "FieldNotes", "FieldNotes Pro")
    snap = builder.update({"copy-07"})
    assert snap.rebuilt == ["copy-07"] and keyed == ["copy-07"] and looked == ["offer:copy-07"]
    assert "site-index.html" not in pages and "search.html" not in pages  # the tile did not change
    assert b"FieldNotes Pro" in snap.files["offers/copy-07/index.html"]
    pages.clear()
    edit(big_site / "content/copy-07/offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Copy Seven"')
    snap = builder.update({"copy-07"})
    assert pages.count("site-index.html") == 1 and pages.count("search.html") == 1  # the tile changed
    assert b"Copy Seven" in snap.files["index.html"] and b"Copy Seven" in snap.files["search.html"]
    assert snap.offers == 23 and list(snap.results) == sorted(snap.results)  # every offer, in folder order


def test_search_facets_match_what_the_search_page_gathers_itself(site):
    snap = Builder(site).update()
    b = Builder(site)
    b.update()
    env = b._environment(b._global)
    cards = [r.card for r in snap.results.values()]
    ctx = pipeline.site_context(b._inputs.config, b._inputs.edition, None)
    kw = dict(site=ctx, cards=cards, root="", page="search.html", path="search.html")
    assert pipeline._render(env, "search.html", **kw, facets=pipeline.search_facets(cards)) == \
        pipeline._render(env, "search.html", **kw)
    # the pages join the cards' pre-rendered parts in Python; the layouts' own loop gives the same markup
    assert tags(snap.files["search.html"].decode()) == tags(pipeline._render(env, "search.html", **kw))
    kw |= {"page": "site-index.html", "path": "index.html"}
    assert tags(snap.files["index.html"].decode()) == tags(pipeline._render(env, "site-index.html", **kw))
    assert snap.files["index.html"].count(b'class="tile') >= len(cards) > 1


def tags(html: str) -> str:
    """``html`` with the white space between tags removed (the loop indents, the join does not)."""
    return re.sub(r">\s+<", "><", html).strip()


def test_a_build_after_one_offer_changed_links_the_others_files_unread_and_equals_a_fresh_build(site, tmp_path,
                                                                                               monkeypatch):
    out = tmp_path / "out"
    build(site, out)
    page, shot = out / "offers/contoso-sentinel-mssp/index.html", next((out / "offers/contoso-sentinel-mssp/media")
                                                                       .iterdir())
    before = {p: p.stat().st_ino for p in (page, shot)}
    edit(site / FAB / "description.md", "FieldNotes", "FieldNotes Pro")
    from listingpreview import output

    hashed: list[str] = []
    real_sha = output._sha_file
    monkeypatch.setattr(output, "_sha_file", lambda p: hashed.append(str(p)) or real_sha(p))
    r = build(site, out)
    assert r.rebuilt == 1
    assert {p: p.stat().st_ino for p in (page, shot)} == before  # the same files, linked into the new output
    assert not [h for h in hashed if "contoso-sentinel-mssp" in h]  # and not read again
    assert b"FieldNotes Pro" in (out / "offers/fabrikam-fieldnotes/index.html").read_bytes()
    monkeypatch.setenv("LISTINGPREVIEW_CACHE_DIR", str(tmp_path / "fresh-cache"))
    build(site, tmp_path / "fresh")
    assert tree(out) == tree(tmp_path / "fresh")
    # a changed file in the output is never carried over: the build refuses, as before
    page.chmod(0o644)
    page.write_text("edited by hand")
    edit(site / FAB / "description.md", "FieldNotes Pro", "FieldNotes Max")
    with pytest.raises(Exception, match="changed since the last build"):
        build(site, out)


def test_ctrl_c_stops_the_workers_and_writes_nothing(big_site, tmp_path):
    import signal

    import psutil

    out = tmp_path / "out"
    env = os.environ | {"LISTINGPREVIEW_CACHE_DIR": str(tmp_path / "cache")}
    p = subprocess.Popen([sys.executable, "-m", "listingpreview", "build", str(big_site), "-o", str(out), "--jobs", "2"],
                         env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[psutil.Process] = []
    for _ in range(600):  # until both workers run (they are started together), at most 60 s
        workers = [c for c in psutil.Process(p.pid).children(recursive=True)
                   if "spawn_main" in " ".join(c.cmdline())]
        if len(workers) == 2 or p.poll() is not None:
            break
        psutil.wait_procs([], timeout=0.1)
    assert len(workers) == 2, "the build did not start its workers"
    os.killpg(p.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group gets it
    _, err = p.communicate(timeout=120)
    assert p.returncode != 0 and "Traceback" not in err.decode(), err.decode()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []
    assert not out.exists() and not [q for q in tmp_path.iterdir() if q.name.startswith(".out.staging")]
    assert len(list((tmp_path / "cache").glob("*/offers/*.summary.json"))) < 23  # stopped, not run to the end


def test_two_folders_with_the_same_files_are_two_offers(site, tmp_path):
    shutil.copytree(site / FAB, site / "content/fabrikam-twin")  # the same files: LP009, but two offers
    r = build(site, tmp_path / "out")
    index = (tmp_path / "out/index.html").read_text()
    assert 'href="offers/fabrikam-twin/' in index and 'href="offers/fabrikam-fieldnotes/' in index
    assert {d.offer for d in r.diagnostics if d.code == "LP009"} == {"fabrikam-fieldnotes", "fabrikam-twin"}


@pytest.mark.parametrize("layout", ["<main>{{ tiles_html }}</main>", "{{ tiles_html }}<hr>{{ tiles_html }}",
                                    "{% for c in cards %}<p>{{ c.name }}</p>{% endfor %}"])
def test_the_tiles_spliced_in_as_bytes_give_the_page_a_site_layout_renders(site, layout):
    (site / "layouts").mkdir()
    (site / "layouts/site-index.html").write_text(layout)
    b = Builder(site)
    snap = b.update()
    cards = [r.card for r in snap.results.values()]
    tiles = pipeline.Markup("\n".join(c["tile_html"] for c in cards))
    ctx = pipeline.site_context(b._inputs.config, b._inputs.edition, None)
    want = pipeline._render(b._environment(b._global), "site-index.html", site=ctx, cards=cards, tiles_html=tiles,
                            root="", page="site-index.html", path="index.html")
    assert snap.files["index.html"].decode() == want and pipeline.SPLICE not in want
    assert want.count('id="offer-') == len(cards) * layout.count("tiles_html") and "Fabrikam" in want


def test_an_offer_that_fails_in_process_gives_a_diagnostic_not_a_traceback(site, tmp_path, monkeypatch):
    real = pipeline.render_offer
    broken = {"contoso-sentinel-mssp"}

    def faulty(folder, *a, **k):
        if folder.name in broken:
            raise RecursionError("maximum recursion depth exceeded")  # as a hostile file meeting a bug would
        return real(folder, *a, **k)

    monkeypatch.setattr(pipeline, "render_offer", faulty)
    r = pipeline.build(site, tmp_path / "out", jobs=1)
    assert [(d.code, d.offer) for d in r.diagnostics if d.code == "LP012"] == [("LP012", "contoso-sentinel-mssp")]
    assert r.offers == 2 and not (tmp_path / "out/offers/contoso-sentinel-mssp").exists()
    # serve: a save that breaks one offer leaves it out; the save that mends it brings it back
    builder = Builder(site, keep_last_good=True)
    assert "offers/fabrikam-fieldnotes/index.html" in builder.update().files
    broken.add("fabrikam-fieldnotes")
    edit(site / "content/fabrikam-fieldnotes/offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "FieldNotes"')
    snap = builder.update({"fabrikam-fieldnotes"})
    assert sorted(d.offer for d in snap.diagnostics if d.code == "LP012") == ["contoso-sentinel-mssp",
                                                                               "fabrikam-fieldnotes"]
    assert "offers/fabrikam-fieldnotes/index.html" not in snap.files and snap.offers == 1
    broken.clear()
    snap = builder.update({"fabrikam-fieldnotes"})
    assert [d.offer for d in snap.diagnostics if d.code == "LP012"] == ["contoso-sentinel-mssp"]  # not tried: unsaved
    assert b"FieldNotes" in snap.files["offers/fabrikam-fieldnotes/index.html"] and snap.offers == 2
