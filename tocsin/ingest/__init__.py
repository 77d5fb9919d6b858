"""Ingest: files, directories, URLs, feeds and WARCs in; clean Articles (or coded Rejections) out.

``article_from_text`` makes one Article from a string; ``read_inputs`` streams many inputs and
never stops on a bad one. Rejection codes are listed in ``tocsin/ingest/README.md``.
"""

from __future__ import annotations

from tocsin.ingest.article import article_from_text, parse_published
from tocsin.ingest.sources import read_inputs

__all__ = ["article_from_text", "parse_published", "read_inputs"]
