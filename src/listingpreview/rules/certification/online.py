"""``check --online``: links that do not resolve, and a privacy policy behind a sign-in.

Runs only when asked (it needs the network). Each host gets its links one after another with a short
timeout; hosts are checked in parallel; a host that does not answer is not asked again in the same run.
Answers are cached (``links.json`` in the site's cache folder) for :data:`TTL_OK` seconds, failures for
:data:`TTL_FAILED`, so a second run is quick and a fixed link shows as fixed soon.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ...diagnostics import Diagnostic
from .. import RULES, Context, apply_overrides, document
from . import sources
from .text import reserved_host, url_fields

if TYPE_CHECKING:
    from ...pipeline import Checked

TIMEOUT = 5.0          # seconds per request (connect, read)
WORKERS = 8            # hosts checked at the same time
TTL_OK = 24 * 3600
TTL_FAILED = 600
MAX_BODY = 256 * 1024  # bytes of a page read to look for a sign-in form
USER_AGENT = "listingpreview-link-check (+https://pypi.org/project/listingpreview/)"

document("LP950", "link-broken", "error", "Offer listing",
         "(check --online) Every link answers: a link whose page is not found (HTTP 404 or 410) is an error.",
         sources.policy("100.5") + "; " + sources.LISTING_CRITERIA + " ('links … are publicly available')")
document("LP951", "link-unreachable", "warning", "Offer listing",
         "(check --online) Every link can be reached: no time-out, no connection or TLS failure, no server error "
         "(5xx) and no refusal (401, 403, 429). Networks fail, so this warns.",
         sources.policy("100.5") + "; " + sources.LISTING_CRITERIA)
document("LP952", "privacy-sign-in", "warning", "Offer listing",
         "(check --online) The privacy policy link opens the policy itself, not a sign-in page (401, a redirect "
         "to a sign-in address, or a password form).",
         sources.policy("100.6") + "; OfficeDev/office-store-docs validation-policies.md §5.1 (2019-05-06)")

_SIGN_IN_HOSTS = ("login.microsoftonline.com", "login.live.com", "login.windows.net", "accounts.google.com",
                  "login.salesforce.com", "github.com/login", "okta.com", "auth0.com", "onelogin.com")
_SIGN_IN_PATH = re.compile(r"/(?:log[-_]?in|sign[-_]?in|signon|sso|auth|oauth2?|authorize|session/new)(?:[/?.#]|$)",
                           re.I)
_PASSWORD_FIELD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.I)


@dataclass(frozen=True)
class Answer:
    """What a link answered: HTTP status (None: no answer), final URL, error text, sign-in seen."""

    status: int | None
    final: str
    error: str = ""
    sign_in: bool = False

    def to_json(self) -> dict:
        return {"status": self.status, "final": self.final, "error": self.error, "sign_in": self.sign_in}


def fetch(client, url: str) -> Answer:
    """GET ``url`` (following redirects) with ``client`` (an ``httpx.Client``); never raises."""
    import httpx

    try:
        with client.stream("GET", url) as r:
            body = b""
            if "html" in r.headers.get("content-type", ""):
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) >= MAX_BODY:
                        break
            final = str(r.url)
            sign_in = (r.status_code == 401 or _sign_in_address(final)
                       or (r.status_code < 400 and bool(_PASSWORD_FIELD.search(body))))
            return Answer(r.status_code, final, "", sign_in)
    except httpx.TimeoutException:
        return Answer(None, url, f"no answer within {client.timeout.connect or TIMEOUT:g} s")
    except httpx.TooManyRedirects:
        return Answer(None, url, "redirects too many times")
    except httpx.UnsupportedProtocol:
        return Answer(None, url, "is not an http(s) address")
    except httpx.ConnectError as e:
        return Answer(None, url, _connect_error(e))
    except httpx.HTTPError as e:
        return Answer(None, url, f"failed ({type(e).__name__})")


def _connect_error(e: Exception) -> str:
    text = str(e)
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "the host name does not resolve"
    if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
        return "the TLS certificate is not valid"
    if "refused" in text.lower():
        return "the connection was refused"
    return "cannot connect"


def _sign_in_address(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return (any(host == h or host.endswith("." + h) or f"{host}{parts.path}".startswith(h) for h in _SIGN_IN_HOSTS)
            or bool(_SIGN_IN_PATH.search(parts.path)))


class LinkCache:
    """Answers by URL in a JSON file; entries expire after TTL_OK (answered) or TTL_FAILED seconds."""

    def __init__(self, path: Path | None, now: Callable[[], float] = time.time):
        self.path, self.now = path, now
        self.entries: dict[str, dict] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and isinstance(data.get("links"), dict):
                    self.entries = data["links"]
            except (OSError, ValueError):
                pass

    def get(self, url: str) -> Answer | None:
        e = self.entries.get(url)
        if not isinstance(e, dict):
            return None
        ok = isinstance(e.get("status"), int) and e["status"] < 500
        if self.now() - float(e.get("at", 0)) > (TTL_OK if ok else TTL_FAILED):
            return None
        try:
            return Answer(e["status"], e["final"], e.get("error", ""), bool(e.get("sign_in")))
        except KeyError:
            return None

    def put(self, url: str, answer: Answer) -> None:
        self.entries[url] = answer.to_json() | {"at": self.now()}

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"format": 1, "links": self.entries}, f)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower


def check_links(urls: Iterable[str], *, cache: LinkCache | None = None, timeout: float = TIMEOUT,
                workers: int = WORKERS, progress: Callable[[int], None] | None = None) -> dict[str, Answer]:
    """Answer of every http(s) URL in ``urls`` (cached ones first). ``progress(n)`` is called as links finish."""
    import httpx

    answers: dict[str, Answer] = {}
    todo: dict[str, list[str]] = {}
    for url in dict.fromkeys(urls):
        got = cache.get(url) if cache else None
        if got is not None:
            answers[url] = got
            if progress:
                progress(1)
        else:
            todo.setdefault((urlsplit(url).hostname or "").lower(), []).append(url)

    def host_task(host_urls: list[str]) -> list[tuple[str, Answer]]:
        out = []
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True, max_redirects=8,
                          headers={"User-Agent": USER_AGENT}) as client:
            dead: Answer | None = None
            for url in host_urls:
                a = Answer(None, url, dead.error) if dead else fetch(client, url)
                if a.status is None and not dead:
                    dead = a  # the host does not answer: do not wait for it again
                out.append((url, a))
                if progress:
                    progress(1)
        return out

    if todo:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
            for result in pool.map(host_task, todo.values()):
                for url, a in result:
                    answers[url] = a
                    if cache:
                        cache.put(url, a)
    if cache:
        cache.save()
    return answers


def online_links(checked: list[Checked]) -> list[tuple[Checked, tuple, str, dict]]:
    """(offer, key path, URL, report kwargs) of every web link of the checked offers."""
    out: list[tuple[Any, tuple, str, dict]] = []
    for c in checked:
        ctx = Context(c.offer, "latest", c.description, c.images)
        for loc, url, kw in url_fields(ctx):
            url = (url or "").strip()
            if urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).hostname and not reserved_host(url):
                out.append((c, loc, url, kw))
    return out


def diagnose(checked: list[Checked], answers: dict[str, Answer], edition: str,
             overrides: Mapping[str, str]) -> list[Diagnostic]:
    """Diagnostics LP950–LP952 for ``answers`` of :func:`online_links`."""
    diags: list[Diagnostic] = []
    by_offer: dict[int, Context] = {}
    for c, loc, url, kw in online_links(checked):
        a = answers.get(url)
        if a is None:
            continue
        ctx = by_offer.setdefault(id(c), Context(c.offer, edition, c.description, c.images))
        field = loc[0] + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
        name = "the description's link" if "line" in kw else field
        via = f" (redirected to {a.final})" if a.final.rstrip("/") != url.rstrip("/") else ""
        if loc == ("listing", "privacy_policy_link") and a.sign_in:
            _report(ctx, "LP952", loc, f"{name} {url} asks for a sign-in{via}; customers and reviewers must be "
                    "able to read the privacy policy without an account.",
                    "Publish the privacy policy on a public page and link to it.", kw)
        elif a.status in (404, 410):
            _report(ctx, "LP950", loc, f"{name} {url} answers HTTP {a.status} (not found){via}.",
                    "Fix the address, or point it to the page that replaced it.", kw)
        elif a.status is None:
            _report(ctx, "LP951", loc, f"{name} {url}: {a.error}.",
                    "Check that the address is right and the site is up; try again later.", kw)
        elif a.status >= 400:  # 5xx, and refusals (401, 403, 429) that may be meant for robots only
            _report(ctx, "LP951", loc, f"{name} {url} answers HTTP {a.status}{via}.",
                    "Make sure the page is public and loads without an error.", kw)
    for ctx in by_offer.values():
        diags += ctx.found
    return apply_overrides(diags, dict(overrides))


def _report(ctx: Context, code: str, loc: tuple, message: str, hint: str, kw: dict) -> None:
    ctx._rule, ctx._limit = RULES[code], None
    ctx.report(loc, message, hint, **kw)


def run(site_dir: Path, checked: list[Checked], edition: str, overrides: Mapping[str, str], *,
        timeout: float = TIMEOUT, bar: bool | None = None) -> list[Diagnostic]:
    """Check every link of ``checked`` (from :func:`listingpreview.pipeline.check_site`) over the network.

    Shows a progress bar on stderr when it is a terminal (``bar`` forces it on or off).
    """
    import sys

    import click

    from ...cache import default_cache_dir

    links = online_links(checked)
    urls = list(dict.fromkeys(u for _, _, u, _ in links))
    cache = LinkCache(default_cache_dir(site_dir) / "links.json")
    show = sys.stderr.isatty() if bar is None else bar
    if not show or not urls:
        answers = check_links(urls, cache=cache, timeout=timeout)
    else:
        with click.progressbar(length=len(urls), label="Checking links", file=sys.stderr) as pb:
            answers = check_links(urls, cache=cache, timeout=timeout, progress=pb.update)
    return diagnose(checked, answers, edition, overrides)
