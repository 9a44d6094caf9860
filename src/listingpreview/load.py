"""Read a site folder or an offer folder into typed objects, with source positions.

Every user mistake becomes a :class:`~listingpreview.diagnostics.Diagnostic`
(TOML syntax, wrong types, unknown keys with a "did you mean", unreadable or
unsafe files); nothing here raises for bad content. Only regular files inside
the offer folder are read: symlinks and paths that leave the folder are refused.
"""

from __future__ import annotations

import csv
import difflib
import errno
import io
import os
import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import get_args, get_origin

import tomli
from pydantic import BaseModel, ValidationError

from . import locate, markup
from .config import CONFIG_NAME, SiteConfig, unknown_codes
from .diagnostics import Diagnostic, more_problems
from .model import Offer, OfferFile, Plan, PlanFile, SourceFile

MAX_TEXT_BYTES = 1024 * 1024  # a content text file larger than this is refused (hostile input)
MAX_NAME_BYTES = 255  # one path part: the common file-system limit (ext4, APFS, NTFS in UTF-16 units)
MAX_REPEATS = 100  # problems listed one by one per content file; the rest are counted in one diagnostic
MAX_CSV_FIELD = 128 * 1024  # csv's default field limit; a longer field is reported, not raised
_SLUG_BAD = re.compile(r"[^a-z0-9-]+")


def display_path(path: Path, base: Path | None) -> str:
    """``path`` relative to ``base`` when inside it, POSIX style; else as given.

    Never raises: a symlink loop or an over-long name is shown as given.
    """
    if base is not None:
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            try:
                return path.relative_to(base).as_posix()
            except ValueError:
                pass
    return path.as_posix()


def path_problem(folder: Path, rel: str) -> str:
    """Why ``folder/rel`` may not be read ('' when it may): it must be a relative path inside ``folder``,
    with no '..', no symbolic link on the way and no part longer than :data:`MAX_NAME_BYTES` bytes."""
    if not rel or "\x00" in rel or "\\" in rel or rel.startswith("/") or re.match(r"^[A-Za-z]:", rel):
        return "is not a relative path inside the offer folder"
    parts = Path(rel).parts
    if ".." in parts:
        return "is not inside the offer folder ('..' leaves it)"
    for part in parts:
        if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
            return f"has a name part of more than {MAX_NAME_BYTES} bytes, longer than file systems allow"
    p = folder
    try:
        for part in parts:
            p = p / part
            if os.path.islink(p):
                return f"is or passes through a symbolic link ('{p.relative_to(folder).as_posix()}')"
        p.resolve().relative_to(folder.resolve())
    except ValueError:
        return "is not inside the offer folder"
    except (OSError, RuntimeError) as e:
        return f"cannot be looked up ({getattr(e, 'strerror', None) or e})"
    return ""


def safe_child(folder: Path, rel: str) -> Path | None:
    """The file ``folder/rel`` if :func:`path_problem` finds nothing wrong with it; else None."""
    return None if path_problem(folder, rel) else folder / rel


def read_bytes_safely(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (not a symlink, FIFO or device), at most ``limit`` of them.

    Opened without following a symlink and without blocking, checked with ``fstat`` on the open file (no race
    between check and read). Raises OSError (``strerror`` says why) or ValueError (larger than ``limit``).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "it is a symbolic link") from None
        raise
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        if st.st_size > limit:
            raise ValueError(st.st_size)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(len(data))
    return data


def read_text(path: Path, shown: str, field: str, diags: list[Diagnostic], code: str = "LP005") -> str | None:
    """Read a UTF-8 text file; on any problem add a diagnostic and return None."""
    data = b""
    try:
        if len(path.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
            raise OSError(errno.ENAMETOOLONG, f"its name is longer than {MAX_NAME_BYTES} bytes")
        data = read_bytes_safely(path, MAX_TEXT_BYTES)
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        diags.append(Diagnostic(code, "error", shown, line, None, field,
                                f"{shown} is not valid UTF-8 (byte {e.start}).",
                                "Save the file as UTF-8."))
        return None
    except ValueError:
        diags.append(Diagnostic(code, "error", shown, None, None, field,
                                f"{shown} is larger than {MAX_TEXT_BYTES // 1024} KiB.",
                                "Content files are small text files; check that this is the right file."))
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
                                "Fix the syntax at this position (strings need quotes; tables and keys may appear "
                                "once)."))
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
    hidden: dict[str, int] = {}  # past MAX_REPEATS problems in one file, the rest are only counted (40,000 keys…)
    try:
        return _validate(model, raw, source, diags, 0, hidden)
    finally:
        for code, n in sorted(hidden.items()):
            like = Diagnostic(code, "error", source.display, None, None, "", "")
            diags.append(more_problems(like, n, MAX_REPEATS))


def _validate(model: type[BaseModel], raw: dict, source: SourceFile, diags: list[Diagnostic], shown: int,
              hidden: dict[str, int]):
    for _ in range(50):
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            progressed = False
            for err in exc.errors():
                loc = tuple(err["loc"])
                if shown >= MAX_REPEATS:
                    code = "LP002" if err["type"] == "extra_forbidden" else "LP003"
                    hidden[code] = hidden.get(code, 0) + 1
                    progressed |= _drop(raw, loc)
                    continue
                shown += 1
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
    desc_problem = path_problem(folder, desc_rel)
    desc_path = None if desc_problem else folder / desc_rel
    desc_shown = display_path(folder / desc_rel, base) if not desc_problem.startswith("has a name") else desc_rel
    description = ""
    desc_source = SourceFile(desc_path or folder / desc_rel, desc_shown, present=False)
    if desc_path is None:
        pos = source.position(("listing", "description_file")) or (None, None)
        mine.append(Diagnostic("LP008", "error", shown, pos[0], pos[1], "listing.description_file",
                               f"listing.description_file '{desc_rel}' {desc_problem}.",
                               "Use a relative path to a regular file inside the offer folder, without '..' "
                               "or symlinks."))
    elif desc_path.exists():
        got = read_text(desc_path, desc_shown, "listing.description", mine)
        desc_source.present = True
        if got is None:  # unreadable (not UTF-8, too large…): that diagnostic is the one, not "empty"
            desc_source.invalid.add(("listing", "description"))
        else:
            description = got
            if refuse_text(got, desc_shown, None, "listing.description", mine):
                desc_source.invalid.add(("listing", "description"))  # LP011 says it all; no rule reads it

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
    problem = path_problem(folder, rel)
    path = None if problem else folder / rel
    field = field_string(loc)
    pos = owner.position(loc) or (None, None)
    if path is None or not path.exists():
        why = problem or "does not exist"
        diags.append(Diagnostic("LP008", "error", owner.display, pos[0], pos[1], field,
                                f"{field} '{rel}' {why}.",
                                "Put the CSV in the offer folder and give its relative path."))
        return [], None
    shown = display_path(path, base)
    text = read_text(path, shown, field, diags)
    if text is None:
        return [], None
    rows: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for lineno, row in enumerate(reader, 1):
            cells = [c.strip() for c in row]
            if not any(cells) or (lineno == 1 and cells and cells[0].lower() == "type"):
                continue
            rows.append((lineno, cells[1] if len(cells) > 1 else cells[0]))
    except csv.Error as e:
        too_long = "field larger than field limit" in str(e)
        diags.append(Diagnostic("LP005", "error", shown, reader.line_num or None, None, field,
                                f"{shown} cannot be read as CSV at line {reader.line_num}: "
                                + (f"a field is longer than {MAX_CSV_FIELD // 1024} KiB" if too_long else str(e))
                                + "; the rows before it are used.",
                                "Export the audience again from Partner Center (columns Type, ID, Description)."))
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
    plan = Plan(validate(PlanFile, raw, source, diags), source)
    pos = source.position(("plan", "description")) or (None, None)
    if refuse_text(plan.data.plan.description, shown, pos[0], "plan.description", diags):
        source.invalid.add(("plan", "description"))  # LP011 says it all; no rule reads it
    return plan


def refuse_text(text: str, shown: str, line: int | None, field: str, diags: list[Diagnostic]) -> bool:
    """Add an LP011 diagnostic when ``text`` is refused before rendering (:func:`markup.refusal`); True then."""
    why = markup.refusal(text)
    if why:
        diags.append(Diagnostic("LP011", "error", shown, line, None, field, f"{field} {why}; it is not rendered.",
                                "Shorten it to what the marketplace accepts; check that this is the right file.",
                                markup.REFUSAL_SOURCE))
    return bool(why)


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


def site_link_problems(site_dir: Path, content_dir: str) -> list[Diagnostic]:
    """LP010 for each of the site's content, layouts and assets folders that is (or passes through) a symlink.

    Such a folder is not read (see :func:`discover` and :mod:`listingpreview.templates`): it could bring files
    from outside the site folder, a private key in ``assets/`` say, into the published output.
    """
    if (site_dir / "offer.toml").exists():
        return []
    out = []
    for name, what in ((content_dir, "content"), ("layouts", "layouts"), ("assets", "assets")):
        if linked_within(site_dir, name):
            out.append(Diagnostic("LP010", "error", name, None, None, "",
                                  f"the {what} folder '{name}' is a symbolic link; it is not read, so no file from "
                                  "outside the site folder reaches the output.",
                                  "Replace the link with a real folder inside the site folder."))
    return out


def linked_within(root: Path, rel: str) -> bool:
    """True when ``root/rel`` or a folder on the way to it is a symbolic link (``root`` itself may be one)."""
    p = root
    for part in Path(rel).parts:
        p = p / part
        try:
            if os.path.islink(p):
                return True
        except (OSError, ValueError):
            return True
    return False


def discover(site_dir: Path, content_dir: str) -> tuple[list[Path], Path]:
    """Offer folders of a site (sorted), and the folder paths are shown relative to.

    ``site_dir`` may itself be one offer folder (it holds ``offer.toml``). A content folder that is a
    symbolic link is not read (:func:`site_link_problems` reports it).
    """
    if (site_dir / "offer.toml").exists():
        return [site_dir], site_dir.parent
    root = site_dir / content_dir
    if not root.is_dir() or linked_within(site_dir, content_dir):
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
    diags.extend(site_link_problems(site_dir, config.site.content_dir))
    folders, base = discover(site_dir, config.site.content_dir)
    offers: list[Offer] = []
    slugs = slugs_for(folders)
    for folder in folders:
        offer = load_offer(folder, base, diags, slugs[folder.name])
        if offer is not None:
            offers.append(offer)
    return config, offers
