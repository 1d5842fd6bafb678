"""fmcat lookup: identifiers, keys and aliases, ranked free text, filters, output forms."""

from __future__ import annotations

import json
from pathlib import Path

import tomli

from tests.replay_server import ReplayServer

ROOT = Path(__file__).parents[2]


def test_identifier_key_and_alias(fmcat, shipped):
    by_id = fmcat("lookup", "https://arxiv.org/pdf/2304.12306v2")
    assert by_id.code == 0 and "[papers.ma2023segment]" in by_id.stdout
    by_doi = fmcat("lookup", "doi:10.1038/S41586-023-05881-4")
    assert "[papers.foundation2023]" in by_doi.stdout
    by_alias = fmcat("lookup", "ma2023segmenta")  # merged away by dedupe, still resolves
    assert by_alias.code == 0 and "[papers.ma2023segment]" in by_alias.stdout


def test_free_text_table_and_json(fmcat, shipped):
    table = fmcat("lookup", "segment anything")
    assert table.code == 0 and "ma2023segment" in table.stdout and "key" in table.stdout
    data = json.loads(fmcat("lookup", "segment anything", "--json").stdout)
    assert data[0]["key"] == "ma2023segment" and data[0]["arxiv"] == "2304.12306"
    assert set(data[0]) <= {"key", *tomli.loads(shipped.read_text())["papers"]["ma2023segment"]}


def test_filters_alone_and_with_a_query(fmcat, shipped):
    rows = json.loads(fmcat("lookup", "--venue", "MICCAI", "--year", "2021..2022", "--json").stdout)
    assert rows and all(r["venue"] == "MICCAI" and 2021 <= r["year"] <= 2022 for r in rows)
    xray = json.loads(fmcat("lookup", "report", "--facet", "modality=x-ray", "--json").stdout)
    assert xray and all("x-ray" in r["modality"] for r in xray)
    limited = json.loads(fmcat("lookup", "--section", "prompting", "--limit", "3", "--json").stdout)
    assert len(limited) == 3
    assert fmcat("lookup", "segment anything", "--year", "1990").code == 1
    bad = fmcat("lookup", "x", "--year", "20x")
    assert bad.code == 2 and bad.stderr.count("\n") == 1


def test_bibtex_and_toml_formats(fmcat, shipped):
    import bibtexparser

    bib = fmcat("lookup", "medclip", "--format", "bibtex")
    library = bibtexparser.parse_string(bib.stdout)
    assert [entry.key for entry in library.entries] == ["medclip2022"]
    toml = fmcat("lookup", "medclip", "--format", "toml")
    assert tomli.loads(toml.stdout)["papers"]["medclip2022"]["venue"] == "EMNLP"


def test_nothing_found_is_exit_1(fmcat, shipped):
    result = fmcat("lookup", "qwxyzzy plorbnik")
    assert result.code == 1 and "no entry matched" in result.stderr


def test_identifier_not_in_catalog_previews_what_add_would_write(fmcat, shipped):
    before = shipped.read_bytes()
    offline = fmcat("lookup", "1605.08386", "--offline")
    assert offline.code == 1 and "not in the catalog" in offline.stderr
    with ReplayServer() as server:
        result = fmcat("lookup", "1605.08386", env=server.env)
        assert result.code == 1
        assert "`fmcat add 1605.08386` would write" in result.stderr
        preview = tomli.loads(result.stdout)["papers"]
        (entry,) = preview.values()
        assert entry["arxiv"] == "1605.08386" and entry["title"]
        cached = fmcat("lookup", "1605.08386", "--offline", env=server.env)
        assert cached.stdout == result.stdout  # from the cache this time
    assert shipped.read_bytes() == before


def test_lookup_on_an_unreadable_catalog_is_exit_2(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text("[papers\n")
    assert fmcat("lookup", "x").code == 2
