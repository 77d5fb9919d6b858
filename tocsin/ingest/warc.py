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


WARC_TYPES = frozenset({"warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion",
                        "continuation"})


def _malformed(where: str, why: object) -> InputRejected:
    return InputRejected(f"WARC is malformed at {where}: {why}",
                         fix="check the file is a complete WARC (.warc or .warc.gz); re-download a truncated file",
                         code="T211")


def _check_header(record: Any, where: str) -> None:
    """warcio reads damaged headers without complaint; a record of unknown type or length is damage."""
    if record.rec_type not in WARC_TYPES:
        raise _malformed(where, f"unknown record type {record.rec_type!r}")
    if not str(record.rec_headers.get_header("Content-Length") or "").isdigit():
        raise _malformed(where, "record has no valid Content-Length")


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(HTML_TYPES)


def _payload(record: Any, max_bytes: int, where: str) -> bytes | None:
    """The HTML body, or None when the record is over ``max_bytes`` (left unread)."""
    if record.length > max_bytes:
        return None
    payload = read_limited(record.content_stream(), max_bytes)
    if record.raw_stream.limit > 0:  # the record's block ended before its declared length
        raise _malformed(where, f"record is truncated ({record.raw_stream.limit} bytes missing)")
    return payload


def _record_article(record: Any, payload: bytes | None, origin: str, ctx: ReadContext) -> Article:
    if payload is None:
        raise too_large(f"record of {record.length} bytes", ctx.max_bytes)
    crawled = normalise_date(record.rec_headers.get_header("WARC-Date"))
    return article_from_html(payload, origin, ctx, url=record.rec_headers.get_header("WARC-Target-URI"),
                             fallback_date=crawled, fallback_basis=BASIS_WARC if crawled else None)


def _start_offset(stream: BinaryIO) -> int:
    """Where reading starts, so offsets stay absolute when a caller seeks into the file first."""
    try:
        return stream.tell()
    except (OSError, AttributeError):  # stdin, sockets
        return 0


def read_warc(stream: BinaryIO, origin: str, ctx: ReadContext) -> Iterator[Article | Rejection]:
    """One Article or Rejection per HTML response record; a damaged archive ends with one T211."""
    records = ArchiveIterator(stream)
    records.offset = _start_offset(stream)
    where, seen = f"{origin}#offset={records.offset}", 0
    try:
        for record in records:
            seen += 1
            where = f"{origin}#offset={records.offset}"  # where this record starts, before reading it
            _check_header(record, where)
            if _is_html_response(record):
                payload = _payload(record, ctx.max_bytes, where)
                yield guarded(where, lambda: _record_article(record, payload, where, ctx))
        if not seen:
            raise _malformed(where, "no WARC records found")
    except ArchiveLoadFailed as error:
        yield rejected(where, _malformed(where, error))
    except InputRejected as error:
        yield rejected(where, error)
