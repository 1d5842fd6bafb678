"""The ``[render]`` settings: their names, types and allowed values, and the check that
``fmcat check`` and ``render`` both apply. No rendering code is imported here, so
validation stays light."""

from __future__ import annotations

import string
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

STYLE_NAMES = ("bullet", "card", "card-dated", "survey", "table")
SORTS = ("date", "year", "title", "venue", "key", "citations", "stars")
GROUPS = ("section", "year", "facet:NAME")
TABLE_COLUMNS = (
    "title",
    "authors",
    "venue",
    "year",
    "date",
    "links",
    "code",
    "key",
    "citations",
    "stars",
)
DATE_TOKENS = ("yyyy", "mm", "dd", "d", "mon", "month", "ordinal")

# name → kind, as in model.ENTRY_FIELDS (text: one line; str: any text)
RENDER_FIELDS: dict[str, str] = {
    "style": "text",
    "sort": "text",
    "group": "text",
    "awesome_lint": "bool",
    "template": "str",
    "template_file": "text",
    "date_format": "text",
    "columns": "strlist",
    "toc": "bool",
    "counts": "bool",
    "metrics": "bool",
    "stats": "bool",
}


def setting_problem(name: str, value: Any, facets: set[str] | frozenset[str]) -> str | None:
    """Why a well-typed setting's value is not allowed, or None."""
    if name == "style" and value not in STYLE_NAMES:
        return f"expected one of {', '.join(STYLE_NAMES)}"
    if name == "sort" and value not in SORTS:
        return f"expected one of {', '.join(SORTS)}"
    if name == "group" and not (
        value in GROUPS[:-1] or (value.startswith("facet:") and value[6:] in facets)
    ):
        return f"expected {', '.join(GROUPS[:-1])} or {GROUPS[-1]} of a declared facet"
    if name == "columns":
        for column in value:
            if column not in TABLE_COLUMNS and column not in facets:
                return f"column {column!r}: expected one of {', '.join(TABLE_COLUMNS)} or a facet"
    if name == "date_format":
        return date_format_problem(value)
    if name == "template_file":
        return template_path_problem(value)
    return None


def date_format_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a date format of ``{token}`` placeholders, or None."""
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError as err:
        return f"not a date format ({err})"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in DATE_TOKENS or spec or conversion:
            tokens = ", ".join("{" + token + "}" for token in DATE_TOKENS)
            return f"unknown placeholder {{{name}}}; use {tokens}"
    return None


def template_path_problem(value: str) -> str | None:
    """Why ``value`` cannot name a template file inside the catalog's folder, or None.
    (Symlinks are checked when the file is read.)"""
    for path in (PurePosixPath(value), PureWindowsPath(value)):
        if path.is_absolute() or path.drive or path.root:
            return "must be a path relative to the catalog's folder"
        for part in path.parts:
            if part == "..":
                return "must stay inside the catalog's folder (no '..')"
            if part.startswith("."):
                return f"must not name a hidden file or folder ({part!r})"
    return None
