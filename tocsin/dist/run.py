"""A distributed run: partitions out to Dask workers, shards and a manifest back; restartable."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tocsin.config import Config
from tocsin.dist.manifest import Manifest
from tocsin.dist.partition import Partition, plan, sizes
from tocsin.dist.worker import config_json, process_partition
from tocsin.errors import DistError


@dataclass
class RunSummary:
    """What one `tocsin run` did."""

    out: Path
    planned: int = 0
    skipped: int = 0
    done: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


@contextmanager
def dask_client(workers: int, threads_per_worker: int = 1, scheduler: str | None = None) -> Iterator:
    """A client of `scheduler`, else of a LocalCluster of `workers` processes (closed on exit).

    A LocalCluster starts worker processes by spawning, which re-imports the main module:
    call this from a CLI entry point or under ``if __name__ == "__main__"``, never from a
    script fed on stdin.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise DistError(f"no Dask scheduler answers at {scheduler}: {exc}",
                            fix="start one (dask scheduler) or check the address, e.g. tcp://HOST:8786",
                            code="T606") from exc
        with client:
            yield client
        return
    if workers < 1:
        raise DistError("--workers must be at least 1", fix="e.g. --workers 2", code="T607")
    with LocalCluster(n_workers=workers, threads_per_worker=threads_per_worker, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def run(inputs: list[str], out: Path, config: Config, client, *, partition_docs: int | None = None,
        on_partition: Callable[[str, dict], None] | None = None) -> RunSummary:
    """Code `inputs` on the workers of `client` into shards under `out`, skipping finished partitions."""
    docs = config["dist"]["partition_docs"] if partition_docs is None else partition_docs
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest.open(out, config, inputs, docs)
    partitions = plan(inputs, docs)
    todo = [p for p in partitions if not manifest.is_done(p)]
    summary = RunSummary(out, planned=len(partitions), skipped=len(partitions) - len(todo))
    for partition in todo:
        manifest.record(partition, "pending")
    manifest.save()

    from distributed import as_completed

    text = config_json(config)
    # the largest partitions first: the last ones to finish are small, so no worker waits long at the end
    weight = sizes(todo)
    futures = {client.submit(process_partition, p.describe(), text, str(out.resolve()), key=f"tocsin-{p.id}",
                             pure=False, priority=weight[p.id]): p for p in todo}
    for future in as_completed(futures):
        partition = futures[future]
        try:
            result = future.result()
        except Exception as exc:  # noqa: BLE001 - one bad partition is recorded; the others go on
            error = f"{type(exc).__name__}: {exc}"[:500]
            manifest.record(partition, "failed", error=error)
            summary.failed[partition.id] = error
        else:
            manifest.record(partition, "done", **result)
            summary.done += 1
        manifest.save()
        if on_partition:
            on_partition(partition.id, manifest.partitions[partition.id])
    summary.totals = manifest.counts()
    return summary


def partitions_done(out: Path) -> list[Partition]:
    """The finished partitions of a run directory (manifest says done and shards exist)."""
    from tocsin.dist.manifest import load_manifest
    from tocsin.dist.shards import complete

    data = load_manifest(out)
    return [Partition.from_dict(entry) for pid, entry in data["partitions"].items()
            if entry["status"] == "done" and complete(out, pid)]
