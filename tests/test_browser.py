"""The built sample site in a real headless Chromium: tiles render, images load, no console errors."""

from __future__ import annotations

import pytest
from PIL import Image

from listingpreview.pipeline import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    from conftest import ROOT

    out = tmp_path_factory.mktemp("browser") / "_site"
    result = build(ROOT, out)
    assert result.diagnostics == []
    return out


def visit(browser, url, shot=None):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(url)
    page.wait_for_load_state("load")
    if shot:
        page.screenshot(path=str(shot), full_page=True)
    return page, problems


def test_index_tiles_render_without_console_errors(chromium, sample_site, tmp_path):
    shot = tmp_path / "index.png"
    page, problems = visit(chromium, (sample_site / "index.html").as_uri(), shot)
    tiles = page.locator(".tile")
    assert tiles.count() == 3
    for i in range(3):
        box = tiles.nth(i).bounding_box()
        assert box and box["width"] >= 200 and box["height"] >= 200
    logos = page.eval_on_selector_all(".tile-logo img", "els => els.map(e => [e.complete, e.naturalWidth])")
    assert logos == [[True, 48]] * 3
    assert problems == []
    with Image.open(shot) as im:
        assert im.width == 1280 and len(im.getcolors(1 << 20) or []) > 50  # a real, varied rendering
    page.close()


@pytest.mark.parametrize("slug", ["contoso-sentinel-mssp", "fabrikam-fieldnotes", "northwind-service-scheduler"])
@pytest.mark.parametrize("name", ["index", "plans", "tiles", "snippet", "review"])
def test_offer_pages_load_cleanly(chromium, sample_site, slug, name):
    page, problems = visit(chromium, (sample_site / "offers" / slug / f"{name}.html").as_uri())
    broken = page.eval_on_selector_all("img", "els => els.filter(e => !e.complete || e.naturalWidth === 0).map(e => e.src)")
    assert broken == [] and problems == []
    page.close()


def test_listing_header_looks_like_the_store(chromium, sample_site):
    page, _ = visit(chromium, (sample_site / "offers/fabrikam-fieldnotes/index.html").as_uri())
    primary = page.locator(".btn-primary")
    assert primary.inner_text() == "Get it now"
    assert page.eval_on_selector(".btn-primary", "e => getComputedStyle(e).backgroundColor") == "rgb(0, 120, 212)"
    logo = page.locator(".logo-large").bounding_box()
    name = page.locator("h1").bounding_box()
    assert logo["x"] < name["x"] and abs(logo["y"] - name["y"]) < 40  # logo left of the name, on one row
    page.close()
