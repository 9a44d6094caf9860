"""The storefront pages in the real Chromium: views, tabs, viewer, search, 390 px, axe-core, screenshots."""

from __future__ import annotations

import json
import shutil

import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import CONTENT, REAL, ROOT
from listingpreview.pipeline import build

pytestmark = pytest.mark.browser
SHOTS = ROOT / "tests/screenshots"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = tmp_path_factory.mktemp("sf") / "site"
    shutil.copytree(CONTENT, site / "content")
    shutil.copy(ROOT / "listingpreview.toml", site / "listingpreview.toml")
    # a sub-path, as on a file share or a web server's folder
    out = site.parent / "deep" / "pre views"
    result = build(site, out)
    assert result.diagnostics == []
    return out


@pytest.fixture(scope="module")
def sample_2020(tmp_path_factory):
    site = tmp_path_factory.mktemp("sf2020") / "site"
    shutil.copytree(CONTENT, site / "content")
    shutil.copy(ROOT / "listingpreview.toml", site / "listingpreview.toml")
    out = site.parent / "out"
    build(site, out, edition="2020")
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    from listingpreview.importers.catalog import ImportProblem, import_file

    files = sorted(REAL.glob("*.json")) + sorted(REAL.glob("maq/*.json"))
    if not files:
        pytest.skip("../shared/real-listings is not beside the project")
    site = tmp_path_factory.mktemp("sfreal")
    for f in files:
        try:
            import_file(f, site / "content")
        except ImportProblem as e:  # a record without a product type is refused, not guessed
            assert "productType" in str(e), e
    out = site / "_site"
    build(site, out)
    return out


def pages_of(out):
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def open_page(browser, url, width=1280, js=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=js)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems


def visible_annotations(page):
    return page.eval_on_selector_all(".lp-annot, .copy-link, .mark",
                                     "els => els.filter(e => e.getClientRects().length > 0).length")


def test_buyer_view_hides_annotations_and_is_linkable(chromium, sample):
    url = (sample / "offers/fabrikam-fieldnotes/index.html").as_uri()
    page, problems = open_page(chromium, url)
    assert visible_annotations(page) > 5  # annotated by default: copy links, counters
    page.click(".lp-views a[data-view=buyer]")
    assert visible_annotations(page) == 0
    assert page.url.endswith("#buyer")
    assert page.locator(".lp-approx").is_visible()  # the approximation sentence stays
    page.goto((sample / "offers/fabrikam-fieldnotes/plans.html").as_uri())  # the choice follows the reviewer
    assert page.evaluate("document.documentElement.classList.contains('buyer-view')")
    assert visible_annotations(page) == 0 and not page.locator(".pc-plans").is_visible()
    page.click(".lp-views a[data-view=annotated]")
    assert page.locator(".pc-plans").is_visible()
    assert problems == []
    page.context.close()
    linked, _ = open_page(chromium, (sample / "offers/contoso-sentinel-mssp/index.html").as_uri() + "#buyer")
    assert visible_annotations(linked) == 0 and linked.locator(".cta-row .btn").count() == 1
    linked.context.close()
    nojs, _ = open_page(chromium, url + "#buyer", js=False)  # without JavaScript: annotated, all panels
    assert visible_annotations(nojs) > 5 and nojs.locator("#details-support").is_visible()
    nojs.context.close()


def test_tabs_switch_in_place_and_open_for_a_field_link(chromium, sample):
    url = (sample / "offers/fabrikam-fieldnotes/index.html").as_uri()
    page, problems = open_page(chromium, url)
    assert page.locator("#overview").is_visible() and not page.locator("#details-support").is_visible()
    page.click(".tabs a[data-tab=details]")
    assert page.locator("#details-support").is_visible() and not page.locator("#overview").is_visible()
    assert page.locator("#store-url").inner_text().endswith("?tab=DetailsAndSupport")
    assert page.locator(".tabs a[aria-current=page]").inner_text() == "Details + support"
    page.goto(url + "#field-properties-categories")
    assert page.locator("#field-properties-categories").is_visible()
    page.goto(url + "?tab=RatingsAndReviews")
    assert page.locator("#ratings-reviews").is_visible()
    assert problems == []
    page.context.close()


def test_media_viewer_works_from_the_keyboard(chromium, sample):
    page, problems = open_page(chromium, (sample / "offers/contoso-sentinel-mssp/index.html").as_uri())
    first = page.locator("a.media-open").first
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#viewer")
    assert dialog.is_visible()
    assert page.locator("#viewer-count").inner_text() == "1 of 3"
    assert page.locator("#viewer-watch a").inner_text() == "Watch the video on YouTube"
    page.keyboard.press("ArrowRight")
    assert page.locator("#viewer-count").inner_text() == "2 of 3"
    assert page.eval_on_selector(".viewer-img", "e => e.complete && e.naturalWidth") > 0
    assert page.locator("#viewer-watch").is_hidden()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('media-open')")  # focus goes back
    assert problems == []
    page.context.close()


def test_search_page_filters_sorts_and_counts(chromium, sample):
    page, problems = open_page(chromium, (sample / "search.html").as_uri())

    def names():
        return page.eval_on_selector_all("li.result:not([hidden]) .tile-name",
                                         "els => els.map(e => e.textContent.trim())")

    assert page.locator("#result-count").inner_text() == "3 results"
    page.fill("#q", "sentinel")
    assert names() == ["Contoso Managed Sentinel: 24x7 Security Operations"]
    assert page.locator("#result-count").inner_text() == "1 result"
    page.fill("#q", "")
    page.check('input[name="type"][value="saas"]')
    assert names() == ["Fabrikam FieldNotes"]
    page.uncheck('input[name="type"][value="saas"]')
    page.check('input[name="category"][value="Operations & Supply Chain"]')
    assert sorted(names()) == ["Fabrikam FieldNotes", "Northwind Service Scheduler for Dynamics 365 Field Service"]
    page.check('input[name="trial"][value="free-trial"]')
    assert names() == ["Fabrikam FieldNotes"]
    page.check('input[name="industry"][value="Distribution"]')
    assert names() == [] and page.locator("#no-results").is_visible()
    page.uncheck('input[name="industry"][value="Distribution"]')
    page.uncheck('input[name="trial"][value="free-trial"]')
    page.uncheck('input[name="category"][value="Operations & Supply Chain"]')
    page.check('input[name="pricing"][value="Byol"]')
    assert names() == ["Contoso Managed Sentinel: 24x7 Security Operations"]
    page.uncheck('input[name="pricing"][value="Byol"]')
    page.select_option("#sort", "name")
    assert names() == sorted(names()) and len(names()) == 3
    page.click("li.result .tile-name a >> nth=0")  # links work from the sub-path
    assert page.url.endswith("/index.html") and "offers/" in page.url
    assert problems == []
    page.context.close()


def too_wide(browser, out, rels, fragment=""):
    """Pages wider than a 390 px phone screen: {page: (overflow px, the first element past the edge)}."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    wide = {}
    for rel in rels:
        page.goto((out / rel).as_uri() + fragment)
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            wide[rel] = (extra, page.evaluate("""() => { const e = [...document.querySelectorAll('body *')]
                .find(e => e.getBoundingClientRect().right > innerWidth + 1);
                return e ? e.outerHTML.slice(0, 120) : ''; }"""))
    context.close()
    return wide


@pytest.mark.parametrize("view", ["annotated", "buyer"])
def test_no_horizontal_overflow_at_390px(chromium, sample, view):
    assert too_wide(chromium, sample, pages_of(sample), "#" + view) == {}


def test_no_horizontal_overflow_at_390px_2020(chromium, sample_2020):
    assert too_wide(chromium, sample_2020, pages_of(sample_2020)) == {}


def test_no_horizontal_overflow_at_390px_real(chromium, real):
    assert too_wide(chromium, real, pages_of(real)) == {}


def axe_problems(browser, out, rels, fragment=""):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for rel in rels:
        page.goto((out / rel).as_uri() + fragment)
        results = axe.run(page)
        bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0].get('failureSummary', '')[:200]}"
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[rel] = bad
    context.close()
    return found


@pytest.mark.parametrize("view", ["annotated", "buyer"])
def test_axe_sample_pages(chromium, sample, view):
    assert axe_problems(chromium, sample, pages_of(sample), "#" + view) == {}


def test_axe_2020_pages(chromium, sample_2020):
    assert axe_problems(chromium, sample_2020, pages_of(sample_2020)) == {}


def test_axe_real_listing_pages(chromium, real):
    assert axe_problems(chromium, real, pages_of(real)) == {}


SHOT_PAGES = ["index.html", "search.html", "offers/fabrikam-fieldnotes/index.html",
              "offers/fabrikam-fieldnotes/plans.html", "offers/fabrikam-fieldnotes/tiles.html",
              "offers/fabrikam-fieldnotes/snippet.html", "offers/fabrikam-fieldnotes/review.html",
              "offers/contoso-sentinel-mssp/portal.html"]


@pytest.mark.parametrize("view", ["annotated", "buyer"])
@pytest.mark.parametrize("rel", SHOT_PAGES)
def test_screenshots_match(chromium, sample, rel, view, tmp_path):
    """Each page type and view against its checked-in image; LISTINGPREVIEW_UPDATE_SHOTS=1 rewrites them.

    The build date in the preview bar is hidden so the images do not change from day to day.
    """
    import os

    page, _ = open_page(chromium, (sample / rel).as_uri() + "#" + view, width=1024)
    page.evaluate("document.querySelector('.lp-note').style.visibility = 'hidden'")  # CSSOM: allowed by the CSP
    page.set_viewport_size({"width": 1024, "height": 1000})
    raw = tmp_path / "raw.png"
    page.screenshot(path=str(raw), clip={"x": 0, "y": 0, "width": 1024, "height": 1000})
    page.context.close()
    name = rel.replace("/", "_").replace(".html", "") + f"-{view}.png"
    with Image.open(raw) as im:  # half size and 64 colours keep the checked-in files small
        got = im.convert("RGB").resize((512, 500), Image.Resampling.LANCZOS).quantize(colors=64).convert("RGB")
    expected_path = SHOTS / name
    if os.environ.get("LISTINGPREVIEW_UPDATE_SHOTS") or not expected_path.exists():
        if os.environ.get("CI") and not expected_path.exists():
            pytest.fail(f"{name} is not checked in")
        SHOTS.mkdir(exist_ok=True)
        got.quantize(colors=64).save(expected_path, optimize=True)
        return
    with Image.open(expected_path) as im:
        expected = im.convert("RGB")
    diff = ImageChops.difference(got, expected).convert("L")
    mean = ImageStat.Stat(diff).mean[0]
    changed = sum(diff.histogram()[33:])  # pixels that visibly changed
    # tolerance: anti-aliasing and colour-quantization wobble, far below a changed button or line of text
    assert mean < 0.5 and changed < 150, json.dumps({"image": name, "mean": mean, "changed_pixels": changed})
