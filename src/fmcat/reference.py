"""The README's reference tables of the catalog format, made from the model's field
tables (``python -m fmcat.reference`` prints them; a test holds the README to them)."""

from __future__ import annotations

from fmcat.model import CATALOG_DOCS, CATALOG_FIELDS, ENTRY_FIELDS, FIELD_DOCS

TYPE_NAMES = {
    "text": "string",
    "str": "string",
    "int": "integer",
    "month": "integer",
    "date": "date",
    "bool": "boolean",
    "strlist": "array of strings",
    "arxiv": "string",
    "doi": "string",
    "url": "URL",
    "keylist": "array of keys",
}


def paper_fields_table() -> str:
    rows = ["| field | type | meaning |", "| --- | --- | --- |"]
    for name, kind in ENTRY_FIELDS.items():
        rows.append(f"| `{name}` | {TYPE_NAMES[kind]} | {FIELD_DOCS[name]} |")
    rows.append("| *facet name* | array of strings | Values of a declared facet. |")
    return "\n".join(rows) + "\n"


def catalog_fields_table() -> str:
    rows = ["| field | meaning |", "| --- | --- |"]
    rows += [f"| `{name}` | {CATALOG_DOCS[name]} |" for name in CATALOG_FIELDS]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(paper_fields_table())
    print(catalog_fields_table(), end="")
