"""The user's settings, set once: ``config.toml`` in the platform's user config folder
(``$FMCAT_CONFIG`` names another file). Each setting has an environment-variable twin
that wins over the file. API keys are never stored here: the file names the environment
variable that holds each key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from fmcat import files
from fmcat.errors import UsageError


@dataclass(frozen=True)
class Setting:
    env: str  # the environment variable that overrides the file
    meaning: str
    pattern: str  # what a value must look like


ENV_NAME = r"[A-Z_][A-Z0-9_]*"
SETTINGS: dict[str, Setting] = {
    "mailto": Setting(
        "FMCAT_MAILTO",
        "Contact address for Crossref's and OpenAlex's polite pools.",
        r"[^@\s]+@[^@\s]+",
    ),
    "style": Setting(
        "FMCAT_STYLE",
        "Render style when the catalog sets none.",
        r"bullet|card|card-dated|survey|table",
    ),
    "cache_dir": Setting("FMCAT_CACHE_DIR", "Where fmcat keeps its caches.", r".+"),
    "cache_max_mb": Setting(
        "FMCAT_CACHE_MAX_MB",
        "The size the cache folder is kept under, in MB (default 500).",
        r"[0-9]{1,7}",
    ),
    "s2_api_key_from": Setting(
        "FMCAT_S2_API_KEY", "The variable holding your Semantic Scholar API key.", ENV_NAME
    ),
    "openalex_api_key_from": Setting(
        "FMCAT_OPENALEX_API_KEY", "The variable holding your OpenAlex API key.", ENV_NAME
    ),
    "github_token_from": Setting(
        "GITHUB_TOKEN", "The variable holding your GitHub token.", ENV_NAME
    ),
}
MAX_BYTES = 64 << 10


def path() -> Path:
    configured = os.environ.get("FMCAT_CONFIG")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir("fmcat")) / "config.toml"


def read() -> dict[str, str]:
    """The file's settings; empty when there is none. UsageError (one line) for a file
    that is not a table of known settings with string values."""
    where = path()
    try:
        raw = where.read_bytes()[:MAX_BYTES]
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise UsageError(f"{where}: cannot read: {err.strerror or err}") from None
    import tomli  # only when there is a settings file

    try:
        data = tomli.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as err:
        raise UsageError(f"{where}: not a TOML file ({err})") from None
    for name, value in data.items():
        problem = _problem(name, value)
        if problem:
            raise UsageError(f"{where}: {problem}", hint="fix it with `fmcat config set`")
    return data


def _problem(name: str, value: object) -> str | None:
    setting = SETTINGS.get(name)
    if setting is None:
        return f"no setting {name!r} (known: {', '.join(SETTINGS)})"
    if not isinstance(value, str) or not re.fullmatch(setting.pattern, value):
        return f"{name} = {value!r}: expected {setting.pattern} ({setting.meaning})"
    return None


def value(name: str) -> tuple[str | None, str]:
    """A setting's value and where it came from: ``env``, ``file`` or ``default``."""
    setting = SETTINGS[name]
    if os.environ.get(setting.env):
        return os.environ[setting.env], "env"
    found = read().get(name)
    return (found, "file") if found is not None else (None, "default")


def get(name: str) -> str | None:
    """The value a command uses: the environment twin, else the file. For a ``*_from``
    setting, the secret held by the environment variable the file names."""
    setting = SETTINGS[name]
    direct = os.environ.get(setting.env)
    if direct:
        return direct
    found = read().get(name)
    if found and name.endswith("_from"):
        return os.environ.get(found) or None
    return found


def set_value(name: str, new: str | None) -> Path:
    """Write (or, with None, remove) one setting, atomically; UsageError for a bad one."""
    if name not in SETTINGS:
        raise UsageError(f"no setting {name!r} (known: {', '.join(SETTINGS)})")
    if new is not None and (problem := _problem(name, new)):
        raise UsageError(problem)
    data = read()
    if new is None:
        data.pop(name, None)
    else:
        data[name] = new
    where = path()
    where.parent.mkdir(parents=True, exist_ok=True)
    import tomli_w

    files.write_file(where, tomli_w.dumps(dict(sorted(data.items()))).encode("utf-8"))
    return where
