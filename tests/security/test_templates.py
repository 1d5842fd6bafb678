"""A template from a stranger's catalog can neither run code, read files or the
environment, nor exhaust the machine: every attempt is one error line, exit 2."""

from __future__ import annotations

import pytest

from fmcat.errors import UsageError
from fmcat.render.styles import Marks
from fmcat.render.templates import EntryTemplate
from tests.conftest import DATA

ESCAPES = {
    "globals through a global": "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "globals through the entry": "{{ e.__class__.__init__.__globals__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "the raw entry's class": "{{ e.raw.__class__ }}",
    "a private field": "{{ e._facet_specs }}",
    "template reference": "{{ self.__dict__ }}",
    "config": "{{ config }}",
    "environment variables": "{{ environ }}",
    "lipsum": "{{ lipsum(1000000000) }}",
    "namespace accumulator": "{% set ns = namespace(s='x') %}{% set ns.s = ns.s ~ ns.s %}",
    "include a file": "{% include '/etc/passwd' %}",
    "import a file": "{% import 'catalog.toml' as c %}",
    "from import": "{% from '/etc/passwd' import x %}",
    "format string attribute": "{{ '{0.__class__}'.format(e) }}",
}

EXHAUSTION = {
    "string repetition": "{{ 'x' * 1000000000 }}",
    "huge power": "{{ (99999 ** 64) ** 64 }}",
    "huge width filter": "{{ 'x'|center(1000000000) }}",
    "huge width method": "{{ 'x'.ljust(1000000000) }}",
    "%-format width": "{{ '%1000000000d' % 1 }}",
    "format filter width": "{{ '%.1000000f'|format(1) }}",
    "str.format width": "{{ '{:>1000000000}'.format(1) }}",
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "exponential macro": (
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(60) }}"
    ),
    "doubling macro": (
        "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n-1) }}{% endif %}{% endmacro %}{{ f('x', 64) }}"
    ),
    "replace amplification": "{% set s = 'y' * 100000 %}{{ s|replace('', s) }}",
    "join amplification": "{% set s = 'y' * 100000 %}{{ s.join(s) }}",
    "batch fill": "{{ [1]|batch(1000000000, 'x')|list }}",
    "endless recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "output flood": "{% for i in range(1000) %}{{ 'x' * 1000000 }}{% endfor %}",
}


class _View:
    title = "A title"
    raw = None


@pytest.mark.parametrize("source", list(ESCAPES.values()), ids=list(ESCAPES))
def test_no_template_escapes_the_sandbox(source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"^template"):
        EntryTemplate(source).lines([(_View(), "")], Marks())
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("source", list(EXHAUSTION.values()), ids=list(EXHAUSTION))
def test_every_template_is_bounded(source):
    with pytest.raises(UsageError, match=r"^template: "):
        EntryTemplate(source).lines([(_View(), "")], Marks())


def test_templates_within_bounds_still_work():
    source = "- {{ e.title|upper }} {{ link('code', 'https://example.org/x') }} {{ range(3)|list }}"
    assert EntryTemplate(source).lines([(_View(), "")], Marks()) == [
        ["- A TITLE [code](https://example.org/x) [0, 1, 2]"]
    ]


def _catalog(tmp_path, render: str) -> None:
    text = (DATA / "catalog_small.toml").read_text("utf-8")
    (tmp_path / "catalog.toml").write_text(f"{text}\n[render]\n{render}\n", "utf-8")


def test_a_catalog_template_cannot_run_a_command(fmcat, tmp_path):
    attack = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"
    _catalog(tmp_path, f"template = {attack!r}")
    for args in (("render",), ("render", "--check", "README.md")):
        (tmp_path / "README.md").write_text("# x\n", "utf-8")
        result = fmcat(*args)
        assert result.code == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "../outside.j2", "sub/../../outside.j2", ".git/config", ".hidden.j2"]
)
def test_template_file_stays_inside_the_catalog_folder(fmcat, tmp_path, name):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("token = SECRET\n", "utf-8")
    (tmp_path / ".hidden.j2").write_text("SECRET\n", "utf-8")
    (tmp_path.parent / "outside.j2").write_text("SECRET\n", "utf-8")
    _catalog(tmp_path, f"template_file = {name!r}")
    checked = fmcat("check")
    assert checked.code == 1 and "render.template_file" in checked.stdout
    rendered = fmcat("render")
    assert rendered.code == 2 and "SECRET" not in rendered.stdout + rendered.stderr
    assert "Traceback" not in rendered.stderr


def test_template_file_symlinked_outside_is_refused(fmcat, tmp_path):
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("SECRET\n", "utf-8")
    (tmp_path / "entry.j2").symlink_to(secret)
    _catalog(tmp_path, "template_file = 'entry.j2'")
    assert fmcat("check").code == 0  # the name is fine; where it leads is checked on use
    result = fmcat("render")
    assert result.code == 2 and "outside the catalog's folder" in result.stderr
    assert "SECRET" not in result.stdout
