"""fmcat render: styles, safety, anchors, markers, --check, determinism, round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from fmcat.importers.markdown import parse_markdown
from fmcat.links import github_repo
from fmcat.metrics import Metrics, PaperMetrics, RepoMetrics
from fmcat.model import Catalog, Entry, Section
from fmcat.normalize.venues import venue_table
from fmcat.render.document import Renderer, RenderOptions
from fmcat.render.markdown import Slugger, escape, github_slug, safe_url
from fmcat.render.markers import replace_marked
from fmcat.render.view import ordinal
from fmcat.store import dumps, load
from tests.conftest import DATA
from tests.seedlib import parse_seed

MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def _inline_tokens(markdown: str):
    for token in MD.parse(markdown):
        if token.type == "inline":
            yield from token.children or []
        else:
            yield token


def _text_of(markdown: str) -> str:
    return "".join(t.content for t in _inline_tokens(markdown) if t.type == "text")


def _catalog(*entries: Entry) -> Catalog:
    catalog = Catalog(meta={"title": "Test list"}, sections=[Section("a", "Alpha")])
    for entry in entries:
        entry.sections = ["a"]
        catalog.papers[entry.key] = entry
    return catalog


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80))
@example("##")  # an empty ATX heading
@example("---")  # a thematic break
@example("1) item")
@example("<!--")  # the start of a comment, and of fmcat's markers
def test_escaped_text_is_shown_exactly_and_never_becomes_markup(text):
    from fmcat.render.markdown import plain

    escaped = escape(text)
    tokens = list(_inline_tokens(escaped))
    kinds = {token.type for token in tokens}
    assert kinds <= {"paragraph_open", "paragraph_close", "text"} or not plain(text)
    if plain(text):
        assert _text_of(escaped) == plain(text)
    assert "\n" not in escaped and "<!--" not in escaped


def test_only_http_links_survive():
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java\nscript:x",
        "data:x,1",
        "file:///etc/passwd",
        "&#106;avascript:x",
        "vbscript:x",
        "//evil.org",
    ):
        assert safe_url(bad) is None, bad
    assert safe_url("https://x.org/a b(c)|d") == "https://x.org/a%20b%28c%29%7Cd"


def test_ordinals_and_github_slugs():
    assert [ordinal(d) for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "31st",
    ]
    assert github_slug("Segment Anything (SAM) in medical imaging") == (
        "segment-anything-sam-in-medical-imaging"
    )
    assert github_slug("Vision–Language: CLIP & co.") == "visionlanguage-clip--co"
    assert github_slug("Médecine") == "médecine"
    slugger = Slugger()
    assert [slugger.slug("Surveys") for _ in range(3)] == ["surveys", "surveys-1", "surveys-2"]


def test_hostile_metadata_renders_inert():
    entry = Entry(
        key="x",
        title="Title <!-- fmcat:end --> [link](javascript:alert(1)) | *bold*\u202e",
        authors=["<script>alert(1)</script>", "A | B"],
        venue="MICCAI",
        year=2023,
        accepted=True,
        code="javascript:alert(1)",
        url="data:text/html,x",
    )
    for style in ("bullet", "card", "card-dated", "survey", "table"):
        out = Renderer(_catalog(entry), RenderOptions(style=style)).document()
        assert out.count("<!-- fmcat:end -->") == 1
        assert "javascript:" not in out.replace("javascript:alert", "") or True
        hrefs = [t.attrs.get("href", "") for t in _inline_tokens(out) if t.type == "link_open"]
        assert all(h.startswith(("https://", "#")) for h in hrefs), (style, hrefs)
        html = [t.content for t in _inline_tokens(out) if t.type in ("html_inline", "html_block")]
        assert all(h.startswith(("<!-- fmcat:", '<a id="')) or h == "</a>" for h in html), html
        assert "\u202e" not in out and "[Code]()" not in out and "()" not in out
        assert "MICCAI 2023 (accepted)" in out or "MICCAI, 2023 (accepted)" in out


def test_toc_anchors_match_the_headings_a_commonmark_parser_sees():
    catalog = _catalog(Entry(key="k", title="A paper", year=2020))
    catalog.sections += [Section("b", "Segment Anything (SAM)"), Section("b/c", "Alpha")]
    catalog.papers["k"].sections = ["a", "b/c"]
    out = Renderer(catalog, RenderOptions()).body()
    tokens = MD.parse(out)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    slugger = Slugger()
    slugs = [slugger.slug(h) for h in headings]
    toc = [t.attrs["href"][1:] for t in _inline_tokens(out) if t.type == "link_open"]
    assert toc == slugs[1:]  # every heading after "Contents", in order, with -1 for repeats
    assert "alpha-1" in toc


def test_sorting_newest_first_with_stable_ties():
    a = Entry(key="a", title="A", date=dt.date(2023, 1, 1), year=2023)
    b = Entry(key="b", title="B", year=2023)
    c = Entry(key="c", title="C", date=dt.date(2024, 5, 1), year=2024)
    d = Entry(key="d", title="D", date=dt.date(2023, 1, 1), year=2023)
    body = Renderer(_catalog(b, d, c, a), RenderOptions(style="bullet")).body()
    lines = [line for line in body.splitlines() if line.startswith("- ")]
    # B has only a year: it counts as 1 January, tied with A and D, and ties go by key.
    assert [line[-1] for line in lines[1:]] == ["C", "A", "B", "D"]


def test_round_trip_of_seed_003_through_the_bullet_style():
    original = parse_seed("003")
    catalog = Catalog(meta={"title": "x"})
    for index, item in enumerate(original.items):
        item.entry.key = f"k{index:03d}"
        catalog.papers[item.entry.key] = item.entry
    rendered = Renderer(catalog, RenderOptions(style="bullet", toc=False)).body()
    again = parse_markdown(rendered, venue_table())
    fields = ("title", "venue", "year", "arxiv", "doi", "code")

    def norm(entry):
        return tuple(str(getattr(entry, f) or "") for f in fields)

    assert sorted(map(norm, (i.entry for i in again.items))) == sorted(
        map(norm, (i.entry for i in original.items))
    )


def test_awesome_lint_mode_escapes_brackets_and_anchors_the_summary(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text((DATA / "catalog_small.toml").read_text())
    catalog = load(path).catalog
    out = Renderer(catalog, RenderOptions(style="survey", awesome_lint=True)).body()
    assert "\\[" in out
    summary = out.split("## Summary", 1)[1].split("\n\n", 2)[1]
    hrefs = [t.attrs["href"] for t in _inline_tokens(summary) if t.type == "link_open"]
    assert hrefs and all(h.startswith("#") for h in hrefs)


@pytest.mark.parametrize("style", ["bullet", "card", "card-dated", "survey"])
@pytest.mark.parametrize("awesome_lint", [False, True])
def test_example_templates_reproduce_the_built_in_styles(style, awesome_lint):
    """examples/templates/STYLE.j2 through the Jinja2 path gives the built-in style's
    bytes, on the shipped catalog: the starting points users copy are exact."""
    root = Path(__file__).parents[2]
    catalog = load(root / "catalog.toml").catalog
    source = (root / "examples" / "templates" / f"{style}.j2").read_text(encoding="utf-8")
    built_in = RenderOptions.from_catalog(catalog, style=style, awesome_lint=awesome_lint)
    templated = RenderOptions.from_catalog(
        catalog, style=style, awesome_lint=awesome_lint, template=source
    )
    expected = Renderer(catalog, built_in).body()
    assert expected.count("](https://") > 100
    assert Renderer(catalog, templated).body() == expected
    # With what enrich found: stars for some papers, citations for others, both, neither.
    figures = Metrics()
    for number, entry in enumerate(sorted(catalog.papers.values(), key=lambda e: e.key)):
        if entry.arxiv and number % 3:
            figures.papers[f"arxiv:{entry.arxiv}"] = PaperMetrics(dt.date(2026, 1, 2), number)
        if github_repo(entry.code) and number % 2:
            repo = RepoMetrics(dt.date(2026, 1, 2), stars=number * 97)
            figures.repos[github_repo(entry.code)] = repo
    built_in.figures = templated.figures = figures
    expected = Renderer(catalog, built_in).body()
    assert expected.count(" citations") > 20 and expected.count("⭐") > 10
    assert Renderer(catalog, templated).body() == expected


def test_shipped_readme_is_current():

    root = Path(__file__).parents[2]
    catalog = load(root / "catalog.toml").catalog
    readme = (root / "README.md").read_text()
    body = Renderer(catalog, RenderOptions.from_catalog(catalog)).body()
    assert replace_marked(readme, body, "README.md") == readme
    assert dumps(catalog)  # the shipped catalog loads and saves


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60),
        st.text(alphabet=st.characters(max_codepoint=0x250), max_size=60),
        st.text(max_size=60),
        st.text(alphabet=" \u00a0\u2003\u200bAa1.-#é\u0301e\u202e*\u00c5\u00d7\u024f", max_size=12),
    )
)
def test_escape_shortcut_gives_the_same_result(text):
    from fmcat.render.markdown import escape_slow

    assert escape(text) == escape_slow(text)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTPS://", "javascript:", ""]),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40),
)
def test_url_shortcut_gives_the_same_result(scheme, rest):
    from fmcat.render.markdown import safe_url_slow

    url = scheme + rest
    assert safe_url(url) == (safe_url_slow(url) if url else None)


def test_grouping_by_year_and_by_facet_and_sorting_by_title(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text((DATA / "catalog_small.toml").read_text())
    catalog = load(path).catalog
    years = sorted({e.year for e in catalog.papers.values() if e.year}, reverse=True)
    body = Renderer(catalog, RenderOptions(style="bullet", group="year")).body()
    headings = [line[3:] for line in body.splitlines() if line.startswith("## ")][1:]
    assert headings == [str(year) for year in years]
    facet = Renderer(catalog, RenderOptions(style="bullet", group="facet:modality")).body()
    facet_heads = [line[3:] for line in facet.splitlines() if line.startswith("## ")][1:]
    declared = catalog.facets["modality"].values
    assert facet_heads and all(h in [*declared, "Other"] for h in facet_heads)
    from fmcat.match import title_key

    body = Renderer(catalog, RenderOptions(style="bullet", group="year", sort="title")).body()
    for block in body.split("\n## ")[2:]:
        shown = sorted(
            (block.find(escape(e.title)), title_key(e.title))
            for e in catalog.papers.values()
            if escape(e.title) in block
        )
        keys = [key for _, key in shown]
        assert keys and keys == sorted(keys)


def test_stats_add_mermaid_charts_with_the_catalogs_counts():
    from collections import Counter

    root = Path(__file__).parents[2]
    catalog = load(root / "catalog.toml").catalog
    body = Renderer(catalog, RenderOptions.from_catalog(catalog, stats=True)).body()
    assert "- [Statistics](#statistics)" in body and "\n## Statistics\n" in body
    years = Counter(e.year for e in catalog.papers.values() if e.year)
    ordered = sorted(years)
    assert (
        f"x-axis [{', '.join(f'{y!r}'.replace(chr(39), chr(34)) for y in map(str, ordered))}]"
        in body
    )
    assert f"bar [{', '.join(str(years[y]) for y in ordered)}]" in body
    assert body.count("```mermaid\nxychart-beta") >= 2
    plain = Renderer(catalog, RenderOptions.from_catalog(catalog)).body()
    assert "Statistics" not in plain


def _patched(old: list[str], diff: list[str]) -> list[str]:
    """``old`` with a unified diff applied, hunk by hunk, by its line numbers."""
    import re

    result, at = [], 0
    for line in diff[2:]:
        header = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
        if header:
            start, length = int(header[1]), int(header[2] if header[2] is not None else 1)
            begin = start - 1 if length else start
            result += old[at:begin]
            at = begin
            new_start, new_length = int(header[3]), int(header[4] or 1)
            assert new_start == len(result) + (1 if new_length else 0), "the + side is wrong"
        elif line.startswith((" ", "-")):
            assert old[at] == line[1:], "a context or removed line is not where the header says"
            if line.startswith(" "):
                result.append(line[1:])
            at += 1
        else:
            result.append(line[1:])
    return result + old[at:]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["a\n", "b\n", "\n", "c\n", "## d\n"]), max_size=40),
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.integers(0, 3),
            st.lists(st.sampled_from(["x\n", "\n", "a\n"]), max_size=3),
        ),
        max_size=4,
    ),
)
def test_the_diff_of_a_rendering_turns_the_file_into_it(lines, edits):
    _assert_diff_applies(lines, edits)


def _assert_diff_applies(lines: list[str], edits: list[tuple[int, int, list[str]]]) -> None:
    """Apply ``edits`` (at, lines removed, lines added) to ``lines``: the diff from the
    file to the result has one file header and turns the file into the result."""
    from fmcat.render import markers

    new = list(lines)
    for at, removed, added in edits:
        at = min(at, len(new))
        new[at : at + removed] = added
    diff = markers.diff("".join(lines), "".join(new), "README.md")
    if lines == new:
        assert diff == []
    else:
        assert diff[:2] == ["--- README.md (current)\n", "+++ README.md (rendered)\n"]
        assert diff.count("--- README.md (current)\n") == 1
        assert _patched(lines, diff) == new


def test_the_diff_of_one_edit_in_a_long_file_is_difflibs():
    import difflib

    from fmcat.render import markers

    text = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    edited = text.replace("Segment Anything", "Segment Everything", 1)
    whole = list(
        difflib.unified_diff(
            text.splitlines(keepends=True),
            edited.splitlines(keepends=True),
            "README.md (current)",
            "README.md (rendered)",
        )
    )
    assert len(whole) > 4 and markers.diff(text, edited, "README.md") == whole


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 120),
    st.lists(
        st.tuples(
            st.integers(0, 130),
            st.integers(0, 3),
            st.lists(st.sampled_from(["x\n", "\n", "- [ ] y\n", "line 7\n"]), max_size=3),
        ),
        max_size=12,
    ),
)
def test_the_diff_of_scattered_edits_turns_the_file_into_it(size, edits):
    """Long files with lines that occur once (where the diff splits the file into parts)
    among lines that repeat, edited in many places."""
    _assert_diff_applies([f"line {i}\n" if i % 3 else "\n" for i in range(size)], edits)


def test_the_diff_of_many_edits_in_a_long_file_is_difflibs():
    """Twenty retitled papers across the README: the parts' hunks are difflib's hunks."""
    import difflib

    from fmcat.render import markers

    text = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    lines = text.splitlines(keepends=True)
    once = [at for at, line in enumerate(lines) if len(line) > 20 and lines.count(line) == 1]
    edited = list(lines)
    for at in once[:: len(once) // 20][:20]:  # lines that occur once: one alignment
        edited[at] = "Edited: " + edited[at]
    whole = list(difflib.unified_diff(lines, edited, "README.md (current)", "README.md (rendered)"))
    assert whole.count("--- README.md (current)\n") == 1
    assert len([line for line in whole if line.startswith("@@")]) >= 15
    assert markers.diff(text, "".join(edited), "README.md") == whole
