"""What happens after Review and publish: the publishing phases, their durations and a go-live estimate.

Facts are data, each with the Microsoft document and date it comes from:

* current Partner Center phases: [AD] review-publish-offer.md (ms.date 2022-02-16), partner-center-rules.md §8.2;
* Cloud Partner Portal step tables of 2018, from the seeds (Dutch machine translations of Microsoft pages):
  seed 004 (virtual machine offer, ms.date 2018-08-17, "allow up to 16 days") and seed 003 (Dynamics 365 for
  Customer Engagement, ms.date 2018-12-28, "allow up to 10 working days"); other 2018 estimates from §8.3;
* seed 002 (ISV app license management, ms.date 2021-04-29): live 4-6 hours after **Go live**;
* seed 000 (Managed Service offer, ms.date 2020-04-08): preview, **Go live**, republishing, notes for certification.

Durations are the sources' maximum estimates; none states a minimum except the 4-6 hours of seed 002 and the
"more than" times after Go live in review-publish-offer.md. Dates count calendar days, or Monday-Friday where
the source says working days; no source lists holidays, so none are skipped.

:func:`offer_pages` names the extra pages of an offer (the build renders them); :func:`offer_facts` is what those
pages show (a template global).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .model import Offer

MINUTE, HOUR, DAY, WEEK = 1, 60, 24 * 60, 7 * 24 * 60


@dataclass(frozen=True)
class Source:
    """A Microsoft document: ``document`` as cited in partner-center-rules.md, ``date`` its ms.date (ISO)."""

    document: str
    date: str
    note: str = ""

    @property
    def cite(self) -> str:
        return f"{self.document} ({self.date}){'; ' + self.note if self.note else ''}"


REVIEW_PUBLISH = Source("[AD] review-publish-offer.md", "2022-02-16", "partner-center-rules.md §8.2")
SEED_000 = Source("Create a new Managed Service offer (managed-service offer, Partner Center)", "2020-04-08",
                  "seed 000, Dutch machine translation")
SEED_002 = Source("Manage licensing in marketplace offers", "2021-04-29", "seed 002, Dutch machine translation")
SEED_003 = Source("[AD-cpp] Publish a Dynamics 365 for Customer Engagement offer", "2018-12-28",
                  "seed 003, Dutch machine translation")
SEED_004 = Source("[LEARN-old] cloud-partner-portal/virtual-machine/cpp-publish-offer", "2018-08-17",
                  "seed 004, Dutch machine translation; partner-center-rules.md §8.3")
CPP_API = Source("[AD-cpp] cloud-partner-portal-api-retrieve-offer-status.md / -retrieve-operations.md",
                 "2018-09-13", "estimatedTimeFrame in the JSON samples; partner-center-rules.md §8.3")


@dataclass(frozen=True)
class Duration:
    """A step's time as the source words it; ``max_minutes``/``min_minutes`` where the source gives a number."""

    text: str
    max_minutes: int | None = None
    min_minutes: int | None = None


NOT_STATED = Duration("not stated")
WAITS = Duration("waits for you")


@dataclass(frozen=True)
class Step:
    """One publishing step.

    ``checked``: what the step checks or does, in the source's words. ``checks``: listingpreview rule codes that
    check part of it before you submit, or ``section:<Partner Center section>`` for every rule of a section.
    ``when``: the offers it applies to (see :func:`_applies`); "" for all.
    """

    name: str
    duration: Duration
    checked: str
    checks: tuple[str, ...] = ()
    when: str = ""
    phase: str = ""


@dataclass(frozen=True)
class Timeline:
    """The publishing steps of one source, for the offer types it describes.

    ``total``: the source's overall estimate in its words; ``total_days`` its number; ``working_days``: the source
    counts working days (Monday-Friday). ``go_live_hours``: (min, max) hours from Go live to live, where stated.
    """

    key: str
    title: str
    applies_to: str
    types: tuple[str, ...]
    steps: tuple[Step, ...]
    source: Source
    total: str = ""
    total_days: int | None = None
    working_days: bool = False
    go_live_hours: tuple[int, int] | None = None
    when: str = ""
    notes: tuple[str, ...] = ()


ALL_TYPES: tuple[str, ...] = ()  # a Timeline with no types applies to every offer type

CURRENT = Timeline(
    "current", "Partner Center today: automated validation, certification, preview, sign-off, publish",
    "every offer type (\"the phases and overall sequence can vary depending on the type of offer\")", ALL_TYPES, (
        Step("Offer purchase flow setup", Duration("< 10 min", 10), "The purchase flow of an offer sold through "
             "Microsoft is set up.", ("LP610", "LP507", "LP508"), "sold_through_microsoft", "Automated validation"),
        Step("Test drive data validation", Duration("~5 min", 5), "The test drive's data is validated.",
             ("LP123", "LP121"), "test_drive", "Automated validation"),
        Step("Test drive provisioning", Duration("~30 min", 30), "The test drive is provisioned.", (), "test_drive",
             "Automated validation"),
        Step("Lead management validation and registration", Duration("< 15 min", 15),
             "The lead destination is validated and registered.", ("LP121",), "leads", "Automated validation"),
        Step("Offer validation", Duration("< 30 min", 30), "Quick content and technical checks; Partner Center shows "
             "a \"View validation report\" link. It does not block the preview.",
             ("LP100", "LP104", "LP106", "LP109", "LP301", "LP303", "LP610"), "saas", "Automated validation"),
        Step("Certification", NOT_STATED, "Publisher business eligibility, content validation and technical "
             "validation (malware scan, network calls, package analysis, functional scan). A failure report comes "
             "by email; you may resubmit any number of times.",
             ("section:Offer listing", "section:Properties", "section:Technical configuration"), "", "Certification"),
        Step("Preview creation", NOT_STATED, "A preview listing page that anyone with the preview link can view; "
             "for offers sold through Microsoft only the preview audience can buy or use it. A new preview "
             "replaces the previous one.", ("LP401",), "", "Preview creation"),
        Step("Publisher sign-off", WAITS, "Partner Center emails you the preview links and shows Go live. "
             "\"Cancel publish\" is possible only until this point.", (), "", "Publisher sign-off"),
        Step("Offer purchase flow setup", Duration("> 10 min", None, 10), "Again, for the live offer.",
             ("LP610",), "sold_through_microsoft", "Publish (after Go live)"),
        Step("Test drive data validation and provisioning", Duration("~5 min + ~30 min", 35), "Again, for the live "
             "offer.", (), "test_drive", "Publish (after Go live)"),
        Step("Lead management", Duration("> 15 min", None, 15), "Again, for the live offer.", ("LP121",), "leads",
             "Publish (after Go live)"),
        Step("Final publish", Duration("> 30 min", None, 30), "The offer is published to the live stores.", (), "",
             "Publish (after Go live)"),
    ), REVIEW_PUBLISH,
    notes=("Microsoft states no duration for certification or preview creation and no overall estimate, so no "
           "latest go-live date can be given from this source.",
           "Certification may happen on the way to the preview or to live, depending on the offer type."),
)

VM_2018 = Timeline(
    "vm-2018", "Virtual machine offer, Cloud Partner Portal (2018)", "Azure Virtual Machine offers",
    ("azure-virtual-machine",), (
        Step("Validate prerequisites", Duration("15 minutes", 15), "The offer information and offer settings are "
             "validated.", ("section:Offer setup", "LP100")),
        Step("Test drive validation (optional)", Duration("2 hours", 2 * HOUR), "If you enabled a test drive, "
             "Microsoft validates its configuration, deployment and replication across the selected regions.",
             ("LP123", "LP121"), "test_drive"),
        Step("Certification", Duration("3 days", 3 * DAY), "The Azure certification team analyses the offer: scans "
             "for viruses, malware, safety and security problems; feedback if a problem is found."),
        Step("Provisioning", Duration("4 days", 4 * DAY), "The virtual machine offer is replicated to the Marketplace "
             "production systems."),
        Step("Packaging and lead generation registration", Duration("< 1 hour", HOUR), "The offer's technical "
             "assets are packaged for customers; the lead systems are configured and set up.", ("LP121",)),
        Step("Publisher sign-off", WAITS, "Your final check and confirmation before the offer goes live; you can "
             "deploy the offer in the subscriptions you selected to check that it meets your requirements.",
             ("LP401",)),
        Step("Provisioning", Duration("4 days", 4 * DAY), "The completed VM offer is replicated to the Marketplace "
             "production systems and regions."),
        Step("Live", Duration("4 days", 4 * DAY), "The VM offer is released, replicated to the required regions "
             "and made available to the public."),
    ), SEED_004, "up to 16 days", 16,
    notes=("Estimates in the Cloud Partner Portal API samples of the same year differ: certification ~2-3 days "
           "(another sample: < 5 days), provisioning < 1 day, publisher sign-off < 1 hour, live ~2-5 days "
           f"({CPP_API.cite}).",),
)

CE_2018 = Timeline(
    "d365-ce-2018", "Dynamics 365 for Customer Engagement offer, Cloud Partner Portal (2018)",
    "Dynamics 365 apps on Dataverse and Power Apps (then: Dynamics 365 for Customer Engagement)",
    ("dynamics-365-dataverse",), (
        Step("Validate prerequisites", Duration("15 min", 15), "The offer information and offer settings are "
             "validated.", ("section:Offer setup", "LP100")),
        Step("Certification", Duration("1 week", WEEK), "The Azure certification team analyses the offer: scans for "
             "viruses, malware, safety, compatibility and security problems, and checks it against every "
             "eligibility criterion (the prerequisites); feedback if a problem is found.",
             ("section:Offer listing", "section:Properties")),
        Step("Packaging", Duration("1 hour", HOUR), "The offer's technical assets are packaged for customers; the "
             "lead systems are configured and set up.", ("LP121",)),
        Step("Publisher sign-off", WAITS, "Your final check and confirmation before the offer goes live; you can "
             "deploy it in the subscriptions you selected. Select Go Live to move on.", ("LP401",)),
        Step("Packaging (replication)", Duration("1 hour", HOUR), "The completed offer is replicated to the "
             "marketplace production systems and regions. (The translation names this step \"Packaging\" again.)"),
        Step("Live", Duration("4 days", 4 * DAY), "The offer is released, replicated to the required regions and "
             "made available to the public."),
    ), SEED_003, "up to 10 working days", 10, working_days=True,
)

LICENSED_GO_LIVE = Timeline(
    "license-management-2021", "Go live of an offer with ISV app license management (2021)",
    "Dynamics 365 apps on Dataverse with license management", ("dynamics-365-dataverse",), (
        Step("Review and verification", NOT_STATED, "After you publish, Microsoft reviews and verifies your "
             "information and notifies you of problems; when all are resolved you are told the offer is available. "
             "Offers ready to publish have the status Preview.", ("LP514", "LP122")),
        Step("Go live", Duration("4-6 hours", 6 * HOUR, 4 * HOUR), "Select Go live on the Offer overview page; the "
             "offer is live in 4-6 hours. The AppSource link at the bottom of the Offer overview page shows it."),
    ), SEED_002, "4-6 hours after Go live", go_live_hours=(4, 6), when="license_management",
)

TIMELINES: tuple[Timeline, ...] = (CURRENT, VM_2018, CE_2018, LICENSED_GO_LIVE)

# Seed 000 (Managed Service offer, 2020): the flow from Review and publish to a live offer.
FLOW: tuple[tuple[str, str], ...] = (
    ("Review and publish", "Every section must be Complete (not Not started or Incomplete) before you can submit."),
    ("Notes for certification", "Give the certification team testing instructions, so your app is tested "
     "correctly, and any notes that help them understand it."),
    ("Submit", "Microsoft emails you when a preview of the offer is ready to review and approve."),
    ("Preview audience", "Only the preview audience sees the offer in the marketplace before it goes live; include "
     "your own IDs so you can review it (a Managed Service offer in 2020: up to 10 Azure subscription IDs by hand or "
     "up to 100 in a CSV file)."),
    ("Go live", "Return to Partner Center and select Go live to publish the offer to the public (a private offer: "
     "to its private audience)."),
    ("Changes after publishing", "Edits to a published offer update Partner Center only; the stores change when "
     "you publish again. Submit the offer for publishing after each change."),
)
MANAGED_SERVICE_UPDATE = ("Customers who already added the offer see an icon on the Service providers page of the "
                          "Azure portal telling them an update is available; each decides whether to update.")


# ---------------------------------------------------------------------------------------------- dates


def add_working_days(start: date, n: int) -> date:
    """The date ``n`` working days (Monday-Friday) after ``start``; holidays are not known, so not skipped.

    A start on a weekend counts from the next Monday: Saturday + 1 working day is Monday.
    """
    d = start
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def submit_date(explicit: date | None = None) -> date | None:
    """The submission date estimates count from: ``explicit`` (``build --submit-date``), else the build date
    from ``SOURCE_DATE_EPOCH`` (reproducible builds), else None (no estimate shown)."""
    if explicit is not None:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return None


@dataclass(frozen=True)
class Estimate:
    """Go-live dates from a submission date: ``latest`` is None when the source states no total."""

    submitted: date
    earliest: date
    latest: date | None
    basis: str


def estimate(timeline: Timeline, submitted: date, steps: tuple[Step, ...] | None = None) -> Estimate:
    """Earliest and latest go-live date for ``timeline`` when submitted on ``submitted``.

    Earliest adds the stated minimum times (most steps state only a maximum, so often the same day); latest adds
    the source's total, in working days where the source counts working days. Your own sign-off time is not
    included: both assume you select Go live as soon as you are asked.
    """
    steps = timeline.steps if steps is None else steps
    minimum = sum(s.duration.min_minutes or 0 for s in steps)
    earliest = submitted + timedelta(minutes=minimum)
    if timeline.go_live_hours:
        lo, hi = timeline.go_live_hours
        return Estimate(submitted, submitted, None,
                        f"the source states no time for the review before Go live; once you select Go live the "
                        f"offer is live {lo}-{hi} hours later (the next day if you select it after {24 - hi}:00)")
    if timeline.total_days is None:
        return Estimate(submitted, earliest, None, "the source states no overall time")
    if timeline.working_days:
        latest = add_working_days(submitted, timeline.total_days)
        basis = f"{timeline.total}: {timeline.total_days} working days (Monday-Friday; holidays not counted)"
    else:
        latest = submitted + timedelta(days=timeline.total_days)
        basis = f"{timeline.total}: {timeline.total_days} calendar days"
    return Estimate(submitted, earliest, latest, basis + "; no step states a minimum, so it may be sooner")


# ---------------------------------------------------------------------------------------------- one offer


def sold_through_microsoft(offer: Offer) -> bool:
    """Transactable: SaaS sold through Microsoft, or an Azure offer with a paid plan (not free, not BYOL)."""
    s = offer.data.setup
    if offer.type == "saas":
        return bool(s.sell_through_microsoft)
    if offer.type in ("azure-virtual-machine", "azure-application", "azure-container"):
        return any(p.data.pricing.model not in (None, "free", "byol") for p in offer.plans)
    return False


def _applies(when: str, offer: Offer) -> bool:
    s = offer.data.setup
    return {"": True, "sold_through_microsoft": sold_through_microsoft(offer), "test_drive": s.test_drive,
            "leads": bool(s.lead_destination) or offer.type == "managed-service", "saas": offer.type == "saas",
            "license_management": s.license_management}[when]


@dataclass(frozen=True)
class CheckRef:
    code: str
    name: str


@dataclass
class StepView:
    step: Step
    checks: tuple[CheckRef, ...]


@dataclass
class TimelineView:
    timeline: Timeline
    steps: list[StepView]
    estimate: Estimate | None


@dataclass
class OfferPublishing:
    """What the Publishing page shows for one offer."""

    timelines: list[TimelineView]
    flow: tuple[tuple[str, str], ...]
    flow_source: Source
    type_notes: list[str]
    submitted: date | None
    licensing: object = None  # licensing.Licensing for offers with license management
    resellers: object = None  # resellers.Resellers for offers that can be sold through CSPs
    pages: list[tuple[str, str]] = field(default_factory=list)
    preview_checks: tuple[CheckRef, ...] = ()  # the preview audience rule, where it applies


TECHNICAL_TYPES = ("saas", "managed-service")


@lru_cache(maxsize=512)
def _rule_refs(codes: tuple[str, ...], offer_type: str, edition: str) -> tuple[CheckRef, ...]:
    """The rules behind ``codes`` that exist and apply to this offer type and edition (so links never dangle).

    Cached: rules are registered once, at import."""
    from .rules import all_rules

    rules = all_rules()
    by_code = {r.code: r for r in rules}
    out: list[CheckRef] = []
    for c in codes:
        if c == "section:Technical configuration" and offer_type not in TECHNICAL_TYPES:
            continue  # the content has a technical configuration only for these types
        # a whole section means its checks, not the loader's syntax rules listed under it
        found = [r for r in rules if r.section == c[8:] and r.func is not None] if c.startswith("section:") else \
            [by_code[c]] if c in by_code else []
        out += [CheckRef(r.code, r.name) for r in found if r.applies(offer_type, edition)
                and all(x.code != r.code for x in out)]
    return tuple(out)


def timelines_for(offer: Offer) -> list[Timeline]:
    """The timelines that describe ``offer``'s type, current first."""
    return [t for t in TIMELINES if (not t.types or offer.type in t.types) and (not t.when or _applies(t.when, offer))]


def offer_pages(view) -> dict[str, str]:
    """Extra pages of an offer view: output name -> template. Every offer has a Publishing page; offers that
    can be sold through Cloud Solution Providers also a Resellers page."""
    from . import resellers

    out = {"publishing.html": "publishing.html"}
    if resellers.eligible(view.offer):
        out["resellers.html"] = "resellers.html"
    return out


NAV_LABELS = {"publishing.html": "Publishing", "resellers.html": "Resellers"}


def nav_pages(view) -> list[tuple[str, str]]:
    """(href, label) of the extra pages, for the offer navigation."""
    return [(name, NAV_LABELS[name]) for name in offer_pages(view)]


def offer_facts(view, submitted: str = "") -> OfferPublishing:
    """Everything the Publishing and Resellers pages show for ``view`` (a pages.OfferView).

    ``submitted``: ISO date (``YYYY-MM-DD``) to estimate from, or "" for no estimate.
    """
    from . import licensing, resellers

    offer: Offer = view.offer
    day = date.fromisoformat(submitted) if submitted else None
    out = []
    for t in timelines_for(offer):
        steps = tuple(s for s in t.steps if _applies(s.when, offer))
        views = [StepView(s, _rule_refs(s.checks, offer.type, view.edition)) for s in steps]
        out.append(TimelineView(replace(t, steps=steps), views, estimate(t, day, steps) if day else None))
    notes = [MANAGED_SERVICE_UPDATE] if offer.type == "managed-service" else []
    return OfferPublishing(out, FLOW, SEED_000, notes, day, licensing.for_offer(offer),
                           resellers.for_offer(offer), nav_pages(view),
                           _rule_refs(("LP401",), offer.type, view.edition))


# ---------------------------------------------------------------------------------------------- the site


def site_facts() -> dict:
    """Every publishing, licensing and reseller fact with its source, for ``publishing-facts.html``."""
    from . import licensing, resellers
    from .names import OFFER_TYPES, RESELL_THROUGH_CSPS

    def types(t: Timeline) -> str:
        return ", ".join(OFFER_TYPES[k].label for k in t.types) if t.types else "every offer type"

    cancellations = [(label, resellers.cancellation(term, payment, False))
                     for label, term, payment in (("1 month, monthly billing", "1-month", "upfront"),
                                                  ("1 year, paid up front", "1-year", "upfront"),
                                                  ("1 year, paid monthly", "1-year", "monthly"),
                                                  ("2 or 3 years", "2-year", "upfront"))]
    return {"timelines": [(t, types(t)) for t in TIMELINES], "flow": FLOW, "flow_source": SEED_000,
            "managed_service_update": MANAGED_SERVICE_UPDATE, "license_buttons": licensing.BOX_TEXT,
            "base_license_model": licensing.BASE_LICENSE_MODEL, "license_source": licensing.SEED_002,
            "deal_registration": licensing.DEAL_REGISTRATION, "resell_options": RESELL_THROUGH_CSPS,
            "csp_program": resellers.CSP_PROGRAM, "eligible_text": resellers.ELIGIBLE_TEXT,
            "partner_center_only": resellers.PARTNER_CENTER_ONLY_SAAS, "billing_starts": resellers.BILLING_STARTS,
            "subscriptions_source": resellers.SUBSCRIPTIONS_2020, "partner_source": resellers.SEED_001,
            "reseller_schema": resellers.RESELLER_SCHEMA, "cancellations": cancellations}




def site_pages(env, site: dict) -> dict[str, bytes]:
    """Site-wide pages of this module (output path -> HTML): ``publishing-facts.html``.

    The pipeline keeps the result in its cache under the global key, so ``serve`` renders it once per layout set.
    """
    name = "publishing-facts.html"
    return {name: env.get_template(name).render(site=site, root="", page=name, path=name).encode("utf-8")}
