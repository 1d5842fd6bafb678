"""The fmcat markers: the part of a README that ``render --in-place`` owns."""

from __future__ import annotations

from fmcat.errors import UsageError

BEGIN = "<!-- fmcat:begin -->"
END = "<!-- fmcat:end -->"


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
