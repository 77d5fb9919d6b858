"""`/export/...`: the store's export writers, streamed over HTTP for the filtered events."""

from __future__ import annotations

import io
import logging
import queue
import threading
from collections.abc import Mapping
from typing import Any, Iterator

import duckdb
from fastapi import Depends, FastAPI, Request
from fastapi.responses import StreamingResponse

from tocsin.store import export as writers
from tocsin.store import query as Q
from tocsin.store.query import EventQuery, InvalidQuery, deadline

log = logging.getLogger("tocsin.serve")

# path -> (store format, media type, download name, what it is)
EXPORTS: dict[str, tuple[str, str, str, str]] = {
    "/export/acled.csv": ("acled_csv", "text/csv; charset=utf-8", "tocsin-acled.csv",
                          "ACLED-style CSV (events with an ACLED type)"),
    "/export/events.csv": ("csv", "text/csv; charset=utf-8", "tocsin-events.csv", "flat CSV, one row per event"),
    "/export/events.geojson": ("geojson", "application/geo+json", "tocsin-events.geojson",
                               "GeoJSON FeatureCollection of located events"),
    "/export/events.jsonl": ("jsonl", "application/x-ndjson", "tocsin-events.jsonl",
                             "JSON Lines, the full event records"),
    "/export/plover.json": ("plover_json", "application/x-ndjson", "tocsin-plover.jsonl",
                            "PLOVER/POLECAT-style records, one JSON object per line"),
    "/export/cameo.tsv": ("cameo_tsv", "text/tab-separated-values; charset=utf-8", "tocsin-cameo.tsv",
                          "Phoenix-style CAMEO TSV (events with a CAMEO code)"),
}
CHUNK_CHARS = 64 * 1024


class _Cancelled(Exception):
    """The client went away; stop writing."""


class _ChunkWriter(io.TextIOBase):
    """A text stream that hands ~64 KB chunks to a bounded queue (back-pressure from the client)."""

    def __init__(self, chunks: queue.Queue, stop: threading.Event):
        self.chunks, self.stop, self.parts, self.size = chunks, stop, [], 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self.parts:
            return
        chunk = "".join(self.parts).encode("utf-8")
        self.parts, self.size = [], 0
        if not _put(self.chunks, chunk, self.stop):
            raise _Cancelled


def _put(chunks: queue.Queue, item: object, stop: threading.Event) -> bool:
    """Queue an item unless the reader has gone (then False)."""
    while not stop.is_set():
        try:
            chunks.put(item, timeout=0.5)
            return True
        except queue.Full:
            continue
    return False


class _ArticleNames(Mapping):
    """Article id -> URL (or outlet), looked up on demand for the sources column."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.cache = con, {}

    def __getitem__(self, article_id: str) -> str:
        if article_id not in self.cache:
            row = self.con.execute("SELECT coalesce(url, source) FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None or row[0] is None:
                raise KeyError(article_id)
            self.cache[article_id] = row[0]
        return self.cache[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cache)

    def __len__(self) -> int:
        return len(self.cache)

    def __bool__(self) -> bool:  # never "empty": the writers test `sources or {}`
        return True


def _stream(db: Any, q: EventQuery, fmt: str) -> Iterator[bytes]:
    """Run the store's writer in a thread and yield what it writes, chunk by chunk."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    stop = threading.Event()
    done = object()

    def produce() -> None:
        cur = db.cursor()
        names = db.cursor()
        try:
            out = _ChunkWriter(chunks, stop)
            events = Q.iter_events(cur, q)
            if fmt in ("acled_csv", "cameo_tsv"):
                writers.FORMATS[fmt](events, out, sources=_ArticleNames(names))
            else:
                writers.export(events, fmt, out)
            out.flush()
        except _Cancelled:
            return
        except Exception:  # noqa: BLE001 - the status line is already sent; log and end the body
            log.exception("export %s failed", fmt)
        finally:
            cur.close()
            names.close()
            _put(chunks, done, stop)

    thread = threading.Thread(target=produce, name=f"export-{fmt}", daemon=True)
    thread.start()
    try:
        while (chunk := chunks.get()) is not done:
            yield chunk
    finally:
        stop.set()


def register_exports(app: FastAPI, filters: Any) -> None:
    """Add one GET route per export format, each taking the /events filters (no page, no limit)."""

    def make(path: str, fmt: str, media: str, filename: str, what: str) -> None:
        def export_route(request: Request, q: EventQuery = Depends(filters)) -> StreamingResponse:
            if {"limit", "cursor"} & set(request.query_params):
                raise InvalidQuery("exports take filters, not limit or cursor",
                                   fix="drop limit/cursor: an export holds every matching event")
            limit = request.app.state.config["serve"]["max_export_rows"]
            cur = request.app.state.db.cursor()
            try:
                with deadline(cur, float(request.app.state.config["serve"]["query_timeout_s"])):
                    n = Q.count_events(cur, q)
            finally:
                cur.close()
            if n > limit:
                raise InvalidQuery(f"{n} events match; one export holds at most serve.max_export_rows={limit}",
                                   fix="narrow the filters (dates, country, type), or use `tocsin export` on the database")
            return StreamingResponse(_stream(request.app.state.db, q, fmt), media_type=media,
                                     headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                              "X-Tocsin-Count": str(n)})

        app.add_api_route(path, export_route, methods=["GET"], tags=["exports"], summary=what,
                          response_class=StreamingResponse, name=f"export_{fmt}")

    for path, (fmt, media, filename, what) in EXPORTS.items():
        make(path, fmt, media, filename, what)
