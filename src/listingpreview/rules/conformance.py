"""The conformance table: every documented rule per offer type and edition, and whether listingpreview checks it.

Rows come from the rules themselves (a rule with a limit key has a row wherever :mod:`.limits` documents
a value; a rule without one where its ``types`` say), from the rules on what was published
(:mod:`.published`), from the enumerations the content format enforces, and from the documented rules
that cannot be checked from the content files alone (:data:`NOT_OFFLINE`), each with the reason.
``scripts/gen-conformance.py`` writes it to ``docs/conformance.md``; the rules page shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..names import OFFER_TYPES
from . import all_rules
from .limits import EDITIONS, lookup
from .published import PUBLISHED_RULES

CHECKED = "checked"
CHECKED_REF = "checked against a reference (--compare-to)"
NOT_CHECKABLE = "not offline-checkable"

ALL = tuple(OFFER_TYPES)
_AZURE = ("saas", "azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
          "managed-service")


@dataclass(frozen=True)
class Row:
    """One documented rule for one offer type and edition."""

    offer_type: str
    edition: str
    code: str  # rule code ("" for a rule listingpreview cannot check)
    rule: str
    source: str
    date: str
    status: str
    reason: str = ""


@dataclass(frozen=True)
class Documented:
    """A documented rule that cannot be checked from the content files, with the reason."""

    rule: str
    types: tuple[str, ...]
    source: str
    date: str
    reason: str
    editions: tuple[str, ...] = EDITIONS


NOT_OFFLINE: tuple[Documented, ...] = (
    Documented("Offer ID is unique in the publisher account", ALL,
               "[AD] create-new-saas-offer.md; azure-vm-offer-setup.md", "2022-03-28",
               "needs the publisher's other offers in Partner Center (within one site: LP009)"),
    Documented("Logo design: no text in the logo, no white or black background, flat, not stretched or blurry",
               ALL, "[AD] includes/graphics-suggestions.md; seed 000 (2020-04-08)", "2020-07-24",
               "a visual judgement made in certification"),
    Documented("Silver or Gold Cloud Platform competency (or Azure Expert MSP) to publish", ("managed-service",),
               "[AD] create-managed-service-offer.md; seed 000 (2020-04-08)", "2021-09-13",
               "a property of the partner's membership, not of the offer content"),
    Documented("Landing page and connection webhook are available 24/7", ("saas",),
               "[AD] plan-saas-offer.md; create-new-saas-offer.md", "2022-08-02",
               "needs the live service (an online check)"),
    Documented("The same Azure AD application ID for all offers of a publisher account", ("saas",),
               "[AD] plan-saas-offer.md", "2022-08-02", "needs the publisher's other offers in Partner Center"),
    Documented("The privacy policy link leads to a valid privacy policy", tuple(t for t in ALL if t not in (
        "consulting-service", "power-bi-visual", "microsoft-365-app", "cosell-only")),
               "[AD] create-new-saas-offer-listing.md; seed 000 (2020-04-08)", "2022-03-16",
               "needs fetching and reading the page (an online check)"),
    Documented("Lead destination accepts leads (lead management validation)", ALL,
               "[AD] review-publish-offer.md", "2022-02-16", "needs the CRM system (an online check)"),
    Documented("Repackaged open source without added IP names the seller ('<Product> with support by <Seller>')",
               _AZURE, "certification policy 100.1.1 (v1.33)", "2022-05-20",
               "needs knowing whether the product is repackaged open source"),
    Documented("Consulting description: a detailed agenda for multi-day assessments and implementations, a "
               "daily/weekly agenda for workshops, and what determines an estimated price",
               ("consulting-service",), "[AD] plan-consulting-service-offer.md", "2022-06-29",
               "needs reading the description for meaning", ("latest",)),
    Documented("Private plans are not available to subscriptions bought through a CSP reseller",
               ("managed-service", "azure-virtual-machine"), "[AD] create-managed-service-offer-plans.md",
               "2021-07-12", "needs the customer's subscription type"),
    Documented("Each plan's Service ID is added to the solution package", ("dynamics-365-dataverse",),
               "Partner Center docs, Manage licensing in marketplace offers (nl-NL, seed 002)", "2021-04-29",
               "the package is not part of the content files"),
    Documented("Custom amendments: tenant IDs per amendment", ("saas", "azure-application", "azure-virtual-machine"),
               "[AD] azure-vm-properties.md", "2020-10-19",
               "the source states both 'Max 10' and 'up to 20' tenant IDs; no number to check against"),
    Documented("Managed application technical configuration: package version n.n.n, .zip package, HTTPS "
               "notification endpoint, up to 100 authorizations, up to 5 policies", ("azure-application",),
               "[AD] azure-app-managed.md", "2022-08-18",
               "the application package and its technical configuration are not part of the listing content"),
    Documented("Eligible authorizations: maximum duration 30 minutes to 8 hours, up to 10 approvers",
               ("managed-service",), "[AD] create-managed-service-offer-plans.md", "2021-07-12",
               "the just-in-time settings live in Partner Center, not in the content format", ("latest",)),
    Documented("Business Central supplemental content for certification: target release, supported editions, "
               "key-usage-scenario PDF, test accounts, app-tests automation (.app, Add-on only)",
               ("dynamics-365-business-central",), "[AD] partner-center-portal/create-new-business-central-offer.md",
               "2020-12-02", "certification material that is not part of the listing content"),
    Documented("Video links: no short URLs (human-readable redirects allowed)", ALL,
               "certification policy 100.3 (paraphrase in MicrosoftDocs/fabric-docs)", "2024-05-21",
               "needs following the redirect (an online check)"),
)

# Enumerations the content format enforces (LP003, a value not in the list), with their source.
FORMAT_RULES: tuple[tuple[str, tuple[str, ...] | None, str, str], ...] = (
    ("Plan visibility is Public or Private", _AZURE, "[AD] plans-pricing.md", "2021-07-05"),
    ("SaaS billing term is 1-month, 1-year, 2-year or 3-year; payment upfront, monthly or annual", ("saas",),
     "[AD] create-new-saas-offer-plans.md", "2022-08-02"),
    ("Lead destination is one Partner Center offers", ALL,
     "[AD] create-managed-service-offer.md; plan-saas-offer.md", "2022-08-02"),
    ("Azure Application plan is a solution template or a managed application", ("azure-application",),
     "[AD] plan-azure-application-offer.md", "2022-08-18"),
    ("Managed Service authorization access is Active or Eligible", ("managed-service",),
     "[AD] create-managed-service-offer-plans.md", "2021-07-12"),
    ("Business Central package type is Add-on or Connect", ("dynamics-365-business-central",),
     "[AD] partner-center-portal/create-new-business-central-offer.md", "2020-12-02"),
    ("Dataverse base license model is User or Resource", ("dynamics-365-dataverse",),
     "v1 ingestion API AzureDynamics365ForCustomerEngagement baseLicenseModel (saved OpenAPI)", "2022"),
    ("Consulting service type is Assessment, Briefing, Implementation, Proof of concept or Workshop",
     ("consulting-service",), "[AD] plan-consulting-service-offer.md", "2022-06-29"),
    ("Yes/no settings (Standard Contract, Sell through Microsoft, test drive, …) are true or false", ALL,
     "listingpreview content format (schema/*.schema.json)", "2026"),
)

_DATE = re.compile(r"\((\d{4}(?:-\d{2}-\d{2})?|undated)\)\s*$")


_ANY_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


def _split(source: str) -> tuple[str, str]:
    """``"doc (2022-08-02)"`` -> ``("doc", "2022-08-02")``. A source that cites several dated documents and ends
    with a note keeps its text whole and is dated by its newest document."""
    m = _DATE.search(source)
    if m:
        return source[:m.start()].strip(), m.group(1)
    dates = _ANY_DATE.findall(source)
    return source, max(dates) if dates else "undated"


def conformance_rows() -> list[Row]:
    """Every documented rule per offer type and edition, sorted by type, edition, then rule."""
    rows: list[Row] = []
    for t in OFFER_TYPES:
        for e in EDITIONS:
            for r in all_rules():
                if r.func is None or not r.applies(t, e):
                    continue
                if r.limit:
                    lim = lookup(r.limit, t, e)
                    assert lim is not None
                    source, date = lim.source, lim.date
                else:
                    source, date = _split(r.source)
                rows.append(Row(t, e, r.code, f"{r.name}: {r.summary}", source, date, CHECKED))
            for p in PUBLISHED_RULES.values():
                if p.types is None or t in p.types:
                    rows.append(Row(t, e, p.code, f"{p.name}: {p.summary}", p.source, p.date, CHECKED_REF))
            for name, types, source, date in FORMAT_RULES:
                if types is None or t in types:
                    rows.append(Row(t, e, "LP003", name, source, date, CHECKED))
            if t != "cosell-only":
                rows.append(Row(t, e, "LP009", "duplicate-offer-id: no two offers of a site share an offer ID",
                                "[AD] create-new-saas-offer.md", "2022-03-28", CHECKED))
            for d in NOT_OFFLINE:
                if t in d.types and e in d.editions:
                    rows.append(Row(t, e, "", d.rule, d.source, d.date, NOT_CHECKABLE, d.reason))
    return rows


def counts(rows: list[Row] | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """(offer type, edition) -> {"checked": n, "reference": n, "not offline-checkable": n}."""
    out: dict[tuple[str, str], dict[str, int]] = {}
    for r in rows if rows is not None else conformance_rows():
        c = out.setdefault((r.offer_type, r.edition), {"checked": 0, "reference": 0, "not offline-checkable": 0})
        key = "checked" if r.status == CHECKED else "reference" if r.status == CHECKED_REF else NOT_CHECKABLE
        c[key] += 1
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    """``docs/conformance.md``: the counts, then one table per offer type and edition."""
    rows = conformance_rows()
    c = counts(rows)
    out = ["# Conformance table", "",
           "Every documented Partner Center rule listingpreview knows, per offer type and edition, with the "
           "document (and its date) it comes from and whether it is checked. Generated from the rules data by "
           "`scripts/gen-conformance.py`; a test keeps it current. Rules marked *checked against a reference* run "
           "with `check --compare-to REF` or `build --compare-to REF`.", "",
           "## Counts", "", "| Offer type | Edition | Checked | Checked against a reference | Not offline-checkable |",
           "|---|---|---|---|---|"]
    for t in OFFER_TYPES:
        for e in EDITIONS:
            n = c.get((t, e), {})
            out.append(f"| {OFFER_TYPES[t].label} | {e} | {n.get('checked', 0)} | {n.get('reference', 0)} | "
                       f"{n.get(NOT_CHECKABLE, 0)} |")
    for t in OFFER_TYPES:
        for e in EDITIONS:
            out += ["", f"## {OFFER_TYPES[t].label} ({t}), edition {e}", "",
                    "| Code | Rule | Source | Date | Status |", "|---|---|---|---|---|"]
            for r in rows:
                if r.offer_type == t and r.edition == e:
                    status = r.status + (f": {r.reason}" if r.reason else "")
                    out.append(f"| {r.code or '—'} | {_cell(r.rule)} | {_cell(r.source)} | {r.date} | "
                               f"{_cell(status)} |")
    return "\n".join(out) + "\n"
