"""The store: canonical round trips, atomic writes, locking, refusing invalid saves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import store
from fmcat.errors import CatalogError, WriteError
from fmcat.model import Catalog, Entry
from tests.conftest import DATA

SMALL = DATA / "catalog_small.toml"


@pytest.fixture
def catalog(small_catalog):
    return small_catalog


printable = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "\n" not in s and "\r" not in s
)


def test_load_and_save_unchanged_gives_identical_bytes(catalog):
    before = catalog.read_bytes()
    loaded = store.load(catalog)
    assert store.dumps(loaded.catalog, loaded.leading_comments).encode() == before
    assert store.save(loaded) is False
    assert catalog.read_bytes() == before


def test_saving_is_canonical_whatever_the_input_order(catalog):
    loaded = store.load(catalog)
    shuffled = Catalog(
        **{
            name: getattr(loaded.catalog, name)
            for name in ("meta", "facets", "sections", "venues", "render", "not_duplicates")
        }
    )
    for key in reversed(sorted(loaded.catalog.papers)):
        shuffled.papers[key] = loaded.catalog.papers[key]
    assert store.dumps(shuffled, loaded.leading_comments) == catalog.read_text("utf-8")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(printable, min_size=1, max_size=5),
    note=st.text(max_size=60),
    year=st.integers(1900, 2100),
    day=st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)),
)
def test_round_trip_property(tmp_path, titles, note, year, day):
    path = tmp_path / "prop.toml"
    catalog = Catalog(meta={"title": "T"})
    for index, title in enumerate(titles):
        catalog.papers[f"k{index}"] = Entry(
            f"k{index}", title, authors=[title], year=year, date=day, note=note or None
        )
    text = store.dumps(catalog)
    path.write_text(text, "utf-8")
    loaded = store.load(path)
    assert store.dumps(loaded.catalog) == text
    assert loaded.catalog.papers == catalog.papers


def test_a_failure_between_write_and_replace_leaves_the_old_file(catalog, monkeypatch):
    before = catalog.read_bytes()
    loaded = store.load(catalog)
    loaded.catalog.papers["wang2022medclip"].note = "changed"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match=r"catalog\.toml: cannot write: disk full"):
        store.save(loaded)
    assert catalog.read_bytes() == before
    assert sorted(p.name for p in catalog.parent.iterdir()) == ["catalog.toml"]


def test_an_exception_inside_edit_writes_nothing(catalog):
    before = catalog.read_bytes()
    with pytest.raises(RuntimeError), store.edit(catalog) as loaded:
        loaded.catalog.papers.clear()
        raise RuntimeError("boom")
    assert catalog.read_bytes() == before


def test_refuses_to_save_an_invalid_catalog(catalog):
    before = catalog.read_bytes()
    with pytest.raises(CatalogError, match="refusing to save"), store.edit(catalog) as loaded:
        loaded.catalog.papers["wang2022medclip"].sections = ["no-such-section"]
    assert catalog.read_bytes() == before


def test_symlinked_catalog_stays_a_symlink(tmp_path, catalog):
    link = tmp_path / "link.toml"
    link.symlink_to(catalog)
    with store.edit(link) as loaded:
        loaded.catalog.papers["wang2022medclip"].note = "via link"
    assert link.is_symlink()
    assert 'note = "via link"' in Path(catalog).read_text("utf-8")
