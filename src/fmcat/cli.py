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


@app.command()
def add(
    identifiers: Annotated[
        list[str] | None,
        typer.Argument(
            help="arXiv ids, DOIs or their URLs; '-' reads one per line from stdin.",
            show_default=False,
        ),
    ] = None,
    from_file: Annotated[
        str | None, typer.Option("--from-file", help="Read identifiers from FILE, one per line.")
    ] = None,
    section: Annotated[
        list[str] | None, typer.Option("--section", help="Put the entries in this section.")
    ] = None,
    facet: Annotated[
        list[str] | None, typer.Option("--facet", help="Set a facet: NAME=VALUE (repeatable).")
    ] = None,
    code: Annotated[str | None, typer.Option(help="Code repository URL.")] = None,
    note: Annotated[str | None, typer.Option(help="A note on the entry.")] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Refresh entries that are already in the catalog.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the entries as TOML; write nothing.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Use the cache only.")] = False,
) -> None:
    """Add papers by arXiv id or DOI: fetch, normalise, write one clean entry each.

    Exit 0 when every identifier was added (or was already there), 1 when some were not
    found, 2 on a malformed identifier or option, 3 when the network failed.
    """
    from fmcat import add as adding
    from fmcat import store
    from fmcat.errors import EXIT_NETWORK, UsageError
    from fmcat.sources.resolve import Resolver, make_http
    from fmcat.validate import url_problem

    args = list(identifiers or [])
    stdin_text = sys.stdin.read() if "-" in args else None
    idents = adding.parse_tokens(adding.read_tokens(args, from_file, stdin_text))
    if code is not None and url_problem(code):
        raise UsageError(f"--code {code!r}: {url_problem(code)}")
    path = catalog_path()
    snapshot = store.load(path).catalog
    options = adding.AddOptions(
        sections=list(section or []),
        facets=adding.parse_facet_options(list(facet or []), snapshot),
        code=code,
        note=note,
        update=update,
    )
    adding.check_sections(options.sections, snapshot)
    report = adding.AddReport()
    to_fetch = []
    for ident in idents:
        holder = adding.find_existing(snapshot, ident)
        if holder is not None and not update:
            report.existing.append((str(ident), holder.key))
        else:
            to_fetch.append(ident)
    http = make_http(snapshot.meta.get("mailto"))
    resolver = Resolver(http=http, offline=offline)
    with _progress(len(to_fetch)) as progress:
        resolved = resolver.resolve(to_fetch, progress=progress)
    http.close()
    if dry_run:
        adding.apply(snapshot, resolved, options, report)
    else:
        with store.edit(path) as loaded:
            adding.apply(loaded.catalog, resolved, options, report)
    _print_add_report(report, list(snapshot.facets), dry_run, json_output)
    if report.failed:
        raise typer.Exit(EXIT_NETWORK if report.network_failure else EXIT_FOUND)


def _progress(total: int):
    """A progress bar on stderr for batches, only when stderr is a terminal."""
    import contextlib

    if total < 2 or not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from rich.progress import Progress

    @contextlib.contextmanager
    def bar():
        with Progress(console=console.err(), transient=True) as progress:
            task = progress.add_task("fetching metadata", total=total)
            yield lambda done, _total: progress.update(task, completed=done)

    return bar()


def _print_add_report(report, facet_order: list[str], dry_run: bool, json_output: bool) -> None:
    from fmcat.store import entries_toml

    entries = report.added + report.updated
    if json_output:
        console.print_json([entry.to_json(facet_order) for entry in entries])
    elif dry_run and entries:
        sys.stdout.write(entries_toml(entries, facet_order))
    verb = "would add" if dry_run else "added"
    for entry in report.added:
        console.info(f"{verb} {entry.key}: {entry.title} ({_venue_year(entry)})")
    for entry in report.updated:
        console.info(f"{'would update' if dry_run else 'updated'} {entry.key}: {entry.title}")
    for ident, key in report.existing:
        console.info(f"already in the catalog: {ident} is {key} (--update refreshes it)")
    for warning in report.warnings:
        console.warn(warning)
    for ident, reason in report.failed:
        console.error_line(f"{ident}: {reason}")
    if len(report.failed) and (report.added or report.updated):
        console.info(
            f"{len(report.failed)} failed; the others were {'not ' if dry_run else ''}saved"
        )


def _venue_year(entry) -> str:
    venue = entry.venue or "?"
    if entry.accepted:
        venue += " (accepted)"
    return f"{venue} {entry.year}" if entry.year else venue


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
