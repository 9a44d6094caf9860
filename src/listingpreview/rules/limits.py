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

# rule key -> edition -> offer type or "*" -> Limit
TABLE: dict[str, dict[str, dict[str, Limit | None]]] = {
    "offer_id": {
        "latest": {"*": L(50, "[AD] create-new-saas-offer.md; azure-vm-offer-setup.md", "2022-03-28")},
        "2020": {"*": L(50, "[AD] marketplace-criteria-content-validation.md", "2020-04-16")},
    },
    "offer_plus_publisher_id": {
        "2020": {t: L(40, "[AD] partner-center-portal/create-new-business-central-offer.md "
                          "(offer ID + publisher ID must be under 40 characters)", "2020-12-02")
                 for t in DYNAMICS_TYPES},
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
            "managed-service": L(50, "MicrosoftDocs/azure-docs articles/lighthouse/how-to/publish-managed-services-offers.md", "2019"),
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
        "2020": {"*": L({"small_logo": (40, 40, 40, 40, True), "medium_logo": (90, 90, 90, 90, True),
                         "large_logo": (115, 115, 115, 115, True), "wide_logo": (255, 115, 255, 115, True)},
                        "[AD-cpp] cloud-partner-portal/azure-applications/cpp-prerequisites.md "
                        "('fixed image sizes' 40×40, 90×90, 115×115, 255×115)", "2019-03-13")},
        "latest": {
            "*": L({"large_logo": (216, 216, 350, 350, True), "medium_logo": (90, 90, 90, 90, False),
                    "small_logo": (48, 48, 48, 48, False)},
                   "[AD] plan-saas-offer.md (Large 216–350 required; Medium 90 and Small 48 derived)", "2022-08-02"),
            "power-bi-visual": L({"large_logo": (300, 300, 300, 300, True)}, "[AD] power-bi-visual-offer-listing.md", "2022-07-18"),
            "microsoft-365-app": L({"large_logo": (300, 300, 300, 300, True)}, "OfficeDev/office-store-docs docs/appsource-listing.md", "undated"),
        },
    },
    "categories": {
        "2020": {
            "managed-service": L((1, 5), "MicrosoftDocs/azure-docs articles/lighthouse/how-to/publish-managed-services-offers.md (up to 5)", "2019"),
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
            "managed-service": L((10, 100, "subscription"), "[AD] azure-app-preview.md (subscription-ID preview audience)", "2022-03-08"),
            "azure-virtual-machine": L((10, 100, "subscription"), "[AD] azure-app-preview.md (subscription-ID preview audience)", "2022-03-08"),
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
            "azure-virtual-machine": L(("free", "byol", "flat-rate", "per-core", "usage-based"),
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
    "language_phrase": {
        e: {"*": L("This application is available only in {language}.",
                   "[AD] create-new-saas-offer-listing.md; azure-app-offer-listing.md", "2022-03-16"),
            "managed-service": L("This service is available in {language}.",
                                 "[AD] create-managed-service-offer-listing.md (begin or end)", "2022-03-15"),
            "consulting-service": L("This service is available in {language}.",
                                    "[AD] create-consulting-service-offer-listing.md (begin or end)", "2020-11-09")}
        for e in EDITIONS
    },
    "name_emoji": {
        e: {"*": L("™ ©", "[AD] plan-saas-offer.md; azure-vm-offer-listing.md (™/© allowed, no emoji)", "2022-08-02")}
        for e in EDITIONS
    },
    "https": {
        e: {"*": L("https", "[AD] create-new-saas-offer-listing.md; create-managed-service-offer-listing.md", "2022-03-16")}
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
        e: {"saas": L("https, no '#'", "[AD] plan-saas-offer.md; create-new-saas-offer-technical", "2022-08-02")}
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
