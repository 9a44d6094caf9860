"""Watching a site folder: editor-aware filtering and a debouncer with a ceiling.

Editors save in bursts (temp file, write, rename over the target: up to 8 events), so events
are coalesced: a rebuild starts once no event came for ``quiet`` seconds, or at the latest
``ceiling`` seconds after the first one, so a storm of events cannot postpone it forever.
Temp, swap and backup files of common editors are ignored (the list Hugo uses).

The quiet time decides when to rebuild, not when browsers reload: an editor's save can span more than
it (temp file written, synced, renamed), so a rebuild may run halfway through a save. The dev server
reloads browsers only when a rebuild changed what they show (:attr:`Snapshot.site_changed`), so the
halfway rebuild, which still sees the old text, costs a few milliseconds and no reload.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

# Editor temp files: vim (.swp, .swx, 4913, ~), emacs (.#x, #x#), JetBrains, GNOME, Byword, helix, macOS.
_IGNORED_NAME = re.compile(
    r"(~$|\.sw[a-p]$|\.swx$|^4913$|\.bck$|\.tmp$|^\.#|^#.*#$|___jb_(tmp|old|bak)___$|^\.goutputstream|^\.sb-|"
    r"^\.DS_Store$|^\.tmp-)")


def ignored(path: Path, site_dir: Path, skip_dirs: tuple[Path, ...] = ()) -> bool:
    """True for editor temp files, hidden folders, and anything under ``skip_dirs`` (the output folder)."""
    try:
        rel = path.resolve().relative_to(site_dir.resolve()) if path.is_absolute() else path
    except (ValueError, OSError):
        return True
    if any(part.startswith(".") for part in rel.parts[:-1]) or _IGNORED_NAME.search(rel.name):
        return True
    for d in skip_dirs:
        try:
            path.resolve().relative_to(d.resolve())
            return True
        except (ValueError, OSError):
            pass
    return False


class Debouncer:
    """Collects paths; calls ``action(paths)`` after ``quiet`` s without events or ``ceiling`` s after the first.

    ``action`` runs on the debouncer's own thread, one call at a time; events arriving during a call
    are kept for the next one.
    """

    def __init__(self, action: Callable[[set[Path]], None], quiet: float = 0.03, ceiling: float = 1.0):
        self.action, self.quiet, self.ceiling = action, quiet, ceiling
        self._paths: set[Path] = set()
        self._first = self._last = 0.0
        self._cv = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="listingpreview-debounce", daemon=True)
        self._thread.start()

    def add(self, path: Path) -> None:
        with self._cv:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.add(path)
            self._last = now
            self._cv.notify()

    def stop(self) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cv:
                while not self._paths and not self._stop:
                    self._cv.wait()
                if self._stop:
                    return
                while True:
                    now = time.monotonic()
                    due = min(self._last + self.quiet, self._first + self.ceiling)
                    if now >= due or self._stop:
                        break
                    self._cv.wait(due - now)
                if self._stop:
                    return
                paths, self._paths = self._paths, set()
            try:
                self.action(paths)
            except Exception as e:  # a failed rebuild must never stop the watching
                print(f"listingpreview: rebuild failed: {type(e).__name__}: {e}", flush=True)


class Handler(FileSystemEventHandler):
    """Feeds the paths of relevant events (the destination of a move too) into a debouncer."""

    def __init__(self, site_dir: Path, debouncer: Debouncer, skip_dirs: tuple[Path, ...] = ()):
        self.site_dir, self.debouncer, self.skip_dirs = site_dir, debouncer, skip_dirs

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            if not ignored(path, self.site_dir, self.skip_dirs):
                self.debouncer.add(path)


# The events a rebuild needs. Opens and closes without a write are not asked of the kernel: the build reads every
# file of the site, and at thousands of offers those events overflow the inotify queue (16,384 by default); watchdog
# then re-walks the tree, which opens every folder again, and saves are lost in the loop.
CHANGES = (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent)


def start_observer(site_dir: Path, handler: Handler, poll: bool = False):
    """A started watchdog observer on ``site_dir`` (native, or polling for network and container file systems).

    Falls back to polling when the native observer cannot start (e.g. the inotify watch limit).
    """
    import warnings

    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    # watchdog warns when a renamed folder re-registers its inotify watch; nothing is wrong then.
    warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning)

    observer = PollingObserver(timeout=0.25) if poll else Observer()
    try:
        observer.schedule(handler, str(site_dir), recursive=True, event_filter=list(CHANGES))
        observer.start()
    except OSError:
        if poll:
            raise
        observer = PollingObserver(timeout=0.25)
        observer.schedule(handler, str(site_dir), recursive=True, event_filter=list(CHANGES))
        observer.start()
    return observer
