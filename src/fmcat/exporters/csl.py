"""CSL-JSON, the input format of citeproc processors (Pandoc, Zotero, citeproc-js)."""

from __future__ import annotations

from typing import Any

from fmcat.ids import arxiv_url
from fmcat.model import Entry
from fmcat.normalize.authors import name_parts
from fmcat.normalize.venues import VenueTable


def csl_item(entry: Entry, venues: VenueTable) -> dict[str, Any]:
    kind = venues.kind_of(entry.venue)
    published = not entry.is_preprint()
    if published and kind in ("conference", "workshop"):
        csl_type = "paper-conference"
    elif published and kind == "journal":
        csl_type = "article-journal"
    else:
        csl_type = "article"
    item: dict[str, Any] = {"id": entry.key, "type": csl_type, "title": entry.title}
    if entry.authors:
        item["author"] = [_name(name) for name in entry.authors]
    if entry.date and (not entry.year or entry.date.year == entry.year):
        item["issued"] = {"date-parts": [[entry.date.year, entry.date.month, entry.date.day]]}
    elif entry.year and entry.month:
        item["issued"] = {"date-parts": [[entry.year, entry.month]]}
    elif entry.year:
        item["issued"] = {"date-parts": [[entry.year]]}
    if published:
        item["container-title"] = entry.venue
    elif entry.arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{entry.arxiv}"
    if entry.doi:
        item["DOI"] = entry.doi
    url = entry.url or (arxiv_url(entry.arxiv) if entry.arxiv else None)
    if url:
        item["URL"] = url
    return item


def _name(name: str) -> dict[str, str]:
    family, given, suffix = name_parts(name)
    if not given:
        return {"literal": name}
    return {"family": family, "given": given} | ({"suffix": suffix} if suffix else {})


def to_csl(entries: list[Entry], venues: VenueTable) -> list[dict[str, Any]]:
    return [csl_item(entry, venues) for entry in entries]
