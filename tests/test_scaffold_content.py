"""What ``init`` writes says what the store will show: the description's next step names the listing's button,
supporting documents are real PDFs, and the offer ID keeps Dynamics 365's combined-length rule."""

from __future__ import annotations

import re

import pytest

from listingpreview.cta import calls_to_action
from listingpreview.load import load_offer
from listingpreview.names import OFFER_TYPES
from listingpreview.rules.limits import lookup
from listingpreview.scaffold import PUBLISHER, init_site


@pytest.mark.parametrize("offer_type", list(OFFER_TYPES))
def test_the_description_names_the_button_the_listing_shows(offer_type, tmp_path):
    init_site(tmp_path, offer_type)
    diags: list = []
    offer = load_offer(tmp_path / "content" / f"contoso-{offer_type}", tmp_path, diags)
    assert offer is not None and diags == []
    first = calls_to_action(offer)[0]
    assert f"Select **{first}**" in offer.description, (first, offer.description)
    lim = lookup("offer_plus_publisher_id", offer_type, "latest")
    if lim:
        assert len(offer.data.offer.id) + len(PUBLISHER["publisher_id"]) < lim.value
    docs = offer.data.listing.supporting_documents
    need = lookup("supporting_documents", offer_type, "latest")
    assert len(docs) == (1 if need and need.value[0] >= 1 else 0)
    for d in docs:
        pdf = (offer.folder / d.file).read_bytes()
        # A whole PDF, not only the signature the check reads: header, cross-reference table, trailer, one page.
        assert pdf.startswith(b"%PDF-1.") and b"\nxref\n" in pdf and b"trailer" in pdf and b"%%EOF" in pdf[-16:]
        assert re.search(rb"/Type\s*/Page(?!s)\b", pdf)
