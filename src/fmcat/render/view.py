"""What a template sees of an entry: every field already escaped, links already safe."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fmcat.ids import arxiv_url, doi_url
from fmcat.model import MONTH_NAMES, Entry, Facet
from fmcat.render.markdown import escape, safe_url

if TYPE_CHECKING:
    from fmcat.metrics import Metrics


def ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd."""
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_date(entry: Entry, pattern: str) -> str:
    """The entry's date in ``pattern`` (tokens ``{yyyy} {mm} {dd} {d} {mon} {month}
    {ordinal}``); an empty string when the entry has no date. Locale-independent."""
    if entry.date is None:
        return ""
    date = entry.date
    name = MONTH_NAMES[date.month - 1]
    return pattern.format(
        yyyy=f"{date.year:04d}",
        mm=f"{date.month:02d}",
        dd=f"{date.day:02d}",
        d=str(date.day),
        mon=name[:3],
        month=name,
        ordinal=ordinal(date.day),
    )


@dataclass
class Link:
    label: str
    url: str


_escape_repeated = functools.lru_cache(maxsize=4096)(escape)  # venues repeat across entries


def compact(number: int) -> str:
    """``999``, ``1.2k``, ``12.3k``, ``1.2M``: a count as lists show stars."""
    for size, unit in ((1_000_000, "M"), (1_000, "k")):
        if number >= size:
            return f"{number / size:.1f}".removesuffix(".0") + unit
    return str(number)


def figures_text(citations: int | None, stars: int | None) -> str:
    """``⭐ 1.2k · 345 citations``: what enrich found, or an empty string."""
    parts = [f"⭐ {compact(stars)}"] if stars is not None else []
    if citations is not None:
        parts.append(f"{compact(citations)} citation{'' if citations == 1 else 's'}")
    return " · ".join(parts)


class EntryView:
    """Escaped fields for templates; ``raw`` is the entry itself (escape what you use).
    Fields few templates use are computed on first use. ``citations`` and ``stars`` are
    what ``fmcat enrich`` found (None: not known), ``figures`` the two as one text."""

    def __init__(
        self,
        entry: Entry,
        facets: dict[str, Facet],
        date_format: str,
        citations: int | None = None,
        stars: int | None = None,
    ) -> None:
        self.raw = entry
        self.citations = citations
        self.stars = stars
        self.figures = figures_text(citations, stars)
        self._facet_specs = facets
        self._date_format = date_format
        self.key = entry.key
        self.title = escape(entry.title)
        self.authors = escape(", ".join(entry.authors)) + (
            " et al." if entry.authors_truncated and entry.authors else ""
        )
        self.venue = _venue_text(entry.venue, entry.year, entry.accepted)
        self.year = str(entry.year or "")
        self.accepted = entry.accepted
        self.paper_url = safe_url(paper_url(entry))
        self.arxiv_url = arxiv_url(entry.arxiv) if entry.arxiv else None
        self.code_url = safe_url(entry.code)
        self.links = []
        if self.paper_url:
            self.links.append(Link("paper", self.paper_url))
        if self.arxiv_url and self.arxiv_url != self.paper_url:
            self.links.append(Link("arXiv", self.arxiv_url))
        if self.code_url:
            self.links.append(Link("code", self.code_url))

    @functools.cached_property
    def venue_name(self) -> str:
        return _escape_repeated(self.raw.venue or "")

    @functools.cached_property
    def date(self) -> str:
        return escape(format_date(self.raw, self._date_format))

    @functools.cached_property
    def author_list(self) -> list[str]:
        return [escape(name) for name in self.raw.authors]

    @functools.cached_property
    def note(self) -> str:
        return escape(self.raw.note or "")

    @functools.cached_property
    def facets(self) -> dict[str, list[str]]:
        return {name: [escape(v) for v in values] for name, values in self.raw.facets.items()}

    @functools.cached_property
    def markers(self) -> str:
        specs = self._facet_specs
        return escape(
            "".join(
                specs[name].markers[value]
                for name in specs
                for value in self.raw.facets.get(name, [])
                if value in specs[name].markers
            )
        )


def paper_url(entry: Entry) -> str | None:
    """The canonical link to the paper: DOI, else arXiv, else the stored URL."""
    if entry.doi:
        return doi_url(entry.doi)
    if entry.arxiv:
        return arxiv_url(entry.arxiv)
    return safe_url(entry.url)


def venue_label(venue: str | None, year: int | None, accepted: bool) -> str:
    """``MICCAI 2023``, ``MICCAI 2023 (accepted)``, ``arXiv 2023``; empty when unknown."""
    label = " ".join(part for part in (venue, str(year) if year else "") if part)
    return label + " (accepted)" if accepted and label else label


@functools.lru_cache(maxsize=4096)  # a list has a few hundred venue-year pairs
def _venue_text(venue: str | None, year: int | None, accepted: bool) -> str:
    return escape(venue_label(venue, year, accepted))


def view(
    entry: Entry,
    facets: dict[str, Facet],
    date_format: str,
    figures: Metrics | None = None,
) -> EntryView:
    if figures is None:
        return EntryView(entry, facets, date_format)
    return EntryView(entry, facets, date_format, figures.citations(entry), figures.stars(entry))
