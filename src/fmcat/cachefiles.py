"""Where fmcat keeps what it can make again: fetched records, parsed catalogs, renderings.

The cache directory is ``cachedir.cache_dir``, kept within a size by ``cachedir``. A file
made from a catalog is named after the catalog's absolute path, and records the digest of
the code that made it, so a changed fmcat never reads a stale one.
Cache files are written by ``write`` and read by ``read``, which compares the key before
reading anything else and checks the payload's digest; pickled payloads are read back by
``plain_load``, which builds plain values only.
"""

from __future__ import annotations

import functools
import os
import pickle
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from fmcat import __version__
from fmcat.cachedir import cache_dir, maybe_trim, register, touch
from fmcat.digests import blake2b, hexdigest
from fmcat.files import atomic_write

__all__ = [
    "cache_dir",
    "catalog_file",
    "code_digest",
    "payload_at",
    "plain_load",
    "read",
    "read_part",
    "write",
]

PACKAGE = Path(__file__).resolve().parent


def catalog_file(catalog: Path, folder: str, suffix: str) -> Path:
    """The file in ``folder`` of the cache directory that belongs to ``catalog``."""
    resolved = catalog.resolve()
    name = hexdigest(str(resolved).encode())[:24]
    register(resolved, name)
    return cache_dir() / folder / f"{name}{suffix}"


@functools.cache
def code_digest() -> str:
    """A digest of fmcat's version and of the path, size and modification time of every
    ``.py`` and ``.toml`` file of the package (the test Python itself uses to reuse
    compiled modules), so that any change to the code that made a cached file makes it
    stale."""
    digest = blake2b(__version__.encode(), digest_size=32)
    found = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [os.path.join(folder, name) for name in names if name.endswith((".py", ".toml"))]
    for name in sorted(found):
        try:
            stat = os.stat(name)
            facts = f"{stat.st_size}:{stat.st_mtime_ns}"
        except OSError:
            facts = "missing"
        digest.update(f"{os.path.relpath(name, PACKAGE)}\0{facts}\0".encode())
    return digest.hexdigest()


_MAGIC = b"fmcat-cache 3\n"
_LINE_LIMIT = 80


def write(target: Path, key: str, payload: bytes | list[bytes]) -> None:
    """Store ``payload`` (or its parts, one after another, never joined in memory)
    under ``key`` (a hex digest) in the cache file ``target``: a header line with the
    key, one with the payload's CRC-32 and length, then the payload. A cache that cannot
    be written is skipped. (The CRC finds a damaged or cut file; a planted one is kept
    harmless by ``plain_load``.)"""
    parts = [payload] if isinstance(payload, bytes) else payload
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    length = sum(map(len, parts))
    header = _MAGIC + f"{key}\n{crc:08x} {length}\n".encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, [header, *parts], durable=False)
    except OSError:
        return
    maybe_trim()


def read(target: Path, key: str) -> bytes | None:
    """The payload stored under exactly ``key`` in ``target``, or None when the file is
    absent, made for another key, or damaged. The key is compared before the payload is
    read, and the payload is returned only if its digest and length match."""
    try:
        with open(target, "rb") as handle:
            header = _header(handle, key)
            if header is None:
                return None
            digest, length = header
            payload = handle.read(length + 1)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if len(payload) != length or f"{zlib.crc32(payload):08x}" != digest:
        return None
    touch(target)
    return payload


def _header(handle: BinaryIO, key: str) -> tuple[str, int] | None:
    """The payload's digest and length from the header of an open cache file, when it
    is one made under ``key``; ValueError for a damaged header."""
    if handle.readline(_LINE_LIMIT) != _MAGIC:
        return None
    if handle.readline(_LINE_LIMIT) != f"{key}\n".encode():
        return None
    digest, _, length = handle.readline(_LINE_LIMIT).decode("ascii").partition(" ")
    return digest.strip(), int(length)


def payload_at(target: Path, key: str) -> tuple[int, int] | None:
    """Where the payload stored under exactly ``key`` in ``target`` begins, and its
    length, with only the header read: for a large payload read in parts, each part
    checked by the caller (``read`` checks the whole). None as ``read`` gives."""
    try:
        with open(target, "rb") as handle:
            header = _header(handle, key)
            if header is None:
                return None
            length = header[1]
            start = handle.tell()
            if os.fstat(handle.fileno()).st_size != start + length:
                return None
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    touch(target)
    return start, length


def read_part(target: Path, start: int, length: int) -> bytes | None:
    """``length`` bytes of ``target`` from ``start``; None when they cannot be read."""
    try:
        with open(target, "rb") as handle:
            handle.seek(start)
            data = handle.read(length)
    except OSError:
        return None
    return data if len(data) == length else None


class _PlainUnpickler(pickle.Unpickler):
    """Reads only plain values (numbers, strings, lists, tuples, dicts, None): any class
    or function reference is refused, so a planted pickle cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a cache file")


def plain_load(stream: BinaryIO) -> Any:
    """The next pickle of plain values in ``stream``; ValueError for anything else or a
    damaged payload."""
    try:
        return _PlainUnpickler(stream).load()
    except Exception as err:  # a damaged pickle can raise almost anything
        raise ValueError(f"unreadable cache payload: {err}") from None
