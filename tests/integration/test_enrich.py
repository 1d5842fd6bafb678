"""``fmcat enrich`` as a user runs it, against the replay server: faults, partial runs,
and what the figures do in render, lookup, export and verify."""

from __future__ import annotations

import json

import pytest

from fmcat import metrics
from tests.unit.test_enrich import CATALOG, PYGITHUB, S2_BATCH


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def test_enrich_then_render_lookup_export_and_verify(fmcat, server, cat):
    result = fmcat("enrich", env=server.env)
    assert result.code == 0, result.stderr
    assert "github.com/jacquev6/xxx is missing" in result.stderr
    citations = S2_BATCH[2]["citationCount"]
    stars = PYGITHUB["stargazers_count"]
    rendered = fmcat("render", "--style", "bullet").stdout
    line = next(line for line in rendered.splitlines() if "Miracle" in line)
    assert stars > 1000 and citations > 1000  # both shown as thousands, one decimal
    assert line.endswith(f" ⭐ {stars / 1000:.1f}k · {citations / 1000:.1f}k citations")
    assert "as of" in rendered and "fmcat enrich" in rendered
    table = fmcat("render", "--style", "table").stdout
    assert "| Citations | Stars |" in table
    by_citations = fmcat("render", "--style", "bullet", "--sort", "citations").stdout
    titles = [line for line in by_citations.splitlines() if line.startswith("- [**")]
    assert "Miracle" in titles[0]
    found = fmcat("lookup", "--min-citations", str(citations), "--json")
    assert found.code == 0
    [entry] = json.loads(found.stdout)
    assert entry["key"] == "duflo2013miracle" and entry["citations"] == citations
    assert entry["stars"] == stars
    exported = fmcat("export", "--min-stars", str(stars + 1))
    assert exported.code == 0 and exported.stdout.strip() == ""
    verified = fmcat("verify", "--offline", "--json")
    problems = json.loads(verified.stdout)["repositories"]
    assert verified.code == 1 and [p["repository"] for p in problems] == ["jacquev6/xxx"]


def test_render_check_sees_new_figures(fmcat, server, cat):
    readme = cat.parent / "README.md"
    fmcat("render", "-o", str(readme))
    assert fmcat("render", "--check", str(readme)).code == 0
    fmcat("enrich", env=server.env)
    assert fmcat("render", "--check", str(readme)).code == 1  # the memo saw the new file


def test_a_second_run_sends_no_request(fmcat, server, cat):
    fmcat("enrich", env=server.env)
    asked = len(server.state.log)
    again = fmcat("enrich", "--json", env=server.env)
    assert again.code == 0 and len(server.state.log) == asked
    assert json.loads(again.stdout)["asked"] == 0


def test_a_429_is_waited_out(fmcat, server, cat):
    server.state.faults.append("429:1")
    result = fmcat("enrich", env=server.env)
    assert result.code == 0, result.stderr
    assert metrics.load(metrics.path_for(cat)).papers


@pytest.mark.parametrize(("fault", "times"), [("truncate-xml", 1), ("503", 4)])
def test_a_failing_service_is_a_partial_run_with_nothing_half_written(
    fmcat, server, cat, fault, times
):
    server.state.faults.extend([fault] * times)
    before = cat.read_bytes()
    result = fmcat("enrich", "--json", env={**server.env, "FMCAT_HTTP_RETRIES": "3"})
    report = json.loads(result.stdout)
    assert result.code == 3 and report["partial"]
    assert report["unchecked"][0].startswith("Semantic Scholar")
    assert cat.read_bytes() == before  # nothing to fill from a failed answer
    saved = metrics.load(metrics.path_for(cat))  # still whole, and GitHub's part is in
    assert not saved.papers and saved.repos


def test_githubs_hourly_limit_stops_with_a_clear_line(fmcat, server, cat):
    # Semantic Scholar and OpenAlex first, then the limit on the first repository.
    server.state.faults.extend(["none", "none", "ratelimit"])
    result = fmcat("enrich", env=server.env)
    assert result.code == 3
    assert "GitHub's limit of 60 requests an hour was reached" in result.stderr
    assert "GITHUB_TOKEN" in result.stderr and "3 repositories not checked" in result.stderr
    assert metrics.load(metrics.path_for(cat)).papers  # what was fetched is kept


def test_a_damaged_metrics_file_is_one_line_and_exit_2(fmcat, cat):
    metrics.path_for(cat).write_text("[papers.x]\ncitations = 'many'\n", encoding="utf-8")
    for command in (("render",), ("lookup", "miracle"), ("enrich", "--offline")):
        result = fmcat(*command)
        assert result.code == 2 and result.stderr.count("\n") <= 2, command
        assert "catalog.metrics.toml: not a metrics file" in result.stderr
