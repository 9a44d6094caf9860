"""Marketplace Catalog API product JSON (API version 2025-05-01, ``ProductDetails``) -> an offer folder.

Text is kept exactly as the catalog holds it: an HTML description stays HTML
in ``description.md`` and the sanitizer decides at build time what survives.
Images in the catalog are URLs; nothing is downloaded: the URLs are kept
(``media.*_url``) and the image files are "not in source".

What the record cannot carry (contacts, logo files, preview audience, SaaS
technical configuration…) and what this record lacks is written to
``[import] not_in_source``: ``check`` names those fields once instead of
reporting each as empty (see :mod:`.provenance`). Store facts the publisher
does not type in Partner Center (pricing types, starting price, ratings,
badges, supported products) go to ``[store]``.

Schema: ``marketplace-catalog-2025-05-01/openapi.json`` (definitions
``ProductDetails``, ``PlanDetails``, ``Availability``, ``Meter``, ``Term``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import ingestion_map as keys
from ..load import slug_for
from ..names import AZURE_TYPES, DYNAMICS_TYPES, OFFER_TYPES, offer_type_for_catalog
from ..rules.limits import lookup
from .safeio import ImportProblem, read_json, toml_text, write_folder

__all__ = ["ImportProblem", "Imported", "import_file", "product_to_content"]

SOURCE = "Marketplace Catalog API 2025-05-01"
_TERMS = {"P1M": "1-month", "P1Y": "1-year", "P2Y": "2-year", "P3Y": "3-year"}
# Mirrors of the listing rules' type sets (rules/checks/listing.py): which types Partner Center asks these of.
_HAS_SHORT_DESCRIPTION = ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
                          "managed-service")
_HAS_CONTACTS = AZURE_TYPES + DYNAMICS_TYPES + ("power-bi-app",)
_NO_PRIVACY = ("consulting-service", "power-bi-visual", "microsoft-365-app", "cosell-only")
_HAS_TERMS = ("managed-service", "saas", "azure-application", "azure-virtual-machine", "azure-container")
_CONTACT_PARTS = ("name", "email", "phone")


class _Obj:
    """A JSON object with its JSON path, for typed reads that name the path when a type is wrong."""

    def __init__(self, value, path: str):
        if not isinstance(value, dict):
            raise ImportProblem(f"{path} is {_kind(value)}; expected an object")
        self.v, self.path = value, path

    def has(self, key: str) -> bool:
        return key in self.v and self.v[key] is not None

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def text(self, key: str) -> str:
        v = self.v.get(key)
        if v is None:
            return ""
        if not isinstance(v, str):
            raise ImportProblem(f"{self._at(key)} is {_kind(v)}; expected text")
        return v

    def number(self, key: str) -> float | None:
        v = self.v.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ImportProblem(f"{self._at(key)} is {_kind(v)}; expected a number")
        return v

    def flag(self, key: str) -> bool | None:
        v = self.v.get(key)
        if v is None:
            return None
        if not isinstance(v, bool):
            raise ImportProblem(f"{self._at(key)} is {_kind(v)}; expected true or false")
        return v

    def array(self, key: str) -> list:
        v = self.v.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            raise ImportProblem(f"{self._at(key)} is {_kind(v)}; expected a list")
        return v

    def strs(self, key: str) -> list[str]:
        out = []
        for i, v in enumerate(self.array(key)):
            if not isinstance(v, str):
                raise ImportProblem(f"{self._at(key)}[{i}] is {_kind(v)}; expected text")
            out.append(v)
        return out

    def objs(self, key: str) -> list[_Obj]:
        return [_Obj(v, f"{self._at(key)}[{i}]") for i, v in enumerate(self.array(key))]

    def obj(self, key: str) -> _Obj | None:
        v = self.v.get(key)
        return None if v is None else _Obj(v, self._at(key))


def _kind(v) -> str:
    if v is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: f"text {json.dumps(v)[:40]}",
            list: "a list", dict: "an object"}.get(type(v), type(v).__name__)


@dataclass
class Imported:
    """One record mapped to content: offer.toml data, description, {plan file stem: plan data}, notes."""

    offer: dict
    description: str
    plans: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def offer_type_of(product: _Obj, override: str | None) -> str:
    """The offer type key; ImportProblem when the record has none (an unknown type is not guessed)."""
    if override:
        if override not in OFFER_TYPES:
            raise ImportProblem(f"--type '{override}' is not an offer type (one of: {', '.join(OFFER_TYPES)})")
        return override
    ptype = product.text("productType")
    if ptype in ("", "None"):
        raise ImportProblem("$.productType is " + ("missing" if not ptype else "'None' (unspecified)") +
                            "; without it the offer type is unknown. "
                            "Give it with --type, e.g. --type consulting-service")
    otype = offer_type_for_catalog(ptype)
    if otype is None:
        raise ImportProblem(f"$.productType '{ptype}' has no Partner Center offer type; give one with --type")
    return otype


# The page-title suffixes of the store pages (legacy stores and Microsoft Marketplace): not part of a listing name.
_STORE_TITLE = re.compile(r"\s+[-|\u2013]\s+Microsoft (?:Azure Marketplace|AppSource|Marketplace)\s*$")


def product_to_content(value, stem: str, type_override: str | None = None) -> Imported:
    """Map one Catalog API product (parsed JSON) to content; ImportProblem for a wrong shape or type."""
    p = _Obj(value, "$")
    name = p.text("displayName")
    if not name and not p.text("offerId"):
        raise ImportProblem("not a Marketplace Catalog API product: $.displayName and $.offerId are both missing")
    otype = offer_type_of(p, type_override)
    notes: list[str] = []
    nis: list[str] = []
    if (titled := _STORE_TITLE.search(name)) and titled.start() > 0:
        # A record copied from a browser tab keeps the store's page-title suffix; the listing name never has it.
        notes.append(f"$.displayName ends in the store's page title {titled.group(0).strip()!r}; "
                     "it was left out of the listing name")
        name = name[: titled.start()]

    offer_id, publisher_id = p.text("offerId"), p.text("publisherId")
    unique = p.text("uniqueProductId")
    if re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", unique):  # publisher.offer, the plain form
        publisher_id = publisher_id or unique.split(".")[0]
        offer_id = offer_id or unique.split(".")[1]
    if not offer_id:
        nis.append("offer.id")
        notes.append(f"the record has no offerId; the folder is named after the file ({stem}). Set [offer] id.")
    offer: dict = {"id": offer_id, "alias": name or offer_id, "type": otype,
                   "publisher": p.text("publisherDisplayName")}
    if publisher_id:
        offer["publisher_id"] = publisher_id

    listing: dict = {"name": name}
    if p.has("summary"):
        listing["search_results_summary"] = p.text("summary")
    elif otype != "power-bi-visual":
        nis.append("listing.search_results_summary")
    if p.has("longSummary"):
        listing["short_description"] = p.text("longSummary")
    elif otype in _HAS_SHORT_DESCRIPTION:
        nis.append("listing.short_description")
    if not p.has("description"):
        nis.append("listing.description")
    if p.has("privacyPolicyUri"):
        listing["privacy_policy_link"] = p.text("privacyPolicyUri")
    elif otype not in _NO_PRIVACY:
        nis.append("listing.privacy_policy_link")
    links = [{"title": link.text("displayName"), "url": link.text("uri")} for link in p.objs("links")]
    if links:
        listing["useful_links"] = links
    if p.has("supportUri"):
        listing["support_contact"] = {"url": p.text("supportUri")}
    if otype in _HAS_CONTACTS:
        nis += [f"listing.{who}.{part}" for who in ("support_contact", "engineering_contact")
                for part in _CONTACT_PARTS]

    # Asked of these types, never in a Catalog API record (ProductDetails has no such fields).
    docs = lookup("supporting_documents", otype, "latest")
    if docs is not None and docs.value[0] > 0:
        nis.append("listing.supporting_documents")
    if lookup("help_link", otype, "latest") is not None:
        nis.append("listing.help_link")
    if lookup("consulting_facts", otype, "latest") is not None:
        nis += ["consulting.service_type", "consulting.duration"]

    properties: dict = {}
    if p.has("legalTermsUri"):
        properties["terms_of_use_url"] = p.text("legalTermsUri")
    elif otype in _HAS_TERMS:
        nis.append("properties.terms_of_use")
    cat_keys, ind_keys = p.strs("categoryIds"), p.strs("industryIds")
    cats, unknown = keys.categories_from_keys(cat_keys)
    if cat_keys:
        properties["category_keys"] = cat_keys
    if cats:
        properties["categories"] = cats
    elif lookup("categories", otype, "latest") is not None:
        nis.append("properties.categories")
    if unknown:
        notes.append(f"categoryIds without a Partner Center category (kept in properties.category_keys): "
                     f"{', '.join(unknown)}")
    inds, unknown = keys.industries_from_keys(ind_keys)
    if ind_keys:
        properties["industry_keys"] = ind_keys
    if inds:
        properties["industries"] = inds
    if unknown:
        notes.append(f"industryIds without a Partner Center industry (kept in properties.industry_keys): "
                     f"{', '.join(unknown)}")

    media: dict = {}
    for slot in ("large", "medium", "small", "wide"):
        if p.text(f"{slot}IconUri"):
            media[f"{slot}_logo_url"] = p.text(f"{slot}IconUri")
    nis.append("media.large_logo")
    shots = p.strs("screenshotUris")
    if shots:
        media["screenshot_urls"] = shots
    shots_range = lookup("screenshots", otype, "latest")
    if shots_range is not None and shots_range.value[0] > 0:
        nis.append("media.screenshots")
    videos = []
    for i, v in enumerate(p.objs("videos")):
        video = {"name": v.text("caption"), "url": v.text("uri")}
        pre = v.obj("previewImage")
        if pre is not None and pre.text("uri"):
            video["thumbnail_url"] = pre.text("uri")
        videos.append(video)
        nis.append(f"media.videos[{i}].thumbnail")
    if videos:
        media["videos"] = videos

    pricing_types = p.strs("pricingTypes")
    setup: dict = {}
    if otype == "saas":
        if any(t in pricing_types for t in ("Payg", "FreeTrial")):
            setup["sell_through_microsoft"] = True
        else:
            nis.append("setup.listing_option")
    sell = bool(setup.get("sell_through_microsoft"))
    if otype == "saas" and sell:
        nis += ["listing.getting_started_instructions", "setup.lead_destination",
                "technical_configuration.landing_page_url", "technical_configuration.connection_webhook_url",
                "technical_configuration.azure_ad_tenant_id", "technical_configuration.azure_ad_app_id"]
    if otype == "managed-service":
        nis.append("setup.lead_destination")
    if lookup("preview_audience", otype, "latest") is not None and (otype != "saas" or sell):
        nis.append("preview.audience")

    store = _store(p)
    data: dict = {"offer": offer}
    if setup:
        data["setup"] = setup
    if properties:
        data["properties"] = properties
    data["listing"] = listing
    if media:
        data["media"] = media
    if store:
        data["store"] = store

    plans: dict[str, dict] = {}
    if not p.has("plans") and OFFER_TYPES[otype].has_plans and not (otype == "saas" and not sell):
        nis.append("plans")
    for i, plan in enumerate(p.objs("plans")):
        pid = plan.text("planId") or slug_for(plan.text("displayName") or f"plan-{i + 1}")
        pdata = _plan(plan, pid, otype, notes)
        fname = slug_for(pid)
        while fname in plans:
            fname += "-2"
        plans[fname] = pdata
    data["import"] = {"source": SOURCE, "not_in_source": nis}
    return Imported(data, p.text("description"), plans, notes)


def _store(p: _Obj) -> dict:
    store: dict = {}
    if p.strs("pricingTypes"):
        store["pricing_types"] = p.strs("pricingTypes")
    sp = p.obj("startingPrice")
    if sp is not None:
        price: dict[str, str | float] = {"market": sp.text("market"), "currency": sp.text("currency"),
                 "term_units": sp.text("termUnits"), "meter_units": sp.text("meterUnits")}
        for src, dst in (("minTermPrice", "term_price"), ("minMeterPrice", "meter_price")):
            amount = sp.number(src)
            if amount is not None:
                price[dst] = float(amount)
        store["starting_price"] = {k: v for k, v in price.items() if v != ""}
    average, count = p.number("ratingAverage"), p.number("ratingCount")
    if average is not None:
        store["rating_average"] = float(average)
    if count is not None:
        store["rating_count"] = int(count)
    for src, dst in (("badges", "badges"), ("supportedProducts", "supported_products")):
        if p.strs(src):
            store[dst] = p.strs(src)
    return store


def _plan(plan: _Obj, pid: str, otype: str, notes: list[str]) -> dict:
    info: dict = {"id": pid, "name": plan.text("displayName")}
    nis: list[str] = []
    for key in ("summary", "description"):
        if plan.text(key):
            info[key] = plan.text(key)
    if plan.flag("isPrivate") is True:
        info["visibility"] = "private"
        nis.append("plan.private_audience")
    if plan.flag("isHidden") is True:
        info["hidden"] = True
    ptype = plan.text("planType")
    if otype == "azure-application" and ptype in ("SolutionTemplate", "ManagedApplication"):
        info["subtype"] = "solution-template" if ptype == "SolutionTemplate" else "managed-application"
    kinds = plan.strs("pricingTypes")
    terms: list[dict] = []
    meters: list[dict] = []
    trial = False
    for av in plan.objs("availabilities"):
        if av.flag("hasFreeTrials"):
            trial = True
            continue  # the trial's own zero-price terms are not billing terms
        for t in av.objs("terms"):
            unit = _TERMS.get(t.text("termUnit"))
            price = t.obj("price")
            amount = price.number("listPrice") if price else None
            if unit and amount is not None:
                terms.append({"term": unit, "payment": "upfront", "price": float(amount)})
        meter = av.obj("meter")
        if meter is not None:
            price = meter.obj("price")
            amount = price.number("listPrice") if price else None
            unit = av.text("consumptionUnitType")
            m: dict = {"id": meter.text("meterId") or slug_for(unit), "name": unit, "unit": unit,
                       "price": float(amount) if amount is not None else 0.0}
            included = [q.text("quantity") for q in meter.objs("includedQuantityProperties")]
            if included:
                q = included[0]
                if q.isdigit():
                    m["included"] = int(q)
                elif q.lower() in ("unlimited", "infinite", "-1"):
                    m["included"] = "unlimited"
                if len(set(included)) > 1:
                    notes.append(f"plan {pid}: meter {m['id']} includes different quantities per term "
                                 f"({', '.join(included)}); the first is kept")
            meters.append(m)
    if trial and otype == "saas":
        info["free_trial"] = True
    out: dict = {"plan": info}
    pricing: dict = {}
    if "Byol" in kinds and len(kinds) == 1:
        pricing["model"] = "byol"
    elif kinds == ["Free"]:
        pricing["model"] = "free"
    elif terms or meters:
        pricing["model"] = {"saas": "flat-rate", "azure-application": "monthly",
                            "azure-virtual-machine": "usage-based"}.get(otype, "flat-rate")
    elif otype != "managed-service":
        nis.append("pricing.model")
    if terms:
        pricing["billing_terms"] = terms
    if meters:
        pricing["metered_dimensions"] = meters
    if pricing:
        out["pricing"] = pricing
    if nis:
        out["import"] = {"source": SOURCE, "not_in_source": nis}
    return out


def import_file(path: Path, content_dir: Path, *, force: bool = False,
                type_override: str | None = None) -> tuple[Path, list[str]]:
    """Import one Catalog API product JSON file into ``content_dir/<offer folder>``; returns the folder and notes.

    Raises ImportProblem (message without the file name) for unreadable, hostile or
    non-product JSON, and for an existing folder (see :func:`.safeio.write_folder`).
    """
    value = read_json(path)
    if isinstance(value, dict) and isinstance(value.get("resources"), list):  # resource-tree or configure body
        from .ingestion import import_tree

        return import_tree(value, content_dir, force=force)
    got = product_to_content(value, slug_for(path.stem), type_override)
    return write_offer(got, content_dir, slug_for(got.offer["offer"]["id"] or path.stem), force=force,
                       header=_header(value))


def _header(value) -> str:
    source = value.get("x-source") if isinstance(value, dict) else None
    header = "# Imported from a Marketplace Catalog API product record"
    if source:
        header += " (" + re.sub(r"[\r\n]+", " ", json.dumps(source, ensure_ascii=False))[:300] + ")"
    return header + ".\n"


def write_offer(got: Imported, content_dir: Path, slug: str, *, force: bool,
                header: str = "") -> tuple[Path, list[str]]:
    """Write an imported offer as ``content_dir/slug`` (staged, TOML proven to parse); returns folder and notes."""
    files: dict[str, str] = {"description.md": got.description}
    for stem, pdata in got.plans.items():
        files[f"plans/{stem}.toml"] = toml_text(pdata)
    got.offer["import"]["files"] = ["offer.toml", *files]
    t = OFFER_TYPES[got.offer["offer"]["type"]]
    files = {"offer.toml": toml_text(got.offer, header + f"# Offer type: {t.label}\n"), **files}
    folder = content_dir / slug
    notes = write_folder(folder, files, force=force)
    return folder, got.notes + notes
