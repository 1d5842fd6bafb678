"""The whole rendered document: header, title, contents, grouped and sorted entries,
footer. The generated part sits between fmcat markers so ``--in-place`` can replace it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmcat.errors import UsageError
from fmcat.model import Catalog, Entry
from fmcat.render.markdown import Slugger, escape, link, table
from fmcat.render.markers import BEGIN, DOCUMENT, END
from fmcat.render.settings import setting_problem, template_path_problem
from fmcat.render.styles import STYLES, Marks, Style, join_lines
from fmcat.render.view import EntryView, compact, view

if TYPE_CHECKING:
    from fmcat.metrics import Metrics
    from fmcat.render.templates import EntryTemplate

AWESOME_BADGE = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"


@dataclass
class RenderOptions:
    style: str = "card"
    sort: str = "date"
    group: str = "section"  # section | year | facet:NAME
    awesome_lint: bool = False
    template: str | None = None  # Jinja2 source of a custom entry template
    template_file: Path | None = None  # where ``template`` was read from, if a file
    date_format: str | None = None
    columns: list[str] = field(default_factory=list)
    toc: bool = True
    counts: bool = True
    metrics: bool = True  # show what `fmcat enrich` found, when it found anything
    stats: bool = False  # add charts (Mermaid xychart blocks, which GitHub draws)
    figures: Metrics | None = field(default=None, repr=False)  # not a setting: the file

    @classmethod
    def from_catalog(
        cls, catalog: Catalog, base: Path | None = None, **overrides: Any
    ) -> RenderOptions:
        """Options from the catalog's ``[render]`` table (checked by validation) and
        ``catalog.style``, then ``overrides`` (command-line options; None means not
        given). A ``template_file`` is read from inside ``base``, the catalog's folder."""
        settings = dict(catalog.render)
        if "style" in catalog.meta:
            settings.setdefault("style", catalog.meta["style"])
        if "style" not in settings:
            from fmcat import userconfig

            settings["style"] = userconfig.get("style") or cls.style
        template_file = settings.pop("template_file", None)
        options = cls(**settings)
        facets = frozenset(catalog.facets)
        for name, value in overrides.items():
            if value is None:
                continue
            problem = None if name == "template" else setting_problem(name, value, facets)
            if problem:
                raise UsageError(f"--{name.replace('_', '-')} {value!r}: {problem}")
            setattr(options, name, value)
        if options.template is None and template_file:
            options.template_file = template_path(base or Path(), str(template_file))
            options.template = _read_template(options.template_file)
        return options


MAX_TEMPLATE_BYTES = 1 << 20


def template_path(base: Path, name: str) -> Path:
    """The catalog's ``template_file``, resolved: a visible regular file inside ``base``
    (symlinks followed), else UsageError."""
    where = f"[render] template_file {name!r}"
    problem = template_path_problem(name)
    if problem:
        raise UsageError(f"{where}: {problem}")
    try:
        folder = base.resolve(strict=True)
        path = (folder / name).resolve(strict=True)
    except (OSError, RuntimeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UsageError(f"{where}: cannot read: {reason}") from None
    if not path.is_relative_to(folder):
        raise UsageError(f"{where}: leads outside the catalog's folder")
    inside = path.relative_to(folder).parts
    if any(part.startswith(".") for part in inside):
        raise UsageError(f"{where}: leads to a hidden file or folder")
    if not path.is_file():
        raise UsageError(f"{where}: not a regular file")
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise UsageError(f"{where}: larger than {MAX_TEMPLATE_BYTES} bytes")
    return path


def _read_template(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise UsageError(f"[render] template_file {path}: cannot read: {reason}") from None


def _day(entry: Entry) -> dt.date:
    return entry.date or dt.date(entry.year or 1, entry.month or 1, 1)


def sort_entries(entries: list[Entry], how: str, figures: Metrics | None = None) -> list[Entry]:
    """Newest first for date and year; most first for citations and stars (unknown last,
    newest first among equals); A–Z for title, venue and key; ties by key."""
    ordered = sorted(entries, key=lambda e: e.key)
    if how in ("citations", "stars"):
        from fmcat.metrics import Metrics

        known = figures or Metrics()
        count = known.citations if how == "citations" else known.stars
        ordered = sort_entries(ordered, "date")
        return sorted(ordered, key=lambda e: -1 if count(e) is None else count(e), reverse=True)
    if how == "date":
        return sorted(ordered, key=_day, reverse=True)
    if how == "year":
        return sorted(ordered, key=lambda e: e.year or 0, reverse=True)
    if how == "title":
        from fmcat.match import title_key  # rapidfuzz and text repair: only when needed

        return sorted(ordered, key=lambda e: title_key(e.title))
    if how == "venue":
        return sorted(ordered, key=lambda e: ((e.venue or "\uffff").lower(), -(e.year or 0)))
    return ordered


@dataclass
class Group:
    title: str
    depth: int
    entries: list[Entry]
    total: int = 0
    slug: str = ""


def groups(catalog: Catalog, options: RenderOptions) -> list[Group]:
    """The document's headings in order, each with its own (sorted) entries."""
    papers = list(catalog.papers.values())
    out: list[Group] = []
    if options.group == "year":
        years = sorted({e.year for e in papers if e.year}, reverse=True)
        out = [Group(str(y), 0, [e for e in papers if e.year == y]) for y in years]
        rest = [e for e in papers if not e.year]
        if rest:
            out.append(Group("Year unknown", 0, rest))
    elif options.group.startswith("facet:"):
        facet = catalog.facets[options.group[6:]]
        for value in facet.values:
            members = [e for e in papers if value in e.facets.get(facet.name, [])]
            if members:
                out.append(Group(value, 0, members))
        rest = [e for e in papers if not e.facets.get(facet.name)]
        if rest:
            out.append(Group("Other", 0, rest))
    else:
        members: dict[str, list[Entry]] = {section.id: [] for section in catalog.sections}
        nested: dict[str, set[str]] = {section.id: set() for section in catalog.sections}
        enclosing: dict[str, list[set[str]]] = {}  # section id → its own and its parents' sets
        for entry in papers:
            for own in dict.fromkeys(entry.sections):
                if own in members:
                    members[own].append(entry)
                if own not in enclosing:
                    parts = own.split("/")
                    paths = ("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
                    enclosing[own] = [nested[path] for path in paths if path in nested]
                for keys in enclosing[own]:
                    keys.add(entry.key)
        for section in catalog.sections:
            out.append(
                Group(section.title, section.depth, members[section.id], len(nested[section.id]))
            )
        known = catalog.section_ids()
        rest = [e for e in papers if known.isdisjoint(e.sections)]
        if rest:
            out.append(Group("Other papers", 0, rest))
        out = [g for g in out if g.total or g.entries]
    for group in out:
        group.entries = sort_entries(group.entries, options.sort, options.figures)
        group.total = group.total or len(group.entries)
    return out


class Renderer:
    def __init__(self, catalog: Catalog, options: RenderOptions) -> None:
        self.catalog = catalog
        self.options = options
        self.style: Style = STYLES[options.style]
        if options.awesome_lint:  # escaped brackets and * emphasis, as awesome-lint wants
            self.marks = Marks(lb="\\[", rb="\\]", em="*")
        else:
            self.marks = Marks()
        self.template: EntryTemplate | None = None
        if options.template is not None:
            from fmcat.render.templates import EntryTemplate  # jinja2 only when needed

            self.template = EntryTemplate(options.template)
        self.date_format = options.date_format or self.style.date_format
        self.anchored: set[str] = set()
        self.texts: dict[str, str] = {}  # entries already rendered, by key (``incremental``)
        self.placed = 0  # how many of those the document holds
        self.emitted: set[str] = set()  # URLs written so far (awesome-lint mode)
        shown = options.figures if options.metrics else None
        self.figures = shown if shown is not None and shown.newest() is not None else None

    def view(self, entry: Entry) -> EntryView:
        """The entry for a template. In awesome-lint mode a URL already written earlier in
        the document (a paper listed in two sections, two papers sharing a repository) is
        left out, because awesome-lint refuses a repeated link."""
        item = view(entry, self.catalog.facets, self.date_format, self.figures)
        if self.options.awesome_lint:
            item.links = [link for link in item.links if link.url not in self.emitted]
            kept = {link.url for link in item.links}
            self.emitted |= kept
            for name in ("paper_url", "arxiv_url", "code_url"):
                if getattr(item, name) not in kept:
                    setattr(item, name, None)
        return item

    def anchor(self, entry: Entry) -> str:
        """The survey style's in-page anchor, at the entry's first appearance only."""
        if self.options.style != "survey" or entry.key in self.anchored:
            return ""
        self.anchored.add(entry.key)
        return f'<a id="{_anchor_id(entry.key)}"></a> '

    def entries(self, entries: list[Entry]) -> list[str]:
        """Each entry in the style (or the custom template), its lines joined."""
        if self.texts:
            self.placed += len(entries)
            return [self.texts[entry.key] for entry in entries]
        items = [(self.view(entry), self.anchor(entry)) for entry in entries]
        join = self.style.join
        if self.template is not None:
            return [join_lines(lines, join) for lines in self.template.lines(items, self.marks)]
        style_lines = self.style.lines
        assert style_lines is not None  # the table style is rendered by _table
        return [join_lines(style_lines(item, self.marks, anchor), join) for item, anchor in items]

    def body(self) -> str:
        """Contents and sections: the part between the markers."""
        slugger = Slugger()
        parts: list[str] = []
        heads = groups(self.catalog, self.options)
        if self.options.toc:
            slugger.slug("Contents")  # taken first, as on the page
        toc = []
        if self.options.style == "survey":
            toc.append(f"- [Summary](#{slugger.slug('Summary')})")
        for group in heads:
            group.slug = slugger.slug(_heading_text(group.title))
            toc.append("  " * group.depth + f"- [{escape(group.title)}](#{group.slug})")
        if self.options.stats:
            toc.append(f"- [Statistics](#{slugger.slug('Statistics')})")
        if self.options.toc and heads:
            parts.append("## Contents")
            parts.append("\n".join(toc))
        if self.options.style == "survey":
            parts.append(self._summary(heads))
        for group in heads:
            level = "#" * min(6, 2 + group.depth)
            parts.append(f"{level} {escape(group.title)}")
            if self.options.counts:
                noun = "paper" if group.total == 1 else "papers"
                count = f"{group.total} {noun}"
                # awesome-lint reads an emphasised line as a heading in disguise.
                parts.append(count if self.options.awesome_lint else f"*{count}*")
            if not group.entries:
                continue
            if self.options.style == "table" and self.options.template is None:
                parts.append(self._table(group.entries))
            else:
                rendered = self.entries(group.entries)
                separator = self.style.separator
                if self.options.template is not None:  # one-line entries form one list
                    separator = "\n\n" if any("\n" in text for text in rendered) else "\n"
                parts.append(separator.join(rendered))
        if self.options.stats:
            parts.append(stats_section(self.catalog))
        if self.figures is not None:
            day = self.figures.newest()
            parts.append(
                f"Citation counts from Semantic Scholar and OpenAlex, stars from GitHub, "
                f"as of {day.isoformat() if day else 'never'} (`fmcat enrich`)."
            )
        return "\n\n".join(parts) + "\n"

    def _summary(self, heads: list[Group]) -> str:
        facet_names = list(self.catalog.facets)
        seen: dict[str, Entry] = {}
        for group in heads:
            for entry in group.entries:
                seen.setdefault(entry.key, entry)
        header = ["ID", "Article", "Year"] + [
            escape(self.catalog.facets[n].label or n) for n in facet_names
        ]
        if not self.options.awesome_lint:
            header.append("Links")
        rows = []
        for number, entry in enumerate(seen.values(), start=1):
            # Not self.view: in awesome-lint mode this table has no external links, so the
            # papers' links are still to be written in their list entries.
            item = view(entry, self.catalog.facets, self.date_format)
            row = [str(number), f"[{item.title}](#{_anchor_id(entry.key)})", item.year]
            row += [", ".join(item.facets.get(n, [])) for n in facet_names]
            if not self.options.awesome_lint:
                row.append(" ".join(link(lk.label, lk.url) for lk in item.links))
            rows.append(row)
        return "## Summary\n\n" + table(header, rows)

    def _table(self, entries: list[Entry]) -> str:
        columns = self.options.columns or ["title", "authors", "venue", "code"]
        if not self.options.columns and self.figures is not None:
            columns = [*columns, "citations", "stars"]
        header = [
            escape(self.catalog.facets[c].label or c) if c in self.catalog.facets else c.title()
            for c in columns
        ]
        rows = []
        for entry in entries:
            item = self.view(entry)
            rows.append([_cell(item, column) for column in columns])
        return table(header, rows)

    def document(self) -> str:
        meta = self.catalog.meta
        parts = []
        if meta.get("header"):
            parts.append(meta["header"].strip())
        title = f"# {escape(meta.get('title') or 'Papers')}"
        if self.options.awesome_lint and AWESOME_BADGE not in title:
            title += f" {AWESOME_BADGE}"  # the badge awesome lists carry by their heading
        parts.append(title)
        if meta.get("description"):
            parts.append(meta["description"].strip())
        parts.append(f"{BEGIN}\n\n{self.body()}\n{END}")
        if meta.get("footer"):
            parts.append(meta["footer"].strip())
        parts.append(DOCUMENT)
        return "\n\n".join(parts) + "\n"


def _anchor_id(key: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in key.lower())


def _heading_text(title: str) -> str:
    """The heading's text as GitHub sees it after escaping is undone."""
    return " ".join(title.split())


def _cell(item: EntryView, column: str) -> str:
    if column == "title":
        return f"[{item.title}]({item.paper_url})" if item.paper_url else item.title
    if column == "authors":
        return item.authors
    if column == "venue":
        return item.venue
    if column == "year":
        return item.year
    if column == "date":
        return item.date
    if column == "key":
        return escape(item.key)
    if column == "code":
        return f"[code]({item.code_url})" if item.code_url else ""
    if column == "links":
        return " ".join(f"[{lk.label}]({lk.url})" for lk in item.links)
    if column in ("citations", "stars"):
        count = getattr(item, column)
        return "" if count is None else (compact(count) if column == "stars" else str(count))
    return ", ".join(item.facets.get(column, []))


def xychart(title: str, labels: list[str], values: list[int], horizontal: bool = False) -> str:
    """A Mermaid ``xychart-beta`` bar chart in a fenced block."""
    names = ", ".join('"' + label.replace('"', "'").replace("\n", " ") + '"' for label in labels)
    head = "xychart-beta horizontal" if horizontal else "xychart-beta"
    return (
        f'```mermaid\n{head}\n    title "{title}"\n    x-axis [{names}]\n'
        f'    y-axis "Papers" 0 --> {max(values, default=0) or 1}\n'
        f"    bar [{', '.join(str(v) for v in values)}]\n```"
    )


def stats_section(catalog: Catalog) -> str:
    """``## Statistics``: papers per year, top venues and each facet's counts."""
    from collections import Counter

    years = Counter(e.year for e in catalog.papers.values() if e.year)
    venues = Counter(e.venue for e in catalog.papers.values() if e.venue and e.venue != "arXiv")
    blocks = ["## Statistics"]
    if years:
        ordered = sorted(years)
        blocks.append(
            xychart("Papers per year", [str(y) for y in ordered], [years[y] for y in ordered])
        )
    if venues:
        top = sorted(venues.items(), key=lambda item: (-item[1], item[0]))[:10]
        blocks.append(xychart("Top venues", [v for v, _ in top], [n for _, n in top], True))
    for name, facet in catalog.facets.items():
        counts = Counter(v for e in catalog.papers.values() for v in e.facets.get(name, []))
        shown = [value for value in facet.values if counts[value]]
        if shown:
            label = facet.label or name
            blocks.append(xychart(f"Papers per {label}", shown, [counts[v] for v in shown], True))
    return "\n\n".join(blocks)
