"""The render memo: used for the exact same inputs only, never stale, never harmful."""

from __future__ import annotations

from pathlib import Path

import pytest

from fmcat import store
from fmcat.render import memo, output
from fmcat.render.document import Renderer, RenderOptions
from tests.conftest import DATA

NO_SETTINGS = {"style": None, "sort": None, "group": None, "awesome_lint": None, "template": None}


@pytest.fixture
def catalog(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FMCAT_RENDER_CACHE", raising=False)
    path = tmp_path / "catalog.toml"
    path.write_text((DATA / "catalog_small.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _fresh(path: Path, part: str = "document", **settings) -> bytes:
    """The rendering computed directly, without the memo."""
    loaded = store.load(path)
    options = RenderOptions.from_catalog(loaded.catalog, path.parent, **settings)
    renderer = Renderer(loaded.catalog, options)
    return (renderer.document() if part == "document" else renderer.body()).encode("utf-8")


def _no_loading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the catalog was loaded: the memo was not used")

    monkeypatch.setattr(store, "load", refuse)
    monkeypatch.setattr(store, "load_pieces", refuse)


@pytest.mark.parametrize("part", memo.PARTS)
def test_a_second_rendering_comes_from_the_memo_and_is_identical(catalog, monkeypatch, part):
    first = output.render_catalog(catalog, part, NO_SETTINGS)
    assert first == _fresh(catalog, part)
    _no_loading(monkeypatch)
    assert output.render_catalog(catalog, part, NO_SETTINGS) == first


def test_a_changed_catalog_is_rendered_again(catalog):
    output.render_catalog(catalog, "document", NO_SETTINGS)
    text = catalog.read_text(encoding="utf-8")
    title = store.load(catalog).catalog.meta["title"]
    catalog.write_text(text.replace(title, "Renamed list"), encoding="utf-8")
    again = output.render_catalog(catalog, "document", NO_SETTINGS)
    assert b"# Renamed list" in again and again == _fresh(catalog)


def test_other_settings_are_rendered_again(catalog):
    card = output.render_catalog(catalog, "body", NO_SETTINGS)
    bullet = output.render_catalog(catalog, "body", {**NO_SETTINGS, "style": "bullet"})
    assert bullet != card and bullet == _fresh(catalog, "body", style="bullet")


def test_changed_code_is_rendered_again(catalog, monkeypatch):
    output.render_catalog(catalog, "document", NO_SETTINGS)
    monkeypatch.setattr(memo, "code_digest", lambda: "another fmcat")
    calls = []
    for name in ("load", "load_pieces"):
        real = getattr(store, name)
        monkeypatch.setattr(store, name, _counted(calls, real))
    output.render_catalog(catalog, "document", NO_SETTINGS)
    assert calls


def _counted(calls: list, function):
    def counted(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return counted


def test_a_changed_template_file_is_rendered_again(catalog):
    template = catalog.parent / "templates" / "entry.j2"
    template.parent.mkdir()
    template.write_text("- {{ e.title }}", encoding="utf-8")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text + '\n[render]\ntemplate_file = "templates/entry.j2"\n')
    first = output.render_catalog(catalog, "body", NO_SETTINGS)
    template.write_text("- {{ e.title }} ({{ e.year }})", encoding="utf-8")
    second = output.render_catalog(catalog, "body", NO_SETTINGS)
    assert second != first and second == _fresh(catalog, "body")
    template.unlink()  # gone: an error, not the old text
    with pytest.raises(Exception, match="template_file"):
        output.render_catalog(catalog, "body", NO_SETTINGS)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty"])
def test_a_damaged_memo_is_rendered_again(catalog, damage):
    first = output.render_catalog(catalog, "document", NO_SETTINGS)
    [stored] = (catalog.parent / "cache" / "rendered").glob("*.md")
    data = stored.read_bytes()
    damaged = {"truncate": data[:-10], "garbage": b"\x80not a pickle", "empty": b""}[damage]
    stored.write_bytes(damaged)
    assert output.render_catalog(catalog, "document", NO_SETTINGS) == first
    assert stored.read_bytes() == data  # and written again


def test_turned_off_it_writes_nothing(catalog, monkeypatch):
    monkeypatch.setenv("FMCAT_RENDER_CACHE", "0")
    assert output.render_catalog(catalog, "document", NO_SETTINGS) == _fresh(catalog)
    assert not (catalog.parent / "cache" / "rendered").exists()


def test_an_unwritable_cache_is_skipped(catalog, monkeypatch):
    blocker = catalog.parent / "cache"
    blocker.write_text("a file where the cache folder should be")
    assert output.render_catalog(catalog, "document", NO_SETTINGS) == _fresh(catalog)
