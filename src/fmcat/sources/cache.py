"""On-disk cache of fetched records, one JSON file per identifier.

Location: ``records/`` in the cache directory (``cachefiles.cache_dir``).
Found records are kept ``$FMCAT_CACHE_TTL_DAYS`` days (default 30); "not found" answers
one day, so a paper that appears later is picked up.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from fmcat.cachefiles import cache_dir
from fmcat.sources.record import Record

NOT_FOUND_TTL = 86400.0


def _ttl() -> float:
    try:
        return float(os.environ.get("FMCAT_CACHE_TTL_DAYS", "30")) * 86400
    except ValueError:
        return 30 * 86400.0


class RecordCache:
    """``get``/``put`` records by ``kind:value`` identifier string."""

    def __init__(self, root: Path | None = None, max_age: float | None = None) -> None:
        """``max_age`` (seconds) shortens the time a found record is trusted."""
        self.root = (root or cache_dir()) / "records"
        self.ttl = _ttl() if max_age is None else min(_ttl(), max_age)

    def _path(self, ident: str) -> Path:
        digest = hashlib.sha256(ident.encode()).hexdigest()[:24]
        kind = ident.split(":", 1)[0]
        return self.root / kind / f"{digest}.json"

    def get(self, ident: str) -> Record | str | None:
        """The cached Record, a "not found" reason string, or None when absent or stale."""
        path = self._path(ident)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        age = time.time() - data.get("fetched", 0)
        if data.get("id") != ident:
            return None
        if "missing" in data:
            return data["missing"] if age < NOT_FOUND_TTL else None
        if age > self.ttl:
            return None
        try:
            return Record.from_json(data["record"])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, ident: str, record: Record) -> None:
        self._write(ident, {"id": ident, "fetched": time.time(), "record": record.to_json()})

    def put_missing(self, ident: str, reason: str) -> None:
        self._write(ident, {"id": ident, "fetched": time.time(), "missing": reason})

    def _write(self, ident: str, data: dict) -> None:
        from fmcat.store import atomic_write

        path = self._path(ident)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written costs requests, never correctness
