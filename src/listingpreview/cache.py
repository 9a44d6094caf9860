"""The build cache, shared by ``build`` and ``serve``.

It lives in the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``, then ``listingpreview/<site>``;
``LISTINGPREVIEW_CACHE_DIR`` overrides), never in the site: a cache inside a repository could be
planted by whoever controls the repository, and builds write nowhere in a project but the output folder.

- file hashes: SHA-256 of each input file, trusted again while its size, mtime and inode are
  unchanged (as git's index does), so an unchanged site is fingerprinted with ``stat`` calls only;
- images: what Pillow found in a file and its re-encoded derivatives, keyed by the file's hash;
- offers: the rendered pages of an offer, keyed by the fingerprint of all its inputs;
- in memory (``serve``): the last value of each slot (compiled layouts, an offer's result…) with its key.

Every key is made by :func:`key` from the parts an output depends on, so a value is reused only when
all of them are unchanged.

Everything is JSON or PNG written by this tool; nothing is unpickled or executed. A cache entry
that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from . import media
from .errors import describe_os_error

FORMAT = 2
T = TypeVar("T")


def key(*parts: str) -> str:
    """The cache key of a value made from ``parts`` (SHA-256, hex, of each part followed by a NUL). Each part is
    one input, in a fixed order. Hashed as one string: a site's key has a part per offer (10,000 at most sizes
    measured), and one update per part cost more than the hashing."""
    text = "\0".join(parts) + "\0" if parts else ""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def default_cache_dir(site_dir: Path) -> Path:
    """``<user cache>/listingpreview/<name>-<hash of the site's absolute path>``."""
    override = os.environ.get("LISTINGPREVIEW_CACHE_DIR")
    if override:
        root = Path(override)
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "listingpreview"
    site = site_dir.resolve()
    return root / f"{site.name or 'site'}-{hashlib.sha256(str(site).encode()).hexdigest()[:16]}"


_MADE: set[Path] = set()  # cache folders made by this process: one mkdir each, not one a write


def _atomic_write(path: Path, data: bytes) -> None:
    if path.parent not in _MADE:
        path.parent.mkdir(parents=True, exist_ok=True)
        _MADE.add(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    except FileNotFoundError:  # removed since (a test, a user clearing the cache): make it again
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _png_size(head: bytes) -> tuple[int, int]:
    """(width, height) from the first 24 bytes of a PNG; ValueError when they are not a PNG's signature and IHDR."""
    if len(head) < 24 or not head.startswith(b"\x89PNG\r\n\x1a\n") or head[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


class Cache:
    """One cache folder. ``enabled=False`` keeps everything in memory (nothing written)."""

    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self.problem = ""  # why the disk cache was turned off while running ('' while it works)
        self._hashes: dict[str, list] = {}
        self._hashes_dirty = False
        self._memory: dict[str, tuple[str, Any]] = {}  # slot -> (key, value)
        if enabled:
            try:
                data = json.loads((root / "hashes.json").read_text())
                if data.get("format") == FORMAT and isinstance(data["files"], dict):
                    self._hashes = data["files"]
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                pass

    # -- one layer: memory, then disk, then make -------------------------------------------------------
    def get(self, slot: str, k: str, make: Callable[[], T], *, load: Callable[[str], T | None] | None = None,
            store: Callable[[str, T], None] | None = None) -> tuple[T, str]:
        """The value of ``slot`` for key ``k``: kept in memory, else ``load(k)`` (disk), else ``make()``.

        A made value is passed to ``store(k, value)`` (disk). Returns ``(value, how)``, ``how`` being
        ``"memory"``, ``"disk"`` or ``"made"``. One value is kept per slot: the newest.
        """
        held = self._memory.get(slot)
        if held is not None and held[0] == k:
            return held[1], "memory"
        value = load(k) if load is not None else None
        how = "disk"
        if value is None:
            value, how = make(), "made"
            if store is not None:
                store(k, value)
        self._memory[slot] = (k, value)
        return value, how

    def held(self, slot: str) -> Any:
        """The value kept in memory for ``slot`` (whatever its key), or None."""
        got = self._memory.get(slot)
        return got[1] if got else None

    def holds(self, slot: str, k: str) -> bool:
        """True when the value of ``slot`` for key ``k`` is kept in memory."""
        got = self._memory.get(slot)
        return got is not None and got[0] == k

    def put(self, slot: str, k: str, value: Any) -> None:
        """Keep ``value`` in memory for ``slot`` under key ``k``."""
        self._memory[slot] = (k, value)

    def forget(self, keep: Callable[[str], bool]) -> None:
        """Drop the in-memory slots for which ``keep(slot)`` is false."""
        self._memory = {s: v for s, v in self._memory.items() if keep(s)}

    # -- file hashes -------------------------------------------------------------------------------------
    def file_hash(self, path: Path | str, st: os.stat_result | None = None) -> str:
        """SHA-256 (hex) of ``path``'s bytes; reuses the stored hash while size, mtime, inode and ctime match.

        ctime is part of it because a tool can set a file's mtime back (``touch -r``, ``rsync -t``) but not its
        ctime: a same-size edit with the old mtime is still seen.
        """
        st = st or os.stat(path)
        name = os.fspath(path)
        sig = [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]
        got = self._hashes.get(name)
        if isinstance(got, list) and len(got) == 5 and got[:4] == sig:
            return got[4]
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        # A file changed within the last two seconds may change again within the same mtime tick: don't trust it.
        if time.time_ns() - st.st_mtime_ns > 2_000_000_000:
            self._hashes[name] = sig + [digest]
            self._hashes_dirty = True
        return digest

    def _write(self, path: Path, data: bytes) -> bool:
        """Write a cache file; a cache folder that cannot be written (full, read-only…) turns the disk cache off.

        The cache only saves time, so the build goes on without it; :attr:`problem` says why, naming the
        cache folder (not the output, which may be on another disk), for the command to print as a warning.
        """
        if not self.enabled:
            return False
        try:
            _atomic_write(path, data)
            return True
        except OSError as e:
            self.enabled = False
            self.problem = (describe_os_error(e, f"cannot write the build cache in {self.root}")
                            + "; this build went on without the cache (slower, same pages)")
            return False

    def compiled_layouts(self, tool: str) -> jinja2.BytecodeCache | None:
        """Jinja2's store of compiled layouts in ``layouts/`` (None when the disk cache is off); ``tool``: the
        tool's key (see :class:`_CompiledLayouts`)."""
        return _CompiledLayouts(self, tool) if self.enabled else None

    def save(self) -> None:
        if self.enabled and self._hashes_dirty:
            self._write(self.root / "hashes.json",
                        json.dumps({"format": FORMAT, "files": self._hashes}, sort_keys=True).encode())
            self._hashes_dirty = False

    # -- images ----------------------------------------------------------------------------------------
    def inspect(self, path: Path) -> media.ImageInfo:
        """:func:`media.inspect`, cached by content hash. Raises media.ImageProblem like it."""
        if path.is_symlink():
            raise media.ImageProblem("is a symbolic link; use the image file itself")
        try:
            st = path.stat()
        except FileNotFoundError:
            raise media.ImageProblem("does not exist") from None
        if not path.is_file():
            raise media.ImageProblem("is not a regular file")
        if st.st_size > media.MAX_IMAGE_BYTES:
            return media.inspect(path)  # raises with the size in the message
        digest = self.file_hash(path, st)
        meta = self.root / "images" / f"{digest}.json"
        try:
            d = json.loads(meta.read_text())
            if not isinstance(d, dict):
                raise ValueError("not an object")
            if "problem" in d:
                raise media.ImageProblem(d["problem"])
            return media.ImageInfo(path, d["format"], d["width"], d["height"], d["mode"], d["has_alpha"], digest, None)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        try:
            info = media.inspect(path)
        except media.ImageProblem as e:
            self._write(meta, json.dumps({"problem": str(e)}).encode())
            raise
        self._write(meta, json.dumps({"format": info.format, "width": info.width, "height": info.height,
                                      "mode": info.mode, "has_alpha": info.has_alpha}).encode())
        return info

    def derived(self, info: media.ImageInfo, size: tuple[int, int] | None = None) -> tuple[Path | bytes, int, int]:
        """The re-encoded PNG of ``info`` (resized to fit ``size``): a cache file path, or bytes when disabled."""
        name = f"{info.digest}-{size[0]}x{size[1]}" if size else info.digest
        png = self.root / "images" / f"{name}.png"
        if self.enabled:
            try:
                with png.open("rb") as f:
                    w, h = _png_size(f.read(24))  # the size from the file's own header (IHDR)
                return png, w, h
            except (OSError, ValueError):
                pass
        if info.data is None:
            info = media.inspect(info.path)
        data, (w, h) = media.derive(info, size)
        if not self._write(png, data):
            return data, w, h
        png.chmod(0o444)  # hard-linked into output folders: an in-place edit there must not change the cache
        return png, w, h

    # -- pages ---------------------------------------------------------------------------------------
    def store_page(self, html: bytes) -> str | None:
        """Keep ``html`` as ``pages/<sha256>.html`` (read-only: output folders hard-link it); its SHA-256, or None
        when the cache cannot be written. Written by pool workers, so that the building process holds no HTML."""
        digest = hashlib.sha256(html).hexdigest()
        path = self.page_path(digest)
        if path.is_file() or self._write(path, html):
            if path.stat().st_mode & 0o222:
                path.chmod(0o444)
            return digest
        return None

    def page_path(self, digest: str) -> Path:
        return self.root / "pages" / f"{digest}.html"

    # -- offers ----------------------------------------------------------------------------------------
    def load_offer(self, fingerprint: str) -> dict | None:
        if not self.enabled:
            return None
        try:
            d = json.loads((self.root / "offers" / f"{fingerprint}.json").read_text(encoding="utf-8"))
            return d if isinstance(d, dict) and d.get("format") == FORMAT else None
        except (OSError, ValueError):
            return None

    def has_offer(self, fingerprint: str) -> bool:
        """True when a stored offer result exists for ``fingerprint`` (not read: see :meth:`load_offer`)."""
        return self.enabled and (self.root / "offers" / f"{fingerprint}.json").is_file()

    def store_offer(self, fingerprint: str, data: dict) -> None:
        self._write(self.root / "offers" / f"{fingerprint}.json",
                    json.dumps({"format": FORMAT} | data, ensure_ascii=False).encode("utf-8"))

    def load_site(self, fingerprint: str) -> dict | None:
        return self.load_offer(f"site-{fingerprint}")

    def store_site(self, fingerprint: str, data: dict) -> None:
        self.store_offer(f"site-{fingerprint}", data)


class _CompiledLayouts(jinja2.BytecodeCache):
    """Compiled layouts kept in the cache folder (the trust of Python's own ``__pycache__``): a build that
    renders one offer would otherwise compile about 20 layouts, 0.45 s.

    Jinja2 checks each entry against its layout's source and its own bytecode version; the file names carry
    the tool's key, so an upgrade (other options, globals or filters) never meets an older entry. Written
    through the cache, so a cache folder that cannot be written turns it off like any other cache file.
    """

    def __init__(self, cache: Cache, tool: str):
        self.cache, self.tool = cache, tool[:16]

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.cache.root / "layouts" / f"{self.tool}-{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.cache.enabled:
            return
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        try:
            bucket.bytecode_from_string(data)  # Jinja2 itself ignores an entry of another version or source
        except Exception:  # a damaged entry (pickle and marshal raise many kinds): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.cache._write(self._path(bucket), bucket.bytecode_to_string())
