"""The ``fmcat`` command line: a thin shell over the library.

Each command declares its options, calls one library workflow and prints its report.
Library modules are imported inside the commands that use them, so ``--help``,
``--version`` and ``check`` start fast.
"""

import copy
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer import Argument as Arg
from typer import Option as Opt

from fmcat import __version__, console
from fmcat.errors import EXIT_FOUND, EXIT_OK

app = typer.Typer(
    name="fmcat",
    help="Keep a curated paper list as one clean TOML catalog: add, lookup, dedupe, render.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _examples(lines: str) -> str:
    """A command's help ends with real examples, one per line."""
    return "[bold]Examples[/bold]\n\n" + "\n\n".join(f"  $ {line}" for line in lines.splitlines())


EXAMPLES = {}


def _completion_catalog():
    """The catalog completion offers values from; None when there is none to read."""
    try:
        from fmcat.store import find_catalog, load

        return load(find_catalog(OPTIONS.catalog)).catalog
    except Exception:  # completion never fails loudly
        return None


def _complete_sections(incomplete: str) -> list[str]:
    catalog = _completion_catalog()
    found = [section.id for section in catalog.sections] if catalog else []
    return [value for value in found if value.startswith(incomplete)]


def _complete_facets(incomplete: str) -> list[str]:
    catalog = _completion_catalog()
    found = [
        f"{name}={value}"
        for name, f in (catalog.facets if catalog else {}).items()
        for value in f.values
    ]
    return [value for value in found if value.startswith(incomplete)]


def _complete_keys(incomplete: str) -> list[str]:
    catalog = _completion_catalog()
    return sorted(key for key in (catalog.papers if catalog else {}) if key.startswith(incomplete))


# The options of `fmcat add`.
IdentifiersArgument = Annotated[
    list[str] | None,
    Arg(
        metavar="ID...",
        help="arXiv ids, DOIs or their URLs; '-': one per line on stdin.",
        show_default=False,
    ),
]
FromFileOption = Annotated[
    str | None,
    Opt("--from-file", metavar="FILE", help="Read identifiers from FILE, one per line."),
]
AddSectionOption = Annotated[
    list[str] | None,
    Opt(
        "--section",
        metavar="SECTION",
        help="Put the entries in this section.",
        autocompletion=_complete_sections,
    ),
]
AddFacetOption = Annotated[
    list[str] | None,
    Opt(
        "--facet",
        metavar="NAME=VALUE",
        help="Set a facet: NAME=VALUE (repeatable).",
        autocompletion=_complete_facets,
    ),
]
UpdateOption = Annotated[
    bool, Opt("--update", help="Refresh entries that are already in the catalog.")
]
FromIssueOption = Annotated[
    Path | None,
    Opt(
        "--from-issue",
        metavar="FILE",
        help="Add what a GitHub issue-form body (saved to FILE) asks for.",
    ),
]
PrBodyOption = Annotated[
    Path | None,
    Opt("--pr-body", metavar="FILE", help="With --from-issue: write the pull request's text."),
]
# The options of `fmcat render`.
RenderStyleOption = Annotated[
    str | None,
    Opt(
        metavar="STYLE", help="bullet, card, card-dated, survey or table (default: the catalog's)."
    ),
]
InPlaceOption = Annotated[
    Path | None,
    Opt("--in-place", metavar="FILE", help="Replace the part of FILE between the fmcat markers."),
]
RenderSinceOption = Annotated[
    str | None,
    Opt(metavar="DAY|REV", help="Only papers added after a day (YYYY-MM-DD) or a git revision."),
]
RenderStatsOption = Annotated[
    bool | None, Opt("--stats/--no-stats", help="Add charts (Mermaid, which GitHub draws).")
]


# Filter options shared by lookup, export, refresh and verify.
AuthorOption = Annotated[list[str] | None, Opt(metavar="NAME", help="Only papers by this author.")]
VenueOption = Annotated[str | None, Opt(metavar="VENUE", help="Only papers at this venue.")]
YearOption = Annotated[str | None, Opt(metavar="YEAR|FROM..TO", help="Only papers of these years.")]
SectionOption = Annotated[
    list[str] | None,
    Opt(metavar="SECTION", help="Only this section.", autocompletion=_complete_sections),
]
FacetOption = Annotated[
    list[str] | None,
    Opt(
        metavar="NAME=VALUE",
        help="Only papers with this facet value.",
        autocompletion=_complete_facets,
    ),
]
MinCitationsOption = Annotated[
    int | None, Opt(metavar="N", help="Only papers with at least N citations (fmcat enrich).")
]
MinStarsOption = Annotated[
    int | None,
    Opt(metavar="N", help="Only papers whose code has at least N stars (fmcat enrich)."),
]
# Options several commands share.
KeysArgument = Annotated[
    list[str] | None,
    Arg(
        metavar="KEY...",
        help="Only these entries.",
        show_default=False,
        autocompletion=_complete_keys,
    ),
]
JsonOption = Annotated[bool, Opt("--json", help="Print the report as JSON.")]
OfflineOption = Annotated[bool, Opt("--offline", help="Use the cache only.")]


class _Options:
    catalog: Path | None = None
    debug: bool = False


OPTIONS = _Options()


def _version(value: bool) -> None:
    if value:
        console.write_text(f"fmcat {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    catalog: Annotated[
        Path | None,
        Opt(
            "--catalog",
            "-C",
            metavar="FILE",
            help="Catalog file. Default: $FMCAT_CATALOG, else the nearest catalog.toml "
            "in this or a parent directory.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, Opt("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, Opt("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """fmcat keeps a curated paper list as one TOML catalog."""
    OPTIONS.catalog = catalog
    OPTIONS.debug = debug


def catalog_path() -> Path:
    """The catalog this invocation works on."""
    from fmcat.store import find_catalog

    return find_catalog(OPTIONS.catalog)


config_app = typer.Typer(
    help="Your settings, set once (mailto, style, cache folder, where API keys are).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(config_app, name="config", rich_help_panel="Setting up")


@config_app.command(
    "list",
    epilog=_examples("fmcat config list\nfmcat config list --json"),
)
def config_list_command(json_output: JsonOption = False) -> None:
    """Every setting: its value, where it comes from, and its environment variable."""
    from fmcat import userconfig

    rows = []
    for name, setting in userconfig.SETTINGS.items():
        value, source = userconfig.value(name)
        shown = "(set)" if value and source == "env" and name.endswith("_from") else value
        rows.append({"name": name, "value": shown, "from": source, "env": setting.env})
    if json_output:
        console.print_json({"file": str(userconfig.path()), "settings": rows})
        return
    for row in rows:
        value = row["value"] if row["value"] is not None else "-"
        console.write_text(f"{row['name']} = {value}  ({row['from']}; env {row['env']})\n")
    console.info(f"settings file: {userconfig.path()}")


@config_app.command(
    "get",
    epilog=_examples("fmcat config get mailto\nfmcat config get style"),
)
def config_get_command(
    name: Annotated[str, Arg(metavar="NAME", help="The setting.")],
) -> None:
    """Print one setting's value (exit 1 when it is not set)."""
    from fmcat import userconfig
    from fmcat.errors import UsageError

    if name not in userconfig.SETTINGS:
        raise UsageError(f"no setting {name!r} (known: {', '.join(userconfig.SETTINGS)})")
    value, _ = userconfig.value(name)
    if value is None:
        raise typer.Exit(EXIT_FOUND)
    console.write_text(value + "\n")


@config_app.command(
    "set",
    epilog=_examples(
        "fmcat config set mailto me@example.org\n"
        "fmcat config set s2_api_key_from MY_S2_KEY\n"
        "fmcat config set style --unset"
    ),
)
def config_set_command(
    name: Annotated[str, Arg(metavar="NAME", help="The setting.")],
    value: Annotated[str | None, Arg(metavar="VALUE", help="Its new value.")] = None,
    unset: Annotated[bool, Opt("--unset", help="Remove the setting.")] = False,
) -> None:
    """Set (or --unset) one setting in the settings file."""
    from fmcat import userconfig
    from fmcat.errors import UsageError

    if (value is None) != unset:
        raise UsageError("give a VALUE, or --unset")
    where = userconfig.set_value(name, None if unset else value)
    console.info(f"{'removed' if unset else 'set'} {name} in {where}")


cache_app = typer.Typer(
    help="The cache folder: what it holds, and clearing it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(cache_app, name="cache", rich_help_panel="Setting up")


@cache_app.command("info", epilog=_examples("fmcat cache info\nfmcat cache info --json"))
def cache_info_command(json_output: JsonOption = False) -> None:
    """Where the cache is, its size by kind, and its budget (setting cache_max_mb)."""
    from fmcat import cachedir

    usage = cachedir.usage()
    if json_output:
        console.print_json(usage.to_json())
        return
    from rich.table import Table

    report = usage.to_json()
    table = Table(title=str(usage.root), show_edge=False, pad_edge=False)
    for name, justify in (("kind", "left"), ("files", "right"), ("size", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for kind, figures in report["kinds"].items():
        table.add_row(kind, str(figures["files"]), _megabytes(figures["bytes"]))
    budget = _megabytes(report["budget_bytes"])
    table.add_row("total", str(sum(usage.files.values())), f"{_megabytes(usage.total)} of {budget}")
    console.out().print(table)
    missing = report["missing_catalogs"]
    console.info(f"{console.plural(report['catalogs'], 'catalog')}, {missing} no longer exist")


def _megabytes(count: int) -> str:
    return f"{count / (1 << 20):.1f} MB"


@cache_app.command("clear", epilog=_examples("fmcat cache clear\nfmcat cache clear --stale"))
def cache_clear_command(
    stale: Annotated[
        bool, Opt("--stale", help="Only the files of catalogs that no longer exist.")
    ] = False,
) -> None:
    """Remove the cache files (all, or --stale ones); every one can be made again."""
    from fmcat import cachedir

    files, size = cachedir.clear(stale_only=stale)
    console.info(f"removed {files} cache files ({_megabytes(size)})")


@app.command(
    "init",
    rich_help_panel="Setting up",
    epilog=_examples(
        'fmcat init --title "Awesome Foundation Models in Medical Imaging"\n'
        "fmcat init --github --action OWNER/fmcat@COMMIT"
    ),
)
def init_command(
    title: Annotated[str, Opt(metavar="TEXT", help="Title of the list.")] = "Awesome Papers",
    github: Annotated[
        bool,
        Opt(
            "--github",
            help="Write the issue form and workflows under .github/ (for an existing catalog: "
            "renew the form's sections).",
        ),
    ] = False,
    action: Annotated[
        str,
        Opt(metavar="OWNER/REPO@REF", help="The fmcat action the workflows use, OWNER/REPO@REF."),
    ] = "fmcat/fmcat@v0.1.0",
) -> None:
    """Write a starter catalog.toml, never over an existing file.

    With --github, also the files that let the repository keep its list."""
    if github:
        _init_github(action)
        return
    from fmcat.starter import write_starter

    target = OPTIONS.catalog or Path("catalog.toml")
    ignored = write_starter(target, title=title)
    console.info(f"wrote {target}; add papers with `fmcat add ID`")
    if ignored:
        console.info(f"added {', '.join(ignored)} to {target.parent / '.gitignore'}")


def _init_github(action: str) -> None:
    from fmcat import repository, store

    path = catalog_path()
    written = repository.write_github_files(path.parent, store.load(path).catalog, action)
    for verb, names in (("wrote", written.created), ("updated", written.updated)):
        for name in names:
            console.info(f"{verb} {name}")
    for name in written.kept:
        console.info(f"kept {name} (already there)")


@app.command(
    "check",
    rich_help_panel="Reading",
    epilog=_examples(
        "fmcat check\nfmcat check --json > problems.json\n"
        "fmcat check --changed origin/main --links\nfmcat check --duplicates --readme README.md"
    ),
)
def check_command(
    json_output: JsonOption = False,
    changed: Annotated[
        str | None,
        Opt(
            "--changed",
            metavar="REV",
            help="Only the entries added or changed since a git revision (origin/main), "
            "with the duplicates and conflicts they take part in.",
        ),
    ] = None,
    links: Annotated[
        bool, Opt("--links", help="With --changed: also check their links are alive.")
    ] = False,
    readme: Annotated[
        Path | None,
        Opt(
            "--readme",
            metavar="FILE",
            help="Also fail when FILE is out of date, as `render --check FILE` does "
            "(with the catalog's own render settings).",
        ),
    ] = None,
    duplicates: Annotated[
        bool,
        Opt("--duplicates", help="Also report duplicates and identifier conflicts, as `dedupe`."),
    ] = False,
) -> None:
    """Validate the catalog and list every problem with its location.

    With --duplicates and --readme FILE, also what `dedupe` and `render --check FILE`
    find, in one run (the pre-commit hook `fmcat`).

    Exit 0 when clean, 1 when problems were found (or, with those options, FILE is out of
    date, or duplicates or conflicts were found), 2 when the catalog cannot be read.
    """
    from fmcat.errors import UsageError
    from fmcat.store import inspect

    path = catalog_path()
    name = str(path)
    gates = readme is not None or duplicates
    if gates and (changed is not None or json_output):
        raise UsageError("--readme and --duplicates go without --changed and --json")
    if changed is not None:
        _check_changed(path, changed, json_output, links)
        return
    if links:
        raise UsageError("--links goes with --changed (or use `fmcat verify --links`)")
    loaded = inspect(path, build=False)
    if json_output:
        console.print_json([problem.to_json(name) for problem in loaded.problems])
    else:
        for problem in loaded.problems:
            console.write_text(problem.format(name) + "\n")
        papers = console.plural(loaded.paper_count, "paper")
        if loaded.problems:
            problems = console.plural(len(loaded.problems), "problem")
            console.info(f"{problems} in {name} ({papers})")
        else:
            console.info(f"{name}: OK ({papers})")
    found = bool(loaded.problems)
    if gates and any(problem.blocking for problem in loaded.problems):
        console.info("the README and duplicate checks wait until the catalog can be read")
    elif gates:
        if readme is not None:
            found |= not _file_current(path, _render_settings(), readme)
        if duplicates:
            found |= not _duplicates_clean(path)
    raise typer.Exit(EXIT_FOUND if found else EXIT_OK)


def _check_changed(path: Path, base: str, json_output: bool, links: bool) -> None:
    from fmcat.review import review

    found = review(path, base, links)
    name = str(path)
    if json_output:
        console.print_json(found.to_json(name))
    else:
        for problem in found.problems:
            console.write_text(problem.format(name) + "\n")
        for cluster in found.duplicates:
            kind = "duplicate" if cluster.certain else "possible duplicate"
            console.write_text(f"{name}: {kind}: {', '.join(cluster.keys)} ({cluster.reason})\n")
        for conflict in found.conflicts:
            keys = ", ".join(conflict.keys)
            console.write_text(f"{name}: conflict: {conflict.identifier} is on {keys}\n")
        for link in found.dead_links:
            console.write_text(f"{name}: dead link: {link.url} ({link.reason})\n")
        entries = console.plural(len(found.changed), "changed entry", "changed entries")
        console.info(f"{entries} since {base}: " + ("OK" if found.clean else "see above"))
    raise typer.Exit(EXIT_OK if found.clean else EXIT_FOUND)


@app.command(
    "add",
    rich_help_panel="Writing",
    epilog=_examples(
        "fmcat add 2304.12306\n"
        "fmcat add https://doi.org/10.1038/s41586-023-05881-4 --section surveys\n"
        "fmcat add --from-file ids.txt --dry-run"
    ),
)
def add_command(
    identifiers: IdentifiersArgument = None,
    from_file: FromFileOption = None,
    section: AddSectionOption = None,
    facet: AddFacetOption = None,
    code: Annotated[str | None, Opt(metavar="URL", help="Code repository URL.")] = None,
    note: Annotated[str | None, Opt(metavar="TEXT", help="A note on the entry.")] = None,
    update: UpdateOption = False,
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Show the entries as TOML; write nothing.")
    ] = False,
    json_output: JsonOption = False,
    offline: OfflineOption = False,
    from_issue: FromIssueOption = None,
    pr_body: PrBodyOption = None,
) -> None:
    """Add papers by arXiv id or DOI: fetch, normalise, write one clean entry each.

    Exit 0 when every identifier was added (or was already there), 1 when some were not
    found, 2 on a malformed identifier or option, 3 when the network failed.
    """
    from fmcat import add

    if from_issue is not None or pr_body is not None:
        others = identifiers or from_file or section or facet or code or note
        _add_from_issue(from_issue, pr_body, offline, dry_run, json_output, bool(others))
        return
    args = list(identifiers or [])
    stdin_text = sys.stdin.read() if "-" in args else None
    idents = add.parse_tokens(add.read_tokens(args, from_file, stdin_text))
    options = add.AddOptions(list(section or []), list(facet or []), code, note, update)
    with console.ProgressBar() as progress:
        report = add.run(
            catalog_path(),
            idents,
            options,
            offline=offline,
            dry_run=dry_run,
            notice=console.warn,
            progress=progress,
        )
    _print_add_report(report, json_output)


def _add_from_issue(
    issue: Path | None,
    pr_body: Path | None,
    offline: bool,
    dry_run: bool,
    json_output: bool,
    others: bool,
) -> None:
    from fmcat import files, intake
    from fmcat.errors import UsageError

    if issue is None or others:
        raise UsageError("--from-issue FILE takes no identifiers or entry options")
    path = catalog_path()
    with console.ProgressBar() as progress:
        report, text = intake.add_from_issue(
            path,
            files.read_input(issue, intake.MAX_BODY),
            offline=offline,
            dry_run=dry_run,
            notice=console.warn,
            progress=progress,
        )
    if pr_body is not None:
        files.write_output(pr_body, text.encode("utf-8"), protected=path)
    _print_add_report(report, json_output)


@app.command(
    "lookup",
    rich_help_panel="Reading",
    epilog=_examples(
        'fmcat lookup "segment anything"\n'
        "fmcat lookup 2304.12306\n"
        "fmcat lookup --year 2023 --facet modality=ct --json"
    ),
)
def lookup_command(
    query: Annotated[
        list[str] | None,
        Arg(help="An arXiv id, DOI or URL; a key or alias; or words.", show_default=False),
    ] = None,
    author: AuthorOption = None,
    venue: VenueOption = None,
    year: YearOption = None,
    section: SectionOption = None,
    facet: FacetOption = None,
    min_citations: MinCitationsOption = None,
    min_stars: MinStarsOption = None,
    limit: Annotated[int, Opt(metavar="N", help="Show at most N entries.", min=1)] = 20,
    json_output: JsonOption = False,
    format_: Annotated[
        str | None, Opt("--format", metavar="FORMAT", help="Print the entries as bibtex or toml.")
    ] = None,
    offline: Annotated[
        bool, Opt("--offline", help="Preview an identifier from the cache only.")
    ] = False,
) -> None:
    """Find papers by identifier, key, words (typos welcome) and filters.

    An identifier the catalog lacks is looked up (or read from the cache) to show what
    `fmcat add` would write. Exit 0 when something matched, 1 when nothing did, 2 on bad
    input, 3 when the preview's fetch failed.
    """
    from fmcat import lookup, lookupindex
    from fmcat.errors import UsageError

    if format_ not in (None, "bibtex", "toml"):
        raise UsageError(f"--format {format_!r}: expected bibtex or toml")
    text = " ".join(query or []).strip()
    path = catalog_path()
    catalog, index = lookupindex.open_catalog(path)
    chosen = _filters(path, catalog, author, venue, year, section, facet, min_citations, min_stars)
    figures = chosen.figures
    if not text and not chosen.active():
        raise UsageError("give a query or a filter", hint='fmcat lookup "segment anything"')
    result = lookup.find(catalog, text, chosen, index, limit)
    if result.identifier is not None and not result.entries:
        _preview(catalog, result.identifier, offline, json_output, format_)
        return
    entries = result.entries
    _print_entries(catalog, entries, json_output, format_, figures)
    if result.total > limit and not json_output:
        console.info(f"{result.total} matches; showing {limit} (--limit N for more)")
    raise typer.Exit(EXIT_OK if entries else EXIT_FOUND)


def _filters(path, catalog, authors, venue, years, sections, facets, citations, stars, keys=None):
    """The filter options, with what enrich found (for the minimums and the JSON)."""
    from fmcat import filters, metrics

    return filters.from_options(
        catalog,
        authors=authors,
        venue=venue,
        years=years,
        sections=sections,
        facets=facets,
        keys=keys,
        min_citations=citations,
        min_stars=stars,
        figures=metrics.load(metrics.path_for(path)),
    )


def _print_entries(catalog, entries, json_output: bool, format_: str | None, figures=None) -> None:
    from fmcat.metrics import Metrics
    from fmcat.store import entries_toml

    order = list(catalog.facets)
    if json_output:
        known = figures or Metrics()
        console.print_json([known.annotate(entry, entry.to_json(order)) for entry in entries])
    elif format_ == "bibtex":
        from fmcat.exporters import export

        console.write_text(export(catalog, entries, "bibtex"))
        _warn_unknown_characters()
    elif format_ == "toml" or len(entries) == 1:
        console.write_text(entries_toml(entries, order))
    elif entries:
        from rich.table import Table

        table = Table(show_edge=False, pad_edge=False)
        for name in ("key", "year", "venue", "title", "authors"):
            table.add_column(name, overflow="fold")
        for entry in entries:
            authors = ", ".join(entry.authors[:2]) + (" et al." if len(entry.authors) > 2 else "")
            table.add_row(
                entry.key,
                str(entry.year or ""),
                _venue_year(entry).rsplit(" ", 1)[0] if entry.year else (entry.venue or ""),
                entry.title,
                authors,
            )
        console.out().print(table)
    else:
        console.info("no entry matched")


def _preview(catalog, ident, offline: bool, json_output: bool, format_: str | None) -> None:
    """What `fmcat add IDENT` would do, for an identifier no entry holds as given."""
    from fmcat import add
    from fmcat.errors import EXIT_NETWORK

    report = add.preview(catalog, ident, offline=offline, notice=console.warn)
    for warning in report.warnings:
        console.warn(warning)
    if report.existing:  # held under another identifier: the published DOI
        key = report.existing[0][1]
        console.info(f"{ident} is in the catalog as {key}, under its published DOI")
        _print_entries(catalog, [catalog.papers[key]], json_output, format_)
        raise typer.Exit(EXIT_OK)
    if not report.added:
        reason = report.failed[0][1] if report.failed else "not found"
        console.error_line(f"{ident} is not in the catalog; {reason}")
        failed = report.network_failure and not offline  # a cache miss is not a failure
        raise typer.Exit(EXIT_NETWORK if failed else EXIT_FOUND)
    console.info(f"{ident} is not in the catalog; `fmcat add {ident.value}` would write:")
    _print_entries(catalog, report.added, json_output, format_)
    raise typer.Exit(EXIT_FOUND)


@app.command(
    "refresh",
    rich_help_panel="Writing",
    epilog=_examples(
        "fmcat refresh\nfmcat refresh --dry-run --json\nfmcat refresh ma2023segment --since 2023"
    ),
)
def refresh_command(
    keys: KeysArgument = None,
    section: SectionOption = None,
    since: Annotated[
        int | None, Opt(metavar="YEAR", help="Only entries from this year on.")
    ] = None,
    max_age: Annotated[
        float, Opt(metavar="DAYS", help="Reuse cached records fetched within this many days.")
    ] = 1.0,
    dry_run: Annotated[bool, Opt("--dry-run", help="Print the changes; write nothing.")] = False,
    json_output: JsonOption = False,
    offline: OfflineOption = False,
) -> None:
    """Follow preprints to their publication: published venue, year and DOI.

    The arXiv id, key, sections, facets, links and note are kept.

    Exit 0 when done (an id that resolves to nothing is a warning: see `fmcat verify`),
    2 on bad input, 3 when the network failed for some entries (the others are still
    refreshed; the report says it is partial).
    """
    from fmcat import maintain
    from fmcat.errors import EXIT_NETWORK

    with console.ProgressBar() as progress:
        report = maintain.refresh(
            catalog_path(),
            list(keys or []),
            list(section or []),
            since,
            max_age_days=max_age,
            offline=offline,
            dry_run=dry_run,
            notice=console.warn,
            progress=progress,
        )
    if json_output:
        console.print_json(report.to_json())
    else:
        out = console.out()
        for change in report.changes:
            parts = [
                f"{name} {_shown(old)} → {_shown(new)}"
                for name, (old, new) in change.changes.items()
            ]
            out.print(f"{change.key}: " + "; ".join(parts), markup=False, highlight=False)
        for item in report.unresolved:
            console.warn(f"{item.key}: {item.identifier}: {item.reason} (see fmcat verify)")
        for item in report.unchecked:
            console.warn(f"{item.key}: {item.identifier}: {item.reason}")
        verb = "would change" if dry_run else "changed"
        partial = len(report.unchecked)
        console.info(
            f"{report.candidates} preprints looked up ({report.searched} by title on Crossref), "
            f"{verb} {len(report.changes)}"
            + (f"; {partial} could not be looked up (partial)" if partial else "")
        )
    raise typer.Exit(EXIT_NETWORK if report.unchecked else EXIT_OK)


def _shown(value) -> str:
    return "(none)" if value in (None, "", False) else str(value)


@app.command(
    "rekey",
    rich_help_panel="Writing",
    epilog=_examples("fmcat rekey --dry-run\nfmcat rekey\nfmcat rekey vision2023 --json"),
)
def rekey_command(
    keys: KeysArgument = None,
    dry_run: Annotated[bool, Opt("--dry-run", help="Show the new keys; change nothing.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Give weak keys (a lone title word, with or without a year) better ones.

    The old key stays as an alias, so citations that use it still resolve."""
    from fmcat.rekey import rekey

    renames = rekey(catalog_path(), list(keys or []), dry_run)
    if json_output:
        console.print_json([r.to_json() for r in renames])
        return
    for item in renames:
        console.write_text(f"{item.old} → {item.new}\n")
    verb = "would rename" if dry_run else "renamed"
    console.info(f"{verb} {console.plural(len(renames), 'key')}; old keys kept as aliases")


@app.command(
    "enrich",
    rich_help_panel="Writing",
    epilog=_examples(
        "fmcat enrich\n"
        "fmcat enrich --max-age 30d --json\n"
        "GITHUB_TOKEN=... fmcat enrich --section segmentation"
    ),
)
def enrich_command(
    keys: KeysArgument = None,
    section: SectionOption = None,
    max_age: Annotated[
        str, Opt(metavar="AGE", help="Ask again only for figures older than this: 7d, 12h, 30d.")
    ] = "7d",
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    json_output: JsonOption = False,
    offline: OfflineOption = False,
) -> None:
    """Add citation counts and repository stars, and fill in missing fields.

    Citation counts come from Semantic Scholar and OpenAlex, stars from GitHub; both are
    kept in catalog.metrics.toml beside the catalog. Missing authors, years, dates,
    venues and DOIs are filled in.

    Exit 0 when done, 2 on bad input, 3 when a service failed or its limit was reached
    (what was fetched is still kept; the report says it is partial).
    """
    from fmcat import enrich
    from fmcat.errors import EXIT_NETWORK

    options = enrich.EnrichOptions(
        list(keys or []), list(section or []), enrich.parse_age(max_age), offline, dry_run
    )
    with console.ProgressBar() as progress:
        report = enrich.run(catalog_path(), options, notice=console.warn, progress=progress)
    if json_output:
        console.print_json(report.to_json())
    else:
        _print_enrich(report)
    raise typer.Exit(EXIT_NETWORK if report.unchecked else EXIT_OK)


def _print_enrich(report) -> None:
    for key, names in report.filled.items():
        console.info(f"{'would fill' if report.dry_run else 'filled'} {key}: {', '.join(names)}")
    for name, repo in sorted(report.repos.items()):
        console.warn(f"github.com/{name} is {repo.problem()}")
    for problem in report.unchecked:
        console.warn(problem)
    where = "nothing written (--dry-run)" if report.dry_run else report.metrics_file
    console.info(
        f"{report.entries} entries: {report.asked} papers looked up ({report.counted} with a "
        f"citation count), {report.repos_asked} repositories; {where}"
        + ("; partial" if report.unchecked else "")
    )


@app.command(
    "site",
    rich_help_panel="Output",
    epilog=_examples("fmcat site -o site/\nfmcat site -o docs/ && git add docs/"),
)
def site_command(
    output: Annotated[
        Path, Opt("--output", "-o", metavar="DIR", help="The folder to write.")
    ] = Path("site"),
) -> None:
    """A searchable web page of the list, with filters, sorting and charts.

    One index.html that loads nothing from elsewhere; it works from file:// and GitHub
    Pages."""
    from fmcat import metrics, store
    from fmcat.site import build

    path = catalog_path()
    catalog = store.load(path).catalog
    written = build(catalog, metrics.load(metrics.path_for(path)), output, path)
    console.info(f"wrote {written} ({console.plural(len(catalog.papers), 'paper')})")


@app.command(
    "feed",
    rich_help_panel="Output",
    epilog=_examples(
        "fmcat feed -o feed.xml --url https://owner.github.io/list\nfmcat feed --limit 20"
    ),
)
def feed_command(
    output: Annotated[
        Path | None, Opt("--output", "-o", metavar="FILE", help="Write the feed to FILE.")
    ] = None,
    limit: Annotated[int, Opt(metavar="N", help="At most N papers.", min=1)] = 50,
    url: Annotated[
        str | None, Opt(metavar="URL", help="The list's home page: the feed's link and id.")
    ] = None,
) -> None:
    """An Atom feed of the papers added most recently, for readers who follow the list.

    Papers come by the day `add` or `import` added them."""
    from fmcat import feed, files, store
    from fmcat.errors import UsageError
    from fmcat.validate import url_problem

    if url is not None and url_problem(url):
        raise UsageError(f"--url {url!r}: {url_problem(url)}")
    path = catalog_path()
    data = feed.atom(store.load(path).catalog, limit=limit, url=url)
    if output is None:
        console.write_bytes(data)
    else:
        files.write_output(output, data, protected=path)


@app.command(
    "verify",
    rich_help_panel="Reading",
    epilog=_examples(
        "fmcat verify\nfmcat verify --links --json\nfmcat verify ma2023segment --offline"
    ),
)
def verify_command(
    keys: KeysArgument = None,
    section: SectionOption = None,
    json_output: JsonOption = False,
    offline: OfflineOption = False,
    links: Annotated[
        bool, Opt("--links", help="Also check every url and code link (dead or alive).")
    ] = False,
) -> None:
    """Check that every arXiv id and DOI resolves, to the paper its entry names.

    Never changes the catalog. Exit 0 when all agree, 1 when a title disagrees or an
    identifier resolves to nothing, 3 when some identifiers could not be looked up.
    """
    from fmcat import filters, maintain, metrics, store
    from fmcat.errors import EXIT_NETWORK

    path = catalog_path()
    catalog = store.load(path).catalog
    chosen = filters.from_options(catalog, sections=section, keys=keys)
    figures = metrics.load(metrics.path_for(path))
    with console.ProgressBar() as progress:
        report = maintain.verify(
            catalog,
            chosen,
            offline=offline,
            notice=console.warn,
            progress=progress,
            figures=figures,
            links=links,
            catalog_path=path,
        )
    if json_output:
        console.print_json(report.to_json())
    else:
        _print_verify(report)
    if report.mismatches or report.unresolved or report.repositories or report.dead_links():
        raise typer.Exit(EXIT_FOUND)
    raise typer.Exit(EXIT_NETWORK if report.unchecked else EXIT_OK)


def _print_verify(report) -> None:
    out = console.out()
    for item in report.mismatches:
        out.print(f"{item.key}: {item.identifier} is another paper:", markup=False)
        out.print(f"  stored:   {item.stored}", markup=False, highlight=False)
        out.print(f"  resolves: {item.resolved}", markup=False, highlight=False)
    for item in report.unresolved:
        out.print(f"{item.key}: {item.identifier} does not resolve: {item.reason}", markup=False)
    for item in report.unchecked:
        console.warn(f"{item.key}: {item.identifier} not checked: {item.reason}")
    for item in report.dead_links():
        archived = f" (archived copy: {item.archived})" if item.archived else ""
        out.print(f"{item.url}: dead, {item.reason}{archived}", markup=False)
    for item in report.links.results.values() if report.links else []:
        if item.status == "ok" and (item.reason or item.final):
            moved = f"moved to {item.final}" if item.final else ""
            console.warn(f"{item.url}: " + "; ".join(filter(None, [item.reason, moved])))
    for repo in report.repositories:
        out.print(
            f"{repo.key}: github.com/{repo.repository} is {repo.problem} "
            f"(as of {repo.fetched}, fmcat enrich)",
            markup=False,
        )
    console.info(
        f"{report.checked} identifiers checked: {len(report.mismatches)} on another paper, "
        f"{len(report.unresolved)} unresolved"
        + (f"; {len(report.unchecked)} not checked (partial)" if report.unchecked else "")
    )


@app.command(
    "dedupe",
    rich_help_panel="Writing",
    epilog=_examples("fmcat dedupe\nfmcat dedupe --apply\nfmcat dedupe --distinct ma2023a,ma2023b"),
)
def dedupe_command(
    json_output: JsonOption = False,
    apply: Annotated[bool, Opt("--apply", help="Merge duplicates (asks per cluster).")] = False,
    yes: Annotated[
        bool, Opt("--yes", "-y", help="With --apply: merge certain clusters unasked.")
    ] = False,
    distinct: Annotated[
        list[str] | None,
        Opt(
            "--distinct",
            metavar="KEY,KEY",
            help="Record KEY,KEY[,...] as different papers so they are not reported again.",
        ),
    ] = None,
) -> None:
    """Find duplicate papers and identifier conflicts (one id on two different titles).

    Exit 0 when clean, 1 when anything was found (after --apply: anything left),
    2 when the catalog cannot be read.
    """
    from fmcat import dedupe

    path = catalog_path()
    if distinct:
        for keys in dedupe.record_distinct(path, distinct):
            console.info(f"recorded as different papers: {', '.join(keys)}")
    report, papers = dedupe.find_at(path)
    if apply and (report.duplicates or report.possible):
        ask = sys.stdin.isatty() or not yes
        chosen = dedupe.choose(report, yes, ask, lambda cluster: _confirm(cluster, papers))
        if chosen:
            merged = dedupe.merge_clusters(path, chosen)
            console.info(f"merged {merged} cluster{'s' if merged != 1 else ''} into {path}")
            report, papers = dedupe.find_at(path)
    if json_output:
        console.print_json(report.to_json())
    else:
        _print_dedupe(report, papers)
    raise typer.Exit(EXIT_OK if report.clean else EXIT_FOUND)


def _duplicates_clean(path: Path) -> bool:
    """Print what ``dedupe`` finds in the catalog at ``path``; True when nothing."""
    from fmcat import dedupe

    report, papers = dedupe.find_at(path)
    _print_dedupe(report, papers)
    return report.clean


def _confirm(cluster, papers) -> bool:
    """Show a cluster and ask on the terminal whether to merge it."""
    _print_cluster(cluster, papers, "duplicate" if cluster.certain else "possible duplicate")
    sys.stderr.write(f"merge into {cluster.keep}? [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _print_cluster(cluster, papers, label: str) -> None:
    out = console.out()
    out.print(f"{label} ({cluster.reason}; score {cluster.score:.2f}), keep {cluster.keep}:")
    for key in cluster.keys:
        entry = papers[key]
        mark = "*" if key == cluster.keep else "-"
        ids = ", ".join(entry.identifiers()) or entry.url or "no identifier"
        out.print(f"  {mark} {key}: {entry.title} ({_venue_year(entry)}; {ids})")


def _print_dedupe(report, papers) -> None:
    for cluster in report.duplicates:
        _print_cluster(cluster, papers, "duplicate")
    for cluster in report.possible:
        _print_cluster(cluster, papers, "possible duplicate")
    for conflict in report.conflicts:
        out = console.out()  # rich only when there is something to show
        out.print(f"conflict: {conflict.identifier} is on entries with different titles:")
        for key, title in conflict.titles.items():
            out.print(f"  - {key}: {title}")
    if report.clean:
        console.info(f"no duplicates or conflicts among {len(papers)} papers")
    else:
        console.info(
            f"{len(report.duplicates)} duplicate clusters, {len(report.possible)} possible, "
            f"{len(report.conflicts)} identifier conflicts; `fmcat dedupe --apply` merges, "
            "conflicts need a fixed link"
        )


@app.command(
    "import",
    rich_help_panel="Writing",
    epilog=_examples(
        "fmcat import README.md --dry-run\n"
        "fmcat import refs.bib --section surveys\n"
        "fmcat import old-list.md --no-merge"
    ),
)
def import_command(
    source: Annotated[
        Path, Arg(metavar="FILE", help="A markdown paper list, a .bib file, or fmcat JSON.")
    ],
    format_: Annotated[
        str | None,
        Opt(
            "--format",
            metavar="FORMAT",
            help="markdown, bibtex or json (default: from the extension).",
        ),
    ] = None,
    depth: Annotated[
        int | None,
        Opt(metavar="N", help="Keep at most this many heading levels as sections (0: none)."),
    ] = None,
    section: Annotated[
        str | None,
        Opt("--section", metavar="SECTION", help="Put every imported entry in this section."),
    ] = None,
    prefer_import: Annotated[
        bool, Opt("--prefer-import", help="Imported values replace differing catalog values.")
    ] = False,
    no_merge: Annotated[
        bool, Opt("--no-merge", help="Add every paper as a new entry; dedupe merges later.")
    ] = False,
    dry_run: Annotated[bool, Opt("--dry-run", help="Print the summary; write nothing.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Import a hand-written paper list (or BibTeX, or fmcat JSON) into the catalog.

    Papers already in the catalog are updated, not duplicated. Exit 0 on success, 2 when
    the file cannot be read.
    """
    from fmcat.importers.common import ImportOptions
    from fmcat.importing import import_file

    options = ImportOptions(
        depth=depth, section=section, prefer_import=prefer_import, merge=not no_merge
    )
    report = import_file(catalog_path(), source, format_, options, dry_run)
    if json_output:
        console.print_json(report.to_json())
    else:
        _print_import(report, dry_run)


def _print_import(report, dry_run: bool) -> None:
    verb = "would import" if dry_run else "imported"
    updated = sum(1 for _, changed in report.merged if changed)
    console.info(
        f"{verb}: {len(report.new)} new, {len(report.merged)} merged into existing entries "
        f"({updated} changed), {sum(report.skipped.values())} skipped"
    )
    for section, count in sorted(report.sections.items()):
        console.info(f"  {section or '(no section)'}: {console.plural(count, 'paper')}")
    for reason, count in sorted(report.skipped.items()):
        console.info(f"  skipped {count}: {reason}")
    for block in report.blocks:
        shown = f": {block.text}" if block.text else ""
        console.info(f"  line {block.line}: skipped, {block.reason}{shown}")
    for flag in report.flags:
        console.info(f"  line {flag.line}: check {flag.key}: {flag.flag}")
    for key, other in report.repeated:
        console.info(f"  repeated in the file: {key} is the same paper as {other} (fmcat dedupe)")
    for ident, title, key in report.conflicts:
        console.warn(f"{ident} is on {key} and on the imported {title!r}: check the link")


@app.command(
    "export",
    rich_help_panel="Output",
    epilog=_examples(
        "fmcat export > refs.bib\n"
        "fmcat export --format csl-json --year 2023\n"
        "fmcat export --format json -o catalog.json"
    ),
)
def export_command(
    format_: Annotated[
        str, Opt("--format", "-f", metavar="FORMAT", help="bibtex, csl-json or json.")
    ] = "bibtex",
    output: Annotated[
        Path | None, Opt("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")
    ] = None,
    key: Annotated[
        list[str] | None,
        Opt("--key", metavar="KEY", help="Only this entry.", autocompletion=_complete_keys),
    ] = None,
    author: AuthorOption = None,
    venue: VenueOption = None,
    year: YearOption = None,
    section: SectionOption = None,
    facet: FacetOption = None,
    min_citations: MinCitationsOption = None,
    min_stars: MinStarsOption = None,
) -> None:
    """Export the catalog (or the entries the filters select) as BibTeX, CSL-JSON or JSON."""
    from fmcat import files, filters, store
    from fmcat.exporters import export

    path = catalog_path()
    catalog = store.load(path).catalog
    chosen = _filters(
        path, catalog, author, venue, year, section, facet, min_citations, min_stars, key
    )
    entries = filters.select(catalog, chosen)
    text = export(catalog, entries, format_)
    if format_ == "bibtex":
        _warn_unknown_characters()
    if output is None:
        console.write_text(text)
    else:
        files.write_output(output, text.encode("utf-8"), protected=path)
        console.info(f"wrote {len(entries)} entries to {output}")


def _warn_unknown_characters() -> None:
    from fmcat.exporters.bibtex import unknown_characters

    unknown = unknown_characters()
    if unknown:
        shown = " ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        noun = console.plural(len(unknown), "character")
        console.warn(f"{noun} with no LaTeX form kept as they are (for biber): {shown}")


@app.command(
    "render",
    rich_help_panel="Output",
    epilog=_examples(
        "fmcat render > README.md\n"
        "fmcat render --in-place README.md\n"
        "fmcat render --check README.md --style table"
    ),
)
def render_command(
    output: Annotated[
        Path | None, Opt("--output", "-o", metavar="FILE", help="Write the document to FILE.")
    ] = None,
    in_place: InPlaceOption = None,
    check_file: Annotated[
        Path | None,
        Opt("--check", metavar="FILE", help="Exit 1 with a diff when FILE is not up to date."),
    ] = None,
    style: RenderStyleOption = None,
    template: Annotated[
        Path | None, Opt(metavar="FILE", help="A Jinja2 template for one entry.")
    ] = None,
    sort: Annotated[
        str | None,
        Opt(metavar="ORDER", help="date (default), year, title, venue, key, citations or stars."),
    ] = None,
    group: Annotated[
        str | None, Opt(metavar="GROUP", help="section (default), year or facet:NAME.")
    ] = None,
    awesome_lint: Annotated[
        bool | None,
        Opt("--awesome-lint/--no-awesome-lint", help="Output that passes awesome-lint."),
    ] = None,
    since: RenderSinceOption = None,
    stats: RenderStatsOption = None,
) -> None:
    """Render the catalog as markdown (stdout, a file, or the marked part of a README).

    Exit 0 on success (or when --check finds the file current), 1 when --check finds it
    out of date, 2 on bad options, a bad template or a file without markers.
    """
    from fmcat import files
    from fmcat.errors import UsageError
    from fmcat.render import output as rendering

    if sum(x is not None for x in (output, in_place, check_file)) > 1:
        raise UsageError("use only one of --output, --in-place and --check")
    settings = _render_settings(
        style=style,
        sort=sort,
        group=group,
        awesome_lint=awesome_lint,
        stats=stats,
        template=None if template is None else files.read_input(template),
    )
    path = catalog_path()
    if since is not None and (in_place or check_file):
        raise UsageError("--since renders release notes: use it with stdout or --output")
    if in_place is None and check_file is None:
        data = rendering.render_catalog(path, "document", settings, since)
        if output is None:
            console.write_bytes(data)
        else:
            files.write_output(output, data, protected=path)
        return
    _render_into(path, settings, in_place, check_file)


def _render_settings(
    style: str | None = None,
    sort: str | None = None,
    group: str | None = None,
    awesome_lint: bool | None = None,
    stats: bool | None = None,
    template: str | None = None,
) -> dict:
    """The render settings the command line gives (None: the catalog's own, or the
    default), for ``render_catalog``."""
    return {
        "style": style,
        "sort": sort,
        "group": group,
        "awesome_lint": awesome_lint,
        "stats": stats,
        "template": template,
    }


def _render_into(path: Path, settings: dict, in_place: Path | None, check: Path | None) -> None:
    """``--in-place FILE`` (update it when rendering changes it) or ``--check FILE``."""
    from fmcat import files
    from fmcat.render import output as rendering

    if check is not None:
        if not _file_current(path, settings, check):
            raise typer.Exit(EXIT_FOUND)
        return
    assert in_place is not None
    current = files.read_input(in_place)
    update = rendering.update_file(path, str(in_place), current, settings, True)
    if update.changed:
        files.write_output(in_place, update.expected.encode("utf-8"), protected=path)
        console.info(f"updated {in_place}")


def _file_current(path: Path, settings: dict, target: Path) -> bool:
    """``render --check FILE``: True when FILE is what rendering makes of it; else print
    the diff and say so."""
    from fmcat import files
    from fmcat.render import output as rendering

    current = files.read_input(target)
    update = rendering.update_file(path, str(target), current, settings, False)
    if not update.changed:
        console.info(f"{target} is up to date")
        return True
    console.write_text(update.diff())
    console.info(f"{target} is out of date; run `fmcat render --in-place {target}`")
    return False


def _print_add_report(report, json_output: bool) -> None:
    """Print what add did; exit 1 (some not found) or 3 (the network failed) on failures."""
    from fmcat.errors import EXIT_NETWORK
    from fmcat.store import entries_toml

    entries = report.added + report.updated
    dry_run = report.dry_run
    if json_output:
        console.print_json(report.to_json())
    elif dry_run and entries:
        console.write_text(entries_toml(entries, report.facet_order))
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
    if report.failed:
        raise typer.Exit(EXIT_NETWORK if report.network_failure else EXIT_FOUND)


def _venue_year(entry) -> str:
    venue = entry.venue or "?"
    if entry.accepted:
        venue += " (accepted)"
    return f"{venue} {entry.year}" if entry.year else venue


def main(argv: list[str] | None = None) -> int:
    """The ``fmcat`` program: run the app as a process (``fmcat.process``)."""
    from fmcat.process import run_app

    chosen = app_for(sys.argv[1:] if argv is None else argv)
    return run_app(chosen, argv, debug=lambda: OPTIONS.debug)


def app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command ``argv`` names (typer builds every registered
    command's options at each start; a hook runs one). Anything else (the top-level
    help or version, completion, a name that is no command) gets the whole app."""
    if any(name.startswith("_FMCAT_COMPLETE") for name in os.environ):
        return app
    words = iter(argv)
    for word in words:
        if word in ("--catalog", "-C"):
            next(words, None)
        elif word != "--debug" and not word.startswith("--catalog="):
            break
    else:
        return app
    commands = [info for info in app.registered_commands if info.name == word]
    groups = [info for info in app.registered_groups if info.name == word]
    if not commands and not groups:
        return app
    slim = copy.copy(app)
    slim.registered_commands, slim.registered_groups = commands, groups
    return slim
