"""OpenAlex: citation counts for the DOIs Semantic Scholar does not know, up to 100 DOIs
per request (``/works?filter=doi:a|b|…``), with ``$FMCAT_OPENALEX_API_KEY`` as the
``api_key`` its current policy asks for, else the ``mailto`` of its polite pool."""

from __future__ import annotations

from fmcat import userconfig
from fmcat.environment import env_url
from fmcat.sources import answers
from fmcat.sources.http import HttpClient
from fmcat.sources.record import Cited

DEFAULT_URL = "https://api.openalex.org"
BATCH_SIZE = 100
SELECT = "id,doi,ids,cited_by_count,title,publication_year,publication_date,authorships"
SELECT += ",primary_location"


def base_url() -> str:
    return env_url("FMCAT_OPENALEX_URL", DEFAULT_URL)


def fetch(dois: list[str], http: HttpClient, mailto: str | None = None) -> dict[str, Cited]:
    """Works by lower-case DOI; DOIs OpenAlex does not know are absent."""
    found: dict[str, Cited] = {}
    key = userconfig.get("openalex_api_key_from")
    for start in range(0, len(dois), BATCH_SIZE):
        batch = dois[start : start + BATCH_SIZE]
        params = {
            "filter": "doi:" + "|".join(f"https://doi.org/{doi}" for doi in batch),
            "per-page": str(len(batch)),
            "select": SELECT,
        }
        if key:
            params["api_key"] = key
        elif mailto:
            params["mailto"] = mailto
        response = http.get(
            f"{base_url()}/works", params=params, what="OpenAlex", service="openalex"
        )
        wanted = set(batch)
        results = answers.array(answers.parse(response.body, "OpenAlex", dict), "results")
        for item in (item for item in results if isinstance(item, dict)):
            doi = _bare_doi(item.get("doi"))
            if doi in wanted:
                found[doi] = _work(item)
    return found


def _bare_doi(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.lower().removeprefix("https://doi.org/").removeprefix("http://doi.org/")


def _work(item: dict) -> Cited:
    ids = answers.table(item, "ids")
    kept = {}
    for name, stored in (("openalex", "openalex"), ("pmid", "pubmed"), ("pmcid", "pmc")):
        value = answers.text(ids.get(name))
        if value:
            kept[stored] = value.rstrip("/").rsplit("/", 1)[-1]
    source = answers.table(answers.table(item, "primary_location"), "source")
    authors = [
        answers.table(a, "author").get("display_name") for a in answers.array(item, "authorships")
    ]
    return Cited(
        citations=answers.count(item.get("cited_by_count")),
        ids=kept,
        title=answers.text(item.get("title")) or "",
        authors=[name for name in authors if answers.text(name)],
        year=answers.count(item.get("publication_year")),
        date=answers.iso_date(item.get("publication_date")),
        venue=answers.text(source.get("display_name")),
    )
