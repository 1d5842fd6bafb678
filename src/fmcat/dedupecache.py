"""What ``fmcat dedupe`` keeps between runs, two files per catalog path in
``<cache dir>/dedupe``. The memo: each paper's blocking view by its text digest; each
block's digest with those of its pairs whose verdict was not "different"; and those
verdicts, by the two papers' digests. After an edit only the blocks it touched are
paired again, and only their pairs compared again. The report: the last report as plain
values, under the digest of the catalog's text, so an unchanged catalog is not paired
at all.

Keyed by fmcat's code and the catalog's recorded not-duplicates (the report by the
whole text); anything else (a missing, stale or damaged file) counts as empty. Caches
off (``FMCAT_PARSE_CACHE=0``) keeps nothing.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmcat import cachefiles, parsecache
from fmcat.digests import hexdigest
from fmcat.match import BlockMemo, View

# A verdict as values: kind, reason, score, identifier.
VerdictValues = tuple[str, str, float, str | None]


@dataclass(slots=True)
class Memo:
    views: dict[bytes, View] = field(default_factory=dict)
    blocks: BlockMemo = field(default_factory=dict)
    verdicts: dict[bytes, VerdictValues] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.views or self.blocks or self.verdicts)

    def same_as(self, other: Memo) -> bool:
        """Whether this memo holds what ``other`` holds (an unchanged catalog: nothing
        to write again). Views and blocks are compared by their keys, which are
        digests of what they hold."""
        return (
            self.verdicts == other.verdicts
            and self.views.keys() == other.views.keys()
            and all(
                self.blocks[block][0] == other.blocks.get(block, (b"",))[0] for block in self.blocks
            )
            and len(self.blocks) == len(other.blocks)
        )


def _file(path: Path) -> Path:
    return cachefiles.catalog_file(path, "dedupe", ".pickle")


def _key(context: str) -> str:
    return hexdigest(f"{cachefiles.code_digest()}:{context}".encode())


def read(path: Path, context: str) -> Memo:
    """The memo of the last dedupe of the catalog at ``path`` under ``context`` (what
    else its verdicts depend on); empty when there is none that this code wrote."""
    if not parsecache.enabled():
        return Memo()
    payload = cachefiles.read(_file(path), _key(context))
    if payload is None:
        return Memo()
    try:
        views, blocks, verdicts = cachefiles.plain_load(io.BytesIO(payload))
    except (ValueError, TypeError):
        return Memo()
    if not all(type(value) is dict for value in (views, blocks, verdicts)):
        return Memo()
    return Memo(views, blocks, verdicts)


def write(path: Path, context: str, memo: Memo) -> None:
    """Keep ``memo`` for the next dedupe (skipped with the caches off)."""
    if not parsecache.enabled():
        return
    cachefiles.write(_file(path), _key(context), _pickled((memo.views, memo.blocks, memo.verdicts)))


def _report_file(path: Path) -> Path:
    return cachefiles.catalog_file(path, "dedupe", ".report")


def read_report(path: Path, text_key: str) -> Any:
    """The plain values ``write_report`` kept for the catalog text whose key is
    ``text_key``; None when there are none (``dedupe`` checks their shape)."""
    if not parsecache.enabled():
        return None
    payload = cachefiles.read(_report_file(path), _key("report:" + text_key))
    if payload is None:
        return None
    try:
        return cachefiles.plain_load(io.BytesIO(payload))
    except ValueError:
        return None


def write_report(path: Path, text_key: str, values: Any) -> None:
    """Keep a report, as plain values, for the catalog text whose key is ``text_key``."""
    if parsecache.enabled():
        cachefiles.write(_report_file(path), _key("report:" + text_key), _pickled(values))


def _pickled(values: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # plain values in a tree: no memo needed
    pickler.dump(values)
    return buffer.getvalue()
