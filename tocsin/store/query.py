"""The one read layer over the store, shared by the CLI (`tocsin events`) and the API.

Every filter is a fixed SQL template with ``?`` parameters: no SQL text is ever built from
user strings, sort keys come from a whitelist, and pages use keyset cursors (opaque, so a
client cannot forge SQL through them and a page never shifts when rows are added).
"""

from __future__ import annotations

import base64
import json
import math
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date as Date, timedelta
from typing import Any, Iterator, Sequence

import duckdb

from tocsin.errors import TocsinError
from tocsin.model import PLOVER_TYPES, Article, Event


class InvalidQuery(TocsinError):
    """A filter, sort or cursor that cannot be used."""

    code = "T510"


class QueryTimeout(TocsinError):
    """A query ran past its time limit and was interrupted."""

    code = "T511"


# sort name -> (key expression, cursor value type). NULLs are folded to a constant so that
# keyset comparisons stay total; undated events come last in both date orders.
SORTS: dict[str, tuple[str, str]] = {
    "date": ("COALESCE(date, DATE '9999-12-31')", "date"),
    "-date": ("COALESCE(date, DATE '0001-01-01')", "date"),
    "killed": ("COALESCE(killed, -1)", "int"),
    "confidence": ("COALESCE(confidence, 0.0)", "float"),
}
SORT_CHOICES: tuple[str, ...] = ("date", "-date", "killed", "-killed", "confidence", "-confidence")
STATUSES: tuple[str, ...] = ("reported", "claimed", "requested", "threatened", "denied", "hypothetical")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_EARTH_KM = 6371.0088


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


def _as_date(name: str, value: str | Date | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return (value if isinstance(value, Date) else Date.fromisoformat(str(value))).isoformat()
    except ValueError:
        raise InvalidQuery(f"{name}={value!r} is not a date", fix="use YYYY-MM-DD") from None


@dataclass
class EventQuery:
    """Filters, order and page of an event listing. Validated on creation (raises InvalidQuery)."""

    since: str | None = None
    until: str | None = None
    country: str | list[str] | None = None           # ISO3, one or several
    admin1: str | None = None
    plover_type: str | list[str] | None = None        # one or several PLOVER types
    plover_mode: str | None = None
    acled_type: str | None = None                     # ACLED event type or sub-event type
    actor: str | None = None                          # substring of source or target name
    text: str | None = None                           # every word must occur in the evidence/actors/place
    status: str | list[str] | None = None
    bbox: tuple[float, float, float, float] | None = None   # west, south, east, north
    near: tuple[float, float, float] | None = None          # lat, lon, km
    min_killed: int | None = None
    historical: bool | None = None                    # None: both; False: current only; True: background only
    sort: str = "-date"
    limit: int = 50
    cursor: str | None = None
    max_limit: int = field(default=10_000, repr=False)

    def __post_init__(self) -> None:
        self.since = _as_date("since", self.since)
        self.until = _as_date("until", self.until)
        if self.since and self.until and self.since > self.until:
            raise InvalidQuery(f"since {self.since} is after until {self.until}", fix="swap the dates")
        self.country = [c.upper() for c in _as_list(self.country)]
        bad = [c for c in self.country if not _ISO3.match(c)]
        if bad:
            raise InvalidQuery(f"country {bad[0]!r} is not an ISO3 code", fix="use a code such as KGZ or SYR")
        self.plover_type = [t.upper() for t in _as_list(self.plover_type)]
        bad = [t for t in self.plover_type if t not in PLOVER_TYPES]
        if bad:
            raise InvalidQuery(f"plover_type {bad[0]!r} is not a PLOVER type",
                               fix=f"use one of {', '.join(PLOVER_TYPES)}")
        self.status = [s.lower() for s in _as_list(self.status)]
        bad = [s for s in self.status if s not in STATUSES]
        if bad:
            raise InvalidQuery(f"status {bad[0]!r} is unknown", fix=f"use one of {', '.join(STATUSES)}")
        for name in ("admin1", "plover_mode", "acled_type", "actor", "text"):
            value = getattr(self, name)
            setattr(self, name, value.strip() if isinstance(value, str) and value.strip() else None)
        if self.bbox is not None:
            self.bbox = _check_bbox(self.bbox)
        if self.near is not None:
            self.near = _check_near(self.near)
        if self.min_killed is not None and int(self.min_killed) < 0:
            raise InvalidQuery("min_killed must be 0 or more", fix="drop the filter or give a count")
        if self.sort not in SORT_CHOICES:
            raise InvalidQuery(f"sort {self.sort!r} is unknown", fix=f"use one of {', '.join(SORT_CHOICES)}")
        if not 1 <= int(self.limit) <= self.max_limit:
            raise InvalidQuery(f"limit {self.limit} is out of range", fix=f"use 1 to {self.max_limit}")
        if self.cursor:
            _decode_cursor(self.cursor, self.sort)  # fail early, before any SQL runs


def _check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise InvalidQuery(f"bbox {bbox!r} needs four numbers", fix="use WEST,SOUTH,EAST,NORTH in degrees") from None
    if not all(map(math.isfinite, (west, south, east, north))) or not (
            -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidQuery(f"bbox {bbox!r} is out of range",
                           fix="longitudes in -180..180, latitudes in -90..90, south <= north")
    return west, south, east, north


def _check_near(near: Sequence[float]) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(v) for v in near)
    except (TypeError, ValueError):
        raise InvalidQuery(f"near {near!r} needs three numbers", fix="use LAT,LON,KM") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
        raise InvalidQuery(f"near {near!r} is out of range", fix="lat -90..90, lon -180..180, km 0..20000")
    return lat, lon, km


def where_clause(q: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE text and parameters of a query's filters."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if q.since:
        add("date >= CAST(? AS DATE)", q.since)
    if q.until:
        add("date <= CAST(? AS DATE)", q.until)
    if q.country:
        add(f"country IN ({', '.join('?' * len(q.country))})", *q.country)
    if q.admin1:
        add("lower(admin1) = lower(?)", q.admin1)
    if q.plover_type:
        add(f"plover_type IN ({', '.join('?' * len(q.plover_type))})", *q.plover_type)
    if q.plover_mode:
        add("lower(plover_mode) = lower(?)", q.plover_mode)
    if q.acled_type:
        add("(lower(acled_event_type) = lower(?) OR lower(acled_sub_event_type) = lower(?))",
            q.acled_type, q.acled_type)
    if q.status:
        add(f"status IN ({', '.join('?' * len(q.status))})", *q.status)
    # contains() takes its argument literally (no wildcards to escape) and is cheaper than LIKE.
    if q.actor:
        add("(contains(lower(source_name), ?) OR contains(lower(target_name), ?))", q.actor.lower(), q.actor.lower())
    if q.text:
        for word in q.text.lower().split():
            add("contains(search_text, ?)", word)
    if q.bbox:
        west, south, east, north = q.bbox
        add("lat BETWEEN ? AND ?", south, north)
        if west <= east:
            add("lon BETWEEN ? AND ?", west, east)
        else:  # the box crosses the antimeridian
            add("(lon >= ? OR lon <= ?)", west, east)
    if q.near:
        lat, lon, km = q.near
        dlat = km / 111.0
        # A cheap box first (skips the trigonometry for most rows), then the great-circle distance.
        add("lat BETWEEN ? AND ?", lat - dlat, lat + dlat)
        coslat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
        dlon = km / (111.0 * coslat) if coslat > 0 else 360.0
        if dlon < 180 and -180 <= lon - dlon and lon + dlon <= 180:  # no box across the antimeridian
            add("lon BETWEEN ? AND ?", lon - dlon, lon + dlon)
        add(f"2 * {_EARTH_KM} * asin(sqrt(pow(sin(radians(lat - ?) / 2), 2) + cos(radians(?)) * "
            "cos(radians(lat)) * pow(sin(radians(lon - ?) / 2), 2))) <= ?", lat, lat, lon, km)
    if q.min_killed is not None:
        add("killed >= ?", int(q.min_killed))
    if q.historical is not None:
        add("COALESCE(historical, false) = ?", bool(q.historical))
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


# --- cursors -------------------------------------------------------------------------------

def _encode_cursor(sort: str, key: Any, event_id: str) -> str:
    if isinstance(key, Date):
        key = key.isoformat()
    raw = json.dumps([sort, key, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, event_id = json.loads(raw)
    except (ValueError, TypeError):
        raise InvalidQuery("cursor is not valid", fix="pass next_cursor from the previous page unchanged") from None
    kind = _key(sort)[1]
    ok = cursor_sort == sort and isinstance(event_id, str) and (
        (kind == "date" and isinstance(key, str) and _is_date(key))
        or (kind == "int" and isinstance(key, int))
        or (kind == "float" and isinstance(key, (int, float))))
    if not ok:
        raise InvalidQuery("cursor does not belong to this sort order",
                           fix="start again without a cursor after changing sort")
    return key, event_id


def _is_date(text: str) -> bool:
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- listings ------------------------------------------------------------------------------

@dataclass
class Page:
    """One page of events and the cursor of the next (None on the last page)."""

    events: list[Event]
    next_cursor: str | None


@dataclass
class RawPage:
    """One page as stored JSON records (no re-validation: the API's fast path)."""

    records: list[str]
    next_cursor: str | None


def _key(sort: str) -> tuple[str, str]:
    """(key expression, cursor value type) of a sort choice."""
    return SORTS.get(sort) or SORTS[sort.lstrip("-")]


def _order(q: EventQuery) -> tuple[str, str, str]:
    descending = q.sort.startswith("-")
    return _key(q.sort)[0], "DESC" if descending else "ASC", "<" if descending else ">"


WINDOW_DAYS = (31, 366, 3660)


def _window_anchor(con: duckdb.DuckDBPyConnection, q: EventQuery) -> Date | None:
    """Where date windows start for a date-ordered page (None: not date-ordered, or nothing dated left).

    A store filled as news arrives keeps rows roughly in date order, so DuckDB's zone maps skip
    every row group outside a date window: the usual "latest events" page reads a sliver of the
    table. A window that yields a full page is exact, because every row outside it sorts later.
    """
    if q.sort not in ("date", "-date"):
        return None
    newest_first = q.sort == "-date"
    if q.cursor:
        anchor = Date.fromisoformat(_decode_cursor(q.cursor, q.sort)[0])
    else:
        anchor = con.execute(f"SELECT {'max' if newest_first else 'min'}(date) FROM events").fetchone()[0]
    if anchor is None or anchor.year in (1, 9999):  # no dated rows, or the cursor is among the undated
        return None
    if newest_first and q.until:  # start where the filter's own range starts
        return min(anchor, Date.fromisoformat(q.until))
    if not newest_first and q.since:
        return max(anchor, Date.fromisoformat(q.since))
    return anchor


# Descending numeric sorts: the column behind the key and the key's NULL value (see SORTS).
THRESHOLDS = {"-killed": ("killed", -1), "-confidence": ("confidence", 0.0)}


def _top(con: duckdb.DuckDBPyConnection, q: EventQuery, where: str, params: list[Any]) -> list[tuple[Any, str]]:
    """(sort key, event_id) of the first limit+1 rows: the ranking, on narrow columns only."""
    key, direction, _ = _order(q)
    need = int(q.limit) + 1
    sql = (f"SELECT {key} AS sort_key, event_id FROM events{where}{{extra}} "
           f"ORDER BY sort_key {direction}, event_id {direction} LIMIT ?")
    glue = " AND " if where else " WHERE "
    if q.sort in THRESHOLDS:
        # Ranking on the key alone is several times cheaper than with the event_id tiebreak: find
        # the last key of the page first, then rank only the rows at or above it.
        column, null_key = THRESHOLDS[q.sort]
        row = con.execute(f"SELECT {key} FROM events{where} ORDER BY 1 DESC LIMIT 1 OFFSET ?",
                          params + [need - 1]).fetchone()
        if row is not None and row[0] > null_key:
            return con.execute(sql.format(extra=f"{glue}{column} >= ?"), params + [row[0], need]).fetchall()
        return con.execute(sql.format(extra=""), params + [need]).fetchall()
    anchor = _window_anchor(con, q)
    if anchor is None:
        return con.execute(sql.format(extra=""), params + [need]).fetchall()
    newest_first = q.sort == "-date"
    days_left = list(WINDOW_DAYS)
    while days_left:
        days = days_left.pop(0)
        bound = (anchor - timedelta(days=days) if newest_first else anchor + timedelta(days=days)).isoformat()
        if newest_first and q.since and bound <= q.since or not newest_first and q.until and bound >= q.until:
            break  # the filter's own bound is tighter: one query with it is enough
        rows = con.execute(sql.format(extra=f"{glue}date {'>=' if newest_first else '<='} CAST(? AS DATE)"),
                           params + [bound, need]).fetchall()
        if len(rows) >= need:
            return rows
        # Skip windows that, at the rate this one found rows, would still come up short.
        days_left = [d for d in days_left if len(rows) * d / days >= need]
    return con.execute(sql.format(extra=""), params + [need]).fetchall()


def query_records(con: duckdb.DuckDBPyConnection, q: EventQuery) -> RawPage:
    """One page of stored event records (JSON text) matching the query."""
    where, params = where_clause(q)
    key, _, op = _order(q)
    if q.cursor:
        last_key, last_id = _decode_cursor(q.cursor, q.sort)
        cast = "CAST(? AS DATE)" if _key(q.sort)[1] == "date" else "?"
        keyset = f"({key} {op} {cast} OR ({key} = {cast} AND event_id {op} ?))"
        where = (where + " AND " + keyset) if where else " WHERE " + keyset
        params += [last_key, last_key, last_id]
    # Rank on the narrow columns first, then fetch the page's records through the primary-key
    # index: carrying the wide JSON through the top-N (or a join) would read it for every row.
    rows = _top(con, q, where, params)
    more = len(rows) > q.limit
    rows = rows[: q.limit]
    next_cursor = _encode_cursor(q.sort, rows[-1][0], rows[-1][1]) if more and rows else None
    return RawPage(fetch_records(con, [row[1] for row in rows]), next_cursor)


def fetch_records(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[str]:
    """The stored records of these events, in the order given (index lookups, not a scan)."""
    if not event_ids:
        return []
    marks = ", ".join("?" for _ in event_ids)
    found = dict(con.execute(f"SELECT event_id, record FROM events WHERE event_id IN ({marks})", event_ids).fetchall())
    return [found[i] for i in event_ids if i in found]


def query_events(con: duckdb.DuckDBPyConnection, q: EventQuery) -> Page:
    """One page of events matching the query, in its sort order."""
    raw = query_records(con, q)
    return Page([Event.model_validate_json(r) for r in raw.records], raw.next_cursor)


def iter_events(con: duckdb.DuckDBPyConnection, q: EventQuery, batch_size: int = 1000) -> Iterator[Event]:
    """Every event matching the query's filters (its limit and cursor ignored), streamed in batches."""
    where, params = where_clause(q)
    key, direction, _ = _order(q)
    cur = con.cursor()
    try:
        cur.execute(f"SELECT record FROM events{where} ORDER BY {key} {direction}, event_id {direction}", params)
        while rows := cur.fetchmany(batch_size):
            for (record,) in rows:
                yield Event.model_validate_json(record)
    finally:
        cur.close()


def count_events(con: duckdb.DuckDBPyConnection, q: EventQuery) -> int:
    where, params = where_clause(q)
    return con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]


def facets(con: duckdb.DuckDBPyConnection, q: EventQuery, *, top: int = 50) -> dict[str, Any]:
    """Counts of matching events by PLOVER type, ACLED type, country, status and day, plus totals."""
    where, params = where_clause(q)
    # One scan for every facet (GROUPING SETS) instead of one per facet.
    rows = con.execute(
        "SELECT GROUPING(plover_type, acled_event_type, country, status, date) AS g, plover_type, acled_event_type, "
        "country, status, date, count(*), sum(killed), count(DISTINCT country) "
        f"FROM events{where} GROUP BY GROUPING SETS ((plover_type), (acled_event_type), (country), (status), "
        "(date), ())", params).fetchall()
    # GROUPING() sets a bit for each column *not* grouped (plover_type is the highest bit).
    by_bit = {0b01111: ("plover_type", 1), 0b10111: ("acled_event_type", 2), 0b11011: ("country", 3),
              0b11101: ("status", 4), 0b11110: ("day", 5)}
    result: dict[str, Any] = {"total": 0, "killed": 0, "countries": 0,
                              **{name: {} for name, _ in by_bit.values()}}
    for row in rows:
        if row[0] == 0b11111:
            result.update(total=row[6], killed=int(row[7] or 0), countries=row[8])
        elif row[0] in by_bit and row[by_bit[row[0]][1]] is not None:
            name, at = by_bit[row[0]]
            value = row[at]
            result[name][value.isoformat() if name == "day" else str(value)] = row[6]
    for name in ("plover_type", "acled_event_type", "country", "status"):
        ordered = sorted(result[name].items(), key=lambda kv: (-kv[1], kv[0]))
        result[name] = dict(ordered[:top] if name in ("acled_event_type", "country") else ordered)
    result["day"] = dict(sorted(result["day"].items()))
    return result


# --- map and timeline aggregates -----------------------------------------------------------

def map_points(con: duckdb.DuckDBPyConnection, q: EventQuery, *, zoom: int, max_points: int = 1500) -> dict[str, Any]:
    """What the map draws: single events when few are in view, else grid clusters sized for `zoom`.

    A cluster is one grid cell (about 64 screen pixels wide at that zoom) with its count, deaths,
    centroid and counts per PLOVER type; this keeps the payload small at any database size.
    """
    zoom = max(0, min(int(zoom), 18))
    where, params = where_clause(q)
    located = " AND lat IS NOT NULL AND lon IS NOT NULL"
    where = (where + located) if where else " WHERE " + located[5:]
    n_total = con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]
    if n_total <= max_points:
        rows = con.execute(
            f"SELECT event_id, lat, lon, plover_type, killed, date, location_name, country FROM events{where} "
            "ORDER BY killed DESC NULLS LAST, event_id", params).fetchall()  # small marks drawn last, on top
        points = [{"id": r[0], "lat": r[1], "lon": r[2], "type": r[3], "killed": r[4],
                   "date": r[5].isoformat() if r[5] else None, "place": r[6], "country": r[7]} for r in rows]
        return {"mode": "points", "total": n_total, "points": points}
    cell = 360.0 / (2 ** zoom * 256 / 64)
    rows = con.execute(
        f"SELECT floor(lat / ?) AS cy, floor(lon / ?) AS cx, plover_type, count(*), sum(lat), sum(lon), sum(killed), "
        f"min(event_id) FROM events{where} GROUP BY 1, 2, 3", [cell, cell] + params).fetchall()
    cells: dict[tuple[float, float], dict[str, Any]] = {}
    for cy, cx, kind, n, slat, slon, killed, first_id in rows:
        c = cells.setdefault((cy, cx), {"n": 0, "lat": 0.0, "lon": 0.0, "killed": 0, "types": {}, "id": first_id})
        c["n"] += n
        c["lat"] += slat
        c["lon"] += slon
        c["killed"] += int(killed or 0)
        c["types"][kind] = n
    clusters = []
    for c in sorted(cells.values(), key=lambda c: -c["n"]):
        types = dict(sorted(c["types"].items(), key=lambda kv: -kv[1]))
        clusters.append({"n": c["n"], "lat": c["lat"] / c["n"], "lon": c["lon"] / c["n"], "killed": c["killed"],
                         "type": next(iter(types)), "types": types, "id": c["id"] if c["n"] == 1 else None})
    return {"mode": "clusters", "total": n_total, "cell_deg": cell, "clusters": clusters}


INTERVALS = ("day", "week", "month", "year")


def timeline(con: duckdb.DuckDBPyConnection, q: EventQuery, *, interval: str | None = None,
             max_buckets: int = 400) -> dict[str, Any]:
    """Counts per day (or week/month/year for long spans) stacked by PLOVER type.

    With no interval given, the finest one giving at most `max_buckets` bars is chosen.
    """
    where, params = where_clause(q)
    dated = " AND date IS NOT NULL"
    where = (where + dated) if where else " WHERE " + dated[5:]
    first, last = con.execute(f"SELECT min(date), max(date) FROM events{where}", params).fetchone()
    if first is None:
        return {"interval": interval or "day", "start": None, "end": None, "buckets": []}
    if interval is None:
        span = (last - first).days + 1
        interval = next((i for i, days in zip(INTERVALS, (1, 7, 31, 366)) if span / days <= max_buckets), "year")
    elif interval not in INTERVALS:
        raise InvalidQuery(f"interval {interval!r} is unknown", fix=f"use one of {', '.join(INTERVALS)}")
    unit = "date" if interval == "day" else f"CAST(date_trunc('{interval}', date) AS DATE)"
    rows = con.execute(f"SELECT {unit} AS t, plover_type, count(*) FROM events{where} GROUP BY 1, 2 ORDER BY 1",
                       params).fetchall()
    buckets: dict[str, dict[str, int]] = {}
    for t, kind, n in rows:
        buckets.setdefault(t.isoformat(), {})[kind] = n
    return {"interval": interval, "start": first.isoformat(), "end": last.isoformat(),
            "buckets": [{"t": t, "counts": counts} for t, counts in buckets.items()]}


# --- single records ------------------------------------------------------------------------

def get_event(con: duckdb.DuckDBPyConnection, event_id: str) -> Event | None:
    """The event; an id merged into another event gives the merged record (ids stay citable)."""
    row = con.execute("SELECT record FROM events WHERE event_id = ?", [event_id]).fetchone()
    if row is None:
        row = con.execute("SELECT e.record FROM event_members m JOIN events e ON e.event_id = m.event_id "
                          "WHERE m.member_id = ?", [event_id]).fetchone()
    return Event.model_validate_json(row[0]) if row else None


def get_article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article | None:
    row = con.execute("SELECT id, url, title, CAST(published AS VARCHAR), published_basis, text, source, origin, "
                      "language FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        return None
    names = ("id", "url", "title", "published", "published_basis", "text", "source", "origin", "language")
    values = dict(zip(names, row))
    values["language"] = values["language"] or "en"
    values["text"] = values["text"] or ""
    return Article(**values)


def event_articles(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    """The stored articles reporting an event (without their text), oldest first."""
    rows = con.execute(
        "SELECT a.id, a.url, a.title, CAST(a.published AS VARCHAR), a.source FROM event_sources s "
        "JOIN articles a ON a.id = s.article_id WHERE s.event_id = ? ORDER BY a.published NULLS LAST, a.id",
        [event_id]).fetchall()
    return [dict(zip(("id", "url", "title", "published", "source"), row)) for row in rows]


_CHANGE_COLUMNS = ("seq", "kind", "event_id", "absorbed_id", "article_id", "reason", "at")
_CHANGE_SELECT = "SELECT seq, kind, event_id, absorbed_id, article_id, reason, CAST(\"at\" AS VARCHAR) FROM event_changes "


def event_changes(con: duckdb.DuckDBPyConnection, event_id: str) -> list[dict[str, Any]]:
    """The change feed entries touching an event (created, updated, merged into another)."""
    rows = con.execute(_CHANGE_SELECT + "WHERE event_id = ? OR absorbed_id = ? ORDER BY seq",
                       [event_id, event_id]).fetchall()
    return [dict(zip(_CHANGE_COLUMNS, row)) for row in rows]


def changes_after(con: duckdb.DuckDBPyConnection, after: int, limit: int) -> list[dict[str, Any]]:
    """The change feed after sequence number ``after``, oldest first: what a downstream copy must apply.
    A ``merge`` row retracts ``absorbed_id`` in favour of ``event_id``."""
    rows = con.execute(_CHANGE_SELECT + "WHERE seq > ? ORDER BY seq LIMIT ?", [after, limit]).fetchall()
    return [dict(zip(_CHANGE_COLUMNS, row)) for row in rows]


# --- time bound ----------------------------------------------------------------------------

@contextmanager
def deadline(con: duckdb.DuckDBPyConnection, seconds: float | None) -> Iterator[None]:
    """Interrupt any query `con` runs past `seconds`; raises QueryTimeout."""
    if not seconds or seconds <= 0:
        yield
        return
    timer = threading.Timer(seconds, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    except duckdb.InterruptException:
        raise QueryTimeout(f"query ran past {seconds:g} s and was stopped",
                           fix="narrow the filters (dates, country, type) or raise serve.query_timeout_s") from None
    finally:
        timer.cancel()
