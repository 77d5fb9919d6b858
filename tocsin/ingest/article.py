"""Build one Article from text: clean, headline, id, date, language, and the checks that reject it."""

from __future__ import annotations

import re

from tocsin.config import Config, load_config
from tocsin.errors import InputRejected
from tocsin.ingest.clean import clean_text, clean_title, content_id, headline, with_headline
from tocsin.ingest.dates import dateline_date, normalise_date
from tocsin.ingest.language import check_language
from tocsin.model import Article

BASIS_FLAG = "given by --published"
BASIS_DATELINE = "dateline in text"
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01  # more control characters than this means the "text" is binary


def looks_binary_text(text: str) -> bool:
    """NUL bytes or many control characters: decoded binary rather than prose."""
    sample = text[:8192]
    return "\x00" in sample or len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * max(len(sample), 1)


def parse_published(value: str) -> str:
    """A caller-given publication date as YYYY-MM-DD; raises T212 when it is not a date."""
    iso = normalise_date(value)
    if iso is None:
        raise InputRejected(f"publication date {value!r} is not a valid date",
                            fix="give it as YYYY-MM-DD, e.g. --published 2025-03-14", code="T212")
    return iso


def _publication(published: str | None, basis: str | None, text: str) -> tuple[str | None, str | None]:
    if published is not None:
        return parse_published(published), basis or BASIS_FLAG
    found = dateline_date(text)
    return found, BASIS_DATELINE if found else None


def article_from_text(
    text: str,
    *,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    origin: str | None = None,
    config: Config | None = None,
    published_basis: str | None = None,
) -> Article:
    """Clean ``text`` and make it an Article, or raise InputRejected (T201, T202, T206, T212).

    ``published`` (any common date form; stored as YYYY-MM-DD) wins over a dateline in the
    text; ``published_basis`` says where it came from (default: "given by --published").
    The headline stays the first paragraph; ``title`` defaults to it.
    """
    config = config or load_config()
    if looks_binary_text(text):
        raise InputRejected("input is binary, not text", fix="give a text, HTML, JSONL, feed or WARC file", code="T202")
    clean = with_headline(clean_text(text), title)
    minimum = config["ingest"]["min_chars"]
    if len(clean) < minimum:
        raise InputRejected(
            f"clean text has {len(clean)} characters, fewer than ingest.min_chars={minimum}",
            fix="give the full article text (page chrome is dropped), or lower ingest.min_chars",
            code="T201",
        )
    language = check_language(clean, config)
    date, basis = _publication(published, published_basis, clean)
    return Article(
        id=content_id(clean),
        url=url,
        title=clean_title(title) or headline(clean),
        published=date,
        published_basis=basis,
        text=clean,
        source=source,
        origin=origin,
        language=language,
    )
