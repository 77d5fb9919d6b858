"""The geocoder stage: where each event (and each humanitarian indicator) happened.

For each mention: a locative place in its own sentence ("in the southern city of Osh"), names
inside the actors' spans and metonymic uses ("Moscow said", "Russia's help", "the Kremlin")
left out; else another place its sentence names; else the place the article's thread was at
(the nearest preceding sentence with a locative place); else the article's focus country, with
precision "country". Each choice says why in ``basis``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span

from tocsin.config import Config
from tocsin.geo.gazetteer import Gazetteer, get_gazetteer
from tocsin.geo.geoparse import coord, parse_toponyms, to_place
from tocsin.geo.resolve import Toponym
from tocsin.model import Evidence, Place
from tocsin.pipeline import Document

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "along",
                  "between", "beyond", "nearby"}
# "to" places an event only after a verb of motion ("sent troops to Osh", not "appealed to Russia").
DIRECTION_PREPS = {"to", "into", "towards", "toward"}
MOTION_VERBS = {"send", "deploy", "dispatch", "move", "march", "travel", "flee", "go", "come", "return", "fly",
                "head", "rush", "arrive", "evacuate", "bring", "take", "spread", "advance", "retreat", "airlift"}
# Nouns through which a name still locates: "in the city of Osh", "on the outskirts of Osh".
PLACE_NOUNS = {"city", "town", "village", "capital", "province", "region", "district", "area", "county",
               "state", "streets", "street", "outskirts", "centre", "center", "suburb", "suburbs", "port",
               "neighbourhood", "neighborhood", "part", "parts", "south", "north", "east", "west", "heart",
               "border", "oblast", "governorate", "territory", "camp", "square"}
# Heads that make a name before them an actor: "Russian troops", "Kyrgyz officials".
ACTOR_NOUNS = {"official", "officials", "government", "troops", "forces", "force", "army", "police", "president",
               "minister", "ministry", "authorities", "leader", "leaders", "military", "soldiers", "embassy",
               "spokesman", "spokeswoman", "diplomats", "envoy", "parliament", "administration", "regime",
               "state", "people", "citizens", "nationals", "rebels", "militants", "security"}
PRECISION_RANK = {"place": 0, "admin2": 1, "admin1": 2, "country": 3}


def _metonyms() -> frozenset[str]:
    text = resources.files("tocsin.data").joinpath("geo", "metonyms.tsv").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class _Use:
    """A resolved toponym and how the text uses it."""

    toponym: Toponym
    place: Place
    sentence: int
    locative: str | None  # the locative phrase, e.g. "in ... Osh"
    actor: str | None  # why it is an actor rather than a place, if it is
    verb: int  # character offset of the verb the name hangs from


def _locative(span: Span) -> str | None:
    """The preposition that makes the name a location, climbing through "the city of" and appositions."""
    tok = span.root
    for _ in range(5):
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
            return head.lower_
        if tok.dep_ == "pobj" and head.lower_ in DIRECTION_PREPS and _governor(head).lemma_ in MOTION_VERBS:
            return head.lower_
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_NOUNS:
            tok = head.head
            continue
        if tok.dep_ in {"appos", "conj", "compound"} and head is not tok:
            tok = head
            continue
        return None
    return None


def _governor(tok):
    """The verb a token hangs from (itself if it is one)."""
    for _ in range(8):
        if tok.pos_ in {"VERB", "AUX"} or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _actor_use(span: Span, metonyms: frozenset[str]) -> str | None:
    """Why a name is an actor here: "Moscow said", "Russia's help", "Kyrgyz officials", "the Kremlin"."""
    root = span.root
    if span.text in metonyms or span.text.removeprefix("the ") in metonyms:
        return f"'{span.text}' stands for a government"
    if root.dep_ == "nsubj" and root.head.pos_ in {"VERB", "AUX"}:
        return f"'{span.text}' is the subject of '{root.head.text}'"
    if root.dep_ == "poss" or any(c.dep_ == "case" for c in root.children):
        return f"'{span.text}' is a possessor"
    if root.dep_ in {"compound", "amod", "nmod"} and root.head.lower_ in ACTOR_NOUNS:
        return f"'{span.text}' qualifies '{root.head.text}'"
    return None


class Geocoder:
    """Pipeline stage: sets ``mention.location`` and ``indicator.location`` (a Place with a basis)."""

    name = "geocoder"

    def __init__(self, config: Config):
        self.config = config
        self._gazetteer: Gazetteer | None = None
        self._metonyms = _metonyms()

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer(self.config)
        return self._gazetteer

    def __call__(self, docs: list[Document]) -> list[Document]:
        for document in docs:
            if not document.mentions and not document.indicators:
                continue
            doc = document.doc
            if doc is None:
                from tocsin.nlp import load_nlp

                doc = load_nlp(self.config)(document.article.text[: self.config["nlp"]["max_chars"]])
            article = _ArticlePlaces(doc, self.gazetteer, self._metonyms)
            # Sentences that only recall the past do not move the thread of the story's present.
            background = _background_sentences(article, document.mentions)
            for mention in document.mentions:
                actors = [(a.start, a.end) for a in (mention.source_actor, mention.target_actor)
                          if a is not None and a.start is not None and a.end is not None]
                mention.location = article.locate(mention.evidence, actors, _verb_at(doc, mention.trigger.start),
                                                  skip=frozenset() if mention.historical else background)
                mention.reasons["location"] = (mention.location.basis or "") if mention.location else (
                    "no place named in the article: location unknown")
            for indicator in document.indicators:
                indicator.location = article.locate(indicator.evidence, [])
        return docs


def _background_sentences(article: "_ArticlePlaces", mentions: list) -> frozenset[int]:
    """Sentences whose every event is historical (background the article recalls)."""
    by_sentence: dict[int, list[bool]] = {}
    for mention in mentions:
        by_sentence.setdefault(article.sentence_of(mention.evidence.start), []).append(mention.historical)
    return frozenset(i for i, flags in by_sentence.items() if all(flags))


def _verb_at(doc: Doc, start: int) -> int | None:
    """Character offset of the verb governing the trigger at ``start``."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return _governor(span.root).idx if span is not None and len(span) else None


class _ArticlePlaces:
    """The article's resolved places, by sentence, with how each is used."""

    def __init__(self, doc: Doc, g: Gazetteer, metonyms: frozenset[str]):
        self.sentences = [(s.start_char, s.end_char) for s in doc.sents]
        self.uses: list[_Use] = []
        for t in parse_toponyms(doc, g, demonyms=False):
            if t.row is None:
                continue
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None:
                continue
            sentence = next((i for i, (s, e) in enumerate(self.sentences) if s <= t.start < e), 0)
            self.uses.append(_Use(t, to_place(g, t), sentence, _locative(span), _actor_use(span, metonyms),
                                  _governor(span.root).idx))
        countries = Counter(u.place.country for u in self.uses if u.place.country)
        self.focus: tuple[str, int] | None = countries.most_common(1)[0] if countries else None
        self._g = g

    def sentence_of(self, start: int) -> int:
        return next((i for i, (s, e) in enumerate(self.sentences) if s <= start < e), -1)

    def locate(self, evidence: Evidence, actors: list[tuple[int, int]], trigger: int | None = None,
               skip: frozenset[int] = frozenset()) -> Place | None:
        """The event's place: locative here, other place here, the thread's place (not from the sentences
        in ``skip``), or the focus country."""
        def inside_actor(u: _Use) -> bool:
            return any(a <= u.toponym.start and u.toponym.end <= b for a, b in actors)

        here = [u for u in self.uses if evidence.start <= u.toponym.start < evidence.end and not inside_actor(u)]
        locatives = [u for u in here if u.locative and not u.actor]
        attached = [u for u in locatives if u.verb == trigger]
        if attached:
            best = min(attached, key=lambda u: PRECISION_RANK[u.place.precision or "country"])
            return self._place(best, f"locative '{best.locative} ... {best.toponym.text}' of the event's verb")
        sentence = self.sentence_of(evidence.start)
        # Countries the sentence names as actors ("Moscow said", "Kyrgyzstan's government"): a thread
        # place elsewhere would put their act in the wrong country.
        named = {u.place.country for u in here if u.actor and u.place.country}
        before = [u for u in self.uses if u.sentence < sentence and u.locative and not u.actor
                  and u.sentence not in skip and (not named or u.place.country in named)]
        thread = None
        if before:
            last = max(u.sentence for u in before)
            thread = min((u for u in before if u.sentence == last),
                         key=lambda u: (PRECISION_RANK[u.place.precision or "country"], -u.toponym.start))
        if locatives and (trigger is None or thread is None or thread.sentence != sentence - 1):
            # A locative of another clause ("... to protect families in Osh") yields to the place the
            # previous sentence was at.
            best = min(locatives, key=lambda u: PRECISION_RANK[u.place.precision or "country"])
            return self._place(best, f"locative '{best.locative} ... {best.toponym.text}' in the event sentence")
        others = [u for u in here if not u.actor and not u.locative and u.place.precision != "country"]
        if others:
            best = min(others, key=lambda u: PRECISION_RANK[u.place.precision or "country"])
            return self._place(best, f"'{best.toponym.text}' named in the event sentence")
        if thread is not None:
            return self._place(thread, f"no locative of the event in its sentence; the article's thread is at "
                                       f"'{thread.toponym.text}' (locative in sentence {thread.sentence + 1})")
        if named and (self.focus is None or self.focus[0] not in named):
            iso3 = sorted(named)[0]
            return self._country(iso3, f"no place in the event sentence or before it in {iso3}; the event "
                                       f"sentence names {iso3}; only the country is known")
        if self.focus is not None:
            iso3, n = self.focus
            return self._country(iso3, f"no place in the event sentence or before it; the article's focus "
                                       f"country {iso3} ({n} of {len(self.uses)} place mentions); only the "
                                       f"country is known")
        return None

    def _country(self, iso3: str, basis: str) -> Place | None:
        g = self._g
        iso2 = next((k for k, v in g.iso3.items() if v == iso3), None)
        row = g.countries.get(iso2) if iso2 else None
        if row is None:
            return None
        return Place(name=g.name[row], country=iso3, lat=coord(g.lat[row]), lon=coord(g.lon[row]),
                     geonameid=g.gid[row], feature="A.PCLI", precision="country", basis=basis)

    def _place(self, use: _Use, how: str) -> Place:
        place = use.place.model_copy()
        place.basis = f"{how}; {use.place.basis}"
        return place

