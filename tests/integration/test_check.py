"""`fmcat init` and `fmcat check` through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import sys

import pytest

from tests.conftest import DATA

SMALL = DATA / "catalog_small.toml"


@pytest.fixture
def catalog(small_catalog):
    return small_catalog


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_init_writes_a_starter_that_passes_check_and_refuses_to_overwrite(fmcat, tmp_path):
    assert fmcat("init", "--title", "Awesome Medical FMs").code == 0
    text = (tmp_path / "catalog.toml").read_text("utf-8")
    assert 'title = "Awesome Medical FMs"' in text
    assert "[facets.modality]" in text and '{ id = "papers", title = "Papers" }' in text
    assert fmcat("check").code == 0
    again = fmcat("init")
    assert again.code == 2
    assert "already exists" in again.stderr
    assert (tmp_path / "catalog.toml").read_text("utf-8") == text


def test_clean_catalog_exits_zero(fmcat, catalog):
    result = fmcat("check")
    assert result.code == 0, result.stderr
    assert "OK (4 papers)" in result.stderr


def test_syntax_error_names_file_line_and_column(fmcat, catalog):
    edit(catalog, "year = 2022\n", "year = 20 22\n")  # first occurrence: tiu2022expert
    result = fmcat("check")
    assert result.code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    line_number = catalog.read_text().splitlines().index("year = 20 22") + 1
    assert f"catalog.toml:{line_number}:" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "year = 2022\ndate = 2022-10-18",
            'year = "2022"\ndate = 2022-10-18',
            "papers.wang2022medclip.year: expected an integer",
        ),
        (
            'venue = "EMNLP"\n',
            'venu = "EMNLP"\n',
            "papers.wang2022medclip.venu: unknown field (did you mean 'venue'?)",
        ),
        (
            '"pre-training",\n]\nalgorithm = [\n    "contrastive",\n]\n',
            '"pre-training",\n]\nalgorithm = [\n    "contrastiv",\n]\n',
            "'contrastiv' is not a declared value of facet 'algorithm' "
            "(did you mean 'contrastive'?)",
        ),
        (
            '"pre-training",\n]\nalgorithm',
            '"pretraining",\n]\nalgorithm',
            "no section 'pretraining' (did you mean 'pre-training'?)",
        ),
        ('arxiv = "2210.10163"', 'arxiv = "2210.1016"', "malformed arXiv id '2210.1016'"),
        (
            'arxiv = "2210.10163"',
            'arxiv = "2210.10163v2"',
            "store the bare arXiv id without version: '2210.10163'",
        ),
        (
            'doi = "10.1038/s41551-022-00936-9"',
            'doi = "https://doi.org/10.1038/S41551-022-00936-9"',
            "store the bare lower-case DOI: '10.1038/s41551-022-00936-9'",
        ),
        (
            'code = "https://github.com/RyanWangZf/MedCLIP"',
            'code = "javascript:alert(1)"',
            "not an http(s) URL",
        ),
        ('code = "https://github.com/RyanWangZf/MedCLIP"', 'code = ""', "empty link"),
        (
            'arxiv = "2210.10163"',
            'arxiv = "2301.04558"',
            "2301.04558 is also the arXiv id of papers.bannur2023learning",
        ),
    ],
)
def test_each_kind_of_problem_is_reported_with_its_location(fmcat, catalog, old, new, expected):
    edit(catalog, old, new)
    result = fmcat("check")
    assert result.code == 1, result.stdout + result.stderr
    assert expected in result.stdout
    problem_line = next(line for line in result.stdout.splitlines() if expected in line)
    file_part, line_no = problem_line.split(":")[:2]
    assert file_part == "catalog.toml" and line_no.isdigit()


def test_json_lists_every_problem(fmcat, catalog):
    edit(catalog, "year = 2022\ndate = 2022-10-18\n", 'year = "2022"\ntitel = "x"\n')
    result = fmcat("check", "--json")
    assert result.code == 1
    problems = json.loads(result.stdout)
    assert [p["where"] for p in problems] == [
        "papers.wang2022medclip.year",
        "papers.wang2022medclip.titel",
    ]
    assert all(p["file"] == "catalog.toml" and isinstance(p["line"], int) for p in problems)
    assert "did you mean 'title'" in problems[1]["message"]


def test_unreadable_catalogs_exit_two_with_one_line(fmcat, tmp_path):
    missing = fmcat("check")
    assert missing.code == 2 and "no catalog here" in missing.stderr
    (tmp_path / "dir.toml").mkdir()
    assert "is a directory" in fmcat("--catalog", "dir.toml", "check").stderr
    (tmp_path / "latin1.toml").write_bytes('[catalog]\ntitle = "Pérez"\n'.encode("latin-1"))
    bad = fmcat("--catalog", "latin1.toml", "check")
    assert bad.code == 2 and "latin1.toml:2:" in bad.stderr and "UTF-8" in bad.stderr
    for result in (missing, bad):
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(fmcat, catalog):
    catalog.chmod(0)
    result = fmcat("check")
    assert result.code == 2 and "permission denied" in result.stderr


def test_catalog_found_by_env_and_parent_directory(fmcat, catalog, tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert "OK (4 papers)" in fmcat("check", cwd=sub).stderr
    other = tmp_path / "other.toml"
    shutil.copy(SMALL, other)
    edit(other, "year = 2022\n", 'year = "x"\n')
    assert fmcat("check", cwd=sub, env={"FMCAT_CATALOG": str(other)}).code == 1
    assert (
        fmcat("--catalog", str(catalog), "check", cwd=sub, env={"FMCAT_CATALOG": str(other)}).code
        == 0
    )


def test_version_help_and_module_entry_point(fmcat):
    from fmcat import __version__

    assert fmcat("--version").stdout.strip() == f"fmcat {__version__}"
    help_text = fmcat("--help").stdout
    assert "check" in help_text and "init" in help_text


def test_fast_commands_do_not_import_heavy_libraries(catalog):
    import subprocess

    code = (
        "import sys; from fmcat.cli import main; main(['--catalog', sys.argv[1], 'check']);"
        "heavy = {'httpx', 'rapidfuzz', 'bibtexparser', 'arxiv', 'jinja2', 'markdown_it', "
        "'ftfy', 'pydantic', 'lxml', 'hashlib', 'json', 'html', 'tomli_w'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(catalog)], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
