"""Hostile images: small files that decode huge, CMYK JPEGs, EXIF orientation, PNG bytes under another name."""

from __future__ import annotations

import io

from PIL import Image

from conftest import edit
from hostile.budget import find, run
from listingpreview import media

FAB = "content/fabrikam-fieldnotes"
SHOT = "media/screenshot-1.png"


def _check_and_build(tmp_path, offer):
    checked = run(tmp_path, "check", str(offer), "--format", "json")
    checked.within_budget()
    built = run(tmp_path, "build", str(offer), "-o", str(tmp_path / "out"), "-q")
    built.within_budget()
    assert built.code == 0, built.output
    return checked.diagnostics(), checked, built


def test_small_png_that_decodes_to_hundreds_of_mib(site, tmp_path):
    offer = site / FAB
    Image.new("P", (8000, 5000)).save(offer / SHOT)  # 40 MP: under the old pixel cap, about 510 MiB in a build
    assert (offer / SHOT).stat().st_size < 200_000
    diags, _, _ = _check_and_build(tmp_path, offer)
    d = find(diags, "LP301", field="media.screenshots[0].file")
    assert "8000×5000" in d["message"] and "152 MiB once decoded" in d["message"] and "at most 32 MiB" in d["message"]


def test_cmyk_jpeg_just_under_the_cap_is_bounded(site, tmp_path):
    offer = site / FAB
    side = int((media.MAX_DECODED_BYTES // 4) ** 0.5)
    Image.new("CMYK", (side, side), (10, 200, 30, 5)).save(offer / "media/cmyk.jpg", "JPEG")
    edit(offer / "offer.toml", f'file = "{SHOT}"', 'file = "media/cmyk.jpg"')
    diags, _, built = _check_and_build(tmp_path, offer)
    d = find(diags, "LP302", field="media.screenshots[0].file")
    assert "JPEG" in d["message"]
    assert list((tmp_path / "out/offers/fabrikam-fieldnotes/media").glob("*.png"))  # decoded, re-encoded, in budget


def test_cmyk_jpeg_over_the_cap_is_refused_before_decoding(site, tmp_path):
    offer = site / FAB
    Image.new("CMYK", (4000, 3000)).save(offer / "media/cmyk.jpg", "JPEG")
    edit(offer / "offer.toml", f'file = "{SHOT}"', 'file = "media/cmyk.jpg"')
    diags, checked, _ = _check_and_build(tmp_path, offer)
    assert "45 MiB once decoded" in find(diags, "LP301", field="media.screenshots[0].file")["message"]
    assert checked.peak_mib < 100


def test_exif_orientation_is_applied_to_the_checked_size(site, tmp_path):
    offer = site / FAB
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": a 1280×720 file displays as 720×1280
    Image.new("RGB", (1280, 720), "navy").save(offer / SHOT, exif=exif.tobytes())
    diags, _, _ = _check_and_build(tmp_path, offer)
    d = find(diags, "LP304", field="media.screenshots[0].file")
    assert "720×1280" in d["message"] and "1280×720" in d["message"]
    sizes = {Image.open(p).size for p in (tmp_path / "out/offers/fabrikam-fieldnotes/media").glob("*.png")}
    assert (720, 1280) in sizes  # the preview shows it as the store would: upright


def test_png_bytes_named_jpg_are_reported(site, tmp_path):
    offer = site / FAB
    (offer / "media/shot.jpg").write_bytes((offer / SHOT).read_bytes())
    edit(offer / "offer.toml", f'file = "{SHOT}"', 'file = "media/shot.jpg"')
    diags, _, _ = _check_and_build(tmp_path, offer)
    d = find(diags, "LP301", field="media.screenshots[0].file")
    assert "PNG bytes" in d["message"] and "'.jpg'" in d["message"] and "rename it to .png" in d["message"]


def test_same_bytes_under_the_right_name_are_fine(site, tmp_path):
    """The name check is not cached with the bytes: a correctly named copy of the same file passes."""
    offer = site / FAB
    buf = io.BytesIO()
    Image.new("RGB", (1280, 720), "teal").save(buf, "PNG")
    (offer / "media/a.jpg").write_bytes(buf.getvalue())
    (offer / SHOT).write_bytes(buf.getvalue())
    edit(offer / "offer.toml", 'file = "media/screenshot-2.png"', 'file = "media/a.jpg"')
    diags, _, _ = _check_and_build(tmp_path, offer)
    assert [d["field"] for d in diags if d["code"] == "LP301"] == ["media.screenshots[1].file"]
