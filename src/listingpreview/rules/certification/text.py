"""Certification lint on the listing text: placeholders, reserved URLs, copyright years, Microsoft names,
claims and comparisons, duplicated fields, the way forward."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from .. import rule
from . import sources
from ._text import alternation, fields, norm, where, words_re

# --------------------------------------------------------------------------- placeholders

_PLACEHOLDER_ANYWHERE = [
    (re.compile(r"\blorem\s+ipsum\b", re.I), "placeholder text 'lorem ipsum'"),
    (re.compile(r"(?<![\w-])(TODO|TBD|FIXME|XXX)(?![\w-])"), "the marker '{0}'"),
    (re.compile(r"\binsert\s+(?:\w+\s+){0,3}here\b", re.I), "the instruction '{0}'"),
    (re.compile(r"[\[<{]\s*(?:your|insert|enter)\s[^\]>}]{0,40}[\]>}]", re.I), "the template slot '{0}'"),
]
# Names that mark a draft: a bracketed or trailing marker ("Foo (Beta)", "[TEST] Foo", "Hello world sample"), or
# a phrase no product is called. A product *about* testing ("Load Testing Suite") is not matched.
_DRAFT_NAME = re.compile(
    r"[(\[]\s*(?:test|beta|sample|draft|dummy)\s*[)\]]|\b(?:test|beta|sample|draft)\s*$|"
    r"\b(?:test|sample|dummy)\s+(?:offer|app|application|listing)\b|\bhello\s+world\b|\bdo not use\b|"
    r"\buntitled\b|\bplaceholder\b", re.I)


@rule("LP901", "placeholder-text", "warning", "Offer listing",
      "No placeholder or draft text: lorem ipsum, TODO/TBD/FIXME, template slots such as '[your company]', "
      "and no 'test', 'beta' or 'sample' in the offer name (test offers must be private and labelled 'MS Test Offer').",
      source=sources.policy("100.1") + "; " + sources.policy("100.1.1"))
def placeholder_text(ctx):
    for loc, value, kw in fields(ctx):
        for pattern, what in _PLACEHOLDER_ANYWHERE:
            m = pattern.search(value or "")
            if m:
                ctx.report(loc, f"{where(loc, kw)} contains {what.format(m.group(0))}; reviewers reject listings "
                           "that look unfinished.", "Replace it with the final text.", **kw)
                break
    name = ctx.data.listing.name
    m = _DRAFT_NAME.search(name or "")
    private = bool(ctx.offer.plans) and all(p.data.plan.visibility == "private" for p in ctx.offer.plans)
    if m and not ("ms test offer" in name.lower() and private):
        ctx.report(("listing", "name"), f"listing.name '{name}' contains '{m.group(0)}': a public offer's name "
                   "must not mark it as a test, beta or sample (test offers are allowed only as private offers "
                   "labelled 'MS Test Offer').", "Give the offer its final product name.")


# --------------------------------------------------------------------------- reserved URLs

_RESERVED_HOSTS = ("example.com", "example.net", "example.org")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")
_URL_IN_TEXT = re.compile(r"https?://[^\s)\]>\"']+", re.I)


def reserved_host(url: str) -> str | None:
    """The host of ``url`` when it is a reserved example/test name (RFC 2606, RFC 6761); else None."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    if host == "localhost" or host.rsplit(".", 1)[-1] in _RESERVED_TLDS:
        return host
    if any(host == h or host.endswith("." + h) for h in _RESERVED_HOSTS):
        return host
    return None


def url_fields(ctx):
    """(key path, URL, report kwargs) of every link the listing gives, description links included."""
    lst, s, p = ctx.data.listing, ctx.data.setup, ctx.data.properties
    yield ("listing", "privacy_policy_link"), lst.privacy_policy_link, {}
    for i, link in enumerate(lst.useful_links):
        yield ("listing", "useful_links", i, "url"), link.url, {}
    yield ("listing", "support_contact", "url"), lst.support_contact.url, {}
    yield ("listing", "engineering_contact", "url"), lst.engineering_contact.url, {}
    yield ("listing", "support_urls", "azure_global"), lst.support_urls.azure_global, {}
    yield ("listing", "support_urls", "azure_government"), lst.support_urls.azure_government, {}
    yield ("setup", "offer_url"), s.offer_url, {}
    yield ("setup", "trial_url"), s.trial_url, {}
    yield ("properties", "terms_of_use_url"), p.terms_of_use_url, {}
    for n, line in enumerate(ctx.offer.description.splitlines(), 1):
        for m in _URL_IN_TEXT.finditer(line):
            yield ("listing", "description"), m.group(0).rstrip(".,;:"), {
                "source": ctx.offer.description_source, "line": n}


@rule("LP902", "example-url", "error", "Offer listing",
      "No link points to a name reserved for examples and tests (example.com, .example, .test, .invalid and the "
      "loopback name): such links never reach the publisher's content.",
      source=sources.RFC_RESERVED + "; " + sources.policy("100.5"))
def example_url(ctx):
    for loc, url, kw in url_fields(ctx):
        host = reserved_host(url) if url else None
        if host:
            ctx.report(loc, f"{where(loc, kw)} links to {url}: '{host}' is a reserved example name that never "
                       "reaches your content.", "Use the real address of the page.", **kw)
    for loc, value, kw in fields(ctx, description=False):
        for m in _URL_IN_TEXT.finditer(value or ""):
            host = reserved_host(m.group(0))
            if host:
                ctx.report(loc, f"{where(loc, kw)} links to {m.group(0)}: '{host}' is a reserved example name.",
                           "Use the real address of the page.", **kw)


# --------------------------------------------------------------------------- copyright years

_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*|\(c\)\s*)?((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?",
                        re.I)


@rule("LP903", "copyright-year", "warning", "Offer listing",
      "A copyright notice in the listing text names the current year (or last year), not an old or a future one.",
      source=sources.policy("100.1") + " (listing must be accurate); modelled on fastlane precheck's copyright rule")
def copyright_year(ctx):
    this_year = date.today().year
    for loc, value, kw in fields(ctx):
        for m in _COPYRIGHT.finditer(value or ""):
            year = int(m.group(2) or m.group(1))
            if year > this_year:
                problem = f"names {year}, a year in the future"
            elif year < this_year - 1:
                problem = f"names {year}; it is {this_year}"
            else:
                continue
            ctx.report(loc, f"{where(loc, kw)}: the copyright notice '{m.group(0)}' {problem}.",
                       f"Update it to {this_year}, or remove the notice from the listing.", **kw)


# --------------------------------------------------------------------------- Microsoft names

_MS_PRODUCTS = (r"Teams|Office|Azure|SQL|Excel|Word|Outlook|Dynamics|Power\s?BI|Power\s?Apps|SharePoint|Exchange|"
                r"Windows|Access|Project|Visio|365|CRM|Graph|Intune|Defender|Sentinel|Fabric|Copilot")
_MS_ABBREV = [
    (re.compile(r"(?<![\w-])MSFT(?![\w-])"), "MSFT", "Microsoft"),
    (re.compile(r"(?<![\w-])MS[\s-]+(?=(?:" + _MS_PRODUCTS + r")\b)"), "MS", "Microsoft"),
    (re.compile(r"(?<![\w-])O365(?![\w-])"), "O365", "Microsoft 365"),
    (re.compile(r"(?<![\w-])M365(?![\w-])"), "M365", "Microsoft 365"),
    (re.compile(r"(?<![\w-])D365(?![\w-])"), "D365", "Dynamics 365"),
]
_TEAMS_SHORT = re.compile(r"(?<!Microsoft )(?<![\w-])Teams(?![\w-])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|^\s*(?:[-*+]|\d+[.)])\s+|#+\s+)$")


@rule("LP904", "microsoft-name", "warning", "Offer listing",
      "Microsoft and its products are written out: no 'MS'/'MSFT' for Microsoft, no O365/M365/D365, and the "
      "first mention of Teams is 'Microsoft Teams'.",
      source=sources.TEAMS_DETAIL_PAGE + "; " + sources.LISTING_CRITERIA + " (proper usage of Microsoft product "
      "names); Microsoft Trademark and Brand Guidelines")
def microsoft_name(ctx):
    for loc, value, kw in fields(ctx):
        for pattern, short, full in _MS_ABBREV:
            m = pattern.search(value or "")
            if m:
                ctx.report(loc, f"{where(loc, kw)} abbreviates {full} as '{short}' ('{_around(value, m)}'); "
                           "Microsoft's naming guidance asks for the full name.", f"Write '{full}' in full.", **kw)
    # Teams: the first mention in the description is "Microsoft Teams"; later ones may be "Teams".
    first_full = None
    first_short = None
    for n, line in enumerate(ctx.offer.description.splitlines(), 1):
        if first_full is None and "Microsoft Teams" in line:
            first_full = (n, line.index("Microsoft Teams"))
        for m in _TEAMS_SHORT.finditer(line):
            if _SENTENCE_START.search(line[:m.start()]):
                continue  # "Teams can…" at a sentence start is usually the common noun
            if first_short is None:
                first_short = (n, m.start())
    if first_short and (first_full is None or first_short < first_full):
        ctx.report(("listing", "description"), "the description mentions 'Teams' before 'Microsoft Teams' is "
                   "written out.",
                   "Write 'Microsoft Teams' at the first mention; 'Teams' is fine after that.",
                   source=ctx.offer.description_source, line=first_short[0])


def _around(text: str, m: re.Match, width: int = 30) -> str:
    a, b = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if a else "") + text[a:b].strip() + ("…" if b < len(text) else "")


# --------------------------------------------------------------------------- claims and comparisons

SUPERLATIVES = ("best-in-class", "best in class", "best of breed", "world's best", "world-class", "#1", "number one",
                "no. 1", "world's leading", "world-leading", "industry-leading", "industry leading", "market-leading",
                "unbeatable", "unmatched", "unrivaled", "unrivalled", "unparalleled", "second to none",
                "the world's most", "the only solution", "the only platform")
COMPETITORS = ("AWS", "Amazon Web Services", "Google Cloud", "GCP", "Google Workspace", "Oracle Cloud", "IBM Cloud",
               "Alibaba Cloud", "Salesforce", "Slack", "Zoom", "Tableau", "Qlik")
_NOT_A_CLAIM = re.compile(r"\bbest[\s-]+practices?\b", re.I)


def _words(ctx, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    section = getattr(ctx.config, "certification", None) if ctx.config is not None else None
    got = getattr(section, key, None) if section is not None else None
    return tuple(got) if got is not None else default  # the publisher's list replaces ours


@rule("LP905", "superlative", "warning", "Offer listing",
      "No unverifiable superlatives ('best-in-class', '#1', 'industry-leading'…). The word list is "
      "[certification] superlatives in listingpreview.toml.",
      source=sources.policy("100.1") + " (clearly, concisely and accurately); " + sources.policy("100.1.3"))
def superlative(ctx):
    words = _words(ctx, "superlatives", SUPERLATIVES)
    pattern = words_re(words)
    if pattern is None:
        return
    for loc, value, kw in fields(ctx):
        if not value:
            continue
        for m in pattern.finditer(value):
            if words is SUPERLATIVES and any(n.start() <= m.start() < n.end() for n in _NOT_A_CLAIM.finditer(value)):
                continue  # "best practices" is not a claim (the default list only)
            ctx.report(loc, f"{where(loc, kw)} claims '{m.group(0)}' ('{_around(value, m)}'); reviewers ask for "
                       "claims a customer can verify.",
                       "Replace it with a concrete, checkable fact (a number, a certification, a customer result).",
                       **kw)
            break


_COMPARE = (r"(?:(?:better|faster|cheaper|easier|simpler|superior|more\s+\w+|less\s+\w+)\s+than|unlike|versus|vs\.?|"
            r"compared\s+(?:to|with)|outperforms?|beats?|replaces?|alternative\s+to)\s+(?:the\s+)?")


@rule("LP906", "competitor-comparison", "warning", "Offer listing",
      "No comparisons with named competitors ('faster than X', 'unlike X', 'X alternative') and no competitor "
      "names among the search keywords; migrations from a competitor may name it. The names are "
      "[certification] competitors in listingpreview.toml.",
      source=sources.policy("100.1.3") + " (no comparative marketing); " + sources.policy("100.2")
      + " (keywords); " + sources.LISTING_CRITERIA + " (competitors only in migration solutions)")
def competitor_comparison(ctx):
    names = _words(ctx, "competitors", COMPETITORS)
    names_re = words_re(names)
    if names_re is None:
        return
    alts = alternation(names)
    compare = re.compile(_COMPARE + r"(?:" + alts + r")(?![\w])|(?<![\w#])(?:" + alts + r")\s+alternative\b", re.I)
    for loc, value, kw in fields(ctx):
        if not value:
            continue
        for m in compare.finditer(value):
            sentence = _sentence(value, m)
            if re.search(r"\bmigrat", sentence, re.I):
                continue
            ctx.report(loc, f"{where(loc, kw)} compares the offer with a competitor ('{_around(value, m)}'); the "
                       "certification policies do not allow comparative marketing.",
                       "Describe what the offer does without naming or comparing with competitors.", **kw)
            break
    for i, kw_ in enumerate(ctx.data.listing.keywords):
        m = names_re.search(kw_)
        if m:
            ctx.report(("listing", "keywords", i), f"listing.keywords[{i}] '{kw_}' is a competitor's name; search "
                       "keywords must not name competitors.", "Use a keyword that describes your offer.")


def _sentence(text: str, m: re.Match) -> str:
    a = max(text.rfind(".", 0, m.start()), text.rfind("!", 0, m.start()), text.rfind("?", 0, m.start())) + 1
    ends = [i for i in (text.find(".", m.end()), text.find("!", m.end()), text.find("?", m.end())) if i >= 0]
    return text[a:min(ends) if ends else len(text)]


# --------------------------------------------------------------------------- duplicated fields

_HAS_SHORT_DESCRIPTION = ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
                          "managed-service")


@rule("LP907", "short-description-duplicate", "warning", "Offer listing",
      "The short description is not the description again (identical, or copied whole into it): both show on the "
      "details page.", types=_HAS_SHORT_DESCRIPTION,
      source="[AD] plan-azure-application-offer.md (2022-08-18); " + sources.policy("100.1.3"))
def short_description_duplicate(ctx):
    short = norm(ctx.data.listing.short_description)
    desc = norm(ctx.description.text)
    if len(short) < 20 or not desc:
        return
    if short == desc:
        problem = "is identical to the description"
    elif short in desc:
        problem = "is repeated word for word in the description"
    else:
        return
    ctx.report(("listing", "short_description"), f"listing.short_description {problem}; the details page shows "
               "both, so customers read it twice.",
               "Make the short description a one- or two-sentence overview and let the description give the detail.")


@rule("LP908", "summary-is-name", "warning", "Offer listing",
      "The search results summary says more than the offer name.",
      source=sources.CONSULTING + " ('shouldn't be identical to the title'); " + sources.policy("100.1.2"))
def summary_is_name(ctx):
    lst = ctx.data.listing
    if lst.name and lst.search_results_summary and norm(lst.name) == norm(lst.search_results_summary):
        ctx.report(("listing", "search_results_summary"), "listing.search_results_summary is the offer name again; "
                   "search results show both side by side.",
                   "Summarise in one sentence what the offer does and for whom.")


# --------------------------------------------------------------------------- the way forward

_WAY_FORWARD = re.compile(
    r"\b(contact|sign[\s-]?up|signup|get[\s-]started|getting\s+started|learn\s+more|free\s+trial|try\b|trial|"
    r"request|visit|e-?mail|call\s+us|schedule|book\b|download|install|deploy|subscribe|purchase|buy|"
    r"get\s+in\s+touch|reach\s+out|demo|support|help\b|documentation|docs\b|register|start\b|onboard)", re.I)


@rule("LP909", "way-forward", "warning", "Offer listing",
      "The description tells the customer what to do next: how to sign up, get started, or get help.",
      source=sources.LISTING_CRITERIA + " ('customer can readily understand what the next steps are')")
def way_forward(ctx):
    text = ctx.description.text
    if len(text.split()) < 25:
        return  # too short to judge; LP100 reports an empty description
    if _WAY_FORWARD.search(text) or "<a " in ctx.description.html:
        return
    ctx.report(("listing", "description"), "the description never says how to go on: no sign-up, getting-started, "
               "contact or help step and no link.",
               "End with a next step, e.g. 'Select Get it now to start a free trial' or 'Contact us to book a demo'.",
               source=ctx.offer.description_source, line=1)

