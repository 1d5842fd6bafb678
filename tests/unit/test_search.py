"""fmcat lookup: identifiers, keys and aliases, ranked free text, filters, output forms."""

from __future__ import annotations

from pathlib import Path

import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from fmcat.search import SearchIndex, _Field, search
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


WORDS = ["model", "models", "med", "clip", "x", "ray", "segment"]


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), min_size=1, max_size=300
    ),
    phrase=st.lists(st.sampled_from(WORDS), min_size=1, max_size=2).map(" ".join),
)
def test_a_field_finds_exactly_the_lines_holding_a_phrase(lines, phrase):
    """Whether a phrase is rare (found one by one) or common (found by splitting), and
    whether the field keeps its lines once each or one per entry."""
    expected = {index for index, line in enumerate(lines) if f" {phrase} " in f" {line} "}
    field = _Field.of_lines(1.0, lines)
    assert field.find(phrase) == expected
    many = _Field.of_lines(1.0, lines * 80)  # past the count where splitting starts
    assert many.find(phrase) == {
        index + copy * len(lines) for copy in range(80) for index in expected
    }


def test_the_search_index_read_back_from_the_cache_answers_as_the_built_one(tmp_path, monkeypatch):
    from fmcat import lookupindex

    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "catalog.toml"
    path.write_bytes((ROOT / "catalog.toml").read_bytes())
    catalog = load(path).catalog
    built = SearchIndex.of_catalog(catalog)
    _first_catalog, first = lookupindex.open_catalog(path)  # builds and writes
    again_catalog, again = lookupindex.open_catalog(path)  # reads
    assert list(again.fields["section"].words) and again is not first
    for query, _key in [*QUERIES, ("ai", ""), ("medclip", "")]:
        expected = [(hit.key, hit.matched, hit.score) for hit in built.search(query)]
        for index in (first, again):
            assert [(hit.key, hit.matched, hit.score) for hit in index.search(query)] == expected
    for key in list(catalog.papers)[:20]:
        assert again_catalog.papers[key] == catalog.papers[key]
        for value in catalog.papers[key].identifiers():
            kind, _, rest = value.partition(":")
            assert key in again.holding(kind, rest)


def test_a_damaged_rows_file_still_gives_the_catalogs_entries(tmp_path, monkeypatch):
    from fmcat import lookupindex

    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "catalog.toml"
    path.write_bytes((ROOT / "catalog.toml").read_bytes())
    catalog = load(path).catalog
    lookupindex.open_catalog(path)
    [rows] = (tmp_path / "cache" / "search").glob("*.rows")
    data = bytearray(rows.read_bytes())
    for at in range(len(data) // 3, len(data), len(data) // 7):
        data[at] ^= 0x55  # a few rows damaged, their CRCs no longer match
    rows.write_bytes(bytes(data))
    again, _index = lookupindex.open_catalog(path)
    assert {key: again.papers[key] for key in again.papers} == catalog.papers
    rows.write_bytes(bytes(data[:-5]))  # cut short: the index is not used at all
    again, _index = lookupindex.open_catalog(path)
    assert {key: again.papers[key] for key in again.papers} == catalog.papers
