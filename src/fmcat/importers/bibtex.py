"""Read BibTeX (bibtexparser v2) into entries: LaTeX decoded, arXiv ids and DOIs found
wherever BibTeX files keep them (eprint/archivePrefix, url, journal, doi)."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock

from fmcat import ids
from fmcat.importers.common import Imported, ImportResult
from fmcat.model import Entry
from fmcat.normalize.authors import clean_authors, split_bibtex_authors
from fmcat.normalize.dates import month_number, parse_date
from fmcat.normalize.text import clean_text, clean_title
from fmcat.normalize.venues import VenueTable

_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


def parse_bibtex(text: str, venues: VenueTable) -> ImportResult:
    """Every BibTeX entry as an Imported item; unparseable blocks are counted as skipped."""
    # bibtexparser logs each block it cannot parse; they are counted in the report instead.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    result = ImportResult()
    entries = list(library.entries)
    for block in library.failed_blocks:
        repeated = getattr(block, "ignore_error_block", None)
        if isinstance(block, DuplicateBlockKeyBlock) and repeated is not None:
            entries.append(repeated)  # a key used twice: the paper comes in under a new key
        else:
            result.skip("unparseable BibTeX block", block.start_line + 1, block.raw)
    entries.sort(key=lambda bib: bib.start_line)
    for bib in entries:
        fields = {name.lower(): str(field.value) for name, field in bib.fields_dict.items()}
        title = fields.get("title", "").strip()
        if not title:
            result.skip("BibTeX entry without a title", bib.start_line + 1, bib.raw)
            continue
        entry = Entry(key=bib.key, title=clean_title(title))
        if fields.get("author"):
            entry.authors = clean_authors(split_bibtex_authors(fields["author"]))
        year = re.search(r"\d{4}", fields.get("year", "") or fields.get("date", ""))
        entry.year = int(year[0]) if year else None
        entry.date = _date(fields, entry.year)
        _identifiers(entry, fields)
        venue = fields.get("booktitle") or fields.get("journal") or fields.get("publisher")
        venue = clean_text(venue or "").strip("{} ")
        if venue and not _ARXIV_IN_TEXT.search(venue) and venue.lower() != "arxiv":
            match = venues.match(venue)
            entry.venue = match.name if match else venue
        elif entry.arxiv and not entry.doi:
            entry.venue = "arXiv"
        for name in ("code", "github"):
            if fields.get(name, "").startswith(("http://", "https://")):
                entry.code = fields[name].strip()
        if fields.get("note") and not entry.note:
            entry.note = clean_text(fields["note"])
        result.items.append(Imported(entry, [], bib.start_line + 1))
    return result


def _date(fields: dict[str, str], year: int | None):
    if fields.get("date"):
        return parse_date(fields["date"])
    month = month_number(fields.get("month", ""))
    day = fields.get("day", "").strip()
    if year and month and day.isdigit():
        return parse_date(f"{year}-{month:02d}-{int(day):02d}")
    return None


def _identifiers(entry: Entry, fields: dict[str, str]) -> None:
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).lower()
    if fields.get("eprint") and (prefix == "arxiv" or not prefix):
        found = ids.try_parse_identifier(fields["eprint"])
        if found is not None and found.kind == "arxiv":
            entry.arxiv = found.value
    if fields.get("doi"):
        found = ids.try_parse_identifier(fields["doi"])
        if found is not None:
            setattr(entry, found.kind, getattr(entry, found.kind) or found.value)
    for name in ("journal", "booktitle", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(fields.get(name, ""))
        if match and not entry.arxiv:
            found = ids.try_parse_identifier(match[1])
            entry.arxiv = found.value if found is not None and found.kind == "arxiv" else None
    url = fields.get("url", "").strip()
    if url:
        found = ids.identifier_from_url(url)
        if found is None:
            entry.url = url if url.startswith(("http://", "https://")) else None
        elif not getattr(entry, found.kind):
            setattr(entry, found.kind, found.value)
