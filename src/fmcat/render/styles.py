"""Built-in entry styles, reproducing real lists' entry formats.

A style turns one entry (an escaped EntryView) into its lines; the style's ``join`` puts
the non-blank lines together (a card's trailing backslash, or nothing for one-liners).
Built-in styles are plain functions, which keeps rendering a long list fast; custom
formats are Jinja2 templates (``templates.py``), and ``examples/templates/`` holds one
template per built-in style that gives the same output, as a starting point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fmcat.render.view import EntryView


@dataclass(frozen=True)
class Marks:
    """The document-wide pieces styles write: literal brackets (escaped in awesome-lint
    mode) and the emphasis marker (``_``, or ``*`` in awesome-lint mode)."""

    lb: str = "["
    rb: str = "]"
    em: str = "_"


Lines = Callable[[EntryView, Marks, str], list[str]]


@dataclass(frozen=True)
class Style:
    name: str
    lines: Lines | None  # None: the style is not one entry after another (table)
    join: str = "\n"  # between the lines of one entry
    separator: str = "\n"  # between entries
    date_format: str = "{mon} {d}, {yyyy}"


def _with_figures(line: str, e: EntryView) -> str:
    """``line`` with the entry's stars and citations after it, when enrich found any."""
    if not e.figures:
        return line
    return f"{line} · {e.figures}" if line.strip() else e.figures


def _venue_title(e: EntryView, m: Marks) -> str:
    return f"{m.lb}**{e.venue}**{m.rb} {e.title}" if e.venue else e.title


def _bullet(e: EntryView, m: Marks, anchor: str) -> list[str]:
    """``- [**VENUE YEAR**] Title [[pdf]](url) [[code]](url)`` (seed 003)."""
    links = "".join(
        f" [{m.lb}{'pdf' if link.label == 'paper' else link.label}{m.rb}]({link.url})"
        for link in e.links
    )
    figures = f" {e.figures}" if e.figures else ""
    return [f"- {_venue_title(e, m)}{links}{figures}"]


def _card(e: EntryView, m: Marks, anchor: str) -> list[str]:
    """Venue and title / _authors_ / ``[[paper](url)] [[code](url)]`` (seed 001)."""
    return [
        _venue_title(e, m),
        f"{m.em}{e.authors}{m.em}" if e.authors else "",
        _with_figures(
            " ".join(f"{m.lb}[{link.label.lower()}]({link.url}){m.rb}" for link in e.links), e
        ),
    ]


def _card_dated(e: EntryView, m: Marks, anchor: str) -> list[str]:
    """**Title** / *authors* / ``[Mon. DD, YYYY] [Venue, YYYY]`` / links (seed 004)."""
    when = f"{m.lb}{e.date}{m.rb} " if e.date else ""
    if e.venue_name:
        year = f", {e.year}" if e.year else ""
        accepted = " (accepted)" if e.accepted else ""
        when += f"{m.lb}{e.venue_name}{year}{accepted}{m.rb}"
    return [
        f"**{e.title}**",
        f"*{e.authors}*" if e.authors else "",
        when,
        _with_figures(
            " ".join(f"{m.lb}[{link.label.capitalize()}]({link.url}){m.rb}" for link in e.links), e
        ),
    ]


def _survey(e: EntryView, m: Marks, anchor: str) -> list[str]:
    """Facet markers, anchor and **title** / *authors* / ``[ [Paper](url) | … ] venue ·
    date`` (seed 000)."""
    markers = f"{e.markers} " if e.markers else ""
    last = ""
    if e.links:
        links = " | ".join(f"[{link.label.capitalize()}]({link.url})" for link in e.links)
        last = f"{m.lb} {links} {m.rb}"
    if e.venue:
        last += f" {e.venue}"
    if e.date:
        last += f" · {e.date}"
    return [
        f"{markers}{anchor}**{e.title}**",
        f"*{e.authors}*" if e.authors else "",
        _with_figures(last, e),
    ]


STYLES: dict[str, Style] = {
    "bullet": Style("bullet", _bullet),
    "card": Style("card", _card, join=" \\\n", separator="\n\n"),
    "card-dated": Style(
        "card-dated",
        _card_dated,
        join=" \\\n",
        separator="\n\n",
        date_format="{mon}. {dd}, {yyyy}",
    ),
    "survey": Style(
        "survey", _survey, join=" \\\n", separator="\n\n", date_format="{ordinal} {mon}., {yyyy}"
    ),
    "table": Style("table", None),
}


def join_lines(lines: list[str], join: str) -> str:
    """An entry's non-blank lines, right-stripped, joined the style's way."""
    return join.join(filter(None, map(str.rstrip, lines)))  # a blank line strips to ""
