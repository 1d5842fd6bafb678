"""BibTeX export names the characters LaTeX has no form for once, not once per use."""

from __future__ import annotations

EMOJI_CATALOG = """[catalog]
title = "T"

[papers.a]
title = "Title with \u2603 snowman and \u2713 check"
authors = ["Zo\u00eb \u2603 Smith"]
year = 2023

[papers.b]
title = "Another \u2603 \u2713 title"
year = 2023
"""


def test_unknown_characters_are_one_warning_with_their_count(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text(EMOJI_CATALOG, "utf-8")
    result = fmcat("export", "--format", "bibtex")
    assert result.code == 0
    assert 'Zo\\"e' in result.stdout  # encoded
    assert "\u2603" in result.stdout  # kept as it is
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "warning: 2 characters with no LaTeX form kept as they are (for biber): \u2603 \u2713"
    ]


def test_a_clean_export_warns_of_nothing(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text(
        EMOJI_CATALOG.replace("\u2603", "").replace("\u2713", ""), "utf-8"
    )
    result = fmcat("export", "--format", "bibtex")
    assert result.code == 0 and result.stderr.strip() == ""
