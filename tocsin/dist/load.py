"""`tocsin load`: a run directory's shards into the DuckDB store, where cross-article dedupe applies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tocsin.config import Config
from tocsin.dist.run import partitions_done
from tocsin.dist.shards import read_documents


@dataclass
class LoadSummary:
    partitions: int = 0
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    resumed: int = 0
    rejections: int = 0


def load(out: Path, config: Config, *, on_partition: Callable[[str], None] | None = None) -> LoadSummary:
    """Write every finished partition of `out` into the store at `store.path`, a batch per transaction.

    Safe to rerun: documents whose origin the store already holds are passed over.
    """
    from tocsin.store import Store

    summary = LoadSummary()
    size = config["store"]["batch_size"]
    with Store(config["store"]["path"], config) as store:
        done = store.done_origins()
        for partition in partitions_done(out):
            documents, rejections = read_documents(out, partition.id)
            summary.partitions += 1
            summary.read += len(documents) + len(rejections)
            fresh = [d for d in documents if (d.article.origin or d.article.id) not in done]
            rejected = [r for r in rejections if r.origin not in done]
            summary.resumed += len(documents) + len(rejections) - len(fresh) - len(rejected)
            batches = [fresh[i:i + size] for i in range(0, len(fresh), size)] or ([[]] if rejected else [])
            for n, batch in enumerate(batches):
                result = store.write_batch(batch, rejected if n == 0 else [])
                summary.stored += result.stored
                summary.duplicates += result.duplicates
            summary.rejections += len(rejected)
            if on_partition:
                on_partition(partition.id)
    return summary
