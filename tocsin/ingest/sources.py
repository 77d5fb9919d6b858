"""Walk the inputs (files, directories, URLs, stdin) and hand each payload to its reader.

Each document gets a stable ``origin`` so a crashed run can restart where it stopped: the
path as given (directory members joined to it), ``#L<n>`` for JSONL lines, ``#entry=<id>``
for feed entries, ``#offset=<n>`` for WARC records; a URL is its own origin; stdin is ``-``.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from tocsin.config import Config
from tocsin.errors import InputRejected
from tocsin.ingest.article import parse_published
from tocsin.ingest.context import ReadContext
from tocsin.ingest.feeds import read_feed
from tocsin.ingest.fetch import is_url, open_url
from tocsin.ingest.formats import (SNIFF_BYTES, Format, check_not_binary, format_from_name, read_limited, sniff,
                                   too_large)
from tocsin.ingest.html import article_from_html
from tocsin.ingest.jsonl import read_jsonl
from tocsin.ingest.rejects import guarded_iter, rejected
from tocsin.ingest.text import article_from_bytes
from tocsin.ingest.warc import read_warc
from tocsin.model import Article, Rejection

STDIN = "-"
CONTAINERS: frozenset[Format] = frozenset({"jsonl", "warc"})  # max_bytes applies per record, not per file
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def read_inputs(inputs: Iterable[str | os.PathLike[str]], config: Config, *,
                published: str | None = None) -> Iterator[Article | Rejection]:
    """Stream Articles, and a Rejection for every input or record that cannot be used.

    ``published`` (YYYY-MM-DD) replaces every date found in the inputs. Only an invalid
    ``published`` raises (T212); bad inputs never stop the batch.
    """
    ctx = ReadContext(config, parse_published(published) if published is not None else None)
    for item in map(str, inputs):  # paths given as Path objects read the same as strings
        yield from guarded_iter(item, _read_input(item, ctx))


def _read_input(item: str, ctx: ReadContext) -> Iterator[Article | Rejection]:
    if item == STDIN:
        yield from read_stream(_peekable(sys.stdin.buffer), STDIN, ctx)
    elif is_url(item):
        yield from read_url(item, ctx)
    elif os.path.isdir(item):
        for path in walk(Path(item)):
            yield from guarded_iter(str(path), read_path(path, ctx))
    elif os.path.isfile(item):
        yield from read_path(Path(item), ctx)
    else:
        yield rejected(item, InputRejected(f"no such file or directory: {item}",
                                           fix="check the path (relative paths start at the current directory)",
                                           code="T208"))


def walk(directory: Path) -> Iterator[Path]:
    """Files of a known format under ``directory``, recursively, in sorted order; hidden ones skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and format_from_name(name):
                yield Path(root) / name


def read_path(path: Path, ctx: ReadContext) -> Iterator[Article | Rejection]:
    """One file; a single-document file over ``ingest.max_bytes`` is refused before reading it."""
    with path.open("rb") as stream:
        fmt = format_from_name(path.name) or sniff(_peek(stream))
        size = path.stat().st_size
        if fmt not in CONTAINERS and size > ctx.max_bytes:
            raise too_large(f"{size} bytes", ctx.max_bytes)
        yield from read_stream(stream, str(path), ctx, fmt)


def read_url(url: str, ctx: ReadContext) -> Iterator[Article | Rejection]:
    """An HTML page, feed, JSONL or WARC at an http(s) URL."""
    with open_url(url, ctx.config) as response:
        fmt: Format | None = "feed" if response.content_type in FEED_TYPES else None
        yield from read_stream(response.stream, url, ctx, fmt, url=response.url)


def read_stream(stream: io.BufferedReader | BinaryIO, origin: str, ctx: ReadContext,
                fmt: Format | None = None, url: str | None = None) -> Iterator[Article | Rejection]:
    """Dispatch an open byte stream to its reader; containers are streamed, single documents read whole."""
    if fmt is None:
        fmt = sniff(_peek(stream))
    if fmt == "jsonl":
        yield from read_jsonl(stream, origin, ctx)
    elif fmt == "warc":
        yield from read_warc(stream, origin, ctx)
    else:
        data = read_limited(stream, ctx.max_bytes)
        check_not_binary(data[:SNIFF_BYTES])
        if fmt == "feed":
            yield from read_feed(data, origin, ctx, url)
        elif fmt == "html":
            yield article_from_html(data, origin, ctx, url)
        else:
            yield article_from_bytes(data, origin, ctx, url)


def _peek(stream: io.BufferedReader | BinaryIO) -> bytes:
    return stream.peek(SNIFF_BYTES)[:SNIFF_BYTES] if hasattr(stream, "peek") else b""


def _peekable(stream: BinaryIO) -> io.BufferedReader | BinaryIO:
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
