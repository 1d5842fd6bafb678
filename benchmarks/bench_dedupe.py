"""Dedupe at scale: planted duplicates and near misses, wall time, recall, false merges.

``python benchmarks/bench_dedupe.py [--sizes 1000 10000 100000] [--runs 3]``

On top of a synthetic catalog, 5% of the papers get a planted duplicate (a published
version of a preprint with a DOI and no arXiv id; a lower-cased title; mojibake and a
changed dash; a title with its punctuation dropped) and 2% get a near miss (the same title
with "Part II" or a "2" after the model name, by other authors). Prints the median
process wall time of ``fmcat dedupe --json``, the recall on planted pairs and the number of
clusters that join two different papers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from generate import make_catalog  # noqa: E402

from fmcat import store  # noqa: E402
from fmcat.model import Entry  # noqa: E402


def variant(entry: Entry, kind: int, key: str) -> Entry:
    copy = Entry(key=key, title=entry.title, authors=list(entry.authors), year=entry.year)
    if kind == 0:  # the published version of a preprint
        copy.venue, copy.doi = "MICCAI", f"10.1007/978-3-031-{len(key)}{key[3:]}_1"
        copy.year = (entry.year or 2022) + 1
    elif kind == 1:
        copy.title = entry.title.lower()
    elif kind == 2:
        copy.title = entry.title.replace("-", "–").replace(" ", " ", 1) + ""
        copy.title = (
            copy.title.encode("utf-8").decode("latin-1")
            if "–" in copy.title
            else (copy.title.replace(":", " -"))
        )
    else:
        copy.title = "".join(ch for ch in entry.title if ch.isalnum() or ch == " ")
        copy.authors = entry.authors[:2]
    return copy


def near_miss(entry: Entry, kind: int, key: str) -> Entry:
    title = entry.title + (": Part II" if kind == 0 else " 2")
    return Entry(key=key, title=title, authors=["Other Person"], year=entry.year)


def build(size: int, path: Path) -> dict[str, str]:
    """Write a catalog with planted pairs; return planted key → original key."""
    rng = random.Random(size)
    catalog = make_catalog(size)
    originals = list(catalog.papers.values())
    planted: dict[str, str] = {}
    preprints = [entry for entry in originals if entry.arxiv and not entry.doi]
    for index, entry in enumerate(rng.sample(preprints, size // 20)):
        key = f"dup{index}"
        catalog.papers[key] = variant(entry, index % 4, key)
        planted[key] = entry.key
    for index, entry in enumerate(rng.sample(originals, size // 50)):
        key = f"near{index}"
        catalog.papers[key] = near_miss(entry, index % 2, key)
    path.write_text(store.dumps(catalog), encoding="utf-8")
    return planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    print("size     median s  recall  false merges  clusters")
    for size in args.sizes:
        path = out / f"dedupe_{size}.toml"
        planted = build(size, path)
        times, report = [], {}
        for _ in range(args.runs):
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "fmcat", "-C", str(path), "dedupe", "--json"],
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - started)
            report = json.loads(proc.stdout)
        cluster_of = {}
        for number, cluster in enumerate(report["duplicates"]):
            for key in cluster["keys"]:
                cluster_of[key] = number
        found = sum(
            1
            for dup, orig in planted.items()
            if dup in cluster_of and cluster_of.get(orig) == cluster_of[dup]
        )
        false_merges = 0
        for cluster in report["duplicates"]:
            papers = {planted.get(key, key) for key in cluster["keys"]}
            if len(papers) > 1:
                false_merges += 1
        print(
            f"{size:<8} {statistics.median(times):8.2f}  {found / len(planted):6.3f}"
            f"  {false_merges:12d}  {len(report['duplicates'])}"
        )


if __name__ == "__main__":
    main()
