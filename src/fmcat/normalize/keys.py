"""Citation keys: ``family + year + first significant title word``, unique in a catalog."""

from __future__ import annotations

import re

from fmcat.normalize.text import ascii_fold

_KEY_STOPWORDS = frozenset(
    """a an the on of in for to towards toward via with from and or is are do does can what
    when how why using by at as its into over under your our we you it be this that""".split()
)


def family_name(display_name: str) -> str:
    """The last word of a "Given Family" name, the part a citation key uses."""
    words = display_name.replace(",", " ").split()
    return words[-1] if words else ""


def title_words(title: str, count: int) -> list[str]:
    """The first ``count`` significant words of a title, folded to ASCII (no stopwords)."""
    words = []
    for token in re.split(r"[\s\-–—:/]+", title):
        folded = ascii_fold(token)
        if folded and folded not in _KEY_STOPWORDS:
            words.append(folded)
            if len(words) == count:
                break
    return words


def base_key(authors: list[str], year: int | None, title: str) -> str:
    """``family + year + first significant title word``; without authors, ``year`` and
    the first two significant words (``2023biomedclip-multimodal``), so that a key is
    never a lone common word."""
    family = ascii_fold(family_name(authors[0])) if authors else ""
    if family:
        return f"{family}{year or ''}{''.join(title_words(title, 1))}"
    return f"{year or ''}{'-'.join(title_words(title, 2))}" or "paper"


def make_key(authors: list[str], year: int | None, title: str, taken: set[str]) -> str:
    """``base_key``, unique in ``taken`` (letter suffixes on collisions)."""
    base = base_key(authors, year, title)
    if base not in taken:
        return base
    for suffix in _suffixes():
        candidate = base + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def _suffixes():
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second
    n = 1
    while True:
        yield str(n)
        n += 1
