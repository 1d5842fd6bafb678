"""Venue names: map what Crossref, arXiv and hand-written lists say to one short name.

The table ships in ``fmcat/data/venues.toml``; a catalog extends or overrides it with
``[venues.NAME]`` tables (``kind``, ``name``, ``aliases``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import tomli

from fmcat.normalize.dates import YEAR as _YEAR
from fmcat.normalize.text import clean_text

_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b|\b(?:first|second|third|\w+teenth|\w+tieth)\b")
_NOISE = re.compile(r"\b(?:proceedings|proc|of the|in)\b")
_ACCEPTANCE = re.compile(
    r"accepted|accept|to appear|appear(?:s|ing)? (?:in|at)|published|camera[- ]ready|"
    r"oral|poster|spotlight|highlight|presented at|in proceedings",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Venue:
    """A recognised venue: canonical short ``name`` and its ``kind``."""

    name: str
    kind: str
    year: int | None = None


def fold_venue(text: str) -> str:
    """Lower case, punctuation, years, ordinals and "proceedings of the" removed."""
    text = clean_text(text).lower().replace("&", " and ")
    text = _YEAR.sub(" ", text)
    text = re.sub(r"[^\w\s]|_", " ", text)
    text = _ORDINAL.sub(" ", text)
    text = _NOISE.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class _Alias:
    folded: str
    venue: str
    kind: str
    exact: bool


class VenueTable:
    """Aliases of every known venue, longest first."""

    def __init__(self, table: dict[str, dict[str, Any]]) -> None:
        aliases = []
        self.kinds = {}
        for name, spec in table.items():
            kind = spec.get("kind", "other")
            self.kinds[name] = kind
            for alias in {name, *spec.get("aliases", [])}:
                folded = fold_venue(alias)
                if folded:
                    aliases.append(_Alias(folded, name, kind, bool(spec.get("exact"))))
        self.aliases = sorted(aliases, key=lambda a: (-len(a.folded), a.folded))

    def match(self, raw: str | None) -> Venue | None:
        """The venue named in ``raw`` (a container title, event name, journal_ref or a
        hand-written "NMI 2022"), or None."""
        if not raw or not raw.strip():
            return None
        folded = fold_venue(raw)
        if not folded:
            return None
        padded = f" {folded} "
        year_match = _YEAR.search(raw)
        year = int(year_match[1]) if year_match else None
        for alias in self.aliases:
            hit = folded == alias.folded if alias.exact else f" {alias.folded} " in padded
            if hit:
                return _track(alias, folded, year)
        return None

    def names(self, raw: str) -> bool:
        """Whether ``raw`` is, whole, one of the table's names or aliases."""
        folded = fold_venue(raw)
        return bool(folded) and any(alias.folded == folded for alias in self.aliases)

    def in_comment(self, comment: str | None) -> Venue | None:
        """A venue an arXiv comment announces ("Accepted at MICCAI 2023", "CVPR 2023
        highlight"): it must come with an acceptance word or a year."""
        if not comment:
            return None
        for sentence in re.split(r"(?<=[.;])\s+|\n", comment):
            venue = self._scan(sentence)
            if venue and (venue.year or _ACCEPTANCE.search(sentence)):
                return venue
        return None

    def _scan(self, text: str) -> Venue | None:
        folded = f" {fold_venue(text)} "
        year_match = _YEAR.search(text)
        year = int(year_match[1]) if year_match else None
        for alias in self.aliases:
            if alias.exact or alias.kind == "preprint":
                continue
            if f" {alias.folded} " in folded:
                return _track(alias, folded, year)
        return None

    def kind_of(self, name: str | None) -> str | None:
        if not name:
            return None
        if name in self.kinds:
            return self.kinds[name]
        if name.endswith(" Workshops"):
            return "workshop"
        if name.startswith("Findings of "):
            return "conference"
        return None


def _track(alias: _Alias, folded: str, year: int | None) -> Venue:
    """A conference's workshops and its Findings are venues of their own."""
    if alias.kind == "conference" and re.search(r"\bworkshops?\b", folded):
        return Venue(f"{alias.venue} Workshops", "workshop", year)
    if alias.kind == "conference" and re.search(r"\bfindings\b", folded):
        return Venue(f"Findings of {alias.venue}", "conference", year)
    return Venue(alias.venue, alias.kind, year)


@functools.cache
def builtin_table() -> dict[str, dict[str, Any]]:
    text = resources.files("fmcat").joinpath("data/venues.toml").read_text("utf-8")
    return tomli.loads(text)


def venue_table(extra: dict[str, dict[str, Any]] | None = None) -> VenueTable:
    """The shipped table, extended or overridden by a catalog's ``[venues]``."""
    if not extra:
        return _builtin_venue_table()
    table = dict(builtin_table())
    for name, spec in extra.items():
        merged = dict(table.get(name, {}))
        merged.update(spec)
        if name in table and "aliases" in spec:
            merged["aliases"] = [*table[name].get("aliases", []), *spec["aliases"]]
        table[name] = merged
    return VenueTable(table)


@functools.cache
def _builtin_venue_table() -> VenueTable:
    return VenueTable(builtin_table())


def read_venue(raw: str, venues: VenueTable) -> tuple[str, int | None]:
    """``"MICCAI 2023"`` → ("MICCAI", 2023); unknown venues keep their own words."""
    raw = re.sub(r"\(accepted\)", "", raw, flags=re.I).strip()
    year_match = _YEAR.search(raw)
    year = int(year_match[1]) if year_match else None
    match = venues.match(raw)
    if match is not None:
        return match.name, year
    name = _YEAR.sub(" ", raw)
    name = clean_text(name).strip(" ,;:-")
    return name or raw, year
