"""Papers proposed in a GitHub issue: the body GitHub writes for an issue-form submission
read into an ``add`` request, and the pull-request text that reports what came of it.

An issue-form body is one ``### Label`` heading per field, each followed by the value a
person typed or chose; an empty field reads ``_No response_``. Values come from a
stranger: only identifiers, a section that exists, a web link and plain text are taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fmcat import add, dedupe, ids, store
from fmcat.add import AddOptions, AddReport
from fmcat.dedupe import Report as DedupeReport
from fmcat.errors import UsageError
from fmcat.model import Catalog, Section
from fmcat.sources.resolve import Progress
from fmcat.validate import did_you_mean, url_problem

NO_RESPONSE = "_No response_"
MAX_BODY = 64 << 10  # GitHub caps an issue body at 65,536 characters
_HEADING = re.compile(r"^### +(.+?)[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^```[\w-]*\n(.*?)\n?```$", re.DOTALL)
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
_MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\((https?://[^\s)]+)\)")
# Which field is which, by its label: the form `init --github` writes, and others.
ROLES = {
    "paper": re.compile(r"\b(paper|arxiv|doi|link|url|identifier)s?\b", re.IGNORECASE),
    "section": re.compile(r"\b(section|category|topic)\b", re.IGNORECASE),
    "code": re.compile(r"\b(code|repo|repository|github|implementation)\b", re.IGNORECASE),
    "note": re.compile(r"\b(note|notes|comment|why|description|remarks?)\b", re.IGNORECASE),
}


def read_fields(body: str) -> dict[str, str]:
    """Label → value of every field, in order; ``_No response_`` reads as empty, a value
    GitHub fenced as code is unwrapped, line endings are ``\\n``."""
    text = body[:MAX_BODY].replace("\r\n", "\n").replace("\r", "\n")
    parts = _HEADING.split(text)
    found: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        value = value.strip()
        fenced = _FENCE.match(value)
        if fenced:
            value = fenced[1].strip()
        found.setdefault(label.strip(), "" if value == NO_RESPONSE else value)
    return found


def field_for(fields: dict[str, str], role: str) -> str:
    """The value of the first field whose label names ``role`` (the code field is never
    taken for the paper)."""
    for label, value in fields.items():
        if ROLES[role].search(label) and not (role == "paper" and ROLES["code"].search(label)):
            return value
    return ""


def links_in(text: str) -> list[str]:
    """The web links in a field, Markdown links included, in order, without repeats."""
    found = _MARKDOWN_LINK.findall(text) + _URL.findall(_MARKDOWN_LINK.sub(" ", text))
    return list(dict.fromkeys(url.rstrip(".,;:") for url in found))


def identifiers_in(text: str) -> list[ids.Identifier]:
    """arXiv ids and DOIs in a field: from links, else from the words themselves."""
    found: list[ids.Identifier] = []
    for url in links_in(text):
        ident = ids.identifier_from_url(url)
        if ident is not None:
            found.append(ids.Identifier(ident.kind, ident.value))
    if not found:
        for word in re.split(r"[\s,;]+", _URL.sub(" ", text)):
            ident = ids.try_parse_identifier(word) if word else None
            if ident is not None:
                found.append(ids.Identifier(ident.kind, ident.value))
    return list(dict.fromkeys(found))


def section_label(catalog: Catalog, section: Section) -> str:
    """How the issue form offers a section: its title under its parents' (``A › B``)."""
    titles = {s.id: s.title for s in catalog.sections}
    parts = section.id.split("/")
    path = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    return " › ".join(" ".join(titles.get(p, p).split()) for p in path)


@dataclass
class Request:
    """What an issue asks ``fmcat add`` to do."""

    identifiers: list[ids.Identifier] = field(default_factory=list)
    options: AddOptions = field(default_factory=AddOptions)


def read_request(body: str, catalog: Catalog) -> Request:
    """The add request in an issue body; UsageError (one line) when it names no paper, a
    section the catalog lacks, or a code link that is not a web address."""
    fields = read_fields(body)
    idents = identifiers_in(field_for(fields, "paper"))
    if not idents:
        raise UsageError("the issue names no arXiv id or DOI in its paper field")
    options = AddOptions()
    chosen = " ".join(field_for(fields, "section").split())
    if chosen:
        by_label = {section_label(catalog, s): s.id for s in catalog.sections}
        by_label |= {s.id: s.id for s in catalog.sections}
        if chosen not in by_label:
            hint = did_you_mean(chosen, list(by_label))
            raise UsageError(f"the issue's section {chosen!r} is not in the catalog{hint}")
        options.sections = [by_label[chosen]]
    code = links_in(field_for(fields, "code"))
    if code:
        if url_problem(code[0]):
            raise UsageError(f"the issue's code link {code[0]!r}: {url_problem(code[0])}")
        options.code = code[0]
    note = " ".join(field_for(fields, "note").split())
    if note:
        options.note = note[:2000]
    return Request(idents, options)


def add_from_issue(
    path: Path,
    body: str,
    *,
    offline: bool = False,
    dry_run: bool = False,
    notice: Callable[[str], None] | None = None,
    progress: Progress | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[AddReport, str]:
    """``fmcat add --from-issue``: add what the issue asks for, then look for duplicates
    among the new entries; the add report and the pull request's text."""
    snapshot = store.load(path).catalog
    request = read_request(body, snapshot)
    report = add.run(
        path,
        request.identifiers,
        request.options,
        offline=offline,
        dry_run=dry_run,
        notice=notice,
        progress=progress,
        transport=transport,
    )
    after = snapshot if dry_run else store.load(path).catalog
    return report, pull_request_text(report, dedupe.find(after))


def pull_request_text(report: AddReport, found: DedupeReport) -> str:
    """Markdown for the pull request a person reviews: what was added, what was already
    there or failed, and any duplicate or conflict the new entries take part in."""
    new = {entry.key for entry in report.added + report.updated}
    lines = ["Proposed in an issue and added by `fmcat add --from-issue`.", ""]
    for entry in report.added:
        venue = " ".join(str(p) for p in (entry.venue, entry.year) if p)
        lines.append(
            f"- added `{entry.key}`: {_plain(entry.title)}" + (f" ({venue})" if venue else "")
        )
    for entry in report.updated:
        lines.append(f"- updated `{entry.key}`: {_plain(entry.title)}")
    for ident, key in report.existing:
        lines.append(f"- already in the catalog: {ident} is `{key}`")
    for ident, reason in report.failed:
        lines.append(f"- not added: {ident}: {_plain(reason)}")
    clusters = [c for c in found.duplicates + found.possible if new.intersection(c.keys)]
    conflicts = [c for c in found.conflicts if new.intersection(c.keys)]
    if clusters or conflicts:
        lines += ["", "**Check before merging:**", ""]
        for cluster in clusters:
            keys = ", ".join(f"`{key}`" for key in cluster.keys)
            kind = "duplicate" if cluster.certain else "possible duplicate"
            lines.append(f"- {kind}: {keys} ({cluster.reason})")
        for conflict in conflicts:
            keys = ", ".join(f"`{key}`" for key in conflict.keys)
            lines.append(f"- {conflict.identifier} is on {keys} with different titles")
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    """Text a stranger wrote, made inert in a pull-request body (no mentions, markup)."""
    text = " ".join(text.split())
    return re.sub(r"([\\`*_\[\]<>#|@!])", r"\\\1", text)
