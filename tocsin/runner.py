"""The ingest run: read inputs, code them in batches, commit each batch; restart where it stopped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tocsin.config import Config
from tocsin.model import Article, Rejection
from tocsin.pipeline import Document, Pipeline


@dataclass
class IngestSummary:
    """What one run read, stored, skipped and failed, with every reason."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    resumed: int = 0
    events_before: int = 0
    events_after: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(r.status == "skipped" for r in self.rejections)

    @property
    def failed(self) -> int:
        return sum(r.status == "failed" for r in self.rejections)

    @property
    def ok(self) -> bool:
        """True when no document was skipped or failed."""
        return not self.rejections

    def print(self, console: Console) -> None:
        table = Table(title="ingest summary", show_header=False)
        for label, value in (
            ("documents read", self.read),
            ("stored", self.stored),
            ("already stored (same content)", self.duplicates),
            ("already done in an earlier run", self.resumed),
            ("skipped", self.skipped),
            ("failed", self.failed),
            ("events in database", f"{self.events_after} ({self.events_after - self.events_before:+d})"),
        ):
            table.add_row(label, str(value))
        console.print(table)
        for rejection in self.rejections:
            colour = "red" if rejection.status == "failed" else "yellow"
            console.print(f"[{colour}]{rejection.status}[/{colour}] {rejection.origin}: {rejection.code} {rejection.reason}")


def batched(items: Iterable[Article | Rejection], size: int) -> Iterator[tuple[list[Article], list[Rejection]]]:
    """Group items into batches of at most `size` articles (rejections ride along)."""
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for item in items:
        if isinstance(item, Rejection):
            rejections.append(item)
        else:
            articles.append(item)
        if len(articles) >= size:
            yield articles, rejections
            articles, rejections = [], []
    if articles or rejections:
        yield articles, rejections


class IngestRun:
    """Reads inputs into the store, one transaction per batch."""

    def __init__(self, config: Config, pipeline: Pipeline | None = None):
        self.config = config
        self.pipeline = pipeline or Pipeline(config)

    def run(self, inputs: list[str], *, published: str | None = None, progress: bool = True,
            console: Console | None = None, verbose: bool = False) -> IngestSummary:
        from tocsin.ingest import read_inputs
        from tocsin.store import Store

        summary = IngestSummary()
        with Store(self.config["store"]["path"], self.config) as store:
            done = store.done_origins()
            summary.events_before = store.stats().get("events", 0)
            items = self._fresh(read_inputs(inputs, self.config, published=published), done, summary)
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console, disable=not progress, transient=True) as bar:
                task = bar.add_task("ingesting", total=None)
                for articles, rejections in batched(items, self.config["store"]["batch_size"]):
                    documents, failures = self.code(articles)
                    result = store.write_batch(documents, rejections + failures)
                    summary.rejections.extend(rejections + failures)
                    summary.stored += result.stored
                    summary.duplicates += result.duplicates
                    bar.advance(task, len(articles) + len(rejections))
                    if verbose and console is not None:
                        console.print(f"committed batch: {len(articles)} articles, {len(rejections + failures)} rejected")
            summary.events_after = store.stats().get("events", 0)
        return summary

    @staticmethod
    def _fresh(items: Iterable[Article | Rejection], done: set[str], summary: IngestSummary
               ) -> Iterator[Article | Rejection]:
        """Count what is read and drop what an earlier run already committed."""
        for item in items:
            summary.read += 1
            if item.origin in done:
                summary.resumed += 1
                continue
            yield item

    def code(self, articles: list[Article]) -> tuple[list[Document], list[Rejection]]:
        """Code a batch; if it fails, code one by one so one bad document costs only itself."""
        try:
            return self.pipeline.process(articles), []
        except Exception:  # noqa: BLE001 - isolate the document that breaks, below
            pass
        documents: list[Document] = []
        failures: list[Rejection] = []
        for article in articles:
            try:
                documents.extend(self.pipeline.process([article]))
            except Exception as exc:  # noqa: BLE001 - reported per document, the batch goes on
                failures.append(Rejection(origin=article.origin or article.id, status="failed", code="T299",
                                          reason=f"coding failed: {type(exc).__name__}: {exc}"[:300]))
        return documents, failures
