"""A small invented database for the serving tests: articles and events in several countries."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tocsin.config import load_config
from tocsin.model import Acled, Actor, Article, Count, Counts, Event, Evidence, Place, Plover, Span
from tocsin.pipeline import Document
from tocsin.store import Store

# (date, type, acled, country, admin1, place, lat, lon, source, target, killed, historical, sentence, count text)
ROWS = [
    ("2024-03-02", "ASSAULT", ("Violence against civilians", "Attack"), "NGA", "Borno", "Maiduguri", 11.85, 13.16,
     "gunmen", "villagers", 12, False,
     "Gunmen on motorcycles killed 12 villagers near Maiduguri on Saturday, residents said.", "killed 12 villagers"),
    ("2024-03-02", "PROTEST", ("Protests", "Peaceful protest"), "KEN", "Nairobi", "Nairobi", -1.29, 36.82,
     "traders", None, None, False,
     "Hundreds of traders marched through central Nairobi to protest against new market fees.", None),
    ("2024-03-03", "ASSAULT", ("Battles", "Armed clash"), "SDN", "Khartoum", "Omdurman", 15.64, 32.48,
     "army", "paramilitary fighters", 30, False,
     "At least 30 people died when the army and paramilitary fighters clashed in Omdurman.", "At least 30 people died"),
    ("2024-03-04", "COERCE", ("Violence against civilians", "Abduction/forced disappearance"), "NGA", "Zamfara",
     "Gusau", 12.16, 6.66, "bandits", "students", None, False,
     "Bandits abducted dozens of students from a school outside Gusau, police confirmed.", None),
    ("2024-03-05", "PROTEST", ("Riots", "Violent demonstration"), "PAK", "Sindh", "Karachi", 24.86, 67.01,
     "protesters", "police", 2, False,
     "Two protesters were killed as police fired tear gas at a crowd in Karachi.", "Two protesters were killed"),
    ("2024-03-05", "THREATEN", None, "KGZ", "Osh", "Osh", 40.53, 72.80, "militia leader", "local officials",
     None, False, "A militia leader in Osh threatened to seize the regional administration building.", None),
    ("2024-03-06", "ASSAULT", ("Explosions/Remote violence", "Remote explosive/landmine/IED"), "SOM",
     "Banaadir", "Mogadishu", 2.04, 45.34, "militants", "market traders", 7, False,
     "A roadside bomb planted by militants killed seven market traders in Mogadishu.",
     "killed seven market traders"),
    ("2010-06-11", "ASSAULT", ("Riots", "Mob violence"), "KGZ", "Osh", "Osh", 40.53, 72.80, "armed gangs",
     "residents", 40, True,
     "Six years ago armed gangs attacked neighbourhoods in Osh, killing dozens of residents.", None),
]


def _id(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


TRIGGERS = ("killed", "died", "abducted", "marched", "threatened", "attacked", "fired")


def _trigger(sentence: str, offset: int) -> Span | None:
    """The first trigger verb of an invented sentence, as the coder marks it."""
    for word in TRIGGERS:
        at = sentence.find(word)
        if at >= 0:
            return Span(text=word, start=offset + at, end=offset + at + len(word))
    return None


def make_corpus() -> tuple[list[Article], list[Event]]:
    """Invented articles (one per event) and their events."""
    articles, events = [], []
    for i, (day, kind, acled, iso3, admin1, place, lat, lon, src, tgt, killed, hist, sentence, ctext) in enumerate(ROWS):
        text = f"Reporters file {i}\n\n{sentence} Officials gave no further details."
        article = Article(id=_id("article", str(i)), url=f"https://news.example.org/{i}", title=f"Report {i}",
                          published=day, published_basis="explicit", text=text, source="example",
                          origin=f"samples/{i}.txt")
        start = text.index(sentence)
        counts = Counts()
        if killed is not None:
            phrase = ctext or sentence
            at = text.index(phrase)
            counts = Counts(killed=Count(low=killed, best=killed, text=phrase, start=at, end=at + len(phrase)))
        at_place = text.index(place)
        events.append(Event(
            event_id=_id("event", str(i)), plover=Plover(type=kind, mode="primitive" if kind == "ASSAULT" else None),
            cameo="190" if kind == "ASSAULT" else None, acled=Acled(event_type=acled[0], sub_event_type=acled[1])
            if acled else None, date=day, date_precision="day", date_basis="explicit",
            source_actor=Actor(text=src, name=src.title(), country=iso3),
            target_actor=Actor(text=tgt, name=tgt.title(), country=iso3) if tgt else None,
            location=Place(text=place, name=place, country=iso3, admin1=admin1, lat=lat, lon=lon, precision="place",
                           start=at_place, end=at_place + len(place)),
            counts=counts, historical=hist, confidence=0.5 + i / 20,
            evidence=[Evidence(article_id=article.id, sentence=sentence, start=start, end=start + len(sentence),
                               trigger=_trigger(sentence, start))],
            sources=[article.id]))
        articles.append(article)
    return articles, events


def write_db(path: Path, articles: list[Article], events: list[Event]) -> Path:
    """Store the articles and their events through the real store (one batch)."""
    config = load_config({"store.path": str(path)}, environ={})
    documents = [Document(article, events=[e for e in events if e.sources == [article.id]]) for article in articles]
    with Store(path, config) as store:
        store.write_batch(documents)
    return path


def build_sample_db(path: Path) -> Path:
    articles, events = make_corpus()
    return write_db(path, articles, events)
