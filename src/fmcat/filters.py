"""Entry filters shared by ``lookup``, ``export``, ``refresh`` and ``verify``: author,
venue, year range, section, facet values and keys; and the one reading of ``--facet``,
``--year`` and entry keys given on the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fmcat.errors import UsageError
from fmcat.metrics import Metrics
from fmcat.model import Catalog, Entry
from fmcat.normalize.text import ascii_fold
from fmcat.validate import did_you_mean


@dataclass
class Filters:
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    years: tuple[int, int] | None = None
    sections: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    min_citations: int | None = None
    min_stars: int | None = None
    figures: Metrics | None = None  # what the minimums are checked against

    def active(self) -> bool:
        minimums = self.min_citations is not None or self.min_stars is not None
        return bool(
            self.authors
            or self.venue
            or self.years
            or self.sections
            or self.facets
            or self.keys
            or minimums
        )


def parse_years(text: str) -> tuple[int, int]:
    """``2023`` → (2023, 2023); ``2021..2023``, ``2021-2023``, ``2021..`` and ``..2023``."""
    match = re.fullmatch(r"\s*(\d{4})?\s*(?:(\.\.|-)\s*(\d{4})?)?\s*", text)
    if not match or not (match[1] or match[3]):
        raise UsageError(f"--year {text!r}: expected YEAR or FROM..TO")
    low = int(match[1]) if match[1] else 0
    high = int(match[3]) if match[3] else (low if not match[2] else 9999)
    if low > high:
        raise UsageError(f"--year {text!r}: {low} is after {high}")
    return low, high


def parse_facets(options: list[str], catalog: Catalog) -> dict[str, list[str]]:
    """``NAME=VALUE`` options checked against the catalog's facet declarations: an
    undeclared facet or value is a UsageError with the nearest declared one."""
    facets: dict[str, list[str]] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(f"--facet {option!r}: expected NAME=VALUE")
        declared = catalog.facets.get(name)
        if declared is None:
            known = did_you_mean(name, list(catalog.facets)) or (
                f" (declared: {', '.join(catalog.facets)})" if catalog.facets else ""
            )
            raise UsageError(f"--facet {option!r}: no facet {name!r} is declared{known}")
        if value not in declared.values:
            hint = (
                did_you_mean(value, declared.values) or f" (declared: {', '.join(declared.values)})"
            )
            raise UsageError(f"--facet {option!r}: {value!r} is not a value of {name!r}{hint}")
        facets.setdefault(name, []).append(value)
    return facets


def resolve_keys(catalog: Catalog, keys: list[str] | None) -> list[str]:
    """Entry keys for keys or aliases given on the command line (UsageError if unknown)."""
    resolved = []
    for key in keys or []:
        entry = catalog.resolve_key(key)
        if entry is None:
            raise UsageError(f"no entry {key!r}{did_you_mean(key, sorted(catalog.papers))}")
        resolved.append(entry.key)
    return resolved


def from_options(
    catalog: Catalog,
    *,
    authors: list[str] | None = None,
    venue: str | None = None,
    years: str | None = None,
    sections: list[str] | None = None,
    facets: list[str] | None = None,
    keys: list[str] | None = None,
    min_citations: int | None = None,
    min_stars: int | None = None,
    figures: Metrics | None = None,
) -> Filters:
    """Filters from command-line values, checked against the catalog (and ``figures``,
    what ``fmcat enrich`` found, for the minimums)."""
    return Filters(
        authors=list(authors or []),
        venue=venue,
        years=parse_years(years) if years else None,
        sections=list(sections or []),
        facets=parse_facets(list(facets or []), catalog),
        keys=resolve_keys(catalog, keys),
        min_citations=min_citations,
        min_stars=min_stars,
        figures=figures,
    )


def matches(entry: Entry, filters: Filters) -> bool:
    if (
        filters.keys
        and entry.key not in filters.keys
        and not set(entry.aliases) & set(filters.keys)
    ):
        return False
    if filters.years and not (
        entry.year is not None and filters.years[0] <= entry.year <= filters.years[1]
    ):
        return False
    if filters.venue and ascii_fold(filters.venue) not in ascii_fold(entry.venue or ""):
        return False
    for wanted in filters.authors:
        folded = ascii_fold(wanted)
        if not any(folded in ascii_fold(name) for name in entry.authors):
            return False
    if not all(entry.in_section(section) for section in filters.sections):
        return False
    for name, values in filters.facets.items():
        if not set(values) & set(entry.facets.get(name, [])):
            return False
    figures = filters.figures or Metrics()
    for minimum, count in (
        (filters.min_citations, figures.citations),
        (filters.min_stars, figures.stars),
    ):
        if minimum is not None and (count(entry) or 0) < minimum:
            return False
    return True


def select(catalog: Catalog, filters: Filters) -> list[Entry]:
    """Matching entries in key order."""
    return [
        catalog.papers[key]
        for key in sorted(catalog.papers)
        if matches(catalog.papers[key], filters)
    ]
