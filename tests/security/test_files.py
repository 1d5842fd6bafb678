"""What fmcat writes: never over the catalog, never replacing a device or a FIFO, never a
read-only file, nothing half-written on a full disk, no temporary files left behind."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import threading

import pytest

from fmcat import files
from tests.conftest import DATA


@pytest.fixture
def cat(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text((DATA / "catalog_small.toml").read_text("utf-8"), "utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("render", "-o", "catalog.toml"),
        ("export", "-o", "catalog.toml"),
        ("render", "-o", "link.toml"),
        ("render", "-o", "./sub/../catalog.toml"),
        ("render", "--in-place", "catalog.toml"),
    ],
)
def test_output_never_overwrites_the_catalog(fmcat, cat, args):
    (cat.parent / "link.toml").symlink_to("catalog.toml")
    (cat.parent / "sub").mkdir()
    before = cat.read_bytes()
    result = fmcat(*args)
    assert result.code == 2, result.stderr
    assert cat.read_bytes() == before
    assert "Traceback" not in result.stderr


def test_output_to_a_fifo_writes_through(fmcat, cat, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = fmcat("render", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.code == 0, result.stderr
    assert received and received[0].startswith(b"# ")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="replacing /dev/null needs root")
def test_output_to_dev_null_leaves_the_device(fmcat, cat):
    result = fmcat("export", "-o", "/dev/null")
    assert result.code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_read_only_catalog_is_not_rewritten(fmcat, cat, tmp_path):
    (tmp_path / "list.md").write_text("# List\n\n- [A new paper title](https://x.org/a)\n")
    cat.chmod(0o444)
    before = cat.read_bytes()
    result = fmcat("import", "list.md")
    assert result.code == 2 and "read-only" in result.stderr
    assert cat.read_bytes() == before and stat.S_IMODE(cat.stat().st_mode) == 0o444


def test_output_onto_a_symlink_loop_is_one_line(fmcat, cat, tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    result = fmcat("render", "-o", "loop")
    assert result.code == 2 and result.stderr.startswith("error: loop: cannot write")
    assert result.stderr.count("\n") == 1


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))


def test_init_on_a_full_disk_leaves_nothing(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "fmcat", "init"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        env={**os.environ, "FMCAT_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 2, proc.stderr
    assert "cannot create" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_init_ignores_what_fmcat_leaves_beside_the_catalog(fmcat, tmp_path):
    (tmp_path / ".gitignore").write_text("node_modules/", "utf-8")
    assert fmcat("init").code == 0
    lines = (tmp_path / ".gitignore").read_text("utf-8").splitlines()
    assert lines == ["node_modules/", "/catalog.toml.lock", "/.catalog.toml.*.tmp"]
    assert fmcat("init").code == 2  # never overwrites
    assert (tmp_path / ".gitignore").read_text("utf-8").splitlines() == lines


def test_temporary_files_of_dead_writers_are_removed(tmp_path):
    target = tmp_path / "catalog.toml"
    target.write_text("x = 1\n")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = tmp_path / ".catalog.toml.999999999.abc.tmp"
        alive = tmp_path / f".catalog.toml.{child.pid}.abc.tmp"
        other = tmp_path / ".other.toml.999999999.abc.tmp"
        for path in (dead, alive, other):
            path.write_text("partial")
        files.atomic_write(target, b"x = 2\n")
        assert not dead.exists() and alive.exists() and other.exists()
        assert target.read_bytes() == b"x = 2\n"
    finally:
        child.kill()
        child.wait()


def test_catalog_that_is_a_device_or_fifo_is_refused(fmcat, tmp_path):
    os.mkfifo(tmp_path / "fifo.toml")
    for path in ("/dev/zero", str(tmp_path / "fifo.toml")):
        result = fmcat("-C", path, "check", timeout=30)
        assert result.code == 2 and "not a regular file" in result.stderr
