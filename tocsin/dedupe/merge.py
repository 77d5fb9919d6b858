"""One event, one record: mentions merged within an article, events merged across articles.

Everything here is pure (no I/O) and deterministic: the same inputs in any order give the same
records and ids. The store calls ``merge_candidates`` and ``combine_events``; the pipeline runs
``MentionMerger`` as its last stage.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from tocsin.config import Config
from tocsin.dedupe.counts import CountReport, combine_all
from tocsin.dedupe.similarity import Similarity, similarity
from tocsin.model import COUNT_KINDS, Event, Mention

if TYPE_CHECKING:  # spaCy is heavy; the merger only needs the type
    from tocsin.pipeline import Document

_BASIS_RANK = {"explicit": 0, "relative": 1, "publication": 2, None: 3}
_DATE_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
_GEO_RANK = {"place": 0, "admin2": 1, "admin1": 2, "country": 3, None: 4}


def event_id(article_id: str, plover_type: str, date: str | None, place: str | None, offset: int,
             salt: int = 0) -> str:
    """Stable id from content: the same article coded again gives the same id (``salt`` only
    separates two events of one article that would otherwise hash alike)."""
    key = "|".join([article_id, plover_type, date or "", (place or "").lower(), str(offset)])
    key += f"|{salt}" if salt else ""
    return "ev" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def age_key(event: Event) -> tuple[str, str]:
    """Older first: earliest event date (unknown dates last), then the smallest id."""
    return (event.date or "9999-12-31", event.event_id)


def _place_label(event: Event) -> str | None:
    return (event.location.name or event.location.text) if event.location else None


def mention_event(mention: Mention) -> Event:
    """A one-mention event (its id is recomputed once the article's mentions are grouped)."""
    data = mention.model_dump(exclude={"article_id", "sentence_index", "trigger", "date_text"})
    if data["evidence"].get("trigger") is None:
        data["evidence"]["trigger"] = mention.trigger.model_dump()  # the evidence points at its trigger word(s)
    data["evidence"] = [data["evidence"]]
    data["sources"] = [mention.article_id]
    data["event_id"] = "m"  # placeholder, replaced just below
    single = Event.model_validate(data)
    single.event_id = event_id(mention.article_id, mention.plover.type, mention.date,
                               _place_label(single), mention.evidence.start)
    return single


def _noisy_or(values: list[float]) -> float:
    miss = 1.0
    for v in values:
        miss *= 1.0 - max(0.0, min(1.0, v))
    return round(min(0.99, 1.0 - miss), 4)


def combine_events(events: list[Event], *, new_id: str | None = None,
                   published: Mapping[str, str | None] | None = None,
                   merged_from: list[str] | None = None,
                   copies: Mapping[str, str] | None = None) -> Event:
    """One record from several records of the same event; the result does not depend on input order.

    Type, actors, status and attribution come from the lead record: the most confident one of the
    type with the largest summed confidence (ties: the older);
    the date from the best-grounded one (explicit > relative > publication, then finer, then
    earlier); the place from the most precise; counts by the rule in ``counts.py``; evidence and
    sources are the union. ``copies`` maps a syndicated copy's article id to its original's, so
    copies do not count as independent sources in the confidence. The id is ``new_id`` or the older record's id.
    """
    if not events:
        raise ValueError("combine_events needs at least one event")
    members = sorted(events, key=age_key)
    if len(members) == 1 and new_id is None and merged_from is None:
        return members[0]
    published = published or {}
    votes: dict[str, float] = {}
    for e in members:
        votes[e.plover.type] = votes.get(e.plover.type, 0.0) + e.confidence
    lead = min(members, key=lambda e: (-votes[e.plover.type], -e.confidence, age_key(e)))
    dated = min(members, key=lambda e: (e.date is None, _BASIS_RANK.get(e.date_basis, 3),
                                        _DATE_PRECISION_RANK.get(e.date_precision, 4), age_key(e)))
    located = min(members, key=lambda e: (_GEO_RANK.get(e.location.precision if e.location else None, 4),
                                          e.location is None or e.location.lat is None,
                                          -e.confidence, age_key(e)))
    source_actor = lead.source_actor or next((e.source_actor for e in members if e.source_actor), None)
    target_actor = lead.target_actor or next((e.target_actor for e in members if e.target_actor), None)
    reports: dict[str, list[CountReport]] = {}
    for e in members:
        day = max((published.get(s) or "" for s in e.sources), default="") or None
        for kind in COUNT_KINDS:
            count = getattr(e.counts, kind)
            if count is not None:
                reports.setdefault(kind, []).append(CountReport(count, e.status, day))
    counts, count_reasons = combine_all(reports)
    evidence = {(ev.article_id, ev.start, ev.end): ev for e in members for ev in e.evidence}
    per_source: dict[str, float] = {}
    for e in members:
        for s in e.sources or [e.event_id]:
            key = (copies or {}).get(s, s)
            per_source[key] = max(per_source.get(key, 0.0), e.confidence)
    reasons = {k: v for e in reversed(members) for k, v in e.reasons.items()}
    reasons.update(lead.reasons)
    reasons.update(count_reasons)
    if len(members) > 1:
        reasons["merge"] = (f"{len(members)} records merged; type and actors from {lead.event_id} "
                            f"(type with the most confidence), date from {dated.event_id}, "
                            f"place from {located.event_id}")
    absorbed = sorted({*(merged_from or []), *(i for e in members for i in e.merged_from)})
    return Event(
        event_id=new_id or members[0].event_id,
        plover=lead.plover, cameo=lead.cameo, acled=lead.acled,
        date=dated.date, date_precision=dated.date_precision, date_basis=dated.date_basis,
        source_actor=source_actor, target_actor=target_actor, location=located.location,
        counts=counts,
        status="reported" if any(e.status == "reported" for e in members) else lead.status,
        historical=all(e.historical for e in members),
        attribution=lead.attribution,
        evidence=[evidence[k] for k in sorted(evidence)],
        sources=sorted({s for e in members for s in e.sources}),
        confidence=_noisy_or(list(per_source.values())) if len(per_source) > 1 else max(per_source.values()),
        reasons=reasons,
        merged_from=[i for i in absorbed if i != (new_id or members[0].event_id)],
        mentions=sum(e.mentions for e in members),
    )


@dataclass(frozen=True)
class Match:
    """A candidate that scored at or above the threshold."""

    event_id: str
    score: float
    explain: str


@dataclass(frozen=True)
class MergeDecision:
    """Whether ``event`` is a report of stored candidate(s); ``target_id`` is the oldest match."""

    merge: bool
    target_id: str | None = None
    score: float = 0.0
    matches: list[Match] = field(default_factory=list)
    reason: str = ""


def score_pair(a: Event, b: Event, config: Config) -> Similarity:
    dd = config["dedupe"]
    return similarity(a, b, window_days=int(dd["date_window_days"]), max_km=float(dd["max_distance_km"]))


def merge_candidates(event: Event, candidates: list[Event], config: Config,
                     threshold: float | None = None) -> MergeDecision:
    """Score ``event`` against each candidate; every unvetoed candidate at or above
    ``dedupe.merge_threshold`` is a match, and the oldest match is the target."""
    limit = float(config["dedupe"]["merge_threshold"]) if threshold is None else threshold
    matches: list[tuple[Event, Similarity]] = []
    best: tuple[float, str] = (0.0, "no candidates")
    for cand in candidates:
        if cand.event_id == event.event_id:
            continue
        sim = score_pair(event, cand, config)
        if sim.veto is None and sim.score >= limit:
            matches.append((cand, sim))
        if sim.score > best[0] or best[1] == "no candidates":
            best = (sim.score, f"best candidate {cand.event_id}: {sim.explain()}")
    if not matches:
        return MergeDecision(False, None, best[0], [], f"no match at threshold {limit}; {best[1]}")
    matches.sort(key=lambda m: age_key(m[0]))
    target, sim = matches[0]
    found = [Match(c.event_id, s.score, s.explain()) for c, s in matches]
    return MergeDecision(True, target.event_id, sim.score, found,
                         f"same event as {target.event_id} ({sim.explain()})")


def _bare(event: Event) -> bool:
    """A mention in passing (a headline, "the violence"): no actors and no figures to conflict with."""
    return event.source_actor is None and event.target_actor is None and not any(
        getattr(event.counts, kind) for kind in COUNT_KINDS)


def same_article_link(a: Event, b: Event, sim: Similarity) -> bool:
    """Two mentions of one article tell the same event: nothing vetoes it and they share actors or a
    count kind, or they are of the same type and one is a bare mention or both put it on the same
    day at the same place (as ACLED codes one event per type, day and location)."""
    if sim.veto:
        return False
    if a.reasons.get("pair") and a.reasons.get("pair") == b.reasons.get("pair"):
        return False  # the coder's one event per pair of joint actors (tocsin.coding.coder._joint_pairs)
    if (sim.features.get("actors") or 0.0) > 0.0 or sim.features.get("counts") is not None:
        return True
    same_spot = (sim.features.get("date") or 0.0) >= 1.0 and (sim.features.get("place") or 0.0) >= 0.9
    return a.plover.type == b.plover.type and (_bare(a) or _bare(b) or same_spot)


def group_events(events: list[Event], config: Config, threshold: float) -> list[list[Event]]:
    """Groups within one article: in text order, each event joins the group it scores best with on
    average, when no member vetoes it, one member links to it (``same_article_link``) and the average
    reaches ``threshold``."""
    groups: list[list[Event]] = []
    order = sorted(events, key=lambda e: (min((ev.start for ev in e.evidence), default=0), e.event_id))
    for event in order:
        best_index, best_score = None, threshold
        for index, group in enumerate(groups):
            sims = [score_pair(event, other, config) for other in group]
            if any(sim.veto for sim in sims) or not any(
                    same_article_link(event, other, sim) for other, sim in zip(group, sims)):
                continue
            average = sum(s.score for s in sims) / len(sims)
            if average >= best_score:
                best_index, best_score = index, average
        if best_index is None:
            groups.append([event])
        else:
            groups[best_index].append(event)
    return groups


class MentionMerger:
    """Pipeline stage: the mentions (and any events) of each article become one Event per real event."""

    name = "merger"

    def __init__(self, config: Config):
        self.config = config
        self.threshold = float(config["dedupe"]["within_article_threshold"])

    def merge_article(self, document: Document) -> list[Event]:
        article = document.article
        singles = [mention_event(m) for m in document.mentions] + list(document.events)
        events: list[Event] = []
        taken: set[str] = set()
        for group in group_events(singles, self.config, self.threshold):
            lead = min(group, key=lambda e: (-e.confidence, age_key(e)))
            first = min((ev.start for e in group for ev in e.evidence), default=0)
            salt = 0
            place = _place_label(lead)
            while (new_id := event_id(article.id, lead.plover.type, lead.date, place, first, salt)) in taken:
                salt += 1
            taken.add(new_id)
            events.append(combine_events(group, new_id=new_id, published={article.id: article.published},
                                         merged_from=[]))
        return events

    def __call__(self, docs: list[Document]) -> list[Document]:
        for document in docs:
            document.events = self.merge_article(document)
        return docs
