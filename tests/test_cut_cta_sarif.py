"""Edges that a wrong ``<`` or a missing mapping would break: snippet cuts at pixel boundaries, every call to
action, and SARIF's ``note`` level."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest

from listingpreview import cta, snippet
from listingpreview.diagnostics import Diagnostic
from listingpreview.load import load_offer
from listingpreview.names import OFFER_TYPES
from listingpreview.reports import render_sarif
from listingpreview.rules import all_rules

ROOT = Path(__file__).resolve().parents[1]


# -- snippet: cut at pixel boundaries ------------------------------------------------------------------------------
@pytest.mark.parametrize("font", [snippet.TITLE_FONT_PX, snippet.DESCRIPTION_FONT_PX, 14])
def test_text_exactly_as_wide_as_the_room_is_not_cut(font):
    text = "Inspection forms that work offline"
    exact = snippet.width(text, font)
    assert snippet.cut(text, exact, font) == snippet.Cut(text, False, exact)
    assert snippet.cut(text, exact - 0.001, font).truncated


def test_the_cut_keeps_the_longest_word_prefix_that_fits_with_the_ellipsis():
    font = snippet.TITLE_FONT_PX
    text = "Alpha Bravo Charlie Delta Echo"
    for keep in ("Alpha", "Alpha Bravo", "Alpha Bravo Charlie", "Alpha Bravo Charlie Delta"):
        room = snippet.width(keep + snippet.ELLIPSIS, font)
        assert snippet.cut(text, room, font).shown == keep + snippet.ELLIPSIS  # exactly fits: kept
        shorter = snippet.cut(text, room - 0.001, font).shown  # a hair less: the word goes
        assert shorter != keep + snippet.ELLIPSIS and len(shorter) < len(keep) + len(snippet.ELLIPSIS)


def test_every_cut_fits_its_room_and_ends_at_a_word():
    words = "Fabrikam FieldNotes turns paper inspection forms into offline mobile apps for field teams".split()
    for n in range(2, len(words) + 1):
        text = " ".join(words[:n])
        for room in range(120, int(snippet.width(text, 14)) + 2, 7):
            got = snippet.cut(text, room, 14)
            assert snippet.width(got.shown, 14) <= room or got.shown == snippet.ELLIPSIS.strip() or \
                not got.truncated and got.shown == text
            if got.truncated:
                head = got.shown[: -len(snippet.ELLIPSIS)]
                assert text.startswith(head) and (head == "" or text[len(head):][:1] in (" ", ""))


def test_unknown_characters_count_as_the_average_width():
    assert snippet.width("漢", 20) == pytest.approx(snippet.width("\u4e00", 20))
    assert snippet.width("a", 2048) == snippet.ADVANCE["a"]


# -- calls to action ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base():
    offer = load_offer(ROOT / "content/fabrikam-fieldnotes", ROOT / "content", [], "x")
    assert offer is not None and offer.plans
    return offer


def _offer(base, offer_type, *, stm=None, option=None, test_drive=False, lm=False, box2=False, trial=False,
           vm_months=None):
    o = copy.deepcopy(base)
    o.data.offer.type = offer_type
    s = o.data.setup
    s.sell_through_microsoft, s.listing_option, s.test_drive = stm, option, test_drive
    s.license_management, s.allow_install_without_license = lm, box2
    for p in o.plans:
        p.data.plan.free_trial, p.data.plan.free_trial_months = trial, vm_months
    return o


G, F, C, T = cta.GET_IT_NOW, cta.FREE_TRIAL, cta.CONTACT_ME, cta.TEST_DRIVE


@pytest.mark.parametrize("offer_type,settings,buttons", [
    # SaaS sold through Microsoft: Get it now, and Free trial when a plan has one (plan-saas-offer.md)
    ("saas", {"stm": True}, [G]),
    ("saas", {"stm": True, "trial": True}, [G, F]),
    ("saas", {"stm": True, "trial": True, "test_drive": True}, [G, F, T]),
    # SaaS listing only: the listing option's own button
    ("saas", {"stm": False, "option": "get-it-now"}, [G]),
    ("saas", {"stm": False, "option": "free-trial"}, [F]),
    ("saas", {"stm": False, "option": "contact-me"}, [C]),
    ("saas", {"stm": False, "option": "contact-me", "test_drive": True}, [C, T]),
    # Dynamics 365 apps on Dataverse with license management: box 1 only / box 1 + box 2 (isv-app-license.md)
    ("dynamics-365-dataverse", {"lm": True}, [C]),
    ("dynamics-365-dataverse", {"lm": True, "box2": True}, [G, C]),
    ("dynamics-365-dataverse", {"option": "free-trial"}, [F]),
    ("dynamics-365-business-central", {"option": "contact-me"}, [C]),
    ("dynamics-365-business-central", {}, [G]),
    ("dynamics-365-operations", {"option": "free-trial", "test_drive": True}, [F, T]),
    ("microsoft-365-app", {"option": "contact-me"}, [C]),
    ("microsoft-365-app", {"test_drive": True}, [G]),  # no test drive for Microsoft 365 apps
    # Virtual machines: Get it now, Free trial with trial months, Test drive allowed
    ("azure-virtual-machine", {}, [G]),
    ("azure-virtual-machine", {"vm_months": 3, "test_drive": True}, [G, F, T]),
    ("azure-application", {"test_drive": True}, [G, T]),
    ("azure-container", {"test_drive": True}, [G]),
    ("iot-edge-module", {}, [G]),
    ("managed-service", {}, [G]),
    ("power-bi-app", {}, [G]),
    ("power-bi-visual", {}, [G]),
    ("consulting-service", {"test_drive": True}, [C]),
    ("cosell-only", {}, [C]),
])
def test_call_to_action_mapping(base, offer_type, settings, buttons):
    assert cta.calls_to_action(_offer(base, offer_type, **settings)) == buttons


def test_every_offer_type_has_a_mapping_and_every_button_is_allowed(base):
    assert set(cta.ALLOWED) == set(OFFER_TYPES)
    options = (None, "get-it-now", "free-trial", "contact-me")
    for t in OFFER_TYPES:
        for stm, option, td, lm, box2, trial in itertools.product((None, True, False), options, (False, True),
                                                                  (False, True), (False, True), (False, True)):
            got = cta.calls_to_action(_offer(base, t, stm=stm, option=option, test_drive=td, lm=lm, box2=box2,
                                             trial=trial, vm_months=3 if trial else None))
            # SaaS with neither "sell through Microsoft" nor a listing option has no button (LP120 reports it)
            assert got or (t == "saas" and not stm and option is None), (t, stm, option)
            assert len(got) == len(set(got)) and set(got) <= set(cta.ALLOWED[t]), (t, got)


def test_every_pricing_type_has_a_label(base):
    assert set(cta.PRICING_LABELS) == {"Free", "FreeTrial", "Byol", "Payg"}
    assert "Byol" in cta.pricing_types(_offer(base, "managed-service"))  # Managed Service: always BYOL


# -- SARIF levels --------------------------------------------------------------------------------------------------
def test_sarif_levels_error_warning_and_note():
    diags = [Diagnostic(code, sev, "content/x/offer.toml", 3, 1, "listing.name", f"{sev} message")
             for code, sev in (("LP104", "error"), ("LP107", "warning"), ("LP106", "info"))]
    log = json.loads(render_sarif(diags, all_rules()))
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels == {"LP104": "error", "LP107": "warning", "LP106": "note"}
    assert all(r["level"] in ("none", "note", "warning", "error") for r in log["runs"][0]["results"])


def test_sarif_rule_default_level_of_an_info_rule_is_note():
    from listingpreview.rules import Rule

    rule = Rule("LP999", "an-info-rule", "info", "Offer listing", "Something worth knowing.")
    log = json.loads(render_sarif([Diagnostic("LP999", "info", "offer.toml", None, None, "", "m")], [rule]))
    assert log["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] == "note"
    assert log["runs"][0]["results"][0]["level"] == "note"
    assert "region" not in log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
