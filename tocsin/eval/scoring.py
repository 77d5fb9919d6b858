"""Per-task scoring: labelled items + the system's predictions -> metrics (pure functions).

Each ``score_<task>(items, predictions)`` returns a :class:`Scored`. Prediction shapes (what the
adapters in :mod:`tocsin.eval.adapters` produce) are given in each docstring, so any other
system can be scored by producing the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from tocsin.eval import metrics as M

CONLL_CLASSES = ("PER", "LOC", "ORG", "MISC")


@dataclass
class Scored:
    """What a scorer found: named metrics, per-class rows, extra tables and the wrong items."""

    metrics: dict[str, float | None]
    per_class: dict[str, dict[str, float]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)  # id, gold, predicted (no text yet)


def _support(**counts: int) -> dict[str, dict[str, int]]:
    return {"support": counts}


def _share(hits: Sequence[bool]) -> float | None:
    return M.div(sum(hits), len(hits)) if hits else None


# --- doc-events -------------------------------------------------------------------------------

def score_doc_events(items: Sequence[dict], preds: Sequence[dict | None]) -> Scored:
    """Prediction per item: None (no event) or a dict with ``event_type``, ``sub_event_type``,
    ``fatalities`` (int or None), ``lat``, ``lon``, ``iso3``, ``date``.

    Denominators are all items whose gold has the field; a missing prediction counts as wrong,
    except fatalities, where a missing count is read as ACLED's 0.
    """
    pairs = [(item["gold"], pred or {}) for item, pred in zip(items, preds)]
    sub = [(g["sub_event_type"], p.get("sub_event_type")) for g, p in pairs if g.get("sub_event_type")]
    cls = M.classification([g for g, _ in sub], [p for _, p in sub])
    etype = [g["event_type"] == p.get("event_type") for g, p in pairs if g.get("event_type")]
    fat = [(g["fatalities"], p.get("fatalities") or 0) for g, p in pairs if g.get("fatalities") is not None]
    errs_km = []
    for g, p in pairs:
        if g.get("latitude") is None or g.get("longitude") is None:
            continue
        has = p.get("lat") is not None and p.get("lon") is not None
        errs_km.append(M.haversine_km(g["latitude"], g["longitude"], p["lat"], p["lon"]) if has else None)
    country = [g["iso3"] == p.get("iso3") for g, p in pairs if g.get("iso3")]
    date = [g["event_date"] == p.get("date") for g, p in pairs if g.get("event_date")]
    nonzero = [(g, p) for g, p in fat if g > 0]
    metrics = {
        "sub_event_accuracy": cls["accuracy"] if sub else None,
        "sub_event_macro_f1": cls["macro_f1"] if sub else None,
        "event_type_accuracy": _share(etype),
        "fatalities_exact": _share([g == p for g, p in fat]),
        "fatalities_exact_nonzero": _share([g == p for g, p in nonzero]),
        "fatalities_within_20pct": _share([abs(p - g) <= 0.2 * g for g, p in fat]),
        "location_within_25km": _share([e is not None and e <= 25 for e in errs_km]),
        "location_within_161km": _share([e is not None and e <= 161 for e in errs_km]),
        "country_accuracy": _share(country),
        "date_exact": _share(date),
    }
    errors = []
    for item, (g, p) in zip(items, pairs):
        wrong = [k for k, gv, pv in (("sub_event_type", g.get("sub_event_type"), p.get("sub_event_type")),
                                      ("fatalities", g.get("fatalities"), p.get("fatalities") or 0),
                                      ("iso3", g.get("iso3"), p.get("iso3"))) if gv is not None and gv != pv]
        if wrong:
            keys = ("event_type", "sub_event_type", "fatalities", "iso3", "event_date", "latitude", "longitude")
            errors.append({"id": item["id"], "wrong": wrong, "gold": {k: g.get(k) for k in keys},
                           "predicted": p or None})
    located = [e for e in errs_km if e is not None]
    extra = {
        "confusion": cls["confusion"],
        "error_km_histogram": M.error_histogram(located, unresolved=len(errs_km) - len(located)),
        **_support(sub_event=len(sub), fatalities=len(fat), fatalities_nonzero=len(nonzero),
                   location=len(errs_km), country=len(country), date=len(date)),
        "no_event": sum(p is None for p in preds),
    }
    return Scored(metrics, cls["per_class"], extra, errors)


# --- event-type and plover (single-label) -----------------------------------------------------

def score_event_type(items: Sequence[dict], preds: Sequence[str | None]) -> Scored:
    """Prediction per item: the CASE/ACLED-style label, or None."""
    gold = [item["gold"]["label"] for item in items]
    cls = M.classification(gold, preds)
    errors = [{"id": i["id"], "gold": g, "predicted": p} for i, g, p in zip(items, gold, preds) if g != p]
    metrics = {k: cls[k] for k in ("accuracy", "macro_f1", "weighted_f1")}
    return Scored(metrics, cls["per_class"], {"confusion": cls["confusion"]}, errors)


def score_plover(items: Sequence[dict], preds: Sequence[dict | None],
                 mode_aliases: Mapping[str, str] | None = None) -> Scored:
    """Prediction per item: None or ``{"event", "mode", "source", "target"}`` (actor ISO3 codes).

    Mode accuracy is over items whose gold has a mode, comparing lower-case spellings after
    ``mode_aliases`` (alias -> PLOVER mode). A country match is over items whose gold names
    source (target) actors: the predicted actor's country must be one of their codes.
    """
    aliases = mode_aliases or {}

    def _mode(value: str | None) -> str | None:
        value = (value or "").strip().lower()
        return aliases.get(value, value) or None

    golds = [item["gold"] for item in items]
    preds = [p or {} for p in preds]
    cls = M.classification([g["event"] for g in golds], [p.get("event") for p in preds])
    modes = [_mode(g["mode"]) == _mode(p.get("mode")) for g, p in zip(golds, preds) if g.get("mode")]
    side = {}
    for role in ("source", "target"):
        side[role] = [p.get(role) in {a.get("code") for a in g[role]}
                      for g, p in zip(golds, preds) if any(a.get("code") for a in g.get(role) or [])]
    metrics = {
        "accuracy": cls["accuracy"], "macro_f1": cls["macro_f1"], "mode_accuracy": _share(modes),
        "source_country_match": _share(side["source"]), "target_country_match": _share(side["target"]),
    }
    errors = [{"id": i["id"], "gold": {"event": g["event"], "mode": g.get("mode")},
               "predicted": {"event": p.get("event"), "mode": p.get("mode")}}
              for i, g, p in zip(items, golds, preds)
              if g["event"] != p.get("event") or (g.get("mode") and _mode(g["mode"]) != _mode(p.get("mode")))]
    extra = {"confusion": cls["confusion"],
             **_support(mode=len(modes), source=len(side["source"]), target=len(side["target"]))}
    return Scored(metrics, cls["per_class"], extra, errors)


# --- cameo ------------------------------------------------------------------------------------

def actor_key(code: str | None) -> tuple[str, str]:
    """A CAMEO actor code as (country, primary role): 'USAGOV' -> ('USA', 'GOV'),
    '---GOV' -> ('---', 'GOV'), 'USA' -> ('USA', ''); None or '' -> ('---', '')."""
    code = (code or "").strip().upper()
    return (code[:3] or "---", code[3:6])


def root(code: str) -> str:
    """CAMEO root: the first two digits ('042' -> '04', '1124' -> '11')."""
    return code.strip()[:2]


def score_cameo(items: Sequence[dict], preds: Sequence[list[dict]]) -> Scored:
    """Prediction per item: a list of ``{"code", "source", "target"}`` (actor codes like 'USAGOV').

    Codings are matched per sentence as multisets. Root scores compare root codes only;
    triples compare (root, source, target) where an actor matches on its country and its
    first role (see :func:`actor_key`). ``triple_country_*`` (extra) ignores roles.
    """
    gold = [[c for c in item["gold"] if c.get("code")] for item in items]
    pred = [[c for c in p if c.get("code")] for p in preds]
    g_root = [[root(c["code"]) for c in cs] for cs in gold]
    p_root = [[root(c["code"]) for c in cs] for cs in pred]

    def triples(cs, key):
        return [(root(c["code"]), key(c.get("source")), key(c.get("target"))) for c in cs]

    def country(code):
        return actor_key(code)[0]

    metrics: dict[str, float | None] = {}
    for name, g, p in (("root", g_root, p_root),
                       ("triple", [triples(c, actor_key) for c in gold], [triples(c, actor_key) for c in pred]),
                       ("triple_country", [triples(c, country) for c in gold], [triples(c, country) for c in pred])):
        pr, rc, f = M.prf(*M.matched_counts(g, p))
        metrics.update({f"{name}_precision": pr, f"{name}_recall": rc, f"{name}_f1": f})
    errors = []
    for item, g, p in zip(items, gold, pred):
        gt = sorted(triples(g, actor_key))
        pt = sorted(triples(p, actor_key))
        if gt != pt:
            errors.append({"id": item["id"], "gold": [f"{r} {s[0]}{s[1]} > {t[0]}{t[1]}" for r, s, t in gt],
                           "predicted": [f"{r} {s[0]}{s[1]} > {t[0]}{t[1]}" for r, s, t in pt]})
    extra = _support(gold_codings=sum(map(len, gold)), predicted_codings=sum(map(len, pred)))
    return Scored(metrics, M.per_key_prf(g_root, p_root), extra, errors)


# --- sent-detect ------------------------------------------------------------------------------

def score_sent_detect(items: Sequence[dict], preds: Sequence[dict[str, bool]]) -> Scored:
    """Prediction per item: ``{label: bool}`` for the labels of the gold records."""
    labels = list(dict.fromkeys(k for item in items for k in item["gold"]))
    result = M.multilabel([i["gold"] for i in items], preds, labels)
    metrics = {}
    for label, row in result["per_class"].items():
        metrics.update({f"{label}_precision": row["precision"], f"{label}_recall": row["recall"],
                        f"{label}_f1": row["f1"]})
    errors = []
    for item, p in zip(items, preds):
        g_on = sorted(k for k in labels if item["gold"].get(k))
        p_on = sorted(k for k in labels if p.get(k))
        if g_on != p_on:
            errors.append({"id": item["id"], "gold": g_on, "predicted": p_on})
    return Scored(metrics, result["per_class"], {"confusion": result["confusion"]}, errors)


# --- geoparse ---------------------------------------------------------------------------------

def _geo_summary(errors_km: list[float], unresolved: int) -> dict:
    capped = [min(e, M.MAX_ERROR_KM) for e in errors_km] + [M.MAX_ERROR_KM] * unresolved
    return {
        "acc_161km": _share([e <= 161 for e in capped]),
        "median_error_km": M.median(capped) if capped else None,
        "mean_error_km": M.div(sum(capped), len(capped)) if capped else None,
        "auc": M.geo_auc(capped) if capped else None,
    }


def score_geoparse_resolution(items: Sequence[dict], preds: Sequence[list[tuple[float, float] | None]]) -> Scored:
    """Prediction per item: one (lat, lon) or None per gold mention, in gold order.

    An unresolved mention gets the maximum error (20039 km), as in Gritta et al. 2018, so
    median, mean and AUC are over all gold mentions.
    """
    errors_km, unresolved, errors = [], 0, []
    for item, coords in zip(items, preds):
        for mention, pc in zip(item["gold"], coords):
            if pc is None or pc[0] is None:
                unresolved += 1
                err = None
            else:
                err = M.haversine_km(mention["lat"], mention["lon"], pc[0], pc[1])
                errors_km.append(err)
            if err is None or err > 161:
                errors.append({"id": item["id"], "gold": f"{mention['name']} ({mention['lat']:.2f}, {mention['lon']:.2f})",
                               "predicted": None if pc is None or pc[0] is None else
                               f"({pc[0]:.2f}, {pc[1]:.2f}) {err:.0f} km off",
                               "span": [mention["start"], mention["end"]]})
    metrics = _geo_summary(errors_km, unresolved)
    extra = {"error_km_histogram": M.error_histogram(errors_km, unresolved),
             **_support(mentions=len(errors_km) + unresolved, unresolved=unresolved)}
    return Scored(metrics, {}, extra, errors)


def score_geoparse_end_to_end(items: Sequence[dict], preds: Sequence[list[dict]]) -> Scored:
    """Prediction per item: a list of ``{"start", "end", "lat", "lon"}`` found by the system.

    A predicted span is correct when it overlaps a gold span; a gold span is found when some
    prediction overlaps it. Each found gold span is paired with its most-overlapping prediction
    for ``e2e_acc_161km``, which is over found spans only.
    """
    n_pred = n_pred_ok = n_gold = n_found = 0
    hits: list[bool] = []
    errors_km, errors = [], []
    for item, places in zip(items, preds):
        gold = [(m["start"], m["end"]) for m in item["gold"]]
        n_gold += len(gold)
        n_pred += len(places)
        n_pred_ok += sum(any(M.overlaps((p["start"], p["end"]), g) for g in gold) for p in places)
        for mention, span in zip(item["gold"], gold):
            touching = [p for p in places if M.overlaps((p["start"], p["end"]), span)]
            if not touching:
                errors.append({"id": item["id"], "gold": mention["name"], "predicted": None, "span": list(span)})
                continue
            n_found += 1
            best = max(touching, key=lambda p: min(p["end"], span[1]) - max(p["start"], span[0]))
            if best.get("lat") is None or best.get("lon") is None:
                hits.append(False)
                continue
            err = M.haversine_km(mention["lat"], mention["lon"], best["lat"], best["lon"])
            errors_km.append(err)
            hits.append(err <= 161)
            if err > 161:
                errors.append({"id": item["id"], "gold": mention["name"],
                               "predicted": f"({best['lat']:.2f}, {best['lon']:.2f}) {err:.0f} km off",
                               "span": list(span)})
    p, r = M.div(n_pred_ok, n_pred), M.div(n_found, n_gold)
    metrics = {"detection_precision": p, "detection_recall": r, "detection_f1": M.div(2 * p * r, p + r),
               "e2e_acc_161km": _share(hits)}
    extra = {"error_km_histogram": M.error_histogram(errors_km, unresolved=len(hits) - len(errors_km)),
             **_support(gold_mentions=n_gold, predicted_mentions=n_pred, found=n_found)}
    return Scored(metrics, {}, extra, errors)


# --- cluster ----------------------------------------------------------------------------------

def score_cluster(items: Sequence[dict], pred: dict[str, Any]) -> Scored:
    """Prediction: one mapping ``{id: cluster label}`` for the whole file (missing = singleton)."""
    gold = {item["id"]: item["gold_cluster"] for item in items}
    bp, br, bf = M.bcubed(gold, pred)
    _, _, pf = M.pairwise(gold, pred)
    metrics = {"bcubed_precision": bp, "bcubed_recall": br, "bcubed_f1": bf, "pairwise_f1": pf}
    # An item is shown as an error when its predicted cluster is not exactly its gold cluster.
    members_g: dict[str, set] = {}
    members_p: dict[Any, set] = {}
    for i, g in gold.items():
        members_g.setdefault(g, set()).add(i)
        members_p.setdefault(pred.get(i, ("single", i)), set()).add(i)
    errors = []
    for i, g in gold.items():
        got = members_p[pred.get(i, ("single", i))]
        if got != members_g[g]:
            errors.append({"id": i, "gold": f"{g} ({len(members_g[g])} docs)",
                           "predicted": f"{pred.get(i)} ({len(got)} docs, {len(got & members_g[g])} of them gold)"})
    extra = _support(gold_clusters=len(members_g), predicted_clusters=len(members_p))
    return Scored(metrics, {}, extra, errors)


# --- ner --------------------------------------------------------------------------------------

def score_ner(items: Sequence[dict], preds: Sequence[list[str]]) -> Scored:
    """Prediction per item: IOB2 tags over the item's tokens (CoNLL classes)."""
    gold = [item["tags"] for item in items]
    result = M.entity_scores(gold, preds, CONLL_CLASSES)
    metrics = {"micro_f1": result["micro_f1"],
               **{f"{c}_f1": result["per_class"].get(c, {}).get("f1", 0.0) for c in CONLL_CLASSES},
               "micro_precision": result["micro_precision"], "micro_recall": result["micro_recall"]}
    errors = []
    for item, g, p in zip(items, gold, preds):
        ge, pe = M.iob_entities(g), M.iob_entities(p)
        if ge != pe:
            errors.append({"id": item["id"], "gold": _show(item["tokens"], ge - pe),
                           "predicted": _show(item["tokens"], pe - ge)})
    return Scored(metrics, result["per_class"], {}, errors)


def _show(words: Sequence[str], entities: set[tuple[str, int, int]]) -> list[str]:
    return sorted(f"{kind}:{' '.join(words[start:end])}" for kind, start, end in entities)
