"""Author names: "Given Family" display order, particles kept, stray markers dropped."""

from __future__ import annotations

import functools
import re

from fmcat.normalize.text import clean_text

PARTICLES = frozenset(
    "van von der den de del della di da dos das du la le ter ten bin ibn al el st".split()
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_MARKERS = re.compile(r"[∗*†‡§¶#✉⋆]+|\^\{?[\d,\s]+\}?|(?<=[^\W\d])\d+(?:,\d+)*\b")
_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|others|and others)$", re.IGNORECASE)


def strip_markers(name: str) -> str:
    """Drop footnote and affiliation markers: ``Bannur∗``, ``Hyland*``, ``Liu1,2``."""
    return _MARKERS.sub("", name)


_FAMILY_INITIALS = re.compile(
    r"^((?:(?:" + "|".join(sorted(PARTICLES)) + r")\s+)*[A-Z][\w'’\-\u2010\u00c0-\u024f]+)"
    r"\s+((?:[A-Z]\.?\s*-?){1,3})$"
)


def display_order(name: str) -> str:
    """``Family, Given`` → ``Given Family``; ``Family, Jr., Given`` → ``Given Family Jr.``;
    ``Chen Q.`` (family name, then initials) → ``Q. Chen``."""
    if "," not in name:
        initials = _FAMILY_INITIALS.match(name.strip())
        return f"{initials[2].strip()} {initials[1]}" if initials else name
    parts = [part.strip() for part in name.split(",") if part.strip()]
    if len(parts) == 2 and parts[1].lower() in SUFFIXES:
        return name.replace(",", "")
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[1].lower() in SUFFIXES:
        return f"{parts[2]} {parts[0]} {parts[1]}"
    if len(parts) == 3 and parts[2].lower() in SUFFIXES:
        return f"{parts[1]} {parts[0]} {parts[2]}"
    return " ".join(parts)


def name_parts(name: str) -> tuple[str, str, str]:
    """``(family, given, suffix)`` of a ``Given Family`` name: particles go with the
    family name (``Marco della Valle`` → ``della Valle``, ``Marco``); a single word is a
    family name."""
    parts = name.split()
    suffix = parts.pop() if len(parts) > 2 and parts[-1].lower() in SUFFIXES else ""
    split = len(parts) - 1
    while split > 1 and parts[split - 1].lower() in PARTICLES:
        split -= 1
    return " ".join(parts[split:]), " ".join(parts[:split]), suffix


def family_given(name: str) -> str:
    """``Given Family`` → ``Family, Given`` (``Family, Jr., Given``), as BibTeX writes
    names; a single word stays as it is."""
    family, given, suffix = name_parts(name)
    if not given:
        return name
    return f"{family}, {suffix}, {given}" if suffix else f"{family}, {given}"


def fix_caps(name: str) -> str:
    """``JOHN SMITH`` / ``SMITH`` → ``John Smith``; mixed-case names are left alone."""
    letters = [char for char in name if char.isalpha()]
    if len(letters) < 2 or not all(char.isupper() for char in letters):
        return name
    words = []
    for word in name.split():
        if word.lower() in PARTICLES:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def fix_initials(name: str) -> str:
    """``J.R.R. Tolkien`` → ``J. R. R. Tolkien``; a doubled initial ``C. C.`` stays as
    written (it may be real), but ``C C.`` spacing is normalised."""
    name = re.sub(r"\b([A-Z])\.(?=[A-Z][\.\s])", r"\1. ", name)
    return re.sub(r"\s+", " ", name).strip()


@functools.lru_cache(maxsize=1 << 16)
def clean_author(raw: str) -> str | None:
    """One display name, or None when the token is not an author (``et al.``, empty);
    once per distinct name (a list names the same people again and again)."""
    name = strip_markers(clean_text(raw)).strip(" ,;")
    if len(name) > 2 and name.endswith(".") and not re.search(r"\b[A-Z][a-z]?\.$", name):
        name = name[:-1]  # the list's sentence period, not an initial (``A.``, ``Jr.``)
    if not name or _ET_AL.match(name):
        return None
    name = fix_initials(fix_caps(display_order(name)))
    return name or None


def split_authors(text: str) -> list[str]:
    """Split a written author list: ``A, B and C`` / ``A and B`` (BibTeX) / ``A; B``."""
    text = clean_text(text)
    if " and " in text and "," not in text.replace(", and ", " and "):
        parts = text.split(" and ")
    elif re.search(r"\s+and\s+", text) and text.count(",") and _looks_bibtex(text):
        parts = re.split(r"\s+and\s+", text)
    else:
        parts = re.split(r"\s*[,;]\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*", text)
    parts = [part for part in parts if part.strip()]
    return _pair_initials(parts)


_INITIALS_ONLY = re.compile(r"^(?:[A-Z\u00c0-\u00de](?:\.|\b)\s*-?)+$")


def _pair_initials(parts: list[str]) -> list[str]:
    """``Oh, I.S., Lee, J.S.`` was split into surnames and initials: join each surname
    with the initials that follow it (``I.S. Oh``, ``J.S. Lee``)."""
    if len(parts) < 2 or len(parts) % 2:
        return parts
    pairs = list(zip(parts[::2], parts[1::2], strict=True))
    if not all(_INITIALS_ONLY.match(initials.strip()) for _, initials in pairs):
        return parts
    if any(_INITIALS_ONLY.match(surname.strip()) for surname, _ in pairs):
        return parts
    return [f"{initials.strip()} {surname.strip()}" for surname, initials in pairs]


_TRAILING_ET_AL = re.compile(
    r"[\s,;]*(?:et\.?\s*al(?:ii|ia)?\.?|and others|\.\.\.|…)[\s.,;]*$", re.IGNORECASE
)


def read_author_list(text: str) -> tuple[list[str], bool]:
    """A written author list as clean names, and whether it ends in "et al." (the list
    names only the first authors): ``Douglas A. Reynolds et al.`` →
    (["Douglas A. Reynolds"], True)."""
    text = clean_text(text).strip()
    truncated = bool(_TRAILING_ET_AL.search(text))
    text = _TRAILING_ET_AL.sub("", text)
    return clean_authors(split_authors(text)), truncated


def split_bibtex_authors(text: str) -> list[str]:
    """A BibTeX ``author`` field: names separated by ``and`` outside braces (``{Barnes and
    Noble}`` is one name); ``and others`` is dropped."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", text, flags=re.IGNORECASE):
        token = match[0]
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return [n.strip() for n in names if n.strip() and n.strip().lower() != "others"]


def _looks_bibtex(text: str) -> bool:
    """``Family, Given and Family, Given``: every and-separated part has one comma."""
    parts = re.split(r"\s+and\s+", text)
    return all(part.count(",") == 1 for part in parts)


def clean_authors(names: list[str]) -> list[str]:
    """Clean a list of raw names, dropping non-authors and repeats of a full name."""
    cleaned: list[str] = []
    for raw in names:
        name = clean_author(raw)
        if name and (name not in cleaned or " " not in name):  # two "Wang"s may be two
            cleaned.append(name)
    return cleaned
