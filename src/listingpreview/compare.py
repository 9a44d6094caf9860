"""What changed between two versions of an offer: field by field, words in long text, images, plans.

The reference is a git revision of the repository holding the site (read with
``git archive``, never by checking anything out) or another folder. Offers are
matched by folder; images are compared by their bytes, not their file names.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from . import fieldpaths
from .errors import CompareError  # noqa: F401  (raised here; the CLI maps it to a message)
from .media import ImageInfo
from .model import Offer
from .names import label


def reference_site(site_dir: Path, ref: str, workdir: Path) -> Path:
    """A folder holding the reference version of ``site_dir``: ``ref`` itself if it is a folder,
    else the files of git revision ``ref`` extracted under ``workdir``.

    Raises CompareError when ``ref`` is neither.
    """
    as_path = Path(ref)
    if as_path.is_dir():
        if (as_path / "offer.toml").exists() or (as_path / "content").is_dir():
            return as_path
        # a bare content folder: give it the site shape the loader expects. Copied, not linked: the loader
        # refuses a symlinked content folder; links inside are copied as links (and refused as usual).
        site = workdir / "reference"
        site.mkdir()
        shutil.copytree(as_path, site / "content", symlinks=True)
        return site
    try:
        top = Path(_git(site_dir, "rev-parse", "--show-toplevel").decode().strip())
        _git(site_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except CompareError:
        raise CompareError(f"'{ref}' is neither a folder nor a git revision of the repository holding "
                           f"{site_dir}") from None
    rel = site_dir.resolve().relative_to(top.resolve()).as_posix()
    data = _git(top, "archive", "--format=tar", ref, "--", rel if rel != "." else ".")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(workdir / "reference", filter="data")
    return workdir / "reference" / rel


def _git(cwd: Path, *args: str) -> bytes:
    try:
        r = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise CompareError(f"git could not run: {e}") from None
    if r.returncode != 0:
        raise CompareError(r.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return r.stdout


@dataclass
class Change:
    """One changed field: path, Partner Center label, before/after (text or image refs), word diff for text."""

    field: str
    label: str
    before: object
    after: object
    kind: str = "text"  # text | image | list
    diff: Markup | None = None


@dataclass
class PlanChanges:
    id: str
    name: str
    status: str  # added | removed | changed
    fields: list[Change] = field(default_factory=list)


@dataclass
class OfferChanges:
    """Changes of one offer against the reference; ``status`` is added, changed or unchanged."""

    status: str
    fields: list[Change] = field(default_factory=list)
    plans: list[PlanChanges] = field(default_factory=list)

    @property
    def changed_fields(self) -> set[str]:
        """Changed field paths and their parents (``media.screenshots[1].caption`` marks ``media.screenshots``)."""
        return {p for c in self.fields for p in fieldpaths.parents(c.field)}

    @property
    def count(self) -> int:
        return len(self.fields) + len(self.plans)


def flatten(value, prefix: str = "") -> dict[str, object]:
    """``{"a": {"b": [ {"c": 1} ]}}`` -> ``{"a.b[0].c": 1}``; lists of plain values stay lists."""
    out: dict[str, object] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else k))
    elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            out.update(flatten(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = value
    return out


def word_diff(before: str, after: str) -> Markup:
    """HTML with ``<del>`` and ``<ins>`` around the words that differ; all text escaped."""
    a, b = re.findall(r"\s+|[^\s]+", before), re.findall(r"\s+|[^\s]+", after)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(str(escape("".join(a[i1:i2]))))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(parts))


def _image_keys(images: dict) -> dict[str, str]:
    return {k: (v.digest if isinstance(v, ImageInfo) else f"problem: {v}") for k, v in images.items()}


def _fields(old: dict, new: dict, old_refs: dict, new_refs: dict, images_old: dict, images_new: dict) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new), key=_natural):
        b, a = old.get(key), new.get(key)
        image_key = key if key in images_old or key in images_new else None
        if image_key:
            if images_old.get(key) == images_new.get(key):
                continue
            changes.append(Change(key, label(key), old_refs.get(key), new_refs.get(key), "image"))
        elif b != a:
            if isinstance(a, str) or isinstance(b, str):
                changes.append(Change(key, label(key), b or "", a or "", "text", word_diff(str(b or ""), str(a or ""))))
            else:
                changes.append(Change(key, label(key), b, a, "list" if isinstance(a or b, list) else "text"))
    return changes


def _natural(key: str):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", key)]


def compare_offer(old: Offer | None, new: Offer, old_images: dict, new_images: dict,
                  old_refs: dict, new_refs: dict) -> OfferChanges:
    """Field-by-field changes of ``new`` against ``old`` (None: the offer is new)."""
    if old is None:
        return OfferChanges("added")
    before = flatten(old.data.model_dump(mode="json")) | {"listing.description": old.description}
    after = flatten(new.data.model_dump(mode="json")) | {"listing.description": new.description}
    # An image is its bytes: a new file name with the same picture is no change, the same name with a new picture is.
    imgs_old, imgs_new = _image_keys(old_images), _image_keys(new_images)
    for k in set(imgs_old) | set(imgs_new):
        before[k], after[k] = imgs_old.get(k), imgs_new.get(k)
    fields = _fields(before, after, old_refs, new_refs, imgs_old, imgs_new)
    plans: list[PlanChanges] = []
    old_plans = {p.id: p for p in old.plans}
    new_plans = {p.id: p for p in new.plans}
    for pid in sorted(set(old_plans) | set(new_plans)):
        o, n = old_plans.get(pid), new_plans.get(pid)
        if o is None:
            assert n is not None  # the id is in one of the two
            plans.append(PlanChanges(pid, n.data.plan.name or pid, "added"))
        elif n is None:
            plans.append(PlanChanges(pid, o.data.plan.name or pid, "removed"))
        else:
            ch = _fields(flatten(o.data.model_dump(mode="json")), flatten(n.data.model_dump(mode="json")), {}, {}, {}, {})
            if ch:
                plans.append(PlanChanges(pid, n.data.plan.name or pid, "changed", ch))
    return OfferChanges("changed" if fields or plans else "unchanged", fields, plans)


# ---------------------------------------------------------------- rules on what was published


def published_problems(old: Offer | None, new: Offer,
                       overrides: Mapping[str, str] | None = None) -> list:
    """Diagnostics for changes from the published ``old`` to ``new`` that Partner Center refuses
    (see :mod:`listingpreview.rules.published`), with ``[severity]`` overrides applied."""
    from .rules import apply_overrides
    from .rules.published import check_published

    return apply_overrides(check_published(old, new), overrides or {})


def published_site_problems(site_dir: Path, ref: str, offers: list[Offer],
                            overrides: Mapping[str, str] | None = None) -> list:
    """:func:`published_problems` for every offer of a site against the reference ``ref`` (git revision or folder).

    Offers are matched by folder. Raises CompareError when the reference cannot be read.
    """
    import tempfile

    from .load import load_site

    with tempfile.TemporaryDirectory(prefix="listingpreview-ref-") as tmp:
        ref_site = reference_site(site_dir, ref, Path(tmp))
        _, ref_offers = load_site(ref_site, [])
        old = {o.slug: o for o in ref_offers}
        return [d for o in offers for d in published_problems(old.get(o.slug), o, overrides)]
