"""The pipeline: NLP, then each stage in turn over a batch of documents.

A stage is any callable ``(list[Document]) -> list[Document]`` built from config. Stages hold
no hidden global state, so the same code runs in a test, a CLI run and a Dask worker.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from spacy.tokens import Doc

from tocsin.config import Config, load_config
from tocsin.model import Article, Event, Extraction, Indicator, Mention


@dataclass
class Document:
    """One article as it moves through the stages."""

    article: Article
    doc: Doc | None = None
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


class Stage(Protocol):
    """A pipeline component over a batch of documents."""

    name: str

    def __call__(self, docs: list[Document]) -> list[Document]: ...


def default_stages(config: Config) -> list[Stage]:
    """Coder, geocoder and within-article merge, in that order."""
    from tocsin.coding import EventCoder
    from tocsin.dedupe import MentionMerger
    from tocsin.geo import Geocoder

    return [EventCoder(config), Geocoder(config), MentionMerger(config)]


class Pipeline:
    """NLP plus stages, built once from config and reused over many batches."""

    def __init__(self, config: Config | None = None, stages: list[Stage] | None = None):
        from tocsin.nlp import load_nlp

        self.config = config or load_config()
        self.nlp = load_nlp(self.config)
        self.stages = stages if stages is not None else default_stages(self.config)
        self._settled = False

    def parse(self, articles: Iterable[Article]) -> list[Document]:
        """Run spaCy over the articles' clean text with ``nlp.pipe``."""
        docs = [Document(article) for article in articles]
        limit = self.config["nlp"]["max_chars"]
        texts = (d.article.text[:limit] for d in docs)
        # nlp.cascade (tocsin/nlp/cascade.py): blank the sentences with no trigger word, same offsets
        if self.config["nlp"]["cascade"]:
            from tocsin.nlp.cascade import cascade_for

            pipe = cascade_for(self.nlp, self.config).pipe
        else:
            pipe = self.nlp.pipe
        for document, parsed in zip(docs, pipe(texts, batch_size=self.config["nlp"]["batch_size"])):
            document.doc = parsed
        return docs

    def process(self, articles: Iterable[Article]) -> list[Document]:
        """Parse and code a batch of articles."""
        docs = self.parse(articles)
        for stage in self.stages:
            docs = stage(docs)
        for document in docs:
            document.doc = None  # parsed docs are large; nothing downstream needs them
        if not self._settled:
            self._settle()
        return docs

    def _settle(self) -> None:
        """After the first batch, when what loads on first use (the gazetteer) has loaded: collect once,
        then freeze what is alive, so later collections do not walk the model and tables again (about
        3 % of a run's CPU time went to walking them)."""
        self._settled = True
        gc.collect()
        gc.freeze()

    def extract_article(self, article: Article) -> Extraction:
        (document,) = self.process([article])
        return Extraction(article=article, events=document.events, indicators=document.indicators)

