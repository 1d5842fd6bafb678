"""Catalog parsing: the fast parser (toml-rs) never disagrees with the reference (tomli).

``store.parse_text`` uses toml-rs and falls back to tomli on anything toml-rs rejects, so
what matters is that toml-rs accepts nothing tomli rejects and gives tomli's values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import toml_rs
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import store
from fmcat.errors import CatalogError

ROOT = Path(__file__).parents[2]


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


# Fragments of TOML syntax, valid and broken, joined at random.
PIECES = st.sampled_from(
    ["a", "b", '"x"', "'y'", " = ", "=", "1", "1.5", "-0", "0x1F", "1_0", "1e3", "nan", "inf",
     "true", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "[", "]", "[[", "]]", "{", "}",
     ",", ".", "\n", "\r\n", " ", "\t", "#c", '"""', "'''", "\\", "\\u00e9", "\\n", "é", '"',
     "'", "_", "+", ":", "T", "\x00", "\x7f"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(PIECES, max_size=25).map("".join))
def test_what_the_fast_parser_accepts_the_reference_accepts_alike(text):
    try:
        fast = toml_rs.loads(text)
    except Exception:
        return
    assert _same(tomli.loads(text), fast)


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "catalog.toml",
        ROOT / "tests/data/catalog_small.toml",
        *ROOT.glob("src/fmcat/data/*.toml"),
    ],
    ids=lambda p: p.name,
)
def test_real_catalogs_parse_the_same(path):
    text = path.read_text(encoding="utf-8")
    assert _same(store.parse_text(text, path), tomli.loads(text))


def test_a_syntax_error_is_reported_with_tomli_line_and_column(tmp_path):
    path = tmp_path / "catalog.toml"
    with pytest.raises(CatalogError, match=r"catalog.toml:2:\d+: TOML syntax error"):
        store.parse_text('[papers.a]\ntitle = "unclosed\n', path)
