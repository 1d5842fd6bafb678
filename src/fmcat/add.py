"""``fmcat add``: identifiers in, clean entries into the catalog.

Fetching happens before the catalog is locked; applying happens under the lock on the
freshly loaded catalog, so a slow network never blocks another writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fmcat.errors import UsageError
from fmcat.ids import Identifier, parse_identifier
from fmcat.model import Catalog, Entry, make_key
from fmcat.normalize.entry import build_entry
from fmcat.normalize.venues import venue_table
from fmcat.sources.resolve import Resolved
from fmcat.validate import did_you_mean

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
    facets: dict[str, list[str]] = field(default_factory=dict)
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


MAX_LIST_BYTES = 64 << 20  # characters read from --from-file


def read_tokens(args: list[str], from_file: str | None, stdin_text: str | None) -> list[str]:
    """Identifiers from arguments, a file and stdin; blank lines and # comments ignored."""
    tokens = [arg for arg in args if arg != "-"]
    texts = []
    if from_file:
        try:
            with open(from_file, encoding="utf-8") as handle:
                texts.append(handle.read(MAX_LIST_BYTES))
        except OSError as err:
            raise UsageError(f"{from_file}: cannot read: {err.strerror or err}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{from_file}: not a text file (expected UTF-8 text)") from None
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


def parse_facet_options(values: list[str], catalog: Catalog) -> dict[str, list[str]]:
    """``name=value`` options checked against the catalog's facet declarations."""
    facets: dict[str, list[str]] = {}
    for option in values:
        name, sep, value = option.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(f"--facet {option!r}: expected NAME=VALUE")
        declared = catalog.facets.get(name)
        if declared is None:
            hint = did_you_mean(name, list(catalog.facets))
            raise UsageError(f"--facet {option!r}: no facet {name!r} is declared{hint}")
        if value not in declared.values:
            hint = (
                did_you_mean(value, declared.values) or f" (declared: {', '.join(declared.values)})"
            )
            raise UsageError(f"--facet {option!r}: {value!r} is not a value of {name!r}{hint}")
        facets.setdefault(name, []).append(value)
    return facets


def check_sections(sections: list[str], catalog: Catalog) -> None:
    known = catalog.section_ids()
    for section in sections:
        if section not in known:
            hint = did_you_mean(section, sorted(known))
            raise UsageError(f"--section {section!r}: no such section{hint}")


def find_existing(catalog: Catalog, ident: Identifier) -> Entry | None:
    """The entry that already holds this identifier."""
    for entry in catalog.papers.values():
        if ident.kind == "arxiv" and entry.arxiv == ident.value:
            return entry
        if ident.kind == "doi" and entry.doi == ident.value:
            return entry
    return None


def _published_holder(catalog: Catalog, item: Resolved) -> Entry | None:
    """For an arXiv paper whose record names a DOI: the entry holding that DOI."""
    doi = item.primary.doi.lower() if item.primary and item.primary.doi else None
    if not doi:
        return None
    return find_existing(catalog, Identifier("doi", doi))


def apply(
    catalog: Catalog, resolved: dict[Identifier, Resolved], options: AddOptions, report: AddReport
) -> None:
    """Write resolved records into ``catalog`` (already locked and freshly loaded)."""
    venues = venue_table(catalog.venues)
    facet_order = list(catalog.facets)
    taken = catalog.used_keys()
    for ident, item in resolved.items():
        if item.warning:
            report.warnings.append(f"{ident.value}: {item.warning}")
        if item.primary is None:
            report.failed.append((str(ident), item.error or "unknown error"))
            report.network_failure |= item.network_error
            continue
        fresh = build_entry(item.primary, item.published, venues)
        holder = find_existing(catalog, ident) or _published_holder(catalog, item)
        if holder is not None and not options.update:
            report.existing.append((str(ident), holder.key))
            continue
        if holder is not None:
            refresh(holder, fresh)
            _apply_user_options(holder, options, facet_order)
            report.updated.append(holder)
            continue
        fresh.key = make_key(fresh.authors, fresh.year, fresh.title, taken)
        taken.add(fresh.key)
        _apply_user_options(fresh, options, facet_order)
        catalog.papers[fresh.key] = fresh
        report.added.append(fresh)


def refresh(entry: Entry, fresh: Entry) -> None:
    """Replace fetched metadata; keep what the user set (key, sections, facets, links,
    note, aliases). An identifier is never dropped."""
    for name in FETCHED_FIELDS:
        value = getattr(fresh, name)
        if name in ("arxiv", "doi") and not value:
            continue
        setattr(entry, name, value)


def _apply_user_options(entry: Entry, options: AddOptions, facet_order: list[str]) -> None:
    for section in options.sections:
        if section not in entry.sections:
            entry.sections.append(section)
    for name, values in options.facets.items():
        current = entry.facets.setdefault(name, [])
        current.extend(value for value in values if value not in current)
    if options.code:
        entry.code = options.code
    if options.note:
        entry.note = options.note
    entry.facets = {name: entry.facets[name] for name in facet_order if entry.facets.get(name)}
