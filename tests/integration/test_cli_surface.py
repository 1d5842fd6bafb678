"""The command line as a newcomer meets it: help with metavars, groups and examples, shell
completion from the catalog, one-line usage errors with a suggestion."""

from __future__ import annotations

import re

import pytest

COMMANDS = [
    "init",
    "check",
    "add",
    "lookup",
    "refresh",
    "enrich",
    "feed",
    "verify",
    "dedupe",
    "import",
    "export",
    "render",
]


def test_the_overview_groups_every_command_with_its_full_summary(fmcat):
    result = fmcat("--help", env={"COLUMNS": "160"})
    assert result.code == 0
    for panel in ("Setting up", "Reading", "Writing", "Output"):
        assert panel in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert not any(row.rstrip(" │").endswith("...") for row in rows)  # none cut short
    assert not [row for row in rows if re.match(r"│ {4,}\S", row)]  # each on one line
    for command in COMMANDS:
        assert re.search(rf"│ {command} +\S", result.stdout), command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_examples_and_no_type_placeholders(fmcat, command):
    text = fmcat(command, "--help", env={"COLUMNS": "160"}).stdout
    assert "Examples" in text and text.count(f"$ fmcat {command}") >= 2
    options = [line for line in text.splitlines() if line.startswith(("│ --", "│ -"))]
    placeholders = re.compile(r"<(str|list\[str\]|path|int|float)>")
    assert options and not [line for line in options if placeholders.search(line)]


def test_a_mistyped_option_is_one_line_with_the_nearest(fmcat, shipped):
    result = fmcat("add", "--sectoin", "x")
    assert result.code == 2
    first, *rest = result.stderr.splitlines()
    assert first == "error: fmcat add: no such option --sectoin; did you mean --section?"
    assert rest == ["  see `fmcat add --help`"]


def complete(fmcat, words: str) -> list[str]:
    env = {
        "_FMCAT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    return fmcat(env=env).stdout.split()


def test_sections_facets_and_keys_complete_from_the_catalog(fmcat, shipped):
    assert complete(fmcat, "fmcat lookup --section seg") == [
        "segmentation",
        "segmentation/dense-prediction",
        "segmentation/sam",
    ]
    assert "modality=x-ray" in complete(fmcat, "fmcat export --facet modality=")
    assert complete(fmcat, "fmcat verify ma2023s") == ["ma2023segment"]


def test_shell_completion_scripts_are_offered(fmcat):
    for shell in ("bash", "zsh", "fish"):
        script = fmcat("--show-completion", shell)
        assert script.code == 0 and "_FMCAT_COMPLETE" in script.stdout, shell


def test_a_command_alone_behaves_as_in_the_whole_app(capsys, monkeypatch):
    """`main` builds only the command it runs; its help, its usage errors and the
    top-level ones are what the whole app gives."""
    from fmcat import cli

    cases = [["check", "--help"], ["lookup", "--help"], ["cache", "info", "--help"]]
    cases += [["check", "--nope"], ["chek"], ["--help"], ["--catalog", "x.toml", "add", "--help"]]
    for argv in cases:
        cli.main(argv)
        slim = capsys.readouterr()
        with monkeypatch.context() as patched:
            patched.setattr(cli, "app_for", lambda argv: cli.app)
            cli.main(argv)
        whole = capsys.readouterr()
        assert (slim.out, slim.err) == (whole.out, whole.err), argv
    assert cli.app_for(["check"]).registered_commands[0].name == "check"
    assert len(cli.app_for(["check"]).registered_commands) == 1
    assert cli.app_for(["--help"]) is cli.app and cli.app_for(["chek"]) is cli.app
