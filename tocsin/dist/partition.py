"""Split a run's inputs into partitions: the unit of work a Dask worker takes.

A JSONL file splits by line ranges, a WARC file by record byte offsets (found in one pass
on the client), anything else (text, HTML, feeds, URLs) is grouped a few items at a time.
Partition ids hash what a partition covers, so a rerun over the same inputs finds the
same ids in the manifest and skips what is done.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from tocsin.errors import DistError

Kind = Literal["jsonl", "warc", "items"]
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class Partition:
    """What one task reads: lines [start, stop) of a JSONL file (line `start` begins at byte
    `seek`), the WARC records whose offsets fall in [start, stop), or whole items (paths, URLs)."""

    kind: Kind
    paths: tuple[str, ...]
    start: int = 0
    stop: int | None = None
    seek: int = 0

    @property
    def id(self) -> str:
        key = json.dumps([self.kind, self.paths, self.start, self.stop])
        name = Path(self.paths[0]).name.split(".")[0][:24] or "input"
        return f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"

    def describe(self) -> dict:
        return {"id": self.id, **asdict(self), "paths": list(self.paths)}

    @classmethod
    def from_dict(cls, data: dict) -> "Partition":
        return cls(kind=data["kind"], paths=tuple(data["paths"]), start=data["start"], stop=data["stop"],
                   seek=data["seek"])


def _is(path: Path, suffixes: tuple[str, ...]) -> bool:
    return path.name.lower().endswith(suffixes)


def expand(inputs: list[str]) -> list[str]:
    """Absolute paths (workers may run elsewhere): files as given, directories walked the way
    ingest walks them (known formats, sorted, hidden left out); URLs kept."""
    from tocsin.ingest.sources import walk

    items: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if "://" in raw:
            items.append(raw)
        elif path.is_dir():
            items.extend(str(p) for p in walk(path.resolve()))
        elif path.is_file():
            items.append(str(path.resolve()))
        else:
            raise DistError(f"input {raw} does not exist", fix="give existing files, directories or URLs",
                            code="T602")
    return items


def line_offsets(path: Path, every: int) -> tuple[list[int], int]:
    """Byte offsets of lines 0, every, 2*every, ... of a file, and its number of lines."""
    offsets, position, count = [], 0, 0
    with path.open("rb") as handle:
        for line in handle:
            if count % every == 0:
                offsets.append(position)
            position += len(line)
            count += 1
    return offsets, count


def warc_record_offsets(path: Path) -> list[int]:
    """Byte offsets of a WARC file's response and resource records (the ones that may hold documents)."""
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
            offsets, n = line_offsets(path, partition_docs)
            partitions += [Partition("jsonl", (item,), start, min(start + partition_docs, n), seek)
                           for start, seek in zip(range(0, n, partition_docs), offsets)]
        elif "://" not in item and _is(path, WARC_SUFFIXES) and partition_docs:
            offsets = warc_record_offsets(path)
            bounds = offsets[::partition_docs]
            partitions += [Partition("warc", (item,), start, stop, start)
                           for start, stop in zip(bounds, [*bounds[1:], None])]
        else:
            loose.append(item)
    size = partition_docs or 1
    partitions += [Partition("items", tuple(loose[i:i + size])) for i in range(0, len(loose), size)]
    return partitions


def sizes(partitions: list[Partition]) -> dict[str, int]:
    """Bytes of input each partition covers (0 for a URL): what its coding will roughly cost.

    A JSONL range ends where the next range of its file starts (the last one at the end of the
    file), a WARC range at its stop offset; loose items count their files' sizes.
    """
    def file_size(item: str) -> int:
        try:
            return Path(item).stat().st_size if "://" not in item else 0
        except OSError:
            return 0

    starts: dict[str, list[int]] = {}
    for p in partitions:
        if p.kind == "jsonl":
            starts.setdefault(p.paths[0], []).append(p.seek)
    out = {}
    for p in partitions:
        if p.kind == "items":
            out[p.id] = sum(file_size(item) for item in p.paths)
            continue
        end = p.stop if p.kind == "warc" else None
        if p.kind == "jsonl":
            end = next((s for s in sorted(starts[p.paths[0]]) if s > p.seek), None)
        out[p.id] = (file_size(p.paths[0]) if end is None else end) - p.seek
    return out

