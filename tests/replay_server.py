"""A real HTTP server on 127.0.0.1 that replays recorded arXiv, Crossref and doi.org
responses (tests/fixtures) and injects faults. Used by the tests and the benchmarks.

Routes: ``/arxiv/api/query?id_list=...``, ``/crossref/works/{doi}``, ``/doi/{doi}``, and
``/crossref/works?query...`` (a search: the recorded work-list named by ``search_file``,
whatever the query).
A single-id arXiv request gets the recorded file for that id byte for byte; a multi-id
request gets the recorded ``<entry>`` elements of the known ids inside a recorded feed
envelope (arXiv silently drops unknown ids, as the recorded multi-id answer shows).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

FIXTURES = Path(__file__).parent / "fixtures"
_ENTRY = re.compile(rb"<entry>.*?</entry>", re.DOTALL)
_ENTRY_ID = re.compile(rb"<id>https?://arxiv\.org/abs/([^<]+?)(?:v\d+)?</id>")


def _arxiv_index() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """id -> whole recorded single-id file; id -> recorded <entry> element."""
    files, entries = {}, {}
    for path in sorted((FIXTURES / "arxiv").glob("*.xml")):
        body = path.read_bytes()
        found = _ENTRY.findall(body)
        for entry in found:
            match = _ENTRY_ID.search(entry)
            if match:
                ident = match[1].decode()
                entries.setdefault(ident, entry)
                if len(found) == 1 and "_id_" in f"_{path.name}" and "multi" not in path.name:
                    files.setdefault(ident, body)
    return files, entries


class Replay:
    """Server state: the fault queue, the request log, optional arXiv spacing."""

    def __init__(self) -> None:
        self.files, self.entries = _arxiv_index()
        self.s2_papers, self.oa_works = _s2_index(), _oa_index()
        self.envelope = (FIXTURES / "arxiv" / "empty_id_0000.0000.xml").read_bytes()
        self.faults: deque[str] = deque()
        self.log: list[str] = []
        self.arxiv_spacing = 0.0
        self.search_file = "works-list_rows2.json"
        self.last_arxiv = 0.0
        self.lock = threading.Lock()

    def requests_to(self, prefix: str) -> int:
        return sum(1 for path in self.log if path.startswith(prefix))

    def arxiv_body(self, ids: list[str]) -> tuple[int, bytes]:
        if any(not re.fullmatch(r"[\w.\-/]+", i) or i == "abc" for i in ids):
            return 400, (FIXTURES / "arxiv" / "error_id_abc.xml").read_bytes()
        if len(ids) == 1 and ids[0] in self.files:
            return 200, self.files[ids[0]]
        if len(ids) == 1 and ids[0] == "0808.05394":
            return 200, (FIXTURES / "arxiv" / "empty_id_0808.05394.xml").read_bytes()
        known = [self.entries[i] for i in ids if i in self.entries]
        if not known:
            return 200, self.envelope
        body = self.envelope.replace(
            b"<opensearch:totalResults>0</opensearch:totalResults>",
            f"<opensearch:totalResults>{len(known)}</opensearch:totalResults>".encode(),
        )
        return 200, body.replace(b"</feed>", b"\n".join(known) + b"\n</feed>")

    def respond(
        self, target: str, posted: bytes = b""
    ) -> tuple[int, bytes, str] | tuple[int, bytes, str, dict[str, str]]:
        """``(status, body, content type[, headers])`` of the recording for a request
        target (path and query) and the body of a POST."""
        parts = urlsplit(target)
        if parts.path.startswith(("/semanticscholar/", "/openalex/", "/github/")):
            return self.respond_enrich(parts, posted)
        if parts.path == "/arxiv/api/query":
            ids = [i for i in parse_qs(parts.query).get("id_list", [""])[0].split(",") if i]
            status, body = self.arxiv_body(ids)
            return status, body, "application/atom+xml; charset=UTF-8"
        if parts.path == "/crossref/works":
            return 200, (FIXTURES / "crossref" / self.search_file).read_bytes(), "application/json"
        if parts.path.startswith("/crossref/works/"):
            doi = unquote(parts.path[len("/crossref/works/") :]).lower()
            path = FIXTURES / "crossref" / (doi.replace("/", "_") + ".json")
            if path.exists():
                return 200, path.read_bytes(), "application/json"
            body = (FIXTURES / "crossref" / "404_10.1371_notarealdoi.txt").read_bytes()
            return 404, body, "text/plain"
        if parts.path.startswith("/doi/"):
            doi = unquote(parts.path[len("/doi/") :]).lower()
            if doi == "10.5281/zenodo.8242099":
                body = FIXTURES / "csl" / "datacite-csl_10.5281_zenodo.8242099_reserialized.json"
                return 200, body.read_bytes(), "application/vnd.citationstyles.csl+json"
            body = (FIXTURES / "csl" / "doiorg_404_10.1126_foo.html").read_bytes()
            return 404, body, "text/html;charset=utf-8"
        return 404, b"no route", "text/plain"

    def respond_enrich(self, parts, posted: bytes):
        """Semantic Scholar's batch, OpenAlex's DOI filter and GitHub's repositories."""
        if parts.path == "/semanticscholar/paper/batch":
            asked = json.loads(posted or b"{}").get("ids", [])
            answer = [self.s2_papers.get(_s2_key(ident)) for ident in asked]
            return 200, json.dumps(answer).encode(), "application/json"
        if parts.path == "/openalex/works":
            wanted = parse_qs(parts.query).get("filter", [""])[0].removeprefix("doi:")
            dois = {doi.lower().removeprefix("https://doi.org/") for doi in wanted.split("|")}
            envelope = json.loads(OPENALEX_LIST.read_bytes())
            envelope["results"] = [w for doi, w in self.oa_works.items() if doi in dois]
            envelope["meta"]["count"] = len(envelope["results"])
            return 200, json.dumps(envelope).encode(), "application/json"
        name = parts.path.removeprefix("/github/").replace("/", "_").lower()  # as GitHub
        if name == "repos_protoncoin_protoncoin":
            return 301, b"", "application/json", {"Location": "../../repositories/112116543"}
        recorded = {p.stem.lower(): p for p in (FIXTURES / "github").glob("repos*.json")}
        if name in recorded and not name.endswith("_404"):
            return 200, recorded[name].read_bytes(), "application/json; charset=utf-8"
        return 404, (FIXTURES / "github" / "repos_jacquev6_Xxx_404.json").read_bytes(), "json"

    def transport(self) -> httpx.MockTransport:
        """The same recordings in process, for the library's workflow functions: requests
        to ``arxiv.test``, ``crossref.test`` and ``doi.test`` (see ``MOCK_ENV``)."""

        def handle(request: httpx.Request) -> httpx.Response:
            host = request.url.host.removesuffix(".test")
            target = f"/{host}" + request.url.raw_path.decode()
            self.log.append(target)
            status, body, kind, *extra = self.respond(target, request.content)
            headers = {"Content-Type": kind, **(extra[0] if extra else {})}
            return httpx.Response(status, content=body, headers=headers)

        return httpx.MockTransport(handle)


MOCK_ENV = {
    "FMCAT_ARXIV_URL": "http://arxiv.test/api/query",
    "FMCAT_CROSSREF_URL": "http://crossref.test",
    "FMCAT_DOI_URL": "http://doi.test",
    "FMCAT_ARXIV_DELAY": "0",
    "FMCAT_S2_URL": "http://semanticscholar.test",
    "FMCAT_S2_DELAY": "0",
    "FMCAT_OPENALEX_URL": "http://openalex.test",
    "FMCAT_GITHUB_URL": "http://github.test",
}
OPENALEX_LIST = FIXTURES / "openalex" / "openalexPro_works_filter_openalex_2ids.json"
S2_RECORDED = {  # the request ids of each recorded batch, in order
    "paper-batch_default-fields_4ids_first-null_200.json": [
        "CorpusId:211530585",
        "CorpusId:470667",
        "10.2139/ssrn.2250500",
        "0f40b1f08821e22e859c6050916cec3667778613",
    ],
}


def _s2_key(ident: str) -> str:
    return ident.removeprefix("DOI:").lower()


def _s2_index() -> dict[str, object]:
    """Request id (lower case, no ``DOI:``) → the recorded answer for it."""
    papers: dict[str, object] = {}
    for name, asked in S2_RECORDED.items():
        answer = json.loads((FIXTURES / "semanticscholar" / name).read_bytes())
        papers |= {_s2_key(ident): item for ident, item in zip(asked, answer, strict=True)}
    return papers


def _oa_index() -> dict[str, object]:
    """DOI → recorded OpenAlex work."""
    works = json.loads(OPENALEX_LIST.read_bytes())["results"]
    return {w["doi"].lower().removeprefix("https://doi.org/"): w for w in works if w.get("doi")}


def _handler(state: Replay):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            headers: dict[str, str] | None = None,
            declared: int | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(declared if declared is not None else len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            posted = self.rfile.read(length)
            with state.lock:
                state.log.append(self.path)
                fault = state.faults.popleft() if state.faults else None
            if fault and self.apply_fault(fault):
                return
            self.send(*state.respond(self.path, posted))

        def do_GET(self) -> None:
            with state.lock:
                state.log.append(self.path)
                fault = state.faults.popleft() if state.faults else None
            if fault and self.apply_fault(fault):
                return
            if self.path.startswith("/arxiv/api/query"):
                now = time.monotonic()
                if state.arxiv_spacing and now - state.last_arxiv < state.arxiv_spacing:
                    self.send(503, b"Rate exceeded.", "text/plain", {"Retry-After": "3"})
                    return
                state.last_arxiv = now
            self.send(*state.respond(self.path))

        def apply_fault(self, fault: str) -> bool:
            kind, _, arg = fault.partition(":")
            if kind == "429":
                self.send(429, b"Too Many Requests", "text/plain", {"Retry-After": arg or "1"})
            elif kind == "503":
                self.send(503, b"Service Unavailable", "text/plain")
            elif kind == "stall":
                time.sleep(float(arg or 5))
                return False
            elif kind == "truncate":
                body = (FIXTURES / "arxiv" / "id_1605.08386.xml").read_bytes()
                self.send(200, body[: len(body) // 2], "application/atom+xml", declared=len(body))
                self.close_connection = True
            elif kind == "truncate-xml":
                body = (FIXTURES / "arxiv" / "id_1605.08386.xml").read_bytes()
                self.send(200, body[: len(body) // 2], "application/atom+xml")
            elif kind == "huge":
                self.send(200, b"<" + b"x" * (10 * 1024 * 1024), "application/atom+xml")
            elif kind == "empty-page":  # arXiv's hiccup: results exist, no entry sent
                body = state.envelope.replace(
                    b"<opensearch:totalResults>0</", b"<opensearch:totalResults>1</"
                )
                self.send(200, body, "application/atom+xml")
            elif kind == "ratelimit":  # GitHub's answer when the hourly limit is spent
                body = FIXTURES / "github" / "ratelimit_403_unauthenticated_users_jacquev6.json"
                limit = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"}
                self.send(403, body.read_bytes(), "application/json", limit)
            elif kind == "html":
                body = (FIXTURES / "csl" / "doiorg_404_10.1126_foo.html").read_bytes()
                self.send(200, body, "text/html")
            else:
                return False
            return True

    return Handler


class ReplayServer:
    """Start with ``with ReplayServer() as server:``; ``server.env`` points fmcat at it."""

    def __init__(self) -> None:
        self.state = Replay()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "FMCAT_ARXIV_URL": f"{self.base}/arxiv/api/query",
            "FMCAT_CROSSREF_URL": f"{self.base}/crossref",
            "FMCAT_DOI_URL": f"{self.base}/doi",
            "FMCAT_ARXIV_DELAY": "0",
            "FMCAT_S2_URL": f"{self.base}/semanticscholar",
            "FMCAT_S2_DELAY": "0",
            "FMCAT_OPENALEX_URL": f"{self.base}/openalex",
            "FMCAT_GITHUB_URL": f"{self.base}/github",
        }

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
