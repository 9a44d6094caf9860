"""Writing the output folder: locked, staged, checked against its manifest, then swapped in whole.

- **One build at a time.** :class:`BuildLock` holds ``.<out>.lock`` beside the output folder (an OS lock,
  released by the kernel when the process dies, with the owner's PID written in it), so a second build says
  "another build (PID n) is running" instead of racing; a lock file left by a dead build is taken over.
- **Ownership by content, not by a marker alone.** The marker file ``.listingpreview-output`` holds the
  manifest of every file the build wrote (SHA-256 and size; nothing machine-specific, so two builds stay
  byte-identical). A folder that holds any other file, or a file changed since, is refused, naming a few
  (nothing is deleted); a folder missing some of its files is rebuilt, restoring them. Hashes of the output
  files are taken through the caller's ``hasher`` (the build cache's, trusted while size, mtime and inode
  are unchanged), so an unchanged folder costs ``stat`` calls only.
- **A swap recoverable at every point.** Pages are written into ``.<out>.staging-<pid>``; its manifest is
  written last and marks it complete. The swap renames the output to ``.<out>.old-<pid>``, then the staging
  folder to the output. The next build, holding the lock, finishes an interrupted swap (a complete staging
  folder and no output) or rolls it back (the old folder back in place), then removes the leftovers.
- **A small change is applied in place, from a journal.** When at most :data:`PATCH_SHARE` of the files
  differ from the output's manifest (one offer edited in a big site), only those are staged. The staged
  folder's manifest is written, then a journal (``.listingpreview-patch``: the files to move in and to
  delete); from that moment the change is committed. The files are then renamed into the output (a rename
  never rewrites a file a reader has open, nor a cache file it is linked to), the deleted ones removed and
  the manifest replaced last. A build killed on the way leaves the journal, and the next build rolls it
  forward before anything else; killed before the journal, the output is untouched. Unchanged files keep
  their inode, so the next build trusts their hash from the cache without reading them.
- Every problem (parent is a file, read-only, full disk) raises :class:`OutputError` naming the output folder.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from . import errors

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the lock falls back to an exclusive create
    fcntl = None  # type: ignore[assignment]  # the module is optional

MARKER = ".listingpreview-output"
JOURNAL = ".listingpreview-patch"  # in a staging folder: the change to apply in place (see the module docstring)
PARTIAL = ".listingpreview-partial"  # in a staging folder that holds a change only, never a whole site
SHOWN = 5  # files named in a refusal
PATCH_SHARE = 0.25  # at most this share of the output's files to write or delete: in place; more: swapped whole


class OutputError(errors.OutputError):
    """The output folder cannot be used; the message says why and what to do."""


def _why(e: OSError) -> str:
    return e.strerror or str(e)


def _fail(out_dir: Path, e: OSError, doing: str = "write") -> OutputError:
    where = f" ({e.filename})" if e.filename and str(e.filename) != str(out_dir) else ""
    return OutputError(f"cannot {doing} the output folder {out_dir}: {_why(e)}{where}; the previous output, if any, "
                       "is unchanged")


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _check_parent(out_dir: Path) -> None:
    """Raise OutputError when the folder the output goes in is a file, or cannot be created."""
    for p in [out_dir.parent, *out_dir.parent.parents]:
        if p.exists() or p.is_symlink():
            if not p.is_dir():
                raise OutputError(f"cannot create the output folder {out_dir}: {p} is a file, not a folder; "
                                  "choose another folder with -o (nothing was changed)")
            break


class BuildLock:
    """``.<out>.lock`` beside ``out_dir`` for the duration of a build; raises OutputError when another build has it.

    The file holds the owner's PID. With ``fcntl`` the lock is the kernel's (gone when the process dies, so a
    stale file is simply taken over); without it, the file is created exclusively and taken over when its
    PID is no longer running.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.lock"
        self.fd: int | None = None
        self.took_over: int | None = None  # PID of a dead build whose lock file was taken over

    def __enter__(self) -> BuildLock:
        _check_parent(self.out_dir)
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self._acquire()
        except OSError as e:
            raise _fail(self.out_dir, e) from None
        return self

    def _owner(self) -> int:
        try:
            return int(self.path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0

    def _acquire(self) -> None:
        for _ in range(20):
            if fcntl is None:  # pragma: no cover
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    pid = self._owner()
                    if _alive(pid):
                        raise self._busy(pid) from None
                    self.took_over = pid
                    self.path.unlink(missing_ok=True)
                    continue
            else:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    raise self._busy(self._owner()) from None
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:  # the previous owner removed the file after we opened it: lock the new one
                    os.close(fd)
                    continue
                pid = self._owner()
                if pid and pid != os.getpid():
                    self.took_over = pid
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self.fd = fd
            _held.append(self)
            _memo.clear()
            _markers.clear()
            return
        raise OSError(errno.EAGAIN, "the lock file keeps changing", str(self.path))

    def _busy(self, pid: int) -> OutputError:
        who = f"PID {pid}" if pid else "PID unknown"
        return OutputError(f"another build ({who}) is running on the output folder {self.out_dir}; wait for it to "
                           f"finish (or, if no such process runs, remove {self.path})")

    def __exit__(self, *exc) -> None:
        if self in _held:
            _held.remove(self)
        _memo.clear()
        _markers.clear()
        if self.fd is not None:
            try:
                self.path.unlink(missing_ok=True)  # still locked while unlinking: a waiter re-checks the inode
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


# -- the manifest ---------------------------------------------------------------------------------------------
def _read_marker(folder: Path) -> dict | None:
    """The marker of ``folder`` (do not change it); read once per build while the lock is held and the file is
    unchanged: a build checks, audits, carries over and patches from one manifest of some 17,000 entries."""
    try:
        st = os.stat(folder / MARKER) if _held else None
    except OSError:
        return None
    memo_key = ("marker", os.fspath(folder), st.st_ino, st.st_mtime_ns, st.st_size) if st else None
    if memo_key in _markers:
        return _markers[memo_key]
    try:
        d = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    marker = d if isinstance(d, dict) and d.get("tool") == "listingpreview" else None
    if memo_key is not None:
        _markers[memo_key] = marker
    return marker


def _scan(folder: Path) -> dict[str, tuple[str, os.stat_result] | None]:
    """Every entry below ``folder`` except the marker: relative POSIX path -> (path, stat); None for a link or a
    non-file. Runs on every build, warm ones included: one ``scandir`` per folder, one ``stat`` per file."""
    found: dict[str, tuple[str, os.stat_result] | None] = {}
    stack = [(str(folder), "")]
    while stack:
        path, prefix = stack.pop()
        with os.scandir(path) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append((e.path, prefix + e.name + "/"))
                elif e.is_file(follow_symlinks=False):
                    found[prefix + e.name] = (e.path, e.stat(follow_symlinks=False))
                else:
                    found[prefix + e.name] = None
    found.pop(MARKER, None)
    return found


def _sha_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


Hasher = Callable[[str, os.stat_result], str]


def _plain_hasher(path: str, st: os.stat_result) -> str:
    return _sha_file(path)


def audit(out_dir: Path, hasher: Hasher | None = None) -> tuple[list[str], list[str], list[str]]:
    """(foreign, changed, missing) paths of ``out_dir`` against its manifest, each sorted.

    foreign: files the manifest does not list (or everything, when there is no manifest); changed: listed
    files whose size or SHA-256 differ; missing: listed files that are gone. ``hasher(path, stat)`` gives
    a file's SHA-256 (default: read and hash it).
    """
    memo_key = None
    if _held:  # one audit per build: nothing but this build writes the folder while the lock is held
        try:
            st = os.stat(out_dir / MARKER)
            memo_key = (os.fspath(out_dir), st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            pass
        if memo_key is not None and memo_key in _memo:
            return _memo[memo_key]
    result = _audit(out_dir, hasher or _plain_hasher)
    if memo_key is not None:
        _memo[memo_key] = result
    return result


def _audit(out_dir: Path, hasher: Hasher) -> tuple[list[str], list[str], list[str]]:
    marker = _read_marker(out_dir)
    files = marker.get("files") if marker else None
    found = _scan(out_dir)
    if not isinstance(files, dict):
        return sorted(found), [], []
    foreign, changed = [], []
    for rel, entry in found.items():
        want = files.get(rel)
        if entry is None or not (isinstance(want, list) and len(want) == 2):
            foreign.append(rel)
        elif entry[1].st_size != want[1] or hasher(entry[0], entry[1]) != want[0]:
            changed.append(rel)
    missing = [rel for rel in files if rel not in found] if len(found) != len(files) or foreign else []
    return sorted(foreign), sorted(changed), sorted(missing)


_held: list[BuildLock] = []  # locks this process holds (audits are remembered only meanwhile)
_memo: dict[tuple, tuple[list[str], list[str], list[str]]] = {}
_markers: dict[tuple, dict | None] = {}  # markers read while a lock is held (cleared with _memo)


def _few(paths: list[str]) -> str:
    shown = ", ".join(paths[:SHOWN])
    return shown + (f" and {len(paths) - SHOWN} more" if len(paths) > SHOWN else "")


def check_target(out_dir: Path, site_dir: Path, hasher: Hasher | None = None) -> None:
    """Raise OutputError unless ``out_dir`` may be (re)written for a build of ``site_dir``.

    It may when it does not exist, is empty, or holds exactly the files a previous build wrote (per its
    manifest; missing ones are fine, the build restores them). Call it holding :class:`BuildLock`.
    """
    _check_parent(out_dir)
    try:
        out, site = out_dir.resolve(), site_dir.resolve()
    except (OSError, RuntimeError) as e:
        raise OutputError(f"the output folder {out_dir} cannot be resolved: {e}") from None
    if out == site or site.is_relative_to(out):
        raise OutputError(f"the output folder {out_dir} holds the site itself; choose another folder with -o")
    if out_dir.is_symlink():
        raise OutputError(f"the output folder {out_dir} is a symbolic link; give a real folder")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a folder")
    try:
        if not any(out_dir.iterdir()):
            return
        marker = _read_marker(out_dir)
        if marker is None:
            found = sorted(_scan(out_dir))
            raise OutputError(f"{out_dir} is not empty and was not created by listingpreview (it holds "
                              f"{_few(found)}); choose an empty or new folder with -o (nothing was changed)")
        if not isinstance(marker.get("files"), dict):
            raise OutputError(f"{out_dir} has a listingpreview marker but no list of the files it wrote (an older "
                              "version's output, or a copied marker): delete the folder yourself if nothing in it "
                              "is yours, or choose another folder with -o (nothing was changed)")
        foreign, changed, _ = audit(out_dir, hasher)
    except OSError as e:
        raise _fail(out_dir, e, "read") from None
    if foreign or changed:
        parts = []
        if foreign:
            parts.append(f"files listingpreview did not write: {_few(foreign)}")
        if changed:
            parts.append(f"files changed since the last build: {_few(changed)}")
        raise OutputError(f"{out_dir} holds {'; and '.join(parts)}. A build replaces the whole folder, so it "
                          "refuses: move them out, or choose another folder with -o (nothing was changed)")


def read_manifest(out_dir: Path, hasher: Hasher | None = None) -> str:
    """The input fingerprint the output folder was built from; '' when unknown or when the folder no longer
    matches its manifest (a file missing or changed: the next build restores it)."""
    marker = _read_marker(out_dir)
    if not marker or not marker.get("complete") or not isinstance(marker.get("files"), dict):
        return ""
    try:
        foreign, changed, missing = audit(out_dir, hasher)
    except OSError:
        return ""
    if foreign or changed or missing:
        return ""
    site = marker.get("site", "")
    return site if isinstance(site, str) else ""


# -- staging and the swap ---------------------------------------------------------------------------------------
def _leftovers(out_dir: Path) -> list[tuple[str, int, Path]]:
    """(kind, pid, path) of staging and old folders of ``out_dir`` (they hold the marker)."""
    pat = re.compile(rf"^\.{re.escape(out_dir.name)}\.(staging|old)-(\d+)$")
    out = []
    try:
        entries = list(out_dir.parent.iterdir())
    except OSError:
        return []
    for p in entries:
        m = pat.match(p.name)
        if m and p.is_dir() and not p.is_symlink() and (p / MARKER).is_file():
            out.append((m.group(1), int(m.group(2)), p))
    return out


def recover(out_dir: Path) -> str:
    """Finish or roll back a swap a killed build left half done, then remove its leftovers.

    Call holding :class:`BuildLock` (no other build is running). Returns what was done ('' for nothing).
    """
    done = ""
    left = _leftovers(out_dir)
    if out_dir.is_dir() and not out_dir.is_symlink():
        for kind, _, p in sorted(left, key=lambda t: t[2].stat().st_mtime_ns):
            patch = _read_journal(p) if kind == "staging" else None
            if patch is not None:  # killed while applying a committed change: finish it
                _apply(out_dir, p, *patch)
                done = "finished the in-place update of an interrupted build"
    elif not out_dir.exists() and not out_dir.is_symlink():
        complete = [p for kind, _, p in left if kind == "staging" and (_read_marker(p) or {}).get("complete")
                    and not (p / PARTIAL).exists()]  # a change staged alone is no site: the next build makes it
        old = [p for kind, _, p in left if kind == "old"]
        if complete:  # killed between the two renames, after the new site was whole: finish the swap
            newest = max(complete, key=lambda p: p.stat().st_mtime_ns)
            os.replace(newest, out_dir)
            done = "finished the swap of an interrupted build"
        elif old:  # the new site never became whole: put the previous one back
            os.replace(max(old, key=lambda p: p.stat().st_mtime_ns), out_dir)
            done = "rolled back an interrupted build"
    for _, pid, p in _leftovers(out_dir):
        if pid != os.getpid():
            shutil.rmtree(p, ignore_errors=True)
    return done


def _safe_rel(rel: object) -> str | None:
    p = PurePosixPath(rel) if isinstance(rel, str) else None
    if p is None or p.is_absolute() or ".." in p.parts or not p.parts or rel in (MARKER, JOURNAL, PARTIAL):
        return None
    return p.as_posix()


def _read_journal(staging: Path) -> tuple[list[str], list[str]] | None:
    """(files to move in, files to delete) of a committed in-place change; None when there is none (or it is
    unreadable: then it was never committed, as the journal is written whole by a rename)."""
    try:
        d = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        write, delete = d["write"], d["delete"]
    except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError):
        return None
    if not (isinstance(write, list) and isinstance(delete, list)) or not (_read_marker(staging) or {}).get("complete"):
        return None
    safe = [_safe_rel(r) for r in write], [_safe_rel(r) for r in delete]
    if any(r is None for r in safe[0] + safe[1]):
        return None
    return [r for r in safe[0] if r], [r for r in safe[1] if r]


def _prune(out_dir: Path, rel: str) -> None:
    """Remove the folders of ``rel`` inside ``out_dir`` that are now empty (a removed offer's ``media/``...)."""
    parts = rel.split("/")[:-1]
    while parts:
        try:
            os.rmdir(out_dir.joinpath(*parts))
        except OSError:
            return
        parts.pop()


def _apply(out_dir: Path, staging: Path, write: list[str], delete: list[str]) -> None:
    """Roll a committed change forward; repeatable (a file already moved in, or already gone, is skipped)."""
    for rel in delete:
        (out_dir / rel).unlink(missing_ok=True)
        _prune(out_dir, rel)
    made: set[Path] = set()
    for rel in write:
        src, dst = staging / rel, out_dir / rel
        if not src.is_file():  # moved in before the build was killed
            continue
        if dst.parent not in made:
            dst.parent.mkdir(parents=True, exist_ok=True)
            made.add(dst.parent)
        os.replace(src, dst)
    os.replace(staging / MARKER, out_dir / MARKER)  # last: from now on the output matches its manifest
    shutil.rmtree(staging, ignore_errors=True)


class Staging:
    """A staging folder for one build; :meth:`commit` swaps it in (or :meth:`commit_patch` applies a change in
    place), leaving on error removes it (unless a change was committed: the next build rolls it forward).

    Raises OutputError (naming the output folder) when a file cannot be written.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
        self.files = 0
        self.manifest: dict[str, list] = {}  # path -> [sha256, size]
        self._made: set[Path] = set()  # folders already created (one mkdir per folder, not per file)
        self.known: dict[str, list] = {}  # path -> [sha256, size] of Path data whose digest the caller knows
        self.journaled = False  # an in-place change is committed: the staging folder must survive a failure

    def __enter__(self) -> Staging:
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            recover(self.out_dir)
            if self.path.exists():
                shutil.rmtree(self.path)
            self.path.mkdir()
            (self.path / MARKER).write_text(json.dumps({"tool": "listingpreview", "complete": False}) + "\n")
        except OSError as e:
            raise _fail(self.out_dir, e) from None
        return self

    def write(self, rel: str, data: bytes | str | Path) -> None:
        """Write ``rel`` (a POSIX path inside the output) once; refuses paths that leave the folder.

        ``data`` as a Path is a cache file or the previous output's file: hard-linked (neither is edited in
        place), copied across file systems; its digest is taken from :attr:`known` when listed there.
        """
        known = self.known.get(rel) if isinstance(data, Path) else None
        p = PurePosixPath(rel)
        if p.is_absolute() or ".." in p.parts or not p.parts or rel == MARKER:
            raise ValueError(f"refusing to write outside the output folder: {rel!r}")
        target = self.path.joinpath(*p.parts)
        try:
            if target.parent not in self._made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(target.parent)
            if isinstance(data, Path):
                digest = known[0] if isinstance(known, list) and len(known) == 2 else _sha_file(data)
                try:
                    os.link(data, target)
                except OSError:
                    shutil.copyfile(data, target)
            else:
                raw = data.encode("utf-8") if isinstance(data, str) else data
                digest = hashlib.sha256(raw).hexdigest()
                target.write_bytes(raw)
            size = target.stat().st_size
        except OSError as e:
            raise _fail(self.out_dir, e) from None
        self.manifest[p.as_posix()] = [digest, size]
        self.files += 1

    def mark(self, fingerprint: str) -> None:
        """Write the manifest: the last write, after which the staging folder counts as complete."""
        body = json.dumps({"tool": "listingpreview", "site": fingerprint, "complete": True,
                           "files": self.manifest}, sort_keys=True) + "\n"
        tmp = self.path / (MARKER + ".tmp")
        try:
            tmp.write_text(body)
            os.replace(tmp, self.path / MARKER)
        except OSError as e:
            raise _fail(self.out_dir, e) from None

    def commit_patch(self, write: list[str], delete: list[str]) -> None:
        """Commit the change (the journal, written whole by a rename), then apply it in place."""
        tmp = self.path / (JOURNAL + ".tmp")
        try:
            tmp.write_text(json.dumps({"write": write, "delete": delete}) + "\n")
            os.replace(tmp, self.path / JOURNAL)
            self.journaled = True
            _apply(self.out_dir, self.path, write, delete)
        except OSError as e:
            if not self.journaled:
                raise _fail(self.out_dir, e) from None
            raise OutputError(f"cannot finish updating the output folder {self.out_dir}: {_why(e)}"
                              f"{f' ({e.filename})' if e.filename else ''}; the change is recorded, and the next "
                              "build finishes it before anything else") from None

    def commit(self) -> None:
        old = self.out_dir.parent / f".{self.out_dir.name}.old-{os.getpid()}"
        try:
            if self.out_dir.exists():
                os.replace(self.out_dir, old)
            os.replace(self.path, self.out_dir)
        except OSError as e:
            raise _fail(self.out_dir, e) from None
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.path.exists() and not self.journaled:
            shutil.rmtree(self.path, ignore_errors=True)


def manifest_files(out_dir: Path) -> dict[str, list]:
    """The manifest of ``out_dir``: output path -> [sha256, size] ({} when there is none)."""
    files = (_read_marker(out_dir) or {}).get("files")
    return files if isinstance(files, dict) else {}


def write_site(out_dir: Path, files: dict[str, bytes | Path], fingerprint: str,
               known: dict[str, list] | None = None, hasher: Hasher | None = None) -> None:
    """Write ``files`` (output path -> bytes or file) as the new output folder: a small change in place, from a
    journal; else swapped in whole (see the module docstring).

    ``known``: output path -> [sha256, size] of files given as a Path whose digest the caller knows (the output's
    own files, checked against its manifest before the build; cache files named by their digest): unread; a file
    whose digest is the manifest's is kept as it is, else hard-linked. ``hasher``: as for :func:`audit` (the
    build's cache).

    Raises OutputError naming ``out_dir`` when it cannot be written (read-only, full disk…); the previous
    output is then unchanged. Call it holding :class:`BuildLock` (it removes other builds' leftovers).
    """
    known = known or {}
    plan = _patch_plan(out_dir, files, known, hasher)
    with Staging(out_dir) as stage:
        stage.known = known
        if plan is None:
            for rel in sorted(files):
                stage.write(rel, files[rel])
            stage.mark(fingerprint)
            stage.commit()
            return
        kept, write, delete = plan
        try:
            (stage.path / PARTIAL).touch()
        except OSError as e:
            raise _fail(out_dir, e) from None
        for rel in write:
            stage.write(rel, files[rel])
        stage.manifest = kept | stage.manifest
        stage.mark(fingerprint)
        stage.commit_patch(write, delete)


def _patch_plan(out_dir: Path, files: dict[str, bytes | Path], known: dict[str, list], hasher: Hasher | None
                ) -> tuple[dict[str, list], list[str], list[str]] | None:
    """(manifest entries kept, paths to write, paths to delete) for an in-place change of ``out_dir``; None
    when it must be written whole: no complete manifest, files of others or changed by hand, more than
    :data:`PATCH_SHARE` of the files to change, or a file that becomes a folder (or the reverse)."""
    marker = _read_marker(out_dir) if out_dir.is_dir() and not out_dir.is_symlink() else None
    old = marker.get("files") if marker and marker.get("complete") else None
    if not isinstance(old, dict) or not old:
        return None
    try:
        foreign, changed, missing = audit(out_dir, hasher)
    except OSError:
        return None
    if foreign or changed:
        return None
    gone = set(missing)
    budget = int(PATCH_SHARE * len(old))
    kept: dict[str, list] = {}
    write: list[str] = []
    for rel in sorted(files):
        data, was = files[rel], old.get(rel)
        if isinstance(was, list) and len(was) == 2 and rel not in gone:
            if isinstance(data, Path):  # the output's own file carried over, or a cache file: digest known
                digest = (known.get(rel) or [None])[0]
            else:
                digest = hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
            if digest == was[0]:
                kept[rel] = was
                continue
        write.append(rel)
        if len(write) > budget:
            return None
    delete = sorted(rel for rel in old if rel not in files)
    if len(write) + len(delete) > budget:
        return None
    added = [r for r in write if r not in old]  # only a new path can be a folder before or have a file above it
    if added:
        dirs_old = {"/".join(r.split("/")[:i]) for r in old for i in range(1, r.count("/") + 1)}
        above = {"/".join(r.split("/")[:i]) for r in added for i in range(1, r.count("/") + 1)}
        if any(r in dirs_old for r in added) or any(d in old and d not in delete for d in above):
            return None  # a file where a folder was (or the reverse): not worth a special case
    return kept, write, delete
