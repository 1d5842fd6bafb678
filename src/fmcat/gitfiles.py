"""The catalog as a git revision holds it, for ``render --since`` and ``check --changed``.

Git is run with its arguments as a list (no shell); a revision must look like one and
can never be read as an option.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from fmcat import store
from fmcat.errors import UsageError

_REVISION = re.compile(r"[\w./~^@{}\-]{1,200}")


def papers_at(path: Path, revision: str, option: str) -> dict[str, Any]:
    """The ``[papers]`` table of the catalog at ``path`` as ``revision`` holds it (empty
    when the file did not exist there); UsageError, naming ``option``, otherwise."""
    if revision.startswith("-") or not _REVISION.fullmatch(revision):
        raise UsageError(f"{option} {revision!r}: expected a day (YYYY-MM-DD) or a git revision")
    folder = path.resolve().parent
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").stdout.decode().strip()
        name = path.resolve().relative_to(Path(top).resolve()).as_posix()
        shown = _git(Path(top), "show", f"{revision}:{name}", check=False)
    except (OSError, subprocess.SubprocessError, ValueError) as err:
        raise UsageError(f"{option} {revision!r}: not in a git repository ({err})") from None
    if shown.returncode != 0:
        message = (shown.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        if "exists on disk, but not in" in message or "does not exist in" in message:
            return {}
        raise UsageError(f"{option} {revision!r}: {message or 'unknown revision'}")
    data = store.parse_text(shown.stdout.decode("utf-8", "replace"), path)
    papers = data.get("papers")
    return papers if isinstance(papers, dict) else {}


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, check=check, timeout=60
    )
