"""Images: inspect them from their bytes and derive what the pages show.

Only PNG and JPEG decoders are ever run (the store accepts PNG; JPEG is opened
only to say so). Files are size-capped, symlinks refused, decompression bombs
and truncated files reported, and every derivative is re-encoded by Pillow, so
metadata and appended payloads never reach the output.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000


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


def inspect(path: Path) -> ImageInfo:
    """Open ``path`` and describe it from its bytes.

    Raises ImageProblem when the file is missing, not a regular file, too large,
    not PNG/JPEG, truncated, a decompression bomb, or otherwise unreadable.
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
    data = path.read_bytes()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as im:
                if im.width * im.height > MAX_PIXELS:
                    raise ImageProblem(f"is {im.width}×{im.height} pixels; far larger than any listing image")
                im.load()
                fmt, mode = im.format or "", im.mode
                alpha = mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info)
                w, h = im.size
    except ImageProblem:
        raise
    except Image.UnidentifiedImageError:
        raise ImageProblem("is not a PNG image (its bytes are not PNG or JPEG)") from None
    except Exception as e:  # Pillow raises many types for hostile files; all mean "unusable"
        raise ImageProblem(f"cannot be decoded ({type(e).__name__}: {e})") from None
    return ImageInfo(path, fmt, w, h, mode, alpha, hashlib.sha256(data).hexdigest(), data)


def derive(info: ImageInfo, size: tuple[int, int] | None = None) -> tuple[bytes, tuple[int, int]]:
    """PNG bytes of ``info`` re-encoded, resized to fit ``size`` (aspect kept) when given; and the result's size."""
    assert info.data is not None, "derive() needs the bytes media.inspect() read"
    with Image.open(io.BytesIO(info.data), formats=["PNG", "JPEG"]) as opened:
        opened.load()
        im: Image.Image = opened
        if im.mode not in ("RGB", "RGBA"):
            im = im.convert("RGBA" if info.has_alpha else "RGB")
        if size and im.size != size:
            im = im.copy()
            im.thumbnail(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        im.save(out, format="PNG", optimize=False)
        return out.getvalue(), im.size
