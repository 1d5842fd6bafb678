"""Resolve identifiers to records: cache first, then arXiv in batches, then Crossref /
doi.org one DOI at a time; search Crossref for a paper's published version. Failures are
collected per identifier, never raised."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from fmcat import userconfig
from fmcat.environment import env_number
from fmcat.errors import SourceError
from fmcat.ids import Identifier
from fmcat.sources import arxiv, crossref
from fmcat.sources.cache import RecordCache
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Record

Progress = Callable[[int, int], None]
NO_PUBLICATION = "no published version found (Crossref search)"


@dataclass(slots=True)
class Resolved:
    """What an identifier resolved to: its record (and published version) or an error."""

    ident: Identifier
    primary: Record | None = None
    published: Record | None = None
    error: str | None = None
    network_error: bool = False
    warning: str | None = None


def make_http(
    mailto: str | None = None,
    notice: Callable[[str], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> HttpClient:
    """The shared client: ``$FMCAT_MAILTO`` (or the catalog's mailto) for Crossref's polite
    pool, ``$FMCAT_HTTP_TIMEOUT`` seconds per attempt, ``$FMCAT_HTTP_RETRIES`` retries
    with ``$FMCAT_HTTP_BACKOFF`` seconds of backoff doubling each time."""
    for setting in (arxiv.base_url, crossref.crossref_url, crossref.doi_url):
        setting()  # a malformed setting stops the command before any request
    timeout = env_number("FMCAT_HTTP_TIMEOUT", 20.0, minimum=0.1, maximum=3600)
    retries = env_number("FMCAT_HTTP_RETRIES", 3, minimum=0, maximum=20)
    backoff = env_number("FMCAT_HTTP_BACKOFF", 1.0, minimum=0, maximum=600)
    return HttpClient(
        mailto=userconfig.get("mailto") or mailto or None,
        timeout=timeout,
        max_attempts=1 + int(retries),
        backoff=backoff,
        notice=notice,
        min_interval={"arxiv": arxiv.min_interval()},
        transport=transport,
    )


class Resolver:
    """Fetch records for identifiers with caching; ``offline`` uses the cache only.

    Used as a context manager, it closes the HTTP client it made itself::

        with Resolver.for_catalog(catalog.meta.get("mailto"), offline=False) as resolver:
            resolver.resolve(idents)
    """

    def __init__(
        self,
        http: HttpClient | None = None,
        cache: RecordCache | None = None,
        offline: bool = False,
    ) -> None:
        self._owns_http = http is None
        self.http = http or make_http()
        self.cache = cache or RecordCache()
        self.offline = offline

    @classmethod
    def for_catalog(
        cls,
        mailto: str | None,
        offline: bool = False,
        cache: RecordCache | None = None,
        notice: Callable[[str], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> Resolver:
        """A resolver with its own client, polite with the catalog's ``mailto``
        (``transport`` replaces the network, for tests)."""
        resolver = cls(make_http(mailto, notice, transport), cache, offline)
        resolver._owns_http = True
        return resolver

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def resolve(
        self,
        idents: list[Identifier],
        progress: Progress | None = None,
        follow_published: bool = True,
    ) -> dict[Identifier, Resolved]:
        results = {ident: Resolved(ident) for ident in idents}
        arxiv_ids = [ident for ident in idents if ident.kind == "arxiv"]
        self._resolve_arxiv(arxiv_ids, results)
        dois = [ident for ident in idents if ident.kind == "doi"]
        total = len(arxiv_ids) + len(dois)
        done = len(arxiv_ids)
        if progress:
            progress(done, total)
        for ident in dois:
            record, error, network = self._doi(ident.value)
            results[ident].primary, results[ident].error = record, error
            results[ident].network_error = network
            done += 1
            if progress:
                progress(done, total)
        if follow_published:
            for ident in arxiv_ids:
                item = results[ident]
                if item.primary is not None and item.primary.doi:
                    record, error, _ = self._doi(item.primary.doi.lower())
                    item.published = record
                    if error:
                        item.warning = f"published version {item.primary.doi}: {error}"
        return results

    def _resolve_arxiv(self, idents: list[Identifier], results: dict) -> None:
        to_fetch = []
        for ident in idents:
            cached = self.cache.get(str(ident))
            if isinstance(cached, Record):
                results[ident].primary = cached
            elif isinstance(cached, str):
                results[ident].error = cached
            elif self.offline:
                results[ident].error = "not in the cache (offline)"
                results[ident].network_error = True
            else:
                to_fetch.append(ident)
        if not to_fetch:
            return
        try:
            found = arxiv.fetch([ident.value for ident in to_fetch], self.http)
        except SourceError as err:
            for ident in to_fetch:
                results[ident].error, results[ident].network_error = str(err), True
            return
        for ident in to_fetch:
            record = found.get(ident.value)
            if record is None:
                results[ident].error = "not found on arXiv"
                self.cache.put_missing(str(ident), "not found on arXiv")
            else:
                results[ident].primary = record
                self.cache.put(str(ident), record)

    def _doi(self, doi: str) -> tuple[Record | None, str | None, bool]:
        missing = "DOI not found (Crossref, doi.org)"
        return self._cached(f"doi:{doi}", lambda: crossref.fetch(doi, self.http), missing)

    def search_published(
        self, title: str, authors: list[str], accept: Callable[[Record], bool]
    ) -> tuple[Record | None, str | None, bool]:
        """The first Crossref search result for ``title`` and ``authors`` that ``accept``
        takes, as (record, error, network error). Cached, also when none is taken."""
        digest = hashlib.sha256(f"{title}\n{'; '.join(authors)}".encode()).hexdigest()

        def first_accepted() -> Record | None:
            return next(filter(accept, crossref.search(title, authors, self.http)), None)

        return self._cached(f"search:{digest[:32]}", first_accepted, NO_PUBLICATION)

    def _cached(
        self, key: str, fetch: Callable[[], Record | None], missing: str
    ) -> tuple[Record | None, str | None, bool]:
        """The cached record for ``key``, else ``fetch()`` (None: ``missing``, also
        cached), as (record, error, network error)."""
        cached = self.cache.get(key)
        if isinstance(cached, Record):
            return cached, None, False
        if isinstance(cached, str):
            return None, cached, False
        if self.offline:
            return None, "not in the cache (offline)", True
        try:
            record = fetch()
        except SourceError as err:
            return None, str(err), True
        if record is None:
            self.cache.put_missing(key, missing)
            return None, missing, False
        self.cache.put(key, record)
        return record, None, False
