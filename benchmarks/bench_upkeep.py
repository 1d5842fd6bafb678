"""The weekly upkeep workflow's fmcat steps on a catalog of ``--size`` papers, with every
service replayed by the loopback server of the tests: ``refresh``, ``enrich``,
``verify`` and ``render --in-place README.md``, each timed, then their sum.

``python benchmarks/bench_upkeep.py [--size 500]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from generate import make_catalog  # noqa: E402

from fmcat import store  # noqa: E402
from tests.replay_server import ReplayServer  # noqa: E402

STEPS = (["refresh"], ["enrich"], ["verify"], ["render", "--in-place", "README.md"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ReplayServer() as server:
        folder = Path(tmp)
        (folder / "catalog.toml").write_text(store.dumps(make_catalog(args.size)))
        (folder / "README.md").write_text("# List\n\n<!-- fmcat:begin -->\n<!-- fmcat:end -->\n")
        env = {**os.environ, **server.env, "FMCAT_CACHE_DIR": str(folder / "cache")}
        total = 0.0
        for step in STEPS:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "fmcat", *step],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            took = time.perf_counter() - started
            total += took
            print(f"fmcat {' '.join(step):<28} exit {done.returncode}  {took:6.2f} s")
        print(f"all steps, {args.size} papers: {total:.2f} s")


if __name__ == "__main__":
    main()
