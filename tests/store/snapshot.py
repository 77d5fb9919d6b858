"""Table contents without timestamps, for comparing two databases."""

from __future__ import annotations

import duckdb

TIMESTAMPS = {"ingested_at", "first_seen", "updated_at", "at", "applied_at"}


def snapshot(path, tables=None, skip=()) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = tables or [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        out = {}
        for table in names:
            if table in skip:
                continue
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if r[0] not in TIMESTAMPS]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(con.execute(f"SELECT {quoted} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()
