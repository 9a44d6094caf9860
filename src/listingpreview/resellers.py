"""Resell through CSPs: which offers Cloud Solution Provider partners may resell, and what a partner sees.

Sources (each fact below names its own):

* [AD] cloud-solution-providers.md (ms.date 2020-07-14): the offers that may opt in (SaaS sold through Microsoft,
  virtual machines, solution templates, managed applications; containers and BYOL VM plans opted in by
  default) and the three Partner Center options; Product Ingestion ``reseller`` resource (schema
  reseller-2022-03-01-preview2: ``resellerChannelState`` all / some / none, default none).
* seed 001, "Manage commercial marketplace products and offers for your customers" (ms.date 2020-07-02, Dutch
  machine translation): the partner's Subscriptions list, "Action needed", "Go to publisher's site", quantity,
  auto-renew, cancellation, Indirect Reseller MPN ID; billing starts after the publisher activates.
* "Create, suspend, or cancel customer subscriptions" (Partner Center docs, ms.date 2020-07-22, a translated copy
  with the English text): CSP partners buy only license-based SaaS in Partner Center; cancellation windows
  24 hours (billed monthly) and 14 days (billed annually); auto-renew on by default; 30-day free trial.
* [LEARN] partner-center/customers/new-commerce-cancellation-policy (stored copy, undated, after 2024): marketplace
  SaaS full refund within 72 hours of purchase, metered charges excluded; newest, so shown first.
* [AD] plan-saas-offer.md, change "SaaS cancellation" (pull request 224216, 2023-01): 2- and 3-year plans with
  pending payments cannot be cancelled after the standard 72 hours until the billing term is complete.

The partner view is an illustration built from the offer's content (plans, terms, landing page): Partner Center
draws its own page; quantities, dates and statuses shown are examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Offer, Plan
from .names import RESELL_THROUGH_CSPS
from .publishing import SEED_000, Source

CSP_PROGRAM = Source("[AD] cloud-solution-providers.md", "2020-07-14")
RESELLER_SCHEMA = Source("Product Ingestion API schema reseller-2022-03-01-preview2", "2022-03-01",
                         "partner-center-rules.md §10.2")
SEED_001 = Source("Manage commercial marketplace products and offers for your customers", "2020-07-02",
                  "seed 001, Dutch machine translation")
SUBSCRIPTIONS_2020 = Source("Create, suspend, or cancel customer subscriptions (create-a-new-subscription.md)",
                            "2020-07-22", "Partner Center docs, read from a translated copy with the English text")
CANCEL_NEWEST = Source("[LEARN] partner-center/customers/new-commerce-cancellation-policy", "undated, after 2024",
                       "stored copy of learn.microsoft.com")
CANCEL_MULTIYEAR = Source("[AD] plan-saas-offer.md, change \"SaaS cancellation\" (pull request 224216)", "2023-01")

ELIGIBLE_TEXT = ("Software as a service offers sold through Microsoft, virtual machines, solution templates and "
                 "managed applications may opt in; containers and BYOL virtual machine plans are opted in by default.")
PARTNER_CENTER_ONLY_SAAS = ("In Partner Center, CSP partners buy only license-based SaaS offers for their "
                            "customers; usage-based, metered or consumption offers (Azure applications, containers, "
                            "virtual machines) are bought and managed in the Azure portal.")
BILLING_STARTS = ("Billing starts only after you have assigned the licenses and confirmed to Microsoft, through the "
                  "SaaS fulfillment API, that the account setup is complete.")
TERM_LABELS = {"1-month": "1 month", "1-year": "1 year", "2-year": "2 years", "3-year": "3 years"}


def eligible(offer: Offer) -> bool:
    """Whether Partner Center lets this offer be resold through CSPs ([AD] cloud-solution-providers.md 2020-07-14)."""
    if offer.type == "saas":
        return bool(offer.data.setup.sell_through_microsoft)
    return offer.type in ("azure-virtual-machine", "azure-application", "azure-container")


def setting(offer: Offer) -> tuple[str, bool]:
    """(content value, is Partner Center's default): containers are opted in by default, everything else is not
    (schema default "none")."""
    value = offer.data.reseller.resell_through_csps
    if value is not None:
        return value, False
    return ("all" if offer.type == "azure-container" else "none"), True


@dataclass
class Cancellation:
    text: str
    source: Source


@dataclass
class TermView:
    term: str
    label: str
    payment: str
    price: float
    cancellation: list[Cancellation]


@dataclass
class SubscriptionRow:
    """One row of the customer's Subscriptions list in Partner Center, for one plan (an illustration)."""

    plan: Plan
    plan_name: str
    license_based: bool
    terms: list[TermView]
    free_trial: bool
    metered: bool


@dataclass
class Resellers:
    """The Resellers page of one offer."""

    value: str
    is_default: bool
    option: str
    ingestion: str
    partners: list[str]
    resold: bool
    partner_center: bool  # the partner buys and manages it in Partner Center (license-based SaaS)
    offer_name: str
    landing_page_url: str
    rows: list[SubscriptionRow] = field(default_factory=list)
    contacts: list[tuple[str, str, str]] = field(default_factory=list)  # (role, name, email)
    # the facts the page words, with their sources
    eligible_text: str = ELIGIBLE_TEXT
    eligible_source: Source = CSP_PROGRAM
    partner_center_only: str = PARTNER_CENTER_ONLY_SAAS
    billing_starts: str = BILLING_STARTS
    partner_source: Source = SEED_001
    subscriptions_source: Source = SUBSCRIPTIONS_2020
    contacts_source: Source = SEED_000


def cancellation(term: str, payment: str, metered: bool) -> list[Cancellation]:
    """Cancellation windows for a SaaS plan's billing term, newest source first."""
    out = [Cancellation("Full refund if cancelled within 72 hours of purchase" +
                        (", metered charges excluded" if metered else "") +
                        "; later, ask the publisher, who can have Microsoft process a cancellation and refund.",
                        CANCEL_NEWEST)]
    if term in ("2-year", "3-year"):
        out.append(Cancellation("After the 72 hours a plan with pending payments cannot be cancelled until the "
                                "current billing term is complete.", CANCEL_MULTIYEAR))
        return out
    annual = payment == "annual" or (term == "1-year" and payment == "upfront")
    out.append(Cancellation(
        ("Billed annually: full credit if cancelled within 14 days of the order; later, the cancellation is "
         "scheduled for renewal." if annual else
         "Billed monthly: full credit if cancelled within 24 hours of the order; later, the cancellation is "
         "scheduled for renewal."), SUBSCRIPTIONS_2020))
    return out


def for_offer(offer: Offer) -> Resellers | None:
    """The Resellers page of an offer that can be sold through CSPs, else None."""
    if not eligible(offer):
        return None
    value, is_default = setting(offer)
    option, ingestion = RESELL_THROUGH_CSPS[value]
    d = offer.data
    partner_center = offer.type == "saas"
    rows = []
    if partner_center and value != "none":
        for p in offer.plans:
            pr = p.data.pricing
            metered = bool(pr.metered_dimensions)
            terms = [TermView(b.term, TERM_LABELS[b.term], b.payment, b.price, cancellation(b.term, b.payment, metered))
                     for b in pr.billing_terms]
            rows.append(SubscriptionRow(p, p.data.plan.name or p.id, pr.model == "per-user", terms,
                                        p.data.plan.free_trial, metered))
    contacts = [(role, c.name, c.email) for role, c in (("Support contact", d.listing.support_contact),
                                                        ("Engineering contact", d.listing.engineering_contact))
                if c.name or c.email]
    return Resellers(value, is_default, option, ingestion, list(d.reseller.csp_partners), value != "none",
                     partner_center, d.listing.name or offer.id, d.technical_configuration.landing_page_url,
                     rows, contacts)
