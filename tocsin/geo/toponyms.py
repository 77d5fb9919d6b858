"""Toponym detection: spaCy's GPE/LOC/FAC spans, plus gazetteer names and forms the model misses.

The model finds most names; the gazetteer adds capitalised names it left untagged (common in
local news: small towns, counties), case-sensitive forms ("U.S.", "W.Va.") and places that news
conventions mark (datelines, legislators' home towns, runs of county names). Demonyms
("Russian", "Texans") are found separately and flagged: a geoparser may count them as place
references, the event geocoder treats them as actors.
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from tocsin.geo.gazetteer import ADMIN1, ADMIN2, CONTINENT, COUNTRY, REGION, Gazetteer
from tocsin.geo.names import fold
from tocsin.geo.resolve import Toponym, candidates

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entity types whose words are not places even when a town has that name ("Jordan" the person).
NOT_PLACE_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE", "DATE", "TIME",
                    "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "PERCENT"}
# A gazetteer-only match must be a notable place: an admin unit, country or region, or a town this big.
MIN_TOWN_POPULATION = 20000
_MAX_WORDS = 4
# "in X": the small model often calls an unfamiliar town an ORG or a PERSON; a preposition of
# place before a notable gazetteer name overrules it.
_PLACE_PREPS = {"in", "at", "near", "outside", "into", "across", "throughout", "around"}
# Words after a place name that make an institution of that place ("Fargo Police", "Ohio State").
INSTITUTION_WORDS = {"police", "sheriff", "county", "city", "fire", "department", "schools", "school", "council",
                     "court", "board", "commission", "hospital", "university", "college", "library", "airport",
                     "state", "public", "municipal", "district", "township", "government", "officials", "high",
                     "metropolitan", "federal", "regional", "community", "area", "memorial"}
_TOWN_NOUNS = {"city", "town", "village", "district", "province", "region", "outskirts", "suburb", "capital"}
_ABBREV = re.compile(r"(?<![\w.])(?:[A-Z][a-z]{0,3}\.\s?){1,3}(?:[A-Z][a-z]{0,3}\.)?")
# A place name is part of another name when a street word or "War" follows ("Wichita Street",
# "Gulf War") and a person's when a title comes before ("coach Ripley", "Sen. Bakk").
_NAME_AFTER = re.compile(r"^\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Boulevard|Blvd\.|Lane|Parkway|Pkwy\.|"
                         r"Trafficway|Pike|Turnpike|War)\b")
_TITLE_BEFORE = re.compile(r"\b(?:[Cc]oach|Mr\.|Mrs\.|Ms\.|Dr\.|Sen\.|Rep\.|Gov\.|Sgt\.|Lt\.|Capt\.|Officer|Judge|"
                           r"Pastor|Rev\.)\s+$")
_COMPASS = {"North", "South", "East", "West", "Northeast", "Northwest", "Southeast", "Southwest"}
# Datelines ("COLUMBUS --", "BEIRUT:") open a story or paragraph with the place in capitals.
_DATELINE = re.compile(r"(?:^|(?<=[.!?\n] ))([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2})(?=\s*(?:,[^\n]{0,30}?)?\s*(?:--\s?|—|–|-\s|:\s|”\s))")
# Party and home town after a legislator's name: "Sen. Tom Bakk, DFL-Cook", "(R-Elbow Lake)".
_AFFILIATION = re.compile(r"\b(?:R|D|I|DFL)-((?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?)(?=[,);.]|\s[-—–])")
# "Clarke, Madison, Oconee and Oglethorpe counties": each name in the run is a county.
_COUNTY_RUN = re.compile(r"((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?,? )+)(?:and|&) ([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:counties|parishes)\b")


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from a token span."""
    while start < end and doc[start].lower_ in {"the"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’"}:
        end -= 1
    return start, end


def _notable(g: Gazetteer, rows: tuple[int, ...]) -> bool:
    return any(g.kind_of(r) in (COUNTRY, ADMIN1, ADMIN2, REGION, CONTINENT) or g.pop[r] >= MIN_TOWN_POPULATION
               for r in rows)


def _after_place_cue(doc: Doc, i: int) -> bool:
    """Whether token i follows "in", "near" ... or "the town of": then a town of any size will do."""
    prev = doc[i - 1].lower_ if i > 0 else ""
    return prev in _PLACE_PREPS or (prev == "of" and i > 1 and doc[i - 2].lower_ in _TOWN_NOUNS)


def _has_parent(doc: Doc, end: int, g: Gazetteer | None = None) -> bool:
    """Whether the span ending at token ``end`` is followed by ", <state or country>" ("Ky." too)."""
    if not (end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper()):
        return False
    return doc[end + 1].ent_type_ == "GPE" or (g is not None and doc[end + 1].text in g.exact)


def _gazetteer_match(doc: Doc, g: Gazetteer, i: int, n: int, rows: tuple[int, ...]) -> bool:
    """Whether an untagged capitalised name is a place: a one-word name must be a country or
    first-level unit, or stand where the text says it is a place ("in Dayton", "Dayton, Ohio");
    surnames and capitalised common words ("Hall", "Police", "West") fail that test."""
    before = doc[i - 1] if i > 0 else None
    after = doc[i + n] if i + n < len(doc) else None
    if (before is not None and before.text[:1].isupper() and not before.is_sent_start) or (
            after is not None and after.text[:1].isupper() and after.lower_ not in INSTITUTION_WORDS):
        return False  # part of a longer name: "Washington Post", "North Carolina", "George Washington"
    if n == 1:
        major = any(g.kind_of(r) in (COUNTRY, ADMIN1, CONTINENT) and fold(g.name[r]) == fold(doc[i].text)
                    for r in rows)
        # "Norfolk High School", "Carthage Police": a place's institution names the place.
        institution = (after is not None and after.lower_ in INSTITUTION_WORDS and after.text[:1].isupper()
                       and _notable(g, rows))
        return major or institution or _after_place_cue(doc, i) or _has_parent(doc, i + 1, g)
    return _notable(g, rows) or _after_place_cue(doc, i) or _has_parent(doc, i + n, g)


def _names_something_else(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is part of a street's, a war's or a person's name, or a bare
    compass word ("the North")."""
    return (text[start:end] in _COMPASS or bool(_NAME_AFTER.match(text[end:end + 14]))
            or bool(_TITLE_BEFORE.search(text[max(0, start - 12):start])))


def _convention_spans(text: str) -> list[tuple[int, int]]:
    """Spans that news conventions mark as places: datelines, legislators' home towns, county runs."""
    out = []
    for m in _DATELINE.finditer(text):
        if len(m.group(1)) > 2:  # "UN:" is an organisation
            out.append(m.span(1))
    for m in _AFFILIATION.finditer(text):
        out.append(m.span(1))
    for m in _COUNTY_RUN.finditer(text):
        at = m.start(1)
        for name in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", m.group(1)):
            out.append((at + name.start(), at + name.end()))
        out.append(m.span(2))
    return out


def _occurrences(text: str, surface: str) -> list[int]:
    r"""Where ``surface`` stands in ``text`` as a whole name: not after a word character or a dot, nor before
    a word character; the starts ``re.finditer(rf"(?<![\w.]){re.escape(surface)}(?![\w])", text)`` gives,
    without compiling a pattern per name (``\w`` is ``str.isalnum()`` or "_")."""
    out: list[int] = []
    n, at = len(surface), text.find(surface)
    while at >= 0:
        before = text[at - 1] if at > 0 else ""
        after = text[at + n:at + n + 1]
        if (before and (before.isalnum() or before in "_.")) or (after and (after.isalnum() or after == "_")):
            at = text.find(surface, at + 1)
        else:
            out.append(at)
            at = text.find(surface, at + n)
    return out


def detect(doc: Doc, g: Gazetteer, *, demonyms: bool = True, text: str | None = None) -> list[Toponym]:
    """Toponyms in a parsed text, in order of position, not overlapping (``text``: ``doc.text``, where
    the caller has it already)."""
    text = doc.text if text is None else text
    found: list[Toponym] = []
    taken = [False] * len(text)

    def add(start: int, end: int, source: str, demonym: bool = False, rows: tuple[int, ...] = ()) -> None:
        if start >= end or any(taken[start:end]) or not demonym and _names_something_else(text, start, end):
            return
        for i in range(start, end):
            taken[i] = True
        found.append(Toponym(start, end, text[start:end], source=source, demonym=demonym, rows=rows))

    blocked = [False] * len(doc)
    ents = doc.ents  # each access builds the spans from every token
    for ent in ents:
        if ent.label_ in NOT_PLACE_LABELS:
            if ent.label_ in {"ORG", "PERSON"} and (_after_place_cue(doc, ent.start) or _has_parent(doc, ent.end, g)):
                rows, _ = candidates(g, ent.text)
                if rows:
                    continue  # left unblocked: the gazetteer pass below takes it
            for i in range(ent.start, ent.end):
                # An organisation's name may open with a place ("Henderson County Sheriff's Office"):
                # its words stay open to the gazetteer pass, which asks for an institution word after.
                blocked[i] = ent.label_ != "ORG"

    # Case-sensitive abbreviations first ("U.S." would otherwise lose its dots to the tokenizer).
    for m in _ABBREV.finditer(text):
        form = m.group(0).strip()
        if form in g.exact:
            add(m.start(), m.start() + len(form), "abbreviation", rows=(g.exact[form],))

    for ent in ents:
        if ent.label_ in PLACE_LABELS:
            start, end = _strip(doc, ent.start, ent.end)
            if start >= end:
                continue
            span = doc[start:end]
            rows, is_demonym = candidates(g, span.text)
            if is_demonym and not demonyms:
                continue  # "Kyrgyz" tagged GPE: a people, not a place, unless demonyms are asked for
            # A name the gazetteer lacks is kept only where the text itself says it is a place.
            if not rows and (ent.label_ == "FAC" or not (_after_place_cue(doc, start) or _has_parent(doc, end, g))):
                continue
            add(span.start_char, span.end_char, f"ner:{ent.label_}", is_demonym, rows)
        elif ent.label_ == "NORP" and demonyms:
            if ent.text in g.demonyms:
                add(ent.start_char, ent.end_char, "demonym", True, (g.demonyms[ent.text],))

    # Conventions of news text that name a place where the model often sees none.
    for start, end in _convention_spans(text):
        rows, _ = candidates(g, text[start:end])
        if not rows:
            rows = candidates(g, text[start:end] + " County")[0] if text[end:end + 9] in {" counties", " parishes"} else ()
        if rows:
            add(start, end, "convention", False, rows)

    # Gazetteer names the model left untagged: longest capitalised runs first.
    # Offsets from one array read: iterating the Doc builds a Token per word (a third of detection's time).
    starts = doc.to_array(IDX).tolist() if len(doc) else []
    lengths = doc.to_array(LENGTH).tolist() if len(doc) else []
    words = [text[a:a + n] for a, n in zip(starts, lengths)]
    capital = [w[:1].isupper() for w in words]
    i = 0
    while i < len(doc):
        if blocked[i] or not capital[i]:
            i += 1
            continue
        tok = doc[i]
        if tok.is_sent_start and tok.pos_ not in {"PROPN"}:
            i += 1
            continue
        matched = False
        for n in range(min(_MAX_WORDS, len(doc) - i), 0, -1):
            if any(blocked[j] for j in range(i, i + n)) or not capital[i + n - 1]:
                continue
            if n == 1 and tok.pos_ != "PROPN":
                continue
            start, end = starts[i], starts[i + n - 1] + len(words[i + n - 1])  # the span's characters
            name = text[start:end]
            rows = g.rows(fold(name))
            if rows and _gazetteer_match(doc, g, i, n, rows):
                add(start, end, "gazetteer", False, rows)
                i += n
                matched = True
                break
            if demonyms and n == 1 and name in g.demonyms and name not in g.exact:
                add(start, end, "demonym", True, (g.demonyms[name],))
        if not matched:
            i += 1
    # One sense per discourse: a name found as a place once is a place at its other mentions too
    # ("police in Alexandria" ... "Alexandria police"), unless a capitalised word runs into it.
    for surface, rows in {t.text: t.rows for t in found if t.rows and not t.demonym}.items():
        for start in _occurrences(text, surface):
            end = start + len(surface)
            tok = doc.char_span(start, end, alignment_mode="expand")
            if tok is None or taken[start]:
                continue
            prev = doc[tok.start - 1] if tok.start > 0 else None
            if prev is not None and prev.text[:1].isupper() and not tok[0].is_sent_start:
                continue
            add(start, end, "repeat", False, rows)
    found.sort(key=lambda t: t.start)
    return found
