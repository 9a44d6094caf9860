"""The pipeline: content folder in, checked store-like preview site out.

:func:`build` reads top to bottom: fingerprint the inputs -> for each offer whose inputs changed:
load -> check -> render markup and images -> render its pages -> assemble the site -> write
(staged, swapped in whole). :class:`Builder` keeps the per-offer results between runs, so
``serve`` re-renders only what changed; the on-disk cache lets a second ``build`` of an
unchanged site skip everything but ``stat`` calls (see :mod:`listingpreview.cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import __version__, compare, markup, media, pages, templates
from .cache import Cache, default_cache_dir
from .config import SiteConfig
from .diagnostics import Diagnostic
from .load import discover, load_config, load_offer, safe_child, slugs_for
from .model import Offer
from .output import read_manifest, write_site
from .rules import apply_overrides, check
from .rules.table import rules_table

_ID_RE = re.compile(r'\bid="([^"]+)"')
OFFER_PAGES = ("index.html", "plans.html", "tiles.html", "snippet.html", "review.html")
FATAL = ("LP001", "LP004", "LP005")  # the offer file itself could not be read


@dataclass
class BuildResult:
    """What a build did. ``pages``: HTML pages in the site; ``seconds``: wall time; ``index``: path of index.html;
    ``rebuilt``: offers rendered anew (not taken from the cache); ``up_to_date``: nothing needed writing."""

    offers: int
    pages: int
    diagnostics: list[Diagnostic]
    seconds: float
    index: Path
    out_dir: Path
    rebuilt: int = 0
    up_to_date: bool = False


@dataclass
class Checked:
    """One offer after checking: its diagnostics, rendered description and inspected images."""

    offer: Offer
    diagnostics: list[Diagnostic]
    description: markup.Rendered
    images: dict[str, media.ImageInfo | str]


@dataclass
class OfferResult:
    """One offer, rendered: pages (name -> HTML), its tile card, diagnostics, and image files (name -> cache file)."""

    slug: str
    fingerprint: str
    pages: dict[str, bytes]  # name -> UTF-8 HTML
    card: dict
    diagnostics: list[Diagnostic]
    images: dict[str, Path | bytes]
    fatal: bool = False
    links: list[str] = field(default_factory=list)  # per diagnostic: where its field is shown

    def to_json(self) -> dict:
        return {"slug": self.slug, "pages": {k: v.decode("utf-8") for k, v in self.pages.items()},
                "card": self.card, "fatal": self.fatal,
                "diagnostics": [d.to_dict() for d in self.diagnostics], "links": self.links,
                "images": {k: str(v) for k, v in self.images.items()}}

    @classmethod
    def from_json(cls, fingerprint: str, d: dict) -> OfferResult:
        return cls(d["slug"], fingerprint, {k: v.encode("utf-8") for k, v in d["pages"].items()}, d["card"],
                   [Diagnostic(**x) for x in d["diagnostics"]],
                   {k: Path(v) for k, v in d["images"].items()}, d.get("fatal", False), list(d["links"]))


@dataclass
class Snapshot:
    """A whole site as built: output path -> bytes or a cache file; diagnostics; what was rebuilt."""

    files: dict[str, bytes | Path]
    results: dict[str, OfferResult]
    diagnostics: list[Diagnostic]
    fingerprint: str
    offers: int = 0
    pages: int = 0
    rebuilt: list[str] = field(default_factory=list)  # rendered anew
    changed: list[str] = field(default_factory=list)  # whose pages differ from the previous update's
    error: str = ""  # a broken layout: the last good pages are kept


class Builder:
    """Builds a site and remembers each offer's result, so the next :meth:`update` redoes only what changed.

    ``keep_last_good``: when an offer's file cannot be read or a layout is broken, keep serving the
    previous pages (``serve``) instead of raising (``build``).
    """

    def __init__(self, site_dir: Path, *, edition: str | None = None, compare_to: str | None = None,
                 cache_dir: Path | None = None, use_cache: bool = True, keep_last_good: bool = False):
        self.site_dir = site_dir
        self.edition_override = edition
        self.compare_to = compare_to
        self.keep_last_good = keep_last_good
        self.cache = Cache(cache_dir or default_cache_dir(site_dir), enabled=use_cache)
        self.results: dict[str, OfferResult] = {}
        self.fingerprints: dict[str, str] = {}  # folder name -> fingerprint
        self.global_fp = ""
        self.snapshot: Snapshot | None = None
        self._reference: dict[str, Checked] | None = None
        self._rules_html: str | None = None
        self._index: tuple[str, bytes] = ("", b"")
        self._search = b""  # the store's search page over all offers, made with the index
        self._env: tuple[str, object] = ("", None)
        self._files: dict[str, bytes | Path] = {}  # offer pages and images of the current results
        self._offer_files: dict[str, tuple[OfferResult, list[str]]] = {}
        self._folders: tuple[str, list[Path], Path] | None = None  # (content root, offer folders, base)
        self._assets: tuple[str, list] = ("", [])

    # ------------------------------------------------------------------------------------------------
    def update(self, changed: set[str] | None = None, *, out_dir: Path | None = None,
               progress: Callable[[int, int], None] | None = None) -> Snapshot:
        """Bring the site up to date. ``changed``: offer folder names known to have changed (None: check all).

        With ``out_dir``, a site whose fingerprint matches that output's returns an empty snapshot
        (``files == {}``) after ``stat`` calls only. Raises jinja2.TemplateError for a broken layout
        unless ``keep_last_good``.
        """
        site_diags: list[Diagnostic] = []
        config = load_config(self.site_dir, site_diags)                             # 1. config + fingerprints
        edition = self.edition_override or config.site.edition
        site_diags = apply_overrides(site_diags, config.severity)
        global_fp = self._global_fingerprint(config, edition)
        everything = changed is None or global_fp != self.global_fp
        folders, base = self._discover(config.site.content_dir, None if everything else changed)
        slugs = slugs_for(folders)
        self.global_fp = global_fp
        for folder in folders:
            if everything or folder.name in changed or folder.name not in self.fingerprints:
                self.fingerprints[folder.name] = self._offer_fingerprint(folder)
        names = {f.name for f in folders}
        self.fingerprints = {k: v for k, v in self.fingerprints.items() if k in names}
        site_fp = _sha(global_fp, *(f"{slugs[f.name]}={self.fingerprints[f.name]}" for f in folders))

        if out_dir is not None and read_manifest(out_dir) == site_fp:               # nothing to do
            cached = self.cache.load_site(site_fp)
            try:
                snap = Snapshot({}, {}, [Diagnostic(**d) for d in cached["diagnostics"]], site_fp,
                                int(cached["offers"]), int(cached["pages"]))
                self.cache.save()
                return snap
            except (TypeError, KeyError, ValueError):
                pass  # no usable record of that build: build again

        if self._env[0] != global_fp:  # compiled templates are kept until a layout (or the config) changes
            self._env = (global_fp, templates.environment(self.site_dir / "layouts"))
        env = self._env[1]
        rebuilt: list[str] = []
        changed_offers: list[str] = []
        results: dict[str, OfferResult] = {}
        try:
            for i, folder in enumerate(folders):                                    # 2. each offer: reuse or build
                # an offer's pages depend on its files and on everything global (layouts, config, edition)
                slug, fp = slugs[folder.name], _sha(global_fp, self.fingerprints[folder.name])
                old = self.results.get(slug)
                if old is not None and old.fingerprint == fp:
                    results[slug] = old
                elif (hit := None if self.compare_to else _cached_result(self.cache, fp)) is not None:
                    results[slug] = hit
                else:
                    new = self._build_offer(folder, base, slug, fp, config, edition, env)
                    if new.fatal and self.keep_last_good and old is not None:
                        new = OfferResult(slug, fp, old.pages, old.card, new.diagnostics, old.images, True, new.links)
                    elif not self.compare_to:
                        self.cache.store_offer(fp, new.to_json())
                    results[slug] = new
                    rebuilt.append(slug)
                if old is None or old.fingerprint != results[slug].fingerprint or results[slug].fatal:
                    changed_offers.append(slug)
                if progress:
                    progress(i + 1, len(folders))
            files = self._assemble(results, config, edition, env)                   # 3. the site around them
        except Exception as e:
            import jinja2

            if not (self.keep_last_good and isinstance(e, jinja2.TemplateError) and self.snapshot):
                raise
            self.global_fp = ""  # retry everything once the layout is fixed
            old = self.snapshot
            snap = Snapshot(old.files, old.results, old.diagnostics, old.fingerprint, old.offers, old.pages, [], [],
                            layout_error(e))
            self.snapshot = snap
            return snap
        diags = site_diags + [d for r in results.values() for d in r.diagnostics]
        n_pages = sum(1 for k in files if k.endswith(".html"))
        self.results = results
        if out_dir is not None:  # a build: remember it, so the next build of the same inputs can stop early
            self.cache.store_site(site_fp, {"diagnostics": [d.to_dict() for d in diags], "offers": len(results),
                                            "pages": n_pages})
            self.cache.save()
        self.snapshot = Snapshot(files, results, diags, site_fp, len(results), n_pages, rebuilt, changed_offers)
        return self.snapshot

    def _discover(self, content_dir: str, changed: set[str] | None) -> tuple[list[Path], Path]:
        """Offer folders; with ``changed`` only those names are looked at again (a watcher knows what moved)."""
        root = str(self.site_dir / content_dir)
        if changed is None or self._folders is None or self._folders[0] != root or \
                self._folders[1] == [self.site_dir]:
            folders, base = discover(self.site_dir, content_dir)
        else:
            _, known, base = self._folders
            names = {f.name for f in known}
            for name in changed:
                p = Path(root) / name
                ok = p.is_dir() and not p.is_symlink() and not name.startswith(".") and (p / "offer.toml").exists()
                names = names | {name} if ok else names - {name}
            folders = [Path(root) / n for n in sorted(names)]
        self._folders = (root, folders, base)
        return folders, base

    # ------------------------------------------------------------------------------------------------
    def _build_offer(self, folder: Path, base: Path, slug: str, fp: str, config: SiteConfig, edition: str,
                     env) -> OfferResult:
        """load -> check -> render images and markup -> pages, for one offer."""
        load_diags: list[Diagnostic] = []
        offer = load_offer(folder, base, load_diags, slug)
        assert offer is not None  # discover() only lists folders holding offer.toml
        c = check_offer(offer, load_diags, edition, config, self.cache)
        diags, rendered, images = c.diagnostics, c.description, c.images
        refs, files = image_refs(images, self.cache)
        view = pages.offer_view(offer, diags, rendered, images, refs, edition, config.site.storefront_locale)
        if self.compare_to:
            reference = self._reference_offers(edition)
            old = reference.get(slug)
            old_refs, old_files = image_refs(old.images, self.cache) if old else ({}, {})
            files.update(old_files)
            view.changes = compare.compare_offer(old.offer if old else None, offer, old.images if old else {},
                                                 images, old_refs, refs)
            view.changed = view.changes.changed_fields
        site = self._site_context(config, edition)
        base_path = f"offers/{slug}/"
        ctx = {"site": site, "view": view, "root": "../../"}
        out = {name: env.get_template(layout).render(ctx, page=name, path=base_path + name)
               for name, layout in pages.offer_pages(view)}
        # Diagnostics link to the most precise field anchor that the rendered pages really have.
        pages.resolve_links(view, {n: set(_ID_RE.findall(html)) for n, html in out.items()}
                            | {"review.html": templates.REVIEW_ANCHORS})
        out["review.html"] = env.get_template("review.html").render(ctx, page="review.html", path=base_path + "review.html")
        if view.changes is not None:
            out["changes.html"] = env.get_template("changes.html").render(ctx, page="changes.html",
                                                                          path=base_path + "changes.html")
        fatal = any(d.code in FATAL and d.file.endswith("offer.toml") for d in diags)
        card = pages.card(view)
        # The index is assembled from each offer's tile, rendered here once (autoescaped like any page).
        card["tile_html"] = env.get_template("_tile-cell.html").render(c=card)
        return OfferResult(slug, fp, {k: v.encode("utf-8") for k, v in out.items()}, card,
                           view.diagnostics, files, fatal,
                           [view.href(d) for d in view.diagnostics])

    def _assemble(self, results: dict[str, OfferResult], config: SiteConfig, edition: str, env) -> dict:
        site = self._site_context(config, edition)
        if self.compare_to:
            site["removed"] = sorted(set(self._reference_offers(edition)) - set(results))
        for slug in [k for k in self._offer_files if k not in results or self._offer_files[k][0] is not results[k]]:
            for key in self._offer_files.pop(slug)[1]:
                self._files.pop(key, None)
        for slug, r in results.items():
            if slug not in self._offer_files:
                keys = [f"offers/{slug}/{name}" for name in r.pages] + [f"offers/{slug}/media/{n}" for n in r.images]
                self._files.update(zip(keys, list(r.pages.values()) + list(r.images.values()), strict=True))
                self._offer_files[slug] = (r, keys)
        files: dict[str, bytes | Path] = dict(self._files)
        cards = [r.card for r in results.values()]
        key = _sha(self.global_fp, json.dumps(site, sort_keys=True), *(r.fingerprint for r in results.values()))
        if self._index[0] != key:  # the index changes only when a tile or the site does
            self._index = (key, env.get_template("site-index.html").render(
                site=site, cards=cards, root="", page="site-index.html", path="index.html").encode("utf-8"))
            self._search = env.get_template("search.html").render(
                site=site, cards=cards, root="", page="search.html", path="search.html").encode("utf-8")
        files["index.html"] = self._index[1]
        files["search.html"] = self._search
        if self._rules_html is None:
            self._rules_html = env.get_template("rules.html").render(
                site=site, rules=rules_table(), root="", page="rules.html", path="rules.html")
        files["rules.html"] = self._rules_html.encode("utf-8")
        if config.site.noindex:  # a preview must not be indexed in place of the real listing
            files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
        if self._assets[0] != self.global_fp:
            self._assets = (self.global_fp, templates.assets(self.site_dir / "assets"))
        for rel, data in self._assets[1]:
            files["assets/" + rel] = data
        return files

    def _site_context(self, config: SiteConfig, edition: str) -> dict:
        return {"title": config.site.title, "edition": edition, "base_url": config.site.base_url.rstrip("/"),
                "noindex": config.site.noindex, "built": build_date(), "compare_to": self.compare_to or "",
                "request_private_offer": config.site.request_private_offer,
                "removed": []}

    def _global_fingerprint(self, config: SiteConfig, edition: str) -> str:
        parts = [__version__, edition, config.model_dump_json(), self.compare_to or "", build_date()]
        for root in (templates.builtin_dir("layouts"), templates.builtin_dir("assets"),
                     self.site_dir / "layouts", self.site_dir / "assets"):
            if root.is_dir():
                parts += [f"{p.relative_to(root)}={self.cache.file_hash(p)}" for p in sorted(root.rglob("*"))
                          if p.is_file() and not p.is_symlink()]
        return _sha(*parts)

    def _offer_fingerprint(self, folder: Path) -> str:
        """Hash of every file in the offer folder (symlinks by their target text, never followed).

        One ``stat`` per file via ``os.scandir``: this runs for every offer on every build.
        """
        parts: list[str] = []
        stack = [(str(folder), "")]
        while stack:
            path, prefix = stack.pop()
            try:
                entries = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError as e:
                parts.append(f"{prefix}!{e.errno}")
                continue
            subdirs = []
            for entry in entries:
                rel = prefix + entry.name
                try:
                    if entry.is_symlink():
                        parts.append(f"{rel}->{os.readlink(entry.path)}")
                    elif entry.is_dir(follow_symlinks=False):
                        # hidden folders (caches, VCS) and a default output folder are not inputs
                        if not entry.name.startswith(".") and entry.name != "_site":
                            subdirs.append((entry.path, rel + "/"))
                    else:
                        st = entry.stat(follow_symlinks=False)
                        if entry.is_file(follow_symlinks=False) and st.st_size <= media.MAX_IMAGE_BYTES:
                            parts.append(f"{rel}={self.cache.file_hash(entry.path, st)}")
                        else:
                            parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
                except OSError as e:
                    parts.append(f"{rel}!{e.errno}")
            stack.extend(reversed(subdirs))
        return _sha(*sorted(parts))

    def _reference_offers(self, edition: str) -> dict[str, Checked]:
        if self._reference is None:
            self._reference = load_reference(self.site_dir, self.compare_to, edition, self.cache)
        return self._reference


def _cached_result(cache: Cache, fp: str) -> OfferResult | None:
    """A cached offer result, or None when absent or unusable (a broken entry is rebuilt, never trusted)."""
    data = cache.load_offer(fp)
    if data is None:
        return None
    try:
        result = OfferResult.from_json(fp, data)
        if not all(isinstance(p, Path) and p.is_file() for p in result.images.values()):
            return None
        return result
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def build(site_dir: Path, out_dir: Path | None = None, *, edition: str | None = None,
          progress: Callable[[int, int], None] | None = None, compare_to: str | None = None,
          use_cache: bool = True) -> BuildResult:
    """Build the preview site of ``site_dir`` into ``out_dir`` (default ``site_dir/_site``).

    ``compare_to``: a git revision or a folder; adds a "What changed" page per offer.
    Raises :class:`~listingpreview.output.OutputError` when the output folder may not be written,
    :class:`~listingpreview.compare.CompareError` for an unreadable reference and
    ``jinja2.TemplateError`` for a broken site layout; content problems are diagnostics.
    """
    from .output import check_target

    started = time.perf_counter()
    out_dir = out_dir or site_dir / "_site"
    check_target(out_dir, site_dir)                                    # never touch what is not ours
    builder = Builder(site_dir, edition=edition, compare_to=compare_to, use_cache=use_cache)
    snap = builder.update(out_dir=out_dir, progress=progress)          # load, check, render what changed
    if snap.files:
        write_site(out_dir, snap.files, snap.fingerprint)              # staged, swapped in whole
    return BuildResult(snap.offers, snap.pages, snap.diagnostics, time.perf_counter() - started,
                       out_dir / "index.html", out_dir, len(snap.rebuilt), not snap.files)


def check_site(site_dir: Path, edition: str | None = None) -> tuple[SiteConfig, list[Checked], list[Diagnostic]]:
    """Load and check every offer of ``site_dir`` (no cache, nothing written); returns config, offers, diagnostics."""
    from .load import load_site

    diags: list[Diagnostic] = []
    config, offers = load_site(site_dir, diags)
    edition = edition or config.site.edition
    diags = apply_overrides(diags, config.severity)
    inspector = Cache(Path(), enabled=False)
    loaded = {o.slug for o in offers}
    site_diags = [d for d in diags if d.offer not in loaded]  # the site's own, and offers that could not load
    checked = [check_offer(o, [d for d in diags if d.offer == o.slug], edition, config, inspector, overridden=True)
               for o in offers]
    return config, checked, site_diags + [d for c in checked for d in c.diagnostics]


def check_offer(offer: Offer, load_diags: list[Diagnostic], edition: str, config: SiteConfig, cache: Cache,
                overridden: bool = False) -> Checked:
    """Render the description, inspect the images and run the rules for one loaded offer."""
    rendered = markup.render(offer.description)
    images = inspect_images(offer, cache)
    found = load_diags if overridden else apply_overrides(load_diags, config.severity)
    return Checked(offer, found + check(offer, edition, rendered, images, config.severity), rendered, images)


def load_reference(site_dir: Path, ref: str, edition: str, cache: Cache) -> dict[str, Checked]:
    """The reference version of every offer, by folder slug (``ref``: git revision or folder).

    Its images are derived into the cache while the reference files exist.
    """
    with tempfile.TemporaryDirectory(prefix="listingpreview-ref-") as tmp:
        ref_site = compare.reference_site(site_dir, ref, Path(tmp))
        _, checked, _ = check_site(ref_site, edition)
        for c in checked:
            image_refs(c.images, cache)  # derive now; the reference folder goes away
        return {c.offer.slug: c for c in checked}


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


def inspect_images(offer: Offer, cache: Cache) -> dict[str, media.ImageInfo | str]:
    """Inspect every named image (through the cache); a problem is kept as a string saying what is wrong."""
    out: dict[str, media.ImageInfo | str] = {}
    for key, rel in image_fields(offer):
        path = safe_child(offer.folder, rel)
        if path is None:
            out[key] = "is not a file inside the offer folder (no '..', absolute paths or symlinks)"
            continue
        try:
            out[key] = cache.inspect(path)
        except media.ImageProblem as e:
            out[key] = str(e)
    return out


def image_refs(images: dict[str, media.ImageInfo | str], cache: Cache) -> tuple[dict[str, pages.ImageRef], dict]:
    """Image refs for the pages (relative to the offer's pages) and the files behind them (name -> cache file).

    Partner Center derives the Small (48×48) and Medium (90×90) logos from the Large one.
    """
    refs: dict[str, pages.ImageRef] = {}
    files: dict[str, Path | bytes] = {}

    def put(info: media.ImageInfo, size=None) -> pages.ImageRef:
        src, w, h = cache.derived(info, size)
        name = (f"{info.digest[:16]}-{size[0]}x{size[1]}" if size else info.digest[:16]) + ".png"
        files[name] = src
        return pages.ImageRef(f"media/{name}", w, h)

    for key, info in images.items():
        if isinstance(info, media.ImageInfo):
            refs[key] = put(info)
    large, small = images.get("media.large_logo"), images.get("media.small_logo")
    if isinstance(small, media.ImageInfo):
        refs["derived.small_logo"] = refs["media.small_logo"]
    elif isinstance(large, media.ImageInfo):
        refs["derived.small_logo"] = put(large, (48, 48))
        refs["derived.medium_logo"] = put(large, (90, 90))
    return refs, files


def layout_error(e: Exception) -> str:
    where = getattr(e, "filename", None) or getattr(e, "name", None) or "a layout"
    line = getattr(e, "lineno", None)
    return f"layout error in {where}{f':{line}' if line else ''}: {e}"


def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()
