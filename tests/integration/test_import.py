"""fmcat import / export on the real seed lists, through the library and the CLI."""

from __future__ import annotations

import json

import tomli

from tests.conftest import DATA
from tests.seedlib import SEED


def test_import_cli_then_reimport_merges_instead_of_duplicating(fmcat, tmp_path):
    assert fmcat("init").code == 0
    seed = str(SEED["004"])
    first = fmcat("import", seed)
    assert first.code == 0, first.stderr
    assert "29 new" in first.stderr and "repeated in the file" in first.stderr
    catalog = tomli.loads((tmp_path / "catalog.toml").read_text())
    assert len(catalog["papers"]) == 29
    assert {s["id"] for s in catalog["sections"]} >= {"segmentation", "few-shot-learning"}
    before = (tmp_path / "catalog.toml").read_bytes()
    again = fmcat("import", seed)
    assert "0 new, 29 merged" in again.stderr
    assert (tmp_path / "catalog.toml").read_bytes() == before  # nothing changed


def test_import_dry_run_writes_nothing(fmcat, tmp_path):
    fmcat("init")
    before = (tmp_path / "catalog.toml").read_bytes()
    result = fmcat("import", "--dry-run", str(SEED["003"]))
    assert result.code == 0
    assert "would import: 127 new" in result.stderr
    assert (tmp_path / "catalog.toml").read_bytes() == before


def test_contributor_edit_is_taken_back(fmcat, tmp_path):
    fmcat("init")
    seed = SEED["004"].read_text()
    readme = tmp_path / "README.md"
    readme.write_text(seed)
    fmcat("import", str(readme))
    edited = seed.replace(
        "[Apr. 24, 2023] [arXiv, 2023]", "[Apr. 24, 2023] [Nature Communications, 2024]"
    )
    readme.write_text(edited)
    result = fmcat("import", str(readme))
    assert "0 new" in result.stderr
    papers = tomli.loads((tmp_path / "catalog.toml").read_text())["papers"]
    medsam = [p for p in papers.values() if p.get("arxiv") == "2304.12306"]
    assert [(p["venue"], p["year"]) for p in medsam] == [("Nature Communications", 2024)] * len(
        medsam
    )


def test_bibtex_import_decodes_latex_and_finds_identifiers(fmcat, tmp_path):
    fmcat("init")
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{bannur2023,\n"
        "  title = {Learning to Exploit Temporal Structure for Biomedical"
        " {Vision-Language} Processing},\n"
        "  author = {Bannur, Shruthi and P{\\'e}rez-Garc{\\'\\i}a, Fernando},\n"
        "  journal = {arXiv preprint arXiv:2301.04558},\n  year = {2023}\n}\n"
        "@inproceedings{ma2024,\n  title = {Segment Anything in Medical Images},\n"
        "  author = {Ma, Jun and Wang, Bo},\n  booktitle = {Nature Communications},\n"
        "  doi = {10.1038/S41467-024-44824-Z},\n  year = {2024}\n}\n",
        encoding="utf-8",
    )
    result = fmcat("import", str(bib))
    assert result.code == 0, result.stderr
    papers = tomli.loads((tmp_path / "catalog.toml").read_text())["papers"]
    assert papers["bannur2023"]["authors"] == ["Shruthi Bannur", "Fernando Pérez-García"]
    assert papers["bannur2023"]["arxiv"] == "2301.04558"
    assert papers["ma2024"]["doi"] == "10.1038/s41467-024-44824-z"


def test_json_export_then_import_gives_an_identical_catalog(fmcat, tmp_path):
    source = tmp_path / "source.toml"
    source.write_text((DATA / "catalog_small.toml").read_text())
    exported = fmcat("-C", str(source), "export", "--format", "json")
    assert exported.code == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert [paper["key"] for paper in document["papers"]] == sorted(
        tomli.loads(source.read_text())["papers"]
    )
    dump = tmp_path / "all.json"
    dump.write_text(exported.stdout)
    target = tmp_path / "target.toml"
    target.write_text("[papers]\n")
    assert fmcat("-C", str(target), "import", str(dump)).code == 0
    assert tomli.loads(target.read_text()) == tomli.loads(source.read_text())


def test_bibtex_and_csl_export(fmcat, tmp_path):
    source = tmp_path / "catalog.toml"
    source.write_text((DATA / "catalog_small.toml").read_text())
    bib = fmcat("export", "--format", "bibtex")
    assert bib.code == 0
    import bibtexparser

    library = bibtexparser.parse_string(bib.stdout)
    keys = {entry.key for entry in library.entries}
    assert keys == set(tomli.loads(source.read_text())["papers"])
    assert not library.failed_blocks
    assert all(ord(ch) < 128 for ch in bib.stdout)  # LaTeX-safe
    csl = json.loads(fmcat("export", "--format", "csl-json").stdout)
    assert {item["id"] for item in csl} == keys
    assert all(item["type"] in ("article", "article-journal", "paper-conference") for item in csl)
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl), formatter.plain)
    for item in csl:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(csl) and all(rendered)


def test_unreadable_import_file_is_one_line_and_exit_2(fmcat, tmp_path):
    fmcat("init")
    result = fmcat("import", str(tmp_path / "missing.md"))
    assert result.code == 2
    assert result.stderr.count("\n") == 1 and "cannot read" in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    result = fmcat("import", str(bad))
    assert result.code == 2 and "invalid JSON" in result.stderr


def test_real_bibtex_files(fmcat, tmp_path):
    from fmcat.importers.bibtex import parse_bibtex
    from fmcat.normalize.venues import venue_table
    from tests.conftest import FIXTURES

    def read(name):
        text = (FIXTURES / "bibtex" / name).read_text(encoding="utf-8-sig")
        return parse_bibtex(text, venue_table())

    ring = read("bbt_1115_ring-above.bib").items[0].entry
    assert ring.authors == ["Radim Řehůřek", "Petr Sojka"]
    assert ring.title == "Software Framework for Topic Modelling with Large Corpora"
    online = read("bbt_1696_online-arxiv.bib").items[0].entry
    assert (online.arxiv, online.year, online.venue) == ("1902.07120", 2019, "arXiv")
    ads = read("bbt_1733_ads-arxiv-eprint.bib").items[0].entry
    assert (ads.arxiv, ads.doi, ads.venue) == (
        "astro-ph/0405395",
        "10.1051/0004-6361:20040307",
        None,
    )
    single = read("bbt_1350_duplicate-key.bib")
    assert single.items[0].entry.authors == ["S. Schiffer"]  # "Family, G." is one author
    # A key used twice: both papers come in, in file order, none reported unparseable.
    assert [item.line for item in single.items] == [1, 12, 24, 36]
    assert [item.entry.key for item in single.items][::3] == ["schiffer2005a"] * 2
    assert not single.skipped
    nfd = read("pubs_utf8-key.bib").items[0].entry
    assert nfd.title == "Grundzüge der Mengenlehre"  # NFD accent stays on its letter
    # A file bibtexparser cannot read at all: counted, one summary line, exit 0.
    fmcat("init")
    broken = fmcat("import", str(FIXTURES / "bibtex" / "pubs_incollections_lncs-no-key.bib"))
    assert broken.code == 0 and "unparseable BibTeX block" in broken.stderr
    assert "Parsing of" not in broken.stderr + broken.stdout


def test_the_report_lists_sections_skipped_blocks_and_flags(fmcat, tmp_path):
    from tests.corpus import LISTS

    fmcat("init")
    listing = LISTS / "05_knowledge-editing.md"
    result = fmcat("import", str(listing), "--dry-run", "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    lines = listing.read_text("utf-8").splitlines()
    # 170 papers and one duplicate listing; the tutorials on lines 95 and 98 are skipped
    assert sum(report["sections"].values()) == len(report["new"]) == 171
    tutorials = {b["line"] for b in report["skipped_blocks"] if "tutorial" in b["reason"]}
    assert tutorials == {95, 98}
    assert report["sections"]["resources/surveys"] == 6
    news = [b for b in report["skipped_blocks"] if b["reason"].startswith("not a paper section")]
    assert {b["line"] for b in news} >= {24, 25, 26}  # announcements under "🔔 News"
    for block in report["skipped_blocks"]:  # each names the line it stands on
        if block["text"]:
            assert block["text"].split()[0] in lines[block["line"] - 1], block
    flagged = {flag["flag"] for flag in report["flags"]}
    assert "no year" in flagged
    human = fmcat("import", str(listing), "--dry-run")
    assert "line 24: skipped, not a paper section (🔔 News)" in human.stderr
    assert "resources/surveys: 6 papers" in human.stderr
    assert "\n[papers." not in (tmp_path / "catalog.toml").read_text("utf-8")  # a dry run
