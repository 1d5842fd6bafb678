"""Are two entries the same paper? The one matcher that dedupe and import share.

``compare(a, b)`` weighs identifiers, folded titles, authors and years and returns a
verdict: the same paper (certain), possibly the same (weak evidence), different, or an
identifier conflict (one id on two different titles: a link pasted onto the wrong paper).

``candidate_pairs`` says which entries to compare at all: those sharing a blocking key
(identifiers, the folded title, its first and last 20 letters; words for short titles).
No all-pairs pass, and after an edit only the blocks it touched are paired again.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from fmcat.digests import blake2b
from fmcat.links import paper_url_key
from fmcat.model import Entry
from fmcat.normalize.authors import name_parts
from fmcat.normalize.keys import family_name
from fmcat.normalize.text import ascii_fold, clean_text, fold_words

SAME = "same"
POSSIBLE = "possible"
CONFLICT = "conflict"
DIFFERENT = "different"

# Titles at least this similar (0-100, on folded text) may be one paper.
NEAR_TITLE = 90.0
# Below this, two titles on one identifier are a conflict, not a variant.
AGREEING_TITLE = 75.0
# Word overlap (token-set ratio) of two titles by the same authors in the same year
# that are shown as a possible retitling.
REWORDED_TITLE = 70.0
# Fewer significant words than this makes a title generic ("Deep learning").
GENERIC_WORDS = 4

_STOPWORDS = frozenset(
    "a an the of in on for to and or with via from by at as is are its using towards toward".split()
)
_ROMAN = frozenset("i ii iii iv v vi vii viii ix x xi xii".split())
_PLUS_MARKER = re.compile(r"\w\+{1,2}(?=[\s:,.)]|$)")
_MAYBE_MARKER = re.compile(r"\d|\b(?:" + "|".join(sorted(_ROMAN, key=len, reverse=True)) + r")\b")
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of comparing two entries; ``score`` is 0–1."""

    kind: str
    reason: str
    score: float
    identifier: str | None = None


@lru_cache(maxsize=200_000)
def title_words(title: str) -> tuple[str, ...]:
    """Folded title words: mojibake repaired, accents and case folded, punctuation and
    dashes dropped, letters and digits split (``MedSAM2`` → ``medsam 2``)."""
    return tuple(_LETTERS_DIGITS.sub(" ", fold_words(clean_text(title))).split())


@lru_cache(maxsize=200_000)
def title_key(title: str) -> str:
    """Folded title as one string: equal keys mean equal titles up to case, accents,
    punctuation, dashes and mojibake."""
    return " ".join(title_words(title))


@lru_cache(maxsize=200_000)
def significant_words(title: str) -> tuple[str, ...]:
    return tuple(word for word in title_words(title) if word not in _STOPWORDS)


@lru_cache(maxsize=200_000)
def title_markers(title: str) -> tuple[str, ...]:
    """What tells successive works apart: numbers, roman numerals, "part"/"v" markers,
    and a name's "+" (``CloTH-VTON`` and ``CloTH-VTON+`` are two papers)."""
    plus = tuple(match.lower() for match in _PLUS_MARKER.findall(title))
    if not _MAYBE_MARKER.search(title_key(title)):
        return plus
    words = title_words(title)
    return plus + tuple(
        word
        for index, word in enumerate(words)
        if word.isdigit()
        or (word in _ROMAN and index > 0 and words[index - 1] in ("part", "v", "version"))
        or (word in _ROMAN and index == len(words) - 1 and len(words) > 1)
    )


def titles_agree(a: str, b: str) -> bool:
    """Could these be one paper's titles (case, punctuation, a version's retitling)?"""
    key_a, key_b = title_key(a), title_key(b)
    if key_a == key_b:
        return True
    if title_markers(a) != title_markers(b):
        return False
    if fuzz.ratio(key_a, key_b) >= AGREEING_TITLE:
        return True
    # One title is the other with a subtitle added or removed ("MedCLIP" vs "MedCLIP: ...").
    short, long = sorted((key_a, key_b), key=len)
    return len(short) >= 12 and long.startswith(short + " ")


@lru_cache(maxsize=100_000)
def _family(name: str) -> str:
    return ascii_fold(family_name(name))


@lru_cache(maxsize=100_000)
def _initial(name: str) -> str:
    """The first letter of a name's given names, folded; empty when it has none."""
    given = ascii_fold(name_parts(name)[1])
    return given[:1]


def family_names(authors: list[str]) -> set[str]:
    return {_family(name) for name in authors if name.strip()} - {""}


def author_overlap(a: list[str], b: list[str]) -> float | None:
    """Share of the shorter author list found in the other; None when one list is empty."""
    names_a, names_b = family_names(a), family_names(b)
    if not names_a or not names_b:
        return None
    return len(names_a & names_b) / min(len(names_a), len(names_b))


def _paper_url(entry: Entry) -> str | None:
    return paper_url_key(entry.url) if entry.url else None


def compare(a: Entry, b: Entry) -> Verdict:
    """How ``a`` and ``b`` relate; see the module docstring."""
    if b.key in a.not_duplicates or a.key in b.not_duplicates:
        return Verdict(DIFFERENT, "recorded as not duplicates", 0.0)
    shared = _shared_identifier(a, b)
    if shared is not None:
        if titles_agree(a.title, b.title):
            return Verdict(SAME, f"same {shared[0]}", 1.0, shared[1])
        return Verdict(CONFLICT, f"same {shared[0]}, different titles", 0.0, shared[1])
    verdict = _compare_by_title(a, b)
    if verdict.kind == DIFFERENT and reworded(a, b):
        return Verdict(POSSIBLE, "same authors and year, reworded title", 0.5)
    return verdict


def reworded(a: Entry, b: Entry) -> bool:
    """One paper under two wordings (a preprint retitled on publication): the same
    first author and year, most authors shared, and titles sharing most of their words."""
    if not (a.authors and b.authors and a.year and a.year == b.year):
        return False
    if title_markers(a.title) != title_markers(b.title):
        return False  # MedSAM and MedSAM2, Part I and Part II
    if (a.arxiv and b.arxiv) or (a.doi and b.doi):
        return False  # two identifiers of one kind: two papers, or two versions on purpose
    if _family(a.authors[0]) != _family(b.authors[0]):
        return False
    initials = {_initial(a.authors[0]), _initial(b.authors[0])} - {""}
    if len(initials) > 1:
        return False  # "Y. Gu" and "H. Gu": two people of one family name
    overlap = author_overlap(a.authors, b.authors)
    if overlap is None or overlap < 0.5:
        return False
    return fuzz.token_set_ratio(title_key(a.title), title_key(b.title)) >= REWORDED_TITLE


def _shared_identifier(a: Entry, b: Entry) -> tuple[str, str] | None:
    if a.arxiv and a.arxiv == b.arxiv:
        return "arXiv id", f"arxiv:{a.arxiv}"
    if a.doi and a.doi == b.doi:
        return "DOI", f"doi:{a.doi}"
    url_a = _paper_url(a)
    if url_a and url_a == _paper_url(b):
        return "paper URL", a.url or ""
    return None


def _typo_distance(a: str, b: str) -> int:
    """Character edits between two folded titles, spaces ignored (so "vision language"
    and "visionlanguage" are equal)."""
    return Levenshtein.distance(title_key(a).replace(" ", ""), title_key(b).replace(" ", ""))


def _compare_by_title(a: Entry, b: Entry) -> Verdict:
    key_a, key_b = title_key(a.title), title_key(b.title)
    if not key_a or not key_b:
        return Verdict(DIFFERENT, "different titles", 0.0)
    similarity = fuzz.ratio(key_a, key_b, score_cutoff=NEAR_TITLE) / 100
    if not similarity or title_markers(a.title) != title_markers(b.title):
        return Verdict(DIFFERENT, "different titles", similarity)
    edits = _typo_distance(a.title, b.title)
    exact = edits == 0
    # A typo, a dropped dash or a mojibake remnant; more than that is a different wording.
    typo = edits <= max(2, len(title_key(a.title)) // 25)
    # Two different ids of one kind are two different papers (or two versions on purpose).
    if (a.arxiv and b.arxiv) or (a.doi and b.doi and not _preprint_pair(a, b)):
        if exact:
            return Verdict(POSSIBLE, "same title, different identifiers", similarity * 0.8)
        return Verdict(DIFFERENT, "similar titles, different identifiers", similarity * 0.5)
    overlap = author_overlap(a.authors, b.authors)
    if overlap == 0:
        return Verdict(POSSIBLE, "similar titles, no shared author", similarity * 0.5)
    if not typo:
        return Verdict(POSSIBLE, "similar titles, different wording", similarity * 0.7)
    years_close = a.year is None or b.year is None or abs(a.year - b.year) <= 2
    generic = len(significant_words(a.title)) < GENERIC_WORDS
    strong_authors = overlap is not None and overlap >= 0.5
    if generic and not (strong_authors and a.year == b.year):
        return Verdict(POSSIBLE, "short generic title", similarity * 0.6)
    if not years_close:
        return Verdict(POSSIBLE, "similar titles, years far apart", similarity * 0.7)
    if not exact and overlap is None:
        return Verdict(POSSIBLE, "near-identical title, authors unknown", similarity * 0.9)
    if not exact and not strong_authors:
        return Verdict(POSSIBLE, "near-identical title, few shared authors", similarity * 0.8)
    if _preprint_pair(a, b):
        reason = "preprint and published version"
    elif exact:
        reason = "same title"
    else:
        reason = "near-identical title, same authors"
    score = similarity if overlap is None else (similarity + overlap) / 2
    return Verdict(SAME, reason, round(max(score, similarity * 0.95), 3))


def _preprint_pair(a: Entry, b: Entry) -> bool:
    return a.is_preprint() != b.is_preprint()


# Entries sharing a fuzzy blocking key are all compared up to this many; a more common
# key only pairs each entry with its WINDOW neighbours in folded-title order and in
# reversed-title order: one of the two puts a copy with a typo next to its original.
MAX_BLOCK = 12
WINDOW = 2


# One entry as blocking reads it: its folded title, significant words, the blocking
# keys that depend on it alone, and whether it is also blocked by its two rarest words.
View = tuple[str, tuple[str, ...], tuple[str, ...], bool]
# Per blocking key with two or more members: a digest of its members, and the pairs
# (by key) of it that a caller wants to remember. A block whose digest is unchanged
# puts forward the same pairs as before, so ``candidate_pairs`` does not pair it again.
BlockMemo = dict[str, tuple[bytes, list[tuple[str, str]]]]


def blocking_keys(entry: Entry) -> list[str]:
    """The keys under which ``entry`` is compared with others, whatever the rest of the
    catalog holds: identifiers, first author and year, the folded title, and its first
    and last 20 letters; for titles too short for those, its first and last four words."""
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
    spaceless = title_key(entry.title).replace(" ", "")
    if spaceless:
        keys.append(f"t:{spaceless}")  # equal up to case, accents, punctuation, spacing
    if _long(spaceless):  # one typo or mojibake remnant leaves one end intact,
        keys.append(f"h:{spaceless[:20]}")  # so the word keys would add nothing
        keys.append(f"e:{spaceless[-20:]}")
        return keys
    words = significant_words(entry.title)
    if len(words) >= 3:
        keys.append("p:" + " ".join(words[:4]))
        keys.append("s:" + " ".join(words[-4:]))
    return keys


def _long(spaceless: str) -> bool:
    return len(spaceless) >= 40


def blocking_view(entry: Entry) -> View:
    """What ``candidate_pairs`` reads of ``entry``."""
    folded = title_key(entry.title)
    words = significant_words(entry.title)
    short = not _long(folded.replace(" ", "")) and len(words) >= 2
    return folded, words, tuple(blocking_keys(entry)), short


def first_family(entry: Entry) -> str:
    return next(iter(family_names(entry.authors[:1])), "")


@dataclass(slots=True)
class Pairing:
    """What ``candidate_pairs`` found: the blocks it paired, with their pairs ``(i, j)``,
    ``i < j``, and signatures; and the blocks it did not pair again (unchanged since
    ``known``), with what ``known`` remembered of them."""

    fresh: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    signatures: dict[str, bytes] = field(default_factory=dict)
    unchanged: BlockMemo = field(default_factory=dict)

    def pairs(self) -> list[tuple[int, int]]:
        """Every fresh pair, once, in order."""
        return sorted(set(itertools.chain.from_iterable(self.fresh.values())))


def candidate_pairs(
    keys: list[str],
    views: list[View],
    names: list[bytes] | None = None,
    known: BlockMemo | None = None,
) -> Pairing:
    """The entries (``keys[i]`` seen as ``views[i]``) worth comparing: pairs sharing an
    identifier block, and pairs sharing another block that ``worth_comparing`` lets
    through. Blocks are the keys of ``blocking_keys`` and, for short titles, the two
    words of each rarest in the catalog. Given ``names`` (a digest of each entry's key
    and content), a block of ``known`` whose members are unchanged is not paired again."""
    counts: Counter[str] = Counter()
    for view in views:
        counts.update(set(view[1]))
    rarity = {word: (count, word) for word, count in counts.items()}
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, (_folded, words, own, short) in enumerate(views):
        for block in own:
            blocks[block].append(index)
        if short:
            rarest = heapq.nsmallest(2, set(words), key=rarity.__getitem__)
            blocks["r:" + " ".join(sorted(rarest))].append(index)
    known = known or {}
    found = Pairing()
    for block, members in blocks.items():
        if len(members) < 2:
            continue
        if names is not None:
            joined = b"".join(map(names.__getitem__, members))
            signature = blake2b(joined, digest_size=16).digest()
            before = known.get(block)
            if before is not None and before[0] == signature:
                found.unchanged[block] = before
                continue
            found.signatures[block] = signature
        found.fresh[block] = _block_pairs(block, members, views)
    return found


def _block_pairs(block: str, members: list[int], views: list[View]) -> list[tuple[int, int]]:
    """The pairs one block puts forward: all of an identifier block; of another, those
    ``worth_comparing``, among all its members when few or the exact title, else among
    neighbours in title order and in reversed-title order."""
    if not fuzzy_key(block) or len(members) <= MAX_BLOCK:
        pairs: Iterable[tuple[int, int]] = itertools.combinations(members, 2)
    else:  # a common key: neighbours in title order, and in reversed-title order
        spaceless = {index: views[index][0].replace(" ", "") for index in members}
        pairs = itertools.chain(
            _neighbours(sorted(members, key=spaceless.__getitem__), WINDOW),
            _neighbours(sorted(members, key=lambda i: spaceless[i][::-1]), WINDOW),
        )
    ordered = {(min(pair), max(pair)) for pair in pairs}
    if block[0] in "adu":
        return sorted(ordered)
    return sorted((i, j) for i, j in ordered if worth_comparing(block, views[i][0], views[j][0]))


def worth_comparing(key: str, folded_a: str, folded_b: str) -> bool:
    """Whether two entries met in the fuzzy block ``key`` can be one paper, judged in C
    from their folded titles before ``compare``: titles below NEAR_TITLE can only be one
    paper through a shared identifier (whose own blocks pair them); an author block asks
    only for shared words."""
    if key[0] == "w":
        return bool(fuzz.token_set_ratio(folded_a, folded_b, score_cutoff=REWORDED_TITLE))
    return bool(fuzz.ratio(folded_a, folded_b, score_cutoff=NEAR_TITLE))


def fuzzy_key(key: str) -> bool:
    """A blocking key whose members are only worth comparing after ``worth_comparing``
    (not an identifier or the exact folded title)."""
    return key[0] not in "adut"


class BlockIndex:
    """Entries by blocking key, for finding what one entry may be among many (import):
    every entry under an identifier or the exact folded title; under a fuzzy key, all of
    a small block, or the WINDOW neighbours in folded-title and reversed-title order of
    a common one (as ``candidate_pairs`` pairs them); then only those ``worth_comparing``.
    ``compare`` calls per entry stay flat as the catalog grows."""

    def __init__(self) -> None:
        self.blocks: dict[str, list[str]] = defaultdict(list)
        self.ordered: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
        self.titles: dict[str, str] = {}  # key → folded title

    def add(self, entry: Entry) -> None:
        folded = title_key(entry.title)
        self.titles[entry.key] = folded
        spaceless = folded.replace(" ", "")
        for block in blocking_keys(entry):
            members = self.blocks[block]
            members.append(entry.key)
            if not fuzzy_key(block):
                continue
            forward, backward = self.ordered.setdefault(block, ([], []))
            bisect.insort(forward, (spaceless, entry.key))
            bisect.insort(backward, (spaceless[::-1], entry.key))

    def candidates(self, entry: Entry) -> list[str]:
        """Keys of the entries ``entry`` is worth comparing with, in the order found."""
        folded = title_key(entry.title)
        spaceless = folded.replace(" ", "")
        found: dict[str, None] = {}
        for block in blocking_keys(entry):
            members = self.blocks.get(block)
            if not members:
                continue
            if not fuzzy_key(block):
                found.update(dict.fromkeys(members))
                continue
            if len(members) > MAX_BLOCK:
                forward, backward = self.ordered[block]
                members = [
                    *_nearest(forward, spaceless, WINDOW),
                    *_nearest(backward, spaceless[::-1], WINDOW),
                ]
            for key in members:
                if key not in found and worth_comparing(block, folded, self.titles[key]):
                    found[key] = None
        return list(found)


def _nearest(ordered: list[tuple[str, str]], title: str, window: int) -> list[str]:
    position = bisect.bisect_left(ordered, (title, ""))
    return [key for _, key in ordered[max(0, position - window) : position + window]]


def _neighbours(ordered: list[int], window: int) -> Iterable[tuple[int, int]]:
    for position, first in enumerate(ordered):
        for second in ordered[position + 1 : position + 1 + window]:
            yield first, second
