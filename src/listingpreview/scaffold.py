"""``listingpreview init``: a new site with one example offer, images drawn with Pillow."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .config import CONFIG_NAME
from .names import APPSOURCE, OFFER_TYPES
from .rules.limits import lookup


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


def draw_document(path: Path, title: str, paragraphs: list[str], accent: str = "#0f6cbd") -> None:
    """A one-page PDF (US Letter, 100 dpi) with a title and paragraphs: a supporting document's stand-in.

    Pillow writes the PDF, so the file is a real one (``%PDF-`` header, cross-reference table, one page).
    """
    import textwrap

    w, h = 850, 1100
    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w, 12], fill=accent)
    d.text((72, 72), title, fill="#201f1e", font=ImageFont.load_default(size=30))
    body = ImageFont.load_default(size=17)
    y = 140
    for para in paragraphs:
        for line in textwrap.wrap(para, 76):
            d.text((72, y), line, fill="#323130", font=body)
            y += 26
        y += 16
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, format="PDF", resolution=100.0, title=title, author="Contoso")


class ScaffoldError(Exception):
    """``init`` would overwrite something: the message says what and what to do instead."""


PUBLISHER = {"publisher": "Contoso", "publisher_id": "contoso"}
SCHEMA_DIR = ".listingpreview"  # the site's copy of the JSON Schemas, named by each file's #:schema line

_CONTACTS = {
    "support_contact": {"name": "Contoso Support", "email": "support@contoso.com", "phone": "+1 425 555 0100",
                        "url": "https://support.contoso.com"},
    "engineering_contact": {"name": "Contoso Engineering", "email": "engineering@contoso.com",
                            "phone": "+1 425 555 0101"},
}
_TENANT = "3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
_AUDIENCE = ["6b4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"]


def offer_files(offer_type: str) -> tuple[dict, dict[str, dict], str]:
    """The example offer of ``offer_type``: (offer.toml data, {plan file name: plan data}, description Markdown).

    Raises KeyError for an unknown offer type.
    """
    t = OFFER_TYPES[offer_type]
    appsource = t.store == APPSOURCE
    slug = offer_id(offer_type)
    name = f"Contoso Notes for {t.label}" if len(t.label) < 30 else "Contoso Notes"
    offer: dict[str, Any] = {
        "offer": {"id": slug, "alias": name, "type": offer_type, **PUBLISHER},
        "setup": {"listing_option": "contact-me", "lead_destination": "https-endpoint",
                  "lead_contact_email": "leads@contoso.com"},
        "properties": {"categories": ["Productivity"] if appsource else ["IT & Management Tools"],
                       "standard_contract": True},
        "listing": {
            "name": name,
            "search_results_summary": "Shared meeting notes that turn into tasks your team can track.",
            "short_description": "Contoso Notes keeps the notes of every meeting in one place and turns "
                                 "decisions into tasks.",
            "privacy_policy_link": "https://www.contoso.com/privacy",
            "keywords": ["notes", "meetings"],
            "useful_links": [{"title": "Documentation", "url": "https://docs.contoso.com/notes"}],
            **_CONTACTS,
        },
        "media": {"large_logo": "media/logo-large.png",
                  "screenshots": [{"file": "media/screenshot-1.png",
                                   "caption": "Notes from a meeting, with tasks assigned to attendees."}]},
    }
    if appsource:
        offer["properties"]["industries"] = ["Professional Services"]
    if offer_type in _GET_IT_NOW:
        offer["setup"] = {"listing_option": "get-it-now", "offer_url": "https://notes.contoso.com/get"}
    shots = lookup("screenshots", offer_type, "latest")
    need = max(1, _min(shots.value) if shots else 1)
    offer["media"]["screenshots"] = [
        {"file": f"media/screenshot-{i}.png", "caption": caption} for i, caption in enumerate(_CAPTIONS[:need], 1)]
    audience = lookup("preview_audience", offer_type, "latest")
    emails = bool(audience and isinstance(audience.value, tuple) and "email" in audience.value)
    preview = {"audience": ["preview@contoso.com"] if emails else _AUDIENCE}
    plans: dict[str, dict] = {}
    plan: dict[str, Any] = {"plan": {"id": "standard", "name": "Standard",
                     "summary": "Notes and tasks for one team.",
                     "description": "Shared notes, tasks and search for every meeting of one team."},
            "pricing": {"model": "byol"}}
    if offer_type == "saas":
        offer["setup"] = {"sell_through_microsoft": True, "lead_destination": "https-endpoint",
                          "lead_contact_email": "leads@contoso.com"}
        offer["technical_configuration"] = {
            "landing_page_url": "https://notes.contoso.com/marketplace/landing",
            "connection_webhook_url": "https://notes.contoso.com/marketplace/webhook",
            "azure_ad_tenant_id": _TENANT, "azure_ad_app_id": "7d1c2b3a-4e5f-4a6b-9c8d-0e1f2a3b4c5d"}
        offer["preview"] = preview
        offer["listing"]["getting_started_instructions"] = (
            "Sign in with your work account on the landing page; your team's notebook is ready at once.")
        plan["pricing"] = {"model": "flat-rate", "billing_terms": [{"term": "1-month", "payment": "upfront",
                                                                     "price": 49.0}]}
        plans["standard.toml"] = plan
    elif offer_type == "managed-service":
        offer["setup"] = {"lead_destination": "https-endpoint", "lead_contact_email": "leads@contoso.com"}
        offer["properties"] = {"categories": ["IT & Management Tools"],
                               "terms_of_use_url": "https://www.contoso.com/legal/managed-services-terms"}
        offer["preview"] = preview
        plan["technical_configuration"] = {
            "manifest_version": "1.0.0", "tenant_id": _TENANT,
            "authorizations": [
                {"principal_id": "a1b2c3d4-e5f6-4789-9abc-def012345678", "display_name": "Contoso operators",
                 "role": "Reader"},
                {"principal_id": "c3d4e5f6-a7b8-4901-9cde-f01234567890", "display_name": "Contoso delegation admins",
                 "role": "Managed Services Registration Assignment Delete Role"}]}
        plans["standard.toml"] = plan
    elif t.has_plans:
        offer["preview"] = preview
        if offer_type == "azure-application":
            plan["plan"]["subtype"] = "solution-template"
            plan["pricing"] = {"model": "free"}
        plans["standard.toml"] = plan
    if offer_type == "consulting-service":
        # The name has the form 'Name: Duration + type' and the summary says more than the name (LP125, LP920).
        offer["listing"]["name"] = offer["offer"]["alias"] = "Contoso Notes: 2-Day Workshop"
        offer["listing"]["search_results_summary"] = ("A two-day workshop that sets up shared meeting notes and "
                                                      "task tracking for your team.")
        offer["consulting"] = {"service_type": "workshop", "duration": 2, "duration_unit": "days"}
    if lookup("help_link", offer_type, "latest"):
        offer["listing"]["help_link"] = "https://docs.contoso.com/notes/help"  # not the support URL (LP119)
    if lookup("products", offer_type, "latest"):
        offer["listing"]["products"] = [_PRODUCTS[offer_type]]
    if lookup("iot_links", offer_type, "latest"):
        offer["listing"]["device_catalog_link"] = _DEVICE_CATALOG_LINK
    docs = lookup("supporting_documents", offer_type, "latest")
    if docs and docs.value[0] >= 1:
        offer["listing"]["supporting_documents"] = [{"name": "Contoso Notes product overview", "file": DOCUMENT}]
    return offer, plans, _consulting_description() if offer_type == "consulting-service" else _description(offer)


def offer_id(offer_type: str) -> str:
    """The example's offer ID: ``contoso-<type>``, shortened where offer ID + publisher ID must stay under a limit
    (Dynamics 365 Business Central: under 40 characters, rule LP102)."""
    oid = f"contoso-{offer_type}"
    lim = lookup("offer_plus_publisher_id", offer_type, "latest")
    if lim and len(oid) + len(PUBLISHER["publisher_id"]) >= lim.value:
        oid = "contoso-" + offer_type.removeprefix("dynamics-365-")
    return oid


# Offer types whose only listing-only call to action is Get it now (rule LP123 lists what each type can have).
_GET_IT_NOW = ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module", "power-bi-app",
               "power-bi-visual")
_CAPTIONS = ("Notes from a meeting, with tasks assigned to attendees.",
             "Tasks from every meeting of the team, tracked until done.",
             "Search across the notes of every meeting.",
             "Sharing a notebook with a guest.", "Settings of a team's notebook.")


def _min(value) -> int:
    return value[0] if isinstance(value, tuple) and value and isinstance(value[0], int) else 1


def screenshot_size(offer_type: str) -> tuple[int, int]:
    """The screenshot size of the type's latest rule (the smallest allowed when it is a range)."""
    lim = lookup("screenshot_size", offer_type, "latest")
    v = lim.value if lim else (1280, 720)
    return (v[0], v[1]) if isinstance(v, tuple) and len(v) >= 2 else (1280, 720)


_DESCRIPTION = '''\
Every meeting of your team gets one shared notebook: what was said, what was decided and who does what next.

## What you get

- **Shared notes** that everyone in the meeting can edit
- **Tasks** assigned from a note, tracked until done
- *Search* across every meeting of your team

{cta}
'''
# The closing line names the button the listing shows (cta.calls_to_action): Contact me where the example's
# listing option is Contact me or the type has no other button, Get it now everywhere else.
_CTA_LINE = {"Contact me": "Select **Contact me** and we will set up a trial for your team.",
             "Get it now": "Select **Get it now** to get started: your team's notebook is ready in minutes."}


def _description(offer: dict) -> str:
    contact = offer["setup"].get("listing_option") == "contact-me" or offer["offer"]["type"] == "cosell-only"
    return _DESCRIPTION.format(cta=_CTA_LINE["Contact me" if contact else "Get it now"])


def _consulting_description() -> str:
    return '''\
In two days, Contoso consultants set up shared meeting notes for your team and connect them to the tools you
already use.

## What you get

- **Day 1**: a notebook for every recurring meeting, with templates for agendas and decisions
- **Day 2**: tasks from notes in your task tracker, and a session on search and sharing for the whole team

Select **Contact me** and we will agree on dates with you.

This service is available in English.
'''


# Dynamics 365: the product the example app works with (listing.products, at most three).
_PRODUCTS = {"dynamics-365-business-central": "Dynamics 365 Business Central",
             "dynamics-365-dataverse": "Dynamics 365 Sales",
             "dynamics-365-operations": "Dynamics 365 Finance"}
_DEVICE_CATALOG_LINK = "https://devicecatalog.azure.com/devices/9d2c4e1a-7b3f-4c8d-a5e6-0f1b2c3d4e5f"
DOCUMENT = "docs/product-overview.pdf"
_DOCUMENT_TEXT = [
    "Contoso Notes gives every meeting of a team one shared notebook: notes that everyone in the meeting can "
    "edit, decisions recorded where they were made, and tasks assigned from a note and tracked until done.",
    "Search finds a decision or a task across every meeting of the team. Notebooks can be shared with guests "
    "for a single meeting.",
    "Contoso Notes signs customers in with their work account; notes stay in the customer's region.",
]

_CONFIG = '''\
#:schema .listingpreview/config.schema.json
[site]
title = "Marketplace listing preview"
edition = "latest"   # "latest" or "2020": which Partner Center rules apply
'''


def _toml(data: dict, schema: str, comment: str) -> str:
    import tomli_w

    return f"#:schema {schema}\n# {comment}\n" + tomli_w.dumps(_drop_none(data))


def _drop_none(v):
    if isinstance(v, dict):
        return {k: _drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_none(x) for x in v]
    return v


def init_site(target: Path, offer_type: str = "saas") -> list[Path]:
    """Add a site with one complete example offer of ``offer_type`` to ``target`` (new, empty, or a repository).

    Writes ``listingpreview.toml`` (only when missing), the JSON Schemas under ``.listingpreview/`` (ours)
    and ``content/contoso-<type>/``; touches no other file. Returns the files written, sorted.
    Raises ScaffoldError when the offer folder exists already or ``target`` is a file; KeyError for an
    unknown offer type.
    """
    import json

    from .schemas import schemas

    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} is a file; give a folder")
    offer_data, plans, description = offer_files(offer_type)
    content_dir = "content"
    cfg = target / CONFIG_NAME
    if cfg.is_file():
        import tomli

        try:
            content_dir = tomli.loads(cfg.read_text(encoding="utf-8")).get("site", {}).get("content_dir", content_dir)
        except (tomli.TOMLDecodeError, OSError, UnicodeDecodeError) as e:
            raise ScaffoldError(f"{cfg} cannot be read ({e}); fix it or remove it first") from None
    folder = target / content_dir / f"contoso-{offer_type}"
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already; remove it or choose another --type")
    up = "../" * (len(Path(content_dir).parts) + 1)
    files: dict[Path, str] = {}
    if not cfg.exists():
        files[cfg] = _CONFIG
    for name, schema in schemas().items():
        files[target / SCHEMA_DIR / name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    files[folder / "offer.toml"] = _toml(offer_data, f"{up}{SCHEMA_DIR}/offer.schema.json",
                                         "The offer: see the README for every key. Paths are relative to this folder.")
    files[folder / "description.md"] = description
    for name, plan in plans.items():
        files[folder / "plans" / name] = _toml(plan, f"../{up}{SCHEMA_DIR}/plan.schema.json", "One plan.")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    logo = folder / "media" / "logo-large.png"
    draw_logo(logo, (300, 300), ("#0f6cbd", "#ffb900"), "square")
    images = [logo]
    size = screenshot_size(offer_type)
    for i, shot in enumerate(offer_data["media"]["screenshots"]):
        images.append(folder / shot["file"])
        draw_screenshot(images[-1], ("Contoso Notes", "Tasks", "Search", "Sharing", "Settings")[i], "#0f6cbd", size)
    for doc in offer_data["listing"].get("supporting_documents", []):
        images.append(folder / doc["file"])
        draw_document(images[-1], doc["name"], _DOCUMENT_TEXT)
    return sorted([*files, *images])
