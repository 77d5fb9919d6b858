"""Clean text: drop page chrome, normalise whitespace, keep paragraphs, find the headline.

Chrome patterns live in ``tocsin/data/ingest/chrome_lines.txt`` (format documented there).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from importlib import resources

CHROME_FILE = "chrome_lines.txt"
MAX_CHROME_CHARS = 160  # longer lines are paragraphs, whatever they start with
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
HEAD_PARAGRAPHS = 4  # the headline may sit below a section label, kicker or byline

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_SENTENCE_END = re.compile(r"[.!?:;,…]['\"’”)\]]*$")


@lru_cache(maxsize=1)
def chrome_patterns() -> tuple[re.Pattern[str], ...]:
    """The chrome-line patterns, compiled once."""
    text = resources.files("tocsin.data").joinpath("ingest", CHROME_FILE).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(re.compile(line, re.IGNORECASE) for line in lines if line and not line.startswith("#"))


def is_chrome(line: str) -> bool:
    """True when a whole (trimmed) line is page furniture rather than article text."""
    if not line or len(line) > MAX_CHROME_CHARS:
        return False
    return any(pattern.fullmatch(line) for pattern in chrome_patterns())


def _normalise_line(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_INVISIBLE)).strip()


def _is_wrapped(previous: str, line: str) -> bool:
    """A hard-wrapped line: the one before stops mid-sentence and this one goes on in lower case."""
    return bool(previous) and not _SENTENCE_END.search(previous) and line[:1].islower()


def clean_text(text: str) -> str:
    """Drop chrome lines and normalise whitespace; paragraphs are separated by one blank line.

    Every non-empty line is a paragraph, except a hard-wrapped continuation line, which is
    joined to the line before it.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs: list[str] = []
    for raw in text.split("\n"):
        line = _normalise_line(raw)
        if not line or is_chrome(line):
            continue
        if paragraphs and _is_wrapped(paragraphs[-1], line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def headline(text: str) -> str | None:
    """The first paragraph when it reads as a headline: short, several words, no final punctuation."""
    first = text.split("\n\n", 1)[0]
    words = first.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(first) > MAX_TITLE_CHARS:
        return None
    if _SENTENCE_END.search(first) or not (first[0].isupper() or first[0].isdigit() or first[0] in "'\"‘“"):
        return None
    return first


def clean_title(title: str | None) -> str | None:
    """A title on one line with normalised whitespace, or None when nothing is left."""
    if not title:
        return None
    return " ".join(_normalise_line(line) for line in title.splitlines() if line.strip()) or None


def with_headline(text: str, title: str | None) -> str:
    """Make the headline the first paragraph.

    When the headline is already one of the first few paragraphs, the short lines above it
    (section labels, kickers) are dropped; otherwise it is prepended.
    """
    title = clean_title(title)
    if not title:
        return text
    paragraphs = text.split("\n\n") if text else []
    for index, paragraph in enumerate(paragraphs[:HEAD_PARAGRAPHS]):
        if paragraph == title:
            return "\n\n".join(paragraphs[index:])
        if len(paragraph) > MAX_TITLE_CHARS:
            break
    return "\n\n".join([title, *paragraphs])


def content_id(text: str) -> str:
    """The article id: sha1 of the clean text, first 16 hex digits."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
