"""Description text -> safe HTML, counted as the store counts it.

Markdown is rendered by markdown-it-py (CommonMark; raw HTML is parsed so that
imported HTML descriptions keep their markup), with bold and italic written as
``<b>``/``<i>`` as Partner Center's editor writes them. Everything then passes
through bleach with the marketplace's tag allowlist; nothing reaches a page
without it. Tags the store does not allow are reported with their line.

Allowed tags: [AD] supported-html-tags.md / includes/long-description-3.md
(2021-01-26): b, i, br, p, ul, ol, li, h1–h6; plus ``a`` with an http(s) href.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset({"b", "i", "br", "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a"})
def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    # Only absolute web links: a relative href would point into the preview site, not the publisher's.
    return tag == "a" and name == "href" and value.lower().startswith(("https://", "http://"))


ALLOWED_ATTRIBUTES = _allowed_attribute
ALLOWED_PROTOCOLS = frozenset({"http", "https"})
# Tags that carry no text worth keeping when stripped.
_DROP_CONTENT = re.compile(r"<(script|style|template|iframe|object|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
# Early refusal of text no store would accept, before any step that is slow on pathological input
# (bleach and BeautifulSoup grow quadratically with nested or unclosed tags; markdown-it with runs of '[' or '*').
# The largest description limit Partner Center documents is 5,000 characters, HTML markup included
# ([AD] plan-saas-offer.md, 2022-08-02; partner-center-rules.md §1): four times that is refused outright, as is
# more markup than a whole valid description could hold, or tags nested deeper than any real description needs.
LARGEST_DOCUMENTED_LIMIT = 5000
MAX_SOURCE_CHARS = 4 * LARGEST_DOCUMENTED_LIMIT
MAX_MARKUP_CHARS = LARGEST_DOCUMENTED_LIMIT  # '<', '[', '*', '_' and '`' together
MAX_TAG_DEPTH = 100
REFUSAL_SOURCE = "[AD] plan-saas-offer.md (2022-08-02): description at most 5,000 characters including HTML"
_MARKUP_CHARS = re.compile(r"[<\[*_`]")
_TAG_EDGE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track",
                   "wbr", "param"})
_MD_TAGS = {
    "code_inline": "code", "code_block": "pre", "fence": "pre", "blockquote_open": "blockquote",
    "image": "img", "hr": "hr", "table_open": "table", "s_open": "s",
}


@dataclass(frozen=True)
class Rendered:
    """A rendered description (frozen: :func:`render` hands the same one to every caller of the same text).

    html: sanitized HTML (safe to insert into a page).
    length: characters of ``html``, markup included, as Partner Center counts.
    text: the visible text (tags removed, whitespace collapsed).
    relative_links: (line, href) of each link without a scheme (``docs/x.md``, ``/x``, ``#x``, ``//h``).
    removed: (line, tag) for each tag or attribute the marketplace does not allow (line in the source).
    """

    html: str
    length: int
    text: str
    removed: tuple[tuple[int | None, str], ...] = ()
    relative_links: tuple[tuple[int | None, str], ...] = ()  # (line, href) of each link without a scheme
    refused: str = ""  # why the text was not rendered (see :func:`refusal`); html and text are then empty


def refusal(source: str) -> str:
    """Why ``source`` is refused before rendering ('' when it is not): too long, too much markup, or nested too deep.

    Linear in ``len(source)``; the limits are :data:`MAX_SOURCE_CHARS`, :data:`MAX_MARKUP_CHARS` and
    :data:`MAX_TAG_DEPTH`, each far above what the marketplace accepts in a description.
    """
    if len(source) > MAX_SOURCE_CHARS:
        return (f"is {len(source):,} characters; listingpreview reads at most {MAX_SOURCE_CHARS:,} "
                f"(the marketplace's largest description limit is {LARGEST_DOCUMENTED_LIMIT:,})")
    marks = len(_MARKUP_CHARS.findall(source))
    if marks > MAX_MARKUP_CHARS:
        return (f"holds {marks:,} markup characters ('<', '[', '*', '_', '`'); listingpreview reads at most "
                f"{MAX_MARKUP_CHARS:,}, as many as the marketplace's largest whole description "
                f"({LARGEST_DOCUMENTED_LIMIT:,} characters)")
    depth = deepest = 0
    for m in _TAG_EDGE.finditer(source):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(depth - 1, 0)
        elif not selfclosing and name not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_TAG_DEPTH:
                return f"nests HTML tags more than {MAX_TAG_DEPTH} deep; listingpreview reads at most {MAX_TAG_DEPTH}"
    return ""


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})

    def tag(name):
        return lambda self, tokens, idx, options, env: f"<{name}>" if tokens[idx].nesting == 1 else f"</{name}>"

    md.add_render_rule("strong_open", tag("b"))
    md.add_render_rule("strong_close", tag("b"))
    md.add_render_rule("em_open", tag("i"))
    md.add_render_rule("em_close", tag("i"))
    return md


def _find_removed(tokens) -> list[tuple[int | None, str]]:
    found: list[tuple[int | None, str]] = []

    def visit(tok, line):
        if tok.map:
            line = tok.map[0] + 1
        if tok.type in _MD_TAGS:
            found.append((line, _MD_TAGS[tok.type]))
        elif tok.type in ("html_block", "html_inline"):
            for m in _TAG.finditer(tok.content):
                name, attrs = m.group(1).lower(), m.group(2)
                if name not in ALLOWED_TAGS:
                    found.append((line, name))
                elif re.search(r"\b(style|on[a-z]+)\s*=", attrs, re.I):
                    found.append((line, f"{name} {re.search(r'(style|on[a-z]+)', attrs, re.I).group(1).lower()}="))
        for child in tok.children or ():
            visit(child, line)

    for t in tokens:
        visit(t, None)
    return found


def sanitize(html: str) -> str:
    """Keep only the marketplace's tags; drop scripts and styles with their content."""
    html = _DROP_CONTENT.sub("", html)
    return bleach.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                        protocols=ALLOWED_PROTOCOLS, strip=True, strip_comments=True).strip()


def plain_text(html: str) -> str:
    """Visible text of sanitized HTML, whitespace collapsed."""
    from bs4 import BeautifulSoup

    text = BeautifulSoup(html, "html.parser").get_text(" ")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=256)
def render(source: str) -> Rendered:
    """Render Markdown (with optional inline HTML) to sanitized HTML.

    The last 256 texts' results are kept: a save in ``serve`` renders the offer's description and each plan's
    again, though an edit seldom touches them (about a quarter of a one-offer rebuild). Never raises for any
    input string. Text that :func:`refusal` refuses is not rendered: the result has empty
    ``html`` and ``text``, ``length`` of the source and ``refused`` saying why (the loader reports it as LP009).
    """
    why = refusal(source)
    if why:
        return Rendered(html="", length=len(source), text="", refused=why)
    md = _md()
    tokens = md.parse(source)
    html = md.renderer.render(tokens, md.options, {})
    clean = sanitize(html)
    return Rendered(html=clean, length=len(clean), text=plain_text(clean), removed=tuple(_find_removed(tokens)),
                    relative_links=tuple(_relative_links(tokens)))


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _relative_links(tokens) -> list[tuple[int | None, str]]:
    found: list[tuple[int | None, str]] = []

    def visit(tok, line):
        if tok.map:
            line = tok.map[0] + 1
        hrefs = []
        if tok.type == "link_open":
            hrefs.append(str(tok.attrs.get("href", "")))
        elif tok.type in ("html_block", "html_inline"):
            hrefs += [next(g for g in m.groups() if g is not None) for m in _HREF.finditer(tok.content)]
        for href in hrefs:
            if href.strip() and not _SCHEME.match(href.strip()):
                found.append((line, href.strip()))
        for child in tok.children or ():
            visit(child, line)

    for t in tokens:
        visit(t, None)
    return found
