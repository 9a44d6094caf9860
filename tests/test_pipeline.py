"""The pipeline's contracts: a small public API, readable stages, a cache that is never stale, links from data."""

from __future__ import annotations

import ast
import inspect
import os
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import edit
from listingpreview import pipeline
from listingpreview.pipeline import Builder, build

ROOT = Path(__file__).resolve().parents[1]
FAB = "content/fabrikam-fieldnotes"


# -- public API -------------------------------------------------------------------------------------------------
def test_dir_of_the_package_is_the_public_api():
    import listingpreview

    assert dir(listingpreview) == ["BuildResult", "Builder", "CompareError", "ConfigError", "Diagnostic",
                                   "LayoutError", "ListingPreviewError", "OutputError", "UsageError", "__version__",
                                   "build", "check_site", "load_site"]
    for name in dir(listingpreview):
        assert getattr(listingpreview, name) is not None


def test_build_is_the_function_and_the_pipeline_a_module():
    import listingpreview
    import listingpreview.pipeline as module

    assert inspect.ismodule(module) and module.build is listingpreview.build
    assert callable(listingpreview.build) and not inspect.ismodule(listingpreview.build)
    assert listingpreview.OutputError.__mro__[1] is listingpreview.ListingPreviewError


def test_version_imports_neither_the_pipeline_nor_jinja_nor_pydantic():
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "listingpreview", "--version"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "0.1.0" in r.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if "|" in line}
    assert "listingpreview.cli" in imported
    assert not imported & {"listingpreview.pipeline", "jinja2", "pydantic", "PIL", "watchdog", "bleach"}


# -- readable stages --------------------------------------------------------------------------------------------
def test_update_names_the_stages_in_order_and_every_stage_is_short():
    src = textwrap.dedent(inspect.getsource(Builder.update))
    order = ["_config(", "_discover(", "_fingerprint(", "_up_to_date(", "_offers(", "_assemble(", "_finish("]
    positions = [src.index(s) for s in order]
    assert positions == sorted(positions)
    body = inspect.getsource(pipeline.build)
    assert body.index("check_target(") < body.index(".update(") < body.index("write_site(")
    tree = ast.parse(Path(pipeline.__file__).read_text())
    long = [f"{n.name}: {n.end_lineno - n.lineno + 1} lines" for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 60]
    assert long == []


# -- the cache key --------------------------------------------------------------------------------------------------
def _copy_package(dst: Path) -> Path:
    """A copy of the package as an install has it: layouts and assets inside the package folder."""
    pkg = dst / "listingpreview"
    shutil.copytree(ROOT / "src" / "listingpreview", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "layouts", pkg / "layouts")
    shutil.copytree(ROOT / "assets", pkg / "assets")
    return pkg


_BUILD = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import listingpreview
assert listingpreview.__file__.startswith(sys.argv[1]), listingpreview.__file__
r = listingpreview.build(Path(sys.argv[2]), Path(sys.argv[3]))
print(json.dumps({"up_to_date": r.up_to_date, "rebuilt": r.rebuilt,
                  "codes": sorted({d.code for d in r.diagnostics if d.offer == "fabrikam-fieldnotes"})}))
"""


def test_a_changed_rule_limit_in_the_installed_code_invalidates_the_cache(site, tmp_path):
    import json

    pkg = _copy_package(tmp_path / "install")
    env = dict(os.environ, LISTINGPREVIEW_CACHE_DIR=str(tmp_path / "cache"), PYTHONDONTWRITEBYTECODE="1")

    def run() -> dict:
        r = subprocess.run([sys.executable, "-c", _BUILD, str(pkg.parent), str(site), str(tmp_path / "out")],
                           capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    first = run()
    assert "LP104" not in first["codes"] and first["rebuilt"] == 3
    assert run()["up_to_date"]  # nothing changed: the second build stops early
    with open(pkg / "rules" / "limits.py", "a") as f:  # as a maintainer's edit of the table would
        f.write('\nTABLE["name"]["latest"]["saas"] = Limit(5, "a test", "2026-01-01")\n')
    third = run()
    assert not third["up_to_date"] and "LP104" in third["codes"]
    assert "LP104" in (tmp_path / "out/offers/fabrikam-fieldnotes/review.html").read_text()


def test_tool_key_covers_code_and_builtin_layouts(monkeypatch, tmp_path):
    pkg = _copy_package(tmp_path)
    before = pipeline.tool_key()
    pipeline.tool_key.cache_clear()
    monkeypatch.setattr(pipeline, "__file__", str(pkg / "pipeline.py"))
    monkeypatch.setattr(pipeline.templates, "builtin_dir", lambda name: pkg / name)
    try:
        same = pipeline.tool_key()
        pipeline.tool_key.cache_clear()
        (pkg / "layouts" / "rules.html").write_text((pkg / "layouts" / "rules.html").read_text() + "\n")
        changed_layout = pipeline.tool_key()
        pipeline.tool_key.cache_clear()
        (pkg / "snippet.py").write_text((pkg / "snippet.py").read_text() + "\n# edit\n")
        changed_code = pipeline.tool_key()
    finally:
        pipeline.tool_key.cache_clear()
    assert same == before
    assert len({same, changed_layout, changed_code}) == 3


def test_rules_page_follows_its_inputs_while_serving(site):
    builder = Builder(site, keep_last_good=True)
    first = builder.update().files["rules.html"]
    assert b"LP104" in first
    edit(site / "listingpreview.toml", 'title', 'title = "Renamed site"\nold_title')
    text = (site / "listingpreview.toml").read_text()
    (site / "listingpreview.toml").write_text(text.replace("old_title", "#"))
    second = builder.update(set()).files["rules.html"]
    assert b"Renamed site" in second and second != first
    (site / "layouts").mkdir()
    (site / "layouts" / "rules.html").write_text("<p>{{ rules|length }} rules in a site layout</p>")
    third = builder.update(set()).files["rules.html"]
    assert third.endswith(b"rules in a site layout</p>")


def test_compiled_layouts_are_kept_in_the_cache_and_never_outlive_their_source(site, tmp_path):
    from listingpreview.cache import default_cache_dir

    (site / "layouts").mkdir()
    (site / "layouts" / "rules.html").write_text("<p>first version</p>")
    build(site, tmp_path / "out")
    kept = {p.name: p.read_bytes() for p in (default_cache_dir(site) / "layouts").glob("*.cache")}
    assert len(kept) > 10 and all(name.startswith(pipeline.tool_key()[:16] + "-") for name in kept)
    (site / "layouts" / "rules.html").write_text("<p>other version</p>")  # same size: the source is compared
    build(site, tmp_path / "out")  # a new Builder: the layouts come from the kept entries, checked against source
    assert (tmp_path / "out/rules.html").read_text() == "<p>other version</p>"
    now = {p.name: p.read_bytes() for p in (default_cache_dir(site) / "layouts").glob("*.cache")}
    assert now.keys() == kept.keys() and sum(now[k] != kept[k] for k in kept) == 1  # the edited one, compiled anew
    for p in (default_cache_dir(site) / "layouts").glob("*.cache"):  # damaged entries: compiled again, no error
        p.write_bytes(p.read_bytes()[:40])
    edit(site / "content/fabrikam-fieldnotes/offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam Notes"')
    build(site, tmp_path / "out")
    assert "Fabrikam Notes" in (tmp_path / "out/offers/fabrikam-fieldnotes/index.html").read_text()


def test_same_size_edit_with_the_old_mtime_is_seen(site):
    offer = site / FAB / "offer.toml"
    old = time.time() - 3600  # an old file: its hash is remembered by size, mtime, inode and ctime
    os.utime(offer, (old, old))
    st = offer.stat()
    builder = Builder(site)
    builder.update()
    text = offer.read_text()
    assert text.count('name = "Fabrikam FieldNotes"') == 1
    with open(offer, "r+") as f:  # in place: same inode, same size
        f.write(text.replace('name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotez"'))
    os.utime(offer, ns=(st.st_atime_ns, st.st_mtime_ns))  # mtime set back, as touch -r or rsync -t do
    after = offer.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)
    snap = builder.update({"fabrikam-fieldnotes"})
    assert snap.rebuilt == ["fabrikam-fieldnotes"]
    assert b"Fabrikam FieldNotez" in snap.files["offers/fabrikam-fieldnotes/index.html"]
    # and a fresh process with the on-disk hashes sees it too
    builder.cache.save()
    assert b"FieldNotez" in Builder(site).update().files["offers/fabrikam-fieldnotes/index.html"]


def test_a_rebuild_that_changes_nothing_shown_reports_no_change(site):
    builder = Builder(site)
    builder.update()
    (site / FAB / ".offer.toml.tmp-save").write_text("an editor's temporary file")
    snap = builder.update({"fabrikam-fieldnotes"})
    assert snap.rebuilt == ["fabrikam-fieldnotes"] and snap.changed == [] and not snap.site_changed
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes 2"')
    snap = builder.update({"fabrikam-fieldnotes"})
    assert snap.changed == ["fabrikam-fieldnotes"] and snap.site_changed


# -- links from data --------------------------------------------------------------------------------------------------
def _ids(html: bytes | str) -> set[str]:
    return {t["id"] for t in BeautifulSoup(html, "html.parser").find_all(id=True)}


def test_every_diagnostic_link_lands_on_an_element_that_exists(site, tmp_path):
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "' + "N" * 260 + '"')
    edit(site / FAB / "offer.toml", 'keywords = ["inspection", "field service", "offline"]',
         'keywords = ["inspection", "field service", "offline", "forms"]')
    build(site, tmp_path / "out")
    offer = tmp_path / "out/offers/fabrikam-fieldnotes"
    review = BeautifulSoup((offer / "review.html").read_text(), "html.parser")
    links = {a.find_parent("li")["data-code"]: a["href"] for a in review.select("a.diag-field")}
    assert links["LP104"] == "index.html#field-listing-name"  # shown on the listing page
    assert links["LP111"] == "review.html#field-listing-keywords"  # shown only among the review details
    for href in (a["href"] for a in review.select("a.diag-field")):
        page, anchor = href.split("#")
        assert anchor in _ids((offer / page).read_text()), href


def test_links_follow_what_a_site_layout_really_writes(site, tmp_path):
    """A site's own store header that does not show the name: the link goes elsewhere, never to a dead id."""
    edit(site / FAB / "offer.toml", 'name = "Fabrikam FieldNotes"', 'name = "' + "N" * 260 + '"')
    (site / "layouts").mkdir()
    header = ROOT / "layouts/_store-header.html"  # the listing page's header, where the name is shown
    own = header.read_text().replace("id=\"{{ anchor('listing.name') }}\"", "")
    own = own.replace("{{ copy(anchor('listing.name')) }}", "")
    assert own != header.read_text()
    (site / "layouts/_store-header.html").write_text(own)
    build(site, tmp_path / "out")
    review = BeautifulSoup((tmp_path / "out/offers/fabrikam-fieldnotes/review.html").read_text(), "html.parser")
    li = next(li for li in review.select("li.diag") if li["data-code"] == "LP104")
    href = li.select_one("a.diag-field")["href"]
    assert href != "index.html#field-listing-name"
    page, anchor = href.split("#")
    assert anchor in _ids((tmp_path / "out/offers/fabrikam-fieldnotes" / page).read_text())


def test_equal_duplicate_diagnostics_get_distinct_ids(site):
    from listingpreview import pages, templates
    from listingpreview.cache import Cache
    from listingpreview.config import SiteConfig
    from listingpreview.load import load_offer
    from listingpreview.pipeline import check_offer, image_refs, render_pages, site_context

    cache = Cache(Path(), enabled=False)
    offer = load_offer(site / FAB, site, [], "fabrikam-fieldnotes")
    checked = check_offer(offer, [], "latest", SiteConfig(), cache)
    d = checked.diagnostics[0] if checked.diagnostics else None
    from listingpreview.diagnostics import Diagnostic

    d = d or Diagnostic("LP104", "error", "offer.toml", 3, 8, "listing.name", "too long", offer="fabrikam-fieldnotes")
    twins = [d, replace(d)]
    assert twins[0] == twins[1] and twins[0] is not twins[1]
    refs, _ = image_refs(checked.images, cache)
    view = pages.offer_view(offer, twins, checked.description, checked.images, refs, "latest", "en-us")
    html = render_pages(templates.environment(None), view, site_context(SiteConfig(), "latest", None),
                        "offers/x/")["review.html"]
    items = BeautifulSoup(html, "html.parser").select("li.diag")
    assert [li["id"] for li in items] == ["diag-1", "diag-2"]
    hrefs = [li.select_one("a.diag-field")["href"] for li in items]
    assert hrefs[0] == hrefs[1] and "lp-" not in html.split("<main", 1)[1]
