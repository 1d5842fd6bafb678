"""The fmcat markers: the part of a README that ``render --in-place`` owns."""

from __future__ import annotations

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


def diff(current: str, expected: str, name: str) -> list[str]:
    """A unified diff from the file's text to what rendering gives."""
    import difflib

    return list(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            f"{name} (current)",
            f"{name} (rendered)",
        )
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
