"""On-disk cache of fetched records, one JSON file per identifier.

Location: ``records/`` in the cache directory (``cachedir.cache_dir``).
Found records are kept ``$FMCAT_CACHE_TTL_DAYS`` days (default 30); "not found" answers
one day, so a paper that appears later is picked up.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from fmcat.cachedir import cache_dir
from fmcat.environment import env_number
from fmcat.files import atomic_write
from fmcat.sources.record import Record

NOT_FOUND_TTL = 86400.0


def _ttl() -> float:
    return env_number("FMCAT_CACHE_TTL_DAYS", 30, minimum=0, maximum=36500) * 86400


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
            if not isinstance(data, dict) or data.get("id") != ident:
                return None
            age = time.time() - float(data.get("fetched", 0))
            if "missing" in data:
                missing = data["missing"]
                return missing if isinstance(missing, str) and age < NOT_FOUND_TTL else None
            if age > self.ttl:
                return None
            return Record.from_json(data["record"])
        except Exception:  # unreadable, damaged or not written by fmcat: fetch again
            return None

    def put(self, ident: str, record: Record) -> None:
        self._write(ident, {"id": ident, "fetched": time.time(), "record": record.to_json()})

    def put_missing(self, ident: str, reason: str) -> None:
        self._write(ident, {"id": ident, "fetched": time.time(), "missing": reason})

    def _write(self, ident: str, data: dict) -> None:
        path = self._path(ident)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps(data, ensure_ascii=False).encode("utf-8"), durable=False)
        except OSError:
            pass  # a cache that cannot be written costs requests, never correctness
