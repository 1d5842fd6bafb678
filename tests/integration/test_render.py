"""fmcat render: styles, safety, anchors, markers, --check, determinism, round trip."""

from __future__ import annotations

import tomli
from markdown_it import MarkdownIt

from fmcat.render.markdown import escape
from tests.conftest import DATA

MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def test_in_place_keeps_outside_text_and_refuses_bad_markers(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text((DATA / "catalog_small.toml").read_text())
    readme = tmp_path / "README.md"
    readme.write_text("Intro *kept*  \n\n<!-- fmcat:begin -->\nold\n<!-- fmcat:end -->\nOutro\n")
    assert fmcat("render", "--check", "README.md").code == 1
    assert fmcat("render", "--in-place", "README.md").code == 0
    text = readme.read_text()
    assert text.startswith("Intro *kept*  \n\n<!-- fmcat:begin -->\n") and text.endswith(
        "<!-- fmcat:end -->\nOutro\n"
    )
    assert "old" not in text
    check = fmcat("render", "--check", "README.md")
    assert check.code == 0 and check.stdout == ""
    readme.write_text(text.replace("Outro", "Outro\n<!-- fmcat:end -->"))
    before = readme.read_bytes()
    bad = fmcat("render", "--in-place", "README.md")
    assert bad.code == 2 and "marker" in bad.stderr and readme.read_bytes() == before


def test_check_prints_a_unified_diff(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text((DATA / "catalog_small.toml").read_text())
    fmcat("render", "-o", "README.md")
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text().replace("<!-- fmcat:end -->", "stale\n<!-- fmcat:end -->"))
    result = fmcat("render", "--check", "README.md")
    assert result.code == 1 and result.stdout.startswith("--- README.md (current)")


def test_render_is_deterministic_and_every_style_parses(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text((DATA / "catalog_small.toml").read_text())
    for style in ("bullet", "card", "card-dated", "survey", "table"):
        first = fmcat("render", "--style", style)
        second = fmcat("render", "--style", style, env={"TZ": "Asia/Tokyo", "LANG": "de_DE"})
        assert first.code == 0 and first.stdout == second.stdout
        assert "<!-- fmcat:begin -->" in first.stdout


def test_custom_template_and_bad_template(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text((DATA / "catalog_small.toml").read_text())
    (tmp_path / "t.j2").write_text("* {{ e.title }} ({{ e.year }})")
    result = fmcat("render", "--template", "t.j2")
    assert result.code == 0 and "* " in result.stdout
    (tmp_path / "card.j2").write_text("**{{ e.title }}** \\\n{{ e.authors }}")
    cards = fmcat("render", "--template", "card.j2", "--style", "bullet").stdout
    papers = len(tomli.loads((tmp_path / "catalog.toml").read_text())["papers"])
    bold_paragraphs = [
        t for t in MD.parse(cards) if t.type == "inline" and t.content.startswith("**")
    ]
    assert len(bold_paragraphs) >= papers  # every entry its own paragraph
    (tmp_path / "bad.j2").write_text("{{ e.title ")
    bad = fmcat("render", "--template", "bad.j2")
    assert bad.code == 2 and "template" in bad.stderr


def test_check_reports_unparseable_urls_instead_of_crashing(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text(
        '[papers.a]\ntitle = "A"\ncode = "http://["\nurl = "javascript:alert(1)"\n'
    )
    result = fmcat("check")
    assert result.code == 1
    assert "papers.a.code: not a valid URL" in result.stdout
    assert "papers.a.url: not an http(s) URL" in result.stdout


def test_template_file_is_read_beside_the_catalog(fmcat, tmp_path):
    """``template_file`` in [render] is relative to the catalog, wherever fmcat runs."""
    lists = tmp_path / "lists"
    (lists / "templates").mkdir(parents=True)
    text = (DATA / "catalog_small.toml").read_text(encoding="utf-8")
    (lists / "catalog.toml").write_text(text + '\n[render]\ntemplate_file = "templates/e.j2"\n')
    (lists / "templates" / "e.j2").write_text("- {{ e.title }} ({{ e.year }})")
    result = fmcat("-C", "lists/catalog.toml", "render")
    titles = [entry["title"] for entry in tomli.loads(text)["papers"].values()]
    assert result.code == 0 and f"- {escape(titles[0])} (" in result.stdout
    (lists / "templates" / "e.j2").unlink()
    missing = fmcat("-C", "lists/catalog.toml", "render")
    assert missing.code == 2 and missing.stdout == ""
    assert "template_file" in missing.stderr and len(missing.stderr.strip().splitlines()) <= 2


def test_an_output_that_cannot_be_written_is_one_error_line(fmcat, tmp_path):
    (tmp_path / "catalog.toml").write_text((DATA / "catalog_small.toml").read_text())
    result = fmcat("render", "-o", "no/such/folder/README.md")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "error: no/such/folder/README.md: cannot write: No such file or directory"
    ]
