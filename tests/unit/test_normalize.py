"""Normalisation steps on the damage found in the real seed lists and recordings."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmcat.normalize.authors import clean_author, clean_authors, split_authors
from fmcat.normalize.entry import build_entry
from fmcat.normalize.text import clean_text, clean_title
from fmcat.normalize.venues import venue_table
from fmcat.sources.arxiv import parse_feed
from fmcat.sources.crossref import parse_csl, parse_work
from tests.conftest import DATA, FIXTURES


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Malwina Anna WÃ³jcik", "Malwina Anna Wójcik"),
        ("biomedical visionâ€“language processing", "biomedical vision–language processing"),
        ("Julio Silva-RodrÃguez", "Julio Silva-Rodríguez"),
        ("Fernando P \u0301 erez-Garc \u0301\u0131a", "Fernando Pérez-García"),
        ("P{\\'e}rez \\& {BERT}", "Pérez & BERT"),
        ("<jats:title>Deep <i>learning</i></jats:title> &amp; more", "Deep learning & more"),
        ("Line\nbreak\u200b and\u202e bidi", "Line break and bidi"),
    ],
)
def test_text_repairs(raw, clean):
    assert clean_text(raw) == clean


def test_seed_text_is_repaired():
    seed = (DATA / "seeds" / "004_0bf45a1fad4d91ee.txt").read_text("utf-8")
    line = next(line for line in seed.splitlines() if "WÃ³jcik" in line)
    assert "Wójcik" in clean_text(line) and "Ã" not in clean_text(line)


def test_title_loses_trailing_period_only():
    assert (
        clean_title("Segment Anything in Medical Images.") == "Segment Anything in Medical Images"
    )
    assert clean_title("MedSAM...") == "MedSAM..."


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Bannur, Shruthi", "Shruthi Bannur"),
        ("Shruthi Bannur,∗", "Shruthi Bannur"),
        ("Stephanie Hyland∗", "Stephanie Hyland"),
        ("JOHN VAN DER BERG", "John van der Berg"),
        ("et al.", None),
        ("Oktay, Ozan, Jr.", "Ozan Oktay Jr."),
        ("Oktay, Jr., Ozan", "Ozan Oktay Jr."),
    ],
)
def test_author_names(raw, name):
    assert clean_author(raw) == name


def test_author_lists_in_every_written_form():
    assert split_authors("Wang, Zifeng and Sun, Jimeng") == ["Wang, Zifeng", "Sun, Jimeng"]
    assert clean_authors(split_authors("Zifeng Wang, Zhenbang Wu and Jimeng Sun")) == [
        "Zifeng Wang",
        "Zhenbang Wu",
        "Jimeng Sun",
    ]
    seed = (DATA / "seeds" / "001_870e485dea29bf79.txt").read_text("utf-8")
    line = next(line for line in seed.splitlines() if "P \u0301 erez" in line)
    names = clean_authors(split_authors(line.strip("_ \\")))
    assert "Fernando Pérez-García" in names and "Shruthi Bannur" in names
    assert not any("∗" in name for name in names)


@given(st.text())
def test_cleaning_never_crashes(text):
    clean_text(text)
    clean_authors(split_authors(text))
    venue_table().match(text)
    venue_table().in_comment(text)


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("Medical Image Computing and Computer Assisted Intervention – MICCAI 2023", "MICCAI"),
        ("NMI 2022", "Nature Machine Intelligence"),
        ("Nature Machine Intelligence 2022", "Nature Machine Intelligence"),
        ("Nature", "Nature"),
        ("2007 IEEE 11th International Conference on Computer Vision", "ICCV"),
        (
            "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "Workshops",
            "CVPR Workshops",
        ),
        ("MICCAI Workshop", "MICCAI Workshops"),
        ("Findings of EMNLP 2022", "Findings of EMNLP"),  # not EMNLP itself
        ("EMNLP2023(findings)", "Findings of EMNLP"),
        ("IEEE Transactions on Medical Imaging", "IEEE TMI"),
        ("NIPS 2017", "NeurIPS"),
        ("Neurobiology of Aging", None),
    ],
)
def test_venue_table(raw, venue):
    match = venue_table().match(raw)
    assert (match.name if match else None) == venue


@pytest.mark.parametrize(
    ("comment", "venue"),
    [
        ("Accepted at MICCAI 2023", "MICCAI"),
        ("CVPR 2023 highlight", "CVPR"),
        ("10 pages, 3 figures", None),
        ("Compared to CVPR methods", None),
    ],
)
def test_venue_announced_in_comments(comment, venue):
    match = venue_table().in_comment(comment)
    assert (match.name if match else None) == venue


def test_catalog_venues_extend_the_table():
    table = venue_table({"MedNeXt Workshop": {"kind": "workshop", "aliases": ["mnw"]}})
    assert table.match("MNW 2024").name == "MedNeXt Workshop"


@pytest.mark.parametrize("name", ["legacy2016_id_1111.2011v2.xml", "id_1707.08567.xml"])
def test_both_arxiv_feed_layouts_parse(name):
    total, records, error = parse_feed((FIXTURES / "arxiv" / name).read_bytes())
    assert total == 1 and error is None and len(records) == 1
    assert records[0].title and records[0].authors and records[0].date


def test_arxiv_error_feed_is_reported():
    _, records, error = parse_feed((FIXTURES / "arxiv" / "error_id_abc.xml").read_bytes())
    assert records == [] and "incorrect id format for abc" in error


def test_crossref_proceedings_article_becomes_an_iccv_entry():
    message = json.loads((FIXTURES / "crossref" / "10.1109_iccv.2007.4408927.json").read_text())
    entry = build_entry(parse_work(message["message"]), None, venue_table())
    assert entry.venue == "ICCV" and entry.year == 2007
    assert entry.doi == "10.1109/iccv.2007.4408927" and entry.authors


def test_arxiv_record_with_published_version_keeps_both_identifiers():
    _, [preprint], _ = parse_feed(
        (FIXTURES / "arxiv" / "legacy2019_id_1710.08557.xml").read_bytes()
    )
    published = parse_work(
        json.loads((FIXTURES / "crossref" / "10.1038_srep16696.json").read_text())["message"]
    )
    entry = build_entry(preprint, published, venue_table())
    assert entry.arxiv == "1710.08557" and entry.doi == "10.1038/srep16696"
    assert entry.venue == "Scientific Reports" and not entry.accepted
    assert entry.date == preprint.date and entry.title == clean_title(preprint.title)


def test_journal_ref_without_doi_is_accepted_not_verified():
    _, [record], _ = parse_feed((FIXTURES / "arxiv" / "legacy2016_id_1111.2011v2.xml").read_bytes())
    record.doi, record.journal_ref, record.comment = None, None, "Accepted at MICCAI 2023"
    entry = build_entry(record, None, venue_table())
    assert (entry.venue, entry.year, entry.accepted) == ("MICCAI", 2023, True)


def test_datacite_csl_record():
    item = json.loads(
        (FIXTURES / "csl" / "datacite-csl_10.5281_zenodo.8242099_reserialized.json").read_text()
    )
    record = parse_csl(item)
    assert record.doi == "10.5281/zenodo.8242099" and record.title


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_clean_text_shortcut_for_plain_ascii_changes_nothing(text):
    from fmcat.normalize.text import TEXT_STEPS, clean_text

    slow = text
    for step in TEXT_STEPS:
        slow = step(slow)
    assert clean_text(text) == slow
