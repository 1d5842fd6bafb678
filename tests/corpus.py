"""Score the markdown importer and dedupe on the hand-checked corpus in
``tests/data/lists/``: entries found, field accuracy on the samples, prose imported,
duplicate pairs found and different papers merged. Used by the corpus test and by
``benchmarks/bench_import.py``."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmcat import dedupe
from fmcat.importers.common import Imported, ImportOptions, apply_import
from fmcat.importers.markdown import parse_markdown
from fmcat.model import Catalog
from fmcat.normalize.text import fold_words
from fmcat.normalize.venues import venue_table

LISTS = Path(__file__).parent / "data" / "lists"
FIELDS = ("title", "authors", "year", "date", "venue", "arxiv", "doi", "url", "code", "section")
NEAR = 3  # lines between a sample's line and the imported entry's first line


@dataclass
class ListScore:
    name: str
    expected: int
    imported: int
    samples: int = 0
    missed_samples: list[int] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    wrong: list[tuple[int, str, Any, Any]] = field(default_factory=list)  # line, field, want, got
    prose: list[int] = field(default_factory=list)  # not-paper lines imported as papers
    pairs: int = 0
    pairs_found: int = 0
    missed_pairs: list[tuple[int, int]] = field(default_factory=list)
    false_merges: list[tuple[int, int]] = field(default_factory=list)

    @property
    def entry_rate(self) -> float:
        return min(self.imported, self.expected) / self.expected if self.expected else 1.0

    def accuracy(self, name: str | None = None) -> float:
        names = [name] if name else list(self.checked)
        checked = sum(self.checked[n] for n in names)
        return sum(self.correct[n] for n in names) / checked if checked else 1.0


def expectations() -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text("utf-8")) for p in sorted(LISTS.glob("*.expect.toml"))]


def score_list(spec: dict[str, Any]) -> ListScore:
    info = spec["list"]
    text = (LISTS / info["file"]).read_text("utf-8")
    venues = venue_table()
    result = parse_markdown(text, venues)
    items = result.items
    score = ListScore(info["file"], info["entries"], len(items))
    by_line = _by_line(items)
    first = next((line for line in text.splitlines() if line.startswith("#")), "")
    title = fold_words(first.lstrip("#"))
    for sample in spec.get("sample", []):
        score.samples += 1
        item = _find(by_line, sample)
        if item is None:
            score.missed_samples.append(sample["line"])
            continue
        for name in FIELDS:
            if name not in sample:
                continue
            want = sample[name]
            got = _value(item, name)
            score.checked[name] += 1
            if name == "section" and got is None and fold_words(want) == title:
                score.correct[name] += 1  # the list's own title is no section (the rule)
            elif _same(name, want, got, venues):
                score.correct[name] += 1
            else:
                score.wrong.append((sample["line"], name, want, got))
    for block in spec.get("not_paper", []):
        if block["line"] in by_line:
            score.prose.append(block["line"])
    _score_dedupe(score, spec, items)
    return score


def _by_line(items: list[Imported]) -> dict[int, Imported]:
    return {item.line: item for item in items}


def _find(by_line: dict[int, Imported], sample: dict[str, Any]) -> Imported | None:
    """The imported entry that starts on the sample's line, else the nearest one within
    a few lines whose title agrees."""
    line = sample["line"]
    if line in by_line:
        return by_line[line]
    want = fold_words(sample.get("title", ""))
    for distance in range(1, NEAR + 1):
        for candidate in (line - distance, line + distance):
            item = by_line.get(candidate)
            if item is not None and fold_words(item.entry.title) == want:
                return item
    return None


def _value(item: Imported, name: str) -> Any:
    if name == "section":
        return item.headings[-1] if item.headings else None
    entry = item.entry
    if name == "date" and entry.date is None and entry.year and entry.month:
        return f"{entry.year:04d}-{entry.month:02d}"  # a month the list gave without a day
    return getattr(entry, name)


def _same(name: str, want: Any, got: Any, venues) -> bool:
    if name in ("title", "section"):
        return got is not None and fold_words(str(want)) == fold_words(str(got))
    if name == "authors":  # "Chen, X." is "X. Chen": the words of each name, in any order
        return [_name_words(a) for a in want] == [_name_words(a) for a in got or []]
    if name == "date":  # "YYYY-MM" (the list gives a month) or "YYYY-MM-DD"
        return got is not None and str(got)[: len(str(want))] == str(want)
    if name == "venue":
        return got is not None and _venue_key(want, venues) == _venue_key(got, venues)
    if name in ("arxiv", "doi"):
        return got is not None and str(got).lower() == str(want).lower()
    if name == "url":
        return True  # judged through arxiv, doi and the entry's identifiers below
    if name == "code":
        return got is not None and got.rstrip("/") == str(want).rstrip("/")
    return got == want


def _name_words(name: str) -> list[str]:
    return sorted(fold_words(name).split())


def _venue_key(name: str, venues) -> str:
    match = venues.match(str(name))
    return fold_words(match.name if match else str(name))


def _score_dedupe(score: ListScore, spec: dict[str, Any], items: list[Imported]) -> None:
    catalog = Catalog()
    lines_of: dict[str, int] = {}
    report = apply_import(catalog, _copy(items), ImportOptions(merge=False))
    for entry, item in zip(report.new, items, strict=False):
        lines_of[entry.key] = item.line
    found = dedupe.find(catalog)
    together = _pairs(found.duplicates, lines_of)  # merged by `dedupe --apply`
    shown = together | _pairs(found.possible, lines_of)  # also shown to confirm
    shown |= _pairs(found.conflicts, lines_of)  # one id on two titles: shown to fix
    expected = {frozenset(pair["lines"]) for pair in spec.get("duplicate", [])}
    for pair in expected:
        score.pairs += 1
        if pair in shown:
            score.pairs_found += 1
        else:
            score.missed_pairs.append(tuple(sorted(pair)))
    # A merged pair the hand check did not list as one paper (copy errors above all).
    score.false_merges = sorted(tuple(sorted(pair)) for pair in together - expected)


def _pairs(clusters, lines_of: dict[str, int]) -> set[frozenset[int]]:
    out: set[frozenset[int]] = set()
    for cluster in clusters:
        lines = sorted(lines_of[key] for key in cluster.keys if key in lines_of)
        out |= {frozenset((a, b)) for a in lines for b in lines if a < b}
    return out


def _copy(items: list[Imported]) -> Any:
    from copy import deepcopy

    from fmcat.importers.common import ImportResult

    return ImportResult(items=[deepcopy(item) for item in items])
