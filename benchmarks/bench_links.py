"""``fmcat verify --links`` on many links spread over many hosts.

``python benchmarks/bench_links.py [--links 1000] [--hosts 50] [--delay 0.05]``

The hosts are loopback servers (``tests/link_server.py``, one per 127.0.0.N), each
answering after ``--delay`` seconds, so that concurrency shows. Prints the wall time, the
most requests any host served at once, and the requests of a second run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.link_server import Hosts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Hosts(args.hosts, delay=args.delay) as hosts:
        path = Path(tmp) / "catalog.toml"
        rows = [
            f'[papers.p{n}]\ntitle = "Paper {n}"\nurl = "{hosts.url(n % args.hosts, f"/p/{n}")}"\n'
            for n in range(args.links)
        ]
        path.write_text('[catalog]\ntitle = "Links"\n\n' + "\n".join(rows))
        env = {
            **os.environ,
            "FMCAT_CACHE_DIR": str(Path(tmp) / "cache"),
            "FMCAT_LINKS_PRIVATE": "1",
        }
        for run in ("first", "second"):
            before = hosts.requests
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "fmcat", "-C", str(path), "verify", "--links"],
                env=env,
                capture_output=True,
                check=False,
            )
            took = time.perf_counter() - started
            print(
                f"verify --links, {args.links} links on {args.hosts} hosts, {run} run: "
                f"{took:.2f} s, {hosts.requests - before} requests, "
                f"at most {max(hosts.peak.values(), default=0)} at once on one host"
            )


if __name__ == "__main__":
    main()
