"""fmcat lookup: identifiers, keys and aliases, ranked free text, filters, output forms."""

from __future__ import annotations

from pathlib import Path

import tomli

from fmcat.search import search
from fmcat.store import load
from tests.conftest import DATA

ROOT = Path(__file__).parents[2]


QUERIES = tomli.loads((DATA / "lookup_queries.toml").read_text())["queries"]


def test_a_model_known_by_its_repository_name_is_found():
    """MedSAM's paper is "Segment Anything in Medical Images"; its name is in its code
    link only (github.com/bowang-lab/MedSAM, aka.ms/biomedclip)."""
    catalog = load(ROOT / "catalog.toml").catalog
    for query, key in [("medsam", "ma2023segment"), ("biomedclip", "large2023")]:
        assert query not in catalog.papers[key].title.lower()
        assert [hit.key for hit in search(catalog, query)][:1] == [key]


def test_other_forms_of_a_word_are_found():
    """ "transformers … generation" finds "… Reports via Memory-driven Transformer" by
    "Generating"; "xray" finds "X-Ray" as two words."""
    catalog = load(ROOT / "catalog.toml").catalog
    for query, key in [
        ("transformers report generation 2020", "generating2020"),
        ("chest xray report generation", "importance2022"),
    ]:
        assert [hit.key for hit in search(catalog, query)][:1] == [key]


def test_realistic_queries_find_the_intended_paper_first():
    catalog = load(ROOT / "catalog.toml").catalog
    ranks = {}
    for query, key in QUERIES:
        keys = [hit.key for hit in search(catalog, query)]
        ranks[query] = keys.index(key) + 1 if key in keys else None
    first = [query for query, rank in ranks.items() if rank == 1]
    assert len(first) >= 0.9 * len(QUERIES), ranks
    assert all(rank is not None and rank <= 3 for rank in ranks.values()), ranks
