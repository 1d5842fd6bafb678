"""Text repair steps, each with one job, composed by ``clean_text`` and ``clean_title``."""

from __future__ import annotations

import functools
import re
import unicodedata

# Spacing accents, and combining accents as PDF copy leaves them ("P ́ erez-Garc ́ıa").
_SPACING_TO_COMBINING = {
    "\u00b4": "\u0301",  # acute
    "`": "\u0300",  # grave
    "\u00a8": "\u0308",  # diaeresis
    "\u02dc": "\u0303",  # tilde
    "\u02c7": "\u030c",  # caron
    "\u00b8": "\u0327",  # cedilla
    "\u02c6": "\u0302",  # circumflex
}
_DETACHED_ACCENT = re.compile(
    r"(?<=\w) ?([\u0300-\u036f\u00b4\u00a8\u02dc\u02c7\u00b8\u02c6]) ?([A-Za-z\u0131])"
)
_TAG = re.compile(r"</?(?:[a-z]+:)?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MOJIBAKE_HINT = re.compile("Ã|Â|â€|â\x80|Å|Ä")
_LATEX_HINT = re.compile(r"\\[A-Za-z\"'`^~=.]|\{|\}|\$")


def repair_mojibake(text: str) -> str:
    """``WÃ³jcik`` → ``Wójcik``, ``visionâ€“language`` → ``vision–language`` (ftfy),
    and ``RodrÃguez`` → ``Rodríguez`` (UTF-8 for í whose soft-hyphen byte was lost)."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    fixed = ftfy.fix_text(text, uncurl_quotes=False, normalization="NFC")
    return re.sub(r"Ã(?=[a-zñ])", "í", fixed)


def repair_detached_accents(text: str) -> str:
    """Reattach accents that PDF copy separated from their letter: ``P ́ erez`` → ``Pérez``."""
    if not _DETACHED_ACCENT.search(text):
        return text

    def join(match: re.Match[str]) -> str:
        accent = _SPACING_TO_COMBINING.get(match[1], match[1])
        letter = "i" if match[2] == "\u0131" else match[2]
        return unicodedata.normalize("NFC", letter + accent)

    return _DETACHED_ACCENT.sub(join, text)


@functools.lru_cache(maxsize=1 << 16)
def decode_latex(text: str) -> str:
    """``P{\\'e}rez`` → ``Pérez``, ``\\&`` → ``&``, ``{BERT}`` → ``BERT``."""
    if not _LATEX_HINT.search(text):
        return text
    if _only_braces(text):  # ``{BERT}``, the commonest case, needs no LaTeX parser
        return text.replace("{", "").replace("}", "")
    try:
        decoded = _latex_reader().latex_to_text(text)
    except Exception:  # a stray brace or backslash: leave the text as it was
        return text
    return decoded


_NOT_ONLY_BRACES = re.compile(r"[\\$%~&`]|--|''")


def _only_braces(text: str) -> bool:
    """Whether the only LaTeX in ``text`` is balanced braces around plain text (no
    macro, math, comment, tie, alignment, dash or quote ligature)."""
    if _NOT_ONLY_BRACES.search(text):
        return False
    depth = 0
    for character in text:
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@functools.cache
def _latex_reader():
    """One LaTeX-to-text converter for the process (building one is costly)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def strip_markup(text: str) -> str:
    """Remove HTML/JATS/MathML tags and decode entities (Crossref titles carry them)."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        import html  # only for text with an entity

        text = html.unescape(text)
    return text


def drop_invisible(text: str) -> str:
    """Remove control, zero-width, soft-hyphen and bidi-override characters."""
    return _CONTROL.sub(" ", _INVISIBLE.sub("", text))


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


TEXT_STEPS = (
    repair_mojibake,
    strip_markup,
    decode_latex,
    nfc,  # before reattaching: a composable accent (NFD "u\u0308") is not a detached one
    repair_detached_accents,
    drop_invisible,
    nfc,
    collapse_whitespace,
)


_ASCII_WORK = re.compile(r"[<&\\{}$`]|\s\s")


def clean_text(text: str) -> str:
    """Every text repair, in order."""
    if (
        text.isascii()
        and text.isprintable()
        and text == text.strip()
        and not _ASCII_WORK.search(text)
    ):
        return text  # plain ASCII: no step would change it
    for step in TEXT_STEPS:
        text = step(text)
    return text


def drop_trailing_period(text: str) -> str:
    """Titles carry no trailing period (an ellipsis or abbreviation-free dot only)."""
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def clean_title(text: str) -> str:
    """A title: every text repair, then no trailing period."""
    return drop_trailing_period(clean_text(text))


_FOLD_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "đ": "d", "ı": "i"}
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """Lower-case ASCII letters and digits, everything else one space:
    ``Pérez-García's`` → ``perez garcia s``."""
    if text.isascii():
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text).translate(_FOLD_SPECIAL)
    # Accents go; any other non-letter (a dash of any kind, a quote) separates words.
    spaced = _NOT_WORD.sub(" ", _COMBINING.sub("", decomposed))
    ascii_text = spaced.encode("ascii", "ignore").decode().lower()
    return _NOT_ALNUM.sub(" ", ascii_text).strip()


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``Pérez-García`` → ``perezgarcia``."""
    return fold_words(text).replace(" ", "")
