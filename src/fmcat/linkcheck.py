"""``fmcat verify --links``: is every paper page and code link still there?

Links are fetched concurrently, at most ``PER_HOST`` at a time on one host, following
redirects. A link is ``dead`` only when its server says so (404, 410, another 4xx, a
redirect loop); 401, 403, 429, 5xx, bot walls, timeouts and network errors are
``unknown``, never dead. Answers are kept a day, so a second run sends nothing. A dead
link gets the Wayback Machine's closest archived copy as a suggestion.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import threading
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from fmcat import cachefiles
from fmcat.environment import env_flag, env_number, env_url
from fmcat.errors import SourceError
from fmcat.links import github_repo
from fmcat.sources import answers, github
from fmcat.sources.http import USER_AGENT
from fmcat.sources.resolve import make_http

PER_HOST = 4
WORKERS = 16
MAX_AGE = dt.timedelta(days=1)
WAYBACK_URL = "https://archive.org/wayback/available"
UNKNOWN_STATUSES = {401, 403, 408, 425, 429, 451, 999}


@dataclass
class LinkResult:
    url: str
    status: str  # ok, dead, unknown
    code: int | None = None
    final: str | None = None  # where redirects ended, when elsewhere
    reason: str = ""
    archived: str | None = None  # the Wayback Machine's closest copy of a dead link
    checked: str = ""  # ISO time of the check

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


class HostLimits:
    """At most ``per_host`` requests at a time on each host; the peak seen per host."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self.lock = threading.Lock()
        self.slots: dict[str, threading.Semaphore] = {}
        self.active: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)

    def hold(self, host: str) -> _Held:
        with self.lock:
            slot = self.slots.setdefault(host, threading.Semaphore(self.per_host))
        return _Held(self, host, slot)


class _Held:
    def __init__(self, limits: HostLimits, host: str, slot: threading.Semaphore) -> None:
        self.limits, self.host, self.slot = limits, host, slot

    def __enter__(self) -> None:
        self.slot.acquire()
        with self.limits.lock:
            self.limits.active[self.host] += 1
            self.limits.peak[self.host] = max(
                self.limits.peak[self.host], self.limits.active[self.host]
            )

    def __exit__(self, *exc_info: object) -> None:
        with self.limits.lock:
            self.limits.active[self.host] -= 1
        self.slot.release()


def classify(code: int) -> tuple[str, str]:
    if 200 <= code < 300:
        return "ok", ""
    if code in UNKNOWN_STATUSES or code >= 500:
        return "unknown", f"HTTP {code} (blocked, rate-limited or failing: not proof of death)"
    return "dead", f"HTTP {code}"


class PrivateAddress(httpx.RequestError):
    """A link (or a redirect) that leads into a private, loopback or link-local network."""


def refuse_private(request: httpx.Request) -> None:
    """Refuse requests to addresses a public link never needs, so that a stranger's catalog
    cannot make a CI runner probe its own network (cloud metadata, local services).
    ``$FMCAT_LINKS_PRIVATE=1`` allows them (test harnesses on 127.0.0.N)."""
    if env_flag("FMCAT_LINKS_PRIVATE", default=False):
        return
    host = request.url.host
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return  # an unknown name fails on its own, as "unknown"
    for address in found:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise PrivateAddress(f"{host} is a private address", request=request)


def check_one(client: httpx.Client, url: str, limits: HostLimits) -> LinkResult:
    """One link, its answer read no further than the headers."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    host = urlsplit(url).netloc.lower()
    with limits.hold(host):
        try:
            with client.stream("GET", url) as response:
                status, reason = classify(response.status_code)
                final = str(response.url)
        except httpx.TooManyRedirects:
            return LinkResult(url, "dead", None, None, "a redirect loop", checked=now)
        except PrivateAddress as err:
            return LinkResult(url, "unknown", None, None, f"not checked: {err}", checked=now)
        except httpx.TimeoutException:
            return LinkResult(url, "unknown", None, None, "timed out", checked=now)
        except (httpx.HTTPError, ValueError) as err:
            return LinkResult(url, "unknown", None, None, f"{type(err).__name__}", checked=now)
    moved = final if final.rstrip("/") != url.rstrip("/") else None
    return LinkResult(url, status, response.status_code, moved, reason, checked=now)


@dataclass
class LinkReport:
    results: dict[str, LinkResult]
    asked: int  # links fetched this run (the others came from the cache)
    peak_per_host: int


def check_links(
    urls: list[str],
    cache_for: Path,
    *,
    offline: bool = False,
    transport: httpx.BaseTransport | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LinkReport:
    """Every link of ``urls`` (once each), from the cache when checked within a day."""
    cached = _load(cache_for)
    fresh_since = dt.datetime.now(dt.UTC) - MAX_AGE
    results: dict[str, LinkResult] = {}
    wanted = []
    for url in dict.fromkeys(urls):
        held = cached.get(url)
        if held and held.checked and dt.datetime.fromisoformat(held.checked) >= fresh_since:
            results[url] = held
        elif offline:
            results[url] = LinkResult(url, "unknown", reason="not in the cache (offline)")
        else:
            wanted.append(url)
    limits = HostLimits(PER_HOST)
    fetched = len(wanted)
    if wanted:
        repos = github_results(wanted, transport)
        results.update(repos)
        web = [url for url in wanted if url not in repos]
        if web:
            results.update(_web_results(web, limits, transport, progress))
        _save(cache_for, {**cached, **{url: results[url] for url in wanted}})
    peak = max(limits.peak.values(), default=0)
    return LinkReport({url: results[url] for url in dict.fromkeys(urls)}, fetched, peak)


def _web_results(
    urls: list[str],
    limits: HostLimits,
    transport: httpx.BaseTransport | None,
    progress: Callable[[int, int], None] | None,
) -> dict[str, LinkResult]:
    """The links fetched concurrently; the dead ones with an archived copy, if any."""
    results: dict[str, LinkResult] = {}
    timeout = env_number("FMCAT_HTTP_TIMEOUT", 20.0, minimum=0.1, maximum=3600)
    with (
        httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            follow_redirects=True,
            max_redirects=10,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
            limits=httpx.Limits(max_connections=WORKERS * 2),
            event_hooks={"request": [refuse_private]},  # redirects included
        ) as client,
        ThreadPoolExecutor(max_workers=WORKERS) as pool,
    ):
        checked = pool.map(lambda url: check_one(client, url, limits), urls)
        for done, result in enumerate(checked, start=1):
            results[result.url] = result
            if progress:
                progress(done, len(urls))
        for result in results.values():
            if result.status == "dead":
                result.archived = archived_copy(client, result.url)
    return results


def github_results(urls: list[str], transport: httpx.BaseTransport | None) -> dict[str, LinkResult]:
    """Links to GitHub repositories, checked through GitHub's API: gone (dead), archived,
    moved. Those the hourly limit leaves unchecked are not in the result (the web check
    takes them)."""
    names: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        name = github_repo(url)
        if name and urlsplit(url).path.strip("/").count("/") <= 1:  # the repository itself
            names[name].append(url)
    if not names:
        return {}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        with make_http(transport=transport) as http:
            found, _ = github.fetch(sorted(names), http)
    except SourceError:
        return {}
    results = {}
    for name, repo in found.items():
        for url in names[name]:
            if repo.missing:
                result = LinkResult(url, "dead", 404, None, "no such repository on GitHub")
            else:
                moved = repo.name.lower() if repo.name and repo.name.lower() != name else None
                final = f"https://github.com/{repo.name}" if moved else None
                reason = "archived on GitHub (read-only)" if repo.archived else ""
                result = LinkResult(url, "ok", 200, final, reason)
            result.checked = now
            results[url] = result
    return results


def archived_copy(client: httpx.Client, url: str) -> str | None:
    """The Wayback Machine's closest archived copy of ``url``, if it has one."""
    base = env_url("FMCAT_WAYBACK_URL", WAYBACK_URL)
    try:
        response = client.get(base, params={"url": url})
        if response.status_code != 200:
            return None
        data = answers.parse(response.content, "the Wayback Machine", dict)
    except Exception:  # a suggestion, never a failure
        return None
    closest = answers.table(answers.table(data, "archived_snapshots"), "closest")
    found = answers.text(closest.get("url"))
    if closest.get("available") is True and found and found.startswith(("https://", "http://")):
        return found
    return None


def _cache_file(catalog: Path) -> Path:
    return cachefiles.catalog_file(catalog, "links", ".json")


_KEY = "fmcat-links-1"


def _load(catalog: Path) -> dict[str, LinkResult]:
    payload = cachefiles.read(_cache_file(catalog), _KEY)
    if payload is None:
        return {}
    try:
        data = json.loads(payload)
        return {url: LinkResult(**fields) for url, fields in data.items()}
    except (ValueError, TypeError):
        return {}


def _save(catalog: Path, results: dict[str, LinkResult]) -> None:
    data = {url: asdict(result) for url, result in sorted(results.items())}
    cachefiles.write(_cache_file(catalog), _KEY, json.dumps(data).encode())


def links_of(entries: list) -> list[str]:
    """The web links a list shows for its entries: ``url`` and ``code``."""
    found = []
    for entry in entries:
        for link in (entry.url, entry.code):
            if link and link.startswith(("https://", "http://")):
                found.append(link)
    return found
