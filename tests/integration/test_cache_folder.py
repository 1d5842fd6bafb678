"""The cache folder stays within its budget, forgets catalogs that are gone, and is
shown and cleared by `fmcat cache info` and `fmcat cache clear`."""

from __future__ import annotations

import json
import os
import shutil
import time

from fmcat import cachedir, cachefiles
from tests.conftest import DATA

SMALL = DATA / "catalog_small.toml"


def _catalog(folder, name="catalog.toml"):
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copy(SMALL, target)
    return target


def test_info_counts_what_commands_leave_and_clear_removes_it(fmcat, tmp_path):
    _catalog(tmp_path)
    assert fmcat("check").code == 0
    assert fmcat("render").code == 0
    assert fmcat("lookup", "segmentation").code in (0, 1)
    report = json.loads(fmcat("cache", "info", "--json").stdout)
    assert report["kinds"]["parsed"]["files"] == 1
    assert report["kinds"]["rendered"]["files"] >= 1
    assert report["kinds"]["search"]["files"] == 3  # the index, its rows, what edits reuse
    assert report["catalogs"] == 1 and report["missing_catalogs"] == 0
    assert report["bytes"] == sum(kind["bytes"] for kind in report["kinds"].values())
    cleared = fmcat("cache", "clear")
    assert cleared.code == 0 and "removed" in cleared.stderr
    report = json.loads(fmcat("cache", "info", "--json").stdout)
    assert report["bytes"] == 0


def test_files_of_a_deleted_catalog_go_and_the_others_stay(fmcat, tmp_path):
    cache = tmp_path / "shared-cache"
    env = {"FMCAT_CACHE_DIR": str(cache)}
    kept = _catalog(tmp_path / "kept")
    gone = _catalog(tmp_path / "gone")
    for catalog in (kept, gone):
        assert fmcat("--catalog", str(catalog), "check", env=env).code == 0
    gone.unlink()
    report = json.loads(fmcat("cache", "info", "--json", env=env).stdout)
    assert (report["catalogs"], report["missing_catalogs"]) == (2, 1)
    assert fmcat("cache", "clear", "--stale", env=env).code == 0
    parsed = list((cache / "parsed").iterdir())
    assert len(parsed) == 1
    # The one left is the kept catalog's: its next check reads it (no parse needed).
    assert fmcat("--catalog", str(kept), "check", env=env).code == 0


def test_trimming_removes_the_least_recently_used_first(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    catalogs = [_catalog(tmp_path / f"c{index}") for index in range(3)]
    files = []
    for index, catalog in enumerate(catalogs):
        target = cachefiles.catalog_file(catalog, "parsed", ".pickle")
        cachefiles.write(target, "k", b"x" * 1000)
        os.utime(target, (time.time() - 100 + index, time.time() - 100 + index))
        files.append(target)
    assert cachefiles.read(files[0], "k") is not None  # read now: the most recently used
    cachedir.trim(budget=2100 + 200)  # room for two payloads (and the small markers)
    assert [target.exists() for target in files] == [True, False, True]


def test_trimming_runs_at_most_once_per_interval(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    monkeypatch.setattr(cachedir, "trim", lambda budget=None: calls.append(1) or (0, 0))
    target = cachefiles.catalog_file(_catalog(tmp_path), "parsed", ".pickle")
    for _ in range(5):
        cachefiles.write(target, "k", b"payload")
    assert len(calls) == 1


def test_the_budget_is_a_setting(fmcat, tmp_path):
    assert fmcat("config", "set", "cache_max_mb", "7").code == 0
    report = json.loads(fmcat("cache", "info", "--json").stdout)
    assert report["budget_bytes"] == 7 << 20
    assert fmcat("config", "set", "cache_max_mb", "lots").code == 2


def test_trimming_drops_a_missing_catalogs_files_once_they_sit_unused(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    gone = _catalog(tmp_path / "gone")
    target = cachefiles.catalog_file(gone, "parsed", ".pickle")
    cachefiles.write(target, "k", b"payload")
    gone.unlink()
    cachedir.trim()
    assert target.exists()  # just used: the catalog may be moved back
    hour_ago = time.time() - cachedir.STALE_IDLE - 1
    os.utime(target, (hour_ago, hour_ago))
    cachedir.trim()
    assert not target.exists()
