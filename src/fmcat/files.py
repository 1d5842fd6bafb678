"""File primitives: atomic replacement, output that never clobbers what it must not, and
creation that never overwrites.

Every file fmcat writes goes through here: the catalog (``store``), the outputs of
``render`` and ``export``, and the caches. Nothing here knows what a catalog is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from fmcat.errors import UsageError, WriteError

TEMP_SUFFIX = ".tmp"


def temp_prefix(target: Path) -> str:
    """How a temporary file for ``target`` is named: ``.NAME.PID.`` in its folder."""
    return f".{target.name}.{os.getpid()}."


def atomic_write(path: Path, data: bytes | list[bytes], *, durable: bool = True) -> None:
    """Write ``data`` (or its parts, one after another) to ``path`` so that a crash
    leaves the old file or the new one.

    The temporary file carries the writer's process id, so a later durable write removes
    those left by writers that died. ``durable`` fsyncs the data and the folder; caches,
    which can always be rebuilt, skip it and the clean-up (their folders are large).
    Raises OSError."""
    target = resolved(path)
    directory = target.parent
    if durable:
        _remove_stale_temps(target)
    fd, tmp_name = _new_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines([data] if isinstance(data, bytes) else data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_directory(directory)


def _new_temp(target: Path) -> tuple[int, str]:
    """A new file beside ``target``, readable by its owner only, open for writing (as
    ``tempfile.mkstemp`` makes one, without loading that module). OSError."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    prefix = os.path.join(target.parent, temp_prefix(target))
    for _attempt in range(100):
        name = f"{prefix}{os.urandom(6).hex()}{TEMP_SUFFIX}"
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def resolved(path: Path) -> Path:
    """``path`` with symlinks followed (a dangling link names the file it points to; a
    loop is left as it is, and fails with ELOOP when it is opened)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _remove_stale_temps(target: Path) -> None:
    """Delete temporary files of ``target`` whose writer is no longer running."""
    prefix = f".{target.name}."
    try:
        names = [
            name
            for name in os.listdir(target.parent)
            if name.startswith(prefix) and name.endswith(TEMP_SUFFIX)
        ]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                os.unlink(target.parent / name)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave its file alone
    return True


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_file(path: Path, data: bytes) -> None:
    """Replace a user's file atomically: WriteError (one line, exit 2) when it cannot be
    written or is read-only, with the old file left as it was."""
    try:
        if read_only(path):
            raise WriteError(
                f"{path}: file is read-only; not replacing it",
                hint="make it writable (chmod u+w) if it should change",
            )
        atomic_write(path, data)
    except OSError as err:
        raise WriteError(f"{path}: cannot write: {err.strerror or err}") from None


def read_only(path: Path) -> bool:
    """True for an existing file that has no write permission bit, or that this process
    may not write (as git and editors refuse, even for root)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK))


def write_output(path: Path, data: bytes, *, protected: Path | None = None) -> None:
    """Write a command's output to ``path``: atomically for a regular file, straight
    through for a FIFO or a device (never replacing it), and never over ``protected``
    (the catalog)."""
    try:
        target = resolved(path)
        if protected is not None and same_file(target, protected):
            raise WriteError(f"{path}: is the catalog; refusing to write output over it")
        mode = os.stat(target).st_mode if target.exists() else None
    except OSError as err:
        raise WriteError(f"{path}: cannot write: {err.strerror or err}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise WriteError(f"{path}: is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        try:
            with open(target, "wb") as handle:
                handle.write(data)
        except OSError as err:
            raise WriteError(f"{path}: cannot write: {err.strerror or err}") from None
        return
    write_file(path, data)


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one existing file (links and symlinks included)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def create_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, whole or not at all; WriteError if it exists or
    cannot be written (a full disk leaves nothing behind)."""
    if os.path.lexists(path):
        raise WriteError(f"{path}: already exists; not overwriting it")
    target = Path(path)
    try:
        fd, tmp_name = _new_temp(target)
    except OSError as err:
        raise WriteError(f"{path}: cannot create: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        os.link(tmp_name, target)  # fails if the name was taken meanwhile: no clobbering
    except FileExistsError:
        raise WriteError(f"{path}: already exists; not overwriting it") from None
    except OSError as err:
        raise WriteError(f"{path}: cannot create: {err.strerror or err}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    _fsync_directory(target.parent)


def append_missing_lines(path: Path, lines: list[str]) -> list[str]:
    """Append to a text file (creating it) the lines it does not hold yet; the lines
    added. Never rewrites what is there."""
    try:
        present = set(path.read_text(encoding="utf-8").splitlines())
        tail = path.read_bytes()[-1:]
    except FileNotFoundError:
        present, tail = set(), b""
    except (OSError, UnicodeDecodeError):
        return []
    missing = [line for line in lines if line not in present]
    if missing:
        text = ("\n" if tail not in (b"", b"\n") else "") + "\n".join(missing) + "\n"
        try:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError:
            return []
    return missing


def read_input(path: str | os.PathLike[str], limit: int | None = None) -> str:
    """The UTF-8 text of a file the user named (a list to import, a template, a README
    to check), at most ``limit`` characters; UsageError with one line when it cannot be."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read(limit) if limit is not None else handle.read()
    except OSError as err:
        raise UsageError(f"{path}: cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not a text file (expected UTF-8 text)") from None
