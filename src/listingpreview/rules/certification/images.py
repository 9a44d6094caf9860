"""Certification lint on the pixels: logo backgrounds and colours, stretched logos, blank, duplicated and
logo-only screenshots.

Everything is measured with Pillow on the decoded image (decoded once, shared with the derived sizes:
:func:`listingpreview.media.decoded`). The numbers are judgements about design, so
every rule here warns. Results are kept per image digest, so a rebuild does not measure an unchanged
image again. Text drawn inside a logo is not checked: without OCR it cannot be told from a glyph.
"""

from __future__ import annotations

import colorsys
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from PIL import Image, ImageChops

from ... import media
from ...media import ImageInfo
from .. import rule
from . import sources

LOGO_SLOTS = {"media.large_logo": "Large logo", "media.medium_logo": "Medium logo", "media.small_logo": "Small logo",
              "media.wide_logo": "Wide logo"}
SQUARE_SLOTS = ("media.large_logo", "media.medium_logo", "media.small_logo")

# Thresholds (0-255 channels). Chosen on generated and real logos; see tests/test_certification_pixels.py.
WHITE_MIN = 235        # every channel at least this: white
BLACK_MAX = 24         # every channel at most this: black
BACKGROUND_SHARE = 0.90  # share of the border that must be white (or black) to call the background so
TRANSPARENT_SHARE = 0.60  # share of the border that is transparent for a transparent background
FOREGROUND_SHARE = 0.75   # share of the drawn pixels that are white, black or blue to warn
BLANK_SHARE = 0.98     # share of one colour that makes a screenshot blank
DUPLICATE_SHARE = 0.001  # at most this share of 320×180 pixels differ (by more than 12) between duplicates


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one image."""

    width: int
    height: int
    transparent_background: bool
    background: str | None          # "white", "black", "gradient" or None (a flat colour, or transparent)
    foreground: dict[str, float]    # transparent logos: share of drawn pixels that are white/black/blue
    content_box: tuple[int, int, int, int] | None  # drawn content (left, top, right, bottom)
    dominant_share: float           # share of the most common (quantised) colour
    content_thumb: bytes | None     # 24×24 RGB of the drawn content on white, for logo comparisons
    small: bytes                    # 320×180 RGB, for telling duplicates apart
    whole_thumb: bytes              # 24×24 RGB of the whole image on white, for logo comparisons


_FACTS: dict[str, Facts | None] = {}  # by image digest; bounded below


def facts(info: ImageInfo) -> Facts | None:
    """Facts of an inspected image, or None when it cannot be read or decoded again (the loader reports that).

    The picture is decoded through :func:`media.decoded`, so the derived sizes of the same build reuse
    that one decode.
    """
    if info.digest in _FACTS:
        return _FACTS[info.digest]
    try:
        got = _measure_image(media.decoded(info))
    except media.ImageProblem:
        return None
    if len(_FACTS) >= 128:
        _FACTS.pop(next(iter(_FACTS)))
    _FACTS[info.digest] = got
    return got


def _measure_bytes(data: bytes) -> Facts | None:
    """Facts of an image given as bytes (decoded here, not shared), or None when Pillow cannot decode it."""
    try:
        with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as opened:
            opened.load()
            return _measure_image(opened)
    except Exception:  # a file the loader accepted but Pillow cannot convert: nothing to measure
        return None


def _measure_image(im: Image.Image) -> Facts | None:
    try:
        if max(im.size) > 2 * 1280:  # an oversized file: shrink before making an RGBA copy of it
            im = im.reduce(max(im.size) // 1280)
        if im.mode not in ("RGB", "RGBA"):  # RGB is measured as it is: measure() converts it once scaled down
            im = im.convert("RGBA")
    except Exception:  # a decoded image Pillow cannot convert: nothing to measure
        return None
    return measure(im)


def _colours(im: Image.Image) -> list[tuple[int, Any]]:
    """(count, RGBA colour) of every colour of ``im`` (counted in C, not pixel by pixel)."""
    return im.getcolors(im.width * im.height) or []


def _border(im: Image.Image) -> list[tuple[int, Any]]:
    """Colour counts of the ring of pixels along the edges (2 % of the short side, at least 1 pixel)."""
    w, h = im.size
    ring = max(1, round(min(w, h) * 0.02))
    strips = [im.crop((0, 0, w, ring)), im.crop((0, h - ring, w, h))]
    if h > 2 * ring:
        strips += [im.crop((0, ring, ring, h - ring)), im.crop((w - ring, ring, w, h - ring))]
    counts: Counter = Counter()
    for strip in strips:
        for n, c in _colours(strip):
            counts[c] += n
    return [(n, c) for c, n in counts.items()]


def _perimeter(im: Image.Image) -> list[Any]:
    """The outermost pixels in order around the image (for smoothness along the edge)."""
    w, h = im.size
    px = im.load()
    if px is None:
        return []
    pts = [(x, 0) for x in range(w)] + [(w - 1, y) for y in range(1, h)]
    pts += [(x, h - 1) for x in range(w - 2, -1, -1)] + [(0, y) for y in range(h - 2, 0, -1)]
    return [px[p] for p in pts]


def colour_class(p: tuple[int, ...]) -> str | None:
    """'white', 'black' or 'blue' for a pixel of those colours; None for any other colour."""
    r, g, b = p[:3]
    if min(r, g, b) >= WHITE_MIN:
        return "white"
    if max(r, g, b) <= BLACK_MAX:
        return "black"
    hue, sat, val = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
    if 190 <= hue * 360 <= 255 and sat >= 0.35 and val >= 0.25:
        return "blue"
    return None


def _quant(p) -> tuple[int, int, int]:
    return (p[0] >> 3, p[1] >> 3, p[2] >> 3)


# Larger images are measured scaled down to this (logos are measured at full size). 320 is the duplicates' own
# comparison width, so a 1280×720 screenshot is one reduce by 4 (half the time of scaling to 400 first). Against
# 400: no verdict changed on the test and sample pictures and 1,500 benchmark screenshots (colour shares within
# 1.5 points, content areas within 2.5).
MEASURE_SIDE = 320


def measure(im: Image.Image) -> Facts:
    """Measure an RGBA (or RGB, taken as opaque) image (see :class:`Facts`); sizes and boxes are of the measured
    (scaled) image. An RGB image is scaled before it gets its (opaque) alpha channel: the same result (alpha
    weighting changes nothing where every pixel is opaque) for a fraction of the pixels."""
    scaled = im
    if max(im.size) > MEASURE_SIDE:
        f = MEASURE_SIDE / max(im.size)
        scaled = _shrink(im, (max(1, round(im.width * f)), max(1, round(im.height * f))))
    # an opaque picture's 320×180 copy comes from the scaled one when that is large enough (one pass over the
    # full-size pixels, not two); a transparent one's from the full size, its colours taken without alpha
    base = scaled if im.mode == "RGB" and scaled.width >= 320 and scaled.height >= 180 else im
    small = _shrink(base if base.mode == "RGB" else base.convert("RGB"), (320, 180)).tobytes()
    im = scaled
    if im.mode != "RGBA":
        im = im.convert("RGBA")
    opaque_all = im.getchannel("A").getextrema()[0] == 255  # no alpha to composite: cheaper equal paths below
    w, h = im.size
    border = _border(im)
    n_border = sum(n for n, _ in border)
    transparent = sum(n for n, p in border if p[3] < 32) >= TRANSPARENT_SHARE * n_border
    background = None
    opaque = [(n, p) for n, p in border if p[3] >= 250]
    if not transparent and sum(n for n, _ in opaque) >= 0.9 * n_border:
        if sum(n for n, p in opaque if min(p[:3]) >= WHITE_MIN) >= BACKGROUND_SHARE * n_border:
            background = "white"
        elif sum(n for n, p in opaque if max(p[:3]) <= BLACK_MAX) >= BACKGROUND_SHARE * n_border:
            background = "black"
        elif _is_gradient(im):
            background = "gradient"
    foreground: dict[str, float] = {}
    if transparent:
        drawn = [(n, p) for n, p in _colours(im) if p[3] >= 128]
        total = sum(n for n, _ in drawn)
        if total:
            counts: Counter = Counter()
            for n, p in drawn:
                counts[colour_class(p)] += n
            foreground = {k: counts[k] / total for k in ("white", "black", "blue") if counts[k]}
    dominant_share = max(n for n, _ in _quantised_colours(im)) / (w * h)
    box = _content_box(im, transparent, border)
    content_thumb = None
    if box:
        crop = im.crop(box)
        side = max(crop.size)
        at = ((side - crop.width) // 2, (side - crop.height) // 2)
        if opaque_all:  # nothing shows through: pasting is compositing
            canvas = Image.new("RGB", (side, side), (255, 255, 255))
            canvas.paste(crop.convert("RGB"), at)
        else:
            canvas = Image.new("RGBA", (side, side), (255, 255, 255, 255))
            canvas.alpha_composite(crop, at)
        content_thumb = canvas.convert("RGB").resize((24, 24), Image.Resampling.BOX).tobytes()
    return Facts(w, h, transparent, background, foreground, box, dominant_share, content_thumb, small,
                 _on_white(im, opaque_all).resize((24, 24), Image.Resampling.BOX).tobytes())


def _shrink(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """``im`` scaled down to ``size`` with a box filter, in two steps: :meth:`Image.reduce` by the largest whole
    factor that stays at least ``size`` (a 1280×720 screenshot goes to 320×180 by 4 exactly), then a box resize
    of the rest; a third of the time of one box resize from full size. Not the same pixels (sharp edges land
    differently), but the same measurements to within a pixel of content box and 1 % of colour share on the
    benchmark, sample and test pictures, and the same findings on every test and real listing."""
    k = min(im.width // size[0], im.height // size[1])
    if k >= 2:
        im = im.reduce(k)
    return im if im.size == size else im.resize(size, Image.Resampling.BOX)


_QUANT_LUT = [v & 0xF8 for v in range(256)] * 3 + [255 if v >= 32 else 0 for v in range(256)]


def _quantised_colours(im: Image.Image) -> list[tuple[int, Any]]:
    """Colour counts of an RGBA image with channels cut to 5 bits (:func:`_quant`) and every pixel under alpha 32
    counted as one "transparent" colour (0, 0, 0, 0); counted in C (a photo has a colour a pixel, too many to
    loop over)."""
    cut = im.point(_QUANT_LUT)
    alpha = cut.getchannel("A")
    if alpha.getextrema()[0] == 0:
        cut = Image.composite(cut, Image.new("RGBA", im.size, (0, 0, 0, 0)), alpha)
    return _colours(cut)


def _on_white(im: Image.Image, opaque_all: bool = False) -> Image.Image:
    if opaque_all:
        return im.convert("RGB")
    canvas = Image.new("RGBA", im.size, (255, 255, 255, 255))
    canvas.alpha_composite(im)
    return canvas.convert("RGB")


def _edge_strip(im: Image.Image) -> Image.Image:
    """The outermost pixels of an image of at least 3×3 as one RGB row, in the order of :func:`_perimeter`."""
    w, h = im.size
    rgb = im.convert("RGB")
    t = Image.Transpose
    parts = [rgb.crop((0, 0, w, 1)), rgb.crop((w - 1, 1, w, h)).transpose(t.TRANSPOSE),
             rgb.crop((0, h - 1, w - 1, h)).transpose(t.FLIP_LEFT_RIGHT),
             rgb.crop((0, 1, 1, h - 1)).transpose(t.TRANSPOSE).transpose(t.FLIP_LEFT_RIGHT)]
    strip = Image.new("RGB", (sum(p.width for p in parts), 1))
    x = 0
    for part in parts:
        strip.paste(part, (x, 0))
        x += part.width
    return strip


def _is_gradient(im: Image.Image) -> bool:
    """A background that changes colour smoothly along the edge: a wide colour range, only small steps,
    and no one colour covering most of the edge (a flat background with art touching the edge has one).
    Measured in C on the edge as one row of pixels; :func:`_is_gradient_line` is the same test in Python,
    for images too small for that row (under 3 pixels a side)."""
    if min(im.size) < 3:
        return _is_gradient_line(_perimeter(im))
    strip = _edge_strip(im)
    n = strip.width
    if n < 16:
        return False
    extrema = cast(tuple[tuple[int, int], ...], strip.getextrema())  # (low, high) of each channel
    if max(hi - lo for lo, hi in extrema) < 48:
        return False
    r, g, b = ImageChops.difference(strip.crop((0, 0, n - 1, 1)), strip.crop((1, 0, n, 1))).split()
    steps = ImageChops.lighter(ImageChops.lighter(r, g), b).histogram()  # biggest channel step, pixel to pixel
    if _rank_value(steps, int((n - 1) * 0.98)) > 6:  # the 98th percentile of the steps, as in the pixel loop
        return False
    top = max(count for count, _ in strip.point(_QUANT_LUT[:768]).getcolors(n) or [(n, None)])
    return top < 0.5 * n


def _rank_value(histogram: list[int], rank: int) -> int:
    """The value at position ``rank`` (from 0) of the sorted values a histogram counts."""
    seen = 0
    for value, count in enumerate(histogram):
        seen += count
        if seen > rank:
            return value
    return len(histogram) - 1


def _is_gradient_line(line: list[Any]) -> bool:
    """:func:`_is_gradient` over a list of pixels."""
    if len(line) < 16:
        return False
    span = max(max(p[c] for p in line) - min(p[c] for p in line) for c in range(3))
    if span < 48:
        return False
    steps = sorted(max(abs(a[c] - b[c]) for c in range(3)) for a, b in zip(line, line[1:], strict=False))
    if steps[int(len(steps) * 0.98)] > 6:
        return False
    top = Counter(_quant(p) for p in line).most_common(1)[0][1]
    return top < 0.5 * len(line)


def _content_box(im: Image.Image, transparent: bool, border) -> tuple[int, int, int, int] | None:
    """Box of the drawn content: pixels that are opaque (transparent background) or differ from the
    background colour; a row or column counts only with at least two such pixels, so a stray pixel at
    the edge does not stretch the box."""
    opaque = im.getchannel("A").point(lambda a: 255 if a >= 128 else 0)
    if transparent:
        mask = opaque
    else:
        quant: Counter = Counter()
        for n, p in border:
            quant[_quant(p)] += n
        ref = tuple((c << 3) + 4 for c in quant.most_common(1)[0][0])
        rgb = im.convert("RGB")
        r, g, b = ImageChops.difference(rgb, Image.new("RGB", rgb.size, ref)).split()
        differs = ImageChops.lighter(ImageChops.lighter(r, g), b).point(lambda v: 255 if v > 40 else 0)
        mask = ImageChops.darker(differs, opaque)  # clear corners are not content
    w, h = mask.size
    data, down = mask.tobytes(), mask.transpose(Image.Transpose.TRANSPOSE).tobytes()  # rows, then columns
    rows = [data[y * w:(y + 1) * w].count(255) for y in range(h)]
    cols = [down[x * h:(x + 1) * h].count(255) for x in range(w)]
    xs = [x for x, n in enumerate(cols) if n >= 2]
    ys = [y for y, n in enumerate(rows) if n >= 2]
    if not xs or not ys:
        return None
    return xs[0], ys[0], xs[-1] + 1, ys[-1] + 1


def _logos(ctx):
    for key, label in LOGO_SLOTS.items():
        info = ctx.images.get(key)
        if isinstance(info, ImageInfo):
            f = facts(info)
            if f is not None:
                yield key, label, info, f


def _loc(key: str) -> tuple:
    return tuple(key.split("."))


@rule("LP930", "logo-background", "warning", "Offer listing",
      "A logo's background is not white or black, the portal's theme colours (measured on the image's border).",
      source=sources.LOGO_GUIDANCE)
def logo_background(ctx):
    for key, label, _info, f in _logos(ctx):
        if f.background in ("white", "black"):
            ctx.report(_loc(key), f"{key} ({label}) has a {f.background} background; white and black are the "
                       "portal's theme colours and a logo on them does not stand out.",
                       "Use a background colour of your brand (a simple primary colour), or a transparent "
                       "background with a coloured logo.")


@rule("LP931", "logo-gradient", "warning", "Offer listing",
      "A logo's background is flat, without a colour gradient.", source=sources.LOGO_GUIDANCE)
def logo_gradient(ctx):
    for key, label, _info, f in _logos(ctx):
        if f.background == "gradient":
            ctx.report(_loc(key), f"{key} ({label}) has a gradient background; the marketplace asks for a flat "
                       "look.", "Fill the background with one colour.")


@rule("LP932", "logo-transparent-colour", "warning", "Offer listing",
      "A logo on a transparent background is not drawn in white, black or blue (it disappears on the store's "
      "white, black and blue surfaces).", source=sources.LOGO_GUIDANCE)
def logo_transparent_colour(ctx):
    for key, label, _info, f in _logos(ctx):
        share = sum(f.foreground.values())
        if f.transparent_background and share >= FOREGROUND_SHARE:
            parts = ", ".join(f"{v:.0%} {k}" for k, v in sorted(f.foreground.items(), key=lambda kv: -kv[1]))
            ctx.report(_loc(key), f"{key} ({label}) has a transparent background and is drawn in {parts}; "
                       "on a transparent background the logo must not be white, black or blue.",
                       "Give the logo a coloured background, or draw it in a brand colour other than white, "
                       "black or blue.")


@rule("LP933", "logo-stretched", "warning", "Offer listing",
      "The logos are not stretched: the drawn content has the same proportions in every square logo given "
      "(a logo resized without keeping its aspect ratio has not).", source=sources.LOGO_GUIDANCE)
def logo_stretched(ctx):
    given = {k: f for k, _, _, f in _logos(ctx) if k in SQUARE_SLOTS and f.content_box and f.width == f.height}
    ref_key = next((k for k in SQUARE_SLOTS if k in given), None)
    if ref_key is None:
        return
    ref = _ratio(given[ref_key])
    for key, f in given.items():
        if key == ref_key:
            continue
        r = _ratio(f)
        box = f.content_box
        slack = 2 / max(1, min(box[2] - box[0], box[3] - box[1]))  # one pixel either side at small sizes
        if abs(r - ref) / ref > 0.12 + slack:
            ctx.report(_loc(key), f"{key} ({LOGO_SLOTS[key]}) looks stretched: its drawn content is "
                       f"{r:.2f}:1 (width:height) while {ref_key} shows {ref:.2f}:1.",
                       "Export the logo again from the original artwork, scaling width and height by the same "
                       "factor (add padding to make it square).")


def _ratio(f: Facts) -> float:
    if f.content_box is None:
        return 1.0
    left, top, right, bottom = f.content_box
    return (right - left) / max(1, bottom - top)


def _screenshots(ctx):
    for i, _shot in enumerate(ctx.data.media.screenshots):
        info = ctx.images.get(f"media.screenshots[{i}].file")
        if isinstance(info, ImageInfo):
            f = facts(info)
            if f is not None:
                yield i, info, f


@rule("LP934", "screenshot-blank", "warning", "Offer listing",
      "A screenshot is not blank or a single colour.", source=sources.policy("100.3") + "; " + sources.LISTING_CRITERIA)
def screenshot_blank(ctx):
    for i, _info, f in _screenshots(ctx):
        if f.dominant_share >= BLANK_SHARE:
            ctx.report(("media", "screenshots", i, "file"), f"media.screenshots[{i}].file is {f.dominant_share:.0%} "
                       "one colour: it shows nothing of the offer.", "Replace it with a screenshot of the product.")


@rule("LP935", "screenshot-duplicate", "warning", "Offer listing",
      "No two screenshots show the same picture (same file, or the same pixels in another file).",
      source=sources.policy("100.3") + "; " + sources.LISTING_CRITERIA)
def screenshot_duplicate(ctx):
    seen: list[tuple[int, ImageInfo, Facts]] = []
    for i, info, f in _screenshots(ctx):
        for j, other, g in seen:
            if info.digest == other.digest or _same_picture(info.digest, other.digest, f, g):
                ctx.report(("media", "screenshots", i, "file"), f"media.screenshots[{i}].file shows the same picture "
                           f"as media.screenshots[{j}].file.", "Show a different part of the product, or remove it.")
                break
        else:
            seen.append((i, info, f))


@rule("LP936", "screenshot-is-logo", "warning", "Offer listing",
      "A screenshot shows the product, not the offer's logo on an empty canvas.",
      source=sources.policy("100.3") + "; [AD] plan-saas-offer.md ('screenshots that show how your offer works', "
      "2022-08-02)")
def screenshot_is_logo(ctx):
    logo = ctx.images.get("media.large_logo")
    lf = facts(logo) if isinstance(logo, ImageInfo) else None
    if lf is None or lf.content_thumb is None:
        return
    for i, info, f in _screenshots(ctx):
        if f.content_box is None or f.content_thumb is None:
            continue
        left, top, right, bottom = f.content_box
        area = (right - left) * (bottom - top) / (f.width * f.height)
        near = min(_distance(f.content_thumb, lf.content_thumb), _distance(f.content_thumb, lf.whole_thumb))
        if info.digest == logo.digest or (area <= 0.5 and near < 24.0):
            ctx.report(("media", "screenshots", i, "file"), f"media.screenshots[{i}].file shows the offer's logo "
                       "rather than the product.", "Use a screenshot of the product at work; the logo is shown "
                       "next to the listing already.")


_SAME: dict[tuple[str, str], bool] = {}  # by the two digests: a rebuild does not compare the pair again


def _same_picture(d1: str, d2: str, f: Facts, g: Facts) -> bool:
    key = (d1, d2) if d1 < d2 else (d2, d1)
    if key not in _SAME:
        if len(_SAME) >= 1024:
            _SAME.clear()
        _SAME[key] = different_share(f.small, g.small) <= DUPLICATE_SHARE
    return _SAME[key]


def different_share(a: bytes, b: bytes) -> float:
    """Share of pixels of two 320×180 RGB buffers that differ by more than 12 in some channel."""
    diff = ImageChops.difference(Image.frombytes("RGB", (320, 180), a), Image.frombytes("RGB", (320, 180), b))
    r, g, bl = (c.point(lambda v: 255 if v > 12 else 0) for c in diff.split())
    mask = ImageChops.lighter(ImageChops.lighter(r, g), bl)
    return mask.histogram()[255] / (320 * 180)


def _distance(a: bytes, b: bytes) -> float:
    """Mean absolute difference (0–255) of two thumbnails of the same size (raises ValueError when they are not)."""
    if len(a) != len(b):
        raise ValueError("thumbnails of different sizes")
    diff = ImageChops.difference(Image.frombytes("L", (len(a), 1), a), Image.frombytes("L", (len(b), 1), b))
    return sum(v * n for v, n in enumerate(diff.histogram())) / len(a)
