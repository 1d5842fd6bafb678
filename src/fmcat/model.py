"""The catalog's data model: Entry, Facet, Section and Catalog.

The field tables here are the single description of the catalog format: validation,
canonical saving and the README's reference tables (``fmcat.reference``) follow them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()

# Entry fields in their canonical order, with the type each one takes.
# Types: str, text (one-line str), int, month, date, bool, strlist, arxiv, doi, url, keylist.
ENTRY_FIELDS: dict[str, str] = {
    "title": "text",
    "authors": "strlist",
    "authors_truncated": "bool",
    "year": "int",
    "date": "date",
    "month": "month",
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
    "added": "date",
}
REQUIRED_ENTRY_FIELDS = ("title",)
PREPRINT_VENUE = "arXiv"  # the venue of a paper known only as a preprint

FIELD_DOCS: dict[str, str] = {
    "title": "Paper title (required), one line, no trailing period.",
    "authors": 'Author display names, "Given Family", in paper order.',
    "authors_truncated": '`true` when the list named only the first authors ("et al.").',
    "year": "Publication year: of the venue when published, else of the first arXiv version.",
    "date": "First public date (first arXiv version or issue date), a TOML date.",
    "month": "Month (1-12) of `year` when the list gives a month but no day (`202405`).",
    "venue": 'Canonical short venue name ("MICCAI", "Nature Medicine"); "arXiv" for preprints.',
    "accepted": "`true` when the venue is announced (arXiv comment) but not yet verified.",
    "arxiv": "Bare arXiv id, no version: `2301.04558` or `hep-th/9901001`.",
    "doi": "Bare DOI, lower case, no resolver: `10.1038/s41586-023-05881-4`.",
    "url": "Another link to the paper (publisher page) when it has no arXiv id or DOI.",
    "code": "Code repository or project page (http/https).",
    "journal_ref": "arXiv's journal reference, as arXiv gives it.",
    "comment": "arXiv's author comment, as arXiv gives it.",
    "sections": "Ids of the sections the entry is rendered in.",
    "note": "Free-form note.",
    "aliases": "Former keys of this entry, so old citations and anchors resolve.",
    "not_duplicates": "Entries known not to be the same paper.",
    "added": "The day `add` or `import` put the entry in the catalog (feeds, release notes).",
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


@dataclass(slots=True)
class Entry:
    """One paper. ``facets`` maps a declared facet name to its values."""

    key: str
    title: str
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    year: int | None = None
    date: dt.date | None = None
    month: int | None = None
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
    added: dt.date | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)

    def is_preprint(self) -> bool:
        """No published venue yet: none, arXiv, or one announced but not verified."""
        return not is_published_venue(self.venue) or self.accepted

    def held_identifiers(self) -> list[tuple[str, str]]:
        """``("arxiv", id)`` and ``("doi", doi)`` for the identifiers this entry holds."""
        held = [("arxiv", self.arxiv)] if self.arxiv else []
        if self.doi:
            held.append(("doi", self.doi))
        return held

    def in_section(self, section: str) -> bool:
        """Is the entry in ``section`` or in a section nested under it (``section/...``)?"""
        return any(own == section or own.startswith(section + "/") for own in self.sections)

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
        return [f"{kind}:{value}" for kind, value in self.held_identifiers()]


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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Catalog:
        """A Catalog from a parsed mapping whose blocking problems have been ruled out."""
        facets = {
            name: Facet(
                name=name,
                values=list(spec["values"]),
                label=spec.get("label"),
                markers=dict(spec.get("markers", {})),
            )
            for name, spec in data.get("facets", {}).items()
        }
        facet_names = set(facets)
        return cls(
            meta=dict(data.get("catalog", {})),
            facets=facets,
            sections=[
                Section(s["id"], s["title"], s.get("description")) for s in data.get("sections", [])
            ],
            venues=dict(data.get("venues", {})),
            render=dict(data.get("render", {})),
            not_duplicates=[list(group) for group in data.get("not_duplicates", [])],
            papers={
                key: Entry.from_dict(key, entry, facet_names)
                for key, entry in data.get("papers", {}).items()
            },
        )

    def section_ids(self) -> set[str]:
        return {section.id for section in self.sections}

    def identifier_index(self) -> dict[tuple[str, str], list[Entry]]:
        """``(kind, value)`` of every arXiv id and DOI held → the entries holding it, in
        key order. Built afresh on each call: callers keep it while they look up many."""
        index: dict[tuple[str, str], list[Entry]] = {}
        for key in sorted(self.papers):
            entry = self.papers[key]
            for held in entry.held_identifiers():
                index.setdefault(held, []).append(entry)
        return index

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


def is_published_venue(venue: str | None) -> bool:
    """Does ``venue`` name a publication (not none, not arXiv)?"""
    return bool(venue) and venue.lower() != PREPRINT_VENUE.lower()
