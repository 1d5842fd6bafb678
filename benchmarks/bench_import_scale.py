"""Import's matching as catalogs grow: ``compare()`` calls per paper and wall time.

``python benchmarks/bench_import_scale.py [--sizes 1000 10000 30000]``

For each size N, a synthetic catalog of N papers (benchmarks/generate.py) is exported as
BibTeX and imported twice: into an empty catalog (every paper is new) and again into the
result (every paper is already there, the worst case for matching). Prints, per import,
the median wall time of ``--runs`` runs (matching pauses the garbage collector itself,
``fmcat.collector``) and the number
of ``compare()`` calls and of C prefilter calls per paper. Flat prefilter calls per paper
mean matching grows no faster than the catalog; ``compare()`` calls follow how many
near-identical titles the synthetic catalog holds, which grows with its size.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_catalog

from fmcat import match
from fmcat.exporters import export
from fmcat.importers import common
from fmcat.importers.bibtex import parse_bibtex
from fmcat.model import Catalog
from fmcat.normalize.venues import venue_table


def _counted():
    """Count ``compare()`` calls (calls[0]) and prefilter calls (calls[1])."""
    calls = [0, 0]
    original, prefilter = match.compare, match.worth_comparing

    def compare(a, b):
        calls[0] += 1
        return original(a, b)

    def worth_comparing(key, a, b):
        calls[1] += 1
        return prefilter(key, a, b)

    common.compare = compare
    match.worth_comparing = worth_comparing
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    calls = _counted()
    print(
        f"{'papers':>7} {'import':>8} {'time s':>8} {'compare/paper':>14} {'prefilter/paper':>16}"
    )
    for size in args.sizes:
        source = make_catalog(size, seed=7)
        text = export(source, list(source.papers.values()), "bibtex")
        result = parse_bibtex(text, venue_table())
        for label in ("new", "again"):
            times, per_paper, filtered = [], 0.0, 0.0
            for _ in range(args.runs):
                catalog = Catalog()
                if label == "again":
                    common.apply_import(
                        catalog, parse_bibtex(text, venue_table()), common.ImportOptions()
                    )
                fresh = parse_bibtex(text, venue_table()) if label == "again" else result
                calls[0] = calls[1] = 0
                gc.collect()
                started = time.perf_counter()
                common.apply_import(catalog, fresh, common.ImportOptions())  # pauses the GC
                times.append(time.perf_counter() - started)
                per_paper, filtered = calls[0] / size, calls[1] / size
                result = parse_bibtex(text, venue_table())
            median = statistics.median(times)
            print(f"{size:7} {label:>8} {median:8.2f} {per_paper:14.2f} {filtered:16.2f}")


if __name__ == "__main__":
    main()
