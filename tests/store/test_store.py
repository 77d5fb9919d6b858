import random

import duckdb
import pytest
from factory import article, corpus, event, variants
from snapshot import snapshot

from tocsin.errors import StoreError
from tocsin.model import Rejection
from tocsin.pipeline import Document
from tocsin.store import Store
from tocsin.store.migrate import migrate, migrations


def test_migrations_apply_once(tmp_path, config):
    db = tmp_path / "t.duckdb"
    with Store(db, config) as store:
        versions = [r[0] for r in store.con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert versions == [m.version for m in migrations()]
        assert migrate(store.con) == []
    with Store(db, config) as store:
        assert store.stats()["schema_migrations"] == len(migrations())


def test_bad_migration_is_rolled_back(tmp_path):
    (tmp_path / "001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (tmp_path / "002_bad.sql").write_text("CREATE TABLE b (y INTEGER); CREATE TABLE oops (;")
    con = duckdb.connect()
    with pytest.raises(StoreError) as err:
        migrate(con, tmp_path)
    assert err.value.code == "T302"
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "a" in tables and "b" not in tables
    (tmp_path / "bad-name.sql").write_text("")
    with pytest.raises(StoreError):
        migrations(tmp_path)


def test_write_and_read_back(tmp_path, config):
    docs = corpus()
    with Store(tmp_path / "t.duckdb", config) as store:
        result = store.write_batch(docs, [Rejection(origin="file://x.html", status="skipped", code="T201",
                                                    reason="clean text shorter than 80 characters")])
        assert result.stored == len(docs) and result.skipped == 1
        stats = store.stats()
        assert stats["articles"] == len(docs) and stats["ingest_log"] == len(docs) + 1
        assert stats["events"] == 5  # Jalal-Abad attack, later attack, Naryn rally, Mombasa crackdown, Kisumu arrests
        assert stats["indicators"] == 1
        assert store.done_origins() == {d.article.origin for d in docs} | {"file://x.html"}
        assert store.get_article(docs[0].article.id) == docs[0].article
        events = list(store.iter_events())
        assert len(events) == 5 and sum(len(e.sources) for e in events) == len(docs)
        row = store.con.execute("SELECT killed, n_sources, search_text, country FROM events WHERE event_id = ?",
                                [events[0].event_id]).fetchone()
        assert row[0] == events[0].counts.killed.best and row[1] == 3 and "armed youths" in row[2] and row[3] == "KGZ"
        log = dict(store.con.execute("SELECT status, count(*) FROM ingest_log GROUP BY 1").fetchall())
        assert log == {"stored": len(docs), "skipped": 1}


def test_same_input_twice_changes_nothing(tmp_path, config):
    db = tmp_path / "t.duckdb"
    with Store(db, config) as store:
        store.write_batch(corpus(), [])
    before = snapshot(db)
    with Store(db, config) as store:
        result = store.write_batch(corpus(), [])
        assert result.stored == 0 and result.already_logged == len(corpus())
    assert snapshot(db) == before


def test_duplicate_article_is_logged_and_changes_nothing_else(tmp_path, config):
    db = tmp_path / "t.duckdb"
    docs = corpus()
    with Store(db, config) as store:
        store.write_batch(docs, [])
    before = snapshot(db, skip=("ingest_log",))
    copy = docs[0].article.model_copy(update={"origin": "https://mirror.example.com/copy"})
    with Store(db, config) as store:
        result = store.write_batch([Document(copy, events=docs[0].events)], [])
        assert result.duplicates == 1 and result.stored == 0
        status = store.con.execute("SELECT status, article_id, code FROM ingest_log WHERE origin = ?",
                                   [copy.origin]).fetchone()
        assert status == ("duplicate", copy.id, "T310")
    assert snapshot(db, skip=("ingest_log",)) == before


def test_cross_article_merge_keeps_older_id(tmp_path, config):
    early = article("Gunmen attacked a police post in Bazar-Korgon on Friday, killing four officers.", "2021-05-08")
    late = article("Four police officers died when gunmen stormed their post in Bazar-Korgon, "
                   "the interior ministry said on Sunday.", "2021-05-10")
    e_early = event(early, early.text, date="2021-05-07", place="Bazar-Korgon",
                    counts={}, confidence=0.6)
    e_late = event(late, late.text, date="2021-05-08", place="Bazar-Korgon", confidence=0.9)
    with Store(tmp_path / "t.duckdb", config) as store:
        store.write_batch([Document(late, events=[e_late])], [])
        result = store.write_batch([Document(early, events=[e_early])], [])
        assert result.events_merged == 1
        (merged,) = list(store.iter_events())
        assert merged.event_id == e_early.event_id  # earlier event date wins, whatever arrived first
        assert merged.merged_from == [e_late.event_id]
        assert merged.sources == sorted([early.id, late.id])
        assert store.get_event(e_late.event_id) == merged  # the absorbed id still resolves
        change = store.con.execute("SELECT kind, event_id, absorbed_id, article_id FROM event_changes "
                                   "ORDER BY seq DESC LIMIT 1").fetchone()
        assert change == ("merge", e_early.event_id, e_late.event_id, early.id)


def _split(docs, rng):
    batches, i = [], 0
    while i < len(docs):
        size = rng.randint(1, 4)
        batches.append(docs[i:i + size])
        i += size
    return batches


def test_ingest_order_does_not_change_events(tmp_path, config):
    docs = corpus() + variants(8)
    tables = ["events", "event_sources", "event_members", "articles", "article_duplicates", "indicators"]
    results = []
    for seed in range(4):
        rng = random.Random(seed)
        shuffled = docs[:]
        rng.shuffle(shuffled)
        db = tmp_path / f"order{seed}.duckdb"
        with Store(db, config) as store:
            for batch in _split(shuffled, rng):
                store.write_batch(batch, [])
        results.append(snapshot(db, tables))
    assert all(r == results[0] for r in results[1:])
    assert len(results[0]["events"]) == 5 + 2  # the corpus events plus two Naryn marches


def test_near_duplicate_articles_are_linked(tmp_path, config):
    docs = corpus()
    with Store(tmp_path / "t.duckdb", config) as store:
        store.write_batch(docs, [])
        links = store.con.execute("SELECT article_id, duplicate_of FROM article_duplicates").fetchall()
    original, copy = docs[5].article, docs[6].article  # the Mombasa report and its syndicated copy
    assert links == [(max(original.id, copy.id), min(original.id, copy.id))]


def test_failed_batch_leaves_nothing(tmp_path, config):
    docs = corpus()
    broken = Document(article("A report with an event whose evidence belongs to nobody at all, sadly.", "2021-01-01"),
                      events=[docs[0].events[0].model_copy(update={"date": "2021-01-01", "event_id": None})])
    with Store(tmp_path / "t.duckdb", config) as store:
        with pytest.raises(Exception):
            store.write_batch(docs[:2] + [broken], [])
        assert store.stats()["articles"] == 0 and store.done_origins() == set()
        store.write_batch(docs, [])
        assert store.stats()["articles"] == len(docs)


def test_syndicated_copies_are_one_source_for_confidence(tmp_path, config):
    docs = corpus()
    with Store(tmp_path / "t.duckdb", config) as store:
        store.write_batch(docs[5:7], [])  # the Mombasa report and its syndicated copy
        (event,) = list(store.iter_events())
    assert len(event.sources) == 2 and event.confidence == docs[5].events[0].confidence
