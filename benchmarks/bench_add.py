"""Requests and wall time of ``fmcat add`` with 100 arXiv ids, against the loopback
replay server (tests/replay_server.py) that enforces arXiv's 3 s spacing by answering
503 + Retry-After to requests that come too soon.

``python benchmarks/bench_add.py``

The ids are every arXiv id with a recorded answer in tests/fixtures (32) plus well-formed
ids that arXiv does not know, up to 100; the server answers a batch with the recorded
entries of the known ids, as arXiv drops unknown ids from an id_list.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.replay_server import ReplayServer  # noqa: E402


def run(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "fmcat", *args], env=env, cwd=cwd, capture_output=True, text=True
    )
    return time.perf_counter() - started, proc.returncode


def main() -> None:
    with ReplayServer() as server, tempfile.TemporaryDirectory() as tmp:
        server.state.arxiv_spacing = 3.0
        known = sorted(server.state.entries)
        unknown = [f"2501.{n:05d}" for n in range(90000, 90000 + 100 - len(known))]
        ids = known + unknown
        work = Path(tmp)
        env = {
            **os.environ,
            **server.env,
            "FMCAT_ARXIV_DELAY": "3",
            "FMCAT_CACHE_DIR": str(work / "cache"),
        }
        subprocess.run(
            [sys.executable, "-m", "fmcat", "init"],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        (work / "ids.txt").write_text("\n".join(ids) + "\n")
        first, code = run(["add", "--from-file", "ids.txt"], env, work)
        arxiv_first = server.state.requests_to("/arxiv")
        other_first = len(server.state.log) - arxiv_first
        server.state.log.clear()
        second, _ = run(["add", "--from-file", "ids.txt"], env, work)
        print(f"ids: {len(ids)} ({len(known)} recorded, {len(unknown)} unknown to arXiv)")
        print(
            f"first add:  {arxiv_first} arXiv request(s), {other_first} Crossref/doi.org "
            f"request(s) for published versions, {first:.2f} s wall, exit {code}"
        )
        print(f"second add: {len(server.state.log)} requests, {second:.2f} s wall")


if __name__ == "__main__":
    main()
