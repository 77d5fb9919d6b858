"""Split a run's inputs into partitions: the unit of work a Dask worker takes.

A JSONL file splits by line ranges, a WARC file by record byte offsets (found in one pass
on the client), anything else (text, HTML, feeds, URLs) is grouped a few items at a time.
Partition ids hash what a partition covers, so a rerun over the same inputs finds the
same ids in the manifest and skips what is done.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from tocsin.errors import DistError

Kind = Literal["jsonl", "warc", "items"]
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class Partition:
    """What one task reads: lines [start, stop) of a JSONL file, the WARC records whose
    offsets fall in [start, stop), or a group of whole items (paths or URLs)."""

    kind: Kind
    paths: tuple[str, ...]
    start: int = 0
    stop: int | None = None

    @property
    def id(self) -> str:
        key = json.dumps([self.kind, self.paths, self.start, self.stop])
        name = Path(self.paths[0]).name.split(".")[0][:24] or "input"
        return f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"

    def describe(self) -> dict:
        return {"id": self.id, **asdict(self), "paths": list(self.paths)}

    @classmethod
    def from_dict(cls, data: dict) -> "Partition":
        return cls(kind=data["kind"], paths=tuple(data["paths"]), start=data["start"], stop=data["stop"])


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")


def _is(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


def expand(inputs: list[str]) -> list[str]:
    """Files as given, directories walked (sorted, hidden files left out), URLs kept."""
    items: list[str] = []
    for raw in inputs:
        if "://" in raw:
            items.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            items.extend(str(p.resolve()) for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            items.append(str(path.resolve()))
        else:
            raise DistError(f"input {raw} does not exist", fix="give existing files, directories or URLs",
                            code="T602")
    return items


def count_lines(path: Path) -> int:
    """Lines in a (gzipped) JSONL file, counting a last line without a newline."""
    count, last = 0, b"\n"
    with _open(path) as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def warc_record_offsets(path: Path) -> list[int]:
    """Byte offsets of a WARC file's response and resource records (the ones holding documents)."""
    from warcio.archiveiterator import ArchiveIterator

    offsets = []
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            if record.rec_type in ("response", "resource"):
                offsets.append(records.get_record_offset())
    return offsets


def plan(inputs: list[str], partition_docs: int) -> list[Partition]:
    """The partitions covering `inputs`, `partition_docs` documents each (0: one per file)."""
    if partition_docs < 0:
        raise DistError("--partition-docs must be 0 or more", fix="use 0 for one partition per file", code="T603")
    partitions: list[Partition] = []
    loose: list[str] = []
    for item in expand(inputs):
        path = Path(item)
        if "://" not in item and _is(path, JSONL_SUFFIXES) and partition_docs:
            n = count_lines(path)
            partitions += [Partition("jsonl", (item,), start, min(start + partition_docs, n))
                           for start in range(0, n, partition_docs)]
        elif "://" not in item and _is(path, WARC_SUFFIXES) and partition_docs:
            offsets = warc_record_offsets(path)
            bounds = offsets[::partition_docs]
            partitions += [Partition("warc", (item,), start, stop)
                           for start, stop in zip(bounds, [*bounds[1:], None])]
        else:
            loose.append(item)
    size = partition_docs or 1
    partitions += [Partition("items", tuple(loose[i:i + size])) for i in range(0, len(loose), size)]
    return partitions
