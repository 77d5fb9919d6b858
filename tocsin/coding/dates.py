"""Dates: explicit and relative expressions resolved against the publication date.

``explicit``: a calendar date written out (an ISO date, "6 May 2020", "in April" with the year
taken from the publication date); ``relative``: a deictic one ("Friday night", "last week",
"more than 20 years ago", "at that time"); ``publication``: no date in the clause.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
_PREC = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "year"}
_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "a": 1, "an": 1, "twenty": 20, "thirty": 30, "several": 3, "few": 3}

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("dmy", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?,?\s+(\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)),
    ("dm", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\b", re.I)),
    ("md", re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", re.I)),
    ("my", re.compile(rf"\b(?:in\s+)?({_MON})\s+(\d{{4}})\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|early|late|mid-?|last)\s+({_MON})\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during)\s+((?:19|20)\d{2})\b", re.I)),
    ("ago", re.compile(r"\b(?:(more than|over|nearly|almost|about|some)\s+)?(\d+|one|two|three|four|five|six|seven|"
                       r"eight|nine|ten|twenty|thirty|a|an|several|few)\s+(day|week|month|year|decade)s?\s+ago\b", re.I)),
    ("span", re.compile(r"\b(?:in|for)\s+(?:(more than|over|nearly|almost|about|some)\s+)?(\d+|two|three|four|five|"
                        r"six|seven|eight|nine|ten|twenty|thirty)\s+(year|decade)s\b", re.I)),
    ("deictic", re.compile(r"\b(today|tonight|this morning|this afternoon|this evening|yesterday|last night|"
                           r"overnight|the day before|earlier today|last (?:week|month|year)|this (?:week|month|year)|"
                           r"at that time|at the time|back then)\b", re.I)),
    ("weekday", re.compile(r"\b(?:(last|next|this|on|late|early)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
                           r"sunday)\b", re.I)),
]


_DIGIT = re.compile(r"\d")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # of every name
# What a pattern cannot match without (checked first: most sentences hold no date): a digit, and words of
# which the lower-cased text must hold one ("friday" holds "day"). Patterns not listed are always tried.
_NEEDS: dict[str, tuple] = {kind: (_DIGIT,) for kind in ("iso", "year")}
_NEEDS.update({kind: (_DIGIT, _MONTH_STEMS) for kind in ("dmy", "mdy", "dm", "md", "my")})
_NEEDS.update({"month": (_MONTH_STEMS,), "ago": (("ago",),), "span": (("year", "decade"),), "weekday": (("day",),),
               "deictic": (("today", "tonight", "this", "yesterday", "last", "overnight", "day before", "at th",
                            "back then"),)})
# Letters re.IGNORECASE matches to an ASCII letter that str.lower() does not lower to it.
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _lower(text: str) -> str:
    """The text lower-cased for ``_may_match``: holding every word a pattern matches in it."""
    return (text.translate(_TO_ASCII) if _ODD_CASE.search(text) else text).lower()


def _may_match(kind: str, lower: str, digit: bool) -> bool:
    for need in _NEEDS.get(kind, ()):
        if not (digit if need is _DIGIT else any(word in lower for word in need)):
            return False
    return True


@dataclass
class DateHit:
    date: str
    precision: str
    basis: str
    text: str
    start: int  # char offsets in the article
    end: int


def _iso(d: date) -> str:
    return d.isoformat()


def _month_date(month: int, pub: date) -> date:
    """A month named without a year: the latest one not after the publication date."""
    year = pub.year if month <= pub.month else pub.year - 1
    return date(year, month, 1)


def _resolve(kind: str, m: re.Match, pub: date, previous: DateHit | None) -> tuple[date, str, str] | None:
    g = m.groups()
    try:
        if kind == "iso":
            return date(int(g[0]), int(g[1]), int(g[2])), "day", "explicit"
        if kind == "dmy":
            return date(int(g[2]), MONTHS[g[1].lower()], int(g[0])), "day", "explicit"
        if kind == "mdy":
            return date(int(g[2]), MONTHS[g[0].lower()], int(g[1])), "day", "explicit"
        if kind in {"dm", "md"}:
            day, month = (g[0], g[1]) if kind == "dm" else (g[1], g[0])
            month_i = MONTHS[month.lower()]
            year = pub.year if (month_i, int(day)) <= (pub.month, pub.day) else pub.year - 1
            return date(year, month_i, int(day)), "day", "explicit"
        if kind == "my":
            return date(int(g[1]), MONTHS[g[0].lower()], 1), "month", "explicit"
        if kind == "month":
            return _month_date(MONTHS[g[0].lower()], pub), "month", "explicit"
        if kind == "year":
            return date(int(g[0]), 1, 1), "year", "explicit"
    except ValueError:
        return None
    if kind in {"ago", "span"}:
        n = int(g[1]) if g[1].isdigit() else _NUMS.get(g[1].lower(), 1)
        unit = g[2].lower()
        # a "span" ("the worst in 20 years") is kept only for a later "at that time" to point back to
        return pub - timedelta(days=n * _UNITS[unit]), _PREC[unit], "relative"
    if kind == "deictic":
        w = g[0].lower()
        if w in {"today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "overnight"}:
            return pub, "day", "relative"
        if w in {"yesterday", "last night", "the day before"}:
            return pub - timedelta(days=1), "day", "relative"
        if w.startswith("last ") or w.startswith("this "):
            unit = w.split()[1]
            delta = {"week": 7, "month": 30, "year": 365}[unit] if w.startswith("last") else 0
            return pub - timedelta(days=delta), unit, "relative"
        if previous is not None:  # "at that time": the last time the article named
            return date.fromisoformat(previous.date), previous.precision, "relative"
        return None
    if kind == "weekday":
        which = (g[0] or "").lower()
        wd = WEEKDAYS[g[1].lower()]
        diff = (pub.weekday() - wd) % 7
        if which == "last" and diff == 0:
            diff = 7
        if which == "next":
            return pub + timedelta(days=(wd - pub.weekday()) % 7 or 7), "day", "relative"
        return pub - timedelta(days=diff), "day", "relative"
    return None


def find_dates(sent: Span, published: str | None, previous: DateHit | None = None, *,
               text: str | None = None) -> list[DateHit]:
    """Every date expression in a sentence, resolved (offsets are into the article; ``text``:
    ``sent.text``, where the caller has it already)."""
    if not published:
        return []
    pub = date.fromisoformat(published)
    text = sent.text if text is None else text
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    lower, digit = _lower(text), _DIGIT.search(text) is not None
    for kind, pattern in PATTERNS:
        if not _may_match(kind, lower, digit):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m, pub, previous)
            if resolved is None:
                continue
            day, precision, basis = resolved
            if kind in {"dm", "md", "iso", "dmy", "mdy"} and day > pub + timedelta(days=1):
                continue  # a future date: an announcement, not when it happened
            taken.append((m.start(), m.end()))
            hit = DateHit(_iso(day), precision, basis, m.group(0), sent.start_char + m.start(), sent.start_char + m.end())
            hits.append(hit)
            if kind == "span":
                hit.basis = "span"  # marks a duration; used only by "at that time"
    return sorted(hits, key=lambda h: h.start)


def clause_head(tok: Token) -> Token:
    """The verb of the clause a token belongs to (itself if it is one)."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in {"VERB", "AUX"} and cur.dep_ != "amod" or cur.head is cur:
            return cur
        cur = cur.head
    return cur


def date_for(trigger: Token, hits: list[DateHit]) -> DateHit | None:
    """The date expression of the trigger's own clause, if any."""
    if not hits:
        return None
    doc = trigger.doc
    head = clause_head(trigger)
    heads = [head]
    while heads[-1].dep_ in {"advcl", "xcomp", "acl", "pcomp", "conj"} and len(heads) < 3:
        heads.append(clause_head(heads[-1].head))  # a purpose clause shares its governor's time
    for level in heads:
        found = _date_in_clause(trigger, level, hits)
        if found is not None:
            return found
    return None


def _date_in_clause(trigger: Token, head: Token, hits: list[DateHit]) -> DateHit | None:
    doc = trigger.doc
    best = None
    for hit in hits:
        if hit.basis == "span":
            continue
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            continue
        anchor = clause_head(span.root)
        if anchor == head or anchor == trigger or span.root.head == trigger:
            best = best or hit
    return best
