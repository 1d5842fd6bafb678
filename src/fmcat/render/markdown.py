"""Markdown building blocks that are safe for untrusted metadata.

Text is escaped for the context it lands in (inline text, link text, table cells); line
breaks, control, zero-width and bidi characters never reach the output; only http(s)
links are written, with spaces, parentheses and pipes percent-encoded. ``$`` is escaped,
so ``$…$`` in a title shows as written instead of as math.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
# Characters that open or close markdown syntax anywhere in a line ("&" only before
# something that reads as an entity); ( ) ! are harmless once every [ and ] is escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$]|&(?=#?\w+;))")
# What makes a line a heading, list item, quote or rule when it starts it.
_LEADING = re.compile(r"^(\s*)(#{1,6}|[-+=]+|>|\d+[.)])(?=\s|$)")


def plain(text: str) -> str:
    """One line, no invisible or control characters, NFC."""
    text = _INVISIBLE.sub(" ", text)
    return " ".join(unicodedata.normalize("NFC", text).split())


_SPECIAL_CHAR = re.compile(r"[\\`*_\[\]<>|~$&]")
_SIMPLE_URL = re.compile(
    r"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:[/?#][A-Za-z0-9\-._~/?#@!$'*+,;=%:]*)?"
)


def _needs_no_change(text: str) -> bool:
    """True for text that ``escape_slow`` would return unchanged (the common case):
    printable (no control, zero-width or bidi characters), NFC, single-spaced, no
    markdown-special character, no list or heading marker at the start."""
    return (
        text.isprintable()
        and not _SPECIAL_CHAR.search(text)
        and "  " not in text
        and text == text.strip()
        and not _LEADING.match(text)
        and (text.isascii() or unicodedata.is_normalized("NFC", text))
    )


# Text that needs no change, for the common case of ASCII and Latin letters: printable,
# no markdown-special character, no list or heading marker or space at either end.
_PLAIN_LATIN = re.compile(
    r"(?!(?:#{1,6}|[-+=]+|\d+[.)])(?: |$)| )[!-#%'-)+-;=?-Z^a-{} \u00c0-\u024f]*(?<! )"
)


def escape(text: str) -> str:
    """Escape ``text`` for inline markdown (also safe as link text and inside tables)."""
    if (_PLAIN_LATIN.fullmatch(text) and "  " not in text) or _needs_no_change(text):
        return text
    return escape_slow(text)


def escape_slow(text: str) -> str:
    """``escape`` without its shortcut for text that needs no change."""
    text = _SPECIAL.sub(r"\\\1", plain(text)).replace("\\<", "&lt;")  # never "<!--"
    return _LEADING.sub(_escape_leading, text)


def _escape_leading(match: re.Match[str]) -> str:
    marker = match[2]
    if marker[0].isdigit():  # "1." → "1\." (a backslash before a digit is literal)
        return match[1] + marker[:-1] + "\\" + marker[-1]
    return match[1] + "\\" + marker


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), encoded for a markdown link destination; else None."""
    if not url:
        return None
    if _SIMPLE_URL.fullmatch(url):
        return url
    return safe_url_slow(url)


def safe_url_slow(url: str) -> str | None:
    """``safe_url`` without its shortcut for plain http(s) URLs."""
    cleaned = _INVISIBLE.sub("", html.unescape(url)).strip()
    cleaned = re.sub(r"\s", "%20", cleaned)
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return quote(cleaned, safe="/:?#[]@!$&'*+,;=%-._~").replace("(", "%28").replace(")", "%29")


def link(label: str, url: str | None) -> str:
    """``[label](url)`` with the label escaped, or the escaped label alone without a URL."""
    target = safe_url(url)
    return f"[{escape(label)}]({target})" if target else escape(label)


def _slug_keeps(category: str) -> bool:
    return category[0] in "LM" or category in ("Nd", "Nl", "Pc")


def github_slug(heading_text: str) -> str:
    """GitHub's heading anchor (github-slugger): lower case; only letters, marks, decimal
    and letter numbers, connector punctuation (``_``), ``-`` and spaces kept; each space
    becomes ``-``. (Letters newer than github-slugger's Unicode tables may differ.)"""
    kept = (
        char
        for char in heading_text.lower()
        if char in " -" or _slug_keeps(unicodedata.category(char))
    )
    return "".join(kept).replace(" ", "-")


class Slugger:
    """Unique anchors in document order: repeats get ``-1``, ``-2``… as on GitHub."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, heading_text: str) -> str:
        base = github_slug(heading_text)
        slug = base
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        self.seen.setdefault(base, 0)
        return slug


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    """A GFM table with aligned pipes; cells must already be escaped."""
    widths = [max(3, len(cell)) for cell in header]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    align = align or ["left"] * len(header)

    def rule(width: int, how: str) -> str:
        if how == "center":
            return ":" + "-" * (width - 2) + ":"
        return "-" * width

    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)) + " |"]
    lines.append("| " + " | ".join(rule(w, a) for w, a in zip(widths, align, strict=True)) + " |")
    for row in rows:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    return "\n".join(lines)
