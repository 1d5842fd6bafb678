"""The garbage collector is paused around fmcat's own bulk building only: a parse is
built with it off, third-party code that makes reference cycles runs with it on."""

from __future__ import annotations

import gc

from fmcat import collector, reparse
from fmcat.cli import main
from fmcat.exporters import bibtex
from tests.conftest import DATA


def test_paused_nests_and_puts_the_collector_back():
    assert gc.isenabled()
    with collector.paused():
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()

    @collector.paused()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False and gc.isenabled()


def test_a_command_parses_with_it_off_and_encodes_latex_with_it_on(tmp_path, monkeypatch):
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "catalog.toml"
    text = (DATA / "catalog_small.toml").read_text("utf-8")
    path.write_text(text.replace('title = "', 'title = "Über-Ω ', 1), "utf-8")
    seen: dict[str, list[bool]] = {"parse": [], "latex": []}
    parse, encode = reparse.parse, bibtex.unicode_to_latex

    def parsing(*args, **kwargs):
        seen["parse"].append(gc.isenabled())
        return parse(*args, **kwargs)

    def encoding(*args, **kwargs):
        seen["latex"].append(gc.isenabled())
        return encode(*args, **kwargs)

    monkeypatch.setattr(reparse, "parse", parsing)
    monkeypatch.setattr(bibtex, "unicode_to_latex", encoding)
    bibtex._encode.cache_clear()
    out = tmp_path / "out.bib"
    assert main(["--catalog", str(path), "export", "--format", "bibtex", "-o", str(out)]) == 0
    assert "Über" not in out.read_text("utf-8")  # encoded by pylatexenc
    assert seen["parse"] == [False]
    assert seen["latex"] and all(seen["latex"])
    assert gc.isenabled()
