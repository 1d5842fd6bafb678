"""The catalog's data model: Entry, Facet, Section, Catalog, and citation-key generation.

The field tables here are the single description of the catalog format: validation,
canonical saving and the README's reference table all follow them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# Entry fields in their canonical order, with the type each one takes.
# Types: str, text (one-line str), int, date, bool, strlist, arxiv, doi, url, keylist.
ENTRY_FIELDS: dict[str, str] = {
    "title": "text",
    "authors": "strlist",
    "authors_truncated": "bool",
    "year": "int",
    "date": "date",
    "venue": "text",
    "accepted": "bool",
    "arxiv": "arxiv",
    "doi": "doi",
    "url": "url",
    "code": "url",
    "journal_ref": "text",
    "comment": "text",
    "sections": "strlist",
    "note": "str",
    "aliases": "keylist",
    "not_duplicates": "keylist",
}
REQUIRED_ENTRY_FIELDS = ("title",)

FIELD_DOCS: dict[str, str] = {
    "title": "Paper title (required), one line, no trailing period.",
    "authors": 'Author display names, "Given Family", in paper order.',
    "authors_truncated": 'true when the list named only the first authors ("et al.").',
    "year": "Publication year: of the venue when published, else of the first arXiv version.",
    "date": "First public date (first arXiv version or issue date), a TOML date.",
    "venue": 'Canonical short venue name ("MICCAI", "Nature Medicine"); "arXiv" for preprints.',
    "accepted": "true when the venue is announced (arXiv comment) but not yet verified.",
    "arxiv": "Bare arXiv id, no version: 2301.04558 or hep-th/9901001.",
    "doi": "Bare DOI, lower case, no resolver: 10.1038/s41586-023-05881-4.",
    "url": "Another link to the paper (publisher page) when it has no arXiv id or DOI.",
    "code": "Code repository or project page (http/https).",
    "journal_ref": "arXiv's journal reference, as arXiv gives it.",
    "comment": "arXiv's author comment, as arXiv gives it.",
    "sections": "Ids of the sections the entry is rendered in.",
    "note": "Free-form note (markdown-escaped when rendered).",
    "aliases": "Former keys of this entry (kept by dedupe merges) so old citations resolve.",
    "not_duplicates": "Keys of entries known not to be the same paper (dedupe skips them).",
}

CATALOG_FIELDS: dict[str, str] = {
    "title": "text",
    "description": "str",
    "header": "str",
    "footer": "str",
    "style": "text",
    "mailto": "text",
}

CATALOG_DOCS: dict[str, str] = {
    "title": "Title of the rendered list.",
    "description": "Intro paragraph under the title (markdown).",
    "header": "Markdown placed before the title (badges, banners).",
    "footer": "Markdown placed after the list (contributing notes, citation block).",
    "style": "Default render style.",
    "mailto": "Contact address sent to Crossref (polite pool).",
}

_KEY_STOPWORDS = frozenset(
    """a an the on of in for to towards toward via with from and or is are do does can what
    when how why using by at as its into over under your our we you it be this that""".split()
)


@dataclass(slots=True)
class Entry:
    """One paper. ``facets`` maps a declared facet name to its values."""

    key: str
    title: str
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    year: int | None = None
    date: dt.date | None = None
    venue: str | None = None
    accepted: bool = False
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    code: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    sections: list[str] = field(default_factory=list)
    note: str | None = None
    aliases: list[str] = field(default_factory=list)
    not_duplicates: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self, facet_order: list[str] | None = None) -> dict[str, Any]:
        """The entry as an ordered mapping of its set fields (facets last), without key."""
        out: dict[str, Any] = {}
        for name in ENTRY_FIELDS:
            value = getattr(self, name)
            if value is None or value == [] or value is False:
                continue
            out[name] = value
        names = facet_order if facet_order is not None else sorted(self.facets)
        for name in names:
            values = self.facets.get(name)
            if values:
                out[name] = list(values)
        return out

    def to_json(self, facet_order: list[str] | None = None) -> dict[str, Any]:
        """The entry for JSON output: ``key`` first, then the catalog's field names."""
        return {"key": self.key, **self.to_dict(facet_order)}

    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any], facet_names: set[str]) -> Entry:
        """Build an entry from an already validated mapping."""
        kwargs: dict[str, Any] = {}
        facets: dict[str, list[str]] = {}
        for name, value in data.items():
            if name in ENTRY_FIELDS:
                kwargs[name] = list(value) if isinstance(value, list) else value
            elif name in facet_names:
                facets[name] = [value] if isinstance(value, str) else list(value)
        return cls(key=key, facets=facets, **kwargs)

    def identifiers(self) -> list[str]:
        """The entry's identifiers as ``kind:value`` strings."""
        ids = []
        if self.arxiv:
            ids.append(f"arxiv:{self.arxiv}")
        if self.doi:
            ids.append(f"doi:{self.doi}")
        return ids


@dataclass(slots=True)
class Facet:
    """A user-defined classification (e.g. modality) and its allowed values."""

    name: str
    values: list[str]
    label: str | None = None
    markers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.label:
            out["label"] = self.label
        out["values"] = list(self.values)
        if self.markers:
            out["markers"] = dict(self.markers)
        return out


@dataclass(slots=True)
class Section:
    """A rendered section. ``id`` is a path: ``textual/contrastive`` nests under ``textual``."""

    id: str
    title: str
    description: str | None = None

    @property
    def parent(self) -> str | None:
        return self.id.rpartition("/")[0] or None

    @property
    def depth(self) -> int:
        return self.id.count("/")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.description:
            out["description"] = self.description
        return out


@dataclass(slots=True)
class Catalog:
    """The whole catalog: settings, facet and section declarations, and the papers."""

    meta: dict[str, Any] = field(default_factory=dict)
    facets: dict[str, Facet] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    venues: dict[str, dict[str, Any]] = field(default_factory=dict)
    render: dict[str, Any] = field(default_factory=dict)
    not_duplicates: list[list[str]] = field(default_factory=list)
    papers: dict[str, Entry] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The canonical mapping that is saved: fixed table order, papers sorted by key."""
        out: dict[str, Any] = {}
        if self.meta:
            out["catalog"] = {k: self.meta[k] for k in CATALOG_FIELDS if k in self.meta}
        if self.render:
            out["render"] = self.render
        if self.venues:
            out["venues"] = {name: self.venues[name] for name in sorted(self.venues)}
        if self.facets:
            out["facets"] = {name: facet.to_dict() for name, facet in self.facets.items()}
        if self.sections:
            out["sections"] = [section.to_dict() for section in self.sections]
        if self.not_duplicates:
            out["not_duplicates"] = [sorted(group) for group in self.not_duplicates]
        order = list(self.facets)
        out["papers"] = {key: self.papers[key].to_dict(order) for key in sorted(self.papers)}
        return out

    def section_ids(self) -> set[str]:
        return {section.id for section in self.sections}

    def resolve_key(self, key_or_alias: str) -> Entry | None:
        """The entry with this key, or whose aliases include it."""
        entry = self.papers.get(key_or_alias)
        if entry is not None:
            return entry
        for candidate in self.papers.values():
            if key_or_alias in candidate.aliases:
                return candidate
        return None

    def used_keys(self) -> set[str]:
        """Every key and alias in use."""
        used = set(self.papers)
        for entry in self.papers.values():
            used.update(entry.aliases)
        return used


_FOLD_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "đ": "d", "ı": "i"}
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """Lower-case ASCII letters and digits, everything else one space:
    ``Pérez-García's`` → ``perez garcia s``."""
    if text.isascii():
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text).translate(_FOLD_SPECIAL)
    # Accents go; any other non-letter (a dash of any kind, a quote) separates words.
    spaced = _NOT_WORD.sub(" ", _COMBINING.sub("", decomposed))
    ascii_text = spaced.encode("ascii", "ignore").decode().lower()
    return _NOT_ALNUM.sub(" ", ascii_text).strip()


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``Pérez-García`` → ``perezgarcia``."""
    return fold_words(text).replace(" ", "")


def family_name(display_name: str) -> str:
    """The last word of a "Given Family" name, the part a citation key uses."""
    words = display_name.replace(",", " ").split()
    return words[-1] if words else ""


def make_key(authors: list[str], year: int | None, title: str, taken: set[str]) -> str:
    """A citation key ``family + year + first significant title word`` (``word + year``
    without authors), unique in ``taken`` (letter suffixes on collisions)."""
    family = ascii_fold(family_name(authors[0])) if authors else ""
    word = ""
    for token in re.split(r"[\s\-–—:/]+", title):
        folded = ascii_fold(token)
        if folded and folded not in _KEY_STOPWORDS:
            word = folded
            break
    base = (f"{family}{year or ''}{word}" if family else f"{word}{year or ''}") or "paper"
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
