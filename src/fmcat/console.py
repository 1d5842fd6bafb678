"""Output helpers: rich consoles for people (created on first use), plain text for pipes."""

from __future__ import annotations

import functools
import json
import sys
from typing import Any


@functools.cache
def out():
    """Rich console on stdout (tables, panels)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, emoji=False)


@functools.cache
def err():
    """Rich console on stderr (messages, progress)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def info(message: str) -> None:
    """A plain message for the user on stderr (no rich import on the fast path)."""
    sys.stderr.write(message + "\n")


def warn(message: str) -> None:
    err().print(f"warning: {message}", markup=False, style="yellow")


def error_line(message: str) -> None:
    """The one line a failing command prints."""
    err().print(f"error: {message}", markup=False, style="bold red")


def print_json(value: Any) -> None:
    """Deterministic JSON on stdout: sorted-free (field order is meaningful), UTF-8, indent 2."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default))
    sys.stdout.write("\n")


def _json_default(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
