"""`fmcat add` against a real loopback server replaying recorded responses."""

from __future__ import annotations

import json
import shutil

import pytest
import tomli

from tests.conftest import DATA


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalog.toml"
    shutil.copy(DATA / "catalog_small.toml", path)
    return path


def papers(path):
    return tomli.loads(path.read_text("utf-8"))["papers"]


def test_add_one_arxiv_id_writes_a_clean_entry(fmcat, server, cat):
    result = fmcat(
        "add",
        "https://arxiv.org/abs/1707.08567v1",
        "--section",
        "segmentation",
        "--facet",
        "modality=ct",
        "--code",
        "https://github.com/x/y",
        env=server.env,
    )
    assert result.code == 0, result.stderr
    added = {k: v for k, v in papers(cat).items() if v.get("arxiv") == "1707.08567"}
    assert len(added) == 1, papers(cat).keys()
    key, entry = next(iter(added.items()))
    assert "Dirk Wübben" in entry["authors"] and len(entry["authors"]) == 34
    assert entry["sections"] == ["segmentation"] and entry["modality"] == ["ct"]
    assert entry["code"] == "https://github.com/x/y"
    assert entry["date"].isoformat() == "2017-07-27"
    assert f"added {key}" in result.stderr
    assert server.state.requests_to("/arxiv") == 1


def test_repeated_add_costs_no_request_and_names_the_holder(fmcat, server, cat):
    fmcat("add", "1605.08386", env=server.env)
    before = cat.read_bytes()
    server.state.log.clear()
    again = fmcat("add", "arXiv:1605.08386v2", env=server.env)
    assert again.code == 0
    assert "already in the catalog: arxiv:1605.08386 is" in again.stderr
    assert server.state.log == []
    assert cat.read_bytes() == before


def test_update_keeps_what_the_user_set_and_uses_the_cache(fmcat, server, cat):
    fmcat("add", "1605.08386", "--section", "segmentation", "--note", "mine", env=server.env)
    key = next(k for k, v in papers(cat).items() if v.get("arxiv") == "1605.08386")
    server.state.log.clear()
    result = fmcat("add", "1605.08386", "--update", env=server.env)
    assert result.code == 0 and f"updated {key}" in result.stderr
    entry = papers(cat)[key]
    assert entry["sections"] == ["segmentation"] and entry["note"] == "mine"
    assert server.state.log == []


def test_many_ids_go_out_in_one_request(fmcat, server, cat):
    ids = [
        "1605.08386",
        "1707.08567",
        "2104.12255",
        "astro-ph/0601001",
        "quant-ph/0201082",
        "hep-ex/0406020",
        "1111.2011",
        "1312.2021",
    ]
    lines = ["# my list", "", *ids[:-1], f"https://arxiv.org/abs/{ids[-1]}#top  # a comment"]
    result = fmcat("add", "-", stdin="\n".join(lines), env=server.env)
    assert result.code == 0, result.stderr
    assert server.state.requests_to("/arxiv") == 1
    assert {v.get("arxiv") for v in papers(cat).values()} >= set(ids)


def test_published_version_is_followed_and_kept_on_one_entry(fmcat, server, cat):
    # 1111.2011 carries a DOI and a journal_ref; Crossref and doi.org do not know the DOI
    # in the recordings, so the venue stays announced-not-verified and both ids are kept.
    result = fmcat("add", "1111.2011", "--json", env=server.env)
    assert result.code == 0, result.stderr
    [entry] = json.loads(result.stdout)["added"]
    assert entry["arxiv"] == "1111.2011" and entry["doi"].startswith("10.")
    assert entry["journal_ref"]
    assert server.state.requests_to("/crossref/works/") == 1
    assert server.state.requests_to("/doi/") == 1


def test_add_a_crossref_doi(fmcat, server, cat):
    result = fmcat("add", "https://doi.org/10.1109/ICCV.2007.4408927", env=server.env)
    assert result.code == 0, result.stderr
    [entry] = [v for v in papers(cat).values() if v.get("doi") == "10.1109/iccv.2007.4408927"]
    assert entry["venue"] == "ICCV" and entry["year"] == 2007


def test_add_a_datacite_doi_through_doi_org(fmcat, server, cat):
    result = fmcat("add", "10.5281/zenodo.8242099", "--dry-run", env=server.env)
    assert result.code == 0, result.stderr
    preview = tomli.loads(result.stdout)["papers"]
    [entry] = preview.values()
    assert entry["doi"] == "10.5281/zenodo.8242099"
    assert cat.read_bytes() == (DATA / "catalog_small.toml").read_bytes()


def test_bad_input_fails_before_any_request(fmcat, server, cat):
    for token in ("2301.0455", "banana"):
        result = fmcat("add", "1605.08386", token, env=server.env)
        assert result.code == 2
        assert repr(token) in result.stderr and "accepted:" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert server.state.log == []


def test_unknown_ids_fail_but_good_ones_are_saved(fmcat, server, cat):
    result = fmcat("add", "1605.08386", "2501.99999", "10.1371/notarealdoi", env=server.env)
    assert result.code == 1
    assert "arxiv:2501.99999: not found on arXiv" in result.stderr
    assert "doi:10.1371/notarealdoi: DOI not found" in result.stderr
    assert any(v.get("arxiv") == "1605.08386" for v in papers(cat).values())


@pytest.mark.parametrize("fault", ["429:1", "503", "truncate", "empty-page"])
def test_transient_faults_are_retried(fmcat, server, cat, fault):
    server.state.faults.append(fault)
    result = fmcat("add", "1605.08386", env=server.env)
    assert result.code == 0, result.stderr
    assert server.state.requests_to("/arxiv") == 2


@pytest.mark.parametrize(
    ("fault", "message"),
    [("html", "not an Atom feed"), ("huge", "too large"), ("truncate-xml", "malformed feed")],
)
def test_malformed_answers_get_one_clear_line(fmcat, server, cat, fault, message):
    server.state.faults.append(fault)
    before = cat.read_bytes()
    result = fmcat("add", "1605.08386", env=server.env)
    assert result.code == 3
    assert message in result.stderr
    assert cat.read_bytes() == before


def test_network_down_and_offline(fmcat, cat):
    env = {"FMCAT_ARXIV_URL": "http://127.0.0.1:9/api/query", "FMCAT_ARXIV_DELAY": "0"}
    before = cat.read_bytes()
    result = fmcat("add", "1605.08386", env=env)
    assert result.code == 3 and "failed after" in result.stderr
    offline = fmcat("add", "1605.08386", "--offline")
    assert offline.code == 3 and "not in the cache (offline)" in offline.stderr
    assert cat.read_bytes() == before


def test_stalled_server_times_out(fmcat, server, cat):
    server.state.faults.extend(["stall:3", "stall:3"])
    result = fmcat("add", "1605.08386", env={**server.env, "FMCAT_HTTP_TIMEOUT": "1"})
    assert result.code == 0, result.stderr  # two stalls, then the third attempt answers
    assert server.state.requests_to("/arxiv") == 3


def test_existing_doi_holder_is_found_from_the_preprint(fmcat, server, cat):
    # The arXiv record of 1111.2011 names its DOI; an entry already holding that DOI is
    # the same paper, so the preprint is not added twice.
    preview = json.loads(fmcat("add", "1111.2011", "--dry-run", "--json", env=server.env).stdout)
    doi = preview["added"][0]["doi"]
    text = cat.read_text("utf-8").replace('doi = "10.1038/s41551-022-00936-9"', f'doi = "{doi}"')
    cat.write_text(text, "utf-8")
    result = fmcat("add", "1111.2011", env=server.env)
    assert "is tiu2022expert" in result.stderr


def test_facet_and_section_options_are_validated(fmcat, server, cat):
    bad_facet = fmcat("add", "1605.08386", "--facet", "modality=xray", env=server.env)
    assert bad_facet.code == 2 and "did you mean 'x-ray'" in bad_facet.stderr
    bad_section = fmcat("add", "1605.08386", "--section", "segmentaton", env=server.env)
    assert bad_section.code == 2 and "did you mean 'segmentation'" in bad_section.stderr
    assert server.state.log == []
