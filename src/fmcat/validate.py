"""Validation of a parsed catalog: every problem with its location, never an exception.

``check`` prints these problems; the store refuses to save a catalog that has any.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import operator
import re
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from fmcat import ids
from fmcat.model import CATALOG_FIELDS, ENTRY_FIELDS, REQUIRED_ENTRY_FIELDS
from fmcat.problems import Problem
from fmcat.render.markers import find_marker
from fmcat.render.settings import RENDER_FIELDS, setting_problem

TOP_LEVEL = ("catalog", "render", "venues", "facets", "sections", "not_duplicates", "papers")
VENUE_KINDS = ("conference", "journal", "workshop", "preprint", "book", "other")
VENUE_FIELDS = ("kind", "name", "aliases")
FACET_FIELDS = ("label", "values", "markers")
SECTION_FIELDS = ("id", "title", "description")

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.:+\-]*$")
SECTION_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*(?:/[a-z0-9][a-z0-9_\-]*)*$")
FACET_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"]")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:[/?#][^\s\x00-\x1f\x7f<>\"]*)?")


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``name``, else empty."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def url_problem(value: Any) -> str | None:
    """Why a stored link is unusable, or None when it is a proper http(s) URL."""
    if type(value) is str and _PLAIN_URL.fullmatch(value):
        return None
    if not isinstance(value, str):
        return f"expected a URL string, got {_type_name(value)}"
    if not value.strip():
        return "empty link (remove the field instead)"
    if _UNSAFE_URL_CHARS.search(value):
        return "URL contains spaces, quotes or control characters"
    try:
        parts = urlsplit(value)
    except ValueError as err:  # an unclosed IPv6 bracket, a bad port
        return f"not a valid URL ({err}): {value!r}"
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) URL: {value!r}"
    if not parts.netloc:
        return f"URL has no host: {value!r}"
    return None


def _type_name(value: Any) -> str:
    names = {
        str: "a string",
        int: "an integer",
        bool: "a boolean",
        list: "an array",
        dict: "a table",
        float: "a float",
        dt.date: "a date",
        dt.datetime: "a date-time",
    }
    return names.get(type(value), type(value).__name__)


class _Validator:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, *, blocking: bool = True) -> None:
        self.problems.append(Problem(where, message, blocking=blocking))

    def run(self, *, papers_passed: bool = False) -> list[Problem]:
        facet_values, section_ids = self.check_declarations()
        papers = self.data.get("papers", {})
        if not isinstance(papers, dict):
            self.add("papers", f"expected a table of papers, got {_type_name(papers)}")
            papers = {}
        if not (papers_passed or papers_pass(papers, facet_values, section_ids)):
            for key, entry in papers.items():
                self.check_entry(key, entry, facet_values, section_ids)
        self.check_cross_entry(papers)
        self.check_not_duplicates(papers)
        return self.problems

    def check_declarations(self) -> tuple[dict[str, list[str]], set[str]]:
        """Everything but the papers; the declared facet values and section ids."""
        for name in self.data:
            if name not in TOP_LEVEL:
                self.add(name, f"unknown top-level table{did_you_mean(name, TOP_LEVEL)}")
        self.check_table_fields("catalog", CATALOG_FIELDS)
        self.check_markers()
        facet_values = self.check_facets()
        self.check_render(frozenset(facet_values))
        section_ids = self.check_sections()
        self.check_venues()
        return facet_values, section_ids

    # -- settings and declarations ------------------------------------------------

    def unknown_fields(self, where: str, table: dict[str, Any], known) -> None:
        """A problem for each field of ``table`` not among ``known``, with the nearest."""
        for name in table:
            if name not in known:
                self.add(f"{where}.{name}", f"unknown field{did_you_mean(name, tuple(known))}")

    def check_table_fields(self, table: str, fields: dict[str, str]) -> None:
        value = self.data.get(table)
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(table, f"expected a table, got {_type_name(value)}")
            return
        for name, item in value.items():
            if name not in fields:
                self.add(f"{table}.{name}", f"unknown field{did_you_mean(name, tuple(fields))}")
            else:
                self.check_value(f"{table}.{name}", fields[name], item)

    def check_markers(self) -> None:
        """The catalog's own text must not hold a line the README markers use."""
        meta = self.data.get("catalog")
        if not isinstance(meta, dict):
            return
        for name in ("description", "header", "footer"):
            value = meta.get(name)
            if isinstance(value, str):
                marker = find_marker(value)
                if marker:
                    self.add(f"catalog.{name}", f"contains the fmcat marker {marker}")

    def check_render(self, facets: frozenset[str]) -> None:
        meta = self.data.get("catalog")
        style = meta.get("style") if isinstance(meta, dict) else None
        if isinstance(style, str) and setting_problem("style", style, facets):
            self.add("catalog.style", str(setting_problem("style", style, facets)))
        before = len(self.problems)
        self.check_table_fields("render", RENDER_FIELDS)
        settings = self.data.get("render")
        if len(self.problems) > before or not isinstance(settings, dict):
            return
        for name, value in settings.items():
            problem = setting_problem(name, value, facets)
            if problem:
                self.add(f"render.{name}", problem)

    def check_facets(self) -> dict[str, list[str]]:
        facets = self.data.get("facets", {})
        if not isinstance(facets, dict):
            self.add("facets", f"expected a table, got {_type_name(facets)}")
            return {}
        declared: dict[str, list[str]] = {}
        for name, spec in facets.items():
            where = f"facets.{name}"
            if not FACET_NAME_PATTERN.match(name):
                self.add(where, "facet names are lower-case letters, digits and _")
            if name in ENTRY_FIELDS:
                self.add(where, f"{name!r} is an entry field and cannot be a facet name")
            if not isinstance(spec, dict):
                self.add(where, f"expected a table, got {_type_name(spec)}")
                continue
            self.unknown_fields(where, spec, FACET_FIELDS)
            values = spec.get("values")
            if not _is_str_list(values) or not values:
                self.add(f"{where}.values", "expected a non-empty array of strings")
                values = []
            elif len(set(values)) != len(values):
                self.add(f"{where}.values", "a value is listed twice")
            if "label" in spec:
                self.check_value(f"{where}.label", "text", spec["label"])
            markers = spec.get("markers", {})
            if not isinstance(markers, dict):
                self.add(f"{where}.markers", "expected a table of value = marker")
            else:
                for value, marker in markers.items():
                    if value not in values:
                        hint = did_you_mean(value, values)
                        self.add(f"{where}.markers.{value}", f"not a value of this facet{hint}")
                    self.check_value(f"{where}.markers.{value}", "text", marker)
            declared[name] = list(values)
        return declared

    def check_sections(self) -> set[str]:
        sections = self.data.get("sections", [])
        if not isinstance(sections, list):
            self.add("sections", "expected an array of tables ([[sections]])")
            return set()
        seen: set[str] = set()
        for index, section in enumerate(sections):
            where = f"sections[{index}]"
            if not isinstance(section, dict):
                self.add(where, "expected a table")
                continue
            self.unknown_fields(where, section, SECTION_FIELDS)
            section_id = section.get("id")
            if not isinstance(section_id, str) or not SECTION_ID_PATTERN.match(section_id):
                self.add(
                    f"{where}.id", "expected an id like 'segmentation' or 'textual/contrastive'"
                )
                continue
            if section_id in seen:
                self.add(f"{where}.id", f"section {section_id!r} is declared twice")
            parent = section_id.rpartition("/")[0]
            if parent and parent not in seen:
                self.add(f"{where}.id", f"parent section {parent!r} must be declared before it")
            if not isinstance(section.get("title"), str) or not section["title"].strip():
                self.add(f"{where}.title", "every section needs a title")
            if "description" in section:
                self.check_value(f"{where}.description", "str", section["description"])
            seen.add(section_id)
        return seen

    def check_venues(self) -> None:
        venues = self.data.get("venues", {})
        if not isinstance(venues, dict):
            self.add("venues", f"expected a table, got {_type_name(venues)}")
            return
        for name, spec in venues.items():
            where = f"venues.{name}"
            if not isinstance(spec, dict):
                self.add(where, "expected a table with kind and aliases")
                continue
            self.unknown_fields(where, spec, VENUE_FIELDS)
            kind = spec.get("kind")
            if kind is not None and kind not in VENUE_KINDS:
                self.add(f"{where}.kind", f"expected one of {', '.join(VENUE_KINDS)}")
            if "aliases" in spec and not _is_str_list(spec["aliases"]):
                self.add(f"{where}.aliases", "expected an array of strings")
            if "name" in spec:
                self.check_value(f"{where}.name", "text", spec["name"])

    # -- papers ---------------------------------------------------------------------

    def check_entry(
        self, key: str, entry: Any, facets: dict[str, list[str]], sections: set[str]
    ) -> None:
        where = f"papers.{key}"
        if not KEY_PATTERN.match(key):
            self.add(where, "keys are lower-case ASCII letters, digits and _ . : + -")
        if not isinstance(entry, dict):
            self.add(where, f"expected a table, got {_type_name(entry)}")
            return
        for required in REQUIRED_ENTRY_FIELDS:
            if required not in entry:
                self.add(f"{where}.{required}", "missing required field")
        choices = (*ENTRY_FIELDS, *facets)
        for name, value in entry.items():
            checker = _ENTRY_CHECKERS.get(name)
            if checker is not None:
                problem = checker(value)
                if problem:
                    self.add(f"{where}.{name}", problem)
            elif name in facets:
                self.check_facet_value(f"{where}.{name}", name, value, facets[name])
            else:
                self.add(f"{where}.{name}", f"unknown field{did_you_mean(name, choices)}")
        for index, section in enumerate(_list(entry.get("sections"))):
            if isinstance(section, str) and section not in sections:
                hint = did_you_mean(section, sorted(sections))
                self.add(f"{where}.sections[{index}]", f"no section {section!r}{hint}")
        for name in ("aliases", "not_duplicates"):
            if key in _list(entry.get(name)):
                self.add(f"{where}.{name}", f"an entry cannot list its own key in {name}")

    def check_facet_value(self, where: str, name: str, value: Any, allowed: list[str]) -> None:
        values = [value] if isinstance(value, str) else value
        if not _is_str_list(values):
            self.add(where, "expected a facet value or an array of them")
            return
        for item in values:
            if item not in allowed:  # facet value lists are short; a list scan is fastest
                hint = did_you_mean(item, allowed) or f" (declared: {', '.join(allowed)})"
                self.add(where, f"{item!r} is not a declared value of facet {name!r}{hint}")

    def check_value(self, where: str, kind: str, value: Any) -> None:
        problem = _value_problem(kind, value)
        if problem:
            self.add(where, problem)

    def check_cross_entry(self, papers: dict[str, Any]) -> None:
        if _cross_pass(papers):
            return
        owners: dict[tuple[str, str], str] = {}
        alias_owner: dict[str, str] = {}
        for key, entry in papers.items():
            if not isinstance(entry, dict):
                continue
            for name in ("arxiv", "doi"):
                value = entry.get(name)
                if not isinstance(value, str):
                    continue
                first = owners.setdefault((name, value.lower()), key)
                if first != key:
                    label = "arXiv id" if name == "arxiv" else "DOI"
                    self.add(
                        f"papers.{key}.{name}",
                        f"{value} is also the {label} of papers.{first} (run fmcat dedupe)",
                        blocking=False,
                    )
            for alias in _list(entry.get("aliases")):
                if not isinstance(alias, str):
                    continue
                if alias in papers and alias != key:
                    self.add(
                        f"papers.{key}.aliases", f"alias {alias!r} is the key of another entry"
                    )
                elif alias_owner.setdefault(alias, key) != key:
                    self.add(
                        f"papers.{key}.aliases",
                        f"alias {alias!r} is also an alias of papers.{alias_owner[alias]}",
                    )

    def check_not_duplicates(self, papers: dict[str, Any]) -> None:
        groups = self.data.get("not_duplicates", [])
        if not isinstance(groups, list):
            self.add("not_duplicates", "expected an array of arrays of keys")
            return
        for index, group in enumerate(groups):
            where = f"not_duplicates[{index}]"
            if not _is_str_list(group) or len(group) < 2:
                self.add(where, "expected an array of at least two keys")
                continue
            for key in group:
                if key not in papers:
                    self.add(where, f"no entry {key!r}{did_you_mean(key, list(papers))}")
        if _none_has(papers, "not_duplicates"):
            return
        for key, entry in papers.items():
            if isinstance(entry, dict):
                for other in _list(entry.get("not_duplicates")):
                    if isinstance(other, str) and other not in papers:
                        self.add(f"papers.{key}.not_duplicates", f"no entry {other!r}")


def _list(value: Any) -> list[Any]:
    """``value`` if it is an array, else nothing to iterate (its type is reported
    elsewhere)."""
    return value if isinstance(value, list) else []


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _text_problem(value: Any) -> str | None:
    if type(value) is str and "\n" not in value and "\r" not in value and value.strip():
        return None
    if not isinstance(value, str):
        return f"expected a string, got {_type_name(value)}"
    if not value.strip():
        return "empty text (remove the field instead)"
    return "expected one line of text"


def _str_problem(value: Any) -> str | None:
    return None if isinstance(value, str) else f"expected a string, got {_type_name(value)}"


def _int_problem(value: Any) -> str | None:
    if type(value) is not int:
        return f"expected an integer, got {_type_name(value)}"
    return None if 1000 <= value <= 2999 else f"year {value} is out of range"


def _month_problem(value: Any) -> str | None:
    if type(value) is not int:
        return f"expected an integer, got {_type_name(value)}"
    return None if 1 <= value <= 12 else f"month {value} is not 1 to 12"


def _bool_problem(value: Any) -> str | None:
    return None if type(value) is bool else f"expected true or false, got {_type_name(value)}"


def _date_problem(value: Any) -> str | None:
    if type(value) is dt.date:
        return None
    return f"expected a date like 2023-01-09, got {_type_name(value)}"


def _strlist_problem(value: Any) -> str | None:
    if type(value) is list and all(type(item) is str and item.strip() for item in value):
        return None
    if not _is_str_list(value):
        return f"expected an array of strings, got {_type_name(value)}"
    return "contains an empty string"


def _keylist_problem(value: Any) -> str | None:
    problem = _strlist_problem(value)
    if problem is None and not all(KEY_PATTERN.match(item) for item in value):
        return "keys are lower-case ASCII letters, digits and _ . : + -"
    return problem


def _arxiv_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a string, got {_type_name(value)}"
    if ids.is_canonical_arxiv(value):
        return None
    parsed = ids.try_parse_identifier(value)
    if parsed is not None and parsed.kind == "arxiv":
        return f"store the bare arXiv id without version: {parsed.value!r}"
    return f"malformed arXiv id {value!r}"


def _doi_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"expected a string, got {_type_name(value)}"
    if ids.is_canonical_doi(value):
        bare = ids.without_url_tail(value)
        if bare != value:
            return f"DOI ends in a web page's tail: store {bare!r}"
        return None
    parsed = ids.try_parse_identifier(value)
    if parsed is not None and parsed.kind == "doi":
        return f"store the bare lower-case DOI: {parsed.value!r}"
    if parsed is not None and parsed.kind == "arxiv":
        return f"this is arXiv's DOI; store it as arxiv = {parsed.value!r}"
    return f"malformed DOI {value!r}"


_CHECKERS = {
    "text": _text_problem,
    "str": _str_problem,
    "int": _int_problem,
    "month": _month_problem,
    "bool": _bool_problem,
    "date": _date_problem,
    "strlist": _strlist_problem,
    "keylist": _keylist_problem,
    "url": url_problem,
    "arxiv": _arxiv_problem,
    "doi": _doi_problem,
}
_ENTRY_CHECKERS = {name: _CHECKERS[kind] for name, kind in ENTRY_FIELDS.items()}


# -- every paper at once ---------------------------------------------------------------
# Most catalogs have no problem in any paper. ``papers_pass`` decides that for all papers
# together, one field at a time, with C-level joins, type sets and patterns in place of a
# Python call per value; when it cannot say yes, every paper is checked one by one as
# before, which alone words the problems. A property test holds it to never saying yes
# where ``check_entry`` finds a problem.

_MISSING = object()
# A value of each kind that has no problem: what a paper without the field counts as, so
# that a column is taken in one C-level pass.
_NEUTRAL: dict[str, Any] = {
    "text": "x",
    "str": "x",
    "int": 2000,
    "month": 1,
    "bool": False,
    "date": dt.date(2000, 1, 1),
    "strlist": [],
    "keylist": [],
    "url": "https://example.org",
    "arxiv": "0704.0001",
    "doi": "10.1000/x",
}


def _values(entries: list[dict[str, Any]], name: str, kind: str | None = None) -> list[Any]:
    """Field ``name`` of every entry; one without it gives the neutral value of
    ``kind``, or is left out when no kind is given (a facet)."""
    if kind is not None:
        return list(
            map(dict.get, entries, itertools.repeat(name), itertools.repeat(_NEUTRAL[kind]))
        )
    found = map(dict.get, entries, itertools.repeat(name), itertools.repeat(_MISSING))
    return list(filter(functools.partial(operator.is_not, _MISSING), found))


def _all_of_type(values: Collection[Any], kind: type) -> bool:
    return set(map(type, values)) <= {kind}


def _no_blank(strings: Collection[str], *, one_line: bool) -> bool:
    """No string is empty or only spaces (and, for ``one_line``, none holds a newline)."""
    if one_line:
        joined = "".join(strings)
        if "\n" in joined or "\r" in joined:
            return False
    return all(strings) and not any(map(str.isspace, strings))


def _strings(values: list[Any]) -> set[str] | None:
    """The distinct items of arrays of strings, or None when a value is no such array."""
    if not _all_of_type(values, list):
        return None
    try:
        items = set(itertools.chain.from_iterable(values))
    except TypeError:  # an array or table among the items
        return None
    return items if _all_of_type(items, str) else None


def _kind_passes(kind: str, values: list[Any]) -> bool:
    """Whether no value of a field of this kind has a problem."""
    if kind in ("text", "str", "url", "arxiv", "doi"):
        if not _all_of_type(values, str):
            return False
        if kind == "text":
            return _no_blank(values, one_line=True)
        if kind == "url":
            return all(map(_PLAIN_URL.fullmatch, values))
        if kind == "arxiv":
            return ids.all_canonical_arxiv(values)
        if kind == "doi":
            return ids.all_canonical_dois(values)
        return True
    if kind in ("int", "month"):
        if not _all_of_type(values, int):
            return False
        low, high = (1000, 2999) if kind == "int" else (1, 12)
        return not values or (low <= min(values) and max(values) <= high)
    if kind == "bool":
        return _all_of_type(values, bool)
    if kind == "date":
        return _all_of_type(values, dt.date)
    items = _strings(values)  # strlist, keylist
    if items is None or not _no_blank(items, one_line=False):
        return False
    return kind == "strlist" or all(map(KEY_PATTERN.match, items))


def _none_has(papers: dict[str, Any], name: str) -> bool:
    """Whether no paper (a table) has field ``name``."""
    entries = list(papers.values())
    return _all_of_type(entries, dict) and not any(
        map(operator.contains, entries, itertools.repeat(name))
    )


def _cross_pass(papers: dict[str, Any]) -> bool:
    """True only when ``check_cross_entry`` finds nothing: no paper has aliases, and no
    arXiv id or DOI is held twice (case aside)."""
    if not _none_has(papers, "aliases"):
        return False
    entries = list(papers.values())
    for name in ("arxiv", "doi"):
        values = _values(entries, name)
        if not _all_of_type(values, str) or len(set(map(str.lower, values))) != len(values):
            return False
    return True


def papers_pass(papers: dict[str, Any], facets: dict[str, list[str]], sections: set[str]) -> bool:
    """True only when ``check_entry`` finds no problem in any of ``papers``."""
    entries = list(papers.values())
    if not _all_of_type(entries, dict) or not all(map(KEY_PATTERN.match, papers)):
        return False
    for required in REQUIRED_ENTRY_FIELDS:
        if not all(map(operator.contains, entries, itertools.repeat(required))):
            return False
    names = set(itertools.chain.from_iterable(entries))
    if not names <= ENTRY_FIELDS.keys() | facets.keys():
        return False
    sections_held: list[Any] = []
    for name in names:
        if name in ENTRY_FIELDS:
            values = _values(entries, name, ENTRY_FIELDS[name])
            if not _kind_passes(ENTRY_FIELDS[name], values):
                return False
            if name == "sections":
                sections_held = values
            continue
        values = _values(entries, name)
        allowed = set(facets[name])
        single = [value for value in values if type(value) is str]
        lists = [value for value in values if type(value) is not str]
        items = _strings(lists)
        if items is None or not set(single).union(items) <= allowed:
            return False
    if not set(itertools.chain.from_iterable(sections_held)) <= sections:
        return False
    for name in names.intersection(("aliases", "not_duplicates")):
        for key, entry in papers.items():
            if name in entry and key in entry[name]:
                return False
    return True


def field_problem(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be stored in the entry field ``name``, or None."""
    checker = _ENTRY_CHECKERS.get(name)
    return checker(value) if checker is not None else None


def _value_problem(kind: str, value: Any) -> str | None:
    return _CHECKERS[kind](value)


def validate(data: dict[str, Any], *, papers_passed: bool = False) -> list[Problem]:
    """Every problem in a parsed catalog mapping. ``papers_passed``: the caller found
    ``papers_pass`` true for all of its papers (in groups; the test is paper by paper),
    under these declarations."""
    return _Validator(data).run(papers_passed=papers_passed)


# The same checks in three parts, for a catalog validated paper by paper (``reparse``):
# ``validate`` is ``declaration_problems``, then ``entry_problems`` for each paper in
# order, then ``cross_problems``.


def declaration_problems(
    data: dict[str, Any],
) -> tuple[list[Problem], dict[str, list[str]], set[str]]:
    """Problems of everything but ``papers``, the declared facet values and section ids."""
    validator = _Validator(data)
    facets, sections = validator.check_declarations()
    return validator.problems, facets, sections


def entry_problems(
    key: str, entry: Any, facets: dict[str, list[str]], sections: set[str]
) -> list[Problem]:
    """Problems of one paper on its own."""
    validator = _Validator({})
    validator.check_entry(key, entry, facets, sections)
    return validator.problems


CROSS_FIELDS = ("arxiv", "doi", "aliases", "not_duplicates")  # all cross checks read


def cross_problems(papers: dict[str, dict[str, Any]], not_duplicates: Any) -> list[Problem]:
    """Problems between papers (shared identifiers, aliases, not-duplicate keys), from
    each paper's ``CROSS_FIELDS`` and the top-level ``not_duplicates``."""
    data = {} if not_duplicates is None else {"not_duplicates": not_duplicates}
    validator = _Validator(data)
    validator.check_cross_entry(papers)
    validator.check_not_duplicates(papers)
    return validator.problems


_HEADER = re.compile(r"^\s*\[\s*(?P<path>[^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*(?P<path>[^\[\]]+?)\s*\]\]\s*(?:#.*)?$")


def locate(problems: list[Problem], text: str) -> list[Problem]:
    """Add line numbers to problems by finding their table and field in the TOML text."""
    lines = text.splitlines()
    headers: dict[str, int] = {}
    arrays: dict[str, list[int]] = {}
    for number, line in enumerate(lines, start=1):
        match = _ARRAY_HEADER.match(line)
        if match:
            arrays.setdefault(_unquote_path(match["path"]), []).append(number)
            continue
        match = _HEADER.match(line)
        if match:
            headers.setdefault(_unquote_path(match["path"]), number)
    located = []
    for problem in problems:
        line = _find_line(problem.where, lines, headers, arrays)
        located.append(
            Problem(problem.where, problem.message, line, problem.column, problem.blocking)
            if line
            else problem
        )
    return located


def _unquote_path(path: str) -> str:
    return ".".join(part.strip().strip('"').strip("'") for part in path.split("."))


def _find_line(
    where: str, lines: list[str], headers: dict[str, int], arrays: dict[str, list[int]]
) -> int | None:
    match = re.match(r"^(\w+)\[(\d+)\](?:\.(\w+))?", where)
    if match and match[1] in arrays:
        starts = arrays[match[1]]
        index = int(match[2])
        return _field_line(lines, starts[index], match[3]) if index < len(starts) else None
    parts = where.split(".")
    for cut in range(len(parts), 0, -1):
        table = ".".join(parts[:cut])
        if table in headers:
            field_name = parts[cut].split("[")[0] if cut < len(parts) else None
            return _field_line(lines, headers[table], field_name)
    return None


def _field_line(lines: list[str], header_line: int, field_name: str | None) -> int:
    if not field_name:
        return header_line
    pattern = re.compile(rf"^\s*\"?{re.escape(field_name)}\"?\s*=")
    for number in range(header_line, len(lines)):
        line = lines[number]
        if line.lstrip().startswith("["):
            break
        if pattern.match(line):
            return number + 1
    return header_line
