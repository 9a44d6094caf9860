"""Plan overview: plan IDs, plan listing, pricing and availability."""

from __future__ import annotations

import re
from collections import Counter

from ...names import OFFER_TYPES
from .. import rule
from ._util import required, too_long
from .setup import audience

_PLAN_ID = re.compile(r"^[a-z0-9_-]+$")


@rule("LP501", "plan-id", "error", "Plan overview",
      "Plan ID: lowercase letters, digits, hyphens and underscores, within the length limit.", limit="plan_id")
def plan_id(ctx):
    lim = ctx.limit().value
    for plan in ctx.offer.plans:
        pid = plan.data.plan.id
        if not required(ctx, ("plan", "id"), pid, plan=plan):
            continue
        if not _PLAN_ID.match(pid):
            ctx.report(("plan", "id"), f"plan.id '{pid}' may hold only lowercase letters, digits, '-' and '_'.",
                       f"Use '{re.sub(r'[^a-z0-9_-]+', '-', pid.lower()).strip('-')}'.", plan=plan)
        if len(pid) > lim:
            ctx.report(("plan", "id"), f"plan.id is {len(pid)} characters; the limit is {lim}.",
                       f"Shorten it by {len(pid) - lim} characters.", plan=plan)
    dupes = [k for k, n in Counter(p.data.plan.id for p in ctx.offer.plans if p.data.plan.id).items() if n > 1]
    for plan in ctx.offer.plans:
        if plan.data.plan.id in dupes:
            ctx.report(("plan", "id"), f"plan.id '{plan.data.plan.id}' is used by more than one plan file.",
                       "Give each plan its own ID.", plan=plan)


@rule("LP502", "plan-name", "error", "Plan overview", "Plan name is set and within the limit.", limit="plan_name")
def plan_name(ctx):
    for plan in ctx.offer.plans:
        if required(ctx, ("plan", "name"), plan.data.plan.name, plan=plan):
            too_long(ctx, ("plan", "name"), plan.data.plan.name, plan=plan)


@rule("LP503", "plan-summary", "error", "Plan overview", "Plan summary within the limit.", limit="plan_summary")
def plan_summary(ctx):
    for plan in ctx.offer.plans:
        too_long(ctx, ("plan", "summary"), plan.data.plan.summary, plan=plan)


@rule("LP504", "plan-description", "error", "Plan overview", "Plan description is set and within the limit.",
      limit="plan_description")
def plan_description(ctx):
    for plan in ctx.offer.plans:
        if required(ctx, ("plan", "description"), plan.data.plan.description, plan=plan):
            too_long(ctx, ("plan", "description"), plan.data.plan.description, plan=plan)


@rule("LP506", "plans-count", "error", "Plan overview", "At most 100 plans, of which at most 45 private.",
      limit="plans_count")
def plans_count(ctx):
    total_max, private_max = ctx.limit().value
    plans = ctx.offer.plans
    private = [p for p in plans if p.data.plan.visibility == "private"]
    if len(plans) > total_max:
        ctx.report(("offer",), f"the offer has {len(plans)} plans; the limit is {total_max}.", "Remove plans.")
    if len(private) > private_max:
        ctx.report(("offer",), f"the offer has {len(private)} private plans; the limit is {private_max}.",
                   "Make some public, or remove some.")


@rule("LP507", "pricing-model", "error", "Plan overview", "Each plan uses a pricing model the offer type allows.",
      limit="pricing_models")
def pricing_model(ctx):
    allowed = ctx.limit().value
    for plan in ctx.offer.plans:
        model = plan.data.pricing.model
        if model is None:
            if ctx.offer.type == "managed-service":
                continue  # BYOL is the only model; nothing to choose
            ctx.report(("pricing", "model"), "pricing.model is not set.",
                       f"Set model to one of: {', '.join(allowed)}.", plan=plan)
        elif model not in allowed:
            ctx.report(("pricing", "model"), f"pricing.model '{model}' is not available for "
                       f"{OFFER_TYPES[ctx.offer.type].label} plans (allowed: {', '.join(allowed)}).",
                       f"Use {' or '.join(allowed)}.", plan=plan)


@rule("LP508", "billing-terms", "error", "Plan overview",
      "SaaS billing terms and payment options are ones Partner Center offers; at most one payment option per term.",
      limit="billing_terms")
def billing_terms(ctx):
    table = ctx.limit().value
    for plan in ctx.offer.plans:
        terms = plan.data.pricing.billing_terms
        if not terms:
            ctx.report(("pricing", "billing_terms"), "the plan has no billing term.",
                       "Add [[pricing.billing_terms]] with term, payment and price.", plan=plan)
        seen = Counter(t.term for t in terms)
        for i, t in enumerate(terms):
            if t.term not in table:
                ctx.report(("pricing", "billing_terms", i, "term"), f"billing term '{t.term}' is not available in the "
                           f"{ctx.edition} edition (available: {', '.join(table)}).", "Use an available term.", plan=plan)
            elif t.payment not in table[t.term]:
                ctx.report(("pricing", "billing_terms", i, "payment"), f"a {t.term} term cannot be paid '{t.payment}' "
                           f"(available: {', '.join(table[t.term])}).", "Choose an available payment option.", plan=plan)
            if seen[t.term] > 1:
                ctx.report(("pricing", "billing_terms", i, "term"), f"the {t.term} term appears {seen[t.term]} times; "
                           "one payment option per term per plan.", "Put another payment option in another plan.",
                           plan=plan)
            if t.price < 0:
                ctx.report(("pricing", "billing_terms", i, "price"), "a price cannot be negative.", "Fix the price.",
                           plan=plan)


@rule("LP509", "free-trial", "error", "Plan overview",
      "Free trials only where the type has them: not on SaaS metered plans; VM trials of 1, 3 or 6 months.",
      source="[AD] create-new-saas-offer-plans.md (2022-08-02); azure-vm-plan-pricing-and-availability.md (2022-02-10)")
def free_trial(ctx):
    t = ctx.offer.type
    for plan in ctx.offer.plans:
        p = plan.data
        if p.plan.free_trial and t != "saas":
            ctx.report(("plan", "free_trial"), f"plan.free_trial is a SaaS setting; {OFFER_TYPES.get(t).label if t in OFFER_TYPES else t} "
                       "plans have no one-month trial.", "Remove it." if t != "azure-virtual-machine"
                       else "Use free_trial_months = 1, 3 or 6.", plan=plan)
        if p.plan.free_trial and p.pricing.metered_dimensions:
            ctx.report(("plan", "free_trial"), "a plan with metered dimensions cannot have a free trial.",
                       "Remove the trial or the metered dimensions.", plan=plan)
        if p.plan.free_trial_months is not None:
            if t != "azure-virtual-machine":
                ctx.report(("plan", "free_trial_months"), "plan.free_trial_months is an Azure Virtual Machine setting.",
                           "Remove it.", plan=plan)
            elif p.plan.free_trial_months not in (1, 3, 6):
                ctx.report(("plan", "free_trial_months"), f"plan.free_trial_months is {p.plan.free_trial_months}; "
                           "VM trials last 1, 3 or 6 months.", "Use 1, 3 or 6.", plan=plan)


@rule("LP510", "private-audience", "error", "Plan overview",
      "Private plans: audience IDs of the right kind, within the inline and CSV limits.", limit="private_audience")
def private_audience(ctx):
    inline_max, csv_max, kind = ctx.limit().value
    for plan in ctx.offer.plans:
        p = plan.data.plan
        if p.visibility == "private" and not p.private_audience and not plan.audience_rows:
            ctx.report(("plan", "visibility"), "the plan is private but has no private audience.",
                       "Add IDs to private_audience or a CSV in private_audience_csv.", plan=plan)
        if p.visibility == "public" and (p.private_audience or p.private_audience_csv):
            ctx.report(("plan", "private_audience"), "the plan is public; its private audience is ignored.",
                       "Set visibility = \"private\" or remove the audience.", plan=plan)
        audience(ctx, ("plan", "private_audience"), p.private_audience, plan.audience_rows, plan.audience_source,
                 inline_max, csv_max, kind, plan)


@rule("LP511", "metered-dimensions", "error", "Plan overview", "Metered dimensions within the limit, each complete.",
      limit="metered_dimensions")
def metered(ctx):
    lim = ctx.limit().value
    for plan in ctx.offer.plans:
        dims = plan.data.pricing.metered_dimensions
        if len(dims) > lim:
            ctx.report(("pricing", "metered_dimensions"), f"the plan has {len(dims)} metered dimensions; the limit is {lim}.",
                       f"Keep at most {lim}.", plan=plan)
        for i, d in enumerate(dims):
            for part in ("id", "name", "unit"):
                if not getattr(d, part):
                    ctx.report(("pricing", "metered_dimensions", i, part), f"metered dimension {i + 1} has no {part}.",
                               f"Set {part}.", plan=plan)
        if dims and plan.data.pricing.model == "per-user":
            ctx.report(("pricing", "metered_dimensions"), "metered dimensions need the flat-rate pricing model.",
                       "Use model = \"flat-rate\".", plan=plan)


@rule("LP512", "public-plan", "error", "Plan overview", "At least one public plan.", limit="public_plan")
def public_plan(ctx):
    plans = ctx.offer.plans
    if plans and not any(p.data.plan.visibility == "public" for p in plans):
        ctx.report(("offer",), "every plan is private; an offer needs at least one public plan.",
                   "Make one plan public.")


@rule("LP513", "plans-required", "error", "Plan overview", "Offers that need plans have at least one.",
      limit="plans_count")
def plans_required(ctx):
    t = ctx.offer.type
    needs = t in ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module", "managed-service") \
        or (t == "saas" and ctx.data.setup.sell_through_microsoft)
    if needs and not ctx.offer.plans:
        ctx.report(("offer",), f"{OFFER_TYPES[t].label} offers need at least one plan; plans/ holds none.",
                   "Add plans/<plan-id>.toml.")


@rule("LP514", "service-id", "error", "Plan overview",
      "Dynamics 365 apps on Dataverse with license management: every plan has a Service ID.",
      types=("dynamics-365-dataverse",), source="[AD] isv-app-license.md (2022-05-25)")
def service_id(ctx):
    if not ctx.data.setup.license_management:
        return
    for plan in ctx.offer.plans:
        required(ctx, ("plan", "service_id"), plan.data.plan.service_id, " with license management", plan=plan)


@rule("LP515", "solution-template-free", "error", "Plan overview",
      "Azure Application: a solution template plan has no price (only managed-application plans are priced).",
      limit="solution_template_free")
def solution_template_free(ctx):
    allowed = ctx.limit().value
    for plan in ctx.offer.plans:
        p = plan.data
        if p.plan.subtype != "solution-template":
            continue
        pr = p.pricing
        if pr.model is not None and pr.model not in allowed:
            ctx.report(("pricing", "model"), f"pricing.model is '{pr.model}', but a solution template plan has no "
                       "pricing.", "Remove the pricing, or make the plan a managed-application plan.", plan=plan)
        if pr.metered_dimensions or any(t.price for t in pr.billing_terms) or pr.price_per_hour:
            where = ("pricing", "metered_dimensions") if pr.metered_dimensions else \
                ("pricing", "billing_terms") if pr.billing_terms else ("pricing", "price_per_hour")
            ctx.report(where, "a solution template plan carries "
                       "prices; solution templates are free (they may deploy paid VM offers, billed separately).",
                       "Remove the prices, or make the plan a managed-application plan.", plan=plan)


@rule("LP516", "plan-name-characters", "error", "Plan overview",
      "Managed Service: the plan name holds only letters, digits, '-' and '_'.", limit="plan_name_chars")
def plan_name_chars(ctx):
    pattern = ctx.limit().value
    for plan in ctx.offer.plans:
        name = plan.data.plan.name
        if name and not re.match(pattern, name):
            bad = sorted({c for c in name if not re.match(r"[A-Za-z0-9_-]", c)})
            shown = ", ".join("space" if c == " " else repr(c) for c in bad)
            ctx.report(("plan", "name"), f"plan.name '{name}' contains {shown}; a Managed Service plan name holds "
                       "only letters, digits, '-' and '_'.",
                       f"Use '{re.sub(r'[^A-Za-z0-9_-]+', '-', name).strip('-')}'.", plan=plan)


_MARKET = re.compile(r"^[A-Z]{2}$")


@rule("LP517", "markets", "error", "Plan overview",
      "Markets of a plan (when given): 1 to 141 two-letter market codes, no duplicates.", limit="markets")
def markets(ctx):
    lo, hi = ctx.limit().value
    for plan in ctx.offer.plans:
        if ("plan", "markets") not in plan.source.positions:
            continue  # markets not written: nothing to check
        got = plan.data.plan.markets
        if not lo <= len(got) <= hi:
            ctx.report(("plan", "markets"), f"plan.markets lists {len(got)}; the rule is {lo} to {hi}.",
                       "Add a market." if len(got) < lo else f"Keep at most {hi}.", plan=plan)
        for i, m in enumerate(got):
            if not _MARKET.match(m):
                ctx.report(("plan", "markets", i), f"plan.markets[{i}] '{m}' is not a two-letter market code.",
                           "Use ISO 3166 codes in capitals, e.g. 'US', 'NL'.", plan=plan)
        dupes = sorted(k for k, n in Counter(got).items() if n > 1)
        if dupes:
            ctx.report(("plan", "markets"), f"plan.markets lists {', '.join(dupes)} more than once.",
                       "List each market once.", plan=plan)
