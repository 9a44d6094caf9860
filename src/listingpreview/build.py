"""The pipeline: content folder in, checked store-like preview site out.

:func:`build` reads top to bottom: load -> check -> render markup and images ->
plan pages -> render templates -> write (staged, swapped in whole).
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from datetime import datetime, timezone
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import compare, markup, media, pages, templates
from .config import SiteConfig
from .diagnostics import Diagnostic
from .load import load_site, safe_child
from .model import Offer
from .output import Staging, check_target
from .rules import all_rules, apply_overrides, check
from .rules.limits import lookup
from .names import OFFER_TYPES

_ID_RE = re.compile(r'\bid="([^"]+)"')


@dataclass
class BuildResult:
    """What a build did. ``pages``: HTML pages written; ``seconds``: wall time; ``index``: path of index.html."""

    offers: int
    pages: int
    diagnostics: list[Diagnostic]
    seconds: float
    index: Path
    out_dir: Path


@dataclass
class Checked:
    """One offer after checking: its diagnostics, rendered description and inspected images."""

    offer: Offer
    diagnostics: list[Diagnostic]
    description: markup.Rendered
    images: dict[str, media.ImageInfo | str]


def check_site(site_dir: Path, edition: str | None = None) -> tuple[SiteConfig, list[Checked], list[Diagnostic]]:
    """Load and check every offer of ``site_dir``; returns config, checked offers and all diagnostics."""
    diags: list[Diagnostic] = []
    config, offers = load_site(site_dir, diags)
    edition = edition or config.site.edition
    overrides = config.severity
    diags = apply_overrides(diags, overrides)
    checked = []
    for offer in offers:
        rendered = markup.render(offer.description)
        images = inspect_images(offer)
        found = [d for d in diags if d.offer == offer.slug] + check(offer, edition, rendered, images, overrides)
        checked.append(Checked(offer, found, rendered, images))
    mine = {id(d) for c in checked for d in c.diagnostics}
    all_diags = [d for d in diags if id(d) not in mine] + [d for c in checked for d in c.diagnostics]
    return config, checked, all_diags


def build(site_dir: Path, out_dir: Path | None = None, *, edition: str | None = None,
          progress: Callable[[int, int], None] | None = None, compare_to: str | None = None) -> BuildResult:
    """Build the preview site of ``site_dir`` into ``out_dir`` (default ``site_dir/_site``).

    ``compare_to``: a git revision or a folder; adds a "What changed" page per offer.
    Raises :class:`~listingpreview.output.OutputError` when the output folder may not be written,
    :class:`~listingpreview.compare.CompareError` for an unreadable reference and
    ``jinja2.TemplateError`` for a broken site layout; content problems are diagnostics.
    """
    started = time.perf_counter()
    out_dir = out_dir or site_dir / "_site"
    check_target(out_dir, site_dir)                                        # 0. never touch what is not ours

    config, checked, all_diags = check_site(site_dir, edition)             # 1. load + 2. check
    edition = edition or config.site.edition
    reference = load_reference(site_dir, compare_to, edition) if compare_to else None
    env = templates.environment(site_dir / "layouts")
    n_pages = 0
    with Staging(out_dir) as stage:
        views = []
        for i, c in enumerate(checked):                                    # 3. images + markup -> views
            refs = write_images(stage, c)
            view = pages.offer_view(c.offer, c.diagnostics, c.description, c.images, refs, edition,
                                    config.site.storefront_locale)
            if reference is not None:                                      #    what changed since the reference
                old = reference.get(c.offer.slug)
                old_refs = write_images(stage, old, c.offer.slug) if old else {}
                view.changes = compare.compare_offer(old.offer if old else None, c.offer,
                                                     old.images if old else {}, c.images, old_refs, refs)
                view.changed = view.changes.changed_fields
            views.append(view)
            if progress:
                progress(i + 1, len(checked))
        site = {"title": config.site.title, "edition": edition, "base_url": config.site.base_url.rstrip("/"),
                "noindex": config.site.noindex, "built": build_date(), "compare_to": compare_to or "",
                "removed": sorted(set(reference) - {c.offer.slug for c in checked}) if reference else []}
        for view in views:                                                 # 4. pages per offer
            base = f"offers/{view.slug}/"
            ctx = {"site": site, "view": view, "root": "../../"}
            rendered = {name: env.get_template(name).render(ctx, page=name, path=base + name)
                        for name in ("index.html", "plans.html", "tiles.html", "snippet.html")}
            # Diagnostics link to the most precise field anchor that the rendered pages really have.
            pages.resolve_links(view, {n: set(_ID_RE.findall(html)) for n, html in rendered.items()}
                                | {"review.html": templates.REVIEW_ANCHORS})
            rendered["review.html"] = env.get_template("review.html").render(ctx, page="review.html",
                                                                             path=base + "review.html")
            if view.changes is not None:
                rendered["changes.html"] = env.get_template("changes.html").render(ctx, page="changes.html",
                                                                                   path=base + "changes.html")
            for name, html in rendered.items():
                stage.write(base + name, html)
                n_pages += 1
        stage.write("index.html", env.get_template("site-index.html").render(
            site=site, views=views, root="", page="site-index.html", path="index.html"))
        stage.write("rules.html", env.get_template("rules.html").render(
            site=site, rules=rules_table(), root="", page="rules.html", path="rules.html"))
        n_pages += 2
        if config.site.noindex:  # a preview must not be indexed in place of the real listing
            stage.write("robots.txt", "User-agent: *\nDisallow: /\n")
        for rel, data in templates.assets(site_dir / "assets"):            # 5. assets
            stage.write("assets/" + rel, data)
        stage.commit()                                                     # 6. swap in whole
    return BuildResult(len(checked), n_pages, all_diags, time.perf_counter() - started,
                       out_dir / "index.html", out_dir)


def build_date() -> str:
    """The date shown on pages: from SOURCE_DATE_EPOCH (reproducible builds), else none is shown."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def image_fields(offer: Offer) -> list[tuple[str, str]]:
    """(key, relative path) of every image the offer names."""
    m = offer.data.media
    out = [(f"media.{slot}", getattr(m, slot)) for slot in ("large_logo", "medium_logo", "small_logo", "wide_logo")]
    out += [(f"media.screenshots[{i}].file", s.file) for i, s in enumerate(m.screenshots)]
    out += [(f"media.videos[{i}].thumbnail", v.thumbnail) for i, v in enumerate(m.videos)]
    return [(k, v) for k, v in out if v]


def inspect_images(offer: Offer) -> dict[str, media.ImageInfo | str]:
    """Inspect every named image; a problem is kept as a string saying what is wrong."""
    out: dict[str, media.ImageInfo | str] = {}
    for key, rel in image_fields(offer):
        path = safe_child(offer.folder, rel)
        if path is None:
            out[key] = "is not a file inside the offer folder (no '..', absolute paths or symlinks)"
            continue
        try:
            out[key] = media.inspect(path)
        except media.ImageProblem as e:
            out[key] = str(e)
    return out


def load_reference(site_dir: Path, ref: str, edition: str) -> dict[str, Checked]:
    """The reference version of every offer, by folder slug (``ref``: git revision or folder)."""
    with tempfile.TemporaryDirectory(prefix="listingpreview-ref-") as tmp:
        ref_site = compare.reference_site(site_dir, ref, Path(tmp))
        _, checked, _ = check_site(ref_site, edition)
        for c in checked:  # keep image bytes in memory; the folder goes away
            c.offer.folder = Path("(reference)")
        return {c.offer.slug: c for c in checked}


def write_images(stage: Staging, c: Checked, slug: str | None = None) -> dict[str, pages.ImageRef]:
    """Write re-encoded images (and the derived Small logo) for one offer; refs are relative to its pages."""
    refs: dict[str, pages.ImageRef] = {}
    folder = f"offers/{slug or c.offer.slug}/media/"
    written: dict[str, pages.ImageRef] = {}

    def put(info: media.ImageInfo, size=None) -> pages.ImageRef:
        key = f"{info.digest[:16]}-{size[0]}x{size[1]}" if size else info.digest[:16]
        if key not in written:
            data, (w, h) = media.derive(info, size)
            stage.write(folder + key + ".png", data)
            written[key] = pages.ImageRef(f"media/{key}.png", w, h)
        return written[key]

    for key, info in c.images.items():
        if isinstance(info, media.ImageInfo):
            refs[key] = put(info)
    large = c.images.get("media.large_logo")
    small = c.images.get("media.small_logo")
    if isinstance(small, media.ImageInfo):
        refs["derived.small_logo"] = refs["media.small_logo"]
    elif isinstance(large, media.ImageInfo):
        # Partner Center derives the Small (48×48) and Medium (90×90) logos from the Large one.
        refs["derived.small_logo"] = put(large, (48, 48))
        refs["derived.medium_logo"] = put(large, (90, 90))
    return refs


def rules_table() -> list[dict]:
    """Every rule with its limit per offer type and edition, for the rules page."""
    rows = []
    for r in all_rules():
        per = []
        if r.limit:
            for t in OFFER_TYPES:
                for e in ("latest", "2020"):
                    if r.types is not None and t not in r.types:
                        continue
                    lim = lookup(r.limit, t, e)
                    if lim is not None:
                        per.append({"type": OFFER_TYPES[t].label, "edition": e, "value": _fmt(lim.value),
                                    "source": lim.cite})
        rows.append({"rule": r, "limits": per,
                     "types": ", ".join(OFFER_TYPES[t].label for t in r.types) if r.types else "all"})
    return rows


def rule_counts() -> dict[tuple[str, str], int]:
    """How many rules apply to each (offer type, edition)."""
    return {(t, e): sum(1 for r in all_rules() if r.func is not None and r.applies(t, e))
            for t in OFFER_TYPES for e in ("latest", "2020")}


def _fmt(v) -> str:
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt(x)}" for k, x in v.items())
    if isinstance(v, tuple):
        if len(v) == 5 and isinstance(v[4], bool):
            size = f"{v[0]}×{v[1]}" if v[:2] == v[2:4] else f"{v[0]}×{v[1]} to {v[2]}×{v[3]}"
            return size + (" (required)" if v[4] else " (optional)")
        return ", ".join(str(x) for x in v)
    return str(v)

