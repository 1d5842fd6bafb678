"""Rules that were once written twice and drifted apart, each now written once: the
commands that share a rule must give the same answer."""

from __future__ import annotations

import json

from fmcat import dedupe
from fmcat.exporters import export
from fmcat.model import Catalog, Entry


def test_name_particles_stay_with_the_family_name_in_bibtex_and_csl():
    entry = Entry(
        key="valle2020",
        title="A title",
        authors=["Marco della Valle", "Maria das Dores", "Robert L. Logan IV"],
        year=2020,
    )
    catalog = Catalog(papers={entry.key: entry})
    bibtex = export(catalog, [entry], "bibtex")
    assert "della Valle, Marco and das Dores, Maria and Logan, IV, Robert L." in bibtex
    [item] = json.loads(export(catalog, [entry], "csl-json"))
    assert item["author"] == [
        {"family": "della Valle", "given": "Marco"},
        {"family": "das Dores", "given": "Maria"},
        {"family": "Logan", "given": "Robert L.", "suffix": "IV"},
    ]


def test_an_http_and_an_https_link_to_one_paper_page_are_one_key():
    """Two different titles on one paper page (http and https): a conflict to ``compare``
    and so to ``dedupe``."""
    page = "openaccess.thecvf.com/content/CVPR2023/html/Paper_CVPR_2023_paper.html"
    a = Entry(key="a", title="One paper on segmentation of organs", url=f"http://{page}")
    b = Entry(key="b", title="Another paper about detection of lesions", url=f"https://{page}")
    report = dedupe.find(Catalog(papers={"a": a, "b": b}))
    [conflict] = report.conflicts
    assert sorted(conflict.titles) == ["a", "b"] and not report.duplicates
