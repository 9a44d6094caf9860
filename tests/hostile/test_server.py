"""The dev server under careless or hostile clients: restarts, disconnects, idle sockets, closed tabs, exposure."""

from __future__ import annotations

import errno
import socket
import struct
import threading
import time

import pytest

from listingpreview import serve as serve_module
from listingpreview.serve import is_loopback, serve


class Server:
    """``serve`` in a thread on 127.0.0.1; ``error`` holds what it raised, if anything."""

    def __init__(self, site, port: int = 0):
        self.ready, self.stop = threading.Event(), threading.Event()
        self.error: BaseException | None = None

        def target():
            try:
                serve(site, "127.0.0.1", port, explicit_port=True, ready=self.ready, stop=self.stop)
            except BaseException as e:  # reported to the test, not lost in the thread
                self.error = e
                self.ready.set()

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()
        assert self.ready.wait(60)
        self.port = getattr(self.ready, "port", None)

    def close(self):
        self.stop.set()
        self.thread.join(10)

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def request(self, path: str, extra: str = "") -> socket.socket:
        s = self.connect()
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{extra}\r\n".encode())
        return s


@pytest.fixture
def server(site):
    s = Server(site)
    assert s.error is None, s.error
    yield s
    s.close()


def _reset(s: socket.socket) -> None:
    """Close with a TCP reset, as a killed browser or a dropped network does."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def _read_until(s: socket.socket, marker: bytes, timeout: float = 10) -> bytes:
    s.settimeout(timeout)
    data = b""
    while marker not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_restart_on_the_same_port_works_at_once(site):
    first = Server(site)
    port = first.port
    for _ in range(3):  # the server closes these first, so its side of each sits in TIME_WAIT
        s = first.request("/", "Connection: close\r\n")
        assert _read_until(s, b"never in a page").rstrip().endswith(b"</html>")  # to EOF: the server closed first
        s.close()
    first.close()
    second = Server(site, port)
    try:
        assert second.error is None, second.error
        assert second.port == port
    finally:
        second.close()


def test_a_busy_port_is_still_refused(server, site):
    other = Server(site, server.port)
    assert isinstance(other.error, OSError) and other.error.errno == errno.EADDRINUSE
    assert f"port {server.port}" in str(other.error)


def test_client_disconnects_print_no_traceback(server, capfd):
    capfd.readouterr()
    for _ in range(10):
        s = server.connect()
        s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAccept: ".encode())  # headers cut short
        time.sleep(0.01)
        _reset(s)
        s = server.request("/__listingpreview/events")
        _read_until(s, b"event: hello")
        _reset(s)
        s = server.request("/offers/fabrikam-fieldnotes/review.html")
        _reset(s)
    time.sleep(1.5)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err


def test_idle_connections_time_out(site, monkeypatch):
    assert serve_module.Handler.timeout == serve_module.IDLE_TIMEOUT <= 60
    monkeypatch.setattr(serve_module.Handler, "timeout", 1.0)  # the same mechanism, quicker
    s = Server(site)
    try:
        conn = s.connect()
        conn.settimeout(10)
        started = time.monotonic()
        assert conn.recv(1) == b""  # closed by the server, not held open forever
        assert time.monotonic() - started < 5
        conn.close()
    finally:
        s.close()


def test_a_closed_tab_frees_its_live_reload_slot_promptly(site, monkeypatch):
    monkeypatch.setattr(serve_module, "MAX_EVENT_CLIENTS", 1)
    s = Server(site)
    try:
        tab = s.request("/__listingpreview/events")
        assert b"200 OK" in _read_until(tab, b"event: hello")
        busy = s.request("/__listingpreview/events")
        assert b"503" in _read_until(busy, b"\r\n\r\n")  # the only slot is taken
        busy.close()
        tab.close()  # the tab is closed
        started = time.monotonic()
        while True:
            again = s.request("/__listingpreview/events")
            head = _read_until(again, b"\r\n\r\n")
            again.close()
            if b"200 OK" in head:
                break
            assert time.monotonic() - started < 2, "the closed tab still holds the live-reload slot"
            time.sleep(0.05)
    finally:
        s.close()


@pytest.mark.parametrize("host,loopback", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("preview.example", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_a_non_loopback_host_is_warned_about(site, monkeypatch, capfd):
    def no_bind(*args, **kwargs):  # stop before binding: the test needs the warning, not an exposed server
        raise OSError(errno.EADDRNOTAVAIL, "not binding in a test")

    monkeypatch.setattr(serve_module, "make_server", no_bind)
    with pytest.raises(OSError):
        serve(site, "0.0.0.0", 8000)
    assert "warning: --host 0.0.0.0 is not a loopback address" in capfd.readouterr().err
    with pytest.raises(OSError):
        serve(site, "127.0.0.1", 8000)
    assert "warning" not in capfd.readouterr().err
