"""``fmcat dedupe``: candidates → verdicts → clusters → merge; and recording entries
known to be different papers. Candidates and verdicts come from :mod:`fmcat.match`.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmcat import collector, dedupecache, parsecache, store
from fmcat.errors import UsageError
from fmcat.lazypapers import LazyPapers
from fmcat.match import (
    CONFLICT,
    DIFFERENT,
    POSSIBLE,
    SAME,
    Verdict,
    blocking_view,
    candidate_pairs,
    compare,
)
from fmcat.model import ENTRY_FIELDS, Catalog, Entry


@dataclass
class Cluster:
    """Entries that are one paper (``certain``) or may be (``possible``)."""

    keys: list[str]
    reason: str
    score: float
    keep: str
    certain: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "keys": self.keys,
            "reason": self.reason,
            "score": self.score,
            "keep": self.keep,
            "certain": self.certain,
        }


@dataclass
class Conflict:
    """One identifier on entries whose titles disagree."""

    identifier: str
    keys: list[str]
    titles: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"identifier": self.identifier, "keys": self.keys, "titles": self.titles}


@dataclass
class Report:
    duplicates: list[Cluster] = field(default_factory=list)
    possible: list[Cluster] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.duplicates or self.possible or self.conflicts)

    def to_json(self) -> dict[str, Any]:
        return {
            "duplicates": [cluster.to_json() for cluster in self.duplicates],
            "possible": [cluster.to_json() for cluster in self.possible],
            "conflicts": [conflict.to_json() for conflict in self.conflicts],
        }

    @classmethod
    def from_json(cls, data: Any, keys: Collection[str]) -> Report:
        """The report ``to_json`` gave, about papers among ``keys``; ValueError for
        anything else."""
        if type(data) is not dict or set(data) != {"duplicates", "possible", "conflicts"}:
            raise ValueError("not a report")
        try:
            report = cls(
                [Cluster(**values) for values in data["duplicates"]],
                [Cluster(**values) for values in data["possible"]],
                [Conflict(**values) for values in data["conflicts"]],
            )
        except TypeError as err:
            raise ValueError(f"not a report: {err}") from None
        for cluster in report.duplicates + report.possible:
            texts = [cluster.reason, cluster.keep, *cluster.keys]
            if not (
                type(cluster.keys) is list
                and all(type(text) is str for text in texts)
                and type(cluster.score) in (int, float)
                and type(cluster.certain) is bool
                and cluster.keep in cluster.keys
            ):
                raise ValueError("not a cluster")
        for conflict in report.conflicts:
            titles = conflict.titles
            texts = [conflict.identifier, *conflict.keys]
            if not (
                type(conflict.keys) is list
                and type(titles) is dict
                and all(type(text) is str for text in [*texts, *titles, *titles.values()])
            ):
                raise ValueError("not a conflict")
        named = {key for cluster in report.duplicates + report.possible for key in cluster.keys}
        for conflict in report.conflicts:
            named.update(conflict.keys, conflict.titles)
        if named and not named <= set(keys):
            raise ValueError("a report about other papers")
        return report


def _distinct_pairs(not_duplicates: list[list[str]]) -> set[frozenset[str]]:
    pairs = set()
    for group in not_duplicates:
        for a, b in itertools.combinations(group, 2):
            pairs.add(frozenset((a, b)))
    return pairs


def find(catalog: Catalog) -> Report:
    """Every duplicate cluster, possible duplicate and identifier conflict."""
    keys = sorted(catalog.papers)
    return _find(keys, catalog.papers, catalog.not_duplicates, None, dedupecache.Memo())[0]


def find_at(path: Path) -> tuple[Report, Mapping[str, Entry]]:
    """The report for the catalog at ``path``, and its papers (built as the report and
    its printing need them). With the caches on, a dedupe after an edit pairs again
    only the blocks the edit touched and compares again only pairs with a changed
    paper, and an unchanged catalog takes the report it had. CatalogError as
    ``store.load`` gives."""
    text = store.read_text(path)
    pieces = store.load_pieces(path, text)
    if pieces is None:  # caches off, or a layout parsed whole
        catalog = store.load(path, text).catalog
        return find(catalog), catalog.papers
    declarations, records = pieces
    records = sorted(records, key=lambda record: record[1])
    keys = [record[1] for record in records]
    digests = [record[0] for record in records]
    papers = LazyPapers(keys, lambda index: records[index][4], _whole_fallback(path, text))
    text_key = parsecache.text_key(text)
    remembered = dedupecache.read_report(path, text_key)
    if remembered is not None:
        try:
            return Report.from_json(remembered, keys), papers  # the catalog is unchanged
        except ValueError:
            pass
    not_duplicates = parsecache.declared_catalog(declarations.catalog).not_duplicates
    context = repr(sorted(map(sorted, _distinct_pairs(not_duplicates))))
    memo = dedupecache.read(path, context)
    try:
        report, kept = _find(keys, papers, not_duplicates, digests, memo)
    except (TypeError, ValueError, KeyError, IndexError):
        if memo.empty():
            raise
        report, kept = _find(keys, papers, not_duplicates, digests, dedupecache.Memo())
    if not kept.same_as(memo):
        dedupecache.write(path, context, kept)
    dedupecache.write_report(path, text_key, report.to_json())
    return report, papers


def _whole_fallback(path: Path, text: str) -> Callable[[str], Entry]:
    """The entry of a key from the catalog loaded whole (a row that cannot be read)."""

    @functools.cache
    def catalog() -> Catalog:
        return store.load(path, text).catalog

    return lambda key: catalog().papers[key]


@collector.paused()  # views, blocks, pairs and verdicts: fmcat's own acyclic values
def _find(
    keys: list[str],
    papers: Mapping[str, Entry],
    not_duplicates: list[list[str]],
    digests: list[bytes] | None,
    memo: dedupecache.Memo,
) -> tuple[Report, dedupecache.Memo]:
    """The report over ``papers`` (``keys`` sorted) and what a later run can reuse:
    with ``digests`` (each paper's text digest) views and verdicts are taken from
    ``memo`` and kept."""
    kept = dedupecache.Memo()
    views = []
    for index, key in enumerate(keys):
        view = memo.views.get(digests[index]) if digests is not None else None
        if view is None:
            view = blocking_view(papers[key])
        views.append(view)
        if digests is not None:
            kept.views[digests[index]] = view
    pairing = candidate_pairs(keys, views, digests, memo.blocks)
    pairs = pairing.pairs()
    if pairing.unchanged:  # their pairs that were not "different", as they were
        where = dict(zip(keys, range(len(keys)), strict=True))
        remembered = itertools.chain.from_iterable(
            by_key for _, by_key in pairing.unchanged.values()
        )
        pairs = sorted({*pairs, *((where[a], where[b]) for a, b in remembered)})
    distinct = _distinct_pairs(not_duplicates)
    found: dict[tuple[int, int], Verdict] = {}
    for i, j in pairs:
        if frozenset((keys[i], keys[j])) in distinct:
            continue
        known = memo.verdicts.get(digests[i] + digests[j]) if digests is not None else None
        verdict = (
            Verdict(*known) if known is not None else compare(papers[keys[i]], papers[keys[j]])
        )
        if verdict.kind != DIFFERENT:
            found[i, j] = verdict
    if digests is not None:
        kept.blocks = pairing.unchanged
        for block, block_pairs in pairing.fresh.items():
            kept.blocks[block] = (
                pairing.signatures[block],
                [(keys[i], keys[j]) for i, j in block_pairs if (i, j) in found],
            )
        for (i, j), verdict in found.items():
            values = (verdict.kind, verdict.reason, verdict.score, verdict.identifier)
            kept.verdicts[digests[i] + digests[j]] = values
    same: list[tuple[str, str, Verdict]] = []
    possible: list[tuple[str, str, Verdict]] = []
    conflicts: dict[str, dict[str, str]] = defaultdict(dict)
    for (i, j), verdict in found.items():
        a, b = keys[i], keys[j]
        if verdict.kind == SAME:
            same.append((a, b, verdict))
        elif verdict.kind == POSSIBLE:
            possible.append((a, b, verdict))
        elif verdict.kind == CONFLICT and verdict.identifier:
            conflicts[verdict.identifier][a] = papers[a].title
            conflicts[verdict.identifier][b] = papers[b].title
    clusters = _Clusters(papers)
    # Strongest evidence first; a join that would put two different arXiv ids or two
    # published DOIs in one cluster is refused and reported as a possible duplicate.
    same.sort(key=lambda item: (-item[2].score, _reason_rank(item[2].reason), item[0]))
    for a, b, verdict in same:
        if not clusters.join(a, b, verdict):
            reason = f"{verdict.reason}, but their identifiers differ"
            possible.append((a, b, Verdict(POSSIBLE, reason, verdict.score * 0.8)))
    report = Report()
    for members, verdicts in clusters.groups():
        reasons = sorted({v.reason for v in verdicts}, key=_reason_rank)
        report.duplicates.append(
            Cluster(
                keys=members,
                reason="; ".join(reasons),
                score=round(min(v.score for v in verdicts), 3),
                keep=choose_keep([papers[key] for key in members]).key,
            )
        )
    for a, b, verdict in possible:
        if clusters.root(a) == clusters.root(b):
            continue
        report.possible.append(
            Cluster(
                keys=sorted([a, b]),
                reason=verdict.reason,
                score=round(verdict.score, 3),
                keep=choose_keep([papers[a], papers[b]]).key,
                certain=False,
            )
        )
    for identifier in sorted(conflicts):
        titles = conflicts[identifier]
        report.conflicts.append(
            Conflict(identifier, sorted(titles), {key: titles[key] for key in sorted(titles)})
        )
    report.duplicates.sort(key=lambda c: c.keys)
    report.possible.sort(key=lambda c: c.keys)
    return report, kept


class _Clusters:
    """Union-find over entry keys that keeps, per cluster, its arXiv ids and published
    DOIs, so no cluster ever holds two of either. A key joins when first named."""

    def __init__(self, papers: Mapping[str, Entry]) -> None:
        self.papers = papers
        self.parent: dict[str, str] = {}
        self.arxiv: dict[str, set[str]] = {}
        self.dois: dict[str, set[str]] = {}
        self.verdicts: dict[str, list[Verdict]] = defaultdict(list)

    def _add(self, key: str) -> None:
        if key not in self.parent:
            entry = self.papers[key]
            self.parent[key] = key
            self.arxiv[key] = {entry.arxiv} - {None}
            self.dois[key] = {entry.doi} if entry.doi and not entry.is_preprint() else set()

    def root(self, key: str) -> str:
        if key not in self.parent:
            return key
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str, verdict: Verdict) -> bool:
        self._add(a)
        self._add(b)
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            self.verdicts[ra].append(verdict)
            return True
        arxiv, dois = self.arxiv[ra] | self.arxiv[rb], self.dois[ra] | self.dois[rb]
        if len(arxiv) > 1 or len(dois) > 1:
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.arxiv[keep], self.dois[keep] = arxiv, dois
        self.verdicts[keep] += [*self.verdicts.pop(gone, []), verdict]
        return True

    def groups(self):
        """``(sorted keys, verdicts)`` of every cluster with two or more entries."""
        members: dict[str, list[str]] = defaultdict(list)
        for key in self.parent:
            members[self.root(key)].append(key)
        for root, keys in members.items():
            if len(keys) > 1:
                yield sorted(keys), self.verdicts[root]


_REASON_ORDER = ("same arXiv id", "same DOI", "preprint and published version", "same title")


@functools.lru_cache(maxsize=256)
def _reason_rank(reason: str) -> tuple[int, str]:
    for rank, prefix in enumerate(_REASON_ORDER):
        if reason.startswith(prefix):
            return rank, reason
    return len(_REASON_ORDER), reason


def completeness(entry: Entry) -> tuple[int, int, int, int]:
    """Sort key for the entry to keep: published, with a DOI, most fields set."""
    filled = sum(1 for name in ENTRY_FIELDS if getattr(entry, name) not in (None, [], False))
    return (0 if entry.is_preprint() else 1, 1 if entry.doi else 0, filled, len(entry.authors))


def choose_keep(entries: list[Entry]) -> Entry:
    """The most complete entry; ties go to the first key in sort order."""
    return sorted(entries, key=lambda e: (tuple(-x for x in completeness(e)), e.key))[0]


def merge(catalog: Catalog, cluster: Cluster) -> Entry:
    """Fold every entry of ``cluster`` into the kept one; nothing a user wrote is lost."""
    keep = catalog.papers[cluster.keep]
    others = [catalog.papers[key] for key in cluster.keys if key != keep.key]
    for other in others:
        merge_into(keep, other)
        del catalog.papers[other.key]
    merged = {other.key for other in others}
    for entry in catalog.papers.values():
        if merged & set(entry.not_duplicates):
            entry.not_duplicates = _unique(
                keep.key if key in merged else key for key in entry.not_duplicates
            )
    catalog.not_duplicates = [
        _unique(keep.key if key in merged else key for key in group)
        for group in catalog.not_duplicates
    ]
    return keep


def merge_into(keep: Entry, other: Entry) -> None:
    """Unite ``other`` into ``keep``. Published metadata wins; identifiers, links,
    sections, facets and notes are united; values that cannot be kept side by side are
    recorded in the note."""
    leftovers = []
    if keep.is_preprint() and not other.is_preprint():
        for name in ("venue", "year", "accepted", "title"):
            setattr(keep, name, getattr(other, name))
    for name in ("arxiv", "doi", "url", "code", "journal_ref", "comment", "venue", "year"):
        mine, theirs = getattr(keep, name), getattr(other, name)
        if mine in (None, "") and theirs:
            setattr(keep, name, theirs)
        elif theirs and theirs != mine and name in ("url", "code"):
            leftovers.append(f"{name} {theirs}")
    if len(other.authors) > len(keep.authors):
        keep.authors = list(other.authors)
    if other.date and (keep.date is None or other.date < keep.date):
        keep.date = other.date
    keep.sections = _unique([*keep.sections, *other.sections])
    for name, values in other.facets.items():
        keep.facets[name] = _unique([*keep.facets.get(name, []), *values])
    notes = [keep.note, other.note]
    if leftovers:
        notes.append(f"Also from {other.key}: " + ", ".join(leftovers))
    keep.note = "\n\n".join(_unique(note for note in notes if note)) or None
    keep.aliases = _unique([*keep.aliases, other.key, *other.aliases])
    keep.not_duplicates = _unique(
        key for key in [*keep.not_duplicates, *other.not_duplicates] if key != keep.key
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def choose(
    report: Report, yes: bool, ask: bool, confirm: Callable[[Cluster], bool]
) -> list[Cluster]:
    """The clusters ``dedupe --apply`` merges: with ``yes``, every certain cluster
    unasked; any other only when ``confirm`` says so, and only when it can ``ask``."""
    chosen = []
    for cluster in report.duplicates + report.possible:
        if (yes and cluster.certain) or (ask and confirm(cluster)):
            chosen.append(cluster)
    return chosen


def record_distinct(path: Path, groups: list[str]) -> list[list[str]]:
    """``--distinct KEY,KEY[,...]``: record each group as different papers, so dedupe
    stops reporting them. Returns the groups, each as sorted keys."""
    recorded = []
    with store.edit(path) as loaded:
        catalog = loaded.catalog
        for group in groups:
            keys = sorted({key.strip() for key in group.split(",") if key.strip()})
            if len(keys) < 2:
                raise UsageError("--distinct: give at least two keys, separated by commas")
            for key in keys:
                if key not in catalog.papers:
                    from fmcat.validate import did_you_mean

                    hint = did_you_mean(key, sorted(catalog.papers))
                    raise UsageError(f"--distinct: no entry {key!r}{hint}")
            if keys not in catalog.not_duplicates:
                catalog.not_duplicates.append(keys)
            recorded.append(keys)
    return recorded


def merge_clusters(path: Path, clusters: list[Cluster]) -> int:
    """Merge each cluster under the lock; one whose entries changed meanwhile (a key gone)
    is left alone. Returns how many were merged."""
    merged = 0
    with store.edit(path) as loaded:
        for cluster in clusters:
            if all(key in loaded.catalog.papers for key in cluster.keys):
                merge(loaded.catalog, cluster)
                merged += 1
    return merged
