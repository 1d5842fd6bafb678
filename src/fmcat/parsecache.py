"""A cache of parsed and validated catalogs, so repeated commands skip parsing, and an
edit re-parses only the papers it touched.

One file per catalog path in the cache directory, written and read by ``cachefiles``
under the digest of fmcat's code. Its payload is two pickles of plain values:

1. the digest of the catalog text it was made from, the located problems and the
   number of papers (all ``fmcat check`` needs when the text is unchanged);
2. either the whole Catalog (one list of field values per paper), or, for a catalog
   ``chunks`` can cut, its declarations and one record per paper: the paper text's
   digest, its key, its own problems, what the checks between papers read, and its
   field values (None when a problem blocks it). ``reparse`` reuses the records of
   unchanged paper texts.

Anything that is not exactly what this code writes (a missing, stale, damaged or planted
file) means parsing again. ``FMCAT_PARSE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import datetime as dt
import io
import operator
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fmcat import cachefiles
from fmcat.digests import hexdigest
from fmcat.environment import env_flag
from fmcat.model import ENTRY_FIELDS, Catalog, Entry, Facet, Section
from fmcat.problems import Problem


def enabled() -> bool:
    return env_flag("FMCAT_PARSE_CACHE")


# The last text hashed, its key and its UTF-8 bytes (a command asks for them again).
_last_key: list[tuple[str, str, bytes]] = []


def text_key(text: str) -> str:
    """The digest of ``text`` as UTF-8."""
    if _last_key and _last_key[0][0] is text:
        return _last_key[0][1]
    return know_text_key(text, text.encode("utf-8"))


def know_text_key(text: str, raw: bytes, key: str | None = None) -> str:
    """The text key of ``text``, decoded from ``raw``: hashing the bytes at hand spares
    encoding the text again (``key``: their ``digests.hexdigest``, when already taken)."""
    key = key or hexdigest(raw)
    _last_key[:] = [(text, key, raw)]
    return key


def raw_of(text: str) -> bytes | None:
    """The UTF-8 bytes of ``text`` when they are at hand (it was read or hashed last)."""
    return _last_key[0][2] if _last_key and _last_key[0][0] is text else None


def _key() -> str:
    """The file's header key: files of another fmcat are never read."""
    return cachefiles.code_digest()


def _file(path: Path) -> Path:
    return cachefiles.catalog_file(path, "parsed", ".pickle")


@dataclass(slots=True)
class Parsed:
    problems: list[Problem]
    paper_count: int  # number of paper tables in the file
    catalog: Catalog | None = None
    pieces: tuple[Declarations, list[Record]] | None = None  # when parsed paper by paper


# One paper's parse, as ``reparse`` keeps it, in plain values: the digest of its text,
# its key, its own problems (unlocated, as value tuples), the CROSS_FIELDS values the
# checks between papers read, and its field values (dates as day numbers) pickled on
# their own, so that reading the records back costs little until a Catalog is built
# (None when a problem blocks the paper).
Record = tuple[bytes, str, list[tuple[Any, ...]], dict[str, Any], bytes | None]


@dataclass(slots=True)
class Declarations:
    """What ``reparse`` keeps of everything before the papers."""

    digest: bytes
    problems: list[Problem]  # unlocated
    facets: dict[str, list[str]]
    sections: set[str]
    not_duplicates: Any
    catalog: tuple[Any, ...] | None  # the Catalog without papers, as values; None if blocked


@dataclass(slots=True)
class Stored:
    """A cache file read back: its text key and problems, and the rest (undecoded)."""

    key: str
    problems: list[Problem]
    paper_count: int
    rest: io.BytesIO
    start: int = 0  # where the second pickle begins in ``rest``

    def parsed(self, *, with_catalog: bool) -> Parsed | None:
        """The cached Parsed (its Catalog only when asked); None when unreadable."""
        if not with_catalog:
            return Parsed(self.problems, self.paper_count)
        self.rest.seek(self.start)
        try:
            kind, *values = cachefiles.plain_load(self.rest)
            if kind == "whole":
                catalog = _catalog(values[0])
            else:
                declarations, records = _pieces(values)
                catalog = assemble(declarations, records)
        except (ValueError, TypeError):
            return None
        return Parsed(self.problems, self.paper_count, catalog)

    def previous(self) -> tuple[Declarations, list[Record]] | None:
        """The declarations and paper records, when the file holds them."""
        self.rest.seek(self.start)
        try:
            kind, *values = cachefiles.plain_load(self.rest)
            return _pieces(values) if kind == "pieces" else None
        except (ValueError, TypeError):
            return None


def load(path: Path) -> Stored | None:
    """What the cache holds for the catalog at ``path``, or None."""
    if not enabled():
        return None
    payload = cachefiles.read(_file(path), _key())
    if payload is None:
        return None
    try:
        stream = io.BytesIO(payload)
        key, problems, count = cachefiles.plain_load(stream)
        if not isinstance(key, str) or not isinstance(count, int):
            return None
        problems = [Problem(*problem) for problem in problems]
        return Stored(key, problems, count, stream, stream.tell())
    except (ValueError, TypeError):
        return None


def get(path: Path, text: str, *, with_catalog: bool) -> Parsed | None:
    """The cached parse of exactly this catalog text (its Catalog only when asked), or
    None."""
    stored = load(path)
    if stored is None or stored.key != text_key(text):
        return None
    return stored.parsed(with_catalog=with_catalog)


def put(path: Path, text: str, parsed: Parsed) -> None:
    """Remember the parse of ``text`` (its whole Catalog); a cache that cannot be
    written is skipped."""
    _write(path, text, parsed.problems, parsed.paper_count, ("whole", _values(parsed.catalog)))


def put_pieces(
    path: Path,
    text: str,
    problems: list[Problem],
    declarations: Declarations,
    records: list[Record],
) -> None:
    """Remember the parse of ``text`` paper by paper, for ``reparse``."""
    head = (
        declarations.digest,
        [problem_values(problem) for problem in declarations.problems],
        declarations.facets,
        sorted(declarations.sections),
        declarations.not_duplicates,
        declarations.catalog,
    )
    _write(path, text, problems, len(records), ("pieces", head, records))


def _write(path: Path, text: str, problems: list[Problem], count: int, rest: tuple) -> None:
    if not enabled():
        return
    try:
        buffer = io.BytesIO()
        located = [problem_values(problem) for problem in problems]
        pickle.dump((text_key(text), located, count), buffer, pickle.HIGHEST_PROTOCOL)
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        # Plain values form a tree (nothing is referenced twice or refers back), so the
        # memo can go: writing and reading are faster.
        pickler.fast = True
        pickler.dump(rest)
    except (pickle.PicklingError, RecursionError, ValueError, TypeError):
        return
    cachefiles.write(_file(path), _key(), buffer.getvalue())


def _pieces(values: list[Any]) -> tuple[Declarations, list[Record]]:
    """The declarations and records back; TypeError for anything shaped otherwise (a
    planted file signed with the public key)."""
    head, rows = values
    if not isinstance(rows, list) or not all(map(_is_record, rows)):
        raise TypeError("not the records this code writes")
    digest, problems, facets, sections, not_duplicates, catalog = head
    declared = isinstance(facets, dict) and all(
        isinstance(name, str) and _strings(values) for name, values in facets.items()
    )
    if type(digest) is not bytes or not declared or not _strings(sections):
        raise TypeError("not the declarations this code writes")
    declarations = Declarations(
        digest,
        [Problem(*problem) for problem in problems],
        facets,
        set(sections),
        not_duplicates,
        catalog,
    )
    return declarations, rows


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_record(value: Any) -> bool:
    return (
        type(value) is tuple
        and len(value) == 5
        and type(value[0]) is bytes
        and type(value[1]) is str
        and type(value[2]) is list
        and type(value[3]) is dict
        and (value[4] is None or type(value[4]) is bytes)
    )


def assemble(declarations: Declarations, records: list[Record]) -> Catalog | None:
    """The Catalog from its declarations and paper records; None when blocked.
    ValueError or TypeError when a record does not hold what this code writes."""
    if declarations.catalog is None or any(record[4] is None for record in records):
        return None
    catalog = declared_catalog(declarations.catalog)
    papers = {}
    for record in records:
        assert record[4] is not None
        papers[record[1]] = entry_from_row(cachefiles.plain_load(io.BytesIO(record[4])))
    catalog.papers = papers
    return catalog


def declared_catalog(values: tuple[Any, ...] | None) -> Catalog:
    """The Catalog of ``Declarations.catalog`` values, without its papers; TypeError
    when blocked (None) or not what this code writes."""
    catalog = _catalog(values)
    if catalog is None:
        raise TypeError("no declarations")
    return catalog


def packed_row(entry: Entry) -> bytes:
    """An entry's field values, pickled for a Record."""
    return pickle.dumps(row_of(entry), pickle.HIGHEST_PROTOCOL)


def problem_values(problem: Problem) -> tuple[Any, ...]:
    return (problem.where, problem.message, problem.line, problem.column, problem.blocking)


_fields = operator.attrgetter(*Entry.__slots__)  # an entry's field values, in order
_DATES = [Entry.__slots__.index(name) for name, kind in ENTRY_FIELDS.items() if kind == "date"]


def row_of(entry: Entry) -> list[Any]:
    """An entry as plain field values: dates as day numbers (no class or date object per
    paper to write and look up again)."""
    row = list(_fields(entry))
    for index in _DATES:
        if row[index] is not None:
            row[index] = row[index].toordinal()
    return row


def entry_from_row(row: list[Any]) -> Entry:
    for index in _DATES:
        if row[index] is not None:
            row[index] = dt.date.fromordinal(row[index])
    return Entry(*row)


def _values(catalog: Catalog | None) -> tuple[Any, ...] | None:
    """The Catalog as plain values, papers as rows."""
    if catalog is None:
        return None
    rows = [row_of(entry) for entry in catalog.papers.values()]
    facets = [(f.name, f.values, f.label, f.markers) for f in catalog.facets.values()]
    sections = [(s.id, s.title, s.description) for s in catalog.sections]
    rest = (catalog.meta, facets, sections, catalog.venues, catalog.render)
    return (*rest, catalog.not_duplicates, rows)


def declaration_values(catalog: Catalog) -> tuple[Any, ...] | None:
    """A Catalog's declarations (its papers left out) as plain values."""
    values = _values(catalog)
    return None if values is None else (*values[:-1], [])


def _catalog(values: tuple[Any, ...] | None) -> Catalog | None:
    """The Catalog back from ``_values``."""
    if values is None:
        return None
    meta, facets, sections, venues, render, not_duplicates, rows = values
    papers = {}
    for row in rows:
        entry = entry_from_row(row)
        papers[entry.key] = entry
    return Catalog(
        meta,
        {values[0]: Facet(*values) for values in facets},
        [Section(*values) for values in sections],
        venues,
        render,
        not_duplicates,
        papers,
    )
