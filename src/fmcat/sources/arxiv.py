"""arXiv API: many ids per request (``id_list`` batches of 100), paced 3 s apart.

Feeds are read here, on lxml, from the elements the arXiv API manual documents; the
current and the 2016-2019 layouts share them. ``tests/unit/test_arxiv_contract.py`` holds
this reading equal to the ``arxiv`` package's public client on every recorded feed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fmcat.environment import env_number, env_url
from fmcat.errors import SourceError
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Record

DEFAULT_URL = "https://export.arxiv.org/api/query"
BATCH_SIZE = 100
MIN_INTERVAL = 3.0
_ID_IN_URL = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")


def base_url() -> str:
    return env_url("FMCAT_ARXIV_URL", DEFAULT_URL)


def min_interval() -> float:
    """Seconds between arXiv requests: 3 as arXiv asks; ``$FMCAT_ARXIV_DELAY`` overrides
    it for mirrors and local test servers."""
    return env_number("FMCAT_ARXIV_DELAY", MIN_INTERVAL, minimum=0, maximum=600)


def parse_feed(body: bytes) -> tuple[int, list[Record], str | None]:
    """``(total_results, records, error)`` of an Atom feed; SourceError when it is not one."""
    from lxml import etree

    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise SourceError("arXiv sent an HTML page, not an Atom feed; try again later")
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as err:
        raise SourceError(f"arXiv sent a malformed feed ({err.msg}); try again later") from None
    if root is None or etree.QName(root).localname != "feed":
        raise SourceError("arXiv sent something that is not an Atom feed; try again later")

    error = None
    records = []
    for entry in root.iterfind("atom:entry", _NS):
        entry_id = _text(entry, "atom:id")
        if "/api/errors" in entry_id:
            error = _text(entry, "atom:summary") or "error"
            continue
        record = _record(entry, entry_id)
        if record is not None:
            records.append(record)
    total = _text(root, "opensearch:totalResults")
    return (int(total) if total.isdigit() else 0), records, error


_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


def _text(element, path: str) -> str:
    """The whitespace-collapsed text at ``path`` under ``element``; "" when absent."""
    found = element.find(path, _NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _record(entry, entry_id: str) -> Record | None:
    """The record of one ``<entry>``; None without an arXiv id or a publication time."""
    match = _ID_IN_URL.search(entry_id)
    published = _timestamp(_text(entry, "atom:published"))
    if not match or published is None:
        return None
    return Record(
        source="arxiv",
        title=_text(entry, "atom:title"),
        authors=[_text(author, "atom:name") for author in entry.iterfind("atom:author", _NS)],
        date=published.date(),
        year=published.year,
        arxiv=match["id"],
        doi=_text(entry, "arxiv:doi") or None,
        journal_ref=_text(entry, "arxiv:journal_ref") or None,
        comment=_text(entry, "arxiv:comment") or None,
    )


def _timestamp(text: str) -> datetime | None:
    """An Atom (RFC 3339) time in UTC."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def fetch(ids: list[str], http: HttpClient) -> dict[str, Record]:
    """Records for the given canonical ids, fetched in as few requests as arXiv allows.
    Ids arXiv does not know are absent from the result."""
    found: dict[str, Record] = {}
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        found.update(_fetch_batch(batch, http))
    return found


def _fetch_batch(batch: list[str], http: HttpClient, empty_retries: int = 2) -> dict[str, Record]:
    params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
    for _ in range(empty_retries + 1):
        response = http.get(
            base_url(), params=params, accept_status=(200, 400), what="arXiv", service="arxiv"
        )
        total, records, error = parse_feed(response.body)
        if response.status == 400 or error:
            raise SourceError(f"arXiv rejected the request: {error or 'HTTP 400'}")
        if records or total == 0:
            wanted = set(batch)
            return {record.arxiv: record for record in records if record.arxiv in wanted}
        # totalResults > 0 but no entry: a known arXiv hiccup; ask again
    raise SourceError("arXiv keeps answering with empty pages; try again later")
