"""Descriptions: Markdown and HTML in, only the marketplace's tags out, counted as the store counts."""

from __future__ import annotations

import pytest

from listingpreview import markup

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    '[x](/url "\\"><script>alert(1)</script>")',
    "<details open ontoggle=alert(1)>",
    '<svg><a><set attributeName=href to=javascript:alert(1)></a></svg>',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<p style="position:fixed;top:0">cover</p>',
    "<img src=x onerror=alert(1)//",
    "<iframe src=https://evil.example></iframe>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
]


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markup_comes_out_inert(payload):
    from bs4 import BeautifulSoup

    html = markup.render(payload).html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in markup.ALLOWED_TAGS, html
        for attr, value in tag.attrs.items():
            assert attr == "href" and tag.name == "a", html
            assert value.startswith(("http://", "https://")), html
    assert "<script" not in html.lower() and "onerror=" not in html.lower().replace("&lt;", "<") or "&lt;" in html


def test_sanitizer_is_idempotent():
    for payload in XSS + ["**b** *i* [l](https://x.example)"]:
        once = markup.render(payload).html
        assert markup.sanitize(once) == once


def test_bold_and_italic_are_written_as_the_editor_writes_them():
    r = markup.render("**bold** and *it*\n\n- one\n- two\n\n## Head")
    assert r.html == "<p><b>bold</b> and <i>it</i></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<h2>Head</h2>"
    assert r.length == len(r.html)
    assert r.text == "bold and it one two Head"


def test_imported_html_keeps_allowed_markup():
    src = '<p><b>Zurmo CRM</b> comes with</p>\n<ul>\n<li>SSH</li>\n</ul>\n<a href="http://x.example/a" target="_blank">site</a>'
    html = markup.render(src).html
    assert "<b>Zurmo CRM</b>" in html and "<li>SSH</li>" in html and '<a href="http://x.example/a">site</a>' in html


def test_removed_tags_are_reported_with_their_line():
    r = markup.render("intro\n\n```\ncode\n```\n\n<table><tr><td>x</td></tr></table>\n\ntext <span style='color:red'>red</span>\n\n<p onclick=x>p</p>")
    assert (3, "pre") in r.removed and (7, "table") in r.removed and (9, "span") in r.removed
    assert (11, "p onclick=") in r.removed


def test_any_string_renders():
    for s in ["", "\x00", "[" * 2000, "<" * 1000, "\ud7ff" * 10, "a\r\nb"]:
        markup.render(s)
