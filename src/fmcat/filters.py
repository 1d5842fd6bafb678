"""Entry filters shared by ``lookup`` and ``export``: author, venue, year range, section,
facet values and keys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fmcat.errors import UsageError
from fmcat.model import Catalog, Entry, ascii_fold


@dataclass
class Filters:
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    years: tuple[int, int] | None = None
    sections: list[str] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)

    def active(self) -> bool:
        return bool(
            self.authors or self.venue or self.years or self.sections or self.facets or self.keys
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
    facets: dict[str, list[str]] = {}
    for option in options:
        name, sep, value = option.partition("=")
        if not sep or name.strip() not in catalog.facets:
            declared = ", ".join(catalog.facets) or "none declared"
            raise UsageError(f"--facet {option!r}: expected NAME=VALUE with NAME one of {declared}")
        facets.setdefault(name.strip(), []).append(value.strip())
    return facets


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
    for section in filters.sections:
        if not any(own == section or own.startswith(section + "/") for own in entry.sections):
            return False
    for name, values in filters.facets.items():
        if not set(values) & set(entry.facets.get(name, [])):
            return False
    return True


def select(catalog: Catalog, filters: Filters) -> list[Entry]:
    """Matching entries in key order."""
    return [
        catalog.papers[key]
        for key in sorted(catalog.papers)
        if matches(catalog.papers[key], filters)
    ]
