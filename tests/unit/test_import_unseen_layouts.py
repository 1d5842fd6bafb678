"""Lines from medical-imaging and medical-AI lists outside the corpus, each read as its
list means it. Every line is quoted byte for byte from the list named beside it:

- SAM4MIS: ``YichiZhang98/SAM4MIS`` README.md @ 745e76e4
- MedLLMs: ``AI-in-Health/MedLLMsPracticalGuide`` README.md @ 54bda6b0
- RRG: ``mk-runner/Awesome-Radiology-Report-Generation`` README.md @ 373e70db
- Healthcare: ``Jianing-Qiu/Awesome-Healthcare-Foundation-Models`` README.md @ 81a0d56b
- Efficient LLMs: ``tests/data/lists/35_efficient-llms-survey.md`` line 131
- LLMSurvey: ``RUCAIBox/LLMSurvey`` README.md @ 4a468e40
- Top journals: ``JXLiu-AI/Awesome-Medical-LLM-in-Top-Journals`` README.md @ 71763198
- Biomedical ML: ``DenseAI/awesome-biomedical-machine-learning`` README.md @ b91c59bf
- Pathology VLMs: ``easonPing/Awesome-Pathology-VLMs`` README.md @ c7653e00
- LLM safety: ``ydyjya/Awesome-LLM-Safety`` README.md @ 70571a03
- VLM foundation: ``Nanboy-Ronan/awesome-Vision-Language-Model-Foundation`` README.md
  @ 14ff1891
- Imaging agents: ``Nanboy-Ronan/awesome-medical-imaging-agents`` README.md @ b44a18c9
- Time-series XAI: ``JHoelli/Awesome-Time-Series-Explainability`` README.md @ 670e49cc
- Medical FMs: ``PLM2233/Awesome-Medical-Foundation-Models`` README.md @ e01be5d7
- 3D grounding: ``liudaizong/Awesome-3D-Visual-Grounding`` README.md @ 8a183f21
- Favourite papers: ``jamesdiao/jamesdiao.github.io`` _posts/2017-08-23-favorite-papers.md
  @ db24477e
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fmcat.importers.markdown import parse_markdown
from fmcat.normalize.venues import venue_table

TABLE_HEAD = "|Date|Authors|Title|Code|\n|---|---|---|---|\n"

CASES = [
    (  # SAM4MIS: a date cell, "et al.", a link label inside the title cell
        TABLE_HEAD + "|202511|W. Su et al.|Zero-Shot Capillary Segmentation in Dermoscopy "
        "Images via SAM2: A Case Study on Oral Mucosa [(paper)]"
        "(https://ieeexplore.ieee.org/document/11224518)|None|",
        {
            "title": "Zero-Shot Capillary Segmentation in Dermoscopy Images via SAM2: "
            "A Case Study on Oral Mucosa",
            "authors": ["W. Su"],
            "authors_truncated": True,
            "year": 2025,
            "month": 11,
        },
    ),
    (  # MedLLMs: a venue-and-month tag, a bold model name before the title
        "* [**Arxiv, 2023.6**] **MedPaLM 2**: Towards expert-level medical question "
        "answering with large language models. [paper](https://arxiv.org/abs/2305.09617)",
        {
            "title": "MedPaLM 2: Towards expert-level medical question answering with "
            "large language models",
            "year": 2023,
            "month": 6,
            "venue": "arXiv",
            "arxiv": "2305.09617",
        },
    ),
    (  # RRG: an arXiv year-month tag in bold brackets after the title
        "- A Systematic Review of Deep Learning-based Research on Radiology Report "
        "Generation (**arXiv 2311**) [[paper](https://arxiv.org/abs/2311.14199)]",
        {
            "title": "A Systematic Review of Deep Learning-based Research on Radiology "
            "Report Generation",
            "year": 2023,
            "month": 11,
            "venue": "arXiv",
        },
    ),
    (  # Healthcare: a bracket that belongs to the title
        "- The Dawn of LMMs: Preliminary Explorations with GPT-4V(ision) "
        "[[Paper]](https://browse.arxiv.org/pdf/2309.17421.pdf)",
        {"title": "The Dawn of LMMs: Preliminary Explorations with GPT-4V(ision)"},
    ),
    (  # Healthcare: the repository wins over the project page
        "- Perceiver-Actor: A Multi-Task Transformer for Robotic Manipulation "
        "[[Paper]](https://arxiv.org/abs/2209.05451) [[Project]](https://peract.github.io/) "
        "[[Code]](https://github.com/peract/peract)",
        {"code": "https://github.com/peract/peract", "arxiv": "2209.05451"},
    ),
    (  # Efficient LLMs: the venue inside <ins>, after a comma
        "- LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale, "
        "<ins>NeurlPS, 2022</ins> [[Paper](https://openreview.net/forum?id=dXiGWqBoxaD)] "
        "[[Code](https://github.com/TimDettmers/bitsandbytes)]",
        {
            "title": "LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale",
            "venue": "NeurlPS",
            "year": 2022,
        },
    ),
]


CASES += [
    (  # LLMSurvey: a quoted bold title after an underlined model name
        '1. <u>T5</u>: **"Exploring the Limits of Transfer Learning with a Unified '
        'Text-to-Text Transformer"**. *Colin Raffel et al.* JMLR 2019. '
        "[[Paper](https://arxiv.org/abs/1910.10683)] [[Checkpoint](https://huggingface.co/t5-11b)]",
        {
            "title": "Exploring the Limits of Transfer Learning with a Unified Text-to-Text "
            "Transformer",
            "authors": ["Colin Raffel"],
            "authors_truncated": True,
            "venue": "JMLR",
            "year": 2019,
        },
    ),
    (  # Top journals: PubMed-style initials, a middle dot, a full date
        "- **[Ethical and regulatory challenges of large language models in medicine]"
        "(https://doi.org/10.1016/s2589-7500(24)00061-x)**<br/>Ong JCL et al. · "
        "*The Lancet Digital Health* · 2024-04-23",
        {
            "authors": ["JCL Ong"],
            "authors_truncated": True,
            "doi": "10.1016/s2589-7500(24)00061-x",
            "date": dt.date(2024, 4, 23),
        },
    ),
    (  # Biomedical ML: a GB/T reference after the titled link
        "- [ *** Predicting effects of noncoding variants with deep learning–based sequence "
        "model](https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4768299) Zhou J, Troyanskaya O G. "
        "Nature methods, 2015, 12(10): 931-934.",
        {
            "title": "Predicting effects of noncoding variants with deep learning–based "
            "sequence model",
            "authors": ["J Zhou", "O G Troyanskaya"],
            "year": 2015,
        },
    ),
    (  # Favourite papers: an author-year label as the link, the title after it
        "2. [Gulshan et al. 2016](http://jamanetwork.com/journals/jama/fullarticle/211038). "
        "Development and validation of a deep learning algorithm for detection of diabetic "
        "retinopathy in retinal fundus photographs. <em>JAMA</em>.",
        {
            "title": "Development and validation of a deep learning algorithm for detection "
            "of diabetic retinopathy in retinal fundus photographs",
            "authors": ["Gulshan"],
            "authors_truncated": True,
            "year": 2016,
        },
    ),
]


CASES += [
    (  # LLM safety: a YY.MM date column
        "| Date | Institute | Publication | Paper |\n|---|---|---|---|\n"
        "| 20.10 | Facebook AI Research |    arxiv    | [Recipes for Safety in Open-domain "
        "Chatbots](https://arxiv.org/abs/2010.07079) |",
        {"year": 2020, "month": 10, "venue": "arXiv", "arxiv": "2010.07079"},
    ),
    (  # Pathology VLMs: the venue and year only in a badge
        "| Model Name | Paper Title | Resources |\n|---|---|---|\n"
        "| EAGLE | EAGLE: Expert-Guided Self-Enhancement for Preference Alignment in "
        'Pathology | <a href="https://doi.org/10.18653/v1/2025.acl-long.711"><img '
        'src="https://img.shields.io/badge/Paper-ACL%202025-d62728.svg" alt="Paper" '
        'height="20"></a> |',
        {"venue": "ACL", "year": 2025, "doi": "10.18653/v1/2025.acl-long.711"},
    ),
]


CASES += [
    (  # Healthcare: a plain title wrapped onto a second line
        "- ChiMed-GPT: A Chinese Medical Large Language Model with Full\nTraining Regime "
        "and Better Alignment to Human Preferences [[Paper]](https://arxiv.org/abs/2311.06025)",
        {
            "title": "ChiMed-GPT: A Chinese Medical Large Language Model with Full Training "
            "Regime and Better Alignment to Human Preferences",
            "authors": [],
        },
    ),
    (  # Healthcare: one author a line under a bold linked title
        "**[Large AI Models in Health Informatics:\nApplications, Challenges, and the Future]"
        "(https://ieeexplore.ieee.org/document/10261199)**\n<br />\nJianing Qiu,\nLin Li,\n"
        "Dong Xu, and\nBenny Lo\n<br />",
        {
            "title": "Large AI Models in Health Informatics: Applications, Challenges, and "
            "the Future",
            "authors": ["Jianing Qiu", "Lin Li", "Dong Xu", "Benny Lo"],
        },
    ),
]


CASES += [
    (  # Imaging agents: an italic theme after the venue is no author
        "- [Causal-Enhanced AI Agents for Medical Research Screening]"
        "(https://arxiv.org/abs/2601.02814) — arXiv (2026) · *Workflow Agents*",
        {"authors": [], "venue": "arXiv", "year": 2026},
    ),
    (  # Imaging agents: "Published in" names the venue
        "- [Multimodal reasoning agent for enhanced ophthalmic decision-making: a preliminary "
        "real-world clinical validation](https://doi.org/10.3389/fcell.2025.1642539) - "
        "Published in Frontiers in Cell and Developmental Biology (2025). Three-module "
        "agentic pipeline integrating GPT-4o visual understanding.",
        {
            "authors": [],
            "venue": "Frontiers in Cell and Developmental Biology",
            "year": 2025,
            "doi": "10.3389/fcell.2025.1642539",
        },
    ),
    (  # Time-series XAI: APA authors, the last initial keeps its period
        "- [**Instance-based Counterfactual Explanations for Time Series Classification**]"
        "(https://arxiv.org/abs/2009.13211) (2020) by *Delaney, E., Greene, D., & Keane, M. T.*"
        " [https://github.com/e-delaney/Instance-Based_CFE_TSC]"
        "(https://github.com/e-delaney/Instance-Based_CFE_TSC)",
        {
            "authors": ["E. Delaney", "D. Greene", "M. T. Keane"],
            "year": 2020,
            "code": "https://github.com/e-delaney/Instance-Based_CFE_TSC",
        },
    ),
    (  # Medical FMs: a bold model name, then the title, in a table; weights are no link
        "| Year | Title | Journal | Code | Weights |\n|:----:|--------|---------|:---:|:---:|\n"
        "| 2025 | **MRI-CORE**: A Foundation Model for Magnetic Resonance Imaging | arXiv | "
        "[✓](https://github.com/mazurowski-lab/mri_foundation) | "
        "[✓](https://drive.google.com/file/d/1nPkTI3H0vsujlzwY8jxjKwAbOCTJv4yW/view) |",
        {
            "title": "MRI-CORE: A Foundation Model for Magnetic Resonance Imaging",
            "url": None,
            "code": "https://github.com/mazurowski-lab/mri_foundation",
        },
    ),
    (  # 3D grounding: a bare paper URL after the venue tag
        "* **3DJCG: A Unified Framework for Joint Dense Captioning and Visual Grounding on 3D "
        "Point Clouds**\n  * Daigang Cai, Lichen Zhao, Jing Zhang, Lu Sheng, Dong Xu\n"
        "  * Beihang University, The University of Sydney\n  * [CVPR2022] https://"
        "openaccess.thecvf.com/content/CVPR2022/papers/Cai_3DJCG_A_Unified_Framework_for_"
        "Joint_Dense_Captioning_and_Visual_CVPR_2022_paper.pdf",
        {
            "authors": ["Daigang Cai", "Lichen Zhao", "Jing Zhang", "Lu Sheng", "Dong Xu"],
            "venue": "CVPR",
            "year": 2022,
            "url": "https://openaccess.thecvf.com/content/CVPR2022/papers/Cai_3DJCG_A_Unified_"
            "Framework_for_Joint_Dense_Captioning_and_Visual_CVPR_2022_paper.pdf",
        },
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES, ids=lambda value: str(value)[:30])
def test_a_line_reads_as_its_list_means_it(text, want):
    result = parse_markdown(f"# A list\n\n## Papers\n\n{text}\n", venue_table())
    assert len(result.items) == 1, result.blocks
    entry = result.items[0].entry
    got = {name: getattr(entry, name) for name in want}
    assert got == want


def test_a_tutorial_is_not_a_paper():
    text = (
        "**Knowledge Editing for Large Language Models, AAAI 2024 Tutorial**  <br /> \n"
        "Ningyu Zhang, Jia-Chen Gu, Yunzhi Yao, Zhen Bi, Shumin Deng. "
        "[[Github](https://github.com/zjunlp/KnowledgeEditingPapers)]\n"
    )
    result = parse_markdown(f"# A list\n\n## Tutorials\n\n{text}", venue_table())
    assert not result.items
    assert "tutorial" in result.blocks[0].reason


def test_an_announcement_is_not_a_paper():
    # MedLLMs line 56
    text = (
        "[2023-11-09] We have released the repository and "
        "[survey](https://arxiv.org/abs/2311.05112).\n"
    )
    result = parse_markdown(f"# A list\n\n{text}", venue_table())
    assert not result.items
    assert result.blocks[0].reason == "an announcement"


def test_headings_in_another_script_get_ids_of_their_own():
    from fmcat.importers.common import section_slug

    ids = {section_slug(title) for title in ("顶级医学期刊", "影像与医学信息学旗舰刊", "最近收录")}
    assert len(ids) == 3
    assert all(slug.startswith("section-") for slug in ids)
    assert section_slug("顶级医学期刊") == section_slug("顶级医学期刊")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://img.shields.io/badge/Paper-ACL%202025-d62728.svg", "ACL 2025"),
        ("https://img.shields.io/badge/Paper-Nat%20Med%202023-d62728.svg", "Nat Med 2023"),
        ("https://img.shields.io/badge/Arxiv-2311.05112-red", "2311.05112"),
        ("https://img.shields.io/badge/a--b-c__d_e-red", "c_d e"),  # shields' escapes
        ("https://img.shields.io/github/stars/x/y", None),  # a live figure, not a label
        ("https://example.org/badge/Paper-ACL%202025-red.svg", None),
    ],
)
def test_a_badge_says_what_its_url_spells(url, message):
    from fmcat.links import badge_message

    assert badge_message(url) == message


@given(st.text(max_size=80))
def test_any_badge_path_reads_without_error(path):
    from fmcat.links import badge_message

    message = badge_message("https://img.shields.io/badge/" + path)
    assert message is None or isinstance(message, str)


def test_a_details_card_with_its_list_right_under_the_summary():
    # VLM foundation, lines 108-110: no blank line after </summary>, so the list is
    # inside the HTML block; the (2024) of the summary is the paper's year.
    text = (
        "<details>\n<summary>Developing Generalist Foundation Models from a Multimodal "
        "Dataset for 3D Computed Tomography (2024)</summary>\n- Developing Generalist "
        "Foundation Models from a Multimodal Dataset for 3D Computed Tomography. (CT-CLIP) "
        "[[paper]](https://arxiv.org/abs/2403.17834)\n  - Ibrahim Ethem Hamamci, Sezgin Er, "
        "Furkan Almas\n  - Modality: Chest CT.\n</details>\n"
    )
    result = parse_markdown(f"# A list\n\n## Papers\n\n{text}", venue_table())
    (item,) = result.items
    entry = item.entry
    assert entry.arxiv == "2403.17834"
    assert (entry.year, entry.venue) == (2024, None)  # "(CT-CLIP)" is its name, no venue
    assert entry.authors == ["Ibrahim Ethem Hamamci", "Sezgin Er", "Furkan Almas"]


def test_summary_groups_with_a_count_are_sections_and_rowspans_repeat():
    # Top journals: "<summary><b>Nature Medicine</b>（76）</summary>" groups its papers.
    text = (
        "<details>\n<summary><b>Nature Medicine</b>（1）</summary>\n\n"
        "- **[A foundation model for clinical-grade computational pathology]"
        "(https://doi.org/10.1038/s41591-024-03141-0)**<br/>Vorontsov E et al. · "
        "*Nature Medicine* · 2024-07-22\n\n</details>\n\n"
        # LLMSurvey: a category cell spanning rows
        "<table><tr><th>Category</th><th>model</th><th>Release Time</th><th>Link</th></tr>\n"
        '<tr><td rowspan="2">Publicly Accessible</td><td>T5</td><td>2019/10</td>'
        '<td><a href="https://arxiv.org/abs/1910.10683">Paper</a></td></tr>\n'
        "<tr><td>mT5</td><td>2021/03</td>"
        '<td><a href="https://arxiv.org/abs/2010.11934">Paper</a></td></tr></table>\n'
    )
    result = parse_markdown(f"# A list\n\n## Journals\n\n{text}", venue_table())
    first, *rows = result.items
    assert first.headings[-1] == "Nature Medicine"
    assert all("Nature Medicine" not in row.headings for row in rows)  # closed with </details>
    assert first.entry.authors == ["E Vorontsov"]
    assert [(row.entry.title, row.entry.year, row.entry.month) for row in rows] == [
        ("T5", 2019, 10),
        ("mT5", 2021, 3),
    ]


def test_a_heading_count_is_no_part_of_the_section():
    # Imaging agents: "## Radiology Agents (39)" grows with the list; its id must not.
    text = (
        "# A list\n\n## Radiology Agents (39)\n\n"
        "- [A paper title here](https://arxiv.org/abs/2601.02814)\n\n"
        "## Other\n\n- [Another paper title](https://arxiv.org/abs/2601.02815)\n"
    )
    result = parse_markdown(text, venue_table())
    assert result.items[0].headings == ["Radiology Agents"]


def test_one_citation_on_two_named_rows_is_a_conflict_not_one_paper():
    # tests/data/lists/23_gnn-recommender-systems.md, lines 191 and 200: the rows ECFKG
    # and CFCGE carry one pasted citation and link.
    from fmcat import dedupe
    from fmcat.importers.common import ImportOptions, apply_import
    from fmcat.model import Catalog
    from tests.corpus import LISTS

    lines = (LISTS / "23_gnn-recommender-systems.md").read_text("utf-8").splitlines()
    head = "| Name | Paper | Venue | Year | Code |\n|---|---|---|---|---|\n"
    text = f"# L\n\n## A\n\n{head}{lines[190]}\n\n## B\n\n{head}{lines[199]}\n"
    result = parse_markdown(text, venue_table())
    assert [item.name for item in result.items] == ["ECFKG", "CFCGE"]
    catalog = Catalog()
    report = apply_import(catalog, result, ImportOptions())
    assert len(catalog.papers) == 2 and len(report.conflicts) == 1
    found = dedupe.find(catalog)
    assert not found.duplicates and not found.possible
