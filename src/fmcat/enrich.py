"""``fmcat enrich``: citation counts and external ids from Semantic Scholar (OpenAlex for
what it misses), stars and upkeep of code repositories from GitHub, kept in the metrics
file beside the catalog; and the authors, year, date, venue and DOI an entry lacks,
filled into the catalog from the same answers, never over what a person wrote.

Only what is older than ``max_age`` is asked again, so a second run the same week sends
no request. Fetching happens before the catalog is locked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from fmcat import filters, metrics, store
from fmcat.errors import SourceError, UsageError
from fmcat.links import github_repo
from fmcat.metrics import Metrics, PaperMetrics, RepoMetrics
from fmcat.model import Catalog, Entry
from fmcat.normalize.authors import clean_authors
from fmcat.normalize.venues import VenueTable, venue_table
from fmcat.sources import github, openalex, semanticscholar
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Cited
from fmcat.sources.resolve import Progress, make_http

FILLED_FIELDS = ("authors", "year", "date", "venue", "doi")


@dataclass
class EnrichReport:
    entries: int = 0  # entries selected
    asked: int = 0  # paper identifiers looked up (the others were fresh enough)
    counted: int = 0  # of those, with a citation count found
    repos_asked: int = 0
    filled: dict[str, list[str]] = field(default_factory=dict)  # key → fields filled in
    repos: dict[str, RepoMetrics] = field(default_factory=dict)  # archived, missing, empty
    unchecked: list[str] = field(default_factory=list)  # what failed: the run is partial
    dry_run: bool = False
    metrics_file: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "asked": self.asked,
            "counted": self.counted,
            "repositories_asked": self.repos_asked,
            "filled": self.filled,
            "repositories": {name: repo.problem() for name, repo in sorted(self.repos.items())},
            "unchecked": self.unchecked,
            "partial": bool(self.unchecked),
            "dry_run": self.dry_run,
            "metrics_file": self.metrics_file,
        }


@dataclass
class EnrichOptions:
    keys: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    max_age_days: float = 7.0
    offline: bool = False
    dry_run: bool = False


def parse_age(text: str) -> float:
    """``7d``, ``12h``, ``30`` (days) → days; UsageError for anything else."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dh]?)\s*", text)
    if not match:
        raise UsageError(f"--max-age {text!r}: expected days (7d) or hours (12h)")
    number = float(match[1])
    return number / 24 if match[2] == "h" else number


def run(
    path: Path,
    options: EnrichOptions,
    *,
    notice: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
    today: dt.date | None = None,
) -> EnrichReport:
    """``fmcat enrich`` on the catalog at ``path``: fetch what is stale, write the metrics
    file and the filled-in fields (unless ``dry_run``), and report."""
    snapshot = store.load(path).catalog
    chosen = filters.from_options(snapshot, sections=options.sections, keys=options.keys)
    entries = filters.select(snapshot, chosen)
    figures_path = metrics.path_for(path)
    figures = metrics.load(figures_path)
    today = today or dt.date.today()
    fresh_since = today - dt.timedelta(days=options.max_age_days)
    report = EnrichReport(
        entries=len(entries), dry_run=options.dry_run, metrics_file=str(figures_path)
    )
    fills: dict[str, dict[str, Any]] = {}
    if not options.offline:
        http = make_http(snapshot.meta.get("mailto"), notice, transport)
        http.min_interval["s2"] = semanticscholar.min_interval()
        with http:
            step = _Steps(progress, 2)
            fills = _papers(entries, snapshot, figures, fresh_since, today, http, report)
            step()
            _repos(entries, figures, fresh_since, today, http, report)
            step()
    report.repos = {
        name: repo
        for entry in entries
        if (name := github_repo(entry.code)) and (repo := figures.repos.get(name))
        if repo.problem()
    }
    if not options.dry_run:
        metrics.save(figures_path, figures)
        if fills:
            with store.edit(path) as loaded:
                report.filled = _fill(loaded.catalog, fills)
    else:
        report.filled = _fill(snapshot, fills)
    return report


class _Steps:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)


def paper_id(entry: Entry) -> tuple[str, str] | None:
    """The identifier the figures are kept under, and how Semantic Scholar takes it."""
    if entry.arxiv:
        return f"arxiv:{entry.arxiv}", f"ARXIV:{entry.arxiv}"
    if entry.doi:
        return f"doi:{entry.doi}", f"DOI:{entry.doi}"
    return None


def _papers(
    entries: list[Entry],
    catalog: Catalog,
    figures: Metrics,
    fresh_since: dt.date,
    today: dt.date,
    http: HttpClient,
    report: EnrichReport,
) -> dict[str, dict[str, Any]]:
    """Citation counts for the stale identifiers; the fields each entry could be given."""
    stale: dict[str, Entry] = {}
    asks: dict[str, str] = {}
    for entry in entries:
        found = paper_id(entry)
        if found is None:
            continue
        held = figures.papers.get(found[0])
        if held is None or held.fetched < fresh_since:
            stale.setdefault(found[0], entry)
            asks[found[0]] = found[1]
    report.asked = len(stale)
    if not stale:
        return {}
    try:
        papers = semanticscholar.fetch(list(asks.values()), http)
    except SourceError as err:
        report.unchecked.append(f"Semantic Scholar: {err}")
        return {}
    known = {ident: papers.get(asks[ident]) for ident in stale}
    misses = {
        entry.doi: ident
        for ident, entry in stale.items()
        if entry.doi and (known[ident] is None or known[ident].citations is None)
    }
    works: dict[str, Cited] = {}
    if misses:
        try:
            works = openalex.fetch(list(misses), http, catalog.meta.get("mailto"))
        except SourceError as err:
            report.unchecked.append(f"OpenAlex: {err}")
    venues = venue_table(catalog.venues)
    fills: dict[str, dict[str, Any]] = {}
    for ident, entry in stale.items():
        paper = known[ident]
        work = works.get(entry.doi or "")
        record = _figures(paper, work, today)
        figures.papers[ident] = record
        report.counted += record.citations is not None
        offered = _offered(paper, work, venues)
        if offered:
            fills[entry.key] = offered
    return fills


def _figures(paper: Cited | None, work: Cited | None, today: dt.date) -> PaperMetrics:
    if paper is not None and paper.citations is not None:
        ids = dict(paper.ids) | ({"openalex": work.ids["openalex"]} if work else {})
        return PaperMetrics(today, paper.citations, paper.influential, "semanticscholar", ids)
    if work is not None and work.citations is not None:
        return PaperMetrics(today, work.citations, None, "openalex", dict(work.ids))
    return PaperMetrics(today)  # no service knows it: not asked again until stale


def _offered(paper: Cited | None, work: Cited | None, venues: VenueTable) -> dict[str, Any]:
    """What the answers say about the fields enrich may fill in."""
    source = paper if paper is not None and paper.title else work
    if source is None:
        return {}
    offered: dict[str, Any] = {
        "authors": clean_authors(source.authors),
        "year": source.year,
        "date": source.date,
        "venue": _venue(source.venue, venues),
        "doi": paper.doi if paper is not None else None,
    }
    return {name: value for name, value in offered.items() if value}


def _venue(raw: str | None, venues: VenueTable) -> str | None:
    if not raw or raw.lower().startswith("arxiv"):
        return None
    match = venues.match(raw)
    return match.name if match is not None else raw


def _fill(catalog: Catalog, fills: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Give each entry the offered fields it lacks; a value a person wrote stays. A DOI
    already on another entry, or arXiv's own DOI, is not given."""
    held_dois = {entry.doi for entry in catalog.papers.values() if entry.doi}
    filled: dict[str, list[str]] = {}
    for key in sorted(fills):
        entry = catalog.papers.get(key)
        if entry is None:
            continue
        for name in FILLED_FIELDS:
            value = fills[key].get(name)
            if value is None or getattr(entry, name) not in (None, []):
                continue
            if name == "doi" and (value in held_dois or value.startswith("10.48550/")):
                continue
            if name == "venue" and entry.venue is None and entry.arxiv and not entry.doi:
                continue  # a preprint's venue is refresh's to find, with its DOI
            setattr(entry, name, value)
            filled.setdefault(key, []).append(name)
    return filled


def _repos(
    entries: list[Entry],
    figures: Metrics,
    fresh_since: dt.date,
    today: dt.date,
    http: HttpClient,
    report: EnrichReport,
) -> None:
    """Stars, last push, archived flag and licence for the stale code repositories."""
    names = sorted({name for entry in entries if (name := github_repo(entry.code))})
    stale = [
        name
        for name in names
        if name not in figures.repos or figures.repos[name].fetched < fresh_since
    ]
    report.repos_asked = len(stale)
    if not stale:
        return
    try:
        found, stopped = github.fetch(stale, http)
    except SourceError as err:
        report.unchecked.append(f"GitHub: {err}")
        return
    if stopped:
        report.unchecked.append(stopped)
    for name, repo in found.items():
        moved = repo.name.lower() if repo.name and repo.name.lower() != name else None
        figures.repos[name] = RepoMetrics(
            fetched=today,
            stars=repo.stars,
            pushed=dt.date.fromisoformat(repo.pushed) if repo.pushed else None,
            archived=repo.archived,
            empty=repo.empty,
            missing=repo.missing,
            license=repo.license,
            moved_to=moved,
        )
