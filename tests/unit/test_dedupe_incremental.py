"""A dedupe after an edit, which pairs and compares again only what the edit touched,
reports what a dedupe of the whole catalog reports, edit after edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import dedupe, dedupecache, parsecache, store
from fmcat.model import Catalog, Entry
from tests.seedlib import all_seeds_unmerged


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FMCAT_PARSE_CACHE", raising=False)
    return tmp_path / "cache"


def _write(path: Path, catalog: Catalog) -> None:
    path.write_text(store.dumps(catalog), "utf-8")


def _whole(path: Path) -> dict:
    return dedupe.find(store.load(path).catalog).to_json()


def _retitle(catalog: Catalog, key: str, _other: str) -> None:
    catalog.papers[key].title += " Revisited"


def _typo_copy(catalog: Catalog, key: str, _other: str) -> None:
    """A copy of ``key`` under another key, two letters of its title swapped."""
    source = catalog.papers[key]
    title = source.title
    if len(title) > 8:
        title = title[:5] + title[6] + title[5] + title[7:]
    copy = Entry(key=f"{key}copy", title=title, authors=list(source.authors), year=source.year)
    catalog.papers[copy.key] = copy


def _remove(catalog: Catalog, key: str, _other: str) -> None:
    del catalog.papers[key]
    for entry in catalog.papers.values():
        entry.not_duplicates = [k for k in entry.not_duplicates if k != key]
        entry.aliases = [k for k in entry.aliases if k != key]
    catalog.not_duplicates = [
        group
        for group in ([k for k in g if k != key] for g in catalog.not_duplicates)
        if len(group) > 1
    ]


def _share_arxiv(catalog: Catalog, key: str, other: str) -> None:
    if key != other and catalog.papers[other].arxiv:
        catalog.papers[key].arxiv = catalog.papers[other].arxiv


def _venue(catalog: Catalog, key: str, _other: str) -> None:
    catalog.papers[key].venue = "MICCAI"


def _distinct(catalog: Catalog, key: str, other: str) -> None:
    group = sorted({key, other})
    if len(group) == 2 and group not in catalog.not_duplicates:
        catalog.not_duplicates.append(group)


EDITS = [_retitle, _typo_copy, _remove, _share_arxiv, _venue, _distinct]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(st.sampled_from(EDITS), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=5,
    )
)
def test_edit_after_edit_the_report_is_the_whole_report(cache, tmp_path, edits):
    path = tmp_path / "catalog.toml"
    catalog = all_seeds_unmerged()
    _write(path, catalog)
    assert dedupe.find_at(path)[0].to_json() == _whole(path)
    for edit, first, second in edits:
        keys = sorted(catalog.papers)
        edit(catalog, keys[first % len(keys)], keys[second % len(keys)])
        _write(path, catalog)
        report, papers = dedupe.find_at(path)
        assert report.to_json() == _whole(path)
        assert sorted(papers) == sorted(catalog.papers)


def test_after_one_edit_only_pairs_with_the_edited_paper_are_compared(cache, tmp_path, monkeypatch):
    path = tmp_path / "catalog.toml"
    catalog = all_seeds_unmerged()
    _write(path, catalog)
    dedupe.find_at(path)
    compared: list[tuple[str, str]] = []
    original = dedupe.compare

    def counting(a, b):
        compared.append((a.key, b.key))
        return original(a, b)

    monkeypatch.setattr(dedupe, "compare", counting)
    written: list[Path] = []
    monkeypatch.setattr(dedupecache, "write", lambda where, *_: written.append(where))
    report = dedupe.find_at(path)[0]
    assert compared == []  # nothing changed: every verdict is remembered
    assert written == []  # and nothing is written again
    # A copy of a paper under another key, with a typo: it and its original are compared.
    source = sorted(catalog.papers)[40]
    _typo_copy(catalog, source, source)
    _write(path, catalog)
    report = dedupe.find_at(path)[0]
    assert written == [path]
    assert compared and all(f"{source}copy" in pair for pair in compared)
    assert (source, f"{source}copy") in compared
    found = report.duplicates + report.possible
    assert any({source, f"{source}copy"} <= set(cluster.keys) for cluster in found)
    monkeypatch.setattr(dedupe, "compare", original)
    assert report.to_json() == _whole(path)


def test_a_damaged_or_planted_memo_is_not_trusted(cache, tmp_path):
    path = tmp_path / "catalog.toml"
    _write(path, all_seeds_unmerged())
    expected = _whole(path)
    dedupe.find_at(path)
    context = "[]"  # the seed catalog records no not-duplicates
    memo = dedupecache.read(path, context)
    assert memo.views and memo.blocks and memo.verdicts
    planted = dedupecache.Memo(
        {digest: 5 for digest in memo.views},
        {block: (b"x", 3) for block in memo.blocks},
        {pair: ("same", 1) for pair in memo.verdicts},
    )
    dedupecache.write(path, context, planted)
    [report_file] = (cache / "dedupe").glob("*.report")
    report_file.unlink()  # so the memo is read
    assert dedupe.find_at(path)[0].to_json() == expected
    [memo_file] = (cache / "dedupe").glob("*.pickle")
    memo_file.write_bytes(memo_file.read_bytes()[:-10])  # cut short: its CRC fails
    assert dedupecache.read(path, context).empty()
    report_file.unlink()
    assert dedupe.find_at(path)[0].to_json() == expected


def test_an_unchanged_catalog_takes_its_report_without_pairing(cache, tmp_path, monkeypatch):
    path = tmp_path / "catalog.toml"
    _write(path, all_seeds_unmerged())
    first = dedupe.find_at(path)[0]
    assert first.to_json() == _whole(path)

    def refused(*_args, **_kwargs):
        raise AssertionError("paired again")

    monkeypatch.setattr(dedupe, "candidate_pairs", refused)
    monkeypatch.setattr(dedupecache, "read", refused)
    again, papers = dedupe.find_at(path)
    assert again.to_json() == first.to_json()
    assert not again.clean and len(papers) == len(all_seeds_unmerged().papers)
    # A recorded not-duplicate changes the text: the report is made again.
    catalog = all_seeds_unmerged()
    cluster = first.duplicates[0]
    catalog.not_duplicates.append(cluster.keys[:2])
    _write(path, catalog)
    with pytest.raises(AssertionError, match="paired again"):
        dedupe.find_at(path)


def test_a_planted_report_is_not_trusted(cache, tmp_path):
    path = tmp_path / "catalog.toml"
    _write(path, all_seeds_unmerged())
    expected = _whole(path)
    dedupe.find_at(path)
    text_key = parsecache.text_key(path.read_text("utf-8"))
    plantings = [
        {"duplicates": [], "possible": [], "conflicts": []} | {"extra": 1},
        {"duplicates": [{"keys": ["nobody", "else"], "reason": "x", "score": 1.0, "keep": "x"}]}
        | {"possible": [], "conflicts": []},
        {"duplicates": "ab", "possible": [], "conflicts": []},
        ["not", "a", "report"],
    ]
    for planted in plantings:
        dedupecache.write_report(path, text_key, planted)
        assert dedupe.find_at(path)[0].to_json() == expected


REPORT_WORDS = ["duplicates", "possible", "conflicts", "keys", "reason", "score", "keep"]
REPORT_WORDS += ["certain", "identifier", "titles", "a", "b"]


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(REPORT_WORDS),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_any_plain_values_are_a_report_or_refused(values):
    """Whatever a planted report file holds: a report about the catalog's papers, or
    ValueError (never another exception, never a key the catalog lacks)."""
    try:
        report = dedupe.Report.from_json(values, ["a", "b"])
    except ValueError:
        return
    named = {key for cluster in report.duplicates + report.possible for key in cluster.keys}
    for conflict in report.conflicts:
        named.update(conflict.keys, conflict.titles)
    assert named <= {"a", "b"}


def test_with_the_caches_off_nothing_is_kept(cache, tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_PARSE_CACHE", "0")
    path = tmp_path / "catalog.toml"
    _write(path, all_seeds_unmerged())
    assert dedupe.find_at(path)[0].to_json() == _whole(path)
    assert not (cache / "dedupe").exists()
