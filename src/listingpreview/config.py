"""Site configuration: ``listingpreview.toml`` at the root of a site folder.

Example::

    [site]
    title = "Contoso offers"
    edition = "latest"          # or "2020": which Partner Center rules apply
    base_url = ""               # used only for canonical URLs and og: tags
    noindex = true              # meta robots noindex + robots.txt that disallows crawling
    content_dir = "content"

    [severity]
    LP607 = "error"             # raise, lower or turn "off" any rule
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CONFIG_NAME = "listingpreview.toml"
from .names import EDITIONS  # noqa: E402,F401  (the list lives with the other names)


class SiteSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field("Marketplace listing preview", description="Title of the preview site's index page.")
    edition: Literal["latest", "2020"] = Field("latest", description="Rules edition: 'latest' or '2020'.")
    base_url: str = Field("", description="Public URL of the built site; used only for canonical links.")
    content_dir: str = Field("content", description="Folder (relative to the site) holding one folder per offer.")
    storefront_locale: str = Field("en-us", description="Locale segment of the store URLs shown in previews.")
    noindex: bool = Field(True, description="Ask search engines not to index the preview (meta robots + robots.txt).")
    request_private_offer: bool = Field(
        False, description="Show 'Request private offer' on transactable listings (an opt-in store setting).")


class CertificationSection(BaseModel):
    """``[certification]``: word lists of the certification lint (replace the defaults when given)."""

    model_config = ConfigDict(extra="forbid")

    superlatives: list[str] | None = Field(None, description="Claims to flag, e.g. 'best', 'number one'.")
    competitors: list[str] | None = Field(None, description="Competitor names to flag in comparisons and keywords.")


class SiteConfig(BaseModel):
    """The whole of ``listingpreview.toml``."""

    model_config = ConfigDict(extra="forbid")

    site: SiteSection = Field(default_factory=SiteSection)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(
        default_factory=dict, description="Per-code severity overrides, e.g. LP607 = 'error'.")
    certification: CertificationSection = Field(default_factory=CertificationSection)


def config_path(site_dir: Path) -> Path:
    return site_dir / CONFIG_NAME


def unknown_codes(config: SiteConfig, source) -> list:
    """LP002 for each ``[severity]`` key that is no rule code (with a "did you mean"); drops those keys.

    ``source`` is the :class:`model.SourceFile` of ``listingpreview.toml`` (for line and column).
    """
    import difflib

    from .diagnostics import Diagnostic
    from .rules import all_rules

    known = [r.code for r in all_rules()]
    out = []
    for code in [c for c in config.severity if c not in known]:
        close = difflib.get_close_matches(code.upper(), known, n=1, cutoff=0.6)
        line, col = source.position(("severity", code)) or (None, None)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        out.append(Diagnostic("LP002", "error", source.display, line, col, f"severity.{code}",
                              f"unknown rule code '{code}' in [severity]; the override would do nothing.",
                              hint + "`listingpreview rule` lists every rule code."))
        del config.severity[code]
    return out
