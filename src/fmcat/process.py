"""Running the command line as a process: exit codes, one-line errors, the garbage
collector, odd locales and closed pipes."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from fmcat import console
from fmcat.errors import EXIT_OK, FmcatError


def run_app(app: Callable[..., Any], argv: list[str] | None, debug: Callable[[], bool]) -> int:
    """Run the typer ``app`` as the process: turn FmcatError into one line on stderr and
    its exit code (with a traceback when ``debug()`` says so), a usage error into one line
    and a hint, Ctrl-C into exit 130, a closed pipe into a quiet exit 141.

    The garbage collector runs (``collector`` pauses it around fmcat's own bulk
    building); what is imported before the command and what is left after it are
    frozen, so its collections and the one at exit do not walk them."""
    gc.freeze()
    try:
        return _run(app, argv, debug)
    finally:
        gc.freeze()


def _run(app: Callable[..., Any], argv: list[str] | None, debug: Callable[[], bool]) -> int:
    for stream in (sys.stdout, sys.stderr):  # human text never fails on an odd locale
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        code = app(args=argv, prog_name="fmcat", standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into Exit(130)
            raise KeyboardInterrupt
        if isinstance(code, int):  # typer.Exit(code), returned outside standalone mode
            return code
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except FmcatError as error:
        if debug():
            raise
        console.error_line(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        console.error_line("interrupted; catalog unchanged")
        return 130
    except BrokenPipeError:  # the reader went away (`fmcat export | head`): stop quietly
        _silence_stdout()
        return 141
    except Exception as error:
        # The option parser's own exceptions (click's, or the copy typer vendors), known
        # by name so that either works.
        kinds = {kind.__name__ for kind in type(error).__mro__}
        if "Exit" in kinds:
            return int(getattr(error, "exit_code", 0))
        if "Abort" in kinds:
            console.error_line("interrupted; catalog unchanged")
            return 130
        if "NoArgsIsHelpError" in kinds:  # plain `fmcat`: the help, as --help gives it
            message = error.format_message().strip()  # type: ignore[attr-defined]
            if message:  # the rich help is already printed, on stdout
                console.info(message)
            return 2
        if "ClickException" in kinds:
            return _usage_error(error)
        raise
    return EXIT_OK


def _usage_error(error: Exception) -> int:
    """A usage error from the option parser: one line (``fmcat add: no such option
    --sectoin; did you mean --section?``), then what to run for help."""
    message = error.format_message()  # type: ignore[attr-defined]
    context = getattr(error, "ctx", None)
    where = context.command_path if context is not None else "fmcat"
    name = getattr(error, "option_name", None)
    if name and "NoSuchOption" in {kind.__name__ for kind in type(error).__mro__}:
        known = [
            flag
            for param in (context.command.params if context is not None else [])
            for flag in getattr(param, "opts", []) + getattr(param, "secondary_opts", [])
        ]
        import difflib

        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        message = f"no such option {name}" + (f"; did you mean {near[0]}?" if near else "")
    console.error_line(f"{where}: {message}")
    if context is not None:
        console.info(f"  see `{where} --help`")
    return int(getattr(error, "exit_code", 2))


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def finish(code: int) -> NoReturn:
    """End the process with exit ``code``. A finished command has closed its files and
    joined its threads, so once the exit handlers have run and stdout and stderr are
    flushed the process ends at once, without the interpreter's teardown (which frees
    every object one by one: a noticeable share of a short command). With another
    thread still running, it exits the usual way."""
    import atexit
    import threading

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None or threading.active_count() > 1:
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:  # the reader went away: as a closed pipe ends a command
            code = 141
        except (OSError, ValueError):
            pass
    os._exit(code)
