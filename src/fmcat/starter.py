"""``fmcat init``: the starter catalog."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import tomli_w

from fmcat.errors import CatalogError


def starter_text(title: str) -> str:
    """The packaged starter catalog with its title set."""
    text = resources.files("fmcat").joinpath("data/starter.toml").read_text("utf-8")
    return text.replace('title = "Awesome Papers"', tomli_w.dumps({"title": title}).strip(), 1)


def write_starter(path: Path, title: str = "Awesome Papers") -> None:
    """Create ``path`` with the starter catalog; never overwrite an existing file."""
    data = starter_text(title).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise CatalogError(f"{path}: already exists; not overwriting it") from None
    except OSError as err:
        raise CatalogError(f"{path}: cannot create: {err.strerror or err}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
