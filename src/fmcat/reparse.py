"""Parse and validate a catalog text, re-using what the cache knows of the unchanged
papers: after a one-line edit only that paper is parsed, validated and built again; the
checks between papers run as a last pass over what each paper keeps for them. A text
``chunks`` cannot cut, or a piece that does not parse on its own, is parsed whole.
The result is the same as a whole parse (a test holds the two equal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fmcat import chunks, parsecache
from fmcat.errors import CatalogError
from fmcat.model import Catalog, Entry
from fmcat.validate import (
    CROSS_FIELDS,
    Problem,
    cross_problems,
    declaration_problems,
    entry_problems,
    locate,
    papers_pass,
    validate,
)


def parse(
    path: Path, text: str, stored: parsecache.Stored | None, parse_text, *, build: bool
) -> parsecache.Parsed:
    """The parse of ``text``, written to the cache, with its Catalog when ``build`` and
    not blocked; ``parse_text(text, path)`` parses TOML and raises CatalogError on a
    syntax error."""
    cut = chunks.cut(text, parsecache.raw_of(text))
    if cut is not None:
        try:
            if not parsecache.enabled():
                return _batched(path, text, cut, parse_text, build=build)
            previous = stored.previous() if stored is not None else None  # None if unusable
            return _by_paper(path, text, cut, previous, parse_text, build=build)
        except _Whole:
            pass
    return _from_data(path, text, parse_text(text, path), build=build)


class _Whole(Exception):
    """This text is parsed whole after all."""


def _from_data(
    path: Path, text: str, data: dict[str, Any], *, build: bool, papers_passed: bool = False
) -> parsecache.Parsed:
    """The Parsed of a catalog parsed as one document (``data``), written to the cache;
    ``papers_passed`` as ``validate`` takes it."""
    problems = validate(data, papers_passed=papers_passed)
    if problems:
        problems = locate(problems, text)
    blocked = any(problem.blocking for problem in problems)
    # Built even when not asked for, so the cache can hand it to the next command.
    wanted = build or parsecache.enabled()
    catalog = Catalog.from_dict(data) if wanted and not blocked else None
    papers = data.get("papers")
    count = len(papers) if isinstance(papers, dict) else 0
    parsed = parsecache.Parsed(problems, count, catalog)
    parsecache.put(path, text, parsed)
    return parsed


# Papers validated together as they are parsed, while their tables are fresh in memory.
GROUP = 2000


def _batched(
    path: Path, text: str, cut: chunks.Cut, parse_text, *, build: bool
) -> parsecache.Parsed:
    """The parse of a catalog that is cut into papers, its papers parsed a batch at a
    time (toml-rs slows down on a long document) and checked by ``papers_pass`` a group
    at a time: what parsing it whole gives, in less time."""
    data = _parse_piece(cut.declarations, path, parse_text)
    if "papers" in data:
        raise _Whole
    _problems, facets, sections = declaration_problems(data)
    data["papers"] = papers = {}
    passed = True
    for start in range(0, len(cut.papers), GROUP):
        group = _parsed_papers(cut.papers[start : start + GROUP], path, parse_text)
        passed = passed and papers_pass(group, facets, sections)
        papers.update(group)
    return _from_data(path, text, data, build=build, papers_passed=passed)


# Papers parsed together: toml-rs takes a few dozen paper tables at a time fastest.
BATCH = 50


def _parsed_papers(pieces: list[chunks.Piece], path: Path, parse_text) -> dict[str, Any]:
    """Each piece's paper table by its key, the pieces parsed BATCH at a time; _Whole
    when a batch does not parse, or does not give exactly its pieces' papers."""
    papers: dict[str, Any] = {}
    for start in range(0, len(pieces), BATCH):
        batch = pieces[start : start + BATCH]
        raw = b"".join(piece.raw for piece in batch)
        data = _parse_piece(raw.decode("utf-8"), path, parse_text)
        found = data.get("papers")
        if set(data) != {"papers"} or not isinstance(found, dict):
            raise _Whole
        if list(found) != [piece.key for piece in batch]:
            raise _Whole  # a header inside a string, or a paper split apart
        papers.update(found)
    return papers


def _parse_piece(text: str, path: Path, parse_text) -> dict[str, Any]:
    try:
        return parse_text(text, path)
    except CatalogError:
        raise _Whole from None  # the whole parse reports it, with its place in the file


def _by_paper(
    path: Path,
    text: str,
    cut: chunks.Cut,
    previous: tuple[parsecache.Declarations, list[parsecache.Record]] | None,
    parse_text,
    *,
    build: bool,
) -> parsecache.Parsed:
    digest = chunks.digest(cut.declarations)
    if previous is not None and previous[0].digest == digest:
        declarations = previous[0]
        known = {record[0]: record for record in previous[1]}
    else:
        declarations = _declarations(path, cut.declarations, digest, parse_text)
        known = {}
    facet_names = set(declarations.facets)
    records: list[parsecache.Record | None] = []
    unknown = []
    for piece in cut.papers:
        record = known.get(piece.digest)
        if record is None or record[1] != piece.key:
            record = None
            unknown.append(piece)
        records.append(record)
    if unknown:
        tables = _parsed_papers(unknown, path, parse_text)
        for index, piece in enumerate(cut.papers):
            if records[index] is None:
                records[index] = _record(piece, tables[piece.key], declarations, facet_names)
    problems = list(declarations.problems)
    for record in records:
        if record[2]:
            problems += [Problem(*values) for values in record[2]]
    problems += cross_problems(
        {record[1]: record[3] for record in records}, declarations.not_duplicates
    )
    if problems:
        problems = locate(problems, text)
    parsecache.put_pieces(path, text, problems, declarations, records)
    blocked = any(problem.blocking for problem in problems)
    catalog = None
    if build and not blocked:
        try:
            catalog = parsecache.assemble(declarations, records)
        except (ValueError, TypeError):
            raise _Whole from None  # a record this code did not write
    return parsecache.Parsed(problems, len(records), catalog, (declarations, records))


def _declarations(path: Path, text: str, digest: bytes, parse_text) -> parsecache.Declarations:
    data = _parse_piece(text, path, parse_text)
    if "papers" in data or not _plain(data.get("not_duplicates")):
        raise _Whole  # papers written another way, or dates among keys: parse it whole
    problems, facets, sections = declaration_problems(data)
    blocked = any(problem.blocking for problem in problems)
    values = None if blocked else parsecache.declaration_values(Catalog.from_dict(data))
    return parsecache.Declarations(
        digest, problems, facets, sections, data.get("not_duplicates"), values
    )


def _record(
    piece: chunks.Piece,
    entry: Any,
    declarations: parsecache.Declarations,
    facet_names: set[str],
) -> parsecache.Record:
    """The record of one paper, ``entry`` being its parsed table."""
    problems: list[Problem] = entry_problems(
        piece.key, entry, declarations.facets, declarations.sections
    )
    blocked = any(problem.blocking for problem in problems)
    row = None
    if not blocked and declarations.catalog is not None:
        row = parsecache.packed_row(Entry.from_dict(piece.key, entry, facet_names))
    values = [parsecache.problem_values(problem) for problem in problems]
    return (piece.digest, piece.key, values, _cross(entry), row)


def _cross(entry: Any) -> dict[str, Any]:
    """What the checks between papers read of an entry, as plain values: an identifier
    that is a string, the strings of an alias or not-duplicates list."""
    if not isinstance(entry, dict):
        return {}
    cross: dict[str, Any] = {}
    for name in CROSS_FIELDS:
        value = entry.get(name)
        if isinstance(value, str):
            cross[name] = value
        elif isinstance(value, list):
            cross[name] = [item for item in value if isinstance(item, str)]
    return cross


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of strings, numbers, booleans, lists and tables only."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False
