"""fmcat import / export on the real seed lists, through the library and the CLI."""

from __future__ import annotations

import datetime as dt

from tests.seedlib import SEED, parse_seed


def _by_title(result, start: str):
    found = [item.entry for item in result.items if item.entry.title.startswith(start)]
    assert found, start
    return found


def test_every_paper_entry_of_each_seed_is_imported():
    # Counted by hand: 000 has 4 survey bullets, 3 filled table rows and 1 card; 001 has
    # 30 cards and the survey link; 002 is prose; 003 has 127 bullets; 004 has 29 cards.
    counts = {number: len(parse_seed(number).items) for number in SEED}
    assert counts == {"000": 8, "001": 31, "002": 0, "003": 127, "004": 29}


def test_card_fields_are_attributed_to_the_right_paper():
    result = parse_seed("004")
    (uniseg,) = _by_title(result, "UniSeg")
    assert (uniseg.arxiv, uniseg.code) == ("2304.03493", "https://github.com/yeerwen/UniSeg")
    assert uniseg.authors[:2] == ["Yiwen Ye", "Yutong Xie"]
    assert (uniseg.venue, uniseg.year, uniseg.date) == ("arXiv", 2023, dt.date(2023, 4, 7))
    (nature,) = _by_title(result, "Foundation models for generalist")
    assert (nature.doi, nature.venue) == ("10.1038/s41586-023-05881-4", "Nature")
    # "Fed. 07, 2023" is read as February; mojibake and PDF accents are repaired.
    (miu,) = _by_title(result, "Medical Image Understanding")
    assert (miu.date, miu.venue, miu.arxiv) == (dt.date(2023, 2, 7), "ICLR", "2209.15517")
    (wojcik,) = _by_title(result, "Foundation Models in Healthcare")
    assert wojcik.authors == ["Malwina Anna Wójcik"]
    assert wojcik.doi == "10.1007/978-3-031-12673-4_3"  # from the Springer URL
    (transductive,) = _by_title(result, "Transductive")
    assert transductive.authors[0] == "Julio Silva-Rodríguez"


def test_venue_lines_redirects_and_accents_in_seed_001():
    result = parse_seed("001")
    (medclip,) = _by_title(result, "MedCLIP")
    assert medclip.url == "https://aclanthology.org/2022.emnlp-main.256.pdf"  # unwrapped
    assert (medclip.venue, medclip.year) == ("EMNLP", 2022)
    (bannur,) = _by_title(result, "Learning to Exploit")
    assert "Fernando Pérez-García" in bannur.authors
    assert all("∗" not in name for name in bannur.authors)
    (refers,) = _by_title(result, "Generalized radiograph")
    assert (refers.venue, refers.doi) == (
        "Nature Machine Intelligence",
        "10.1038/s42256-021-00425-9",
    )
    assert refers.code == "https://github.com/funnyzhou/REFERS"
    (lesion,) = _by_title(result, "One-shot Localization")
    assert lesion.arxiv == "2310.18642"  # from an arxiv.org/ftp/ PDF link


def test_summary_table_and_hidden_references_in_seed_000():
    result = parse_seed("000")
    titles = [item.entry.title for item in result.items]
    assert "MedCLIP: Contrastive Learning from Unpaired Medical Images and Text" in titles
    assert result.skipped["empty table row"] == 4
    (card,) = [i.entry for i in result.items if i.entry.date]
    assert (card.venue, card.date, len(card.authors)) == ("arXiv", dt.date(2023, 1, 9), 16)


def test_non_papers_are_skipped_with_reasons():
    result = parse_seed("004")
    skipped = result.skipped
    assert skipped["not a paper section (Abdomen)"] == 11
    assert all("CTSpine1K" not in item.entry.title for item in result.items)
    assert skipped["prose with several paper links"] == 1
    assert parse_seed("003").skipped["table-of-contents links"] == 5


def test_bullet_seed_keeps_sections_and_venues():
    result = parse_seed("003")
    first = result.items[0]
    assert first.headings == ["Survey"]
    ffa = result.items[3].entry
    assert ffa.title.startswith("FFA-IR") and ffa.venue == "NeurIPS"
    assert ffa.url == "https://openreview.net/pdf?id=FgYTwJbjbf"


def test_headings_every_entry_shares_are_not_sections():
    # 001 nests everything under its title and "Papers"; only the survey link sits above.
    paths = {tuple(item.headings) for item in parse_seed("001").items}
    assert paths == {(), ("Pre-training",), ("CLIP-Driven Application", "Dense Prediction Task")}
    # 000 has no heading common to all entries: every level is kept.
    assert ("Surveys", "Summary") in {tuple(i.headings) for i in parse_seed("000").items}
