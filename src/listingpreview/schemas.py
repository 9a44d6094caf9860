"""JSON Schemas of the content files, generated from the model, the field names and the limits.

``offer.toml``, ``plans/*.toml`` and ``listingpreview.toml`` get a schema each (draft 2020-12,
as pydantic writes it) that editors (Taplo, Tombi, VS Code Even Better TOML) read through the
``#:schema`` line ``init`` writes. On top of the model's shapes the generator adds:

- a description on every field: Partner Center label (:data:`names.FIELDS`), the model's own
  description, the limit of the latest edition, and the Product Ingestion API name;
- enums: offer types (:data:`names.OFFER_TYPES`), categories and industries
  (:mod:`rules.catalog`), pricing models (from the model), the rule code pattern in ``[severity]``;
- ``maxLength``/``maxItems`` from :data:`rules.limits.TABLE` (latest edition; where offer types
  differ, the largest value, so the schema never flags what some type allows; the rules check
  the exact limit of each type).

Nothing here is hand-written per field: a new model field gets a description from its name.
"""

from __future__ import annotations

import copy
from typing import Any

from .names import FIELDS, OFFER_TYPES

SCHEMA_ID = "https://json-schema.org/draft/2020-12/schema"

# Limit key of rules/limits.py -> (file kind, field path, JSON Schema keyword). "max" of a (min, max) pair.
LIMIT_FIELDS: dict[str, tuple[str, str, str]] = {
    "offer_id": ("offer", "offer.id", "maxLength"),
    "offer_alias": ("offer", "offer.alias", "maxLength"),
    "name": ("offer", "listing.name", "maxLength"),
    "summary": ("offer", "listing.search_results_summary", "maxLength"),
    "short_description": ("offer", "listing.short_description", "maxLength"),
    "getting_started": ("offer", "listing.getting_started_instructions", "maxLength"),
    "keywords": ("offer", "listing.keywords", "maxItems"),
    "useful_link_title": ("offer", "listing.useful_links.title", "maxLength"),
    "useful_links_count": ("offer", "listing.useful_links", "maxItems"),
    "screenshots": ("offer", "media.screenshots", "maxItems"),
    "videos": ("offer", "media.videos", "maxItems"),
    "categories": ("offer", "properties.categories", "maxItems"),
    "industries": ("offer", "properties.industries", "maxItems"),
    "plan_id": ("plan", "plan.id", "maxLength"),
    "plan_name": ("plan", "plan.name", "maxLength"),
    "plan_summary": ("plan", "plan.summary", "maxLength"),
    "plan_description": ("plan", "plan.description", "maxLength"),
    "metered_dimensions": ("plan", "pricing.metered_dimensions", "maxItems"),
    "authorizations": ("plan", "technical_configuration.authorizations", "maxItems"),
}
_UNIT = {"maxLength": "characters", "maxItems": "items"}


def _number(value: Any) -> int | None:
    """The maximum a limit value states: an int, or the last int of a (min, max) pair."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return value[1]
    return None


def latest_limits() -> dict[tuple[str, str], tuple[str, int, str]]:
    """(file kind, field path) -> (keyword, largest latest-edition value, description of the limit per type)."""
    from .rules.limits import lookup

    out = {}
    for key, (kind, path, keyword) in LIMIT_FIELDS.items():
        per: dict[int, list[str]] = {}
        cites: dict[int, list[str]] = {}
        for t in OFFER_TYPES.values():
            lim = lookup(key, t.key, "latest")
            n = _number(lim.value) if lim is not None else None
            if n is not None and lim is not None:
                per.setdefault(n, []).append(t.label)
                cites.setdefault(n, []).append(lim.cite)
        if not per:
            continue
        top = max(per)
        if len(per) == 1:
            text = f"At most {top} {_UNIT[keyword]}"
        else:
            others = "; ".join(f"{', '.join(labels)}: {n}" for n, labels in sorted(per.items()) if n != top)
            text = f"At most {top} {_UNIT[keyword]} ({others})"
        docs = sorted(set(cites[top]))
        cite = docs[0] + (f" and {len(docs) - 1} more" if len(docs) > 1 else "")
        out[(kind, path)] = (keyword, top, f"{text} [latest edition; {cite}].")
    return out


def _inline(node: Any, defs: dict) -> Any:
    """``node`` with every ``$ref`` replaced by a copy of its definition and null branches dropped (TOML has none)."""
    if isinstance(node, list):
        return [_inline(x, defs) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[1]])
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return _inline({**target, **rest}, defs)
    out = {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if "anyOf" in out:
        branches = [b for b in out["anyOf"] if b != {"type": "null"}]
        if len(branches) < len(out["anyOf"]):
            out.pop("anyOf")
            if out.get("default", 0) is None:
                out.pop("default")
            if len(branches) == 1:
                out.update(branches[0])
            else:
                out["anyOf"] = branches
    return out


def _humanize(path: str) -> str:
    return path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _annotate(node: dict, path: str, kind: str, limits: dict) -> None:
    """Walk ``node`` (a property schema at field path ``path``) and fill in descriptions, enums and limits."""
    if path:
        label, api = FIELDS.get(path, ("", ""))
        own = node.get("description", "")
        if own.startswith("``["):  # a section docstring of the model: keep the words after the TOML table name
            own = own.split(":", 1)[-1].strip()
        parts = []
        if label and not own.lower().startswith(label.lower()):
            parts.append(label + ".")
        if own and own.rstrip(".").lower() != label.lower():
            parts.append(own if own.endswith(".") else own + ".")
        if not parts:
            parts.append(f"{_humanize(path)} ({path}).")
        lim = limits.get((kind, path))
        if lim:
            keyword, value, text = lim
            node[keyword] = value
            parts.append(text)
        if api:
            parts.append(f"Product Ingestion API: {api}.")
        node["description"] = " ".join(parts)
        node.pop("title", None)
        _enums(node, path, kind)
    for name, child in node.get("properties", {}).items():
        _annotate(child, f"{path}.{name}" if path else name, kind, limits)
    items = node.get("items")
    if isinstance(items, dict) and "properties" in items:
        items.pop("title", None)
        items.setdefault("description", f"One entry of {path}.")
        for name, child in items["properties"].items():
            _annotate(child, f"{path}.{name}", kind, limits)


def _enums(node: dict, path: str, kind: str) -> None:
    from .rules.catalog import (
        APPSOURCE_CATEGORIES,
        AZURE_MARKETPLACE_CATEGORIES,
        BUILT_IN_ROLES,
        CATEGORIES_SOURCE,
        INDUSTRIES,
        INDUSTRIES_SOURCE,
    )

    if kind == "offer" and path == "offer.type":
        node["enum"] = list(OFFER_TYPES)
        node["description"] += " One of: " + "; ".join(f"{k} ({t.label}, {t.store})" for k, t in OFFER_TYPES.items())
    elif kind == "offer" and path == "properties.categories":
        node["items"] = {"type": "string", "enum": sorted(set(AZURE_MARKETPLACE_CATEGORIES + APPSOURCE_CATEGORIES))}
        node["description"] += (f" Azure Marketplace offers: {', '.join(AZURE_MARKETPLACE_CATEGORIES)}. AppSource "
                                f"offers: {', '.join(APPSOURCE_CATEGORIES)}. [{CATEGORIES_SOURCE}]")
    elif kind == "offer" and path == "properties.industries":
        node["items"] = {"type": "string", "enum": list(INDUSTRIES)}
        node["description"] += f" [{INDUSTRIES_SOURCE}]"
    elif kind == "plan" and path == "technical_configuration.authorizations.role":
        node["examples"] = list(BUILT_IN_ROLES)


def _section_descriptions(schema: dict) -> None:
    for name, child in schema.get("properties", {}).items():
        d = child.get("description", "")
        if d.startswith("``["):
            child["description"] = f"[{name}] " + d.split(":", 1)[-1].strip()


def schemas() -> dict[str, dict]:
    """``{"offer.schema.json": …, "plan.schema.json": …, "config.schema.json": …}``, ready to write as JSON."""
    from .config import SiteConfig
    from .model import OfferFile, PlanFile
    limits = latest_limits()
    out = {}
    for kind, model, title in (("offer", OfferFile, "offer.toml"), ("plan", PlanFile, "plans/*.toml"),
                               ("config", SiteConfig, "listingpreview.toml")):
        raw = model.model_json_schema()
        schema = _inline(raw, raw.get("$defs", {}))
        for name, child in schema.get("properties", {}).items():
            _annotate(child, name, kind, limits)
            child.setdefault("description", f"The [{name}] table.")
        _section_descriptions(schema)
        schema = {"$schema": SCHEMA_ID, "title": f"listingpreview {title}",
                  **{k: v for k, v in schema.items() if k != "title"}}
        if kind == "config":  # a pattern, not the list of codes: `check` names unknown codes with a "did you mean"
            schema["properties"]["severity"]["propertyNames"] = {"pattern": "^LP[0-9]{3}$"}
        out[f"{kind}.schema.json"] = schema
    return out


def undocumented(schema: dict, path: str = "") -> list[str]:
    """Field paths of ``schema`` that have no description (for the test that every field has one)."""
    missing = []
    for name, child in schema.get("properties", {}).items():
        p = f"{path}.{name}" if path else name
        if not child.get("description"):
            missing.append(p)
        missing += undocumented(child, p)
        items = child.get("items")
        if isinstance(items, dict):
            missing += undocumented(items, p)
    return missing
