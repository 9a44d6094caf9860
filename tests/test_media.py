"""Images are judged by their bytes; hostile files become diagnostics, never crashes."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from conftest import diagnostics
from listingpreview import media

FAB = "content/fabrikam-fieldnotes"


def png(w, h, mode="RGB") -> bytes:
    b = io.BytesIO()
    Image.new(mode, (w, h), "red").save(b, "PNG")
    return b.getvalue()


def test_inspects_a_real_png(tmp_path):
    p = tmp_path / "a.png"
    p.write_bytes(png(300, 300, "RGBA"))
    info = media.inspect(p)
    assert (info.format, info.size, info.has_alpha) == ("PNG", (300, 300), True)


@pytest.mark.parametrize("data,why", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG"),
    (b"", "is not a PNG"),
    (png(1280, 720)[:200], "cannot be decoded"),
])
def test_bad_bytes(tmp_path, data, why):
    p = tmp_path / "x.png"
    p.write_bytes(data)
    with pytest.raises(media.ImageProblem, match=why):
        media.inspect(p)


def test_decompression_bomb_header_is_refused(tmp_path):
    # A valid PNG header claiming 20000×20000 pixels.
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")
    p = tmp_path / "bomb.png"
    p.write_bytes(data)
    with pytest.raises(media.ImageProblem):
        media.inspect(p)


def test_jpeg_named_png_is_reported_as_jpeg(site):
    b = io.BytesIO()
    Image.new("RGB", (1280, 720)).save(b, "JPEG")
    (site / FAB / "media/screenshot-1.png").write_bytes(b.getvalue())
    d = [x for x in diagnostics(site) if x.code != "LP934"]  # LP934: the black image also warns
    assert [(x.code, x.field) for x in d] == [("LP302", "media.screenshots[0].file")]
    assert "JPEG" in d[0].message


def test_symlinked_image_is_refused(site, tmp_path):
    target = tmp_path / "outside.png"
    target.write_bytes(png(300, 300))
    logo = site / FAB / "media/logo-large.png"
    logo.unlink()
    os.symlink(target, logo)
    d = diagnostics(site)
    assert [(x.code, x.field) for x in d] == [("LP301", "media.large_logo")]


def test_path_leaving_the_offer_folder_is_refused(site):
    from conftest import edit

    edit(site / FAB / "offer.toml", 'large_logo = "media/logo-large.png"', 'large_logo = "../../listingpreview.toml"')
    d = diagnostics(site)
    assert [(x.code, x.field) for x in d] == [("LP301", "media.large_logo")]
    assert "inside the offer folder" in d[0].message


def test_derivative_strips_metadata(tmp_path):
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("Author", "secret@example.com")
    b = io.BytesIO()
    Image.new("RGB", (300, 300)).save(b, "PNG", pnginfo=meta)
    p = tmp_path / "m.png"
    p.write_bytes(b.getvalue() + b"<script>appended</script>")
    out, size = media.derive(media.inspect(p), (48, 48))
    assert size == (48, 48)
    assert b"secret" not in out and b"script" not in out
    assert Image.open(io.BytesIO(out)).size == (48, 48)
