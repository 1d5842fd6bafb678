"""Rules that were once written twice and drifted apart, each now written once: the
commands that share a rule must give the same answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fmcat import dedupe
from fmcat.exporters import export
from fmcat.model import Catalog, Entry
from tests.replay_server import ReplayServer

ROOT = Path(__file__).parents[2]


@pytest.fixture
def shipped(tmp_path):
    shutil.copy(ROOT / "catalog.toml", tmp_path / "catalog.toml")
    return tmp_path / "catalog.toml"


def test_lookup_and_add_agree_on_a_paper_held_under_its_published_doi(fmcat, shipped):
    """arXiv 1111.2011's record names DOI 10.1103/PhysRevB.85.115117."""
    text = shipped.read_text(encoding="utf-8")
    key = "held2012"
    shipped.write_text(
        text + f'\n[papers.{key}]\ntitle = "A paper"\ndoi = "10.1103/physrevb.85.115117"\n',
        encoding="utf-8",
    )
    with ReplayServer() as server:
        looked = fmcat("lookup", "1111.2011", "--json", env=server.env)
        added = fmcat("add", "1111.2011", "--json", env=server.env)
    assert looked.code == 0 and [e["key"] for e in json.loads(looked.stdout)] == [key]
    assert f"in the catalog as {key}" in looked.stderr
    assert added.code == 0 and json.loads(added.stdout)["present"] == [
        {"id": "arxiv:1111.2011", "key": key}
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--facet", "modality=xray"],
        ["lookup", "--facet", "modality=xray"],
        ["add", "1605.08386", "--offline", "--facet", "modality=xray"],
    ],
)
def test_an_undeclared_facet_value_is_the_same_usage_error_everywhere(fmcat, shipped, command):
    result = fmcat(*command)
    assert result.code == 2 and result.stdout == ""
    assert "'xray' is not a value of 'modality'" in result.stderr
    assert "did you mean 'x-ray'?" in result.stderr


def test_name_particles_stay_with_the_family_name_in_bibtex_and_csl():
    entry = Entry(
        key="valle2020",
        title="A title",
        authors=["Marco della Valle", "Maria das Dores", "Robert L. Logan IV"],
        year=2020,
    )
    catalog = Catalog(papers={entry.key: entry})
    bibtex = export(catalog, [entry], "bibtex")
    assert "della Valle, Marco and das Dores, Maria and Logan, IV, Robert L." in bibtex
    [item] = json.loads(export(catalog, [entry], "csl-json"))
    assert item["author"] == [
        {"family": "della Valle", "given": "Marco"},
        {"family": "das Dores", "given": "Maria"},
        {"family": "Logan", "given": "Robert L.", "suffix": "IV"},
    ]


def test_an_http_and_an_https_link_to_one_paper_page_are_one_key():
    """Two different titles on one paper page (http and https): a conflict to ``compare``
    and so to ``dedupe``."""
    page = "openaccess.thecvf.com/content/CVPR2023/html/Paper_CVPR_2023_paper.html"
    a = Entry(key="a", title="One paper on segmentation of organs", url=f"http://{page}")
    b = Entry(key="b", title="Another paper about detection of lesions", url=f"https://{page}")
    report = dedupe.find(Catalog(papers={"a": a, "b": b}))
    [conflict] = report.conflicts
    assert sorted(conflict.titles) == ["a", "b"] and not report.duplicates
