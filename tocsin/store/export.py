"""Event exports: pure functions that stream ``Iterable[Event]`` to a path or an open stream.

Formats (``FORMATS``): csv (flat columns), jsonl (full records), geojson (located events),
parquet (flat columns + record), acled_csv (ACLED-style columns), plover_json (PLOVER/POLECAT-style
JSON lines), cameo_tsv (Phoenix-style tab-separated). Each writer returns the number of
records written. The CLI (``tocsin export``) and the HTTP API call ``export``.
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping

from tocsin.errors import StoreError
from tocsin.model import Event
from tocsin.store.rows import EVENT_COLUMNS, event_row, figure

Target = str | Path | IO[str] | IO[bytes]
FLAT_COLUMNS: tuple[str, ...] = tuple(c for c in EVENT_COLUMNS if c not in ("search_text", "record")) + (
    "sources", "evidence")
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "inter1", "actor2",
    "inter2", "country", "iso3", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
)
CAMEO_COLUMNS: tuple[str, ...] = (
    "date", "source_code", "target_code", "cameo_code", "root_code", "quad_class", "goldstein",
    "source_text", "target_text", "location", "admin1", "country", "lat", "lon", "event_id", "sources",
)
_ACLED_GEO = {"place": 1, "admin2": 2, "admin1": 3, "country": 3}


@contextmanager
def _text_stream(target: Target) -> Iterator[IO[str]]:
    """A text stream over a path, a text stream, or a binary stream (not closed when the caller owns it)."""
    if isinstance(target, (str, Path)):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            yield handle
    elif isinstance(target, io.TextIOBase):
        yield target
    else:
        wrapper = io.TextIOWrapper(target, encoding="utf-8", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            wrapper.flush()
            wrapper.detach()


def flat_row(event: Event) -> dict[str, Any]:
    """The flat columns of one event (dates as ISO strings, lists joined with ' | ')."""
    row = event_row(event)
    out = {c: row.get(c) for c in FLAT_COLUMNS}
    out["date"] = row["date"].isoformat() if row["date"] else None
    out["sources"] = " | ".join(event.sources)
    out["evidence"] = " | ".join(e.sentence for e in event.evidence)
    return out


def _csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], target: Target, delimiter: str = ",") -> int:
    n = 0
    with _text_stream(target) as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
            n += 1
    return n


def to_csv(events: Iterable[Event], target: Target) -> int:
    return _csv((flat_row(e) for e in events), FLAT_COLUMNS, target)


def to_jsonl(events: Iterable[Event], target: Target) -> int:
    """One full event record (EVENT_SCHEMA) per line."""
    n = 0
    with _text_stream(target) as out:
        for event in events:
            out.write(event.model_dump_json() + "\n")
            n += 1
    return n


def to_geojson(events: Iterable[Event], target: Target) -> int:
    """A FeatureCollection of the events that have coordinates; properties are the flat columns."""
    n = 0
    with _text_stream(target) as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for event in events:
            loc = event.location
            if loc is None or loc.lat is None or loc.lon is None:
                continue
            feature = {"type": "Feature", "id": event.event_id,
                       "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                       "properties": flat_row(event)}
            out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
            n += 1
        out.write("]}\n")
    return n


def to_parquet(events: Iterable[Event], target: Target, chunk: int = 1000) -> int:
    """Flat columns plus ``record`` (the full JSON), written in row groups of ``chunk`` events."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {"geonameid", "killed", "injured", "arrested", "displaced", "participants", "n_sources", "n_mentions"}
    floats = {"lat", "lon", "confidence"}
    fields = [pa.field(c, pa.int64() if c in ints else pa.float64() if c in floats else
                       pa.bool_() if c == "historical" else pa.string()) for c in FLAT_COLUMNS]
    schema = pa.schema(fields + [pa.field("record", pa.string())])
    sink = str(target) if isinstance(target, (str, Path)) else target
    n = 0
    with pq.ParquetWriter(sink, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append({**flat_row(event), "record": event.model_dump_json()})
            if len(batch) >= chunk:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    return {c.alpha_3: c.name for c in pycountry.countries}


def acled_row(event: Event, sources: Mapping[str, str] | None = None) -> dict[str, Any]:
    """ACLED-style columns. ``inter1``/``inter2`` hold the actor role codes (GOV, REB, CVL, ...);
    ``fatalities`` is 0 where no toll is reported, as in ACLED; ``notes`` are the evidence sentences."""
    loc, src, tgt = event.location, event.source_actor, event.target_actor
    names = sources or {}
    return {
        "event_id_cnty": event.event_id, "event_date": event.date, "year": event.date[:4] if event.date else None,
        "event_type": event.acled.event_type if event.acled else None,
        "sub_event_type": event.acled.sub_event_type if event.acled else None,
        "actor1": (src.name or src.text) if src else None, "inter1": src.role if src else None,
        "actor2": (tgt.name or tgt.text) if tgt else None, "inter2": tgt.role if tgt else None,
        "country": _country_names().get(loc.country, loc.country) if loc and loc.country else None,
        "iso3": loc.country if loc else None, "admin1": loc.admin1 if loc else None,
        "location": (loc.name or loc.text) if loc else None,
        "latitude": loc.lat if loc else None, "longitude": loc.lon if loc else None,
        "geo_precision": _ACLED_GEO.get(loc.precision) if loc and loc.precision else None,
        "source": "; ".join(names.get(s, s) for s in event.sources),
        "notes": " ".join(e.sentence for e in event.evidence),
        "fatalities": figure(event.counts.killed) or 0,
    }


def to_acled_csv(events: Iterable[Event], target: Target, sources: Mapping[str, str] | None = None) -> int:
    """ACLED-style CSV of the events that have an ACLED type (appeals, statements and the like have none)."""
    return _csv((acled_row(e, sources) for e in events if e.acled is not None), ACLED_COLUMNS, target)


def plover_record(event: Event) -> dict[str, Any]:
    """A PLOVER/POLECAT-style record: event, mode, context, actors with sector codes, location, text."""
    def actor(a):  # noqa: ANN001, ANN202
        if a is None:
            return None
        return {"text": a.text, "actor": a.name, "country": a.country, "sector": a.role, "identity": a.identity}

    loc = event.location
    return {
        "id": event.event_id, "event_date": event.date, "event_type": event.plover.type,
        "mode": event.plover.mode, "context": event.plover.context, "cameo": event.cameo,
        "source": actor(event.source_actor), "target": actor(event.target_actor),
        "location": None if loc is None else {"name": loc.name or loc.text, "country": loc.country,
                                              "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon,
                                              "geonameid": loc.geonameid, "precision": loc.precision},
        "fatalities": figure(event.counts.killed), "injured": figure(event.counts.injured),
        "status": event.status, "event_text": " ".join(e.sentence for e in event.evidence),
        "story_ids": event.sources, "confidence": event.confidence,
    }


def to_plover_json(events: Iterable[Event], target: Target) -> int:
    """PLOVER records as JSON lines."""
    n = 0
    with _text_stream(target) as out:
        for event in events:
            out.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
            n += 1
    return n


@lru_cache(maxsize=1)
def cameo_roots() -> dict[str, tuple[int, float]]:
    """CAMEO root -> (quad class, root Goldstein score), from cameo_roots.tsv."""
    table = {}
    for line in (Path(__file__).resolve().parent / "cameo_roots.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            root, quad, goldstein, _ = line.split("\t", 3)
            table[root] = (int(quad), float(goldstein))
    return table


def _actor_code(actor) -> str | None:  # noqa: ANN001
    if actor is None:
        return None
    code = (actor.country or "") + (actor.role or "")
    return code or None


def cameo_row(event: Event, sources: Mapping[str, str] | None = None) -> dict[str, Any]:
    root = event.cameo[:2] if event.cameo else None
    quad, goldstein = cameo_roots().get(root or "", (None, None))
    loc = event.location
    names = sources or {}
    return {
        "date": event.date.replace("-", "") if event.date else None,
        "source_code": _actor_code(event.source_actor), "target_code": _actor_code(event.target_actor),
        "cameo_code": event.cameo, "root_code": root, "quad_class": quad, "goldstein": goldstein,
        "source_text": event.source_actor.text if event.source_actor else None,
        "target_text": event.target_actor.text if event.target_actor else None,
        "location": (loc.name or loc.text) if loc else None, "admin1": loc.admin1 if loc else None,
        "country": loc.country if loc else None, "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "event_id": event.event_id, "sources": ";".join(names.get(s, s) for s in event.sources),
    }


def to_cameo_tsv(events: Iterable[Event], target: Target, sources: Mapping[str, str] | None = None) -> int:
    """Phoenix-style TSV (YYYYMMDD date, actor codes COUNTRY+ROLE, CAMEO code, root, quad class, Goldstein)
    of the events that have a CAMEO code."""
    return _csv((cameo_row(e, sources) for e in events if e.cameo), CAMEO_COLUMNS, target, delimiter="\t")


FORMATS: dict[str, Callable[..., int]] = {
    "csv": to_csv, "jsonl": to_jsonl, "geojson": to_geojson, "parquet": to_parquet,
    "acled_csv": to_acled_csv, "plover_json": to_plover_json, "cameo_tsv": to_cameo_tsv,
}
BINARY_FORMATS = frozenset({"parquet"})
SOURCE_FORMATS = frozenset({"acled_csv", "cameo_tsv"})


def export(events: Iterable[Event], fmt: str, target: Target, *, sources: Mapping[str, str] | None = None) -> int:
    """Write ``events`` in format ``fmt`` (a key of FORMATS) to ``target``; returns the number written.

    ``sources`` (article id -> URL or outlet, e.g. ``Store.source_labels()``) replaces article ids in
    the source column of acled_csv and cameo_tsv."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise StoreError(f"unknown export format {fmt!r}", fix=f"use one of: {', '.join(FORMATS)}",
                         code="T320") from None
    if sources is not None and fmt in SOURCE_FORMATS:
        return writer(events, target, sources=sources)
    return writer(events, target)
