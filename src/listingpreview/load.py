"""Read a site folder or an offer folder into typed objects, with source positions.

Every user mistake becomes a :class:`~listingpreview.diagnostics.Diagnostic`
(TOML syntax, wrong types, unknown keys with a "did you mean", unreadable or
unsafe files); nothing here raises for bad content. Only regular files inside
the offer folder are read: symlinks and paths that leave the folder are refused.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import get_args, get_origin

import tomli
from pydantic import BaseModel, ValidationError

from . import locate
from .config import CONFIG_NAME, SiteConfig, unknown_codes
from .diagnostics import Diagnostic
from .model import Offer, OfferFile, Plan, PlanFile, SourceFile

MAX_TEXT_BYTES = 1024 * 1024  # a content text file larger than this is refused (hostile input)
_SLUG_BAD = re.compile(r"[^a-z0-9-]+")


def display_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` when inside it, POSIX style; else as given."""
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def safe_child(folder: Path, rel: str) -> Path | None:
    """The regular, non-symlink file ``folder/rel`` if ``rel`` stays inside ``folder``; else None."""
    if not rel or "\x00" in rel or "\\" in rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        return None
    parts = Path(rel).parts
    if ".." in parts:
        return None
    p = folder
    for part in parts:
        p = p / part
        if p.is_symlink():
            return None
    try:
        p.resolve().relative_to(folder.resolve())
    except ValueError:
        return None
    return p


def read_text(path: Path, shown: str, field: str, diags: list[Diagnostic], code: str = "LP005") -> str | None:
    """Read a UTF-8 text file; on any problem add a diagnostic and return None."""
    try:
        if path.is_symlink() or not path.is_file():
            raise OSError("not a regular file")
        if path.stat().st_size > MAX_TEXT_BYTES:
            diags.append(Diagnostic(code, "error", shown, None, None, field,
                                    f"{shown} is larger than {MAX_TEXT_BYTES // 1024} KiB.",
                                    "Content files are small text files; check that this is the right file."))
            return None
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        diags.append(Diagnostic(code, "error", shown, line, None, field,
                                f"{shown} is not valid UTF-8 (byte {e.start}).",
                                "Save the file as UTF-8."))
        return None
    except OSError as e:
        diags.append(Diagnostic(code, "error", shown, None, None, field,
                                f"{shown} cannot be read: {e.strerror or e}.",
                                "Make it a regular file inside the offer folder."))
        return None
    return text.removeprefix("\ufeff")


def parse_toml(text: str, shown: str, diags: list[Diagnostic]) -> dict | None:
    """Parse TOML; a syntax error becomes an LP001 diagnostic with line and column."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        line, col = getattr(e, "lineno", None), getattr(e, "colno", None)
        msg = getattr(e, "msg", str(e))
        diags.append(Diagnostic("LP001", "error", shown, line, col, "",
                                f"TOML syntax error: {msg}.",
                                "Fix the syntax at this position (strings need quotes; tables and keys may appear once)."))
    except RecursionError:
        diags.append(Diagnostic("LP001", "error", shown, None, None, "",
                                "TOML is nested too deeply to read.", "Flatten the nesting."))
    return None


def _submodel(annotation):
    """The pydantic model class inside an annotation (``Contact``, ``list[Link]``, ``X | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _submodel(arg)
        if found is not None:
            return found
    if get_origin(annotation) is list:
        return _submodel(get_args(annotation)[0])
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    for part in loc:
        if isinstance(part, int):
            continue
        f = model.model_fields.get(part)
        sub = _submodel(f.annotation) if f else None
        if sub is None:
            return []
        model = sub
    return list(model.model_fields)


def field_string(loc: tuple) -> str:
    """The field path of a key path (see :func:`listingpreview.fieldpaths.join`)."""
    from .fieldpaths import join

    return join(loc)


def _drop(data, loc: tuple) -> bool:
    """Remove the value at ``loc`` from nested dicts/lists (so validation can go on)."""
    for part in loc[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        del data[loc[-1]]
        return True
    except (KeyError, IndexError, TypeError):
        return False


def validate(model: type[BaseModel], raw: dict, source: SourceFile, diags: list[Diagnostic]):
    """Validate ``raw`` against ``model``, reporting every problem and dropping bad values.

    Returns a model instance built from what was valid. Unknown keys are LP002
    (with a suggestion), wrong types LP003.
    """
    for _ in range(50):
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            progressed = False
            for err in exc.errors():
                loc = tuple(err["loc"])
                pos = source.position(loc) or (None, None)
                field = field_string(loc)
                if err["type"] == "extra_forbidden":
                    known = _fields_at(model, loc[:-1])
                    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
                    where = field_string(loc[:-1]) or "the top level"
                    hint = (f"Did you mean '{close[0]}'?" if close
                            else f"Known keys in {where}: {', '.join(known)}.")
                    diags.append(Diagnostic("LP002", "error", source.display, pos[0], pos[1], field,
                                            f"unknown key '{loc[-1]}' in {where}.", hint))
                else:
                    expected = err.get("ctx", {}).get("expected")
                    got = err.get("input")
                    msg = f"{field} has the wrong type or value ({err['msg']}; got {got!r})."
                    hint = f"Use one of {expected}." if expected else "Correct the value's type."
                    diags.append(Diagnostic("LP003", "error", source.display, pos[0], pos[1], field, msg, hint))
                    source.invalid.add(loc)  # the rules must not call the refused value "empty"
                progressed |= _drop(raw, loc)
            if not progressed:
                return model()
    return model()


def slug_for(name: str) -> str:
    return _SLUG_BAD.sub("-", name.lower()).strip("-") or "offer"


def load_offer(folder: Path, base: Path | None, diags: list[Diagnostic], slug: str | None = None) -> Offer | None:
    """Load ``folder`` (holding ``offer.toml``) into an :class:`Offer`; problems go to ``diags``.

    Returns None only when ``offer.toml`` is missing or unreadable.
    """
    slug = slug or slug_for(folder.name)
    offer_toml = folder / "offer.toml"
    shown = display_path(offer_toml, base)
    mine: list[Diagnostic] = []
    if not offer_toml.exists() and not offer_toml.is_symlink():
        diags.append(Diagnostic("LP004", "error", shown, None, None, "", f"{shown} does not exist.",
                                "Every offer folder needs an offer.toml (see 'listingpreview init').", offer=slug))
        return None
    text = read_text(offer_toml, shown, "", mine)
    source = SourceFile(offer_toml, shown)
    # An unreadable offer.toml still gives an offer (empty), so its review page shows the problem.
    raw = parse_toml(text, shown, mine) if text is not None else None
    if raw is None:
        data = OfferFile()
        source.broken = True  # a syntax error or an unreadable file: that one diagnostic says what is wrong
    else:
        source.positions = locate.positions(text or "")
        data = validate(OfferFile, raw, source, mine)

    desc_rel = data.listing.description_file or "description.md"
    desc_path = safe_child(folder, desc_rel)
    desc_shown = display_path(folder / desc_rel, base)
    description = ""
    desc_source = SourceFile(desc_path or folder / desc_rel, desc_shown, present=False)
    if desc_path is None:
        pos = source.position(("listing", "description_file")) or (None, None)
        mine.append(Diagnostic("LP008", "error", shown, pos[0], pos[1], "listing.description_file",
                               f"listing.description_file '{desc_rel}' is not a file inside the offer folder.",
                               "Use a relative path inside the offer folder, without '..' or symlinks."))
    elif desc_path.exists() or desc_path.is_symlink():
        got = read_text(desc_path, desc_shown, "listing.description", mine)
        if got is not None:
            description = got
            desc_source.present = True

    offer_rows, offer_rows_src = read_audience_csv(folder, data.preview.audience_csv, ("preview", "audience_csv"),
                                                   source, base, mine)
    plans: list[Plan] = []
    plans_dir = folder / "plans"
    if plans_dir.is_dir() and not plans_dir.is_symlink():
        for plan_path in sorted(plans_dir.glob("*.toml")):
            plan = load_plan(plan_path, base, mine)
            if plan is not None:
                plan.audience_rows, plan.audience_source = read_audience_csv(
                    folder, plan.data.plan.private_audience_csv, ("plan", "private_audience_csv"),
                    plan.source, base, mine)
                plans.append(plan)
    diags.extend(_tag(mine, slug))
    return Offer(folder=folder, data=data, source=source, plans=plans, description=description,
                 description_source=desc_source, slug=slug, audience_rows=offer_rows,
                 audience_source=offer_rows_src)


def read_audience_csv(folder: Path, rel: str, loc: tuple, owner: SourceFile, base: Path | None,
                      diags: list[Diagnostic]) -> tuple[list[tuple[int, str]], SourceFile | None]:
    """IDs of an audience CSV (Partner Center's export: columns Type, ID, Description) with their lines."""
    if not rel:
        return [], None
    path = safe_child(folder, rel)
    field = field_string(loc)
    pos = owner.position(loc) or (None, None)
    if path is None or not path.exists():
        why = "is not a file inside the offer folder" if path is None else "does not exist"
        diags.append(Diagnostic("LP008", "error", owner.display, pos[0], pos[1], field,
                                f"{field} '{rel}' {why}.",
                                "Put the CSV in the offer folder and give its relative path."))
        return [], None
    shown = display_path(path, base)
    text = read_text(path, shown, field, diags)
    if text is None:
        return [], None
    rows: list[tuple[int, str]] = []
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [c.strip() for c in row]
        if not any(cells) or (lineno == 1 and cells and cells[0].lower() == "type"):
            continue
        rows.append((lineno, cells[1] if len(cells) > 1 else cells[0]))
    return rows, SourceFile(path, shown)


def load_plan(path: Path, base: Path | None, diags: list[Diagnostic]) -> Plan | None:
    shown = display_path(path, base)
    text = read_text(path, shown, "", diags)
    if text is None:
        return None
    source = SourceFile(path, shown)
    raw = parse_toml(text, shown, diags)
    if raw is None:
        source.broken = True
        return Plan(PlanFile(), source)
    source.positions = locate.positions(text)
    return Plan(validate(PlanFile, raw, source, diags), source)


def _tag(diags: list[Diagnostic], slug: str) -> list[Diagnostic]:
    return [d if d.offer else replace(d, offer=slug) for d in diags]


def load_config(site_dir: Path, diags: list[Diagnostic]) -> SiteConfig:
    """Read ``listingpreview.toml`` if present; defaults otherwise."""
    path = site_dir / CONFIG_NAME
    if not path.exists():
        return SiteConfig()
    shown = display_path(path, site_dir)
    text = read_text(path, shown, "", diags, code="LP007")
    if text is None:
        return SiteConfig()
    raw = parse_toml(text, shown, diags)
    if raw is None:
        return SiteConfig()
    source = SourceFile(path, shown, locate.positions(text))
    config = validate(SiteConfig, raw, source, diags)
    diags += unknown_codes(config, source)
    return config


def discover(site_dir: Path, content_dir: str) -> tuple[list[Path], Path]:
    """Offer folders of a site (sorted), and the folder paths are shown relative to.

    ``site_dir`` may itself be one offer folder (it holds ``offer.toml``).
    """
    if (site_dir / "offer.toml").exists():
        return [site_dir], site_dir.parent
    root = site_dir / content_dir
    if not root.is_dir():
        return [], site_dir
    folders = sorted(p for p in root.iterdir()
                     if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
                     and (p / "offer.toml").exists())
    return folders, site_dir


def slugs_for(folders: list[Path]) -> dict[str, str]:
    """Folder name -> output slug: lowercase letters, digits and hyphens, made unique in folder order."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for f in folders:
        slug, n = slug_for(f.name), 2
        while slug in taken:
            slug = f"{slug_for(f.name)}-{n}"
            n += 1
        taken.add(slug)
        out[f.name] = slug
    return out


def load_site(site_dir: Path, diags: list[Diagnostic]) -> tuple[SiteConfig, list[Offer]]:
    """Config and every offer of ``site_dir`` (or the one offer it is)."""
    config = load_config(site_dir, diags)
    folders, base = discover(site_dir, config.site.content_dir)
    offers: list[Offer] = []
    slugs = slugs_for(folders)
    for folder in folders:
        offer = load_offer(folder, base, diags, slugs[folder.name])
        if offer is not None:
            offers.append(offer)
    return config, offers
