"""The catalog as ``fmcat lookup`` reads it: its search index kept in the cache beside
the parse, so that a lookup on an unchanged catalog reads one file, searches it and
builds only the entries it shows.

Three files per catalog path in ``<cache dir>/search``:

1. ``.index``, keyed by the catalog text and fmcat's code: the index (keys, rank days,
   each field's folded text, line starts, words and where its common words are, the
   vocabulary, aliases), the declarations as values, and where each paper's field
   values lie in ``.rows`` with their CRCs; then, in a second pickle read only for an
   identifier query, the identifiers.
2. ``.rows``, under the same key: every paper's field values pickled end to end. Only
   the shown entries are read, each checked by its CRC (one that fails is built from
   the catalog instead).
3. ``.edits``: what an edit re-uses, each paper's text digest and search lines with the
   digests of the code and declarations they were folded under. After an edit only the
   changed papers are folded again.

Caches off (``FMCAT_PARSE_CACHE=0``) or a catalog parsed whole: the index is built from
the loaded Catalog and not kept.
"""

from __future__ import annotations

import functools
import io
import pickle
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fmcat import cachefiles, collector, parsecache, store
from fmcat.digests import blake2b, hexdigest
from fmcat.lazypapers import LazyPapers
from fmcat.model import Catalog, Entry
from fmcat.search import FIELD_WEIGHTS, Folder, SearchIndex, _Field, rank_day


@collector.paused()  # fmcat's own acyclic values, in bulk
def open_catalog(path: Path) -> tuple[Catalog, SearchIndex]:
    """The catalog at ``path`` (its papers built on use) and its search index.
    CatalogError as ``store.load`` gives."""
    raw = store.read_bytes(path)
    if not parsecache.enabled():
        return _whole(path, store.decode(raw, path))
    target = cachefiles.catalog_file(path, "search", ".index")
    # The text's key from its bytes: a file the index was made from need not be decoded.
    text_key = hexdigest(raw)
    key = blake2b(f"{cachefiles.code_digest()}:{text_key}".encode(), digest_size=32)
    rows_file = target.with_suffix(".rows")

    @functools.cache
    def loaded() -> Catalog:  # a row the rows file no longer holds: the catalog itself
        catalog = store.load(path, store.decode(raw, path)).catalog
        assert catalog is not None
        return catalog

    def fallback(paper_key: str) -> Entry:
        return loaded().papers[paper_key]

    payload = cachefiles.read(target, key.hexdigest())
    found = _index(payload, rows_file, key.hexdigest(), fallback) if payload else None
    if found is not None:
        return found
    text = store.decode(raw, path)
    pieces = store.load_pieces(path, text)
    if pieces is None:  # a layout parsed whole
        return _whole(path, text)
    declarations, records = pieces
    catalog = parsecache.declared_catalog(declarations.catalog)
    edits_file = target.with_suffix(".edits")
    reused = _reusable(edits_file, declarations.digest)
    folder = Folder(catalog.sections)
    keys, rows, papers = [], [], []
    for digest, paper_key, _problems, _cross, row in records:
        assert row is not None  # load_pieces hands over unblocked records only
        known = reused.get(digest)
        if known is None or known[0] != paper_key:
            entry = parsecache.entry_from_row(cachefiles.plain_load(io.BytesIO(row)))
            known = (
                paper_key,
                folder.lines(entry),
                rank_day(entry),
                entry.identifiers(),
                list(entry.aliases),
            )
        keys.append(paper_key)
        rows.append(row)
        papers.append(known)
    _, lines, days, held, aliases = zip(*papers, strict=True) if papers else ((),) * 5
    index = SearchIndex.of_lines(keys, list(days), list(lines), list(held), list(aliases))
    offsets = array("q", [0])
    for row in rows:
        offsets.append(offsets[-1] + len(row))
    catalog.papers = LazyPapers(keys, rows.__getitem__, fallback)  # type: ignore[assignment]
    cachefiles.write(rows_file, key.hexdigest(), rows)
    checks = array("I", map(zlib.crc32, rows))
    _write(target, key.hexdigest(), index, declarations.catalog, offsets, checks)
    edits = (
        cachefiles.code_digest(),
        declarations.digest,
        [record[0] for record in records],
        papers,
    )
    cachefiles.write(edits_file, "edits", _pickled(edits))
    return catalog, index


def _whole(path: Path, text: str) -> tuple[Catalog, SearchIndex]:
    catalog = store.load(path, text).catalog
    assert catalog is not None
    return catalog, SearchIndex.of_catalog(catalog)


def _pickled(*values: Any) -> bytes:
    """Pickles of plain values (each a tree) end to end."""
    buffer = io.BytesIO()
    for value in values:
        pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
        pickler.fast = True
        pickler.dump(value)
    return buffer.getvalue()


def _write(
    target: Path, key: str, index: SearchIndex, declared: Any, offsets: array, checks: array
) -> None:
    fields = [
        (
            f.text,
            f.starts.tobytes(),
            "\n".join(sorted(f.words)),
            None if f.owners is None else [owned.tobytes() for owned in f.owners],
            {word: lines.tobytes() for word, lines in f.postings.items()},
        )
        for f in index.fields.values()
    ]
    first = (
        index.keys,
        array("q", index.days).tobytes(),
        fields,
        "\n".join(index.vocabulary),
        index.aliases,
        declared,
        offsets.tobytes(),
        checks.tobytes(),
    )
    try:
        payload = _pickled(first, index.identifiers)
    except (pickle.PicklingError, RecursionError, ValueError, TypeError):
        return
    cachefiles.write(target, key, payload)


def _index(
    payload: bytes, rows_file: Path, key: str, fallback: Callable[[str], Entry]
) -> tuple[Catalog, SearchIndex] | None:
    """The catalog and index from an index file's payload, the papers' rows read from
    ``rows_file`` as needed (each checked by its CRC, ``fallback`` building one that
    fails); None when it is not what this code writes."""
    stream = io.BytesIO(payload)
    where = cachefiles.payload_at(rows_file, key)
    try:
        keys, days, fields, vocabulary, aliases, declared, offsets, checks = cachefiles.plain_load(
            stream
        )
        days, offsets, checks = array("q", days), array("q", offsets), array("I", checks)
        vocabulary = vocabulary.split("\n") if vocabulary else []
        built = {
            name: _Field(
                weight,
                text,
                array("I", starts),
                set(words.split("\n")) if words else set(),
                None if owners is None else [array("I", owned) for owned in owners],
                {word: array("I", lines) for word, lines in postings.items()},
            )
            for (name, weight), (text, starts, words, owners, postings) in zip(
                FIELD_WEIGHTS.items(), fields, strict=True
            )
        }
        count = len(keys)
        shaped = (
            where is not None
            and len(days) == len(checks) == count
            and len(offsets) == count + 1
            and offsets[-1] == where[1]
            and set(map(type, keys)) <= {str}
            and all(map(_field_shaped, built.values(), [count] * len(built)))
            and isinstance(aliases, dict)
        )
        if not shaped:
            return None
        catalog = parsecache.declared_catalog(declared)
    except (ValueError, TypeError):
        return None

    def identifiers() -> dict[str, list[str]]:
        try:
            found = cachefiles.plain_load(stream)
        except ValueError:
            found = None
        if isinstance(found, dict):
            return found
        # Not what this code writes: found again from the papers themselves.
        held: dict[str, list[str]] = {}
        for key in sorted(catalog.papers):
            for value in catalog.papers[key].identifiers():
                held.setdefault(value, []).append(key)
        return held

    assert where is not None
    start = where[0]

    def row(index: int) -> bytes | None:
        begin, end = offsets[index], offsets[index + 1]
        data = cachefiles.read_part(rows_file, start + begin, end - begin)
        return data if data is not None and zlib.crc32(data) == checks[index] else None

    catalog.papers = LazyPapers(keys, row, fallback)  # type: ignore[assignment]
    index = SearchIndex(keys, list(days), built, vocabulary, identifiers, aliases)
    return catalog, index


def _field_shaped(field: _Field, count: int) -> bool:
    """Whether ``field`` holds text for ``count`` entries, as this code writes it."""
    if type(field.text) is not str:
        return False
    if field.owners is None:
        return len(field.starts) == count
    owned = field.owners
    return (
        len(owned) == len(field.starts)
        and all(owned)
        and max(map(max, owned)) < count  # (unsigned: none below 0)
    )


def _reusable(edits_file: Path, declarations: bytes) -> dict[bytes, tuple[Any, ...]]:
    """Digest → (key, lines, rank day, identifiers, aliases) of the papers an earlier
    index folded under the same code and declarations."""
    payload = cachefiles.read(edits_file, "edits")
    if payload is None:
        return {}
    try:
        code, digest, digests, papers = cachefiles.plain_load(io.BytesIO(payload))
        fresh = code == cachefiles.code_digest() and digest == declarations
        if not fresh or len(digests) != len(papers):
            return {}
        reused = {}
        for paper_digest, (key, lines, day, held, aliases) in zip(digests, papers, strict=True):
            shaped = (
                type(key) is str
                and type(lines) is tuple
                and len(lines) == len(FIELD_WEIGHTS)
                and all(type(line) is str for line in lines)
                and type(day) is int
                and all(type(value) is str for value in held)
                and all(type(alias) is str for alias in aliases)
            )
            if shaped:
                reused[paper_digest] = (key, lines, day, list(held), list(aliases))
        return reused
    except (ValueError, TypeError):
        return {}
