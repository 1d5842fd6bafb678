"""The ``fmcat`` command line: a thin shell over the library.

Each command parses its options, calls the library and prints. Heavy libraries (network,
BibTeX, fuzzy matching) are imported inside the commands that use them, so ``--help``,
``--version`` and ``check`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fmcat import __version__, console
from fmcat.errors import EXIT_FOUND, EXIT_OK, FmcatError

app = typer.Typer(
    name="fmcat",
    help="Keep a curated paper list as one clean TOML catalog: add, lookup, dedupe, render.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class _Options:
    catalog: Path | None = None
    debug: bool = False


OPTIONS = _Options()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fmcat {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            "-C",
            help="Catalog file. Default: $FMCAT_CATALOG, else the nearest catalog.toml "
            "in this or a parent directory.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """fmcat keeps a curated paper list as one TOML catalog."""
    OPTIONS.catalog = catalog
    OPTIONS.debug = debug


def catalog_path() -> Path:
    """The catalog this invocation works on."""
    from fmcat.store import find_catalog

    return find_catalog(OPTIONS.catalog)


@app.command()
def init(
    title: Annotated[str, typer.Option(help="Title of the list.")] = "Awesome Papers",
) -> None:
    """Write a starter catalog.toml (refuses to overwrite an existing file)."""
    from fmcat.starter import write_starter

    target = OPTIONS.catalog or Path("catalog.toml")
    write_starter(target, title=title)
    console.info(f"wrote {target}; add papers with `fmcat add ID`")


@app.command()
def check(
    json_output: Annotated[bool, typer.Option("--json", help="Print problems as JSON.")] = False,
) -> None:
    """Validate the catalog and list every problem with its location.

    Exit 0 when clean, 1 when problems were found, 2 when the catalog cannot be read.
    """
    from fmcat.store import inspect

    path = catalog_path()
    loaded = inspect(path, build=False)
    name = str(path)
    if json_output:
        console.print_json([problem.to_json(name) for problem in loaded.problems])
    else:
        for problem in loaded.problems:
            sys.stdout.write(problem.format(name) + "\n")
        count = len(loaded.data.get("papers", {}) or {})
        if loaded.problems:
            noun = "problem" if len(loaded.problems) == 1 else "problems"
            console.info(f"{len(loaded.problems)} {noun} in {name} ({count} papers)")
        else:
            console.info(f"{name}: OK ({count} papers)")
    raise typer.Exit(EXIT_FOUND if loaded.problems else EXIT_OK)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turn FmcatError into one line on stderr and an exit code."""
    try:
        app(args=argv, prog_name="fmcat")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except FmcatError as error:
        if OPTIONS.debug:
            raise
        console.error_line(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        console.error_line("interrupted; the catalog was not changed")
        return 130
    return EXIT_OK
