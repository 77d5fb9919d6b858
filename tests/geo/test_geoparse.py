"""Geoparsing invented sentences: resolution with context, detection, demonyms."""

from __future__ import annotations

from geo_text import spans

from tocsin.geo import geoparse


def test_osh_in_every_spelling_is_the_kyrgyz_city(config):
    text = "Refugees from Osh reached the border. In Ош the market burned. O'sh was quiet by night."
    places = geoparse(text, spans(text, "Osh", "Ош", "O'sh"), config=config)
    assert [p.geonameid for p in places] == [1527534] * 3
    assert {p.country for p in places} == {"KGZ"}
    assert places[0].admin1 and places[0].precision == "place"
    assert (places[0].start, places[0].end) == spans(text, "Osh")[0]


def test_paris_texas_versus_paris(config):
    texan = "The county fair in Paris, Texas, drew farmers from across Lamar County."
    french = "Ministers met in Paris to discuss the euro before flying on to Berlin."
    (p_tx, _) = geoparse(texan, spans(texan, "Paris", "Texas"), config=config)
    (p_fr, _) = geoparse(french, spans(french, "Paris", "Berlin"), config=config)
    assert p_tx.country == "USA" and p_tx.admin1 == "Texas"
    assert p_fr.country == "FRA"


def test_countries_states_and_abbreviations_get_their_level(config):
    text = "Coal trucks crossed from W.Va. into Kentucky; the U.S. and Kyrgyzstan signed a deal."
    places = geoparse(text, spans(text, "W.Va.", "Kentucky", "U.S.", "Kyrgyzstan"), config=config)
    assert [p.precision for p in places] == ["admin1", "admin1", "country", "country"]
    assert places[0].name == "West Virginia" and places[2].country == "USA"
    assert places[3].geonameid == 1527747


def test_context_picks_the_local_town(config):
    text = ("Flooding closed roads around Columbus and Dayton on Monday, and the Ohio governor "
            "sent crews to Springfield.")
    places = geoparse(text, spans(text, "Columbus", "Dayton", "Ohio", "Springfield"), config=config)
    assert all(p.country == "USA" for p in places)
    assert places[3].admin1 == "Ohio"


def test_end_to_end_finds_places_and_skips_people(config):
    text = ("Jordan Smith, a farmer, said the storm hit Nairobi and the Rift Valley before moving "
            "into Uganda.")
    places = geoparse(text, config=config)
    names = [text[p.start:p.end] for p in places]
    assert "Nairobi" in names and "Uganda" in names
    assert "Jordan" not in names
    nairobi = places[names.index("Nairobi")]
    assert nairobi.country == "KEN" and nairobi.basis


def test_unknown_name_is_returned_unresolved_not_guessed(config):
    text = "They met at Zqxvilleburg on Tuesday."
    (place,) = geoparse(text, spans(text, "Zqxvilleburg"), config=config)
    assert place.lat is None and place.geonameid is None and "not in the gazetteer" in place.basis
