"""``listingpreview serve``: build, serve, watch, rebuild what changed, tell the browsers.

The server knows three things: a builder (:class:`~listingpreview.pipeline.Builder`), the site it
built (a :class:`~listingpreview.pipeline.Snapshot`: output path -> bytes or cache file, swapped
whole after each rebuild, so a half-built site is never served), and a way to notify browsers
(server-sent events on the same port). Requests are answered only from the snapshot: a request
path is never joined to a folder on disk, so nothing outside the site can be reached.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import json
import mimetypes
import os
import posixpath
import re
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import templates
from .errors import LayoutError
from .heap import settle_heap
from .load import load_config
from .pipeline import Builder, Snapshot

PREFIX = "__listingpreview/"
MAX_EVENT_CLIENTS = 32
IDLE_TIMEOUT = 30.0  # seconds a connection may send nothing before it is closed (frees its thread)
KEEP_ALIVE = 15.0  # seconds between keep-alive comments on a live-reload stream
GONE_CHECK = 0.5  # seconds between checks that a live-reload client is still there
_ASSETS = Path(__file__).resolve().parent / "serve_assets"  # served by the dev server only, never built


class LiveSite:
    """The current snapshot, the rebuild counter, and the browsers waiting to hear about it."""

    def __init__(self, builder: Builder):
        self.builder = builder
        self.snapshot: Snapshot | None = None
        self.epoch = 0
        self.last_change: dict = {"epoch": 0, "offers": [], "all": True}
        self.cv = threading.Condition()
        self.clients = 0
        self.lock = threading.Lock()  # one rebuild at a time
        self.report: Callable[[str, Snapshot], None] | None = None  # (status line, snapshot) after each rebuild
        self.cache_problem_told = False

    def rebuild(self, changed: set[str] | None, what: str = "") -> Snapshot:
        """Update the snapshot (``changed``: offer folder names, None for all) and notify the browsers."""
        with self.lock:
            started = time.perf_counter()
            try:
                snap = self.builder.update(changed)
            except LayoutError as e:  # a first build with a broken layout: serve the error
                snap = Snapshot({"index.html": b"<!doctype html><title>Layout error</title><body></body>"}, {}, [],
                                "", error=str(e))
            ms = (time.perf_counter() - started) * 1000
            everything = changed is None or bool(snap.error) or bool(self.snapshot is not None
                                                                      and self.snapshot.error and not snap.error)
            with self.cv:
                self.snapshot = snap
                if snap.site_changed or self.epoch == 0:  # a rebuild that changed nothing shown: no reload
                    self.epoch += 1
                    self.last_change = {"epoch": self.epoch, "offers": sorted(snap.changed), "all": everything}
                    self.cv.notify_all()
        c = snap.counts()
        done = ", ".join(snap.changed[:5]) + (" …" if len(snap.changed) > 5 else "") if snap.changed else "nothing"
        line = f"[{time.strftime('%H:%M:%S')}] {what + ': ' if what else ''}rebuilt {done} in {ms:.0f} ms: " \
               f"{c['error']} error(s), {c['warning']} warning(s)"
        if snap.error:
            line += f"; {snap.error}"
        if self.builder.cache.problem and not self.cache_problem_told:  # once: it stays off for this server
            line += f"; warning: {self.builder.cache.problem}"
            self.cache_problem_told = True
        if self.report is not None:
            self.report(line, snap)
        else:
            print(line, flush=True)
        settle_heap(everything)
        return snap

    def wait_for_change(self, seen: int, timeout: float) -> dict | None:
        with self.cv:
            if self.epoch == seen:
                self.cv.wait(timeout)
            return dict(self.last_change) if self.epoch != seen else None


def offer_folders_of(paths: set[Path], site_dir: Path) -> set[str] | None:
    """Offer folder names the changed ``paths`` belong to; None when something global changed.

    Runs on every save, so it looks only at the paths (and the config for the content folder's name).
    """
    if (site_dir / "offer.toml").exists():  # the site is a single offer folder
        return {site_dir.name}
    content = (site_dir / load_config(site_dir, []).site.content_dir).resolve()
    out: set[str] = set()
    for p in paths:
        try:
            rel = p.resolve().relative_to(content)
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            return None  # layouts, assets or the site config
        if not rel.parts:
            return None
        out.add(rel.parts[0])
    return out


@functools.lru_cache(maxsize=1)
def _overlay():
    """The overlay template, from the built-in layouts only: the site's own may be what is broken."""
    return templates.environment(None).get_template("_overlay.html")


class Handler(BaseHTTPRequestHandler):
    server_version = "listingpreview"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # an idle (or slow-loris) connection is closed, not kept forever
    site: LiveSite
    allowed_hosts: set[str]

    def log_message(self, fmt, *args):  # quiet: one line per rebuild is what the terminal shows
        pass

    # -- entry points ---------------------------------------------------------------------------
    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)

    def _deny(self, status: HTTPStatus, text: str) -> None:
        body = f"{status.value} {text}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer(self, head: bool) -> None:
        host = (self.headers.get("Host") or "").lower()
        if re.sub(r":\d+$", "", host) not in self.allowed_hosts:  # DNS rebinding: only our own names
            return self._deny(HTTPStatus.FORBIDDEN, "Host not allowed")
        raw = unquote(urlsplit(self.path).path)
        if "\x00" in raw or "\\" in raw or any(seg == ".." for seg in raw.split("/")):
            return self._deny(HTTPStatus.NOT_FOUND, "Not found")
        rel = posixpath.normpath("/" + raw).lstrip("/")
        if rel in (".", ""):
            rel = ""
        if raw.endswith("/") or rel == "":
            rel = (rel + "/index.html").lstrip("/")
        if rel.endswith(PREFIX + "events"):
            return self._events()
        if rel.endswith(PREFIX + "live-reload.js"):
            return self._send((_ASSETS / "live-reload.js").read_bytes(), "text/javascript; charset=utf-8", head)
        if rel.endswith(PREFIX + "overlay.css"):
            return self._send((_ASSETS / "overlay.css").read_bytes(), "text/css; charset=utf-8", head)
        with self.site.cv:
            snap, epoch = self.site.snapshot, self.site.epoch
        entry = snap.files.get(rel) if snap else None
        if entry is None:
            if snap and f"{rel}/index.html" in snap.files:  # a folder without its slash
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", posixpath.basename(rel) + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._deny(HTTPStatus.NOT_FOUND, "Not found")
        data = entry.read_bytes() if isinstance(entry, Path) else entry
        ctype = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if ctype == "text/html" and snap is not None:
            data = self._inject(rel, data, snap, epoch)
            ctype += "; charset=utf-8"
        elif ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        return self._send(data, ctype, head)

    def _send(self, data: bytes, ctype: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    # -- live reload and error overlay ------------------------------------------------------------
    def _inject(self, rel: str, html: bytes, snap: Snapshot, epoch: int) -> bytes:
        """Add the live-reload script (URL relative to the page) and, when there are errors, the overlay.

        ``epoch`` is the rebuild the page comes from: a browser that connects later and finds the
        server further on reloads, so no rebuild between page load and connection is missed.
        """
        root = "../" * rel.count("/")
        m = re.match(r"offers/([^/]+)/", rel)
        result = snap.results.get(m.group(1)) if m else None
        errors = [(d, href) for d, href in zip(result.diagnostics, result.links, strict=True)
                  if d.severity == "error"] if result else []
        head = snap.site_diagnostics if snap.site_diagnostics is not None else snap.diagnostics  # the shorter
        site_errors = [d for d in head if not d.offer and d.severity == "error"]
        extra = (f'<link rel="stylesheet" href="{root}{PREFIX}overlay.css">'
                 f'<script src="{root}{PREFIX}live-reload.js" data-epoch="{epoch}" defer></script>')
        if errors or site_errors or snap.error:
            extra += _overlay().render(errors=errors, site_errors=site_errors, layout_error=snap.error)
        text = html.decode("utf-8", "replace")
        at = text.rfind("</body>")
        return (text[:at] + extra + text[at:] if at >= 0 else text + extra).encode("utf-8")

    def _events(self) -> None:
        origin = self.headers.get("Origin")
        if origin and re.sub(r"^https?://", "", origin).rsplit(":", 1)[0].lower() not in self.allowed_hosts:
            return self._deny(HTTPStatus.FORBIDDEN, "Origin not allowed")
        with self.site.cv:
            if self.site.clients >= MAX_EVENT_CLIENTS:
                return self._deny(HTTPStatus.SERVICE_UNAVAILABLE, "Too many live-reload connections")
            self.site.clients += 1
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            seen = self.site.epoch
            self.wfile.write(f"retry: 1000\nevent: hello\ndata: {seen}\n\n".encode())
            self.wfile.flush()
            quiet_since = time.monotonic()
            while not getattr(self.server, "closing", False):
                change = self.site.wait_for_change(seen, timeout=GONE_CHECK)
                if change is not None:
                    seen = change["epoch"]
                    self.wfile.write(f"event: change\ndata: {json.dumps(change)}\n\n".encode())
                elif self._client_gone():  # a closed tab frees its slot within GONE_CHECK seconds
                    break
                elif time.monotonic() - quiet_since >= KEEP_ALIVE:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    continue
                self.wfile.flush()
                quiet_since = time.monotonic()
        except OSError:  # the browser went away mid-write (BrokenPipe, ConnectionReset, timeout)
            pass
        finally:
            with self.site.cv:
                self.site.clients -= 1
            self.close_connection = True


    def _client_gone(self) -> bool:
        """True when the client closed its end (the socket reads EOF); an EventSource never sends after its request."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return False
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # POSIX SO_REUSEADDR: a restart may bind at once while the last run's connections sit in TIME_WAIT; a port
    # with a live listener is still refused. On Windows the option would let two servers share a port: not there.
    allow_reuse_address = os.name != "nt"

    def handle_error(self, request, client_address):
        """A browser that disconnects or times out is normal: no traceback. Anything else: one line."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or getattr(self, "closing", False):
            return
        print(f"serve: error answering {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)

    def server_close(self):
        self.closing = True
        super().server_close()


def make_server(site: LiveSite, host: str, port: int, *, explicit_port: bool) -> Server:
    """Bind ``host:port``; when the port is taken and was not asked for explicitly, try the next 20.

    Raises OSError with a clear message when no port can be had.
    """
    allowed = {host.lower().strip("[]"), "localhost", "127.0.0.1", "::1", "[::1]"}
    handler = type("BoundHandler", (Handler,), {"site": site, "allowed_hosts": allowed | {f"[{host}]"}})
    tries = [port] if explicit_port else list(range(port, port + 21))
    last: OSError | None = None
    for p in tries:
        try:
            server = Server((host, p), handler)
            server.closing = False
            return server
        except OSError as e:
            if e.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            last = e
    if explicit_port:
        raise OSError(errno.EADDRINUSE, f"port {port} on {host} is in use; choose another with --port")
    raise OSError(errno.EADDRINUSE, f"ports {tries[0]}–{tries[-1]} on {host} are all in use: {last}")


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, *, explicit_port: bool = False,
          open_browser: bool = False, poll: bool = False, edition: str | None = None,
          ready: threading.Event | None = None, stop: threading.Event | None = None,
          report: Callable[[str, Snapshot], None] | None = None) -> int:
    """Build ``site_dir``, serve it on ``host:port`` and rebuild on every change until Ctrl-C (or ``stop``).

    ``ready``: set once serving, with ``ready.port`` (the bound port) and ``ready.site`` (the :class:`LiveSite`).
    """
    from .watch import Debouncer, start_observer
    from .watch import Handler as WatchHandler

    if not is_loopback(host):
        print(f"warning: --host {host} is not a loopback address: anyone who can reach this machine on the network "
              "can see the preview, unpublished listing included. Use --host 127.0.0.1 unless that is intended.",
              file=sys.stderr, flush=True)
    site = LiveSite(Builder(site_dir, edition=edition, keep_last_good=True))
    site.report = report
    server = observer = debouncer = None
    serving = False
    try:
        site.rebuild(None, "first build")
        server = make_server(site, host, port, explicit_port=explicit_port)
        url = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_address[1]}/"

        def on_change(paths: set[Path]) -> None:
            folders = offer_folders_of(paths, site_dir)
            files = [p for p in paths if p.is_file()] or [p for p in paths if not p.is_dir()] or list(paths)
            shown = sorted(_rel(p, site_dir) for p in files)
            what = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
            site.rebuild(folders, f"{what} changed")

        debouncer = Debouncer(on_change)
        observer = start_observer(site_dir, WatchHandler(site_dir, debouncer, (site_dir / "_site",)), poll=poll)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        serving = True
        print(f"Serving {site_dir} at {url} (Ctrl-C to stop)", flush=True)
        if ready is not None:
            ready.port = server.server_address[1]  # type: ignore[attr-defined]
            ready.site = site  # type: ignore[attr-defined]  # the LiveSite, for a caller that watches its rebuilds
            ready.set()
        if open_browser:
            import webbrowser

            webbrowser.open(url)
        while not (stop and stop.is_set()):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        if observer is not None:
            observer.stop()
        if debouncer is not None:
            debouncer.stop()
        if server is not None:
            if serving:
                server.shutdown()
            server.server_close()
        if observer is not None:
            observer.join(timeout=5)
        site.builder.cache.save()  # file hashes learned while serving speed up the next start
    print("Stopped.", flush=True)
    return 0


def _rel(p: Path, base: Path) -> str:
    try:
        return p.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return str(p)
