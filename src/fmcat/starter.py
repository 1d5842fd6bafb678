"""``fmcat init``: the starter catalog."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import tomli_w

from fmcat import files


def starter_text(title: str) -> str:
    """The packaged starter catalog with its title set."""
    text = resources.files("fmcat").joinpath("data/starter.toml").read_text("utf-8")
    return text.replace('title = "Awesome Papers"', tomli_w.dumps({"title": title}).strip(), 1)


def write_starter(path: Path, title: str = "Awesome Papers") -> list[str]:
    """Create ``path`` with the starter catalog, whole or not at all, never overwriting a
    file; then make sure the folder's ``.gitignore`` names the lock file and the temporary
    files of interrupted saves. Returns the lines added to ``.gitignore``."""
    files.create_new(path, starter_text(title).encode("utf-8"))
    return files.append_missing_lines(path.parent / ".gitignore", ignored_lines(path.name))


def ignored_lines(name: str) -> list[str]:
    """``.gitignore`` lines for what fmcat leaves beside a catalog named ``name``."""
    return [f"/{name}.lock", f"/.{name}.*.tmp"]
