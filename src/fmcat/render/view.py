"""What a template sees of an entry: every field already escaped, links already safe."""

from __future__ import annotations

from dataclasses import dataclass, field

from fmcat.ids import arxiv_url, doi_url
from fmcat.model import Entry, Facet
from fmcat.render.markdown import escape, safe_url

MONTHS = "January February March April May June July August September October November December"
MONTH_NAMES = MONTHS.split()


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


@dataclass
class EntryView:
    """Escaped fields for templates. ``raw`` is the entry itself (escape what you use)."""

    key: str
    title: str
    authors: str
    author_list: list[str]
    venue: str
    venue_name: str
    year: str
    date: str
    accepted: bool
    paper_url: str | None
    arxiv_url: str | None
    code_url: str | None
    links: list[Link]
    note: str
    markers: str
    facets: dict[str, list[str]] = field(default_factory=dict)
    raw: Entry | None = None


def paper_url(entry: Entry) -> str | None:
    """The canonical link to the paper: DOI, else arXiv, else the stored URL."""
    if entry.doi:
        return doi_url(entry.doi)
    if entry.arxiv:
        return arxiv_url(entry.arxiv)
    return safe_url(entry.url)


def venue_label(entry: Entry) -> str:
    """``MICCAI 2023``, ``MICCAI 2023 (accepted)``, ``arXiv 2023``; empty when unknown."""
    parts = [part for part in (entry.venue, str(entry.year) if entry.year else "") if part]
    label = " ".join(parts)
    if entry.accepted and label:
        label += " (accepted)"
    return label


def view(entry: Entry, facets: dict[str, Facet], date_format: str) -> EntryView:
    paper = safe_url(paper_url(entry))
    arxiv = arxiv_url(entry.arxiv) if entry.arxiv else None
    code = safe_url(entry.code)
    links = []
    if paper:
        links.append(Link("paper", paper))
    if arxiv and arxiv != paper:
        links.append(Link("arXiv", arxiv))
    if code:
        links.append(Link("code", code))
    markers = "".join(
        facets[name].markers[value]
        for name in facets
        for value in entry.facets.get(name, [])
        if value in facets[name].markers
    )
    return EntryView(
        key=entry.key,
        title=escape(entry.title),
        authors=escape(", ".join(entry.authors)),
        author_list=[escape(name) for name in entry.authors],
        venue=escape(venue_label(entry)),
        venue_name=escape(entry.venue or ""),
        year=str(entry.year or ""),
        date=escape(format_date(entry, date_format)),
        accepted=entry.accepted,
        paper_url=paper,
        arxiv_url=arxiv,
        code_url=code,
        links=links,
        note=escape(entry.note or ""),
        markers=escape(markers),
        facets={name: [escape(v) for v in values] for name, values in entry.facets.items()},
        raw=entry,
    )
