"""A first `check` of a large catalog against the toml-rs parse floor, and the start-up
figures: a cached `check` of a small catalog against `fmcat --version`.

``python benchmarks/bench_cold.py [--size 100000] [--small 1000] [--runs 5]``

The floor is a process that only reads the file and parses it with toml-rs (what any
check must do). Against it, in fresh processes, paired and interleaved: `check` with the
caches off, and `check` with an empty cache folder (which also writes the cache). Then,
on the small catalog, a cached `check` against `--version`. Prints medians and the
medians of the paired ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = "import sys, toml_rs; toml_rs.loads(open(sys.argv[1], encoding='utf-8').read())"


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def paired(first: list[str], second: list[str], runs: int, env, before=None) -> tuple:
    """Medians of each and of the ratio first/second."""
    ones, twos = [], []
    for _ in range(runs):
        if before is not None:
            before()
        ones.append(timed(first, env))
        twos.append(timed(second, env))
    ratios = [one / two for one, two in zip(ones, twos, strict=True)]
    return statistics.median(ones), statistics.median(twos), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    fmcat = [sys.executable, "-m", "fmcat"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        cache = folder / "cache"
        env = {**os.environ, "FMCAT_CACHE_DIR": str(cache)}
        for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):  # as installed:
            env.pop(name, None)  # compiled once, output buffered
        generate = ROOT / "benchmarks" / "generate.py"
        big, small = folder / "big.toml", folder / "small.toml"
        for size, path in ((args.size, big), (args.small, small)):
            subprocess.run([sys.executable, str(generate), str(size), str(path)], check=True)
        floor = [sys.executable, "-c", FLOOR, str(big)]
        off = {**env, "FMCAT_PARSE_CACHE": "0"}
        check = [*fmcat, "--catalog", str(big), "check"]
        ours, theirs, ratio = paired(check, floor, args.runs, off)
        print(f"{args.size} papers: check, caches off {ours:.2f}s; toml-rs floor {theirs:.2f}s;")
        print(f"  ratio {ratio:.2f} (median of paired runs)")
        ours, theirs, ratio = paired(
            check, floor, args.runs, env, lambda: shutil.rmtree(cache, ignore_errors=True)
        )
        print(f"  first check, empty cache {ours:.2f}s; ratio {ratio:.2f}")
        cached = [*fmcat, "--catalog", str(small), "check"]
        timed(cached, env)
        ours, theirs, ratio = paired(cached, [*fmcat, "--version"], args.runs * 3, env)
        print(
            f"{args.small} papers: cached check {ours:.3f}s; --version {theirs:.3f}s; "
            f"ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
