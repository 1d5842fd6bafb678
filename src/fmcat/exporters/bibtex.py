"""BibTeX with the catalog's keys: @inproceedings, @article or @misc by venue kind;
special characters escaped and non-ASCII letters written as LaTeX, so classic BibTeX
and biber both read it."""

from __future__ import annotations

import functools
import logging
import re

from pylatexenc.latexencode import unicode_to_latex

from fmcat.model import MONTH_NAMES, Entry, is_published_venue
from fmcat.normalize.authors import family_given
from fmcat.normalize.venues import VenueTable

_ACRONYM = re.compile(r"(?<![\w{])([A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9][\w\-]*|[A-Z]\b)")


class _Unknown(logging.Filter):
    """Keeps the characters pylatexenc has no LaTeX for, instead of a log line each."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        found = _UNKNOWN.search(record.getMessage())
        if found is None:
            return True
        self.seen.add(chr(int(found[1], 16)))
        return False


_UNKNOWN = re.compile(r"No known latex representation for character: U\+([0-9A-Fa-f]+)")
_unknown = _Unknown()
logging.getLogger("pylatexenc.latexencode._unicode_to_latex_encoder").addFilter(_unknown)


@functools.lru_cache(maxsize=1 << 16)
def _encode(text: str) -> str:
    """A string as LaTeX, once per distinct string (names and venues repeat)."""
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_policy="keep")


def unknown_characters() -> list[str]:
    """The characters with no LaTeX form met since the last ``to_bibtex`` began (kept as
    they are, for biber and XeLaTeX), in code-point order."""
    return sorted(_unknown.seen)


# ASCII is escaped by one translation table (pylatexenc's own answers, asked once);
# only runs of other characters go to pylatexenc, each with the character before it (a
# combining accent joins that one). pylatexenc brace-protects what it writes, so the
# pieces join as the whole would; a property test holds the two equal.
_ASCII = str.maketrans({c: _encode(c) for c in map(chr, range(128)) if _encode(c) != c})
_NOT_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def latex(text: str) -> str:
    """Escape LaTeX specials and encode non-ASCII characters."""
    if text.isascii():
        return text.translate(_ASCII)
    pieces, end = [], 0
    for run in _NOT_ASCII.finditer(text):
        pieces += (text[end : run.start()].translate(_ASCII), _encode(run[0]))
        end = run.end()
    pieces.append(text[end:].translate(_ASCII))
    return "".join(pieces)


def protect_case(title: str) -> str:
    """Brace words with inner capitals (``{MedCLIP}``, ``{CT}``) so styles keep their case."""
    return _ACRONYM.sub(lambda m: "{" + m[1] + "}", title)


def entry_type(entry: Entry, venues: VenueTable) -> str:
    kind = venues.kind_of(entry.venue)
    if entry.venue and not entry.accepted and kind in ("conference", "workshop"):
        return "inproceedings"
    if entry.venue and not entry.accepted and kind == "journal":
        return "article"
    return "misc"


def to_bibtex(entries: list[Entry], venues: VenueTable) -> str:
    """The entries as one BibTeX document."""
    _unknown.seen.clear()
    _encode.cache_clear()  # so that every unknown character of this document is met
    _author.cache_clear()
    return "\n".join(_entry(entry, venues) for entry in entries)


@functools.lru_cache(maxsize=1 << 16)
def _author(name: str) -> str:
    """A name as BibTeX's "Family, Given", in LaTeX, once per distinct name."""
    return latex(family_given(name))


def _entry(entry: Entry, venues: VenueTable) -> str:
    kind = entry_type(entry, venues)
    fields: list[tuple[str, str]] = [("title", "{" + protect_case(latex(entry.title)) + "}")]
    if entry.authors:
        names = " and ".join(map(_author, entry.authors))
        fields.append(("author", "{" + names + "}"))
    if kind == "inproceedings":
        fields.append(("booktitle", "{" + latex(entry.venue or "") + "}"))
    elif kind == "article":
        fields.append(("journal", "{" + latex(entry.venue or "") + "}"))
    elif is_published_venue(entry.venue):
        note = entry.venue + (" (accepted)" if entry.accepted else "")
        fields.append(("note", "{" + latex(note) + "}"))
    if entry.year:
        fields.append(("year", f"{{{entry.year}}}"))
    month = entry.date.month if entry.date else entry.month
    if month:
        fields.append(("month", MONTH_NAMES[month - 1][:3].lower()))
    if entry.doi:
        fields.append(("doi", "{" + entry.doi + "}"))
    if entry.arxiv:
        fields += [("eprint", "{" + entry.arxiv + "}"), ("archiveprefix", "{arXiv}")]
    if entry.url:
        fields.append(("url", "{" + entry.url.replace("%", "\\%") + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{entry.key},\n{body}\n}}\n"
