"""Shared fixtures: copies of the sample content, edits by text replacement, the team's shared folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from listingpreview.pipeline import check_site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real-listings"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """Builds cache in the user's cache folder; keep the tests' caches out of the real one."""
    os.environ["LISTINGPREVIEW_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the repository's sample site (config + content/) in a temporary folder."""
    dst = tmp_path / "site"
    shutil.copytree(CONTENT, dst / "content")
    shutil.copy(ROOT / "listingpreview.toml", dst / "listingpreview.toml")
    return dst


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the line of ``path`` holding ``needle`` (exactly once)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} on lines {hits} of {path}"
    return hits[0]


def diagnostics(site_dir: Path, edition: str | None = None):
    return check_site(site_dir, edition)[2]


def browser_args() -> list[str]:
    return ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """A real headless Chromium (Debian's), driven by Playwright. Missing browser: fail on CI, skip elsewhere."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; scripts/test installs it")
        pytest.skip("chromium not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=browser_args())
        yield browser
        browser.close()


@pytest.fixture
def count_decodes(monkeypatch):
    """The names of the images ``media.inspect`` is asked for, in order (a spy; inspection still runs)."""
    from listingpreview import media

    calls: list[str] = []
    real = media.inspect

    def counting(path):
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(media, "inspect", counting)
    return calls
