"""fmcat's own JSON: the catalog's declarations and ``papers`` as a list with ``key``.
Importing it into an empty catalog gives the same catalog back."""

from __future__ import annotations

from typing import Any

from fmcat.model import Catalog, Entry


def to_json(catalog: Catalog, entries: list[Entry]) -> dict[str, Any]:
    document = catalog.to_dict()
    order = list(catalog.facets)
    document["papers"] = [entry.to_json(order) for entry in entries]
    return document
