"""What runs inside a Dask worker: read one partition, code it, write its shards.

The Pipeline (spaCy model, lexicons, gazetteer) is built once per worker process and per
config, and reused by every partition that worker takes.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import time
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Iterator

from tocsin.config import Config
from tocsin.dist.partition import Partition
from tocsin.dist.shards import write_shards
from tocsin.model import Article, Rejection
from tocsin.pipeline import Pipeline


@lru_cache(maxsize=2)
def cached_pipeline(config_json: str) -> Pipeline:
    """One Pipeline per worker process and config (the config travels as canonical JSON)."""
    return Pipeline(Config(json.loads(config_json)))


WARM_TEXT = ("Police fired on protesters in Osh, Kyrgyzstan, on Monday, killing two people, officials said. "
             "Food and water are running short in the city, where thousands have fled.")


def warm(config_text: str) -> float:
    """Build this worker's Pipeline and code one short article with it, so that what loads on first
    use (the gazetteer, the typer's tables) is loaded before the first partition; returns peak RSS in MB."""
    cached_pipeline(config_text).process([Article(id="warm-up", text=WARM_TEXT, published="2019-05-01")])
    return peak_rss_mb()


def config_json(config: Config) -> str:
    return json.dumps(config.values, sort_keys=True)


class _Window:
    """A binary file read only from its current position up to byte `stop` (None: the end).

    ``tell`` stays the file's own, so WARC record offsets (and origins) stay absolute.
    """

    def __init__(self, handle: BinaryIO, stop: int | None):
        self.handle, self.stop = handle, stop

    def read(self, size: int = -1) -> bytes:
        if self.stop is not None:
            left = max(0, self.stop - self.handle.tell())
            size = left if size is None or size < 0 else min(size, left)
        return self.handle.read(size)

    def tell(self) -> int:
        return self.handle.tell()


def read_partition(partition: Partition, config: Config) -> Iterator[Article | Rejection]:
    """The articles (and rejections) of one partition, through the ingest readers.

    Origins are the ones a single-process ingest gives (``path#L<n>``, ``path#offset=<n>``):
    a JSONL range is read after as many blank lines as it skips (the reader numbers lines but
    passes blank ones over), a WARC range from its first record's offset.
    """
    from tocsin.ingest import read_inputs
    from tocsin.ingest.context import ReadContext
    from tocsin.ingest.jsonl import read_jsonl
    from tocsin.ingest.rejects import guarded_iter
    from tocsin.ingest.warc import read_warc

    if partition.kind == "items":
        yield from read_inputs(list(partition.paths), config)
        return
    path, ctx = partition.paths[0], ReadContext(config)
    with open(path, "rb") as handle:
        handle.seek(partition.seek)
        if partition.kind == "jsonl":
            lines = islice(handle, partition.stop - partition.start)
            stream = io.BytesIO(b"\n" * partition.start + b"".join(lines))
            yield from guarded_iter(path, read_jsonl(stream, path, ctx))
        else:
            yield from guarded_iter(path, read_warc(_Window(handle, partition.stop), path, ctx))


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


def process_partition(partition: dict, config_text: str, out: str) -> dict:
    """Code one partition and write its shards; returns counts for the manifest."""
    from tocsin.runner import IngestRun, batched

    started, cpu = time.perf_counter(), time.process_time()
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
        "files": files, "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3), "peak_rss_mb": round(peak_rss_mb(), 1),
    }
