"""Flat rows from records: the columns of the ``events``, ``articles`` and ``indicators`` tables."""

from __future__ import annotations

import hashlib
from typing import Any

from tocsin.dedupe.similarity import parse_date as iso_date
from tocsin.model import Article, Count, Event, Indicator

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "plover_type", "plover_mode", "cameo", "acled_event_type", "acled_sub_event_type",
    "date", "date_precision", "date_basis", "country", "admin1", "location_name", "lat", "lon",
    "geonameid", "geo_precision", "source_name", "source_country", "source_role", "target_name",
    "target_country", "target_role", "killed", "injured", "arrested", "displaced", "participants",
    "status", "historical", "confidence", "n_sources", "n_mentions", "search_text", "record",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "url", "title", "published", "published_basis", "source", "origin", "language", "text", "n_events",
)



def figure(count: Count | None) -> int | None:
    """The flat column value: best estimate, low where best is null."""
    if count is None:
        return None
    return count.best if count.best is not None else count.low


def search_text(event: Event) -> str:
    """Lower-cased evidence sentences, actor and place names, for full-text filters."""
    parts: list[str] = [ev.sentence for ev in event.evidence]
    for actor in (event.source_actor, event.target_actor):
        if actor is not None:
            parts += [actor.text, actor.name or ""]
    if event.location is not None:
        parts += [event.location.text or "", event.location.name or ""]
    return " ".join(p for p in parts if p).lower()


def event_row(event: Event) -> dict[str, Any]:
    loc, src, tgt = event.location, event.source_actor, event.target_actor
    return {
        "event_id": event.event_id, "plover_type": event.plover.type, "plover_mode": event.plover.mode,
        "cameo": event.cameo,
        "acled_event_type": event.acled.event_type if event.acled else None,
        "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
        "date": iso_date(event.date), "date_precision": event.date_precision, "date_basis": event.date_basis,
        "country": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "location_name": (loc.name or loc.text) if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None, "geo_precision": loc.precision if loc else None,
        "source_name": (src.name or src.text) if src else None, "source_country": src.country if src else None,
        "source_role": src.role if src else None,
        "target_name": (tgt.name or tgt.text) if tgt else None, "target_country": tgt.country if tgt else None,
        "target_role": tgt.role if tgt else None,
        **{kind: figure(getattr(event.counts, kind))
           for kind in ("killed", "injured", "arrested", "displaced", "participants")},
        "status": event.status, "historical": event.historical, "confidence": event.confidence,
        "n_sources": len(event.sources), "n_mentions": event.mentions,
        "search_text": search_text(event), "record": event.model_dump_json(),
    }


def article_row(article: Article, n_events: int) -> dict[str, Any]:
    row = article.model_dump()
    row["published"] = iso_date(article.published)
    row["n_events"] = n_events
    return {c: row[c] for c in ARTICLE_COLUMNS}


def indicator_id(article_id: str, indicator: Indicator) -> str:
    key = f"{article_id}|{indicator.kind}|{indicator.evidence.start}|{indicator.evidence.end}"
    return "in" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def indicator_row(article_id: str, indicator: Indicator) -> dict[str, Any]:
    loc = indicator.location
    return {
        "id": indicator_id(article_id, indicator), "article_id": article_id, "kind": indicator.kind,
        "severity": indicator.severity, "country": loc.country if loc else None,
        "location_name": (loc.name or loc.text) if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "date": iso_date(indicator.date), "record": indicator.model_dump_json(),
    }
