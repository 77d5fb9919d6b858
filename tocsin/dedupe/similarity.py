"""How alike two event records are: six features, a weighted score, and hard vetoes.

Each feature is a number in 0..1, or None when one side does not know (no date, no place, no
actors, no shared count kind). Unknown features count as ``UNKNOWN_PRIOR``: a missing place is
weak evidence against a merge, not for it. Every feature is symmetric, so the score of (a, b)
equals the score of (b, a), which is what makes cross-article merging order-independent.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from importlib import resources

from tocsin.model import COUNT_KINDS, Actor, Event, Place

WEIGHTS: dict[str, float] = {
    "type": 0.20, "date": 0.20, "place": 0.20, "actors": 0.15, "counts": 0.10, "text": 0.15,
}
UNKNOWN_PRIOR = 0.3
_PRECISION_RANK = {"place": 0, "admin2": 1, "admin1": 2, "country": 3}
_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass(frozen=True)
class Similarity:
    """Features, the weighted score, and the veto that overrides it (if any)."""

    score: float
    features: dict[str, float | None] = field(default_factory=dict)
    veto: str | None = None

    def explain(self) -> str:
        parts = ", ".join(f"{k}={'?' if v is None else f'{v:.2f}'}" for k, v in self.features.items())
        return f"score {self.score:.2f} ({parts})" + (f"; veto: {self.veto}" if self.veto else "")


@lru_cache(maxsize=1)
def type_pairs() -> dict[frozenset[str], float]:
    """PLOVER type pairs that may be the same event (data/dedupe/type_compatibility.toml)."""
    text = resources.files("tocsin.data").joinpath("dedupe/type_compatibility.toml").read_text("utf-8")
    return {frozenset((p["a"], p["b"])): float(p["score"]) for p in tomllib.loads(text)["pair"]}


def type_score(a: Event, b: Event) -> float:
    if a.plover.type == b.plover.type:
        return 1.0
    return type_pairs().get(frozenset((a.plover.type, b.plover.type)), 0.0)


def parse_date(value: str | None) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_score(a: Event, b: Event, window_days: int) -> tuple[float | None, str | None]:
    """1 on the same day, falling linearly to 0 past the window; coarse dates compare by month/year."""
    da, db = parse_date(a.date), parse_date(b.date)
    if da is None or db is None:
        return None, None
    coarse = {a.date_precision, b.date_precision} & {"month", "year"}
    if "year" in coarse:
        return (0.3, None) if da.year == db.year else (0.0, "different years")
    if "month" in coarse:
        return (0.4, None) if (da.year, da.month) == (db.year, db.month) else (0.0, "different months")
    days = abs((da - db).days)
    if _reported_after(a, b, window_days) or _reported_after(b, a, window_days):
        return None, None
    if days > window_days:
        return 0.0, f"dates {days} days apart (window {window_days})"
    return 1.0 - days / (window_days + 1), None


def _reported_after(undated: Event, dated: Event, window_days: int) -> bool:
    """``undated`` carries only its publication date (no date in its text), which falls on or within the
    window after ``dated``'s day: a report of the event then, not evidence of another day ("Clashes
    leave 27 dead", published Tuesday, and "the violence began on Saturday")."""
    if undated.date_basis != "publication" or dated.date_basis == "publication":
        return False
    gap = (parse_date(undated.date) - parse_date(dated.date)).days
    return 0 < gap <= window_days


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _norm(text: str | None) -> str:
    return (text or "").strip().lower()


def place_score(a: Place | None, b: Place | None, max_km: float) -> tuple[float | None, str | None]:
    """Two points: 1 for the same place, else 0.8·(1 - km/max_km); containment scores 0.6 in a
    province, 0.3 in a country (a country-level place in a large country is nearly no evidence:
    measured on ECB+ dev)."""
    if a is None or b is None:
        return None, None
    if a.country and b.country and a.country != b.country:
        return 0.0, f"different countries ({a.country}, {b.country})"
    coarse = max(_PRECISION_RANK.get(a.precision or "place", 0), _PRECISION_RANK.get(b.precision or "place", 0))
    if coarse >= 2:  # one side only names a country or province: it contains the other, but says little
        if coarse == 2 and a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
            return 0.0, f"different provinces ({a.admin1}, {b.admin1})"
        if not (a.country and b.country):
            return None, None
        return (0.6 if coarse == 2 else 0.3), None
    if None not in (a.lat, a.lon, b.lat, b.lon):
        km = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if km > max_km:
            return 0.0, f"{km:.0f} km apart (max {max_km})"
        if km < 2.0 or (a.geonameid is not None and a.geonameid == b.geonameid):
            return 1.0, None
        return 0.8 * (1.0 - km / max_km), None  # two named places, however close, are weaker than one
    names = {_norm(a.name or a.text), _norm(b.name or b.text)}
    if len(names) == 1 and "" not in names:
        return 1.0, None
    return (0.5, None) if a.country and b.country else (None, None)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Function and reporting words (data/dedupe/stopwords.txt)."""
    text = resources.files("tocsin.data").joinpath("dedupe/stopwords.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=65536)  # an event's sentences are read again for every pair it is scored in
def content_words(text: str | None) -> frozenset[str]:
    stop = stopwords()
    return frozenset(w for w in _WORD.findall(_norm(text)) if w not in stop and len(w) > 2)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _actor_words(actor: Actor | None) -> frozenset[str]:
    if actor is None:
        return frozenset()
    return content_words(f"{actor.text} {actor.name or ''}") | set(actor.identity)


def actor_score(a: Event, b: Event) -> float | None:
    """Best word overlap of the actor pairs, straight or swapped (one outlet's target is another's source)."""
    sa, ta, sb, tb = (_actor_words(x) for x in (a.source_actor, a.target_actor, b.source_actor, b.target_actor))
    if not (sa or ta) or not (sb or tb):
        return None
    def pair(x: set[str], y: set[str]) -> float | None:
        return jaccard(x, y) if x and y else None
    straight = [s for s in (pair(sa, sb), pair(ta, tb)) if s is not None]
    swapped = [s for s in (pair(sa, tb), pair(ta, sb)) if s is not None]
    options = [sum(x) / len(x) for x in (straight, swapped) if x]
    return max(options) if options else 0.0


def _figure(count) -> int | None:
    for value in (count.best, count.low, count.high):
        if value is not None:
            return value
    return None


def count_score(a: Event, b: Event) -> float | None:
    """Ratio of the figures of shared kinds; tolls rise over time, so a 3-to-1 ratio still scores 0.58."""
    ratios = []
    for kind in COUNT_KINDS:
        ca, cb = getattr(a.counts, kind), getattr(b.counts, kind)
        fa, fb = (_figure(ca) if ca else None), (_figure(cb) if cb else None)
        if fa is None or fb is None:
            continue
        ratios.append(1.0 if max(fa, fb) == 0 else math.sqrt(min(fa, fb) / max(fa, fb)))
    return sum(ratios) / len(ratios) if ratios else None


def text_score(a: Event, b: Event, limit: int = 6) -> float | None:
    """Highest content-word Jaccard between any evidence sentence of one and one of the other."""
    wa = [content_words(e.sentence) for e in a.evidence[:limit]]
    wb = [content_words(e.sentence) for e in b.evidence[:limit]]
    if not wa or not wb:
        return None
    return max(jaccard(x, y) for x in wa for y in wb)


def similarity(a: Event, b: Event, *, window_days: int, max_km: float) -> Similarity:
    """The merge score of two events (see tocsin/dedupe/README.md)."""
    vetoes: list[str] = []
    t = type_score(a, b)
    if t == 0.0:
        vetoes.append(f"types {a.plover.type}/{b.plover.type} incompatible")
    d, why = date_score(a, b, window_days)
    vetoes += [why] if why else []
    p, why = place_score(a.location, b.location, max_km)
    vetoes += [why] if why else []
    if a.historical != b.historical:
        vetoes.append("one is a historical (background) event")
    if {a.status, b.status} & {"hypothetical", "threatened", "requested", "denied"} and a.status != b.status:
        vetoes.append(f"status {a.status}/{b.status}")
    features = {"type": t, "date": d, "place": p, "actors": actor_score(a, b),
                "counts": count_score(a, b), "text": text_score(a, b)}
    score = sum(WEIGHTS[k] * (UNKNOWN_PRIOR if v is None else v) for k, v in features.items())
    return Similarity(round(score, 6), features, "; ".join(vetoes) or None)
