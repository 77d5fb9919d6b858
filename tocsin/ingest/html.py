"""HTML pages and fragments, read with trafilatura (main text, title, date, URL, site name)."""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml.etree import ParserError

from tocsin.errors import InputRejected
from tocsin.ingest.context import ReadContext
from tocsin.ingest.dates import normalise_date
from tocsin.model import Article

BASIS_HTML = "HTML metadata (htmldate)"
# Only the page's own publication date; a date found anywhere in the text is not one.
DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCK_TAG = re.compile(r"(?i)<\s*/?\s*(p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>")


def article_from_html(data: bytes | str, origin: str, ctx: ReadContext, url: str | None = None, *,
                      source: str | None = None, fallback_date: str | None = None,
                      fallback_basis: str | None = None) -> Article:
    """One HTML page; raises T205 when it holds no extractable text.

    The page's metadata date, else a dateline in its text, wins over ``fallback_date`` (a feed
    entry's date, a WARC record's crawl date).
    """
    page = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                       date_extraction_params=DATE_PARAMS)
    if page is None or not (page.text or "").strip():
        raise InputRejected("HTML has no extractable article text",
                            fix="check it is an article page (not an index, login or script-only page), "
                                "or save the article text as .txt", code="T205")
    published = normalise_date(page.date)
    article = ctx.article(page.text, published=published, basis=BASIS_HTML if published else None,
                          url=url or page.url, title=page.title,
                          source=source or page.sitename or page.hostname, origin=origin)
    if article.published is None and fallback_date:
        return article.model_copy(update={"published": fallback_date, "published_basis": fallback_basis})
    return article


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed item's content): trafilatura, else block-aware tag stripping.

    trafilatura drops fragments it judges too small to be an article, so short items fall back
    to plain tag stripping with a line break at every block element.
    """
    extracted = trafilatura.extract(html, include_comments=False, favor_recall=True)
    if extracted:
        return extracted
    try:
        return lxml.html.fromstring(_BLOCK_TAG.sub("\n", html)).text_content()
    except ParserError:
        return ""
