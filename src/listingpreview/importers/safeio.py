"""Reading untrusted JSON and writing offer folders without losing anything.

Reading: only regular files (a FIFO, a device such as ``/dev/zero`` or a
directory is refused before it is read; the file is opened non-blocking so a
FIFO swapped in at the last moment cannot hang the import), at most
:data:`MAX_JSON_BYTES`, UTF-8, nesting at most :data:`MAX_DEPTH` deep, and no
lone surrogates in strings. Every problem is an :class:`ImportProblem` naming
the file and, where there is one, the line or the JSON path.

Writing: the whole folder is written to a staging folder next to the target,
every TOML file is parsed back before anything moves, and then the folder is
moved in. An existing folder is only updated with ``force`` and then only in
the files a previous import wrote (``[import] files`` in its ``offer.toml``);
any other file is left alone, and a new file that would overwrite one the user
made stops the import, naming it.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import tomllib
from pathlib import Path

import tomli_w

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64


class ImportProblem(Exception):
    """The file cannot be imported; the message says why and where."""


def read_json(path: Path):
    """Parse ``path`` as JSON; raises ImportProblem (never anything else) for any problem."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise ImportProblem(f"cannot be read: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file")
        raise ImportProblem(f"is {kind}; only regular JSON files are imported")
    if st.st_size > MAX_JSON_BYTES:
        raise ImportProblem(f"is {st.st_size:,} bytes; the limit is {MAX_JSON_BYTES:,} "
                            "(a product record is far smaller)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as e:
        raise ImportProblem(f"cannot be opened: {e.strerror or e}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between stat and open
            raise ImportProblem("is not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_JSON_BYTES:
                raise ImportProblem(f"is larger than {MAX_JSON_BYTES:,} bytes")
            chunks.append(chunk)
    except OSError as e:
        raise ImportProblem(f"cannot be read: {e.strerror or e}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ImportProblem(f"line {line}: not UTF-8 (byte {e.start}); save the file as UTF-8") from None
    _check_depth(text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise ImportProblem(f"line {e.lineno}, column {e.colno}: not valid JSON: {e.msg}") from None
    except RecursionError:  # pragma: no cover (_check_depth stops it first)
        raise ImportProblem(f"nested deeper than {MAX_DEPTH} levels") from None
    _check_text(value, "$")
    return value


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before parsing (the parser would recurse)."""
    depth, in_str, esc, line, col = 0, False, False, 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ImportProblem(f"line {line}, column {col}: JSON nested deeper than {MAX_DEPTH} levels; "
                                    "a product record is a few levels deep")
        elif ch in "]}":
            depth -= 1


def _check_text(value, where: str) -> None:
    """Refuse lone surrogates (``"\\ud800"``): they are not text and cannot be written as UTF-8."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as e:
            raise ImportProblem(f"{where}: holds a lone surrogate U+{ord(value[e.start]):04X} at character {e.start}, "
                                "which is not text; fix the record at its source") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_text(k, where)
            _check_text(v, f"{where}.{k}" if str(k).isidentifier() else f"{where}[{json.dumps(k)}]")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_text(v, f"{where}[{i}]")


def toml_text(data: dict, header: str = "") -> str:
    """TOML for ``data``, proven to parse back to ``data`` (U+007F escaped: TOML forbids it raw)."""
    text = (header + tomli_w.dumps(data)).replace("\x7f", "\\u007F")
    try:
        same = tomllib.loads(text) == data
    except tomllib.TOMLDecodeError as e:
        raise ImportProblem(f"the TOML to write does not parse ({e}); nothing was written") from None
    if not same:
        raise ImportProblem("the TOML to write does not read back the same; nothing was written")
    return text


def read_manifest(folder: Path) -> list[str] | None:
    """The files a previous import wrote into ``folder`` (``[import] files``), or None when it has none."""
    p = folder / "offer.toml"
    if p.is_symlink() or not p.is_file():
        return None
    try:
        with open(p, "rb") as fh:
            data = tomllib.loads(fh.read(MAX_JSON_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    files = (data.get("import") or {}).get("files") if isinstance(data.get("import"), dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [f for f in files if _safe_rel(f)]


def _safe_rel(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts and "\\" not in rel


def write_folder(folder: Path, files: dict[str, str], *, force: bool) -> list[str]:
    """Write ``files`` ({relative path: text}) as ``folder``; returns notes about files left alone.

    Raises ImportProblem when ``folder`` exists and ``force`` is not given, when
    it exists without a record of what a previous import wrote, or when a file
    to write exists but was not written by an import.
    """
    folder = Path(folder)
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ImportProblem(f"{folder} exists and is not a folder; nothing was written")
    old: list[str] | None = None
    if folder.exists():
        if not force:
            raise ImportProblem(f"{folder} exists already; use --force to update the files an import wrote there")
        old = read_manifest(folder)
        if old is None:
            raise ImportProblem(f"{folder} exists and its offer.toml has no [import] files list, so its files "
                                "were not written by an import; nothing was changed. Import into another folder (-o)")
        clash = sorted(rel for rel in files if rel not in old and (folder / rel).exists())
        if clash:
            raise ImportProblem(f"{folder}: {', '.join(clash)} exist(s) and were not written by an import; "
                                "nothing was changed. Move them away or import into another folder (-o)")
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.import-", dir=parent))
    try:
        for rel, text in files.items():
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if old is None:
            os.rename(stage, folder)
            return []
        notes = []
        for rel in files:
            dest = folder / rel
            if dest.is_symlink() or dest.is_dir():
                raise ImportProblem(f"{dest} is not a regular file; nothing more was changed")
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, dest)
        for rel in old:
            if rel not in files and (folder / rel).is_file() and not (folder / rel).is_symlink():
                (folder / rel).unlink()
                notes.append(f"removed {rel} (written by the earlier import, not in this record)")
        return notes
    finally:
        shutil.rmtree(stage, ignore_errors=True)
