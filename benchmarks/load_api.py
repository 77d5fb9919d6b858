"""Loopback load test of the API over a large synthetic database.

1. Generates N synthetic events (default 1,000,000) straight into a DuckDB file with SQL
   (schema from the store's migrations; records are valid Event JSON), unless the file exists.
2. Starts `tocsin serve` on 127.0.0.1 on a free port.
3. Sends a bounded number of filtered `/events` requests of mixed filters (and a few of the
   dashboard's aggregate requests), sequentially from one keep-alive client, stopping at the
   request count or the time budget, whichever comes first.
4. Prints p50/p95/p99 and, with --report, writes them to benchmarks/api_load.md.

    .venv/bin/python benchmarks/load_api.py --events 1000000 --requests 2000 --report
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tocsin.store.migrate import migrate  # noqa: E402

TYPES = ["ASSAULT"] * 6 + ["PROTEST"] * 4 + ["COERCE"] * 3 + ["THREATEN"] * 2 + [
    "MOBILIZE", "ACCUSE", "REJECT", "REQUEST", "SANCTION", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE",
    "AID", "RETREAT"]
# ISO3, capital-ish point: events scatter a few degrees around it.
PLACES = [("NGA", 9.1, 7.4), ("SDN", 15.6, 32.5), ("SOM", 2.0, 45.3), ("KEN", -1.3, 36.8), ("ETH", 9.0, 38.7),
          ("COD", -4.3, 15.3), ("MLI", 12.6, -8.0), ("BFA", 12.4, -1.5), ("NER", 13.5, 2.1), ("CMR", 3.9, 11.5),
          ("SYR", 33.5, 36.3), ("IRQ", 33.3, 44.4), ("YEM", 15.4, 44.2), ("AFG", 34.5, 69.2), ("PAK", 33.7, 73.1),
          ("IND", 28.6, 77.2), ("MMR", 19.8, 96.1), ("PHL", 14.6, 121.0), ("UKR", 50.4, 30.5), ("RUS", 55.8, 37.6),
          ("KGZ", 42.9, 74.6), ("COL", 4.7, -74.1), ("MEX", 19.4, -99.1), ("BRA", -15.8, -47.9), ("VEN", 10.5, -66.9),
          ("HTI", 18.5, -72.3), ("LBY", 32.9, 13.2), ("EGY", 30.0, 31.2), ("ISR", 31.8, 35.2), ("LBN", 33.9, 35.5),
          ("IRN", 35.7, 51.4), ("BGD", 23.8, 90.4), ("LKA", 6.9, 79.9), ("THA", 13.8, 100.5), ("MOZ", -25.9, 32.6),
          ("ZAF", -25.7, 28.2), ("USA", 38.9, -77.0), ("FRA", 48.9, 2.4), ("GBR", 51.5, -0.1), ("TUR", 39.9, 32.9)]
WORDS = ["gunmen", "soldiers", "police", "protesters", "militants", "villagers", "bomb", "market", "convoy",
         "checkpoint", "students", "farmers", "herders", "rebels", "militia", "strike", "curfew", "raid", "mosque",
         "church", "school", "border", "refugees", "election", "fuel", "prices", "drone", "airstrike", "clash"]
ACLED = {"ASSAULT": ("Violence against civilians", "Attack"), "PROTEST": ("Protests", "Peaceful protest"),
         "COERCE": ("Violence against civilians", "Abduction/forced disappearance")}


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate(path: Path, n: int) -> None:
    """N synthetic events in one INSERT ... SELECT (seconds, not the pipeline).

    Rows go in date order, as a store filled by ingesting news as it is published lays them out.
    """
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    migrate(con)
    iso = _sql_list([p[0] for p in PLACES])
    lats = "[" + ", ".join(str(p[1]) for p in PLACES) + "]"
    lons = "[" + ", ".join(str(p[2]) for p in PLACES) + "]"
    acled_type = "CASE t WHEN 'ASSAULT' THEN 'Violence against civilians' WHEN 'PROTEST' THEN 'Protests' " \
                 "WHEN 'COERCE' THEN 'Violence against civilians' END"
    acled_sub = "CASE t WHEN 'ASSAULT' THEN 'Attack' WHEN 'PROTEST' THEN 'Peaceful protest' " \
                "WHEN 'COERCE' THEN 'Abduction/forced disappearance' END"
    con.execute(f"""
        CREATE TEMP TABLE gen AS
        SELECT i,
               printf('%016x', hash(i, 'id')) AS event_id,
               list_element({_sql_list(TYPES)}, 1 + CAST(hash(i, 't') % {len(TYPES)} AS INTEGER)) AS t,
               1 + CAST(floor(pow((hash(i, 'c') % 10000) / 10000.0, 2) * {len(PLACES)}) AS INTEGER) AS c,
               DATE '2016-01-01' + CAST(hash(i, 'd') % 3650 AS INTEGER) AS d,
               ((hash(i, 'la') % 10000) / 10000.0 - 0.5) * 6 AS dlat,
               ((hash(i, 'lo') % 10000) / 10000.0 - 0.5) * 6 AS dlon,
               CASE WHEN hash(i, 'k') % 2 = 0 THEN NULL
                    ELSE CAST(floor(pow((hash(i, 'kk') % 1000) / 1000.0, 4) * 200) AS INTEGER) END AS killed,
               list_element({_sql_list(WORDS)}, 1 + CAST(hash(i, 'w1') % {len(WORDS)} AS INTEGER)) AS w1,
               list_element({_sql_list(WORDS)}, 1 + CAST(hash(i, 'w2') % {len(WORDS)} AS INTEGER)) AS w2,
               hash(i, 'h') % 20 = 0 AS hist,
               (hash(i, 'cf') % 100) / 100.0 AS conf
        FROM range({n}) r(i)
    """)
    con.execute(f"""
        INSERT INTO events (event_id, plover_type, plover_mode, acled_event_type, acled_sub_event_type, date,
            date_precision, date_basis, country, location_name, lat, lon, geo_precision, source_name, target_name,
            killed, status, historical, confidence, n_sources, n_mentions, search_text, record)
        SELECT event_id, t, NULL, {acled_type}, {acled_sub}, d, 'day', 'explicit',
               list_element({iso}, c), 'Place ' || (i % 997), list_element({lats}, c) + dlat,
               list_element({lons}, c) + dlon, 'place', w1, w2, killed, 'reported', hist, conf, 1, 1,
               lower(w1 || ' attacked ' || w2 || ' near place ' || (i % 997)),
               json_object(
                 'event_id', event_id, 'plover', json_object('type', t, 'mode', NULL, 'context', json('[]')),
                 'cameo', NULL,
                 'acled', CASE WHEN {acled_type} IS NULL THEN NULL
                               ELSE json_object('event_type', {acled_type}, 'sub_event_type', {acled_sub}) END,
                 'date', CAST(d AS VARCHAR), 'date_precision', 'day', 'date_basis', 'explicit',
                 'source_actor', json_object('text', w1, 'name', w1, 'country', list_element({iso}, c), 'role', NULL,
                                             'identity', json('[]'), 'start', NULL, 'end', NULL, 'basis', NULL),
                 'target_actor', json_object('text', w2, 'name', w2, 'country', list_element({iso}, c), 'role', NULL,
                                             'identity', json('[]'), 'start', NULL, 'end', NULL, 'basis', NULL),
                 'location', json_object('text', 'Place ' || (i % 997), 'name', 'Place ' || (i % 997),
                                         'country', list_element({iso}, c), 'lat', list_element({lats}, c) + dlat,
                                         'lon', list_element({lons}, c) + dlon, 'precision', 'place'),
                 'counts', json_object('killed', CASE WHEN killed IS NULL THEN NULL ELSE
                     json_object('low', killed, 'best', killed, 'high', NULL, 'text', killed || ' killed') END),
                 'status', 'reported', 'historical', hist,
                 'evidence', json_array(json_object('article_id', 'synthetic', 'sentence',
                     w1 || ' attacked ' || w2 || ' near place ' || (i % 997) || '.', 'start', 0, 'end', 40)),
                 'sources', json('["synthetic"]'), 'confidence', conf, 'mentions', 1)
        FROM gen ORDER BY d, i
    """)
    con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request_mix(rng: random.Random) -> tuple[str, dict[str, str]]:
    """One request of the mix (kind, params): mostly filtered /events pages, like analysts' and the dashboard's."""
    iso, lat, lon = rng.choice(PLACES)
    year = rng.randint(2016, 2025)
    kind = rng.random()
    params: dict[str, str] = {"limit": rng.choice(["20", "50", "100"])}
    if kind < 0.15:
        name = "country"
        params["country"] = iso
    elif kind < 0.30:
        name = "country+type"
        params.update(country=iso, type=rng.choice(["ASSAULT", "PROTEST", "COERCE"]))
    elif kind < 0.45:
        name = "quarter+type"
        params.update(since=f"{year}-01-01", until=f"{year}-03-31", type="ASSAULT")
    elif kind < 0.55:
        name = "min_killed, by deaths"
        params.update(min_killed=str(rng.choice([5, 10, 50])), sort="-killed")
    elif kind < 0.65:
        name = "text+country"
        params.update(q=rng.choice(WORDS), country=iso)
    elif kind < 0.72:
        name = "text"
        params.update(q=rng.choice(WORDS))
    elif kind < 0.82:
        name = "near point"
        params.update(near=f"{lat},{lon},{rng.choice([25, 50, 100])}")
    elif kind < 0.90:
        name = "map box+since"
        params.update(bbox=f"{lon - 2},{lat - 2},{lon + 2},{lat + 2}", since=f"{year}-01-01")
    elif kind < 0.95:
        name = "actor, oldest first"
        params.update(actor=rng.choice(WORDS), historical="any", sort="date")
    else:
        name = "country, by confidence"
        params.update(sort="-confidence", country=iso)
    return name, params


def run_load(base: str, requests: int, seconds: float, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    latencies: dict[str, list[float]] = {"events": [], "events_next_page": [], "facets": [], "map": [], "timeline": []}
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(requests):
            if time.monotonic() > deadline:
                break
            kind, params = request_mix(rng)
            t0 = time.perf_counter()
            response = client.get("/events", params=params)
            latencies["events"].append(time.perf_counter() - t0)
            latencies.setdefault(f"events: {kind}", []).append(latencies["events"][-1])
            response.raise_for_status()
            body = response.json()
            if i % 10 == 0 and body["next"]:
                t0 = time.perf_counter()
                client.get(body["next"]).raise_for_status()
                latencies["events_next_page"].append(time.perf_counter() - t0)
            if i % 20 == 0:  # what the dashboard asks on each filter change
                filters = {k: v for k, v in params.items() if k not in ("limit", "sort")}
                for name, extra in (("facets", {}), ("map", {"zoom": "3"}), ("timeline", {})):
                    t0 = time.perf_counter()
                    client.get(f"/{name}", params={**filters, **extra}).raise_for_status()
                    latencies[name].append(time.perf_counter() - t0)
    return latencies


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"n": len(values), "p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99),
            "mean": statistics.fmean(values) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=ROOT / "out" / "load_api.duckdb")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=300.0, help="time budget of the load phase")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--report", action="store_true", help="write benchmarks/api_load.md")
    args = parser.parse_args()

    args.db.parent.mkdir(parents=True, exist_ok=True)
    if args.db.exists():
        with duckdb.connect(str(args.db), read_only=True) as con:
            have = con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"using {args.db} ({have:,} events)")
    else:
        t0 = time.perf_counter()
        generate(args.db, args.events)
        have = args.events
        print(f"generated {have:,} events in {time.perf_counter() - t0:.1f} s")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    tocsin = Path(sys.executable).with_name("tocsin")
    server = subprocess.Popen([str(tocsin), "serve", "--db", str(args.db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                              env={**os.environ, "TOCSIN_SERVE__TOKEN": ""})
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("server did not start")
        run_load(base, 20, 30, args.seed + 1)  # warm-up: first queries load column segments
        proc = psutil.Process(server.pid)
        cpu0, load0 = sum(proc.cpu_times()[:2]), os.getloadavg()[0]
        t0 = time.perf_counter()
        latencies = run_load(base, args.requests, args.seconds, args.seed)
        wall = time.perf_counter() - t0
        cpu, load1 = sum(proc.cpu_times()[:2]) - cpu0, os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=20)

    stats = {name: percentiles(values) for name, values in latencies.items()}
    lines = [f"| {name} | {s['n']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f} | {s['mean']:.1f} |"
             for name, s in stats.items() if s]
    table = "| request | n | p50 ms | p95 ms | p99 ms | mean ms |\n|---|---:|---:|---:|---:|---:|\n" + "\n".join(lines)
    print(table)
    total = sum(len(v) for k, v in latencies.items() if not k.startswith("events: "))
    machine = (f"{total} requests in {wall:.1f} s; server CPU {cpu * 1000 / total:.1f} ms per request "
               f"(user+system of the server process); load average {load0:.1f} at the start, {load1:.1f} at the end "
               f"on {os.cpu_count()} cores")
    print(machine)
    if args.report:
        write_report(args, have, table, machine, stats["events"]["p95"])


def write_report(args: argparse.Namespace, n_events: int, table: str, machine: str, p95: float) -> None:
    verdict = "meets" if p95 <= 100 else "misses"
    text = f"""# API load benchmark

`benchmarks/load_api.py` generates synthetic events straight into DuckDB (SQL, not the pipeline),
starts `tocsin serve` on 127.0.0.1 and sends a bounded, seeded mix of filtered `/events` requests
(country, country+type, date range+type, min killed sorted by deaths, free text, free text+country,
near a point, map box+date, actor substring, confidence order; page sizes 20/50/100) from one
keep-alive client, one request at a time. Every tenth request also fetches its next page through
the cursor, and every twentieth the dashboard's `/facets`, `/map` and `/timeline` for the same filters.
Latency is client-side wall time over loopback, including JSON transfer.

Command:

```
.venv/bin/python benchmarks/load_api.py --events {args.events} --requests {args.requests} --seconds {args.seconds:g} --report
```

Database: {n_events:,} events, stored in date order as an ingest of news over time lays them out.
Machine: {platform.machine()}, {os.cpu_count()} CPU cores, Python {platform.python_version()},
DuckDB {duckdb.__version__}. {machine}. A load average above the core count means other jobs were
competing for the CPU while this ran, which inflates every latency below.

{table}

Target: p95 of filtered `/events` at most 100 ms; this run {verdict} it (p95 {p95:.1f} ms).

Where the time goes (per-request server CPU is the load-independent figure above):
- Pages sorted by date (the default, and the dashboard's list) rank inside date windows that
  DuckDB's zone maps prune, then fetch the page's records through the primary-key index; they
  stay fast at any database size while the store keeps rows roughly in date order.
- Free text with a rare second filter (`text+country`) and distance queries (`near point`) must
  test every row: DuckDB has no usable full-text index offline (its `fts` extension is a
  download), so their tail is a scan of one string column of the whole table.
- Death and confidence orders rank on the key alone first, then break ties on event ids only
  among the rows at or above the page's last key.

The aggregate endpoints scan every matching row (counts per type/country/day; grid clusters), so they
are slower than a page of events; the dashboard sends them once per filter change, in parallel.
"""
    (ROOT / "benchmarks" / "api_load.md").write_text(text, encoding="utf-8")
    print("wrote benchmarks/api_load.md")


if __name__ == "__main__":
    main()
