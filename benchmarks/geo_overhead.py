"""What geocoding adds to end-to-end time: spaCy parse alone vs parse + geocoder, same texts, same run.

Every sentence of every text gets a mention (an upper bound: real articles have fewer events), so
the geocoder detects, resolves and places everything it can. The gazetteer and the spaCy model are
loaded (and warmed on a few texts) before timing. Writes benchmarks/geo.md.

    .venv/bin/python benchmarks/geo_overhead.py [--limit 60] [--out benchmarks/geo.md]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tocsin.config import load_config  # noqa: E402
from tocsin.geo import Geocoder  # noqa: E402
from tocsin.geo.gazetteer import gazetteer_path, get_gazetteer  # noqa: E402
from tocsin.model import Article, Evidence, Mention, Plover, Span  # noqa: E402
from tocsin.nlp import load_nlp  # noqa: E402
from tocsin.pipeline import Document  # noqa: E402

MARKER = "<!-- accuracy -->"
SHARED_NEWS = REPO.parent / "shared" / "data" / "news" / "guardian_2019_sample.jsonl"


def load_texts(limit: int) -> tuple[list[str], str]:
    """The Guardian sample when ../shared has it, else the repo's samples/ texts."""
    if SHARED_NEWS.is_file():
        with open(SHARED_NEWS, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line, _ in zip(fh, range(limit))]
        return texts, str(SHARED_NEWS.relative_to(REPO.parent))
    files = sorted((REPO / "samples").rglob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files], "samples/**/*.txt"


def with_mentions(doc, index: int) -> Document:
    article = Article(id=f"b{index}", text=doc.text)
    mentions = [Mention(article_id=article.id, sentence_index=i,
                        trigger=Span(text=s.root.text, start=s.root.idx, end=s.root.idx + len(s.root.text)),
                        plover=Plover(type="ASSAULT"),
                        evidence=Evidence(article_id=article.id, sentence=s.text, start=s.start_char, end=s.end_char))
                for i, s in enumerate(doc.sents)]
    return Document(article, doc, mentions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60, help="number of texts (default 60)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "geo.md", help="report file")
    args = parser.parse_args()

    config = load_config()
    t0, c0 = time.perf_counter(), time.process_time()
    gazetteer = get_gazetteer(config)
    load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nlp = load_nlp(config)
    geocoder = Geocoder(config)
    texts, source = load_texts(args.limit)
    geocoder([with_mentions(d, i) for i, d in enumerate(nlp.pipe(texts[:3]))])  # warm-up

    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=config["nlp"]["batch_size"]))
    parse_s = time.perf_counter() - start
    documents = [with_mentions(d, i) for i, d in enumerate(docs)]
    start = time.perf_counter()
    geocoder(documents)
    geo_s = time.perf_counter() - start

    mentions = sum(len(d.mentions) for d in documents)
    located = sum(m.location is not None for d in documents for m in d.mentions)
    chars = sum(len(t) for t in texts)
    overhead = geo_s / parse_s
    command = f".venv/bin/python benchmarks/geo_overhead.py --limit {args.limit}"
    report = f"""# Geocoding overhead

Command: `{command}` (machine: {platform.machine()}, Python {platform.python_version()}, shared 2-core box)

Texts: {len(texts)} from `{source}` ({chars:,} characters); {mentions} mentions (one per sentence, an
upper bound), {located} given a location.

| step | seconds | ms per text |
|---|---:|---:|
| spaCy parse (`{config['nlp']['model']}`, nlp.pipe) | {parse_s:.2f} | {1000 * parse_s / len(texts):.1f} |
| geocoder (detect + resolve + place every mention) | {geo_s:.2f} | {1000 * geo_s / len(texts):.1f} |
| **overhead of geocoding** | **{100 * overhead:.1f} %** | (target: at most 15 %) |

Gazetteer: `{gazetteer_path(config)}`, {len(gazetteer):,} places, {len(gazetteer.names):,} names; loaded in
{load_s:.2f} s wall, {load_cpu:.2f} s CPU (once per process, not in the timings above; on a shared box the
wall time includes waiting for a core); process peak resident memory after loading it:
{rss_after_load:.0f} MB.
"""
    # The accuracy section below the marker comes from `tocsin geo score`; a rerun keeps it.
    kept = ""
    if args.out.is_file():
        old = args.out.read_text(encoding="utf-8")
        if MARKER in old:
            kept = "\n" + old[old.index(MARKER):]
    args.out.write_text(report + kept, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
