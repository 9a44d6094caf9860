"""Offer listing: text fields, links and contacts."""

from __future__ import annotations

import re

import emoji

from ...fieldpaths import join
from ...names import AZURE_TYPES, DYNAMICS_TYPES, OFFER_TYPES
from ...urls import email_problem, url_problem
from .. import rule
from ._util import pdf_problem, required, too_long

_HAS_SHORT_DESCRIPTION = ("azure-application", "azure-virtual-machine", "azure-container", "iot-edge-module",
                          "managed-service")
_HAS_CONTACTS = AZURE_TYPES + DYNAMICS_TYPES + ("power-bi-app",)
_NO_PRIVACY = ("consulting-service", "power-bi-visual", "microsoft-365-app", "cosell-only")
_LANGUAGES = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "ja": "Japanese", "pt": "Portuguese",
              "nl": "Dutch", "ko": "Korean", "zh": "Chinese", "sv": "Swedish", "pl": "Polish", "da": "Danish",
              "fi": "Finnish", "nb": "Norwegian", "cs": "Czech", "tr": "Turkish", "ru": "Russian", "hu": "Hungarian"}


@rule("LP100", "required-listing-field", "error", "Offer listing",
      "Listing fields Partner Center requires for the offer type are filled in.",
      source="per-type listing pages 2021–2022; [AD] plan-saas-offer.md (2022-08-02)")
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
      "Description within the limit, counted as written or as the HTML it becomes, whichever is longer (markup and "
      "spaces included).", limit="description")
def description_length(ctx):
    # Partner Center counts what it is given, markup and spaces included: the text as written (HTML that the
    # preview drops still counts) or, for Markdown, the HTML it becomes, whichever is longer.
    lim = ctx.limit()
    written = len(ctx.offer.description.strip())
    n = max(written, ctx.description.length)
    if n > lim.value:
        how = "as written" if written >= ctx.description.length else "as HTML"
        ctx.report(("listing", "description"), f"listing.description is {n:,} characters {how} (markup and spaces "
                   f"included); the {ctx.edition} limit is {lim.value:,}.",
                   f"Shorten it by {n - lim.value:,} characters.",
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
    template, where = ctx.limit().value
    phrase = template.format(language=name)
    text = ctx.description.text
    ok = text.startswith(phrase[:-1]) or (where == "begin-or-end" and text.rstrip(". ").endswith(phrase.rstrip(".")))
    if not ok:
        place = "begin or end" if where == "begin-or-end" else "begin"
        ctx.report(("listing", "description"), f"the listing language is {lang} but the description does not {place} "
                   f"with \"{phrase}\".", f"{'Start or end' if where == 'begin-or-end' else 'Start'} the description "
                   f"with: {phrase}", source=ctx.offer.description_source, line=1)


@rule("LP115", "description-markup", "warning", "Offer listing",
      "The description uses only the HTML the marketplace allows; anything else is removed.", limit="description_tags")
def description_markup(ctx):
    allowed = ", ".join(ctx.limit().value)
    # One diagnostic per disallowed tag or attribute, at its first line, with how often it occurs.
    seen: dict[str, list] = {}
    for line, tag in ctx.description.removed:
        seen.setdefault(tag, []).append(line)
    for tag, lines in seen.items():
        what = f"<{tag}>" if " " not in tag else f"the attribute {tag.split()[1]} on <{tag.split()[0]}>"
        known = sorted({n for n in lines if n})
        times = f" {len(lines)} times" if len(lines) > 1 else ""
        also = f" (first on line {known[0]}; also on {len(known) - 1} other line(s))" if len(known) > 1 else ""
        ctx.report(("listing", "description"), f"the description uses {what}{times}, which the marketplace does not "
                   f"allow{also}; the preview shows it without.", f"Use only: {allowed}.",
                   source=ctx.offer.description_source, line=known[0] if known else 1)


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
    yield ("listing", "help_link"), lst.help_link
    yield ("listing", "device_catalog_link"), lst.device_catalog_link
    yield ("technical_configuration", "crm_package_url"), ctx.data.technical_configuration.crm_package_url


@rule("LP201", "link-url", "error", "Offer listing",
      "Every link is a well-formed URL (no user names, IP addresses or unsafe characters); https where the offer "
      "type's docs require it, else http or https.", limit="https")
def https_urls(ctx):
    need_https = set(ctx.limit().value)
    for loc, url in _urls(ctx):
        if not url:
            continue
        # Trial URLs may be http or https ([AD] create-new-saas-offer.md 2022-03-28).
        strict = loc[0] == "listing" and loc[1] in need_https
        schemes = ("https",) if strict else ("https", "http")
        problem = url_problem(url, schemes)
        if problem:
            ctx.report(loc, f"{join(loc)} '{url}' {problem}.",
                       "Use a full https:// address." if strict else "Use a full https:// (or http://) address.")
    for i, link in enumerate(ctx.data.listing.useful_links):
        if link.url and not link.title:
            ctx.report(("listing", "useful_links", i, "title"), f"listing.useful_links[{i}] has a URL but no title.",
                       "Give the link a title.")


@rule("LP202", "contact", "error", "Offer listing", "Contact email addresses are valid.",
      source="Product Ingestion API schema listing-2022-03-01-preview2, contact email format (2023-02-02)")
def contacts(ctx):
    for who in ("support_contact", "engineering_contact"):
        c = getattr(ctx.data.listing, who)
        if c.email and email_problem(c.email):
            ctx.report(("listing", who, "email"), f"listing.{who}.email '{c.email}' is not an email address.",
                       "Use an address like support@contoso.com.")


@rule("LP203", "description-relative-link", "warning", "Offer listing",
      "Links in the description are absolute https URLs; a relative one is dropped.",
      source="[AD] supported-html-tags.md, the description is HTML shown inside the store's own page: a relative "
             "link has no page of the publisher's to resolve against (inference) (2021-01-26)")
def description_relative_links(ctx):
    for line, href in ctx.description.relative_links:
        ctx.report(("listing", "description"), f"the description links to '{href}', a relative link; the store "
                   "has no page to resolve it against, so the preview drops the link.",
                   "Use an absolute https:// URL.", source=ctx.offer.description_source, line=line)


@rule("LP116", "summary-not-title", "error", "Offer listing",
      "Consulting service: the search results summary is not identical to the name.", limit="summary_not_title")
def summary_not_title(ctx):
    lst = ctx.data.listing
    if lst.name and lst.search_results_summary.strip().casefold() == lst.name.strip().casefold():
        ctx.report(("listing", "search_results_summary"), "listing.search_results_summary repeats listing.name; "
                   "for a consulting service it must say something the title does not.",
                   "Summarize what the customer gets from the service in one sentence.")


@rule("LP117", "supporting-documents", "error", "Offer listing",
      "Supporting documents: within the type's count, each a named PDF inside the offer folder.",
      limit="supporting_documents")
def supporting_documents(ctx):
    lo, hi = ctx.limit().value
    docs = ctx.data.listing.supporting_documents
    if len(docs) < lo or len(docs) > hi:
        ctx.report(("listing", "supporting_documents"), f"the offer has {len(docs)} supporting document(s); the "
                   f"{ctx.edition} rule for {OFFER_TYPES[ctx.type].label} offers is {lo} to {hi}.",
                   "Add [[listing.supporting_documents]] with name and file (a PDF)." if len(docs) < lo
                   else f"Keep at most {hi}.")
    for i, d in enumerate(docs):
        loc = ("listing", "supporting_documents", i)
        required(ctx, loc + ("name",), d.name, " (customers see it on the details tab)")
        if required(ctx, loc + ("file",), d.file):
            problem = pdf_problem(ctx.offer.folder, d.file)
            if problem:
                ctx.report(loc + ("file",), f"listing.supporting_documents[{i}].file '{d.file}' {problem}.",
                           "Supporting documents are PDF files in the offer folder.")


@rule("LP118", "products", "error", "Offer listing", "At most three products the app works with.", limit="products")
def products(ctx):
    lim = ctx.limit().value
    got = ctx.data.listing.products
    if len(got) > lim:
        ctx.report(("listing", "products"), f"listing.products has {len(got)}; the limit is {lim}.",
                   f"Keep the {lim} your app works with most closely.")


@rule("LP119", "help-link", "error", "Offer listing", "A help link is given and differs from the support URL.",
      limit="help_link")
def help_link(ctx):
    lst = ctx.data.listing
    if not required(ctx, ("listing", "help_link"), lst.help_link):
        return
    support = lst.support_contact.url
    if support and lst.help_link.rstrip("/").casefold() == support.rstrip("/").casefold():
        ctx.report(("listing", "help_link"), "listing.help_link is the same address as listing.support_contact.url; "
                   "Partner Center requires them to differ.", "Link to your help content, not to the support page.")


_DAYS_PER_MONTH = 365 / 12
_DURATION_IN_MONTHS = {"hours": 1 / (24 * _DAYS_PER_MONTH), "days": 1 / _DAYS_PER_MONTH,
                       "weeks": 7 / _DAYS_PER_MONTH, "months": 1}
_SERVICE_WORDS = {"assessment": "assessment", "briefing": "briefing", "implementation": "implementation",
                  "proof-of-concept": "proof of concept", "workshop": "workshop"}


@rule("LP124", "consulting-service-facts", "error", "Offer listing",
      "Consulting service: service type and duration are set; the duration is at most 12 months.",
      limit="consulting_facts")
def consulting_facts(ctx):
    c = ctx.data.consulting
    required(ctx, ("consulting", "service_type"), c.service_type)
    if not required(ctx, ("consulting", "duration"), c.duration):
        return
    months = ctx.limit().value
    if c.duration <= 0:
        ctx.report(("consulting", "duration"), f"consulting.duration is {c.duration}; it must be at least 1.",
                   "Give the length of the engagement.")
    elif c.duration * _DURATION_IN_MONTHS[c.duration_unit] > months + 1e-9:
        ctx.report(("consulting", "duration"), f"consulting.duration is {c.duration} {c.duration_unit}; a consulting "
                   f"service lasts at most {months} months.", "Split it into shorter services.")


@rule("LP125", "consulting-name-format", "warning", "Offer listing",
      "Consulting service: the name has the form 'Name: Duration + type', e.g. 'SQL Migration: 3-Wk Proof of Concept'.",
      limit="consulting_facts")
def consulting_name(ctx):
    name, c = ctx.data.listing.name, ctx.data.consulting
    if not name or c.service_type is None:
        return
    word = _SERVICE_WORDS[c.service_type]
    if ":" not in name or word not in name.casefold().split(":", 1)[1]:
        ctx.report(("listing", "name"), f"listing.name '{name}' does not have the form 'Name: Duration + type' "
                   f"with the service type ({word}).", f"For example: 'Your topic: {c.duration or 2}-"
                   f"{(c.duration_unit or 'days')[:-1].capitalize()} {word.title()}'.")


@rule("LP126", "iot-links", "error", "Offer listing",
      "IoT Edge module: at least one documentation link and a compatible-device link (Azure IoT device catalog).",
      limit="iot_links")
def iot_links(ctx):
    lst = ctx.data.listing
    required(ctx, ("listing", "device_catalog_link"), lst.device_catalog_link,
             " (a compatible device in the Azure IoT device catalog)")
    if not any(link.url for link in lst.useful_links):
        ctx.report(("listing", "useful_links"), "an IoT Edge module lists at least one documentation link; "
                   "listing.useful_links has none.", "Add [[listing.useful_links]] with title and url of your docs.")


@rule("LP128", "keyword-length", "error", "Offer listing", "Each search keyword within the length limit.",
      limit="keyword_length")
def keyword_length(ctx):
    lim = ctx.limit().value
    for i, kw in enumerate(ctx.data.listing.keywords):
        if len(kw) > lim:
            ctx.report(("listing", "keywords", i), f"listing.keywords[{i}] '{kw}' is {len(kw)} characters; the limit "
                       f"is {lim}.", f"Shorten it by {len(kw) - lim} characters.")
