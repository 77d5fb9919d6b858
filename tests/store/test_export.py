import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from factory import corpus

from tocsin.dedupe.merge import combine_events
from tocsin.errors import StoreError
from tocsin.model import Acled, Event
from tocsin.store.export import FLAT_COLUMNS, export, to_acled_csv, to_cameo_tsv


@pytest.fixture
def events():
    docs = corpus()
    jalal = combine_events([e for d in docs[:3] for e in d.events], published={})
    jalal = jalal.model_copy(update={"acled": Acled(event_type="Violence against civilians", sub_event_type="Attack"),
                                     "cameo": "180"})
    return [jalal] + [e for d in docs[3:] for e in d.events]


def test_jsonl_round_trips(events, tmp_path):
    path = tmp_path / "e.jsonl"
    assert export(iter(events), "jsonl", path) == len(events)
    back = [Event.model_validate_json(line) for line in path.read_text().splitlines()]
    assert back == events


def test_csv_parses_back(events):
    buffer = io.StringIO()
    export(events, "csv", buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == len(events) and list(rows[0]) == list(FLAT_COLUMNS)
    assert rows[0]["event_id"] == events[0].event_id and rows[0]["killed"] == "19"
    assert rows[0]["evidence"].count(" | ") == len(events[0].evidence) - 1


def test_geojson_has_located_events(events):
    buffer = io.BytesIO()
    n = export(events, "geojson", buffer)
    data = json.loads(buffer.getvalue())
    assert data["type"] == "FeatureCollection" and len(data["features"]) == n == len(events)
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert (lat, lon) == (events[0].location.lat, events[0].location.lon)
    assert export([], "geojson", io.StringIO()) == 0


def test_parquet_parses_back(events, tmp_path):
    path = tmp_path / "e.parquet"
    export(events, "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == len(events)
    assert table.column("event_id").to_pylist() == [e.event_id for e in events]
    assert Event.model_validate_json(table.column("record")[0].as_py()) == events[0]
    empty = tmp_path / "empty.parquet"
    export([], "parquet", empty)
    assert pq.read_table(empty).num_rows == 0


def test_acled_and_cameo_columns(events):
    buffer = io.StringIO()
    assert to_acled_csv(events, buffer, sources={events[0].sources[0]: "https://example.org/a1"}) == 1
    (row,) = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert row["country"] == "Kyrgyzstan" and row["event_date"] == "2021-03-08" and row["year"] == "2021"
    assert row["fatalities"] == "19" and row["geo_precision"] == "1" and row["inter1"] == "CVL"
    assert "https://example.org/a1" in row["source"] and "killed" in row["notes"]
    buffer = io.StringIO()
    assert to_cameo_tsv(events, buffer) == 1
    (row,) = list(csv.DictReader(io.StringIO(buffer.getvalue()), delimiter="\t"))
    assert (row["date"], row["root_code"], row["quad_class"], row["goldstein"]) == ("20210308", "18", "4", "-9.0")
    assert row["target_code"] == "CVL"


def test_source_labels_reach_the_acled_source_column(tmp_path, config):
    from tocsin.store import Store

    docs = corpus()
    with Store(tmp_path / "t.duckdb", config) as store:
        store.write_batch(docs[:3], [])
        labels = store.source_labels()
        stored = [e.model_copy(update={"acled": Acled(event_type="Riots", sub_event_type="Mob violence")})
                  for e in store.iter_events()]
    buffer = io.StringIO()
    export(stored, "acled_csv", buffer, sources=labels)
    (row,) = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert sorted(row["source"].split("; ")) == sorted(d.article.url for d in docs[:3])


def test_plover_json_lines(events):
    buffer = io.StringIO()
    export(events, "plover_json", buffer)
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert [r["event_type"] for r in records] == [e.plover.type for e in events]
    assert records[0]["source"]["sector"] == "CVL" and records[0]["fatalities"] == 19


def test_unknown_format_is_a_coded_error(events):
    with pytest.raises(StoreError) as err:
        export(events, "xlsx", io.StringIO())
    assert err.value.code == "T320"
