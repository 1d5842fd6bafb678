"""fmcat refresh and fmcat verify against the loopback replay server."""

from __future__ import annotations

import json

import pytest
import tomli

GRAPHCUTS = (
    "A seeded image segmentation framework unifying graph cuts and random walker which "
    "yields a new algorithm"
)
CATALOG = """\
sections = [{ id = "theory", title = "Theory" }]

[papers.bethe]
title = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
authors = ["A. Author"]
year = 2011
venue = "arXiv"
arxiv = "1111.2011"
code = "https://github.com/example/bethe"
sections = ["theory"]
note = "Kept through refresh."

[papers.wronglink]
title = "Segment Anything in Medical Images"
year = 2016
venue = "arXiv"
arxiv = "1605.08386"

[papers.graphcuts]
title = "{GRAPHCUTS}"
year = 2007
venue = "ICCV"
doi = "10.1109/iccv.2007.4408927"

[papers.missing]
title = "A paper whose id is not on arXiv"
venue = "arXiv"
arxiv = "2501.99999"
""".replace("{GRAPHCUTS}", GRAPHCUTS)


@pytest.fixture
def catalog(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG)
    return path


def test_refresh_follows_a_preprint_to_its_journal_and_keeps_the_rest(fmcat, server, catalog):
    preview = fmcat("refresh", "--dry-run", "--json", env=server.env)
    assert preview.code == 0, preview.stderr
    assert catalog.read_text() == CATALOG  # dry run
    changes = {c["key"]: c["changes"] for c in json.loads(preview.stdout)["changes"]}
    assert set(changes) == {"bethe"}
    assert changes["bethe"]["doi"] == {"old": None, "new": "10.1103/physrevb.85.115117"}
    assert changes["bethe"]["venue"]["new"] == "Phys. Rev. B"
    result = fmcat("refresh", env=server.env)
    assert result.code == 0, result.stderr
    assert "bethe: venue arXiv → Phys. Rev. B" in result.stdout
    bethe = tomli.loads(catalog.read_text())["papers"]["bethe"]
    assert bethe["arxiv"] == "1111.2011" and bethe["doi"] == "10.1103/physrevb.85.115117"
    assert (bethe["venue"], bethe["year"]) == ("Phys. Rev. B", 2012)
    assert bethe["journal_ref"].startswith("Phys. Rev. B")
    assert bethe["code"] == "https://github.com/example/bethe"
    assert bethe["sections"] == ["theory"] and bethe["note"] == "Kept through refresh."


def test_refresh_batches_and_a_second_run_costs_nothing(fmcat, server, catalog):
    fmcat("refresh", "--dry-run", env=server.env)
    assert server.state.requests_to("/arxiv/") == 1  # three preprints, one request
    before = len(server.state.log)
    again = fmcat("refresh", "--dry-run", env=server.env)
    assert again.code == 0
    assert len(server.state.log) == before


def test_refresh_limits(fmcat, server, catalog):
    data = json.loads(fmcat("refresh", "wronglink", "--dry-run", "--json", env=server.env).stdout)
    assert data["checked"] == 1 and data["changes"] == []
    assert fmcat("refresh", "nosuchkey", env=server.env).code == 2
    data = json.loads(
        fmcat("refresh", "--since", "2012", "--json", "--dry-run", env=server.env).stdout
    )
    assert data["checked"] == 1  # wronglink (2016); bethe is 2011, missing has no year


def test_verify_reports_the_wrong_link_and_the_unresolved_id(fmcat, server, catalog):
    result = fmcat("verify", "--json", env=server.env)
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert [(m["key"], m["identifier"]) for m in report["mismatches"]] == [
        ("wronglink", "arxiv:1605.08386")
    ]
    assert report["mismatches"][0]["resolved_title"] == "Heat-bath random walks with Markov bases"
    assert [u["key"] for u in report["unresolved"]] == ["missing"]
    assert report["checked"] == 3 and report["partial"] is False
    assert catalog.read_text() == CATALOG  # never changes the catalog
    human = fmcat("verify", env=server.env)
    assert "stored:   Segment Anything in Medical Images" in human.stdout


def test_network_failure_is_partial_and_leaves_the_catalog(fmcat, server, catalog):
    server.state.faults.extend(["503"] * 20)
    result = fmcat("refresh", env={**server.env, "FMCAT_HTTP_RETRIES": "0"})
    assert result.code == 3
    assert "partial" in result.stderr
    assert catalog.read_text() == CATALOG
    offline = fmcat("verify", "--offline", "--json", env=server.env)
    assert offline.code == 3 and json.loads(offline.stdout)["partial"] is True


SILICA = (
    "A New Generation of More pH-Stable Reversed Phases Prepared by Silanization of "
    "Zirconized Silica"
)
SEARCHED = """\
[papers.silica]
title = "{SILICA}"
authors = ["César R. Silva", "Claudio Airoldi"]
year = 2008
url = "https://example.org/preprint.pdf"
note = "Hand-added preprint without an arXiv id."

[papers.sametitle]
title = "{SILICA}"
authors = ["Jane Doe"]
year = 2008

[papers.fire]
title = "Fire Ecology"
authors = ["Ann Other"]
year = 2020
venue = "arXiv"
""".replace("{SILICA}", SILICA)


def test_refresh_finds_the_published_version_by_title_search(fmcat, server, tmp_path):
    """A preprint without an arXiv id is searched on Crossref by title and authors; the
    recorded work-list holds its journal version, which is taken only for the entry whose
    first author it names."""
    path = tmp_path / "catalog.toml"
    path.write_text(SEARCHED)
    result = fmcat("refresh", "silica", "sametitle", "--json", env=server.env)
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["searched"] == 2
    assert [c["key"] for c in report["changes"]] == ["silica"]
    silica = tomli.loads(path.read_text())["papers"]["silica"]
    assert silica["doi"] == "10.1016/j.chroma.2008.01.017"
    assert (silica["venue"], silica["year"]) == ("Journal of Chromatography A", 2008)
    assert silica["note"] == "Hand-added preprint without an arXiv id."
    assert "doi" not in tomli.loads(path.read_text())["papers"]["sametitle"]
    searches = [p for p in server.state.log if p.startswith("/crossref/works?")]
    assert len(searches) == 2
    assert all("query.bibliographic=A+New+Generation+of+More" in s for s in searches)
    assert any("query.author=C%C3%A9sar+R.+Silva+Claudio+Airoldi" in s for s in searches)
    before = len(server.state.log)
    assert fmcat("refresh", "silica", "sametitle", "--dry-run", env=server.env).code == 0
    assert len(server.state.log) == before  # search results are cached, misses too


def test_a_short_title_without_author_evidence_is_not_taken(fmcat, server, tmp_path):
    """The recorded search answer lists "Fire Ecology" with no authors: not evidence
    enough to call it this entry's publication."""
    server.state.search_file = "works-list_query-ecology_select-DOI-title.json"
    path = tmp_path / "catalog.toml"
    path.write_text(SEARCHED)
    result = fmcat("refresh", "fire", "--json", env=server.env)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["changes"] == []
    assert path.read_text() == SEARCHED


def test_a_failed_search_is_partial_and_changes_nothing(fmcat, server, tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(SEARCHED)
    server.state.faults.extend(["503"] * 10)
    result = fmcat("refresh", "silica", "--json", env={**server.env, "FMCAT_HTTP_RETRIES": "0"})
    assert result.code == 3, result.stderr
    report = json.loads(result.stdout)
    assert report["partial"] is True and report["unchecked"][0]["key"] == "silica"
    assert path.read_text() == SEARCHED
