"""Read fmcat's own JSON export back: ``{"papers": [{"key": ..., ...}], ...}``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fmcat.errors import UsageError
from fmcat.importers.common import Imported, ImportResult
from fmcat.model import Catalog, Entry
from fmcat.validate import validate

DECLARATIONS = ("catalog", "render", "venues", "facets", "sections", "not_duplicates")


def parse_json(text: str, source: str) -> ImportResult:
    """Entries (and catalog declarations, when present) from an fmcat JSON export."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise UsageError(f"{source}:{err.lineno}:{err.colno}: invalid JSON: {err.msg}") from None
    except RecursionError:
        raise UsageError(f"{source}: invalid JSON: nested too deeply") from None
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list):
        raise UsageError(f'{source}: expected {{"papers": [...]}} as fmcat export writes it')
    papers: dict[str, Any] = {}
    for index, item in enumerate(data["papers"]):
        if not isinstance(item, dict) or not isinstance(item.get("key"), str):
            raise UsageError(f"{source}: papers[{index}] has no string key")
        fields = {name: value for name, value in item.items() if name != "key"}
        if isinstance(fields.get("date"), str):
            try:
                fields["date"] = dt.date.fromisoformat(fields["date"])
            except ValueError:
                raise UsageError(f"{source}: papers[{index}].date is not YYYY-MM-DD") from None
        papers[item["key"]] = fields
    document = {name: data[name] for name in DECLARATIONS if name in data}
    document["papers"] = papers
    blocking = [p for p in validate(document) if p.blocking and p.where.startswith("papers")]
    if blocking:
        raise UsageError(f"{source}: {blocking[0].where}: {blocking[0].message}")
    catalog = Catalog.from_dict(document)
    result = ImportResult(catalog=catalog if len(document) > 1 else None)
    for key in papers:
        entry: Entry = catalog.papers[key]
        result.items.append(Imported(entry, [], 0))
    return result
