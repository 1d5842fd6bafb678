"""The markdown importer and dedupe on the hand-checked corpus of real lists.

``python benchmarks/bench_import.py [--details]``

Prints per list: entries expected and imported, sample fields checked and their
accuracy, prose imported as papers, duplicate pairs found, and merges of pairs the hand
check did not call one paper. ``--details`` lists every wrong field and missed pair.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus import FIELDS, expectations, score_list


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--only", help="lists whose file name contains this")
    args = parser.parse_args()
    rows, checked, correct = [], Counter(), Counter()
    totals = Counter()
    columns = ("want", 5), ("got", 5), ("fields", 7), ("prose", 5), ("pairs", 7), ("merges", 6)
    print(f"{'list':44} " + " ".join(f"{name:>{width}}" for name, width in columns))
    for spec in expectations():
        if args.only and args.only not in spec["list"]["file"]:
            continue
        score = score_list(spec)
        rows.append(score)
        checked.update(score.checked)
        correct.update(score.correct)
        totals.update(
            expected=score.expected,
            found=min(score.expected, score.imported),
            imported=score.imported,
            prose=len(score.prose),
            pairs=score.pairs,
            pairs_found=score.pairs_found,
            merges=len(score.false_merges),
        )
        pairs = f"{score.pairs_found}/{score.pairs}"
        print(
            f"{score.name[:44]:44} {score.expected:5} {score.imported:5} "
            f"{score.accuracy():7.1%} {len(score.prose):5} {pairs:>7} {len(score.false_merges):6}"
        )
        if args.details:
            for line in score.missed_samples:
                print(f"    sample at line {line}: not imported")
            for line, name, want, got in score.wrong:
                print(f"    line {line} {name}: want {want!r} got {got!r}")
            for pair in score.missed_pairs:
                print(f"    duplicate pair {pair} not found")
            for pair in score.false_merges:
                print(f"    merged {pair}, not listed as one paper")
    print()
    found, expected = totals["found"], totals["expected"]
    print(f"entries: {found}/{expected} ({found / expected:.1%}); imported {totals['imported']}")
    for name in FIELDS:
        if checked[name]:
            share = correct[name] / checked[name]
            print(f"  {name:8} {correct[name]}/{checked[name]} ({share:.1%})")
    print(f"prose imported: {totals['prose']}")
    pairs = f"{totals['pairs_found']}/{totals['pairs']}"
    print(f"duplicate pairs: {pairs}; unlisted merges: {totals['merges']}")


if __name__ == "__main__":
    main()
