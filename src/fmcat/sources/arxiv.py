"""arXiv API: many ids per request (``id_list`` batches of 100), paced 3 s apart.

Feeds are parsed with the ``arxiv`` package's Atom parser, which reads both the current
and the 2016-2019 feed layouts.
"""

from __future__ import annotations

import logging
import re

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


def configure(http: HttpClient) -> None:
    http.min_interval["arxiv"] = min_interval()


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

    atom = "{http://www.w3.org/2005/Atom}"
    error = None
    for entry in root.iter(f"{atom}entry"):
        if "/api/errors" in (entry.findtext(f"{atom}id") or ""):
            error = (entry.findtext(f"{atom}summary") or "error").strip()

    from arxiv import _feed

    logging.getLogger("arxiv").setLevel(logging.ERROR)  # we report problems ourselves
    parsed = _feed.parse(body)
    records = []
    for result in parsed.results:
        match = _ID_IN_URL.search(result.entry_id)
        if not match:
            continue
        records.append(
            Record(
                source="arxiv",
                title=result.title,
                authors=[author.name for author in result.authors],
                date=result.published.date(),
                year=result.published.year,
                arxiv=match["id"],
                doi=(result.doi or "").strip() or None,
                journal_ref=(result.journal_ref or "").strip() or None,
                comment=(result.comment or "").strip() or None,
            )
        )
    return parsed.header.total_results, records, error


def fetch(ids: list[str], http: HttpClient) -> dict[str, Record]:
    """Records for the given canonical ids, fetched in as few requests as arXiv allows.
    Ids arXiv does not know are absent from the result."""
    configure(http)
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
