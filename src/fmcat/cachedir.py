"""The cache directory: where it is, what it holds, clearing it, and keeping it within
a size.

The directory is ``$FMCAT_CACHE_DIR``, else ``cache_dir`` in the user's settings, else the
platform's user cache folder (platformdirs).

Files made from a catalog (parsed catalogs, renderings, link checks) are named after the
catalog's path; ``catalogs/`` records each such name with the path it stands for, so the
files of a catalog that no longer exists can be found and removed. Reading a cache file
marks it used (its modification time); trimming removes the files of missing catalogs,
then the least recently used files until the directory is within its budget
(``cache_max_mb``, default 500 MB). Trimming runs at most every ten minutes, after a
cache write.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_BUDGET_MB = 500
TRIM_INTERVAL = 600.0  # seconds between automatic trims
STALE_IDLE = 3600.0  # a missing catalog's files go once unused this long (it may be moved back)
_STAMP = ".trimmed"
KINDS = ("parsed", "rendered", "search", "dedupe", "links", "records", "catalogs")


def cache_dir() -> Path:
    """Where fmcat keeps what it can make again."""
    from fmcat import userconfig

    configured = userconfig.get("cache_dir")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("fmcat"))


def budget_bytes() -> int:
    """The size the cache directory is kept under (``cache_max_mb``)."""
    from fmcat import userconfig

    configured = userconfig.get("cache_max_mb")
    megabytes = int(configured) if configured and configured.isdigit() else DEFAULT_BUDGET_MB
    return megabytes << 20


def register(catalog: Path, name: str) -> None:
    """Record that cache files called ``name`` belong to ``catalog`` (once)."""
    marker = cache_dir() / "catalogs" / name
    if marker.exists():
        return
    with contextlib.suppress(OSError):
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(catalog), "utf-8")


def touch(path: Path) -> None:
    """Mark a cache file as used now (for least-recently-used trimming)."""
    with contextlib.suppress(OSError):
        os.utime(path)


@dataclass
class Usage:
    """What the cache directory holds."""

    root: Path
    files: dict[str, int] = field(default_factory=dict)  # kind → number of files
    bytes: dict[str, int] = field(default_factory=dict)  # kind → bytes
    catalogs: int = 0  # catalogs with cache files
    missing_catalogs: int = 0  # of those, catalogs that no longer exist

    @property
    def total(self) -> int:
        return sum(self.bytes.values())

    def to_json(self) -> dict[str, object]:
        kinds = {
            kind: {"files": self.files.get(kind, 0), "bytes": self.bytes.get(kind, 0)}
            for kind in sorted(self.files)
        }
        return {
            "directory": str(self.root),
            "bytes": self.total,
            "budget_bytes": budget_bytes(),
            "kinds": kinds,
            "catalogs": self.catalogs,
            "missing_catalogs": self.missing_catalogs,
        }


def _walk(root: Path) -> list[tuple[str, Path, os.stat_result]]:
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if name == _STAMP:
                continue
            with contextlib.suppress(OSError):
                kind = path.relative_to(root).parts[0]
                found.append((kind, path, path.stat()))
    return found


def _catalogs(root: Path) -> dict[str, Path]:
    """Cache name → the catalog path it was made from."""
    known = {}
    folder = root / "catalogs"
    with contextlib.suppress(OSError):
        for marker in folder.iterdir():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                known[marker.name] = Path(marker.read_text("utf-8"))
    return known


def usage() -> Usage:
    root = cache_dir()
    found = Usage(root)
    for kind, _, info in _walk(root):
        found.files[kind] = found.files.get(kind, 0) + 1
        found.bytes[kind] = found.bytes.get(kind, 0) + info.st_size
    catalogs = _catalogs(root)
    found.catalogs = len(catalogs)
    found.missing_catalogs = sum(not path.exists() for path in catalogs.values())
    return found


def clear(*, stale_only: bool = False) -> tuple[int, int]:
    """Remove every cache file (or, with ``stale_only``, those of catalogs that no
    longer exist); returns (files, bytes) removed."""
    root = cache_dir()
    if stale_only:
        return _remove_stale(root)
    removed = [(path, info.st_size) for _, path, info in _walk(root)]
    for kind in (*KINDS, _STAMP):
        target = root / kind
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        elif target.exists():
            with contextlib.suppress(OSError):
                target.unlink()
    return len(removed), sum(size for _, size in removed)


def _remove_stale(root: Path, idle: float = 0.0) -> tuple[int, int]:
    """Remove the files of catalogs that no longer exist (unused for ``idle`` seconds)."""
    files = size = 0
    now = time.time()
    stale = {name for name, path in _catalogs(root).items() if not path.exists()}
    if not stale:
        return 0, 0
    for kind, path, info in _walk(root):
        if kind == "records":
            continue
        if path.name.split(".", 1)[0] in stale and now - info.st_mtime >= idle:
            with contextlib.suppress(OSError):
                path.unlink()
                files, size = files + 1, size + info.st_size
    return files, size


def trim(budget: int | None = None) -> tuple[int, int]:
    """Remove the files of catalogs that no longer exist (unused for an hour), then the
    least recently used files until the directory is within ``budget`` bytes; returns
    (files, bytes)."""
    root = cache_dir()
    files, size = _remove_stale(root, idle=STALE_IDLE)
    budget = budget_bytes() if budget is None else budget
    entries = [
        (info.st_mtime, path, info.st_size)
        for kind, path, info in _walk(root)
        if kind != "catalogs"
    ]
    total = sum(entry[2] for entry in entries)
    for _, path, length in sorted(entries):
        if total <= budget:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= length
            files, size = files + 1, size + length
    return files, size


def maybe_trim() -> None:
    """``trim`` when the last one is older than ``TRIM_INTERVAL`` (cheap otherwise)."""
    stamp = cache_dir() / _STAMP
    try:
        if time.time() - stamp.stat().st_mtime < TRIM_INTERVAL:
            return
    except OSError:
        pass
    with contextlib.suppress(OSError):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        trim()
