"""``fmcat render`` against ``fmcat check`` on the same catalogs.

``python benchmarks/bench_render.py [--sizes 1000 10000 100000] [--runs 5] [--style card]``

Prints the median process wall time of each, and the ratio of render to check, in three
settings; the five commands run in turn, so that drift in the machine's speed affects
them alike:

- default: both commands with their caches (check reads the parse cache's header; render
  a rendering it made before from the same bytes, settings and code);
- computed: render with ``FMCAT_RENDER_CACHE=0`` (it loads the cached Catalog and
  renders), against the same default check;
- cold: both with every cache off (``FMCAT_PARSE_CACHE=0 FMCAT_RENDER_CACHE=0``), so both
  parse and validate the file.

Catalogs come from ``benchmarks/generate.py`` (shared with ``bench_core.py``).
"""

from __future__ import annotations

import argparse
import sys

from bench_core import catalog_of, walls

NO_MEMO = {"FMCAT_RENDER_CACHE": "0"}
COLD = {"FMCAT_PARSE_CACHE": "0", "FMCAT_RENDER_CACHE": "0"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--style", default="card")
    args = parser.parse_args()
    fmcat = [sys.executable, "-m", "fmcat"]
    columns = ("check", "render", "ratio", "computed", "ratio", "cold chk", "cold rnd", "ratio")
    print(f"{'papers':>8}" + "".join(f"{name:>10}" for name in columns))
    for size in args.sizes:
        path = str(catalog_of(size))
        runs = args.runs if size <= 10000 else max(1, args.runs // 2)
        check = [*fmcat, "-C", path, "check"]
        render = [*fmcat, "-C", path, "render", "--style", args.style]
        times = walls(
            [(check, None), (render, None), (render, NO_MEMO), (check, COLD), (render, COLD)],
            runs,
        )
        check_s, render_s, computed_s, cold_check_s, cold_render_s = times
        row = [
            f"{check_s:.3f}s",
            f"{render_s:.3f}s",
            f"{render_s / check_s:.2f}",
            f"{computed_s:.3f}s",
            f"{computed_s / check_s:.2f}",
            f"{cold_check_s:.3f}s",
            f"{cold_render_s:.3f}s",
            f"{cold_render_s / cold_check_s:.2f}",
        ]
        print(f"{size:>8}" + "".join(f"{cell:>10}" for cell in row))


if __name__ == "__main__":
    main()
