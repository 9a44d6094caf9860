"""Every numeric text and count limit of limits.py, per offer type and edition: at the limit passes, one over fails.

Also the remaining non-numeric rules without a test elsewhere (summary plain text, SaaS listing option,
captions, video thumbnails, plan ID characters, plans required, an Active authorization, industries).
"""

from __future__ import annotations

import pytest
from test_rules_documented import GUID, base, diags, png, write_offer

from listingpreview.names import OFFER_TYPES
from listingpreview.rules.limits import EDITIONS, lookup


def _plan(**plan) -> dict:
    return {"plan": {"id": "basic", "name": "Basic", "summary": "Basic.", "description": "Basic plan."} | plan}


def _offer_text(section, key):
    def make(t, n):
        return base(t, **{section: {key: "x" * n}}), {}
    return make


def _plan_text(key):
    def make(t, n):
        return base(t), {"basic": _plan(**{key: "x" * n})}
    return make


def _keywords(t, n):
    return base(t, listing={"keywords": [f"k{i}" for i in range(n)]}), {}


def _links(t, n):
    return base(t, listing={"useful_links": [{"title": f"L{i}", "url": f"https://c.com/{i}"} for i in range(n)]}), {}


def _link_title(t, n):
    return base(t, listing={"useful_links": [{"title": "t" * n, "url": "https://c.com/"}]}), {}


def _metered(t, n):
    dims = [{"id": f"d{i}", "name": f"D{i}", "unit": "u", "price": 1.0} for i in range(n)]
    plan = _plan()
    plan["pricing"] = {"model": "flat-rate" if t == "saas" else "monthly", "metered_dimensions": dims}
    return base(t), {"basic": plan}


CASES = {  # limit key -> (rule code, builder(type, n) -> (offer, plans))
    "name": ("LP104", _offer_text("listing", "name")),
    "summary": ("LP106", _offer_text("listing", "search_results_summary")),
    "short_description": ("LP108", _offer_text("listing", "short_description")),
    "getting_started": ("LP110", _offer_text("listing", "getting_started_instructions")),
    "offer_alias": ("LP103", _offer_text("offer", "alias")),
    "keywords": ("LP111", _keywords),
    "useful_links_count": ("LP113", _links),
    "useful_link_title": ("LP112", _link_title),
    "plan_name": ("LP502", _plan_text("name")),
    "plan_summary": ("LP503", _plan_text("summary")),
    "plan_description": ("LP504", _plan_text("description")),
    "metered_dimensions": ("LP511", _metered),
}
PARAMS = [(key, t, e) for key in CASES for t in OFFER_TYPES for e in EDITIONS
          if lookup(key, t, e) is not None and isinstance(lookup(key, t, e).value, int)]


@pytest.mark.parametrize("key, t, edition", PARAMS)
def test_numeric_limit_boundary(tmp_path, key, t, edition):
    code, make = CASES[key]
    limit = lookup(key, t, edition).value
    offer, plans = make(t, limit)
    write_offer(tmp_path / "at", offer, plans)
    assert not diags(tmp_path / "at", edition, code)
    offer, plans = make(t, limit + 1)
    write_offer(tmp_path / "over", offer, plans)
    got = diags(tmp_path / "over", edition, code)
    assert len(got) == 1 and str(limit) in got[0].message.replace(",", "") and got[0].line


@pytest.mark.parametrize("t, edition", [(t, e) for t in OFFER_TYPES for e in EDITIONS
                                        if lookup("screenshots", t, e) is not None])
def test_screenshot_count_boundary(tmp_path, t, edition):
    lo, hi = lookup("screenshots", t, edition).value
    for n, bad in ((hi, False), (hi + 1, True), (lo, False)) + (((lo - 1, True),) if lo else ()):
        shots = [{"file": "s.png", "caption": "A screenshot."}] * n
        write_offer(tmp_path / str(n), base(t, media={"screenshots": shots}), files={"s.png": png((1280, 720))})
        assert bool(diags(tmp_path / str(n), edition, "LP305")) == bad, n


@pytest.mark.parametrize("t, edition", [(t, e) for t in OFFER_TYPES for e in EDITIONS
                                        if lookup("videos", t, e) is not None])
def test_video_count_boundary(tmp_path, t, edition):
    hi = lookup("videos", t, edition).value
    for n, bad in ((hi, False), (hi + 1, True)):
        vids = [{"name": "V", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "thumbnail": "v.png"}] * n
        write_offer(tmp_path / str(n), base(t, media={"videos": vids}), files={"v.png": png((1280, 720))})
        assert bool(diags(tmp_path / str(n), edition, "LP307")) == bad, n


@pytest.mark.parametrize("summary, bad", [("One sentence only.", False), ("One. Two.", True), ("A\nB", True),
                                          ("<b>bold</b>", True)])
def test_summary_is_one_plain_sentence(tmp_path, summary, bad):
    write_offer(tmp_path, base("saas", listing={"search_results_summary": summary}))
    assert bool(diags(tmp_path, code="LP107")) == bad


@pytest.mark.parametrize("setup, bad", [({"sell_through_microsoft": True}, False), ({"listing_option": "contact-me"},
                                                                                    False),
                                        ({"listing_option": "get-it-now"}, True), ({}, True)])
def test_saas_listing_option(tmp_path, setup, bad):
    write_offer(tmp_path, base("saas", setup=setup))
    assert bool(diags(tmp_path, code="LP120")) == bad


def test_caption_and_thumbnail(tmp_path):
    offer = base("saas", media={"screenshots": [{"file": "s.png", "caption": " "}],
                                "videos": [{"name": "V", "url": "https://vimeo.com/76979871", "thumbnail": "v.png"}]})
    write_offer(tmp_path, offer, files={"s.png": png((1280, 720)), "v.png": png((1280, 719))})
    assert len(diags(tmp_path, code="LP306")) == 1 and len(diags(tmp_path, code="LP308")) == 1
    write_offer(tmp_path, offer, files={"v.png": png((1280, 720))})
    assert len(diags(tmp_path, code="LP308")) == 0


@pytest.mark.parametrize("size, bad", [(1024 * 1024, False), (50 * 1024 * 1024 + 1, True)])
def test_microsoft_365_icon_file_size(tmp_path, size, bad):
    # Over 50 MB is refused; the reader already refuses any image over 20 MiB (LP301), so that is what reports it.
    write_offer(tmp_path, base("microsoft-365-app", media={"large_logo": "i.png"}),
                files={"i.png": png((300, 300), pad_to=size)})
    got = [d for d in diags(tmp_path) if d.code in ("LP301", "LP311") and d.field == "media.large_logo"]
    assert bool(got) == bad


@pytest.mark.parametrize("pid, bad", [("basic_plan-1", False), ("Basic", True), ("basic plan", True)])
def test_plan_id_characters(tmp_path, pid, bad):
    write_offer(tmp_path, base("azure-container"), {"basic": _plan(id=pid)})
    assert bool([d for d in diags(tmp_path, code="LP501") if "only lowercase" in d.message]) == bad


@pytest.mark.parametrize("t, plans, bad", [("azure-container", 0, True), ("azure-container", 1, False),
                                           ("power-bi-app", 0, False)])
def test_plans_required(tmp_path, t, plans, bad):
    write_offer(tmp_path, base(t), {"basic": _plan()} if plans else {})
    assert bool(diags(tmp_path, code="LP513")) == bad


@pytest.mark.parametrize("access, bad", [("active", False), ("eligible", True)])
def test_one_active_authorization(tmp_path, access, bad):
    plan = _plan()
    plan["technical_configuration"] = {"manifest_version": "1.0.0", "tenant_id": GUID, "authorizations": [
        {"principal_id": GUID, "display_name": "Ops", "role": "Reader", "access": access}]}
    write_offer(tmp_path, base("managed-service"), {"basic": plan})
    assert bool(diags(tmp_path, code="LP608")) == bad


@pytest.mark.parametrize("industries, bad", [(["Retail", "Energy"], False), (["Retail", "Energy", "Education"], True),
                                             (["Retial"], True)])
def test_industries(tmp_path, industries, bad):
    write_offer(tmp_path, base("power-bi-app", properties={"industries": industries}))
    assert bool(diags(tmp_path, code="LP132")) == bad


@pytest.mark.parametrize("private, total, bad", [(45, 46, False), (46, 47, True), (0, 100, False), (0, 101, True)])
def test_plans_per_offer_and_private_plans(tmp_path, private, total, bad):
    plans = {}
    for i in range(total):
        plan = _plan(id=f"p{i}")
        if i < private:
            plan["plan"].update(visibility="private", private_audience=[GUID])
        plans[f"p{i}"] = plan
    write_offer(tmp_path, base("azure-virtual-machine"), plans)
    assert bool(diags(tmp_path, code="LP506")) == bad


def test_every_checked_rule_has_a_test():
    """Each rule code the conformance table marks as checked is exercised by some test file."""
    from pathlib import Path

    from listingpreview.rules.conformance import CHECKED, CHECKED_REF, conformance_rows

    codes = {r.code for r in conformance_rows() if r.status in (CHECKED, CHECKED_REF)}
    text = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    assert not sorted(c for c in codes if f'"{c}"' not in text)
