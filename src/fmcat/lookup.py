"""``fmcat lookup``: what a query means (identifier, key, or words) and what it finds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fmcat import ids
from fmcat.filters import Filters, matches
from fmcat.model import Catalog, Entry

if TYPE_CHECKING:
    from fmcat.search import SearchIndex


@dataclass
class LookupResult:
    entries: list[Entry] = field(default_factory=list)  # up to the limit
    identifier: ids.Identifier | None = None  # the query was an identifier
    total: int = 0  # matches in all


def as_identifier(query: str) -> ids.Identifier | None:
    """The arXiv id or DOI a query is (any form ``fmcat add`` accepts), else None."""
    if not query or " " in query.strip():
        return None
    found = ids.try_parse_identifier(query)
    if found is None and query.startswith(("http://", "https://")):
        found = ids.identifier_from_url(query)
    return ids.Identifier(found.kind, found.value) if found else None


def find(
    catalog: Catalog,
    query: str,
    filters: Filters,
    index: SearchIndex | None = None,
    limit: int | None = None,
) -> LookupResult:
    """Entries for ``query`` (identifier → key or alias → words), filtered, the first
    ``limit`` of them built. ``index`` is the catalog's search index (built when
    needed and not given)."""
    papers = catalog.papers

    def chosen(keys: list[str], identifier: ids.Identifier | None = None) -> LookupResult:
        if not filters.active():  # build only the entries shown
            shown = keys[:limit] if limit is not None else keys
            return LookupResult([papers[key] for key in shown], identifier, len(keys))
        found = [papers[key] for key in keys if matches(papers[key], filters)]
        shown = found[:limit] if limit is not None else found
        return LookupResult(shown, identifier, len(found))

    if not query:
        return chosen(sorted(papers))
    ident = as_identifier(query)
    if ident is not None:
        if index is not None:
            return chosen(index.holding(ident.kind, ident.value), ident)
        held = catalog.identifier_index().get((ident.kind, ident.value), [])
        return chosen([entry.key for entry in held], ident)
    if index is not None:
        key = index.resolve(query.strip(), papers)
    else:
        entry = catalog.resolve_key(query.strip())
        key = entry.key if entry is not None else None
    if key is not None:
        return chosen([key])
    if index is None:
        from fmcat.search import SearchIndex

        index = SearchIndex.of_catalog(catalog)
    return chosen([hit.key for hit in index.search(query)])
