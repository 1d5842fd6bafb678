"""``fmcat lookup``: rank of the intended paper for realistic queries, and wall time.

``python benchmarks/bench_lookup.py [--sizes 10000] [--runs 5]``

Prints the rank of the intended paper for each query in ``tests/data/lookup_queries.toml``
against the shipped catalog, then the median process wall time of a free-text lookup and
of ``fmcat check`` on synthetic catalogs.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from bench_core import catalog_of, wall

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fmcat.search import search  # noqa: E402
from fmcat.store import load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    queries = tomllib.loads((ROOT / "tests/data/lookup_queries.toml").read_text())["queries"]
    catalog = load(ROOT / "catalog.toml").catalog
    first = 0
    for query, key in queries:
        keys = [hit.key for hit in search(catalog, query)]
        rank = keys.index(key) + 1 if key in keys else None
        first += rank == 1
        print(f"{rank!s:>4}  {query}  →  {key}")
    print(f"rank 1 for {first} of {len(queries)} queries")
    fmcat = [sys.executable, "-m", "fmcat"]
    print(f"{'papers':>8} {'check':>9} {'lookup':>9} {'ratio':>6}")
    for size in args.sizes:
        path = str(catalog_of(size))
        check = wall([*fmcat, "-C", path, "check"], args.runs)
        lookup = wall([*fmcat, "-C", path, "lookup", "foundtion model radiology"], args.runs)
        print(f"{size:>8} {check:>8.3f}s {lookup:>8.3f}s {lookup / check:>6.2f}")


if __name__ == "__main__":
    main()
