"""The read layer on its own: keyset pages over date windows, undated events, distance filter."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from serve_sample_db import write_db

from tocsin.model import Article, Event, Evidence, Place, Plover
from tocsin.store.query import EventQuery, InvalidQuery, query_events


@pytest.fixture(scope="module")
def spread_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 events over 15 years (uneven gaps, ties on a date) plus 3 undated, one article each.

    The store may merge some (same type, place and date): tests count what it kept.
    """
    articles, events = [], []
    for i in range(43):
        day = None if i >= 40 else (date(2010, 1, 1) + timedelta(days=(i * i * 37) % 5400 if i % 7 else 900))
        text = f"Dispatch number {i}: a clash was reported near the river crossing in the north of the district."
        article = Article(id=f"a{i:03d}", text=text, published=day.isoformat() if day else None)
        lat, lon = 10 + (i % 9) * 0.3, 20 + (i % 5) * 0.4
        events.append(Event(event_id=f"e{i:03d}", plover=Plover(type="ASSAULT"), date=day.isoformat() if day else None,
                            location=Place(name=f"Town {i}", country="NER", lat=lat, lon=lon),
                            evidence=[Evidence(article_id=article.id, sentence=text, start=0, end=len(text))],
                            sources=[article.id]))
        articles.append(article)
    return write_db(tmp_path_factory.mktemp("spread") / "spread.duckdb", articles, events)


def walk(con, **filters) -> list[Event]:
    seen, cursor = [], None
    while True:
        page = query_events(con, EventQuery(limit=4, cursor=cursor, **filters))
        seen += page.events
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_date_pages_are_exact_across_windows_and_undated_come_last(spread_db, sort):
    con = duckdb.connect(str(spread_db), read_only=True)
    stored, undated = con.execute("SELECT count(*), count(*) FILTER (WHERE date IS NULL) FROM events").fetchone()
    events = walk(con, sort=sort)
    assert len(events) == len({e.event_id for e in events}) == stored
    assert undated >= 1
    dated = [e for e in events if e.date]
    assert [e.date for e in events[-undated:]] == [None] * undated
    keys = [(e.date, e.event_id) for e in dated]
    assert keys == sorted(keys, reverse=sort == "-date")


def test_date_window_respects_since_and_until(spread_db):
    con = duckdb.connect(str(spread_db), read_only=True)
    events = walk(con, sort="-date", since="2012-01-01", until="2019-12-31")
    assert events and all("2012-01-01" <= e.date <= "2019-12-31" for e in events)
    everything = walk(con, sort="-date")
    assert [e.event_id for e in events] == [e.event_id for e in everything
                                             if e.date and "2012-01-01" <= e.date <= "2019-12-31"]


def test_near_matches_great_circle_distance(spread_db):
    con = duckdb.connect(str(spread_db), read_only=True)
    centre, km = (10.6, 20.4), 60.0
    got = {e.event_id for e in walk(con, near=(*centre, km))}

    def distance(e: Event) -> float:
        la1, lo1, la2, lo2 = map(math.radians, (centre[0], centre[1], e.location.lat, e.location.lon))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        return 2 * 6371.0088 * math.asin(math.sqrt(h))

    want = {e.event_id for e in walk(con) if distance(e) <= km}
    assert got == want and 0 < len(got) < len(walk(con))


@pytest.mark.parametrize("kwargs", [dict(sort="-date; DROP TABLE events"), dict(limit=0), dict(country="KG"),
                                    dict(bbox=(10, 0, 0)), dict(near=(95, 0, 10)), dict(since="2024-13-01")])
def test_invalid_queries_raise_coded_errors(kwargs):
    with pytest.raises(InvalidQuery) as info:
        EventQuery(**kwargs)
    assert info.value.code == "T510" and info.value.fix
