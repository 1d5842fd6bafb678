"""Load a catalog and save it through the store (forcing a write): one process, as a
command that edits the catalog would. ``python benchmarks/load_save.py CATALOG``"""

from __future__ import annotations

import sys
from pathlib import Path

from fmcat import store

path = Path(sys.argv[1])
with store.locked(path):
    loaded = store.load(path)
    loaded.text = ""  # pretend it changed so the save really writes
    store.save(loaded)
