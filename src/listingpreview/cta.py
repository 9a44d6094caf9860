"""Calls to action and pricing badges: what the store shows for an offer's settings.

Sources: [AD] determine-your-listing-type.md (2021-04-12, §7.1 tables);
create-new-saas-offer.md (2022-03-28) and plan-saas-offer.md (2022-08-02) for
SaaS; isv-app-license.md (2022-05-25) for Dynamics 365 apps on Dataverse.
Labels use sentence case as the current store does.
"""

from __future__ import annotations

from .model import Offer

GET_IT_NOW, FREE_TRIAL, CONTACT_ME, TEST_DRIVE = "Get it now", "Free trial", "Contact me", "Test drive"
# Buy now: license-managed Power BI visuals ([MS] powerbi-docs power-bi-custom-visuals.md, 2024-11-02).
# Request private offer: opt-in, since 2026-07-20 (weakly sourced, storefront-2025.md §3, S21).
BUY_NOW, REQUEST_PRIVATE_OFFER = "Buy now", "Request private offer"
_OPTION_LABEL = {"get-it-now": GET_IT_NOW, "free-trial": FREE_TRIAL, "contact-me": CONTACT_ME}

# Buttons each offer type can have (determine-your-listing-type.md, 2021-04-12).
ALLOWED: dict[str, tuple[str, ...]] = {
    "saas": (FREE_TRIAL, TEST_DRIVE, CONTACT_ME, GET_IT_NOW),
    "azure-application": (TEST_DRIVE, GET_IT_NOW),
    "azure-virtual-machine": (FREE_TRIAL, TEST_DRIVE, GET_IT_NOW),
    "azure-container": (GET_IT_NOW,),
    "iot-edge-module": (GET_IT_NOW,),
    "managed-service": (GET_IT_NOW,),
    "consulting-service": (CONTACT_ME,),
    "dynamics-365-business-central": (FREE_TRIAL, TEST_DRIVE, CONTACT_ME, GET_IT_NOW),
    "dynamics-365-dataverse": (FREE_TRIAL, TEST_DRIVE, CONTACT_ME, GET_IT_NOW),
    "dynamics-365-operations": (FREE_TRIAL, TEST_DRIVE, CONTACT_ME, GET_IT_NOW),
    "power-bi-app": (GET_IT_NOW,),
    "power-bi-visual": (GET_IT_NOW, BUY_NOW),
    "microsoft-365-app": (GET_IT_NOW, FREE_TRIAL, CONTACT_ME),
    "cosell-only": (CONTACT_ME,),
}


def calls_to_action(offer: Offer, edition: str = "latest") -> list[str]:
    """Button labels in the order the listing page shows them (primary first).

    ``edition`` "2020" leaves out Buy now, which Power BI visual licensing brought later (2022).
    """
    s = offer.data.setup
    t = offer.type
    buttons: list[str] = []
    if t == "saas":
        if s.sell_through_microsoft:
            buttons.append(GET_IT_NOW)
            if any(p.data.plan.free_trial for p in offer.plans):
                buttons.append(FREE_TRIAL)
        elif s.listing_option:
            buttons.append(_OPTION_LABEL[s.listing_option])
    elif t == "dynamics-365-dataverse" and s.license_management:
        # Box 1 only: Contact me (Get it now only for tenants that already hold a license);
        # box 1 + box 2: Get it now and Contact me for everyone.
        buttons += [GET_IT_NOW, CONTACT_ME] if s.allow_install_without_license else [CONTACT_ME]
    elif t in ("dynamics-365-dataverse", "dynamics-365-business-central", "dynamics-365-operations",
               "microsoft-365-app"):
        buttons.append(_OPTION_LABEL.get(s.listing_option or "", GET_IT_NOW))
    elif t == "azure-virtual-machine":
        buttons.append(GET_IT_NOW)
        if any(p.data.plan.free_trial_months for p in offer.plans):
            buttons.append(FREE_TRIAL)
    elif t == "power-bi-visual" and s.license_management and edition != "2020":
        buttons.append(BUY_NOW)
    elif t in ("consulting-service", "cosell-only"):
        buttons.append(CONTACT_ME)
    else:
        buttons.append(GET_IT_NOW)
    if s.test_drive and TEST_DRIVE in ALLOWED.get(t, ()):
        buttons.append(TEST_DRIVE)
    return buttons


PRICING_LABELS = {"Free": "Free", "FreeTrial": "Free trial", "Byol": "Bring your own license",
                  "Payg": "Pay as you go"}


def pricing_types(offer: Offer) -> list[str]:
    """Marketplace Catalog API ``pricingTypes`` the offer would have (Free, FreeTrial, Byol, Payg)."""
    found: set[str] = set()
    for p in offer.plans:
        pr = p.data.pricing
        if pr.model == "byol":
            found.add("Byol")
        elif pr.model == "free" or (pr.billing_terms and all(b.price == 0 for b in pr.billing_terms)
                                    and not pr.metered_dimensions):
            found.add("Free")
        elif pr.model:
            found.add("Payg")
        if p.data.plan.free_trial or p.data.plan.free_trial_months:
            found.add("FreeTrial")
    s = offer.data.setup
    if offer.type != "saas" or not s.sell_through_microsoft:
        if s.listing_option == "free-trial":
            found.add("FreeTrial")
        if s.listing_option == "get-it-now" and not offer.plans:
            found.add("Free")
    if offer.type == "managed-service":
        found.add("Byol")
    return [k for k in PRICING_LABELS if k in found]
