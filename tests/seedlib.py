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


# Papers listed more than once across and within the four lists (found by reading them).
EXPECTED_GROUPS = {
    "Advancing Radiograph Representation Learning": 2,
    "CLIP-Driven Universal Model": 3,
    "Foundation models for generalist medical": 2,
    "Generalized radiograph representation": 2,
    "Learning to Exploit Temporal Structure": 3,
    "Making the most of text semantics": 2,
    "MedCLIP": 3,
    "Medical Image Understanding with Pretrained": 4,
    "Medical SAM Adapter": 2,
    "Multi-modal Masked Autoencoders": 2,
    "Prompt Vision Transformer for Domain": 3,
    "RoentGen": 2,
    "Segment Anything in Medical Images": 2,
    "Towards General Purpose Medical AI": 2,
    "Towards Unifying Medical Vision-and-Language": 3,
    "Unified vision and language prompt": 2,
}
