"""``check --online`` against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from conftest import edit
from listingpreview.cli import main
from listingpreview.pipeline import check_site
from listingpreview.rules.certification import online

FAB = "content/fabrikam-fieldnotes"


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).hits.append(self.path)
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/gone":
            return self._send(404, b"<h1>Not found</h1>")
        if self.path == "/error":
            return self._send(503, b"down")
        if self.path == "/privacy-login":
            self.send_response(302)
            self.send_header("Location", "/account/login?next=/privacy")
            self.end_headers()
            return None
        if self.path.startswith("/account/login"):
            return self._send(200, b"<form><input name=user><input type='password' name=pw></form>")
        if self.path == "/privacy-form":
            return self._send(200, b"<html><form><input type=password></form></html>")
        return self._send(200, b"<html><h1>Privacy policy</h1><p>What we collect.</p></html>")

    def _send(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    Handler.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def point_links(site, base: str, privacy: str, doc: str = "/docs") -> None:
    offer = site / FAB / "offer.toml"
    edit(offer, '"https://www.fabrikam.com/privacy"', f'"{base}{privacy}"')
    edit(offer, '"https://docs.fabrikam.com/fieldnotes"', f'"{base}{doc}"')
    edit(offer, '"https://support.fabrikam.com"', f'"{base}/support"')


def run_online(site, timeout=1.0):
    config, checked, _ = check_site(site)
    fab = [c for c in checked if c.offer.slug == "fabrikam-fieldnotes"]
    return online.run(site, fab, "latest", config.severity, timeout=timeout, bar=False)


def test_working_links_give_nothing(site, server):
    point_links(site, server, "/privacy")
    assert run_online(site) == []
    assert sorted(Handler.hits) == ["/docs", "/privacy", "/support"]


def test_broken_link_is_an_error_with_its_line(site, server):
    point_links(site, server, "/privacy", doc="/gone")
    d = run_online(site)
    assert [(x.code, x.severity, x.field) for x in d] == [("LP950", "error", "listing.useful_links[0].url")]
    assert "404" in d[0].message and d[0].line and d[0].file.endswith("offer.toml")


def test_server_error_is_a_warning(site, server):
    point_links(site, server, "/privacy", doc="/error")
    assert [(x.code, x.severity) for x in run_online(site)] == [("LP951", "warning")]


def test_privacy_page_behind_a_sign_in(site, server):
    point_links(site, server, "/privacy-login")
    d = run_online(site)
    assert [(x.code, x.field) for x in d] == [("LP952", "listing.privacy_policy_link")]
    assert "/account/login" in d[0].message
    point_links_again = site / FAB / "offer.toml"
    edit(point_links_again, f'"{server}/privacy-login"', f'"{server}/privacy-form"')
    assert [x.code for x in run_online(site)] == ["LP952"]


def test_a_slow_host_is_asked_once_and_reported(site, server):
    point_links(site, server, "/slow", doc="/slow2")
    started = time.monotonic()
    d = run_online(site, timeout=0.3)
    assert time.monotonic() - started < 3.0
    assert {x.code for x in d} == {"LP951"} and len(d) == 3
    assert "no answer within 0.3 s" in d[0].message
    assert Handler.hits == ["/slow"]  # the host timed out once; its other links were not requested


def test_answers_are_cached(site, server):
    point_links(site, server, "/privacy", doc="/gone")
    assert [x.code for x in run_online(site)] == ["LP950"]
    n = len(Handler.hits)
    assert [x.code for x in run_online(site)] == ["LP950"]
    assert len(Handler.hits) == n  # nothing fetched again


def test_cache_expiry():
    now = [1000.0]
    cache = online.LinkCache(None, now=lambda: now[0])
    cache.put("https://a.test/ok", online.Answer(200, "https://a.test/ok"))
    cache.put("https://a.test/down", online.Answer(None, "https://a.test/down", "cannot connect"))
    now[0] += online.TTL_FAILED + 1
    assert cache.get("https://a.test/ok") is not None and cache.get("https://a.test/down") is None
    now[0] += online.TTL_OK
    assert cache.get("https://a.test/ok") is None


def test_online_rules_can_be_switched(site, server):
    point_links(site, server, "/privacy", doc="/gone")
    (site / "listingpreview.toml").write_text((site / "listingpreview.toml").read_text()
                                              + '\n[severity]\nLP950 = "warning"\n')
    assert [(x.code, x.severity) for x in run_online(site)] == [("LP950", "warning")]


def test_check_command_runs_links_only_with_the_flag(site, server):
    point_links(site, server, "/privacy", doc="/gone")
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(site), "--format", "json"])
    # (LP201 reports the local http:// addresses either way; that is not what this test is about)
    assert "LP950" not in plain.stdout and Handler.hits == []
    got = runner.invoke(main, ["check", str(site), "--online", "--format", "json"])
    assert got.exit_code == 1, got.output
    codes = [d["code"] for d in json.loads(got.stdout)["diagnostics"]]
    assert codes.count("LP950") == 1 and sorted(Handler.hits) == ["/gone", "/privacy", "/support"]


def test_progress_bar_on_a_terminal(site, server, capsys):
    point_links(site, server, "/privacy")
    config, checked, _ = check_site(site)
    online.run(site, checked, "latest", config.severity, timeout=1.0, bar=True)
    assert "Checking links" in capsys.readouterr().err
