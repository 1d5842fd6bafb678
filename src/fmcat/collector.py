"""The garbage collector's one policy. It runs as usual, and is paused only while fmcat
builds large structures of its own that hold no reference cycles (a parsed catalog, its
cached records, a search index, a rendered document), which it would otherwise walk
again and again for nothing. Code that makes cycles (pylatexenc's LaTeX conversion,
Jinja2, rich) runs with it on, so what it leaves is freed."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off inside (nesting allowed), as it was after. What was built is
    frozen on the way out: it lives as long as the command, and later collections (while
    third-party code runs) need not walk it."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.freeze()
            gc.enable()
