"""The one hash behind fmcat's cache keys, file names and piece digests: BLAKE2b, taken
from Python's built-in module when it has one (``hashlib`` loads OpenSSL first, a few
milliseconds of every command's start), else from ``hashlib``, as the standard
library's ``random`` takes its SHA-512."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without its own BLAKE2
    from hashlib import blake2b

__all__ = ["blake2b", "hexdigest"]


def hexdigest(data: bytes) -> str:
    """A 256-bit digest of ``data``, in hex."""
    return blake2b(data, digest_size=32).hexdigest()
