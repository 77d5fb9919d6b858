"""Dev check of the cross-article merge threshold on ECB+ documents run through the pipeline.

    python -m tocsin.dedupe.devscore [--topics 12] [--cache /tmp/ecb_events.jsonl]

Every document gets the same publication date, the worst case for the merger (every date
matches, so type, place, actors, counts and text must do the work). For each threshold it prints
the precision of the merge edges (pairs of events of different documents that score above it,
unvetoed, blocked like the store: known dates, same or unknown country), and the precision and
recall of document pairs joined through the connected components, against ECB+ gold events.
Reads ``../shared/data/eval/ecbplus_dev.jsonl`` (or $TOCSIN_SHARED); nothing from it is stored
beyond the optional cache of coded events.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
from pathlib import Path

from tocsin.config import load_config
from tocsin.dedupe.merge import score_pair
from tocsin.errors import EvalError
from tocsin.model import Event

THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def ecbplus_path() -> Path:
    shared = Path(os.environ.get("TOCSIN_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))
    path = shared / "data" / "eval" / "ecbplus_dev.jsonl"
    if not path.is_file():
        raise EvalError(f"{path} not found", fix="set TOCSIN_SHARED to the shared data directory")
    return path


def code_documents(topics: int, seed: int = 0) -> list[dict]:
    """Run the pipeline over the documents of ``topics`` randomly chosen ECB+ dev topics."""
    from tocsin.ingest import article_from_text
    from tocsin.errors import InputRejected
    from tocsin.pipeline import Pipeline

    rows = [json.loads(line) for line in ecbplus_path().read_text(encoding="utf-8").splitlines()]
    names = sorted({r["gold_cluster"].split("_")[0] for r in rows}, key=int)
    random.Random(seed).shuffle(names)
    keep = set(names[:topics])
    pipeline = Pipeline(load_config())
    coded = []
    for row in (r for r in rows if r["gold_cluster"].split("_")[0] in keep):
        text = row["text"].replace(" .", ".").replace(" ,", ",")  # ECB+ text is tokenised
        try:
            article = article_from_text(text, published="2000-01-15")
        except InputRejected:
            continue
        (document,) = pipeline.process([article])
        coded.append({"id": row["id"], "gold": row["gold_cluster"],
                      "events": [e.model_dump(mode="json") for e in document.events]})
    return coded


def score(coded: list[dict]) -> list[dict]:
    config = load_config()
    events = [(d["id"], d["gold"], Event.model_validate(e)) for d in coded for e in d["events"]]
    pairs = []
    for (i, a), (j, b) in itertools.combinations(enumerate(events), 2):
        ea, eb = a[2], b[2]
        ca = ea.location.country if ea.location else None
        cb = eb.location.country if eb.location else None
        if a[0] == b[0] or ea.date is None or eb.date is None or (ca and cb and ca != cb):
            continue
        sim = score_pair(ea, eb, config)
        if sim.veto is None:
            pairs.append((sim.score, i, j, a[1] == b[1]))
    gold = {d["id"]: d["gold"] for d in coded}
    positives = sum(1 for x, y in itertools.combinations(sorted(gold), 2) if gold[x] == gold[y])
    out = []
    for threshold in THRESHOLDS:
        edges = [p for p in pairs if p[0] >= threshold]
        parent = list(range(len(events)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for _, i, j, _ in edges:
            parent[find(i)] = find(j)
        docs_of: dict[int, set[str]] = {}
        for k, (doc_id, _, _) in enumerate(events):
            docs_of.setdefault(find(k), set()).add(doc_id)
        linked = {pair for docs in docs_of.values() for pair in itertools.combinations(sorted(docs), 2)}
        hits = sum(1 for x, y in linked if gold[x] == gold[y])
        out.append({"threshold": threshold, "edges": len(edges),
                    "edge_precision": round(sum(p[3] for p in edges) / max(1, len(edges)), 3),
                    "doc_pair_precision": round(hits / max(1, len(linked)), 3),
                    "doc_pair_recall": round(hits / max(1, positives), 3)})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, default=12, help="ECB+ dev topics to code (random, seed 0)")
    parser.add_argument("--cache", type=Path, help="JSONL of coded documents: read if present, else written")
    args = parser.parse_args()
    if args.cache and args.cache.is_file():
        coded = [json.loads(line) for line in args.cache.read_text(encoding="utf-8").splitlines()]
    else:
        coded = code_documents(args.topics)
        if args.cache:
            args.cache.write_text("".join(json.dumps(d) + "\n" for d in coded), encoding="utf-8")
    n_events = sum(len(d["events"]) for d in coded)
    print(f"{len(coded)} documents, {n_events} events")
    for row in score(coded):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
