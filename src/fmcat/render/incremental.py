"""Rendering paper by paper, so that rendering after an edit renders only the papers whose
``[papers.KEY]`` text changed and puts them where they were in the last rendering.

The last rendering itself is the one ``memo`` keeps. Beside it, per catalog and part
(document or body), ``<cache dir>/rendered`` keeps its *layout*: which memo it describes,
the digest of each paper's ``[papers.KEY]`` text (as ``reparse`` keeps it), where each
paper's text stands in the rendering and how long it is, and what grouping, sorting and
the statistics read of each paper (its *placing*). The layout's key covers everything
else a paper's text depends on: the resolved render options, the declarations (facet
labels), what ``fmcat enrich`` found, fmcat's code and Python's Unicode tables.

After an edit that leaves every paper in its place (same keys in the same order, same
placings), the changed papers are rendered and spliced into the last rendering. Anything
else (a paper added, removed, moved to another section or date) groups, sorts and joins
the document again with the same ``Renderer`` as a whole rendering, taking each unchanged
paper's text from the last rendering. A test holds the results equal to a whole
rendering.

A paper's text must depend on that paper alone, so rendering goes whole instead for a
custom template, the table and survey styles (widths and anchors across the document),
awesome-lint mode (links already written) and sorting by citations or stars.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import sys
import unicodedata
from array import array
from pathlib import Path
from typing import Any

from fmcat import cachefiles, parsecache, store
from fmcat.model import Entry
from fmcat.render import memo
from fmcat.render.document import Renderer, RenderOptions

WHOLE_STYLES = frozenset({"table", "survey"})
WHOLE_SORTS = frozenset({"citations", "stars"})
SLOT = "\x00"  # marks where a paper's text goes while the document is taken apart


class Placed:
    """A paper as grouping, sorting and the statistics see it. (Plain classes here:
    a dataclass costs its generated code at every start.)"""

    __slots__ = ("date", "facets", "key", "month", "sections", "title", "venue", "year")

    def __init__(self, key, title, year, date, month, venue, sections, facets) -> None:
        self.key: str = key
        self.title: str = title
        self.year: int | None = year
        self.date: dt.date | None = date
        self.month: int | None = month
        self.venue: str | None = venue
        self.sections: list[str] = sections
        self.facets: dict[str, list[str]] = facets


class Layout:
    """Where each paper's text stands in a rendering (UTF-8 byte offsets)."""

    __slots__ = ("digests", "keys", "lengths", "output_key", "owners", "placings", "starts")

    def __init__(
        self,
        output_key: str,  # the memo key of the rendering this describes
        keys: list[str],  # the papers in file order
        digests: list[bytes],  # of each paper's text
        lengths: array,  # of each paper's rendered text
        starts: array,  # where each slot begins, in document order
        owners: array,  # the paper of each slot
        placings: list[bytes],  # each paper's placing, pickled
    ) -> None:
        self.output_key = output_key
        self.keys = keys
        self.digests = digests
        self.lengths = lengths
        self.starts = starts
        self.owners = owners
        self.placings = placings

    def values(self) -> tuple[Any, ...]:
        return (
            self.output_key,
            self.keys,
            self.digests,
            self.lengths.tobytes(),
            self.starts.tobytes(),
            self.owners.tobytes(),
            self.placings,
        )

    def first_texts(self, output: bytes) -> list[bytes | None]:
        """Each paper's text in ``output`` (None for a paper it does not show)."""
        found: list[bytes | None] = [None] * len(self.keys)
        for start, owner in zip(self.starts, self.owners, strict=True):
            if found[owner] is None:
                found[owner] = output[start : start + self.lengths[owner]]
        return found


def paper_by_paper(options: RenderOptions) -> bool:
    """Whether each paper's text depends on that paper alone under ``options``."""
    return (
        options.template is None
        and not options.awesome_lint
        and options.style not in WHOLE_STYLES
        and options.sort not in WHOLE_SORTS
    )


def render(
    path: Path,
    text: str,
    part: str,
    settings: dict[str, Any],
    figures_raw: bytes,
    output_key: str,
) -> tuple[bytes, RenderOptions] | None:
    """The catalog ``text`` at ``path`` rendered (``part``: document or body), paper by
    paper, with its options; None when it must be rendered whole. ``output_key`` is the
    memo key the caller keeps the result under. CatalogError when a problem blocks the
    catalog."""
    pieces = store.load_pieces(path, text)
    if pieces is None:
        return None
    declarations, records = pieces
    catalog = parsecache.declared_catalog(declarations.catalog)
    options = RenderOptions.from_catalog(catalog, path.parent, **settings)
    if not paper_by_paper(options):
        return None
    if figures_raw and options.metrics:
        from fmcat import metrics

        options.figures = metrics.load(metrics.path_for(path))
    target = cachefiles.catalog_file(path, "rendered", f".{part}.layout")
    key = _key(options, part, declarations.digest, figures_raw)
    renderer = Renderer(catalog, options)
    layout = _read(target, key)
    last = memo.get(path, part, layout.output_key) if layout is not None else None
    if layout is not None and last is not None and not _fits(layout, len(last)):
        layout = last = None
    data = None
    if layout is not None and last is not None and layout.keys == [r[1] for r in records]:
        data = _spliced(layout, last, records, renderer)
    if data is None:
        texts = layout.first_texts(last) if layout is not None and last is not None else None
        data, layout = _assembled(layout, texts, records, renderer, part)
    if layout is not None:
        layout.output_key = output_key
        cachefiles.write(target, key, _pickled(layout.values()))
    return data, options


def _entry(record: parsecache.Record) -> Entry:
    row = record[4]
    assert row is not None  # load_pieces hands over unblocked records only
    return parsecache.entry_from_row(cachefiles.plain_load(io.BytesIO(row)))


def _spliced(
    layout: Layout, last: bytes, records: list[parsecache.Record], renderer: Renderer
) -> bytes | None:
    """``last`` with the papers whose text changed rendered again, ``layout`` moved to
    match; None (``layout`` untouched) when one of them moved to another place."""
    changed: dict[int, bytes] = {}
    for index, (old, record) in enumerate(zip(layout.digests, records, strict=True)):
        if old == record[0]:
            continue
        entry = _entry(record)
        placing = pickle.dumps(_placing(entry, renderer.options), pickle.HIGHEST_PROTOCOL)
        if placing != layout.placings[index]:
            return None
        changed[index] = renderer.entries([entry])[0].encode("utf-8")
    if not changed:
        return last
    pieces: list[bytes] = []
    done = 0  # how much of ``last`` is in ``pieces``
    shift = 0  # how much longer the new rendering is up to the current slot
    starts, lengths = layout.starts, layout.lengths
    for slot, owner in enumerate(layout.owners):
        if shift:
            starts[slot] += shift
        text = changed.get(owner)
        if text is not None:
            begin = starts[slot] - shift
            pieces += (last[done:begin], text)
            done = begin + lengths[owner]
            shift += len(text) - lengths[owner]
    pieces.append(last[done:])
    for index, text in changed.items():
        layout.digests[index] = records[index][0]
        lengths[index] = len(text)
    return b"".join(pieces)


def _assembled(
    old: Layout | None,
    texts: list[bytes | None] | None,
    records: list[parsecache.Record],
    renderer: Renderer,
    part: str,
) -> tuple[bytes, Layout | None]:
    """Group, sort and join the document again, rendering only the papers whose text
    ``old`` and ``texts`` (from the last rendering) do not hold; with its layout, None
    when the document cannot be taken apart."""
    known = {digest: index for index, digest in enumerate(old.digests)} if old else {}
    keys, digests, rendered, placings = [], [], [], []
    papers: dict[str, Any] = {}
    for record in records:
        index = known.get(record[0])
        text = texts[index] if texts is not None and index is not None else None
        if old is not None and index is not None and text is not None:
            placing = old.placings[index]
            values = cachefiles.plain_load(io.BytesIO(placing))
        else:
            entry = _entry(record)
            values = _placing(entry, renderer.options)
            text = renderer.entries([entry])[0].encode("utf-8")
            placing = pickle.dumps(values, pickle.HIGHEST_PROTOCOL)
        keys.append(record[1])
        digests.append(record[0])
        rendered.append(text)
        placings.append(placing)
        papers[record[1]] = _placed(values)
    renderer.catalog.papers = papers
    renderer.texts = {key: f"{SLOT}{index}{SLOT}" for index, key in enumerate(keys)}
    renderer.placed = 0
    marked = renderer.document() if part == "document" else renderer.body()
    cut = marked.split(SLOT)
    literals, slots = cut[0::2], cut[1::2]
    whole = all(slot.isdigit() and int(slot) < len(keys) for slot in slots)
    if not whole or len(slots) != renderer.placed:
        # A text of the document itself holds the mark: render it with the texts.
        renderer.texts = {
            key: text.decode("utf-8") for key, text in zip(keys, rendered, strict=True)
        }
        data = renderer.document() if part == "document" else renderer.body()
        return data.encode("utf-8"), None
    pieces: list[bytes] = []
    starts, owners = array("q"), array("q")
    position = 0
    for number, literal in enumerate(literals):
        piece = literal.encode("utf-8")
        pieces.append(piece)
        position += len(piece)
        if number < len(slots):
            owner = int(slots[number])
            starts.append(position)
            owners.append(owner)
            pieces.append(rendered[owner])
            position += len(rendered[owner])
    lengths = array("q", map(len, rendered))
    layout = Layout("", keys, digests, lengths, starts, owners, placings)
    return b"".join(pieces), layout


def _fits(layout: Layout, size: int) -> bool:
    """Whether every slot of ``layout`` lies inside a rendering of ``size`` bytes, in
    order and apart."""
    lengths, end = layout.lengths, 0
    for start, owner in zip(layout.starts, layout.owners, strict=True):
        if not (end <= start and 0 <= owner < len(lengths)):
            return False
        end = start + lengths[owner]
    return end <= size


def _key(options: RenderOptions, part: str, declarations: bytes, figures_raw: bytes) -> str:
    digest = hashlib.sha256(repr((part, options)).encode())
    context = (cachefiles.code_digest(), unicodedata.unidata_version, sys.version_info[:2])
    digest.update(repr(context).encode() + declarations)
    digest.update(hashlib.sha256(figures_raw).digest())
    return digest.hexdigest()


def _placing(entry: Entry, options: RenderOptions) -> tuple[Any, ...]:
    """What grouping, sorting and the statistics read of ``entry`` under ``options``,
    as plain values (a title only when sorting by title, so that editing one leaves
    the paper in place)."""
    day = entry.date.toordinal() if entry.date else None
    facets = {}
    if options.stats or options.group.startswith("facet:"):
        facets = {name: list(values) for name, values in entry.facets.items()}
    return (
        entry.key,
        entry.title if options.sort == "title" else "",
        entry.year,
        day,
        entry.month,
        entry.venue if options.sort == "venue" or options.stats else None,
        list(entry.sections),
        facets,
    )


def _placed(values: Any) -> Placed:
    key, title, year, day, month, venue, sections, facets = values
    if not (isinstance(sections, list) and isinstance(facets, dict)):
        raise ValueError("not a placing this code writes")
    date = dt.date.fromordinal(day) if day is not None else None
    return Placed(key, title, year, date, month, venue, sections, facets)


def _read(target: Path, key: str) -> Layout | None:
    """The layout remembered under ``key``, or None when absent, stale or not what this
    code writes."""
    payload = cachefiles.read(target, key)
    if payload is None:
        return None
    try:
        output_key, keys, digests, lengths, starts, owners, placings = cachefiles.plain_load(
            io.BytesIO(payload)
        )
        numbers = [array("q", values) for values in (lengths, starts, owners)]
        count = len(keys)
        shaped = (
            type(output_key) is str
            and len(digests) == len(placings) == len(numbers[0]) == count
            and len(numbers[1]) == len(numbers[2])
            and all(type(placing) is bytes for placing in placings)
            and all(type(digest) is bytes for digest in digests)
        )
    except (ValueError, TypeError):
        return None
    if not shaped:
        return None
    return Layout(output_key, keys, digests, *numbers, placings)


def _pickled(values: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # plain values, a tree: no memo needed
    pickler.dump(values)
    return buffer.getvalue()
