"""The README's format reference is made from the model's field tables."""

from __future__ import annotations

from fmcat.model import CATALOG_DOCS, CATALOG_FIELDS, ENTRY_FIELDS, FIELD_DOCS
from fmcat.reference import catalog_fields_table, paper_fields_table
from tests.conftest import TESTS

README = (TESTS.parent / "README.md").read_text(encoding="utf-8")


def test_every_field_is_documented():
    assert list(FIELD_DOCS) == list(ENTRY_FIELDS)
    assert list(CATALOG_DOCS) == list(CATALOG_FIELDS)


def test_the_readme_holds_the_generated_tables():
    assert paper_fields_table() in README, "regenerate with python -m fmcat.reference"
    assert catalog_fields_table() in README, "regenerate with python -m fmcat.reference"
