"""Where to highlight the trigger, counts, actors and place inside each evidence sentence."""

from __future__ import annotations

import re
from typing import Any

from tocsin.model import COUNT_KINDS, Event, Evidence


def _candidates(event: Event) -> list[tuple[str, str, int | None, int | None]]:
    """(kind, text, start, end) of every span read from the text; offsets are article offsets."""
    found: list[tuple[str, str, int | None, int | None]] = []
    for kind in COUNT_KINDS:
        count = getattr(event.counts, kind)
        if count is not None and count.text:
            found.append((kind, count.text, count.start, count.end))
    for kind, actor in (("source", event.source_actor), ("target", event.target_actor)):
        if actor is not None and actor.text:
            found.append((kind, actor.text, actor.start, actor.end))
    if event.location is not None and event.location.text:
        found.append(("place", event.location.text, event.location.start, event.location.end))
    if event.attribution is not None and event.attribution.text:
        found.append(("attribution", event.attribution.text, None, None))
    return found


def _locate(evidence: Evidence, text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The span inside the sentence: by offsets when they fit, else the first case-insensitive whole-word match."""
    sentence = evidence.sentence
    if start is not None and end is not None and evidence.start <= start < end <= evidence.end:
        s, e = start - evidence.start, end - evidence.start
        if sentence[s:e] == text:
            return s, e
    # Whole words only: the actor "he" must not light up inside "The".
    match = re.search(rf"(?<!\w){re.escape(text)}(?!\w)", sentence, flags=re.IGNORECASE)
    return match.span() if match else None


def _trim(where: tuple[int, int], spans: list[dict[str, Any]], sentence: str) -> tuple[int, int] | None:
    """Cut a span back to what earlier spans leave of it ("killed [seven traders]"), or None."""
    s, e = where
    for other in spans:
        if other["start"] <= s < other["end"]:
            s = other["end"]
        elif other["start"] < e <= other["end"]:
            e = other["start"]
        elif s < other["start"] and other["end"] < e:
            return None  # it would have to split around another span: leave it unmarked
    while s < e and sentence[s].isspace():
        s += 1
    while e > s and sentence[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else None


def highlights(event: Event) -> list[list[dict[str, Any]]]:
    """For each evidence sentence, non-overlapping spans {kind, start, end, text}, in order.

    Offsets are relative to the sentence. Earlier-listed kinds win overlaps (trigger, counts,
    actors, place); a later span is cut back to what is left of it.
    """
    result = []
    candidates = _candidates(event)
    for evidence in event.evidence:
        spans: list[dict[str, Any]] = []
        trigger = [("trigger", evidence.trigger.text, evidence.trigger.start, evidence.trigger.end)] \
            if evidence.trigger is not None else []
        for kind, text, start, end in trigger + candidates:
            where = _locate(evidence, text, start, end)
            if where is None:
                continue
            where = _trim(where, spans, evidence.sentence)
            if where is None:
                continue
            s, e = where
            spans.append({"kind": kind, "start": s, "end": e, "text": evidence.sentence[s:e]})
        result.append(sorted(spans, key=lambda span: span["start"]))
    return result
