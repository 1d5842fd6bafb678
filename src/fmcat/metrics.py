"""The metrics file: volatile numbers kept beside the catalog, never in it.

``catalog.metrics.toml`` (for ``catalog.toml``) holds citation counts and external ids
per paper identifier, and stars, last push, archived flag and licence per GitHub
repository, each with the day it was fetched. It is written sorted and whole, so a
weekly refresh is a small diff, and read as a stranger's file: anything malformed is one
error line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fmcat.errors import CatalogError

if TYPE_CHECKING:
    from fmcat.model import Entry

HEADER = "# Written by `fmcat enrich`: citation counts and repository figures, with the day\n"
HEADER += "# each was fetched. Kept out of the catalog so that it stays hand-curated.\n\n"
MAX_BYTES = 256 << 20


@dataclass
class PaperMetrics:
    fetched: dt.date
    citations: int | None = None
    influential: int | None = None
    source: str = ""  # semanticscholar or openalex; "" when no service knew the paper
    ids: dict[str, str] = field(default_factory=dict)  # pubmed, pmc, dblp, s2, openalex


@dataclass
class RepoMetrics:
    fetched: dt.date
    stars: int | None = None
    pushed: dt.date | None = None
    archived: bool = False
    empty: bool = False
    missing: bool = False
    license: str | None = None
    moved_to: str | None = None

    def problem(self) -> str | None:
        """``missing``, ``archived`` or ``empty`` when a reader would want to know."""
        if self.missing:
            return "missing"
        if self.archived:
            return "archived"
        return "empty" if self.empty else None


@dataclass
class Metrics:
    papers: dict[str, PaperMetrics] = field(default_factory=dict)  # "arxiv:…", "doi:…"
    repos: dict[str, RepoMetrics] = field(default_factory=dict)  # "owner/name"

    def paper(self, entry: Entry) -> PaperMetrics | None:
        """The figures of the first of the entry's identifiers that has any."""
        if entry.arxiv and (found := self.papers.get("arxiv:" + entry.arxiv)) is not None:
            return found
        return self.papers.get("doi:" + entry.doi) if entry.doi else None

    def repo(self, entry: Entry) -> RepoMetrics | None:
        if not self.repos or not entry.code or "github.com" not in entry.code.lower():
            return None
        from fmcat.links import github_repo

        name = github_repo(entry.code)
        return self.repos.get(name) if name else None

    def citations(self, entry: Entry) -> int | None:
        found = self.paper(entry)
        return found.citations if found else None

    def stars(self, entry: Entry) -> int | None:
        found = self.repo(entry)
        return found.stars if found else None

    def annotate(self, entry: Entry, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` (an entry's JSON) with the figures known for it."""
        paper, repo = self.paper(entry), self.repo(entry)
        if paper is not None and paper.citations is not None:
            data["citations"] = paper.citations
            if paper.influential is not None:
                data["influential_citations"] = paper.influential
        if repo is not None and repo.stars is not None:
            data["stars"] = repo.stars
        return data

    def newest(self) -> dt.date | None:
        """The day of the most recent fetch."""
        days = [m.fetched for m in self.papers.values()] + [m.fetched for m in self.repos.values()]
        return max(days, default=None)


def path_for(catalog: Path) -> Path:
    """``catalog.metrics.toml`` beside ``catalog.toml``."""
    return catalog.with_name(f"{catalog.stem}.metrics.toml")


def load(path: Path) -> Metrics:
    """The metrics file at ``path``; empty when there is none; CatalogError (one line)
    when it cannot be read or is not what ``save`` writes."""
    try:
        raw = path.read_bytes()[:MAX_BYTES]
    except FileNotFoundError:
        return Metrics()
    except OSError as err:
        raise CatalogError(f"{path}: cannot read: {err.strerror or err}") from None
    from fmcat import store

    try:
        data = store.parse_text(raw.decode("utf-8"), path)
        return Metrics(
            papers={str(k): _read(PaperMetrics, v) for k, v in data.get("papers", {}).items()},
            repos={str(k): _read(RepoMetrics, v) for k, v in data.get("repos", {}).items()},
        )
    except (UnicodeDecodeError, CatalogError, TypeError, ValueError, AttributeError):
        raise CatalogError(
            f"{path}: not a metrics file fmcat wrote",
            hint="delete it; `fmcat enrich` writes it again",
        ) from None


_TYPES = {
    "fetched": (dt.date,),
    "citations": (int, type(None)),
    "influential": (int, type(None)),
    "stars": (int, type(None)),
    "source": (str,),
    "ids": (dict,),
    "pushed": (dt.date, type(None)),
    "archived": (bool,),
    "empty": (bool,),
    "missing": (bool,),
    "license": (str, type(None)),
    "moved_to": (str, type(None)),
}


def _read(kind: type, table: Any) -> Any:
    """One table as ``kind``; TypeError for a field of the wrong type or name."""
    if not isinstance(table, dict):
        raise TypeError("not a table")
    for name, value in table.items():
        allowed = _TYPES.get(name)
        if (
            allowed is None
            or not isinstance(value, allowed)
            or (type(value) is bool and (bool not in allowed))
        ):
            raise TypeError(f"field {name!r}")
        if name == "ids" and not all(isinstance(v, str) for v in value.values()):
            raise TypeError("ids")
    return kind(**table)


def dumps(metrics: Metrics) -> str:
    """The file's text: sorted tables, fields in a fixed order, no empty values."""

    def table(item: Any) -> dict[str, Any]:
        return {k: v for k, v in asdict(item).items() if v not in (None, "", {}, False)}

    data = {
        "papers": {key: table(metrics.papers[key]) for key in sorted(metrics.papers)},
        "repos": {key: table(metrics.repos[key]) for key in sorted(metrics.repos)},
    }
    import tomli_w

    return HEADER + tomli_w.dumps({k: v for k, v in data.items() if v})


def save(path: Path, metrics: Metrics) -> bool:
    """Write the file atomically; False when its bytes would not change."""
    text = dumps(metrics)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    from fmcat import files

    files.write_file(path, text.encode("utf-8"))
    return True
