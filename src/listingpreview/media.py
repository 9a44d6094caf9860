"""Images: inspect them from their bytes and derive what the pages show.

Only PNG and JPEG decoders are ever run (the store accepts PNG; JPEG is opened
only to say so). Files are size-capped, symlinks refused, decompression bombs
and truncated files reported, and every derivative is either re-encoded by Pillow
or, for a clean PNG, copied with only the chunks needed to show it (:mod:`listingpreview.png`),
so metadata and appended payloads never reach the output.

Memory is bounded before decoding: the header's width × height × 4 bytes (Pillow
holds every colour mode, CMYK included, at 4 bytes a pixel, and the derivative is
RGB or RGBA) must stay under :data:`MAX_DECODED_BYTES`. Dimensions are the ones
shown: an EXIF orientation that turns the image is applied to them and to the
derivative. PNG bytes under another extension are reported (:func:`name_problem`).

Each picture is decoded at most once per process while it is in use. :func:`inspect` reads the header
(Pillow's ``Image.open`` without ``load``) and, for a PNG, checks its structure and inflates its image data
without decoding it (:mod:`listingpreview.png`); a PNG that is clean that way is marked
:attr:`ImageInfo.passthrough` and :func:`derive` copies it at its own size with only the chunks needed to
show it (no decode, no re-encode); when the rules or a derived size need its pixels after all, :func:`decoded`
only unfilters the rows the scan inflated (8-bit grey, RGB and their alpha forms) instead of inflating them
again. Any other picture (JPEG, interlaced, animated, turned by EXIF, 16 bits a
channel, or anything the scan did not find clean) is decoded by Pillow in :func:`inspect`, exactly as
before, so Pillow still decides what is refused. Decoded pictures are kept in a small in-memory cache by
digest (:func:`decoded`) that the derived sizes and the certification measurements share.
"""

from __future__ import annotations

import hashlib
import io
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from zlib_ng import zlib_ng as zlib  # the zlib API, faster (see png.py)

from . import png

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_DECODED_BYTES = 32 * 1024 * 1024  # a 4K image (3840×2160) at 4 bytes a pixel fits; listing images are ≤ 1366×768
MAX_PIXELS = MAX_DECODED_BYTES // 4
_TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class ImageInfo:
    """What an image file really is. ``format`` is Pillow's ("PNG", "JPEG"); ``digest`` the SHA-256 of its bytes."""

    path: Path
    format: str
    width: int
    height: int
    mode: str
    has_alpha: bool
    digest: str
    data: bytes | None  # the file's bytes when just read; None when described from the cache
    passthrough: bool = False  # a clean PNG that derive() copies at its own size without decoding (see png.py)

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)


class ImageProblem(Exception):
    """An image that cannot be used; ``str()`` says why in words for the publisher."""


def decoded_bytes(width: int, height: int) -> int:
    """Bytes Pillow needs for a decoded image of ``width`` × ``height`` (4 a pixel; see the module docstring)."""
    return width * height * 4


def inspect(path: Path) -> ImageInfo:
    """Open ``path`` and describe it from its bytes; width and height as displayed (EXIF orientation applied).

    Width, height, format, mode and alpha come from the header. A PNG that :func:`png.scan` finds clean
    (structure, CRCs, image data inflated to its exact size) is not decoded and is marked ``passthrough``;
    anything else is decoded by Pillow here, once, and kept for :func:`decoded`.

    Raises ImageProblem when the file is missing, not a regular file, too large,
    not PNG/JPEG, larger than :data:`MAX_DECODED_BYTES`
    once decoded, truncated, a decompression bomb, has damaged image data (an IDAT chunk whose CRC does
    not match), or is otherwise unreadable.
    """
    if path.is_symlink():
        raise ImageProblem("is a symbolic link; use the image file itself")
    if not path.exists():
        raise ImageProblem("does not exist")
    if not path.is_file():
        raise ImageProblem("is not a regular file")
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(f"is {size // (1024 * 1024)} MiB; at most {MAX_IMAGE_BYTES // (1024 * 1024)} MiB is read")
    from .load import read_bytes_safely

    try:
        data = read_bytes_safely(path, MAX_IMAGE_BYTES)
    except (OSError, ValueError) as e:
        raise ImageProblem(f"cannot be read ({getattr(e, 'strerror', None) or e})") from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as im:
                need = decoded_bytes(im.width, im.height)
                if need > MAX_DECODED_BYTES:
                    raise ImageProblem(f"is {im.width}×{im.height} pixels, {need // (1024 * 1024)} MiB once decoded; "
                                       f"at most {MAX_DECODED_BYTES // (1024 * 1024)} MiB is decoded, far more than "
                                       "any listing image needs")
                fmt = im.format or ""
                scanned = png.scan(data, keep_rows=True) if fmt == "PNG" else None  # raises png.Damaged
                clean = scanned is not None and not scanned.why_not
                if scanned is not None and scanned.rows is not None and (
                        scanned.bit_depth, scanned.colour_type) in _UNFILTER_ONLY:
                    _keep_rows(digest, scanned.rows)
                if not clean:  # Pillow decodes it (and decides whether it is usable), once
                    im.load()
                    _remember(digest, im)
                mode = im.mode
                alpha = mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info)
                w, h = im.size
                if not clean and _orientation(im) in _TURNED:
                    w, h = h, w
    except ImageProblem:
        raise
    except png.Damaged as e:
        raise ImageProblem(f"cannot be decoded: {e}") from None
    except Image.UnidentifiedImageError:
        raise ImageProblem("is not a PNG image (its bytes are not PNG or JPEG)") from None
    except Exception as e:  # Pillow raises many types for hostile files; all mean "unusable"
        raise ImageProblem(f"cannot be decoded ({type(e).__name__}: {e})") from None
    return ImageInfo(path, fmt, w, h, mode, alpha, digest, data, clean)


def name_problem(path: Path, fmt: str) -> str:
    """Why the file name does not fit the bytes ('' when it does): PNG bytes under another extension.

    Kept apart from :func:`inspect`, whose result is cached by content (the same bytes may have two names).
    JPEG bytes are reported as JPEG whatever their name (the store accepts PNG only).
    """
    suffix = path.suffix.lower()
    if fmt == "PNG" and suffix != ".png":
        return f"holds PNG bytes but its name ends in '{suffix or '(no extension)'}'; rename it to .png"
    return ""


def _orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
        return value if isinstance(value, int) else 1
    except Exception:  # a broken EXIF block is ignored, as browsers ignore it
        return 1


# -- decoded pictures, shared ------------------------------------------------------------------------
# (bit depth, colour type) of the clean PNGs whose inflated rows inspect() keeps, so that decoded() only has to
# unfilter them: grey, RGB, grey+alpha and RGBA at 8 bits, where Pillow's mode and raw mode have the same name.
_UNFILTER_ONLY = {(8, 0), (8, 2), (8, 4), (8, 6)}
ROWS_BUDGET = 32 * 1024 * 1024  # inflated rows kept until decoded: a listing's 5 screenshots at 1280×720 take 14 MiB
_rows: OrderedDict[str, bytes] = OrderedDict()
DECODED_BUDGET = 64 * 1024 * 1024  # decoded bytes kept for pictures larger than SMALL_PICTURE (about 17 screenshots)
SMALL_PICTURE = 1024 * 1024  # logos and thumbnails: kept apart, so screenshots do not push them out
SMALL_KEPT = 32  # at most 32 MiB; 216×216 logos take under 0.2 MiB each
_decoded: OrderedDict[str, Image.Image] = OrderedDict()
_small: OrderedDict[str, Image.Image] = OrderedDict()
_lock = threading.Lock()


def _keep(table: OrderedDict, digest: str, value, over: Callable[[OrderedDict], bool]) -> None:
    """Put ``value`` in ``table`` as its newest entry, then drop the oldest while ``over(table)`` (never the last)."""
    with _lock:
        table[digest] = value
        table.move_to_end(digest)
        while len(table) > 1 and over(table):
            table.popitem(last=False)


def _remember(digest: str, im: Image.Image) -> None:
    """Keep a decoded picture for :func:`decoded`; the oldest go first once over the budget."""
    if decoded_bytes(im.width, im.height) <= SMALL_PICTURE:
        _keep(_small, digest, im, lambda t: len(t) > SMALL_KEPT)
    else:
        _keep(_decoded, digest, im, lambda t: sum(decoded_bytes(*x.size) for x in t.values()) > DECODED_BUDGET)


def _keep_rows(digest: str, rows: bytes) -> None:
    _keep(_rows, digest, rows, lambda t: sum(len(r) for r in t.values()) > ROWS_BUDGET)


def _unfiltered(im: Image.Image, rows: bytes) -> Image.Image:
    """``im`` (opened, not loaded) decoded from its already inflated ``rows``: Pillow's PNG decoder run over a
    stored (level 0) zlib stream of them, so that it only unfilters; the same pixels and ``info`` as
    ``im.load()`` (tests/test_media_fastpath.py compares them)."""
    out = Image.frombytes(im.mode, im.size, zlib.compress(rows, 0), "zip", im.mode)
    out.info = dict(im.info)
    return out


def decoded(info: ImageInfo) -> Image.Image:
    """The decoded picture ``info`` describes (as stored: not turned, in its own mode), decoded once and shared
    while :func:`derive` may still need it.

    Do not change the returned image in place (copy it first). Raises ImageProblem when its bytes cannot be
    read again or no longer match ``info.digest``, or cannot be decoded.
    """
    with _lock:
        for table in (_small, _decoded):
            if info.digest in table:
                table.move_to_end(info.digest)
                return table[info.digest]
        rows = _rows.pop(info.digest, None)
    data = _bytes_of(info)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
            if decoded_bytes(opened.width, opened.height) > MAX_DECODED_BYTES:
                raise ImageProblem("is too large to decode")
            im: Image.Image = opened
            if rows is not None and opened.mode in ("L", "RGB", "LA", "RGBA"):
                im = _unfiltered(opened, rows)
            else:
                opened.load()
    except ImageProblem:
        raise
    except Exception as e:  # as in inspect(): anything Pillow raises means unusable
        raise ImageProblem(f"cannot be decoded ({type(e).__name__}: {e})") from None
    if not info.passthrough or decoded_bytes(im.width, im.height) <= SMALL_PICTURE:
        # kept for derive(): a picture it re-encodes, or a logo it scales down; a clean screenshot is copied
        # as it is, so keeping its pixels would only hold memory (its facts are kept by the rules)
        _remember(info.digest, im)
    return im


def _bytes_of(info: ImageInfo) -> bytes:
    if info.data is not None:
        return info.data
    from .load import read_bytes_safely

    try:
        data = read_bytes_safely(info.path, MAX_IMAGE_BYTES)
    except (OSError, ValueError) as e:
        raise ImageProblem(f"cannot be read ({getattr(e, 'strerror', None) or e})") from None
    if hashlib.sha256(data).hexdigest() != info.digest:
        raise ImageProblem("changed while it was being read; build again")
    return data


def forget() -> None:
    """Drop every decoded picture kept by :func:`decoded` (tests; a long-running process after a build)."""
    with _lock:
        _decoded.clear()
        _small.clear()
        _rows.clear()


DERIVED_COMPRESS_LEVEL = 1  # zlib's fastest: ~5× faster than Pillow's default 6 on photo-like content


def derive(info: ImageInfo, size: tuple[int, int] | None = None) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes of ``info`` for the pages, and their size (width, height) in pixels.

    A clean PNG (:attr:`ImageInfo.passthrough`) asked for at its own size is copied with only the chunks
    needed to show it (:func:`png.clean`; no decode). Anything else is decoded once (shared with the
    certification measurements through :func:`decoded`), turned upright (EXIF orientation), converted to
    RGB or RGBA, resized to fit ``size`` (aspect kept) when given, and encoded with zlib level
    :data:`DERIVED_COMPRESS_LEVEL`. Either way no metadata or appended bytes reach the output.
    Raises ImageProblem when the file cannot be read or decoded again.
    """
    from PIL import ImageOps

    if info.data is None:
        info = inspect(info.path)
    if info.passthrough and (size is None or size == info.size):
        return png.clean(info.data or b""), info.size
    im = decoded(info)
    if _orientation(im) != 1:
        im = ImageOps.exif_transpose(im)
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if info.has_alpha else "RGB")
    if size and im.size != size:
        im = im.copy()
        im.thumbnail(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    im.save(out, format="PNG", compress_level=DERIVED_COMPRESS_LEVEL)
    return out.getvalue(), im.size
