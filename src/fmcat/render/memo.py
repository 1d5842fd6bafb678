"""Rendered markdown remembered per catalog for ``render.output``, so rendering an
unchanged catalog again (``render --check`` in a pre-commit hook, the same ``render -o``
twice) costs about what ``fmcat check`` does.

One file per catalog path and part (the whole document, or the body between the markers)
in ``<cache dir>/rendered``, written and read by ``cachefiles``: the key, then what the
rendering read (as JSON) and the text. The text is used only when all that
the rendering depended on is exactly as it was: the catalog's bytes, the command-line
settings, fmcat's code, Python's Unicode tables, and each file or package the rendering
read (a ``template_file``, Jinja2). Anything else, or a damaged file, means rendering
again. ``FMCAT_RENDER_CACHE=0`` turns it off.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmcat import cachefiles
from fmcat.cachefiles import catalog_file, code_digest
from fmcat.digests import blake2b, hexdigest
from fmcat.environment import env_flag

if TYPE_CHECKING:
    from fmcat.render.document import RenderOptions

PARTS = ("document", "body")
Dependency = tuple[str, str, str | None]  # kind ("file" or "package"), name, fingerprint


def enabled() -> bool:
    return env_flag("FMCAT_RENDER_CACHE")


def key(catalog: str, figures: bytes, part: str, settings: dict[str, Any]) -> str:
    """What the rendering depends on, hashed: the catalog (by its bytes' digest), what
    ``fmcat enrich`` found (the metrics file's bytes) and the settings."""
    assert part in PARTS
    digest = blake2b(catalog.encode() + b"\0" + figures, digest_size=32)
    context = (part, sorted(settings.items()), code_digest(), unicodedata.unidata_version)
    digest.update(repr((context, sys.version_info[:2])).encode())
    return digest.hexdigest()


def _dependencies(options: RenderOptions) -> list[Dependency]:
    """What the rendering read besides the catalog and the settings."""
    found: list[Dependency] = []
    if options.template_file is not None:
        path = str(options.template_file.resolve())
        found.append(("file", path, _fingerprint("file", path)))
    if options.template is not None:
        found.append(("package", "jinja2", _fingerprint("package", "jinja2")))
    return found


def _fingerprint(kind: str, name: str) -> str | None:
    """A file's digest or a package's version; None when it cannot be read."""
    try:
        if kind == "file":
            return hexdigest(Path(name).read_bytes())
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


def _file(path: Path, part: str) -> Path:
    return catalog_file(path, "rendered", f".{part}.md")


def get(path: Path, part: str, key: str) -> bytes | None:
    payload = cachefiles.read(_file(path, part), key)
    if payload is None:
        return None
    header, _, data = payload.partition(b"\n")
    try:
        dependencies = json.loads(header)
        for kind, name, fingerprint in dependencies:
            if fingerprint is None or _fingerprint(kind, name) != fingerprint:
                return None
    except (ValueError, TypeError):  # not what this code writes: render again
        return None
    return data


def put(path: Path, part: str, key: str, options: RenderOptions, data: bytes) -> None:
    """Remember ``data``; a memo that cannot be written is skipped."""
    dependencies = _dependencies(options)
    header = json.dumps(dependencies, ensure_ascii=True).encode()
    cachefiles.write(_file(path, part), key, [header, b"\n", data])
