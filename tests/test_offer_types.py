"""Every Partner Center offer type is accepted, checked and rendered in its store's look."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from listingpreview.names import OFFER_TYPES
from listingpreview.pipeline import build
from listingpreview.scaffold import draw_logo, draw_screenshot

MINIMAL = '''[offer]
id = "{id}"
alias = "Minimal {label}"
type = "{type}"
publisher = "Contoso"
publisher_id = "contoso"

[listing]
name = "Minimal {label}{title}"
search_results_summary = "A minimal offer of this type."

[media]
large_logo = "media/logo.png"

[[media.screenshots]]
file = "media/shot.png"
caption = "A screen."
'''


@pytest.mark.parametrize("offer_type", list(OFFER_TYPES))
def test_each_offer_type_builds(tmp_path, offer_type):
    t = OFFER_TYPES[offer_type]
    folder = tmp_path / "site/content/minimal"
    folder.mkdir(parents=True)
    title = ": 1-Week Workshop" if offer_type == "consulting-service" else ""  # LP920's title format
    (folder / "offer.toml").write_text(MINIMAL.format(id=f"minimal-{offer_type}"[:50], label=t.label, type=offer_type,
                                                      title=title))
    (folder / "description.md").write_text("A description with **bold** text.")
    size = 300
    draw_logo(folder / "media/logo.png", (size, size), ("#004578", "#50e6ff"))
    draw_screenshot(folder / "media/shot.png", "Screen", "#004578",
                    (1366, 768) if offer_type in ("power-bi-visual", "microsoft-365-app") else (1280, 720))
    result = build(tmp_path / "site", tmp_path / "out")
    assert result.offers == 1
    page = BeautifulSoup((tmp_path / "out/offers/minimal/index.html").read_text(), "html.parser")
    assert page.select_one("h1").get_text(strip=True) == f"Minimal {t.label}{title}"
    # latest: one store for every type (storefront-2025.md §1); the two stores are the 2020 edition's
    assert page.select_one(".store-brand").get_text() == "Microsoft Marketplace"
    assert page.select(".cta-row .btn")
    assert not [d for d in result.diagnostics if d.code in ("LP006", "LP001", "LP002", "LP003")]
    review = BeautifulSoup((tmp_path / "out/offers/minimal/review.html").read_text(), "html.parser")
    assert review.select("tr.section-row")
