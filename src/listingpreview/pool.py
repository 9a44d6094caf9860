"""Rendering many offers at once: a process pool for cold builds and checks.

Offers are independent, so when many must be rendered (a first build, an empty cache, a new rules
edition) they are rendered in worker processes, one offer per task. What crosses between processes
is small: the parent sends a folder path, a slug and a key; a worker renders the offer, stores the
result in the disk cache (the same files an in-process render writes) and answers with a status.
The parent then reads the results back from the cache in the order of the offer folders, so the
site is the same byte for byte whatever the number of workers and whichever finished first.

Decisions, and why:

- **start method ``spawn``**, chosen explicitly: a worker starts as a fresh interpreter, so it inherits
  no threads (``fork`` copies a process whose other threads may hold locks), no open files (such as
  the output folder's build lock, which a forked worker outliving its parent would keep held) and no
  memory of the parent, and it behaves the same on Linux, macOS and Windows. Its cost, importing the
  libraries and compiling the layouts in each worker (about a second), is why small jobs stay in-process
  (:data:`POOL_MIN`).
- **a failure is a diagnostic**: an exception while rendering an offer (a hostile file meeting a bug)
  becomes an ``LP012`` error on that offer; a worker that dies (a crash in a C library, the kernel's
  out-of-memory killer) breaks the pool, after which the offers not yet done are rendered one at a
  time in a fresh single worker, so that only the offer that kills it gets the diagnostic.
- **Ctrl-C** is handled by the parent only (workers ignore SIGINT): it stops the workers and raises
  ``KeyboardInterrupt``; nothing has been written to the output folder yet, and cache files are
  written atomically.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .diagnostics import Diagnostic

POOL_MIN = 16  # fewer offers to render than this: in-process (starting workers costs about a second)
CODE = "LP012"


def workers(jobs: int | None = None) -> int:
    """How many processes render offers: ``jobs`` when given (1: in-process), else the CPUs this process may use."""
    if jobs is not None:
        return max(1, jobs)
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+: honours the CPU affinity mask
    if count is not None:
        return max(1, count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Setup:
    """What every worker needs once: the site, its config and edition, and the cache folder."""

    site_dir: Path
    base: Path
    config: SiteConfig
    edition: str
    submit_date: date | None
    cache_root: Path


@dataclass(frozen=True)
class Task:
    """One offer to render: its folder, slug and the key its result is stored under."""

    folder: Path
    slug: str
    key: str


# Outcome per slug: None (stored in the cache), a dict (a result the cache does not keep, as JSON) or a
# Diagnostic (it could not be rendered).
Outcome = dict | Diagnostic | None

_worker: dict[str, Any] = {}


def _start(setup: Setup) -> None:
    """Worker initializer: Ctrl-C is the parent's to handle; compile the layouts once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from . import templates
    from .cache import Cache
    from .pipeline import site_context, tool_key

    cache = Cache(setup.cache_root)
    _worker.update(setup=setup, cache=cache,
                   env=templates.environment(setup.site_dir / "layouts", cache.compiled_layouts(tool_key())),
                   site=site_context(setup.config, setup.edition, None, setup.submit_date))


def _render(task: Task) -> tuple[str, Outcome]:
    """In a worker: render one offer into the cache. A broken layout is passed on as ('layout', (message, where))."""
    from .errors import LayoutError
    from .pipeline import render_offer, store_result

    s: Setup = _worker["setup"]
    try:
        result = render_offer(task.folder, s.base, task.slug, task.key, s.config, s.edition, _worker["env"],
                              _worker["cache"], _worker["site"])
    except LayoutError as e:
        return "layout", {"message": str(e), "where": e.where}
    except Exception as e:  # a bug meeting a hostile file: a diagnostic on that offer, never a traceback
        return "failed", failure(task, s.base, f"{type(e).__name__}: {e}")
    if result.fatal:  # not kept by the cache (see Builder._store_result): send it whole, it is small
        return "result", result.to_json()
    cache = _worker["cache"]
    if cache.enabled:
        store_result(cache, task.key, result, page_files=True)
    # a cache folder that cannot be written: the parent renders the offer itself (and warns about the cache)
    return ("stored", None) if cache.enabled else ("again", None)


def failure(task: Task, base: Path, why: str) -> Diagnostic:
    """The diagnostic of an offer that could not be rendered (``why``: the exception or the worker's end)."""
    from .load import display_path

    return Diagnostic(CODE, "error", display_path(task.folder, base), None, None, "",
                      f"The offer could not be rendered: {why}. Its pages are left out of this build.",
                      "This is a fault in listingpreview or a library it uses, not in your content as far as the "
                      "rules go: please report it with the offer's files. The next build tries again.",
                      offer=task.slug)


def render_many(setup: Setup, tasks: list[Task], jobs: int,
                progress: Callable[[int], None] | None = None) -> dict[str, tuple[str, Outcome]]:
    """Render ``tasks`` in ``jobs`` worker processes; slug -> (status, outcome).

    status: ``stored`` (read it from the cache), ``again`` (render it in-process: the cache could not be
    written), ``result`` (outcome: the result's JSON), ``failed``
    (outcome: a :class:`Diagnostic`) or ``layout`` (outcome: a broken layout's message and place).
    ``progress(n)`` is called as each offer is done. Raises KeyboardInterrupt after stopping the workers.
    """
    done: dict[str, tuple[str, Outcome]] = {}
    left = _run(setup, tasks, jobs, done, progress)
    if left and not done:  # no worker got going (e.g. a calling script without a main guard): in-process
        return {t.slug: ("again", None) for t in tasks}
    for task in left:  # the pool broke: one at a time, so that only the offer that kills its worker is blamed
        if _run(setup, [task], 1, done, progress):
            done[task.slug] = ("failed", failure(task, setup.base, "the process rendering it stopped unexpectedly"))
            if progress:
                progress(len(done))
    return done


def _run(setup: Setup, tasks: Iterable[Task], jobs: int, done: dict[str, tuple[str, Outcome]],
         progress: Callable[[int], None] | None) -> list[Task]:
    """One pool over ``tasks``; returns the tasks not done because a worker died (the pool broke)."""
    tasks = list(tasks)
    ex = cf.ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=multiprocessing.get_context("spawn"),
                                initializer=_start, initargs=(setup,))
    try:
        with _workers_ignore_ctrl_c():
            futures = {ex.submit(_render, t): t for t in tasks}  # starts the workers
        for fut in cf.as_completed(futures):
            try:
                done[futures[fut].slug] = fut.result()
            except cf.process.BrokenProcessPool:
                continue
            if progress:
                progress(len(done))
    except BaseException:  # Ctrl-C (or a bug here): no worker outlives the build
        _stop(ex)
        raise
    ex.shutdown(wait=True)
    return [t for t in tasks if t.slug not in done]


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Start workers with SIGINT blocked from their first instruction (the mask is inherited through spawn), so a
    Ctrl-C while they import prints no traceback of theirs. In this process the signal is only held back while
    the workers start, then delivered: a Ctrl-C in that moment still stops the build."""
    mask = getattr(signal, "pthread_sigmask", None)  # not on Windows: the initializer's SIG_IGN is all there is
    if mask is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stop(ex: cf.ProcessPoolExecutor) -> None:
    """Stop every worker now and drop the tasks not started."""
    terminate = getattr(ex, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
    else:  # earlier: the executor's own table of its processes
        for proc in list((getattr(ex, "_processes", None) or {}).values()):
            proc.terminate()
    ex.shutdown(wait=True, cancel_futures=True)
