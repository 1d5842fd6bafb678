"""Citation keys and the entry mapping."""

from __future__ import annotations

import datetime as dt

from fmcat.model import Entry
from fmcat.normalize.keys import make_key


def test_key_is_family_year_first_significant_word():
    key = make_key(
        ["Shruthi Bannur", "Ozan Oktay"], 2023, "Learning to Exploit Temporal Structure", set()
    )
    assert key == "bannur2023learning"


def test_key_is_ascii_and_skips_stopwords():
    key = make_key(["Fernando Pérez-García"], 2021, "Towards a Generalist Model", set())
    assert key == "perezgarcia2021generalist"


def test_key_collisions_get_letter_suffixes():
    taken = {"wang2022medclip", "wang2022medclipa"}
    assert make_key(["Zifeng Wang"], 2022, "MedCLIP: Contrastive", taken) == "wang2022medclipb"


def test_entry_mapping_skips_unset_fields_and_orders_facets():
    entry = Entry(
        key="k",
        title="T",
        year=2023,
        date=dt.date(2023, 1, 9),
        facets={"organ": ["chest"], "modality": ["x-ray"]},
    )
    assert list(entry.to_dict(["modality", "organ"])) == [
        "title",
        "year",
        "date",
        "modality",
        "organ",
    ]
