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
import io
import itertools
import pickle
import sys
import unicodedata
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fmcat import cachefiles, parsecache, store
from fmcat.digests import blake2b
from fmcat.model import Entry
from fmcat.render import memo
from fmcat.render.document import Renderer, RenderOptions

WHOLE_STYLES = frozenset({"table", "survey"})
WHOLE_SORTS = frozenset({"citations", "stars"})
SLOT = "\x00"  # marks where a paper's text goes while the document is taken apart
DIGEST = 16  # bytes of a paper text's digest (``chunks``)


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
    """How a rendering is made of its papers' texts, in UTF-8 byte lengths: ``gaps[0]``
    bytes of the document's own text, then the text of paper ``owners[0]``
    (``lengths[owners[0]]`` bytes), then ``gaps[1]`` bytes, and so on. Digests and
    placings are kept end to end in single byte strings (``DIGEST`` bytes each; the
    placings up to ``placing_ends``), so reading and writing a layout copies a few
    large strings rather than one object per paper."""

    __slots__ = (
        "digests",
        "gaps",
        "keys",
        "lengths",
        "output_key",
        "owners",
        "placing_ends",
        "placings",
    )

    def __init__(
        self,
        output_key: str,  # the memo key of the rendering this describes
        keys: list[str],  # the papers in file order
        digests: bytes,  # of each paper's text, end to end
        lengths: array,  # of each paper's rendered text
        gaps: array,  # the document's own text before each slot, and after the last
        owners: array,  # the paper of each slot, in document order
        placings: bytes,  # each paper's placing, pickled, end to end
        placing_ends: array,  # where each paper's placing ends in ``placings``
    ) -> None:
        self.output_key = output_key
        self.keys = keys
        self.digests = digests
        self.lengths = lengths
        self.gaps = gaps
        self.owners = owners
        self.placings = placings
        self.placing_ends = placing_ends

    def values(self) -> tuple[Any, ...]:
        arrays = (self.lengths, self.gaps, self.owners, self.placing_ends)
        head = (self.output_key, self.keys, self.digests, self.placings)
        return (*head, *(numbers.tobytes() for numbers in arrays))

    def placing(self, index: int) -> bytes:
        begin = self.placing_ends[index - 1] if index else 0
        return self.placings[begin : self.placing_ends[index]]

    def start(self, slot: int) -> int:
        """Where slot ``slot`` begins in the rendering."""
        before = self.owners[:slot]
        return sum(self.gaps[: slot + 1]) + sum(map(self.lengths.__getitem__, before))

    def first_texts(self, output: bytes) -> list[bytes | None]:
        """Each paper's text in ``output`` (None for a paper it does not show)."""
        found: list[bytes | None] = [None] * len(self.keys)
        position = self.gaps[0]
        for slot, owner in enumerate(self.owners):
            length = self.lengths[owner]
            if found[owner] is None:
                found[owner] = output[position : position + length]
            position += length + self.gaps[slot + 1]
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
    digests = b"".join(record[0] for record in records)
    changed: dict[int, bytes] = {}
    for index in _differing(layout.digests, digests):
        entry = _entry(records[index])
        placing = pickle.dumps(_placing(entry, renderer.options), pickle.HIGHEST_PROTOCOL)
        if placing != layout.placing(index):
            return None
        changed[index] = renderer.entries([entry])[0].encode("utf-8")
    if not changed:
        return last
    slots = sorted(slot for index in changed for slot in _slots_of(layout.owners, index))
    pieces: list[bytes | memoryview] = []
    done = 0  # how much of ``last`` is in ``pieces``
    unchanged = memoryview(last)  # its parts joined without copying them first
    for slot in slots:
        owner = layout.owners[slot]
        begin = layout.start(slot)
        pieces += (unchanged[done:begin], changed[owner])
        done = begin + layout.lengths[owner]
    pieces.append(unchanged[done:])
    for index, text in changed.items():
        layout.lengths[index] = len(text)
    layout.digests = digests
    return b"".join(pieces)


def _differing(old: bytes, new: bytes) -> Iterator[int]:
    """The indexes of the ``DIGEST``-byte digests that differ, compared a block at a
    time."""
    block = DIGEST * 1024
    old_view, new_view = memoryview(old), memoryview(new)
    for begin in range(0, len(new), block):
        if old_view[begin : begin + block] != new_view[begin : begin + block]:
            for at in range(begin, min(begin + block, len(new)), DIGEST):
                if old_view[at : at + DIGEST] != new_view[at : at + DIGEST]:
                    yield at // DIGEST


def _slots_of(owners: array, index: int) -> Iterator[int]:
    """The slots that show paper ``index``."""
    slot = -1
    while True:
        try:
            slot = owners.index(index, slot + 1)
        except ValueError:
            return
        yield slot


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
    known = {}
    if old is not None:
        view = old.digests
        known = {view[at : at + DIGEST]: at // DIGEST for at in range(0, len(view), DIGEST)}
    keys, digests, rendered, placings = [], [], [], []
    papers: dict[str, Any] = {}
    for record in records:
        index = known.get(record[0])
        text = texts[index] if texts is not None and index is not None else None
        if old is not None and index is not None and text is not None:
            placing = old.placing(index)
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
    gaps, owners = array("q"), array("q")
    for number, literal in enumerate(literals):
        piece = literal.encode("utf-8")
        pieces.append(piece)
        gaps.append(len(piece))
        if number < len(slots):
            owner = int(slots[number])
            owners.append(owner)
            pieces.append(rendered[owner])
    lengths = array("q", map(len, rendered))
    ends = array("q", itertools.accumulate(map(len, placings)))
    layout = Layout("", keys, b"".join(digests), lengths, gaps, owners, b"".join(placings), ends)
    return b"".join(pieces), layout


def _fits(layout: Layout, size: int) -> bool:
    """Whether ``layout`` describes a rendering of ``size`` bytes: its lengths add up,
    none below zero, every slot shows a paper."""
    lengths, gaps, owners = layout.lengths, layout.gaps, layout.owners
    return (
        len(gaps) == len(owners) + 1
        and min(gaps) >= 0
        and (not lengths or min(lengths) >= 0)
        and (not owners or (min(owners) >= 0 and max(owners) < len(lengths)))
        and sum(gaps) + sum(map(lengths.__getitem__, owners)) == size
    )


def _key(options: RenderOptions, part: str, declarations: bytes, figures_raw: bytes) -> str:
    digest = blake2b(repr((part, options)).encode(), digest_size=32)
    context = (cachefiles.code_digest(), unicodedata.unidata_version, sys.version_info[:2])
    digest.update(repr(context).encode() + declarations)
    digest.update(blake2b(figures_raw, digest_size=32).digest())
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
        output_key, keys, digests, placings, *numbers = cachefiles.plain_load(io.BytesIO(payload))
        lengths, gaps, owners, ends = (array("q", values) for values in numbers)
        count = len(keys)
        shaped = (
            type(output_key) is str
            and type(digests) is bytes
            and type(placings) is bytes
            and len(digests) == DIGEST * count
            and len(lengths) == len(ends) == count
            and (not ends or (min(ends) >= 0 and ends[-1] == len(placings)))
            and set(map(type, keys)) <= {str}
        )
    except (ValueError, TypeError):
        return None
    if not shaped:
        return None
    return Layout(output_key, keys, digests, lengths, gaps, owners, placings, ends)


def _pickled(values: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # plain values, a tree: no memo needed
    pickler.dump(values)
    return buffer.getvalue()
