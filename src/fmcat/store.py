"""Finding, loading, validating and saving ``catalog.toml``.

Saving is canonical (same catalog, same bytes), atomic (temporary file in the same
directory, fsync, rename) and locked (one writer at a time, bounded wait). Loading never
half-succeeds: a catalog that cannot be read raises CatalogError with one clear line.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmcat import collector, files, parsecache
from fmcat.environment import env_number
from fmcat.errors import CatalogError, CatalogLocked
from fmcat.model import Catalog, Entry
from fmcat.problems import Problem

CATALOG_FILENAME = "catalog.toml"
DEFAULT_LOCK_TIMEOUT = 10.0


@dataclass(slots=True)
class Loaded:
    """A parsed catalog file: its text, problems, number of papers and (when usable)
    Catalog."""

    path: Path
    text: str
    problems: list[Problem]
    paper_count: int
    catalog: Catalog | None = None
    leading_comments: str = ""
    baseline: set[tuple[str, str]] = field(default_factory=set)


def find_catalog(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """``--catalog`` if given, else ``$FMCAT_CATALOG``, else the nearest ``catalog.toml``
    in the current directory or a parent. Without any, ``./catalog.toml`` (may not exist)."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("FMCAT_CATALOG")
    if from_env:
        return Path(from_env)
    start = (cwd or Path.cwd()).resolve()
    for directory in (start, *start.parents):
        candidate = directory / CATALOG_FILENAME
        if candidate.is_file():
            return Path(os.path.relpath(candidate)) if cwd is None else candidate
    return Path(CATALOG_FILENAME) if cwd is None else start / CATALOG_FILENAME


def read_text(path: Path) -> str:
    """The catalog file as text; CatalogError for every way this can fail."""
    return decode(read_bytes(path), path)


MAX_CATALOG_BYTES = 1 << 30


def read_bytes(path: Path) -> bytes:
    """The catalog file's bytes without a byte-order mark; CatalogError when unreadable,
    not a regular file (a device, a FIFO) or larger than any catalog (1 GiB)."""
    try:
        info = os.stat(path)  # before opening: opening a FIFO would wait for a writer
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError(f"{path}: not a regular file")
        if info.st_size > MAX_CATALOG_BYTES:
            raise CatalogError(f"{path}: {info.st_size} bytes is too large for a catalog")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CATALOG_BYTES + 1)
    except FileNotFoundError:
        raise CatalogError(
            f"{path}: no catalog here", hint="create one with `fmcat init` or pass --catalog PATH"
        ) from None
    except IsADirectoryError:
        raise CatalogError(f"{path}: is a directory, not a catalog file") from None
    except PermissionError:
        raise CatalogError(f"{path}: permission denied") from None
    except OSError as err:
        raise CatalogError(f"{path}: cannot read: {err.strerror or err}") from None
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def decode(raw: bytes, path: Path, key: str | None = None) -> str:
    """``raw`` as UTF-8 text; CatalogError naming the line and column of a bad byte.
    ``key``: the ``digests.hexdigest`` of ``raw`` when the caller has it already."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise CatalogError(
            f"{path}:{line}:{column}: not valid UTF-8 (byte 0x{raw[err.start]:02x})",
            hint="save the file as UTF-8",
        ) from None
    if parsecache.enabled():
        parsecache.know_text_key(text, raw, key)  # the caches' key, from the bytes at hand
    return text


def parse_text(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes ``file:line:column: message``.

    toml-rs (Rust) parses a large catalog several times faster than tomli. What it rejects
    is parsed again by tomli, the reference, whose result or error message stands; what
    it accepts, tomli accepts with the same value (a property test holds it to that)."""
    import toml_rs  # only when parsing: a cached parse does without it

    try:
        return toml_rs.loads(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # any doubt (a Rust panic included) goes to the reference parser
        pass
    import tomli  # the reference parser, for what toml-rs refuses

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as err:
        message = getattr(err, "msg", str(err))
        line, column = getattr(err, "lineno", None), getattr(err, "colno", None)
        where = f"{path}:{line}:{column}" if line else str(path)
        raise CatalogError(f"{where}: TOML syntax error: {message}") from None


def inspect(path: Path, *, build: bool = True, text: str | None = None) -> Loaded:
    """Read (unless ``text`` is the file's text, already read), parse and validate; build
    the Catalog (when ``build``) unless a problem blocks it."""
    if text is None:
        text = read_text(path)
    with collector.paused():  # fmcat's own acyclic values, in bulk
        stored = parsecache.load(path)
        parsed = None
        if stored is not None and stored.key == parsecache.text_key(text):
            parsed = stored.parsed(with_catalog=build)
        if parsed is None:  # changed or not cached: parse what changed (all, the first time)
            from fmcat import reparse  # parsing and validating: a changed catalog only

            parsed = reparse.parse(path, text, stored, parse_text, build=build)
    loaded = Loaded(
        path,
        text,
        parsed.problems,
        parsed.paper_count,
        parsed.catalog if build else None,
        leading_comments=_leading_comments(text),
    )
    loaded.baseline = {(p.where, p.message) for p in loaded.problems}
    return loaded


def load(path: Path, text: str | None = None) -> Loaded:
    """Load a catalog for use; CatalogError (exit 2) when a problem prevents it."""
    loaded = inspect(path, text=text)
    if loaded.catalog is None:
        _refuse(path, loaded.problems)
    return loaded


def load_pieces(
    path: Path, text: str
) -> tuple[parsecache.Declarations, list[parsecache.Record]] | None:
    """The catalog as ``reparse`` keeps it (declarations and one record per paper),
    parsing only what changed, without building a Catalog; None when it is not kept
    that way (caches off, a layout parsed whole). CatalogError as ``load`` gives."""
    with collector.paused():
        stored = parsecache.load(path)
        if stored is not None and stored.key == parsecache.text_key(text):
            problems, pieces = stored.problems, stored.previous()
        else:
            from fmcat import reparse

            parsed = reparse.parse(path, text, stored, parse_text, build=False)
            problems, pieces = parsed.problems, parsed.pieces
    if any(problem.blocking for problem in problems):
        _refuse(path, problems)
    if pieces is None or pieces[0].catalog is None:
        return None
    return pieces


def _refuse(path: Path, problems: list[Problem]) -> None:
    """CatalogError naming the first problem that blocks the catalog."""
    blocking = [problem for problem in problems if problem.blocking]
    first = blocking[0].format(str(path))
    more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
    raise CatalogError(f"{first}{more}", hint="run `fmcat check` for the full list")


def dumps(catalog: Catalog, leading_comments: str = "") -> str:
    """The canonical TOML text of a catalog."""
    return _dumps_data(catalog.to_dict(), leading_comments)


def entries_toml(entries: list[Entry], facet_order: list[str]) -> str:
    """Entries as the ``[papers.KEY]`` tables a save would write (for previews)."""
    return _toml({"papers": {entry.key: entry.to_dict(facet_order) for entry in entries}})


def _toml(data: dict[str, Any]) -> str:
    """``data`` as TOML text, as fmcat writes it."""
    import tomli_w  # writing only: a read-only command does without it

    return tomli_w.dumps(data, multiline_strings=True)


def _dumps_data(data: dict[str, Any], leading_comments: str) -> str:
    body = _toml(data)
    if leading_comments.strip():
        return leading_comments.rstrip("\n") + "\n\n" + body
    return body


def save(loaded: Loaded, catalog: Catalog | None = None) -> bool:
    """Validate and atomically write ``catalog`` (default: ``loaded.catalog``) to its file.

    Refuses (CatalogError, nothing written) when the result has a blocking problem the
    loaded file did not already have; a shared identifier (a warning for ``dedupe``) is
    allowed. Returns False when the bytes would not change.
    """
    catalog = catalog if catalog is not None else loaded.catalog
    assert catalog is not None, "save() needs a usable catalog"
    data = catalog.to_dict()
    text = _dumps_data(data, loaded.leading_comments)
    if text == loaded.text:
        return False
    from fmcat.validate import validate

    new_problems = [
        problem
        for problem in validate(data)
        if problem.blocking and (problem.where, problem.message) not in loaded.baseline
    ]
    if new_problems:
        first = new_problems[0].format(str(loaded.path))
        raise CatalogError(f"refusing to save an invalid catalog: {first}")
    files.write_file(loaded.path, text.encode("utf-8"))
    loaded.text = text
    loaded.paper_count = len(catalog.papers)
    return True


def lock_timeout() -> float:
    """Seconds a writer waits for the lock: ``$FMCAT_LOCK_TIMEOUT`` or 10."""
    return env_number("FMCAT_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT, minimum=0, maximum=86400)


@contextlib.contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold ``<catalog>.lock`` for a read-modify-write; CatalogLocked after ``timeout``."""
    import filelock

    wait = lock_timeout() if timeout is None else timeout
    try:  # one lock per file, whichever link or relative path names it
        real = files.resolved(path).resolve()
    except OSError as err:
        raise CatalogError(f"{path}: cannot resolve: {err.strerror or err}") from None
    lock = filelock.FileLock(str(real) + ".lock")
    try:
        lock.acquire(timeout=wait)
    except filelock.Timeout:
        raise CatalogLocked(
            f"{path}: locked by another fmcat process (waited {wait:g} s)",
            hint="try again when it has finished",
        ) from None
    except OSError as err:
        raise CatalogError(f"{path}: cannot create lock file: {err.strerror or err}") from None
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def edit(path: Path, timeout: float | None = None) -> Iterator[Loaded]:
    """Lock, load, let the caller change ``loaded.catalog``, then save if it changed.

    An exception inside the block leaves the file untouched.
    """
    with locked(path, timeout):
        loaded = load(path)
        yield loaded
        save(loaded)


def _leading_comments(text: str) -> str:
    """The comment block at the top of the file, kept verbatim across saves."""
    start = 0  # line by line, without splitting a large file for its first few lines
    while start < len(text):
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline + 1
        line = text[start:stop]
        if not (line.startswith("#") or (start and not line.strip())):
            break
        start = stop
    return text[:start]
