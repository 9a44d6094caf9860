"""Jinja2 environment and static assets: a site's own ``layouts/`` and ``assets/`` first, built-in second.

Autoescaping is on for every template; publisher text reaches a page only
escaped, except the description, which :mod:`listingpreview.markup` sanitized.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import jinja2

from . import fieldpaths
from .urls import is_safe_href

_HERE = Path(__file__).resolve().parent
_emitted: ContextVar[set[str] | None] = ContextVar("listingpreview_emitted_ids", default=None)


def builtin_dir(name: str) -> Path:
    """``layouts`` or ``assets``: inside the installed package, or at the source tree's root."""
    packaged = _HERE / name
    return packaged if packaged.is_dir() else _HERE.parents[1] / name


class FieldId(str):
    """An HTML id made by ``anchor()``/``plan_anchor()``; written into a page, it is recorded as emitted.

    Recording happens when the id is output (Jinja2 escapes it through ``__html__``), so an id a layout
    computes but does not write (e.g. ``anchor(f)[6:]``, which is a plain string) is not recorded.
    """

    __slots__ = ()

    def __html__(self) -> str:
        ids = _emitted.get()
        if ids is not None:
            ids.add(str.__str__(self))
        return str.__str__(self)  # [a-z0-9-] only: nothing to escape


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the field and plan ids the templates rendered within the block write (see :class:`FieldId`)."""
    ids: set[str] = set()
    token = _emitted.set(ids)
    try:
        yield ids
    finally:
        _emitted.reset(token)


def _anchor(field: str, plan: str = "") -> FieldId:
    return FieldId(fieldpaths.anchor(field, plan))


def _plan_anchor(plan: str) -> FieldId:
    return FieldId(fieldpaths.plan_anchor(plan))


class _NoLinkLoader(jinja2.FileSystemLoader):
    """A site's own layouts: a template that is (or lies behind) a symlink is skipped, like a missing one."""

    def get_source(self, environment, template):
        for root in self.searchpath:
            if any(os.path.islink(os.path.join(root, *template.split("/")[:i + 1]))
                   for i in range(len(template.split("/")))):
                raise jinja2.TemplateNotFound(template)
        return super().get_source(environment, template)


def environment(site_layouts: Path | None = None, compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """An environment loading ``site_layouts`` (if it exists) before the built-in layouts.

    ``compiled``: where to keep compiled layouts between processes (:meth:`Cache.compiled_layouts`); None:
    compile them in memory only.
    """
    loaders: list[jinja2.BaseLoader] = []
    if site_layouts is not None and site_layouts.is_dir() and not site_layouts.is_symlink():
        loaders.append(_NoLinkLoader(str(site_layouts)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_dir("layouts"))))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, bytecode_cache=compiled,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    from .pages import card

    env.globals.update(anchor=_anchor, label=fieldpaths.label, plan_anchor=_plan_anchor, card=card)
    from . import publishing

    env.globals.update(publishing=publishing.offer_facts, publishing_pages=publishing.nav_pages,
                       publishing_facts=publishing.site_facts)
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["money"] = lambda n: f"{n:,.2f}"
    env.filters["href"] = lambda url: url if is_safe_href(url or "") else ""
    return env


def assets(site_assets: Path | None = None) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of every asset file; a site's own file replaces the built-in one of that name."""
    found: dict[str, bytes] = {}
    for root in (builtin_dir("assets"), site_assets):
        if root is None or not root.is_dir() or (root is site_assets and root.is_symlink()):
            continue  # a symlinked assets/ could publish files from outside the site (reported as LP010)
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink() and not p.name.startswith("."):
                found[p.relative_to(root).as_posix()] = p.read_bytes()
    return sorted(found.items())
