"""Offline validation of a configure body: JSON Schemas, references, one listing per language.

Three layers (``product-ingestion.md`` §1 "Offline layer"):

1. JSON Schema of each resource: Microsoft's public preview2 schemas, vendored
   in ``schemas/`` (see its PROVENANCE.md), where they cover the resource's
   kind; otherwise the provisional schemas below, written from Microsoft
   Learn's product-ingestion-api pages (ms.date 2023-05-10) — each says where.
2. References: every ``product``/``plan``/``listing`` reference resolves to a
   resource of the body (by ``externalId`` or ``resourceName``); resource names
   are unique and match the API's pattern; one listing per language.
3. The listing rules ``check`` knows run before export (an offer with errors
   is not exported without ``--force``).

What only Partner Center can say (URLs reachable, business rules,
certification, product exists) needs a draft submission.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources as pkg

import jsonschema
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from .. import ingestion_map as im

_LPI = "Learn product-ingestion-api (2023-05-10)"
_STR = {"type": "string"}
_REF = {"type": ["object", "string"]}

# Resource types whose vendored preview2 schema accepts what export writes.
VENDORED = ("product", "plan", "listing-asset", "listing-trailer", "customer-leads", "price-and-availability-offer",
            "reseller", "test-drive", "submission")


def _obj(required: list[str], props: dict, source: str) -> dict:
    return {"type": "object", "required": ["$schema", *required], "$comment": f"provisional; source: {source}",
            "properties": {"$schema": _STR, "resourceName": {"type": "string", "minLength": 1, "maxLength": 50,
                                                             "pattern": "^[a-zA-Z0-9-_]+$"}, **props}}


_CONTACT = {"type": "object", "required": ["name"], "properties": {k: _STR for k in ("name", "email", "phone", "url")},
            "additionalProperties": False}
_TERM = {"type": "object", "required": ["type", "value"],
         "properties": {"type": {"enum": ["day", "week", "month", "year"]}, "value": {"type": "integer", "minimum": 1}}}
# Provisional schemas for what the public preview2 schemas do not cover (SaaS and container kinds, SaaS pricing).
# Their kind enums hold every kind of ingestion_map.KIND_TABLE; validate() refuses the derived ones unless asked.
PROVISIONAL: dict[str, dict] = {
    "configure": {"type": "object", "required": ["$schema", "resources"], "additionalProperties": False,
                  "$comment": f"source: {_LPI}; Azure/partnercenter-cli-extension models (ConfigureResources)",
                  "properties": {"$schema": _STR, "resources": {"type": "array", "minItems": 1,
                                                                "items": {"type": "object"}}}},
    "commercial-marketplace-setup": _obj(["product"], {"product": _REF, "sellThroughMicrosoft": {"type": "boolean"}},
                                         f"{_LPI}; Learn product-ingestion-api-transactable-containers (2023-05-10)"),
    "property": _obj(["product", "kind"], {
        "product": _REF, "kind": {"enum": list(im.ALL_LISTING_KINDS)},
        # How many categories depends on the offer type (managed services: up to 5): check's LP130 knows it.
        "categories": {"type": "object", "additionalProperties": {"type": "array", "items": _STR, "maxItems": 3}},
        "industries": {"type": "object", "additionalProperties": {"type": "array", "items": _STR}},
        "appVersion": _STR, "termsConditions": {"enum": ["standardMicrosoft", "custom"]},
        "termsOfUse": _STR, "termsOfUseUrl": _STR}, f"{_LPI} (property sample); property preview2 for the shape"),
    "listing": _obj(["product", "kind", "languageId"], {
        "product": _REF, "kind": {"enum": list(im.ALL_LISTING_KINDS)}, "languageId": _STR,
        "title": _STR, "searchResultSummary": _STR, "shortDescription": _STR, "description": _STR,
        "gettingStartedInstructions": _STR, "searchKeywords": {"type": "array", "items": _STR},
        "privacyPolicyLink": _STR, "globalSupportWebsite": _STR, "governmentSupportWebsite": _STR,
        "generalLinks": {"type": "array", "items": {"type": "object", "required": ["displayText", "link"],
                                                     "properties": {"displayText": _STR, "link": _STR}}},
        "supportContact": _CONTACT, "engineeringContact": _CONTACT},
        f"{_LPI} (listing sample); listing preview2 azureVirtualMachine for field names"),
    "plan-listing": _obj(["product", "plan", "kind", "languageId"], {
        "product": _REF, "plan": _REF, "kind": {"enum": list(im.ALL_PLAN_LISTING_KINDS)},
        "languageId": _STR, "name": _STR, "summary": _STR, "description": _STR},
        f"{_LPI}; plan-listing preview2 azureVirtualMachinePlan for field names"),
    "price-and-availability-plan": _obj(["product", "plan", "visibility", "audience"], {
        "product": _REF, "plan": _REF, "visibility": {"enum": ["visible", "hidden"]},
        "audience": {"enum": ["public", "private"]}, "trial": _TERM,
        "privateAudiences": {"type": "array", "items": {"type": "object", "required": ["type", "id"]}},
        "pricing": {"type": "object"}},
        "price-and-availability-plan preview2 (visibility, audience, trial); Learn create-multiparty-private-offer "
        "(2023-07-18) for the SaaS pricing shape"),
    "price-and-availability-custom-meter": _obj(["product", "customMeters"], {
        "product": _REF, "customMeters": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["displayName", "unitOfMeasure"]}}},
        "third-party SDK shape (product-ingestion.md §2)"),
    "software-as-a-service-technical-configuration": _obj(["product"], {
        "product": _REF, "landingPageUrl": _STR, "connectionWebhook": _STR, "azureAdTenantId": _STR,
        "azureAdAppId": _STR}, "third-party shape (product-ingestion.md §2); Learn product-ingestion-api-saas"),
}


@cache
def vendored(resource: str) -> dict:
    """The vendored public schema of a resource type (version ``ingestion_map.VENDORED_VERSION``)."""
    name = f"{resource}-{im.VENDORED_VERSION}.json"
    return json.loads(pkg.files(__package__).joinpath("schemas", name).read_text("utf-8"))


@cache
def _registry() -> Registry:
    """Every schema the vendored files define by ``$id`` (they refer to each other's shared parts)."""
    found: dict[str, dict] = {}
    for f in pkg.files(__package__).joinpath("schemas").iterdir():
        if f.name.endswith(".json"):
            schema = json.loads(f.read_text("utf-8"))
            found[schema["$id"]] = schema
            for sub in (schema.get("$defs") or {}).values():
                if isinstance(sub, dict) and "$id" in sub:
                    found.setdefault(sub["$id"], sub)
    return Registry().with_resources(
        (uri, Resource.from_contents(s, default_specification=DRAFT202012)) for uri, s in found.items())


@cache
def _validator(resource: str):
    schema = vendored(resource) if resource in VENDORED else PROVISIONAL[resource]
    return jsonschema.Draft202012Validator(schema, registry=_registry())


def _errors(resource: str, value) -> list:
    try:
        return list(_validator(resource).iter_errors(value))
    except Unresolvable as e:  # a vendored schema refers to one that is not vendored
        raise RuntimeError(f"schema of {resource} refers to an unknown schema: {e}") from None


def _path(err) -> str:
    out = ""
    for p in err.absolute_path:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out or "(the resource)"


def validate(body: dict, *, derived_kinds: bool = False) -> list[str]:
    """Every problem of ``body`` as ``resource <name> (<type>) <json path>: message``; [] when it is valid.

    A ``kind`` no source names (``ingestion_map.DERIVED_KINDS``) is a problem unless ``derived_kinds``.
    """
    problems = [f"configure body {_path(e)}: {e.message}" for e in _errors("configure", body)]
    resources = body.get("resources") if isinstance(body, dict) else None
    if not isinstance(resources, list):
        return problems
    names: dict[str, dict] = {}
    types: dict[str, str] = {}
    for i, r in enumerate(resources):
        where = f"resources[{i}]"
        parsed = im.parse_schema_uri(r.get("$schema", "")) if isinstance(r, dict) else None
        if parsed is None:
            problems.append(f"{where}: $schema '{r.get('$schema') if isinstance(r, dict) else r}' is not a "
                            "Product Ingestion schema URI")
            continue
        rtype, version = parsed
        name = r.get("resourceName", "")
        where = f"resource {name or where} ({rtype})"
        if rtype not in im.VERSIONS:
            problems.append(f"{where}: unknown resource type")
            continue
        if version != im.VERSIONS[rtype].version:
            problems.append(f"{where}: $schema version {version}; the version table says {im.VERSIONS[rtype].version}")
        if name in names:
            problems.append(f"{where}: resourceName '{name}' is used twice")
        names[name], types[name] = r, rtype
        checked = copy.deepcopy(r)
        # The vendored schemas predate the newer schema host ([L-PI] documents both); check the rest of the URI.
        checked["$schema"] = checked["$schema"].replace(im.SCHEMA_HOST, im.OLD_SCHEMA_HOST, 1)
        if rtype == "price-and-availability-offer":
            # SaaS preview audiences are email addresses (Partner Center); the preview2 enum predates them.
            for a in checked.get("previewAudiences") or []:
                if isinstance(a, dict) and a.get("type") == "email":
                    a["type"] = "none"
        if not derived_kinds and rtype in ("listing", "property", "plan-listing") and r.get("kind") in im.DERIVED_KINDS:
            problems.append(f"{where} .kind: '{r['kind']}' is derived, not documented ({im.DERIVATION_RULE}); "
                            "export it only with --undocumented-kinds=derive")
        if rtype in VENDORED or rtype in PROVISIONAL:
            problems += [f"{where} {_path(e)}: {e.message}" for e in _errors(rtype, checked)]
    problems += _references(resources, names, types)
    return problems


def _references(resources: list, names: dict[str, dict], types: dict[str, str]) -> list[str]:
    problems = []
    products = {r.get("identity", {}).get("externalId") for n, r in names.items() if types[n] == "product"}
    plans = {r.get("identity", {}).get("externalId") for n, r in names.items() if types[n] == "plan"}
    languages: dict[str, str] = {}
    for name, r in names.items():
        rtype = types[name]
        where = f"resource {name} ({rtype})"
        for field, want, ids in (("product", "product", products), ("plan", "plan", plans),
                                 ("listing", "listing", None)):
            if field not in r:
                if (field == "product" and rtype not in ("product", "resource-tree")) or (
                        field == "plan" and rtype in ("plan-listing", "price-and-availability-plan")) or (
                        field == "listing" and rtype in ("listing-asset", "listing-trailer")):
                    problems.append(f"{where}: has no {field} reference")
                continue
            ref = r[field]
            if isinstance(ref, dict) and "resourceName" in ref:
                ok = types.get(ref["resourceName"]) == want
            elif isinstance(ref, dict) and "externalId" in ref and ids is not None:
                ok = ref["externalId"] in ids
            else:
                ok = isinstance(ref, str)  # a durable ID names a resource outside the body
            if not ok:
                problems.append(f"{where}: {field} reference {json.dumps(ref)} names no {want} in the body")
        if rtype == "listing":
            lang = r.get("languageId", "")
            if lang in languages:
                problems.append(f"{where}: a second listing for language '{lang}' (first: {languages[lang]})")
            languages[lang] = name
    return problems
