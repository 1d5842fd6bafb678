"""Links: one key per paper page, whichever of its forms a list pasted; code hosts and
what a code link names; badges and redirectors.

``http://`` and ``https://``, ``www.``, a trailing slash, a fragment, and the several
addresses publishers give one paper (IEEE Xplore's document page and its PDF stamp,
OpenReview's forum and PDF, the ACL Anthology's page and PDF, CVF's HTML and PDF) all
give the same key. Identifiers (arXiv ids, DOIs) are read by ``ids``, not here.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

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


CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "github.io")


def is_code_host(host: str) -> bool:
    """A host whose pages are code repositories or project pages."""
    host = host.lower()
    return any(host == known or host.endswith("." + known) for known in CODE_HOSTS)


def code_name(url: str) -> str:
    """What a code link calls the project, which is often the model's name: ``owner repo``
    on a code host (``bowang-lab MedSAM``), the site and its path on a project page
    (``medicalcaption``), else the last part of the path (``aka.ms/biomedclip``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    host = parts.netloc.lower()
    segments = [s.rsplit(".", 1)[0] for s in unquote(parts.path).split("/") if s]
    if host.endswith(".github.io"):
        return " ".join([host.split(".")[0], *segments])
    if is_code_host(host):
        return " ".join(segments[:2])
    return segments[-1] if segments else ""


BADGE_HOSTS = ("img.shields.io", "badge.fury.io", "awesome.re", "badgen.net")


def is_badge(url: str) -> bool:
    """A badge image service (shields.io and the like), never a paper or its code."""
    host = urlsplit(url).netloc.lower()
    return any(host.endswith(badge) for badge in BADGE_HOSTS)


def badge_message(url: str) -> str | None:
    """What a static badge says (``img.shields.io/badge/Paper-ACL%202025-d62728.svg`` →
    ``ACL 2025``), or None for any other image."""
    parts = urlsplit(url)
    if not is_badge(url) or not parts.path.startswith("/badge/"):
        return None
    spec = re.sub(r"\.(?:svg|png|json)$", "", unquote(parts.path[len("/badge/") :]))
    fields = [
        field.replace("_", " ").replace("\0", "-").replace("\1", "_").strip()
        for field in spec.replace("--", "\0").replace("__", "\1").split("-")
    ]
    if len(fields) >= 3:
        return fields[1] or None
    return fields[0] or None if len(fields) == 2 else None


def unwrap_redirect(url: str) -> str:
    """``https://www.google.com/url?...&url=REAL`` → ``REAL`` (and similar redirectors)."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if ("google." in host and parts.path in ("/url", "/link")) or host.endswith(
        "safelinks.protection.outlook.com"
    ):
        query = parse_qs(parts.query)
        for name in ("url", "q", "u"):
            if query.get(name) and query[name][0].startswith(("http://", "https://")):
                return query[name][0]
    return url


_GITHUB_REPO = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9\-]{0,38}))/([A-Za-z0-9._\-]{1,100})$")


def github_repo(url: str | None) -> str | None:
    """``owner/name`` of a link into a GitHub repository (``https://github.com/a/b/tree/x``
    → ``a/b``), lower-cased as GitHub matches them; None for any other link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.netloc.lower().removeprefix("www.") != "github.com":
        return None
    segments = [segment for segment in parts.path.split("/") if segment][:2]
    if len(segments) < 2:
        return None
    name = segments[1].removesuffix(".git")
    match = _GITHUB_REPO.match(f"{segments[0]}/{name}")
    return f"{match[1]}/{match[2]}".lower() if match and name not in (".", "..") else None
