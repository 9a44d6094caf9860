"""Images at the speed of the disk: clean PNGs are copied without a decode, every picture is decoded at most once.

A clean PNG keeps only the chunks needed to show it and its pixels as they are; metadata, private chunks and
bytes after IEND never reach the output; damaged image data is refused; derived sizes are right.
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zlib
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageFile, ImageFilter

from listingpreview import media, png
from listingpreview.rules.certification import images as cert_images

KEPT = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"sRGB", b"gAMA", b"cHRM", b"iCCP"}
FAB = "content/fabrikam-fieldnotes"


def picture(w: int, h: int, seed: int, mode: str = "RGB") -> Image.Image:
    """Photo-like content: a gradient under blurred noise and a few shapes (not one flat colour)."""
    rnd = random.Random(seed)
    noise = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3)).filter(ImageFilter.GaussianBlur(2))
    grad = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    im = Image.blend(grad, noise, 0.5)
    for _ in range(6):
        x, y = rnd.randrange(w), rnd.randrange(h)
        im.paste((rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)), (x, y, min(w, x + w // 5), min(h, y + h // 5)))
    if mode == "RGBA":
        im.putalpha(Image.linear_gradient("L").resize((w, h)))
    elif mode != "RGB":
        im = im.convert(mode)
    return im


def encode(im: Image.Image, **kw) -> bytes:
    b = io.BytesIO()
    im.save(b, "PNG", **kw)
    return b.getvalue()


def chunk(kind: bytes, data: bytes, crc_flip: int = 0) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) ^ crc_flip)


def chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start of its data, length) of every chunk up to IEND."""
    out, pos = [], 8
    while pos < len(data):
        (n,) = struct.unpack_from(">I", data, pos)
        out.append((data[pos + 4:pos + 8], pos + 8, n))
        if data[pos + 4:pos + 8] == b"IEND":
            break
        pos += 12 + n
    return out


def insert_before(data: bytes, kind: bytes, extra: bytes) -> bytes:
    """``extra`` inserted before the first chunk of type ``kind``."""
    start = next(s for k, s, _ in chunks(data) if k == kind) - 8
    return data[:start] + extra + data[start:]


def inspected(tmp_path: Path, data: bytes, name: str = "x.png") -> media.ImageInfo:
    p = tmp_path / name
    p.write_bytes(data)
    return media.inspect(p)


def with_metadata(data: bytes) -> bytes:
    """``data`` with text, EXIF (upright), time, private chunks (one after IDAT) and a trailing payload."""
    exif = Image.Exif()
    exif[0x0112] = 1
    exif[0x013B] = "secret-artist"
    data = insert_before(data, b"IDAT", chunk(b"tEXt", b"Author\x00secret@example.com")
                         + chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"secret comment"))
                         + chunk(b"iTXt", b"Note\x00\x00\x00\x00\x00secret itxt")
                         + chunk(b"eXIf", exif.tobytes()[6:] if exif.tobytes().startswith(b"Exif") else exif.tobytes())
                         + chunk(b"tIME", struct.pack(">HBBBBB", 2026, 1, 2, 3, 4, 5))
                         + chunk(b"prIv", b"secret private chunk"))
    data = insert_before(data, b"IEND", chunk(b"tIME", struct.pack(">HBBBBB", 2026, 1, 2, 3, 4, 5))
                         + chunk(b"laTe", b"secret private chunk after the image data"))
    return data + b"<script>secret trailing payload</script>"


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L", "LA", "1"])
def test_clean_png_is_copied_with_only_the_chunks_needed(tmp_path, mode):
    im = picture(216, 216, 1, "RGBA" if mode == "LA" else mode)
    if mode == "LA":
        im = im.convert("LA")
    kw = {"transparency": 0} if mode == "P" else {}
    source = with_metadata(encode(im, **kw))
    info = inspected(tmp_path, source)
    assert info.passthrough and info.size == (216, 216)
    out, size = media.derive(info)
    assert size == (216, 216)
    kinds = [k for k, _, _ in chunks(out)]
    assert set(kinds) <= KEPT and kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert (b"tRNS" in kinds) == (mode == "P")
    assert out.endswith(png.IEND) and b"secret" not in out and b"script" not in out
    original, copied = Image.open(io.BytesIO(source)), Image.open(io.BytesIO(out))
    assert (copied.mode, copied.size) == (original.mode, original.size)
    assert copied.tobytes() == original.tobytes()  # identical pixels
    assert copied.info.get("transparency") == original.info.get("transparency")
    idat = b"".join(source[s:s + n] for k, s, n in chunks(source) if k == b"IDAT")
    assert idat in out  # the image data is copied as it is, not re-encoded


def test_colour_chunks_are_kept_and_sRGB_wins_over_an_icc_profile(tmp_path):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(picture(64, 64, 2), icc_profile=icc)
    source = insert_before(source, b"IDAT", chunk(b"gAMA", struct.pack(">I", 45455)))
    out, _ = media.derive(inspected(tmp_path, source))
    assert [k for k, _, _ in chunks(out)] == [b"IHDR", b"gAMA", b"iCCP", b"IDAT", b"IEND"]
    assert Image.open(io.BytesIO(out)).info["icc_profile"] == icc
    both = insert_before(source, b"IDAT", chunk(b"sRGB", b"\x00"))
    out, _ = media.derive(inspected(tmp_path, both, "both.png"))
    assert [k for k, _, _ in chunks(out)] == [b"IHDR", b"sRGB", b"gAMA", b"IDAT", b"IEND"]
    late_gamma = insert_before(encode(picture(64, 64, 2)), b"IEND", chunk(b"gAMA", struct.pack(">I", 45455)))
    out, _ = media.derive(inspected(tmp_path, late_gamma, "g.png"))
    assert b"gAMA" not in out  # after the image data it means nothing to a decoder


def test_png_with_text_exif_and_trailing_payload_comes_out_clean_at_every_size(tmp_path):
    info = inspected(tmp_path, with_metadata(encode(picture(216, 216, 3, "RGBA"))))
    for size in (None, (90, 90), (48, 48)):
        out, got = media.derive(info, size)
        assert got == (size or (216, 216)) and Image.open(io.BytesIO(out)).size == got
        assert b"secret" not in out and b"script" not in out and out.endswith(png.IEND)
        assert {k for k, _, _ in chunks(out)} <= KEPT


def test_text_after_the_image_data_is_left_to_pillow_as_before(tmp_path):
    data = encode(picture(64, 64, 12))
    late = insert_before(data, b"IEND", chunk(b"tEXt", b"Late\x00secret late text"))
    info = inspected(tmp_path, late)
    assert not info.passthrough  # Pillow reads it on decode only, so it is decoded and Pillow decides
    out, _ = media.derive(info)
    assert b"secret" not in out and Image.open(io.BytesIO(out)).tobytes() == Image.open(io.BytesIO(data)).tobytes()
    bomb = insert_before(data, b"IEND", chunk(b"zTXt", b"Late\x00\x00" + zlib.compress(b"a" * 5_000_000)))
    with pytest.raises(media.ImageProblem, match="cannot be decoded .*MAX_TEXT_CHUNK"):  # refused, as before
        inspected(tmp_path, bomb, "bomb.png")


def test_damaged_idat_checksum_is_refused(tmp_path):
    data = encode(picture(320, 180, 4))
    start, n = next((s, n) for k, s, n in chunks(data) if k == b"IDAT")
    broken = bytearray(data)
    broken[start + n] ^= 0xFF  # first byte of the IDAT's CRC
    with pytest.raises(media.ImageProblem, match=r"cannot be decoded: .*IDAT chunk at byte 33 .*checksum"):
        inspected(tmp_path, bytes(broken))


def test_truncated_image_data_is_refused(tmp_path):
    data = encode(picture(320, 180, 5))
    start, n = next((s, n) for k, s, n in chunks(data) if k == b"IDAT")
    with pytest.raises(media.ImageProblem, match="cannot be decoded"):
        inspected(tmp_path, data[:start + n // 2])
    # the same cut with the chunk rewritten to match: a short zlib stream under a valid CRC
    short = data[:start - 8] + chunk(b"IDAT", data[start:start + n // 2]) + png.IEND
    with pytest.raises(media.ImageProblem, match="cannot be decoded"):
        inspected(tmp_path, short, "short.png")


def test_corrupt_deflate_stream_under_a_valid_checksum_is_refused(tmp_path):
    data = encode(picture(320, 180, 6))
    start, n = next((s, n) for k, s, n in chunks(data) if k == b"IDAT")
    body = bytearray(data[start:start + n])
    for i in range(10, n - 10, max(1, n // 40)):
        body[i] ^= 0x5A
    with pytest.raises(media.ImageProblem, match="cannot be decoded"):
        inspected(tmp_path, data[:start - 8] + chunk(b"IDAT", bytes(body)) + png.IEND)


def test_unknown_row_filter_is_refused_as_pillow_refuses_it(tmp_path):
    w, h = 300, 40
    rows = b"".join(bytes([7 if y == 25 else 0]) + bytes(w * 3) for y in range(h))  # filter types are 0-4
    data = png.SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(rows)) + png.IEND
    assert png.scan(data).why_not == "its image data has an unknown row filter"
    with pytest.raises(media.ImageProblem, match="cannot be decoded"):
        inspected(tmp_path, data)


def test_bytes_inside_idat_after_the_image_data_are_not_passed_through(tmp_path):
    data = encode(picture(64, 64, 7))
    start, n = next((s, n) for k, s, n in chunks(data) if k == b"IDAT")
    padded = data[:start - 8] + chunk(b"IDAT", data[start:start + n] + b"secret hidden after the stream") + png.IEND
    info = inspected(tmp_path, padded)  # Pillow decodes it, so it is usable, but not as it is
    assert not info.passthrough
    out, size = media.derive(info)
    assert size == (64, 64) and b"secret" not in out


@pytest.mark.parametrize("case", ["interlaced", "animated", "16-bit", "turned"])
def test_pngs_that_need_a_decode_are_re_encoded(tmp_path, case):
    im = picture(120, 80, 8)
    if case == "interlaced":
        data = _interlaced(im)
    elif case == "animated":
        b = io.BytesIO()
        im.save(b, "PNG", save_all=True, append_images=[picture(120, 80, 9)])
        data = b.getvalue()
        assert b"acTL" in data
    elif case == "16-bit":
        data = encode(im.convert("I;16"))
    else:
        exif = Image.Exif()
        exif[0x0112] = 6  # turned 90°: shown 80×120
        data = encode(im, exif=exif.tobytes())
    info = inspected(tmp_path, data)
    assert not info.passthrough
    out, size = media.derive(info)
    assert size == ((80, 120) if case == "turned" else (120, 80)) == info.size
    shown = Image.open(io.BytesIO(out))
    assert shown.size == size and shown.mode in ("RGB", "RGBA")
    assert {k for k, _, _ in chunks(out)} <= KEPT and out.endswith(png.IEND)
    if case in ("interlaced", "animated"):
        assert shown.convert("RGB").tobytes() == im.tobytes()  # the first frame, every pixel


def _interlaced(im: Image.Image) -> bytes:
    """An Adam7-interlaced PNG of ``im`` (Pillow does not write them): each pass filtered with type 0."""
    w, h = im.size
    raw = im.tobytes()
    rows = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
                           (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            line = b"".join(raw[(y * w + x) * 3:(y * w + x) * 3 + 3] for x in range(x0, w, dx))
            if line:
                rows += b"\x00" + line
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)
    return png.SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + png.IEND


def test_derived_sizes_fit_and_keep_the_aspect(tmp_path):
    logo = inspected(tmp_path, encode(picture(216, 216, 10, "RGBA")), "logo.png")
    shot = inspected(tmp_path, encode(picture(1280, 720, 11)), "shot.png")
    assert [media.derive(logo, s)[1] for s in ((90, 90), (48, 48))] == [(90, 90), (48, 48)]
    out, size = media.derive(shot, (320, 320))
    assert size == (320, 180) and Image.open(io.BytesIO(out)).size == (320, 180)
    assert Image.open(io.BytesIO(media.derive(logo, (48, 48))[0])).mode == "RGBA"


@pytest.fixture
def decodes(monkeypatch):
    """SHA-256 of the bytes behind every decode: a real Pillow decode (a load() that still has tiles to decode),
    or an unfilter of the rows a scan inflated (marked "rows:")."""
    seen: list[str] = []
    real = ImageFile.ImageFile.load
    real_unfiltered = media._unfiltered

    def unfiltered(im, rows):
        seen.append("rows:" + hashlib.sha256(im.fp.getvalue()).hexdigest())
        return real_unfiltered(im, rows)

    monkeypatch.setattr(media, "_unfiltered", unfiltered)

    def spy(self):
        if self.tile and isinstance(self.fp, io.BytesIO):
            seen.append(hashlib.sha256(self.fp.getvalue()).hexdigest())
        elif self.tile:
            seen.append(f"file:{getattr(self, 'filename', '?')}")
        return real(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return seen


def test_each_picture_is_decoded_at_most_once_in_a_cold_build(site, tmp_path, monkeypatch, decodes):
    from listingpreview.pipeline import build

    monkeypatch.setenv("LISTINGPREVIEW_CACHE_DIR", str(tmp_path / "cold-cache"))
    media.forget()
    cert_images._FACTS.clear()
    folder = site / FAB / "media"
    pictures = {"logo-large.png": picture(216, 216, 20, "RGBA")}
    pictures |= {f"screenshot-{i}.png": picture(1280, 720, 20 + i) for i in (1, 2, 3)}
    digests = {}
    for name, im in pictures.items():
        data = with_metadata(encode(im))
        (folder / name).write_bytes(data)
        digests[hashlib.sha256(data).hexdigest()] = name
    # one screenshot as JPEG bytes under a .png name: decoded in inspect, then shared
    jpeg = io.BytesIO()
    picture(1280, 720, 30).save(jpeg, "JPEG", quality=90)
    (folder / "screenshot-3.png").write_bytes(jpeg.getvalue())
    digests = {d: n for d, n in digests.items() if n != "screenshot-3.png"}
    digests[hashlib.sha256(jpeg.getvalue()).hexdigest()] = "screenshot-3.png"
    build(site, tmp_path / "out")
    ours = Counter(digests[d.removeprefix("rows:")] for d in decodes if d.removeprefix("rows:") in digests)
    assert set(ours) == set(digests.values())  # every picture measured by the certification rules ...
    assert max(ours.values()) == 1, ours  # ... from one decode, shared with the derived logo sizes
    media_out = tmp_path / "out/offers/fabrikam-fieldnotes/media"
    sizes = sorted(Image.open(p).size for p in media_out.glob("*.png"))
    assert (48, 48) in sizes and (90, 90) in sizes and sizes.count((1280, 720)) == 3
    for p in media_out.glob("*.png"):
        assert b"secret" not in p.read_bytes() and p.read_bytes().endswith(png.IEND)


@pytest.mark.parametrize("case", ["RGB", "RGBA", "L", "LA", "RGB+tRNS", "L+tRNS", "RGB+iCCP", "P", "1"])
def test_a_clean_png_is_decoded_from_the_rows_its_scan_inflated(tmp_path, decodes, case):
    """The structure check has inflated the image data already: the decode only unfilters those rows, and gives
    exactly the pixels, mode and info of Pillow's own decode. Palette and 1-bit pictures are decoded by Pillow."""
    mode, _, extra = case.partition("+")
    im = picture(64, 40, 7, "RGBA" if mode == "LA" else mode)
    if mode == "LA":
        im = im.convert("LA")
    kw: dict = {}
    if extra == "tRNS":
        kw["transparency"] = (10, 20, 30) if mode == "RGB" else 10
    if extra == "iCCP":
        from PIL import ImageCms

        kw["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(im, **kw)
    media.forget()
    info = inspected(tmp_path, data)
    assert info.passthrough
    got = media.decoded(info)
    digest = hashlib.sha256(data).hexdigest()
    assert decodes == ([digest] if mode in ("P", "1") else ["rows:" + digest])
    ref = Image.open(io.BytesIO(data))
    ref.load()
    assert (got.mode, got.size, got.tobytes(), got.info) == (ref.mode, ref.size, ref.tobytes(), ref.info)
