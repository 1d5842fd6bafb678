"""Rendering paper by paper after an edit gives what a whole rendering gives, byte for
byte, under every style, grouping and sort it takes, edit after edit."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import cachefiles, store
from fmcat.errors import CatalogError
from fmcat.render import incremental, output
from fmcat.render.document import Renderer, RenderOptions
from tests.unit.test_reparse import CATALOGS, EDITS, _retitle_first_paper

NO_SETTINGS = {"style": None, "sort": None, "group": None, "awesome_lint": None, "template": None}
STYLES = ["card", "bullet", "card-dated"]
SORTS = ["date", "year", "title", "venue", "key"]


def _fresh(path: Path, part: str, settings: dict) -> bytes:
    """The rendering computed whole, without any cache."""
    loaded = store.load(path)
    options = RenderOptions.from_catalog(loaded.catalog, path.parent, **settings)
    renderer = Renderer(loaded.catalog, options)
    return (renderer.document() if part == "document" else renderer.body()).encode("utf-8")


def _check_equal(path: Path, text: str, part: str, settings: dict) -> bytes | None:
    path.write_text(text, "utf-8")
    os.environ["FMCAT_PARSE_CACHE"] = "0"
    try:
        expected = _fresh(path, part, settings)
    except CatalogError as err:
        del os.environ["FMCAT_PARSE_CACHE"]
        with pytest.raises(CatalogError) as raised:
            output.render_catalog(path, part, settings)
        assert str(raised.value) == str(err)
        return None
    del os.environ["FMCAT_PARSE_CACHE"]
    got = output.render_catalog(path, part, settings)
    assert got == expected
    return got


def _groups(path: Path) -> list[str]:
    catalog = store.load(path).catalog
    return ["section", "year", *(f"facet:{name}" for name in catalog.facets)]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FMCAT_RENDER_CACHE", raising=False)
    monkeypatch.delenv("FMCAT_PARSE_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.name)
def test_each_edit_renders_as_a_whole_rendering_does(catalog, cache, tmp_path):
    text = catalog.read_text("utf-8")
    path = tmp_path / "catalog.toml"
    path.write_text(text, "utf-8")
    for group in _groups(path):
        for style, sort, stats in itertools.product(STYLES, SORTS, (False, True)):
            chosen = {**NO_SETTINGS, "style": style, "sort": sort, "group": group, "stats": stats}
            if (STYLES.index(style) + SORTS.index(sort)) % 3:
                continue  # a third of the combinations, each style and sort among them
            _check_equal(path, text, "document", chosen)
            for _name, edit in EDITS:
                _check_equal(path, edit(text), "body", chosen)
            _check_equal(path, text, "body", chosen)


def test_an_edit_renders_only_the_edited_paper(cache, tmp_path, monkeypatch):
    text = CATALOGS[0].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    _check_equal(path, text, "document", NO_SETTINGS)
    rendered: list[str] = []
    assembled: list[int] = []
    original_entries, original_assemble = Renderer.entries, incremental._assembled

    def counting(self, entries):
        rendered.extend(entry.key for entry in entries if not self.texts)
        return original_entries(self, entries)

    def assembling(*args, **kwargs):
        assembled.append(1)
        return original_assemble(*args, **kwargs)

    monkeypatch.setattr(Renderer, "entries", counting)
    monkeypatch.setattr(incremental, "_assembled", assembling)
    edited = _retitle_first_paper(text)
    path.write_text(edited, "utf-8")
    got = output.render_catalog(path, "document", NO_SETTINGS)
    assert len(rendered) == 1 and not assembled  # the paper, put where it was
    assert b"Renamed: " in got
    monkeypatch.undo()
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(cache))
    assert got == _fresh(path, "document", NO_SETTINGS)


def test_a_paper_that_moves_assembles_the_document_again(cache, tmp_path, monkeypatch):
    text = CATALOGS[0].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    _check_equal(path, text, "body", NO_SETTINGS)
    moved = re.sub(r"(?m)^date = (\d{4})", lambda m: f"date = {int(m[1]) - 3}", text, count=1)
    assert moved != text
    assembled: list[int] = []
    original = incremental._assembled
    monkeypatch.setattr(
        incremental, "_assembled", lambda *a, **k: assembled.append(1) or original(*a, **k)
    )
    _check_equal(path, moved, "body", NO_SETTINGS)
    assert assembled == [1]


def test_edit_after_edit_stays_equal(cache, tmp_path):
    text = CATALOGS[0].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    _check_equal(path, text, "document", NO_SETTINGS)
    titles = list(re.finditer(r'(?m)^title = "(.*)"$', text))[1:]
    edited = text
    for number, match in enumerate(titles[:40]):
        start = match.start(1) + (len(edited) - len(text))
        edited = edited[:start] + f"E{number} " + edited[start:]
        _check_equal(path, edited, "document", NO_SETTINGS)


def test_a_mark_inside_the_document_text_is_rendered_right(cache, tmp_path):
    text = CATALOGS[1].read_text("utf-8")
    marked = text.replace("[catalog]\n", '[catalog]\ndescription = "a \\u0000 b \\u00001\\u0000"\n')
    assert marked != text
    path = tmp_path / "catalog.toml"
    _check_equal(path, marked, "document", NO_SETTINGS)
    _check_equal(path, _retitle_first_paper(marked), "document", NO_SETTINGS)


def test_a_planted_layout_file_is_not_trusted(cache, tmp_path):
    text = CATALOGS[1].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    _check_equal(path, text, "body", NO_SETTINGS)
    [layout] = (cache / "rendered").glob("*.body.layout")
    key = layout.read_bytes().split(b"\n")[1].decode()
    import io
    import pickle
    from array import array

    real = cachefiles.plain_load(io.BytesIO(cachefiles.read(layout, key)))
    output_key, keys, digests, placings, lengths, gaps, owners, ends = real

    def changed(numbers: bytes, at: int, value: int) -> bytes:
        values = array("q", numbers)
        values[at] = value
        return values.tobytes()

    shapes = [
        (output_key, keys, digests, placings, lengths, changed(gaps, -1, 10**6), owners, ends),
        (output_key, keys, digests, placings, lengths, changed(gaps, 0, -5), owners, ends),
        (output_key, keys, digests, placings, lengths, gaps, changed(owners, 0, len(keys)), ends),
        (output_key, keys, digests, placings, changed(lengths, 0, -1), gaps, owners, ends),
        (output_key, keys, digests[:-1], placings, lengths, gaps, owners, ends),
        (output_key, keys, digests, "not bytes", lengths, gaps, owners, ends),
        (output_key,),
        [1, 2, 3],
    ]
    edited = _retitle_first_paper(text)
    for shape in shapes:
        cachefiles.write(layout, key, pickle.dumps(shape))
        _check_equal(path, edited, "body", NO_SETTINGS)
        _check_equal(path, text, "body", NO_SETTINGS)


@pytest.mark.parametrize(
    "chosen",
    [
        {**NO_SETTINGS, "style": "table"},
        {**NO_SETTINGS, "style": "survey"},
        {**NO_SETTINGS, "awesome_lint": True},
        {**NO_SETTINGS, "template": "- {{ e.title }}"},
    ],
    ids=["table", "survey", "awesome-lint", "template"],
)
def test_renderings_across_papers_go_whole(cache, tmp_path, chosen):
    text = CATALOGS[0].read_text("utf-8")
    path = tmp_path / "catalog.toml"
    path.write_text(text, "utf-8")
    options = RenderOptions.from_catalog(store.load(path).catalog, path.parent, **chosen)
    assert not incremental.paper_by_paper(options)
    _check_equal(path, _retitle_first_paper(text), "document", chosen)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, len(EDITS) - 1),
            st.sampled_from(STYLES),
            st.sampled_from(SORTS),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_any_sequence_of_edits_renders_as_a_whole_rendering_does(steps, tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental")
    os.environ["FMCAT_CACHE_DIR"] = str(folder / "cache")
    try:
        text = CATALOGS[1].read_text("utf-8")
        path = folder / "catalog.toml"
        for index, style, sort, keep in steps:
            edited = EDITS[index][1](text)
            if keep:  # sometimes edit what the last edit left
                text = edited
            chosen = {**NO_SETTINGS, "style": style, "sort": sort}
            _check_equal(path, edited, "document", chosen)
    finally:
        del os.environ["FMCAT_CACHE_DIR"]
