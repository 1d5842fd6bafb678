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
import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from fmcat.links import code_name
from fmcat.model import Catalog, Entry
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
    entry: Entry
    matched: int  # query words matched
    score: float


class _Field:
    """One field of every entry, one folded line each (`` word word ``, space-padded),
    joined by newlines in entry order."""

    def __init__(self, weight: float, lines: list[str]) -> None:
        self.weight = weight
        self.text = "\n".join(f" {line} " for line in lines)
        # Where each entry's line starts: " line " plus the newline is len(line) + 3.
        self.starts = [0, *itertools.accumulate(len(line) + 3 for line in lines)][:-1]

    def find(self, phrase: str) -> set[int]:
        """Indexes of the entries whose line holds ``phrase`` as whole words."""
        needle, text, starts = f" {phrase} ", self.text, self.starts
        found, position = set(), text.find(needle)
        while position >= 0:
            found.add(bisect.bisect_right(starts, position) - 1)
            position = text.find(needle, position + 1)
        return found

    def search(self, pattern: re.Pattern[str]) -> set[int]:
        """Indexes of the entries whose line matches ``pattern``."""
        starts = self.starts
        return {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(self.text)}


class SearchIndex:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.entries = list(catalog.papers.values())
        folded: dict[str, str] = {}

        def fold(text: str) -> str:
            if text not in folded:
                folded[text] = fold_words(text)
            return folded[text]

        sections = {s.id: fold(s.id.replace("/", " ") + " " + s.title) for s in catalog.sections}
        self.titles = [fold_words(entry.title) for entry in self.entries]
        lines = {
            "title": self.titles,
            "first_author": [fold(e.authors[0]) if e.authors else "" for e in self.entries],
            "author": [" ".join(fold(name) for name in e.authors[1:]) for e in self.entries],
            "venue": [fold(e.venue or "") for e in self.entries],
            "year": [str(e.year or "") for e in self.entries],
            "code": [fold(code_name(e.code)) if e.code else "" for e in self.entries],
            "section": [
                " ".join(
                    [sections.get(s) or fold(s) for s in e.sections]
                    + [fold(v) for values in e.facets.values() for v in values]
                )
                for e in self.entries
            ],
        }
        self.fields = {name: _Field(FIELD_WEIGHTS[name], lines[name]) for name in lines}
        self.vocabulary = sorted(set().union(*(f.text.split() for f in self.fields.values())))
        self._known = set(self.vocabulary)
        self.total = max(1, len(self.entries))

    def expand(self, word: str) -> list[tuple[str, float]]:
        """The phrases a query word stands for, each with a match quality 0–1."""
        found = [(word, QUALITY["exact"])] if word in self._known else []
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
                if word[:cut] in self._known and word[cut:] in self._known
            ]
        if word not in self._known and len(word) >= 4 and not word.isdigit():
            near = process.extract(
                word,
                self.vocabulary,
                scorer=Levenshtein.distance,
                score_cutoff=1 if len(word) < 7 else 2,
                limit=20,
            )
            found += [(known, QUALITY["typo"]) for known, _, _ in near]
        return found

    def _entries(self, word: str) -> dict[str, dict[int, float]]:
        """Field name → entry index → best quality, for everything ``word`` stands for."""
        out: dict[str, dict[int, float]] = {name: {} for name in self.fields}
        for phrase, quality in self.expand(word):
            for name, field in self.fields.items():
                hits = out[name]
                for index in field.find(phrase):
                    if quality > hits.get(index, 0.0):
                        hits[index] = quality
        if len(word) == 2 and word.isalpha():  # "ai" → "artificial intelligence"
            initials = re.compile(rf" {word[0]}\w{{2,}} {word[1]}\w{{2,}} ")
            for index in self.fields["title"].search(initials):
                out["title"].setdefault(index, QUALITY["initials"])
        return out

    def search(self, query: str) -> list[Hit]:
        all_words = fold_words(query).split()
        words = list(dict.fromkeys([w for w in all_words if w not in _STOP] or all_words))
        matched: dict[int, int] = defaultdict(int)
        scores: dict[int, float] = defaultdict(float)
        in_title: dict[int, int] = defaultdict(int)
        for word in words:
            best: dict[int, float] = {}
            by_field = self._entries(word)
            title_hits = set(by_field["title"])
            for name, found in by_field.items():
                weight = self.fields[name].weight
                for index, quality in found.items():
                    value = quality * weight
                    if value > best.get(index, 0.0):
                        best[index] = value
            if not best:
                continue
            idf = math.log(1 + self.total / len(best))
            for index, value in best.items():
                matched[index] += 1
                scores[index] += value * idf
                in_title[index] += index in title_hits
        # Entries matching every query word, when there are any; else those matching most.
        wanted = len(words)
        floor = wanted if wanted in matched.values() else max(1, math.ceil(wanted / 2))
        phrase = " ".join(words)
        hits = []
        for index, count in matched.items():
            if count < floor:
                continue
            score = scores[index]
            title = [w for w in self.titles[index].split() if w not in _STOP]
            folded_title = " ".join(title)
            if phrase and phrase in folded_title:
                score += 2.0 * len(words)  # the words as a phrase of the title
            if title and in_title[index]:
                # A short title the query covers beats a long one that mentions it.
                score += 0.5 * fuzz.partial_ratio(phrase, folded_title) / 100
                score += 1.5 * min(1.0, in_title[index] / len(title))
            hits.append(Hit(self.entries[index], count, score))
        hits.sort(key=_rank)
        return hits


def _rank(hit: Hit) -> tuple:
    entry = hit.entry
    date = entry.date.toordinal() if entry.date else (entry.year or 0) * 366
    return (-hit.matched, -round(hit.score, 6), -date, entry.key)


def search(catalog: Catalog, query: str) -> list[Hit]:
    """Entries matching ``query``, best first."""
    return SearchIndex(catalog).search(query)
