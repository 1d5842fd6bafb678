"""A cache of parsed and validated catalogs, so repeated commands skip parsing.

One file per catalog path in the cache directory, written and read by ``cachefiles``:
a header (the key), then two pickles of plain values: the catalog's located problems and
its number of papers (all ``fmcat check`` needs), and the built Catalog, one list of field
values per paper (None when a problem blocks it). It is used only when the catalog's bytes
and fmcat's code are exactly those it was made from; anything else (a missing, stale,
damaged or planted file) means parsing again. ``FMCAT_PARSE_CACHE=0`` turns it off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import operator
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fmcat import cachefiles
from fmcat.environment import env_flag
from fmcat.model import ENTRY_FIELDS, Catalog, Entry, Facet, Section
from fmcat.validate import Problem


def enabled() -> bool:
    return env_flag("FMCAT_PARSE_CACHE")


def _key(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8"))
    digest.update(cachefiles.code_digest().encode())
    return digest.hexdigest()


def _file(path: Path) -> Path:
    return cachefiles.catalog_file(path, "parsed", ".pickle")


@dataclass(slots=True)
class Parsed:
    problems: list[Problem]
    paper_count: int  # number of paper tables in the file
    catalog: Catalog | None = None


def get(path: Path, text: str, *, with_catalog: bool) -> Parsed | None:
    """The cached parse of exactly this catalog text (its Catalog only when asked), or
    None."""
    if not enabled():
        return None
    payload = cachefiles.read(_file(path), _key(text))
    if payload is None:
        return None
    try:
        stream = io.BytesIO(payload)
        problems, papers = cachefiles.plain_load(stream)  # all that `check` needs
        catalog = _catalog(cachefiles.plain_load(stream)) if with_catalog else None
        return Parsed([Problem(*problem) for problem in problems], papers, catalog)
    except (ValueError, TypeError):  # not what this code writes: parse instead
        return None


def put(path: Path, text: str, parsed: Parsed) -> None:
    """Remember the parse of ``text``; a cache that cannot be written is skipped."""
    if not enabled():
        return
    try:
        buffer = io.BytesIO()
        problems = [_problem_values(problem) for problem in parsed.problems]
        pickle.dump((problems, parsed.paper_count), buffer, pickle.HIGHEST_PROTOCOL)
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        # Plain values form a tree (nothing is referenced twice or refers back), so the
        # memo can go: writing and reading are faster.
        pickler.fast = True
        pickler.dump(_values(parsed.catalog))
    except (pickle.PicklingError, RecursionError, ValueError, TypeError):
        return
    cachefiles.write(_file(path), _key(text), buffer.getvalue())


def _problem_values(problem: Problem) -> tuple[Any, ...]:
    return (problem.where, problem.message, problem.line, problem.column, problem.blocking)


_fields = operator.attrgetter(*Entry.__slots__)  # an entry's field values, in order
_DATES = [Entry.__slots__.index(name) for name, kind in ENTRY_FIELDS.items() if kind == "date"]


def _values(catalog: Catalog | None) -> tuple[Any, ...] | None:
    """The Catalog as plain values: papers as lists of field values, dates as day numbers
    (no class or date object per paper to write and look up again)."""
    if catalog is None:
        return None
    rows = []
    for entry in catalog.papers.values():
        row = list(_fields(entry))
        for index in _DATES:
            if row[index] is not None:
                row[index] = row[index].toordinal()
        rows.append(row)
    facets = [(f.name, f.values, f.label, f.markers) for f in catalog.facets.values()]
    sections = [(s.id, s.title, s.description) for s in catalog.sections]
    rest = (catalog.meta, facets, sections, catalog.venues, catalog.render)
    return (*rest, catalog.not_duplicates, rows)


def _catalog(values: tuple[Any, ...] | None) -> Catalog | None:
    """The Catalog back from ``_values``."""
    if values is None:
        return None
    meta, facets, sections, venues, render, not_duplicates, rows = values
    papers = {}
    for row in rows:
        for index in _DATES:
            if row[index] is not None:
                row[index] = dt.date.fromordinal(row[index])
        entry = Entry(*row)
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
