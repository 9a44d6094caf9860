"""The pipeline: content folder in, checked store-like preview site out.

:func:`build` and :meth:`Builder.update` read top to bottom as the stages:

1. **config**: read ``listingpreview.toml``; the rules edition;
2. **discover**: the offer folders;
3. **fingerprint**: one key for everything global (this tool's own code and built-in layouts, the site's
   layouts and assets, config, edition) and one per offer (its files); see :func:`global_key`;
4. **per offer**: load -> check -> markup and media -> pages (:func:`render_offer`), unless the cache
   holds the result for its key; many offers to render go to worker processes first (:mod:`.pool`);
5. **assemble** the site around the offers (index, rules page, robots.txt, assets);
6. **write** it (:func:`build` only; see :mod:`.output`): staged, then applied in place from a journal when
   few files differ from the previous output (one offer edited), else swapped in whole; unchanged files of
   the intact previous output are kept, and files whose digest is known (page files of the cache) hard-linked.

Every reuse goes through one cache layer (:class:`~listingpreview.cache.Cache`: memory, then disk) with
keys made by :func:`~listingpreview.cache.key`; a ``build`` whose site key matches the output folder's
stops after step 3 ("up to date"). :meth:`Builder.check` (the ``check`` command) runs steps 1-4 through the
same cache, so a ``check`` after a ``build`` reads the build's diagnostics back.
"""

from __future__ import annotations

import collections
import functools
import itertools
import json
import operator
import os
import re
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import __version__, compare, fieldpaths, heap, markup, media, pages, pool, publishing, templates
from .cache import Cache, default_cache_dir, key
from .config import SiteConfig
from .diagnostics import Diagnostic, cap_repeats, counts
from .errors import LayoutError, OutputError, describe_os_error
from .load import discover, load_config, load_offer, path_problem, site_link_problems, slugs_for
from .model import Offer
from .output import manifest_files, read_manifest, write_site
from .rules import apply_overrides, check
from .rules import site as site_rules
from .rules.table import rules_table

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
    cache_problem: str = ""  # why the disk cache could not be written (the build went on without it), or ''


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
    pages: dict[str, bytes | Path]  # name -> UTF-8 HTML, or the previous output's file when carried over
    card: dict
    diagnostics: list[Diagnostic]
    images: dict[str, Path | bytes]
    fatal: bool = False
    links: list[str] = field(default_factory=list)  # per diagnostic: where its field is shown

    @functools.cached_property
    def card_key(self) -> str:
        """Hash of the tile card (what the index and search pages show of this offer), computed once."""
        return key(json.dumps(self.card, sort_keys=True, ensure_ascii=False))

    @functools.cached_property
    def html_pages(self) -> int:
        """How many of its pages are HTML, counted once (a site's page count sums this over every offer)."""
        return sum(1 for k in self.pages if k.endswith(".html"))

    def same_output(self, other: OfferResult | None) -> bool:
        """True when ``other`` gives the same files and tile: a rebuild that changed nothing a browser shows."""
        return (other is not None and not self.fatal and not other.fatal and self.pages == other.pages
                and self.images == other.images and self.card == other.card)

    def to_json(self, summary: bool = False) -> dict:
        """As JSON; ``summary``: without the pages' HTML (their names only), what a carried-over offer needs."""
        pages = {k: "" if summary else v.decode("utf-8") for k, v in self.pages.items() if isinstance(v, bytes)}
        return {"slug": self.slug, "pages": pages, "card": self.card, "card_key": self.card_key, "fatal": self.fatal,
                "diagnostics": [d.to_dict() for d in self.diagnostics], "links": self.links,
                "images": {k: str(v) for k, v in self.images.items()}}

    @classmethod
    def from_json(cls, fingerprint: str, d: dict, carried: Path | None = None) -> OfferResult:
        """From :meth:`to_json`; ``carried``: the previous output's folder of this offer, holding its files."""
        if carried is None:
            pages: dict[str, bytes | Path] = {k: v.encode("utf-8") for k, v in d["pages"].items()}
            images: dict[str, Path | bytes] = {k: Path(v) for k, v in d["images"].items()}
        else:
            pages = {k: carried / k for k in d["pages"]}
            images = {k: carried / "media" / k for k in d["images"]}
        result = cls(d["slug"], fingerprint, pages, d["card"], [Diagnostic(**x) for x in d["diagnostics"]], images,
                     d.get("fatal", False), list(d["links"]))
        if isinstance(d.get("card_key"), str):
            result.__dict__["card_key"] = d["card_key"]  # the cached_property's slot: no hashing of the card again
        return result


@dataclass
class Snapshot:
    """A whole site as built: output path -> bytes or a cache file; diagnostics; what was rebuilt.

    ``files`` is the builder's own mapping, changed in place by its next update (copying 100,000 entries on
    every save would cost more than the rest of it): copy it to keep it. Paths that stay are overwritten, never
    removed first, so a reader between two updates finds every lasting path, with its old or new content.
    """

    files: dict[str, bytes | Path]
    results: dict[str, OfferResult]
    diagnostics: list[Diagnostic]
    fingerprint: str
    offers: int = 0
    pages: int = 0
    rebuilt: list[str] = field(default_factory=list)  # rendered anew
    changed: list[str] = field(default_factory=list)  # whose pages differ from the previous update's
    error: str = ""  # a broken layout: the last good pages are kept
    site_changed: bool = True  # False: no file of the site differs from the previous update's
    # what a save's reporting needs without a pass over every offer (None: not known, look at everything):
    site_diagnostics: list[Diagnostic] | None = None  # the ones from no offer's result (the head of diagnostics)
    fresh: list[str] | None = None  # slugs whose result is new since the builder's previous update
    severities: dict[str, int] | None = None  # diagnostics by severity

    def counts(self) -> dict[str, int]:
        """Diagnostics by severity (every severity present), without a pass over them when the builder kept it."""
        return dict(self.severities) if self.severities is not None else counts(self.diagnostics)


@dataclass
class Inputs:
    """What the fingerprint stage found: offer folders (sorted), their slugs and keys, and the site's keys."""

    config: SiteConfig
    edition: str
    site_diags: list[Diagnostic]
    folders: list[Path]
    base: Path
    slugs: dict[str, str]  # folder name -> slug
    global_key: str  # everything that is not an offer's own file
    offer_keys: dict[str, str]  # slug -> key of the offer's pages (global key + its files)
    site_key: str  # the whole site: what the output folder's manifest records
    redo: set[str] | None = None  # folder names to look at again; None: every offer (else the rest is as before)


class Builder:
    """Builds a site and remembers each offer's result, so the next :meth:`update` redoes only what changed.

    ``keep_last_good``: when an offer's file cannot be read or a layout is broken, keep serving the
    previous pages (``serve``) instead of raising (``build``). ``jobs``: see :func:`pool.workers`.
    """

    def __init__(self, site_dir: Path, *, edition: str | None = None, compare_to: str | None = None,
                 cache_dir: Path | None = None, use_cache: bool = True, keep_last_good: bool = False,
                 submit_date: date | None = None, jobs: int | None = 1):
        self.site_dir = site_dir
        self.jobs = jobs  # worker processes for many offers to render (None: one per CPU; 1: in-process)
        self._failed: list[Diagnostic] = []  # offers that could not be rendered (a worker's failure)
        self._inputs: Inputs | None = None  # what the previous update's fingerprint stage found
        self._carry: dict[str, Path] = {}  # offer key -> the previous output's folder of it (see _up_to_date)
        self._summaries = False  # read offers' summaries only (no HTML): check() needs no pages
        self._paged: set[str] = set()  # keys of offers rendered by workers: pages read as cache files
        self.submit_date = submit_date  # go-live estimates count from it (publishing.submit_date)
        self.edition_override = edition
        self.compare_to = compare_to
        self.keep_last_good = keep_last_good
        self.cache = Cache(cache_dir or default_cache_dir(site_dir), enabled=use_cache)
        self.results: dict[str, OfferResult] = {}
        self.snapshot: Snapshot | None = None
        self._reference: dict[str, Checked] | None = None
        # (content root, offer folders, base, their names): a save looks at the names it touched only
        self._folders: tuple[str, list[Path], Path, set[str]] | None = None
        self._changed: list[str] | None = None  # this update's slugs with a new result (see _fresh)
        self._offer_pages = 0  # HTML pages of the offers of self.results
        self._file_keys: dict[str, str] = {}  # folder name -> hash of its files
        self._global = ""  # the global key of the previous update
        self._files: dict[str, bytes | Path] = {}  # offer pages and images of self.results
        self._site_files: dict[str, bytes | Path] = {}  # index, rules page, robots.txt, assets
        self._site_files_changed = True
        # what the site pages need of every offer, kept per changed offer (a save costs no pass over them all)
        self._ids = Tracked(lambda r: repr(r.card.get("offer_id_at")))  # LP009: where each offer ID is written
        self._tiles = Tracked(lambda r: r.card_key)  # the index and search pages
        self._facets = Tracked(lambda r: repr(facet_values(r.card)))  # the search page's filters
        self._joined = {part: Joined(part) for part in ("tile_html", "result_html")}
        self._offer_diags = Flattened()  # every offer's diagnostics, in one list

    def update(self, changed: set[str] | None = None, *, out_dir: Path | None = None,
               progress: Callable[[int, int], None] | None = None) -> Snapshot:
        """Bring the site up to date. ``changed``: offer folder names known to have changed (None: check all).

        With ``out_dir``, a site whose key matches that output's returns an empty snapshot
        (``files == {}``) after ``stat`` calls only. Raises :class:`~listingpreview.errors.LayoutError`
        for a broken layout unless ``keep_last_good``.
        """
        config, edition, site_diags = self._config()                                  # 1. config
        folders, base = self._discover(config, None if changed is None else set(changed))  # 2. discover
        inputs = self._fingerprint(config, edition, site_diags, folders, base, changed)   # 3. fingerprint
        if out_dir is not None and (done := self._up_to_date(inputs, out_dir)) is not None:
            return done
        try:
            results, rebuilt, moved = self._offers(inputs, progress)                  # 4. each offer
            files = self._assemble(inputs, results)                                   # 5. the site around them
        except LayoutError as e:
            return self._keep_last_good(e)
        return self._finish(inputs, results, files, rebuilt, moved, out_dir)

    # -- 1. config ---------------------------------------------------------------------------------------
    def _config(self) -> tuple[SiteConfig, str, list[Diagnostic]]:
        diags: list[Diagnostic] = []
        config = load_config(self.site_dir, diags)
        diags += site_link_problems(self.site_dir, config.site.content_dir)  # symlinked content/, layouts/, assets/
        return config, self.edition_override or config.site.edition, apply_overrides(diags, config.severity)

    # -- 2. discover -------------------------------------------------------------------------------------
    def _discover(self, config: SiteConfig, changed: set[str] | None) -> tuple[list[Path], Path]:
        """Offer folders; with ``changed`` only those names are looked at again (a watcher knows what moved)."""
        root = str(self.site_dir / config.site.content_dir)
        known = self._folders
        if changed is None or known is None or known[0] != root or known[1] == [self.site_dir]:
            folders, base = discover(self.site_dir, config.site.content_dir)
            names = {f.name for f in folders}
        else:
            _, listed, base, names = known
            for name in changed:
                p = Path(root) / name
                ok = p.is_dir() and not p.is_symlink() and not name.startswith(".") and (p / "offer.toml").exists()
                if ok != (name in names):  # an offer came or went: a new set (the kept one may be in use)
                    names = names | {name} if ok else names - {name}
            # the same offers (an edit inside one): keep the list, instead of thousands of new paths per save
            same = len(names) == len(listed) and all(n in names for n in changed)
            folders = listed if same else [Path(root) / n for n in sorted(names)]
        self._folders = (root, folders, base, names)
        return folders, base

    # -- 3. fingerprint ----------------------------------------------------------------------------------
    def _fingerprint(self, config: SiteConfig, edition: str, site_diags: list[Diagnostic], folders: list[Path],
                     base: Path, changed: set[str] | None) -> Inputs:
        """The keys: global (see :func:`global_key`), per offer (global + its files), and the whole site's.

        After a save inside known offers (same global key, same folders), only those offers' keys are made
        again and ``redo`` names them; the rest is the previous update's, so a save costs no work per offer.
        """
        gkey = global_key(self.site_dir, config, edition, self.compare_to or "", self.cache, self.submit_date)
        everything = changed is None or gkey != self._global
        self._global = gkey
        last = self._inputs
        redo: set[str] | None = None
        if not everything and last is not None and folders is last.folders:  # one save: only what it touched
            slugs, offer_keys = last.slugs, dict(last.offer_keys)
            redo = {n for n in changed or () if n in slugs}
            for n in changed or ():
                if n in slugs:
                    self._file_keys[n] = folder_key(Path(last.folders[0].parent, n), self.cache)
                    offer_keys[slugs[n]] = key(gkey, slugs[n], self._file_keys[n])
        else:
            for folder in folders:
                if everything or folder.name in (changed or ()) or folder.name not in self._file_keys:
                    self._file_keys[folder.name] = folder_key(folder, self.cache)
            names = {f.name for f in folders}
            self._file_keys = {k: v for k, v in self._file_keys.items() if k in names}
            slugs = slugs_for(folders)
            # the slug is part of the key: two folders with the same files are two offers with their own pages
            offer_keys = {slugs[f.name]: key(gkey, slugs[f.name], self._file_keys[f.name]) for f in folders}
        site_key = key(gkey, *map("=".join, offer_keys.items()))  # "slug=key" per offer
        self._inputs = Inputs(config, edition, site_diags, folders, base, slugs, gkey, offer_keys, site_key, redo)
        return self._inputs

    def _up_to_date(self, inputs: Inputs, out_dir: Path) -> Snapshot | None:
        """An empty snapshot when ``out_dir`` was built from exactly these inputs (and we know its diagnostics).

        Otherwise, when ``out_dir`` is intact (every file as its manifest says), the offers whose key is the
        one it was built with are carried over: their files are hard-linked into the new output, not rewritten.
        """
        built = read_manifest(out_dir, self.cache.file_hash)
        self._carry = {}
        if built != inputs.site_key:
            before = (self.cache.load_site(built) or {}).get("offer_keys") if built else None
            if isinstance(before, dict):
                self._carry = {k: out_dir / "offers" / slug for slug, k in inputs.offer_keys.items()
                               if before.get(slug) == k}
            return None
        cached = self.cache.load_site(inputs.site_key)
        try:
            assert cached is not None
            snap = Snapshot({}, {}, [Diagnostic(**d) for d in cached["diagnostics"]], inputs.site_key,
                            int(cached["offers"]), int(cached["pages"]), site_changed=False)
        except (AssertionError, TypeError, KeyError, ValueError):
            return None  # no usable record of that build: build again
        self.cache.save()
        return snap

    # -- 4. each offer -----------------------------------------------------------------------------------
    def _offers(self, inputs: Inputs, progress: Callable[[int, int], None] | None
                ) -> tuple[dict[str, OfferResult], list[str], list[str]]:
        """Each offer's result: from the cache when its key is known, else rendered (load -> ... -> pages).

        Many offers to render go to worker processes first (:meth:`_pooled`); the results are then read
        back in folder order. Returns the results by slug, the slugs rendered anew, and the slugs whose
        output differs from before. An offer that cannot be rendered here either (an exception: a bug meeting
        a hostile file) is left out with an ``LP012`` diagnostic in ``self._failed``, as a worker's would be.
        """
        rebuilt: list[str] = []
        moved: list[str] = []
        self._changed = None
        env = self._environment(inputs.global_key)
        if inputs.redo is None:
            results: dict[str, OfferResult] = {}
            todo, pooled = inputs.folders, self._pooled(inputs, progress)
        else:  # a save inside known offers: the others' results stay as they are (and in their order)
            results = dict(self.results)
            todo, pooled = [Path(inputs.folders[0].parent, n) for n in sorted(inputs.redo)], {}
            redo = {inputs.slugs[n] for n in inputs.redo}
            self._failed = [d for d in self._failed if d.offer not in redo]  # tried again now
        done = len(pooled)
        for folder in todo:
            slug = inputs.slugs[folder.name]
            status, out = pooled.get(slug, ("", None))
            if status == "failed":  # could not be rendered: left out, with its diagnostic (see _finish)
                continue
            old = self.results.get(slug)
            make = functools.partial(self._render, folder, slug, inputs, env)
            if status == "result":
                make = functools.partial(OfferResult.from_json, inputs.offer_keys[slug], out)
            try:
                result, how = self.cache.get(
                    f"offer:{slug}", inputs.offer_keys[slug], make,
                    load=None if self.compare_to else self._load_result,
                    store=None if self.compare_to else self._store_result)
            except LayoutError:
                raise
            except Exception as e:  # never a traceback: the offer is left out with its diagnostic
                why = f"{type(e).__name__}: {e}"
                self._failed.append(pool.failure(pool.Task(folder, slug, inputs.offer_keys[slug]), inputs.base, why))
                self._failed.sort(key=lambda d: d.offer)
                results.pop(slug, None)
                continue
            if how == "made" or status:
                rebuilt.append(slug)
                if result.fatal and self.keep_last_good and old is not None:  # serve the last good pages
                    result = OfferResult(slug, result.fingerprint, old.pages, old.card, result.diagnostics,
                                         old.images, True, result.links)
                    self.cache.put(f"offer:{slug}", "", result)  # not the pages of this key: retry next time
            if old is not result and not result.same_output(old):
                moved.append(slug)
            results[slug] = result
            if progress and not status:
                done += 1
                progress(done, len(inputs.folders))
        if inputs.redo is not None:  # the others' results are the previous update's objects: no pass over them
            slugs = (inputs.slugs[f.name] for f in todo)  # in folder order, as results
            self._changed = [slug for slug in slugs if results.get(slug) is not self.results.get(slug)]
        return results, rebuilt, moved

    def _pooled(self, inputs: Inputs, progress: Callable[[int, int], None] | None) -> dict[str, tuple[str, Any]]:
        """Render the offers the cache lacks in worker processes, when there are many (see :mod:`.pool`).

        slug -> (status, outcome) as :func:`pool.render_many` gives; {} when everything stays in-process
        (one worker, fewer than :data:`pool.POOL_MIN` offers to render, ``--compare-to``, no disk cache).
        Offers that could not be rendered are remembered in ``self._failed``.
        """
        self._failed = []
        n = pool.workers(self.jobs)
        if n < 2 or self.compare_to or not self.cache.enabled:
            return {}
        tasks = [pool.Task(f, inputs.slugs[f.name], inputs.offer_keys[inputs.slugs[f.name]])
                 for f in inputs.folders if not self._cached(inputs.slugs[f.name], inputs.offer_keys)]
        if len(tasks) < (2 if self.jobs else pool.POOL_MIN):
            return {}
        self.cache.save()  # the file hashes known so far, for the workers to reuse
        setup = pool.Setup(self.site_dir, inputs.base, inputs.config, inputs.edition, self.submit_date,
                           self.cache.root)
        total = len(inputs.folders)
        done = pool.render_many(setup, tasks, n, progress and (lambda k: progress(k, total)))
        for status, out in done.values():
            if status == "layout" and isinstance(out, dict):
                raise LayoutError(out["message"], out["where"])
        self._failed = sorted((out for _, out in done.values() if isinstance(out, Diagnostic)), key=lambda d: d.offer)
        self._paged = {inputs.offer_keys[slug] for slug, (status, _) in done.items() if status == "stored"}
        return {slug: v for slug, v in done.items() if v[0] != "again"}

    def _cached(self, slug: str, keys: dict[str, str]) -> bool:
        return self.cache.holds(f"offer:{slug}", keys[slug]) or self.cache.has_offer(keys[slug])

    def _render(self, folder: Path, slug: str, inputs: Inputs, env: Any) -> OfferResult:
        reference = self._reference_offers(inputs.edition).get(slug) if self.compare_to else None
        site = site_context(inputs.config, inputs.edition, self.compare_to, self.submit_date)
        return render_offer(folder, inputs.base, slug, inputs.offer_keys[slug], inputs.config, inputs.edition,
                            env, self.cache, site, reference if self.compare_to else False)

    def _load_result(self, k: str) -> OfferResult | None:
        """A cached offer result, or None when absent or unusable (a broken entry is rebuilt, never trusted).

        An offer whose files the previous output already holds for this key is read from its summary only
        (no HTML): its files are hard-linked from that output (see :meth:`_up_to_date`).
        """
        carried = self._carry.get(k)
        data = self.cache.load_offer(f"{k}.summary" if carried or self._summaries or k in self._paged else k)
        if data is None and carried:
            carried, data = None, self.cache.load_offer(k)
        if data is None:
            return None
        try:
            result = OfferResult.from_json(k, data, carried)
            if k in self._paged and not carried:  # rendered by a worker: its pages are cache files
                result.pages = {name: self.cache.page_path(sha) for name, sha in data["page_files"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            return None if k not in self._paged else self._load_whole(k)
        if carried is not None:  # its files are the output's own, found intact by the audit before this build
            return result
        files = [*result.images.values(), *(p for p in result.pages.values() if k in self._paged)]
        if all(isinstance(p, Path) and p.is_file() for p in files):
            return result
        return None if k not in self._paged else self._load_whole(k)

    def _load_whole(self, k: str) -> OfferResult | None:
        self._paged.discard(k)
        return self._load_result(k)

    def _store_result(self, k: str, result: OfferResult) -> None:
        store_result(self.cache, k, result)

    # -- 5. assemble -------------------------------------------------------------------------------------
    def _assemble(self, inputs: Inputs, results: dict[str, OfferResult]) -> dict[str, bytes | Path]:
        """Every file of the site: the offers' pages and images, the index, the rules page, robots.txt, assets."""
        env = self._environment(inputs.global_key)
        site = site_context(inputs.config, inputs.edition, self.compare_to, self.submit_date)
        if self.compare_to:
            site["removed"] = sorted(set(self._reference_offers(inputs.edition)) - set(results))
        files: dict[str, bytes | Path] = {}  # the site's own files; the offers' are added last
        # the tiles, not the offers' keys: an edit that changes no tile (a description) re-renders neither page
        fresh = self._fresh(results)
        index_key = key(inputs.global_key, repr(sorted(site.items())), str(self._tiles.update(results, fresh)))
        cards = Cards(results)
        files["index.html"], _ = self.cache.get("index", index_key, lambda: spliced(
            lambda tiles: _render(env, "site-index.html", site=site, cards=cards, tiles_html=tiles, root="",
                                  page="site-index.html", path="index.html"),
            self._joined["tile_html"].update(results, fresh)))
        facets, _ = self.cache.get("facets", str(self._facets.update(results, fresh)), lambda: search_facets(cards))
        files["search.html"], _ = self.cache.get("search", index_key, lambda: spliced(  # the store's search page
            lambda found: _render(env, "search.html", site=site, cards=cards, results_html=found, root="",
                                  facets=facets, page="search.html", path="search.html"),
            self._joined["result_html"].update(results, fresh)))
        files["rules.html"], _ = self.cache.get("rules", key(inputs.global_key, repr(sorted(site.items()))),
                                                lambda: _render(env, "rules.html", site=site, rules=rules_table(),
                                                                root="", page="rules.html",
                                                                path="rules.html").encode("utf-8"))
        files.update(self.cache.get("publishing", key(inputs.global_key, repr(sorted(site.items()))),
                                    lambda: publishing.site_pages(env, site))[0])
        if inputs.config.site.noindex:  # a preview must not be indexed in place of the real listing
            files["robots.txt"] = b"User-agent: *\nDisallow: /\n"
        assets, _ = self.cache.get("assets", inputs.global_key, lambda: templates.assets(self.site_dir / "assets"))
        for rel, data in assets:
            files["assets/" + rel] = data
        self._site_files, previous = files, self._site_files
        self._site_files_changed = files != previous
        everything = self._offer_files(results)  # the offers' files and the site's, in one kept mapping
        for rel in previous.keys() - files.keys():
            everything.pop(rel, None)
        everything.update(files)
        return everything

    def _offer_files(self, results: dict[str, OfferResult]) -> dict[str, bytes | Path]:
        """The kept mapping of every file with ``offers/<slug>/...`` -> bytes or cache file updated only for the
        offers whose result is new: their files are overwritten, then the ones they no longer have removed."""
        fresh = self._fresh(results)
        gone = [] if results.keys() == self.results.keys() else [s for s in self.results if s not in results]
        for slug in [*gone, *fresh]:
            new = {}
            if slug in results:
                r = results[slug]
                new = {f"offers/{slug}/{name}": html for name, html in r.pages.items()}
                new.update({f"offers/{slug}/media/{name}": src for name, src in r.images.items()})
                self._files.update(new)
            if (old := self.results.get(slug)) is not None:
                for rel in [*(f"offers/{slug}/{name}" for name in old.pages),
                            *(f"offers/{slug}/media/{name}" for name in old.images)]:
                    if rel not in new:
                        self._files.pop(rel, None)
        return self._files

    def _finish(self, inputs: Inputs, results: dict[str, OfferResult], files: dict[str, bytes | Path],
                rebuilt: list[str], moved: list[str], out_dir: Path | None) -> Snapshot:
        head, diags = self._diagnostics(inputs, results)
        # an offer left out: the output must not count as built from these inputs, so the next build retries
        site_key = key(inputs.site_key, "incomplete") if self._failed else inputs.site_key
        previous = self.snapshot
        same_offers = results.keys() == self.results.keys()
        if same_offers:  # the offers' page count, kept per changed offer
            self._offer_pages += sum(results[s].html_pages - self.results[s].html_pages for s in self._fresh(results))
        else:
            self._offer_pages = sum(map(operator.attrgetter("html_pages"), results.values()))
        n_pages = sum(1 for k in self._site_files if k.endswith(".html")) + self._offer_pages
        # what a browser shows: the files, and the diagnostics the dev server's overlay lists
        site_changed = (previous is None or bool(previous.error) or bool(moved) or not same_offers
                        or diags != previous.diagnostics
                        or self._site_files_changed)
        self.results = results
        if not same_offers:  # drop the kept results of offers no longer there
            self.cache.forget(lambda slot: not slot.startswith("offer:") or slot[6:] in results)
        if out_dir is not None and not self._failed:  # remember it: the next build of these inputs stops early
            self.cache.store_site(inputs.site_key, {"diagnostics": [d.to_dict() for d in diags],
                                                    "offers": len(results), "pages": n_pages,
                                                    "offer_keys": inputs.offer_keys})
            self.cache.save()
        severities = counts(head)
        for severity, n in self._offer_diags.severities.items():
            severities[severity] = severities.get(severity, 0) + n
        self.snapshot = Snapshot(files, results, diags, site_key, len(results), n_pages, rebuilt, moved,
                                 site_changed=site_changed, site_diagnostics=head, fresh=list(self._fresh(results)),
                                 severities=severities)
        return self.snapshot

    def _diagnostics(self, inputs: Inputs, results: dict[str, OfferResult]
                     ) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(the head, all) of the site's diagnostics: its own, two offers with one offer ID (LP009, from the cards,
        so cached results take part too), offers that could not be rendered (the head), then each offer's."""
        fresh = self._fresh(results)
        dup, _ = self.cache.get("duplicates", str(self._ids.update(results, fresh)),  # made again when an ID moved
                                lambda: site_rules.duplicate_ids_from_cards({s: r.card for s, r in results.items()}))
        head = inputs.site_diags + apply_overrides(dup, inputs.config.severity) + self._failed
        return head, head + self._offer_diags.update(results, fresh)

    def _fresh(self, results: dict[str, OfferResult]) -> list[str]:
        """The slugs whose result is not the one of the previous update (what :class:`Tracked` and :class:`Joined`
        look at again), found once per update: after a save, among the offers it touched only (see _offers)."""
        if self._changed is None:
            self._changed = [slug for slug, r in results.items() if self.results.get(slug) is not r]
        return self._changed

    def check(self, progress: Callable[[int, int], None] | None = None) -> tuple[list[Diagnostic], int]:
        """The diagnostics a build gives, and the number of offers, through the build's cache.

        Stages 1-4 of :meth:`update` (no pages assembled, nothing written but the cache): a site whose
        key a build or check has already seen costs ``stat`` calls and one cache read; otherwise the offers
        the cache lacks are rendered (in worker processes when many), so the next build finds them.
        """
        with heap.full_collections_paused():  # a one-shot pass, like build()
            return self._check(progress)

    def _check(self, progress: Callable[[int, int], None] | None) -> tuple[list[Diagnostic], int]:
        config, edition, site_diags = self._config()                                  # 1. config
        folders, base = self._discover(config, None)                                  # 2. discover
        inputs = self._fingerprint(config, edition, site_diags, folders, base, None)  # 3. fingerprint
        known = self.cache.load_site(inputs.site_key)
        try:
            assert known is not None
            return [Diagnostic(**d) for d in known["diagnostics"]], len(folders)
        except (AssertionError, TypeError, KeyError, ValueError):
            pass  # never seen, or an unusable record: check the offers
        self._summaries = True
        results, _, _ = self._offers(inputs, progress)                               # 4. each offer
        _, diags = self._diagnostics(inputs, results)
        if not self._failed:
            self.cache.store_site(inputs.site_key, {"diagnostics": [d.to_dict() for d in diags],
                                                    "offers": len(results), "pages": 0})
        self.cache.save()
        return diags, len(folders)

    def _keep_last_good(self, e: LayoutError) -> Snapshot:
        """A broken layout: ``serve`` keeps the last good pages and shows the error; ``build`` raises."""
        if not (self.keep_last_good and self.snapshot):
            raise e
        self._global = ""  # look at every offer again once the layout is fixed
        old = self.snapshot
        self.snapshot = Snapshot(old.files, old.results, old.diagnostics, old.fingerprint, old.offers, old.pages,
                                 [], [], str(e), site_diagnostics=old.site_diagnostics, fresh=[],
                                 severities=old.severities)
        return self.snapshot

    def known_digests(self, out_dir: Path, files: dict[str, bytes | Path]) -> dict[str, list]:
        """[sha256, size] of the files to write whose digest is known without reading them: the previous
        output's own files (carried over; checked against its manifest before the build) and page files of the
        cache (named by their SHA-256 when written, read-only since). Paths are compared as strings: a site of
        1,000 offers has some 17,000 files."""
        out, pages = os.path.join(os.fspath(out_dir), ""), os.path.join(os.fspath(self.cache.root / "pages"), "")
        known = {rel: v for rel, v in manifest_files(out_dir).items()
                 if isinstance(p := files.get(rel), Path) and os.fspath(p) == out + rel.replace("/", os.sep)}
        for rel, p in files.items():
            if isinstance(p, Path) and rel not in known and os.fspath(p).startswith(pages):
                known[rel] = [p.stem, p.stat().st_size]
        return known

    def _environment(self, gkey: str) -> Any:
        """Compiled layouts, kept until a layout (or anything else global) changes."""
        env, _ = self.cache.get("env", gkey, lambda: templates.environment(
            self.site_dir / "layouts", self.cache.compiled_layouts(tool_key())))
        return env

    def _reference_offers(self, edition: str) -> dict[str, Checked]:
        if self._reference is None:
            self._reference = load_reference(self.site_dir, self.compare_to or "", edition, self.cache)
        return self._reference


class Cards(Sequence[dict]):
    """The tile cards of ``results`` (slug -> result) as the site pages' ``cards``, looked at only when used: a page
    whose tiles are spliced in (:func:`spliced`) reads their number only, so a save costs no pass over them all."""

    def __init__(self, results: dict[str, OfferResult]):
        self.results = results
        self._cards: list[dict] | None = None

    def _all(self) -> list[dict]:
        if self._cards is None:
            self._cards = [r.card for r in self.results.values()]
        return self._cards

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i):  # a list's indexing (and slicing)
        return self._all()[i]

    def __iter__(self) -> Iterator[dict]:
        return iter(self._all())


def _line(i: int, card: dict, part: str) -> str:
    return f'<li data-order="{i}" {card[part]}</li>' if part == "result_html" else card[part]


class Joined:
    """The cards' pre-rendered ``part`` ("tile_html" for the index, "result_html" for the search page, whose items
    carry their place in the list as ``data-order``), joined in Python as UTF-8 bytes and kept between updates.

    A template loop over thousands of cards costs more than the rest of a one-offer rebuild; only the lines of
    changed offers are made again (at 10,000 offers the index holds 10 MB of tiles: making every line again took
    about 40 ms a save); and as bytes, one "…" in a tile does not make the whole part two bytes a character,
    slower at every copy (see :func:`spliced`).
    """

    def __init__(self, part: str):
        self.part = part
        self.slugs: list[str] = []  # the offers of ``lines``, in order; [] when they must all be made again
        self.lines: list[bytes] = []
        self.at: dict[str, int] = {}

    def update(self, results: dict[str, OfferResult], fresh: list[str]) -> list[bytes] | None:
        """The lines of the part of ``results`` (slug -> result, in page order; kept: do not change the list), or
        None when a card lacks it; ``fresh``: the slugs whose result is new since the previous call."""
        slugs = list(results)
        if slugs != self.slugs:
            cards = [r.card for r in results.values()]
            if not all(self.part in c for c in cards):
                self.slugs = []
                return None
            self.slugs, self.at = slugs, {slug: i for i, slug in enumerate(slugs)}
            self.lines = [_line(i, c, self.part).encode("utf-8") for i, c in enumerate(cards)]
        else:
            for slug in fresh:
                card = results[slug].card
                if self.part not in card:
                    self.slugs = []
                    return None
                self.lines[self.at[slug]] = _line(self.at[slug], card, self.part).encode("utf-8")
        return self.lines


class Flattened:
    """Every offer's diagnostics in one list, in the order of the results, kept between updates and changed only
    where a changed offer's are: gathering them from 10,000 results took about 9 ms a save (one memory fetch per
    result), copying the kept list about 0.2 ms. Their number by severity is kept with them."""

    def __init__(self) -> None:
        self.slugs: list[str] = []
        self.at: dict[str, int] = {}
        self.lengths: list[int] = []  # how many diagnostics each offer has, in the order of ``slugs``
        self.items: list[Diagnostic] = []
        self.severities: collections.Counter[str] = collections.Counter()

    def update(self, results: dict[str, OfferResult], fresh: list[str]) -> list[Diagnostic]:
        """The diagnostics of ``results`` (slug -> result, in order; kept: do not change the list); ``fresh``: the
        slugs whose result is new since the previous call."""
        slugs = list(results)
        if slugs != self.slugs or len(fresh) > 64:  # each splice sums the lengths before it: for a few offers only
            lists = [r.diagnostics for r in results.values()]
            self.slugs, self.at = slugs, {slug: i for i, slug in enumerate(slugs)}
            self.lengths = [len(d) for d in lists]
            self.items = list(itertools.chain.from_iterable(lists))
            self.severities = collections.Counter(map(operator.attrgetter("severity"), self.items))
            return self.items
        for slug in fresh:
            i, diags = self.at[slug], results[slug].diagnostics
            start = sum(self.lengths[:i])
            self.severities.subtract(d.severity for d in self.items[start:start + self.lengths[i]])
            self.severities.update(d.severity for d in diags)
            self.items[start:start + self.lengths[i]] = diags
            self.lengths[i] = len(diags)
        return self.items


SPLICE = "<!-- listingpreview: the offers' part of this page -->"


def spliced(render: Callable[[Markup | None], str], lines: list[bytes] | None) -> bytes:
    """A page (UTF-8) whose big middle part, the offers' tiles or search results (``lines``, UTF-8, joined by
    newlines), is spliced in as bytes.

    ``render(part)`` renders the page with ``part`` in place of that middle part (None: the layout loops over
    the cards itself). The page is rendered around a marker (publisher text cannot hold it: it is escaped)
    that is then replaced: a 10 MB part is never copied through Jinja2's output and the encoder again, and is
    joined once, with the page's head and tail. A site's own layout that drops the marker, or repeats it, gets
    the part rendered in place.
    """
    if lines is None:
        return render(None).encode("utf-8")
    head, found, tail = render(Markup(SPLICE)).encode("utf-8").partition(SPLICE.encode())
    if not found or SPLICE.encode() in tail:
        return render(Markup(b"\n".join(lines).decode("utf-8"))).encode("utf-8")
    if len(lines) < 2:
        return head + b"".join(lines) + tail
    return b"\n".join([head + lines[0], *lines[1:-1], lines[-1] + tail])  # the head and tail ride on the ends


class Tracked:
    """A version number of one value of every offer's result (``of(result)``): it changes when the value of some
    offer, or the list of offers, changes. Kept per changed offer, so a save costs no pass over thousands."""

    def __init__(self, of: Callable[[OfferResult], object]):
        self.of = of
        self.values: dict[str, object] = {}
        self.version = 0

    def update(self, results: dict[str, OfferResult], fresh: list[str]) -> int:
        """The version for ``results``; ``fresh``: the slugs whose result is new since the previous call."""
        if list(self.values) != list(results):
            self.values = {slug: self.of(r) for slug, r in results.items()}
            self.version += 1
            return self.version
        for slug in fresh:
            value = self.of(results[slug])
            if value != self.values[slug]:
                self.values[slug] = value
                self.version += 1
        return self.version


def facet_values(card: dict) -> tuple | None:
    """What :func:`search_facets` reads of one card."""
    sa = card.get("store_area")
    if sa is None:
        return None
    return sa["type"], card["type_label"], sa["pricing_types"], sa["categories"], sa["industries"]


def search_facets(cards: Iterable[dict]) -> tuple[dict, dict, dict, dict]:
    """The search page's filters from the cards: product types (type -> label), pricing models, categories and
    industries (name -> 1), each in first-seen order; what search.html would gather itself, but in Python (a
    Jinja loop over 10,000 cards costs about a second on every save)."""
    types: dict = {}
    pricing: dict = {}
    cats: dict = {}
    inds: dict = {}
    for c in cards:
        sa = c.get("store_area")
        if sa is None:
            continue
        types[sa["type"]] = c["type_label"]
        pricing.update(dict.fromkeys(sa["pricing_types"], 1))
        cats.update(dict.fromkeys(sa["categories"], 1))
        inds.update(dict.fromkeys(sa["industries"], 1))
    return types, pricing, cats, inds


def store_result(cache: Cache, k: str, result: OfferResult, page_files: bool = False) -> None:
    """Store an offer's result under key ``k``: whole, and as a summary without HTML for carried-over offers.

    ``page_files``: also keep each page as a cache file (:meth:`Cache.store_page`) named in the summary, so that a
    build reads the summary only and hard-links the pages (what pool workers do; see :meth:`Builder._load_result`).
    """
    if result.fatal:
        return
    cache.store_offer(k, result.to_json())
    summary = result.to_json(summary=True)
    if page_files:
        digests = {name: cache.store_page(html) for name, html in result.pages.items() if isinstance(html, bytes)}
        if all(digests.values()):
            summary["page_files"] = digests
    cache.store_offer(f"{k}.summary", summary)


# -- the stages of one offer ---------------------------------------------------------------------------------
def render_offer(folder: Path, base: Path, slug: str, offer_key: str, config: SiteConfig, edition: str, env: Any,
                 cache: Cache, site: dict, reference: Checked | None | bool = False) -> OfferResult:
    """load -> check -> markup and media -> pages, for one offer folder.

    ``reference``: False without ``--compare-to``; else the reference version of the offer (None: it is new).
    Raises :class:`~listingpreview.errors.LayoutError` for a broken layout.
    """
    load_diags: list[Diagnostic] = []
    offer = load_offer(folder, base, load_diags, slug)                                        # load
    assert offer is not None  # discover() only lists folders holding offer.toml
    checked = check_offer(offer, load_diags, edition, config, cache)                         # check, markup
    if reference is not False:  # what Partner Center refuses to change once published (rules/published.py)
        was = reference if isinstance(reference, Checked) else None
        checked.diagnostics += compare.published_problems(was.offer if was else None, offer, config.severity)
    refs, files = image_refs(checked.images, cache)                                          # media
    view = pages.offer_view(offer, checked.diagnostics, checked.description, checked.images, refs, edition,
                            config.site.storefront_locale)
    if reference is not False:
        old = reference if isinstance(reference, Checked) else None
        old_refs, old_files = image_refs(old.images, cache) if old else ({}, {})
        files.update(old_files)
        view.changes = compare.compare_offer(old.offer if old else None, offer, old.images if old else {},
                                             checked.images, old_refs, refs)
        view.changed = view.changes.changed_fields
    out = render_pages(env, view, site, f"offers/{slug}/")                                    # pages
    fatal = any(d.code in FATAL and d.file.endswith("offer.toml") for d in view.diagnostics)
    card = pages.card(view)
    card["offer_id_at"] = site_rules.offer_id_at(offer)  # for LP009 across offers, kept with the cached result
    # The index is assembled from each offer's tile, rendered here once (autoescaped like any page).
    card["tile_html"] = _render(env, "_tile-cell.html", c=card)
    card["result_html"] = _render(env, "_search-result.html", c=card).strip()  # and the search page from each result
    return OfferResult(slug, offer_key, {k: v.encode("utf-8") for k, v in out.items()}, card, view.diagnostics,
                       files, fatal, list(view.links))


def render_pages(env: Any, view: pages.OfferView, site: dict, base_path: str) -> dict[str, str]:
    """An offer's pages (name -> HTML). Each diagnostic links to the most precise spot showing its field.

    The layouts write every field id through ``anchor()``/``plan_anchor()``, which record what each page
    emitted; the review page is rendered with placeholder links that are filled in once its own ids
    are known too (it shows the fields no store page shows).
    """
    ctx = {"site": site, "view": view, "root": "../../"}
    out: dict[str, str] = {}
    emitted: dict[str, set[str]] = {}
    nonce = secrets.token_hex(6)  # publisher text cannot guess it, so cannot fake a placeholder
    view.links = [f"lp-{nonce}-{n}-" for n in range(len(view.diagnostics))]
    for name, layout in [*pages.offer_pages(view), ("review.html", "review.html")]:  # store pages, then review
        with templates.recording() as ids:
            out[name] = _render(env, layout, ctx, page=name, path=base_path + name)
        emitted[name] = ids
    view.links = [fieldpaths.link(d.field, d.plan, emitted, f"review.html#diag-{n}")
                  for n, d in enumerate(view.diagnostics, 1)]
    out["review.html"] = re.sub(rf"lp-{nonce}-(\d+)-", lambda m: view.links[int(m[1])], out["review.html"])
    for name, template in publishing.offer_pages(view).items():  # Publishing, Resellers
        out[name] = _render(env, template, ctx, page=name, path=base_path + name)
    if view.changes is not None:
        out["changes.html"] = _render(env, "changes.html", ctx, page="changes.html", path=base_path + "changes.html")
    return out


def _render(env: Any, name: str, *args: Any, **kw: Any) -> str:
    """Render layout ``name``; a broken layout raises :class:`~listingpreview.errors.LayoutError`."""
    import jinja2

    try:
        return env.get_template(name).render(*args, **kw)
    except jinja2.TemplateError as e:
        raise layout_error(e) from e


def check_offer(offer: Offer, load_diags: list[Diagnostic], edition: str, config: SiteConfig, cache: Cache,
                overridden: bool = False) -> Checked:
    """Render the description, inspect the images and run the rules for one loaded offer."""
    rendered = markup.render(offer.description)
    images = inspect_images(offer, cache)
    found = load_diags if overridden else apply_overrides(load_diags, config.severity)
    found = cap_repeats(found + check(offer, edition, rendered, images, config.severity, config))
    return Checked(offer, found, rendered, images)


def image_fields(offer: Offer) -> list[tuple[str, str]]:
    """(field path, relative path) of every image the offer names."""
    m = offer.data.media
    out = [(f"media.{slot}", getattr(m, slot)) for slot in ("large_logo", "medium_logo", "small_logo", "wide_logo")]
    out += [(f"media.screenshots[{i}].file", s.file) for i, s in enumerate(m.screenshots)]
    out += [(f"media.videos[{i}].thumbnail", v.thumbnail) for i, v in enumerate(m.videos)]
    return [(k, v) for k, v in out if v]


def inspect_images(offer: Offer, cache: Cache) -> dict[str, media.ImageInfo | str]:
    """Inspect every named image (through the cache); a problem is kept as a string saying what is wrong."""
    out: dict[str, media.ImageInfo | str] = {}
    for k, rel in image_fields(offer):
        problem = path_problem(offer.folder, rel)
        if problem:
            out[k] = problem
            continue
        path = offer.folder / rel
        try:
            info = cache.inspect(path)
            out[k] = media.name_problem(path, info.format) or info  # e.g. PNG bytes named .jpg
        except media.ImageProblem as e:
            out[k] = str(e)
    return out


def image_refs(images: dict[str, media.ImageInfo | str], cache: Cache
               ) -> tuple[dict[str, pages.ImageRef], dict[str, Path | bytes]]:
    """Image refs for the pages (relative to the offer's pages) and the files behind them (name -> cache file).

    Partner Center derives the Small (48×48) and Medium (90×90) logos from the Large one.
    """
    refs: dict[str, pages.ImageRef] = {}
    files: dict[str, Path | bytes] = {}

    def put(info: media.ImageInfo, size: tuple[int, int] | None = None) -> pages.ImageRef:
        src, w, h = cache.derived(info, size)
        name = (f"{info.digest[:16]}-{size[0]}x{size[1]}" if size else info.digest[:16]) + ".png"
        files[name] = src
        return pages.ImageRef(f"media/{name}", w, h)

    for k, info in images.items():
        if isinstance(info, media.ImageInfo):
            refs[k] = put(info)
    large, small = images.get("media.large_logo"), images.get("media.small_logo")
    if isinstance(small, media.ImageInfo):
        refs["derived.small_logo"] = refs["media.small_logo"]
    elif isinstance(large, media.ImageInfo):
        refs["derived.small_logo"] = put(large, (48, 48))
        refs["derived.medium_logo"] = put(large, (90, 90))
    return refs, files


# -- keys ------------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def tool_key() -> str:
    """Hash of this tool's own code and built-in layouts and assets, as installed; computed once per process.

    A changed rule, limit or layout of the tool (an upgrade, or an edit in an editable install) therefore
    changes every page's key. Files are read and hashed (about 0.5 MB), not trusted by their mtime.
    """
    here = Path(__file__).resolve().parent
    parts = [__version__]
    roots = ((here, "*.py"), (templates.builtin_dir("layouts"), "*"), (templates.builtin_dir("assets"), "*"))
    for root, pattern in roots:
        for p in sorted(root.rglob(pattern)):
            if p.is_file() and "__pycache__" not in p.parts:
                parts.append(f"{p.relative_to(root).as_posix()}={key(p.read_bytes().decode('latin-1'))}")
    return key(*parts)


def global_key(site_dir: Path, config: SiteConfig, edition: str, compare_to: str, cache: Cache,
               submit_date: date | None = None) -> str:
    """The key of everything a page depends on besides its offer's files.

    Parts: :func:`tool_key`, the edition, the whole config, ``--compare-to``, the build date
    (``SOURCE_DATE_EPOCH``), ``--submit-date``, and the hash of every file of the site's own ``layouts/``
    and ``assets/``.
    """
    parts = [tool_key(), edition, config.model_dump_json(), compare_to, build_date(), str(submit_date or "")]
    for root in (site_dir / "layouts", site_dir / "assets"):
        if root.is_dir():
            parts += [f"{p.relative_to(root)}={cache.file_hash(p)}" for p in sorted(root.rglob("*"))
                      if p.is_file() and not p.is_symlink()]
    return key(*parts)


def folder_key(folder: Path, cache: Cache) -> str:
    """Hash of every file in an offer folder (symlinks by their target text, never followed).

    One ``stat`` per file via ``os.scandir``; contents are hashed through the cache, trusted again while
    size, mtime and inode are unchanged. This runs for every offer on every build.
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
            if entry.name == "._site.lock":  # a build's lock beside its default output folder: not an input
                continue
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
                        parts.append(f"{rel}={cache.file_hash(entry.path, st)}")
                    else:
                        parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
            except OSError as e:
                parts.append(f"{rel}!{e.errno}")
        stack.extend(reversed(subdirs))
    return key(*sorted(parts))


# -- entry points ----------------------------------------------------------------------------------------------
def build(site_dir: Path, out_dir: Path | None = None, *, edition: str | None = None,
          progress: Callable[[int, int], None] | None = None, compare_to: str | None = None,
          use_cache: bool = True, submit_date: date | None = None, jobs: int | None = 1) -> BuildResult:
    """Build the preview site of ``site_dir`` into ``out_dir`` (default ``site_dir/_site``).

    ``compare_to``: a git revision or a folder; adds a "What changed" page per offer.
    ``submit_date``: the go-live estimates on the Publishing pages count from it (default: see
    :func:`publishing.submit_date`). ``jobs``: processes rendering offers when many must be rendered
    (None: one per CPU; default 1: all in this process, as a caller's script may lack the
    ``if __name__ == "__main__"`` guard that worker processes need); see :mod:`listingpreview.pool`.
    Raises :class:`~listingpreview.errors.OutputError` when the output folder may not be written (including
    a full disk, a name too long or a symlink loop), :class:`~listingpreview.errors.CompareError` for an
    unreadable reference and :class:`~listingpreview.errors.LayoutError` for a broken site layout;
    content problems are diagnostics.
    """
    from .output import BuildLock, check_target, recover

    started = time.perf_counter()
    out_dir = out_dir or site_dir / "_site"
    try:
        with BuildLock(out_dir), heap.full_collections_paused():      # one build at a time per output folder
            recover(out_dir)                                           # finish or undo a killed build's swap
            builder = Builder(site_dir, edition=edition, compare_to=compare_to, use_cache=use_cache,
                              submit_date=submit_date, jobs=jobs)
            check_target(out_dir, site_dir, builder.cache.file_hash)   # never touch what is not ours
            snap = builder.update(out_dir=out_dir, progress=progress)  # 1-5: config ... assemble
            if snap.files:
                write_site(out_dir, snap.files, snap.fingerprint,      # 6. write: staged; in place from a
                           builder.known_digests(out_dir, snap.files),  # journal when small, else swapped in
                           builder.cache.file_hash)                    # whole (carried files hard-linked)
    except (OSError, RuntimeError) as e:  # RuntimeError: Path.resolve() meeting a symlink loop (Python < 3.13)
        if isinstance(e, RuntimeError) and "symlink loop" not in str(e).lower():
            raise
        raise _output_error(e, out_dir) from None
    return BuildResult(snap.offers, snap.pages, snap.diagnostics, time.perf_counter() - started,
                       out_dir / "index.html", out_dir, len(snap.rebuilt), not snap.files, builder.cache.problem)


def _output_error(e: OSError | RuntimeError, out_dir: Path) -> OutputError:
    if isinstance(e, OSError):
        return OutputError(describe_os_error(e, f"cannot write the output folder {out_dir}") +
                           " (nothing was changed)")
    return OutputError(f"cannot use the output folder {out_dir}: {e} (nothing was changed)")


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
    site_diags += apply_overrides(site_rules.duplicate_offer_ids(offers), config.severity)
    checked = [check_offer(o, [d for d in diags if d.offer == o.slug], edition, config, inspector, overridden=True)
               for o in offers]
    return config, checked, site_diags + [d for c in checked for d in c.diagnostics]


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


def site_context(config: SiteConfig, edition: str, compare_to: str | None, submit_date: date | None = None) -> dict:
    """What every page knows of the site."""
    return {"title": config.site.title, "edition": edition, "base_url": config.site.base_url.rstrip("/"),
            "noindex": config.site.noindex, "built": build_date(), "compare_to": compare_to or "", "removed": [],
            "submit_date": str(publishing.submit_date(submit_date) or ""),
            "request_private_offer": config.site.request_private_offer}


def build_date() -> str:
    """The date shown on pages: from SOURCE_DATE_EPOCH (reproducible builds), else none is shown."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def layout_error(e: Exception) -> LayoutError:
    """A :class:`LayoutError` saying which layout file and line is broken."""
    where = getattr(e, "filename", None) or getattr(e, "name", None) or "a layout"
    line = getattr(e, "lineno", None)
    loc = f"{where}{f':{line}' if line else ''}"
    return LayoutError(f"layout error in {loc}: {e}", loc)
