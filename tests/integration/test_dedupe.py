"""fmcat dedupe: the seed lists' duplicates and wrong link, guards, merging, exit codes."""

from __future__ import annotations

import json

import tomli

from fmcat.store import dumps
from tests.seedlib import EXPECTED_GROUPS, all_seeds_unmerged


def test_cli_reports_applies_and_keeps_everything(fmcat, tmp_path):
    catalog = all_seeds_unmerged()
    (tmp_path / "catalog.toml").write_text(dumps(catalog))
    before = tomli.loads((tmp_path / "catalog.toml").read_text())["papers"]
    report = fmcat("dedupe", "--json")
    assert report.code == 1
    data = json.loads(report.stdout)
    assert set(data) >= {"duplicates", "conflicts"}
    assert {"keys", "reason", "score", "keep"} <= set(data["duplicates"][0])
    assert data["conflicts"][0]["identifier"] == "arxiv:2304.03493"
    merged = fmcat("dedupe", "--apply", "--yes")
    assert merged.code == 1  # the conflict is still there: it needs a fixed link
    assert "merged 16 clusters" in merged.stderr
    after = tomli.loads((tmp_path / "catalog.toml").read_text())["papers"]
    assert len(after) == len(before) - sum(n - 1 for n in EXPECTED_GROUPS.values())
    # Every old key still resolves, and every identifier, code link and section survives.
    keys = set(after) | {alias for paper in after.values() for alias in paper.get("aliases", [])}
    assert keys == set(before)
    for field in ("arxiv", "doi", "code"):
        old = {p[field] for p in before.values() if field in p}
        new = {p[field] for p in after.values() if field in p}
        noted = " ".join(p.get("note", "") for p in after.values())
        assert all(value in new or value in noted for value in old), field
    old_sections = {
        (p["title"].lower()[:30], s) for p in before.values() for s in p.get("sections", [])
    }
    new_sections = {
        (p["title"].lower()[:30], s) for p in after.values() for s in p.get("sections", [])
    }
    assert {s for _, s in old_sections} == {s for _, s in new_sections}
    medclip = [p for p in after.values() if p["title"].lower().startswith("medclip")]
    assert len(medclip) == 1 and medclip[0]["venue"] == "EMNLP"
    assert medclip[0]["arxiv"] == "2210.10163"


def test_distinct_papers_are_recorded_and_not_reported_again(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text(
        '[papers.a]\ntitle = "Deep learning for medical image segmentation"\n'
        'authors = ["A. One"]\nyear = 2020\n'
        '[papers.b]\ntitle = "Deep learning for medical image segmentation"\n'
        'authors = ["B. Two"]\nyear = 2021\n'
    )
    first = fmcat("dedupe")
    assert first.code == 1 and "possible duplicate" in first.stdout
    assert fmcat("dedupe", "--distinct", "a,b").code == 0
    assert fmcat("dedupe").code == 0
    assert "not_duplicates" in (tmp_path / "catalog.toml").read_text()


def test_broken_catalog_is_exit_2(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text("[papers.a\n")
    result = fmcat("dedupe")
    assert result.code == 2 and result.stderr.count("\n") == 1
