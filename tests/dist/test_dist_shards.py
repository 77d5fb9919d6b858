"""Parquet shards: complete files only, flat query columns, and a lossless round trip."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tocsin.dist.shards import TABLES, complete, read_documents, shard_path, write_shards
from tocsin.model import Acled, Article, Count, Counts, Event, Evidence, Indicator, Place, Plover, Rejection
from tocsin.pipeline import Document


def _document() -> Document:
    text = "Gunmen killed five villagers in Anka on Monday. Food ran short in the camps."
    article = Article(id="a1b2c3d4e5f60718", text=text, published="2021-03-02", origin="wire.jsonl#L1",
                      source="Example Wire")
    evidence = Evidence(article_id=article.id, sentence=text[:47], start=0, end=47)
    place = Place(text="Anka", name="Anka", country="NGA", admin1="Zamfara", lat=12.1, lon=5.9, geonameid=2349974)
    event = Event(event_id="ev1", plover=Plover(type="ASSAULT", mode="firearms"), cameo="190",
                  acled=Acled(event_type="Violence against civilians", sub_event_type="Attack"), date="2021-03-01",
                  location=place, counts=Counts(killed=Count(low=5, best=5, text="five villagers")),
                  evidence=[evidence], sources=[article.id])
    indicator = Indicator(kind="food", evidence=Evidence(article_id=article.id, sentence=text[48:], start=48,
                                                         end=len(text)), location=place)
    return Document(article, events=[event], indicators=[indicator])


def test_round_trip_keeps_every_record(tmp_path: Path):
    document = _document()
    rejection = Rejection(origin="wire.jsonl#L2", status="skipped", code="T201", reason="too short")
    write_shards(tmp_path, "p1", [document], [rejection])
    assert complete(tmp_path, "p1")
    (back,), (rejected,) = read_documents(tmp_path, "p1")
    assert back.article == document.article and back.events == document.events
    assert back.indicators == document.indicators and rejected == rejection


def test_flat_columns_answer_queries(tmp_path: Path):
    write_shards(tmp_path, "p1", [_document()], [])
    row = duckdb.sql(f"select plover_type, country, killed, article_id from '{tmp_path}/events/*.parquet'").fetchall()
    assert row == [("ASSAULT", "NGA", 5, "a1b2c3d4e5f60718")]


def test_empty_partition_still_writes_every_table(tmp_path: Path):
    write_shards(tmp_path, "empty", [], [])
    assert all(shard_path(tmp_path, table, "empty").is_file() for table in TABLES)
    assert read_documents(tmp_path, "empty") == ([], [])


def test_partition_missing_a_table_is_not_complete(tmp_path: Path):
    write_shards(tmp_path, "p1", [_document()], [])
    shard_path(tmp_path, "events", "p1").unlink()
    assert not complete(tmp_path, "p1")
    assert not list(tmp_path.rglob("*.tmp"))
