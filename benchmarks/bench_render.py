"""``fmcat render`` against ``fmcat check`` on the same catalogs.

``python benchmarks/bench_render.py [--sizes 1000 10000 100000] [--runs 5] [--style card]``

Prints the median process wall time of each and their ratio. Catalogs come from
``benchmarks/generate.py`` (shared with ``bench_core.py``).
"""

from __future__ import annotations

import argparse
import sys

from bench_core import catalog_of, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--style", default="card")
    args = parser.parse_args()
    fmcat = [sys.executable, "-m", "fmcat"]
    print(f"{'papers':>8} {'check':>9} {'render':>9} {'ratio':>6}")
    for size in args.sizes:
        path = str(catalog_of(size))
        runs = args.runs if size <= 10000 else max(1, args.runs // 2)
        check = wall([*fmcat, "-C", path, "check"], runs)
        render = wall([*fmcat, "-C", path, "render", "--style", args.style], runs)
        print(f"{size:>8} {check:>8.3f}s {render:>8.3f}s {render / check:>6.2f}")


if __name__ == "__main__":
    main()
