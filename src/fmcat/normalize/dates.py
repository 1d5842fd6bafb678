"""Dates and years as lists and BibTeX write them: the month names, the year pattern,
full dates, month-and-year stamps and two-digit years, read in one place."""

from __future__ import annotations

import datetime as dt
import re

from fmcat.model import MONTH_NAMES

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_MONTH_NUMBERS |= {name[:3].lower(): number for name, number in _MONTH_NUMBERS.items()}
_MONTH_NUMBERS |= {"sept": 9, "fed": 2}  # "Fed." is a common slip for February
_MONTH = "(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"

# Years fmcat reads in running text: 1900 to 2099.
YEAR_DIGITS = r"(?:19|20)\d\d"
YEAR = re.compile(r"(?<!\d)(" + YEAR_DIGITS + r")(?!\d)")
_DATE_MDY = re.compile(
    r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(" + YEAR_DIGITS + r")\b", re.IGNORECASE
)
_DATE_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(" + YEAR_DIGITS + r")\b", re.IGNORECASE
)
_DATE_ISO = re.compile(r"\b(" + YEAR_DIGITS + r")[-./](\d\d)[-./](\d\d)\b")
_MONTH_YEAR = re.compile(r"^" + _MONTH + r",?\s+(" + YEAR_DIGITS + r")$", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"^(" + YEAR_DIGITS + r")(?:[./\-\s]?)(0[1-9]|1[0-2])$")


def month_number(name: str) -> int | None:
    """``Jan``, ``January``, ``jan.``, ``Sept`` → their month; None for anything else."""
    return _MONTH_NUMBERS.get(name.strip().rstrip(".").lower())


def parse_date(raw: str) -> dt.date | None:
    """A full date anywhere in ``raw``: ``Apr. 12, 2023``, ``9th Jan., 2023``,
    ``24 May 2024``, ``2023-04-12``, ``2023.04.12``; None when there is none."""
    found = find_date(raw)
    return found[0] if found else None


def find_date(raw: str) -> tuple[dt.date | None, int, int] | None:
    """The first full date written in ``raw`` (None if it is no real day, such as
    ``Feb 30``) and where it stands; None when none is written."""
    for pattern, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy")):
        match = pattern.search(raw)
        if match:
            if order == "mdy":
                month, day, year = _MONTH_NUMBERS[match[1].lower()], int(match[2]), int(match[3])
            else:
                day, month, year = int(match[1]), _MONTH_NUMBERS[match[2].lower()], int(match[3])
            return _date(year, month, day), match.start(), match.end()
    match = _DATE_ISO.search(raw)
    if match:
        return _date(int(match[1]), int(match[2]), int(match[3])), match.start(), match.end()
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_year(raw: str) -> tuple[int, int] | None:
    """(year, month) from a stamp that is nothing else: ``May 2024``, ``Aug, 2024``,
    ``2024.05``, ``2024-05``, ``202405``."""
    text = raw.strip()
    match = _MONTH_YEAR.match(text)
    if match:
        return int(match[2]), _MONTH_NUMBERS[match[1].lower()]
    match = _YEAR_MONTH.match(text)
    if match:
        return int(match[1]), int(match[2])
    return None


def two_digit_year(digits: str) -> int:
    """``'23`` → 2023, ``'98`` → 1998 (lists use two digits for this century and the
    last decades of the previous one)."""
    value = int(digits)
    return 2000 + value if value < 70 else 1900 + value
