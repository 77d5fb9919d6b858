"""Fetch a URL over http(s) with a timeout; failures are T210."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from tocsin.config import Config
from tocsin.errors import InputRejected

USER_AGENT = "tocsin/0.1 (news event coder)"
BUFFER_BYTES = 1 << 16


@dataclass
class Response:
    url: str            # after redirects
    content_type: str   # lower-cased, without parameters
    stream: io.BufferedReader


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def fetch_failed(url: str, why: object) -> InputRejected:
    return InputRejected(f"could not fetch {url}: {why}",
                         fix="check the URL and the network (ingest.fetch_timeout), or save the page and pass the file",
                         code="T210")


@contextmanager
def open_url(url: str, config: Config) -> Iterator[Response]:
    """An open, buffered response body (peekable, for format sniffing)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        raw = urllib.request.urlopen(request, timeout=config["ingest"]["fetch_timeout"])  # noqa: S310 - http(s) only
    except urllib.error.HTTPError as error:
        raise fetch_failed(url, f"HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise fetch_failed(url, getattr(error, "reason", error)) from error
    with raw:
        content_type = raw.headers.get_content_type().lower()
        yield Response(raw.geturl(), content_type, io.BufferedReader(raw, BUFFER_BYTES))
