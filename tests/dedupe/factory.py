"""Invented articles and events for the dedupe and store tests (no text from ../shared)."""

from __future__ import annotations

import hashlib

from tocsin.dedupe.merge import event_id
from tocsin.model import Actor, Article, Count, Counts, Event, Evidence, Indicator, Mention, Place, Plover, Span
from tocsin.pipeline import Document

PLACES = {
    "Jalal-Abad": Place(text="Jalal-Abad", name="Jalal-Abad", country="KGZ", admin1="Jalal-Abad",
                        lat=40.933, lon=73.0, geonameid=1528121, precision="place"),
    "Bazar-Korgon": Place(text="Bazar-Korgon", name="Bazar-Korgon", country="KGZ", admin1="Jalal-Abad",
                          lat=41.037, lon=72.745, precision="place"),
    "Naryn": Place(text="Naryn", name="Naryn", country="KGZ", admin1="Naryn", lat=41.428, lon=75.991,
                   precision="place"),
    "Kyrgyzstan": Place(text="Kyrgyzstan", name="Kyrgyzstan", country="KGZ", precision="country"),
    "Mombasa": Place(text="Mombasa", name="Mombasa", country="KEN", admin1="Mombasa", lat=-4.055, lon=39.663,
                     precision="place"),
    "Kisumu": Place(text="Kisumu", name="Kisumu", country="KEN", admin1="Kisumu", lat=-0.1, lon=34.75,
                    precision="place"),
}


def article(text: str, published: str | None, origin: str | None = None, url: str | None = None) -> Article:
    aid = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Article(id=aid, text=text, published=published, origin=origin or f"fixture://{aid}", url=url,
                   source="fixture", title=text.split(".")[0][:60])


def evidence(art: Article, sentence: str) -> Evidence:
    start = art.text.index(sentence)
    return Evidence(article_id=art.id, sentence=sentence, start=start, end=start + len(sentence))


def count(text: str, low: int | None = None, best: int | None = None, high: int | None = None) -> Count:
    return Count(low=low, best=best, high=high, text=text)


def actor(text: str, role: str | None = None, identity: list[str] | None = None) -> Actor:
    return Actor(text=text, name=text, role=role, identity=identity or [])


def event(art: Article, sentence: str, ptype: str = "ASSAULT", date: str | None = None,
          place: str | None = None, source: Actor | None = None, target: Actor | None = None,
          counts: dict[str, Count] | None = None, status: str = "reported", confidence: float = 0.7,
          historical: bool = False) -> Event:
    """An article-level event (already merged within its article), id by the production rule."""
    ev = evidence(art, sentence)
    loc = PLACES[place] if place else None
    return Event(event_id=event_id(art.id, ptype, date, place, ev.start), plover=Plover(type=ptype),
                 date=date, date_precision="day" if date else None, date_basis="explicit" if date else None,
                 location=loc, source_actor=source, target_actor=target, counts=Counts(**(counts or {})),
                 status=status, historical=historical, evidence=[ev], sources=[art.id], confidence=confidence)


def mention(art: Article, sentence: str, ptype: str = "ASSAULT", date: str | None = None,
            place: str | None = None, source: Actor | None = None, target: Actor | None = None,
            counts: dict[str, Count] | None = None, status: str = "reported", confidence: float = 0.6,
            historical: bool = False) -> Mention:
    ev = evidence(art, sentence)
    return Mention(article_id=art.id, sentence_index=art.text[:ev.start].count(". "),
                   trigger=Span(text=sentence.split()[1], start=ev.start, end=ev.start + 5),
                   plover=Plover(type=ptype), date=date, date_precision="day" if date else None,
                   date_basis="explicit" if date else None, location=PLACES[place] if place else None,
                   source_actor=source, target_actor=target, counts=Counts(**(counts or {})), status=status,
                   historical=historical, evidence=ev, confidence=confidence)


def corpus() -> list[Document]:
    """Eight invented reports of four real-world events, one syndicated copy, and two distractors."""
    docs: list[Document] = []
    gangs = actor("armed youths", "CVL")
    police = actor("riot police", "POL")
    traders = actor("market traders", "CVL")

    a1 = article("Clashes broke out in Jalal-Abad on Monday night. At least 12 people were killed when armed "
                 "youths attacked market traders near the bus station, police said.", "2021-03-09",
                 url="https://example.org/a1")
    docs.append(Document(a1, events=[event(a1, "At least 12 people were killed when armed youths attacked market "
                                           "traders near the bus station, police said.", date="2021-03-08",
                                           place="Jalal-Abad", source=gangs, target=traders,
                                           counts={"killed": count("At least 12 people", 12, 12)})]))
    a2 = article("The death toll from Monday's attack on traders in Jalal-Abad has risen to 19, the health ministry "
                 "said on Wednesday. Dozens more were wounded.", "2021-03-10", url="https://example.org/a2")
    docs.append(Document(a2, events=[event(a2, "The death toll from Monday's attack on traders in Jalal-Abad has "
                                           "risen to 19, the health ministry said on Wednesday.", date="2021-03-08",
                                           place="Jalal-Abad", target=actor("traders", "CVL"), confidence=0.8,
                                           counts={"killed": count("risen to 19", 19, 19),
                                                   "injured": count("Dozens more", 24, None, 99)})]))
    a3_text = ("Residents of Bazar-Korgon said armed youths attacked traders at the Jalal-Abad bus market on "
               "Monday, and an opposition group claimed that 40 people had died.")
    a3 = article(a3_text, "2021-03-09", url="https://example.org/a3")
    docs.append(Document(a3, events=[event(a3, a3_text, date="2021-03-08", place="Bazar-Korgon", source=gangs,
                                           target=traders, status="claimed", confidence=0.5,
                                           counts={"killed": count("40 people had died", 40, 40)})]))
    # A second, separate attack a week later in the same city: must stay its own event.
    a4 = article("Another attack on traders in Jalal-Abad on Tuesday left three people dead, officials said. "
                 "Armed youths set stalls on fire.", "2021-03-17")
    docs.append(Document(a4, events=[event(a4, "Another attack on traders in Jalal-Abad on Tuesday left three "
                                           "people dead, officials said.", date="2021-03-16", place="Jalal-Abad",
                                           source=gangs, target=traders,
                                           counts={"killed": count("three people", 3, 3)})]))
    # A protest in Naryn the same day as the first attack: different type and place.
    a5 = article("Several hundred people rallied in Naryn on Monday to demand the release of a jailed "
                 "opposition leader. Riot police watched but did not intervene.", "2021-03-09")
    docs.append(Document(a5, events=[event(a5, "Several hundred people rallied in Naryn on Monday to demand the "
                                           "release of a jailed opposition leader.", ptype="PROTEST",
                                           date="2021-03-08", place="Naryn", source=actor("protesters", "OPP"),
                                           counts={"participants": count("Several hundred", 200, None, 999)})],
                         indicators=[]))
    # Kenya: a police crackdown reported by two outlets with different framings, a syndicated copy.
    k1_text = ("Riot police in Mombasa fired tear gas and arrested 45 protesters on Friday after a march against "
               "rising fuel prices turned violent, witnesses said. Shops in the old town stayed shut.")
    k1 = article(k1_text, "2022-07-02", url="https://example.org/k1")
    k1_ev = event(k1, "Riot police in Mombasa fired tear gas and arrested 45 protesters on Friday after a march "
                      "against rising fuel prices turned violent, witnesses said.", ptype="COERCE",
                  date="2022-07-01", place="Mombasa", source=police, target=actor("protesters", "CVL"),
                  counts={"arrested": count("arrested 45 protesters", 45, 45)})
    docs.append(Document(k1, events=[k1_ev], indicators=[Indicator(
        kind="food", evidence=evidence(k1, "Shops in the old town stayed shut."), location=PLACES["Mombasa"],
        date="2022-07-02")]))
    k2_text = k1_text + " The county governor appealed for calm."
    k2 = article(k2_text, "2022-07-02", url="https://example.net/k2-syndicated")
    docs.append(Document(k2, events=[event(k2, "Riot police in Mombasa fired tear gas and arrested 45 protesters "
                                               "on Friday after a march against rising fuel prices turned violent, "
                                               "witnesses said.", ptype="COERCE", date="2022-07-01",
                                           place="Mombasa", source=police, target=actor("protesters", "CVL"),
                                           counts={"arrested": count("arrested 45 protesters", 45, 45)})]))
    k3 = article("Police clashed with fuel price protesters in Mombasa on Friday; dozens were detained and two "
                 "officers were hurt.", "2022-07-03")
    docs.append(Document(k3, events=[event(k3, "Police clashed with fuel price protesters in Mombasa on Friday; "
                                               "dozens were detained and two officers were hurt.",
                                           ptype="ASSAULT", date="2022-07-01", place="Mombasa",
                                           source=actor("police", "POL"), target=actor("fuel price protesters", "CVL"),
                                           counts={"arrested": count("dozens", 24, None, 99),
                                                   "injured": count("two officers", 2, 2)})]))
    # Same day, same country, 700 km away: a different event.
    k4 = article("In Kisumu, police arrested 30 protesters on Friday during a march over fuel prices.", "2022-07-02")
    docs.append(Document(k4, events=[event(k4, "In Kisumu, police arrested 30 protesters on Friday during a march "
                                               "over fuel prices.", ptype="COERCE", date="2022-07-01",
                                           place="Kisumu", source=actor("police", "POL"),
                                           target=actor("protesters", "CVL"),
                                           counts={"arrested": count("arrested 30 protesters", 30, 30)})]))
    return docs


def variants(n: int) -> list[Document]:
    """``n`` follow-up reports of the corpus events (different wording, rising tolls), for longer runs."""
    docs: list[Document] = []
    for i in range(n):
        toll = 12 + i
        text = (f"Update {i}: officials in Jalal-Abad said on Tuesday that {toll} people died in Monday's attack "
                f"on market traders by armed youths. Follow-up report number {i}.")
        art = article(text, f"2021-03-{9 + i % 5:02d}")
        docs.append(Document(art, events=[event(
            art, f"Update {i}: officials in Jalal-Abad said on Tuesday that {toll} people died in Monday's attack "
                 f"on market traders by armed youths.", date="2021-03-08", place="Jalal-Abad",
            source=actor("armed youths", "CVL"), target=actor("market traders", "CVL"),
            counts={"killed": count(f"{toll} people died", toll, toll)})]))
        if i % 4 == 3:  # now and then a separate event in another town
            other = article(f"Report {i}: a crowd of protesters marched in Naryn on day {i} of the month.",
                            f"2021-04-{1 + i:02d}")
            docs.append(Document(other, events=[event(
                other, f"Report {i}: a crowd of protesters marched in Naryn on day {i} of the month.",
                ptype="PROTEST", date=f"2021-04-{1 + i:02d}", place="Naryn", source=actor("protesters", "OPP"))]))
    return docs
