"""Which reader a payload needs (by name, then by its first bytes), and safe byte handling."""

from __future__ import annotations

import zlib
from typing import BinaryIO, Literal

from charset_normalizer import from_bytes

from tocsin.errors import InputRejected

Format = Literal["text", "html", "jsonl", "feed", "warc"]

EXTENSIONS: dict[str, Format] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".warc.gz": "warc",
}
SNIFF_BYTES = 4096
GZIP_MAGIC = b"\x1f\x8b"
# Signatures of binary files people are likely to pass by mistake, to name them in the reason.
BINARY_MAGIC: dict[bytes, str] = {
    b"%PDF": "a PDF", b"PK\x03\x04": "a ZIP/Office file", b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"\x7fELF": "a program",
}
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def format_from_name(name: str) -> Format | None:
    """The format an extension promises (``.warc.gz`` included), or None."""
    lowered = name.lower()
    for extension in sorted(EXTENSIONS, key=len, reverse=True):
        if lowered.endswith(extension):
            return EXTENSIONS[extension]
    return None


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
    except zlib.error:
        return b""


def sniff(head: bytes) -> Format:
    """Guess a format from the first bytes; raises T202 for binary data."""
    if head.startswith(GZIP_MAGIC):
        if _gunzip_head(head).startswith(b"WARC/"):
            return "warc"
        raise InputRejected("input is gzip-compressed but not a WARC file",
                            fix="decompress it first (gunzip) and pass the file inside", code="T202")
    binary_kind = binary_kind_of(head)
    if binary_kind:
        raise InputRejected(f"input is binary ({binary_kind}), not text",
                            fix="convert it to text or HTML first", code="T202")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        return "feed" if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")) else "html"
    return "text"


def binary_kind_of(head: bytes) -> str | None:
    """What kind of binary the bytes are ("a PDF", "binary data"), or None for text."""
    for magic, kind in BINARY_MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(UTF16_BOMS):
        return None
    return "binary data" if b"\x00" in head[:SNIFF_BYTES] else None


def check_not_binary(head: bytes) -> None:
    """Raise T202 when the bytes are binary."""
    kind = binary_kind_of(head)
    if kind:
        raise InputRejected(f"input is binary ({kind}), not text",
                            fix="give a text, HTML, JSONL, feed or WARC file", code="T202")


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read a whole single document, refusing (T203) after max_bytes without reading further."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(f"more than {max_bytes} bytes", max_bytes)
    return data


def too_large(size: str, max_bytes: int) -> InputRejected:
    return InputRejected(f"input is too large ({size}; ingest.max_bytes={max_bytes})",
                         fix="split it into smaller files, or raise ingest.max_bytes", code="T203")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16); raise T204 naming the likely encoding otherwise."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        guess = from_bytes(data[:65536]).best()
        hint = f"it looks like {guess.encoding}; " if guess and guess.encoding != "utf_8" else ""
        raise InputRejected(
            f"input is not valid UTF-8 (bad byte at offset {error.start})",
            fix=f"{hint}convert it, e.g. iconv -f <encoding> -t UTF-8 FILE",
            code="T204",
        ) from error
