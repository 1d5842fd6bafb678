"""fmcat's markdown checked by the tools GitHub and the awesome index use: cmark-gfm
(GitHub's parser), github-slugger (GitHub's heading anchors) and awesome-lint.

Each test is skipped when its tool is not installed; ``.ci/run`` installs them.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fmcat.model import Catalog, Entry, Section
from fmcat.render.document import Renderer, RenderOptions
from fmcat.render.markdown import Slugger
from fmcat.store import load

ROOT = Path(__file__).parents[2]
NODE_MODULES = Path(os.environ.get("FMCAT_NODE_MODULES", ROOT / ".ci" / "node" / "node_modules"))
STYLES = ("bullet", "card", "card-dated", "survey", "table")


def _need(path: Path | str | None, what: str):
    if not path or not Path(path).exists():
        pytest.skip(f"{what} is not installed")


def _hostile_catalog() -> Catalog:
    catalog = Catalog(meta={"title": "Hostile"}, sections=[Section("a", "A | B <b>")])
    titles = [
        "Pipes | in | title <script>alert(1)</script>",
        "Brackets [x](javascript:alert(1)) and `code | pipe`",
        "*Stars* _under_ ~~strike~~ $x^2$ & &amp; <!-- fmcat:end -->",
        "1. Looks like a list\u202e reversed",
    ]
    for index, title in enumerate(titles):
        key = f"k{index}"
        catalog.papers[key] = Entry(
            key=key,
            title=title,
            authors=["A | B", "C <i>D</i>"],
            venue="MICCAI | x",
            year=2023,
            code="https://github.com/x/y(z)|w",
            url="javascript:alert(1)" if index % 2 else "https://ok.org/a b",
            sections=["a"],
        )
    return catalog


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[int] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append(0)
        if tag in ("td", "th") and self.rows:
            self.rows[-1] += 1
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.append(attrs["id"])


def _cmark(markdown: str) -> _Html:
    binary = shutil.which("cmark-gfm")
    _need(binary, "cmark-gfm")
    html = subprocess.run(
        [binary, "--extension", "table", "--extension", "strikethrough", "--unsafe"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parsed = _Html()
    parsed.feed(html)
    return parsed


@pytest.mark.parametrize("style", STYLES)
def test_github_parser_sees_no_markup_from_metadata(style):
    out = Renderer(_hostile_catalog(), RenderOptions(style=style)).document()
    html = _cmark(out)
    assert not {"script", "i", "b", "del", "img"} & set(html.tags), html.tags
    assert all(h.startswith(("https://", "#")) for h in html.hrefs), html.hrefs
    assert len(set(html.rows)) <= 1, html.rows  # every table row has the header's cells
    assert out.count("<!-- fmcat:end -->") == 1


def test_shipped_catalog_tables_keep_their_columns():
    catalog = load(ROOT / "catalog.toml").catalog
    for style in ("survey", "table"):
        html = _cmark(Renderer(catalog, RenderOptions(style=style)).body())
        assert html.rows and len(set(html.rows)) == 1


def test_anchors_equal_github_slugger():
    node = shutil.which("node")
    _need(node, "node")
    _need(NODE_MODULES / "github-slugger", "github-slugger")
    rng = random.Random(7)
    alphabet = "aZé日 -_.()[]&:/#+é\u0301🩻–'\"`*~|!?,;0123456789"
    headings = ["Surveys", "Surveys", "Surveys-1", "Segment Anything (SAM)", "C++ / C#"]
    headings += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(300)
    ]
    headings = [h for h in headings if h.strip() and "\n" not in h]
    entry = (NODE_MODULES / "github-slugger" / "index.js").as_uri()
    script = (
        f"import GithubSlugger from '{entry}'; const s = new GithubSlugger();"
        "import {readFileSync} from 'fs';"
        "const lines = readFileSync(0, 'utf8').split('\\n'); lines.pop();"
        "console.log(lines.map(l => s.slug(l)).join('\\n'));"
    )
    expected = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input="\n".join(headings) + "\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    slugger = Slugger()
    assert [slugger.slug(h) for h in headings] == expected


@pytest.mark.parametrize("style", STYLES)
def test_awesome_lint_passes_in_awesome_lint_mode(style, tmp_path):
    binary = NODE_MODULES / ".bin" / "awesome-lint"
    _need(binary, "awesome-lint")
    catalog = load(ROOT / "catalog.toml").catalog
    readme = Renderer(catalog, RenderOptions(style=style, awesome_lint=True)).document()
    (tmp_path / "readme.md").write_text(readme)
    (tmp_path / "contributing.md").write_text("# Contributing\n")
    shutil.copy(ROOT / "LICENSE", tmp_path / "license")
    git = ["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "remote", "add", "origin", "https://github.com/example/awesome-x.git"],
        cwd=tmp_path,
        check=True,
    )
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "list"], cwd=tmp_path, check=True)
    result = subprocess.run(
        [str(binary), "readme.md"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    rules = {
        line.split()[-1]
        for line in (result.stdout + result.stderr).splitlines()
        if "remark-lint:" in line
    }
    # awesome-github asks GitHub's API about the repository: not about fmcat's output.
    assert rules <= {"remark-lint:awesome-github"}, result.stdout + result.stderr
