"""Exporters: BibTeX, CSL-JSON and fmcat's own JSON, behind one ``export`` call."""

from __future__ import annotations

import json

from fmcat.errors import UsageError
from fmcat.model import Catalog, Entry
from fmcat.normalize.venues import venue_table

FORMATS = ("bibtex", "csl-json", "json")


def export(catalog: Catalog, entries: list[Entry], fmt: str) -> str:
    """``entries`` of ``catalog`` as the text of format ``fmt`` (one of FORMATS)."""
    venues = venue_table(catalog.venues)
    if fmt == "bibtex":
        from fmcat.exporters.bibtex import to_bibtex

        return to_bibtex(entries, venues)
    if fmt == "csl-json":
        from fmcat.exporters.csl import to_csl

        return json.dumps(to_csl(entries, venues), ensure_ascii=False, indent=2) + "\n"
    if fmt == "json":
        from fmcat.exporters.jsonfile import to_json

        document = to_json(catalog, entries)
        return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    raise UsageError(f"--format {fmt!r}: expected {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")
