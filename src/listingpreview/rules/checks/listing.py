"""Offer listing: text fields, links and contacts."""

from __future__ import annotations

import re

import emoji

from ...fieldpaths import join
from ...names import AZURE_TYPES, DYNAMICS_TYPES
from ...urls import email_problem, url_problem
from .. import rule
from ._util import required, too_long

_HAS_SHORT_DESCRIPTION = ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
                          "managed-service")
_HAS_CONTACTS = AZURE_TYPES + DYNAMICS_TYPES + ("power-bi-app",)
_NO_PRIVACY = ("consulting-service", "power-bi-visual", "microsoft-365-app", "cosell-only")
_LANGUAGES = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "ja": "Japanese", "pt": "Portuguese",
              "nl": "Dutch", "ko": "Korean", "zh": "Chinese", "sv": "Swedish", "pl": "Polish", "da": "Danish",
              "fi": "Finnish", "nb": "Norwegian", "cs": "Czech", "tr": "Turkish", "ru": "Russian", "hu": "Hungarian"}


@rule("LP100", "required-listing-field", "error", "Offer listing",
      "Listing fields Partner Center requires for the offer type are filled in.",
      source="[AD] plan-saas-offer.md (2022-08-02); per-type listing pages (2021–2022)")
def required_listing(ctx):
    lst = ctx.data.listing
    t = ctx.offer.type
    required(ctx, ("listing", "name"), lst.name)
    if t != "power-bi-visual":
        required(ctx, ("listing", "search_results_summary"), lst.search_results_summary)
    if t in _HAS_SHORT_DESCRIPTION:
        required(ctx, ("listing", "short_description"), lst.short_description)
    if not ctx.offer.description.strip():
        if ctx.offer.description_source.present:
            ctx.report(("listing", "description"), f"the description in {ctx.offer.description_source.display} is empty.",
                       "Write the description there.", source=ctx.offer.description_source, line=1)
        else:
            ctx.report(("listing", "description_file"), f"listing.description is required but "
                       f"{ctx.offer.description_source.display} does not exist.",
                       "Create it and write the description in Markdown.")
    if t not in _NO_PRIVACY:
        required(ctx, ("listing", "privacy_policy_link"), lst.privacy_policy_link)
    if t in _HAS_CONTACTS:
        for who in ("support_contact", "engineering_contact"):
            c = getattr(lst, who)
            for part in ("name", "email", "phone"):
                required(ctx, ("listing", who, part), getattr(c, part))
    if t == "saas" and ctx.data.setup.sell_through_microsoft:
        required(ctx, ("listing", "getting_started_instructions"), lst.getting_started_instructions,
                 " for offers sold through Microsoft")


@rule("LP104", "name-length", "error", "Offer listing", "Name within the edition's limit.", limit="name")
def name_length(ctx):
    too_long(ctx, ("listing", "name"), ctx.data.listing.name)


@rule("LP105", "name-emoji", "error", "Offer listing", "No emoji in the name (™ and © are allowed).", limit="name_emoji")
def name_emoji(ctx):
    found = [e["emoji"] for e in emoji.emoji_list(ctx.data.listing.name) if e["emoji"].rstrip("\ufe0f") not in ("™", "©", "®")]
    if found:
        ctx.report(("listing", "name"), f"listing.name contains emoji {' '.join(found)}; names may hold ™ and © but no emoji.",
                   "Remove the emoji.")


@rule("LP106", "summary-length", "error", "Offer listing", "Search results summary within the limit.", limit="summary")
def summary_length(ctx):
    too_long(ctx, ("listing", "search_results_summary"), ctx.data.listing.search_results_summary)


@rule("LP107", "summary-plain", "warning", "Offer listing",
      "Search results summary is a single sentence of plain text with no line breaks.",
      source="[AD] plan-azure-application-offer.md (2022-08-18)")
def summary_plain(ctx):
    s = ctx.data.listing.search_results_summary
    if "\n" in s or "\r" in s:
        ctx.report(("listing", "search_results_summary"), "listing.search_results_summary contains a line break.",
                   "Write it as one line.")
    if re.search(r"<[a-zA-Z/][^>]*>", s):
        ctx.report(("listing", "search_results_summary"), "listing.search_results_summary contains HTML; it is plain text.",
                   "Remove the markup.")
    if len(re.findall(r"[.!?](?:\s+|$)", s.strip())) > 1:
        ctx.report(("listing", "search_results_summary"), "listing.search_results_summary has more than one sentence.",
                   "Make it a single sentence.")


@rule("LP108", "short-description-length", "error", "Offer listing", "Short description within the limit.",
      limit="short_description")
def short_description(ctx):
    too_long(ctx, ("listing", "short_description"), ctx.data.listing.short_description)


@rule("LP109", "description-length", "error", "Offer listing",
      "Description within the limit, counted as HTML (markup and spaces included).", limit="description")
def description_length(ctx):
    lim = ctx.limit()
    n = ctx.description.length
    if n > lim.value:
        ctx.report(("listing", "description"), f"listing.description is {n:,} characters as HTML (markup included); "
                   f"the {ctx.edition} limit is {lim.value:,}.", f"Shorten it by {n - lim.value:,} characters.",
                   source=ctx.offer.description_source, line=1)


@rule("LP110", "getting-started-length", "error", "Offer listing", "Getting started instructions within the limit.",
      limit="getting_started")
def getting_started(ctx):
    too_long(ctx, ("listing", "getting_started_instructions"), ctx.data.listing.getting_started_instructions)


@rule("LP111", "keywords", "error", "Offer listing", "At most three search keywords.", limit="keywords")
def keywords(ctx):
    kws = ctx.data.listing.keywords
    lim = ctx.limit().value
    if len(kws) > lim:
        ctx.report(("listing", "keywords"), f"listing.keywords has {len(kws)}; the limit is {lim}.",
                   f"Keep the {lim} that matter most; name and description are searchable already.")


@rule("LP112", "useful-link-title", "error", "Offer listing", "Useful link titles within the limit.",
      limit="useful_link_title")
def useful_link_title(ctx):
    for i, link in enumerate(ctx.data.listing.useful_links):
        too_long(ctx, ("listing", "useful_links", i, "title"), link.title, f"listing.useful_links[{i}].title")


@rule("LP113", "useful-links-count", "error", "Offer listing", "Number of useful links within the limit.",
      limit="useful_links_count")
def useful_links_count(ctx):
    links = ctx.data.listing.useful_links
    lim = ctx.limit().value
    if len(links) > lim:
        ctx.report(("listing", "useful_links"), f"listing.useful_links has {len(links)}; the limit is {lim}.",
                   f"Keep at most {lim}.")


@rule("LP114", "language-phrase", "error", "Offer listing",
      "A listing not in English begins with the phrase Partner Center requires.", limit="language_phrase")
def language_phrase(ctx):
    lang = (ctx.data.listing.language or "en-us").lower()
    if lang.startswith("en"):
        return
    name = _LANGUAGES.get(lang.split("-")[0], lang)
    phrase = ctx.limit().value.format(language=name)
    text = ctx.description.text
    ok = text.startswith(phrase[:-1]) or ("service" in phrase and text.rstrip(". ").endswith(phrase.rstrip(".")))
    if not ok:
        ctx.report(("listing", "description"), f"the listing language is {lang} but the description does not begin "
                   f"with \"{phrase}\".", f"Start the description with: {phrase}",
                   source=ctx.offer.description_source, line=1)


@rule("LP115", "description-markup", "warning", "Offer listing",
      "The description uses only the HTML the marketplace allows; anything else is removed.", limit="description_tags")
def description_markup(ctx):
    allowed = ", ".join(ctx.limit().value)
    for line, tag in ctx.description.removed:
        what = f"<{tag}>" if " " not in tag else f"the attribute {tag.split()[1]} on <{tag.split()[0]}>"
        ctx.report(("listing", "description"), f"the description uses {what}, which the marketplace does not allow; "
                   "the preview shows it without.", f"Use only: {allowed}.",
                   source=ctx.offer.description_source, line=line)


def _urls(ctx):
    lst, s, p = ctx.data.listing, ctx.data.setup, ctx.data.properties
    yield ("listing", "privacy_policy_link"), lst.privacy_policy_link
    for i, link in enumerate(lst.useful_links):
        yield ("listing", "useful_links", i, "url"), link.url
    yield ("listing", "support_contact", "url"), lst.support_contact.url
    yield ("listing", "engineering_contact", "url"), lst.engineering_contact.url
    yield ("listing", "support_urls", "azure_global"), lst.support_urls.azure_global
    yield ("listing", "support_urls", "azure_government"), lst.support_urls.azure_government
    yield ("setup", "offer_url"), s.offer_url
    yield ("setup", "trial_url"), s.trial_url
    yield ("properties", "terms_of_use_url"), p.terms_of_use_url


@rule("LP201", "https-url", "error", "Offer listing",
      "Every link is a well-formed https URL (no user names, IP addresses or unsafe characters).", limit="https")
def https_urls(ctx):
    for loc, url in _urls(ctx):
        if not url:
            continue
        # Trial URLs may be http or https ([AD] create-new-saas-offer.md 2022-03-28).
        schemes = ("https", "http") if loc == ("setup", "trial_url") else ("https",)
        problem = url_problem(url, schemes)
        if problem:
            ctx.report(loc, f"{join(loc)} '{url}' {problem}.", "Use a full https:// address.")
    for i, link in enumerate(ctx.data.listing.useful_links):
        if link.url and not link.title:
            ctx.report(("listing", "useful_links", i, "title"), f"listing.useful_links[{i}] has a URL but no title.",
                       "Give the link a title.")


@rule("LP202", "contact", "error", "Offer listing", "Contact email addresses are valid.",
      source="schema listing-2022-03-01-preview2 (contact email format)")
def contacts(ctx):
    for who in ("support_contact", "engineering_contact"):
        c = getattr(ctx.data.listing, who)
        if c.email and email_problem(c.email):
            ctx.report(("listing", who, "email"), f"listing.{who}.email '{c.email}' is not an email address.",
                       "Use an address like support@contoso.com.")
