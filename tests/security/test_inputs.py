"""Hostile and careless input: every case is one clear error line with a documented exit
code, or a reported problem; never a traceback, never a changed catalog."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fmcat import ids
from fmcat.model import CATALOG_FIELDS, ENTRY_FIELDS
from fmcat.render.settings import RENDER_FIELDS
from fmcat.validate import validate
from tests.conftest import DATA


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text((DATA / "catalog_small.toml").read_text("utf-8"), "utf-8")
    return path


def _one_line(result, code=2):
    assert result.code == code, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") <= 2


def test_malformed_inputs_are_one_line(fmcat, cat, tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000, "utf-8")
    (tmp_path / "loop").symlink_to("loop")
    cases = [
        (("add", "--from-file", sys.executable, "--offline"), {}),
        (("add", "10.1000/" + "a" * 100_000, "--offline"), {}),
        (("add", "10.1038/srep16696"), {"FMCAT_HTTP_TIMEOUT": "-1"}),
        (("add", "10.1038/srep16696"), {"FMCAT_HTTP_TIMEOUT": "nan"}),
        (("add", "10.1038/srep16696"), {"FMCAT_CROSSREF_URL": "http://[::1"}),
        (("add", "10.1038/srep16696"), {"FMCAT_ARXIV_DELAY": "soon"}),
        (("import", "deep.json"), {}),
        (("render", "-o", "loop"), {}),
        (("-C", "/dev/zero", "check"), {}),
        (("export", "--key", "nope"), {}),
        (("render", "--style", "fancy"), {}),
        (("add", "--sectoin", "x"), {}),
    ]
    before = cat.read_bytes()
    for args, env in cases:
        result = fmcat(*args, env=env, timeout=60)
        _one_line(result)
        assert len(result.stderr) < 400, args
    assert cat.read_bytes() == before


def test_a_corrupted_record_cache_is_fetched_again(fmcat, cat, tmp_path):
    from fmcat.sources.cache import RecordCache

    cache = RecordCache(root=tmp_path / ".fmcat-cache")
    records = tmp_path / ".fmcat-cache" / "records" / "arxiv"
    records.mkdir(parents=True)
    for body in ("[1, 2]", '{"id": "arxiv:1605.08386", "record": {"title": 5}}', "{", "null"):
        (cache._path("arxiv:1605.08386")).write_text(body, "utf-8")
        assert cache.get("arxiv:1605.08386") is None
        result = fmcat("add", "1605.08386", "--offline")
        assert result.code == 3 and "Traceback" not in result.stderr


def test_closed_and_odd_stdout(cat, tmp_path):
    env = {**os.environ, "FMCAT_CACHE_DIR": str(tmp_path / "c")}
    closed = subprocess.run(
        [sys.executable, "-m", "fmcat", "render"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr
    ascii_env = {**env, "PYTHONIOENCODING": "ascii"}
    for args in (["render"], ["lookup", "biomedical"], ["export", "-f", "json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "fmcat", *args], cwd=tmp_path, env=ascii_env, capture_output=True
        )
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        proc.stdout.decode("utf-8")  # machine output is UTF-8 whatever the locale


def test_ctrl_c_says_the_catalog_is_unchanged(cat, tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "fmcat", "add", "-"],
        cwd=tmp_path,
        env={**os.environ, "FMCAT_CACHE_DIR": str(tmp_path / "c")},
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # reading identifiers from stdin
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert stderr.strip() == "error: interrupted; catalog unchanged"


@pytest.mark.parametrize(
    "doi",
    [
        "10.1000/../../works/10.1038/srep16696",
        "10.1000/./x",
        "https://doi.org/10.1000/a/../b",
        "doi:10.1000/..",
    ],
)
def test_a_doi_cannot_traverse_paths(doi):
    assert ids.try_parse_identifier(doi) is None


def test_check_and_import_refuse_dot_segments(fmcat, cat, tmp_path):
    text = cat.read_text("utf-8") + '\n[papers.trav]\ntitle = "T"\ndoi = "10.1000/../../x"\n'
    cat.write_text(text, "utf-8")
    result = fmcat("check")
    assert result.code == 1 and "papers.trav.doi: malformed DOI" in result.stdout
    cat.write_text((DATA / "catalog_small.toml").read_text("utf-8"), "utf-8")
    (tmp_path / "list.md").write_text(
        "# L\n\n- [A paper on traversal](https://doi.org/10.1000/../../works/x)\n", "utf-8"
    )
    assert fmcat("import", "list.md").code == 0
    assert 'doi = "10.1000' not in cat.read_text("utf-8")  # kept only as a plain link


def _set_catalog_field(cat, name: str, value: str) -> None:
    import tomli

    data = tomli.loads(cat.read_text("utf-8"))
    data["catalog"][name] = value
    cat.write_text(tomli_w.dumps(data), "utf-8")


@pytest.mark.parametrize("name", ["description", "header", "footer"])
def test_markers_in_catalog_text_are_reported(fmcat, cat, name):
    _set_catalog_field(cat, name, "x\n<!-- fmcat:end -->\ny")
    result = fmcat("check")
    assert result.code == 1 and f"catalog.{name}: contains the fmcat marker" in result.stdout
    assert fmcat("render").code == 2


@pytest.mark.parametrize("name", ["title", "description", "header", "footer"])
def test_render_check_sees_every_change_to_a_whole_document(fmcat, cat, tmp_path, name):
    readme = tmp_path / "README.md"
    readme.write_text(fmcat("render").stdout, "utf-8")
    assert fmcat("render", "--check", "README.md").code == 0
    _set_catalog_field(cat, name, "Changed by a pull request")
    result = fmcat("render", "--check", "README.md")
    assert result.code == 1 and "Changed by a pull request" in result.stdout
    assert fmcat("render", "--in-place", "README.md").code == 0
    assert readme.read_text("utf-8") == fmcat("render").stdout


def test_wrong_types_in_known_places_are_problems(fmcat, cat):
    import tomli

    base = tomli.loads(cat.read_text("utf-8"))
    first = next(iter(base["papers"]))
    edits = [
        ("papers", first, "sections", 5),
        ("papers", first, "aliases", 5),
        ("papers", first, "not_duplicates", 5),
        ("render", 5),
        ("render", {"date_format": "{foo}"}),
        ("render", {"group": 5}),
        ("render", {"styel": "card"}),
        ("render", {"columns": ["nope"]}),
        ("catalog", {"title": "x", "style": "fancy"}),
    ]
    for *path, value in edits:
        data = tomli.loads(cat.read_text("utf-8"))
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        cat.write_text(tomli_w.dumps(data), "utf-8")
        result = fmcat("check")
        assert result.code == 1 and "Traceback" not in result.stderr, (path, result.stderr)
        assert ".".join(path[:1]) in result.stdout
        assert fmcat("render").code == 2
        cat.write_text(tomli_w.dumps(base), "utf-8")


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["10.1000/../x", "2301.04558v2", "<!-- fmcat:end -->", "{foo}", "a\nb"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
_PLACES = (
    [("papers", "p", name) for name in ENTRY_FIELDS]
    + [("catalog", name) for name in CATALOG_FIELDS]
    + [("render", name) for name in RENDER_FIELDS]
    + [(name,) for name in ("catalog", "render", "venues", "facets", "sections", "papers")]
    + [("not_duplicates",), ("facets", "f", "values"), ("facets", "f", "markers")]
    + [("venues", "V", "aliases"), ("venues", "V", "kind")]
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(_PLACES), value=_VALUES)
def test_any_value_anywhere_gives_problems_never_exceptions(place, value):
    data = {"papers": {"p": {"title": "A title"}}, "facets": {"f": {"values": ["a"]}}}
    target = data
    for part in place[:-1]:
        target = target.setdefault(part, {})
        if not isinstance(target, dict):
            return
    target[place[-1]] = value
    problems = validate(data)
    assert all(problem.message for problem in problems)
    if value is not None:  # TOML has no null: a document that can exist is also checked
        try:
            text = tomli_w.dumps(data)
        except (TypeError, ValueError):
            return
        from fmcat.store import parse_text

        assert validate(parse_text(text, "fuzz.toml")) is not None


_PIECES = [
    *"[]()<>*_`#|-!:.,/\\ \n\t{}@=\"'%~a\u202e\x00é",
    "10.1000/",
    "arxiv.org/abs/",
    "2301.0455",
    "http://",
    "doi.org/",
    "<details>",
    "<summary>",
    "**",
    "et al.",
    "<!-- fmcat:end -->",
    "| a | b |\n|---|---|\n",
    "- [x](y)\n",
    "@article{k,",
    "title = {T}",
    "year = {0999}",
    '{\\"o}',
    '["papers"]',
]
_HOSTILE_TEXT = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_HOSTILE_TEXT, kind=st.sampled_from(["markdown", "bibtex", "json"]))
def test_importers_take_any_text(text, kind):
    from fmcat.errors import UsageError
    from fmcat.importers.common import ImportOptions, apply_import
    from fmcat.model import Catalog
    from fmcat.normalize.venues import venue_table
    from fmcat.store import dumps, parse_text

    try:
        if kind == "markdown":
            from fmcat.importers.markdown import parse_markdown

            result = parse_markdown(text, venue_table())
        elif kind == "bibtex":
            from fmcat.importers.bibtex import parse_bibtex

            result = parse_bibtex(text, venue_table())
        else:
            from fmcat.importers.jsonfile import parse_json

            result = parse_json(text, "fuzz.json")
    except UsageError:
        return
    catalog = Catalog()
    apply_import(catalog, result, ImportOptions())
    saved = validate(parse_text(dumps(catalog), "fuzz.toml"))
    assert not [problem for problem in saved if problem.blocking], saved


@settings(max_examples=2000, deadline=None)
@given(text=_HOSTILE_TEXT | st.text(max_size=200))
def test_identifier_parsers_take_any_text(text):
    found = ids.try_parse_identifier(text)
    if found is not None:
        assert ids.try_parse_identifier(found.value) == ids.Identifier(found.kind, found.value)
        assert ".." not in found.value.split("/")
    from_url = ids.identifier_from_url(text)
    assert from_url is None or from_url.kind in ("arxiv", "doi")


def test_a_reader_that_goes_away_stops_fmcat_quietly(cat, tmp_path):
    env = {**os.environ, "FMCAT_CACHE_DIR": str(tmp_path / "c")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fmcat", "export", "-f", "json"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()  # like `fmcat export | head -c 10`
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) in (0, 141)
    assert b"Traceback" not in stderr and not stderr.startswith(b"error")


def test_no_command_shows_the_help(fmcat):
    result = fmcat()
    assert result.code == 2 and "Usage: fmcat" in result.stdout + result.stderr
    assert "Examples" not in result.stdout and "Writing" in result.stdout
    assert not result.stderr.startswith("error") and "Traceback" not in result.stderr
