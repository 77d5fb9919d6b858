"""The DuckDB store: articles, merged events, their sources, indicators, the change feed, the ingest log.

One ``write_batch`` is one transaction: a run killed between (or inside) batches leaves only
whole batches behind, and a restart that skips ``done_origins()`` ends with the database an
uninterrupted run gives. Cross-article merging compares each new article event (a *member*)
with the stored members in its date window and country (blocked in SQL) and keeps the
connected components of the "same event" graph, so the stored events do not depend on the
order articles arrive in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import duckdb

from tocsin.config import Config
from tocsin.dedupe import neardup
from tocsin.dedupe.merge import age_key, combine_events, merge_candidates
from tocsin.errors import StoreError
from tocsin.model import Article, Event, Rejection
from tocsin.store.migrate import migrate
from tocsin.store.rows import (
    ARTICLE_COLUMNS, EVENT_COLUMNS, article_row, event_row, indicator_row, iso_date,
)

if TYPE_CHECKING:  # spaCy is heavy; the store only needs the type
    from tocsin.pipeline import Document

TABLES: tuple[str, ...] = (
    "articles", "events", "event_sources", "event_members", "event_changes", "indicators", "ingest_log",
    "article_minhash", "article_duplicates", "schema_migrations",
)


@dataclass
class BatchResult:
    """What one ``write_batch`` did."""

    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    already_logged: int = 0
    events_created: int = 0
    events_updated: int = 0
    events_merged: int = 0
    near_duplicates: int = 0
    changes: list[tuple[str, str, str | None]] = field(default_factory=list)


def origin_of(article: Article) -> str:
    """The ingest-log key: where the article was read, or its id when the reader gave no origin."""
    return article.origin or f"article:{article.id}"


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any], on_conflict: str = "") -> None:
    cols = list(row)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) {on_conflict}"
    con.execute(sql, [row[c] for c in cols])


class Store:
    """A tocsin database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None, config: Config | None = None):
        from tocsin.config import load_config

        self.config = config or load_config()
        self.path = str(path if path is not None else self.config["store"]["path"])
        try:
            self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}",
                             fix="another tocsin process may hold it; wait for it or use another store.path") from exc
        migrate(self.con)
        dd = self.config["dedupe"]
        self.window = int(dd["date_window_days"])
        self.num_perm = int(dd["minhash_permutations"])
        self.dup_threshold = float(dd["near_duplicate_threshold"])
        self._lsh = None

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (readers take a ``cursor()`` of it)."""
        return self.con

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------
    def done_origins(self) -> set[str]:
        """Origins already in the ingest log (stored, duplicate, skipped or failed): skip them on restart."""
        return {row[0] for row in self.con.execute("SELECT origin FROM ingest_log").fetchall()}

    def stats(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def get_event(self, event_id: str) -> Event | None:
        """The event, also when ``event_id`` was absorbed into another one (the merged record is returned)."""
        row = self.con.execute("SELECT record FROM events WHERE event_id = ?", [event_id]).fetchone()
        if row is None:
            row = self.con.execute("SELECT e.record FROM event_members m JOIN events e ON e.event_id = m.event_id "
                                   "WHERE m.member_id = ?", [event_id]).fetchone()
        return Event.model_validate_json(row[0]) if row else None

    def get_article(self, article_id: str) -> Article | None:
        cols = [c for c in ARTICLE_COLUMNS if c != "n_events"]
        row = self.con.execute(f"SELECT {', '.join(cols)} FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return None
        data = dict(zip(cols, row))
        data["published"] = data["published"].isoformat() if data["published"] else None
        return Article.model_validate({k: v for k, v in data.items() if v is not None or k == "published"})

    def source_labels(self) -> dict[str, str]:
        """Article id -> its URL (else outlet, else id), for the source columns of exports."""
        return dict(self.con.execute("SELECT id, coalesce(url, source, id) FROM articles").fetchall())

    def iter_events(self, chunk: int = 500) -> Iterator[Event]:
        """All stored events by date then id, streamed."""
        cursor = self.con.cursor()
        cursor.execute("SELECT record FROM events ORDER BY date NULLS LAST, event_id")
        try:
            while rows := cursor.fetchmany(chunk):
                for (record,) in rows:
                    yield Event.model_validate_json(record)
        finally:
            cursor.close()

    # -- writes ----------------------------------------------------------------------------
    def write_batch(self, documents: list[Document], rejections: list[Rejection] | None = None) -> BatchResult:
        """Store a batch in one transaction (see the module docstring). Origins already logged are left alone."""
        result = BatchResult()
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            logged = self._logged([origin_of(d.article) for d in documents] + [r.origin for r in rejections or []])
            self._seq = con.execute("SELECT coalesce(max(seq), 0) FROM event_changes").fetchone()[0]
            for document in documents:
                self._write_document(document, logged, result)
            for rejection in rejections or []:
                if rejection.origin in logged:
                    result.already_logged += 1
                    continue
                logged.add(rejection.origin)
                _insert(con, "ingest_log", {"origin": rejection.origin, "article_id": None, "status": rejection.status,
                                            "code": rejection.code, "reason": rejection.reason})
                setattr(result, rejection.status, getattr(result, rejection.status) + 1)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            self._lsh = None  # it may hold signatures of the rolled-back articles
            raise
        return result

    def _logged(self, origins: list[str]) -> set[str]:
        """Which of ``origins`` the ingest log already holds."""
        if not origins:
            return set()
        marks = ", ".join("?" for _ in origins)
        return {r[0] for r in self.con.execute(f"SELECT origin FROM ingest_log WHERE origin IN ({marks})",
                                               origins).fetchall()}

    def _write_document(self, document: Document, logged: set[str], result: BatchResult) -> None:
        con, article = self.con, document.article
        origin = origin_of(article)
        if origin in logged:
            result.already_logged += 1
            return
        logged.add(origin)
        if con.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone():
            _insert(con, "ingest_log", {"origin": origin, "article_id": article.id, "status": "duplicate",
                                        "code": "T310", "reason": "same clean text as an article already stored"})
            result.duplicates += 1
            return
        events = {e.event_id: e for e in sorted(document.events, key=lambda e: e.event_id)}
        _insert(con, "articles", article_row(article, len(events)))
        self._link_near_duplicates(article, result)
        for event in events.values():
            self._merge_member(event.model_copy(update={"sources": [article.id]}), article.id, result)
        for indicator in document.indicators:
            _insert(con, "indicators", indicator_row(article.id, indicator), "ON CONFLICT DO NOTHING")
        reason = f"{len(events)} event(s), {len(document.indicators)} indicator(s)"
        _insert(con, "ingest_log", {"origin": origin, "article_id": article.id, "status": "stored",
                                    "code": None, "reason": reason})
        result.stored += 1

    def _change(self, kind: str, event_id: str, absorbed: str | None, article_id: str, reason: str,
                result: BatchResult) -> None:
        self._seq += 1
        _insert(self.con, "event_changes", {"seq": self._seq, "kind": kind, "event_id": event_id,
                                            "absorbed_id": absorbed, "article_id": article_id, "reason": reason})
        result.changes.append((kind, event_id, absorbed))

    def _candidates(self, member: Event) -> list[tuple[str, Event]]:
        """Stored members of other articles within the date window, in the same (or an unknown) country."""
        if iso_date(member.date) is None:
            return []
        country = member.location.country if member.location else None
        rows = self.con.execute(
            "SELECT event_id, record FROM event_members WHERE article_id <> ? AND date IS NOT NULL "
            "AND date BETWEEN CAST(? AS DATE) - CAST(? AS INTEGER) AND CAST(? AS DATE) + CAST(? AS INTEGER) "
            "AND (country IS NULL OR CAST(? AS VARCHAR) IS NULL OR country = ?) ORDER BY member_id",
            [member.sources[0], iso_date(member.date), self.window, iso_date(member.date), self.window,
             country, country],
        ).fetchall()
        return [(event_id, Event.model_validate_json(record)) for event_id, record in rows]

    def _merge_member(self, member: Event, article_id: str, result: BatchResult) -> None:
        con = self.con
        candidates = self._candidates(member)
        decision = merge_candidates(member, [c for _, c in candidates], self.config)
        owner = {c.event_id: eid for eid, c in candidates}
        linked = sorted({owner[m.event_id] for m in decision.matches})
        _insert(con, "event_members", {
            "member_id": member.event_id, "event_id": member.event_id, "article_id": article_id,
            "plover_type": member.plover.type, "date": iso_date(member.date),
            "country": member.location.country if member.location else None, "record": member.model_dump_json()})
        if not linked:
            self._save_event([member], member.event_id, exists=False)
            self._change("create", member.event_id, None, article_id, decision.reason, result)
            result.events_created += 1
            return
        marks = ", ".join("?" for _ in linked)
        rows = con.execute(f"SELECT record FROM event_members WHERE event_id IN ({marks}) OR member_id = ?",
                           [*linked, member.event_id]).fetchall()
        members = [Event.model_validate_json(r[0]) for r in rows]
        canonical = min(members, key=age_key).event_id
        con.execute(f"UPDATE event_members SET event_id = ? WHERE event_id IN ({marks}) OR member_id = ?",
                    [canonical, *linked, member.event_id])
        for old in linked:
            if old != canonical:
                con.execute("DELETE FROM events WHERE event_id = ?", [old])
                con.execute("DELETE FROM event_sources WHERE event_id = ?", [old])
        self._save_event(members, canonical, exists=canonical in linked)
        if canonical in linked:
            self._change("update", canonical, None, article_id, decision.reason, result)
            result.events_updated += 1
        for old in linked:
            if old != canonical:
                self._change("merge", canonical, old, article_id, f"{old} is the same event as {canonical} "
                             f"(older id kept); {decision.reason}", result)
                result.events_merged += 1

    def _save_event(self, members: list[Event], canonical: str, exists: bool) -> None:
        """Write the merged record of ``members`` under ``canonical`` with its sources."""
        sources = sorted({s for m in members for s in m.sources})
        marks = ", ".join("?" for _ in sources)
        published = dict(self.con.execute(
            f"SELECT id, CAST(published AS VARCHAR) FROM articles WHERE id IN ({marks})", sources).fetchall())
        event = combine_events(members, new_id=canonical, published=published,
                               merged_from=[m.event_id for m in members], copies=self._originals(sources))
        row = event_row(event)
        if exists:  # an upsert (ON CONFLICT) is several times slower in DuckDB than either statement
            columns = [c for c in EVENT_COLUMNS if c != "event_id"]
            self.con.execute(f"UPDATE events SET {', '.join(f'{c} = ?' for c in columns)}, "
                             "updated_at = CAST(now() AS TIMESTAMP) WHERE event_id = ?",
                             [row[c] for c in columns] + [canonical])
        else:
            _insert(self.con, "events", row)
        self.con.execute("DELETE FROM event_sources WHERE event_id = ?", [canonical])
        for source in event.sources:
            self.con.execute("INSERT INTO event_sources (event_id, article_id) VALUES (?, ?)", [canonical, source])

    # -- near-duplicate articles -----------------------------------------------------------
    def _originals(self, article_ids: list[str]) -> dict[str, str]:
        """Each article that is a near-duplicate of another one of ``article_ids``, mapped to the
        smallest id of its group (syndicated copies are one source)."""
        if len(article_ids) < 2:
            return {}
        marks = ", ".join("?" for _ in article_ids)
        pairs = self.con.execute(f"SELECT article_id, duplicate_of FROM article_duplicates WHERE article_id IN "
                                 f"({marks}) AND duplicate_of IN ({marks})", article_ids + article_ids).fetchall()
        group = {a: a for a in article_ids}

        def root(x: str) -> str:
            while group[x] != x:
                x = group[x]
            return x

        for a, b in pairs:
            ra, rb = root(a), root(b)
            group[max(ra, rb)] = min(ra, rb)
        return {a: root(a) for a in article_ids if root(a) != a}

    def _index(self):
        if self._lsh is None:
            self._lsh = neardup.new_index(self.dup_threshold, self.num_perm)
            for article_id, blob in self.con.execute("SELECT article_id, signature FROM article_minhash").fetchall():
                self._lsh.insert(article_id, neardup.from_bytes(blob, self.num_perm))
        return self._lsh

    def _link_near_duplicates(self, article: Article, result: BatchResult) -> None:
        """Record the article's MinHash and link it to stored articles whose estimated Jaccard passes the threshold."""
        index = self._index()
        signature = neardup.minhash(article.text, self.num_perm)
        self.con.execute("INSERT INTO article_minhash VALUES (?, ?)", [article.id, neardup.to_bytes(signature)])
        for other in sorted(index.query(signature)):
            blob, published = self.con.execute(
                "SELECT m.signature, CAST(a.published AS VARCHAR) FROM article_minhash m JOIN articles a "
                "ON a.id = m.article_id WHERE m.article_id = ?", [other]).fetchone()
            jaccard = signature.jaccard(neardup.from_bytes(blob, self.num_perm))
            if jaccard < self.dup_threshold:
                continue
            mine = iso_date(article.published)
            pair = sorted([(mine.isoformat() if mine else "9999", article.id), (published or "9999", other)])
            _insert(self.con, "article_duplicates", {"article_id": pair[1][1], "duplicate_of": pair[0][1],
                                                     "jaccard": round(jaccard, 4)})
            result.near_duplicates += 1
        index.insert(article.id, signature)
