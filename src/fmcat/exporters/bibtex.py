"""BibTeX with the catalog's keys: @inproceedings, @article or @misc by venue kind;
special characters escaped and non-ASCII letters written as LaTeX, so classic BibTeX
and biber both read it."""

from __future__ import annotations

import re

from pylatexenc.latexencode import unicode_to_latex

from fmcat.model import Entry, is_published_venue
from fmcat.normalize.authors import family_given
from fmcat.normalize.dates import MONTH_NAMES
from fmcat.normalize.venues import VenueTable

_ACRONYM = re.compile(r"(?<![\w{])([A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9][\w\-]*|[A-Z]\b)")


def _encode(text: str) -> str:
    return unicode_to_latex(text, non_ascii_only=False, unknown_char_policy="keep")


# The ASCII characters pylatexenc leaves as they are: text made only of them needs no
# encoding (most titles and names), so pylatexenc's per-character work is skipped.
_PLAIN = frozenset(c for c in map(chr, range(32, 127)) if _encode(c) == c)


def latex(text: str) -> str:
    """Escape LaTeX specials and encode non-ASCII characters."""
    return text if _PLAIN.issuperset(text) else _encode(text)


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
    return "\n".join(_entry(entry, venues) for entry in entries)


def _entry(entry: Entry, venues: VenueTable) -> str:
    kind = entry_type(entry, venues)
    fields: list[tuple[str, str]] = [("title", "{" + protect_case(latex(entry.title)) + "}")]
    if entry.authors:
        names = " and ".join(latex(family_given(name)) for name in entry.authors)
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
