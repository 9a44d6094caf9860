"""'listingpreview serve' with a real server on 127.0.0.1 and a real Chromium."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import edit
from listingpreview.serve import serve
from listingpreview.watch import Debouncer

FAB = "content/fabrikam-fieldnotes"


def atomic_write(path: Path, text: str) -> None:
    """Save as editors do: a temp file in the same folder, then rename over the target."""
    tmp = path.with_name(f".{path.name}.tmp-save")
    tmp.write_text(text)
    os.replace(tmp, path)


class Running:
    def __init__(self, site: Path):
        self.site = site
        self.ready, self.stop = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=serve, args=(site, "127.0.0.1", 0),
                                       kwargs={"explicit_port": True, "ready": self.ready, "stop": self.stop},
                                       daemon=True)
        self.thread.start()
        assert self.ready.wait(60)
        self.port = self.ready.port
        self.url = f"http://127.0.0.1:{self.port}"

    def get(self, path: str, host: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host or f"127.0.0.1:{self.port}")
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r.status, dict(r.getheaders()), body


@pytest.fixture
def running(site):
    r = Running(site)
    yield r
    r.stop.set()
    r.thread.join(10)


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_edit_reloads_the_page_and_errors_show_in_an_overlay(chromium, running):
    page = chromium.new_page(viewport={"width": 1280, "height": 600})
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{running.url}/offers/fabrikam-fieldnotes/index.html")
    page.wait_for_selector("html[data-live-reload=connected]", state="attached")
    page.evaluate("window.scrollTo(0, 400)")
    offer = running.site / FAB / "offer.toml"
    good = offer.read_text()
    atomic_write(offer, good.replace('name = "Fabrikam FieldNotes"', 'name = "Fabrikam FieldNotes Live"'))
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('Fabrikam FieldNotes Live')",
                           timeout=10000)
    page.wait_for_function("() => window.scrollY > 300", timeout=5000)  # scroll position kept
    # break the file: the overlay names the file and line
    broken = good.replace('publisher = "Fabrikam, Inc."', 'publisher = "Fabrikam, Inc.')
    atomic_write(offer, broken)
    overlay = page.wait_for_selector("#listingpreview-overlay", timeout=10000)
    line = broken.splitlines().index('publisher = "Fabrikam, Inc.') + 1
    text = overlay.inner_text()
    assert f"content/fabrikam-fieldnotes/offer.toml:{line}:" in text and "LP001" in text
    assert page.locator("h1").inner_text().startswith("Fabrikam FieldNotes Live")  # last good page still shown
    # fix it: the overlay goes away
    atomic_write(offer, good)
    page.wait_for_function("() => !document.getElementById('listingpreview-overlay')", timeout=10000)
    assert page.locator("h1").inner_text().startswith("Fabrikam FieldNotes")
    assert problems == []
    page.close()


def test_overlay_links_to_the_field(chromium, running):
    edit(running.site / FAB / "offer.toml", 'privacy_policy_link = "https://www.fabrikam.com/privacy"',
         'privacy_policy_link = "http://www.fabrikam.com/privacy"')
    page = chromium.new_page()
    page.goto(f"{running.url}/offers/fabrikam-fieldnotes/plans.html")
    page.wait_for_selector("#listingpreview-overlay .overlay-diag", timeout=10000)
    link = page.locator('#listingpreview-overlay .overlay-diag[data-code="LP201"] a')
    assert link.get_attribute("href") == "index.html#field-listing-privacy-policy-link"
    page.close()


def test_broken_layout_shows_in_the_browser_and_keeps_the_last_pages(chromium, running):
    page = chromium.new_page()
    page.goto(f"{running.url}/offers/contoso-sentinel-mssp/index.html")
    page.wait_for_selector("html[data-live-reload=connected]", state="attached")
    layouts = running.site / "layouts"
    layouts.mkdir()
    (layouts / "snippet.html").write_text("{% extends 'base.html' %}\n{% block body %}{% if %}{% endblock %}")
    overlay = page.wait_for_selector("#listingpreview-overlay .layout-error", timeout=10000)
    assert "snippet.html:2" in overlay.inner_text()
    assert page.locator("h1").inner_text().startswith("Contoso Managed Sentinel")
    (layouts / "snippet.html").unlink()
    page.wait_for_function("() => !document.getElementById('listingpreview-overlay')", timeout=10000)
    page.close()


def test_paths_outside_the_site_are_refused(running):
    (running.site / "assets").mkdir()
    (running.site / "assets/leak.css").symlink_to("/etc/passwd")
    (running.site / FAB / "media/passwd.png").symlink_to("/etc/passwd")
    edit(running.site / FAB / "offer.toml", 'large_logo = "media/logo-large.png"', 'large_logo = "media/passwd.png"')
    assert wait_until(lambda: b"Large logo missing" in running.get("/offers/fabrikam-fieldnotes/index.html")[2])
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/offers/..%2f..%2f..%2fetc/passwd",
                 "/offers/fabrikam-fieldnotes/../../../etc/passwd", "//etc/passwd", "/assets/leak.css",
                 "/content/fabrikam-fieldnotes/offer.toml", "/offers/fabrikam-fieldnotes/media/passwd.png",
                 "/listingpreview.toml", "/offers/", "/%00"):
        status, _, body = running.get(path)
        assert status in (404, 301), (path, status)
        assert b"root:" not in body and b"[offer]" not in body
    status, headers, _ = running.get("/offers/fabrikam-fieldnotes")
    assert status == 301 and headers["Location"] == "fabrikam-fieldnotes/"


def test_host_header_and_headers(running):
    assert running.get("/", host="evil.example")[0] == 403
    assert running.get("/", host=f"evil.example:{running.port}")[0] == 403
    for host in (f"localhost:{running.port}", f"127.0.0.1:{running.port}", "localhost"):
        status, headers, body = running.get("/", host=host)
        assert status == 200 and headers["Cache-Control"] == "no-cache" and b"<!doctype html>" in body
        assert "Access-Control-Allow-Origin" not in headers
    status, _, _ = running.get("/__listingpreview/events", headers={"Origin": "https://evil.example"})
    assert status == 403


def test_live_reload_only_in_served_html(running, tmp_path):
    _, _, body = running.get("/offers/fabrikam-fieldnotes/index.html")
    assert b'<script src="../../__listingpreview/live-reload.js" data-epoch="' in body
    _, headers, css = running.get("/assets/style.css")
    assert b"live-reload" not in css and headers["Content-Type"].startswith("text/css")
    from listingpreview.pipeline import build

    build(running.site, tmp_path / "out")
    assert not [p for p in (tmp_path / "out").rglob("*.html") if "__listingpreview" in p.read_text()]


def test_one_editor_save_reloads_once(running):
    """A save as editors make it: temp file written, a pause (fsync), renamed over the target, swap and backup
    files around it. The pause is longer than the debounce, so the watcher rebuilds twice per save; the first
    rebuild sees the old text and must not reload the browser (it used to: two reloads per save)."""
    offer = running.site / FAB / "offer.toml"
    text = offer.read_text()
    for i in range(3):
        before = _epoch(running)
        tmp = offer.with_name(".offer.toml.tmp-save")
        tmp.write_text(text.replace("Fabrikam FieldNotes", f"Fabrikam FieldNotes {i}"))
        (running.site / FAB / ".offer.toml.swp").write_text("swap")
        time.sleep(0.15)  # the editor syncs the temp file before the rename
        os.replace(tmp, offer)
        (running.site / FAB / "offer.toml~").write_text("backup")
        assert wait_until(lambda b=before: _epoch(running) > b)
        time.sleep(0.4)
        assert _epoch(running) == before + 1
        assert f"Fabrikam FieldNotes {i}".encode() in running.get("/offers/fabrikam-fieldnotes/index.html")[2]


def test_a_save_burst_ends_on_the_last_save_and_reloads_only_for_changes(running):
    offer = running.site / FAB / "offer.toml"
    text = offer.read_text()
    before = _epoch(running)
    for i in range(6):  # six atomic saves in a row, as an editor's autosave might
        atomic_write(offer, text.replace("Fabrikam FieldNotes", f"Fabrikam FieldNotes {i}"))
        (running.site / FAB / ".offer.toml.swp").write_text("swap")
        (running.site / FAB / "offer.toml~").write_text("backup")
    assert wait_until(lambda: b"Fabrikam FieldNotes 5" in running.get("/offers/fabrikam-fieldnotes/index.html")[2])
    settled = _epoch(running)
    assert before < settled <= before + 6  # one per distinct text at most; usually one
    for name in (".offer.toml.swp", "offer.toml~"):  # editor files come and go: nothing shown changes
        (running.site / FAB / name).unlink()
    time.sleep(0.4)
    assert _epoch(running) == settled


def _epoch(running) -> int:
    return running.ready.site.epoch


def test_offer_folder_deleted_renamed_and_added_back(running, tmp_path):
    keep = tmp_path / "keep"
    shutil.move(str(running.site / FAB), keep)
    assert wait_until(lambda: running.get("/offers/fabrikam-fieldnotes/index.html")[0] == 404)
    assert b"Fabrikam" not in running.get("/")[2]
    shutil.move(str(keep), running.site / "content/fabrikam-renamed")
    assert wait_until(lambda: running.get("/offers/fabrikam-renamed/index.html")[0] == 200)
    os.rename(running.site / "content/fabrikam-renamed", running.site / FAB)
    assert wait_until(lambda: running.get("/offers/fabrikam-fieldnotes/index.html")[0] == 200)
    assert wait_until(lambda: running.get("/offers/fabrikam-renamed/index.html")[0] == 404)


def test_port_fallback_and_busy_explicit_port(site):
    from listingpreview.pipeline import Builder
    from listingpreview.serve import LiveSite, make_server

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    busy = blocker.getsockname()[1]
    live = LiveSite(Builder(site, use_cache=False))
    server = make_server(live, "127.0.0.1", busy, explicit_port=False)
    assert busy < server.server_address[1] <= busy + 20
    server.server_close()
    with pytest.raises(OSError, match=f"port {busy} on 127.0.0.1 is in use"):
        make_server(live, "127.0.0.1", busy, explicit_port=True)
    r = subprocess.run([sys.executable, "-m", "listingpreview", "serve", str(site), "--port", str(busy)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and f"port {busy} on 127.0.0.1 is in use" in r.stderr and "Traceback" not in r.stderr
    blocker.close()


def test_ctrl_c_stops_cleanly(site):
    proc = subprocess.Popen([sys.executable, "-m", "listingpreview", "serve", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    deadline = time.monotonic() + 60
    while "Serving" not in line and time.monotonic() < deadline:
        line = proc.stdout.readline()
    assert "Serving" in line and "http://127.0.0.1:" in line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "Stopped." in out and "Traceback" not in err


def test_debouncer_coalesces_and_has_a_ceiling():
    calls = []
    # quiet is 100 times the gap between events, so a busy machine cannot split the batch
    d = Debouncer(lambda paths: calls.append((time.monotonic(), set(paths))), quiet=0.5, ceiling=1.0)
    for i in range(10):
        d.add(Path(f"f{i}"))
        time.sleep(0.005)
    assert wait_until(lambda: len(calls) == 1, 3)
    time.sleep(0.6)
    assert len(calls) == 1 and len(calls[0][1]) == 10
    start = time.monotonic()
    while time.monotonic() - start < 2.6:  # a storm: an event every 10 ms, never quiet for 0.5 s
        d.add(Path("storm"))
        time.sleep(0.01)
    d.stop()
    assert len(calls) >= 3  # the ceiling fired during the storm
    assert calls[2][0] - calls[1][0] < 1.45


def test_config_error_shows_in_the_browser(chromium, running):
    page = chromium.new_page()
    page.goto(f"{running.url}/index.html")
    page.wait_for_selector("html[data-live-reload=connected]", state="attached")
    config = running.site / "listingpreview.toml"
    good = config.read_text()
    atomic_write(config, good + "[sitee]\ntitle = 'typo'\n")
    overlay = page.wait_for_selector("#listingpreview-overlay", timeout=10000)
    line = len(good.splitlines()) + 1
    assert f"listingpreview.toml:{line}:" in overlay.inner_text() and "LP002" in overlay.inner_text()
    atomic_write(config, good)
    page.wait_for_function("() => !document.getElementById('listingpreview-overlay')", timeout=10000)
    page.close()



def test_the_watcher_asks_the_kernel_for_changes_only(tmp_path):
    # A build reads every file of the site; at 10,000 offers the opens and closes overflowed the kernel's inotify
    # queue (16,384 events by default) while the build held the interpreter, and watchdog's re-walk of the tree
    # opened every folder again: saves were lost (measured with benchmarks/serve_bench.py --offers 10000).
    from listingpreview.watch import Handler, start_observer

    inotify = pytest.importorskip("watchdog.observers.inotify_c")
    toml = tmp_path / "offer.toml"
    toml.write_text("[offer]\n")
    seen: list[set] = []
    debouncer = Debouncer(lambda paths: seen.append(set(paths)), quiet=0.05, ceiling=0.5)
    observer = start_observer(tmp_path, Handler(tmp_path, debouncer))
    try:
        (emitter,) = observer.emitters
        mask = emitter.get_event_mask_from_filter()
        assert not mask & inotify.InotifyConstants.IN_OPEN
        assert not mask & inotify.InotifyConstants.IN_CLOSE_NOWRITE
        assert not mask & inotify.InotifyConstants.IN_ACCESS
        toml.write_text("[offer]\nid = 'a'\n")  # a save is still seen
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        observer.stop()
        observer.join(5)
    assert seen and toml in set().union(*seen)
