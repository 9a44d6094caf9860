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
EDITIONS = ("latest", "2020")


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


class SiteConfig(BaseModel):
    """The whole of ``listingpreview.toml``."""

    model_config = ConfigDict(extra="forbid")

    site: SiteSection = Field(default_factory=SiteSection)
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(
        default_factory=dict, description="Per-code severity overrides, e.g. LP607 = 'error'.")


def config_path(site_dir: Path) -> Path:
    return site_dir / CONFIG_NAME
