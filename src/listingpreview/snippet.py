"""Search-result text as search engines and store tiles cut it.

Widths are measured in pixels with Arial advance widths (units per em 2048),
taken from Liberation Sans, which is metrically compatible with Arial. Google's
desktop result shows the title in Arial 20 px cut near 580 px, and the
description in Arial 14 px over about 920 px (two lines); the cut falls at a
word boundary followed by " …" (research: marketplace-ui.md §6, inference from
SERP preview tools). Characters not in the table count as the average width.
"""

from __future__ import annotations

from dataclasses import dataclass

_CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ–—‘’“”…•™€'
_WIDTHS = [569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139, 2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139, 682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706, 1139, 1139, 1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196, 569, 682, 1139, 1139, 1139, 1139, 532, 1139, 682, 1509, 758, 1139, 1196, 0, 1509, 1131, 819, 1124, 682, 682, 682, 1180, 1100, 569, 682, 682, 748, 1139, 1708, 1708, 1708, 1251, 1366, 1366, 1366, 1366, 1366, 1366, 2048, 1479, 1366, 1366, 1366, 1366, 569, 569, 569, 569, 1479, 1479, 1593, 1593, 1593, 1593, 1593, 1196, 1593, 1479, 1479, 1479, 1479, 1366, 1366, 1251, 1139, 1139, 1139, 1139, 1139, 1139, 1821, 1024, 1139, 1139, 1139, 1139, 569, 569, 569, 569, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1124, 1251, 1139, 1139, 1139, 1139, 1024, 1139, 1024, 1139, 2048, 455, 455, 682, 682, 2048, 717, 2048, 1139]
ADVANCE = dict(zip(_CHARS, _WIDTHS, strict=True))
_AVERAGE = sum(_WIDTHS) / len(_WIDTHS)
UNITS_PER_EM = 2048

TITLE_PX, TITLE_FONT_PX = 580, 20
DESCRIPTION_PX, DESCRIPTION_FONT_PX = 920, 14
ELLIPSIS = " …"


def width(text: str, font_px: float) -> float:
    """Rendered width of ``text`` in pixels at ``font_px`` (Arial metrics)."""
    return sum(ADVANCE.get(c, _AVERAGE) for c in text) * font_px / UNITS_PER_EM


@dataclass(frozen=True)
class Cut:
    """Text as shown: ``shown`` (with " …" when cut), whether it was cut, and its full width in px."""

    shown: str
    truncated: bool
    full_px: float


def cut(text: str, max_px: float, font_px: float) -> Cut:
    """Cut ``text`` at the last word boundary that fits ``max_px`` together with " …"."""
    text = " ".join(text.split())
    full = width(text, font_px)
    if full <= max_px:
        return Cut(text, False, full)
    room = max_px - width(ELLIPSIS, font_px)
    used, end = 0.0, 0
    for i, c in enumerate(text):
        used += ADVANCE.get(c, _AVERAGE) * font_px / UNITS_PER_EM
        if used > room:
            break
        end = i + 1
    head = text[:end]
    if end < len(text) and text[end] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return Cut(head.rstrip(" ,;:-") + ELLIPSIS, True, full)


def title(text: str) -> Cut:
    return cut(text, TITLE_PX, TITLE_FONT_PX)


def description(text: str) -> Cut:
    return cut(text, DESCRIPTION_PX, DESCRIPTION_FONT_PX)
