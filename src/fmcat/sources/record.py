"""Record: metadata as a source gave it, before normalisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Record:
    """Source-shaped metadata for one paper. Authors are raw names in any order form."""

    source: str
    title: str
    authors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    year: int | None = None
    venue: str | None = None
    venue_short: str | None = None
    event: str | None = None
    kind: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        """The record ``to_json`` wrote; ValueError for anything else (a damaged cache)."""
        if not isinstance(data, dict) or set(data) - set(cls.__slots__):
            raise ValueError("not a record")
        data = dict(data)
        for name, value in data.items():
            if name == "authors":
                ok = isinstance(value, list) and all(isinstance(a, str) for a in value)
            elif name == "year":
                ok = value is None or type(value) is int
            else:
                ok = value is None or isinstance(value, str)
            if not ok or (name in ("source", "title") and not isinstance(value, str)):
                raise ValueError(f"record field {name!r} has the wrong type")
        if data.get("date"):
            data["date"] = dt.date.fromisoformat(data["date"])
        return cls(**data)


@dataclass
class Cited:
    """What a citation service (Semantic Scholar, OpenAlex) says about one paper."""

    citations: int | None = None
    influential: int | None = None
    ids: dict[str, str] = field(default_factory=dict)  # pubmed, pmc, dblp, s2, openalex
    doi: str | None = None
    title: str = ""
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    date: dt.date | None = None
    venue: str | None = None
