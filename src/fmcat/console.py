"""Output helpers: rich consoles for people (created on first use), plain text for pipes."""

from __future__ import annotations

import functools
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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 paper``, ``2 papers`` (``many`` for an irregular plural)."""
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def warn(message: str) -> None:
    err().print(f"warning: {message}", markup=False, style="yellow")


def error_line(message: str) -> None:
    """The one line a failing command prints."""
    err().print(f"error: {message}", markup=False, style="bold red")


def print_json(value: Any) -> None:
    """Deterministic JSON on stdout: sorted-free (field order is meaningful), UTF-8, indent 2."""
    import json  # only for --json output

    write_text(json.dumps(value, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def write_text(text: str) -> None:
    """Output for files and pipes: ``text`` as UTF-8 on stdout, whatever the locale."""
    write_bytes(text.encode("utf-8"))


def write_bytes(data: bytes) -> None:
    """Bytes on stdout as they are; WriteError when stdout is closed or unwritable."""
    from fmcat.errors import WriteError

    stream = sys.stdout
    if stream is None:
        raise WriteError("cannot write the output: standard output is closed")
    try:
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream (tests capture output this way)
            stream.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as err:  # ValueError: a closed file
        reason = getattr(err, "strerror", None) or str(err)
        raise WriteError(f"cannot write the output: {reason}") from None


def _json_default(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


class ProgressBar:
    """A progress bar on stderr for a batch of lookups, drawn only on a terminal and for
    two steps or more; called with (done, total)."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None

    def __enter__(self) -> ProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total < 2 or not sys.stderr.isatty():
                return
            from rich.progress import Progress

            self._bar = Progress(console=err(), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("fetching metadata", total=total)
        self._bar.update(self._task, completed=done, total=total)

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()
