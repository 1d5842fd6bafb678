"""Keeping a catalog true over time.

``refresh``: preprints (and announced-but-unverified venues) are looked up again; when
arXiv now names a DOI or journal, or the DOI's record names the published venue, or a
Crossref search by title and authors finds the published version, the entry gets the
published venue, year and DOI, keeping its arXiv id, key, title, authors, sections,
facets, links and note.

``verify``: the title behind every identifier is compared with the stored title, so a
link pasted onto the wrong paper, or an identifier that resolves to nothing, is found.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from fmcat import store
from fmcat.filters import Filters, resolve_keys, select
from fmcat.ids import Identifier
from fmcat.linkcheck import LinkReport, LinkResult, check_links, links_of
from fmcat.links import github_repo
from fmcat.match import family_names, title_key, titles_agree
from fmcat.metrics import Metrics
from fmcat.model import Catalog, Entry, is_published_venue
from fmcat.normalize.entry import build_entry
from fmcat.normalize.venues import VenueTable, venue_table
from fmcat.sources.cache import RecordCache
from fmcat.sources.record import Record
from fmcat.sources.resolve import Progress, Resolved, Resolver

REFRESHED_FIELDS = ("venue", "year", "accepted", "doi", "journal_ref", "comment")


@dataclass
class Change:
    key: str
    changes: dict[str, tuple[Any, Any]]  # field → (old, new)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "changes": {
                name: {"old": old, "new": new} for name, (old, new) in self.changes.items()
            },
        }


@dataclass
class IdentifierProblem:
    """An entry's identifier that resolves to nothing, or could not be looked up."""

    key: str
    identifier: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "identifier": self.identifier, "reason": self.reason}


def refresh_candidates(catalog: Catalog, keys: list[str], sections: list[str], since: int | None):
    """Entries that are still preprints (or announced, not verified) and have an arXiv id
    or authors to search by."""
    chosen = []
    for key in sorted(catalog.papers):
        entry = catalog.papers[key]
        if not (entry.arxiv or entry.authors) or not entry.is_preprint():
            continue
        if keys and key not in keys:
            continue
        if sections and not any(entry.in_section(section) for section in sections):
            continue
        if since is not None and (entry.year or 0) < since:
            continue
        chosen.append(entry)
    return chosen


def published_changes(
    entry: Entry, primary: Record, published: Record | None, venues: VenueTable
) -> dict[str, tuple[Any, Any]]:
    """What a refresh changes on ``entry`` given its record (arXiv's, or the published
    version a search found) and the published version's record when there is one."""
    fresh = build_entry(primary, published, venues)
    if not is_published_venue(fresh.venue) and not fresh.doi:
        return {}
    changes = {}
    for name in REFRESHED_FIELDS:
        old, new = getattr(entry, name), getattr(fresh, name)
        if name in ("doi", "journal_ref", "comment") and not new:
            continue  # never drop what is there
        if name in ("venue", "year", "accepted") and not is_published_venue(fresh.venue):
            continue  # a DOI alone does not name the venue
        if old != new:
            changes[name] = (old, new)
    return changes


def is_published_version(record: Record, title: str, authors: list[str], year: int | None):
    """Is this search result the published version of the paper? Not itself a preprint;
    the titles agree (exactly, for titles of three words or fewer); the first author is
    among its authors; not published more than a year before the preprint."""
    if record.kind == "posted-content" or (record.doi or "").startswith("10.48550/"):
        return False
    first = family_names(authors[:1])
    if not first or not first <= family_names(record.authors):
        return False
    if year and record.year and record.year < year - 1:
        return False
    if len(title_key(title).split()) <= 3:
        return title_key(title) == title_key(record.title)
    return titles_agree(title, record.title)


@dataclass
class RefreshReport:
    candidates: int = 0
    searched: int = 0  # Crossref title searches made or read from the cache
    changes: list[Change] = field(default_factory=list)
    unresolved: list[IdentifierProblem] = field(default_factory=list)  # ids that resolve to nothing
    unchecked: list[IdentifierProblem] = field(default_factory=list)  # network failures: partial

    def to_json(self) -> dict[str, Any]:
        return {
            "checked": self.candidates - len(self.unchecked) - len(self.unresolved),
            "searched": self.searched,
            "changes": [change.to_json() for change in self.changes],
            "unresolved": [item.to_json() for item in self.unresolved],
            "unchecked": [item.to_json() for item in self.unchecked],
            "partial": bool(self.unchecked),
        }


def refresh(
    path: Path,
    keys: list[str],
    sections: list[str],
    since: int | None,
    *,
    max_age_days: float = 1.0,
    offline: bool = False,
    dry_run: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> RefreshReport:
    """``fmcat refresh``: look the catalog's preprints up again (records fetched within
    ``max_age_days`` are reused) and write what changed, under the lock, unless
    ``dry_run``."""
    snapshot = store.load(path).catalog
    entries = refresh_candidates(snapshot, resolve_keys(snapshot, keys), sections, since)
    cache = RecordCache(max_age=max_age_days * 86400)
    mailto = snapshot.meta.get("mailto")
    with Resolver.for_catalog(mailto, offline, cache, notice, transport) as resolver:
        report = find_publications(entries, resolver, venue_table(snapshot.venues), progress)
    if report.changes and not dry_run:
        with store.edit(path) as loaded:
            report.changes = apply_changes(loaded.catalog, report.changes)
    return report


def find_publications(
    entries: list[Entry], resolver: Resolver, venues: VenueTable, progress: Progress | None = None
) -> RefreshReport:
    """Look every entry up again: arXiv ids in batches (following the DOIs arXiv names),
    then a Crossref search by title and authors for those arXiv links to no publication
    (and those without an arXiv id)."""
    report = RefreshReport(candidates=len(entries))
    idents = [Identifier("arxiv", entry.arxiv) for entry in entries if entry.arxiv]
    # Until the searches are known, every entry counts as one step.
    steps = (lambda done, _: progress(done, len(entries))) if progress else None
    resolved = resolver.resolve(idents, progress=steps)
    to_search: list[tuple[Entry, Record | None]] = []  # with the entry's arXiv record
    for entry in entries:
        if not entry.arxiv:
            to_search.append((entry, None))
            continue
        item = resolved[Identifier("arxiv", entry.arxiv)]
        if item.primary is None:
            failed = IdentifierProblem(entry.key, f"arxiv:{entry.arxiv}", item.error or "")
            (report.unchecked if item.network_error else report.unresolved).append(failed)
            continue
        found = published_changes(entry, item.primary, item.published, venues)
        if found:
            report.changes.append(Change(entry.key, found))
        elif not (item.primary.doi or item.primary.journal_ref):
            to_search.append((entry, item.primary))  # arXiv names no publication
    for done, (entry, primary) in enumerate(to_search, start=1):
        title = primary.title if primary else entry.title
        authors = primary.authors if primary else entry.authors
        accept = functools.partial(
            is_published_version, title=title, authors=authors, year=entry.year
        )
        match, error, network = resolver.search_published(title, authors, accept)
        if progress:
            progress(len(idents) + done, len(idents) + len(to_search))
        report.searched += 1
        if match is None:
            if network:
                report.unchecked.append(
                    IdentifierProblem(entry.key, "Crossref search", error or "")
                )
            continue
        found = published_changes(entry, primary or match, match if primary else None, venues)
        if found:
            report.changes.append(Change(entry.key, found))
    report.changes.sort(key=lambda change: change.key)
    return report


def apply_changes(catalog: Catalog, changes: list[Change]) -> list[Change]:
    """Write ``changes`` into a freshly loaded catalog; entries edited meanwhile (no longer
    a preprint, or gone) are left alone. Returns what was applied."""
    applied = []
    for change in changes:
        entry = catalog.papers.get(change.key)
        if entry is None or not entry.is_preprint():
            continue
        for name, (_, new) in change.changes.items():
            setattr(entry, name, new)
        applied.append(change)
    return applied


@dataclass
class Mismatch:
    key: str
    identifier: str
    stored: str
    resolved: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "identifier": self.identifier,
            "stored_title": self.stored,
            "resolved_title": self.resolved,
        }


@dataclass
class VerifyReport:
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    unresolved: list[IdentifierProblem] = field(default_factory=list)
    unchecked: list[IdentifierProblem] = field(default_factory=list)  # network failures: partial
    repositories: list[RepositoryProblem] = field(default_factory=list)
    links: LinkReport | None = None

    def dead_links(self) -> list[LinkResult]:
        found = self.links.results.values() if self.links else []
        return [result for result in found if result.status == "dead"]

    def to_json(self) -> dict[str, Any]:
        data = {
            "checked": self.checked,
            "mismatches": [m.to_json() for m in self.mismatches],
            "unresolved": [u.to_json() for u in self.unresolved],
            "unchecked": [u.to_json() for u in self.unchecked],
            "repositories": [r.to_json() for r in self.repositories],
            "partial": bool(self.unchecked),
        }
        if self.links is not None:
            data["links"] = [result.to_json() for result in self.links.results.values()]
            data["links_fetched"] = self.links.asked
        return data


@dataclass
class RepositoryProblem:
    """A code link to a repository GitHub says is gone, archived or empty."""

    key: str
    repository: str
    problem: str  # missing, archived, empty
    fetched: dt.date

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "repository": self.repository,
            "problem": self.problem,
            "as_of": self.fetched.isoformat(),
        }


def repository_problems(entries: list[Entry], figures: Metrics) -> list[RepositoryProblem]:
    """The entries whose code repository ``fmcat enrich`` found gone, archived or empty."""
    found = []
    for entry in entries:
        name = github_repo(entry.code)
        repo = figures.repos.get(name) if name else None
        problem = repo.problem() if repo is not None else None
        if repo is not None and problem is not None:
            found.append(RepositoryProblem(entry.key, name or "", problem, repo.fetched))
    return found


def verify(
    catalog: Catalog,
    filters: Filters,
    *,
    offline: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    figures: Metrics | None = None,
    links: bool = False,
    catalog_path: Path | None = None,
) -> VerifyReport:
    """``fmcat verify``: resolve every identifier the selected entries hold and compare
    the title it names with the stored one; with ``figures`` (what enrich found), also
    list code repositories that are gone, archived or empty. Changes nothing."""
    chosen = select(catalog, filters)
    held = identifiers_of(chosen)
    mailto = catalog.meta.get("mailto")
    with Resolver.for_catalog(mailto, offline, notice=notice, transport=transport) as resolver:
        resolved = resolver.resolve(list(held), progress=progress, follow_published=False)
    report = compare_titles(held, resolved)
    if figures is not None:
        report.repositories = repository_problems(chosen, figures)
    if links:
        cache_for = catalog_path or Path("catalog.toml")
        report.links = check_links(
            links_of(chosen), cache_for, offline=offline, transport=transport
        )
    return report


def identifiers_of(entries: list[Entry]) -> dict[Identifier, list[Entry]]:
    held: dict[Identifier, list[Entry]] = {}
    for entry in entries:
        for kind, value in entry.held_identifiers():
            held.setdefault(Identifier(kind, value), []).append(entry)
    return held


def compare_titles(held: dict[Identifier, list[Entry]], resolved: dict[Identifier, Resolved]):
    """Compare every stored title with the title its identifiers resolve to."""
    report = VerifyReport()
    for ident in sorted(held, key=str):
        item = resolved[ident]
        for entry in held[ident]:
            if item.primary is None:
                bucket = report.unchecked if item.network_error else report.unresolved
                bucket.append(IdentifierProblem(entry.key, str(ident), item.error or "not found"))
                continue
            report.checked += 1
            if not titles_agree(entry.title, item.primary.title):
                report.mismatches.append(
                    Mismatch(entry.key, str(ident), entry.title, item.primary.title)
                )
    return report
