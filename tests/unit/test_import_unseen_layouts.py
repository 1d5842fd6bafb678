"""Lines from medical-imaging and medical-AI lists outside the corpus, each read as its
list means it. Every line is quoted byte for byte from the list named beside it:

- SAM4MIS: ``YichiZhang98/SAM4MIS`` README.md @ 745e76e4
- MedLLMs: ``AI-in-Health/MedLLMsPracticalGuide`` README.md @ 54bda6b0
- RRG: ``mk-runner/Awesome-Radiology-Report-Generation`` README.md @ 373e70db
- Healthcare: ``Jianing-Qiu/Awesome-Healthcare-Foundation-Models`` README.md @ 81a0d56b
- Efficient LLMs: ``tests/data/lists/35_efficient-llms-survey.md`` line 131
"""

from __future__ import annotations

import pytest

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
