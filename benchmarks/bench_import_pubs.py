"""``fmcat import`` of a BibTeX file against ``pubs import`` of the same file.

``python benchmarks/bench_import_pubs.py [--size 10000] [--runs 3]``

A synthetic catalog of ``--size`` papers (benchmarks/generate.py) is exported as BibTeX;
then, in fresh processes, paired and interleaved, fmcat imports it into an empty catalog
and pubs into an empty repository. Prints the median times and the median of the
per-run ratios.

pubs (0.9, which reads BibTeX with bibtexparser 1) is installed into its own virtual
environment in ``benchmarks/.tools/pubs`` (ignored by git) on the first run; when it
cannot be installed, its column is skipped.
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
VENV = ROOT / "benchmarks" / ".tools" / "pubs"
EMPTY = '[catalog]\ntitle = "Imported"\n'


def pubs() -> Path | None:
    """The pubs command in its own environment, installed when missing."""
    command = VENV / "bin" / "pubs"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False)
        pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "pubs==0.9.0", "bibtexparser<2", "pyparsing"], check=False)
    return command if command.exists() else None


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rival = pubs()
    if rival is None:
        print("pubs could not be installed: its column is skipped")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "FMCAT_CACHE_DIR": str(folder / "cache")}
        for name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"):  # as installed:
            env.pop(name, None)  # compiled once, output buffered
        source = folder / "source.toml"
        generate = ROOT / "benchmarks" / "generate.py"
        subprocess.run([sys.executable, str(generate), str(args.size), str(source)], check=True)
        bib = folder / "papers.bib"
        fmcat = [sys.executable, "-m", "fmcat"]
        subprocess.run(
            [*fmcat, "--catalog", str(source), "export", "--format", "bibtex", "-o", str(bib)],
            env=env,
            check=True,
            capture_output=True,
        )
        ours, theirs, ratios = [], [], []
        for run in range(args.runs):
            catalog = folder / f"catalog{run}.toml"
            catalog.write_text(EMPTY, "utf-8")
            ours.append(timed([*fmcat, "--catalog", str(catalog), "import", str(bib)], folder, env))
            if rival is not None:
                config, repository = folder / f"pubs{run}.conf", folder / f"pubs{run}"
                subprocess.run(
                    [str(rival), "--config", str(config), "init", "-p", str(repository)],
                    capture_output=True,
                    check=True,
                )
                theirs.append(
                    timed([str(rival), "--config", str(config), "import", str(bib)], folder, env)
                )
                ratios.append(ours[-1] / theirs[-1])
                shutil.rmtree(repository, ignore_errors=True)
        print(f"import of {args.size} BibTeX entries: fmcat {statistics.median(ours):.2f}s")
        if theirs:
            print(
                f"  pubs {statistics.median(theirs):.2f}s; "
                f"ratio {statistics.median(ratios):.2f} (median of paired runs)"
            )


if __name__ == "__main__":
    main()
