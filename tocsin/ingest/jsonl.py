"""JSON Lines: one record per line with ``text`` (required) and ``id, url, title, published``."""

from __future__ import annotations

import json
from typing import Any, BinaryIO, Iterator
from urllib.parse import urlsplit

from tocsin.errors import InputRejected
from tocsin.ingest.context import ReadContext
from tocsin.ingest.dates import normalise_date
from tocsin.ingest.formats import decode_text, too_large
from tocsin.ingest.rejects import guarded, rejected
from tocsin.model import Article, Rejection

BASIS_JSONL = "JSONL field"
SKIP_CHUNK = 1 << 20


def _malformed(message: str) -> InputRejected:
    return InputRejected(message, fix='make each line one JSON object with a "text" string', code="T207")


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; None for a longer one, whose rest is skipped in chunks."""
    while line := stream.readline(limit + 1):
        if line.endswith(b"\n") or len(line) <= limit:
            yield line
            continue
        while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _record_article(line: bytes, origin: str, ctx: ReadContext) -> Article:
    try:
        record = json.loads(decode_text(line))
    except json.JSONDecodeError as error:
        raise _malformed(f"line is not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise _malformed(f"line is a JSON {type(record).__name__}, not an object")
    text = _text_field(record, "text")
    if text is None:
        raise _malformed('record has no "text" string')
    url = _text_field(record, "url")
    published = normalise_date(record.get("published"))
    return ctx.article(text, published=published, basis=BASIS_JSONL if published else None, url=url,
                       title=_text_field(record, "title"),
                       source=_text_field(record, "source") or (urlsplit(url).hostname if url else None),
                       origin=origin)


def read_jsonl(stream: BinaryIO, origin: str, ctx: ReadContext) -> Iterator[Article | Rejection]:
    """Each non-blank line becomes an Article or a Rejection at ``origin#L<n>`` (1-based)."""
    for number, line in enumerate(_lines(stream, ctx.max_bytes), start=1):
        where = f"{origin}#L{number}"
        if line is None:
            yield rejected(where, too_large("one line", ctx.max_bytes))
        elif line.strip():
            yield guarded(where, lambda: _record_article(line, where, ctx))
