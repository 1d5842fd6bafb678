"""fmcat reads arXiv's Atom feeds itself; the ``arxiv`` package's public client is the
reference. On every recorded single-paper feed both must agree, so a change in the feed
or in the package's reading of it fails here, loudly."""

from __future__ import annotations

import arxiv
import pytest

from fmcat.sources.arxiv import parse_feed
from tests.replay_server import Replay

RECORDED = sorted(Replay().files.items())


@pytest.fixture(scope="module")
def reference_client():
    from tests.replay_server import ReplayServer

    with ReplayServer() as replay:
        client = arxiv.Client(page_size=10, delay_seconds=0, num_retries=0)
        client.query_url_format = f"{replay.base}/arxiv/api/query?{{}}"
        yield client


def test_the_recordings_cover_both_feed_layouts():
    names = {ident for ident, _ in RECORDED}
    assert len(names) >= 8
    assert any(b"xmlns:opensearch" in body and b"2016" in body for _, body in RECORDED)


@pytest.mark.parametrize(("ident", "body"), RECORDED, ids=[ident for ident, _ in RECORDED])
def test_feed_reading_agrees_with_the_arxiv_package(reference_client, ident, body):
    total, [ours], error = parse_feed(body)
    [theirs] = list(reference_client.results(arxiv.Search(id_list=[ident])))
    assert error is None and total == 1
    assert ours.arxiv == ident == theirs.get_short_id().rsplit("v", 1)[0]
    assert ours.title == " ".join(theirs.title.split())
    assert ours.authors == [" ".join(author.name.split()) for author in theirs.authors]
    assert ours.date == theirs.published.date()
    for name in ("doi", "journal_ref", "comment"):
        expected = " ".join((getattr(theirs, name) or "").split()) or None
        assert getattr(ours, name) == expected, name
