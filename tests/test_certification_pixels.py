"""Certification lint on real pixels: logos and screenshots drawn with Pillow, checked through check_site."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from conftest import diagnostics

FAB = "content/fabrikam-fieldnotes"


def codes(site: Path, prefix: str = "LP93") -> list[tuple[str, str]]:
    return sorted((d.code, d.field) for d in diagnostics(site) if d.code.startswith(prefix))


def logo(path: Path, size=(300, 300), background=(0, 120, 90, 255), fill=(255, 185, 0, 255), box=None) -> None:
    """A flat logo: a filled circle (or the ellipse in ``box``) on ``background``."""
    im = Image.new("RGBA", size, background)
    d = ImageDraw.Draw(im)
    w, h = size
    d.ellipse(box or (w * 0.2, h * 0.2, w * 0.8, h * 0.8), fill=fill)
    d.rectangle((w * 0.42, h * 0.1, w * 0.58, h * 0.9), fill=fill)
    im.save(path)


def gradient_logo(path: Path, size=(300, 300)) -> None:
    im = Image.new("RGBA", size)
    px = im.load()
    for y in range(size[1]):
        for x in range(size[0]):
            px[x, y] = (40 + x * 150 // size[0], 60, 200 - y * 120 // size[1], 255)
    ImageDraw.Draw(im).ellipse((90, 90, 210, 210), fill=(255, 200, 0, 255))
    im.save(path)


def screenshot(path: Path, title: str, bars: list[int], accent=(16, 124, 16)) -> None:
    """A product-like screen: header, side navigation, a bar chart and a table."""
    im = Image.new("RGB", (1280, 720), (248, 248, 246))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, 1280, 64), fill=accent)
    d.text((24, 20), title, fill="white")
    d.rectangle((0, 64, 220, 720), fill=(240, 240, 238))
    for i, h in enumerate(bars):
        d.rectangle((290 + i * 110, 360 - h, 350 + i * 110, 360), fill=accent)
    for i in range(5):
        d.text((270, 420 + i * 44), f"Row {i} of {title}", fill=(40, 40, 40))
    im.save(path)


def test_sample_logos_and_screenshots_pass(site):
    assert codes(site) == []


def test_white_and_black_backgrounds(site):
    logo(site / FAB / "media/logo-large.png", background=(255, 255, 255, 255))
    assert codes(site) == [("LP930", "media.large_logo")]
    logo(site / FAB / "media/logo-large.png", background=(0, 0, 0, 255))
    d = [x for x in diagnostics(site) if x.code == "LP930"]
    assert len(d) == 1 and "black background" in d[0].message and d[0].severity == "warning"
    logo(site / FAB / "media/logo-large.png", background=(245, 245, 245, 255))  # off-white is white to the eye
    assert codes(site) == [("LP930", "media.large_logo")]


def test_a_brand_colour_background_passes(site):
    logo(site / FAB / "media/logo-large.png", background=(200, 40, 40, 255), fill=(255, 255, 255, 255))
    assert codes(site) == []


def test_gradient_background(site):
    gradient_logo(site / FAB / "media/logo-large.png")
    assert codes(site) == [("LP931", "media.large_logo")]


def test_transparent_logo_in_white_black_or_blue(site):
    for colour in ((255, 255, 255, 255), (10, 10, 10, 255), (0, 120, 212, 255)):
        logo(site / FAB / "media/logo-large.png", background=(0, 0, 0, 0), fill=colour)
        assert codes(site) == [("LP932", "media.large_logo")], colour
    logo(site / FAB / "media/logo-large.png", background=(0, 0, 0, 0), fill=(230, 110, 20, 255))  # orange
    assert codes(site) == []


def test_stretched_medium_logo(site):
    offer = site / FAB / "offer.toml"
    large = 'large_logo = "media/logo-large.png"'
    offer.write_text(offer.read_text().replace(large, large + '\nmedium_logo = "media/logo-90.png"'))
    logo(site / FAB / "media/logo-large.png", background=(0, 0, 0, 0), fill=(230, 110, 20, 255))
    # the same artwork, squeezed sideways into the 90×90 canvas
    logo(site / FAB / "media/logo-90.png", (90, 90), background=(0, 0, 0, 0), fill=(230, 110, 20, 255),
         box=(27, 5, 63, 85))
    d = [x for x in diagnostics(site) if x.code == "LP933"]
    assert [(x.field) for x in d] == ["media.medium_logo"], [x.text() for x in d]
    assert "stretched" in d[0].message
    logo(site / FAB / "media/logo-90.png", (90, 90), background=(0, 0, 0, 0), fill=(230, 110, 20, 255))
    assert codes(site, "LP933") == []


def test_blank_screenshot(site):
    Image.new("RGB", (1280, 720), (250, 250, 250)).save(site / FAB / "media/screenshot-3.png")
    assert codes(site) == [("LP934", "media.screenshots[2].file")]


def test_duplicate_screenshot_by_content_not_by_bytes(site):
    media = site / FAB / "media"
    with Image.open(media / "screenshot-1.png") as im:
        im.convert("RGB").save(media / "screenshot-3.png", compress_level=1)  # same pixels, other bytes
    assert (media / "screenshot-1.png").read_bytes() != (media / "screenshot-3.png").read_bytes()
    assert codes(site) == [("LP935", "media.screenshots[2].file")]


def test_similar_screens_with_other_data_pass_but_a_retouched_copy_does_not(site):
    media = site / FAB / "media"
    screenshot(media / "screenshot-1.png", "Inspections", [80, 140, 110, 190, 170])
    screenshot(media / "screenshot-2.png", "Inspections", [40, 90, 160, 120, 60])  # same layout, other data
    screenshot(media / "screenshot-3.png", "Reports", [30, 60, 90, 120, 150])
    assert codes(site) == []
    screenshot(media / "screenshot-2.png", "Inspections", [80, 140, 110, 190, 175])  # one bar 5 px taller
    assert codes(site) == [("LP935", "media.screenshots[1].file")]


def test_logo_used_as_screenshot(site):
    media = site / FAB / "media"
    with Image.open(media / "logo-large.png") as lg:
        canvas = Image.new("RGBA", (1280, 720), (255, 255, 255, 255))
        canvas.alpha_composite(lg.convert("RGBA").resize((400, 400)), (440, 160))
        canvas.convert("RGB").save(media / "screenshot-2.png")
    assert codes(site) == [("LP936", "media.screenshots[1].file")]


def test_every_pixel_rule_can_be_switched_off(site):
    Image.new("RGB", (1280, 720), (250, 250, 250)).save(site / FAB / "media/screenshot-3.png")
    (site / "listingpreview.toml").write_text((site / "listingpreview.toml").read_text()
                                              + '\n[severity]\nLP934 = "off"\n')
    assert codes(site) == []
    (site / "listingpreview.toml").write_text((site / "listingpreview.toml").read_text()
                                              .replace('LP934 = "off"', 'LP934 = "error"'))
    assert [d.severity for d in diagnostics(site) if d.code == "LP934"] == ["error"]


def test_measurements_in_c_equal_the_pixel_loops(tmp_path):
    """The edge-gradient test and the thumbnail distance run on whole rows in Pillow; they must give exactly what
    the plain pixel-by-pixel definitions give, on drawn gradients, flat logos, screenshots and noise."""
    import random

    from listingpreview.rules.certification import images as ci

    rng = random.Random(5)
    pictures = []
    for i, size in enumerate([(300, 300), (216, 216), (48, 48), (90, 90), (16, 4), (3, 40), (2, 2)]):
        gradient_logo(tmp_path / f"g{i}.png", size=size)
        logo(tmp_path / f"l{i}.png", size=size)
        pictures += [Image.open(tmp_path / f"g{i}.png"), Image.open(tmp_path / f"l{i}.png")]
    screenshot(tmp_path / "s.png", "Dashboard", [3, 5, 2])
    pictures.append(Image.open(tmp_path / "s.png"))
    noise = Image.new("RGBA", (120, 80))
    noise.putdata([tuple(rng.randrange(256) for _ in range(4)) for _ in range(120 * 80)])
    pictures.append(noise)
    for p in [p.convert("RGBA") for p in pictures] + [p.convert("RGBA").resize((400, 225)) for p in pictures]:
        assert ci._is_gradient(p) == ci._is_gradient_line(ci._perimeter(p)), p.size
    assert any(ci._is_gradient(p.convert("RGBA")) for p in pictures)  # the drawn gradients are gradients
    for _ in range(50):
        a, b = (bytes(rng.randrange(256) for _ in range(24 * 24 * 3)) for _ in range(2))
        assert ci._distance(a, b) == sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)
