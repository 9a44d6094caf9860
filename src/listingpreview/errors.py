"""The exceptions listingpreview raises for problems a user or their machine must fix.

Content problems are never exceptions: they are :class:`~listingpreview.diagnostics.Diagnostic` values.
Everything else that stops a command is a :class:`ListingPreviewError`, whose message says what is wrong
and what to do; the command line prints it (no traceback) and exits with its ``exit_code``.
"""

from __future__ import annotations

import errno
import os


class ListingPreviewError(Exception):
    """A problem the user or the environment must fix. ``exit_code``: what the command line exits with."""

    exit_code = 1


class UsageError(ListingPreviewError):
    """The command was called wrongly (a path or option that cannot work). Exit code 2, as Click's own."""

    exit_code = 2


class ConfigError(UsageError):
    """The site configuration cannot be used."""


class OutputError(ListingPreviewError):
    """The output folder cannot be used or written; nothing outside it was changed."""


class CompareError(ListingPreviewError):
    """The reference of ``--compare-to`` (a git revision or a folder) cannot be read."""


class LayoutError(ListingPreviewError):
    """A site's own layout (Jinja2 template) is broken: ``where`` is ``file:line``."""

    def __init__(self, message: str, where: str = ""):
        super().__init__(message)
        self.where = where


# Why a file operation failed, in words a user can act on (errno -> what to do).
_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.EACCES: "permission denied; choose a folder you may write to",
    errno.EPERM: "the operation is not permitted; choose a folder you may write to",
    errno.EROFS: "the file system is read-only; choose another folder",
    errno.ENAMETOOLONG: "a file name is too long for the file system; use a shorter path",
    errno.ELOOP: "there are too many levels of symbolic links (a symlink loop); remove the loop",
    errno.ENOTDIR: "a part of the path is a file, not a folder; choose another path",
    errno.EEXIST: "a file of that name is in the way; choose another path",
    errno.EISDIR: "a folder is where a file should be",
    errno.ENOENT: "it does not exist",
}


def describe_os_error(e: OSError, what: str = "") -> str:
    """One line for an :class:`OSError`: ``what``, the path, and what to do about it."""
    path = os.fsdecode(e.filename) if e.filename is not None else ""
    advice = _ADVICE.get(e.errno or 0) or (e.strerror or str(e))
    if not what:
        return f"cannot use {path}: {advice}" if path else advice
    return f"{what} (at {path}): {advice}" if path else f"{what}: {advice}"
