"""``fmcat verify --links`` against the loopback link harness."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import FIXTURES
from tests.link_server import Hosts

LOOPBACK = {"FMCAT_LINKS_PRIVATE": "1"}  # the harness lives on 127.0.0.N


def catalog_with(links: list[str]) -> str:
    rows = [
        f'[papers.p{n}]\ntitle = "Paper number {n} about things"\nurl = "{link}"\n'
        for n, link in enumerate(links)
    ]
    return '[catalog]\ntitle = "Links"\n\n' + "\n".join(rows)


def test_each_kind_of_answer_gets_its_verdict_and_a_second_run_sends_nothing(fmcat, tmp_path):
    paths = [
        "/ok",
        "/moved",
        "/gone",
        "/removed",
        "/forbidden",
        "/limited",
        "/broken",
        "/loop",
        "/slow",
    ]
    with Hosts(2, stall=3.0) as hosts:
        links = [hosts.url(0, path) for path in paths] + [hosts.url(1, "/ok")]
        (tmp_path / "catalog.toml").write_text(catalog_with(links))
        wayback = hosts.url(1, "/wayback/available")
        env = {"FMCAT_HTTP_TIMEOUT": "1", "FMCAT_WAYBACK_URL": wayback, **LOOPBACK}
        result = fmcat("verify", "--links", "--json", env=env)
        report = json.loads(result.stdout)
        verdicts = {item["url"].rsplit("/", 1)[1]: item for item in report["links"]}
        assert result.code == 1  # dead links found
        assert {k: v["status"] for k, v in verdicts.items() if k} == {
            "ok": "ok",
            "moved": "ok",
            "gone": "dead",
            "removed": "dead",
            "forbidden": "unknown",
            "limited": "unknown",
            "broken": "unknown",
            "loop": "dead",
            "slow": "unknown",
        }
        assert verdicts["moved"]["final"].endswith("/ok") and verdicts["gone"]["code"] == 404
        recorded = json.loads((FIXTURES / "wayback" / "closest.json").read_text())
        copy = recorded["archived_snapshots"]["closest"]["url"]
        assert verdicts["gone"]["archived"] == copy and "archived" not in verdicts["forbidden"]
        assert f"(archived copy: {copy})" in fmcat("verify", "--links", env=env).stdout
        assert report["links_fetched"] == len(links)
        served = hosts.requests
        again = fmcat("verify", "--links", "--json", env=env)
        assert json.loads(again.stdout)["links_fetched"] == 0
        assert hosts.requests == served  # from the cache: no request at all


def test_no_host_gets_more_than_four_requests_at_once(fmcat, tmp_path):
    with Hosts(3, delay=0.05) as hosts:
        links = [hosts.url(n % 3, f"/ok?page={n}") for n in range(60)]
        (tmp_path / "catalog.toml").write_text(catalog_with(links))
        result = fmcat("verify", "--links", "--json", env=LOOPBACK)
        assert result.code == 0, result.stderr
        assert max(hosts.peak.values()) <= 4 and max(hosts.peak.values()) >= 2
        assert all(item["status"] == "ok" for item in json.loads(result.stdout)["links"])


def test_check_changed_reviews_only_what_a_pull_request_changed(fmcat, shipped):
    repo = shipped.parent
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "catalog.toml"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    assert fmcat("check", "--changed", "HEAD").code == 0
    with Hosts(1) as hosts:
        shipped.write_text(
            shipped.read_text()
            + '\n[papers.again2023]\ntitle = "Segment Anything in Medical Images"\n'
            'authors = ["Jun Ma", "Bo Wang"]\nyear = 2023\n'
            f'url = "{hosts.url(0, "/gone")}"\n'
            '\n[papers.wrong2023]\ntitle = "A new paper"\nmodality = ["xray"]\n'
        )
        result = fmcat("check", "--changed", "HEAD", "--links", "--json", env=LOOPBACK)
    report = json.loads(result.stdout)
    assert result.code == 1 and report["changed"] == ["again2023", "wrong2023"]
    assert [p["where"] for p in report["problems"]] == ["papers.wrong2023.modality"]
    shipped.write_text(shipped.read_text().replace('modality = ["xray"]', 'modality = ["x-ray"]'))
    with Hosts(1) as hosts:
        text = shipped.read_text()
        shipped.write_text(
            text.replace(
                text[text.index("http://127.0.0.1:") :].split('"')[0], hosts.url(0, "/gone")
            )
        )
        result = fmcat("check", "--changed", "HEAD", "--links", "--json", env=LOOPBACK)
    report = json.loads(result.stdout)
    assert report["problems"] == [] and report["dead_links"][0]["url"].endswith("/gone")
    assert any("again2023" in cluster["keys"] for cluster in report["duplicates"])


def test_a_strangers_link_into_a_private_network_is_not_fetched(fmcat, tmp_path):
    """Without FMCAT_LINKS_PRIVATE, loopback, private and link-local addresses (cloud
    metadata) are refused, redirects included, so a pull request cannot probe CI's network."""
    with Hosts(1) as hosts:
        (tmp_path / "catalog.toml").write_text(catalog_with([hosts.url(0, "/ok")]))
        result = fmcat("verify", "--links", "--json")
        [link] = json.loads(result.stdout)["links"]
        assert link["status"] == "unknown" and "private address" in link["reason"]
        assert hosts.requests == 0


@pytest.mark.parametrize(
    ("address", "refused"),
    [("169.254.169.254", True), ("10.0.0.1", True), ("[::1]", True), ("93.184.216.34", False)],
)
def test_private_addresses_are_refused_and_public_ones_pass(monkeypatch, address, refused):
    import httpx

    from fmcat.linkcheck import PrivateAddress, refuse_private

    monkeypatch.delenv("FMCAT_LINKS_PRIVATE", raising=False)
    request = httpx.Request("GET", f"http://{address}/latest/meta-data/")
    if refused:
        with pytest.raises(PrivateAddress):
            refuse_private(request)
    else:
        refuse_private(request)
