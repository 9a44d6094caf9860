"""Resell through CSPs: the ``[reseller]`` setting is one Partner Center can take for this offer."""

from __future__ import annotations

from ... import resellers
from ...names import OFFER_TYPES
from ...urls import is_guid
from .. import rule


@rule("LP720", "resell-through-csps", "warning", "Resell through CSPs",
      "Resell through CSPs is set only where Partner Center offers it, and 'specific-partners' names the partners "
      "by Azure AD tenant ID.", source=resellers.CSP_PROGRAM.cite)
def resell_through_csps(ctx):
    r = ctx.data.reseller
    loc = ("reseller", "resell_through_csps")
    if r.resell_through_csps not in (None, "none") and not resellers.eligible(ctx.offer):
        what = OFFER_TYPES[ctx.offer.type].label if ctx.offer.type in OFFER_TYPES else ctx.offer.type
        if ctx.offer.type == "saas":
            what = "listing-only Software as a Service"
        ctx.report(loc, f"reseller.resell_through_csps is '{r.resell_through_csps}', but {what} offers cannot be "
                   "resold through CSPs; the setting has no effect.",
                   "Remove [reseller], or set resell_through_csps = 'none'. " + resellers.ELIGIBLE_TEXT)
    if r.resell_through_csps == "specific-partners" and not r.csp_partners:
        ctx.report(loc, "reseller.resell_through_csps is 'specific-partners' but reseller.csp_partners is empty, so "
                   "no CSP partner can resell the offer.",
                   "List the partners' Azure AD tenant IDs in csp_partners, or choose 'all' or 'none'.")
    if r.csp_partners and r.resell_through_csps != "specific-partners":
        ctx.report(("reseller", "csp_partners"), "reseller.csp_partners is ignored unless resell_through_csps is "
                   "'specific-partners'.", "Set resell_through_csps = 'specific-partners', or remove csp_partners.")
    for i, tenant in enumerate(r.csp_partners):
        if not is_guid(tenant):
            ctx.report(("reseller", "csp_partners", i), f"reseller.csp_partners[{i}] '{tenant}' is not an Azure AD "
                       "tenant ID (a GUID).",
                       "Use the CSP partner's tenant ID, e.g. from Partner Center's partner search.")
