"""listingpreview: check Microsoft commercial-marketplace offer content and preview it as the store shows it.

Public API: :func:`build`, :class:`Builder` (incremental, as ``serve`` uses it), :func:`check_site`,
:func:`load_site`, :class:`Diagnostic`.
"""

__version__ = "0.1.0"

from .build import Builder, BuildResult, build, check_site  # noqa: E402
from .diagnostics import Diagnostic  # noqa: E402
from .load import load_site  # noqa: E402

__all__ = ["BuildResult", "Builder", "Diagnostic", "__version__", "build", "check_site", "load_site"]
