"""``fmcat enrich`` in process, against recorded Semantic Scholar, OpenAlex and GitHub
answers served by an ``httpx.MockTransport``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmcat import enrich, metrics, store
from fmcat.errors import CatalogError, SourceError, UsageError
from fmcat.sources import answers, github, openalex, semanticscholar
from tests.conftest import FIXTURES

S2_BATCH = json.loads(
    (
        FIXTURES / "semanticscholar" / "paper-batch_default-fields_4ids_first-null_200.json"
    ).read_text()
)
OA_WORKS = json.loads(
    (FIXTURES / "openalex" / "openalexPro_works_filter_openalex_2ids.json").read_text()
)["results"]
PYGITHUB = json.loads((FIXTURES / "github" / "repos_PyGithub_PyGithub.json").read_text())
OA_DOI = OA_WORKS[0]["doi"].removeprefix("https://doi.org/").lower()

CATALOG = f'''[catalog]
title = "Test"

[papers.duflo2013miracle]
title = "The Miracle of Microfinance? Evidence from a Randomized Evaluation"
doi = "10.2139/ssrn.2250500"
code = "https://github.com/PyGithub/PyGithub"

[papers.written]
title = "A paper whose authors a person wrote"
authors = ["Someone Careful"]
doi = "{OA_DOI}"
code = "https://github.com/jacquev6/Xxx/tree/main"

[papers.moved]
title = "A model whose repository moved"
code = "https://github.com/protoncoin/protoncoin"
'''
TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def catalog(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG, encoding="utf-8")
    return path


def run(catalog, replay, today=TODAY, **options):
    return enrich.run(
        catalog, enrich.EnrichOptions(**options), transport=replay.transport(), today=today
    )


def test_figures_come_from_the_recorded_answers_and_live_beside_the_catalog(catalog, replay):
    before = catalog.read_bytes()
    report = run(catalog, replay)
    assert report.asked == 2 and report.counted == 2 and report.repos_asked == 3
    saved = metrics.load(metrics.path_for(catalog))
    paper = saved.papers["doi:10.2139/ssrn.2250500"]
    recorded = S2_BATCH[2]
    assert (paper.citations, paper.influential) == (
        recorded["citationCount"],
        recorded["influentialCitationCount"],
    )
    assert paper.source == "semanticscholar" and paper.fetched == TODAY
    # Semantic Scholar does not know the second DOI: OpenAlex gives its count.
    other = saved.papers[f"doi:{OA_DOI}"]
    assert other.source == "openalex" and other.citations == OA_WORKS[0]["cited_by_count"]
    repo = saved.repos["pygithub/pygithub"]
    assert repo.stars == PYGITHUB["stargazers_count"] and repo.license == "LGPL-3.0"
    assert saved.repos["jacquev6/xxx"].missing
    assert saved.repos["protoncoin/protoncoin"].moved_to == "padima2/protoncoin"
    assert set(report.repos) == {"jacquev6/xxx"}
    # The catalog gets only fields it lacked; the figures never go into it.
    after = store.load(catalog).catalog
    assert after.papers["written"].authors == ["Someone Careful"]
    assert "authors" in report.filled["duflo2013miracle"]
    assert after.papers["duflo2013miracle"].authors[0].endswith("Duflo")
    assert after.papers["duflo2013miracle"].year == recorded["year"]
    assert b"citations" not in catalog.read_bytes() and catalog.read_bytes() != before


def test_a_second_run_within_max_age_sends_nothing(catalog, replay):
    run(catalog, replay)
    first = metrics.path_for(catalog).read_bytes()
    asked = len(replay.log)
    again = run(catalog, replay, today=TODAY + dt.timedelta(days=6))
    assert len(replay.log) == asked and again.asked == again.repos_asked == 0
    assert metrics.path_for(catalog).read_bytes() == first  # unchanged, byte for byte
    stale = run(catalog, replay, today=TODAY + dt.timedelta(days=8))
    assert stale.asked == 2 and len(replay.log) > asked


def test_dry_run_and_offline_write_nothing(catalog, replay):
    before = catalog.read_bytes()
    shown = run(catalog, replay, dry_run=True)
    assert shown.filled and catalog.read_bytes() == before
    assert not metrics.path_for(catalog).exists()
    asked = len(replay.log)
    offline = run(catalog, replay, offline=True)
    assert len(replay.log) == asked and offline.asked == 0 and catalog.read_bytes() == before


def test_the_metrics_file_is_deterministic_and_sorted(catalog, replay):
    run(catalog, replay)
    text = metrics.path_for(catalog).read_text()
    loaded = metrics.load(metrics.path_for(catalog))
    assert metrics.dumps(loaded) == text
    keys = [line for line in text.splitlines() if line.startswith("[papers.") and "ids" not in line]
    assert keys == sorted(keys) and len(keys) == 2


def test_a_section_or_key_limits_what_is_asked(catalog, replay):
    report = run(catalog, replay, keys=["duflo2013miracle"])
    assert report.entries == 1 and report.asked == 1 and report.repos_asked == 1
    with pytest.raises(UsageError, match="no entry"):
        run(catalog, replay, keys=["nope"])


@pytest.mark.parametrize(("text", "days"), [("7d", 7.0), ("12h", 0.5), ("30", 30.0)])
def test_max_age(text, days):
    assert enrich.parse_age(text) == days


def test_a_bad_max_age_is_a_usage_error():
    with pytest.raises(UsageError):
        enrich.parse_age("a week")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_answers_of_any_shape_give_figures_or_one_clear_error(value):
    body = json.dumps(value).encode()
    for read in (
        lambda: semanticscholar._paper(value),
        lambda: openalex._work(value) if isinstance(value, dict) else None,
        lambda: github._repository(body),
        lambda: answers.parse(body, "X", dict),
    ):
        with contextlib.suppress(SourceError):
            read()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_metrics_file_loads_or_is_one_clear_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("m") / "catalog.metrics.toml"
    path.write_text(text, encoding="utf-8")
    try:
        metrics.load(path)
    except CatalogError as err:
        assert "\n" not in str(err)
