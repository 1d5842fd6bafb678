"""Semantic Scholar Graph API: citation counts, influential citations and external ids
for many papers per request (``POST /paper/batch``, 500 ids at most), paced for the
shared pool, with an optional ``x-api-key``."""

from __future__ import annotations

import os

from fmcat import userconfig
from fmcat.environment import env_number, env_url
from fmcat.errors import SourceError
from fmcat.sources import answers
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Cited

DEFAULT_URL = "https://api.semanticscholar.org/graph/v1"
BATCH_SIZE = 500
FIELDS = (
    "externalIds,citationCount,influentialCitationCount,title,year,publicationDate,venue,authors"
)
# External ids worth keeping, under the names fmcat stores them.
EXTERNAL_IDS = {"PubMed": "pubmed", "PubMedCentral": "pmc", "DBLP": "dblp", "CorpusId": "s2"}


def base_url() -> str:
    return env_url("FMCAT_S2_URL", DEFAULT_URL)


def min_interval() -> float:
    """Seconds between requests: 1, as the shared pool asks; ``$FMCAT_S2_DELAY`` overrides."""
    return env_number("FMCAT_S2_DELAY", 1.0, minimum=0, maximum=600)


def api_key() -> str | None:
    return userconfig.get("s2_api_key_from") or os.environ.get("SEMANTIC_SCHOLAR_API_KEY")


def fetch(ids: list[str], http: HttpClient) -> dict[str, Cited | None]:
    """Papers for ids written as Semantic Scholar takes them (``ARXIV:2304.12306``,
    ``DOI:10.1038/…``); None for the ids it does not know."""
    found: dict[str, Cited | None] = {}
    key = api_key()
    headers = {"x-api-key": key} if key else None
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        response = http.post(
            f"{base_url()}/paper/batch",
            {"ids": batch},
            params={"fields": FIELDS},
            headers=headers,
            what="Semantic Scholar",
            service="s2",
        )
        items = answers.parse(response.body, "Semantic Scholar", list)
        if len(items) != len(batch):
            raise SourceError("Semantic Scholar sent an answer of the wrong shape; try again later")
        found.update({ident: _paper(item) for ident, item in zip(batch, items, strict=True)})
    return found


def _paper(item: object) -> Cited | None:
    if not isinstance(item, dict):
        return None
    external = answers.table(item, "externalIds")
    doi = answers.text(external.get("DOI"))
    names = [answers.value(author, "name") for author in answers.array(item, "authors")]
    return Cited(
        citations=answers.count(item.get("citationCount")),
        influential=answers.count(item.get("influentialCitationCount")),
        ids={
            name: str(external[key])
            for key, name in EXTERNAL_IDS.items()
            if isinstance(external.get(key), (str, int)) and str(external[key]).strip()
        },
        doi=doi.lower() if doi else None,
        title=answers.text(item.get("title")) or "",
        authors=[name for name in names if answers.text(name)],
        year=answers.count(item.get("year")),
        date=answers.iso_date(item.get("publicationDate")),
        venue=answers.text(item.get("venue")),
    )
