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
    """What one `tocsin load` did."""

    partitions: int = 0
    stored: int = 0
    duplicates: int = 0
    already_loaded: int = 0
    rejections: int = 0


def load(out: Path, config: Config, *, on_partition: Callable[[str], None] | None = None) -> LoadSummary:
    """Write every finished partition of `out` into the store at `store.path`, a batch per transaction.

    Safe to rerun and to restart: the store passes over origins its ingest log already holds.
    """
    from tocsin.store import Store

    summary = LoadSummary()
    size = config["store"]["batch_size"]
    with Store(config["store"]["path"], config) as store:
        for partition in partitions_done(out):
            documents, rejections = read_documents(out, partition.id)
            batches = [documents[i:i + size] for i in range(0, len(documents), size)] or [[]]
            for n, batch in enumerate(batches):
                result = store.write_batch(batch, rejections if n == 0 else [])
                summary.stored += result.stored
                summary.duplicates += result.duplicates
                summary.already_loaded += result.already_logged
                summary.rejections += result.skipped + result.failed
            summary.partitions += 1
            if on_partition:
                on_partition(partition.id)
    return summary
