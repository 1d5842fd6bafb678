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
    """A unified diff from the file's text to what rendering gives. Only the parts that
    differ are given to difflib: the file is split at the runs of lines both share that
    are longer than the context on both sides (found from lines that occur once in each,
    as patience diff finds them), each part is diffed on its own, and its hunks are
    numbered as in the whole file. A file several edits behind costs about one pass."""
    import difflib

    old = current.splitlines(keepends=True)
    new = expected.splitlines(keepends=True)
    lines: list[str] = []
    for a0, a1, b0, b1 in _parts(old, new):
        part = list(
            difflib.unified_diff(
                old[a0:a1], new[b0:b1], f"{name} (current)", f"{name} (rendered)", n=CONTEXT
            )
        )
        if lines:
            part = part[2:]  # the file names once, at the top
        lines += [_moved(line, a0, b0) if line.startswith("@@") else line for line in part]
    return lines


def _parts(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """The ranges ``(a0, a1, b0, b1)`` of ``old`` and ``new`` that hold every difference,
    each with the CONTEXT shared lines around it; shared runs of at most 2 × CONTEXT lines
    stay inside a part, as they stay inside one hunk."""
    most = min(len(old), len(new))
    start = _shared(old, new, most)
    end = _shared(old, new, most - start, from_end=True)
    a_end, b_end = len(old) - end, len(new) - end
    parts = []
    a0, b0 = start, start
    for i, j, size in _shared_runs(old, new, start, a_end, start, b_end):
        if size > 2 * CONTEXT:
            parts.append((a0, i, b0, j))
            a0, b0 = i + size, j + size
    parts.append((a0, a_end, b0, b_end))
    return [
        (
            max(0, a0 - CONTEXT),
            min(len(old), a1 + CONTEXT),
            max(0, b0 - CONTEXT),
            min(len(new), b1 + CONTEXT),
        )
        for a0, a1, b0, b1 in parts
        if a0 < a1 or b0 < b1
    ]


def _shared_runs(
    old: list[str], new: list[str], a0: int, a1: int, b0: int, b1: int
) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, size)`` with ``old[i:i+size] == new[j:j+size]``, in order, grown
    from the lines that occur once in ``old[a0:a1]`` and once in ``new[b0:b1]`` and keep
    their order (the longest such chain)."""
    from bisect import bisect_left
    from collections import Counter

    in_old, in_new = Counter(old[a0:a1]), Counter(new[b0:b1])
    where_new = {line: j for j, line in enumerate(new[b0:b1], b0) if in_new[line] == 1}
    pairs = [
        (i, where_new[line])
        for i, line in enumerate(old[a0:a1], a0)
        if in_old[line] == 1 and line in where_new
    ]
    # The longest chain of pairs rising in both files (patience sorting).
    tails: list[int] = []  # the smallest j ending a chain of each length
    ends: list[int] = []  # the pair ending it
    before = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[length] = j
            ends[length] = index
        before[index] = ends[length - 1] if length else -1
    chain = []
    index = ends[-1] if ends else -1
    while index != -1:
        chain.append(pairs[index])
        index = before[index]
    runs: list[tuple[int, int, int]] = []
    low_a, low_b = a0, b0
    for i, j in reversed(chain):
        if i < low_a or j < low_b:
            continue  # inside the run already found
        first_i, first_j = i, j
        while first_i > low_a and first_j > low_b and old[first_i - 1] == new[first_j - 1]:
            first_i, first_j = first_i - 1, first_j - 1
        while i < a1 and j < b1 and old[i] == new[j]:
            i, j = i + 1, j + 1
        runs.append((first_i, first_j, i - first_i))
        low_a, low_b = i, j
    return runs


def _shared(a: list[str], b: list[str], most: int, *, from_end: bool = False) -> int:
    """How many of their first (or last) ``most`` lines ``a`` and ``b`` share."""
    if from_end:
        return next((i for i in range(most) if a[-1 - i] != b[-1 - i]), most)
    return next((i for i in range(most) if a[i] != b[i]), most)


def _moved(header: str, old_offset: int, new_offset: int) -> str:
    """A hunk header with its line numbers moved down by the offsets."""
    if not old_offset and not new_offset:
        return header
    found = _HUNK.match(header)
    assert found is not None  # difflib writes every hunk header so
    old_start, old_length, new_start, new_length = found.groups()
    return (
        f"@@ -{int(old_start) + old_offset}{old_length or ''} "
        f"+{int(new_start) + new_offset}{new_length or ''} @@{header[found.end() :]}"
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
