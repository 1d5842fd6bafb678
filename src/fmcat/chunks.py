"""A catalog's text cut into its declarations and one piece per paper, so that an edit
re-parses only the papers whose text changed.

The cut is made only on the layout fmcat writes (and most hand edits keep): everything
before the first ``[papers.KEY]`` header, then each ``[papers.KEY]`` table with its
``[papers.KEY.*]`` subtables, and no other table after the papers. Anything else gives
None, and the file is parsed whole; so does a piece that does not parse on its own (a
header-like line inside a multi-line string leaves a string unclosed).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

_PAPER = re.compile(
    r'^[ \t]*\[[ \t]*papers[ \t]*\.[ \t]*(?P<key>[A-Za-z0-9_-]+|"[^"\\\n]*")'
    r"(?P<sub>[ \t]*\.[^\]\n]*)?[ \t]*\][ \t]*(?:#[^\n]*)?$"
)


@dataclass(frozen=True, slots=True)
class Piece:
    key: str  # the paper's key, unquoted
    text: str  # its tables, as written
    digest: bytes  # of its text


@dataclass(frozen=True, slots=True)
class Cut:
    declarations: str  # everything before the first paper
    papers: list[Piece]


def digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _header_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line that opens with "[", with its offset (found with ``str.find``, which
    scans in C); an indented header is not one, and leaves a piece that does not parse
    on its own."""
    offset = 0 if text.startswith("[") else text.find("\n[") + 1
    if offset == 0 and not text.startswith("["):
        return
    while True:
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        yield offset, text[offset:end]
        following = text.find("\n[", end)
        if following < 0:
            return
        offset = following + 1


def cut(text: str) -> Cut | None:
    """The catalog's text as declarations and papers, or None when it is not laid out
    one paper table after another at the end."""
    starts: list[tuple[int, str]] = []  # (offset, key) where each paper begins
    for offset, line in _header_lines(text):
        paper = _PAPER.match(line.rstrip("\r"))
        if paper is None:
            if starts:
                return None  # a table after the papers, or an array of tables
            continue
        key = paper["key"].strip('"')
        if paper["sub"]:
            if not starts or starts[-1][1] != key:
                return None  # a subtable away from its paper
            continue
        if "\\" in paper["key"]:
            return None
        starts.append((offset, key))
    if not starts:
        return Cut(text, [])
    keys = [key for _, key in starts]
    if len(set(keys)) != len(keys):
        return None  # a paper defined twice: the whole parse reports it
    pieces = []
    ends = [offset for offset, _ in starts[1:]] + [len(text)]
    for (start, key), end in zip(starts, ends, strict=True):
        piece = text[start:end]
        pieces.append(Piece(key, piece, digest(piece)))
    return Cut(text[: starts[0][0]], pieces)
