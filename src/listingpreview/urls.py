"""URL checks run before any publisher URL becomes an ``href`` or ``src``.

urllib is not a WHATWG parser (it strips control characters, treats ``\\`` and
``@`` differently from browsers), so the string is checked character by
character first, then split. Video URLs are reduced to a validated ID and the
link is rebuilt from it; the input string is never reused.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

MAX_URL = 2048
_BAD_CHARS = set('"<>\\^`{|} ')
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def url_problem(url: str, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """Why ``url`` is not a safe absolute web address with one of ``schemes``; None when it is."""
    if len(url) > MAX_URL:
        return f"is {len(url)} characters long; at most {MAX_URL}"
    for ch in url:
        if not (0x21 <= ord(ch) <= 0x7E) or ch in _BAD_CHARS:
            return f"contains the character {ch!r}, which a URL may not hold unencoded"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        return f"cannot be parsed ({e})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https", "mailto"):
        return f"uses the scheme '{scheme or '(none)'}'; only web addresses are allowed"
    if scheme not in schemes:
        return f"starts with {scheme}://; it must start with {' or '.join(s + '://' for s in schemes)}"
    if "@" in parts.netloc:
        return "holds a user name ('@' before the host)"
    host = (parts.hostname or "").lower()
    if not host:
        return "has no host name"
    if port is not None and port not in (80, 443):
        return f"uses port {port}"
    try:
        ipaddress.ip_address(host.strip("[]"))
        return "uses an IP address instead of a host name"
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(lb) for lb in labels) or labels[-1].isdigit():
        return f"has an invalid host name '{host}'"
    return None


def is_safe_href(url: str) -> bool:
    """True if ``url`` may be written into an ``href``: an http(s) URL passing :func:`url_problem`."""
    return bool(url) and url_problem(url, ("https", "http")) is None


def email_problem(email: str) -> str | None:
    if not _EMAIL.match(email or ""):
        return "is not an email address"
    return None


def is_guid(value: str) -> bool:
    return bool(_GUID.match(value or ""))


@dataclass(frozen=True)
class VideoRef:
    """A validated video: host name ("YouTube"/"Vimeo"), ID, and the canonical watch URL."""

    host: str
    id: str

    @property
    def watch_url(self) -> str:
        if self.host == "YouTube":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://vimeo.com/{self.id}"


_YT_HOSTS = {"www.youtube.com", "youtube.com", "m.youtube.com", "www.youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def parse_video(url: str) -> VideoRef | str:
    """A :class:`VideoRef` for a YouTube or Vimeo URL, else a string saying what is wrong."""
    problem = url_problem(url, ("https", "http"))
    if problem:
        return f"URL {problem}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _YT_HOSTS:
        if parts.path == "/watch":
            ids = parse_qs(parts.query).get("v", [])
            if len(ids) == 1 and _YT_ID.match(ids[0]):
                return VideoRef("YouTube", ids[0])
        m = re.match(r"^/(?:embed|shorts)/([A-Za-z0-9_-]{11})$", parts.path)
        if m:
            return VideoRef("YouTube", m.group(1))
        return "is a YouTube address without a video ID (expected /watch?v=<11 characters>)"
    if host == "youtu.be":
        vid = parts.path.lstrip("/")
        if _YT_ID.match(vid):
            return VideoRef("YouTube", vid)
        return "is a youtu.be address without a video ID"
    if host in _VIMEO_HOSTS:
        m = re.match(r"^/(?:video/)?(\d{1,12})/?$", parts.path)
        if m:
            return VideoRef("Vimeo", m.group(1))
        return "is a Vimeo address without a numeric video ID"
    return f"is hosted on '{host}'; videos must be on YouTube or Vimeo"
