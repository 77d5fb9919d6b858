"""Names the current GeoNames extracts lack: former units and country names, short forms, "Greater X"."""

from __future__ import annotations

from tocsin.geo import geoparse
from tocsin.geo.resolve import haversine_km


def one(text: str, name: str, config):
    start = text.index(name)
    return geoparse(text, [(start, start + len(name))], config=config)[0]


def test_a_former_kenyan_province_is_placed_at_its_former_seat(config):
    place = one("Cholera spread through Nyanza Province near Lake Victoria.", "Nyanza Province", config)
    assert place.country == "KEN" and place.precision == "admin1"
    assert haversine_km(place.lat, place.lon, -0.10, 34.76) < 30  # Kisumu


def test_former_french_region_and_congolese_province(config):
    rhone = one("Snow closed passes across Rhône-Alpes on Sunday.", "Rhône-Alpes", config)
    kasai = one("Aid convoys reached Kasai Occidental this week.", "Kasai Occidental", config)
    assert rhone.country == "FRA" and haversine_km(rhone.lat, rhone.lon, 45.76, 4.84) < 30  # Lyon
    assert kasai.country == "COD" and kasai.precision == "admin1"


def test_former_country_names_are_their_successors(config):
    assert one("Mobutu ruled Zaire for three decades.", "Zaire", config).country == "COD"
    assert one("Tea from Ceylon was shipped to London.", "Ceylon", config).country == "LKA"
    assert one("The Soviet Union collapsed in 1991.", "Soviet Union", config).country == "RUS"


def test_ny_is_new_york_state_and_greater_takes_the_city(config):
    ny = one("Farms upstate in NY reported losses.", "NY", config)
    assert ny.admin1 == "New York" and ny.precision == "admin1"
    mumbai = one("Rain flooded Greater Mumbai overnight.", "Greater Mumbai", config)
    assert mumbai.country == "IND" and haversine_km(mumbai.lat, mumbai.lon, 19.07, 72.88) < 30


def test_seas_lakes_islands_and_regions_of_england(config):
    erie = one("Algae bloomed across Lake Erie in August.", "Lake Erie", config)
    luzon = one("The typhoon made landfall on Luzon, north of Manila.", "Luzon", config)
    midlands = one("Factories in the West Midlands cut jobs.", "West Midlands", config)
    assert haversine_km(erie.lat, erie.lon, 42.2, -81.2) < 50
    assert haversine_km(luzon.lat, luzon.lon, 16.0, 121.0) < 100
    assert midlands.country == "GBR"


def test_a_valley_named_after_its_town_takes_the_towns_point(config):
    place = one("Lettuce growers in the Salinas Valley, California, lost crops.", "Salinas Valley", config)
    assert place.country == "USA" and haversine_km(place.lat, place.lon, 36.68, -121.66) < 50


def test_china_in_a_list_with_japan_is_the_country(config):
    text = "Exports rose to Mexico, China, Japan, Ukraine and Brazil."
    place = one(text, "China", config)
    assert place.country == "CHN" and place.precision == "country"


def test_moscow_is_the_city_not_the_federal_city_around_it(config):
    place = one("Thousands marched in Moscow on Saturday.", "Moscow", config)
    assert place.name == "Moscow" and place.precision == "place" and place.country == "RUS"


def test_unit_names_without_their_kind_word_or_arabic_article():
    from tocsin.geo.names import fold, unit_cores

    assert unit_cores(["Kabupaten Pangandaran", "Provincia de Salta", "Henan Sheng", "Al Anbar Governorate"]) == [
        "pangandaran", "salta", "henan", "anbar"]
    assert unit_cores(["District of Columbia", "Region", "Kenya"]) == []  # no "Columbia", nothing left, no kind word
    assert fold("Ad Daqahlīyah") == "ad daqahliya" and fold("Daqahliyah") == fold("Daqahliya")


def test_a_regency_and_a_governorate_by_their_bare_names(config):
    regency = one("Fishing boats stayed in port at Pangandaran after the tsunami warning.", "Pangandaran", config)
    assert regency.country == "IDN" and regency.precision == "admin2"
    governorate = one("Bird flu was found on farms in Daqahliya, north of Cairo.", "Daqahliya", config)
    assert governorate.country == "EGY" and governorate.precision == "admin1"


def test_a_district_without_towns_of_500_stands_at_its_province(config):
    place = one("Gorillas died of Ebola in the forests near Mbomo.", "Mbomo", config)
    assert place.country == "COG" and place.precision == "admin2"


def test_a_city_is_the_seat_of_its_prefecture_not_a_rival_reading(gazetteer):
    from tocsin.geo.gazetteer import ADMIN2

    # "Changsha Shi" gets no bare "Changsha": the city of that name inside it stands for it.
    assert not [r for r in gazetteer.rows("changsha") if gazetteer.kind_of(r) == ADMIN2]
