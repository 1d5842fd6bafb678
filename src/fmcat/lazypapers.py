"""A catalog's papers as a mapping whose entries are built from their cached field
values only when asked for (lookup shows a few; dedupe compares a few after an edit)."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator, MutableMapping

from fmcat import cachefiles, parsecache
from fmcat.model import Entry


class LazyPapers(MutableMapping[str, Entry]):
    """A catalog's papers, each built when first asked for: from its pickled field
    values (``row(index)``, None when they cannot be read), else by ``fallback(key)``."""

    def __init__(
        self,
        keys: list[str],
        row: Callable[[int], bytes | None],
        fallback: Callable[[str], Entry],
    ) -> None:
        self._keys = keys
        self._row = row
        self._fallback = fallback
        self._built: dict[str, Entry] = {}

    @functools.cached_property
    def _where(self) -> dict[str, int | None]:
        """Each key's place (made on first use: a lookup mostly needs a few)."""
        return dict(zip(self._keys, range(len(self._keys)), strict=True))

    def __getitem__(self, key: str) -> Entry:
        entry = self._built.get(key)
        if entry is None:
            index = self._where[key]
            assert index is not None  # set by __setitem__, so built
            data = self._row(index)
            try:
                if data is None:
                    raise ValueError("unreadable")
                entry = parsecache.entry_from_row(cachefiles.plain_load(io.BytesIO(data)))
            except (ValueError, TypeError):
                entry = self._fallback(key)
            self._built[key] = entry
        return entry

    def __setitem__(self, key: str, entry: Entry) -> None:
        self._where[key] = None
        self._built[key] = entry

    def __delitem__(self, key: str) -> None:
        del self._where[key]
        self._built.pop(key, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, key: object) -> bool:
        return key in self._where
