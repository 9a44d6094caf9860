"""Images: inspect them from their bytes and derive what the pages show.

Only PNG and JPEG decoders are ever run (the store accepts PNG; JPEG is opened
only to say so). Files are size-capped, symlinks refused, decompression bombs
and truncated files reported, and every derivative is re-encoded by Pillow, so
metadata and appended payloads never reach the output.

Memory is bounded before decoding: the header's width × height × 4 bytes (Pillow
holds every colour mode, CMYK included, at 4 bytes a pixel, and the derivative is
RGB or RGBA) must stay under :data:`MAX_DECODED_BYTES`. Dimensions are the ones
shown: an EXIF orientation that turns the image is applied to them and to the
derivative. PNG bytes under another extension are reported (:func:`name_problem`).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

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

    Raises ImageProblem when the file is missing, not a regular file, too large,
    not PNG/JPEG, larger than :data:`MAX_DECODED_BYTES`
    once decoded, truncated, a decompression bomb, or otherwise unreadable.
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
                im.load()
                mode = im.mode
                alpha = mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info)
                w, h = im.size
                if _orientation(im) in _TURNED:
                    w, h = h, w
    except ImageProblem:
        raise
    except Image.UnidentifiedImageError:
        raise ImageProblem("is not a PNG image (its bytes are not PNG or JPEG)") from None
    except Exception as e:  # Pillow raises many types for hostile files; all mean "unusable"
        raise ImageProblem(f"cannot be decoded ({type(e).__name__}: {e})") from None
    return ImageInfo(path, fmt, w, h, mode, alpha, hashlib.sha256(data).hexdigest(), data)


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


def derive(info: ImageInfo, size: tuple[int, int] | None = None) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes of ``info`` re-encoded, turned upright (EXIF orientation), resized to fit ``size`` (aspect kept)
    when given; and the result's size."""
    from PIL import ImageOps

    data = info.data if info.data is not None else inspect(info.path).data or b""
    with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as opened:
        opened.load()
        im: Image.Image = opened
        if _orientation(im) != 1:
            im = ImageOps.exif_transpose(im)
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA" if info.has_alpha else "RGB")
        if size and im.size != size:
            im = im.copy()
            im.thumbnail(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        im.save(out, format="PNG", optimize=False)
        return out.getvalue(), im.size
