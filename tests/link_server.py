"""A loopback link-check harness: one HTTP server per host (127.0.0.N), answering 200,
301 chains, 404, 410, 403, 429 with Retry-After, 500, a timeout and a redirect loop, and
counting how many requests each host serves at once."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WAYBACK = Path(__file__).parent / "fixtures" / "wayback" / "closest.json"

ROUTES = {
    "/ok": (200, {}),
    "/moved": (301, {"Location": "/moved-again"}),
    "/moved-again": (301, {"Location": "/ok"}),
    "/gone": (404, {}),
    "/removed": (410, {}),
    "/forbidden": (403, {}),
    "/limited": (429, {"Retry-After": "30"}),
    "/broken": (500, {}),
    "/loop": (302, {"Location": "/loop"}),
}


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that closes a kept-alive connection is no error here


class Hosts:
    """``count`` servers on 127.0.0.1 … 127.0.0.N; ``url(n, path)`` addresses host n."""

    def __init__(self, count: int, delay: float = 0.0, stall: float = 3.0) -> None:
        self.delay, self.stall = delay, stall
        self.lock = threading.Lock()
        self.active: dict[str, int] = defaultdict(int)
        self.peak: dict[str, int] = defaultdict(int)
        self.requests = 0
        self.servers = [_Quiet((f"127.0.0.{n + 1}", 0), self._handler()) for n in range(count)]

    def url(self, host: int, path: str) -> str:
        address, port = self.servers[host].server_address[:2]
        return f"http://{address}:{port}{path}"

    def __enter__(self) -> Hosts:
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def _handler(self):
        hosts = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                host = self.headers.get("Host", "")
                with hosts.lock:
                    hosts.requests += 1
                    hosts.active[host] += 1
                    hosts.peak[host] = max(hosts.peak[host], hosts.active[host])
                try:
                    time.sleep(hosts.delay)
                    path = urlsplit(self.path).path
                    if path == "/slow":
                        time.sleep(hosts.stall)
                    with hosts.lock:  # counted until the answer starts, which the client waits for
                        hosts.active[host] -= 1
                    status, headers = ROUTES.get(path, (200, {}))
                    body = b"<html>a page</html>" if status == 200 else b"no"
                    if path == "/wayback/available":  # the recorded answer, whatever the URL
                        body = WAYBACK.read_bytes()
                        headers = {"Content-Type": "application/json"}
                    self.send_response(status)
                    for name, value in {"Content-Length": str(len(body)), **headers}.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
