"""HTML inside a markdown list: tables (``<table><tr><td>``) and ``<details>`` summaries,
read into the same pieces of text and links as markdown (the standard library's parser;
nothing is fetched or run)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    line: int  # 1-based, in the HTML that was read
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Cell:
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    strong: bool = False
    span: int = 1
    rows: int = 1  # rowspan: the cell stands in this many rows
    header: bool = False


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.cell: Cell | None = None
        self.href: str | None = None
        self.link_text = ""
        self.bold = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append(Row(self.getpos()[0]))
        elif tag in ("td", "th") and self.rows:
            span = values.get("colspan") or "1"
            rows = values.get("rowspan") or "1"
            self.cell = Cell(
                span=min(int(span), 50) if span.isdigit() else 1,
                rows=min(int(rows), 1000) if rows.isdigit() else 1,
                header=tag == "th",
            )
            self.rows[-1].cells.append(self.cell)
        elif tag == "a" and self.cell is not None and values.get("href"):
            self.href, self.link_text = values["href"], ""
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "br" and self.cell is not None:
            self.cell.text += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        elif tag == "a" and self.href is not None:
            if self.cell is not None:
                self.cell.links.append((self.link_text.strip(), self.href))
            self.href = None
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data: str) -> None:
        if self.cell is None:
            return
        self.cell.text += data
        self.cell.strong |= self.bold > 0 and bool(data.strip())
        if self.href is not None:
            self.link_text += data


def table_rows(html: str) -> list[Row]:
    """The rows of the HTML tables in ``html``, each with its line and its cells' text
    (whitespace collapsed) and links."""
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    for row in reader.rows:
        for cell in row.cells:
            cell.text = " ".join(cell.text.split())
    _spread_rowspans(reader.rows)
    return [row for row in reader.rows if row.cells]


def _spread_rowspans(rows: list[Row]) -> None:
    """Repeat a ``rowspan`` cell in the rows below it, at its column, so that every row
    has its cells where the header says."""
    pending: dict[int, list] = {}  # column → [cell, rows still to fill]
    for row in rows:
        cells, column, originals = [], 0, list(row.cells)
        while originals or any(col >= column for col in pending):
            if column in pending:
                cell, left = pending[column]
                cells.append(cell)
                if left <= 1:
                    del pending[column]
                else:
                    pending[column][1] = left - 1
                column += cell.span
                continue
            if not originals:
                column = min(col for col in pending if col >= column)
                continue
            cell = originals.pop(0)
            cells.append(cell)
            if cell.rows > 1:
                pending[column] = [cell, cell.rows - 1]
            column += cell.span
        row.cells = cells


def text_of(html: str) -> str:
    """The text of an HTML fragment, tags dropped, whitespace collapsed."""
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return " ".join("".join(parts).split())
