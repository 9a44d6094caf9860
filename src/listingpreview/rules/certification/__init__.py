"""Certification lint (LP9xx): what Microsoft's certification reviewers reject, caught before submitting.

Each rule cites the certification policy section or Partner Center page it comes from
(:mod:`.sources`). Rules that read the text or the pixels are heuristics and report warnings;
every one can be switched per code under ``[severity]`` in ``listingpreview.toml``.
Rules that need the network (:mod:`.online`) run only with ``listingpreview check --online``.

Not checked, on purpose: text drawn inside a logo. Telling lettering from a glyph needs OCR, and an
OCR guess is not reliable enough for a check that tells a publisher to change their logo.
"""

from __future__ import annotations

from . import consulting, images, language, online, text  # noqa: F401  (registers the rules)

CODE_RANGE = ("LP900", "LP999")
