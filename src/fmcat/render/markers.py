"""The fmcat markers: the part of a README that ``render --in-place`` owns."""

from __future__ import annotations

import re

from fmcat.errors import UsageError

BEGIN = "<!-- fmcat:begin -->"
END = "<!-- fmcat:end -->"
# The last line of a whole document made by ``fmcat render``: a file holding it is
# checked and updated whole, not only between the markers.
DOCUMENT = "<!-- fmcat:document -->"
MARKERS = (BEGIN, END, DOCUMENT)


def find_marker(text: str) -> str | None:
    """The first marker that stands on a line of its own in ``text``, or None."""
    if "<!-- fmcat:" not in text:
        return None
    for line in text.splitlines():
        if line.strip() in MARKERS:
            return line.strip()
    return None


def is_document(text: str) -> bool:
    """True when ``text`` is a whole document made by ``fmcat render``."""
    return any(line.strip() == DOCUMENT for line in text.splitlines()[-3:])


def part_for(current: str | None, in_place: bool) -> str:
    """Which rendering a file needs: ``document`` for stdout, ``-o``, a file that is a
    whole rendered document, or a file without markers being checked; ``body`` for the
    part between the markers of a hand-written README."""
    if current is None or is_document(current):
        return "document"
    return "body" if BEGIN in current or in_place else "document"


def updated(current: str, rendered: str, part: str, source: str) -> str:
    """The file's text once ``rendered`` (the ``part`` that ``part_for`` chose) is in."""
    return replace_marked(current, rendered, source) if part == "body" else rendered


# Lines of context around each change in a diff (difflib's default).
CONTEXT = 3
_HUNK = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def diff(current: str, expected: str, name: str) -> list[str]:
    """A unified diff from the file's text to what rendering gives. The lines both
    share at the start and at the end, beyond the context, are left out of the
    comparison (an edit changes a few lines of a long file), and the hunks are numbered
    as in the whole file."""
    import difflib

    old = current.splitlines(keepends=True)
    new = expected.splitlines(keepends=True)
    start = max(0, _shared(old, new, min(len(old), len(new))) - CONTEXT)
    end = max(0, _shared(old, new, min(len(old), len(new)) - start, from_end=True) - CONTEXT)
    lines = difflib.unified_diff(
        old[start : len(old) - end],
        new[start : len(new) - end],
        f"{name} (current)",
        f"{name} (rendered)",
        n=CONTEXT,
    )
    return [_moved(line, start) if line.startswith("@@") else line for line in lines]


def _shared(a: list[str], b: list[str], most: int, *, from_end: bool = False) -> int:
    """How many of their first (or last) ``most`` lines ``a`` and ``b`` share."""
    if from_end:
        return next((i for i in range(most) if a[-1 - i] != b[-1 - i]), most)
    return next((i for i in range(most) if a[i] != b[i]), most)


def _moved(header: str, offset: int) -> str:
    """A hunk header with its line numbers moved down by ``offset``."""
    if not offset:
        return header
    found = _HUNK.match(header)
    assert found is not None  # difflib writes every hunk header so
    old_start, old_length, new_start, new_length = found.groups()
    return (
        f"@@ -{int(old_start) + offset}{old_length or ''} "
        f"+{int(new_start) + offset}{new_length or ''} @@{header[found.end() :]}"
    )


def replace_marked(text: str, body: str, source: str) -> str:
    """``text`` with the region between the fmcat markers replaced by ``body``."""
    lines = text.splitlines(keepends=True)
    begins = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(begins) != 1 or len(ends) != 1:
        found = f"{len(begins)} begin and {len(ends)} end markers"
        raise UsageError(f"{source}: expected one {BEGIN} line and one {END} line, found {found}")
    if ends[0] < begins[0]:
        raise UsageError(f"{source}: {END} comes before {BEGIN}")
    head = "".join(lines[: begins[0] + 1])
    tail = "".join(lines[ends[0] :])
    return f"{head}\n{body}\n{tail}"
