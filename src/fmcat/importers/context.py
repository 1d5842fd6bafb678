"""What a list writes around a paper's title: authors, year, date and venue.

Lists put these everywhere: ``A, B, and C. 2003. Title. In Proceedings of ACL 2003``,
``Title *A, B et al.* FnTIR 2022``, ``Title by A et al., TPDS 2020``, ``(*NeurIPS'23*)
Title``, ``"Title", *arXiv, May 2026*``, ``**Title**(2000), A et al.``. The text beside
the title is cut into segments at brackets, sentence ends, emphasis and ``by``; each
segment is read as a date, a venue with its year, or an author list, whichever it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fmcat.normalize.authors import read_author_list
from fmcat.normalize.dates import (
    YEAR_DIGITS,
    find_date,
    month_number,
    month_year,
    two_digit_year,
)
from fmcat.normalize.venues import VenueTable

# Segment boundaries: brackets, bars, a sentence end (not an initial such as "E. "),
# spaced dashes, "by", and "In" before a venue.
_CUT = re.compile(
    r"[\[\](){}|“”\"*_\x01\x04]|(?<![\s.\-][A-Z])(?<!^[A-Z])(?<!\bet al)\.(?=\s|$)|\s[-–—:]\s|"
    r"^\s*In\s|\.\s+In\s|(?<=\bet al\.)(?=,|\s+[A-Z(\d])|(?<=\bet al)(?=,)|"
    r"\b(?i:published|accepted|appeared|presented)\s+(?i:in|at|by|to)\s+|"
    r"^\s*(?i:publisher|venue|conference|journal|published (?:in|at|by)|booktitle|source)\s*:\s*"
)
# Marks glued to a name: equal contribution, affiliation ("Hu*,", "Karpukhin^ et al.").
_NAME_MARKS = re.compile(r"(?<=[^\W\d_])(?:[*∗†‡§¶⋆✉^]+|\^\d+)(?=\s*(?:,|;|&|\band\b|et\b|$))")
# A labelled note line that is not about where the paper appeared ("Key: DT", "ExpEnv:").
_PUBLISHED_IN = re.compile(
    r"\b(?i:published|appeared)\s+(?i:in|at)\s+(?P<venue>[A-Z][^().;|\x02\x03]{1,80}?)"
    r"(?:\s*\(?(?P<year>" + YEAR_DIGITS + r")\)?)?\s*(?=$|[.;|(\x02\x03]|\s*\()"
)
_ENDS_IN_INITIAL = re.compile(r"(?:^|[\s.,])[A-Z\u00c0-\u00de]\.$")
_NOTE_LINE = re.compile(
    r"^\s*(?!(?i:publisher|venue|conference|journal|published|booktitle|source)\b)"
    r"[A-Za-z][A-Za-z /-]{0,20}:\s"
)


def is_note_line(text: str) -> bool:
    """A labelled line under an entry that is not where it appeared: ``Key: DT``."""
    return bool(_NOTE_LINE.match(text))


_YEAR = re.compile(r"(?<![\d.])(" + YEAR_DIGITS + r")(?![\d])")
_BYLINE = re.compile(r"\bby\s+([^|\x02\x03]+)")
_BY = re.compile(r"\bby\s+")
_LONE_YEAR = re.compile(r"(?:^|[\s,(])(" + YEAR_DIGITS + r")(?=$|[\s,)@])")
_VENUE_YEAR = re.compile(
    r"^(?P<venue>[A-Za-z](?:[\w&.\-/+@ ]|:(?=\s)){0,80}?)[\s,]*"
    r"(?:['’‘`]\s?(?P<yy>\d{2})(?P<mm>\d{2})?|(?P<year>(?:19|20)\d\d)|(?<=[A-Z])\s+(?P<yy2>\d{2}))(?:\s*[\s.,/-]\s*(?P<month>\d{1,2}))?$"
)
# A venue's acronym alone: TOIS, OOPSLA, ICSE, ACM TACO, SEAMS@ICSE (only beside a title
# that has one, never proof of a paper).
ACRONYM = re.compile(r"^(?:(?:ACM|IEEE)\s+)?[A-Z][A-Za-z]*[A-Z][A-Za-z&@\-]*$")
_LABEL = re.compile(
    r"^(?:paper|pdf|code|github|project|page|website|arxiv link|link|slides?|video|"
    r"blog|demo|homepage|bib|bibtex|citation|poster|dataset|data|model|oral|spotlight|"
    r"highlight|best paper|survey|review|new|hot|official|star|stars)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\-\u00c0-\u024f.]*")
# Words of venues and institutions, never of a person's name; and all-capital words of
# three letters or more (IEEE, ACM, SIGIR).
_NOT_NAME = re.compile(
    r"\b(?:(?i:transactions?|journal|conference|proceedings|international|workshops?|"
    r"symposium|letters|review|society|association|university|institute|labs?|research|"
    r"security|systems|computing|science|engineering|learning|intelligence|vision|"
    r"language|processing|networks?|recognition|robotics|preprint|arxiv|agents?|models?|"
    r"workflows?|tasks?|methods?|analysis|survey|benchmarks?|datasets?|tools?|"
    r"applications?|foundation|medical|clinical|imaging|segmentation|detection|generation|"
    r"reasoning|retrieval|multimodal|team|practitioner|specialist|radiologist|assistant|"
    r"director|investigator|writer|scout|coordinates|biology|cell|published)|[A-Z]{3,})\b"
)
_INITIALS = re.compile(r"[A-Z\u00c0-\u00de]\.?(?:[A-Z\u00c0-\u00de]\.?)*")
_NAME_WORD = re.compile(r"^(?:[A-Z\u00c0-\u024f][\w'’.\-\u2010\u2011\u00c0-\u024f]*|[a-z]{1,3})$")


@dataclass
class Context:
    """What the text beside a title said."""

    authors: list[str] = field(default_factory=list)
    truncated: bool = False
    year: int | None = None
    date: object | None = None  # datetime.date
    month: int | None = None
    venue: str | None = None
    venue_year: bool = False  # the year is the venue's (it beats a date's year)
    weak_venue: bool = False  # only emphasis or a word said so: no proof of a paper
    acronyms: bool = True  # whether a bare acronym (TOIS) may be read as a venue
    people: bool = True  # whether names may be read as authors (not in a venue tag)


def segments(text: str) -> list[str]:
    """The pieces of ``text`` between boundaries, stripped of edge punctuation."""
    out = []
    text = _VANCOUVER_END.sub(r"\1 | ", _NAME_MARKS.sub("", text))
    for part in _CUT.split(text):
        stripped = part.strip(" \t,;:.·•-–—\\/~!?'`’")
        if _ENDS_IN_INITIAL.search(part.rstrip(" \t,;")):
            stripped += "."  # "Keane, M. T." keeps the period of its last initial
        if stripped:
            out.append(stripped)
    return out


def read_context(
    texts: list[str], venues: VenueTable, *, acronyms: bool = True, people: bool = True
) -> Context:
    """Authors, year, date and venue from the texts beside a title, the first of each
    that is found winning."""
    found = Context(acronyms=acronyms, people=people)
    emphasised: list[str] = []
    for text in texts:
        emphasised += [match[1] for match in _STANDALONE_EMPHASIS.finditer(text)]
        text = EMPHASIS.sub(lambda match: f" | {match[1]} | ", text)
        # Full dates first: their periods and commas ("Apr. 07, 2023") would cut them.
        while (written := find_date(text)) is not None:
            date, start, end = written
            if date is not None:
                found.date = found.date or date
                found.year = found.year or date.year
            text = text[:start] + " | " + text[end:]
        published = _PUBLISHED_IN.search(text)  # "Published in Nature Medicine (2025)."
        if published and found.venue is None:
            found.venue = _venue_name(published["venue"].strip(), venues)
            found.year = found.year or (int(published["year"]) if published["year"] else None)
            found.venue_year = found.venue_year or bool(published["year"])
            text = text[: published.start()] + " | " + text[published.end() :]
        for byline in _BYLINE.findall(text):  # "by Ari Rasch, TOPLAS 2024"
            for segment in segments(byline)[:1]:
                _read_segment(segment, found, venues, bylined=True)
        pieces = segments(_BY.sub("\x01", text))
        for index, segment in enumerate(pieces):
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            if (
                not found.authors
                and re.fullmatch(YEAR_DIGITS, following)
                and looks_like_name(segment)
            ):
                found.authors = [segment]  # "Philipp Koehn. 2017."
                continue
            _read_segment(segment, found, venues)
    if not found.authors:  # "**Title**. *Yoav Goldberg*. Technical Report."
        names = [span for span in emphasised if looks_like_name(span) and not venues.match(span)]
        if names:
            found.authors, found.truncated = read_author_list(names[0])
    if found.venue is None:  # "*Computational Linguistics*": an emphasised name is a venue
        for span in emphasised:
            venue = _emphasised_venue(span, venues)
            if venue:
                found.venue, found.weak_venue = venue, True
                break
    return found


EMPHASIS = re.compile("\x02([^\x02\x03]*)\x03")  # how _beside marks emphasised text
# Emphasis that stands as a field of its own, not a phrase inside a sentence.
_STANDALONE_EMPHASIS = re.compile(
    "(?:^|[.,;|(\\[]\\s*)\x02([^\x02\x03]*)\x03(?=\\s*(?:$|[.,;|)\\]]))"
)
_PUBLICATION_KINDS = re.compile(
    r"^(?:preprint|arxiv(?: preprint)?|technical report|tech(?:nical)? rep(?:ort)?\.?|"
    r"white ?paper|(?:ph\.?d\.?|master'?s|bachelor'?s) (?:thesis|dissertation)|thesis)$",
    re.IGNORECASE,
)


def _emphasised_venue(span: str, venues: VenueTable) -> str | None:
    text = re.sub(r"^\s*in\s+", "", span.strip(" .,;:()"), flags=re.IGNORECASE)
    if re.match(r"^arxiv\b", text, re.IGNORECASE):
        return "arXiv"
    probe = Context()
    if _take_venue(text, probe, venues):
        return probe.venue
    words = text.split()
    if not 1 <= len(words) <= 10 or _LABEL.match(text) or looks_like_authors(text):
        return None
    if _YEAR.search(text) or not text[0].isupper():
        return None
    return text


def _read_segment(segment: str, found: Context, venues: VenueTable, bylined: bool = False) -> None:
    if _LABEL.match(segment):
        return
    if _take_year_or_month(segment, found):
        return
    reference = _ARXIV_REFERENCE.match(segment)
    if reference:  # "arXiv:2106.07139 2021", "arXiv preprint arXiv:2011.02284"
        if found.venue is None or found.weak_venue:
            found.venue, found.weak_venue = "arXiv", False
        year = _YEAR.search(segment[reference.end() :])
        found.year = found.year or (int(year[1]) if year else None)
        return
    trailing = _TRAILING_YEAR.search(segment) if found.people else None
    if trailing and trailing.start() > 0 and looks_like_authors(segment[: trailing.start()]):
        if not found.authors:  # "Oh, I.S. and Moon, B.R., 2004"
            found.authors, found.truncated = read_author_list(segment[: trailing.start()])
        found.year = found.year or int(trailing[1])
        return
    if _take_venue(segment, found, venues):
        return
    acronym = found.acronyms and ACRONYM.match(segment) and 2 <= len(segment) <= 16
    if found.venue is None and acronym:
        found.venue, found.weak_venue = segment, True
        return
    if found.venue is None and _PUBLICATION_KINDS.match(segment):
        found.venue = "arXiv" if segment.lower().startswith("arxiv") else segment
        found.weak_venue = True
        return
    year = _LONE_YEAR.search(segment)  # "2018 @ Google Brain"
    if year and found.year is None and not looks_like_authors(segment):
        found.year = int(year[1])
    if found.people and not found.authors and looks_like_authors(segment):
        found.authors, found.truncated = read_author_list(segment)
        return
    if "," in segment:  # "A, B et al., TPDS 2020" / "arXiv, May 2026"
        parts = [part.strip() for part in segment.split(",") if part.strip()]
        names = _leading_names(parts, bylined)
        if names and not found.authors:
            found.authors, found.truncated = read_author_list(", ".join(parts[:names]))
        else:
            names = 0
        if len(parts) > 1:
            for part in parts[names:]:
                _read_segment(part, found, venues)
        return
    if bylined and not found.authors and looks_like_authors(f"{segment} et al."):
        found.authors, found.truncated = read_author_list(segment)  # "by Ari Rasch"


def _leading_names(parts: list[str], bylined: bool) -> int:
    """How many of the comma-separated ``parts`` are names before the rest (a venue, a
    year): they must end in "et al.", be two or more, or follow "by"."""
    count = 0
    for part in parts:
        bare = re.sub(r"\s*et\.?\s*al\.?$", "", part)
        if not looks_like_authors(f"{bare} et al."):
            break
        count += 1
        if bare != part:
            return count  # "et al." closes the list
    if count and count < len(parts) and (count >= 2 or bylined):
        return count
    return 0


def _take_year_or_month(segment: str, found: Context) -> bool:
    """A bare year, ``2023.05``, ``202405``, ``May 2024``, ``'23``."""
    stamp = month_year(segment)
    if stamp is not None:
        year, month = stamp
        found.year = found.year or year
        found.month = found.month or month
        return True
    if re.fullmatch(r"(?:19|20)\d\d", segment):
        found.year = found.year or int(segment)
        return True
    return False


_ARXIV_REFERENCE = re.compile(r"^arxiv(?: preprint)?(?: arxiv)?\s*:?\s*\d{4}\.\d{4,5}", re.I)
_ARXIV_YYMM = re.compile(r"^arxiv\s+((?:[01]\d|2[1-9])(?:0[1-9]|1[0-2]))$", re.IGNORECASE)


def _take_venue(segment: str, found: Context, venues: VenueTable) -> bool:
    """``CVPR 2023``, ``NeurIPS'23``, ``arXiv'2401``, ``Proceedings of ACL 2008``, or a
    venue the table knows, alone."""
    segment = _ARXIV_YYMM.sub(r"arXiv'\1", segment)  # "arXiv 2311": November 2023
    match = _VENUE_YEAR.match(segment)
    if match and _venue_words(match["venue"].strip(" ,.:'")):
        venue = match["venue"].strip(" ,.:'")
        digits = match["yy"] or match["yy2"]
        year = int(match["year"]) if match["year"] else two_digit_year(digits)
        month = int(match["mm"] or match["month"] or 0)
        if 1 <= month <= 12 and found.month is None and found.year in (None, year):
            found.month = month  # "arXiv'2401", "arXiv 2023.08"
        if found.weak_venue:  # a guess gives way to a venue with its year
            found.venue, found.weak_venue = None, False
        if found.venue is None:
            found.venue = _venue_name(venue, venues)
            if not found.venue_year:
                found.year, found.venue_year = year, True
        found.year = found.year or year
        return True
    known = venues.match(segment)
    if known is not None and len(segment.split()) <= 8:
        found.venue = found.venue or known.name
        year = _YEAR.search(segment)  # "IJCAI, Aug 2024"
        found.year = found.year or (int(year[1]) if year else None)
        for part in segment.split(","):
            stamp = month_year(part)
            if stamp is not None and stamp[0] == found.year:
                found.month = found.month or stamp[1]
        return True
    return False


def _venue_words(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 10 or _LABEL.match(text.strip()):
        return False
    if text.strip().lower().startswith("arxiv") or words[0][0].isupper():
        return True
    # "npj Digital Medicine", "eLife": a lower-case brand, not "in 2023" or "with 2"
    return words[0].lower() not in _LEADING_WORDS and any(c.isupper() for c in text)


_LEADING_WORDS = frozenset(
    "in on at the and by for with from of to a an accepted published appeared".split()
)


def _venue_name(raw: str, venues: VenueTable) -> str:
    raw = _PAGES.sub("", raw)
    known = venues.match(raw)
    if known is not None:
        return known.name
    return re.sub(r"^(?:in\s+)", "", raw, flags=re.I).strip()


_PAGES = re.compile(r"\s*\(?\bpp?\.?\s*\d+\s*[-–]+\s*\d+\)?")  # "(pp 3056-3062)"


# Initials after a surname, as PubMed writes them: "Ong JCL", "Troyanskaya O G".
_VANCOUVER_INITIALS = re.compile(
    r"(?<=[a-z\u00df-\u024f'’]) (?:[A-Z]{1,3}|[A-Z](?: [A-Z]){1,2})\b(?!\.\w)"
)
# The end of such a list before the journal: "Zhou J, Troyanskaya O G. Nature methods".
_VANCOUVER_END = re.compile(
    r"((?:\b[A-Z][\w'’\-\u2010]+ (?:[A-Z]{1,3}|[A-Z](?: [A-Z]){1,2}), )+"
    r"[A-Z][\w'’\-\u2010]+ (?:[A-Z]{1,3}|[A-Z](?: [A-Z]){1,2}))\.\s+(?://\s*)?(?=[A-Z])"
)


def looks_like_authors(segment: str) -> bool:
    """``A. Name, B. Other and C. Third``, or one name followed by "et al."."""
    if re.search(r"et\.?\s*al\.?\s*[,;]?\s*\w", segment):  # "A et al., TPDS": more after it
        return False
    names, truncated = read_author_list(segment)
    if not names:
        return False
    bare = re.sub(r"et\.?\s*al\.?", "", segment)
    parts = [part for part in re.split(r",|;|\band\b|&", bare) if part.strip()]
    if len(parts) < 2 and not truncated:
        return False
    single = [part.strip() for part in parts if len(part.split()) == 1]
    if not truncated and len(single) == len(parts) and not any(map(_INITIALS.fullmatch, single)):
        return False  # "NeurIPS, Sep": names have given names unless cut by "et al."
    if _NOT_NAME.search(_VANCOUVER_INITIALS.sub("", bare)):
        return False  # "IEEE Transactions on ...", "Proceedings of ...", "ACM SIGIR"
    lower_case = 0  # "Donglin wang" among other names
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 5:
            return False
        surname = words[-1]
        capitalised = len(words) >= 2 and words[0][0].isupper()
        if len(parts) >= 3 and capitalised and surname.islower() and surname.isalpha():
            lower_case += 1
            words = words[:-1]
        if len(words) == 1 and len(words[0]) >= 3 and words[0].isalpha() and words[0].isupper():
            return False  # an acronym (TPDS, MLSys's kin), not a name
        if not all(_NAME_WORD.match(word) or _INITIALS.fullmatch(word) for word in words):
            return False
        if not any(word[0].isupper() for word in words):
            return False
    return lower_case <= 1 and not _YEAR.search(segment)


# Words of labels, organisations and titles that two capitalised words can still be.
_NOT_PERSON = frozenset(
    "page code project report paper survey tutorial github official implementation website "
    "demo google microsoft facebook meta openai deepmind nvidia amazon apple baidu alibaba "
    "tencent huawei available online version open source new best award track main "
    "findings poster oral spotlight model models dataset benchmark toolkit library "
    "framework the of for and on in with nature cell science medicine biology genetics "
    "reviews physics chemistry health digital medical clinical radiology communications "
    "reports methods".split()
)


def looks_like_name(text: str) -> bool:
    """One person's name written alone: ``Yoav Goldberg``, ``M. Caner Tol``,
    ``Daniel Ortiz-Martínez`` (two to four name words, none a label's or an
    organisation's)."""
    text = text.strip(" .,;")
    words = text.split()
    if not 2 <= len(words) <= 5 or _NOT_NAME.search(text) or _LABEL.match(text):
        return False
    if any(word.lower().strip(".") in _NOT_PERSON for word in words):
        return False
    if month_year(text) is not None or re.search(r"\d", text):
        return False
    if not (words[0][0].isupper() and words[-1][0].isupper()):
        return False
    return all(_NAME_WORD.match(word) or _INITIALS.fullmatch(word) for word in words)


# A sentence end in a citation: a period after a word of two letters or more (not an
# initial such as "E." or "J.S."), a question or exclamation mark.
_SENTENCE = re.compile(r"(?<=[a-z0-9\u00df-\u024f)\]}\"'”’]{2})[.?!](?=\s+|$)|(?<=[?!])(?=\s)")
_LEADING_YEAR = re.compile(r"^\(?(" + YEAR_DIGITS + r")[a-z]?\)?[.,]?\s*")
_TRAILING_YEAR = re.compile(
    r"[,.]?\s*\(?(" + YEAR_DIGITS + r")[a-z]?(?:,\s*([A-Za-z]+)\.?(?:\s+\d{1,2})?)?\)?\s*$"
)


@dataclass
class Citation:
    title: str
    context: Context


def read_citation(text: str, venues: VenueTable) -> Citation | None:
    """A reference written as sentences: ``Authors (2023). Title. Venue, 45(1), 1–9.``,
    ``A, B, and C. 2003. Title. In Proceedings of ACL.``, ``Surname A, Surname B. Title.
    Journal. 2023.``: its title, and its authors, year and venue. None when the text is
    not one (the first sentence must be an author list)."""
    sentences = _sentences(text)
    if len(sentences) < 2:
        return None
    head = sentences[0]
    year = None
    trailing = _TRAILING_YEAR.search(head)
    month = None
    if trailing and trailing.start() > 0:
        year = int(trailing[1])
        month = month_number(trailing[2] or "")  # "(2020, July)"
        head = head[: trailing.start()]
    if not looks_like_authors(head):
        return None
    found = Context(year=year, month=month)
    found.authors, found.truncated = read_author_list(head)
    rest = sentences[1:]
    if found.year is None and rest:
        leading = _LEADING_YEAR.match(rest[0])
        if leading and not rest[0][leading.end() :].strip():
            found.year = int(leading[1])
            rest = rest[1:]
    if not rest:
        return None
    title = rest[0].strip()
    if len(title.split()) < 2:
        return None
    tail = " ".join(rest[1:])
    venue_text = re.split(r",\s*\d|\(\d|,\s*pp?\.|\bvol\b", tail, maxsplit=1)[0]
    venue_text = re.sub(r"^\s*In\s+", "", venue_text).strip(" .,;")
    if found.year is None:
        year = _YEAR.search(tail)
        found.year = int(year[1]) if year else None
    if venue_text and 1 <= len(venue_text.split()) <= 12:
        probe = Context()
        if _take_venue(venue_text, probe, venues):
            found.venue = probe.venue
            found.year = found.year or probe.year
        elif venue_text[0].isupper():
            found.venue = venue_text
    return Citation(title, found)


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for match in _SENTENCE.finditer(text):
        end = match.end()
        piece = text[start:end].strip()
        if piece:
            out.append(piece.rstrip("."))
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail.rstrip("."))
    return [piece.strip() for piece in out if piece.strip(" .")]
