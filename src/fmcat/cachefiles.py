"""Where fmcat keeps what it can make again: fetched records, parsed catalogs, renderings.

The cache directory is ``$FMCAT_CACHE_DIR``, else the platform's user cache directory
(platformdirs). A file made from a catalog is named after the catalog's absolute path, and
records the digest of the code that made it, so a changed fmcat never reads a stale one.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from fmcat import __version__

PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    configured = os.environ.get("FMCAT_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("fmcat"))


def catalog_file(catalog: Path, folder: str, suffix: str) -> Path:
    """The file in ``folder`` of the cache directory that belongs to ``catalog``."""
    name = hashlib.sha256(str(catalog.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / folder / f"{name}{suffix}"


@functools.cache
def code_digest(names: tuple[str, ...] | None = None) -> str:
    """A digest of fmcat's version and its files ``names`` (paths in the package), or of
    all its ``.py`` and ``.toml`` files when None."""
    if names is None:
        found = []
        for folder, subfolders, files in os.walk(PACKAGE):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            found += [Path(folder, f) for f in files if f.endswith((".py", ".toml"))]
        names = tuple(sorted(str(path.relative_to(PACKAGE)) for path in found))
    digest = hashlib.sha256(__version__.encode())
    for name in names:
        digest.update(name.encode() + b"\0")
        try:
            digest.update((PACKAGE / name).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()
