"""Technical configuration: the Managed Service manifest and the SaaS connection details."""

from __future__ import annotations

import difflib
import re

from ...urls import is_guid, url_problem
from .. import rule
from ..catalog import (
    BUILT_IN_ROLES,
    DELETE_ROLE,
    MORE_BUILT_IN_ROLES,
    ROLE_SUPPORT_SOURCE,
    ROLES_SOURCE,
    UNSUPPORTED_ROLES,
    USER_ACCESS_ADMINISTRATOR,
)
from ._util import required

_MS = ("managed-service",)


_SECRET_NAMES = ("token", "secret", "password", "apikey", "api_key", "key", "sig", "code")


def _secret_param(url: str) -> str:
    """The name of a query parameter that looks like a secret or token; "" when none."""
    from urllib.parse import parse_qsl, urlsplit

    for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if name.lower().replace("-", "_") in _SECRET_NAMES or name.lower().endswith(("token", "secret")):
            return name
    return ""


def _tech(plan):
    return plan.data.technical_configuration


@rule("LP601", "manifest-version", "error", "Technical configuration", "Manifest version has the form n.n.n.",
      limit="manifest_version")
def manifest_version(ctx):
    pattern = ctx.limit().value
    for plan in ctx.offer.plans:
        v = _tech(plan).manifest_version
        if required(ctx, ("technical_configuration", "manifest_version"), v, plan=plan) and not re.match(pattern, v):
            ctx.report(("technical_configuration", "manifest_version"), f"manifest_version '{v}' is not of the form n.n.n.",
                       "Use three numbers, e.g. 1.0.0, and raise it with every new manifest.", plan=plan)


@rule("LP602", "tenant-id", "error", "Technical configuration", "Tenant ID is a GUID.", limit="manifest_version")
def tenant_id(ctx):
    for plan in ctx.offer.plans:
        v = _tech(plan).tenant_id
        if required(ctx, ("technical_configuration", "tenant_id"), v, plan=plan) and not is_guid(v):
            ctx.report(("technical_configuration", "tenant_id"), f"tenant_id '{v}' is not a GUID.",
                       "Use the managing tenant's ID, form 00000000-0000-0000-0000-000000000000.", plan=plan)


@rule("LP603", "authorizations-count", "error", "Technical configuration", "1 to 20 authorizations per plan.",
      limit="authorizations")
def authorizations_count(ctx):
    lo, hi = ctx.limit().value
    for plan in ctx.offer.plans:
        n = len(_tech(plan).authorizations)
        if n < lo or n > hi:
            ctx.report(("technical_configuration", "authorizations"), f"the plan has {n} authorizations; "
                       f"the rule is {lo} to {hi}.", "Add one." if n < lo else
                       f"Remove {n - hi}: grant roles to groups instead of single users.", plan=plan)


@rule("LP604", "principal-id", "error", "Technical configuration",
      "Each authorization has an Azure AD object ID (GUID) and a display name.", limit="authorizations")
def principal(ctx):
    for plan in ctx.offer.plans:
        for i, a in enumerate(_tech(plan).authorizations):
            loc = ("technical_configuration", "authorizations", i)
            if required(ctx, loc + ("principal_id",), a.principal_id, plan=plan) and not is_guid(a.principal_id):
                ctx.report(loc + ("principal_id",), f"authorization {i + 1} principal_id '{a.principal_id}' is not a GUID.",
                           "Use the Azure AD object ID of the user, group or service principal.", plan=plan)
            required(ctx, loc + ("display_name",), a.display_name, " (customers see it)", plan=plan)


@rule("LP605", "role-definition", "error", "Technical configuration",
      "Each authorization names a role that Azure Lighthouse can delegate (not Owner).", types=_MS,
      source=ROLE_SUPPORT_SOURCE + "; seed 000: built-in roles only (2020-04-08)")
def role(ctx):
    for plan in ctx.offer.plans:
        for i, a in enumerate(_tech(plan).authorizations):
            loc = ("technical_configuration", "authorizations", i, "role")
            if not required(ctx, loc, a.role, plan=plan):
                continue
            if a.role in UNSUPPORTED_ROLES:
                ctx.report(loc, f"authorization {i + 1} role '{a.role}' cannot be delegated: "
                           f"{UNSUPPORTED_ROLES[a.role]}.", "Use Contributor and grant the rights you need.", plan=plan)


@rule("LP609", "unknown-role", "warning", "Technical configuration",
      "Each authorization's role is one of the Azure built-in roles listingpreview knows (Azure adds roles over time).",
      types=_MS, source="seed 000: new built-in roles become available over time; " + ROLES_SOURCE + " (2026-04-09)")
def unknown_role(ctx):
    known = list(BUILT_IN_ROLES) + sorted(MORE_BUILT_IN_ROLES)
    for plan in ctx.offer.plans:
        for i, a in enumerate(_tech(plan).authorizations):
            if a.role and a.role not in UNSUPPORTED_ROLES and a.role not in BUILT_IN_ROLES \
                    and a.role not in MORE_BUILT_IN_ROLES:
                close = difflib.get_close_matches(a.role, known, n=1, cutoff=0.6)
                ctx.report(("technical_configuration", "authorizations", i, "role"),
                           f"authorization {i + 1} role '{a.role}' is not one of the {len(known)} built-in roles "
                           "listingpreview knows; Partner Center offers only Azure built-in roles (no custom roles).",
                           f"Did you mean '{close[0]}'?" if close else "Check the name against the Azure built-in "
                           "roles list; custom roles cannot be delegated.", plan=plan)


@rule("LP606", "assignable-roles", "error", "Technical configuration",
      "Assignable roles are given exactly when the role is User Access Administrator.", types=_MS,
      source="[AD] create-managed-service-offer-plans.md (2021-07-12)")
def assignable(ctx):
    if ctx.offer.type != "managed-service":
        return
    for plan in ctx.offer.plans:
        for i, a in enumerate(_tech(plan).authorizations):
            loc = ("technical_configuration", "authorizations", i, "assignable_roles")
            if a.role == USER_ACCESS_ADMINISTRATOR and not a.assignable_roles:
                ctx.report(loc, f"authorization {i + 1} is User Access Administrator but lists no assignable roles.",
                           "List the roles it may assign to managed identities, e.g. ['Contributor'].", plan=plan)
            elif a.assignable_roles and a.role != USER_ACCESS_ADMINISTRATOR:
                ctx.report(loc, f"authorization {i + 1} lists assignable roles, but its role is '{a.role}'; only "
                           "User Access Administrator may have them.", "Remove assignable_roles.", plan=plan)
            for r in a.assignable_roles:
                if r not in BUILT_IN_ROLES or r == USER_ACCESS_ADMINISTRATOR:
                    ctx.report(loc, f"assignable role '{r}' is not a built-in role that can be assigned.",
                               "Use built-in roles other than User Access Administrator.", plan=plan)


@rule("LP607", "delete-role", "warning", "Technical configuration",
      "Some authorization carries the Managed Services Registration Assignment Delete Role.", types=_MS,
      source="[AD] create-managed-service-offer-plans.md (2021-07-12)")
def delete_role(ctx):
    if ctx.offer.type != "managed-service":
        return
    for plan in ctx.offer.plans:
        auths = _tech(plan).authorizations
        if auths and not any(a.role == DELETE_ROLE for a in auths):
            ctx.report(("technical_configuration", "authorizations"), f"no authorization has the {DELETE_ROLE}; "
                       "your team could not remove a customer's delegation.",
                       f"Add an authorization with role = \"{DELETE_ROLE}\".", plan=plan)


@rule("LP608", "active-authorization", "error", "Technical configuration", "At least one Active authorization.",
      limit="authorizations")
def active(ctx):
    for plan in ctx.offer.plans:
        auths = _tech(plan).authorizations
        if auths and not any(a.access == "active" for a in auths):
            ctx.report(("technical_configuration", "authorizations"), "every authorization is Eligible; "
                       "at least one must be Active.", "Set access = \"active\" on one.", plan=plan)


@rule("LP610", "saas-technical-configuration", "error", "Technical configuration",
      "SaaS sold through Microsoft: landing page (https, no '#', no secrets or tokens), connection webhook and "
      "Azure AD IDs (GUIDs).",
      limit="saas_landing_page")
def saas_technical(ctx):
    if not ctx.data.setup.sell_through_microsoft:
        return
    tc = ctx.data.technical_configuration
    base = ("technical_configuration",)
    for key in ("landing_page_url", "connection_webhook_url"):
        url = getattr(tc, key)
        if required(ctx, base + (key,), url, " for offers sold through Microsoft"):
            problem = url_problem(url)
            if problem:
                ctx.report(base + (key,), f"technical_configuration.{key} '{url}' {problem}.", "Use an https:// address.")
            elif "#" in url:
                ctx.report(base + (key,), f"technical_configuration.{key} contains '#'.", "Remove the fragment.")
            elif key == "landing_page_url" and (secret := _secret_param(url)):
                ctx.report(base + (key,), f"technical_configuration.{key} carries '{secret}' in its query; the landing "
                           "page URL must hold no secrets or tokens.", "Remove the parameter; the marketplace adds "
                           "the purchase token itself.")
    for key in ("azure_ad_tenant_id", "azure_ad_app_id"):
        v = getattr(tc, key)
        if required(ctx, base + (key,), v, " for offers sold through Microsoft") and not is_guid(v):
            ctx.report(base + (key,), f"technical_configuration.{key} '{v}' is not a GUID.",
                       "Copy the ID from the Azure portal (App registrations).")
