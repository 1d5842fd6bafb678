"""A catalog's text cut into its declarations and one piece per paper, so that an edit
re-parses only the papers whose text changed.

The cut is made only on the layout fmcat writes (and most hand edits keep): everything
before the first ``[papers.KEY]`` header, then each ``[papers.KEY]`` table with its
``[papers.KEY.*]`` subtables, and no other table after the papers. Anything else gives
None, and the file is parsed whole; so does a piece that does not parse on its own (a
header-like line inside a multi-line string leaves a string unclosed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from fmcat.digests import blake2b

# Matched on the UTF-8 bytes: the cut is made where the text's own "\n[" bytes are, and a
# piece's digest is taken of its bytes as they are (no piece is encoded again).
_PAPER = re.compile(
    rb'^[ \t]*\[[ \t]*papers[ \t]*\.[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\\\n]*")'
    rb"(?P<sub>[ \t]*\.[^\]\n]*)?[ \t]*\][ \t]*(?:#[^\n]*)?$"
)


class Piece:
    """One paper's tables: its key (unquoted), text (decoded when asked) and digest
    (taken when asked: a parse that keeps no cache needs none)."""

    __slots__ = ("_digest", "key", "raw")

    def __init__(self, key: str, raw: bytes) -> None:
        self.key = key
        self.raw = raw  # its tables as written, in UTF-8
        self._digest: bytes | None = None

    @property
    def digest(self) -> bytes:
        if self._digest is None:
            self._digest = _digest(self.raw)
        return self._digest

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8")


@dataclass(frozen=True, slots=True)
class Cut:
    declarations: str  # everything before the first paper
    papers: list[Piece]


def digest(text: str) -> bytes:
    return _digest(text.encode("utf-8"))


def _digest(raw: bytes) -> bytes:
    return blake2b(raw, digest_size=16).digest()


def _header_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Each line that opens with "[", with its offset (found with ``bytes.find``, which
    scans in C); an indented header is not one, and leaves a piece that does not parse
    on its own."""
    offset = 0 if data.startswith(b"[") else data.find(b"\n[") + 1
    if offset == 0 and not data.startswith(b"["):
        return
    while True:
        end = data.find(b"\n", offset)
        end = len(data) if end < 0 else end
        yield offset, data[offset:end]
        following = data.find(b"\n[", end)
        if following < 0:
            return
        offset = following + 1


def cut(text: str, raw: bytes | None = None) -> Cut | None:
    """The catalog's text (``raw``: its UTF-8 bytes, when at hand) as declarations and
    papers, or None when it is not laid out one paper table after another at the end."""
    data = raw if raw is not None else text.encode("utf-8")
    starts: list[tuple[int, str]] = []  # (offset, key) where each paper begins
    for offset, line in _header_lines(data):
        paper = _PAPER.match(line.rstrip(b"\r"))
        if paper is None:
            if starts:
                return None  # a table after the papers, or an array of tables
            continue
        key = paper["key"].decode("utf-8").strip('"')
        if paper["sub"]:
            if not starts or starts[-1][1] != key:
                return None  # a subtable away from its paper
            continue
        if b"\\" in paper["key"]:
            return None
        starts.append((offset, key))
    if not starts:
        return Cut(text, [])
    keys = [key for _, key in starts]
    if len(set(keys)) != len(keys):
        return None  # a paper defined twice: the whole parse reports it
    ends = [offset for offset, _ in starts[1:]] + [len(data)]
    pieces = [Piece(key, data[start:end]) for (start, key), end in zip(starts, ends, strict=True)]
    return Cut(data[: starts[0][0]].decode("utf-8"), pieces)
