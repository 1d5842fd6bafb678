"""The pre-commit loop against bibtex-tidy, and BibTeX export against bibtex-tidy, on the
same papers.

``python benchmarks/bench_loop.py [--size 1000] [--runs 9] [--export-size 100000]``

The loop: a one-line edit of the catalog, then the three hooks of
``.pre-commit-hooks.yaml`` (``fmcat check``, ``fmcat render --check``, ``fmcat dedupe``),
each a fresh process; and another edit, then the ``fmcat`` hook that joins them in one
process (``fmcat check --duplicates --readme README.md``). Each against one bibtex-tidy
pass over the same papers as BibTeX (tidy, with every duplicate check: ``--duplicates
--no-modify``). Export: ``fmcat
export --format bibtex`` of a large catalog against bibtex-tidy tidying its output.
Runs are paired and interleaved; the figures are medians of the per-run times and of
the per-run ratios.

bibtex-tidy is installed from npm into ``benchmarks/.tools`` (ignored by git) on the
first run; without npm its column is skipped.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "benchmarks" / ".tools"
BIBTEX_TIDY = "bibtex-tidy@1.14.0"
HOOKS = (["check"], ["render", "--check", "README.md"], ["dedupe"])
JOINED = ["check", "--duplicates", "--readme", "README.md"]


def bibtex_tidy() -> Path | None:
    """The bibtex-tidy command, installed into ``benchmarks/.tools`` when missing;
    None without npm."""
    command = TOOLS / "node_modules" / ".bin" / "bibtex-tidy"
    if command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None:
        return None
    TOOLS.mkdir(exist_ok=True)
    install = [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOLS)]
    subprocess.run([*install, BIBTEX_TIDY], check=False, capture_output=True)
    return command if command.exists() else None


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def fmcat(*args: str) -> list[str]:
    return [sys.executable, "-m", "fmcat", *args]


def edit(path: Path, run: int) -> None:
    text = path.read_text("utf-8")
    titles = list(re.finditer(r'(?m)^title = "(.*)"$', text))
    target = titles[1 + (run * 7919) % (len(titles) - 1)]
    path.write_text(text[: target.start(1)] + f"Edited {run}: " + text[target.start(1) :], "utf-8")


def environment(folder: Path) -> dict[str, str]:
    """The commands' environment: a cache of their own; bytecode written and output
    buffered, as installed."""
    env = {**os.environ, "FMCAT_CACHE_DIR": str(folder / "cache")}
    for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):
        env.pop(name, None)
    return env


def report_rival(theirs: list[float], ratios: list[float]) -> None:
    """bibtex-tidy's median time and the median of the paired ratios, when it ran."""
    if theirs:
        print(
            f"  bibtex-tidy {statistics.median(theirs):.3f}s; "
            f"ratio {statistics.median(ratios):.2f} (median of paired runs)"
        )


def prepare(folder: Path, size: int, env: dict[str, str]) -> tuple[Path, Path]:
    """A synthetic catalog of ``size`` papers with its README, and the same papers as
    BibTeX."""
    catalog = folder / "catalog.toml"
    generate = ROOT / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generate), str(size), str(catalog)], check=True)
    subprocess.run(fmcat("render", "-o", "README.md"), cwd=folder, env=env, check=True)
    bib = folder / "papers.bib"
    with open(bib, "wb") as out:
        subprocess.run(fmcat("export", "--format", "bibtex"), cwd=folder, env=env, stdout=out)
    return catalog, bib


def loop(size: int, runs: int, tidy: Path | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = environment(folder)
        catalog, bib = prepare(folder, size, env)
        for hook in HOOKS:  # the caches as a maintainer's machine has them
            timed(fmcat(*hook), folder, env)
        timed(fmcat(*JOINED), folder, env)
        ours, joined, theirs, ratios, joined_ratios = [], [], [], [], []
        steps: dict[str, list[float]] = {hook[0]: [] for hook in HOOKS}
        for run in range(runs):
            edit(catalog, run)
            total = 0.0
            for hook in HOOKS:
                took = timed(fmcat(*hook), folder, env)
                steps[hook[0]].append(took)
                total += took
            ours.append(total)
            edit(catalog, runs + run)
            joined.append(timed(fmcat(*JOINED), folder, env))
            if tidy is not None:
                args = [str(tidy), str(bib), "--duplicates", "--no-modify"]
                theirs.append(timed(args, folder, env))
                ratios.append(total / theirs[-1])
                joined_ratios.append(joined[-1] / theirs[-1])
        each = "  ".join(f"{name} {statistics.median(t):.3f}s" for name, t in steps.items())
        print(f"pre-commit loop, {size} papers: fmcat {statistics.median(ours):.3f}s ({each})")
        report_rival(theirs, ratios)
        print(f"the one hook (fmcat {' '.join(JOINED)}): {statistics.median(joined):.3f}s")
        report_rival(theirs, joined_ratios)


def export(size: int, runs: int, tidy: Path | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = environment(folder)
        _catalog, bib = prepare(folder, size, env)
        ours, theirs, ratios = [], [], []
        for _run in range(runs):
            ours.append(timed(fmcat("export", "--format", "bibtex", "-o", "out.bib"), folder, env))
            if tidy is not None:
                args = [str(tidy), str(bib), "--no-modify", "-o", "tidy.bib"]
                theirs.append(timed(args, folder, env))
                ratios.append(ours[-1] / theirs[-1])
        print(f"export --format bibtex, {size} papers: fmcat {statistics.median(ours):.2f}s")
        report_rival(theirs, ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--export-size", type=int, default=100000, help="0 skips it")
    parser.add_argument("--export-runs", type=int, default=3)
    args = parser.parse_args()
    tidy = bibtex_tidy()
    if tidy is None:
        print("npm not found: the bibtex-tidy column is skipped")
    loop(args.size, args.runs, tidy)
    if args.export_size:
        export(args.export_size, args.export_runs, tidy)


if __name__ == "__main__":
    main()
