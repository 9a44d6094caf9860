"""Marketplace limits as data, keyed by rule key, edition and offer type.

Every number comes from the Partner Center documentation as compiled in the
team's research notes (``partner-center-rules.md``), and carries the document
and its date (``ms.date``). ``[AD] x.md`` means MicrosoftDocs/azure-docs
``articles/marketplace/x.md``. A value of None means the documentation of that
type and edition states no limit, so no check is made.

Editions: ``2020`` is what the Partner Center docs of 2020 describe;
``latest`` the newest documented values (mostly 2021–2022 docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..names import AZURE_TYPES, DYNAMICS_TYPES, OFFER_TYPES


@dataclass(frozen=True)
class Limit:
    """A documented limit. value: int, tuple or other data; source: document; date: its ms.date (ISO)."""

    value: Any
    source: str
    date: str

    @property
    def cite(self) -> str:
        return f"{self.source} ({self.date})"


def L(value, source, date):  # noqa: N802 - short on purpose: the table below is read as data
    return Limit(value, source, date)


ALL = tuple(OFFER_TYPES)
EDITIONS = ("latest", "2020")
SEED000_CITE = "[AD] partner-center-portal/create-new-managed-service-offer.md (nl-NL translation, seed 000)"

# rule key -> edition -> offer type or "*" -> Limit
TABLE: dict[str, dict[str, dict[str, Limit | None]]] = {
    "offer_id": {
        "latest": {"*": L(50, "[AD] create-new-saas-offer.md; azure-vm-offer-setup.md", "2022-03-28")},
        "2020": {"*": L(50, "[AD] marketplace-criteria-content-validation.md", "2020-04-16")},
    },
    # Offer ID + publisher ID must be under 40 characters. The newest source naming the rule for Dataverse is the
    # license-management page of 04/29/2021 (seed 002); dynamics-365-customer-engage-offer-setup.md (04/20/2021)
    # gives "≤ 50" without the combined rule, and a later draft comments the line out (partner-center-rules.md §1.2).
    "offer_plus_publisher_id": {
        "2020": {t: L(40, "[AD] partner-center-portal/create-new-business-central-offer.md "
                          "(offer ID + publisher ID must be under 40 characters)", "2020-12-02")
                 for t in DYNAMICS_TYPES},
        "latest": {
            "dynamics-365-business-central": L(40, "[AD] partner-center-portal/create-new-business-central-offer.md "
                                                   "(offer ID + publisher ID under 40)", "2020-12-02"),
            "dynamics-365-dataverse": L(40, "Partner Center docs, Manage licensing in marketplace offers "
                                            "(nl-NL translation, seed 002; offer ID + publisher ID under 40; "
                                            "older: customer-engage-offer-setup.md 2021-04-20, ≤ 50)", "2021-04-29"),
            "dynamics-365-operations": L(40, "[AD] partner-center-portal/create-new-business-central-offer.md and "
                                             "localized 2020–2021 create-offer pages (offer ID + publisher ID "
                                             "under 40)",
                                         "2020-12-02"),
        },
    },
    # API: identity.externalId ^[a-z0-9][a-z0-9-_]{2,49}$ (3 to 50 characters, first one a letter or digit)
    "offer_id_api": {
        e: {"*": L((3, r"^[a-z0-9]"), "Product Ingestion API schema product-2022-03-01-preview2 (externalId pattern)",
                   "2023-02-02")} for e in EDITIONS
    },
    "offer_alias": {
        e: {"*": L(120, "Product Ingestion API schema product-2022-03-01-preview2 (alias maxLength)", "2023-02-02")}
        for e in EDITIONS
    },
    "name": {
        "2020": {
            "*": L(50, "[AD] create-new-saas-offer-listing.md", "2020-06-25"),
            "dynamics-365-business-central": L(50, "[AD] partner-center-portal/create-new-business-central-offer.md", "2020-12-02"),
            "consulting-service": L(50, "[AD] create-consulting-service-offer-listing.md", "2020-11-09"),
            "azure-container": L(50, "[AD] marketplace-criteria-content-validation.md", "2020-04-16"),
            "managed-service": L(50, SEED000_CITE, "2020-04-08"),
            "power-bi-visual": None,
            "microsoft-365-app": L(50, "OfficeDev/office-store-docs docs/office-store-listing.md", "2018-01-11"),
        },
        "latest": {
            "saas": L(200, "[AD] plan-saas-offer.md", "2022-08-02"),
            "azure-application": L(200, "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "azure-virtual-machine": L(200, "[AD] azure-vm-offer-listing.md", "2022-03-15"),
            "iot-edge-module": L(200, "[AD] iot-edge-offer-listing.md", "2022-03-15"),
            "consulting-service": L(200, "[AD] plan-consulting-service-offer.md", "2022-06-29"),
            "dynamics-365-business-central": L(200, "[AD] dynamics-365-business-central-offer-listing.md", "2022-03-15"),
            "dynamics-365-dataverse": L(200, "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L(200, "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "azure-container": L(50, "[AD] azure-container-offer-listing.md", "2021-03-30"),
            "power-bi-app": L(50, "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
            "cosell-only": L(200, "[AD] plan-saas-offer.md", "2022-08-02"),
            # Managed Service: "prefilled from alias; limit not stated" (create-managed-service-offer-listing.md 03/15/2022)
            "managed-service": None,
            "power-bi-visual": None,
            "microsoft-365-app": None,
        },
    },
    "summary": {
        "2020": {
            "*": L(100, "[AD] create-new-saas-offer-listing.md", "2020-06-25"),
            "consulting-service": L(200, "[AD] create-consulting-service-offer-listing.md", "2020-11-09"),
            "power-bi-visual": None,
        },
        "latest": {
            "*": L(100, "[AD] plan-saas-offer.md; certification policy 100.1.2", "2022-08-02"),
            "azure-application": L(100, "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "managed-service": L(100, "[AD] create-managed-service-offer-listing.md", "2022-03-15"),
            "consulting-service": L(200, "[AD] plan-consulting-service-offer.md", "2022-06-29"),
            "power-bi-visual": None,
            "microsoft-365-app": L(100, "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
    },
    "short_description": {
        e: {
            "azure-application": L(256, "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "azure-virtual-machine": L(256, "[AD] azure-vm-create-listing.md (older VM doc; the 2022 page states no limit)", "2020"),
            "azure-container": L(256, "[AD] azure-container-offer-listing.md", "2021-03-30"),
            "iot-edge-module": L(256, "[AD] iot-edge-offer-listing.md", "2022-03-15"),
            "managed-service": L(256, "[AD] create-managed-service-offer-listing.md", "2022-03-15"),
        }
        for e in EDITIONS
    },
    "description": {
        "2020": {
            "*": L(3000, "[AD] create-new-saas-offer-listing.md; includes/long-description-1.md", "2020-06-25"),
            "consulting-service": L(2000, "[AD] create-consulting-service-offer-listing.md", "2020-11-09"),
            "microsoft-365-app": L(4000, "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
        "latest": {
            "saas": L(5000, "[AD] plan-saas-offer.md", "2022-08-02"),
            "azure-application": L(5000, "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "managed-service": L(5000, "[AD] create-managed-service-offer-listing.md", "2022-03-15"),
            "consulting-service": L(5000, "[AD] plan-consulting-service-offer.md", "2022-06-29"),
            "cosell-only": L(5000, "[AD] plan-saas-offer.md", "2022-08-02"),
            "azure-virtual-machine": None,  # "required; limit not stated on page" (azure-vm-offer-listing.md 03/15/2022)
            "azure-container": L(3000, "[AD] azure-container-offer-listing.md", "2021-03-30"),
            "iot-edge-module": L(3000, "[AD] iot-edge-offer-listing.md", "2022-03-15"),
            "dynamics-365-business-central": L(3000, "[AD] dynamics-365-business-central-offer-listing.md", "2022-03-15"),
            "dynamics-365-dataverse": L(3000, "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L(3000, "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L(3000, "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
            "power-bi-visual": L(3000, "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
            "microsoft-365-app": L(4000, "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
    },
    "getting_started": {
        "2020": {"saas": L(3000, "[AD] plan-saas-offer.md", "2020-08-30")},
        "latest": {"saas": L(3000, "[AD] plan-saas-offer.md", "2022-08-02")},
    },
    "keywords": {
        e: {t: L(3, "[AD] plan-saas-offer.md and each listing page", "2022-08-02")
            for t in ("saas", "azure-application", "consulting-service", "power-bi-visual", "microsoft-365-app")
            + DYNAMICS_TYPES}
        for e in EDITIONS
    },
    "useful_link_title": {
        e: {"saas": L(255, "[AD] create-new-saas-offer-listing.md", "2022-03-16"),
            "azure-application": L(255, "[AD] azure-app-offer-listing.md", "2022-03-16")}
        for e in EDITIONS
    },
    "useful_links_count": {
        e: {"azure-container": L(25, "[AD] azure-container-offer-listing.md", "2021-03-30"),
            "iot-edge-module": L(25, "[AD] iot-edge-offer-listing.md", "2022-03-15")}
        for e in EDITIONS
    },
    # (min, max) screenshots per offer
    "screenshots": {
        "2020": {
            "*": L((0, 5), "[AD] create-new-saas-offer-listing.md (up to 5)", "2020-06-25"),
            "saas": L((1, 5), "[AD] create-new-saas-offer-listing.md", "2020-06-25"),
            "dynamics-365-business-central": L((3, 5), "[AD] partner-center-portal/create-new-business-central-offer.md", "2020-12-02"),
            "consulting-service": L((1, 5), "[AD] create-consulting-service-offer-listing.md", "2020-11-09"),
        },
        "latest": {
            "*": L((0, 5), "[AD] azure-vm-offer-listing.md", "2022-03-15"),
            "saas": L((1, 5), "[AD] plan-saas-offer.md", "2022-08-02"),
            "azure-application": L((0, 5), "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "azure-container": L((1, 5), "[AD] azure-container-offer-listing.md", "2021-03-30"),
            "iot-edge-module": L((0, 5), "[AD] iot-edge-offer-listing.md", "2022-03-15"),
            "managed-service": L((0, 5), "[AD] create-managed-service-offer-listing.md", "2022-03-15"),
            "consulting-service": L((1, 5), "[AD] plan-consulting-service-offer.md", "2022-06-29"),
            "dynamics-365-business-central": L((3, 5), "[AD] dynamics-365-business-central-offer-listing.md", "2022-03-15"),
            "dynamics-365-dataverse": L((1, 5), "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L((1, 5), "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L((1, 5), "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
            "power-bi-visual": L((1, 5), "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
            "microsoft-365-app": L((1, 5), "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
    },
    # (width, height) of a screenshot, PNG
    "screenshot_size": {
        e: {"*": L((1280, 720), "[AD] plan-saas-offer.md; azure-vm-offer-listing.md", "2022-08-02"),
            "power-bi-visual": L((1366, 768), "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
            "microsoft-365-app": L((1366, 768), "OfficeDev/office-store-docs docs/appsource-listing.md", "undated")}
        for e in EDITIONS
    },
    "videos": {
        "2020": {
            "*": L(5, "[AD] azure-vm-offer-listing.md; listing pages (up to 5)", "2020"),
            "saas": L(4, "[AD] create-new-saas-offer-listing.md", "2020-06-25"),
            "azure-application": L(4, "[AD] azure-app-offer-listing.md", "2021-06-01"),
            "consulting-service": L(4, "[AD] create-consulting-service-offer-listing.md", "2020-11-09"),
            "dynamics-365-business-central": L(4, "[AD] partner-center-portal/create-new-business-central-offer.md", "2020-12-02"),
        },
        "latest": {
            "*": L(5, "[AD] azure-vm-offer-listing.md", "2022-03-15"),
            "saas": L(4, "[AD] plan-saas-offer.md", "2022-08-02"),
            "azure-application": L(5, "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "consulting-service": L(4, "[AD] plan-consulting-service-offer.md", "2022-06-29"),
            "dynamics-365-business-central": L(4, "[AD] dynamics-365-business-central-offer-listing.md", "2022-03-15"),
            "dynamics-365-dataverse": L(4, "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L(5, "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L(4, "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
            "power-bi-visual": L(1, "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
        },
    },
    "video_thumbnail_size": {
        e: {"*": L((1280, 720), "[AD] plan-saas-offer.md; listing pages", "2022-08-02")} for e in EDITIONS
    },
    # logos: {slot: (min_w, min_h, max_w, max_h, required)}; square ranges use min/max
    "logos": {
        "2020": {
            "*": L({"small_logo": (48, 48, 48, 48, True), "medium_logo": (90, 90, 90, 90, True),
                    "large_logo": (216, 216, 216, 216, True), "wide_logo": (255, 115, 255, 115, False)},
                   "[AD] create-new-saas-offer-listing.md; plan-saas-offer.md 2020-08-30 (Small 48, Medium 90, "
                   "Large 216 required; Wide 255×115 optional)", "2020-06-25"),
            # Seed 000: "four logo sizes are required: Small (40x40), Medium (90x90), Large (115x115), Wide (255x115)"
            "managed-service": L({"small_logo": (40, 40, 40, 40, True), "medium_logo": (90, 90, 90, 90, True),
                                  "large_logo": (115, 115, 115, 115, True), "wide_logo": (255, 115, 255, 115, True)},
                                 SEED000_CITE, "2020-04-08"),
            "power-bi-visual": L({"large_logo": (300, 300, 300, 300, True)}, "[AD] power-bi-visual-offer-listing.md "
                                 "(no 2020 page; the oldest stored one)", "2022-07-18"),
            "microsoft-365-app": L({"large_logo": (300, 300, 300, 300, True)},
                                   "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
        "latest": {
            "*": L({"large_logo": (216, 216, 350, 350, True), "medium_logo": (90, 90, 90, 90, False),
                    "small_logo": (48, 48, 48, 48, False)},
                   "[AD] plan-saas-offer.md (Large 216–350 required; Medium 90 and Small 48 derived)", "2022-08-02"),
            # Consulting and AppSource-only types: Large + Small only (partner-center-rules.md §5.1)
            **{t: L({"large_logo": (216, 216, 350, 350, True), "small_logo": (48, 48, 48, 48, False)},
                    src, date)
               for t, src, date in (
                   ("consulting-service", "[AD] plan-consulting-service-offer.md (Large + Small only)", "2022-06-29"),
                   ("dynamics-365-business-central", "[AD] dynamics-365-business-central-offer-listing.md; "
                    "includes/logos-appsource-only.md (Large + Small)", "2022-03-15"),
                   ("dynamics-365-dataverse", "[AD] dynamics-365-customer-engage-offer-listing.md; "
                    "includes/logos-appsource-only.md (Large + Small)", "2021-12-03"),
                   ("dynamics-365-operations", "[AD] dynamics-365-operations-offer-listing.md; "
                    "includes/logos-appsource-only.md (Large + Small)", "2021-12-03"),
                   ("power-bi-app", "[AD] power-bi-app-offer-listing.md; includes/logos-appsource-only.md "
                    "(Large + Small)", "2021-05-26"))},
            "power-bi-visual": L({"large_logo": (300, 300, 300, 300, True)}, "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
            "microsoft-365-app": L({"large_logo": (300, 300, 300, 300, True)}, "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
    },
    "categories": {
        "2020": {
            "managed-service": L((1, 5), SEED000_CITE, "2020-04-08"),
            "saas": L((1, 2), "[AD] includes/categories.md", "2020-07-30"),
            "azure-application": L((1, 2), "[AD] includes/categories.md", "2020-07-30"),
            "azure-virtual-machine": L((1, 2), "[AD] azure-vm-properties.md", "2020-10-19"),
            "dynamics-365-business-central": L((1, 2), "[AD] partner-center-portal/create-new-business-central-offer.md", "2020-12-02"),
        },
        "latest": {
            "managed-service": L((1, 5), "[AD] create-managed-service-offer-properties.md", "2021-07-12"),
            "saas": L((1, 2), "[AD] categories.md; create-new-saas-offer-properties", "2021-10-29"),
            "azure-application": L((1, 2), "[AD] plan-azure-application-offer.md", "2022-08-18"),
            "azure-virtual-machine": L((1, 2), "[AD] azure-vm-properties.md", "2020-10-19"),
            "azure-container": L((1, 2), "[AD] azure-container-properties.md", "2022-03-15"),
            "dynamics-365-business-central": L((1, 2), "[AD] marketplace-categories-industries.md", "2021-08-20"),
            "dynamics-365-dataverse": L((1, 2), "[AD] marketplace-categories-industries.md", "2021-08-20"),
            "dynamics-365-operations": L((1, 2), "[AD] marketplace-categories-industries.md", "2021-08-20"),
            "power-bi-app": L((1, 2), "[AD] marketplace-categories-industries.md", "2021-08-20"),
        },
    },
    "industries": {
        e: {t: L(2, "[AD] includes/industry-taxonomy.md; marketplace-categories-industries.md", "2021-08-20")
            for t in ("saas", "consulting-service", "power-bi-app") + DYNAMICS_TYPES}
        for e in EDITIONS
    },
    # (inline max, CSV max, identifier kind)
    "preview_audience": {
        e: {
            "saas": L((10, 20, "email"), "[AD] create-new-saas-offer-preview.md; includes/preview-audience.md", "2020-11-24"),
            "azure-application": L((10, 100, "subscription"), "[AD] azure-app-preview.md", "2022-03-08"),
            "managed-service": L((10, 100, "subscription"), SEED000_CITE + " (10 by hand, CSV up to 100)"
                                 if e == "2020" else "[AD] azure-app-preview.md (subscription-ID preview audience; "
                                 "seed 000 of 2020-04-08 says the same for Managed Service)",
                                 "2020-04-08" if e == "2020" else "2022-03-08"),
            # VM: subscription IDs; the VM docs state no count limit (marketplace-virtual-machines.md 11/17/2021)
            "azure-virtual-machine": L((None, None, "subscription"), "[AD] marketplace-virtual-machines.md "
                                       "(subscription IDs; no count limit stated)", "2021-11-17"),
        }
        for e in EDITIONS
    },
    "plans_count": {
        e: {t: L((100, 45), "[AD] plans-pricing.md (up to 100 plans, 45 private)", "2021-07-05")
            for t in ("saas", "azure-application", "azure-virtual-machine", "azure-container",
                      "iot-edge-module", "managed-service", "dynamics-365-dataverse")}
        for e in EDITIONS
    },
    "plan_id": {
        e: {t: L(50, "[AD] plans-pricing.md; create-managed-service-offer-plans.md", "2021-07-12")
            for t in AZURE_TYPES + ("dynamics-365-dataverse",)}
        for e in EDITIONS
    },
    "plan_name": {
        "2020": {t: L(50, "[AD] plans-pricing.md", "2020-08-31") for t in AZURE_TYPES + ("dynamics-365-dataverse",)},
        "latest": {
            "saas": L(200, "[AD] create-new-saas-offer-plans.md", "2022-08-02"),
            "azure-application": L(100, "[AD] azure-app-plans.md (plan listing tab)", "2021-06-01"),
            "azure-virtual-machine": L(100, "[AD] azure-vm-plan-listing.md", "2022-02-10"),
            "azure-container": L(200, "[AD] azure-container-plan-listing.md", "2021-03-30"),
            "iot-edge-module": L(50, "[AD] plans-pricing.md", "2021-07-05"),
            "managed-service": L(50, "[AD] create-managed-service-offer-plans.md", "2021-07-12"),
            "dynamics-365-dataverse": L(50, "[AD] plans-pricing.md", "2021-07-05"),
        },
    },
    "plan_summary": {
        "2020": {t: L(100, "[AD] plans-pricing.md", "2020-08-31")
                 for t in ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module", "managed-service")},
        "latest": {
            "azure-application": L(100, "[AD] azure-app-plans.md", "2021-06-01"),
            "azure-virtual-machine": L(100, "[AD] azure-vm-plan-listing.md", "2022-02-10"),
            "azure-container": L(100, "[AD] azure-container-plan-listing.md", "2021-03-30"),
            "iot-edge-module": L(100, "[AD] plans-pricing.md", "2021-07-05"),
            "managed-service": L(100, "[AD] plans-pricing.md (plan summary, used in search results)", "2021-07-05"),
        },
    },
    "plan_description": {
        "2020": {t: L(500, "[AD] plans-pricing.md", "2020-08-31") for t in AZURE_TYPES + ("dynamics-365-dataverse",)},
        "latest": {
            "saas": L(3000, "[AD] create-new-saas-offer-plans.md", "2022-08-02"),
            "azure-application": L(2000, "[AD] azure-app-plans.md", "2021-06-01"),
            "azure-virtual-machine": L(2000, "[AD] azure-vm-plan-listing.md", "2022-02-10"),
            "azure-container": L(3000, "[AD] azure-container-plan-listing.md", "2021-03-30"),
            "iot-edge-module": L(500, "[AD] plans-pricing.md", "2021-07-05"),
            "managed-service": L(500, "[AD] plans-pricing.md", "2021-07-05"),
            "dynamics-365-dataverse": L(500, "[AD] plans-pricing.md", "2021-07-05"),
        },
    },
    # pricing models allowed per type
    "pricing_models": {
        e: {
            "saas": L(("flat-rate", "per-user"), "[AD] plan-saas-offer.md; create-new-saas-offer-plans.md", "2022-08-02"),
            "managed-service": L(("byol",), "[AD] create-managed-service-offer-plans.md (BYOL only)", "2021-07-12"),
            "azure-virtual-machine": L(("free", "byol", "flat-rate", "per-core", "per-core-size",
                                        "per-market-and-core-size", "usage-based"),
                                       "[AD] azure-vm-plan-pricing-and-availability.md", "2022-02-10"),
            "azure-application": L(("free", "monthly"), "[AD] azure-app-managed.md; plan-azure-application-offer.md", "2022-08-18"),
            "azure-container": L(("free", "byol"), "[AD] determine-your-listing-type.md", "2021-04-12"),
            "iot-edge-module": L(("free", "byol"), "[AD] determine-your-listing-type.md", "2021-04-12"),
        }
        for e in EDITIONS
    },
    # SaaS billing term -> allowed payment options (plan-saas-offer.md 08/02/2022 table); 2020: monthly or annual
    "billing_terms": {
        "2020": {"saas": L({"1-month": ("upfront",), "1-year": ("upfront",)},
                           "[AD] plan-saas-offer.md (flat rate monthly or annual)", "2020-08-30")},
        "latest": {"saas": L({"1-month": ("upfront",), "1-year": ("upfront", "monthly"),
                              "2-year": ("upfront", "monthly", "annual"), "3-year": ("upfront", "monthly", "annual")},
                             "[AD] create-new-saas-offer-plans.md; plan-saas-offer.md", "2022-08-02")},
    },
    "metered_dimensions": {
        e: {"saas": L(30, "[AD] create-new-saas-offer-plans.md", "2022-08-02"),
            "azure-application": L(18, "[AD] azure-app-managed.md", "2022-08-18")}
        for e in EDITIONS
    },
    "vm_trial_months": {
        e: {"azure-virtual-machine": L((1, 3, 6), "[AD] azure-vm-plan-pricing-and-availability.md", "2022-02-10")}
        for e in EDITIONS
    },
    # (inline max, CSV max, identifier kind)
    "private_audience": {
        e: {
            "saas": L((10, 20000, "tenant"), "[AD] create-new-saas-offer-plans.md", "2022-08-02"),
            "managed-service": L((10, 10000, "subscription"), "[AD] create-managed-service-offer-plans.md", "2021-07-12"),
            "azure-application": L((10, 10000, "subscription"), "[AD] azure-app-managed.md", "2022-08-18"),
            "azure-virtual-machine": L((10, 10000, "subscription-or-tenant"), "[AD] azure-vm-plan-pricing-and-availability.md; plans-pricing.md", "2022-02-10"),
        }
        for e in EDITIONS
    },
    "public_plan": {
        e: {t: L(1, "certification policy 100.1.5 (each offer needs at least one public plan)", "2024-05-21")
            for t in AZURE_TYPES}
        for e in EDITIONS
    },
    "manifest_version": {
        e: {"managed-service": L(r"^\d+\.\d+\.\d+$", "[AD] create-managed-service-offer-plans.md (format n.n.n)", "2021-07-12")}
        for e in EDITIONS
    },
    "authorizations": {
        e: {"managed-service": L((1, 20), "[AD] create-managed-service-offer-plans.md (up to 20 per plan)", "2021-07-12")}
        for e in EDITIONS
    },
    "managed_service_policy": {
        e: {"managed-service": L(True, "[AD] create-managed-service-offer.md", "2021-09-13")} for e in EDITIONS
    },
    # (phrase, where): "begin" — the description begins with it; "begin-or-end" — begins or ends with it
    "language_phrase": {
        "latest": {"*": L(("This application is available only in {language}.", "begin"),
                          "[AD] create-new-saas-offer-listing.md; azure-app-offer-listing.md", "2022-03-16"),
                   "managed-service": L(("This service is available in {language}.", "begin-or-end"),
                                        "[AD] create-managed-service-offer-listing.md (begin or end)", "2022-03-15"),
                   "consulting-service": L(("This service is available in {language}.", "begin-or-end"),
                                           "[AD] create-consulting-service-offer-listing.md (begin or end)",
                                           "2020-11-09")},
        "2020": {"*": L(("This application is available only in {language}.", "begin"),
                        "[AD] create-new-saas-offer-listing.md", "2020-06-25"),
                 # seed 000: the description must begin with "This application is available only in [language]."
                 "managed-service": L(("This application is available only in {language}.", "begin"),
                                      SEED000_CITE, "2020-04-08"),
                 "consulting-service": L(("This service is available in {language}.", "begin-or-end"),
                                         "[AD] create-consulting-service-offer-listing.md (begin or end)",
                                         "2020-11-09")},
    },
    "name_emoji": {
        e: {"*": L("™ ©", "[AD] plan-saas-offer.md; azure-vm-offer-listing.md (™/© allowed, no emoji)", "2022-08-02")}
        for e in EDITIONS
    },
    # Which links must be https (the rest may be http or https: the listing schema's generalLinks and contact url
    # are ^(http|https):// and container/IoT Edge docs say "http:// or https://").
    "https": {
        e: {"*": L((), "Product Ingestion API schema listing-2022-03-01-preview2 (links ^(http|https)://); "
                       "azure-container-offer-listing.md 2021-03-30; iot-edge-offer-listing.md 2022-03-15",
                   "2023-02-02"),
            "saas": L(("privacy_policy_link", "useful_links"),
                      "[AD] create-new-saas-offer-listing.md (privacy policy and useful links start with https)",
                      "2022-03-16"),
            "azure-application": L(("privacy_policy_link", "useful_links"),
                                   "[AD] azure-app-offer-listing.md (https)", "2022-03-16"),
            "managed-service": L(("privacy_policy_link", "useful_links", "support_urls"),
                                 "[AD] create-managed-service-offer-listing.md (https)", "2022-03-15")}
        for e in EDITIONS
    },
    "video_hosts": {
        e: {"*": L(("YouTube", "Vimeo"), "[AD] plan-saas-offer.md (YouTube or Vimeo only)", "2022-08-02")}
        for e in EDITIONS
    },
    "description_tags": {
        e: {"*": L(("b", "i", "br", "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a"),
                   "[AD] supported-html-tags.md; includes/long-description-3.md", "2021-01-26")}
        for e in EDITIONS
    },
    "png_only": {
        e: {"*": L("PNG", "[AD] azure-vm-offer-listing.md; azure-container-offer-listing.md (all images must be PNG)", "2022-03-15")}
        for e in EDITIONS
    },
    "saas_landing_page": {
        e: {"saas": L("https, no '#', no secrets or tokens", "[AD] plan-saas-offer.md; create-new-saas-offer-technical "
                      "(Microsoft Learn copy: no '#', no secrets or tokens in the landing page URL)", "2022-08-02")}
        for e in EDITIONS
    },
    # Managed Service: plan ID and plan name hold only letters, digits, '-' and '_' (seed 000); the 2021 plan page
    # gives only the 50-character limit, without contradicting the character rule.
    "plan_name_chars": {
        e: {"managed-service": L(r"^[A-Za-z0-9_-]+$", SEED000_CITE + " (plan ID and plan name: alphanumeric, "
                                 "dashes and underscores, at most 50)", "2020-04-08")}
        for e in EDITIONS
    },
    # Azure Application: a solution template plan has no pricing; only managed-application plans are priced.
    "solution_template_free": {
        e: {"azure-application": L(("free",), "[AD] plan-azure-application-offer.md (solution template: no pricing); "
                                   "plans-pricing.md 2021-07-05 (plans without pricing)", "2022-08-18")}
        for e in EDITIONS
    },
    "summary_not_title": {
        "latest": {"consulting-service": L(True, "[AD] plan-consulting-service-offer.md (search results summary "
                                                 "not identical to the title)", "2022-06-29")},
    },
    # bytes per screenshot file
    "screenshot_file_size": {
        e: {"power-bi-visual": L(1024 * 1024, "[AD] power-bi-visual-offer-listing.md (≤ 1024 KB)", "2022-07-18"),
            "microsoft-365-app": L(50 * 1024 * 1024,
                                   "OfficeDev/office-store-docs docs/appsource-listing.md (≤ 50 MB)", "undated")}
        for e in EDITIONS
    },
    "logo_file_size": {
        e: {"microsoft-365-app": L(50 * 1024 * 1024, "OfficeDev/office-store-docs docs/appsource-listing.md "
                                   "(icon ≤ 50 MB)", "undated")}
        for e in EDITIONS
    },
    # (min, max) supporting documents (PDF)
    "supporting_documents": {
        "2020": {
            "saas": L((1, 3), "[AD] create-new-saas-offer-listing.md (1–3 PDF)", "2020-06-25"),
            "consulting-service": L((1, 3), "[AD] plan-consulting-service-offer.md (1–3 required; no 2020 value "
                                            "stored)", "2022-06-29"),
            "dynamics-365-business-central": L((1, 3), "[AD] dynamics-365-business-central-offer-listing.md",
                                               "2022-03-15"),
            "dynamics-365-dataverse": L((1, 3), "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L((1, 3), "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L((0, 3), "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
        },
        "latest": {
            # listing page 2022-03-16 says 1–3; the newer plan-saas-offer.md (08/02/2022) "up to three"
            "saas": L((0, 3), "[AD] plan-saas-offer.md ('up to three'; older create-new-saas-offer-listing.md "
                              "2022-03-16: 1–3)", "2022-08-02"),
            "consulting-service": L((1, 3), "[AD] plan-consulting-service-offer.md (1–3 required)", "2022-06-29"),
            "dynamics-365-business-central": L((1, 3), "[AD] dynamics-365-business-central-offer-listing.md",
                                               "2022-03-15"),
            "dynamics-365-dataverse": L((1, 3), "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L((1, 3), "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L((0, 3), "[AD] power-bi-app-offer-listing.md", "2021-05-26"),
        },
    },
    "products": {
        e: {"dynamics-365-business-central": L(3, "[AD] dynamics-365-business-central-offer-listing.md", "2022-03-15"),
            "dynamics-365-dataverse": L(3, "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L(3, "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03")}
        for e in EDITIONS
    },
    # Help link: required, and must differ from the support URL
    "help_link": {
        e: {"dynamics-365-business-central": L(True, "[AD] dynamics-365-business-central-offer-listing.md",
                                               "2022-03-15"),
            "dynamics-365-dataverse": L(True, "[AD] dynamics-365-customer-engage-offer-listing.md", "2021-12-03"),
            "dynamics-365-operations": L(True, "[AD] dynamics-365-operations-offer-listing.md", "2021-12-03"),
            "power-bi-app": L(True, "[AD] power-bi-app-offer-listing.md", "2021-05-26")}
        for e in EDITIONS
    },
    # up to 2 subcategories per category
    "subcategories": {
        e: {t: L(2, "[AD] marketplace-categories-industries.md (max 2 per category); categories.md 2021-10-29",
                 "2021-08-20")
            for t in ("saas", "azure-application", "azure-virtual-machine", "azure-container",
                      "dynamics-365-business-central", "dynamics-365-dataverse", "dynamics-365-operations",
                      "power-bi-app")}
        for e in EDITIONS
    },
    # up to 2 verticals per industry
    "verticals": {
        e: {t: L(2, "[AD] includes/industry-taxonomy.md (2 industries × 2 verticals); "
                    "marketplace-categories-industries.md 2021-08-20", "2020-12-02")
            for t in ("saas", "consulting-service", "power-bi-app") + DYNAMICS_TYPES}
        for e in EDITIONS
    },
    # (max custom amendments per offer); containers: "amendments are not applicable"
    "custom_amendments": {
        e: {t: L(10, "[AD] azure-vm-properties.md (up to 10 custom amendments); plan-saas-offer.md", "2020-10-19")
            for t in ("saas", "azure-application", "azure-virtual-machine")}
        for e in EDITIONS
    },
    "terms_length": {
        e: {t: L(10000, "[AD] azure-vm-properties.md (own terms up to 10,000 characters, or one URL)", "2020-10-19")
            for t in ("managed-service", "saas", "azure-application", "azure-virtual-machine", "azure-container")}
        for e in EDITIONS
    },
    # markets per plan, checked when the plan names them
    "markets": {
        e: {"saas": L((1, 141), "[AD] create-new-saas-offer-plans.md (1–141 markets)", "2022-08-02"),
            "azure-application": L((1, 141), "[AD] azure-app-managed.md (1–141 markets)", "2022-08-18")}
        for e in EDITIONS
    },
    "consulting_facts": {
        "latest": {"consulting-service": L(12, "[AD] plan-consulting-service-offer.md (service type; duration at "
                                               "most 12 months; name 'Name: Duration + type')", "2022-06-29")},
    },
    "iot_links": {
        e: {"iot-edge-module": L(True, "[AD] iot-edge-offer-listing.md (at least one documentation link and one "
                                       "compatible-device link to the Azure IoT device catalog)", "2022-03-15")}
        for e in EDITIONS
    },
    # license management (seed 002): Base license model "User" and the CRM package URL
    "d365_package": {
        e: {"dynamics-365-dataverse": L("user", "Partner Center docs, Manage licensing in marketplace offers (nl-NL "
                                                "translation, seed 002: Base License Model User; CRM package URL)",
                                        "2021-04-29")}
        for e in EDITIONS
    },
    "keyword_length": {
        e: {"microsoft-365-app": L(40, "OfficeDev/office-store-docs docs/appsource-listing.md (3 terms, ≤ 40 "
                                       "characters each)", "undated")}
        for e in EDITIONS
    },
    "caption_length": {
        e: {"microsoft-365-app": L(200, "OfficeDev/office-store-docs docs/appsource-listing.md (caption ≤ 200)",
                                   "undated")}
        for e in EDITIONS
    },
    "d365_license_buttons": {
        "latest": {"dynamics-365-dataverse": L("box 1 only: Contact me; box 1 + box 2: Get it now + Contact me",
                                               "[AD] isv-app-license.md", "2022-05-25")},
        "2020": {"dynamics-365-dataverse": L("box 1 + box 2: Get it now + Contact me",
                                             "[AD] isv-app-license.md", "2021-04-30")},
    },
}


def lookup(key: str, offer_type: str, edition: str) -> Limit | None:
    """The limit for ``key`` of ``offer_type`` in ``edition``; None when not stated or not applicable.

    Raises KeyError for an unknown rule key (a programming error, not a user one).
    """
    by_type = TABLE[key].get(edition, {})
    if offer_type in by_type:
        return by_type[offer_type]
    return by_type.get("*")
