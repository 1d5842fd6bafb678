"""``fmcat feed``: an Atom feed (RFC 4287) of the papers added most recently, by the
``added`` day that ``add`` and ``import`` record. The same catalog gives the same bytes:
every time in the feed is a day the catalog holds, and every id is derived from names."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET

from fmcat.environment import today
from fmcat.model import Catalog, Entry
from fmcat.render.view import paper_url

ATOM = "http://www.w3.org/2005/Atom"
DEFAULT_LIMIT = 50


def newest(catalog: Catalog, limit: int = DEFAULT_LIMIT) -> list[Entry]:
    """The entries with an ``added`` day, newest first (ties by key), at most ``limit``."""
    dated = sorted((e for e in catalog.papers.values() if e.added), key=lambda e: e.key)
    return sorted(dated, key=lambda e: e.added, reverse=True)[:limit]


def atom(catalog: Catalog, *, limit: int = DEFAULT_LIMIT, url: str | None = None) -> bytes:
    """The feed as UTF-8 XML. ``url`` is the list's home page (its link and id)."""
    entries = newest(catalog, limit)
    title = catalog.meta.get("title") or "Papers"
    feed_id = url or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'fmcat:' + title)}"
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", feed_id)
    _text(root, "title", title)
    if catalog.meta.get("description"):
        _text(root, "subtitle", " ".join(catalog.meta["description"].split()))
    _text(root, "updated", _stamp(entries[0].added if entries else today()))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", f"{title} maintainers")
    if url:
        ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "href": url})
    _text(root, "generator", "fmcat")
    for entry in entries:
        _entry(root, entry, feed_id)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(root: ET.Element, entry: Entry, feed_id: str) -> None:
    item = ET.SubElement(root, f"{{{ATOM}}}entry")
    _text(item, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{feed_id}#{entry.key}')}")
    _text(item, "title", entry.title)
    assert entry.added is not None
    _text(item, "updated", _stamp(entry.added))
    for name in entry.authors:
        author = ET.SubElement(item, f"{{{ATOM}}}author")
        _text(author, "name", name)
    links = [link for link in (paper_url(entry), entry.code) if _web(link)]
    for rel, link in zip(("alternate", "related"), dict.fromkeys(links), strict=False):
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": rel, "href": link})
    venue = " ".join(str(part) for part in (entry.venue, entry.year) if part)
    summary = ". ".join(part for part in (venue, ", ".join(entry.authors)) if part)
    if entry.note:
        summary = f"{summary}. {entry.note}" if summary else entry.note
    if summary:
        _text(item, "summary", summary)
    if not links:  # an entry without an alternate link must carry content
        _text(item, "content", summary or entry.title)


def _web(link: str | None) -> bool:
    return bool(link) and link.startswith(("https://", "http://"))  # type: ignore[union-attr]


def _text(parent: ET.Element, name: str, value: str) -> None:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = _xml_chars(value)


def _xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch != "\ufffe"))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
