"""What runs inside a Dask worker: read one partition, code it, write its shards.

The Pipeline (spaCy model, lexicons, gazetteer) is built once per worker process and per
config, and reused by every partition that worker takes.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from tocsin.config import Config
from tocsin.dist.partition import Partition
from tocsin.dist.shards import write_shards
from tocsin.model import Article, Rejection
from tocsin.pipeline import Pipeline


@lru_cache(maxsize=2)
def cached_pipeline(config_json: str) -> Pipeline:
    """One Pipeline per worker process and config (the config travels as canonical JSON)."""
    return Pipeline(Config(json.loads(config_json)))


def config_json(config: Config) -> str:
    return json.dumps(config.values, sort_keys=True)


def read_partition(partition: Partition, config: Config) -> Iterator[Article | Rejection]:
    """The articles (and rejections) of one partition, through the ingest readers."""
    from tocsin import ingest

    if partition.kind == "jsonl":
        yield from ingest.read_jsonl_lines(partition.paths[0], config, start=partition.start, stop=partition.stop)
    elif partition.kind == "warc":
        yield from ingest.read_warc_range(partition.paths[0], config, start=partition.start, stop=partition.stop)
    else:
        yield from ingest.read_inputs(list(partition.paths), config)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def process_partition(partition: dict, config_text: str, out: str) -> dict:
    """Code one partition and write its shards; returns counts for the manifest."""
    from tocsin.runner import IngestRun, batched

    started = time.perf_counter()
    part = Partition.from_dict(partition)
    pipeline = cached_pipeline(config_text)
    coder = IngestRun(pipeline.config, pipeline)
    documents, rejections = [], []
    for articles, skipped in batched(read_partition(part, pipeline.config), pipeline.config["nlp"]["batch_size"]):
        coded, failed = coder.code(articles)
        documents += coded
        rejections += skipped + failed
    files = write_shards(Path(out), part.id, documents, rejections)
    return {
        "counts": {"articles": len(documents), "events": sum(len(d.events) for d in documents),
                   "indicators": sum(len(d.indicators) for d in documents), "rejections": len(rejections),
                   "words": sum(len(d.article.text.split()) for d in documents)},
        "files": files, "seconds": round(time.perf_counter() - started, 3), "peak_rss_mb": round(peak_rss_mb(), 1),
    }
