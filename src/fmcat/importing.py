"""``fmcat import``: a paper list, BibTeX file or fmcat JSON merged into the catalog."""

from __future__ import annotations

from pathlib import Path

from fmcat import store
from fmcat.importers import read_source
from fmcat.importers.common import ImportOptions, ImportReport, apply_import


def import_file(
    path: Path, source: Path, format_: str | None, options: ImportOptions, dry_run: bool = False
) -> ImportReport:
    """``fmcat import``: read ``source`` and merge it into the catalog at ``path``, under
    the lock (on a fresh load), or only report what would change (``dry_run``)."""
    snapshot = store.load(path).catalog
    result = read_source(source, format_, snapshot)
    if dry_run:
        return apply_import(snapshot, result, options)
    with store.edit(path) as loaded:
        return apply_import(loaded.catalog, result, options)
