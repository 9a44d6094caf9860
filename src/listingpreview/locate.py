"""Where each value of a TOML document is written.

tomllib/tomli parse values but keep no positions, and no maintained Python
TOML library reports them, so this module scans the text once for table
headers and ``key =`` lines. It runs only on documents tomli has already
accepted, so it can stay small: it tracks the current table, array-of-tables
indices, multi-line strings and multi-line arrays, and records the 1-based
(line, column) where each value starts, down to the elements of arrays and
the keys of inline tables.
"""

from __future__ import annotations

import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _split_key(text: str) -> tuple[list[str], int]:
    """Parse a (dotted, possibly quoted) key at the start of ``text``; return parts and chars used."""
    parts: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] in "\"'":
            q = text[i]
            j = i + 1
            buf = []
            while j < n and text[j] != q:
                if q == '"' and text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            parts.append("".join(buf))
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if not m:
                break
            parts.append(m.group(0))
            i = m.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] == ".":
            i += 1
            continue
        break
    return parts, i


def _scan_value(text: str, state: dict) -> None:
    """Update open multi-line string / bracket depth after reading ``text`` (part of a value)."""
    i = 0
    n = len(text)
    while i < n:
        if state["ml"]:
            end = text.find(state["ml"], i)
            if end < 0:
                return
            i = end + 3
            state["ml"] = None
            continue
        c = text[i]
        if c == "#":
            return
        if text.startswith('"""', i) or text.startswith("'''", i):
            state["ml"] = text[i:i + 3]
            i += 3
            continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if (c == '"' and text[j] == "\\") else 1
            i = j + 1
            continue
        if c in "[{":
            state["depth"] += 1
        elif c in "]}":
            state["depth"] -= 1
        i += 1


def _skip_string(lines: list[str], i: int, j: int) -> tuple[int, int]:
    """Position just after the string starting at ``lines[i][j]`` (basic, literal or multi-line)."""
    line = lines[i]
    q = line[j]
    if line.startswith(q * 3, j):
        j += 3
        while i < len(lines):
            end = lines[i].find(q * 3, j)
            if end >= 0:
                while lines[i].startswith(q, end + 3):  # up to two quotes may end the content
                    end += 1
                return i, end + 3
            i, j = i + 1, 0
        return i, 0
    j += 1
    while j < len(line) and line[j] != q:
        j += 2 if (q == '"' and line[j] == "\\") else 1
    return i, j + 1


def _compound(lines: list[str], i: int, j: int, path: tuple, out: dict) -> None:
    """Record where each element of the array or inline table starting at ``lines[i][j]`` begins.

    Array elements get the int index (``("preview", "audience", 1)``); inline-table keys their name.
    """
    stack: list[dict] = []
    while i < len(lines):
        line = lines[i]
        if j >= len(line):
            i, j = i + 1, 0
            continue
        c = line[j]
        if c in " \t":
            j += 1
            continue
        if c == "#":
            i, j = i + 1, 0
            continue
        if not stack:
            if c not in "[{":
                return
            stack.append({"kind": c, "path": path, "index": 0, "key": None})
            j += 1
            continue
        top = stack[-1]
        if top["kind"] == "{" and top["key"] is None and c not in "},":
            keys, used = _split_key(line[j:])
            rest = line[j + used:]
            if not keys or not rest.startswith("="):
                return  # not what tomli accepted; stop quietly
            top["key"] = top["path"] + tuple(keys)
            j += used + 1
            continue
        if c in "]}":
            stack.pop()
            j += 1
            if not stack:
                return
            continue
        if c == ",":
            if top["kind"] == "[":
                top["index"] += 1
            else:
                top["key"] = None
            j += 1
            continue
        at = top["path"] + (top["index"],) if top["kind"] == "[" else top["key"]
        out.setdefault(at, (i + 1, j + 1))
        if c in "[{":
            stack.append({"kind": c, "path": at, "index": 0, "key": None})
            j += 1
        elif c in "\"'":
            i, j = _skip_string(lines, i, j)
        else:
            while j < len(line) and line[j] not in ",]} \t#":
                j += 1


def positions(text: str) -> dict[tuple, tuple[int, int]]:
    """Map each key path to the (line, column) of its value; tables map to their header.

    Paths are tuples of keys, with the index of an array-of-tables element as
    an int: ``("media", "screenshots", 1, "file")``.
    """
    out: dict[tuple, tuple[int, int]] = {}
    lines = text.splitlines()
    table: tuple = ()
    aot_index: dict[tuple, int] = {}
    state: dict = {"ml": None, "depth": 0}
    for lineno, line in enumerate(text.splitlines(), 1):
        if state["ml"] or state["depth"] > 0:
            _scan_value(line, state)
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if stripped.startswith("["):
            is_aot = stripped.startswith("[[")
            keys, _ = _split_key(stripped[2 if is_aot else 1:])
            path: tuple = ()
            plain: tuple = ()
            for k in keys[:-1]:
                plain += (k,)
                path += (k,)
                if plain in aot_index:
                    path += (aot_index[plain],)
            plain += (keys[-1],) if keys else ()
            path += (keys[-1],) if keys else ()
            if is_aot:
                idx = aot_index.get(plain, -1) + 1
                aot_index[plain] = idx
                for child in [k for k in aot_index if len(k) > len(plain) and k[:len(plain)] == plain]:
                    del aot_index[child]  # a new parent element restarts its children's count
                out.setdefault(path, (lineno, indent + 1))
                path += (idx,)
            table = path
            out[table] = (lineno, indent + 1)
            continue
        keys, used = _split_key(stripped)
        rest = stripped[used:]
        if not keys or not rest.startswith("="):
            continue
        value = rest[1:]
        value_col = indent + used + 1 + (len(value) - len(value.lstrip())) + 1
        out[table + tuple(keys)] = (lineno, value_col)
        if value.lstrip()[:1] in ("[", "{"):  # elements of arrays and inline tables get their own positions
            _compound(lines, lineno - 1, value_col - 1, table + tuple(keys), out)
        _scan_value(value, state)
    return out
