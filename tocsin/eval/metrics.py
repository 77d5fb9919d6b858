"""Pure scorers over (gold, predicted) pairs. No I/O, no system calls: easy to check by hand."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Hashable, Iterable, Mapping, Sequence

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0  # half the Earth's circumference, the cap in Gritta et al. 2018
NONE_LABEL = "(none)"  # what a classifier "predicted" when the system returned nothing


def div(num: float, den: float) -> float:
    """num / den, 0.0 when den is 0 (an empty class scores nothing rather than crashing)."""
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 from counts."""
    p, r = div(tp, tp + fp), div(tp, tp + fn)
    return p, r, div(2 * p * r, p + r)


def classification(gold: Sequence[str], pred: Sequence[str | None]) -> dict:
    """Single-label scores: accuracy, macro-F1 and support-weighted F1 over the GOLD label set.

    A missing prediction (None) counts as the label ``(none)``: wrong for every gold label.
    Per-class rows cover gold and predicted labels; the averages cover gold labels only, so a
    label the system invents lowers precision of nothing it is averaged over but still costs
    the recall of the gold label it replaced.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and predicted differ in length")
    pred = [NONE_LABEL if p is None else p for p in pred]
    confusion: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    labels = sorted(set(gold) | set(pred))
    per_class = {}
    for label in labels:
        tp = confusion[label][label]
        fn = sum(confusion[label].values()) - tp
        fp = sum(row[label] for g, row in confusion.items() if g != label)
        p, r, f = prf(tp, fp, fn)
        per_class[label] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
    gold_labels = sorted(set(gold))
    support = sum(per_class[g]["support"] for g in gold_labels)
    return {
        "accuracy": div(sum(g == p for g, p in zip(gold, pred)), len(gold)),
        "macro_f1": div(sum(per_class[g]["f1"] for g in gold_labels), len(gold_labels)),
        "weighted_f1": div(sum(per_class[g]["f1"] * per_class[g]["support"] for g in gold_labels), support),
        "per_class": per_class,
        "confusion": {g: dict(sorted(row.items())) for g, row in sorted(confusion.items())},
    }


def multilabel(gold: Sequence[Mapping[str, bool]], pred: Sequence[Mapping[str, bool]],
               labels: Sequence[str]) -> dict:
    """Per-label binary precision/recall/F1 and a tp/fp/fn/tn table per label."""
    per_class, confusion = {}, {}
    for label in labels:
        c = Counter((bool(g.get(label)), bool(p.get(label))) for g, p in zip(gold, pred))
        tp, fp, fn, tn = c[(True, True)], c[(False, True)], c[(True, False)], c[(False, False)]
        p, r, f = prf(tp, fp, fn)
        per_class[label] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
        confusion[label] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
    return {"per_class": per_class, "confusion": confusion}


def matched_counts(gold: Sequence[Iterable[Hashable]], pred: Sequence[Iterable[Hashable]]) -> tuple[int, int, int]:
    """tp, fp, fn of per-item multisets: each gold item matches at most one equal prediction."""
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gc, pc = Counter(g), Counter(p)
        hit = sum((gc & pc).values())
        tp += hit
        fp += sum(pc.values()) - hit
        fn += sum(gc.values()) - hit
    return tp, fp, fn


def per_key_prf(gold: Sequence[Iterable[Hashable]], pred: Sequence[Iterable[Hashable]]) -> dict:
    """Per-value precision/recall/F1 for multiset predictions (e.g. per CAMEO root code)."""
    keys = sorted({k for items in (*gold, *pred) for k in items}, key=str)
    out = {}
    for key in keys:
        tp, fp, fn = matched_counts([[x for x in g if x == key] for g in gold],
                                    [[x for x in p if x == key] for p in pred])
        p, r, f = prf(tp, fp, fn)
        out[str(key)] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
    return out


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 (Bagga & Baldwin 1998) over the items of ``gold``.

    An item missing from ``pred`` is a singleton cluster of its own.
    """
    items = list(gold)
    pred = {i: pred.get(i, ("__singleton__", i)) for i in items}
    gold_members, pred_members = defaultdict(set), defaultdict(set)
    for i in items:
        gold_members[gold[i]].add(i)
        pred_members[pred[i]].add(i)
    p_sum = r_sum = 0.0
    for i in items:
        g, c = gold_members[gold[i]], pred_members[pred[i]]
        both = len(g & c)
        p_sum += both / len(c)
        r_sum += both / len(g)
    p, r = div(p_sum, len(items)), div(r_sum, len(items))
    return p, r, div(2 * p * r, p + r)


def _pairs(labels: Mapping[str, object]) -> set[tuple[str, str]]:
    members = defaultdict(list)
    for item, label in labels.items():
        members[label].append(item)
    return {(a, b) for group in members.values() for i, a in enumerate(sorted(group)) for b in sorted(group)[i + 1:]}


def pairwise(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1: a pair of items is positive when they share a cluster.

    With no predicted pairs and no gold pairs (all singletons on both sides) the grouping is
    perfect and scores 1.0; otherwise an empty side scores 0.
    """
    items = list(gold)
    pred = {i: pred.get(i, ("__singleton__", i)) for i in items}
    g, p = _pairs({i: gold[i] for i in items}), _pairs(pred)
    if not g and not p:
        return 1.0, 1.0, 1.0
    return prf(len(g & p), len(p - g), len(g - p))


def iob_entities(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """Entity chunks (type, start, end-exclusive) as the CoNLL-2003 ``conlleval`` script reads them.

    A chunk starts at B-X, or at I-X after O or after a different type; it ends before O, B-*
    or a change of type. This also reads IOB1 correctly.
    """
    chunks: set[tuple[str, int, int]] = set()
    kind, start = None, 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and label != kind)
        if kind is not None and (prefix == "O" or begins):
            chunks.add((kind, start, i))
            kind = None
        if prefix in ("B", "I") and (begins or kind is None):
            kind, start = label, i
    return chunks


def entity_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
                  classes: Sequence[str]) -> dict:
    """Entity-level precision/recall/F1 per class and micro-averaged (exact span and type)."""
    counts = {c: [0, 0, 0] for c in classes}
    for g_tags, p_tags in zip(gold, pred):
        g, p = iob_entities(g_tags), iob_entities(p_tags)
        for kind, *_ in g & p:
            counts.setdefault(kind, [0, 0, 0])[0] += 1
        for kind, *_ in p - g:
            counts.setdefault(kind, [0, 0, 0])[1] += 1
        for kind, *_ in g - p:
            counts.setdefault(kind, [0, 0, 0])[2] += 1
    per_class = {}
    for kind, (tp, fp, fn) in sorted(counts.items()):
        p, r, f = prf(tp, fp, fn)
        per_class[kind] = {"precision": p, "recall": r, "f1": f, "support": tp + fn}
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in range(3))
    p, r, f = prf(tp, fp, fn)
    return {"micro_precision": p, "micro_recall": r, "micro_f1": f, "per_class": per_class}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def geo_auc(errors_km: Sequence[float]) -> float:
    """Area under the curve of sorted log(1 + error km), normalised by log(20039); lower is better.

    As in Gritta, Pilehvar & Collier 2018 (trapezoidal rule over the sorted errors, x scaled
    to 0..1). Errors are capped at 20039 km, so the value lies in 0..1.
    """
    ys = sorted(math.log1p(min(e, MAX_ERROR_KM)) for e in errors_km)
    if not ys:
        return 0.0
    if len(ys) == 1:
        return ys[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:]))
    return area / (math.log(MAX_ERROR_KM) * (len(ys) - 1))


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


HISTOGRAM_EDGES_KM = (0, 1, 10, 25, 50, 161, 500, 1000, 5000, MAX_ERROR_KM)


def error_histogram(errors_km: Sequence[float], unresolved: int = 0) -> dict[str, int]:
    """Counts of errors per distance band (km, lower edge inclusive), plus unresolved mentions."""
    bands = {}
    edges = HISTOGRAM_EDGES_KM
    for lo, hi in zip(edges, edges[1:]):
        last = hi == edges[-1]
        bands[f"{lo:g}-{hi:g}"] = sum(lo <= e < hi or (last and e == hi) for e in errors_km)
    bands["unresolved"] = unresolved
    return bands


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Character spans [start, end) share at least one character."""
    return a[0] < b[1] and b[0] < a[1]
