"""The HTTP client's pacing and Retry-After handling, with an injected transport."""

from __future__ import annotations

import httpx
import pytest

from fmcat.errors import SourceError
from fmcat.sources.http import HttpClient, parse_retry_after
from tests.conftest import FIXTURES

FEED = (FIXTURES / "arxiv" / "id_1605.08386.xml").read_bytes()


def client_with(responses: list[httpx.Response], waits: list[float], **kwargs) -> HttpClient:
    queue = list(responses)
    transport = httpx.MockTransport(lambda request: queue.pop(0))
    return HttpClient(transport=transport, sleep=waits.append, **kwargs)


def test_requests_to_a_paced_service_are_spaced():
    waits: list[float] = []
    http = client_with([httpx.Response(200, content=FEED)] * 2, waits, min_interval={"arxiv": 3.0})
    http.get("http://arxiv.test/api/query", service="arxiv")
    http.get("http://arxiv.test/api/query", service="arxiv")
    assert len(waits) == 1 and 2.5 < waits[0] <= 3.0


def test_retry_after_is_honoured():
    waits: list[float] = []
    http = client_with(
        [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, content=FEED)],
        waits,
    )
    assert http.get("http://x.test/").status == 200
    assert waits == [7.0]


def test_a_retry_after_beyond_the_limit_fails_at_once():
    waits: list[float] = []
    http = client_with([httpx.Response(429, headers={"Retry-After": "3600"})], waits, max_wait=60)
    with pytest.raises(SourceError, match="asks to wait 3600 s"):
        http.get("http://x.test/", what="Crossref")
    assert waits == []


def test_retries_are_bounded():
    waits: list[float] = []
    http = client_with([httpx.Response(503)] * 4, waits, max_attempts=4, backoff=0.01)
    with pytest.raises(SourceError, match="failed after 4 attempts"):
        http.get("http://x.test/")
    assert len(waits) == 3 and waits[2] > waits[0]  # exponential backoff, with jitter


def test_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("soon") is None


def test_a_long_wait_is_announced_and_a_short_one_is_not():
    waits: list[float] = []
    notices: list[str] = []
    responses = [
        httpx.Response(503, headers={"Retry-After": "2"}),
        httpx.Response(429, headers={"Retry-After": "9"}),
        httpx.Response(200, content=FEED),
    ]
    http = client_with(responses, waits, notice=notices.append)
    assert http.get("http://x.test/").status == 200
    assert waits == [2.0, 9.0]
    assert notices == ["x.test asks to wait 9 s (HTTP 429); waiting"]


def test_http_settings_come_from_the_environment(monkeypatch):
    from fmcat.errors import UsageError
    from fmcat.sources.resolve import make_http

    monkeypatch.setenv("FMCAT_HTTP_RETRIES", "0")
    monkeypatch.setenv("FMCAT_HTTP_BACKOFF", "0.5")
    http = make_http()
    assert (http.max_attempts, http.backoff) == (1, 0.5)
    for name, value in (("FMCAT_HTTP_TIMEOUT", "-1"), ("FMCAT_CROSSREF_URL", "ftp://x")):
        monkeypatch.setenv(name, value)
        with pytest.raises(UsageError, match=name):
            make_http()
        monkeypatch.delenv(name)
