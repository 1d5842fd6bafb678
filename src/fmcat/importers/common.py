"""What every importer returns, and how imported entries join a catalog.

A paper already in the catalog (same identifier, or the same title with the dedupe
matcher's guards) is updated in place; anything else becomes a new entry. Papers repeated
inside one imported file become separate entries and are reported: ``fmcat dedupe``
merges them, with aliases, after the maintainer has seen them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fmcat import collector
from fmcat.environment import today
from fmcat.match import (
    CONFLICT,
    SAME,
    BlockIndex,
    compare,
    family_names,
    title_key,
)
from fmcat.model import Catalog, Entry, Section
from fmcat.normalize.keys import make_key
from fmcat.normalize.text import ascii_fold
from fmcat.validate import KEY_PATTERN, field_problem


@dataclass
class Imported:
    """An entry read from a file, with the headings it sat under."""

    entry: Entry
    headings: list[str] = field(default_factory=list)
    line: int = 0
    name: str | None = None  # what its table row calls it ("ECFKG"), when it says


@dataclass(frozen=True)
class Skipped:
    """A block of the file that was not read as a paper, and why."""

    line: int
    reason: str
    text: str = ""

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason, "text": self.text}


@dataclass
class ImportResult:
    items: list[Imported] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    catalog: Catalog | None = None  # declarations carried by fmcat's own JSON export
    blocks: list[Skipped] = field(default_factory=list)  # what was skipped, where

    def skip(self, reason: str, line: int = 0, text: str = "") -> None:
        """Count a skipped block under ``reason`` and remember where it was."""
        self.skipped[reason] += 1
        snippet = " ".join(text.split())
        self.blocks.append(Skipped(line, reason, snippet[:80]))


@dataclass(frozen=True)
class Flag:
    """An imported entry worth a look: no year, or a title that looks wrong."""

    key: str
    line: int
    flag: str

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "line": self.line, "flag": self.flag}


def flags_of(entry: Entry) -> list[str]:
    """What a maintainer should check in an imported entry."""
    found = []
    if not entry.year:
        found.append("no year")
    words = entry.title.split()
    if len(words) <= 2:
        found.append("very short title")
    letters = [char for char in entry.title if char.isalpha()]
    if len(letters) > 8 and all(char.isupper() for char in letters):
        found.append("title in capitals")
    if entry.title.rstrip().endswith((")", "]", "(", "[")):
        found.append("title ends in a bracket")
    return found


@dataclass
class ImportReport:
    new: list[Entry] = field(default_factory=list)
    merged: list[tuple[Entry, list[str]]] = field(default_factory=list)  # entry, changed fields
    repeated: list[tuple[str, str]] = field(default_factory=list)  # (new key, same as key)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (id, new, existing)
    sections_added: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    blocks: list[Skipped] = field(default_factory=list)
    sections: Counter[str] = field(default_factory=Counter)  # imported entries per section
    flags: list[Flag] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "new": [entry.key for entry in self.new],
            "merged": {entry.key: changed for entry, changed in self.merged},
            "repeated": [{"key": key, "same_as": other} for key, other in self.repeated],
            "conflicts": [
                {"identifier": ident, "title": title, "existing": key}
                for ident, title, key in self.conflicts
            ],
            "sections_added": self.sections_added,
            "skipped": dict(sorted(self.skipped.items())),
            "sections": dict(sorted(self.sections.items())),
            "skipped_blocks": [block.to_json() for block in self.blocks],
            "flags": [flag.to_json() for flag in self.flags],
        }


@dataclass
class ImportOptions:
    depth: int | None = None  # keep at most this many heading levels as sections
    section: str | None = None  # put every entry in this section instead
    prefer_import: bool = False  # imported values replace differing catalog values
    merge: bool = True  # False: every imported paper becomes a new entry (dedupe later)


def section_slug(title: str) -> str:
    """A section id part from a heading: ``Segment Anything (SAM)`` → ``segment-anything-sam``;
    a heading mostly in another script gets an id from its digest."""
    words = [ascii_fold(word) for word in re.split(r"[\s\-_/]+", title)]
    slug = "-".join(word for word in words if word)
    if slug and len(slug) * 2 >= len(re.sub(r"\W", "", title)):
        return slug
    # A heading in another script (顶级医学期刊): a stable id of its own, not "section".
    digest = hashlib.sha1(title.strip().encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else f"section-{digest}"


def _section_for(item: Imported, options: ImportOptions) -> list[tuple[str, str]]:
    """``[(id, title), ...]`` from the outermost to the entry's own section."""
    if options.section:
        return [(options.section, options.section)]
    headings = item.headings if options.depth is None else item.headings[: options.depth]
    path, out = [], []
    for heading in headings:
        path.append(section_slug(heading))
        out.append(("/".join(path), heading))
    return out


@collector.paused()  # matching builds fmcat's own acyclic blocks and keys, in bulk
def apply_import(catalog: Catalog, result: ImportResult, options: ImportOptions) -> ImportReport:
    """Merge ``result`` into ``catalog`` (already loaded, and locked when saving)."""
    report = ImportReport(skipped=Counter(result.skipped), blocks=list(result.blocks))
    # New papers are dated today; fmcat's own JSON carries a catalog, dates and all.
    day = today() if result.catalog is None else None
    if result.catalog is not None:
        _adopt_declarations(catalog, result.catalog)
    index = BlockIndex()
    for entry in catalog.papers.values():
        index.add(entry)
    fresh_index = BlockIndex()  # this file's new entries, to report papers listed twice
    taken = catalog.used_keys()
    known_sections = catalog.section_ids()
    claimed: set[str] = set()  # entries an earlier item of this file was merged into
    names: dict[str, str] = {}  # new entry → the name its table row gave it
    for item in result.items:
        entry = item.entry
        if not _keep_valid_fields(item, report):
            continue
        for section_id, title in _section_for(item, options):
            if section_id not in known_sections:
                catalog.sections.append(Section(section_id, title))
                known_sections.add(section_id)
                report.sections_added.append(section_id)
        sections = _section_for(item, options)
        if sections:
            entry.sections = [sections[-1][0]]
        report.sections[entry.sections[0] if entry.sections else ""] += 1
        existing, conflict = (
            _find(catalog, index, entry, claimed) if options.merge else (None, None)
        )
        if existing is not None:
            claimed.add(existing.key)
            changed = update_entry(existing, entry, options.prefer_import)
            report.merged.append((existing, changed))
            report.flags += [Flag(existing.key, item.line, f) for f in flags_of(existing)]
            continue
        if conflict is not None:
            report.conflicts.append(conflict)
        repeat, _ = _find(catalog, fresh_index, entry, set())
        if entry.key and entry.key not in taken and KEY_PATTERN.fullmatch(entry.key):
            pass  # a key the source gave (BibTeX, JSON) is kept
        else:
            entry.key = make_key(entry.authors, entry.year, entry.title, taken)
        taken.add(entry.key)
        entry.added = entry.added or day
        catalog.papers[entry.key] = entry
        report.new.append(entry)
        report.flags += [Flag(entry.key, item.line, flag) for flag in flags_of(entry)]
        named = names.get(repeat.key) if repeat is not None else None
        if repeat is not None and item.name and named and named != item.name:
            # One citation on two rows the list names differently (a copy error): two
            # papers to check, never one to merge.
            entry.not_duplicates.append(repeat.key)
            repeat.not_duplicates.append(entry.key)
            report.conflicts.append(
                (f"the citation of {named}", f"{item.name}: {entry.title}", repeat.key)
            )
        elif repeat is not None:
            report.repeated.append((entry.key, repeat.key))
        if item.name:
            names[entry.key] = item.name
        fresh_index.add(entry)
    return report


def _keep_valid_fields(item: Imported, report: ImportReport) -> bool:
    """Drop each field value the catalog format would refuse, reporting it with its line;
    False (the entry is skipped) when the title itself is unusable."""
    entry = item.entry
    where = f"line {item.line}: " if item.line else ""
    for name, value in entry.to_dict().items():
        problem = field_problem(name, value)
        if problem is None:
            continue
        if name == "title":
            report.skipped[f"{where}unusable title ({problem})"] += 1
            report.blocks.append(Skipped(item.line, f"unusable title ({problem})", entry.title))
            return False
        setattr(entry, name, [] if isinstance(value, list) else None)
        report.skipped[f"{where}{name} left out ({problem})"] += 1
        report.blocks.append(Skipped(item.line, f"{name} left out ({problem})", entry.title))
    return True


_COMPARED = ("title", "authors", "year", "venue", "arxiv", "doi", "url", "code")


def _find(catalog: Catalog, index: BlockIndex, entry: Entry, claimed: set[str]):
    """The catalog entry ``entry`` is, else None (and an identifier conflict, if any).
    A file that lists a paper twice matches each listing to its own entry: an entry an
    earlier listing took is the last choice, after the one in the same section and the
    one that differs in fewest fields, so importing an unchanged file again changes
    nothing."""
    candidates = index.candidates(entry)
    conflict = None
    same = []
    for key in candidates:
        other = catalog.papers.get(key)
        if other is None:
            continue
        verdict = compare(other, entry)
        identical = all(getattr(other, name) == getattr(entry, name) for name in _COMPARED)
        if verdict.kind == SAME or identical:  # "CPM-2" listed again: too short to judge
            same.append(other)
        elif verdict.kind == CONFLICT and conflict is None:
            conflict = (verdict.identifier or "", entry.title, other.key)
    if same:
        same.sort(
            key=lambda other: (
                other.key in claimed,
                not set(other.sections) & set(entry.sections),
                sum(getattr(other, name) != getattr(entry, name) for name in _COMPARED),
            )
        )
        return same[0], None
    return None, conflict


def update_entry(existing: Entry, imported: Entry, prefer_import: bool = False) -> list[str]:
    """Take what the imported entry states into ``existing``; never downgrade a published
    venue to a preprint, never drop an identifier. Returns the names of changed fields."""
    changed = []

    def put(name: str, value) -> None:
        if getattr(existing, name) != value:
            setattr(existing, name, value)
            changed.append(name)

    if (imported.title and title_key(imported.title) != title_key(existing.title)) or (
        prefer_import and imported.title
    ):
        put("title", imported.title)
    if imported.authors and (
        not existing.authors
        or prefer_import
        or (
            family_names(imported.authors) != family_names(existing.authors)
            and len(imported.authors) >= len(existing.authors)
        )
    ):
        put("authors", list(imported.authors))
    if imported.venue and (prefer_import or existing.is_preprint() or not imported.is_preprint()):
        put("venue", imported.venue)
        put("accepted", imported.accepted)
        if imported.year:
            put("year", imported.year)
    elif imported.year and not existing.year:
        put("year", imported.year)
    if imported.month and not (existing.date or existing.month):
        put("month", imported.month)
    for name in ("date", "arxiv", "doi", "url", "journal_ref", "comment"):
        value = getattr(imported, name)
        if value and (not getattr(existing, name) or prefer_import):
            put(name, value)
    if imported.code:
        put("code", imported.code)
    if imported.note and imported.note != existing.note:
        put("note", imported.note if prefer_import or not existing.note else existing.note)
    sections = list(dict.fromkeys([*existing.sections, *imported.sections]))
    if sections != existing.sections:
        put("sections", sections)
    for name, values in imported.facets.items():
        merged = list(dict.fromkeys([*existing.facets.get(name, []), *values]))
        if merged != existing.facets.get(name, []):
            existing.facets[name] = merged
            changed.append(name)
    return changed


def _adopt_declarations(catalog: Catalog, source: Catalog) -> None:
    """Facets, sections and settings from fmcat's own export, where the catalog lacks them."""
    for key, value in source.meta.items():
        catalog.meta.setdefault(key, value)
    for name, facet in source.facets.items():
        catalog.facets.setdefault(name, facet)
    known = catalog.section_ids()
    for section in source.sections:
        if section.id not in known:
            catalog.sections.append(section)
    for name, spec in source.venues.items():
        catalog.venues.setdefault(name, spec)
    if source.render and not catalog.render:
        catalog.render = dict(source.render)
    for group in source.not_duplicates:
        if group not in catalog.not_duplicates:
            catalog.not_duplicates.append(group)
