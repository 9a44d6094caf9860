"""PNG structure, read without decoding the pixels: is a PNG clean enough to be shown as it is?

:func:`scan` walks the chunks of a PNG (lengths, CRCs, order), checks the header (IHDR) and inflates the
image data (IDAT) completely, to the exact size the header implies, with a valid filter byte on every row.
That is all a browser needs to draw the file the way it is, and it costs a fraction of a full decode
(no unfiltering, no copy into an image). It inflates with zlib-ng, which copies the short repeats of PNG
rows (a match 3 or 4 bytes back) in wide blocks where zlib copies byte by byte: a 1280×720 screenshot of flat
colours inflates in about 0.2 ms instead of 5.5 ms, against 7.5 ms for Pillow's whole decode.

:func:`clean` then writes the same PNG with only the chunks needed to show it, copied byte for byte:

- kept: IHDR, PLTE, tRNS, IDAT (all of them, as they are), a fresh IEND; and the colour chunks sRGB, gAMA,
  cHRM and iCCP (placed before PLTE and IDAT as the PNG specification requires), because browsers use them
  to show the colours the author meant: dropping the Display P3 profile of a wide-gamut screenshot (the
  default on recent Macs) would show it washed out. Their content is fixed-size numbers (sRGB 1 byte, gAMA
  4, cHRM 32) or an ICC profile, which is kept only when it inflates to the size its own header declares,
  at most :data:`MAX_ICC_BYTES`, and when no sRGB chunk says the same thing; Pillow's re-encode keeps the
  ICC profile too, so both paths show the same colours.
- dropped: every other chunk (text tEXt/zTXt/iTXt, eXIf, tIME, pHYs, bKGD, sBIT, hIST, sPLT, and unknown or
  private chunks), an ancillary chunk whose CRC does not match (as libpng does), and every byte after IEND.

A PNG is not shown as it is (:attr:`Scan.why_not` says why; the caller decodes and re-encodes it with
Pillow, which decides whether it can be used at all) when it is interlaced (Adam7 rows need a decode to
check; progressive display buys nothing in a preview), has a chunk after its image data that Pillow reads
on decode (text, EXIF, colour: Pillow may refuse it, and it must keep deciding), is animated
(acTL/fcTL/fdAT: the store shows a still picture), has 16 bits a channel, carries an EXIF or XMP
orientation that turns it, has an unknown critical chunk, chunks out of order, bytes the image data does
not use, or anything truncated or malformed.

Damage that Pillow would let through but a browser would not: an IDAT chunk whose CRC does not match its
data raises :class:`Damaged` (libpng refuses a critical chunk with a bad CRC).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import cast

from PIL import PngImagePlugin
from zlib_ng import zlib_ng as zlib  # the zlib API; inflates PNG image data many times faster (see scan)

ZlibError = cast(type[Exception], zlib.error)  # zlib-ng's own class (its type stub calls it an instance)

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IEND = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
COLOUR_CHUNKS = (b"sRGB", b"gAMA", b"cHRM", b"iCCP")  # written in this order, before PLTE
_COLOUR_LENGTH = {b"sRGB": 1, b"gAMA": 4, b"cHRM": 32}
MAX_ICC_BYTES = 1024 * 1024  # an ICC profile larger than this is dropped (display profiles are a few KiB)
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples a pixel
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ANIMATION = (b"acTL", b"fcTL", b"fdAT")
_XMP = b"XML:com.adobe.xmp\x00"
# Chunks Pillow reads (and may refuse: an oversized zTXt, a short gAMA...) when they follow the image data: it
# reads them only on decode, so a PNG with one there is decoded, and Pillow decides, exactly as before.
_READ_ON_DECODE = {n[6:].encode() for n in dir(PngImagePlugin.PngStream) if n.startswith("chunk_")} - {b"IDAT", b"IEND"}


class Damaged(Exception):
    """A PNG whose image data is damaged; ``str()`` says where, in words for the publisher."""


@dataclass(frozen=True)
class Scan:
    """What :func:`scan` found. ``why_not`` is '' when :func:`clean` may copy the PNG as it is."""

    width: int
    height: int
    bit_depth: int
    colour_type: int
    why_not: str
    rows: bytes | None = None  # the inflated image data (filtered rows), when asked for and clean


def _chunks(data: bytes):
    """(type, data start, data end, CRC matches) of every chunk up to IEND; stops early on a truncated chunk."""
    pos = len(SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4:pos + 8]
        start, end = pos + 8, pos + 8 + length
        if length > 0x7FFFFFFF or end + 4 > len(data):
            return
        (crc,) = struct.unpack_from(">I", data, end)
        yield kind, start, end, zlib.crc32(memoryview(data)[pos + 4:end]) == crc
        if kind == b"IEND":
            return
        pos = end + 4


def _critical(kind: bytes) -> bool:
    return not kind[0] & 0x20  # an upper-case first letter


def _raw_size(width: int, height: int, depth: int, colour: int) -> tuple[int, int]:
    """(bytes a row including its filter byte, bytes of the whole non-interlaced image once inflated)."""
    row = 1 + (width * _CHANNELS[colour] * depth + 7) // 8
    return row, row * height


def _turned_by_exif(payload: bytes) -> bool:
    from PIL import Image

    try:
        exif = Image.Exif()
        exif.load(payload)
        return exif.get(0x0112, 1) not in (1, None)
    except Exception:  # a broken EXIF block is ignored, as browsers and the re-encode path ignore it
        return False


def _xmp_orientation(payload: bytes) -> bool:
    """True when an XMP iTXt chunk may say how to turn the image (Pillow reads tiff:Orientation from XMP)."""
    rest = payload[len(_XMP):]
    if len(rest) < 2:
        return False
    compressed = rest[0] == 1
    # skip language tag and translated keyword (two NUL-terminated strings) after flag and method
    parts = rest[2:].split(b"\x00", 2)
    if len(parts) < 3:
        return False
    text = parts[2]
    if compressed:
        try:
            d = zlib.decompressobj()
            text = d.decompress(text, MAX_ICC_BYTES)
        except ZlibError:
            return True  # unreadable: let Pillow decide
    return b"Orientation" in text


def _icc_ok(payload: bytes) -> bool:
    """A profile name (1–79 bytes), NUL, method 0, and a zlib stream inflating to the size the profile declares."""
    name, sep, rest = payload.partition(b"\x00")
    if not sep or not 1 <= len(name) <= 79 or not rest or rest[0] != 0:
        return False
    try:
        d = zlib.decompressobj()
        profile = d.decompress(rest[1:], MAX_ICC_BYTES + 1)
    except ZlibError:
        return False
    if not d.eof or d.unused_data or len(profile) > MAX_ICC_BYTES or len(profile) < 128:
        return False
    return struct.unpack_from(">I", profile, 0)[0] == len(profile)


def scan(data: bytes, keep_rows: bool = False) -> Scan:
    """Walk the PNG ``data`` (bytes of a whole file) and inflate its image data; see the module docstring.

    Returns a :class:`Scan` (``why_not`` empty when the PNG can be copied by :func:`clean`); with ``keep_rows``,
    a clean scan also carries the inflated rows (:attr:`Scan.rows`), so that a decode does not inflate them
    again (:func:`listingpreview.media.decoded`). Raises
    :class:`Damaged` when an IDAT chunk's CRC does not match, and ValueError when ``data`` has no PNG
    signature and IHDR (the caller has opened it with Pillow first, so that does not happen in practice).
    Memory: the inflated image data, at most the header's rows × row bytes (the caller bounds that first);
    kept only with ``keep_rows``.
    """
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    if data[12:16] != b"IHDR" or data[8:12] != b"\x00\x00\x00\x0d" or len(data) < 33:
        return Scan(0, 0, 0, 0, "it does not start with a 13-byte header (IHDR)")
    width, height, depth, colour, compression, filtering, interlace = struct.unpack_from(">IIBBBBB", data, 16)

    def result(why: str, rows: bytes | None = None) -> Scan:
        return Scan(width, height, depth, colour, why, rows)

    if colour not in _DEPTHS or depth not in _DEPTHS[colour] or compression or filtering or not width or not height:
        return result("its header (IHDR) is not a valid PNG header")
    if interlace:
        return result("it is interlaced")
    if depth > 8:
        return result("it has 16 bits a channel")
    idat: list[memoryview] = []
    seen: set[bytes] = set()
    ended = palette = False
    last = b"IHDR"
    view = memoryview(data)
    for kind, start, end, crc_ok in _chunks(data):
        if idat and kind in _READ_ON_DECODE:
            return result(f"Pillow reads its {kind.decode('latin-1')} chunk after the image data only when decoding")
        if kind == b"IDAT":
            if not crc_ok:
                raise Damaged(f"its image data is damaged: the IDAT chunk at byte {start - 8} does not match its "
                              "checksum (CRC); export the image again")
            if idat and last != b"IDAT":
                return result("its image data (IDAT) is split by other chunks")
            idat.append(view[start:end])
        elif kind == b"IEND":
            ended = True
        elif kind == b"PLTE":
            n = end - start
            most = 2 ** depth if colour == 3 else 256
            if not crc_ok or idat or palette or n % 3 or not 1 <= n // 3 <= most:
                return result("its palette (PLTE) is misplaced or malformed")
            if colour in (0, 4):
                return result("it has a palette its colour type does not allow")
            palette = True
        elif kind == b"tRNS":
            n = end - start
            if not crc_ok or idat or colour in (4, 6) or (colour == 3 and not palette):
                return result("its transparency (tRNS) is misplaced or malformed")
            if (colour == 0 and n != 2) or (colour == 2 and n != 6) or (colour == 3 and n > 256):
                return result("its transparency (tRNS) has the wrong length")
        elif kind in _ANIMATION:
            return result("it is animated (APNG)")
        elif kind == b"eXIf" and crc_ok and _turned_by_exif(bytes(view[start:end])):
            return result("its EXIF orientation turns it")
        elif kind == b"iTXt" and crc_ok and data.startswith(_XMP, start) and _xmp_orientation(bytes(view[start:end])):
            return result("its XMP metadata may turn it")
        elif _critical(kind) and kind != b"IHDR":
            return result(f"it has an unknown critical chunk ({kind.decode('latin-1')!r})")
        elif kind == b"IHDR" and (start != 16 or b"IHDR" in seen):
            return result("it has a second header (IHDR)")
        seen.add(kind)
        last = kind
    if colour == 3 and not palette:
        return result("it has no palette (PLTE)")
    if not idat:
        return result("it has no image data (IDAT)")
    if not ended:
        return result("it ends before its IEND chunk")
    row, size = _raw_size(width, height, depth, colour)
    kept: list[bytes] | None = [] if keep_rows else None
    try:
        why = _inflate(idat, row, size, kept)
        return result(why, b"".join(kept) if kept is not None and not why else None)
    except ZlibError:
        return result("its image data does not inflate")


PIECE = 16 * 1024  # compressed bytes inflated at a time: at most about 16 MiB out (deflate's ratio is ≤ 1032)


def _inflate(parts: list[memoryview], row: int, size: int, kept: list[bytes] | None = None) -> str:
    """Inflate the image data piece by piece (appending the pieces to ``kept`` when given, else not keeping
    them): '' when it is one zlib stream of exactly ``size`` bytes with nothing after it and a filter type
    (0–4) at the start of every ``row``; else why not. Raises ZlibError on a corrupt stream."""
    d = zlib.decompressobj()
    total = 0
    for part in parts:
        for i in range(0, len(part), PIECE):
            out = d.decompress(part[i:i + PIECE])
            if out and max(out[(-total) % row::row], default=0) > 4:
                return "its image data has an unknown row filter"
            total += len(out)
            if kept is not None:
                kept.append(out)
            if total > size:
                return "its image data is larger than its header says"
    if not d.eof or d.unused_data or total != size:
        return "its image data is not exactly the size its header says"
    return ""


def clean(data: bytes) -> bytes:
    """The PNG ``data`` with only the chunks needed to show it, copied as they are, then IEND; see the module docstring.

    Call only on bytes :func:`scan` found clean (``why_not`` empty): chunks are not checked again beyond
    their CRC. Raises ValueError on bytes that are not a PNG.
    """
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG")
    view = memoryview(data)
    head: list[bytes] = []
    colour: dict[bytes, bytes] = {}
    body: list[bytes] = []
    for kind, start, end, crc_ok in _chunks(data):
        whole = bytes(view[start - 8:end + 4])
        if kind == b"IHDR":
            head.append(whole)
        elif kind in COLOUR_CHUNKS:
            if crc_ok and kind not in colour and not body and _colour_ok(kind, bytes(view[start:end])):
                colour[kind] = whole
        elif kind in (b"PLTE", b"tRNS", b"IDAT"):
            body.append(whole)
    if b"sRGB" in colour:
        colour.pop(b"iCCP", None)  # the PNG specification: not both
    return SIGNATURE + b"".join(head) + b"".join(colour[k] for k in COLOUR_CHUNKS if k in colour) \
        + b"".join(body) + IEND


def _colour_ok(kind: bytes, payload: bytes) -> bool:
    if kind == b"iCCP":
        return _icc_ok(payload)
    return len(payload) == _COLOUR_LENGTH[kind]
