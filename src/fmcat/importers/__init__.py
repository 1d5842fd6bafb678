"""Importers: hand-written markdown lists, BibTeX, fmcat JSON."""

from __future__ import annotations

from pathlib import Path

from fmcat.errors import UsageError
from fmcat.files import read_input
from fmcat.importers.common import ImportResult
from fmcat.model import Catalog

FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown", ".bib": "bibtex"}


def read_source(path: Path, format_: str | None, catalog: Catalog) -> ImportResult:
    """Read ``path`` with the importer its format (given, or from its extension) needs."""
    from fmcat.normalize.venues import venue_table

    kind = (
        format_
        or FORMATS.get(path.suffix.lower())
        or ("json" if path.suffix.lower() == ".json" else "markdown")
    )
    text = read_input(path)
    venues = venue_table(catalog.venues)
    if kind == "markdown":
        from fmcat.importers.markdown import parse_markdown

        return parse_markdown(text, venues)
    if kind == "bibtex":
        from fmcat.importers.bibtex import parse_bibtex

        return parse_bibtex(text, venues)
    if kind == "json":
        from fmcat.importers.jsonfile import parse_json

        return parse_json(text, str(path))
    raise UsageError(f"--format {kind!r}: expected markdown, bibtex or json")
