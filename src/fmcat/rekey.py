"""``fmcat rekey``: better keys for weak ones, the old key kept as an alias so citations
and anchors that use it still resolve.

A key is weak when it is a lone title word, with or without a year (``vision``,
``medical2023``): what lists without authors gave before keys took two title words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fmcat import store
from fmcat.model import Catalog, Entry
from fmcat.normalize.keys import base_key, family_name, make_key, title_words
from fmcat.normalize.text import ascii_fold

_LONE_WORD = re.compile(r"^(?P<word>[a-z]+)(?:\d{4})?[a-z]?$")


@dataclass
class Rename:
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"old": self.old, "new": self.new}


def is_weak(entry: Entry) -> bool:
    """A lone title word (and year) that is not the first author's family name."""
    match = _LONE_WORD.match(entry.key)
    if match is None or entry.key == base_key(entry.authors, entry.year, entry.title):
        return False
    family = ascii_fold(family_name(entry.authors[0])) if entry.authors else ""
    return match["word"] != family and match["word"] in title_words(entry.title, 3)


def propose(catalog: Catalog, keys: list[str] | None = None) -> list[Rename]:
    """New keys for the weak keys among ``keys`` (default: all), in key order."""
    taken = catalog.used_keys()
    renames = []
    for key in sorted(keys or catalog.papers):
        entry = catalog.papers[key]
        if not is_weak(entry):
            continue
        new = make_key(entry.authors, entry.year, entry.title, taken)
        taken.add(new)
        renames.append(Rename(key, new))
    return renames


def rename(catalog: Catalog, renames: list[Rename]) -> None:
    """Give the entries their new keys; each old key becomes an alias, and every
    reference to it (``not_duplicates``) follows."""
    moved = {r.old: r.new for r in renames if r.old in catalog.papers}
    for old, new in moved.items():
        entry = catalog.papers.pop(old)
        entry.key = new
        entry.aliases = [*entry.aliases, old]
        catalog.papers[new] = entry
    for entry in catalog.papers.values():
        entry.not_duplicates = [moved.get(key, key) for key in entry.not_duplicates]
    catalog.not_duplicates = [
        sorted(moved.get(key, key) for key in group) for group in catalog.not_duplicates
    ]


def rekey(path: Path, keys: list[str] | None = None, dry_run: bool = False) -> list[Rename]:
    """``fmcat rekey``: propose, and (unless ``dry_run``) apply under the lock."""
    from fmcat.filters import resolve_keys

    snapshot = store.load(path).catalog
    wanted = resolve_keys(snapshot, keys) if keys else None
    renames = propose(snapshot, wanted)
    if renames and not dry_run:
        with store.edit(path) as loaded:
            rename(loaded.catalog, renames)
    return renames
