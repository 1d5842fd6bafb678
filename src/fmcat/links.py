"""Links to papers: one key per paper page, whichever of its forms a list pasted.

``http://`` and ``https://``, ``www.``, a trailing slash, a fragment, and the several
addresses publishers give one paper (IEEE Xplore's document page and its PDF stamp,
OpenReview's forum and PDF, the ACL Anthology's page and PDF, CVF's HTML and PDF) all
give the same key. Identifiers (arXiv ids, DOIs) are read by ``ids``, not here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

_IEEE = re.compile(r"ieeexplore\.ieee\.org/(?:abstract/)?document/(\d+)")
_CVF = re.compile(r"openaccess\.thecvf\.com/.*/(?:papers|html)/([^/]+?)(?:_paper)?\.(?:pdf|html)$")
_ACL = re.compile(r"aclanthology\.org/([^/]+?)(?:\.pdf)?$")
_NEURIPS = re.compile(r"proceedings\.neurips\.cc/.*/(?:hash|file)/([0-9a-f]{32})-")


def paper_url_key(url: str) -> str | None:
    """The key under which two links to one paper page agree; None for an unusable URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    if not host:
        return None
    path = parts.path.rstrip("/")
    where = f"{host}{path}"
    query = parse_qs(parts.query)
    if host == "ieeexplore.ieee.org":
        match = _IEEE.search(where)
        number = match[1] if match else (query.get("arnumber") or [None])[0]
        if number:
            return f"ieee:{number}"
    if host == "openreview.net" and query.get("id"):
        return f"openreview:{query['id'][0]}"
    for pattern, name in ((_CVF, "cvf"), (_ACL, "acl"), (_NEURIPS, "neurips")):
        match = pattern.search(where)
        if match:
            return f"{name}:{match[1].lower()}"
    suffix = f"?{parts.query}" if parts.query else ""
    return f"{where}{suffix}".lower()
