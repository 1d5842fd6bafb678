"""``fmcat add``: identifiers in, clean entries into the catalog; and the preview of what
it would write, which ``fmcat lookup`` shows for an identifier the catalog lacks.

Fetching happens before the catalog is locked; applying happens under the lock on the
freshly loaded catalog, so a slow network never blocks another writer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from fmcat import store
from fmcat.environment import today
from fmcat.errors import UsageError
from fmcat.files import read_input
from fmcat.filters import parse_facets
from fmcat.ids import Identifier, parse_identifier
from fmcat.model import Catalog, Entry
from fmcat.normalize.entry import build_entry
from fmcat.normalize.keys import make_key
from fmcat.normalize.venues import venue_table
from fmcat.sources.resolve import Progress, Resolved, Resolver
from fmcat.validate import did_you_mean, url_problem

_COMMENT = re.compile(r"(?:^|\s)#.*$")
FETCHED_FIELDS = (
    "title",
    "authors",
    "date",
    "year",
    "venue",
    "accepted",
    "arxiv",
    "doi",
    "journal_ref",
    "comment",
)


@dataclass
class AddOptions:
    """What the user sets on every added entry."""

    sections: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)  # NAME=VALUE, as given
    code: str | None = None
    note: str | None = None
    update: bool = False


@dataclass
class AddReport:
    added: list[Entry] = field(default_factory=list)
    updated: list[Entry] = field(default_factory=list)
    existing: list[tuple[str, str]] = field(default_factory=list)  # (identifier, key)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (identifier, reason)
    warnings: list[str] = field(default_factory=list)
    network_failure: bool = False
    dry_run: bool = False
    facet_order: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [entry.to_json(self.facet_order) for entry in self.added],
            "updated": [entry.to_json(self.facet_order) for entry in self.updated],
            "present": [{"id": ident, "key": key} for ident, key in self.existing],
            "failed": [{"id": ident, "reason": reason} for ident, reason in self.failed],
            "dry_run": self.dry_run,
        }


def run(
    path: Path,
    idents: list[Identifier],
    options: AddOptions,
    *,
    offline: bool = False,
    dry_run: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> AddReport:
    """``fmcat add``: resolve what the catalog lacks (all of it with ``update``), then
    write it under the lock, or only report it (``dry_run``)."""
    if options.code is not None and url_problem(options.code):
        raise UsageError(f"--code {options.code!r}: {url_problem(options.code)}")
    snapshot = store.load(path).catalog
    parse_facets(options.facets, snapshot)  # a bad option stops before any request
    check_sections(options.sections, snapshot)
    report = AddReport(dry_run=dry_run, facet_order=list(snapshot.facets))
    index = snapshot.identifier_index()
    to_fetch = []
    for ident in idents:
        holder = find_existing(index, ident)
        if holder is not None and not options.update:
            report.existing.append((str(ident), holder.key))
        else:
            to_fetch.append(ident)
    with Resolver.for_catalog(
        snapshot.meta.get("mailto"), offline, notice=notice, transport=transport
    ) as resolver:
        resolved = resolver.resolve(to_fetch, progress=progress)
    if dry_run:
        apply(snapshot, resolved, options, report)
    else:
        with store.edit(path) as loaded:
            apply(loaded.catalog, resolved, options, report)
    return report


def preview(
    catalog: Catalog,
    ident: Identifier,
    *,
    offline: bool = False,
    notice: Callable[[str], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> AddReport:
    """What ``fmcat add IDENT`` would do to ``catalog``, written nowhere: the entry it
    would add, the entry that already holds the paper (also under its published DOI),
    or why it failed. ``catalog`` is changed as add would change it."""
    report = AddReport(dry_run=True, facet_order=list(catalog.facets))
    holder = find_existing(catalog.identifier_index(), ident)
    if holder is not None:
        report.existing.append((str(ident), holder.key))
        return report
    with Resolver.for_catalog(
        catalog.meta.get("mailto"), offline, notice=notice, transport=transport
    ) as resolver:
        resolved = resolver.resolve([ident])
    apply(catalog, resolved, AddOptions(), report)
    return report


MAX_LIST_BYTES = 64 << 20  # characters read from --from-file


def read_tokens(args: list[str], from_file: str | None, stdin_text: str | None) -> list[str]:
    """Identifiers from arguments, a file and stdin; blank lines and # comments ignored."""
    tokens = [arg for arg in args if arg != "-"]
    texts = []
    if from_file:
        texts.append(read_input(from_file, MAX_LIST_BYTES))
    if stdin_text is not None:
        texts.append(stdin_text)
    for text in texts:
        for line in text.splitlines():
            line = _COMMENT.sub("", line).strip()  # "#" starts a comment, not inside a URL
            if line:
                tokens.append(line)
    return tokens


def parse_tokens(tokens: list[str]) -> list[Identifier]:
    """Canonical identifiers, in order, without repeats; UsageError on the first bad one."""
    if not tokens:
        raise UsageError("no identifiers given", hint="fmcat add 2301.04558 [MORE ...]")
    seen: dict[Identifier, None] = {}
    for token in tokens:
        parsed = parse_identifier(token)
        seen.setdefault(Identifier(parsed.kind, parsed.value), None)
    return list(seen)


def check_sections(sections: list[str], catalog: Catalog) -> None:
    known = catalog.section_ids()
    for section in sections:
        if section not in known:
            hint = did_you_mean(section, sorted(known))
            raise UsageError(f"--section {section!r}: no such section{hint}")


Index = dict[tuple[str, str], list[Entry]]


def find_existing(index: Index, ident: Identifier) -> Entry | None:
    """The entry that already holds this identifier (the first in key order)."""
    holders = index.get((ident.kind, ident.value))
    return holders[0] if holders else None


def _published_holder(index: Index, item: Resolved) -> Entry | None:
    """For an arXiv paper whose record names a DOI: the entry holding that DOI."""
    doi = item.primary.doi.lower() if item.primary and item.primary.doi else None
    if not doi:
        return None
    return find_existing(index, Identifier("doi", doi))


def apply(
    catalog: Catalog, resolved: dict[Identifier, Resolved], options: AddOptions, report: AddReport
) -> None:
    """Write resolved records into ``catalog`` (already locked and freshly loaded)."""
    venues = venue_table(catalog.venues)
    facet_order = list(catalog.facets)
    facets = parse_facets(options.facets, catalog)
    taken = catalog.used_keys()
    index = catalog.identifier_index()
    for ident, item in resolved.items():
        if item.warning:
            report.warnings.append(f"{ident.value}: {item.warning}")
        if item.primary is None:
            report.failed.append((str(ident), item.error or "unknown error"))
            report.network_failure |= item.network_error
            continue
        fresh = build_entry(item.primary, item.published, venues)
        holder = find_existing(index, ident) or _published_holder(index, item)
        if holder is not None and not options.update:
            report.existing.append((str(ident), holder.key))
            continue
        if holder is not None:
            replace_fetched(holder, fresh)
            _apply_user_options(holder, options, facets, facet_order)
            report.updated.append(holder)
            continue
        fresh.key = make_key(fresh.authors, fresh.year, fresh.title, taken)
        fresh.added = today()
        taken.add(fresh.key)
        _apply_user_options(fresh, options, facets, facet_order)
        catalog.papers[fresh.key] = fresh
        for held in fresh.held_identifiers():
            index.setdefault(held, []).append(fresh)
        report.added.append(fresh)


def replace_fetched(entry: Entry, fresh: Entry) -> None:
    """Replace fetched metadata; keep what the user set (key, sections, facets, links,
    note, aliases). An identifier is never dropped."""
    for name in FETCHED_FIELDS:
        value = getattr(fresh, name)
        if name in ("arxiv", "doi") and not value:
            continue
        setattr(entry, name, value)


def _apply_user_options(
    entry: Entry, options: AddOptions, facets: dict[str, list[str]], facet_order: list[str]
) -> None:
    for section in options.sections:
        if section not in entry.sections:
            entry.sections.append(section)
    for name, values in facets.items():
        current = entry.facets.setdefault(name, [])
        current.extend(value for value in values if value not in current)
    if options.code:
        entry.code = options.code
    if options.note:
        entry.note = options.note
    entry.facets = {name: entry.facets[name] for name in facet_order if entry.facets.get(name)}
