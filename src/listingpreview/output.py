"""Writing the output folder: staged, then swapped in whole.

Pages are written into a staging folder beside the output folder; only a
complete build replaces the output, so a failed or killed build leaves the
previous site as it was. The tool only ever replaces a folder it created
(it holds the marker file) or an empty one, and never a folder that holds
the site's content.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

from . import errors

MARKER = ".listingpreview-output"


class OutputError(errors.OutputError):
    """The output folder cannot be used; the message says why and what to do."""


def check_target(out_dir: Path, site_dir: Path) -> None:
    """Raise OutputError unless ``out_dir`` may be (re)written for a build of ``site_dir``."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or site.is_relative_to(out):
        raise OutputError(f"the output folder {out_dir} holds the site itself; choose another folder with -o")
    if out_dir.is_symlink():
        raise OutputError(f"the output folder {out_dir} is a symbolic link; give a real folder")
    if out_dir.exists():
        if not out_dir.is_dir():
            raise OutputError(f"{out_dir} exists and is not a folder")
        if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
            raise OutputError(f"{out_dir} is not empty and was not created by listingpreview; "
                              "choose an empty or new folder with -o (nothing was changed)")


class Staging:
    """A staging folder for one build; :meth:`commit` swaps it in, leaving on error removes it."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
        self.files = 0

    def __enter__(self) -> Staging:
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self._remove_stale()
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir()
        (self.path / MARKER).write_text(json.dumps({"tool": "listingpreview", "site": ""}) + "\n")
        return self

    def _remove_stale(self) -> None:
        """Remove staging/old folders of builds that were killed (their process is gone)."""
        for p in self.out_dir.parent.glob(f".{self.out_dir.name}.*-*"):
            kind, _, pid = p.name.rpartition("-")
            if not kind.endswith((".staging", ".old")) or not pid.isdigit() or not (p / MARKER).is_file():
                continue
            try:
                os.kill(int(pid), 0)
                continue  # still running
            except ProcessLookupError:
                shutil.rmtree(p, ignore_errors=True)
            except PermissionError:
                continue

    def write(self, rel: str, data: bytes | str | Path) -> None:
        """Write ``rel`` (a POSIX path inside the output) once; refuses paths that leave the folder.

        ``data`` as a Path is a cache file: hard-linked (cache files are read-only), copied across file systems.
        """
        p = PurePosixPath(rel)
        if p.is_absolute() or ".." in p.parts or not p.parts or rel == MARKER:
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        target = self.path.joinpath(*p.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            try:
                os.link(data, target)
            except OSError:
                shutil.copyfile(data, target)
        else:
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1

    def mark(self, fingerprint: str) -> None:
        (self.path / MARKER).write_text(json.dumps({"tool": "listingpreview", "site": fingerprint}) + "\n")

    def commit(self) -> None:
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{os.getpid()}"
        if self.out_dir.exists():
            os.replace(self.out_dir, old)
        os.replace(self.path, self.out_dir)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)


def read_manifest(out_dir: Path) -> str:
    """The input fingerprint the output folder was built from ('' when unknown)."""
    try:
        return json.loads((out_dir / MARKER).read_text()).get("site", "")
    except (OSError, ValueError, AttributeError):
        return ""


def write_site(out_dir: Path, files: dict[str, bytes | Path], fingerprint: str) -> None:
    """Write ``files`` (output path -> bytes or cache file) as the new output folder, swapped in whole."""
    with Staging(out_dir) as stage:
        for rel in sorted(files):
            stage.write(rel, files[rel])
        stage.mark(fingerprint)
        stage.commit()
