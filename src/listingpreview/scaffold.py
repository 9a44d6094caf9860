"""``listingpreview init``: a new site with one example offer, images drawn with Pillow."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .config import CONFIG_NAME


def draw_logo(path: Path, size: tuple[int, int], colors: tuple[str, str], shape: str = "hex") -> None:
    """A flat, text-free logo (the marketplace's logo guidance: no text, no gradient, not on white)."""
    w, h = size
    im = Image.new("RGBA", (w, h), colors[0])
    d = ImageDraw.Draw(im)
    cx, cy, r = w / 2, h / 2, min(w, h) * 0.32
    if shape == "hex":
        pts = [(cx + r * math.cos(math.pi / 3 * k + math.pi / 6), cy + r * math.sin(math.pi / 3 * k + math.pi / 6))
               for k in range(6)]
        d.polygon(pts, fill=colors[1])
        d.ellipse([cx - r / 2.6, cy - r / 2.6, cx + r / 2.6, cy + r / 2.6], fill=colors[0])
    elif shape == "leaf":
        d.ellipse([cx - r, cy - r * 0.6, cx + r, cy + r * 0.6], fill=colors[1])
        d.line([cx - r, cy + r * 0.4, cx + r * 0.8, cy - r * 0.3], fill=colors[0], width=max(1, int(r / 6)))
    else:
        d.rounded_rectangle([cx - r, cy - r, cx + r, cy + r], radius=max(1, int(r / 3)), fill=colors[1])
        d.rectangle([cx - r / 3, cy - r * 0.7, cx + r / 3, cy + r * 0.7], fill=colors[0])
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, format="PNG")


def draw_screenshot(path: Path, title: str, accent: str, size: tuple[int, int] = (1280, 720), rows: int = 6) -> None:
    """A 1280×720 mock of an app screen: header, side bar, a chart and a table."""
    w, h = size
    im = Image.new("RGB", (w, h), "#faf9f8")
    d = ImageDraw.Draw(im)
    font = ImageFont.load_default(size=28)
    small = ImageFont.load_default(size=18)
    d.rectangle([0, 0, w, 64], fill=accent)
    d.text((24, 16), title, fill="white", font=font)
    d.rectangle([0, 64, 220, h], fill="#f3f2f1")
    for i, item in enumerate(("Overview", "Activity", "Reports", "Settings")):
        d.text((24, 96 + i * 44), item, fill="#323130", font=small)
    d.rectangle([250, 90, w - 30, 380], outline="#edebe9", fill="white")
    bars = [0.35, 0.6, 0.45, 0.8, 0.7, 0.9, 0.55, 0.75]
    for i, v in enumerate(bars):
        x = 290 + i * 110
        d.rectangle([x, 360 - v * 240, x + 60, 360], fill=accent)
    d.rectangle([250, 400, w - 30, h - 30], outline="#edebe9", fill="white")
    for i in range(rows):
        y = 420 + i * 44
        d.text((270, y), f"Item {i + 1:02d}", fill="#323130", font=small)
        d.rectangle([600, y + 6, 600 + (i * 97 % 400) + 80, y + 22], fill="#deecf9")
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, format="PNG")


_OFFER = '''\
# The offer: see the README for every key. Paths are relative to this folder.
[offer]
id = "contoso-notes"
alias = "Contoso Notes"
type = "saas"
publisher = "Contoso"
publisher_id = "contoso"

[setup]
sell_through_microsoft = false
listing_option = "contact-me"
lead_destination = "https-endpoint"
lead_contact_email = "leads@contoso.com"

[properties]
categories = ["Productivity"]
standard_contract = true

[listing]
name = "Contoso Notes"
search_results_summary = "Shared meeting notes that turn into tasks in Microsoft Teams."
privacy_policy_link = "https://www.contoso.com/privacy"
keywords = ["notes", "meetings"]

[[listing.useful_links]]
title = "Documentation"
url = "https://docs.contoso.com/notes"

[listing.support_contact]
name = "Contoso Support"
email = "support@contoso.com"
phone = "+1 425 555 0100"
url = "https://support.contoso.com"

[listing.engineering_contact]
name = "Contoso Engineering"
email = "engineering@contoso.com"
phone = "+1 425 555 0101"

[media]
large_logo = "media/logo-large.png"

[[media.screenshots]]
file = "media/screenshot-1.png"
caption = "Notes from a meeting, with tasks assigned to attendees."
'''

_DESCRIPTION = '''\
Contoso Notes keeps the notes of every meeting in one place and turns decisions into tasks.

## What you get

- **Shared notes** that everyone in the meeting can edit
- **Tasks** assigned from a note, tracked until done
- *Search* across every meeting of your team

Select **Contact me** and we will set up a trial for your team.
'''

_CONFIG = '''\
[site]
title = "Marketplace listing preview"
edition = "latest"   # "latest" or "2020": which Partner Center rules apply
'''


def init_site(target: Path) -> list[Path]:
    """Create a site in ``target`` (which must be empty or absent); returns the files written.

    Raises FileExistsError when ``target`` holds files already.
    """
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    offer = target / "content" / "contoso-notes"
    files = {
        target / CONFIG_NAME: _CONFIG,
        offer / "offer.toml": _OFFER,
        offer / "description.md": _DESCRIPTION,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    draw_logo(offer / "media" / "logo-large.png", (300, 300), ("#0f6cbd", "#ffb900"), "square")
    draw_screenshot(offer / "media" / "screenshot-1.png", "Contoso Notes", "#0f6cbd")
    return sorted(list(files) + [offer / "media" / "logo-large.png", offer / "media" / "screenshot-1.png"])
