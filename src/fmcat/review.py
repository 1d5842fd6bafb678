"""``fmcat check --changed REV``: the entries a pull request adds or changes since a git
revision, checked against the whole catalog: their problems, and the duplicates and
identifier conflicts they take part in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fmcat import dedupe, gitfiles, store
from fmcat.linkcheck import LinkResult, check_links, links_of
from fmcat.validate import Problem


@dataclass
class Review:
    changed: list[str] = field(default_factory=list)  # keys added or changed
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[dedupe.Cluster] = field(default_factory=list)
    conflicts: list[dedupe.Conflict] = field(default_factory=list)
    dead_links: list[LinkResult] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.problems or self.duplicates or self.conflicts or self.dead_links)

    def to_json(self, name: str) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "problems": [problem.to_json(name) for problem in self.problems],
            "duplicates": [cluster.to_json() for cluster in self.duplicates],
            "conflicts": [conflict.to_json() for conflict in self.conflicts],
            "dead_links": [link.to_json() for link in self.dead_links],
        }


def review(path: Path, base: str, links: bool = False) -> Review:
    """What changed since ``base`` and what is wrong with it; with ``links``, whether
    their links are alive. Problems outside any entry (the catalog's settings) are always
    reported."""
    loaded = store.inspect(path)
    now = store.parse_text(loaded.text, path).get("papers")
    now = now if isinstance(now, dict) else {}
    before = gitfiles.papers_at(path, base, "--changed")
    changed = sorted(key for key, value in now.items() if before.get(key) != value)
    mine = {f"papers.{key}" for key in changed}
    report = Review(changed=changed)
    report.problems = [
        problem
        for problem in loaded.problems
        if not problem.where.startswith("papers.")
        or problem.where in mine
        or any(problem.where.startswith(f"{where}.") for where in mine)
    ]
    if loaded.catalog is not None and changed:
        found = dedupe.find(loaded.catalog)
        keys = set(changed)
        report.duplicates = [c for c in found.duplicates + found.possible if keys & set(c.keys)]
        report.conflicts = [c for c in found.conflicts if keys & set(c.keys)]
        if links:
            entries = [loaded.catalog.papers[key] for key in changed]
            checked = check_links(links_of(entries), path)
            report.dead_links = [r for r in checked.results.values() if r.status == "dead"]
    return report
