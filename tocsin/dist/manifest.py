"""The run manifest: what a run covers, under which config, and which partitions are done.

It is rewritten whole (temp + rename) after each finished partition, so a crash leaves the
last good version; a partition counts as done only when the manifest says so and its four
shard files exist.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import tocsin
from tocsin.config import Config
from tocsin.dist.partition import Partition
from tocsin.dist.shards import complete
from tocsin.errors import DistError

MANIFEST = "manifest.json"
# Sections that cannot change what a run extracts; a rerun may change them freely.
NEUTRAL_SECTIONS = ("store", "serve", "dist")


def config_hash(config: Config) -> str:
    """Hash of the settings that decide the output (everything but store, serve and dist)."""
    relevant = {k: v for k, v in config.values.items() if k not in NEUTRAL_SECTIONS}
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class Manifest:
    """The JSON file at the top of a run directory."""

    out: Path
    config_hash: str
    inputs: list[str] = field(default_factory=list)
    partition_docs: int = 0
    tocsin_version: str = tocsin.__version__
    partitions: dict[str, dict] = field(default_factory=dict)
    created: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    @classmethod
    def open(cls, out: Path, config: Config, inputs: list[str], partition_docs: int) -> "Manifest":
        """The manifest of `out`, created if new; refuses a directory made under another config."""
        path = out / MANIFEST
        if not path.is_file():
            return cls(out, config_hash(config), inputs, partition_docs)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["config_hash"] != config_hash(config):
            raise DistError(f"{out} holds a run made under another config (hash {data['config_hash']})",
                            fix="use a new --out directory, or delete this one to start over", code="T604")
        manifest = cls(out, data["config_hash"], data["inputs"], data["partition_docs"],
                       data["tocsin_version"], data["partitions"], data["created"])
        manifest.inputs = list(dict.fromkeys([*manifest.inputs, *inputs]))
        return manifest

    def is_done(self, partition: Partition) -> bool:
        entry = self.partitions.get(partition.id)
        return bool(entry and entry["status"] == "done" and complete(self.out, partition.id))

    def record(self, partition: Partition, status: str, **details: object) -> None:
        self.partitions[partition.id] = {**partition.describe(), "status": status, **details}

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = {"partitions": len(self.partitions)}
        for entry in self.partitions.values():
            totals[entry["status"]] = totals.get(entry["status"], 0) + 1
            for key, value in entry.get("counts", {}).items():
                totals[key] = totals.get(key, 0) + value
        return totals

    def save(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        data = {"tocsin_version": self.tocsin_version, "config_hash": self.config_hash, "created": self.created,
                "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "inputs": self.inputs,
                "partition_docs": self.partition_docs, "counts": self.counts(), "partitions": self.partitions}
        temp = self.out / f".{MANIFEST}.tmp"
        temp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, self.out / MANIFEST)


def load_manifest(out: Path) -> dict:
    """The manifest of a finished or partial run, as JSON."""
    path = out / MANIFEST
    if not path.is_file():
        raise DistError(f"{out} has no {MANIFEST}", fix="give the --out directory of a `tocsin run`", code="T605")
    return json.loads(path.read_text(encoding="utf-8"))
