"""Free-text search over the catalog: ranked, tolerant of case, accents, punctuation,
word forms and typos.

Each field (title, first author, other authors, venue, year, the code link's project
name, sections and facets) is
folded into one line of words per entry, and the lines of a field are joined into one
text. A query word is looked for in those texts by substring search (in C): as a word,
as a prefix ("segment" → "segmentation"), as a compound ("medclip" → "med clip"), as
two-word initials ("AI" → "artificial intelligence"), and, when it is not a known word,
as its nearest known words ("foundtion" → "foundation"). Rare words weigh more than
common ones; entries matching more of the query rank first, then by score, then newest.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
from array import array
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from fmcat.links import code_name
from fmcat.model import Catalog, Entry, Section
from fmcat.normalize.text import fold_words

FIELD_WEIGHTS = {
    "title": 3.0,
    "first_author": 3.5,
    "author": 3.0,
    "venue": 2.0,
    "year": 2.0,
    "code": 2.5,  # a repository is usually named after the model: MedSAM, R2Gen
    "section": 1.0,
}
MAX_EXPANSIONS = 50  # prefix completions followed per query word
COMMON_FROM_LINES = 4096  # a field of this many lines keeps where its common words are
QUALITY = {
    "exact": 1.0,
    "compound": 0.9,
    "prefix": 0.8,
    "stem": 0.65,
    "typo": 0.7,
    "initials": 0.6,
}
_STOP = frozenset("a an the of in on for to and or with via from by at as is are".split())


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    matched: int  # query words matched
    score: float


class _Field:
    """One field of every entry, one folded line each (`` word word ``, space-padded),
    joined by newlines. A field whose lines repeat (sections, venues, years) holds each
    distinct line once, with the entries that have it (``owners``)."""

    def __init__(
        self,
        weight: float,
        text: str,
        starts: array,
        words: set[str],
        owners: list[array] | None = None,
        postings: dict[str, array] | None = None,
    ) -> None:
        self.weight = weight
        self.text = text
        self.starts = starts  # where each line starts
        self.words = words  # every word of the field
        self.owners = owners  # the entries of each line; None: line i is entry i's
        self.postings = postings or {}  # a common word → the lines holding it

    @classmethod
    def of_lines(cls, weight: float, lines: list[str]) -> _Field:
        distinct = dict.fromkeys(lines)
        owners = None
        if len(distinct) <= len(lines) // 4:
            numbers = {line: number for number, line in enumerate(distinct)}
            owners = [array("I") for _ in numbers]
            for index, line in enumerate(lines):
                owners[numbers[line]].append(index)
            lines = list(distinct)
        # " line " plus the newline is len(line) + 3.
        starts = array("I", [0, *itertools.accumulate(len(line) + 3 for line in lines)][:-1])
        text = "\n".join(f" {line} " for line in lines)
        return cls(weight, text, starts, set(text.split()), owners, _postings(lines))

    @functools.cached_property
    def bounds(self) -> array:
        """Where each line but the first starts: the line of a position inside line i
        is ``bisect_right(bounds, position)``."""
        return self.starts[1:]

    def line(self, index: int) -> str:
        """The folded line of entry ``index`` (a field whose lines do not repeat)."""
        assert self.owners is None
        start = self.starts[index] + 1
        end = self.starts[index + 1] - 2 if index + 1 < len(self.starts) else len(self.text) - 1
        return self.text[start:end]

    def _entries(self, lines: set[int]) -> set[int]:
        if self.owners is None:
            return lines
        found: set[int] = set()
        for line in lines:
            found.update(self.owners[line])
        return found

    def find(self, phrase: str) -> set[int]:
        """Indexes of the entries whose line holds ``phrase`` as whole words."""
        if " " not in phrase:
            if phrase not in self.words:
                return set()  # a word the field does not hold: no need to scan it
            lines = self.postings.get(phrase)
            if lines is not None and (not lines or max(lines) < len(self.starts)):
                return self._entries(set(lines))  # (else not what this code made: scan)
        needle, text = f" {phrase} ", self.text
        if text.count(needle) < 64:
            found, position = set(), text.find(needle)
            while position >= 0:
                found.add(bisect.bisect_right(self.starts, position) - 1)
                position = text.find(needle, position + 1)
            return self._entries(found)
        # Many: where each occurrence ends, and the line of each, all in C. (Occurrences
        # that overlap are in one line, so skipping them changes nothing.)
        pieces = text.split(needle)
        del pieces[-1]
        ends = itertools.accumulate(
            map(operator.add, map(len, pieces), itertools.repeat(len(needle)))
        )
        return self._entries(set(map(bisect.bisect_right, itertools.repeat(self.bounds), ends)))

    def search(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the entries whose line matches ``pattern``."""
        starts = self.starts
        lines = {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(self.text)}
        return self._entries(lines)


def _postings(lines: list[str]) -> dict[str, array]:
    """For a field of many lines, the lines holding each of its common words (in at
    least one line in 256), so that finding one costs no scan of the text."""
    if len(lines) < COMMON_FROM_LINES:
        return {}
    words = list(map(str.split, lines))
    counts = Counter(itertools.chain.from_iterable(map(set, words)))
    common = {word for word, count in counts.items() if count >= len(lines) // 256}
    postings = {word: array("I") for word in common}
    for index, line in enumerate(words):
        for word in common.intersection(line):
            postings[word].append(index)
    return postings


class Folder:
    """Folds an entry's fields into its search lines (one per field of FIELD_WEIGHTS),
    folding each distinct text once."""

    def __init__(self, sections: list[Section]) -> None:
        self.folded: dict[str, str] = {}
        self.sections = {s.id: self(s.id.replace("/", " ") + " " + s.title) for s in sections}

    def __call__(self, text: str) -> str:
        folded = self.folded.get(text)
        if folded is None:
            folded = self.folded[text] = fold_words(text)
        return folded

    def lines(self, entry: Entry) -> tuple[str, ...]:
        fold, sections = self, self.sections
        return (
            fold_words(entry.title),
            fold(entry.authors[0]) if entry.authors else "",
            " ".join(fold(name) for name in entry.authors[1:]),
            fold(entry.venue or ""),
            str(entry.year or ""),
            fold(code_name(entry.code)) if entry.code else "",
            " ".join(
                [sections.get(s) or fold(s) for s in entry.sections]
                + [fold(v) for values in entry.facets.values() for v in values]
            ),
        )


def rank_day(entry: Entry) -> int:
    """Newer first among equals: the entry's day number, else its year's."""
    return entry.date.toordinal() if entry.date else (entry.year or 0) * 366


class SearchIndex:
    """Every entry's folded search lines by field, the vocabulary, and what finds an
    entry by identifier or alias; entries are named by key."""

    def __init__(
        self,
        keys: list[str],
        days: list[int],
        fields: dict[str, _Field],
        vocabulary: list[str],
        identifiers: dict[str, list[str]] | Callable[[], dict[str, list[str]]],
        aliases: dict[str, str],
    ) -> None:
        self.keys = keys
        self.days = days  # rank_day of each entry
        self.fields = fields
        self.vocabulary = vocabulary
        # "kind:value" → keys holding it, in key order (or what reads it when first asked)
        self._identifiers = identifiers
        self.aliases = aliases  # alias → key
        self.total = max(1, len(keys))

    @classmethod
    def of_lines(
        cls,
        keys: list[str],
        days: list[int],
        lines: list[tuple[str, ...]],
        held: list[list[str]],
        aliases: list[list[str]],
    ) -> SearchIndex:
        """The index of entries given as their keys, rank days, search lines (from
        ``Folder.lines``), ``kind:value`` identifiers and aliases."""
        columns = list(zip(*lines, strict=True)) if lines else [()] * len(FIELD_WEIGHTS)
        fields = {
            name: _Field.of_lines(weight, list(column))
            for (name, weight), column in zip(FIELD_WEIGHTS.items(), columns, strict=True)
        }
        vocabulary = sorted(set().union(*(f.words for f in fields.values())))
        identifiers: dict[str, list[str]] = {}
        for key, values in sorted(zip(keys, held, strict=True)):
            for value in values:
                identifiers.setdefault(value, []).append(key)
        named: dict[str, str] = {}
        for key, values in zip(keys, aliases, strict=True):
            for alias in values:
                named.setdefault(alias, key)
        return cls(keys, days, fields, vocabulary, identifiers, named)

    @classmethod
    def of_catalog(cls, catalog: Catalog) -> SearchIndex:
        entries = list(catalog.papers.values())
        folder = Folder(catalog.sections)
        return cls.of_lines(
            [entry.key for entry in entries],
            [rank_day(entry) for entry in entries],
            [folder.lines(entry) for entry in entries],
            [entry.identifiers() for entry in entries],
            [list(entry.aliases) for entry in entries],
        )

    def _known(self, word: str) -> bool:
        """Whether some field holds ``word``."""
        return any(word in field.words for field in self.fields.values())

    @property
    def identifiers(self) -> dict[str, list[str]]:
        if callable(self._identifiers):
            self._identifiers = self._identifiers()
        return self._identifiers

    def holding(self, kind: str, value: str) -> list[str]:
        """Keys of the entries holding this identifier, in key order."""
        return self.identifiers.get(f"{kind}:{value}", [])

    def resolve(self, key_or_alias: str, papers: Mapping[str, Entry]) -> str | None:
        """The key of the entry with this key or alias."""
        return key_or_alias if key_or_alias in papers else self.aliases.get(key_or_alias)

    def expand(self, word: str) -> list[tuple[str, float]]:
        """The phrases a query word stands for, each with a match quality 0–1."""
        found = [(word, QUALITY["exact"])] if self._known(word) else []
        if len(word) >= 3 and not word.isdigit():
            start = bisect.bisect_right(self.vocabulary, word)
            for known in self.vocabulary[start : start + MAX_EXPANSIONS]:
                if not known.startswith(word):
                    break
                found.append((known, QUALITY["prefix"]))
            # Another form of the word: "generation" → generating, "transformers" →
            # transformer (the words share all but the last three letters, at least five).
            stem = word[: max(5, len(word) - 3)]
            if len(stem) < len(word):
                start = bisect.bisect_left(self.vocabulary, stem)
                for known in self.vocabulary[start : start + MAX_EXPANSIONS]:
                    if not known.startswith(stem):
                        break
                    if known != word and not known.startswith(word):
                        found.append((known, QUALITY["stem"]))
        if len(word) >= 4:  # "medclip" → "med clip", "xray" → "x ray"
            found += [
                (f"{word[:cut]} {word[cut:]}", QUALITY["compound"])
                for cut in range(1, len(word) - 1)
                if self._known(word[:cut]) and self._known(word[cut:])
            ]
        if not self._known(word) and len(word) >= 4 and not word.isdigit():
            near = process.extract(
                word,
                self.vocabulary,
                scorer=Levenshtein.distance,
                score_cutoff=1 if len(word) < 7 else 2,
                limit=20,
            )
            found += [(known, QUALITY["typo"]) for known, _, _ in near]
        return found

    def _entries(self, word: str) -> dict[str, list[tuple[float, set[int]]]]:
        """Field name → (match quality, entry indexes) for each phrase ``word`` stands
        for that the field holds."""
        out: dict[str, list[tuple[float, set[int]]]] = {name: [] for name in self.fields}
        for phrase, quality in self.expand(word):
            for name, field in self.fields.items():
                found = field.find(phrase)
                if found:
                    out[name].append((quality, found))
        if len(word) == 2 and word.isalpha():  # "ai" → "artificial intelligence"
            initials = re.compile(rf" {word[0]}\w{{2,}} {word[1]}\w{{2,}} ")
            found = self.fields["title"].search(initials)
            if found:
                out["title"].append((QUALITY["initials"], found))
        return out

    def search(self, query: str) -> list[Hit]:
        all_words = fold_words(query).split()
        words = list(dict.fromkeys([w for w in all_words if w not in _STOP] or all_words))
        # For each query word: entry index → its best match (quality × field weight),
        # made in C by taking the groups of entries best first; then its rarity and the
        # entries it found in titles.
        per_word: list[tuple[dict[int, float], float, set[int]]] = []
        for word in words:
            by_field = self._entries(word)
            groups = sorted(
                (
                    (quality * self.fields[name].weight, found)
                    for name, pairs in by_field.items()
                    for quality, found in pairs
                ),
                key=lambda group: -group[0],
            )
            best: dict[int, float] = {}
            for value, found in groups:
                best.update(dict.fromkeys(found.difference(best), value))
            if not best:
                continue
            idf = math.log(1 + self.total / len(best))
            per_word.append((best, idf, set().union(*(found for _, found in by_field["title"]))))
        # Entries matching every query word, when there are any; else those matching most.
        wanted = len(words)
        bests = sorted((best for best, _, _ in per_word), key=len)
        everywhere = []
        if bests and len(bests) == wanted:
            everywhere = [i for i in bests[0] if all(i in best for best in bests[1:])]
        if everywhere:
            matched = dict.fromkeys(everywhere, wanted)
        else:
            counts = Counter(itertools.chain.from_iterable(bests))
            floor = max(1, math.ceil(wanted / 2))
            matched = {index: count for index, count in counts.items() if count >= floor}
        phrase = " ".join(words)
        titles = self.fields["title"]
        hits = []
        for index, count in matched.items():
            score = 0.0
            in_title = 0
            for best, idf, title_hits in per_word:  # in word order, as the sum always was
                value = best.get(index)
                if value is not None:
                    score += value * idf
                    in_title += index in title_hits
            title = [w for w in titles.line(index).split() if w not in _STOP]
            folded_title = " ".join(title)
            if phrase and phrase in folded_title:
                score += 2.0 * len(words)  # the words as a phrase of the title
            if title and in_title:
                # A short title the query covers beats a long one that mentions it.
                score += 0.5 * fuzz.partial_ratio(phrase, folded_title) / 100
                score += 1.5 * min(1.0, in_title / len(title))
            hits.append((-count, -round(score, 6), -self.days[index], self.keys[index], score))
        hits.sort()
        return [Hit(key, -count, score) for count, _, _, key, score in hits]


def search(catalog: Catalog, query: str) -> list[Hit]:
    """Entries matching ``query``, best first."""
    return SearchIndex.of_catalog(catalog).search(query)
