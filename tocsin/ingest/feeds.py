"""RSS and Atom feeds (feedparser): each entry is one document at ``<origin>#entry=<id>``.

An entry's full content (content:encoded, Atom content) is cleaned with trafilatura; an entry
with only a summary is fetched from its link when ``ingest.fetch_items`` is on.
"""

from __future__ import annotations

from typing import Any, Iterator

import feedparser

from tocsin.errors import InputRejected
from tocsin.ingest.context import ReadContext
from tocsin.ingest.dates import normalise_date
from tocsin.ingest.fetch import fetch_failed, is_url, open_url
from tocsin.ingest.formats import read_limited
from tocsin.ingest.html import article_from_html, fragment_text
from tocsin.ingest.rejects import guarded
from tocsin.model import Article, Rejection

BASIS_FEED = "feed entry date"


def parse_feed(data: bytes, url: str | None = None) -> Any:
    """The parsed feed (relative links resolved against ``url``); raises T209 when nothing parses."""
    headers = {"content-location": url} if url else None
    parsed = feedparser.parse(data, response_headers=headers)
    if parsed.entries:
        return parsed
    why = parsed.get("bozo_exception") or "no RSS/Atom structure found"
    if parsed.bozo or not parsed.version:
        raise InputRejected(f"feed does not parse: {why}",
                            fix="check it is an RSS 2.0 or Atom document (validate it, e.g. with an XML linter)",
                            code="T209")
    return parsed


def _entry_id(entry: Any, index: int) -> str:
    return str(entry.get("id") or entry.get("link") or index)


def _entry_html(entry: Any) -> tuple[str, bool]:
    """(content, is_full): the entry's full content when it has one, else its summary."""
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"], True
    return entry.get("summary") or "", False


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        if entry.get(key):
            return normalise_date(entry[key])
    return None


def _fetch_entry(link: str, origin: str, ctx: ReadContext, source: str | None, date: str | None) -> Article:
    with open_url(link, ctx.config) as response:
        data = read_limited(response.stream, ctx.max_bytes)
    return article_from_html(data, origin, ctx, url=response.url, source=source,
                             fallback_date=date, fallback_basis=BASIS_FEED if date else None)


def _entry_article(entry: Any, origin: str, ctx: ReadContext, source: str | None) -> Article:
    content, full = _entry_html(entry)
    link = entry.get("link")
    date = _entry_date(entry)
    if not full and link and ctx.config["ingest"]["fetch_items"]:
        if not is_url(link):
            raise fetch_failed(link, "entry link is not an http(s) URL")
        return _fetch_entry(link, origin, ctx, source, date)
    return ctx.article(fragment_text(content), published=date, basis=BASIS_FEED if date else None,
                       url=link, title=entry.get("title"), source=source, origin=origin)


def read_feed(data: bytes, origin: str, ctx: ReadContext, url: str | None = None) -> Iterator[Article | Rejection]:
    """One Article or Rejection per entry, in feed order."""
    parsed = parse_feed(data, url)
    source = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries):
        where = f"{origin}#entry={_entry_id(entry, index)}"
        yield guarded(where, lambda: _entry_article(entry, where, ctx, source))
