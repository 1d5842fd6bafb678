"""Links to GitHub repositories are checked through GitHub's API (recorded answers)."""

from __future__ import annotations

import json

from fmcat.linkcheck import check_links
from tests.conftest import FIXTURES


def test_github_links_are_gone_moved_or_there(replay, tmp_path):
    urls = [
        "https://github.com/PyGithub/PyGithub",
        "https://github.com/jacquev6/Xxx",
        "https://github.com/protoncoin/protoncoin/",
    ]
    report = check_links(urls, tmp_path / "catalog.toml", transport=replay.transport())
    found = report.results
    assert found[urls[0]].status == "ok" and found[urls[0]].final is None
    assert found[urls[1]].status == "dead" and "no such repository" in found[urls[1]].reason
    moved = json.loads((FIXTURES / "github" / "repositories_112116543.json").read_text())
    assert found[urls[2]].final == f"https://github.com/{moved['full_name']}"
    assert report.asked == 3 and all(path.startswith("/github/") for path in replay.log)
    asked = len(replay.log)
    again = check_links(urls, tmp_path / "catalog.toml", transport=replay.transport())
    assert again.asked == 0 and len(replay.log) == asked
