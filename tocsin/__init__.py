"""tocsin: news in, a geocoded database of political violence and crisis events out.

Public API::

    import tocsin
    events = tocsin.extract(text, published="2010-06-12")
    pipeline = tocsin.Pipeline(tocsin.load_config({"nlp.model": "en_core_web_md"}))
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tocsin.config import Config, load_config
from tocsin.model import Article, Event, Extraction

if TYPE_CHECKING:
    from tocsin.pipeline import Document, Pipeline

__all__ = ["Article", "Config", "Document", "Event", "Extraction", "Pipeline", "extract", "load_config"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load the pipeline (and spaCy) only when it is asked for: serving and querying never need it."""
    if name in ("Pipeline", "Document"):
        import tocsin.pipeline

        return getattr(tocsin.pipeline, name)
    raise AttributeError(f"module 'tocsin' has no attribute {name!r}")


@lru_cache(maxsize=1)
def _default_pipeline() -> "Pipeline":
    from tocsin.pipeline import Pipeline

    return Pipeline(load_config())


def extract(text: str, published: str | None = None, url: str | None = None) -> list[Event]:
    """Code the events in one article's text (a default pipeline, built once per process)."""
    from tocsin.ingest import article_from_text

    article = article_from_text(text, published=published, url=url)
    return _default_pipeline().extract_article(article).events
