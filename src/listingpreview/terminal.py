"""Diagnostics for people at a terminal: a source snippet with a caret and a ``help:`` line, as Ruff prints.

Rendering goes through ``rich``: colour on a terminal, none when the output is piped
or ``NO_COLOR`` is set (``FORCE_COLOR`` forces it). Paths are shown relative to the
current directory when the file lies below it (absolute otherwise), so that
``path:line:col`` can be clicked in editors and terminals.

Shapes: a :class:`Diagnostic` carries ``file`` relative to the folder it was loaded
from; :func:`relocate` turns it into a path relative to a new base. The first line of
every rendered diagnostic is ``path:line:col: severity CODE message`` (the one-line
form scripts grep for); the snippet and help follow.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from rich.console import Console, Group
from rich.text import Text

from .diagnostics import Diagnostic, counts, sort_key

_SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
_CARET_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}
_MAX_SNIPPET_BYTES = 1024 * 1024  # larger files are not read again for a snippet
_MAX_LINE = 140  # characters of a source line shown around the caret


def console(file: IO[str] | None = None) -> Console:
    """A Console on ``file`` (default: the current ``sys.stdout``) that never wraps, highlights or reads markup."""
    return Console(file=file or sys.stdout, highlight=False, markup=False, emoji=False, soft_wrap=True)


def site_base(site_dir: Path) -> Path:
    """The folder a site's diagnostic paths are relative to: the site, or the parent of a single offer folder."""
    return site_dir.parent if (site_dir / "offer.toml").exists() else site_dir


def source_path(d: Diagnostic, site_dir: Path) -> Path:
    """The file a diagnostic of ``site_dir`` names, as an absolute path (best effort: it may not exist)."""
    p = Path(d.file)
    if p.is_absolute():
        return p
    base = site_base(site_dir).resolve()
    for b in (base, site_dir.resolve()):  # the site config of an offer folder is relative to that folder
        if (b / p).exists():
            return b / p
    return base / p


def relative_to(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` (POSIX) when below it, else the absolute path.

    A symbolic link in ``path`` is kept when ``path`` lies below ``base`` as written: a diagnostic about a linked
    folder names the link, not its target.
    """
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def relocate(diags: Iterable[Diagnostic], site_dir: Path, base: Path | None = None) -> list[Diagnostic]:
    """The diagnostics of ``site_dir`` with ``file`` relative to ``base`` (default: the current directory)."""
    base = base or Path.cwd()
    return [replace(d, file=relative_to(source_path(d, site_dir), base)) if d.file else d for d in diags]


def repo_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding ``start``, or None (no git, or not in a repository)."""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(start), "rev-parse", "--show-toplevel"], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    top = out.stdout.strip()
    return Path(top) if out.returncode == 0 and top else None


def printable(s: str) -> str:
    """``s`` with control and format characters shown as escapes, tabs as one space (a line of a hostile file)."""
    out = []
    for ch in s:
        if ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)


def token_end(line: str, start: int) -> int:
    """End (exclusive, 0-based) of the TOML value or word starting at ``start``: a quoted string, an array, a word."""
    if start >= len(line):
        return start
    ch = line[start]
    if line.startswith(('"""', "'''"), start):
        return start + 3
    if ch in "\"'":
        i = start + 1
        while i < len(line):
            if ch == '"' and line[i] == "\\":
                i += 2
                continue
            if line[i] == ch:
                return i + 1
            i += 1
        return len(line)
    if ch in "[{":
        close, depth = {"[": "]", "{": "}"}[ch], 0
        for i in range(start, len(line)):
            if line[i] == ch:
                depth += 1
            elif line[i] == close:
                depth -= 1
                if depth == 0:
                    return i + 1
        return len(line.rstrip())
    i = start
    while i < len(line) and line[i] not in " \t,#]}":
        i += 1
    return max(i, start + 1)


class Snippets:
    """Source lines by (absolute path, line), each file read once and only when small enough."""

    def __init__(self) -> None:
        self._files: dict[Path, list[str] | None] = {}

    def line(self, path: Path, lineno: int) -> str | None:
        if path not in self._files:
            lines = None
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_size <= _MAX_SNIPPET_BYTES:
                    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
            except OSError:
                lines = None
            self._files[path] = lines
        lines = self._files[path]
        if lines is None or not 1 <= lineno <= len(lines):
            return None
        return lines[lineno - 1]


def render(d: Diagnostic, source: Path | None, snippets: Snippets, *, verbose: bool = False) -> Text:
    """One diagnostic as Ruff prints it: the location line, the source line with a caret, ``help:``.

    ``source`` is the absolute file for the snippet (None: no snippet). With ``verbose`` the rule's
    source document is shown too.
    """
    t = Text()
    t.append(d.location, style="bold")
    t.append(": ")
    t.append(d.severity, style=_SEVERITY_STYLE.get(d.severity, "bold"))
    t.append(" ")
    t.append(d.code, style="bold")
    t.append(" ")
    t.append(d.message)
    raw = snippets.line(source, d.line) if source is not None and d.line else None
    width = len(str(d.line or ""))
    gutter = " " * (width + 1) + "|"
    if raw is not None:
        col = (d.column or 0) - 1
        if col < 0 or col >= len(raw):  # no column: mark the whole line's text
            col = len(raw) - len(raw.lstrip())
            end = len(raw.rstrip())
        else:
            end = token_end(raw, col)
        shown, col, end = _window(raw, col, max(end, col + 1))
        t.append("\n")
        t.append(gutter, style="bold blue")
        t.append("\n")
        t.append(f"{d.line:>{width}} | ", style="bold blue")
        t.append(shown)
        t.append("\n")
        t.append(gutter, style="bold blue")
        t.append(" " + " " * col)
        t.append("^" * max(1, end - col) + f" {d.code}", style=_CARET_STYLE.get(d.severity, ""))
        t.append("\n")
        t.append(gutter, style="bold blue")
    if d.hint:
        t.append("\n")
        t.append(" " * (width + 1) + "= ", style="bold blue")
        t.append("help", style="bold cyan")
        t.append(f": {d.hint}")
    if verbose and d.source:
        t.append("\n")
        t.append(" " * (width + 1) + "= ", style="bold blue")
        t.append("source", style="bold")
        t.append(f": {d.source}")
    return t


def _window(raw: str, col: int, end: int) -> tuple[str, int, int]:
    """The printable part of ``raw`` around ``col``..``end`` (at most _MAX_LINE characters) and the caret's span."""
    start = 0
    if len(raw) > _MAX_LINE and col > _MAX_LINE // 2:  # keep the key in view unless the value starts far right
        start = max(0, min(col - 20, len(raw) - _MAX_LINE))
    stop = min(len(raw), start + _MAX_LINE)
    head = printable(raw[start:col])
    body = printable(raw[col:min(end, stop)])
    tail = printable(raw[min(end, stop):stop])
    prefix = "…" if start else ""
    suffix = "…" if stop < len(raw) else ""
    c = len(prefix) + len(head)
    return prefix + head + body + tail + suffix, c, c + max(1, len(body))


def print_diagnostics(con: Console, diags: list[Diagnostic], site_dir: Path, *, verbose: bool = False,
                      concise: bool = False, severities: tuple[str, ...] = ("error", "warning")) -> None:
    """Print ``diags`` (of ``site_dir``) sorted by file and position, paths relative to the current directory."""
    snippets = Snippets()
    shown = [d for d in diags if d.severity in severities]
    here = Path.cwd()
    rows: list[tuple[Diagnostic, Path | None]] = []
    where: dict[str, tuple[Path, str]] = {}  # file -> (its path, as shown): looked up once, not per diagnostic
    for d in shown:
        if not d.file:
            rows.append((d, None))
            continue
        if d.file not in where:
            path = source_path(d, site_dir)
            where[d.file] = (path, relative_to(path, here))
        path, shown_as = where[d.file]
        rows.append((replace(d, file=shown_as), path))
    parts: list[Any] = []
    for d, src in sorted(rows, key=lambda r: sort_key(r[0])):
        if concise:
            parts.append(render_concise(d))
        else:
            parts += [render(d, src, snippets, verbose=verbose), Text()]
    if parts:  # one print: rich's work per call, not per line, is most of the time for thousands of diagnostics
        con.print(Group(*parts))


def render_concise(d: Diagnostic) -> Text:
    """The one-line form ``path:line:col: severity CODE message help``."""
    t = Text()
    t.append(d.location, style="bold")
    t.append(": ")
    t.append(d.severity, style=_SEVERITY_STYLE.get(d.severity, "bold"))
    t.append(f" {d.code} {d.message}")
    if d.hint:
        t.append(f" {d.hint}", style="dim")
    return t


def summary(diags: list[Diagnostic], offers: int) -> Text:
    """``Checked N offer(s): E error(s), W warning(s), I info.`` coloured by the worst severity."""
    c = counts(diags)
    t = Text(f"Checked {offers} offer(s): ")
    t.append(f"{c['error']} error(s)", style="bold red" if c["error"] else "")
    t.append(", ")
    t.append(f"{c['warning']} warning(s)", style="bold yellow" if c["warning"] else "")
    t.append(f", {c['info']} info.")
    return t
