"""``fmcat dedupe``: candidates → verdicts → clusters → merge.

Candidates come from blocking keys (identifiers, the folded title, its first and last 20
letters; words for short titles), so only entries that share a key are ever compared; a
key shared by many entries pairs each only with its neighbours in title order. No
all-pairs pass. Verdicts come from :mod:`fmcat.match`.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from fmcat.links import paper_url_key
from fmcat.match import (
    CONFLICT,
    NEAR_TITLE,
    POSSIBLE,
    REWORDED_TITLE,
    SAME,
    Verdict,
    compare,
    family_names,
    is_preprint,
    significant_words,
)
from fmcat.match import title_key as fold_title
from fmcat.model import ENTRY_FIELDS, Catalog, Entry

# Entries sharing a fuzzy blocking key are all compared up to this many; a more common
# key only pairs each entry with its WINDOW neighbours in folded-title order and in
# reversed-title order: one of the two puts a copy with a typo next to its original.
MAX_BLOCK = 12
WINDOW = 2


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


def blocking_keys(entry: Entry, rarity: dict[str, tuple[int, str]] | None) -> list[str]:
    """The keys under which ``entry`` is compared with others: identifiers, the folded
    title, and its first and last 20 letters; for titles too short for those, its first
    and last four words and (given each word's ``(count, word)`` rank) its two rarest."""
    keys = []
    if entry.arxiv:
        keys.append(f"a:{entry.arxiv}")
    if entry.doi:
        keys.append(f"d:{entry.doi}")
    url_key = paper_url_key(entry.url) if entry.url else None
    if url_key:
        keys.append(f"u:{url_key}")
    if entry.authors and entry.year:  # a retitled version: same first author and year
        keys.append(f"w:{first_family(entry)}:{entry.year}")
    spaceless = fold_title(entry.title).replace(" ", "")
    if spaceless:
        keys.append(f"t:{spaceless}")  # equal up to case, accents, punctuation, spacing
    if len(spaceless) >= 40:  # one typo or mojibake remnant leaves one end intact
        keys.append(f"h:{spaceless[:20]}")
        keys.append(f"e:{spaceless[-20:]}")
    if len(spaceless) >= 40:
        return keys  # a typo leaves one end intact; the word keys would add nothing
    words = significant_words(entry.title)
    if len(words) >= 3:
        keys.append("p:" + " ".join(words[:4]))
        keys.append("s:" + " ".join(words[-4:]))
    if rarity is not None and len(words) >= 2:
        rarest = heapq.nsmallest(2, set(words), key=rarity.__getitem__)
        keys.append("r:" + " ".join(sorted(rarest)))
    return keys


def first_family(entry: Entry) -> str:
    return next(iter(family_names(entry.authors[:1])), "")


def candidate_pairs(entries: list[Entry]) -> Iterable[tuple[Entry, Entry]]:
    """Each pair of entries sharing a blocking key, once."""
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(set(significant_words(entry.title)))
    rarity = {word: (count, word) for word, count in counts.items()}
    folded = [fold_title(entry.title) for entry in entries]
    spaceless = [key.replace(" ", "") for key in folded]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(entries):
        for key in blocking_keys(entry, rarity):
            blocks[key].append(index)
    seen: set[int] = set()
    count = len(entries)
    # Identifier blocks first: their pairs are compared whatever their titles, so a pair
    # a title block saw (and skipped) first is still compared for its shared id.
    ordered = [item for item in blocks.items() if item[0][0] in "adu"]
    ordered += [item for item in blocks.items() if item[0][0] not in "adu"]
    for key, members in ordered:
        if len(members) < 2:
            continue
        if key[0] in "adut" or len(members) <= MAX_BLOCK:
            pairs = itertools.combinations(members, 2)
        else:  # a common key: neighbours in title order, and in reversed-title order
            pairs = itertools.chain(
                _neighbours(sorted(members, key=lambda i: spaceless[i]), WINDOW),
                _neighbours(sorted(members, key=lambda i: spaceless[i][::-1]), WINDOW),
            )
        by_title = key[0] not in "adu"
        for i, j in pairs:
            if i > j:
                i, j = j, i
            pair = i * count + j
            if pair in seen:
                continue
            seen.add(pair)
            # Titles below NEAR_TITLE can only be one paper through a shared identifier,
            # and those pairs come from the identifier blocks: skip them here, in C; an
            # author block asks only for shared words.
            if key[0] == "w":
                if not fuzz.token_set_ratio(folded[i], folded[j], score_cutoff=REWORDED_TITLE):
                    continue
            elif by_title and not fuzz.ratio(folded[i], folded[j], score_cutoff=NEAR_TITLE):
                continue
            yield entries[i], entries[j]


def _neighbours(ordered: list[int], window: int) -> Iterable[tuple[int, int]]:
    for position, first in enumerate(ordered):
        for second in ordered[position + 1 : position + 1 + window]:
            yield first, second


def _distinct_pairs(catalog: Catalog) -> set[frozenset[str]]:
    pairs = set()
    for group in catalog.not_duplicates:
        for a, b in itertools.combinations(group, 2):
            pairs.add(frozenset((a, b)))
    return pairs


def find(catalog: Catalog) -> Report:
    """Every duplicate cluster, possible duplicate and identifier conflict."""
    entries = [catalog.papers[key] for key in sorted(catalog.papers)]
    distinct = _distinct_pairs(catalog)
    same: list[tuple[Entry, Entry, Verdict]] = []
    possible: list[tuple[Entry, Entry, Verdict]] = []
    conflicts: dict[str, dict[str, str]] = defaultdict(dict)
    for a, b in candidate_pairs(entries):
        if frozenset((a.key, b.key)) in distinct:
            continue
        verdict = compare(a, b)
        if verdict.kind == SAME:
            same.append((a, b, verdict))
        elif verdict.kind == POSSIBLE:
            possible.append((a, b, verdict))
        elif verdict.kind == CONFLICT and verdict.identifier:
            conflicts[verdict.identifier][a.key] = a.title
            conflicts[verdict.identifier][b.key] = b.title
    clusters = _Clusters(entries)
    # Strongest evidence first; a join that would put two different arXiv ids or two
    # published DOIs in one cluster is refused and reported as a possible duplicate.
    same.sort(key=lambda item: (-item[2].score, _reason_rank(item[2].reason), item[0].key))
    for a, b, verdict in same:
        if not clusters.join(a.key, b.key, verdict):
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
                keep=choose_keep([catalog.papers[key] for key in members]).key,
            )
        )
    for a, b, verdict in possible:
        if clusters.root(a.key) == clusters.root(b.key):
            continue
        report.possible.append(
            Cluster(
                keys=sorted([a.key, b.key]),
                reason=verdict.reason,
                score=round(verdict.score, 3),
                keep=choose_keep([a, b]).key,
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
    return report


class _Clusters:
    """Union-find over entry keys that keeps, per cluster, its arXiv ids and published
    DOIs, so no cluster ever holds two of either."""

    def __init__(self, entries: list[Entry]) -> None:
        self.parent = {entry.key: entry.key for entry in entries}
        self.arxiv = {entry.key: {entry.arxiv} - {None} for entry in entries}
        self.dois = {
            entry.key: ({entry.doi} if entry.doi and not is_preprint(entry) else set())
            for entry in entries
        }
        self.verdicts: dict[str, list[Verdict]] = defaultdict(list)

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str, verdict: Verdict) -> bool:
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
    return (0 if is_preprint(entry) else 1, 1 if entry.doi else 0, filled, len(entry.authors))


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
    if is_preprint(keep) and not is_preprint(other):
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
