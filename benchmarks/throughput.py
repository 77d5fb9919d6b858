"""Throughput of tocsin against a plain spaCy pass, one Dask worker against two, and what the cascade costs.

Run from the repository root; benchmarks/throughput.md records the numbers and the commands:

    .venv/bin/python benchmarks/throughput.py                 # plain spaCy, end to end (cascade off/on), 1 vs 2 workers (default config)
    .venv/bin/python benchmarks/throughput.py --limit 40      # a quick check on the first 40 articles
    .venv/bin/python benchmarks/throughput.py --loss          # events the cascade loses on the dev data (../shared)

Input: ``../shared/data/news/guardian_2019_sample.jsonl`` (real articles; ``$TOCSIN_SHARED``
overrides ``../shared``), else the bundled ``samples/``. Each measurement runs in a fresh
process; the model and tables are loaded and warmed on two articles before the clock starts.
Wall and CPU time are both reported: on a shared machine, words per CPU-second is the
steadier figure, and the ratios are computed on it as well as on wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TOCSIN_SHARED", REPO.parent / "shared"))
GUARDIAN = SHARED / "data" / "news" / "guardian_2019_sample.jsonl"
LOSS_SETS = {  # name -> (file, how many records by default)
    "acled": (SHARED / "data" / "eval" / "acled_global_2020.jsonl", 300),
    "plover": (SHARED / "data" / "eval" / "ngec_synthetic_plover.jsonl", 200),
    "guardian": (GUARDIAN, 60),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _articles(path: str, config) -> list:
    from tocsin.ingest import read_inputs
    from tocsin.model import Article

    return [item for item in read_inputs([path], config) if isinstance(item, Article)]


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict:
    wall, cpu = _clock()
    return {"wall_s": round(wall - start[0], 3), "cpu_s": round(cpu - start[1], 3)}


# --- phases, each run in its own process --------------------------------------------------------

def phase_plain(path: str, config, stock: bool = True) -> dict:
    """A plain ``nlp.pipe`` of the same model over the same clean texts (no cascade, no stages).

    `stock`: the model as ``spacy.load`` gives it (the baseline); else as tocsin loads it
    (``load_nlp``: the same output, with the fast parts of ``tocsin/nlp/fast.py``).
    """
    import spacy

    from tocsin.nlp import load_nlp

    articles = _articles(path, config)
    nlp = load_nlp(config)
    if stock:
        nlp = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    limit, batch = config["nlp"]["max_chars"], config["nlp"]["batch_size"]
    texts = [a.text[:limit] for a in articles]
    list(nlp.pipe(texts[:2]))
    start = _clock()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return {"words": sum(len(t.split()) for t in texts), "articles": len(texts), **_since(start)}


def phase_e2e(path: str, config) -> dict:
    """Read, clean, parse and code in one process: what `tocsin ingest` does before the store."""
    from tocsin.ingest import read_inputs
    from tocsin.pipeline import Pipeline
    from tocsin.runner import batched

    pipeline = Pipeline(config)
    pipeline.process(_articles(path, config)[:2])
    stage_cpu = {"spacy": 0.0, **{stage.name: 0.0 for stage in pipeline.stages}}
    pipeline.parse = _timed(pipeline.parse, stage_cpu, "spacy")
    pipeline.stages = [_timed(stage, stage_cpu, stage.name) for stage in pipeline.stages]
    words = articles = events = 0
    start = _clock()
    for batch, _rejected in batched(read_inputs([path], config), config["nlp"]["batch_size"]):
        for document in pipeline.process(batch):
            words += len(document.article.text.split())
            articles += 1
            events += len(document.events)
    timing = _since(start)
    stages = {name: {"cpu_s": round(cpu, 3), "share": round(cpu / max(timing["cpu_s"], 1e-9), 3),
                     "words_per_cpu_s": round(words / max(cpu, 1e-9))} for name, cpu in stage_cpu.items()}
    return {"words": words, "articles": articles, "events": events, "stages": stages, **timing}


def _timed(step, totals: dict, name: str):
    """`step` with its CPU seconds added to ``totals[name]`` on every call (the stage's own time)."""
    def timed(*args, **kwargs):
        begun = time.process_time()
        try:
            return step(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - begun
    return timed


def phase_dist(path: str, config, workers: int, partition_docs: int) -> dict:
    """`tocsin run` on a LocalCluster of `workers` processes, after every worker has loaded its Pipeline."""
    from tocsin.dist.run import dask_client, run
    from tocsin.dist.worker import config_json, warm

    with tempfile.TemporaryDirectory() as out, dask_client(workers, 1) as client:
        started = time.perf_counter()
        loaded_mb = client.run(warm, config_json(config))
        startup = time.perf_counter() - started
        start = _clock()
        summary = run([path], Path(out), config, client, partition_docs=partition_docs)
        timing = _since(start)
        entries = json.loads((Path(out) / "manifest.json").read_text())["partitions"].values()
    totals = summary.totals
    return {"words": totals.get("words", 0), "articles": totals.get("articles", 0), "cascade": config["nlp"]["cascade"],
            "events": totals.get("events", 0), "workers": workers, "partitions": summary.planned,
            "failed": len(summary.failed), "startup_s": round(startup, 2), "wall_s": timing["wall_s"],
            "cpu_s": round(sum(e.get("cpu_seconds", 0) for e in entries), 3),
            "worker_loaded_rss_mb": max(loaded_mb.values()),
            "worker_peak_rss_mb": max((e.get("peak_rss_mb", 0) for e in entries), default=0)}


def run_phase(args: argparse.Namespace) -> None:
    from tocsin.config import load_config

    # dist runs what `tocsin run` runs: the default config (nlp.cascade as defaults.toml sets it)
    config = load_config({"nlp.cascade": args.cascade} if args.phase != "dist" else None)
    if args.phase in ("plain", "plain_tocsin"):
        result = phase_plain(args.input, config, stock=args.phase == "plain")
    elif args.phase == "e2e":
        result = phase_e2e(args.input, config)
    else:
        result = phase_dist(args.input, config, args.n_workers, args.partition_docs)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(result))


def spawn(phase: str, path: str, *, cascade: bool = False, workers: int = 1, partition_docs: int = 8) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--input", path, "--n-workers", str(workers),
               "--partition-docs", str(partition_docs)] + (["--cascade"] if cascade else [])
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"phase {phase} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the throughput report --------------------------------------------------------------------

def _rates(result: dict, cores: int = 1) -> dict:
    return {**result, "words_per_s": result["words"] / result["wall_s"], "articles_per_s": result["articles"] / result["wall_s"],
            "words_per_cpu_s": result["words"] / max(result["cpu_s"], 1e-9), "cores": cores,
            "words_per_s_per_core": result["words"] / result["wall_s"] / cores}


def throughput(args: argparse.Namespace) -> dict:
    source = Path(args.input) if args.input else (GUARDIAN if GUARDIAN.is_file() else REPO / "samples")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(source)
        if args.limit and source.is_file():
            path = str(Path(tmp) / "input.jsonl")
            with source.open(encoding="utf-8") as handle, open(path, "w", encoding="utf-8") as out:
                out.writelines(line for _, line in zip(range(args.limit), handle))
        results = {"input": str(source), "limit": args.limit, "plain": _rates(spawn("plain", path)),
                   "plain_tocsin": _rates(spawn("plain_tocsin", path)),
                   "e2e_full": _rates(spawn("e2e", path)), "e2e_cascade": _rates(spawn("e2e", path, cascade=True))}
        n = results["plain"]["articles"]
        for workers in args.workers:
            size = args.partition_docs or max(2, n // (4 * max(args.workers)))
            results[f"dist_{workers}"] = _rates(spawn("dist", path, workers=workers, partition_docs=size), cores=workers)
    plain = results["plain"]
    for key in ("plain_tocsin", "e2e_full", "e2e_cascade"):
        results[key]["vs_plain_wall"] = results[key]["words_per_s"] / plain["words_per_s"]
        results[key]["vs_plain_cpu"] = results[key]["words_per_cpu_s"] / plain["words_per_cpu_s"]
    if len(args.workers) >= 2:
        one, two = (results[f"dist_{w}"] for w in args.workers[:2])
        results["scaling"] = two["words_per_s"] / one["words_per_s"]
    return results


def print_throughput(results: dict) -> None:
    print(f"input: {results['input']} (limit {results['limit'] or 'none'})\n")
    print("| run | articles | words | wall s | words/s | articles/s | words/s per core | words per CPU-s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key, result in results.items():
        if isinstance(result, dict):
            rss = result.get("worker_peak_rss_mb") or result["peak_rss_mb"]
            print(f"| {key} | {result['articles']} | {result['words']} | {result['wall_s']:.1f} | "
                  f"{result['words_per_s']:.0f} | {result['articles_per_s']:.2f} | {result['words_per_s_per_core']:.0f} | "
                  f"{result['words_per_cpu_s']:.0f} | {rss:.0f} |")
    print()
    for key in ("plain_tocsin", "e2e_full", "e2e_cascade"):
        print(f"{key} / plain spaCy: {results[key]['vs_plain_wall']:.2f}x wall, {results[key]['vs_plain_cpu']:.2f}x CPU")
    for key in ("e2e_full", "e2e_cascade"):
        parts = ", ".join(f"{name} {part['cpu_s']:.2f} CPU s ({part['share']:.0%}, {part['words_per_cpu_s']} words/CPU-s)"
                          for name, part in results[key]["stages"].items())
        print(f"{key} stages: {parts}")
    if "scaling" in results:
        print(f"two workers / one worker: {results['scaling']:.2f}x (words/s, wall)")


# --- the cascade's cost in events ---------------------------------------------------------------

def _records(name: str, path: Path, limit: int) -> list[tuple[str, str | None]]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            records.append((row["text"], row.get("published")))
            if len(records) == limit:
                break
    return records


def _sentences(event, article_id: str) -> set[tuple]:
    """The sentences an event stands on: (article, evidence start) for each of them.

    Matching on these, not on whole events, keeps a different merge of the same mentions
    (the merger sees fewer mentions under the cascade) from counting as a loss; a mention
    that lands in an event of another type counts as changed, not lost.
    """
    return {(article_id, evidence.start) for evidence in event.evidence}


def _fields(event) -> dict:
    place = event.location
    return {"type": event.plover.type, "date": event.date, "place": place and (place.geonameid or place.name), "status": event.status,
            "counts": event.counts.model_dump(),
            "source": event.source_actor and event.source_actor.name, "target": event.target_actor and event.target_actor.name}


def loss(args: argparse.Namespace) -> dict:
    from tocsin.config import load_config
    from tocsin.errors import TocsinError
    from tocsin.ingest import article_from_text
    from tocsin.nlp.cascade import VIOLENT_TYPES, cascade_for
    from tocsin.pipeline import Pipeline

    base = load_config()
    args.scope = args.scope or base["nlp"]["cascade_scope"]
    args.context = base["nlp"]["cascade_context"] if args.context is None else args.context
    variants = {"full": Pipeline(base.with_overrides({"nlp.cascade": False})),
                "cascade": Pipeline(base.with_overrides({"nlp.cascade": True, "nlp.cascade_scope": args.scope,
                                                          "nlp.cascade_context": args.context}))}
    report = {"scope": args.scope, "context": args.context, "rounds": args.rounds, "sets": {}}
    for name, (path, default) in LOSS_SETS.items():
        if not path.is_file():
            continue
        articles = []
        for text, published in _records(name, path, args.loss_limit or default):
            try:
                articles.append(article_from_text(text, published=published, config=base))
            except TocsinError:
                continue
        found = {}
        # the tables' caches (lemmas, gazetteer, lexicon look-ups) are shared by both pipelines, and a
        # process slows as it holds more: a first round warms both untimed, then the timed rounds
        # alternate the order (full first, then cascade first, ...) and their CPU time is summed
        cpu = {variant: 0.0 for variant in variants}
        for round_ in range(args.rounds + 1):
            order = list(variants.items())
            for variant, pipeline in order if round_ % 2 else order[::-1]:
                documents = None
                gc.collect()
                pipeline.process(articles[:2])
                start = time.process_time()
                documents = pipeline.process(articles)
                if round_:
                    cpu[variant] += time.process_time() - start
                found[variant] = [(e, _sentences(e, d.article.id)) for d in documents for e in d.events]
        full, fast = found["full"], found["cascade"]
        fast_mentions = set().union(*(m for _, m in fast))
        full_mentions = set().union(*(m for _, m in full))
        lost = [e for e, m in full if not m & fast_mentions]
        new = [e for e, m in fast if not m & full_mentions]
        # a sentence can carry several events (one per actor pair): each full event is compared with
        # the cascade event on its first sentence whose fields differ least
        same = defaultdict(list)
        for e, m in fast:
            if m:
                same[min(m)].append(_fields(e))
        matched = [(_fields(e), min(same[min(m)], key=lambda b, a=_fields(e): sum(a[k] != b[k] for k in a)))
                   for e, m in full if m and min(m) in same]
        changed = sum(a != b for a, b in matched)
        by_field = {key: sum(a[key] != b[key] for a, b in matched) / max(len(matched), 1)
                    for key in matched[0][0]} if matched else {}
        cascade = variants["cascade"]
        limit = base["nlp"]["max_chars"]
        kept = sum(len(a.text[:limit][start:end].split()) for a in articles
                   for start, end, keep in cascade_for(cascade.nlp, cascade.config).sentences(a.text[:limit]) if keep)
        violent = [e for e, _ in full if e.plover.type in VIOLENT_TYPES]
        violent_lost = [e for e in lost if e.plover.type in VIOLENT_TYPES]
        words = sum(len(a.text.split()) for a in articles)
        report["sets"][name] = {
            "articles": len(articles), "words": words, "events_full": len(full), "events_cascade": len(fast),
            "lost": len(lost), "lost_share": len(lost) / max(len(full), 1),
            "violent_events": len(violent), "violent_lost_share": len(violent_lost) / max(len(violent), 1),
            "new": len(new), "changed_share": changed / max(len(matched), 1), "changed_by_field": by_field,
            "kept_words_share": kept / max(words, 1),
            "words_per_cpu_s_full": words / cpu["full"], "words_per_cpu_s_cascade": words / cpu["cascade"],
            "lost_examples": [[e.plover.type, e.evidence[0].sentence[:160] if e.evidence else ""]
                              for e in lost[:args.examples]],
        }
    return report


def print_loss(report: dict) -> None:
    print(f"cascade scope={report['scope']} context={report['context']} rounds={report['rounds']}\n")
    print("| set | articles | words | words kept | events (full) | events (cascade) | lost | lost, violent types | new | "
          "changed fields | words/CPU-s full | words/CPU-s cascade | speed-up |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s in report["sets"].items():
        print(f"| {name} | {s['articles']} | {s['words']} | {s['kept_words_share']:.0%} | {s['events_full']} | "
              f"{s['events_cascade']} | {s['lost_share']:.1%} | {s['violent_lost_share']:.1%} of {s['violent_events']} | "
              f"{s['new']} | {s['changed_share']:.1%} | {s['words_per_cpu_s_full']:.0f} | "
              f"{s['words_per_cpu_s_cascade']:.0f} | {s['words_per_cpu_s_cascade'] / s['words_per_cpu_s_full']:.2f}x |")
    for name, s in report["sets"].items():
        fields = ", ".join(f"{key} {share:.1%}" for key, share in s["changed_by_field"].items() if share)
        print(f"changed in {name}: {fields or 'none'}")
    for name, s in report["sets"].items():
        for plover, sentence in s["lost_examples"]:
            print(f"lost in {name}: {plover}: {sentence}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", help="JSONL file or directory (default: the Guardian sample, else samples/)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N lines of a JSONL input")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, e.g. 1,2 (empty: none)")
    parser.add_argument("--partition-docs", type=int, default=0, help="documents per partition (0: n / (4 x workers))")
    parser.add_argument("--loss", action="store_true", help="measure the events the cascade loses instead")
    parser.add_argument("--scope", help="nlp.cascade_scope for --loss (default: the config's)")
    parser.add_argument("--context", type=int, help="nlp.cascade_context for --loss (default: the config's)")
    parser.add_argument("--loss-limit", type=int, default=0, help="records per dev set for --loss (0: defaults)")
    parser.add_argument("--rounds", type=int, default=2, help="timed runs of each pipeline for --loss, after one untimed")
    parser.add_argument("--examples", type=int, default=0, help="print this many lost events per set (stderr)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--phase", choices=["plain", "plain_tocsin", "e2e", "dist"], help=argparse.SUPPRESS)
    parser.add_argument("--cascade", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--n-workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args)
        return
    args.workers = [int(w) for w in args.workers.split(",") if w]
    if args.loss:
        results = loss(args)
        print_loss(results)
    else:
        results = throughput(args)
        print_throughput(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
