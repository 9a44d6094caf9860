"""Rules on what was already published: changes Partner Center refuses once an offer or plan is live.

They compare the offer as it is now with a reference version of it (``--compare-to REF``: a git
revision or a folder holding what was published). Each rule names the Partner Center document, and
its date, that makes the value immutable. Nothing here reads files: both offers come in loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..load import field_string
from ..model import Offer, Plan, SourceFile

SEED000 = "[AD] partner-center-portal/create-new-managed-service-offer.md (nl-NL translation, seed 000)"
SEED002 = "Partner Center docs, Manage licensing in marketplace offers (nl-NL translation, seed 002)"


@dataclass(frozen=True)
class PublishedRule:
    """A rule checked against the reference. ``types``: offer types it applies to (None: all)."""

    code: str
    name: str
    section: str
    summary: str
    source: str
    date: str
    types: tuple[str, ...] | None = None

    @property
    def cite(self) -> str:
        return f"{self.source} ({self.date})"


_TRANSACT = ("saas",)
_MS = ("managed-service",)
_PLANS = ("saas", "azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
          "managed-service", "dynamics-365-dataverse")
PUBLISHED_RULES: dict[str, PublishedRule] = {r.code: r for r in (
    PublishedRule("LP701", "offer-id-changed", "Offer setup",
                  "The offer ID cannot change after the offer is created.",
                  "[AD] create-new-saas-offer.md; azure-vm-offer-setup.md; seeds 000 (2020-04-08) and 002",
                  "2022-03-28"),
    PublishedRule("LP702", "offer-alias-changed", "Offer setup",
                  "The offer alias cannot change after the offer is created.",
                  "[AD] create-new-saas-offer.md ('can't be changed after you select Create'); seeds 000 and 002",
                  "2022-03-28"),
    PublishedRule("LP703", "publisher-changed", "Offer setup",
                  "The publisher (publisher ID) cannot change after the offer is created.",
                  "[AD] create-new-saas-offer.md ('cannot be modified after the offer is created')", "2022-03-28"),
    PublishedRule("LP704", "plan-id-changed", "Plan overview",
                  "A plan's ID cannot change once the plan is published (same plan file, new ID).",
                  "[AD] plans-pricing.md (plan ID immutable after publish); seed 000 (2020-04-08)", "2021-07-05",
                  _PLANS),
    PublishedRule("LP705", "public-plan-made-private", "Plan overview",
                  "A plan published as public cannot be made private.",
                  "[AD] create-new-saas-offer-plans.md; azure-vm-plan-pricing-and-availability.md 2022-02-10; "
                  "seed 000 (2020-04-08)", "2022-08-02", _PLANS),
    PublishedRule("LP706", "pricing-model-changed", "Plan overview",
                  "The pricing model of a published plan cannot change.",
                  "[AD] plans-pricing.md (after publish the pricing model can't change); plan-saas-offer.md 2022-08-02",
                  "2021-07-05", _PLANS),
    PublishedRule("LP707", "license-management-changed", "Offer setup",
                  "App license management through Microsoft is a one-time setting: it cannot change once published.",
                  SEED002 + "; [AD] isv-app-license.md 2022-05-25", "2021-04-29", ("dynamics-365-dataverse",)),
    PublishedRule("LP708", "sell-through-microsoft-undone", "Offer setup",
                  "Sell through Microsoft cannot be undone: a transactable offer cannot become listing-only.",
                  "[AD] create-new-saas-offer.md (transactable -> listing-only not allowed)", "2022-03-28", _TRANSACT),
    PublishedRule("LP709", "manifest-version-not-increased", "Technical configuration",
                  "A new manifest has a higher version (n.n.n) than the published one.",
                  SEED000 + " ('increase the version number of the previous manifest version')", "2020-04-08", _MS),
    PublishedRule("LP710", "standard-contract-to-own-terms", "Properties",
                  "After publishing with the Standard Contract, the offer cannot switch to its own terms.",
                  "[AD] plan-saas-offer.md; azure-vm-properties.md 2020-10-19", "2022-08-02"),
    PublishedRule("LP711", "free-trial-disabled", "Plan overview",
                  "A SaaS plan's one-month free trial cannot be turned off after publishing.",
                  "[AD] create-new-saas-offer-plans.md", "2022-08-02", _TRANSACT),
    PublishedRule("LP712", "billing-term-removed", "Plan overview",
                  "A published billing term cannot be removed from a plan.",
                  "[AD] plans-pricing.md (a published billing term can't be removed)", "2021-07-05", _TRANSACT),
)}


class _Reporter:
    def __init__(self, new: Offer):
        self.new = new
        self.found: list[Diagnostic] = []

    def report(self, code: str, loc: tuple, message: str, hint: str, plan: Plan | None = None) -> None:
        rule = PUBLISHED_RULES[code]
        src: SourceFile = plan.source if plan else self.new.source
        line, col = src.position(loc) or (None, None)
        self.found.append(Diagnostic(code, "error", src.display, line, col, field_string(loc), message, hint,
                                     rule.cite, self.new.slug, plan.id if plan else ""))


def _version(v: str) -> tuple[int, ...] | None:
    return tuple(int(x) for x in v.split(".")) if re.fullmatch(r"\d+\.\d+\.\d+", v or "") else None


def _manifest(plan: Plan) -> object:
    tc = plan.data.technical_configuration
    return (tc.tenant_id, [a.model_dump() for a in tc.authorizations])


def check_published(old: Offer | None, new: Offer) -> list[Diagnostic]:
    """Errors for the changes from ``old`` (the published reference) to ``new`` that Partner Center refuses.

    ``old`` None (the offer is new) gives nothing. Returns diagnostics at the new offer's files and lines.
    """
    if old is None or old.source.broken or new.source.broken:
        return []
    r = _Reporter(new)
    t = new.type
    o, n = old.data, new.data

    def applies(code: str) -> bool:
        types = PUBLISHED_RULES[code].types
        return types is None or t in types

    if o.offer.id and n.offer.id != o.offer.id:
        r.report("LP701", ("offer", "id"), f"offer.id changed from '{o.offer.id}' to '{n.offer.id}'; an offer ID "
                 "cannot change after the offer is created.", f"Set id = \"{o.offer.id}\", or create a new offer.")
    if o.offer.alias and n.offer.alias != o.offer.alias:
        r.report("LP702", ("offer", "alias"), f"offer.alias changed from '{o.offer.alias}' to '{n.offer.alias}'; the "
                 "alias cannot change after the offer is created.", f"Set alias = \"{o.offer.alias}\".")
    if o.offer.publisher_id and n.offer.publisher_id != o.offer.publisher_id:
        r.report("LP703", ("offer", "publisher_id"), f"offer.publisher_id changed from '{o.offer.publisher_id}' to "
                 f"'{n.offer.publisher_id}'; an offer cannot move to another publisher.",
                 f"Set publisher_id = \"{o.offer.publisher_id}\".")
    if applies("LP707") and o.setup.license_management != n.setup.license_management:
        r.report("LP707", ("setup", "license_management"), "setup.license_management changed from "
                 f"{str(o.setup.license_management).lower()} to {str(n.setup.license_management).lower()}; it is a "
                 "one-time setting that cannot change once the offer is published.",
                 f"Set license_management = {str(o.setup.license_management).lower()}.")
    if applies("LP708") and o.setup.sell_through_microsoft and not n.setup.sell_through_microsoft:
        r.report("LP708", ("setup", "sell_through_microsoft"), "the published offer sells through Microsoft; "
                 "a transactable offer cannot become listing-only.", "Set sell_through_microsoft = true.")
    if o.properties.standard_contract and not n.properties.standard_contract:
        r.report("LP710", ("properties", "standard_contract"), "the offer was published with the Standard Contract; "
                 "it cannot switch to its own terms and conditions.", "Set standard_contract = true.")

    old_by_file = {p.source.path.name: p for p in old.plans}
    old_by_id = {p.id: p for p in old.plans}
    for plan in new.plans:
        by_file = old_by_file.get(plan.source.path.name)
        if applies("LP704") and by_file is not None and by_file.data.plan.id and plan.data.plan.id \
                and by_file.data.plan.id != plan.data.plan.id and by_file.id not in {p.id for p in new.plans}:
            r.report("LP704", ("plan", "id"), f"plan.id changed from '{by_file.data.plan.id}' to "
                     f"'{plan.data.plan.id}'; a published plan keeps its ID.",
                     f"Set id = \"{by_file.data.plan.id}\", or add a new plan file for a new plan.", plan)
        before = old_by_id.get(plan.id)
        if before is None:
            continue
        bp, np_ = before.data, plan.data
        if applies("LP705") and bp.plan.visibility == "public" and np_.plan.visibility == "private":
            r.report("LP705", ("plan", "visibility"), "the plan was published as public; a public plan cannot be "
                     "made private.", "Keep it public (stop distribution instead), or add a new private plan.", plan)
        if applies("LP706") and bp.pricing.model and np_.pricing.model != bp.pricing.model:
            r.report("LP706", ("pricing", "model"), f"pricing.model changed from '{bp.pricing.model}' to "
                     f"'{np_.pricing.model}'; the pricing model of a published plan cannot change.",
                     f"Set model = \"{bp.pricing.model}\", or create a new plan with the new model.", plan)
        if applies("LP711") and bp.plan.free_trial and not np_.plan.free_trial:
            r.report("LP711", ("plan", "free_trial"), "the plan was published with a free trial; it cannot be "
                     "turned off.", "Set free_trial = true, or create a new plan without a trial.", plan)
        if applies("LP712"):
            now = {(b.term, b.payment) for b in np_.pricing.billing_terms}
            for b in bp.pricing.billing_terms:
                if (b.term, b.payment) not in now:
                    r.report("LP712", ("pricing", "billing_terms"), f"the published {b.term} term (paid "
                             f"{b.payment}) was removed; a published billing term cannot be removed.",
                             "Add the term back; stop selling the plan if it must go.", plan)
        if applies("LP709"):
            ov, nv = _version(bp.technical_configuration.manifest_version), \
                _version(np_.technical_configuration.manifest_version)
            if ov and nv and (nv < ov or (nv == ov and _manifest(before) != _manifest(plan))):
                old_v = bp.technical_configuration.manifest_version
                why = "is lower than" if nv < ov else "is the same as"
                r.report("LP709", ("technical_configuration", "manifest_version"),
                         f"manifest_version {np_.technical_configuration.manifest_version} {why} the published "
                         f"{old_v}{'' if nv < ov else ', but the manifest changed'}; each new manifest needs a "
                         "higher version.", f"Use a version above {old_v}, e.g. {ov[0]}.{ov[1]}.{ov[2] + 1}.", plan)
    return r.found
