"""Shared test helpers: run the real CLI in a subprocess, locate test data."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
DATA = TESTS / "data"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_fmcat(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> Result:
    """Run ``python -m fmcat ARGS`` as a user would, with a private cache directory and
    no backoff between retries (``env`` may set one)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("FMCAT_")}
    full_env.setdefault("FMCAT_CACHE_DIR", str((cwd or Path.cwd()) / ".fmcat-cache"))
    full_env["FMCAT_HTTP_BACKOFF"] = "0"  # retries are tested, not waited for
    full_env.setdefault("FMCAT_CONFIG", str((cwd or Path.cwd()) / ".fmcat-config.toml"))
    full_env["COLUMNS"] = "200"
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "fmcat", *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def fmcat(tmp_path):
    """``fmcat(*args)`` runs the CLI inside a fresh temporary directory."""

    def run(*args: str, **kwargs) -> Result:
        kwargs.setdefault("cwd", tmp_path)
        return run_fmcat(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def no_user_settings(monkeypatch, tmp_path):
    """No test reads the settings file of the person running it."""
    monkeypatch.setenv("FMCAT_CONFIG", str(tmp_path / "no-settings.toml"))


@pytest.fixture
def small_catalog(tmp_path) -> Path:
    """A copy of ``tests/data/catalog_small.toml`` as ``catalog.toml`` in a fresh folder."""
    path = tmp_path / "catalog.toml"
    path.write_bytes((DATA / "catalog_small.toml").read_bytes())
    return path


@pytest.fixture
def shipped(tmp_path) -> Path:
    """A copy of the shipped ``catalog.toml`` in a fresh folder."""
    path = tmp_path / "catalog.toml"
    path.write_bytes((TESTS.parent / "catalog.toml").read_bytes())
    return path


@pytest.fixture
def replay(monkeypatch, tmp_path):
    """The recorded responses in process (``Replay.transport()``), with fmcat's base URLs
    pointed at them, a private cache, no backoff and no service keys."""
    from tests.replay_server import MOCK_ENV, Replay

    for name, value in MOCK_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FMCAT_HTTP_BACKOFF", "0")
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "FMCAT_S2_API_KEY", "FMCAT_OPENALEX_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    return Replay()


@pytest.fixture
def server():
    """The loopback replay server of recorded arXiv, Crossref and doi.org responses."""
    from tests.replay_server import ReplayServer

    with ReplayServer() as replay:
        yield replay
