"""Scoring the geoparser on a `geoparse` file (EVAL_FORMATS.md): resolution and end-to-end modes.

The project-wide `tocsin eval geoparse` is the evaluation area's; this is the geocoder's own
dev loop (`tocsin geo score`), with the same metric names.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from tocsin.config import Config
from tocsin.errors import GeoError
from tocsin.geo.gazetteer import get_gazetteer
from tocsin.geo.resolve import Toponym, haversine_km, resolve
from tocsin.geo.toponyms import detect

MISSING_KM = 20038.0  # half the Earth's circumference: the error of a span left unresolved


def _errors(g, pairs) -> list[float]:
    return [MISSING_KM if t.row is None else haversine_km(g.lat[t.row], g.lon[t.row], gold["lat"], gold["lon"])
            for t, gold in pairs]


def _auc(errors: list[float]) -> float:
    """Area under the log-error curve, scaled to 0..1 (lower is better), as in Gritta et al. 2018."""
    import math

    top = math.log(MISSING_KM + 1)
    return statistics.fmean(math.log(e + 1) / top for e in errors) if errors else 0.0


def score_file(path: Path, config: Config, *, mode: str = "resolution", limit: int | None = None) -> dict:
    """Metrics for one file; ``mode`` is "resolution" (gold spans given) or "end-to-end"."""
    if not path.is_file():
        raise GeoError(f"no geoparse file at {path}", fix="pass a JSONL file in the `geoparse` format", code="T404")
    g = get_gazetteer(config)
    nlp = None
    if mode == "end-to-end":
        from tocsin.nlp import load_nlp

        nlp = load_nlp(config)
    start = time.perf_counter()
    errors: list[float] = []
    tp = fp = fn = n = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and n >= limit:
                break
            item = json.loads(line)
            n += 1
            text, gold = item["text"], item["gold"]
            if mode == "resolution":
                toponyms = [Toponym(x["start"], x["end"], text[x["start"]:x["end"]]) for x in gold]
                resolve(text, toponyms, g)
                errors += _errors(g, zip(toponyms, gold))
                continue
            found = resolve(text, detect(nlp(text), g, demonyms=config["geo"]["demonyms_as_places"]), g)
            matched = set()
            for t in found:
                hit = next((i for i, x in enumerate(gold) if i not in matched and t.start < x["end"] and x["start"] < t.end),
                           None)
                if hit is None:
                    fp += 1
                else:
                    tp += 1
                    matched.add(hit)
                    errors += _errors(g, [(t, gold[hit])])
            fn += len(gold) - len(matched)
    metrics: dict = {"n_mentions": len(errors) if mode == "resolution" else tp + fn}
    if mode == "resolution":
        metrics.update(acc_161km=sum(e <= 161 for e in errors) / max(len(errors), 1),
                       median_error_km=statistics.median(errors) if errors else None,
                       mean_error_km=statistics.fmean(errors) if errors else None, auc=_auc(errors))
    else:
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        metrics.update(detection_precision=p, detection_recall=r,
                       detection_f1=2 * p * r / (p + r) if p + r else 0.0,
                       e2e_acc_161km=sum(e <= 161 for e in errors) / max(len(errors), 1),
                       median_error_km=statistics.median(errors) if errors else None)
    return {"task": "geoparse", "file": path.name, "mode": mode, "n": n,
            "seconds": round(time.perf_counter() - start, 1), "metrics": metrics}
