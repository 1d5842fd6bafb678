"""Validating every paper at once (``papers_pass``, ``_cross_pass``, ``_none_has``) says
yes only where checking them one by one finds nothing: ``validate`` gives the same
problems either way."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fmcat import store, validate

ROOT = Path(__file__).parents[2]
DATA = store.parse_text((ROOT / "catalog.toml").read_text("utf-8"), ROOT / "catalog.toml")
FIELDS = [*validate.ENTRY_FIELDS, *DATA.get("facets", {}), "sections", "unknown_field", "titel"]
VALUES = st.sampled_from(
    [
        "",
        " ",
        "a\nb",
        "text",
        "x\x00",
        1999,
        99,
        7,
        13,
        True,
        False,
        2.5,
        [],
        [""],
        [" "],
        ["ok"],
        ["Bad Key"],
        ["good-key"],
        [1],
        dt.date(2023, 1, 9),
        "https://example.org/a",
        "ftp://example.org",
        "https://exa mple.org",
        "2301.00001",
        "2301.00001v2",
        "hep-th/9901001",
        "10.1038/s41586-023-05881-4",
        "10.1038/S41586",
        "10.1038/x.pdf",
        {"a": 1},
    ]
)
SECTIONS = [section["id"] for section in DATA.get("sections", [])]


def _problems(data, bulk: bool, monkeypatch) -> list:
    with monkeypatch.context() as patched:
        if not bulk:
            for name in ("papers_pass", "_cross_pass", "_none_has"):
                patched.setattr(validate, name, lambda *args: False)
        return validate.validate(data)


def test_the_shipped_catalog_passes_at_once():
    papers = DATA["papers"]
    facets = {name: spec["values"] for name, spec in DATA.get("facets", {}).items()}
    assert validate.papers_pass(papers, facets, set(SECTIONS))


@settings(max_examples=400, deadline=None)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.sampled_from(FIELDS),
            VALUES | st.sampled_from([*SECTIONS, "nowhere"]).map(lambda s: [s]),
        ),
        max_size=3,
    ),
    own_alias=st.booleans(),
)
def test_papers_at_once_or_one_by_one_give_the_same_problems(edits, own_alias):
    from _pytest.monkeypatch import MonkeyPatch

    data = copy.deepcopy(DATA)
    keys = list(data["papers"])
    for index, name, value in edits:
        data["papers"][keys[index % len(keys)]][name] = value
    if own_alias:
        data["papers"][keys[0]]["aliases"] = [keys[0]]
    with MonkeyPatch.context() as monkeypatch:
        assert _problems(data, True, monkeypatch) == _problems(data, False, monkeypatch)


def test_the_arxiv_pattern_accepts_exactly_the_stored_new_style_ids():
    from fmcat import ids

    for yymm in range(10000):
        for number in ("123", "1234", "12345", "123456", "0001", "00001"):
            value = f"{yymm:04d}.{number}"
            quick = ids._CANONICAL_NEW_ARXIV.fullmatch(value) is not None
            assert quick == ids.is_canonical_arxiv(value), value
    assert ids.all_canonical_arxiv(["2301.00001", "hep-th/9901001"])
    assert not ids.all_canonical_arxiv(["2301.00001", "2301.00001v2"])


DOI_TEXT = st.text(alphabet=st.sampled_from(list("10.4/5abcXYZ-_;,()v./ \n:pdfullrxivbstac")))


@settings(max_examples=3000, deadline=None)
@given(
    value=(
        st.sampled_from(["10.1038/", "10.1101/", "10.48550/arxiv.", "10.12345/", "10.1/"]).flatmap(
            lambda head: DOI_TEXT.map(lambda tail: head + tail)
        )
    )
    | DOI_TEXT
)
def test_the_quick_doi_test_says_yes_only_to_stored_dois(value):
    from fmcat import ids

    if ids.dois_look_canonical([value]):
        assert ids.is_stored_doi(value), value
    assert ids.all_canonical_dois([value]) == ids.is_stored_doi(value)
