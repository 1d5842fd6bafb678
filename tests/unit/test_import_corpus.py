"""The markdown importer on 28 real lists from fields other than medical imaging, each
hand-checked (``tests/data/lists/``, see its PROVENANCE.md): entries found, fields right
on the samples, prose left out, duplicates shown, different papers never merged, and a
second import of an unchanged list changing nothing.

The floors below are what the importer reaches today; ``benchmarks/bench_import.py``
prints the per-list table. They only move up."""

from __future__ import annotations

import copy
from collections import Counter

import pytest

from fmcat.importers.common import ImportOptions, ImportResult, apply_import
from fmcat.importers.markdown import parse_markdown
from fmcat.model import Catalog
from fmcat.normalize.venues import venue_table
from fmcat.store import dumps
from tests.corpus import LISTS, expectations, score_list
from tests.seedlib import SEEDS

SPECS = expectations()
FIELD_FLOORS = {
    "title": 0.97,
    "authors": 0.97,
    "year": 0.975,
    "date": 0.95,  # now strict: a month the list gives (YYYY-MM) must be read
    "venue": 0.95,
    "arxiv": 0.98,
    "doi": 0.95,
    "code": 0.96,
    "section": 0.99,
}


@pytest.fixture(scope="module")
def scores():
    return [score_list(spec) for spec in SPECS]


def test_the_corpus_is_what_the_issue_asks_for():
    assert len(SPECS) >= 24
    assert sum(spec["list"]["entries"] for spec in SPECS) > 3000
    for spec in SPECS:
        assert (LISTS / spec["list"]["file"]).exists()
        assert len(spec["sample"]) >= 10, spec["list"]["file"]
        assert len(spec["list"]["commit"]) == 40


@pytest.mark.parametrize("spec", SPECS, ids=[spec["list"]["file"][:2] for spec in SPECS])
def test_each_list_gives_its_papers(spec):
    score = score_list(spec)
    assert score.entry_rate >= 0.95, (score.name, score.imported, score.expected)
    assert len(score.missed_samples) <= 1, score.missed_samples


def test_corpus_figures(scores):
    expected = sum(score.expected for score in scores)
    found = sum(min(score.imported, score.expected) for score in scores)
    assert found / expected >= 0.995
    checked, correct = Counter(), Counter()
    for score in scores:
        checked.update(score.checked)
        correct.update(score.correct)
    for name, floor in FIELD_FLOORS.items():
        assert correct[name] / checked[name] >= floor, (name, correct[name], checked[name])
    assert sum(len(score.prose) for score in scores) == 0
    pairs = sum(score.pairs for score in scores)
    assert sum(score.pairs_found for score in scores) / pairs >= 0.95
    assert sum(len(score.false_merges) for score in scores) == 0


@pytest.mark.parametrize(
    "path",
    [*sorted(LISTS.glob("*.md")), *SEEDS],
    ids=lambda path: path.name[:2],
)
def test_importing_an_unchanged_list_again_changes_nothing(path):
    result = parse_markdown(path.read_text("utf-8"), venue_table())
    catalog = Catalog()
    apply_import(catalog, copy.deepcopy(result), ImportOptions())
    once = dumps(catalog)
    report = apply_import(catalog, ImportResult(items=copy.deepcopy(result.items)), ImportOptions())
    assert dumps(catalog) == once
    assert not report.new and not any(changed for _, changed in report.merged)
