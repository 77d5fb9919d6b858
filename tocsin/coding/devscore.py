"""Quick development scores of the coder alone (no geocoder, no merge) on ../shared dev files.

    python -m tocsin.coding.devscore acled  [--limit N]   # fatalities of ACLED notes
    python -m tocsin.coding.devscore police [--limit N]   # IndiaPoliceEvents KILL/ARREST/FORCE

The official numbers come from ``tocsin eval``; this script exists to measure coder changes
fast. It reads the files in place and prints numbers only (never the texts).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from tocsin.config import load_config
from tocsin.model import Article, Mention
from tocsin.pipeline import Document


def _shared() -> Path:
    return Path(os.environ.get("TOCSIN_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


def _rows(name: str, limit: int | None) -> list[dict]:
    path = _shared() / "data" / "eval" / name
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if limit and limit < len(rows):
        step = len(rows) / limit  # an even spread over the file, not its first lines
        rows = [rows[int(i * step)] for i in range(limit)]
    return rows


def _code(rows: list[dict]) -> tuple[list[Document], float]:
    from tocsin.coding import EventCoder
    from tocsin.nlp import load_nlp

    config = load_config()
    nlp, coder = load_nlp(config), EventCoder(config)
    start = time.perf_counter()
    docs = [Document(Article(id=r["id"], text=r["text"], published=r.get("published")), d)
            for r, d in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=64))]
    coder(docs)
    return docs, time.perf_counter() - start


def salient(mentions: list[Mention]) -> Mention | None:
    """The note's main event as the eval adapter picks it: current, ACLED-typed, most confident, first."""
    current = [m for m in mentions if not m.historical]
    if not current:
        return None
    return min(current, key=lambda m: (m.acled is None, -m.confidence, m.evidence.start))


def acled(limit: int | None) -> dict:
    rows = _rows("acled_global_2020.jsonl", limit)
    docs, seconds = _code(rows)
    exact = nonzero = nonzero_n = typed = 0
    for row, doc in zip(rows, docs):
        gold = row["gold"]["fatalities"] or 0
        m = salient(doc.mentions)
        count = m.counts.killed if m else None
        pred = (count.best if count.best is not None else count.low) if count else 0
        exact += pred == gold
        if gold:
            nonzero_n += 1
            nonzero += pred == gold
        typed += bool(m and m.acled and m.acled.sub_event_type == row["gold"]["sub_event_type"])
    n = len(rows)
    return {"n": n, "seconds": round(seconds, 1), "fatalities_exact": round(exact / n, 3),
            "fatalities_exact_nonzero": round(nonzero / max(nonzero_n, 1), 3), "nonzero_n": nonzero_n,
            "sub_event_accuracy": round(typed / n, 3)}


def police(limit: int | None) -> dict:
    from tocsin.coding.police import police_actions

    rows = _rows("indiapolice_dev.jsonl", limit)
    docs, seconds = _code(rows)
    out: dict = {"n": len(rows), "seconds": round(seconds, 1)}
    for label in ("KILL", "ARREST", "FORCE"):
        tp = fp = fn = 0
        for row, doc in zip(rows, docs):
            gold, pred = row["gold"][label], label in police_actions(doc.mentions)
            tp, fp, fn = tp + (gold and pred), fp + (pred and not gold), fn + (gold and not pred)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out[label] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / max(p + r, 1e-9), 3),
                      "support": tp + fn}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=["acled", "police"])
    parser.add_argument("--limit", type=int, default=None, help="score an even sample of this many items")
    args = parser.parse_args(argv)
    print(json.dumps((acled if args.task == "acled" else police)(args.limit), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
