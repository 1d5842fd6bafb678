"""Requests ``fmcat enrich`` makes, and what the figures cost ``render``.

``python benchmarks/bench_enrich.py [--size 1000] [--render-size 10000] [--runs 5]``

The catalog is synthetic (``generate.py``): every paper has an arXiv id, most a DOI, half
a GitHub code link. Semantic Scholar, OpenAlex and GitHub are the loopback replay server of
the tests, which answers unknown ids as the services do (``null`` in a batch, left out of
a DOI filter, 404 for a repository). The second run should send nothing.

Then ``render`` of a larger catalog, with every cache off, with and without a metrics file
that holds figures for every paper: medians of interleaved runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from generate import make_catalog  # noqa: E402

from fmcat import metrics, store  # noqa: E402
from fmcat.links import github_repo  # noqa: E402
from tests.replay_server import ReplayServer  # noqa: E402

ROUTES = {
    "Semantic Scholar": "/semanticscholar/",
    "OpenAlex": "/openalex/",
    "GitHub": "/github/",
}


def requests(size: int) -> None:
    catalog = make_catalog(size)
    with tempfile.TemporaryDirectory() as tmp, ReplayServer() as server:
        path = Path(tmp) / "catalog.toml"
        path.write_text(store.dumps(catalog), encoding="utf-8")
        dois = sum(1 for e in catalog.papers.values() if e.doi)
        repos = len({github_repo(e.code) for e in catalog.papers.values() if e.code})
        print(f"{size} entries: {size} arXiv ids, {dois} DOIs, {repos} GitHub repositories")
        env = {**os.environ, **server.env, "FMCAT_CACHE_DIR": str(Path(tmp) / "cache")}
        for run in ("first", "second"):
            before = {name: server.state.requests_to(route) for name, route in ROUTES.items()}
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "fmcat", "-C", str(path), "enrich"],
                env=env,
                capture_output=True,
                check=False,
            )
            took = time.perf_counter() - started
            made = ", ".join(
                f"{name} {server.state.requests_to(route) - before[name]}"
                for name, route in ROUTES.items()
            )
            print(f"fmcat enrich {run:<6} run: {made} ({took:.2f} s)")


def render_cost(size: int, runs: int) -> None:
    catalog = make_catalog(size)
    figures = metrics.Metrics()
    today = dt.date(2026, 11, 28)
    for index, entry in enumerate(catalog.papers.values()):
        figures.papers[f"arxiv:{entry.arxiv}"] = metrics.PaperMetrics(today, index * 7 % 5000)
        if name := github_repo(entry.code):
            figures.repos[name] = metrics.RepoMetrics(today, stars=index * 13 % 20000)
    with tempfile.TemporaryDirectory() as tmp:
        plain, enriched = Path(tmp) / "plain", Path(tmp) / "enriched"
        for folder in (plain, enriched):
            folder.mkdir()
            (folder / "catalog.toml").write_text(store.dumps(catalog), encoding="utf-8")
        metrics.save(metrics.path_for(enriched / "catalog.toml"), figures)
        env = {
            **os.environ,
            "FMCAT_CACHE_DIR": str(Path(tmp) / "cache"),
            "FMCAT_RENDER_CACHE": "0",
            "FMCAT_PARSE_CACHE": "0",
        }
        times: dict[str, list[float]] = {"without": [], "with": []}
        for _ in range(runs):
            for label, folder in (("without", plain), ("with", enriched)):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "fmcat", "-C", str(folder / "catalog.toml"), "render"],
                    env=env,
                    capture_output=True,
                    check=True,
                )
                times[label].append(time.perf_counter() - started)
        without, with_ = (statistics.median(times[k]) for k in ("without", "with"))
        print(
            f"render of {size} papers, every cache off, median of {runs}: without figures "
            f"{without:.2f} s, with {with_:.2f} s ({with_ / without:.2f}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--render-size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    requests(args.size)
    render_cost(args.render_size, args.runs)


if __name__ == "__main__":
    main()
