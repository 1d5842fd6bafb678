"""Keys for papers without authors, and ``fmcat rekey`` for the weak keys of old."""

from __future__ import annotations

import pytest

from fmcat import rekey, store
from fmcat.model import Catalog, Entry
from fmcat.normalize.keys import make_key


@pytest.mark.parametrize(
    ("authors", "year", "title", "key"),
    [
        (
            [],
            2023,
            "BiomedCLIP: a multimodal biomedical foundation model",
            "2023biomedclip-multimodal",
        ),
        ([], None, "The Vision Transformer", "vision-transformer"),
        ([], 2024, "On the", "2024"),
        (["Jun Ma"], 2023, "Segment Anything in Medical Images", "ma2023segment"),
    ],
)
def test_keys_without_authors_take_year_and_two_title_words(authors, year, title, key):
    assert make_key(authors, year, title, set()) == key


def test_rekey_renames_weak_keys_keeps_aliases_and_follows_references(tmp_path):
    path = tmp_path / "catalog.toml"
    weak = Entry(key="vision2023", title="Vision transformers for imaging", year=2023)
    other = Entry(key="medical", title="Medical report generation", not_duplicates=["vision2023"])
    good = Entry(key="ma2023segment", title="Segment Anything", authors=["Jun Ma"], year=2023)
    catalog = Catalog(
        papers={e.key: e for e in (weak, other, good)}, not_duplicates=[["medical", "vision2023"]]
    )
    path.write_text(store.dumps(catalog))
    shown = rekey.rekey(path, dry_run=True)
    assert [(r.old, r.new) for r in shown] == [
        ("medical", "medical-report"),
        ("vision2023", "2023vision-transformers"),
    ]
    assert store.load(path).catalog.papers.keys() == catalog.papers.keys()  # dry run
    rekey.rekey(path)
    after = store.load(path).catalog
    assert set(after.papers) == {"2023vision-transformers", "medical-report", "ma2023segment"}
    assert after.resolve_key("vision2023").key == "2023vision-transformers"
    assert after.papers["medical-report"].not_duplicates == ["2023vision-transformers"]
    assert after.not_duplicates == [["2023vision-transformers", "medical-report"]]
    assert rekey.rekey(path) == []  # nothing weak is left
