"""Publication dates: normalise found dates to ISO YYYY-MM-DD and read a dateline in the text."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ISO = re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)")
# "March 3, 2025", "3 March 2025", "2025-03-03" — the forms datelines and bylines use
_TEXT_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_ISO.pattern}\b"),
)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def normalise_date(value: object) -> str | None:
    """An ISO date from a string (ISO, RFC 2822, or written out), a datetime, or a time.struct_time."""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    iso = _ISO.match(value)
    if iso:
        return _valid(int(iso["year"]), int(iso["month"]), int(iso["day"]))
    try:
        return parsedate_to_datetime(value).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        return find_date(value)


def _date_match(text: str) -> tuple[str, re.Match[str]] | None:
    for pattern in _TEXT_DATES:
        found = pattern.search(text)
        if found:
            month = found["month"].lower().rstrip(".")
            number = int(month) if month.isdigit() else MONTHS[month]
            iso = _valid(int(found["year"]), number, int(found["day"]))
            if iso:
                return iso, found
    return None


def find_date(text: str) -> str | None:
    """The first full written-out or ISO date in a short string."""
    found = _date_match(text)
    return found[0] if found else None


_DATELINE_TAIL = re.compile(r"\s*(\([^)]{1,40}\)\s*)?[-—–:]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Words a date line carries besides the date, not counted as "other words"
_DATE_LINE_WORDS = frozenset(
    "published updated posted last on at am pm gmt utc bst cet eat wat ist pst est edt "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
DATELINE_PARAGRAPHS = 3  # a dateline sits at the top: headline, byline, first paragraph
DATELINE_LEAD = 60       # characters a place name may take before the date
BYLINE_CHARS = 100       # a date line or byline is at most this long
BYLINE_WORDS = 5         # ... and has at most this many other words ("By Jane Doe")
HEADLINE_WORDS = 2       # the first paragraph may be a headline: allow fewer


def _is_date_line(paragraph: str, match: re.Match[str], max_words: int) -> bool:
    """A short line that is mostly a date ("Published: Monday, 3 March 2025"), not a sentence."""
    if len(paragraph) > BYLINE_CHARS or paragraph.rstrip().endswith("."):
        return False
    rest = paragraph[: match.start()] + " " + paragraph[match.end():]
    return sum(word.lower() not in _DATE_LINE_WORDS for word in _WORD.findall(rest)) <= max_words


def _is_dateline(paragraph: str, match: re.Match[str]) -> bool:
    """A date near the start of a paragraph and followed by a dash: "LAGOS, March 3, 2025 (Wire) -"."""
    return match.start() <= DATELINE_LEAD and bool(_DATELINE_TAIL.match(paragraph, match.end()))


def dateline_date(text: str) -> str | None:
    """A publication date from a dateline, byline or date line in the first paragraphs.

    A date inside a sentence is an event date, not a publication date, and is left alone.
    """
    for index, paragraph in enumerate(text.split("\n\n")[:DATELINE_PARAGRAPHS]):
        found = _date_match(paragraph[: DATELINE_LEAD + 40])
        if not found:
            continue
        iso, match = found
        other_words = HEADLINE_WORDS if index == 0 else BYLINE_WORDS
        if _is_dateline(paragraph, match) or _is_date_line(paragraph, match, other_words):
            return iso
    return None
