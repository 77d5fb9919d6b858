"""Parquet shards: one file per table per partition, written whole or not at all.

Layout under a run directory::

    manifest.json
    articles/<partition>.parquet     one row per article: metadata columns + the Article as JSON
    events/<partition>.parquet       one row per event: flat query columns + the Event as JSON
    indicators/<partition>.parquet   one row per indicator: flat columns + the Indicator as JSON
    rejections/<partition>.parquet   one row per skipped or failed document (+ JSON)

Every record also travels whole as JSON, so fields added to the model survive the round trip.

Query them directly, e.g. ``duckdb -c "select plover_type, count(*) from 'run/events/*.parquet' group by 1"``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tocsin.model import Article, Count, Event, Indicator, Rejection
from tocsin.pipeline import Document

TABLES = ("articles", "events", "indicators", "rejections")

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([("id", _S), ("url", _S), ("title", _S), ("published", _S), ("source", _S),
                           ("origin", _S), ("language", _S), ("chars", _I), ("json", _S)]),
    "events": pa.schema([
        ("event_id", _S), ("article_id", _S), ("plover_type", _S), ("plover_mode", _S), ("cameo", _S),
        ("acled_event_type", _S), ("acled_sub_event_type", _S), ("date", _S), ("date_precision", _S),
        ("status", _S), ("historical", _B), ("country", _S), ("admin1", _S), ("place", _S),
        ("lat", _F), ("lon", _F), ("geonameid", _I), ("killed", _I), ("injured", _I), ("arrested", _I),
        ("displaced", _I), ("participants", _I), ("confidence", _F), ("mentions", _I), ("json", _S),
    ]),
    "indicators": pa.schema([
        ("article_id", _S), ("kind", _S), ("severity", _S), ("date", _S), ("country", _S), ("place", _S),
        ("json", _S),
    ]),
    "rejections": pa.schema([("origin", _S), ("status", _S), ("code", _S), ("reason", _S), ("json", _S)]),
}


def _figure(count: Count | None) -> int | None:
    """The one number a query wants: best, else low (a range's floor)."""
    if count is None:
        return None
    return count.best if count.best is not None else count.low


def event_row(event: Event, article_id: str) -> dict:
    place = event.location
    return {
        "event_id": event.event_id, "article_id": article_id, "plover_type": event.plover.type,
        "plover_mode": event.plover.mode, "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "date": event.date, "date_precision": event.date_precision, "status": event.status,
        "historical": event.historical,
        "country": place.country if place else None, "admin1": place.admin1 if place else None,
        "place": (place.name or place.text) if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None,
        **{kind: _figure(getattr(event.counts, kind)) for kind in ("killed", "injured", "arrested", "displaced",
                                                                    "participants")},
        "confidence": event.confidence, "mentions": event.mentions, "json": event.model_dump_json(),
    }


def indicator_row(indicator: Indicator, article_id: str) -> dict:
    place = indicator.location
    return {"article_id": article_id, "kind": indicator.kind, "severity": indicator.severity,
            "date": indicator.date, "country": place.country if place else None,
            "place": (place.name or place.text) if place else None, "json": indicator.model_dump_json()}


def article_row(article: Article) -> dict:
    return {"id": article.id, "url": article.url, "title": article.title, "published": article.published,
            "source": article.source, "origin": article.origin, "language": article.language,
            "chars": len(article.text), "json": article.model_dump_json()}


def rejection_row(rejection: Rejection) -> dict:
    return {"origin": rejection.origin, "status": rejection.status, "code": rejection.code,
            "reason": rejection.reason, "json": rejection.model_dump_json()}


def rows(documents: list[Document], rejections: list[Rejection]) -> dict[str, list[dict]]:
    """The rows of each table for one partition's output."""
    return {
        "articles": [article_row(d.article) for d in documents],
        "events": [event_row(e, d.article.id) for d in documents for e in d.events],
        "indicators": [indicator_row(i, d.article.id) for d in documents for i in d.indicators],
        "rejections": [rejection_row(r) for r in rejections],
    }


def shard_path(out: Path, table: str, partition_id: str) -> Path:
    return out / table / f"{partition_id}.parquet"


def write_shards(out: Path, partition_id: str, documents: list[Document], rejections: list[Rejection]) -> dict[str, str]:
    """Write the four tables of one partition; each file appears only when complete (temp + rename)."""
    written = {}
    for table, table_rows in rows(documents, rejections).items():
        path = shard_path(out, table, partition_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        pq.write_table(pa.Table.from_pylist(table_rows, schema=SCHEMAS[table]), temp)
        os.replace(temp, path)
        written[table] = str(path.relative_to(out))
    return written


def complete(out: Path, partition_id: str) -> bool:
    """True when all four shard files of a partition exist."""
    return all(shard_path(out, table, partition_id).is_file() for table in TABLES)


def read_documents(out: Path, partition_id: str) -> tuple[list[Document], list[Rejection]]:
    """One partition's shards back as Documents (article, events, indicators; no spaCy doc)."""
    def table(name: str) -> list[dict]:
        return pq.read_table(shard_path(out, name, partition_id)).to_pylist()

    events: dict[str, list[Event]] = defaultdict(list)
    for row in table("events"):
        events[row["article_id"]].append(Event.model_validate_json(row["json"]))
    indicators: dict[str, list[Indicator]] = defaultdict(list)
    for row in table("indicators"):
        indicators[row["article_id"]].append(Indicator.model_validate_json(row["json"]))
    documents = [Document(article, events=events[article.id], indicators=indicators[article.id])
                 for article in (Article.model_validate_json(row["json"]) for row in table("articles"))]
    return documents, [Rejection.model_validate_json(row["json"]) for row in table("rejections")]
