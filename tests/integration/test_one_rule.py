"""Rules that were once written twice and drifted apart, each now written once: the
commands that share a rule must give the same answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.replay_server import ReplayServer

ROOT = Path(__file__).parents[2]


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
