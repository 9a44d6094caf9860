"""One module converts field paths; the ones that used to disagree now agree."""

from __future__ import annotations

import pytest

from listingpreview import compare, diagnostics, fieldpaths, load, names
from listingpreview.diagnostics import Diagnostic


@pytest.mark.parametrize("path,loc", [
    ("listing.name", ("listing", "name")),
    ("media.screenshots[1].file", ("media", "screenshots", 1, "file")),
    ("pricing.billing_terms[0]", ("pricing", "billing_terms", 0)),
    ("a[1][2].b", ("a", 1, 2, "b")),
])
def test_key_path_round_trip(path, loc):
    assert fieldpaths.parts(path) == loc
    assert fieldpaths.join(loc) == path
    assert load.field_string(loc) == path  # the loader's spelling is this module's


def test_both_index_spellings_name_the_same_field():
    assert fieldpaths.normal("media.screenshots.1.file") == "media.screenshots[1].file"
    assert fieldpaths.anchor("media.screenshots.1") == fieldpaths.anchor("media.screenshots[1]") == \
        "field-media-screenshots-1"
    assert fieldpaths.label("media.screenshots.1.file") == fieldpaths.label("media.screenshots[1].file") == \
        "Screenshots"


def test_labels_anchors_and_sections():
    assert names.label("listing.search_results_summary") == "Search results summary"
    assert names.label("listing.support_contact.email") == "Support contact"
    assert names.label("no.such.field") == "no.such.field"
    assert diagnostics.field_anchor("plan.name", "Gold Plan") == "plan-gold-plan-field-plan-name"
    assert diagnostics.plan_anchor("") == "plan-plan" and fieldpaths.anchor("") == "field-offer"
    assert fieldpaths.section("media.large_logo") == "Offer listing"
    assert fieldpaths.section("listing.name", plan="gold") == "Plan overview"
    assert fieldpaths.section("technical_configuration.landing_page_url") == "Technical configuration"
    assert fieldpaths.parents("media.screenshots[1].file") == ["media.screenshots[1].file", "media.screenshots[1]",
                                                              "media.screenshots", "media"]


def test_link_prefers_precision_then_the_store_pages():
    ids = {"index.html": {"field-listing-support-contact-url"}, "review.html": {"field-listing-support-contact",
                                                                               "field-listing-keywords"},
           "tiles.html": {"field-listing-search-results-summary"}}
    assert fieldpaths.link("listing.support_contact.email", "", ids, "x") == "review.html#field-listing-support-contact"
    assert fieldpaths.link("listing.support_contact.url", "", ids, "x") == \
        "index.html#field-listing-support-contact-url"
    assert fieldpaths.link("listing.search_results_summary", "", ids | {"index.html": {
        "field-listing-search-results-summary"}}, "x") == "index.html#field-listing-search-results-summary"
    assert fieldpaths.link("plan.name", "gold", {"plans.html": {"plan-gold"}}, "x") == "plans.html#plan-gold"
    assert fieldpaths.link("setup.nothing", "", ids, "review.html#diag-3") == "review.html#diag-3"


def test_required_names_an_indexed_field_as_diagnostics_do():
    """rules' required() wrote ``a.0.b`` while diagnostics say ``a[0].b``: a message must name the field
    the way the diagnostic's field does."""
    from listingpreview.rules.checks._util import required

    class Ctx:
        found: list = []

        def report(self, loc, message, hint="", **kw):
            self.found.append((fieldpaths.join(loc), message, hint))

    ctx = Ctx()
    required(ctx, ("media", "screenshots", 0, "file"), "")
    field, message, hint = ctx.found[0]
    assert field in message and "media.screenshots[0].file" in hint and "Screenshots" in message


def test_changed_fields_mark_parents():
    changes = compare.OfferChanges("changed", [compare.Change("media.screenshots[1].caption", "", "", "", "text")])
    assert changes.changed_fields == {"media", "media.screenshots", "media.screenshots[1]",
                                      "media.screenshots[1].caption"}


def test_diagnostic_anchor_property():
    d = Diagnostic("LP104", "error", "offer.toml", 1, 1, "listing.name", "m", plan="")
    assert d.anchor == "field-listing-name"
