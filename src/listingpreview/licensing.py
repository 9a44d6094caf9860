"""ISV app license management: what a publisher needs ready before and after go-live.

For Dynamics 365 apps on Dataverse and Power Apps with "Enable app license management through Microsoft".
Source: seed 002, "Manage licensing in marketplace offers" (ms.date 2021-04-29, Dutch machine translation with
the English text): copy every plan's Service ID into the solution package, Technical configuration > Base license
model "User" and CRM package URL, Go live, deal registration and Manage licenses. Which buttons customers see:
seed 002 (2021) and [AD] isv-app-license.md (2022-05-25), partner-center-rules.md §7.4; the buttons themselves
come from :func:`listingpreview.cta.calls_to_action`, the same mapping the listing page uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import cta
from .model import Offer
from .publishing import SEED_002, Source

ISV_APP_LICENSE = Source("[AD] isv-app-license.md", "2022-05-25", "partner-center-rules.md §7.4")
BASE_LICENSE_MODEL = "User"  # seed 002: "Under Base License Model, select User"

# What each combination of the two check boxes means for customers, per source (newest first).
BOX_TEXT: dict[tuple[bool, bool], list[tuple[str, Source]]] = {
    (False, False): [("No license management: the call to action is the listing option you choose (Get it now "
                      "(Free), Free trial or Contact me).", SEED_002)],
    (True, False): [("Get it now only for users whose tenant already holds at least one license of the app; "
                     "everyone else sees Contact me.", ISV_APP_LICENSE),
                    ("The offer requires a license check: users can only leave a lead with Contact me.", SEED_002)],
    (True, True): [("Everyone sees Get it now and Contact me and may install the app (freemium); Get it now "
                    "installs it in the Power Platform admin center.", ISV_APP_LICENSE),
                   ("No license check: admins see Get it now besides Contact me; Contact me for questions or to "
                    "upgrade to a paid plan.", SEED_002)],
}
ONE_TIME = ("Enable app license management through Microsoft is a one-time setting: it cannot be changed once "
            "the offer is published.")

DEAL_REGISTRATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Register the deal", ("Before you can assign licenses to a customer, register each sale in Partner Center "
                           "(Register your deals).",)),
    ("Invite the customer", (
        "Commercial Marketplace > Overview, then Referrals > Deal Registration.",
        "Filter for Submitted deals, open the In Progress tab and select the deal.",
        "On the deal's overview page select Manage licenses.",
        "In Manage licenses pick the customer under Customer details, or select +Invite a new customer to consent.",
        "Copy the link shown and email it to the customer's billing admin or global admin, who accepts and "
        "authorizes the relationship at admin.microsoft.com. The relationship exists only after they do.")),
    ("Activate, manage and remove licenses", (
        "In Manage licenses select +Add a plan, fill in Plans for this solution and Number of licenses, then select "
        "Update licenses; the customer assigns them to employees at admin.microsoft.com.",
        "To change the number, enter it in Number of licenses and select Update licenses.",
        "To deactivate or remove a deal's licenses, select the trash can in Actions, then Update licenses.")),
)


@dataclass
class ServiceId:
    plan_id: str
    plan_name: str
    service_id: str
    file: str


@dataclass
class ButtonRow:
    license_management: bool
    install_without_license: bool
    buttons: list[str]
    texts: list[tuple[str, Source]]
    current: bool


@dataclass
class Licensing:
    """The Licensing section of one offer."""

    service_ids: list[ServiceId]
    base_license_model: str
    package_url: str
    buttons: list[ButtonRow]
    deal_registration: tuple[tuple[str, tuple[str, ...]], ...]
    one_time: str
    source: Source


def for_offer(offer: Offer) -> Licensing | None:
    """The Licensing section of a Dynamics 365 app on Dataverse with license management, else None."""
    s = offer.data.setup
    if offer.type != "dynamics-365-dataverse" or not s.license_management:
        return None
    ids = [ServiceId(p.id, p.data.plan.name or p.id, p.data.plan.service_id, p.source.display) for p in offer.plans]
    rows = []
    for box1, box2 in ((False, False), (True, False), (True, True)):
        setup = s.model_copy(update={"license_management": box1, "allow_install_without_license": box2})
        variant = replace(offer, data=offer.data.model_copy(update={"setup": setup}))
        rows.append(ButtonRow(box1, box2, cta.calls_to_action(variant), BOX_TEXT[(box1, box2)],
                              (box1, box2) == (s.license_management, s.allow_install_without_license)))
    url = getattr(offer.data.technical_configuration, "crm_package_url", "")
    return Licensing(ids, BASE_LICENSE_MODEL, url, rows, DEAL_REGISTRATION, ONE_TIME, SEED_002)
