"""The parse cache gives back exactly the catalog it was given."""

from __future__ import annotations

import dataclasses
import datetime as dt

from fmcat import parsecache
from fmcat.model import Catalog, Entry, Facet, Section


def test_a_cached_catalog_comes_back_equal_with_every_field(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path))
    full = Entry(
        key="k",
        title="T",
        authors=["A B"],
        authors_truncated=True,
        year=2023,
        date=dt.date(2023, 5, 1),
        month=5,
        venue="MICCAI",
        accepted=True,
        arxiv="2301.00001",
        doi="10.1/x",
        url="https://x.org",
        code="https://github.com/x/y",
        journal_ref="J",
        comment="c",
        sections=["s"],
        note="n",
        aliases=["old"],
        not_duplicates=["other"],
        added=dt.date(2024, 2, 3),
        facets={"modality": ["ct"]},
    )
    assert all(getattr(full, f.name) for f in dataclasses.fields(Entry))
    catalog = Catalog(
        meta={"title": "List"},
        facets={"modality": Facet("modality", ["ct"], "Modality", {"ct": "🩻"})},
        sections=[Section("s", "S", "About s")],
        venues={"MICCAI": {"kind": "conference"}},
        render={"style": "card"},
        not_duplicates=[["k", "other"]],
        papers={"k": full, "bare": Entry(key="bare", title="Bare")},
    )
    path = tmp_path / "catalog.toml"
    parsecache.put(path, "text", parsecache.Parsed([], 2, catalog))
    cached = parsecache.get(path, "text", with_catalog=True)
    assert cached is not None and cached.catalog == catalog and cached.paper_count == 2
    assert parsecache.get(path, "other text", with_catalog=True) is None
    header_only = parsecache.get(path, "text", with_catalog=False)
    assert header_only is not None and header_only.catalog is None
