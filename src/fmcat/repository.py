"""``fmcat init --github``: the files that make a GitHub repository keep its list: an "add
a paper" issue form, and the workflows for pull-request checks, weekly upkeep and issue
intake. Every automated change ends at a pull request a person merges.

A file that exists is left as it is, except the issue form's section list, which sits
between ``fmcat:begin sections`` and ``fmcat:end sections`` comments and is written anew
from the catalog each time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from fmcat import files
from fmcat.errors import UsageError
from fmcat.intake import section_label
from fmcat.model import Catalog

CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683  # v4.2.2"
SETUP_PYTHON = "actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b  # v5.3.0"
BEGIN = "# fmcat:begin sections"
END = "# fmcat:end sections"
FORM = ".github/ISSUE_TEMPLATE/add-paper.yml"
LABEL = "add-paper"


@dataclass
class Written:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def issue_form(catalog: Catalog) -> str:
    """The issue form, its section drop-down made from the catalog's sections."""
    return f'''name: Add a paper
description: Propose a paper for this list. fmcat opens a pull request that a maintainer reviews.
title: "Add paper: "
labels: ["{LABEL}"]
body:
  - type: input
    id: paper
    attributes:
      label: Paper link
      description: An arXiv or DOI link, or the bare arXiv id or DOI.
      placeholder: https://arxiv.org/abs/2304.12306
    validations:
      required: true
  - type: dropdown
    id: section
    attributes:
      label: Section
      description: Where the paper belongs in the list.
      options:
{_section_options(catalog)}
    validations:
      required: false
  - type: input
    id: code
    attributes:
      label: Code link
      description: The paper's code repository, if it has one.
      placeholder: https://github.com/owner/repository
    validations:
      required: false
  - type: textarea
    id: note
    attributes:
      label: Note
      description: Anything the maintainers should know (optional).
    validations:
      required: false
'''


def _section_options(catalog: Catalog) -> str:
    labels = [section_label(catalog, section) for section in catalog.sections] or ["Other"]
    lines = [f"        {BEGIN}"]
    lines += [f"        - {json.dumps(label, ensure_ascii=False)}" for label in labels]
    lines.append(f"        {END}")
    return "\n".join(lines)


def check_workflow(action: str) -> str:
    return f"""name: fmcat check
on:
  pull_request:
    paths: ["catalog.toml", "catalog.metrics.toml", "README.md"]
permissions:
  contents: read
concurrency:
  group: fmcat-check-${{{{ github.ref }}}}
  cancel-in-progress: true
jobs:
  check:
    name: Check the catalog
    runs-on: ubuntu-latest
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
          fetch-depth: 0  # the base branch, for check --changed
      - uses: {action}
        with:
          commands: |
            check
            check --changed origin/${{{{ github.base_ref }}}} --links
            dedupe
            render --check README.md
"""


_UPKEEP_PULL_REQUEST = r"""      - name: Open or update the pull request
        env:
          GH_TOKEN: ${{ github.token }}
          REPOSITORY: ${{ github.repository }}
          SERVER: ${{ github.server_url }}
          SUMMARY: ${{ steps.fmcat.outputs.summary }}
        run: |
          git add -A
          if git diff --cached --quiet; then echo "nothing changed"; exit 0; fi
          {
            printf '%s\n\nFiles changed:\n\n' "$SUMMARY"
            git diff --cached --stat | sed 's/^/    /'
          } > "$RUNNER_TEMP/summary.md"
          git config user.name "fmcat upkeep"
          git config user.email "fmcat@users.noreply.github.com"
          git switch -C fmcat/upkeep
          git commit -m "Weekly upkeep: refresh, enrich, verify, render"
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)"
          git -c "http.extraheader=$auth" push --force "$SERVER/$REPOSITORY.git" fmcat/upkeep
          body="$RUNNER_TEMP/summary.md"
          gh pr create --head fmcat/upkeep --title "Weekly upkeep" --body-file "$body" \
            || gh pr edit fmcat/upkeep --body-file "$body"
"""


def upkeep_workflow(action: str) -> str:
    return f"""name: fmcat upkeep
on:
  schedule:
    - cron: "17 5 * * 1"
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: fmcat-upkeep
  cancel-in-progress: false
jobs:
  upkeep:
    name: Refresh, enrich, verify, render
    runs-on: ubuntu-latest
    permissions:
      contents: write  # push the fmcat/upkeep branch
      pull-requests: write  # open or update its pull request
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - id: fmcat
        uses: {action}
        with:
          allow: "1,3"
          commands: |
            refresh
            enrich
            verify
            render --in-place README.md
        env:
          GITHUB_TOKEN: ${{{{ github.token }}}}
{_UPKEEP_PULL_REQUEST}      - name: Fail when a service failed
        if: steps.fmcat.outputs.partial == 'true'
        run: |
          echo "::error::a metadata service failed; the upkeep is partial (see the summary)"
          exit 1
"""


def intake_workflow(action: str) -> str:
    return f"""name: fmcat intake
on:
  issues:
    types: [labeled]
permissions:
  contents: read
concurrency:
  group: fmcat-intake-${{{{ github.event.issue.number }}}}
  cancel-in-progress: true
jobs:
  intake:
    name: Turn the issue into a pull request
    if: github.event.label.name == '{LABEL}'
    runs-on: ubuntu-latest
    permissions:
      contents: write  # push the fmcat/issue-N branch
      pull-requests: write  # open its pull request
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - name: Save the issue body
        env:
          BODY: ${{{{ github.event.issue.body }}}}
        run: printf '%s' "$BODY" > "$RUNNER_TEMP/issue.md"
      - uses: {action}
        with:
          commands: |
            add --from-issue ${{{{ runner.temp }}}}/issue.md --pr-body ${{{{ runner.temp }}}}/pr.md
            render --in-place README.md
      - name: Open the pull request
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          REPOSITORY: ${{{{ github.repository }}}}
          SERVER: ${{{{ github.server_url }}}}
          NUMBER: ${{{{ github.event.issue.number }}}}
        run: |
          git config user.name "fmcat intake"
          git config user.email "fmcat@users.noreply.github.com"
          branch="fmcat/issue-$NUMBER"
          git switch -C "$branch"
          git commit -am "Add the paper proposed in #$NUMBER"
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)"
          git -c "http.extraheader=$auth" push --force "$SERVER/$REPOSITORY.git" "$branch"
          printf '\\nCloses #%s\\n' "$NUMBER" >> "$RUNNER_TEMP/pr.md"
          gh pr create --head "$branch" --title "Add the paper proposed in #$NUMBER" \\
            --body-file "$RUNNER_TEMP/pr.md"
"""


def write_github_files(root: Path, catalog: Catalog, action: str) -> Written:
    """Write the issue form and workflows under ``root`` (the repository): create what is
    missing, renew the form's section list, keep everything else as it is."""
    if not action or any(ch.isspace() for ch in action) or "@" not in action:
        raise UsageError(f"--action {action!r}: expected OWNER/REPO@REF")
    planned = {
        FORM: issue_form(catalog),
        ".github/workflows/fmcat-check.yml": check_workflow(action),
        ".github/workflows/fmcat-upkeep.yml": upkeep_workflow(action),
        ".github/workflows/fmcat-intake.yml": intake_workflow(action),
    }
    written = Written()
    for name, text in planned.items():
        target = root / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            files.create_new(target, text.encode("utf-8"))
            written.created.append(name)
            continue
        if name != FORM:
            written.kept.append(name)
            continue
        current = files.read_input(target)
        renewed = renew_sections(current, catalog, name)
        if renewed == current:
            written.kept.append(name)
        else:
            files.write_file(target, renewed.encode("utf-8"))
            written.updated.append(name)
    return written


def renew_sections(text: str, catalog: Catalog, name: str) -> str:
    """``text`` with the lines between the section markers made from the catalog."""
    lines = text.splitlines(keepends=True)
    begins = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise UsageError(f"{name}: expected one {BEGIN!r} line and one {END!r} line after it")
    indent = lines[begins[0]][: len(lines[begins[0]]) - len(lines[begins[0]].lstrip())]
    fresh = [f"{indent}{line.strip()}\n" for line in _section_options(catalog).splitlines()[1:-1]]
    return "".join(lines[: begins[0] + 1] + fresh + lines[ends[0] :])
