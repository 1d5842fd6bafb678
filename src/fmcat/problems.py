"""What is wrong with a catalog, one problem at a time, where it is and how it reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the catalog. ``where`` is a dotted path (``papers.x.year``)."""

    where: str
    message: str
    line: int | None = None
    column: int | None = None
    blocking: bool = True

    def format(self, filename: str) -> str:
        position = f"{filename}:{self.line}" if self.line else filename
        if self.column:
            position += f":{self.column}"
        return (
            f"{position}: {self.where}: {self.message}"
            if self.where
            else (f"{position}: {self.message}")
        )

    def to_json(self, filename: str) -> dict[str, Any]:
        return {
            "file": filename,
            "line": self.line,
            "column": self.column,
            "where": self.where,
            "message": self.message,
        }
