"""listingpreview: check Microsoft commercial-marketplace offer content and preview it as the store shows it.

Public API: :func:`build`, :class:`Builder` (incremental, as ``serve`` uses it), :func:`check_site`,
:func:`load_site`, :class:`Diagnostic`, and the exceptions :class:`ListingPreviewError` (base),
:class:`OutputError`, :class:`CompareError`, :class:`LayoutError`, :class:`ConfigError`, :class:`UsageError`.

Names are imported on first use, so ``import listingpreview`` (and ``listingpreview --version``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module (relative to this package) that defines it
_EXPORTS = {
    "build": "pipeline", "Builder": "pipeline", "BuildResult": "pipeline", "check_site": "pipeline",
    "load_site": "load", "Diagnostic": "diagnostics",
    "ListingPreviewError": "errors", "UsageError": "errors", "ConfigError": "errors", "OutputError": "errors",
    "CompareError": "errors", "LayoutError": "errors",
}

__all__ = [
    "BuildResult", "Builder", "CompareError", "ConfigError", "Diagnostic", "LayoutError", "ListingPreviewError",
    "OutputError", "UsageError", "__version__", "build", "check_site", "load_site",
]

if TYPE_CHECKING:  # for type checkers and editors; at run time __getattr__ imports on demand
    from .diagnostics import Diagnostic
    from .errors import CompareError, ConfigError, LayoutError, ListingPreviewError, OutputError, UsageError
    from .load import load_site
    from .pipeline import Builder, BuildResult, build, check_site


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'listingpreview' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return __all__
