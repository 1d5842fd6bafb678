"""arXiv identifiers and DOIs in every form people paste, reduced to one canonical form.

Canonical forms, as stored in the catalog:

* arXiv: ``2301.04558`` or ``hep-th/9901001`` — no version, no URL, no ``arXiv:`` prefix;
  a subject class in an old-style id (``math.GT/0309136``) is dropped (``math/0309136``).
* DOI: ``10.1038/s41586-023-05881-4`` — lower case (DOIs are case-insensitive), no resolver.

arXiv's own DOIs (``10.48550/arXiv.2301.04558``) are arXiv papers and parse as arXiv ids.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import unquote

from fmcat.errors import UsageError

ACCEPTED_FORMS = (
    "accepted: an arXiv id (2301.04558, 2301.04558v2, arXiv:2301.04558, hep-th/9901001, "
    "an arxiv.org abs/pdf link) or a DOI (10.1234/xyz, doi:10.1234/xyz, a doi.org link)"
)

_NEW_ID = re.compile(r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})(?:v(?P<version>[1-9]\d*))?")
_OLD_ID = re.compile(
    r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?:\.[A-Z]{2})?/(?P<num>\d{7})(?:v(?P<version>[1-9]\d*))?"
)
_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.|browse\.)?arxiv\.org/"
    r"(?:abs|pdf|html|format|ps|src)/(?P<id>.+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_ARXIV_PREFIX = re.compile(r"^arxiv\s*:\s*", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
MAX_DOI_LENGTH = 300  # the longest registered DOIs are about 150 characters
MAX_TOKEN_LENGTH = 2000  # no pasted form of an identifier is longer
_DOI_RESOLVER = re.compile(
    r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/|^doi\s*:\s*|^(?:https?://)?hdl\.handle\.net/",
    re.IGNORECASE,
)
# A DOI inside a publisher URL: link.springer.com/chapter/10.1007/..., dl.acm.org/doi/10.1145/...
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s?#\"<>]+)")


@dataclass(frozen=True, slots=True)
class Identifier:
    """A parsed identifier: ``kind`` is ``"arxiv"`` or ``"doi"``, ``value`` is canonical."""

    kind: str
    value: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def _valid_new_style(yymm: str, num: str) -> bool:
    month = int(yymm[2:])
    if not 1 <= month <= 12 or int(yymm) < 704:
        return False
    return len(num) == (4 if int(yymm) < 1501 else 5)


def _valid_old_style(num: str) -> bool:
    year, month = int(num[:2]), int(num[2:4])
    return 1 <= month <= 12 and (year >= 91 or year <= 7)


def parse_arxiv(text: str) -> Identifier | None:
    """A bare arXiv id (optionally versioned) in canonical form, or None."""
    text = text.strip()
    match = _NEW_ID.fullmatch(text)
    if match:
        if not _valid_new_style(match["yymm"], match["num"]):
            return None
        version = int(match["version"]) if match["version"] else None
        return Identifier("arxiv", f"{match['yymm']}.{match['num']}", version)
    match = _OLD_ID.fullmatch(text)
    if match and _valid_old_style(match["num"]):
        version = int(match["version"]) if match["version"] else None
        return Identifier("arxiv", f"{match['archive']}/{match['num']}", version)
    return None


def parse_doi(text: str) -> Identifier | None:
    """A bare DOI in canonical (lower-case) form, or None. arXiv DOIs become arXiv ids.
    A DOI with a ``.`` or ``..`` path segment is refused: sent to a service, it would name
    another resource."""
    text = text.strip().rstrip(".,;")
    if len(text) > MAX_DOI_LENGTH or not _DOI.match(text):
        return None
    if any(segment in (".", "..") for segment in text.split("/")):
        return None
    arxiv_doi = _ARXIV_DOI.match(text)
    if arxiv_doi:
        return parse_arxiv(arxiv_doi["id"])
    return Identifier("doi", text.lower())


def parse_identifier(text: str) -> Identifier:
    """Parse any pasted form of an arXiv id or DOI; raise UsageError naming the token."""
    found = try_parse_identifier(text)
    if found is None:
        shown = text.strip()
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise UsageError(f"not an arXiv id or DOI: {shown!r}", hint=ACCEPTED_FORMS)
    return found


def try_parse_identifier(text: str) -> Identifier | None:
    """Like parse_identifier, but return None for text that is not an identifier."""
    token = text.strip().strip("<>").strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    url_match = _ARXIV_URL.match(token)
    if url_match:
        return parse_arxiv(unquote(url_match["id"]))
    if _ARXIV_PREFIX.match(token):
        return parse_arxiv(_ARXIV_PREFIX.sub("", token))
    if _DOI_RESOLVER.match(token):
        return parse_doi(without_url_tail(unquote(_DOI_RESOLVER.sub("", token))))
    return parse_arxiv(token) or parse_doi(token)


def identifier_from_url(url: str) -> Identifier | None:
    """The arXiv id or DOI a paper URL carries: arXiv and doi.org links, publisher URLs
    with a DOI in their path, nature.com article links. None when there is none."""
    found = try_parse_identifier(url)
    if found is not None:
        return found
    lowered = url.lower()
    ftp = re.match(
        r"^(?:https?://)?(?:www\.)?arxiv\.org/ftp/arxiv/papers/\d{4}/([\d.]+?)(?:v\d+)?\.pdf$",
        lowered,
    )
    if ftp:
        return parse_arxiv(ftp[1])
    nature = re.match(r"^(?:https?://)?(?:www\.)?nature\.com/articles/([a-z0-9.\-]+)", lowered)
    if nature:
        return Identifier("doi", without_url_tail(f"10.1038/{nature[1]}"))
    match = _DOI_IN_TEXT.search(unquote(url))
    if match:
        return parse_doi(without_url_tail(match[1].rstrip("/.,;")))
    return None


_PAGES = "full abstract pdf epdf fulltext meta html summary references"
_URL_TAILS = (  # what a publisher's page adds to a DOI in its address
    *(".full .pdf .abstract .htm .html .short .long .supplementary-material".split()),
    *("/" + page for page in _PAGES.split()),
)
_URL_TAIL = re.compile("(?:" + "|".join(map(re.escape, _URL_TAILS)) + ")+$", re.IGNORECASE)
_PREPRINT_VERSION = re.compile(r"^(10\.1101/.+?)v\d+$")  # bioRxiv and medRxiv pages


def without_url_tail(doi: str) -> str:
    """A DOI read from a web address without what the page adds: ``.pdf``, ``v2.full``,
    ``/abstract``, a bioRxiv version."""
    doi = _URL_TAIL.sub("", doi)
    preprint = _PREPRINT_VERSION.match(doi)
    return preprint[1] if preprint else doi


def is_canonical_arxiv(value: str) -> bool:
    """True when ``value`` is an arXiv id in the stored (bare, unversioned) form."""
    parsed = parse_arxiv(value)
    return parsed is not None and parsed.version is None and parsed.value == value


def is_canonical_doi(value: str) -> bool:
    """True when ``value`` is a DOI in the stored (bare, lower-case) form."""
    parsed = parse_doi(value)
    return parsed is not None and parsed.kind == "doi" and parsed.value == value


# Many stored identifiers at once (``validate.papers_pass``): patterns and C-level maps
# that accept only what ``is_canonical_arxiv`` / ``is_canonical_doi`` accept (tests hold
# them to it); whatever they do not accept is asked of those one by one.
_CANONICAL_NEW_ARXIV = re.compile(
    r"(?:07(?:0[4-9]|1[0-2])|(?:0[89]|1[0-4])(?:0[1-9]|1[0-2]))\.\d{4}"
    r"|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}"
)
_CANONICAL_DOI = re.compile(r"10\.\d{4,9}/\S*[^\s.,;]")


def all_canonical_arxiv(values: list[str]) -> bool:
    """Whether every one of ``values`` (strings) is a stored-form arXiv id."""
    unusual = itertools.filterfalse(_CANONICAL_NEW_ARXIV.fullmatch, values)
    return all(map(is_canonical_arxiv, unusual))


def all_canonical_dois(values: list[str]) -> bool:
    """Whether every one of ``values`` (strings) is a stored-form DOI without a web
    page's tail: first by patterns over all of them, then one by one if need be."""
    return dois_look_canonical(values) or all(map(is_stored_doi, values))


def is_stored_doi(value: str) -> bool:
    """A DOI as the catalog stores it: canonical, without a web page's tail."""
    return is_canonical_doi(value) and without_url_tail(value) == value


def dois_look_canonical(values: list[str]) -> bool:
    """A quick sufficient test that every one of ``values`` is ``is_stored_doi``."""
    joined = "\x00".join(values)  # (each ends in none of ".,;": no "/." at an end)
    return (
        all(map(_CANONICAL_DOI.fullmatch, values))
        and max(map(len, values), default=0) <= MAX_DOI_LENGTH
        and joined == joined.lower()
        and "/./" not in joined
        and "/../" not in joined
        and not any(map(_ARXIV_DOI.match, values))
        and not any(map(str.endswith, values, itertools.repeat(_URL_TAILS)))
        and not any(map(_PREPRINT_VERSION.match, values))
    )


def arxiv_url(arxiv_id: str) -> str:
    """The canonical abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def doi_url(doi: str) -> str:
    """The canonical resolver link of a DOI."""
    return f"https://doi.org/{doi}"
