"""From source records to a catalog Entry: the one place metadata becomes an entry."""

from __future__ import annotations

import re

from fmcat import ids
from fmcat.model import Entry
from fmcat.normalize.authors import clean_authors
from fmcat.normalize.text import clean_text, clean_title
from fmcat.normalize.venues import Venue, VenueTable
from fmcat.sources.record import Record


def resolve_venue(record: Record, venues: VenueTable) -> tuple[str | None, str | None]:
    """``(venue, kind)`` of a published record: the table's short name when one of its
    names matches, else the cleaned container title."""
    for raw in (record.event, record.venue, record.venue_short):
        match = venues.match(raw)
        if match:
            return match.name, match.kind
    raw = record.venue or record.event or record.venue_short
    return (clean_text(raw), None) if raw else (None, None)


def announced_venue(record: Record, venues: VenueTable):
    """The venue an arXiv record's journal_ref or comment names, if any: a known venue,
    else the journal a journal_ref starts with (``Phys. Rev. B 85, 115117 (2012)``)."""
    match = venues.match(record.journal_ref)
    if match and match.kind != "preprint":
        return match
    return venues.in_comment(record.comment) or _journal_of(record.journal_ref)


def _journal_of(journal_ref: str | None) -> Venue | None:
    if not journal_ref:
        return None
    name = re.match(r"\s*([^\d(]*[^\d(\s,;:])", clean_text(journal_ref))
    if not name or len(name[1]) < 3 or not re.search(r"[A-Za-z]{2}", name[1]):
        return None
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", journal_ref)
    return Venue(name[1].strip(), "journal", int(years[-1]) if years else None)


def _canonical_doi(value: str | None) -> str | None:
    parsed = ids.parse_doi(value) if value else None
    return parsed.value if parsed is not None and parsed.kind == "doi" else None


def build_entry(primary: Record, published: Record | None, venues: VenueTable) -> Entry:
    """An Entry (key left empty) from an arXiv or DOI record and, for an arXiv paper, the
    record of its published version when one is known."""
    entry = Entry(key="", title=clean_title(primary.title))
    entry.authors = clean_authors(primary.authors)
    entry.date = primary.date
    entry.year = primary.year or (primary.date.year if primary.date else None)
    if primary.source == "arxiv":
        entry.arxiv = primary.arxiv
        entry.doi = _canonical_doi(primary.doi)
        entry.journal_ref = clean_text(primary.journal_ref) if primary.journal_ref else None
        entry.comment = clean_text(primary.comment) if primary.comment else None
        entry.venue = "arXiv"
        if published is not None:
            venue, _ = resolve_venue(published, venues)
            entry.venue = venue or entry.venue
            entry.year = published.year or entry.year
            entry.doi = _canonical_doi(published.doi) or entry.doi
        else:
            announced = announced_venue(primary, venues)
            if announced is not None:
                entry.venue = announced.name
                entry.year = announced.year or entry.year
                entry.accepted = True
        if not entry.authors and published is not None:
            entry.authors = clean_authors(published.authors)
        return entry
    entry.doi = _canonical_doi(primary.doi)
    entry.venue, _ = resolve_venue(primary, venues)
    return entry
