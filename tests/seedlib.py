"""Seed lists read through the library (fast; the CLI is exercised separately)."""

from __future__ import annotations

from fmcat.importers.common import ImportOptions, apply_import
from fmcat.importers.markdown import parse_markdown
from fmcat.model import Catalog
from fmcat.normalize.venues import venue_table
from tests.conftest import DATA

SEEDS = sorted((DATA / "seeds").glob("0*.txt"))
SEED = {path.name[:3]: path for path in SEEDS}


def parse_seed(number: str):
    return parse_markdown(SEED[number].read_text(encoding="utf-8"), venue_table())


def all_seeds_unmerged() -> Catalog:
    """Every paper entry of the four lists as its own catalog entry."""
    catalog = Catalog()
    for number in ("000", "001", "003", "004"):
        apply_import(catalog, parse_seed(number), ImportOptions(merge=False))
    return catalog
