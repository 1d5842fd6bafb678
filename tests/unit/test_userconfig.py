"""The user's settings file: values, their environment twins, and keys kept by name."""

from __future__ import annotations

import pytest

from fmcat import userconfig
from fmcat.errors import UsageError
from fmcat.model import Catalog
from fmcat.render.document import RenderOptions


def test_a_setting_comes_from_its_env_twin_else_the_file(monkeypatch, tmp_path):
    monkeypatch.delenv("FMCAT_MAILTO", raising=False)
    assert userconfig.value("mailto") == (None, "default")
    userconfig.set_value("mailto", "me@example.org")
    assert userconfig.value("mailto") == ("me@example.org", "file")
    monkeypatch.setenv("FMCAT_MAILTO", "ci@example.org")
    assert userconfig.get("mailto") == "ci@example.org"


def test_api_keys_are_read_from_the_variable_the_file_names(monkeypatch):
    monkeypatch.delenv("FMCAT_S2_API_KEY", raising=False)
    userconfig.set_value("s2_api_key_from", "MY_S2_KEY")
    assert userconfig.get("s2_api_key_from") is None
    monkeypatch.setenv("MY_S2_KEY", "s3cret")
    assert userconfig.get("s2_api_key_from") == "s3cret"
    assert "s3cret" not in userconfig.path().read_text()


def test_the_default_style_applies_when_the_catalog_sets_none(monkeypatch):
    monkeypatch.delenv("FMCAT_STYLE", raising=False)
    assert RenderOptions.from_catalog(Catalog()).style == "card"
    userconfig.set_value("style", "table")
    assert RenderOptions.from_catalog(Catalog()).style == "table"
    assert RenderOptions.from_catalog(Catalog(meta={"style": "bullet"})).style == "bullet"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('mailto = "nope"\n', "expected"),
        ('colour = "red"\n', "no setting 'colour'"),
        ("style = [\n", "not a TOML file"),
        ("style = 3\n", "expected"),
    ],
)
def test_a_bad_settings_file_is_one_line(text, message):
    userconfig.path().write_text(text)
    with pytest.raises(UsageError, match=message) as raised:
        userconfig.read()
    assert "\n" not in str(raised.value)


def test_setting_an_unknown_or_malformed_value_is_refused():
    with pytest.raises(UsageError):
        userconfig.set_value("colour", "red")
    with pytest.raises(UsageError):
        userconfig.set_value("github_token_from", "lower case")
    assert not userconfig.path().exists()
