"""Jinja2 environment and static assets: a site's own ``layouts/`` and ``assets/`` first, built-in second.

Autoescaping is on for every template; publisher text reaches a page only
escaped, except the description, which :mod:`listingpreview.markup` sanitized.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from .diagnostics import field_anchor, plan_anchor
from .names import label
from .urls import is_safe_href

_HERE = Path(__file__).resolve().parent


def builtin_dir(name: str) -> Path:
    """``layouts`` or ``assets``: inside the installed package, or at the source tree's root."""
    packaged = _HERE / name
    return packaged if packaged.is_dir() else _HERE.parents[1] / name


# Anchors the review page always has (its details panels); see layouts/review.html.
REVIEW_ANCHORS = {field_anchor(f) for f in (
    "offer", "offer.id", "offer.alias", "offer.type", "offer.publisher", "offer.publisher_id", "setup",
    "setup.sell_through_microsoft", "setup.listing_option", "setup.offer_url", "setup.trial_url", "setup.test_drive",
    "setup.license_management", "setup.allow_install_without_license", "setup.lead_destination",
    "setup.lead_contact_email", "properties", "properties.categories", "properties.industries",
    "properties.standard_contract", "properties.terms_of_use", "properties.terms_of_use_url", "listing.keywords",
    "listing.language", "listing.description_file", "listing.support_contact", "listing.engineering_contact",
    "preview", "preview.audience", "preview.audience_csv", "technical_configuration",
    "technical_configuration.landing_page_url", "technical_configuration.connection_webhook_url",
    "technical_configuration.azure_ad_tenant_id", "technical_configuration.azure_ad_app_id")}


class _NoLinkLoader(jinja2.FileSystemLoader):
    """A site's own layouts: a template that is (or lies behind) a symlink is skipped, like a missing one."""

    def get_source(self, environment, template):
        for root in self.searchpath:
            if any(os.path.islink(os.path.join(root, *template.split("/")[:i + 1]))
                   for i in range(len(template.split("/")))):
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def environment(site_layouts: Path | None = None) -> jinja2.Environment:
    """An environment loading ``site_layouts`` (if it exists) before the built-in layouts."""
    loaders: list[jinja2.BaseLoader] = []
    if site_layouts is not None and site_layouts.is_dir() and not site_layouts.is_symlink():
        loaders.append(_NoLinkLoader(str(site_layouts)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_dir("layouts"))))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from .pages import card

    env.globals.update(anchor=field_anchor, label=label, plan_anchor=plan_anchor, card=card)
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["money"] = lambda n: f"{n:,.2f}"
    env.filters["href"] = lambda url: url if is_safe_href(url or "") else ""
    return env


def assets(site_assets: Path | None = None) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of every asset file; a site's own file replaces the built-in one of that name."""
    found: dict[str, bytes] = {}
    for root in (builtin_dir("assets"), site_assets):
        if root is None or not root.is_dir() or (root is site_assets and root.is_symlink()):
            continue  # a symlinked assets/ could publish files from outside the site (reported as LP010)
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink() and not p.name.startswith("."):
                found[p.relative_to(root).as_posix()] = p.read_bytes()
    return sorted(found.items())
