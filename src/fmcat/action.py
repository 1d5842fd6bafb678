"""The GitHub Action's runner: the fmcat commands a workflow gives, one per line, run in
turn; problems become annotations, the results a job summary and step outputs.

Reads ``FMCAT_COMMANDS`` (one command per line, with or without the word ``fmcat``) and
``FMCAT_ALLOW`` (exit codes that do not fail the step, such as ``1,3``), and writes to the
files GitHub names in ``GITHUB_STEP_SUMMARY`` and ``GITHUB_OUTPUT``. A line is split as a
shell would split it but never run by a shell.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from dataclasses import dataclass

_PROBLEM = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<message>.+)$")
_ERROR = re.compile(r"^error: (?P<message>.+)$")
PARTIAL = 3


@dataclass
class Ran:
    command: str
    code: int
    output: str


def escape(text: str, *, property_value: bool = False) -> str:
    """Text for a workflow command (``::error ...::text``), as GitHub reads it."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotations(output: str) -> list[str]:
    """``::error`` lines for the problems and errors fmcat printed."""
    found = []
    for line in output.splitlines():
        if match := _PROBLEM.match(line):
            where = ",".join(
                f"{name}={escape(match[name], property_value=True)}"
                for name in ("file", "line", "col")
                if match[name]
            )
            found.append(f"::error {where}::{escape(match['message'])}")
        elif match := _ERROR.match(line):
            found.append(f"::error::{escape(match['message'])}")
    return found


def run(lines: list[str]) -> list[Ran]:
    ran = []
    for line in lines:
        args = shlex.split(line)
        if not args:
            continue
        if args[0] == "fmcat":
            args = args[1:]
        print(f"::group::fmcat {shlex.join(args)}", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", "fmcat", *args], capture_output=True, text=True, check=False
        )
        output = done.stdout + done.stderr
        print(output, end="" if output.endswith("\n") or not output else "\n", flush=True)
        print("::endgroup::", flush=True)
        for annotation in annotations(output):
            print(annotation, flush=True)
        ran.append(Ran(shlex.join(["fmcat", *args]), done.returncode, done.stderr))
    return ran


def summary(ran: list[Ran]) -> str:
    """The job summary: each command, its exit code, and the last lines it wrote."""
    lines = ["## fmcat", "", "| command | exit | last words |", "| --- | --- | --- |"]
    for item in ran:
        last = " ".join(item.output.strip().splitlines()[-2:])
        cell = last.replace("|", "\\|").replace("`", "'")[:300]
        lines.append(f"| `{item.command}` | {item.code} | {cell} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    lines = os.environ.get("FMCAT_COMMANDS", "").splitlines()
    try:
        allowed = {0} | {
            int(code) for code in os.environ.get("FMCAT_ALLOW", "").split(",") if code.strip()
        }
        ran = run(lines)
    except ValueError as err:  # an unbalanced quote, a malformed FMCAT_ALLOW
        print(f"::error::fmcat action: {escape(str(err))}")
        return 2
    text = summary(ran)
    partial = any(item.code == PARTIAL for item in ran)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
            handle.write(text)
    if os.environ.get("GITHUB_OUTPUT"):
        delimiter = f"fmcat_{secrets.token_hex(8)}"
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as handle:
            handle.write(f"summary<<{delimiter}\n{text}{delimiter}\n")
            handle.write(f"partial={'true' if partial else 'false'}\n")
    failed = [item for item in ran if item.code not in allowed]
    return failed[0].code if failed else 0


if __name__ == "__main__":
    sys.exit(main())
