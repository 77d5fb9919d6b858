"""Detection: news conventions that name places, and names that only look like places."""

from __future__ import annotations

import pytest

from tocsin.geo import geoparse
from tocsin.geo.toponyms import _convention_spans, _names_something_else


def found(text: str, config) -> list[str]:
    return [text[p.start:p.end] for p in geoparse(text, config=config)]


@pytest.mark.parametrize("text, name", [
    ("COLUMBUS -- A 27-year-old woman was fined on Monday.", "COLUMBUS"),
    ("Farm prices fell. BEIRUT: Israel flooded farmland, officials said.", "BEIRUT"),
    ("Senate Tax Chairman Tom Bakk, DFL-Cook, said the cuts were deep.", "Cook"),
    ("Rep. Torrey Westrom, R-Elbow Lake, said the rules were strict.", "Elbow Lake"),
])
def test_datelines_and_legislators_home_towns(text, name):
    spans = [text[a:b] for a, b in _convention_spans(text)]
    assert spans == [name]


def test_a_run_of_county_names():
    text = "Area girls from Cooke, Grayson and Love counties will compete."
    assert [text[a:b] for a, b in _convention_spans(text)] == ["Cooke", "Grayson", "Love"]
    assert _convention_spans("UN: most youth oppose violence.") == []


def test_street_war_and_titled_names_are_not_places():
    text = "Crews closed Wichita Street, said coach Ripley, a Gulf War veteran, in the North."
    for name in ("Wichita", "Ripley", "Gulf", "North"):
        start = text.index(name)
        assert _names_something_else(text, start, start + len(name)), name
    start = text.index("Crews")
    assert not _names_something_else(text, start, start + 5)


def test_end_to_end_counties_and_institution_names(config):
    text = ("Area girls from Cooke, Grayson and Love counties will compete. A counselor at "
            "Evansville High School said the Wichita Street crash closed the road.")
    names = found(text, config)
    assert {"Cooke", "Grayson", "Love", "Evansville"} <= set(names)
    assert "Wichita" not in names


def test_a_state_abbreviation_after_a_comma_is_a_parent(nlp, gazetteer):
    from tocsin.geo.toponyms import _has_parent

    doc = nlp("The award went to Berea, Ky., and Surprise, Ariz., this year.")
    berea = next(t.i for t in doc if t.text == "Berea")
    surprise = next(t.i for t in doc if t.text == "Surprise")
    assert _has_parent(doc, berea + 1, gazetteer) and _has_parent(doc, surprise + 1, gazetteer)
    assert not _has_parent(doc, doc[-2].i, gazetteer)


def test_detection_with_the_text_given_is_detection_without_it(nlp, gazetteer):
    # parse_toponyms builds doc.text once and hands it to detect (each build makes a Token per word).
    from tocsin.geo.toponyms import detect

    doc = nlp("Floods hit Dayton, Ohio, and the Rift Valley in Kenya; Mauritious was spared.")
    found = [(t.start, t.end, t.source) for t in detect(doc, gazetteer)]
    assert found == [(t.start, t.end, t.source) for t in detect(doc, gazetteer, text=doc.text)]
    assert {doc.text[s:e] for s, e, _ in found} >= {"Dayton", "Ohio", "Kenya"}


@pytest.mark.parametrize("text, surface", [
    ("Osh police said Osh was calm; in Oshkosh and mid-Osh. Osh_x Osh", "Osh"),
    ("The U.S. and U.S.A. said U.S.", "U.S."),
    ("Jalal-Abad, Jalal-Abad's mayor, jalal-abad", "Jalal-Abad"),
    ("aaaa", "aa"),
    ("Málaga Málagas 2Málaga Málaga.", "Málaga"),
])
def test_repeat_occurrences_are_what_the_pattern_finds(text, surface):
    """The one-sense-per-discourse pass finds a name's other mentions without compiling a pattern per name."""
    import re

    from tocsin.geo.toponyms import _occurrences

    assert _occurrences(text, surface) == [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(surface)}(?![\w])", text)]
