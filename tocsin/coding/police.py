"""Police actions a sentence reports (the IndiaPoliceEvents labels), read off coded mentions.

KILL, ARREST and FORCE come from asserted mentions whose source actor is the police (role
POL), or that name no source in a sentence that mentions the police (arrests need neither): a killing (a killed count or a killing trigger), an arrest (COERCE/arrest, CAMEO 173, or
an arrested count), force (any other assault, or repression such as a baton charge or tear
gas, CAMEO 175). FAIL ("police failed to intervene") is a non-event and is not coded here.
"""

from __future__ import annotations

import re

from tocsin.model import Mention

LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
# the police named as the ones who fired, charged or acted ("police firing", "shot by the police")
_POLICE_ACT = re.compile(
    r"\b(police|cops?|constables?|jawans?)\W+(?:\w+\W+){0,2}(firing|fire[ds]?|action|encounter|lathi|baton|bullets?|shot|"
    r"shooting|opened|arrested|detained|nabbed|beat|charged)\b|\b(firing|fired|shot|shooting|bullets?|beaten|arrested|"
    r"detained|lathi-?charged?)\W+(?:\w+\W+){0,2}(police|cops?)\b")
_KILL_WORDS = ("kill", "shot dead", "shoot dead", "gun down", "murder", "died", "encounter")


def police_actions(mentions: list[Mention]) -> set[str]:
    """The police-action labels these mentions report (a subset of LABELS)."""
    out: set[str] = set()
    for m in mentions:
        src = m.source_actor
        if m.status not in {"reported", "claimed"}:
            continue
        arrest = bool(m.cameo and m.cameo.startswith("173"))
        # arrests are police work unless someone else is named; other acts need the police named
        if src is not None and src.role != "POL" or src is None and not (arrest or _police_in(m)):
            continue
        trigger = m.trigger.text.lower()
        if m.plover.type == "ASSAULT" and (m.counts.killed is not None or any(w in trigger for w in _KILL_WORDS)):
            out.add("KILL")
        elif arrest or m.counts.arrested is not None and m.plover.type == "COERCE":
            out.add("ARREST")
        elif m.plover.type == "ASSAULT":
            out.add("FORCE")
    if out:
        out.add("ANY_ACTION")
    return out


def _police_in(m: Mention) -> bool:
    """The police are named in the sentence, other than as the one who reports it ("police said")."""
    low = m.evidence.sentence.lower()
    if m.attribution is not None:
        low = low.replace(m.attribution.text.lower(), " ")
    return bool(_POLICE_ACT.search(low))
