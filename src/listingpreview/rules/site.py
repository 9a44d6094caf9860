"""Rules across the offers of one site: what one offer cannot know about the others."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Offer

UNIQUE_ID_SOURCE = ("[AD] create-new-saas-offer.md; create-managed-service-offer.md (offer ID unique per account) "
                    "(2022-03-28)")


def duplicate_offer_ids(offers: list[Offer]) -> list[Diagnostic]:
    """LP009 for every offer whose ``[offer] id`` another offer of the site uses too (at that offer's id line)."""
    by_id: dict[str, list[Offer]] = {}
    for o in offers:
        if o.data.offer.id and not o.source.broken:
            by_id.setdefault(o.data.offer.id, []).append(o)
    out: list[Diagnostic] = []
    for oid, group in by_id.items():
        if len(group) < 2:
            continue
        for o in group:
            others = ", ".join(x.source.display for x in group if x is not o)
            line, col = o.source.position(("offer", "id")) or (None, None)
            out.append(Diagnostic("LP009", "error", o.source.display, line, col, "offer.id",
                                  f"offer.id '{oid}' is also the offer ID in {others}; an offer ID is unique in a "
                                  "publisher account.", "Give each offer its own ID.", UNIQUE_ID_SOURCE, o.slug))
    return out


def offer_id_at(offer: Offer) -> list | None:
    """``[offer id, file, line, column]`` of an offer (JSON-safe, kept with a cached build result); None if unset."""
    if not offer.data.offer.id or offer.source.broken:
        return None
    line, col = offer.source.position(("offer", "id")) or (None, None)
    return [offer.data.offer.id, offer.source.display, line, col]


def duplicate_ids_from_cards(cards: dict[str, dict]) -> list[Diagnostic]:
    """LP009 from the ``offer_id_at`` entries of built offers' cards (slug -> card), as :func:`duplicate_offer_ids`."""
    by_id: dict[str, list[tuple[str, list]]] = {}
    for slug, card in cards.items():
        at = card.get("offer_id_at")
        if at:
            by_id.setdefault(at[0], []).append((slug, at))
    out: list[Diagnostic] = []
    for oid, group in by_id.items():
        if len(group) < 2:
            continue
        for slug, (_, file, line, col) in group:
            others = ", ".join(at[1] for s, at in group if s != slug)
            out.append(Diagnostic("LP009", "error", file, line, col, "offer.id",
                                  f"offer.id '{oid}' is also the offer ID in {others}; an offer ID is unique in a "
                                  "publisher account.", "Give each offer its own ID.", UNIQUE_ID_SOURCE, slug))
    return out
