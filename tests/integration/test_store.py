"""The store: canonical round trips, atomic writes, locking, refusing invalid saves."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest
import tomli

from fmcat import files, store
from fmcat.errors import CatalogLocked
from fmcat.model import Catalog, Entry
from tests.conftest import DATA

SMALL = DATA / "catalog_small.toml"


@pytest.fixture
def catalog(small_catalog):
    return small_catalog


def test_killed_writer_leaves_old_or_new_catalog(tmp_path):
    """SIGKILL a process that saves a large catalog in a loop; the file always parses
    and is one of the two versions it alternates between."""
    path = tmp_path / "catalog.toml"
    big = Catalog(meta={"title": "big"})
    for i in range(3000):
        big.papers[f"p{i:05d}"] = Entry(
            f"p{i:05d}",
            f"Paper number {i} about segmentation",
            authors=[f"Author {j}" for j in range(8)],
            year=2020,
        )
    version_a = store.dumps(big)
    big.meta["title"] = "big, second version"
    version_b = store.dumps(big)
    path.write_text(version_a, "utf-8")
    writer = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from fmcat import files
        path = Path({str(path)!r})
        texts = [Path({str(tmp_path / "a.txt")!r}).read_bytes(),
                 Path({str(tmp_path / "b.txt")!r}).read_bytes()]
        print("ready", flush=True)
        i = 0
        while True:
            files.atomic_write(path, texts[i % 2])
            i += 1
    """)
    (tmp_path / "a.txt").write_text(version_a, "utf-8")
    (tmp_path / "b.txt").write_text(version_b, "utf-8")
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55):
        proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = path.read_text("utf-8")
        assert text in (version_a, version_b)
        tomli.loads(text)
    # A killed writer may leave its temporary file; the next write removes those of dead
    # writers.
    files.atomic_write(path, version_a.encode())
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_parallel_writers_lose_no_change(catalog):
    """Sixteen processes each add one entry under the lock, half of them through a
    symlink to the catalog; all sixteen survive."""
    worker = textwrap.dedent("""
        import sys
        from pathlib import Path
        from fmcat import store
        from fmcat.model import Entry
        n = sys.argv[2]
        with store.edit(Path(sys.argv[1])) as loaded:
            loaded.catalog.papers[f"parallel{n}"] = Entry(f"parallel{n}", f"Paper {n}")
    """)
    link = catalog.parent / "link.toml"
    link.symlink_to(catalog.name)
    procs = [
        subprocess.Popen([sys.executable, "-c", worker, str(link if n % 2 else catalog), str(n)])
        for n in range(16)
    ]
    assert [p.wait() for p in procs] == [0] * 16
    papers = store.load(catalog).catalog.papers
    assert {f"parallel{n}" for n in range(16)} <= set(papers)
    assert len(papers) == 20
    assert link.is_symlink()


def test_lock_wait_is_bounded(catalog):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from fmcat import store\n"
            "with store.locked(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(5)",
            str(catalog),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"held"
        started = time.monotonic()
        with (
            pytest.raises(CatalogLocked, match="locked by another fmcat process"),
            store.edit(catalog, timeout=0.5),
        ):
            pass
        assert time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()


def test_parse_cache_is_used_only_for_identical_bytes(fmcat, tmp_path):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text((DATA / "catalog_small.toml").read_text())
    first = fmcat("check", "--json")
    cached = list((tmp_path / ".fmcat-cache" / "parsed").glob("*.pickle"))
    assert first.code == 0 and len(cached) == 1
    again = fmcat("check", "--json")
    assert again.stdout == first.stdout
    # The catalog check built and cached is the one a fresh parse gives.
    exported = fmcat("export", "--format", "json")
    assert exported.code == 0 and '"key"' in exported.stdout
    assert (
        exported.stdout
        == fmcat("export", "--format", "json", env={"FMCAT_PARSE_CACHE": "0"}).stdout
    )
    # A one-byte edit must be seen, never the cached parse of the old bytes.
    catalog.write_text(catalog.read_text().replace('"x-ray",', '"x-ray", "x-ray",', 1))
    edited = fmcat("check")
    assert edited.code == 1, edited.stdout
    # A damaged cache file is ignored, not trusted and not fatal.
    cached[0].write_bytes(b"\x80\x04garbage")
    assert fmcat("check").code == 1
    off = fmcat("check", env={"FMCAT_PARSE_CACHE": "0"})
    assert off.code == 1 and off.stdout == edited.stdout
