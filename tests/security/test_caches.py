"""The caches trust nothing they did not write: a planted, stale or tampered file is
never deserialised into code, never served as output, and never hides a code change."""

from __future__ import annotations

import io
import os
import pickle
import shutil
import zlib

from fmcat import cachefiles, parsecache
from fmcat.render import memo
from tests.conftest import DATA


class _Payload:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))  # creating the marker file proves code ran


def _catalog(tmp_path):
    path = tmp_path / "catalog.toml"
    path.write_text((DATA / "catalog_small.toml").read_text("utf-8"), "utf-8")
    return path


def test_a_planted_parse_cache_runs_no_code(fmcat, tmp_path, monkeypatch):
    path = _catalog(tmp_path)
    monkeypatch.setenv("FMCAT_CACHE_DIR", str(tmp_path / ".fmcat-cache"))
    marker = tmp_path / "PWNED"
    evil = pickle.dumps(_Payload(str(marker)))
    text = path.read_text("utf-8")
    # The attacker knows the key (it is derived from public data) and signs the payload.
    cachefiles.write(parsecache._file(path.resolve()), parsecache._key(), evil + evil)
    assert text  # the text key is inside the payload: reading it is what must be safe
    for args in (("check",), ("render",), ("lookup", "biomedical")):
        result = fmcat(*args)
        assert result.code in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_plain_load_refuses_every_class():
    for value in (_Payload("x"), slice(1), range(3)):
        try:
            cachefiles.plain_load(io.BytesIO(pickle.dumps(value)))
        except ValueError:
            continue
        raise AssertionError(f"{value!r} was unpickled")
    plain = io.BytesIO(pickle.dumps(([1, "a"], {"b": None}, (2.5,))))
    assert cachefiles.plain_load(plain) == (
        [1, "a"],
        {"b": None},
        (2.5,),
    )


def test_the_key_is_compared_before_the_payload_is_read(tmp_path):
    target = tmp_path / "file"
    cachefiles.write(target, "a" * 64, b"payload")
    assert cachefiles.read(target, "a" * 64) == b"payload"
    assert cachefiles.read(target, "b" * 64) is None
    data = target.read_bytes()
    for damaged in (data[:-1], data + b"x", data.replace(b"payload", b"PAYLOAD"), b"", b"\0" * 9):
        target.write_bytes(damaged)
        assert cachefiles.read(target, "a" * 64) is None


def test_a_same_length_change_to_a_cached_rendering_is_not_served(fmcat, tmp_path):
    path = _catalog(tmp_path)
    first = fmcat("render")
    assert first.code == 0
    [cached] = (tmp_path / ".fmcat-cache" / "rendered").glob("*.md")
    data = cached.read_bytes()
    title = b"Awesome"
    assert title in data
    cached.write_bytes(data.replace(title, b"Hackedx", 1))
    again = fmcat("render")
    assert again.stdout == first.stdout and b"Hackedx" not in again.stdout.encode()
    assert path.exists()


def test_the_code_digest_covers_every_module(tmp_path, monkeypatch):
    copy = tmp_path / "fmcat"
    shutil.copytree(cachefiles.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cachefiles, "PACKAGE", copy)
    digests = set()
    for name in ("ids.py", "validate.py", "render/settings.py", "data/venues.toml"):
        cachefiles.code_digest.cache_clear()
        before = cachefiles.code_digest()
        with open(copy / name, "a", encoding="utf-8") as handle:
            handle.write("\n# edited\n")
        cachefiles.code_digest.cache_clear()
        digests.add(before)
        assert cachefiles.code_digest() != before, name
    # An edit that keeps the size: its modification time tells it.
    cachefiles.code_digest.cache_clear()
    before = cachefiles.code_digest()
    target = copy / "match.py"
    data = target.read_bytes()
    target.write_bytes(data.replace(b"NEAR_TITLE = 90.0", b"NEAR_TITLE = 80.0", 1))
    assert target.read_bytes() != data and len(target.read_bytes()) == len(data)
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    cachefiles.code_digest.cache_clear()
    assert cachefiles.code_digest() != before
    cachefiles.code_digest.cache_clear()
    assert len(digests) == 4


def test_memo_and_parse_cache_share_the_file_format(fmcat, tmp_path):
    _catalog(tmp_path)
    assert fmcat("render").code == 0
    found = (tmp_path / ".fmcat-cache").rglob("*")
    cached = sorted(path for path in found if path.parent.name in ("parsed", "rendered"))
    assert {path.parent.name for path in cached} == {"parsed", "rendered"}
    for path in cached:
        head = path.read_bytes().split(b"\n", 3)
        assert head[0] == b"fmcat-cache 3"
        digest, length = head[2].split()
        assert f"{zlib.crc32(head[3]):08x}" == digest.decode()
        assert int(length) == len(head[3])
    assert memo.enabled() and parsecache.enabled()
