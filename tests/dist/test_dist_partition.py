"""Planning partitions: JSONL by line ranges, WARC by record offsets, other files grouped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.dist.partition import Partition, count_lines, plan, warc_record_offsets
from tocsin.errors import DistError

from dist_fixtures import STORIES


def test_jsonl_splits_into_line_ranges_covering_every_line(corpus):
    parts = plan([str(corpus["jsonl"])], 3)
    assert [(p.kind, p.start, p.stop) for p in parts] == [("jsonl", 0, 3), ("jsonl", 3, 6), ("jsonl", 6, 7)]


def test_count_lines_counts_a_last_line_without_newline(tmp_path: Path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b"}', encoding="utf-8")
    assert count_lines(path) == 2


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
