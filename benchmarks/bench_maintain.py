"""Requests ``fmcat refresh`` and ``fmcat verify`` make for a 500-entry catalog.

``python benchmarks/bench_maintain.py [--size 500]``

The catalog is synthetic (``generate.py``) plus the recorded papers of
``tests/fixtures/arxiv``; arXiv, Crossref and doi.org are the loopback replay server of
the tests. Each command runs twice with a fresh cache: the second run should cost nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from generate import make_catalog  # noqa: E402

from fmcat import store  # noqa: E402
from fmcat.model import Entry  # noqa: E402
from tests.replay_server import ReplayServer  # noqa: E402

RECORDED = ["1111.2011", "1312.2021", "1710.08557", "1605.08386", "1707.08567"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=500)
    args = parser.parse_args()
    catalog = make_catalog(args.size - len(RECORDED))
    for index, arxiv in enumerate(RECORDED):
        key = f"recorded{index}"
        catalog.papers[key] = Entry(key=key, title=f"Recorded {arxiv}", arxiv=arxiv, venue="arXiv")
    with tempfile.TemporaryDirectory() as tmp, ReplayServer() as server:
        path = Path(tmp) / "catalog.toml"
        path.write_text(store.dumps(catalog), encoding="utf-8")
        arxiv_ids = sum(1 for e in catalog.papers.values() if e.arxiv)
        preprints = sum(1 for e in catalog.papers.values() if e.arxiv and e.venue == "arXiv")
        dois = sum(1 for e in catalog.papers.values() if e.doi)
        print(
            f"{len(catalog.papers)} entries: {arxiv_ids} arXiv ids ({preprints} preprints), "
            f"{dois} DOIs"
        )
        env = {**os.environ, **server.env, "FMCAT_CACHE_DIR": str(Path(tmp) / "cache")}
        for command in (["refresh", "--dry-run"], ["verify"]):
            for run in ("first", "second"):
                routes = {
                    "arXiv": "/arxiv/",
                    "Crossref works": "/crossref/works/",
                    "Crossref searches": "/crossref/works?",
                    "doi.org": "/doi/",
                }
                before = {name: server.state.requests_to(route) for name, route in routes.items()}
                subprocess.run(
                    [sys.executable, "-m", "fmcat", "-C", str(path), *command],
                    env=env,
                    capture_output=True,
                    check=False,
                )
                made = ", ".join(
                    f"{name} {server.state.requests_to(route) - before[name]}"
                    for name, route in routes.items()
                )
                print(f"fmcat {' '.join(command):<18} {run:<6} run: {made}")


if __name__ == "__main__":
    main()
