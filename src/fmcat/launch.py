"""The ``fmcat`` executable (and ``python -m fmcat``): the command line, run as a
process that ends as soon as its command is done."""

from __future__ import annotations

import gc
from typing import NoReturn


def entry() -> NoReturn:
    """Import the command line with the garbage collector off (what importing makes
    lives until the process ends: a collection would find nothing to free), run it,
    and end the process with its exit code (``process.finish``)."""
    gc.disable()
    try:
        from fmcat.cli import main
        from fmcat.process import finish
    finally:
        gc.enable()
    finish(main())
