"""Plain-text documents."""

from __future__ import annotations

from tocsin.ingest.context import ReadContext
from tocsin.ingest.formats import decode_text
from tocsin.model import Article


def article_from_bytes(data: bytes, origin: str, ctx: ReadContext, url: str | None = None) -> Article:
    """One plain-text document (UTF-8 or BOM-marked UTF-16)."""
    return ctx.article(decode_text(data), url=url, origin=origin)
