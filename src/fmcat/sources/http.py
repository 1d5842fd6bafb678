"""One HTTP client for every source: retries with backoff, Retry-After, pacing per host,
bounded bodies and times, offline mode, and a request counter.

Transports are injectable (httpx), so tests can swap the network without monkeypatching;
the integration tests use a real replay server on 127.0.0.1 instead.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from fmcat import __version__
from fmcat.errors import SourceError

MAX_BODY_BYTES = 5 * 1024 * 1024
NOTICE_WAIT = 5.0  # seconds: a wait this long is announced
USER_AGENT = f"fmcat/{__version__} (+https://github.com/fmcat/fmcat)"


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    headers: dict[str, str]
    url: str

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class HttpClient:
    """GET with retries. ``min_interval`` maps a service name (``arxiv``) to the seconds
    between two of its requests."""

    timeout: float = 20.0
    max_attempts: int = 4
    max_wait: float = 60.0
    backoff: float = 1.0
    max_bytes: int = MAX_BODY_BYTES
    min_interval: dict[str, float] = field(default_factory=dict)
    mailto: str | None = None
    transport: httpx.BaseTransport | None = None
    sleep: object = time.sleep
    notice: Callable[[str], None] | None = None  # told of long waits (Retry-After)
    _last_request: dict[str, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def client(self) -> httpx.Client:
        if self._client is None:
            agent = USER_AGENT + (f" mailto:{self.mailto}" if self.mailto else "")
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                headers={"User-Agent": agent},
                follow_redirects=True,
                transport=self.transport,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(self, url: str, **options: Any) -> Response:
        """GET ``url`` (see ``request``)."""
        return self.request("GET", url, **options)

    def post(self, url: str, body: Any, **options: Any) -> Response:
        """POST ``body`` as JSON to ``url`` (see ``request``)."""
        return self.request("POST", url, body=body, **options)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: Any = None,
        accept_status: tuple[int, ...] = (200,),
        what: str = "request",
        service: str | None = None,
    ) -> Response:
        """Send a request; retry connection errors, timeouts, 429 and 5xx; return a
        response whose status is in ``accept_status`` or raise SourceError with one clear
        line."""
        host = urlsplit(url).netloc
        deadline = time.monotonic() + self.max_wait + self.timeout * self.max_attempts
        last_problem = "no attempt made"
        for attempt in range(1, self.max_attempts + 1):
            self._pace(service or host)
            retry_after: float | None = None
            try:
                response = self._fetch(method, url, params, headers, body)
            except httpx.TimeoutException:
                last_problem = f"timed out after {self.timeout:g} s"
            except httpx.TransportError as err:
                last_problem = f"network error ({type(err).__name__}: {err})"
            else:
                if response.status in accept_status:
                    return response
                if response.status == 429 or response.status >= 500:
                    last_problem = f"HTTP {response.status}"
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                else:
                    raise SourceError(f"{what}: unexpected HTTP {response.status} from {host}")
            if attempt == self.max_attempts:
                break
            wait = retry_after if retry_after is not None else self._backoff(attempt)
            if wait > self.max_wait or time.monotonic() + wait > deadline:
                raise SourceError(
                    f"{what}: {host} asks to wait {wait:.0f} s ({last_problem}); try again later"
                )
            if wait >= NOTICE_WAIT and self.notice is not None:
                self.notice(f"{host} asks to wait {wait:.0f} s ({last_problem}); waiting")
            self.sleep(wait)
        raise SourceError(
            f"{what}: {host} failed after {self.max_attempts} attempts ({last_problem})",
            hint="check the network or try again later; --offline uses the cache only",
        )

    def _backoff(self, attempt: int) -> float:
        return self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())

    def _pace(self, service: str) -> None:
        interval = self.min_interval.get(service, 0.0)
        last = self._last_request.get(service)
        if interval and last is not None:
            remaining = interval - (time.monotonic() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[service] = time.monotonic()

    def _fetch(
        self,
        method: str,
        url: str,
        params: dict[str, str] | None,
        headers: dict[str, str] | None,
        body: Any,
    ) -> Response:
        sent = self.client().stream(
            method, url, params=params, headers=headers, json=body if method == "POST" else None
        )
        with sent as stream:
            declared = stream.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise SourceError(
                    f"response from {urlsplit(url).netloc} is too large ({int(declared)} bytes)"
                )
            chunks, size = [], 0
            for chunk in stream.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise SourceError(
                        f"response from {urlsplit(url).netloc} is too large "
                        f"(over {self.max_bytes} bytes)"
                    )
                chunks.append(chunk)
            return Response(
                status=stream.status_code,
                body=b"".join(chunks),
                headers={k.lower(): v for k, v in stream.headers.items()},
                url=str(stream.url),
            )


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
