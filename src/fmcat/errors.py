"""Errors that reach the user as one line on stderr, each with its exit code.

Exit codes (documented in the README):

* 0 — success
* 1 — the command ran and found something: problems (``check``), duplicates
  (``dedupe``), no match (``lookup``), an out-of-date README (``render --check``),
  or some items of a batch failed
* 2 — bad input: a malformed identifier or option, an unreadable or invalid catalog, a
  file that cannot be written
* 3 — a metadata service failed (network down, timeout, bad response) or is
  unavailable offline
* 4 — the catalog is locked by another fmcat process
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_INPUT = 2
EXIT_NETWORK = 3
EXIT_LOCKED = 4


class FmcatError(Exception):
    """Base class: a message for the user and the exit code that goes with it."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(FmcatError):
    """A malformed identifier, option or argument."""


class CatalogError(FmcatError):
    """The catalog cannot be found, read or parsed, or fails validation."""


class WriteError(FmcatError):
    """A file cannot be written (no such folder, no permission, disk full); the old file,
    if any, is left as it was."""


class CatalogLocked(FmcatError):
    """Another process holds the catalog lock for longer than the timeout."""

    exit_code = EXIT_LOCKED


class SourceError(FmcatError):
    """A metadata service failed: network error, timeout, malformed answer."""

    exit_code = EXIT_NETWORK
