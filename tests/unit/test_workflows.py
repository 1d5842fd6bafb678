"""The commands' workflows called in process, against recorded responses served by an
``httpx.MockTransport``: what each returns, what it writes, and that ``lookup``'s
preview and ``add`` agree."""

from __future__ import annotations

import pytest

from fmcat import add, dedupe, exporters, filters, maintain, store
from fmcat.errors import UsageError
from fmcat.ids import Identifier, parse_identifier
from fmcat.importers.common import ImportOptions
from fmcat.importing import import_file
from fmcat.render import output


@pytest.fixture
def catalog(small_catalog):
    return small_catalog


def ident(text: str) -> Identifier:
    parsed = parse_identifier(text)
    return Identifier(parsed.kind, parsed.value)


def test_add_writes_what_its_dry_run_shows(replay, catalog):
    before = catalog.read_bytes()
    options = add.AddOptions(sections=["segmentation"], facets=["modality=ct"])
    shown = add.run(
        catalog, [ident("1605.08386")], options, dry_run=True, transport=replay.transport()
    )
    assert catalog.read_bytes() == before and [e.title for e in shown.added]
    done = add.run(catalog, [ident("1605.08386")], options, transport=replay.transport())
    [entry] = done.added
    assert entry.to_dict() == shown.added[0].to_dict()
    saved = store.load(catalog).catalog.papers[entry.key]
    assert saved.arxiv == "1605.08386" and saved.sections == ["segmentation"]
    assert saved.facets == {"modality": ["ct"]}
    asked = len(replay.log)
    again = add.run(catalog, [ident("1605.08386")], options, transport=replay.transport())
    assert again.existing == [("arxiv:1605.08386", entry.key)] and len(replay.log) == asked


def test_lookup_preview_and_add_agree_on_a_paper_held_under_its_published_doi(replay, catalog):
    """arXiv 1111.2011 names DOI 10.1103/physrevb.85.115117; the catalog holds that DOI."""
    with store.edit(catalog) as loaded:
        entry = next(iter(loaded.catalog.papers.values()))
        entry.doi = "10.1103/physrevb.85.115117"
        held = entry.key
    snapshot = store.load(catalog).catalog
    preview = add.preview(snapshot, ident("1111.2011"), transport=replay.transport())
    added = add.run(catalog, [ident("1111.2011")], add.AddOptions(), transport=replay.transport())
    assert preview.existing == added.existing == [("arxiv:1111.2011", held)]
    assert not preview.added and not added.added


def test_the_strict_facet_rule_is_the_same_everywhere(replay, catalog):
    snapshot = store.load(catalog).catalog
    with pytest.raises(UsageError, match="did you mean 'x-ray'"):
        filters.from_options(snapshot, facets=["modality=xray"])
    with pytest.raises(UsageError, match="did you mean 'x-ray'"):
        add.run(catalog, [ident("1605.08386")], add.AddOptions(facets=["modality=xray"]))
    assert replay.log == []  # refused before any request


def test_verify_finds_an_identifier_on_another_paper(replay, catalog):
    with store.edit(catalog) as loaded:
        entry = next(iter(loaded.catalog.papers.values()))
        entry.arxiv, entry.doi, key = "1605.08386", None, entry.key
    snapshot = store.load(catalog).catalog
    chosen = filters.from_options(snapshot, keys=[key])
    report = maintain.verify(snapshot, chosen, transport=replay.transport())
    assert report.checked == 1 and [m.key for m in report.mismatches] == [key]


def test_refresh_follows_the_doi_arxiv_names(replay, catalog):
    """arXiv 1710.08557 names 10.1186/s12984-017-0305-3: no Crossref record of it is
    recorded, so the entry changes only by what arXiv's record says."""
    with store.edit(catalog) as loaded:
        entry = next(iter(loaded.catalog.papers.values()))
        entry.arxiv, entry.doi, entry.venue, key = "1710.08557", None, "arXiv", entry.key
    report = maintain.refresh(catalog, [key], [], None, transport=replay.transport())
    assert report.candidates == 1 and not report.unchecked
    saved = store.load(catalog).catalog.papers[key]
    change = {change.key: change.changes for change in report.changes}.get(key, {})
    assert saved.doi == "10.1186/s12984-017-0305-3" == change["doi"][1]


def test_record_distinct_and_merge_clusters(tmp_path, catalog):
    keys = sorted(store.load(catalog).catalog.papers)[:2]
    assert dedupe.record_distinct(catalog, [",".join(keys)]) == [keys]
    assert keys in store.load(catalog).catalog.not_duplicates
    with pytest.raises(UsageError, match="no entry"):
        dedupe.record_distinct(catalog, [f"{keys[0]},nosuchkey"])
    copy = tmp_path / "copy.md"
    line = "- Deep Residual Learning for Image Recognition. [[paper]](https://arxiv.org/abs/1512.03385)\n"
    copy.write_text(line * 2, encoding="utf-8")
    report = import_file(catalog, copy, "markdown", ImportOptions(merge=False))
    assert len(report.new) == 2
    found = dedupe.find(store.load(catalog).catalog)
    assert dedupe.merge_clusters(catalog, found.duplicates) == len(found.duplicates) >= 1
    assert dedupe.find(store.load(catalog).catalog).duplicates == []


def test_export_and_render_workflows(catalog):
    snapshot = store.load(catalog).catalog
    entries = filters.select(snapshot, filters.Filters())
    assert exporters.export(snapshot, entries, "bibtex").count("@") == len(entries)
    with pytest.raises(UsageError, match="expected bibtex, csl-json or json"):
        exporters.export(snapshot, entries, "ris")
    document = output.render_catalog(catalog, "document", {}).decode()
    readme = "# Mine\n\n<!-- fmcat:begin -->\nold\n<!-- fmcat:end -->\n"
    update = output.update_file(catalog, "README.md", readme, {}, in_place=True)
    assert update.changed and "old" not in update.expected and update.diff()
    assert update.expected.startswith("# Mine\n") and document.splitlines()[0].startswith("#")
    current = output.update_file(catalog, "README.md", update.expected, {}, in_place=False)
    assert not current.changed and current.diff() == ""
