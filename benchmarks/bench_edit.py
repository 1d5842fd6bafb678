"""`check` and `render` on a big catalog right after a one-line edit, against `check`
with the caches off and an unchanged (cached) `check`.

``python benchmarks/bench_edit.py [--sizes 10000 100000] [--runs 5]``

For each size, a synthetic catalog (benchmarks/generate.py) is checked and rendered once
to fill the caches; then each run edits one paper's title (another paper each time) and
times, in fresh processes: ``check`` after an edit, ``render`` after another edit,
``dedupe`` after a third, ``check`` and ``dedupe`` with ``FMCAT_PARSE_CACHE=0``, and an
unchanged cached ``check``. Prints medians and the ratios the everyday-speed goals are
stated in (render/check as the median of each run's ratio).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "fmcat", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def _edit(path: Path, run: int) -> None:
    text = path.read_text("utf-8")
    titles = list(re.finditer(r'(?m)^title = "(.*)"$', text))
    target = titles[1 + (run * 7919) % (len(titles) - 1)]  # a paper, not the catalog
    edited = text[: target.start(1)] + f"Edited {run}: " + text[target.start(1) :]
    path.write_text(edited, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'papers':>7} {'edit→check':>11} {'edit→render':>12} {'edit→dedupe':>12} "
        f"{'no cache':>9} {'dedupe, no cache':>17} {'cached':>7}  check/no-cache  render/check"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            cwd = Path(folder)
            env = {**os.environ, "FMCAT_CACHE_DIR": str(cwd / "cache"), "PYTHONHASHSEED": "0"}
            for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):  # as installed:
                env.pop(name, None)  # compiled once, output buffered
            off = {**env, "FMCAT_PARSE_CACHE": "0"}
            catalog = cwd / "catalog.toml"
            subprocess.run(
                [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(size), str(catalog)],
                check=True,
                capture_output=True,
            )
            for command in ("check", "render", "dedupe"):
                _run([command], env, cwd)
            names = ("check", "render", "dedupe", "off", "dedupe off", "cached")
            timings: dict[str, list[float]] = {name: [] for name in names}
            for run in range(args.runs):
                _edit(catalog, run)
                timings["check"].append(_run(["check"], env, cwd))
                _edit(catalog, run + 1000)
                timings["render"].append(_run(["render"], env, cwd))
                _edit(catalog, run + 2000)
                timings["dedupe"].append(_run(["dedupe"], env, cwd))
                timings["off"].append(_run(["check"], off, cwd))
                timings["dedupe off"].append(_run(["dedupe"], off, cwd))
                timings["cached"].append(_run(["check"], env, cwd))
            median = {name: statistics.median(values) for name, values in timings.items()}
            paired = statistics.median(
                render / check
                for render, check in zip(timings["render"], timings["check"], strict=True)
            )
            print(
                f"{size:7} {median['check']:11.2f} {median['render']:12.2f} "
                f"{median['dedupe']:12.2f} {median['off']:9.2f} {median['dedupe off']:17.2f} "
                f"{median['cached']:7.2f}  {median['check'] / median['off']:14.2f}  {paired:12.2f}"
            )


if __name__ == "__main__":
    main()
