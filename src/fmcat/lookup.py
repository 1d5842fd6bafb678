"""``fmcat lookup``: what a query means (identifier, key, or words) and what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field

from fmcat import ids
from fmcat.filters import Filters, matches
from fmcat.model import Catalog, Entry


@dataclass
class LookupResult:
    entries: list[Entry] = field(default_factory=list)
    identifier: ids.Identifier | None = None  # the query was an identifier


def as_identifier(query: str) -> ids.Identifier | None:
    """The arXiv id or DOI a query is (any form ``fmcat add`` accepts), else None."""
    if not query or " " in query.strip():
        return None
    found = ids.try_parse_identifier(query)
    if found is None and query.startswith(("http://", "https://")):
        found = ids.identifier_from_url(query)
    return ids.Identifier(found.kind, found.value) if found else None


def find(catalog: Catalog, query: str, filters: Filters) -> LookupResult:
    """Entries for ``query`` (identifier → key or alias → words), then filtered."""

    def allowed(entry: Entry) -> bool:
        return matches(entry, filters)

    if not query:
        chosen = [catalog.papers[key] for key in sorted(catalog.papers)]
        return LookupResult([e for e in chosen if allowed(e)])
    ident = as_identifier(query)
    if ident is not None:
        held = catalog.identifier_index().get((ident.kind, ident.value), [])
        return LookupResult([entry for entry in held if allowed(entry)], ident)
    by_key = catalog.resolve_key(query.strip())
    if by_key is not None:
        return LookupResult([by_key] if allowed(by_key) else [])
    from fmcat.search import search

    hits = search(catalog, query)
    return LookupResult([hit.entry for hit in hits if allowed(hit.entry)])
