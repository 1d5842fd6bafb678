"""DOIs: Crossref's REST API ``/works/{doi}``, and doi.org content negotiation (CSL-JSON)
for DOIs that Crossref does not hold (DataCite: Zenodo, figshare, ...). Searching
Crossref by title and authors (``/works?query.bibliographic=``) for a paper's DOI."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

from fmcat.environment import env_url
from fmcat.errors import SourceError
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Record

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_DOI_URL = "https://doi.org"
CSL_JSON = "application/vnd.citationstyles.csl+json"


def crossref_url() -> str:
    return env_url("FMCAT_CROSSREF_URL", DEFAULT_CROSSREF_URL)


def doi_url() -> str:
    return env_url("FMCAT_DOI_URL", DEFAULT_DOI_URL)


def fetch(doi: str, http: HttpClient) -> Record | None:
    """The record of a DOI, from Crossref or else doi.org; None when neither knows it."""
    params = {"mailto": http.mailto} if http.mailto else None
    response = http.get(
        f"{crossref_url()}/works/{quote(doi, safe='')}",
        params=params,
        accept_status=(200, 404),
        what=f"Crossref ({doi})",
    )
    if response.status == 200:
        return parse_work(_json(response.body, "Crossref", doi)["message"])
    response = http.get(
        f"{doi_url()}/{quote(doi, safe='')}",
        headers={"Accept": CSL_JSON},
        accept_status=(200, 404, 400),
        what=f"doi.org ({doi})",
    )
    if response.status != 200:
        return None
    return parse_csl(_json(response.body, "doi.org", doi))


def search(title: str, authors: list[str], http: HttpClient, rows: int = 5) -> list[Record]:
    """Crossref's best matches for a title and author names, best first (its ranking; the
    caller decides which, if any, is the paper)."""
    params = {"query.bibliographic": title, "rows": str(rows)}
    if authors:
        params["query.author"] = " ".join(authors[:3])
    if http.mailto:
        params["mailto"] = http.mailto
    response = http.get(f"{crossref_url()}/works", params=params, what="Crossref search")
    message = _json(response.body, "Crossref", "a title search")["message"]
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise SourceError("Crossref sent an unexpected answer for a title search")
    return [parse_work(item) for item in items if isinstance(item, dict)]


def _json(body: bytes, service: str, doi: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise SourceError(f"{service} sent a malformed answer for {doi} (not JSON)") from None
    if not isinstance(data, dict) or (service == "Crossref" and "message" not in data):
        raise SourceError(f"{service} sent an unexpected answer for {doi}")
    return data


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def _date(parts_holder: Any) -> tuple[dt.date | None, int | None]:
    try:
        parts = parts_holder["date-parts"][0]
    except (KeyError, IndexError, TypeError):
        return None, None
    if not parts or parts[0] is None:
        return None, None
    year = int(parts[0])
    if len(parts) >= 3 and parts[1] and parts[2]:
        try:
            return dt.date(year, int(parts[1]), int(parts[2])), year
        except ValueError:
            return None, year
    return None, year


def _names(people: Any) -> list[str]:
    names = []
    for person in people or []:
        if not isinstance(person, dict):
            continue
        given, family = person.get("given"), person.get("family")
        if family:
            names.append(f"{given} {family}" if given else family)
        elif person.get("name") or person.get("literal"):
            names.append(person.get("name") or person.get("literal"))
    return names


def parse_work(message: dict[str, Any]) -> Record:
    """A Record from a Crossref ``/works`` message."""
    date, year = None, None
    for field_name in ("published-print", "published-online", "issued", "published"):
        date, year = _date(message.get(field_name))
        if year:
            break
    event = message.get("event") or {}
    return Record(
        source="crossref",
        title=_first(message.get("title")) or "",
        authors=_names(message.get("author")),
        date=date,
        year=year,
        venue=_first(message.get("container-title")),
        venue_short=_first(message.get("short-container-title")),
        event=event.get("name") if isinstance(event, dict) else None,
        kind=message.get("type"),
        doi=(message.get("DOI") or "").lower() or None,
        url=message.get("URL"),
    )


def parse_csl(item: dict[str, Any]) -> Record:
    """A Record from CSL-JSON (doi.org content negotiation)."""
    date, year = _date(item.get("issued"))
    return Record(
        source="csl",
        title=_first(item.get("title")) or "",
        authors=_names(item.get("author")),
        date=date,
        year=year,
        venue=_first(item.get("container-title")) or item.get("publisher"),
        event=_first(item.get("event")) if isinstance(item.get("event"), str) else None,
        kind=item.get("type"),
        doi=(item.get("DOI") or "").lower() or None,
        url=item.get("URL"),
    )
