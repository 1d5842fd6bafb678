"""GitHub's REST API: stars, last push, archived and licence of code repositories, one
request each: 60 an hour without ``GITHUB_TOKEN`` (stopping with a clear line when the
limit is reached), 5,000 with it."""

from __future__ import annotations

import os
from dataclasses import dataclass

from fmcat import userconfig
from fmcat.environment import env_url
from fmcat.errors import SourceError
from fmcat.sources import answers
from fmcat.sources.http import HttpClient

DEFAULT_URL = "https://api.github.com"


@dataclass
class Repository:
    """What GitHub says about one repository (``missing``: gone, or never there)."""

    stars: int | None = None
    pushed: str | None = None  # YYYY-MM-DD
    archived: bool = False
    empty: bool = False
    license: str | None = None
    missing: bool = False
    name: str | None = None  # owner/name as GitHub now spells it (after a move)


def base_url() -> str:
    return env_url("FMCAT_GITHUB_URL", DEFAULT_URL)


def token() -> str | None:
    return userconfig.get("github_token_from") or os.environ.get("GH_TOKEN") or None


def fetch(repos: list[str], http: HttpClient) -> tuple[dict[str, Repository], str | None]:
    """Repositories by ``owner/name``, and why the others were not looked up (the rate
    limit), or None when all were."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if token():
        headers["Authorization"] = f"Bearer {token()}"
    found: dict[str, Repository] = {}
    for done, repo in enumerate(repos):
        response = http.get(
            f"{base_url()}/repos/{repo}",
            headers=headers,
            accept_status=(200, 403, 404, 451),
            what="GitHub",
            service="github",
        )
        if response.status == 403:
            if response.headers.get("x-ratelimit-remaining") != "0":
                raise SourceError(f"GitHub: HTTP 403 for {repo}: {_message(response.body)}")
            limit = response.headers.get("x-ratelimit-limit", "60")
            hint = "" if token() else "; set GITHUB_TOKEN for 5,000"
            left = len(repos) - done
            return found, (
                f"GitHub's limit of {limit} requests an hour was reached{hint}: "
                f"{left} {'repository' if left == 1 else 'repositories'} not checked"
            )
        found[repo] = (
            _repository(response.body) if response.status == 200 else Repository(missing=True)
        )
    return found, None


def _message(body: bytes) -> str:
    try:
        return answers.text(answers.parse(body, "GitHub", dict).get("message")) or "forbidden"
    except SourceError:
        return "forbidden"


def _repository(body: bytes) -> Repository:
    data = answers.parse(body, "GitHub", dict)
    pushed = answers.iso_date(data.get("pushed_at"))
    spdx = answers.text(answers.table(data, "license").get("spdx_id"))
    return Repository(
        stars=answers.count(data.get("stargazers_count")),
        pushed=pushed.isoformat() if pushed else None,
        archived=data.get("archived") is True,
        empty=data.get("size") == 0,
        license=spdx if spdx != "NOASSERTION" else None,
        name=answers.text(data.get("full_name")),
    )
