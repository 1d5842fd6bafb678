"""``fmcat render``: the catalog as markdown, whole or the part between a README's
markers, and what that makes of a file being updated (``--in-place``) or checked
(``--check``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fmcat import collector, gitfiles, metrics, store
from fmcat.digests import hexdigest
from fmcat.model import Catalog
from fmcat.render import markers, memo


def render_catalog(
    path: Path, part: str, settings: dict[str, Any], since: str | None = None
) -> bytes:
    """The catalog at ``path`` rendered, as UTF-8: the whole ``document`` or only the
    marked ``body``, with the command-line ``settings`` (RenderOptions overrides; None
    means not given), with what ``fmcat enrich`` found (the metrics file beside it).
    Remembered by ``memo`` while nothing it read changes. ``since`` (a day or a git
    revision) keeps only the papers added after it, for release notes."""
    raw = store.read_bytes(path)
    figures_file = metrics.path_for(path)
    figures_raw = figures_file.read_bytes() if figures_file.is_file() else b""
    remember = memo.enabled() and since is None
    catalog_key = hexdigest(raw) if remember else None  # the caches' too
    key = memo.key(catalog_key, figures_raw, part, settings) if catalog_key else ""
    if remember and (data := memo.get(path, part, key)) is not None:
        return data
    from fmcat.render.document import Renderer, RenderOptions

    text = store.decode(raw, path, catalog_key)
    if remember:
        from fmcat.render import incremental

        with collector.paused():  # no template: fmcat's own strings and lists
            done = incremental.render(path, text, part, settings, figures_raw, key)
        if done is not None:
            data, options = done
            memo.put(path, part, key, options, data)
            return data
    catalog = store.load(path, text).catalog
    options = RenderOptions.from_catalog(catalog, path.parent, **settings)
    if since is not None:
        kept = added_since(path, catalog, since)
        catalog.papers = {key: catalog.papers[key] for key in sorted(kept)}
    if figures_raw and options.metrics:
        options.figures = metrics.load(figures_file)
    renderer = Renderer(catalog, options)
    data = (renderer.document() if part == "document" else renderer.body()).encode("utf-8")
    if remember:
        memo.put(path, part, key, options, data)
    return data


@dataclass
class FileUpdate:
    """A file as it is and as rendering makes it."""

    name: str
    current: str
    expected: str

    @property
    def changed(self) -> bool:
        return self.expected != self.current

    def diff(self) -> str:
        return "".join(markers.diff(self.current, self.expected, self.name))


def update_file(
    path: Path, name: str, current: str, settings: dict[str, Any], in_place: bool
) -> FileUpdate:
    """What rendering makes of a file whose text is ``current``: the whole document, or
    the file with the part between its markers replaced (``in_place`` puts the body
    between markers even in a file that is not a rendered document)."""
    part = markers.part_for(current, in_place)
    data = render_catalog(path, part, settings).decode("utf-8")
    return FileUpdate(name, current, markers.updated(current, data, part, name))


def added_since(path: Path, catalog: Catalog, since: str) -> set[str]:
    """Keys of the papers added after ``since``: a day (``2026-11-01``: by their ``added``
    day) or a git revision (papers whose key and aliases the catalog did not hold there)."""
    try:
        day = dt.date.fromisoformat(since)
    except ValueError:
        day = None
    if day is not None:
        return {key for key, entry in catalog.papers.items() if entry.added and entry.added > day}
    before = set(gitfiles.papers_at(path, since, "--since"))
    return {
        key
        for key, entry in catalog.papers.items()
        if key not in before and not before.intersection(entry.aliases)
    }
