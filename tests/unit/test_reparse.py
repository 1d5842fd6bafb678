"""Re-parsing only the papers an edit touched gives what a whole parse gives: the same
problems (with their lines), paper count and Catalog, edit after edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import chunks, parsecache, reparse, store
from fmcat.errors import CatalogError
from fmcat.validate import locate, validate

ROOT = Path(__file__).parents[2]
CATALOGS = [ROOT / "catalog.toml", ROOT / "tests" / "data" / "catalog_small.toml"]


def _whole(text: str, path: Path):
    data = store.parse_text(text, path)
    problems = validate(data)
    problems = locate(problems, text) if problems else problems
    blocked = any(problem.blocking for problem in problems)
    from fmcat.model import Catalog

    catalog = None if blocked else Catalog.from_dict(data)
    return problems, len(data.get("papers", {})), catalog


def _check_equal(path: Path, text: str) -> parsecache.Parsed | None:
    """Load ``text`` through the cache (by paper), compare with a whole parse."""
    path.write_text(text, "utf-8")
    try:
        expected = _whole(text, path)
    except CatalogError as err:
        with pytest.raises(CatalogError) as raised:
            store.inspect(path)
        assert str(raised.value) == str(err)
        return None
    loaded = store.inspect(path)
    assert loaded.problems == expected[0]
    assert loaded.paper_count == expected[1]
    assert loaded.catalog == expected[2]
    return loaded


def _first_paper(text: str) -> str:
    start = text.index("[papers.")
    return text[start : text.index("\n[papers.", start + 1)]


def _retitle_first_paper(text: str) -> str:
    first = _first_paper(text)
    return text.replace(first, re.sub(r'(?m)^title = "', 'title = "Renamed: ', first, count=1))


def _own_alias(text: str) -> str:
    return re.sub(r"(?m)^(\[papers\.([^\]]+)\])$", r'\1\naliases = ["\2"]', text, count=1)


EDITS = [
    ("retitle", lambda t: re.sub(r'(?m)^title = "(.*)"$', r'title = "\1, revised"', t, count=1)),
    ("retitle a paper", lambda t: _retitle_first_paper(t)),
    ("bad year", lambda t: re.sub(r"(?m)^year = \d+$", "year = 99", t, count=1)),
    ("unknown field", lambda t: t.replace("\ntitle = ", '\ntitel = "x"\ntitle = ', 1)),
    (
        "shared arXiv id",
        lambda t: re.sub(r'(?m)^arxiv = "[^"]*"$', 'arxiv = "2301.00001"', t, count=2),
    ),
    (
        "drop a paper",
        lambda t: re.sub(r"(?ms)^\[papers\.[^\]]+\]\n.*?(?=^\[papers\.)", "", t, count=1),
    ),
    ("unknown section", lambda t: re.sub(r'(?m)^    "([a-z-/]+)",$', '    "nowhere",', t, count=1)),
    ("declarations", lambda t: t.replace("[catalog]\n", '[catalog]\nzzz = "unknown"\n', 1)),
    ("syntax error", lambda t: t.replace("\ntitle = ", "\ntitle = = ", 1)),
    ("table after papers", lambda t: t + '\n[render]\nstyle = "card"\n'),
    (
        "same key twice",
        lambda t: t + t[t.index("[papers.") : t.index("\n[papers.", t.index("[papers.") + 1)],
    ),
    (
        "a paper's own alias",
        lambda t: re.sub(r"(?m)^(\[papers\.([^\]]+)\])$", r'\1\naliases = ["\2"]', t, count=1),
    ),
]


# Layouts a cut by paper must not be fooled by.
TRICKY = [
    (
        "a header inside a multi-line string",
        lambda t: t.replace(
            "\ntitle = ", '\nnote = """\n[papers.fake]\ntitle = "x"\n"""\ntitle = ', 1
        ),
    ),
    (
        "a subtable away from its paper",
        lambda t: (
            t
            + f"\n[{t[t.index('[papers.') + 1 : t.index(']', t.index('[papers.'))]}.extra]\nx = 1\n"
        ),
    ),
    ("papers as an inline table", lambda t: t.replace("[papers.", "[paperz.", 1)),
]


@pytest.mark.parametrize("batch", [2, reparse.BATCH], ids=["batches of 2", "batches"])
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_each_edit_gives_what_a_whole_parse_gives(catalog, batch, tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(reparse, "BATCH", batch)
    text = catalog.read_text("utf-8")
    assert chunks.cut(text) is not None  # fmcat's own layout is cut by paper
    path = tmp_path / "catalog.toml"
    _check_equal(path, text)  # the first load writes the records
    for name, edit in EDITS:
        edited = edit(text)
        assert edited != text, name
        _check_equal(path, edited)
        _check_equal(path, text)  # and back


@pytest.mark.parametrize("batch", [1, 2, 3, reparse.BATCH])
@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_with_the_caches_off_batches_of_papers_give_what_a_whole_parse_gives(
    catalog, batch, tmp_path, monkeypatch
):
    monkeypatch.setenv("FMCAT_PARSE_CACHE", "0")
    monkeypatch.setattr(reparse, "BATCH", batch)
    monkeypatch.setattr(reparse, "GROUP", 2 * batch + 1)  # validated in groups, too
    text = catalog.read_text("utf-8")
    path = tmp_path / "catalog.toml"
    for name, edit in [("as it is", lambda t: t), *EDITS, *TRICKY]:
        edited = edit(text)
        assert name == "as it is" or edited != text, name
        _check_equal(path, edited)


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The texts ``store.parse_text`` is handed from now on."""
    texts: list[str] = []
    original = store.parse_text

    def counting(piece: str, where: Path):
        texts.append(piece)
        return original(piece, where)

    monkeypatch.setattr(store, "parse_text", counting)
    return texts


def test_with_the_caches_off_papers_are_parsed_in_batches(tmp_path, monkeypatch, parsed):
    monkeypatch.setenv("FMCAT_PARSE_CACHE", "0")
    monkeypatch.setattr(reparse, "BATCH", 4)
    text = CATALOGS[0].read_text("utf-8")
    papers = len(chunks.cut(text).papers)
    path = tmp_path / "catalog.toml"
    path.write_text(text, "utf-8")
    loaded = store.inspect(path)
    assert loaded.paper_count == papers
    assert text not in parsed  # never whole
    assert len(parsed) == 1 + -(-papers // 4)  # the declarations, then the batches


def test_only_the_edited_paper_is_parsed_again(tmp_path, monkeypatch, parsed):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    text = CATALOGS[0].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    _check_equal(path, text)
    parsed.clear()
    edited = _retitle_first_paper(text)
    _check_equal(path, edited)
    # one paper by the cache, and once whole by the test's own reference parse
    assert len([piece for piece in parsed if piece != edited]) == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.integers(0, len(EDITS) - 1), st.integers(0, 10_000)), min_size=1, max_size=6
    )
)
def test_any_sequence_of_edits_stays_equal_to_a_whole_parse(steps, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reparse")
    import os

    os.environ["FMCAT_CACHE_DIR"] = str(folder / "cache")
    try:
        text = CATALOGS[1].read_text("utf-8")
        path = folder / "catalog.toml"
        for index, seed in steps:
            edited = EDITS[index][1](text)
            if seed % 3 == 0:  # sometimes edit what the last edit left
                text = edited
            _check_equal(path, edited)
    finally:
        del os.environ["FMCAT_CACHE_DIR"]


def test_a_header_inside_a_multiline_string_is_not_a_cut(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    text = (
        '[catalog]\ntitle = "T"\n\n[papers.a]\ntitle = "A"\nnote = """\n'
        '[papers.b]\ntitle = "not a paper"\n"""\n\n[papers.c]\ntitle = "C"\n'
    )
    loaded = _check_equal(tmp_path / "catalog.toml", text)
    assert loaded is not None and sorted(loaded.catalog.papers) == ["a", "c"]


def test_reparse_is_the_path_store_takes(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    calls = []
    monkeypatch.setattr(reparse, "_record", _wrap(reparse._record, calls))
    path = tmp_path / "catalog.toml"
    text = CATALOGS[1].read_text("utf-8")
    _check_equal(path, text)
    first = len(calls)
    _check_equal(path, _retitle_first_paper(text))
    assert first > 1 and len(calls) == first + 1


def _wrap(function, calls):
    def wrapped(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)

    return wrapped


def test_a_planted_record_file_is_parsed_whole(tmp_path, monkeypatch):
    import pickle

    from fmcat import cachefiles

    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "catalog.toml"
    text = CATALOGS[1].read_text("utf-8")
    _check_equal(path, text)
    stored = parsecache.load(path)
    assert stored is not None
    previous = stored.previous()
    assert previous is not None
    declarations, records = previous
    cut = chunks.cut(text)
    assert cut is not None
    shapes = [
        ("pieces", (chunks.digest(cut.declarations), [], {"x": 1}, [], None, None), []),
        ("pieces", (chunks.digest(cut.declarations), [], {}, [], None, None), [(1, 2)]),
    ]
    for shape in shapes:  # shaped otherwise: not read at all
        payload = pickle.dumps(("another text", [], 0)) + pickle.dumps(shape)
        cachefiles.write(parsecache._file(path.resolve()), parsecache._key(), payload)
        _check_equal(path, _retitle_first_paper(text))
    # A record of an unchanged paper whose fields are not a pickle of plain values.
    tampered = [records[0], (*records[1][:4], b"not a pickle"), *records[2:]]
    parsecache.put_pieces(path, "another text", [], declarations, tampered)
    _check_equal(path, _retitle_first_paper(text))


SNIPPETS = [
    "[catalog]",
    'title = "T"',
    "[papers.a]",
    "[papers.b]",
    '[papers."c.d"]',
    "[papers.a.facets]",
    "  [papers.b]",
    "[render]",
    "[[sections]]",
    'id = "s"',
    'title = "A paper"',
    'arxiv = "2301.00001"',
    'aliases = ["a"]',
    'note = """',
    '"""',
    "year = 2023",
    "year = 1",
    "",
    "# [papers.z]",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(st.sampled_from(SNIPPETS), max_size=14))
def test_any_text_reads_as_a_whole_parse_reads_it(lines, tmp_path_factory):
    import os

    folder = tmp_path_factory.mktemp("anytext")
    os.environ["FMCAT_CACHE_DIR"] = str(folder / "cache")
    try:
        path = folder / "catalog.toml"
        text = "\n".join(lines) + "\n"
        _check_equal(path, text)
        _check_equal(path, text.replace("2023", "2024"))  # again, with records to reuse
    finally:
        del os.environ["FMCAT_CACHE_DIR"]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "[papers.a]",
                '[papers."é x"]',
                "[papers.b.sub]",
                "  [papers.c]",
                "[render]",
                'title = "Pérez — “x”"',
                "[[papers.d.list]]",
                "\r",
                "x = 1 # [papers.e]",
            ]
        ),
        max_size=12,
    )
)
def test_the_cut_on_bytes_keeps_the_text_and_its_digests(lines):
    text = "[catalog]\n" + "\n".join(lines) + "\n"
    cut = chunks.cut(text)
    assert (cut is None) == (chunks.cut(text, text.encode("utf-8")) is None)
    if cut is not None:
        assert cut.declarations + "".join(piece.text for piece in cut.papers) == text
        assert all(piece.digest == chunks.digest(piece.text) for piece in cut.papers)
