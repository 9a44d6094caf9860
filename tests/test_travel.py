"""Previews that travel: any sub-path or file://, reproducible bytes, never half-written, not indexed."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

from conftest import ROOT, edit
from listingpreview.pipeline import build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_in_subprocess(site: Path, out: Path, **env) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED")} | env
    return subprocess.run([sys.executable, "-m", "listingpreview", "build", str(site), "-o", str(out), "-q"],
                          capture_output=True, text=True, env=e, timeout=300)


def test_two_builds_are_byte_identical(site, tmp_path):
    a = build_in_subprocess(site, tmp_path / "a" / "_site", PYTHONHASHSEED="1", SOURCE_DATE_EPOCH="1767225600")
    b = build_in_subprocess(site, tmp_path / "b" / "_site", PYTHONHASHSEED="2", SOURCE_DATE_EPOCH="1767225600")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    ta, tb = tree(tmp_path / "a/_site"), tree(tmp_path / "b/_site")
    assert ta.keys() == tb.keys() and ta == tb
    page = ta["offers/fabrikam-fieldnotes/index.html"].decode()
    assert "2026-01-01 00:00 UTC" in page
    for name, data in ta.items():
        for leak in (str(site).encode(), str(tmp_path).encode(), b"localhost", b"127.0.0.1"):
            assert leak not in data, (name, leak)


def test_no_date_without_source_date_epoch(site, tmp_path):
    assert build_in_subprocess(site, tmp_path / "out").returncode == 0
    assert " on 20" not in (tmp_path / "out/index.html").read_text()


def test_robots_and_canonical(site, tmp_path):
    build(site, tmp_path / "a")
    assert (tmp_path / "a/robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    page = (tmp_path / "a/offers/fabrikam-fieldnotes/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in page and 'rel="canonical"' not in page
    (site / "listingpreview.toml").write_text('[site]\nbase_url = "https://previews.contoso.com/pr-7/"\nnoindex = false\n')
    build(site, tmp_path / "b")
    assert not (tmp_path / "b/robots.txt").exists()
    page = (tmp_path / "b/offers/fabrikam-fieldnotes/index.html").read_text()
    assert 'name="robots"' not in page
    assert '<link rel="canonical" href="https://previews.contoso.com/pr-7/offers/fabrikam-fieldnotes/index.html">' in page
    assert 'property="og:image" content="https://previews.contoso.com/pr-7/offers/fabrikam-fieldnotes/media/' in page
    # every other reference stays relative
    from bs4 import BeautifulSoup

    s = BeautifulSoup(page, "html.parser")
    for tag, attr in (("a", "href"), ("img", "src"), ("script", "src")):
        for t in s.find_all(tag):
            v = t.get(attr, "")
            assert not v.startswith(("/", "https://previews.contoso.com")), v


def _big_site(site: Path, copies: int) -> None:
    for i in range(copies):
        for folder in ("fabrikam-fieldnotes", "contoso-sentinel-mssp"):
            dst = site / "content" / f"{folder}-{i:03d}"
            shutil.copytree(site / "content" / folder, dst)
            p = dst / "offer.toml"
            p.write_text(p.read_text().replace(f'id = "{folder}"', f'id = "{folder[:30]}-{i:03d}"'))


def test_killed_build_leaves_the_previous_site_whole(site, tmp_path):
    _big_site(site, 15)
    out = tmp_path / "out"
    assert build_in_subprocess(site, out).returncode == 0
    before = tree(out)
    # the site's title is on every page: the new site is staged whole and swapped in (a change of a few files is
    # applied in place from a journal instead: tests/hostile/test_output.py kills that one at each step)
    edit(site / "listingpreview.toml", 'title = "Sample offers"', 'title = "Changed offers"')
    proc = subprocess.Popen([sys.executable, "-m", "listingpreview", "build", str(site), "-o", str(out), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / f".out.staging-{proc.pid}"
    deadline = time.monotonic() + 60
    while not (staging / "offers").exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert tree(out) == before                     # the previous site, whole
    assert staging.exists()                         # the killed build's leftovers, outside the site
    assert build_in_subprocess(site, out).returncode == 0
    assert not staging.exists()                     # cleaned by the next build
    assert "Changed offers" in (out / "offers/fabrikam-fieldnotes/index.html").read_text()


# -- crawling the site with a real browser ------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    build(ROOT, root / "previews")
    return root


@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def crawl(browser, start: str) -> tuple[int, list[str]]:
    """Visit every page reachable from ``start`` inside its folder; return pages seen and problems."""
    base = start.rsplit("/", 1)[0] + "/"
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    seen: set[str] = set()
    shown: set[str] = set()
    anchors: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        page.wait_for_load_state("load")
        anchors[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        broken = page.eval_on_selector_all("img", "els => els.filter(e => !e.complete || !e.naturalWidth).map(e => e.src)")
        problems += [f"broken image on {url}: {b}" for b in broken]
        shown |= set(page.eval_on_selector_all("img", "els => els.filter(e => e.naturalWidth).map(e => e.src)"))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href)
            if not target.startswith(base):
                if urlparse(target).scheme in ("http", "https") and urlparse(target).netloc == urlparse(base).netloc:
                    problems.append(f"link leaves the preview folder on {url}: {href}")
                continue
            doc, frag = urldefrag(target)
            links.append((doc, frag))
            if doc.endswith(".html"):
                queue.append(doc)
    for doc, frag in links:
        if doc in shown:  # a screenshot's link to its own image file (the viewer without JavaScript)
            continue
        if doc not in seen:
            problems.append(f"link to a page never reached: {doc}")
        elif frag and frag not in anchors[doc]:
            problems.append(f"missing anchor #{frag} on {doc}")
    context.close()
    return len(seen), problems


def test_crawl_from_a_sub_path(chromium, server):
    pages, problems = crawl(chromium, f"{server}/previews/index.html")
    assert problems == [] and pages == 25  # + Publishing, Resellers, the store's search page, two portal views


def test_crawl_from_file_url(chromium, built_site):
    pages, problems = crawl(chromium, (built_site / "previews/index.html").as_uri())
    assert problems == [] and pages == 25  # + Publishing, Resellers, the store's search page, two portal views


def test_copy_link_copies_the_fields_address(chromium, server):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    url = f"{server}/previews/offers/fabrikam-fieldnotes/index.html"
    page.goto(url)
    page.click("#field-listing-name .copy-link")
    assert page.evaluate("navigator.clipboard.readText()") == url + "#field-listing-name"
    assert page.url.endswith("#field-listing-name")
    context.close()
