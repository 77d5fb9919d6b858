"""Planning partitions: JSONL by line ranges, WARC by record offsets, other files grouped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.dist.partition import Partition, line_offsets, plan, warc_record_offsets
from tocsin.errors import DistError

from dist_fixtures import STORIES


def test_jsonl_splits_into_line_ranges_covering_every_line(corpus):
    parts = plan([str(corpus["jsonl"])], 3)
    assert [(p.kind, p.start, p.stop) for p in parts] == [("jsonl", 0, 3), ("jsonl", 3, 6), ("jsonl", 6, 7)]


def test_line_offsets_find_where_each_range_starts(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "a"}\n{"text": "bb"}\n{"text": "c"}', encoding="utf-8")
    assert line_offsets(path, 2) == ([0, 29], 3)
    assert line_offsets(path, 1) == ([0, 14, 29], 3)


def test_warc_splits_at_record_offsets(corpus):
    offsets = warc_record_offsets(corpus["warc"])
    assert len(offsets) == len(STORIES) and offsets == sorted(offsets) and offsets[0] == 0
    parts = plan([str(corpus["warc"])], 4)
    assert [(p.kind, p.start, p.stop) for p in parts] == [("warc", 0, offsets[4]), ("warc", offsets[4], None)]


def test_zero_means_one_partition_per_file(corpus):
    parts = plan([str(corpus["jsonl"]), str(corpus["warc"]), str(corpus["texts"])], 0)
    assert [p.kind for p in parts] == ["items"] * 4
    assert all(len(p.paths) == 1 for p in parts)


def test_loose_files_are_grouped_and_directories_walked(corpus):
    (parts,) = plan([str(corpus["texts"])], 5)
    assert parts.kind == "items" and [Path(p).name for p in parts.paths] == ["story0.txt", "story1.txt"]


def test_ids_are_stable_and_distinct(corpus):
    first, second = plan([str(corpus["jsonl"])], 2), plan([str(corpus["jsonl"])], 2)
    assert [p.id for p in first] == [p.id for p in second]
    assert len({p.id for p in first}) == len(first)
    assert Partition.from_dict(first[1].describe()) == first[1]


def test_missing_input_and_negative_size_are_coded_errors(corpus, tmp_path: Path):
    with pytest.raises(DistError) as missing:
        plan([str(tmp_path / "nope.jsonl")], 2)
    assert missing.value.code == "T602"
    with pytest.raises(DistError):
        plan([str(corpus["jsonl"])], -1)


def _read(parts, config):
    from tocsin.dist.worker import read_partition

    return [item for part in parts for item in read_partition(part, config)]


@pytest.mark.parametrize("kind,size", [("jsonl", 3), ("jsonl", 1), ("warc", 2), ("warc", 5)])
def test_partitions_read_exactly_what_one_pass_reads(corpus, kind, size):
    from tocsin.config import load_config
    from tocsin.ingest import read_inputs

    config = load_config()
    whole = list(read_inputs([str(corpus[kind].resolve())], config))
    assert len(whole) == len(STORIES)
    assert _read(plan([str(corpus[kind])], size), config) == whole


def test_sizes_are_the_bytes_each_partition_covers(corpus, tmp_path: Path):
    from tocsin.dist.partition import sizes

    jsonl = corpus["jsonl"]
    parts = plan([str(jsonl)], 3)
    got = sizes(parts)
    assert sum(got[p.id] for p in parts) == jsonl.stat().st_size
    assert [got[p.id] for p in parts] == [b - a for a, b in zip([p.seek for p in parts], [p.seek for p in parts[1:]] + [jsonl.stat().st_size])]
    warc = plan([str(corpus["warc"])], 4)
    assert sum(sizes(warc).values()) == corpus["warc"].stat().st_size
    (items,) = plan([str(corpus["texts"])], 5)
    assert sizes([items])[items.id] == sum(Path(p).stat().st_size for p in items.paths)
    assert sizes([Partition("items", ("https://example.org/a",))]) == {Partition("items", ("https://example.org/a",)).id: 0}
