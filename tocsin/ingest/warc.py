"""WARC files (warcio), CC-NEWS style: each HTML response record is one document.

Records are addressed as ``<origin>#offset=<byte offset of the record>``; other record types
(request, metadata, warcinfo) and non-HTML responses are not documents and are passed over.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tocsin.errors import InputRejected
from tocsin.ingest.context import ReadContext
from tocsin.ingest.dates import normalise_date
from tocsin.ingest.formats import read_limited, too_large
from tocsin.ingest.html import article_from_html
from tocsin.ingest.rejects import guarded, rejected
from tocsin.model import Article, Rejection

BASIS_WARC = "WARC-Date (crawl time)"
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES)


def _payload(record: Any, max_bytes: int) -> bytes | None:
    """The HTML body, or None when the record is over ``max_bytes`` (left unread)."""
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    return None if length > max_bytes else read_limited(record.content_stream(), max_bytes)


def _record_article(record: Any, payload: bytes | None, origin: str, ctx: ReadContext) -> Article:
    if payload is None:
        raise too_large(f"record of {record.rec_headers.get_header('Content-Length')} bytes", ctx.max_bytes)
    crawled = normalise_date(record.rec_headers.get_header("WARC-Date"))
    return article_from_html(payload, origin, ctx, url=record.rec_headers.get_header("WARC-Target-URI"),
                             fallback_date=crawled, fallback_basis=BASIS_WARC if crawled else None)


def read_warc(stream: BinaryIO, origin: str, ctx: ReadContext) -> Iterator[Article | Rejection]:
    """One Article or Rejection per HTML response record; a broken archive ends with T211."""
    records = ArchiveIterator(stream)
    where = f"{origin}#offset=0"
    try:
        for record in records:
            if not _is_html_response(record):
                continue
            # read the body before asking for the offset: warcio finds it by reading the record to its end
            payload = _payload(record, ctx.max_bytes)
            where = f"{origin}#offset={records.get_record_offset()}"
            yield guarded(where, lambda: _record_article(record, payload, where, ctx))
    except ArchiveLoadFailed as error:
        yield rejected(where, InputRejected(
            f"WARC is malformed after {where}: {error}",
            fix="check the file is a complete WARC (.warc or .warc.gz); re-download a truncated file", code="T211"))
