"""The round trip is the test: content -> export (configure body) -> import -> build gives the same check result
and the same listing, plans and review pages, apart from what the format cannot carry (listed below)."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w

from conftest import REAL
from listingpreview.export import export_site
from listingpreview.importers.catalog import import_file
from listingpreview.importers.ingestion import import_tree
from listingpreview.ingestion_map import KINDS
from listingpreview.names import OFFER_TYPES
from listingpreview.pipeline import build, check_site

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://preview.example.com/site"

# What a configure body cannot carry, restored from the original after the import (offer.toml key paths):
CANNOT_CARRY = [
    "offer.publisher", "offer.publisher_id",   # account level: no resource holds them
    "store",                                   # store facts (ratings, badges…): the store's, not Partner Center input
    "import",                                  # where content came from and what its source lacked (ours)
    "properties.category_keys", "properties.industry_keys",  # Catalog API keys as the catalogue gave them
    "media.large_logo_url", "media.medium_logo_url", "media.small_logo_url", "media.wide_logo_url",
    "media.screenshot_urls",                   # published image URLs (export points at the preview's own copies)
    "setup.lead_destination", "setup.lead_contact_email",  # customer leads need connection secrets
    "setup.listing_option",                    # listing-only call to action: no documented field
    "properties.industries",                   # industries without an API key (e.g. Energy) fall out
]
# ... and per plan: its [import] table; and the image files themselves (copied: assets travel as URLs).
PLAN_CANNOT_CARRY = ["import"]
SAMPLES = sorted(p for p in (ROOT / "content").iterdir() if (p / "offer.toml").is_file())
REALS = [f for f in sorted(REAL.glob("*.json")) + sorted(REAL.glob("maq/*.json"))
         if json.loads(f.read_text()).get("productType") not in (None, "None")]


def _offers(tmp_path_factory):
    site = tmp_path_factory.mktemp("a")
    for s in SAMPLES:
        shutil.copytree(s, site / "content" / s.name)
    for f in REALS:
        import_file(f, site / "content")
    return site


@pytest.fixture(scope="module")
def trip(tmp_path_factory):
    a = _offers(tmp_path_factory)
    b = tmp_path_factory.mktemp("b")
    result = export_site(a, asset_base_url=BASE_URL, force=True)
    for body in result.bodies:
        folder, _ = import_tree(body.body, b / "content")
        _restore(a / "content" / folder.name, folder)
    build(a, a / "_site")
    build(b, b / "_site")
    return a, b, result


def _get(data: dict, path: str):
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _set(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    if value is None:
        data.pop(last, None)
    else:
        data[last] = value


def _restore(orig: Path, new: Path) -> None:
    """Put back what the format cannot carry (CANNOT_CARRY), and the image files."""
    a, b = (tomllib.loads((f / "offer.toml").read_text()) for f in (orig, new))
    for path in CANNOT_CARRY:
        _set(b, path, _get(a, path))
    if not _get(a, "offer.id"):  # exported (with --force) under its folder name; the original had none
        b["offer"]["id"] = ""
    for i, v in enumerate(_get(a, "media.videos") or []):
        if "thumbnail_url" in v:
            b["media"]["videos"][i]["thumbnail_url"] = v["thumbnail_url"]
    (new / "offer.toml").write_text(tomli_w.dumps(b))
    for plan in (orig / "plans").glob("*.toml"):
        pa = tomllib.loads(plan.read_text())
        target = new / "plans" / plan.name
        pb = tomllib.loads(target.read_text())
        for path in PLAN_CANNOT_CARRY:
            _set(pb, path, _get(pa, path))
        target.write_text(tomli_w.dumps(pb))
    if (orig / "media").is_dir():
        shutil.copytree(orig / "media", new / "media", dirs_exist_ok=True)


def _norm_diag(d):
    return (d.code, d.severity, d.file, d.field, d.plan, d.message, d.hint)


_LOC = re.compile(r"((?:offer|description|\w+)\.(?:toml|md)):\d+(?::\d+)?")


def _page(site: Path, slug: str, name: str) -> str:
    text = (site / "_site" / "offers" / slug / name).read_text()
    return _LOC.sub(r"\1", text)  # file:line:col of a diagnostic depends on the file's layout, not its content


def test_every_exportable_offer_makes_the_trip(trip):
    a, b, result = trip
    exported = {body.offer for body in result.bodies}
    slugs = {p.name for p in (a / "content").iterdir()}
    types = {s: tomllib.loads((a / "content" / s / "offer.toml").read_text())["offer"]["type"] for s in slugs}
    assert {s for s, t in types.items() if t in KINDS} == {s for s in slugs if s in exported or
                                                           s in {x.name for x in (b / "content").iterdir()}}
    # The rest are types the Product Ingestion API documents no kind for, and say so.
    for slug, why in result.skipped:
        assert types[slug] not in KINDS and OFFER_TYPES[types[slug]].label in why
    assert len(result.bodies) >= 4  # the SaaS sample, and the SaaS and VM real listings


def test_same_check_result(trip):
    a, b, _ = trip
    _, _, da = check_site(a)
    _, _, db = check_site(b)
    for folder in (b / "content").iterdir():
        got = sorted(_norm_diag(d) for d in db if d.offer == folder.name)
        want = sorted(_norm_diag(d) for d in da if d.offer == folder.name)
        assert got == want, folder.name


@pytest.mark.parametrize("page", ["index.html", "plans.html", "review.html"])
def test_same_pages(trip, page):
    a, b, _ = trip
    for folder in (b / "content").iterdir():
        assert _page(b, folder.name, page) == _page(a, folder.name, page), (folder.name, page)
