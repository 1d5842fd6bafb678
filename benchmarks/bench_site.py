"""``fmcat site`` on a large synthetic catalog: build time against ``render``, the page's
gzipped size, and, in headless Chromium, how soon the list is painted and how long a
search keystroke takes to update the results.

``python benchmarks/bench_site.py [--size 10000] [--keys 21]``
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import make_catalog  # noqa: E402

from fmcat import store  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--keys", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "catalog.toml"
        path.write_text(store.dumps(make_catalog(args.size)))
        env = {**os.environ, "FMCAT_CACHE_DIR": str(folder / "cache"), "FMCAT_RENDER_CACHE": "0"}
        fmcat = [sys.executable, "-m", "fmcat", "-C", str(path)]
        timed([*fmcat, "check"], env)  # parse cache warm for both
        site = statistics.median(
            timed([*fmcat, "site", "-o", str(folder / "site")], env) for _ in range(3)
        )
        render = statistics.median(timed([*fmcat, "render"], env) for _ in range(3))
        page = (folder / "site" / "index.html").read_bytes()
        print(
            f"{args.size} papers: site {site:.2f} s, render {render:.2f} s ({site / render:.2f}x)"
        )
        print(f"page {len(page) / 1e6:.2f} MB, gzipped {len(gzip.compress(page)) / 1e6:.2f} MB")
        browser(folder / "site" / "index.html", args.keys)


def browser(page: Path, keys: int) -> None:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        print("no chromium: browser figures skipped")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = Options()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    with webdriver.Chrome(service=Service(driver), options=options) as browser:
        browser.get(page.as_uri())
        painted = browser.execute_script(
            "const p = performance.getEntriesByType('paint')"
            ".find(e => e.name === 'first-contentful-paint');"
            "return [p ? p.startTime : null, performance.timing.domContentLoadedEventEnd"
            " - performance.timing.navigationStart];"
        )
        print(f"first contentful paint {painted[0]:.0f} ms, DOMContentLoaded {painted[1]:.0f} ms")
        box = browser.find_element(By.ID, "q")
        spent = browser.execute_script(
            "const box = arguments[0], words = 'segmentation'.split(''), times = [];"
            "for (let i = 0; i < arguments[1]; i++) {"
            " box.value = words.slice(0, (i % words.length) + 1).join('');"
            " const t = performance.now();"
            " box.dispatchEvent(new Event('input', {bubbles: true}));"
            " document.getElementById('results').offsetHeight;"  # layout included
            " times.push(performance.now() - t); }"
            "times.sort((a, b) => a - b); return times[Math.floor(times.length / 2)];",
            box,
            keys,
        )
        print(f"search keystroke to updated results: {spent:.1f} ms (median of {keys})")


if __name__ == "__main__":
    main()
