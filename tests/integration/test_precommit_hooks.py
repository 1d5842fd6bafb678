"""The pre-commit hooks `.pre-commit-hooks.yaml` ships, run as pre-commit runs them, and
`check --duplicates --readme FILE` (the one-process hook) against the three it joins."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from fmcat.store import dumps
from tests.seedlib import all_seeds_unmerged

ROOT = Path(__file__).resolve().parents[2]
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
# The args the README tells users to give each hook.
ARGS = {"fmcat-render-check": ["README.md"], "fmcat": ["--readme", "README.md"]}
SEPARATE = (["check"], ["render", "--check", "README.md"], ["dedupe"])
JOINED = ["check", "--duplicates", "--readme", "README.md"]


def command(hook_id: str) -> list[str]:
    """What pre-commit runs for the hook, without the word fmcat."""
    hook = HOOKS[hook_id]
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    words = shlex.split(hook["entry"])
    assert words[0] == "fmcat"
    return words[1:] + ARGS.get(hook_id, [])


@pytest.fixture
def kept_list(fmcat, shipped):
    """The shipped catalog with its README rendered, as a list kept with fmcat is."""
    assert fmcat("render", "-o", "README.md").code == 0
    return shipped


def test_every_hook_passes_on_a_kept_list(fmcat, kept_list):
    assert set(HOOKS) == {"fmcat", "fmcat-check", "fmcat-render-check", "fmcat-dedupe"}
    for hook_id in HOOKS:
        result = fmcat(*command(hook_id))
        assert result.code == 0, (hook_id, result.stderr)


def test_every_hook_fails_on_what_it_guards(fmcat, kept_list):
    text = kept_list.read_text("utf-8")
    first = text.index('title = "') + len('title = "')
    kept_list.write_text(text[:first] + "Retitled: " + text[first:], "utf-8")
    assert fmcat(*command("fmcat-check")).code == 0
    assert fmcat(*command("fmcat-render-check")).code == 1
    joined = fmcat(*command("fmcat"))
    assert joined.code == 1
    assert any(line.startswith("+") and "Retitled: " in line for line in joined.stdout.splitlines())
    assert "README.md is out of date" in joined.stderr


def test_the_joined_hook_says_what_the_three_say(fmcat, tmp_path):
    """On the seed lists unmerged (real duplicates, a wrong link, shared ids) with a stale
    README: the same lines, in the same order, and exit 1."""
    catalog = tmp_path / "catalog.toml"
    catalog.write_text(dumps(all_seeds_unmerged()), "utf-8")
    assert fmcat("render", "-o", "README.md").code == 0
    text = catalog.read_text("utf-8")
    catalog.write_text(text.replace('title = "', 'title = "Edited: ', 1), "utf-8")
    separate = [fmcat(*args) for args in SEPARATE]
    assert [result.code for result in separate] == [1, 1, 1]  # shared ids, stale, duplicates
    joined = fmcat(*JOINED)
    assert joined.code == 1
    assert joined.stdout == "".join(result.stdout for result in separate)
    assert joined.stderr == "".join(result.stderr for result in separate)


def test_the_joined_hook_is_clean_only_when_all_three_are(fmcat, kept_list):
    joined = fmcat(*JOINED)
    assert joined.code == 0, joined.stderr
    assert joined.stderr.splitlines() == [
        f"{kept_list.name}: OK ({kept_list.read_text().count('[papers.')} papers)",
        "README.md is up to date",
        joined.stderr.splitlines()[-1],
    ]
    assert joined.stderr.splitlines()[-1].startswith("no duplicates or conflicts among")


def test_a_catalog_that_cannot_be_read_stops_before_the_other_checks(fmcat, kept_list):
    text = kept_list.read_text("utf-8")
    at = text.index('title = "', text.index("\n[papers."))
    kept_list.write_text(text[:at] + "title = 7 # " + text[at + len('title = "') :], "utf-8")
    joined = fmcat(*JOINED)
    assert joined.code == 1
    assert "wait until the catalog can be read" in joined.stderr
    assert "up to date" not in joined.stderr and "no duplicates" not in joined.stderr


@pytest.mark.parametrize("extra", [["--json"], ["--changed", "HEAD"]])
def test_the_joined_checks_refuse_json_and_changed(fmcat, kept_list, extra):
    result = fmcat("check", "--duplicates", *extra)
    assert result.code == 2
    assert result.stderr.count("\n") <= 2
    assert "--readme and --duplicates go without --changed and --json" in result.stderr
