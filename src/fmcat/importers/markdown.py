"""Read a hand-written awesome-list README into entries.

The file is parsed as CommonMark (markdown-it-py, with GFM tables). Each list item,
paragraph and table row is a *unit*; a unit broken into lines (trailing backslash, ``<br>``,
line breaks) is read as a card: a title line, an author line, date and venue brackets and
a line of links. What a unit holds decides whether it is a paper: a title plus a paper
link, authors or a venue. Headings above a unit become its section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from fmcat import ids
from fmcat.importers.common import Imported, ImportResult
from fmcat.importers.context import (
    ACRONYM,
    Context,
    is_note_line,
    looks_like_authors,
    looks_like_name,
    read_citation,
    read_context,
    segments,
)
from fmcat.importers.html import table_rows, text_of
from fmcat.links import badge_message, is_badge, is_code_host, unwrap_redirect
from fmcat.model import Entry
from fmcat.normalize.authors import PARTICLES, read_author_list
from fmcat.normalize.dates import YEAR as _YEAR
from fmcat.normalize.dates import YEAR_DIGITS, two_digit_year
from fmcat.normalize.text import clean_title
from fmcat.normalize.venues import VenueTable, read_venue

# Sections whose content is not papers.
# Sections whose content is not papers, at any depth (what is under "Contributing" is
# never a paper) ...
NOT_PAPER_SECTIONS = re.compile(
    r"^(?:contribut\w*|how to contribute|contributors?|licen[cs]e|acknowledge?ments?|"
    r"contacts?|star history|news|updates?|related (?:lists|repositories|awesome lists)|"
    r"data ?sets?|datasets? and benchmarks? list|toolkits?|tools?|software|"
    r"librar(?:y|ies))$",
    re.IGNORECASE,
)
# Dataset and tool sections list resources, but the paper that describes one is a paper.
DATASET_SECTIONS = re.compile(
    r"^(?:data ?sets?|datasets? and benchmarks?(?: list)?|toolkits?|tools?|software|"
    r"librar(?:y|ies))$",
    re.IGNORECASE,
)
# ... and sections that hold something else when nothing more specific is said: a
# "Resources" section may hold a "Surveys" section of papers.
OTHER_SECTIONS = re.compile(
    r"^(?:resources?|(?:open[- ]source )?(?:projects|repositories|frameworks and tools|"
    r"tools and frameworks)|open[- ]source(?: code| software| implementations)?)$",
    re.IGNORECASE,
)
PAPER_LABELS = re.compile(
    r"^(?:paper|pdf|arxiv|link|html|abs|abstract|doi|journal|nature|springer|ieee|acm|"
    r"openreview|proceedings|preprint|article|publication|cvf|medrxiv|biorxiv|pubmed)$",
    re.IGNORECASE,
)
CODE_LABELS = re.compile(
    r"^(?:code|github|git|project|project page|page|website|homepage|repo|repository|"
    r"model|models|weights|demo|huggingface|hf|official code|pytorch|tensorflow)$",
    re.IGNORECASE,
)
_YEAR_MONTH = re.compile(r"^\s*(" + YEAR_DIGITS + r")(?:[./-](\d{1,2}))?\s*$")
_BRACKET = re.compile(r"\[([^\[\]]{1,120})\]")
_TEXTSF = re.compile(r"\\textsf\{([^{}]*)\}")
_LEADING_SYMBOLS = re.compile(r"^[\W_]+", re.UNICODE)


@dataclass
class Piece:
    """A run of inline content: text, or a link (``href``) with its text."""

    text: str
    href: str | None = None
    title: str | None = None
    strong: bool = False
    em: bool = False
    image: bool = False
    is_link: bool = False
    note: str = ""  # what a badge image in it says ("ACL 2025")


@dataclass
class Unit:
    """One list item, paragraph or table row, split into lines of pieces."""

    lines: list[list[Piece]]
    headings: list[tuple[int, str]]
    line_number: int
    cells: dict[str, str] = field(default_factory=dict)
    cell_links: dict[str, list[Piece]] = field(default_factory=dict)
    parent: Unit | None = None  # the list item this one is nested in, or continues
    summary: bool = False  # a <details> block's <summary>


def parse_markdown(text: str, venues: VenueTable) -> ImportResult:
    """Every paper entry in a markdown paper list, with what was skipped and why."""
    result = ImportResult()
    units = _fold_details(list(_units(text)), venues)
    labels: dict[tuple[tuple[int, str], ...], Context] = {}
    preamble = _preamble(units)
    for unit in units:
        section_title = unit.headings[-1][1] if unit.headings else ""
        innermost = _bare(unit.headings[-1][1]) if unit.headings else ""
        resources = _resource_section(innermost)
        if (
            resources
            or OTHER_SECTIONS.match(innermost)
            or any(NOT_PAPER_SECTIONS.match(_bare(title)) for _, title in unit.headings)
        ):
            kept = resources or DATASET_SECTIONS.match(innermost)
            if kept and (entry := _dataset_paper(unit, venues)):
                result.items.append(
                    Imported(entry, [title for _, title in unit.headings], unit.line_number)
                )
                continue
            if _has_content(unit):
                result.skip(f"not a paper section ({section_title})", unit.line_number, _text(unit))
            continue
        scope = tuple(unit.headings)
        label = _venue_label(unit, venues)
        if label is not None:  # **CVPR'24** on its own line: the venue of what follows
            labels[scope] = label
            continue
        entry, reason = read_unit(unit, venues, labels.get(scope) or _heading_scope(unit, venues))
        introduction = entry is not None and id(unit) in preamble
        if introduction and not (entry.authors or _titled_paper_link(unit)):
            entry, reason = None, "the list's introduction"
        if entry is None:
            if reason:
                result.skip(reason, unit.line_number, _text(unit))
            continue
        headings = [title for _, title in unit.headings]
        result.items.append(Imported(entry, headings, unit.line_number, _row_name(unit)))
    _drop_common_heading_prefix(result.items)
    return result


_RESOURCE_WORDS = frozenset(
    "tools tool libraries library frameworks framework software toolkits toolkit books book "
    "courses course resources implementations implementation datasets dataset blogs videos "
    "lectures talks packages codebases platforms".split()
)


def _resource_section(heading: str) -> bool:
    """A heading that names resources, not papers: ``Resources & Tools``, ``Books``,
    ``RL Frameworks & Implementations``, ``Libraries and Tools`` (one leading word such
    as a field's name is allowed)."""
    words = [w for w in re.findall(r"[A-Za-z]+", heading.lower()) if w not in ("and", "for")]
    if words and words[0] not in _RESOURCE_WORDS and len(words) > 1:
        words = words[1:]
    return bool(words) and all(word in _RESOURCE_WORDS for word in words)


def _dataset_paper(unit: Unit, venues: VenueTable) -> Entry | None:
    """The paper a dataset section's entry links to as ``[paper]``, arXiv or DOI."""
    labelled = any(
        piece.is_link and PAPER_LABELS.match(piece.text.strip(" []()"))
        for line in unit.lines
        for piece in line
    )
    entry, _ = read_unit(unit, venues)
    if entry is None or not (entry.arxiv or entry.doi or (labelled and entry.url)):
        return None
    return entry


def _fold_details(units: list[Unit], venues: VenueTable) -> list[Unit]:
    """Nested list items and further paragraphs that only add to their item (an author
    line, a venue line, a code link) become lines of it; a nested item that is a paper of
    its own (a titled link) stays a unit."""
    kept: list[Unit] = []
    kept_ids: set[int] = set()
    for unit in units:
        parent = unit.parent
        while parent is not None and id(parent) not in kept_ids:
            parent = parent.parent
        if parent is not None and not _is_own_paper(unit, venues):
            parent.lines.extend(unit.lines)
            continue
        year = (
            _YEAR_IN_BRACKETS.search(parent.lines[0][0].text) if parent and parent.summary else None
        )
        if year:  # "<summary>Title (2024)</summary>" over the paper's own entry
            unit.lines.append([Piece(year[1])])
        kept.append(unit)
        kept_ids.add(id(unit))
    return kept


def _is_own_paper(unit: Unit, venues: VenueTable) -> bool:
    for line in unit.lines:
        for piece in line:
            text = (piece.text or "").strip(" []")
            href = piece.href or ""
            if piece.is_link and len(text.split()) >= 3 and href.startswith(("http:", "https:")):
                return not is_code_host(urlsplit(href).netloc)
            if piece.strong and len(text.split()) >= 3 and not is_venue_or_date(text, venues):
                return True
    return False


def _heading_scope(unit: Unit, venues: VenueTable) -> Context:
    """The venue and the year the nearest headings give (``#### CVPR 2024``, ``### 2023``;
    a bare acronym such as ``## VQA`` is a topic, not a venue)."""
    scope = Context()
    headings = [heading for _, heading in unit.headings]
    if len(headings) >= 2 and re.fullmatch(YEAR_DIGITS, headings[-2].strip()):
        acronym = headings[-1].strip()  # "### 2025" then "#### ICSE": a venue of that year
        if ACRONYM.match(acronym) and len(acronym) <= 16:
            scope.venue, scope.year = acronym, int(headings[-2])
    for _, heading in reversed(unit.headings):
        if len(heading.split()) <= 6 and is_venue_or_date(heading, venues):
            found = read_context([heading], venues)
            scope.venue = scope.venue or found.venue
            scope.year = scope.year or found.year
        if scope.venue and scope.year:
            break
    return scope


def _titled_paper_link(unit: Unit) -> bool:
    """A link whose text is a title, to a paper (``[CLIP in medical imaging: A survey](
    https://arxiv.org/...)``)."""
    for line in unit.lines:
        for piece in line:
            titled = piece.is_link and len(piece.text.split()) >= 3 and piece.href
            if titled and not is_code_host(urlsplit(piece.href or "").netloc):
                return True
    return False


def _preamble(units: list[Unit]) -> set[int]:
    """The units between a list's title and its first section (its introduction: what
    the list is, news, how to cite it), when the list has sections. Only a reference
    with authors or a titled link to a paper there (the list's own survey, say) is read
    as an entry."""
    first = next((unit for unit in units if unit.headings), None)
    if first is None or len(first.headings) != 1:
        return set()
    title = first.headings[0]
    intro = set()
    for unit in units:
        if len(unit.headings) > 1 and unit.headings[0] == title:
            return intro  # the first section under the title: the introduction ends
        if unit.headings != [title]:
            return set()  # another top-level heading: no single title above everything
        intro.add(id(unit))
    return set()


def _venue_label(unit: Unit, venues: VenueTable) -> Context | None:
    """What a unit that is nothing but a venue or date tag says (``**CVPR'24**``,
    ``*NeurIPS 2023*``), else None."""
    pieces = [piece for line in unit.lines for piece in line if piece.text.strip()]
    if unit.cells or not pieces or any(piece.is_link for piece in pieces):
        return None
    text = " ".join(piece.text for piece in pieces).strip(" :[]()")
    styled = all(piece.strong or piece.em for piece in pieces)  # a long journal's name
    if len(text.split()) > (12 if styled else 6) or not is_venue_or_date(text, venues):
        return None
    return read_context([text], venues)


def _bare(heading: str) -> str:
    """A heading without its emoji and decoration: ``🔔 News`` → ``News``."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", heading)


def _text(unit: Unit) -> str:
    return " ".join(piece.text for line in unit.lines for piece in line if piece.text)


def _has_content(unit: Unit) -> bool:
    return any(piece.text.strip() or piece.href for line in unit.lines for piece in line)


def _drop_common_heading_prefix(items: list[Imported]) -> None:
    """Headings (nearly) every entry sits under — the list's title, "Papers" — are not
    sections. A heading is dropped when every deeper entry shares it and fewer than a
    quarter of the entries stop above it (those keep no section)."""
    paths = [item.headings for item in items]
    depth = 0
    while True:
        deeper = [path for path in paths if len(path) > depth]
        if not deeper or len({path[depth] for path in deeper}) != 1:
            break
        if (len(paths) - len(deeper)) * 4 >= len(paths):
            break
        depth += 1
    for item in items:
        item.headings = item.headings[depth:]


# ---------------------------------------------------------------- markdown → units


def _units(text: str) -> Iterator[Unit]:
    """The units of a markdown list, in order: list items' paragraphs, table rows, HTML
    table rows and ``<summary>`` cards, each with the headings above it."""
    return _UnitReader(_MARKDOWN.parse(text)).units()


_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


class _UnitReader:
    """Walks markdown-it's tokens once, keeping what the position means: the headings
    above, the open list items, a table row, an open ``<details>``, a contents list."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.headings: list[tuple[int, str]] = []
        self.header_cells: list[str] = []
        self.row: list[tuple[str, Token]] | None = None
        self.in_head = False
        self.cell_index = 0
        self.pending_heading: int | None = None
        self.items: list[Unit | None] = []  # the first unit of each open list item
        self.details: Unit | None = None  # the <summary> of an open <details> block
        self.groups: list[int] = []  # heading levels opened by "<summary>Nature（19）</summary>"
        self.html_table = ""  # an HTML table split over several blocks
        self.in_toc = False  # under a "Contents" heading, until the next heading

    def units(self) -> Iterator[Unit]:
        for index, token in enumerate(self.tokens):
            yield from self._step(index, token)

    def _step(self, index: int, token: Token) -> Iterator[Unit]:
        kind = token.type
        if kind == "list_item_open":
            self.items.append(None)
        elif kind == "list_item_close" and self.items:
            self.items.pop()
        elif kind == "html_block":
            yield from self._html(token)
        elif kind == "heading_open":
            self.pending_heading = int(token.tag[1])
        elif kind == "inline" and self.pending_heading is not None:
            self._enter(self.pending_heading, _plain(token).strip())
            self.pending_heading = None
            self.details = None  # an unclosed <details> ends at the next heading
        elif self.in_toc:
            return
        elif kind in ("thead_open", "thead_close", "tr_open", "tr_close"):
            yield from self._table_row(index, token)
        elif kind == "inline" and self.row is not None:
            self._cell(token)
        elif kind == "inline" and token.children is not None:
            yield self._paragraph(token)

    def _enter(self, level: int, title: str) -> None:
        self.headings, self.in_toc = _enter(self.headings, level, title)

    def _html(self, token: Token) -> Iterator[Unit]:
        content = token.content
        line = (token.map or [0])[0] + 1
        if self.html_table or "<table" in content.lower():
            self.html_table += content
            if "</table" in self.html_table.lower():
                yield from _html_table_units(self.html_table, self.headings, line)
                self.html_table = ""
            return
        heading = _HTML_HEADING.search(content)
        if heading:
            self._enter(int(heading[1]), text_of(heading[2]))
        summary = _SUMMARY.search(content)
        if summary and _GROUP_COUNT.search(text_of(summary[1])):
            # "<summary><b>Nature Medicine</b>（76）</summary>": a group, like a heading
            level = (self.headings[-1][0] if self.headings else 0) + 1
            self._enter(level, _GROUP_COUNT.sub("", text_of(summary[1])).strip())
            self.groups.append(level)
        elif summary:
            title = text_of(summary[1])
            unit = Unit([[Piece(title)]], list(self.headings), line, summary=True)
            self.details = unit if len(title.split()) >= 3 else None
            yield unit
        if summary and _MARKDOWN_AFTER.search(content[summary.end() :]):
            # "<summary>...</summary>" with the list right below it, no blank line between
            # (so the list is inside the HTML block): read it as markdown.
            offset = line - 1 + content[: summary.end()].count("\n")
            reader = _UnitReader(_MARKDOWN.parse(content[summary.end() :]))
            reader.headings = list(self.headings)
            for unit in reader.units():
                unit.line_number += offset
                unit.parent = unit.parent or self.details
                yield unit
        if "</details" in content.lower():
            self.details = None
            if self.groups and not summary:
                level = self.groups.pop()
                self.headings = [heading for heading in self.headings if heading[0] < level]

    def _table_row(self, index: int, token: Token) -> Iterator[Unit]:
        if token.type == "thead_open":
            self.in_head, self.header_cells = True, []
        elif token.type == "thead_close":
            self.in_head = False
        elif token.type == "tr_open":
            self.row, self.cell_index = [], 0
        elif self.row is not None:  # tr_close
            if self.row:
                yield _table_unit(self.row, list(self.headings), token_line(self.tokens, index))
            self.row = None

    def _cell(self, token: Token) -> None:
        if self.in_head:
            self.header_cells.append(_plain(token).strip().lower())
        else:
            cells = self.header_cells
            name = cells[self.cell_index] if self.cell_index < len(cells) else ""
            self.row.append((name, token))  # type: ignore[union-attr]
        self.cell_index += 1

    def _paragraph(self, token: Token) -> Unit:
        unit = Unit(_lines(token.children or []), list(self.headings), (token.map or [0])[0] + 1)
        items = self.items
        if items:
            # A second paragraph continues its item; a nested item's first paragraph
            # hangs off the enclosing item.
            unit.parent = items[-1] or next((u for u in reversed(items[:-1]) if u), None)
            if items[-1] is None:
                items[-1] = unit
        if unit.parent is None and self.details is not None:
            unit.parent = self.details  # what a <details> block holds under its summary
        return unit


_YEAR_IN_BRACKETS = re.compile(r"\((" + YEAR_DIGITS + r")\)\s*$")
_GROUP_COUNT = re.compile(r"\s*[(（]\s*\d{1,3}\s*[)）]\s*$")
_MARKDOWN_AFTER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.MULTILINE)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.IGNORECASE | re.DOTALL)
_TOC = re.compile(r"^\W*(?:table of contents?|contents?|toc|index|outline)\W*$", re.IGNORECASE)


def _enter(headings, level: int, title: str):
    """The heading path once a heading is met, and whether it opens a table of contents
    (which is no section: the headings after it are not inside it)."""
    path = [h for h in headings if h[0] < level]
    if _TOC.match(title):
        return path, True
    title = _GROUP_COUNT.sub("", title).strip()  # "Radiology Agents (39)": the count changes
    if title:
        path.append((level, title))
    return path, False


def _html_table_units(html: str, headings, line: int):
    """Units from the rows of an HTML table: the first row names the columns; a row of
    one wide cell heads the rows below it."""
    rows = table_rows(html)
    if not rows:
        return
    names = [cell.text.strip().lower() for cell in rows[0].cells]
    group: list[tuple[int, str]] = []
    for row in rows[1:]:
        if len(row.cells) == 1 and row.cells[0].span > 1:
            title = row.cells[0].text.strip(" 📖📘📗📕📙")
            group = [(7, title)] if title else []
            continue
        cells, cell_links, lines = {}, {}, []
        for position, cell in enumerate(row.cells):
            name = names[position] if position < len(names) else ""
            pieces = [Piece(cell.text, strong=cell.strong)]
            links = [Piece(text, href=href, is_link=True) for text, href in cell.links]
            cells[name] = cell.text
            cell_links[name] = links
            lines.append(pieces + links)
        yield Unit(lines, list(headings) + group, line + row.line - 1, cells, cell_links)


# Inline HTML that lists use as markdown: <b>/<strong>, <i>/<em>/<ins>/<u>, <a href>.
_INLINE_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Za-z]+)\b(?:[^>]*?\bhref\s*=\s*[\"']?(?P<href>[^\"'\s>]+))?[^>]*>"
)
_IMG_SRC = re.compile(r"\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_STRONG_TAGS = frozenset({"b", "strong"})
_EM_TAGS = frozenset({"i", "em", "ins", "u", "mark", "cite"})
_SHORTCODE = re.compile(r":[a-z0-9_+\-]{2,30}:")  # :star:, :rocket: (GitHub draws emoji)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)


def token_line(tokens: list[Token], index: int) -> int:
    for token in reversed(tokens[: index + 1]):
        if token.map:
            return token.map[0] + 1
    return 0


def _plain(token: Token) -> str:
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    )


def _lines(children: list[Token]) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    strong = em = sup = 0
    link: Piece | None = None
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and re.match(r"<br\s*/?>", child.content, re.I)
        ):
            if link is None and kind == "softbreak" and (strong or em) and lines[-1]:
                lines[-1][-1].text += " "  # emphasis wrapped over two lines is one phrase
            elif link is None:
                lines.append([])
            else:
                link.text += " "  # a title wrapped inside its link
            continue
        if kind == "html_inline":
            tag = _INLINE_TAG.match(child.content)
            if tag is None:
                continue
            name, closing = tag["name"].lower(), bool(tag["close"])
            step = -1 if closing else 1
            if name in _STRONG_TAGS:
                strong = max(0, strong + step)
            elif name in _EM_TAGS:
                em = max(0, em + step)
            elif name == "a" and closing and link is not None:
                lines[-1].append(link)
                link = None
            elif name == "a" and not closing and link is None and tag["href"]:
                link = Piece("", href=html.unescape(tag["href"]), is_link=True)
            elif name == "img":
                src = _IMG_SRC.search(child.content)
                note = badge_message(html.unescape(src[1])) if src else None
                if link is not None:
                    link.image = True
                    link.note = note or link.note
                elif note:
                    lines[-1].append(Piece("", image=True, note=note))
            elif name == "sup":
                sup = max(0, sup + step)  # affiliation and footnote marks: "Zhou<sup>1,*</sup>"
                if lines[-1]:
                    lines[-1].append(Piece(" "))
            elif lines[-1] and name in ("sub", "span", "font", "code"):
                lines[-1].append(Piece(" "))  # a boundary: "Name<sup>1</sup>"
            continue
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            link = Piece(
                "",
                href=str(child.attrs.get("href", "")),
                title=str(child.attrs["title"]) if child.attrs.get("title") else None,
                is_link=True,
            )
        elif kind == "link_close" and link is not None:
            lines[-1].append(link)
            link = None
        elif sup and kind == "text":
            continue
        elif kind in ("text", "code_inline", "image"):
            content = _SHORTCODE.sub("", child.content) if kind == "text" else child.content
            note = ""
            if kind == "image":
                content = ""
                note = badge_message(str(child.attrs.get("src", ""))) or ""
            target = link
            last = lines[-1][-1] if lines[-1] else None
            same_style = last is not None and not (last.is_link or last.image)
            same_style = same_style and (last.strong, last.em) == (strong > 0, em > 0)
            if target is None and same_style and kind == "text":
                last.text += content  # one run of text, even across a wrapped line
            elif target is None:
                lines[-1].append(
                    Piece(content, strong=strong > 0, em=em > 0, image=kind == "image", note=note)
                )
            else:
                target.text += content
                target.strong |= strong > 0
                target.em |= em > 0
                target.image |= kind == "image"
                target.note = note or target.note
    return [line for line in lines if line]


def _table_unit(row: list[tuple[str, Token]], headings, line: int) -> Unit:
    cells, cell_links, lines = {}, {}, []
    for name, token in row:
        pieces = [piece for line_ in _lines(token.children or []) for piece in line_]
        cells[name] = " ".join("".join(piece.text for piece in pieces).split())
        cell_links[name] = [piece for piece in pieces if piece.is_link]
        lines.append(pieces)
    return Unit(lines, headings, line, cells, cell_links)


# ---------------------------------------------------------------- unit → entry


@dataclass
class _Link:
    label: str
    url: str
    title: str | None = None
    strong: bool = False
    label_only: bool = False  # written as ``[[label](url)]``: never the title


def _is_badge(link: _Link) -> bool:
    return is_badge(link.url)


def _is_code(link: _Link) -> bool:
    """A code or project link: labelled so, or on a code host (GitHub, GitLab, Hugging
    Face...) unless labelled as the paper itself (``[pdf]``, ``[arXiv]``)."""
    label = link.label.strip(" []").lower()
    found = ids.identifier_from_url(link.url)
    if found is not None and found.kind in ("arxiv", "doi"):
        return False  # "[[project]](https://arxiv.org/abs/...)": still the paper
    if CODE_LABELS.match(label):
        return True
    if _PAPER_ITSELF.match(label):
        return False
    return is_code_host(urlsplit(link.url).netloc)


_PAPER_ITSELF = re.compile(r"^(?:paper|pdf|arxiv|doi|abs|abstract|openreview)$", re.IGNORECASE)


def _is_anchor(link: _Link) -> bool:
    return link.url.startswith("#") or (
        "github.com" in link.url and "#" in link.url and link.url.count("/") <= 5
    )


def read_unit(
    unit: Unit, venues: VenueTable, scope: Context | None = None
) -> tuple[Entry | None, str | None]:
    """The paper a unit describes, or (None, why it is not one)."""
    if unit.cells:
        return _read_row(unit, venues, scope or Context())
    if not unit.lines:
        return None, None
    links, images = [], 0
    for line in unit.lines:
        for index, piece in enumerate(line):
            images += piece.image
            href = piece.href or ""
            badge_code = piece.image and is_code_host(urlsplit(href).netloc)
            # A badge linking to the paper: [![arXiv](...badge...)](https://arxiv.org/abs/...)
            badge_paper = piece.image and ids.identifier_from_url(href) is not None
            textual = not piece.image and piece.text.strip(" []")
            if piece.is_link and (badge_code or badge_paper or textual):
                label = piece.text if textual else ("code" if badge_code else "paper")
                link = _Link(label, unwrap_redirect(href), piece.title)
                link.strong = piece.strong
                link.label_only = _in_brackets(line, index)
                links.append(link)
    links = [link for link in links if not _is_badge(link)]
    text_all = " ".join(piece.text for line in unit.lines for piece in line).strip()
    if not text_all.strip(" []|()") and images:
        return None, "badges and images"
    if links and all(_is_anchor(link) for link in links):
        return None, "table-of-contents links"
    return _read_card(unit, links, venues, scope or Context())


def _read_card(unit: Unit, links: list[_Link], venues: VenueTable, scope: Context):
    """One unit as an entry, or None and why it is not a paper."""
    lines = _joined_wrapped_title(unit.lines)
    first = _joined_name_prefix(lines[0])
    title, title_piece = _bold_title(first, links, venues)
    title_link = None
    if title is None:
        title, title_link = _link_title(first, links, venues)
    if sum(bool(_QUOTED.search(_beside(line, None))) for line in lines) > 1:
        return None, "a block of several references"
    citation = None
    if title is None:
        plain_first = _beside(first, None)
        citation = read_citation(plain_first.replace(" | ", " "), venues)
        title = citation.title if citation is not None else _written_title(plain_first, venues)
        quoted = citation is None and title and _QUOTED.search(plain_first)
        if quoted and quoted[1] == title:  # "... was proposed by “Title” by A et al. It ..."
            before, after = plain_first[: quoted.start()], plain_first[quoted.end() :]
            if _sentence_words(before, venues) and _sentence_words(after, venues):
                return None, "prose mentioning a paper"
    if not title:
        return None, "no title"
    beside = [_beside(first, title_piece, marks=True).replace(title, TITLE_MARK, 1)]
    beside += [_beside(line, None, marks=True) for line in lines[1:]]
    title = _LEADING_SYMBOLS.sub("", title).strip() or title
    talk = bool(_TALK_TITLE.search(title))  # "Knowledge Editing for LLMs, AAAI 2024 Tutorial"
    labels = [link.label.strip(" []").lower() for link in links if link is not title_link]
    if labels and all(_TALK_OR_TOOL.match(label) for label in labels):
        return None, "a tutorial, talk or tool (its links are slides, videos or docs)"
    stripped = _strip_tags(title, venues) or title
    removed = title.replace(stripped, " | ", 1)
    if stripped != title and not _TRAILING_ALIAS.search(title[len(stripped) :] or " "):
        beside.append(removed)  # the tags cut from the title ("Title, TMM 2023") still count
    title = _unquoted(stripped)
    entry = Entry(key="", title=clean_title(title))
    everything = "\n".join("".join(p.text for p in line if not p.is_link) for line in lines)
    _read_venue_and_dates(entry, everything, venues, _badge_notes(lines))
    entry.authors, entry.authors_truncated = _authors(lines, venues)
    if citation is not None:
        _fill(entry, citation.context)
    weak_venue = _take_context(entry, beside, venues)
    for label in _author_year_labels(links):  # "[Gulshan et al. 2016](url). Title."
        if not entry.authors:
            entry.authors, entry.authors_truncated = read_author_list(label["names"])
        entry.year = entry.year or int(label["year"])
    if weak_venue and entry.venue and _nickname(entry.venue, first):
        entry.venue, weak_venue = None, False  # "Title (**MIMIC-CXR**)": the list's name for it
    if _prose_around(first, title_piece, title_link, title, venues):
        return None, "prose mentioning a paper"
    problem = _take_links(entry, links, title_link)
    if problem:
        return None, problem
    if not (entry.arxiv or entry.doi):  # "... (2014). https://doi.org/10.1038/ng.2892"
        _identifiers_in_text(entry, everything)
    identified = entry.arxiv or entry.doi
    if (talk or _TALK_TITLE.search(_beside(first, None))) and not identified:
        return None, "a tutorial or talk"  # "... *ACL 2016 Tutorial*."
    if not identified and _book_links(links):
        return None, "a book"
    if _author_line(entry.title) or _AFFILIATIONS.search(entry.title):
        return None, "an author or affiliation line"
    if _FIRST_PERSON.match(entry.title) or _ABOUT_THE_LIST.search(_beside(first, None)):
        return None, "an announcement"
    evidence = entry.arxiv or entry.doi or paper_like_url(entry.url) or entry.authors
    evidence = evidence or (not weak_venue and _venue_evidence(entry, venues))
    if entry.code and not (evidence or scope.venue):
        return None, "a code or tool link without a paper"
    if not (evidence or scope.venue):
        return None, "no paper link, authors or venue"
    _fill(entry, scope)  # the venue label or heading above
    return entry, None


_PREFIXED_TITLE = re.compile(
    r"\s*[:：]\s*(?![\"“])(?P<title>[^\[\]()\"“]+?)(?=\s*(?:[\[(]|\.\s|\.?$))"
)


def _joined_wrapped_title(lines: list[list[Piece]]) -> list[list[Piece]]:
    """``- ChiMed-GPT: A Chinese Medical Large Language Model with Full`` then ``Training
    Regime and Better Alignment ... [[Paper]](...)``: a plain title wrapped onto the next
    line (which is no author list: no comma, no "et al.") is one line."""
    if len(lines) < 2 or not all(_plain_piece(piece) for piece in lines[0]):
        return lines
    first = "".join(piece.text for piece in lines[0]).rstrip()
    if not first or re.search(r"[.!?:;,)\]\\]$", first) or len(first.split()) < 3:
        return lines
    lead = []
    for piece in lines[1]:
        if not _plain_piece(piece):
            break
        lead.append(piece.text)
    continued = "".join(lead).strip()
    if not continued or "," in continued or "et al" in continued or continued[0].isdigit():
        return lines
    if not any(piece.is_link for piece in lines[1]):
        return lines  # the link the title leads to must follow on the second line
    return [[*lines[0], Piece(" "), *lines[1]], *lines[2:]]


def _plain_piece(piece: Piece) -> bool:
    return not (piece.is_link or piece.strong or piece.em or piece.image)


def _author_year_labels(links: list[_Link]) -> list[re.Match[str]]:
    return [m for link in links if (m := AUTHOR_YEAR_LABEL.match(link.label.strip()))]


def _name_and_title(name: str, title: str) -> str:
    """``MedPaLM 2`` + ``Towards expert-level ...`` → ``MedPaLM 2: Towards ...``; but a
    title with a name of its own (``Quilt-1M: One Million ...``) stands alone."""
    title = title.strip()
    if re.match(r"^[^\s:]+(?:\s[^\s:]+)?:\s", title):
        return title
    return f"{name.strip()}: {title}"


def _joined_name_prefix(line: list[Piece]) -> list[Piece]:
    """``**MedPaLM 2**: Towards expert-level ...``: a bold name, a colon and the title
    after it, joined into one bold piece ``MedPaLM 2: Towards expert-level ...``."""
    for index, piece in enumerate(line[:-1]):
        if not piece.strong or piece.is_link or _bracketed(line, index):
            continue
        after = line[index + 1]
        match = _PREFIXED_TITLE.match(after.text)
        words = len(piece.text.split())
        if after.is_link or after.strong or match is None or not 1 <= words <= 4:
            return line
        if len(match["title"].split()) < 3:
            return line
        joined = Piece(_name_and_title(piece.text, match["title"]), strong=True)
        rest = Piece(after.text[match.end() :], em=after.em)
        return [*line[:index], joined, rest, *line[index + 2 :]]
    return line


def _bold_title(first: list[Piece], links: list[_Link], venues: VenueTable):
    """A bold title that is not a bracketed venue or a venue tag, nor a short name beside
    a longer titled link or quoted title (``**DPR** [Dense Passage ...](url)``): the
    title and its piece, or (None, None)."""
    longer = max(
        [len(link.label.split()) for link in links if not link.label_only]
        + [len(match.split()) for match in _QUOTED.findall(_beside(first, None))]
        + [0]
    )
    for index, piece in enumerate(first):
        if piece.strong and not piece.is_link and not _bracketed(first, index):
            candidate = piece.text.strip()
            words = len(candidate.split())
            if words < 2 or (words <= 8 and is_venue_or_date(candidate, venues)):
                continue
            if _own_words(first[:index], venues) >= 3:
                break  # bold after a written reference: a category, not the title
            if words <= 4 and longer > words:
                break
            return candidate, piece
    return None, None


def _link_title(first: list[Piece], links: list[_Link], venues: VenueTable):
    """A link whose text (or hidden reference title) is a title: the title and the link,
    or (None, None)."""
    for link in links:
        text = (link.title or link.label).strip()
        if link.title and link.url.startswith("#"):
            return text, None
        if _is_anchor(link):
            continue
        if link.label_only and (len(text.split()) < 3 or _own_words(first, venues) >= 3):
            continue  # [[paper](url)], or a label beside a written title
        if is_venue_or_date(text, venues) or AUTHOR_YEAR_LABEL.match(text):
            continue  # [NeurIPS 2024 Website](...), [Gulshan et al. 2016](...)
        if len(text.split()) >= 3 and not PAPER_LABELS.match(text):
            return text, link
    return None, None


def _written_title(plain_first: str, venues: VenueTable) -> str | None:
    """A quoted title, else the first line's own text without its tags, when it reads as
    a title and not as prose."""
    quoted = _QUOTED.search(plain_first)
    if quoted and len(quoted[1].split()) >= 3:
        return quoted[1]
    candidate = _BRACKET.sub(" ", plain_first)
    candidate = re.sub(r"\$[^$]*\$", " ", candidate)
    # A styled or linked tag beside the title: "<ins>arXiv, 2024</ins>", "(**Findings**)",
    # or a journal after the title's sentence: "Title. <em>PLOS Medicine</em>."
    pieces = candidate.split(" | ")
    while len(pieces) > 1 and (
        _tag_or_nothing(pieces[-1], venues)
        or _bracketed_tag(pieces[-2], pieces[-1])
        or _journal_after_sentence(pieces[-2], pieces[-1])
    ):
        pieces.pop()
    while len(pieces) > 1 and _tag_or_nothing(pieces[0], venues):
        pieces.pop(0)
    candidate = _strip_tags(" ".join(pieces), venues)
    words = len(re.split(r"[\s\-]+", candidate.strip()))  # Piano-Skills-Assessment
    if words >= 2 and len(candidate.split()) <= 40 and not _is_prose(candidate):
        return candidate
    return None


_SMALL_WORDS = frozenset({"of", "and", "on", "in", "the", "for", "at", "&"})


_WRITTEN_IDENTIFIER = re.compile(
    r"https?://[^\s<>()\[\]]+|\barxiv:\s?\d{4}\.\d{4,5}|\bdoi:\s?10\.\d{4,9}/\S+", re.I
)


def _identifiers_in_text(entry: Entry, text: str) -> None:
    """An arXiv id, DOI or paper page the entry writes out instead of linking
    (``[CVPR2022] https://openaccess.thecvf.com/...``)."""
    for token in _WRITTEN_IDENTIFIER.findall(text):
        url = token.rstrip(".,;:)]")
        found = ids.identifier_from_url(url)
        if found is not None and found.kind == "arxiv" and not entry.arxiv:
            entry.arxiv = found.value
        elif found is not None and found.kind == "doi" and not entry.doi:
            entry.doi = found.value
        elif found is None and url.startswith("http") and not entry.url:
            host = urlsplit(url).netloc.lower()
            if not is_code_host(host) and not is_badge(url) and paper_like_url(url):
                entry.url = url


def _venue_evidence(entry: Entry, venues: VenueTable) -> bool:
    """Whether the entry's venue shows it is a paper: a venue the table knows, an
    acronym or a journal's name ("arXiv" only with an arXiv id). "Cost-Effective
    Pre-trained Language Models, 2021" beside a repository link is a tool's tagline."""
    venue = entry.venue
    if not venue:
        return False
    if venue.lower() == "arxiv":
        return bool(entry.arxiv)
    words = [
        word for word in re.findall(r"[A-Za-z][\w'-]*", venue) if word.lower() not in _SMALL_WORDS
    ]
    plausible = venues.match(venue) is not None or ACRONYM.match(venue.split()[0])
    return bool(plausible or _VENUE_WORD.search(venue) or len(words) <= 2)


def _names_venue(tail: str, found: Context, venues: VenueTable) -> bool:
    """Whether a title's comma tail before its date is a venue's name: one the table
    knows whole, or an acronym (``NeurlPS``)."""
    name = tail.split(",")[0].strip()
    return venues.names(name) or bool(ACRONYM.match(name) or _VENUE_WORD.search(name))


_VENUE_WORD = re.compile(
    r"\b(?:transactions|trans\.|journal|conference|proceedings|letters|symposium|workshop|"
    r"magazine|annals|bulletin)\b",
    re.IGNORECASE,
)


def _name_cased(text: str) -> bool:
    """Words that name something (``ACM Trans. Multimedia Comput. 2022``), not a phrase
    (``a freely accessible dataset. 2023``)."""
    words = [word for word in re.findall(r"[^\W\d_][\w.\-]*", text) if word not in _SMALL_WORDS]
    return all(word[0].isupper() for word in words)


# Announcements and instructions: "We have released ...", "Please cite ...".
_FIRST_PERSON = re.compile(
    r"^(?:(?i:we|our|i)\s+[a-z]|(?i:please|check out|feel free|thanks?|welcome|if you|"
    r"note that|stay tuned)\b)"
)
_ANNOUNCING = re.compile(
    r"^(?i:here (?:is|are)|we\b|our\b|please|check out|see (?:also|our)|thanks|"
    r"this (?:repo|repository|list|project)\b)"
)
# Lines about the list itself: "[Ongoing] This repository is being actively curated",
# "[Contributions Welcome] PRs for missing papers", "2024.05 update ... Papers Collection".
_ABOUT_THE_LIST = re.compile(
    r"\b(?:this (?:repo|repository|list|project|collection) (?:is|was|will|has)|"
    r"contributions? (?:are )?welcome|pull requests?|PRs? (?:for|are|welcome)|"
    r"papers? (?:collection|list)\b|thanks @|star history|actively (?:updated|curated|maintained))",
    re.IGNORECASE,
)
_TALK_TITLE = re.compile(r"\b(?:tutorial|talk|keynote|lecture|slides|course)s?\W*$", re.I)
# Two or more institutions: "1University of Oxford, 2Imperial College London, ..."
_AFFILIATIONS = re.compile(
    r"(?:universit|institut|college|laborator|hospital)\w*\b[^,]*,[^,]*"
    r"\b(?:universit|institut|college|laborator|hospital)",
    re.IGNORECASE,
)


_BOOK_HOST = re.compile(r"(?:^|\.)(?:books\.google\.[a-z.]+|manning\.com|oreilly\.com)$")
_BOOK_PATH = re.compile(r"/books?/", re.IGNORECASE)


def _book_links(links: list[_Link]) -> bool:
    """Whether the entry's paper links are a book's: ``[Book](...)`` labels, Google
    Books, a publisher's book page, a ``/book/`` path."""
    papers = [link for link in links if not _is_code(link)]
    if not papers:
        return False
    for link in papers:
        parts = urlsplit(link.url)
        labelled = link.label.strip(" []").lower() == "book"
        if not (
            labelled or _BOOK_HOST.search(parts.netloc.lower()) or _BOOK_PATH.search(parts.path)
        ):
            return False
    return True


def _author_line(text: str) -> bool:
    """Three or more names and nothing else: a header's author line, not a title."""
    if text.count(",") < 2:
        return False
    parts = [part.split() for part in re.split(r",|\band\b|&", text) if part.strip()]
    named = all(word[0].isupper() or word in PARTICLES for part in parts for word in part)
    shaped = len(parts) >= 3 and all(2 <= len(part) <= 4 for part in parts)
    return named and shaped and looks_like_authors(text)


def paper_like_url(url: str | None) -> bool:
    """A link that can be a paper's page: deeper than a site's front page or app
    (``https://hpo.jax.org/app/`` is a website, not a paper)."""
    if not url:
        return False
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host.endswith(".github.io"):
        return True  # a project page
    if _VIDEO_HOST.search(host):
        return False  # a talk or a video of one
    path = [segment for segment in parts.path.split("/") if segment]
    return len(path) >= 2 or bool(parts.query) or (bool(path) and path[0] not in _SITE_PAGES)


_VIDEO_HOST = re.compile(r"(?:^|\.)(?:youtube\.com|youtu\.be|bilibili\.com|vimeo\.com)$")
_SITE_PAGES = frozenset({"app", "home", "index", "index.html", "about", "en", "docs", "wiki"})


_TYPE_CODE = re.compile(r"\s*\[(?:J|C|M|D|R|P|S|N|A|Z|[A-Z]{1,2}/OL)\]\s*$")  # GB/T 7714
_QUOTES = "\"“”'‘’"


def _unquoted(title: str) -> str:
    """A title without the quotes around it (``"Title"``, ``Title"`` cut from a quoted
    bold title) or a citation's document-type code (``Title[J]``)."""
    title = _TYPE_CODE.sub("", title).strip()
    if len(title) > 2 and title[0] in _QUOTES and title[-1] in _QUOTES:
        return title[1:-1].strip()
    if title and title[-1] in '"”' and title.count('"') + title.count("“") + title.count("”") == 1:
        return title[:-1].strip()
    if title and title[0] in '"“' and title.count('"') + title.count("“") + title.count("”") == 1:
        return title[1:].strip()
    return title


def _nickname(name: str, line: list[Piece]) -> bool:
    """Whether ``name`` stands alone in brackets in ``line``: ``(**CheXprompt**)``."""
    text, name = _beside(line, None), re.escape(name)
    inside = rf"[(\[]\s*\|\s*{name}\s*\|\s*[)\]]"  # (**MIMIC-CXR**)
    around = rf"(?:^|\|)\s*[(\[]\s*{name}\s*[)\]]\s*(?:\||$)"  # **[LLaRP]**
    return bool(re.search(inside, text) or re.search(around, text))


def _journal_after_sentence(before: str, piece: str) -> bool:
    piece = piece.strip(" .,;")
    return before.rstrip().endswith(".") and 1 <= len(piece.split()) <= 8 and _name_cased(piece)


def _bracketed_tag(before: str, piece: str) -> bool:
    """A short styled tag in brackets after a title: ``(**Findings**)``, ``(**RadGPT**)``."""
    return before.rstrip().endswith(("(", "[")) and 1 <= len(piece.split()) <= 4


def _tag_or_nothing(text: str, venues: VenueTable) -> bool:
    text = text.strip(" \t[]().,;:|-–")
    return not text or (len(text.split()) <= 6 and is_venue_or_date(text, venues))


def _take_links(entry: Entry, links: list[_Link], title_link: _Link | None) -> str | None:
    """Put the paper and code links on ``entry``; why not, when they are several papers'."""
    paper_links = [link for link in links if not _is_code(link) and not _is_anchor(link)]
    code_links = [link for link in links if _is_code(link)]
    if title_link is not None and title_link in code_links:
        # A titled link to a repository is the code (a tool, if nothing else is given);
        # to a project page (github.io), the paper's page.
        host = urlsplit(title_link.url).netloc.lower()
        if host.endswith(".github.io"):
            code_links.remove(title_link)
    if title_link is not None and title_link not in paper_links + code_links:
        paper_links.insert(0, title_link)
    found = {ids.identifier_from_url(link.url) for link in paper_links if link.url}
    found.discard(None)
    if len({(i.kind, i.value) for i in found}) > 2:
        return "prose with several paper links"
    _apply_links(entry, paper_links, code_links)
    return None


# A reference's author-year label used as its link: "Gulshan et al. 2016",
# "Karplus and McCommon 2002", "Ioannidis, 2005".
AUTHOR_YEAR_LABEL = re.compile(
    r"^(?P<names>[A-Z][\w'’\-]+(?:\s+(?:and|&)\s+[A-Z][\w'’\-]+|\s+et\.?\s*al\.?)?),?\s+"
    r"\(?(?P<year>(?:19|20)\d\d)[a-z]?\)?$"
)
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,300})[\"”]")
# A lower-case category before a title: "(black-box (defense)) Title", "(survey) Title".
_CATEGORY_TAG = re.compile(r"^\s*\((?=[a-z])(?:[^()]|\([^()]*\))*\)\s+(?=[A-Z0-9])")
_LEAD_TAG = re.compile(r"^\s*[(\[]\s*([^()\[\]]{1,60}?)\s*[)\]]")
_TRAIL_TAG = re.compile(r"[(\[]\s*([^()\[\]]{1,60}?)\s*[)\]]?\s*$")


TITLE_MARK = " | \x04 | "  # where the title stood in the text beside it
_SENTENCE_END = re.compile(r"[a-z0-9)]{2}[.!]\s+[A-Z]")  # titles ask questions, not tell


def _is_prose(text: str) -> bool:
    """Sentences, not a title: two sentences, or a very long run of words."""
    words = len(text.split())
    return words > 30 or (words > 15 and bool(_SENTENCE_END.search(text)))


def _beside(line: list[Piece], skip: Piece | None, *, marks: bool = False) -> str:
    """A line's own text (links and ``skip`` left out), with `` | `` where a link, a
    change of emphasis or the skipped piece stood, so that they cut segments."""
    out: list[str] = []
    style = None
    for piece in line:
        if piece.is_link or piece is skip:
            out.append(" | ")
            style = None
            continue
        current = (piece.strong, piece.em)
        if style is not None and current != style:
            out.append(" | ")
        emphasised = marks and piece.em and not piece.strong
        out.append(f"\x02{piece.text}\x03" if emphasised else piece.text)
        style = current
    return "".join(out)


def is_venue_or_date(text: str, venues: VenueTable) -> bool:
    """True for a tag such as ``CVPR'24``, ``Nature Medicine 2024`` or ``May 2024`` (a
    bare acronym such as ``(DQN)`` is no proof)."""
    found = read_context([text], venues)
    venue = found.venue is not None and not found.weak_venue
    return (venue or found.year is not None) and not found.authors


def _strip_tags(text: str, venues: VenueTable) -> str:
    """A title candidate without the venue and date tags written before or after it:
    ``(NeurIPS'23) Title``, ``Title (WWW 2021)``, ``Title, TMM 2023``, ``Title, IEEE
    Transactions on Multimedia, 2021``."""
    edges = " \t|-–:·"
    text = _CATEGORY_TAG.sub("", text.strip(edges))
    for _ in range(4):
        before = text
        lead = _LEAD_TAG.match(text)
        if lead and is_venue_or_date(lead[1], venues):
            text = text[lead.end() :].strip(edges)
        trail = _TRAIL_TAG.search(text)
        if trail and is_venue_or_date(trail[1], venues):
            text = text[: trail.start()].strip(edges)
        label = text.rsplit(",", 1)
        if len(label) == 2 and (PAPER_LABELS.match(label[1].strip()) or not label[1].strip()):
            text = label[0].strip(edges)  # "Title, pdf"
        parts = text.rsplit(",", 3)
        cut_at = None
        for cut in range(len(parts) - 1, 0, -1):  # a date, then the venue before it
            tail = ",".join(parts[cut:])
            head = ",".join(parts[:cut])
            if len(head.split()) < 3 or len(tail.split()) > 8:
                break
            found = read_context([tail], venues)
            venue = found.venue is not None and not found.weak_venue
            dated = cut_at is None and found.year and _name_cased(tail)  # "May 2024"
            if found.authors or not (venue or dated):
                break
            if venue and cut_at is not None and not _names_venue(tail, found, venues):
                break  # "...: Advances, Frontiers and Future, 2023.09": the title's words
            cut_at = cut
            if venue:
                break
        if cut_at is not None:
            text = ",".join(parts[:cut_at]).strip(edges)
        if text == before:
            break
    return strip_brackets(text.strip(edges))


def strip_brackets(text: str) -> str:
    """``text`` without the brackets at its ends that close or open nothing inside it:
    ``(Title]`` → ``Title``, but ``GPT-4V(ision)`` and ``X-ray(s)`` keep theirs."""
    text = text.strip()
    while text:
        if text[-1] in "([" or text[0] in ")]":  # opens or closes nothing
            text = (text[:-1] if text[-1] in "([" else text[1:]).strip()
        elif text[-1] in ")]" and text.count(text[-1]) > text.count(_PAIRS[text[-1]]):
            text = text[:-1].rstrip()
        elif text[0] in "([" and text.count(text[0]) > text.count(_PAIRS[text[0]]):
            text = text[1:].lstrip()
        elif (alias := _TRAILING_ALIAS.search(text)) and len(text[: alias.start()].split()) >= 3:
            text = text[: alias.start()].rstrip()  # "... Learning (DQN)": the list's nickname
        elif text[0] in "([" and text[-1] == _PAIRS[text[0]] and _wraps(text):
            text = text[1:-1].strip()  # "[Title]" whole
        else:
            break
    return text


_PAIRS = {"(": ")", ")": "(", "[": "]", "]": "["}
# A nickname in brackets after a title: one or two words, one of them an acronym (DQN,
# AlphaGo Zero, REINFORCE), never "(Extended Abstract)".
_TRAILING_ALIAS = re.compile(
    r"\s[(\[](?=[^()\[\]]*[A-Z][^\s()\[\]]*[A-Z0-9])[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?[)\]]$"
)


def _wraps(text: str) -> bool:
    """Whether the bracket at ``text``'s start closes at its end."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "([" and 1) or 0
        depth -= (char in ")]" and 1) or 0
        if depth == 0:
            return index == len(text) - 1
    return False


_NICKNAME_AFTER_SENTENCE = re.compile(r"(?<=\.)\s*\(\s*[A-Za-z][\w\-]{1,29}\s*\)")
_NICKNAME_AFTER = re.compile(r"^[\s.,:|]*\(\s*([^()\s]{2,30})\s*\)")


def _take_context(entry: Entry, beside: list[str], venues: VenueTable) -> bool:
    """Fill what the title's surroundings say and the entry still lacks; True when the
    venue it gave is only a guess (emphasis), no proof that this is a paper."""
    before, _, after = beside[0].rpartition(TITLE_MARK)
    nickname = _NICKNAME_AFTER.match(after)  # "Title. (CT-CLIP) [[paper]](...)"
    if nickname and not is_venue_or_date(nickname[1], venues):
        after = " | " + after[nickname.end() :]
    later = [_NICKNAME_AFTER_SENTENCE.sub(" | ", line) for line in beside[1:]]
    found = read_context([after, *(line for line in later if not is_note_line(line))], venues)
    # Before the title, a bare acronym is the paper's nickname ("**RoboSpatial**: ..."),
    # not its venue.
    earlier = read_context([before], venues, acronyms=False)
    if earlier.venue and (found.venue is None or found.weak_venue):
        found.venue, found.weak_venue = earlier.venue, earlier.weak_venue
    if found.year is None or found.year == earlier.year:
        found.month = found.month or earlier.month
    found.year = found.year or earlier.year
    found.date = found.date or earlier.date
    if not found.authors:
        found.authors, found.truncated = earlier.authors, earlier.truncated
    _fill(entry, found)
    return found.weak_venue and entry.venue == found.venue


def _fill(entry: Entry, found: Context) -> None:
    if not entry.authors and found.authors:
        entry.authors, entry.authors_truncated = found.authors, found.truncated
    entry.date = entry.date or found.date
    if entry.year in (None, found.year) and not entry.date:
        entry.month = entry.month or found.month  # "202405", "arXiv'2401", "May 2024"
    entry.year = entry.year or found.year
    entry.venue = entry.venue or found.venue


_TALK_OR_TOOL = re.compile(
    r"^(?:slides?|video|talk|recording|youtube|docs?|documentation|api|install|pypi)$"
)


def _prose_around(
    line: list[Piece],
    title_piece: Piece | None,
    title_link: _Link | None,
    title: str,
    venues: VenueTable,
) -> bool:
    """A sentence that mentions a paper ("Our survey **Title** is accepted by ..."),
    with words of a sentence before and after the title, or a tutorial or talk, rather
    than a list entry."""
    position = next(
        (
            index
            for index, piece in enumerate(line)
            if piece is title_piece
            or (title_link is not None and piece.is_link and piece.href == title_link.url)
        ),
        None,
    )
    if position is None:
        return False  # a title taken from plain text has nothing around it
    paper = title_link is not None and ids.identifier_from_url(title_link.url) is not None
    if not paper and _ANNOUNCING.match(_own_text(line[:position]).strip(" -*[]")):
        return True  # "Here is our [Chinese book sales page](...)", not "Our survey: [...](arXiv)"
    return _sentence_words(_own_text(line[:position]), venues) and _sentence_words(
        _own_text(line[position + 1 :]), venues
    )


def _own_text(pieces: list[Piece]) -> str:
    return " ".join(piece.text for piece in pieces if not piece.is_link)


def _sentence_words(text: str, venues: VenueTable) -> bool:
    """Words of a sentence in ``text`` ("Our survey", "is accepted by"): two or more
    that are no author list, venue or date, one of them a lower-case word."""
    leftover: list[str] = []
    for segment in segments(text):
        found = read_context([segment], venues)
        if not (found.authors or found.venue or found.year):
            leftover += re.findall(r"[A-Za-z]{2,}", segment)
    return len(leftover) >= 2 and any(word.islower() and len(word) >= 3 for word in leftover)


def _own_words(line: list[Piece], venues: VenueTable) -> int:
    """Words of a line's own text (links left out) that are not an author list, a
    venue or a date: a title written in the line, if there are three or more."""
    words = 0
    for segment in segments(_beside(line, None)):
        for part in segment.split(","):
            part = part.strip()
            if not part or "@" in part or is_venue_or_date(part, venues):
                continue  # "2017 @ Google DeepMind": a year and an affiliation
            if looks_like_authors(part) or looks_like_authors(f"{part} et al."):
                continue
            words += len(part.split())
    return words


def _in_brackets(line: list[Piece], index: int) -> bool:
    """A link written inside literal brackets: ``[[paper](url)]``, ``[[a](u), [b](u)]``."""
    before = line[index - 1].text if index > 0 else ""
    after = line[index + 1].text if index + 1 < len(line) else ""
    return before.rstrip().endswith("[") or after.lstrip().startswith("]")


def _bracketed(line: list[Piece], index: int) -> bool:
    before = line[index - 1].text if index > 0 else ""
    after = line[index + 1].text if index + 1 < len(line) else ""
    return before.rstrip().endswith("[") and after.lstrip().startswith("]")


def _authors(lines: list[list[Piece]], venues: VenueTable) -> tuple[list[str], bool]:
    """The author line of a card: a line of names (emphasised, or name-like), up to its
    first sentence end or venue tag (``A, B. Preprint'25``, ``A, B FSE'24``)."""
    for index, line in enumerate(lines[1:], start=1):
        texts = [p for p in line if p.text.strip()]
        if not texts or any(p.is_link for p in texts):
            continue
        joined = "".join(p.text for p in texts).strip().rstrip("\\").strip()
        for more in lines[index + 1 :]:  # one name a line: "Jianing Qiu," / "Lin Li," / ...
            if not re.search(r"(?:,|\band)$", joined) or any(p.is_link for p in more):
                break
            joined += " " + "".join(p.text for p in more).strip()
        if _BRACKET.match(joined) or joined.startswith("$"):
            continue
        head = _TRAILING_VENUE_TAG.sub("", (segments(joined) or [""])[0])
        short_parts = all(
            len(part.split()) <= 6 for part in re.split(r",|\band\b|&", head) if part.strip()
        )
        if (all(p.em for p in texts) and short_parts) or looks_like_authors(head):
            return read_author_list(head)
        if looks_like_name(head) and not is_venue_or_date(head, venues):
            return [head.strip(" .,;")], False  # "- Carson Smith" under the title
    return [], False


_TRAILING_VENUE_TAG = re.compile(r"\s+[A-Z][\w&.\-]*['’‘]\d{2}$")


def _badge_notes(lines: list[list[Piece]]) -> list[str]:
    return [piece.note for line in lines for piece in line if piece.note]


def _read_venue_and_dates(
    entry: Entry, text: str, venues: VenueTable, notes: list[str] = ()
) -> None:
    """Venue, year and date from ``[VENUE YEAR]``, ``[Venue, YYYY]``, ``[Mon. DD, YYYY]``,
    ``[YYYY.MM]`` brackets and LaTeX badges."""
    candidates = [match[1].replace("*", "").strip() for match in _BRACKET.finditer(text)]
    candidates += [part.strip() for part in _TEXTSF.findall(text)]
    candidates += [note for note in notes if _YEAR.search(note) and is_venue_or_date(note, venues)]
    for raw in candidates:
        if "://" in raw or raw.lower().startswith("www."):
            continue  # "[[https://arxiv.org/abs/1810.08272)]": a broken link, not a venue
        accepted = "(accepted" in raw.lower()
        bracketed = re.sub(r"\(accepted\)?", "", raw, flags=re.I)
        found = read_context([bracketed], venues, acronyms=False, people=False)
        if found.date or found.year or found.venue:
            if entry.venue is None and found.venue and found.venue_year:
                if entry.year != found.year:
                    entry.month = None  # "[Nov., 2021] [CVPR, 2022]": that month is 2021's
                entry.year = found.year  # the venue's year beats a date's
            found.authors = []
            _fill(entry, found)
            if entry.venue == found.venue:
                entry.accepted = accepted
            continue
        if entry.venue is None and _looks_like_venue(raw, venues):
            venue, year = read_venue(raw, venues)
            entry.venue = venue
            entry.year = year or entry.year
            if raw.lower().rstrip(")").endswith("(accepted") or "(accepted)" in raw.lower():
                entry.accepted = True


def _looks_like_venue(raw: str, venues: VenueTable) -> bool:
    label = raw.strip().lower()
    if not label or label.isdigit() or not any(char.isalpha() for char in label):
        return False
    if venues.match(raw) is not None:
        return True
    if PAPER_LABELS.match(label) or CODE_LABELS.match(label):
        return False
    return bool(_YEAR.search(raw)) or len(label.split()) <= 4


def _with_scheme(url: str) -> str:
    """``www.github.com/x/y`` and ``arxiv.org/abs/…`` as lists write them, with https."""
    url = url.strip()
    if _SCHEMELESS.match(url):
        return "https://" + url
    return url


_SCHEMELESS = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:org|com|net|io|ai|edu)/\S*$")


def _code_rank(link: _Link) -> int:
    """Which code link wins: a repository on a code host, then a link labelled code,
    then a project page."""
    host = urlsplit(_with_scheme(link.url)).netloc.lower()
    if is_code_host(host) and not host.endswith(".github.io"):
        return 0
    return 1 if re.search(r"code|github|repo", link.label, re.IGNORECASE) else 2


def _apply_links(entry: Entry, paper_links: list[_Link], code_links: list[_Link]) -> None:
    for link in paper_links:
        url = _with_scheme(link.url)
        if not url.startswith(("http://", "https://")):
            continue
        found = ids.identifier_from_url(url)
        if found is not None and found.kind == "arxiv" and not entry.arxiv:
            entry.arxiv = found.value
        elif found is not None and found.kind == "doi" and not entry.doi:
            entry.doi = found.value
        elif found is None and not entry.url:
            entry.url = url
    for link in sorted(code_links, key=_code_rank):
        url = _with_scheme(link.url)
        if url.startswith(("http://", "https://")) and not entry.code:
            entry.code = url


_TITLE_COLUMNS = (
    "title",
    "paper title",
    "paper name",
    "paper",
    "article",
    "publication",
    "papers",
    "name",
    "model",
    "method",
)
_WEIGHT_COLUMNS = frozenset(
    {"weights", "weight", "checkpoint", "checkpoints", "model weights", "ckpt"}
)
_DATE_COLUMNS = ("date", "time", "published", "release", "released", "pub. date", "month")
_SHORT_STAMP = re.compile(r"(\d{2})[./](\d{2})")
_AUTHOR_COLUMNS = ("authors", "author", "authors list")
_VENUE_COLUMNS = ("venue", "conference", "journal", "publication venue", "published in", "pub")
_CODE_COLUMNS = ("code", "github", "repo", "repository", "project", "star", "stars")


def _column(unit: Unit, names: tuple[str, ...]) -> str | None:
    """The row's header among ``names`` (in their order of preference), or None."""
    headers = {header.strip("* ").lower(): header for header in unit.cells}
    for name in names:
        if name in headers:
            return headers[name]
    return None


def _read_row(unit: Unit, venues: VenueTable, scope: Context):
    meaningful = [v for v in unit.cells.values() if v.strip(" *#") and not v.strip(" *#").isdigit()]
    if not meaningful:
        return None, "empty table row"
    title_column = _column(unit, _TITLE_COLUMNS)
    title = _cell_title(unit, title_column)
    if len(title.split()) < 3:  # a model's name: the paper's title is a link elsewhere
        for header in unit.cells:
            longer = _cell_title(unit, header)
            if header != title_column and len(longer.split()) >= 3 and _titled_link(unit, header):
                title, title_column = longer, header
                break
    if not title:
        return None, "table row without a title"
    citation = read_citation(title, venues)
    if citation is not None:
        title = citation.title
    named = _CELL_NAME.match(title)
    if named and title_column and _starts_bold(unit, title_column, named["name"]):
        title = _name_and_title(named["name"], named["title"])  # "**MRI-CORE**: A Foundation ..."
    entry = Entry(key="", title=clean_title(title))
    if citation is not None:
        _fill(entry, citation.context)
    author_column = _column(unit, _AUTHOR_COLUMNS)
    code_column = _column(unit, _CODE_COLUMNS)
    if author_column and unit.cells[author_column].strip() and not entry.authors:
        entry.authors, entry.authors_truncated = read_author_list(unit.cells[author_column])
    venue_column = _column(unit, _VENUE_COLUMNS)
    for header, text in unit.cells.items():
        short = _SHORT_STAMP.fullmatch(text.strip())
        if short and header.strip("* ").lower() in _DATE_COLUMNS:  # "| 24.02 |": YY.MM
            month = int(short[2])
            if 1 <= month <= 12 and entry.year in (None, two_digit_year(short[1])):
                entry.year, entry.month = two_digit_year(short[1]), month
            continue
        if header not in (title_column, author_column, code_column) and text.strip():
            found = read_context([text], venues, acronyms=False)
            found.authors = []  # only the authors column names authors
            if header == venue_column and not found.venue and any(c.isalpha() for c in text):
                found.venue = read_venue(text, venues)[0]  # "ACM TACO", "preprint"
            _fill(entry, found)
    _read_venue_and_dates(entry, "", venues, _badge_notes(unit.lines))
    links = []
    for header, pieces in unit.cell_links.items():
        for piece in pieces:
            href = piece.href or ""
            if href and not href.startswith("#") and (piece.text.strip(" []") or piece.image):
                link = _Link(piece.text, unwrap_redirect(href), piece.title)
                links.append((header, link))
    links = [(header, link) for header, link in links if header.strip("* ") not in _WEIGHT_COLUMNS]
    code_links = [link for header, link in links if header == code_column or _is_code(link)]
    paper_links = [link for _, link in links if link not in code_links and not _is_badge(link)]
    _apply_links(entry, paper_links, code_links)
    _fill(entry, scope)  # the venue label or heading above
    if not (entry.arxiv or entry.doi or paper_like_url(entry.url) or entry.authors or entry.venue):
        return None, "table row without a paper link, authors or venue"
    return entry, None


_CELL_NAME = re.compile(r"^(?P<name>[^:]{1,40}?)\s*:\s+(?P<title>\S.*)$")


def _starts_bold(unit: Unit, header: str, name: str) -> bool:
    """Whether the cell under ``header`` opens with ``name`` in bold."""
    index = list(unit.cells).index(header)
    pieces = (
        [piece for piece in unit.lines[index] if piece.text.strip()]
        if index < len(unit.lines)
        else []
    )
    return bool(pieces) and pieces[0].strong and pieces[0].text.strip() == name.strip()


_NAME_COLUMNS = ("name", "model", "model name", "method", "abbr", "abbreviation", "short name")


def _row_name(unit: Unit) -> str | None:
    """The name a table row gives its paper in a column of its own (``| ECFKG | ... |``)."""
    if not unit.cells:
        return None
    header = _column(unit, _NAME_COLUMNS)
    if header is None or header == _column(unit, _TITLE_COLUMNS):
        return None
    name = " ".join(unit.cells[header].strip(" *").split())
    return name if name and len(name.split()) <= 6 else None


def _cell_title(unit: Unit, header: str | None) -> str:
    """A cell's title: a link's hidden title, a link's text of two words or more, else
    the cell's text."""
    if header is None:
        return ""
    for link in unit.cell_links.get(header, []):
        if link.title:
            return link.title.strip()
        if len(link.text.split()) >= 2 and not PAPER_LABELS.match(link.text.strip(" []")):
            return link.text.strip(" []")
    text = unit.cells.get(header, "")
    for link in unit.cell_links.get(header, []):  # "Title [(paper)](url)"
        if PAPER_LABELS.match(link.text.strip(" []()")):
            text = text.replace(link.text, " ")
    return strip_brackets(text.strip(" []"))


def _titled_link(unit: Unit, header: str) -> bool:
    return any(len(link.text.split()) >= 3 for link in unit.cell_links.get(header, []))
