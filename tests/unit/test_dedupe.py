"""fmcat dedupe: the seed lists' duplicates and wrong link, guards, merging, exit codes."""

from __future__ import annotations

from fmcat import dedupe
from fmcat.match import CONFLICT, DIFFERENT, POSSIBLE, SAME, compare
from fmcat.model import Entry
from tests.seedlib import EXPECTED_GROUPS, all_seeds_unmerged


def _entry(key, title, authors=(), year=2023, **fields):
    return Entry(key=key, title=title, authors=list(authors), year=year, **fields)


def test_every_repeated_seed_paper_is_found_and_nothing_else_is_merged():
    catalog = all_seeds_unmerged()
    report = dedupe.find(catalog)
    found = {}
    for cluster in report.duplicates:
        titles = {catalog.papers[key].title.lower() for key in cluster.keys}
        prefix = next(p for p in EXPECTED_GROUPS if all(t.startswith(p.lower()) for t in titles))
        found[prefix] = len(cluster.keys)
    assert found == EXPECTED_GROUPS
    assert report.possible == []


def test_the_arxiv_link_pasted_onto_the_wrong_paper_is_a_conflict():
    report = dedupe.find(all_seeds_unmerged())
    assert [c.identifier for c in report.conflicts] == ["arxiv:2304.03493"]
    titles = sorted(report.conflicts[0].titles.values())
    assert titles[0].startswith("Transductive") and titles[1].startswith("UniSeg")


def test_guards_against_false_merges():
    medsam = _entry("a", "Segment Anything in Medical Images", ["Jun Ma", "Bo Wang"])
    study = _entry(
        "b",
        "Segment Anything Model for Medical Image Analysis: an Experimental Study",
        ["Maciej A. Mazurowski"],
    )
    assert compare(medsam, study).kind == DIFFERENT
    medsam2 = _entry("c", "MedSAM2: Segment Anything in Medical Images", ["Jun Ma"])
    medsam1 = _entry("d", "MedSAM: Segment Anything in Medical Images", ["Jun Ma"])
    assert compare(medsam1, medsam2).kind == DIFFERENT
    part1 = _entry("e", "Foundation models in radiology, Part I: principles", ["A. Smith"])
    part2 = _entry("f", "Foundation models in radiology, Part II: practice", ["A. Smith"])
    assert compare(part1, part2).kind == DIFFERENT
    same_title_other_people = _entry("g", medsam.title, ["Someone Else"])
    assert compare(medsam, same_title_other_people).kind == POSSIBLE
    code_only = _entry("h", "A different paper entirely", ["Jun Ma"], code="https://github.com/x/y")
    shared_code = _entry("i", "Another unrelated work", ["Jun Ma"], code="https://github.com/x/y")
    assert compare(code_only, shared_code).kind == DIFFERENT
    generic_a = _entry("j", "Deep learning", ["Y. LeCun"], year=2015)
    generic_b = _entry("k", "Deep Learning", ["I. Goodfellow"], year=2016)
    assert compare(generic_a, generic_b).kind == POSSIBLE
    two_arxiv = _entry("l", medsam.title, ["Jun Ma"], arxiv="2304.12306")
    other_arxiv = _entry("m", medsam.title, ["Jun Ma"], arxiv="2408.00874")
    assert compare(two_arxiv, other_arxiv).kind == POSSIBLE


def test_preprint_and_published_version_with_mojibake_and_case():
    preprint = _entry(
        "pre",
        "Making the most of text semantics to improve biomedical visionâ€“language processing",
        ["Benedikt Boecking", "Naoto Usuyama"],
        year=2022,
        venue="arXiv",
        arxiv="2204.09817",
    )
    published = _entry(
        "pub",
        "Making the Most of Text Semantics to Improve Biomedical Vision–Language Processing",
        ["Benedikt Boecking"],
        year=2022,
        venue="ECCV",
        doi="10.1007/978-3-031-20059-5_1",
    )
    verdict = compare(preprint, published)
    assert verdict.kind == SAME and verdict.reason == "preprint and published version"
    conflict = compare(
        _entry("x", "UniSeg: A Prompt-driven Universal Model", arxiv="2304.03493"),
        _entry("y", "Transductive few-shot adapters", arxiv="2304.03493"),
    )
    assert conflict.kind == CONFLICT


def test_wording_typos_and_spacing():
    authors = ["Jun Ma", "Bo Wang"]
    base = _entry("a", "Contrastive Pre-training for Brain MRI from Unpaired Data", authors)
    reworded = _entry(
        "b", "Towards Contrastive Pre-training for Brain MRI from Unpaired Data", authors
    )
    assert compare(base, reworded).kind == POSSIBLE
    typo = _entry("c", "Contrastive Pre-trainig for Brain MRI from Unpaired Data", authors)
    assert compare(base, typo).kind == SAME
    spaced = _entry("d", "Contrastive Pretraining for Brain MRI from Unpaired Data", authors)
    assert compare(base, spaced).reason == "same title"
    mojibake = _entry(
        "e", "Contrastive Pre\u00e2\x80\x93training for Brain MRI from Unpaired Data", authors
    )
    assert compare(base, mojibake).reason == "same title"
    other_id = _entry("f", typo.title, authors, arxiv="2401.00001")
    own_id = _entry("g", base.title, authors, arxiv="2401.00002")
    assert compare(other_id, own_id).kind == DIFFERENT


def test_a_cluster_never_holds_two_arxiv_ids():
    from fmcat.model import Catalog

    title, authors = "Universal Segmentation of Thirty Three Anatomies", ["Pengbo Liu"]
    catalog = Catalog()
    for entry in (
        _entry("x1", title, authors, arxiv="2203.02098"),
        _entry("x2", title, authors, arxiv="2203.09999"),
        _entry("x3", title, authors),
    ):
        catalog.papers[entry.key] = entry
    report = dedupe.find(catalog)
    for cluster in report.duplicates:
        ids = {catalog.papers[key].arxiv for key in cluster.keys} - {None}
        assert len(ids) <= 1
    assert len(report.duplicates) == 1 and "x3" in report.duplicates[0].keys
    assert any(set(c.keys) >= {"x1", "x2"} or "x3" in c.keys for c in report.possible)


def test_duplicates_hidden_in_a_very_common_block_are_still_found():
    from fmcat.model import Catalog

    catalog = Catalog()
    topics = [f"Topic{chr(65 + i % 26)}{i}" for i in range(150)]
    for index, topic in enumerate(topics):  # 150 titles sharing their last four words
        entry = _entry(
            f"k{index:03d}",
            f"{topic} Models for Brain MRI from Unpaired Data",
            [f"Author{index}"],
            arxiv=f"2401.{index:05d}",
        )
        catalog.papers[entry.key] = entry
    dup = _entry("dup", "TopicQ42 Modles for Brain MRI from Unpaired Data", ["Author42"])
    catalog.papers[dup.key] = dup
    report = dedupe.find(catalog)
    assert [c.keys for c in report.duplicates] == [["dup", "k042"]]


def test_one_family_name_with_other_initials_is_another_author():
    # SAM4MIS lists "Y. Gu et al." (LeSAM) and "H. Gu et al." in one month.
    lesam = _entry("a", "LeSAM: Adapt Segment Anything Model for medical lesion segmentation")
    lesam.authors = ["Y. Gu"]
    other = _entry("b", "Segment Anything Model for medical lesion segmentation in ultrasound")
    other.authors = ["H. Gu"]
    assert compare(lesam, other).kind == DIFFERENT
    other.authors = ["Yu Gu"]
    assert compare(lesam, other).kind == POSSIBLE
