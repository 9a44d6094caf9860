"""Marketplace Catalog API product JSON (API version 2025-05-01, ``ProductDetails``) -> an offer folder.

Text is kept exactly as the catalog holds it: an HTML description stays HTML
in ``description.md`` and the sanitizer decides at build time what survives.
Images in the catalog are URLs; nothing is downloaded, so logos and
screenshots are left for the publisher to add (the checks say so).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import tomli_w

from ..load import slug_for
from ..names import OFFER_TYPES, offer_type_for_catalog
from ..rules.catalog import APPSOURCE_CATEGORIES, AZURE_MARKETPLACE_CATEGORIES

MAX_JSON_BYTES = 20 * 1024 * 1024
_TERMS = {"P1M": "1-month", "P1Y": "1-year", "P2Y": "2-year", "P3Y": "3-year"}
_KNOWN_CATEGORIES = {c.lower(): c for c in AZURE_MARKETPLACE_CATEGORIES + APPSOURCE_CATEGORIES}


class ImportProblem(Exception):
    """The file cannot be imported; the message says why."""


def _str(v) -> str:
    return v if isinstance(v, str) else ""


def product_to_content(product: dict, stem: str) -> tuple[dict, str, dict[str, dict], list[str]]:
    """Map one product to (offer.toml data, description text, {plan file stem: plan data}, notes)."""
    notes: list[str] = []
    ptype = _str(product.get("productType"))
    otype = offer_type_for_catalog(ptype)
    if otype is None:
        notes.append(f"productType '{ptype}' has no Partner Center offer type; imported as azure-application. "
                     "Change [offer] type if that is wrong.")
        otype = "azure-application"
    unique = _str(product.get("uniqueProductId"))
    publisher_id = _str(product.get("publisherId")) or (unique.split(".", 1)[0] if "." in unique else "")
    offer_id = _str(product.get("offerId")) or (unique.split(".", 1)[1] if "." in unique else "") or stem
    offer = {"id": offer_id, "alias": _str(product.get("displayName")) or offer_id, "type": otype,
             "publisher": _str(product.get("publisherDisplayName"))}
    if publisher_id:
        offer["publisher_id"] = publisher_id
    listing: dict = {"name": _str(product.get("displayName")),
                     "search_results_summary": _str(product.get("summary"))}
    if product.get("longSummary"):
        listing["short_description"] = _str(product.get("longSummary"))
    if product.get("privacyPolicyUri"):
        listing["privacy_policy_link"] = _str(product["privacyPolicyUri"])
    links = [{"title": _str(link.get("displayName")), "url": _str(link.get("uri"))}
             for link in product.get("links") or [] if isinstance(link, dict)]
    if links:
        listing["useful_links"] = links
    if product.get("supportUri"):
        listing["support_contact"] = {"url": _str(product["supportUri"])}
    properties: dict = {}
    if product.get("legalTermsUri"):
        properties["terms_of_use_url"] = _str(product["legalTermsUri"])
    cats = [_KNOWN_CATEGORIES[c.lower()] for c in product.get("categoryIds") or []
            if isinstance(c, str) and c.lower() in _KNOWN_CATEGORIES]
    unmapped = [c for c in product.get("categoryIds") or [] if isinstance(c, str) and c.lower() not in _KNOWN_CATEGORIES]
    if cats:
        properties["categories"] = cats
    if unmapped:
        notes.append(f"categoryIds not mapped to Partner Center category names: {', '.join(unmapped)}")
    media: dict = {}
    videos = [{"name": _str(v.get("caption")), "url": _str(v.get("uri"))}
              for v in product.get("videos") or [] if isinstance(v, dict)]
    if videos:
        media["videos"] = videos
        notes.append("video thumbnails are URLs in the catalog; add PNG files and name them in media.videos.thumbnail")
    remote = [k for k in ("largeIconUri", "mediumIconUri", "smallIconUri", "wideIconUri") if product.get(k)]
    if remote or product.get("screenshotUris"):
        notes.append("logos and screenshots are URLs in the catalog; download them into media/ and name them in [media]")
    data = {"offer": offer, "listing": listing}
    if properties:
        data["properties"] = properties
    if media:
        data["media"] = media
    if otype == "saas" and any(p in (product.get("pricingTypes") or []) for p in ("Payg", "FreeTrial")):
        data["setup"] = {"sell_through_microsoft": True}
    plans: dict[str, dict] = {}
    for i, plan in enumerate(product.get("plans") or []):
        if not isinstance(plan, dict):
            continue
        pid = _str(plan.get("planId")) or slug_for(_str(plan.get("displayName")) or f"plan-{i + 1}")
        pdata = _plan(plan, pid, otype)
        fname = slug_for(pid)
        while fname in plans:
            fname += "-2"
        plans[fname] = pdata
    return data, _str(product.get("description")), plans, notes


def _plan(plan: dict, pid: str, otype: str) -> dict:
    info: dict = {"id": pid, "name": _str(plan.get("displayName"))}
    for key in ("summary", "description"):
        if plan.get(key):
            info[key] = _str(plan[key])
    if plan.get("isPrivate") is True:
        info["visibility"] = "private"
    ptype = _str(plan.get("planType"))
    if otype == "azure-application" and ptype in ("SolutionTemplate", "ManagedApplication"):
        info["subtype"] = "solution-template" if ptype == "SolutionTemplate" else "managed-application"
    out: dict = {"plan": info}
    pricing: dict = {}
    kinds = plan.get("pricingTypes") or []
    terms, meters = [], []
    for av in plan.get("availabilities") or []:
        if not isinstance(av, dict):
            continue
        for t in av.get("terms") or []:
            unit = _TERMS.get(_str(t.get("termUnit")))
            price = (t.get("price") or {}).get("listPrice")
            if unit and isinstance(price, (int, float)):
                terms.append({"term": unit, "payment": "upfront", "price": float(price)})
        meter = av.get("meter")
        if isinstance(meter, dict):
            price = (meter.get("price") or {}).get("listPrice")
            unit = _str(av.get("consumptionUnitType"))
            meters.append({"id": _str(meter.get("meterId")) or slug_for(unit), "name": unit, "unit": unit,
                           "price": float(price) if isinstance(price, (int, float)) else 0.0})
    if "Byol" in kinds and len(kinds) == 1:
        pricing["model"] = "byol"
    elif kinds == ["Free"]:
        pricing["model"] = "free"
    elif terms or meters:
        pricing["model"] = {"saas": "flat-rate", "azure-application": "monthly",
                            "azure-virtual-machine": "usage-based"}.get(otype, "flat-rate")
    if terms:
        pricing["billing_terms"] = terms
    if meters:
        pricing["metered_dimensions"] = meters
    if pricing:
        out["pricing"] = pricing
    return out


def import_file(path: Path, content_dir: Path, *, force: bool = False) -> tuple[Path, list[str]]:
    """Import one product JSON file into ``content_dir/<offer folder>``; returns the folder and notes.

    Raises ImportProblem for unreadable or non-product JSON, or an existing folder without ``force``.
    """
    if path.stat().st_size > MAX_JSON_BYTES:
        raise ImportProblem(f"file is larger than {MAX_JSON_BYTES // (1024 * 1024)} MiB")
    try:
        product = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ImportProblem(f"not UTF-8 (byte {e.start})") from None
    except json.JSONDecodeError as e:
        raise ImportProblem(f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(product, dict) or not (product.get("displayName") or product.get("offerId")):
        raise ImportProblem("not a Marketplace Catalog API product (no displayName or offerId)")
    data, description, plans, notes = product_to_content(product, slug_for(path.stem))
    folder = content_dir / slug_for(data["offer"]["id"])
    if folder.exists():
        if not force:
            raise ImportProblem(f"{folder} exists already; use --force to replace it")
        shutil.rmtree(folder)
    (folder / "plans").mkdir(parents=True)
    source = product.get("x-source")
    header = "# Imported from a Marketplace Catalog API product record"
    if source:
        where = re.sub(r"[\r\n]+", " ", json.dumps(source, ensure_ascii=False))[:300]
        header += f" ({where})"
    header += ".\n# Offer type: " + OFFER_TYPES[data["offer"]["type"]].label + "\n"
    (folder / "offer.toml").write_text(header + tomli_w.dumps(data), encoding="utf-8")
    (folder / "description.md").write_text(description, encoding="utf-8")
    for stem, pdata in plans.items():
        (folder / "plans" / f"{stem}.toml").write_text(tomli_w.dumps(pdata), encoding="utf-8")
    return folder, notes
