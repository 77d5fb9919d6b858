"""Known-answer checks of each task's scorer on invented records (no eval data used)."""

from __future__ import annotations

import pytest

from tocsin.eval import scoring as S


def _note(i, sub, etype, fatalities, lat, lon, iso3="NGA", date="2021-03-04"):
    return {"id": f"n{i}", "text": "invented note", "published": date,
            "gold": {"event_type": etype, "sub_event_type": sub, "fatalities": fatalities, "latitude": lat,
                     "longitude": lon, "iso3": iso3, "event_date": date}}


def test_doc_events_fields_and_denominators():
    items = [
        _note(1, "Armed clash", "Battles", 5, 10.0, 8.0),
        _note(2, "Peaceful protest", "Protests", 0, 10.0, 8.0),
        _note(3, "Attack", "Violence against civilians", 10, 10.0, 8.0, iso3="NER"),
        _note(4, "Armed clash", "Battles", 0, 10.0, 8.0),
    ]
    preds = [
        {"event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": 5, "lat": 10.1, "lon": 8.0,
         "iso3": "NGA", "date": "2021-03-04"},                     # ~11 km off
        {"event_type": "Protests", "sub_event_type": "Peaceful protest", "fatalities": None, "lat": 11.0,
         "lon": 8.0, "iso3": "NGA", "date": "2021-03-05"},          # ~111 km off; null count reads as 0
        {"event_type": "Battles", "sub_event_type": "Armed clash", "fatalities": 12, "lat": None, "lon": None,
         "iso3": "NGA", "date": "2021-03-04"},
        None,                                                       # no event found
    ]
    scored = S.score_doc_events(items, preds)
    m = scored.metrics
    assert m["sub_event_accuracy"] == 0.5
    assert m["event_type_accuracy"] == 0.5
    assert m["fatalities_exact"] == 0.75            # 5=5, 0=0 (null), 10!=12, 0=0 (no event)
    assert m["fatalities_exact_nonzero"] == 0.5     # of gold 5 and 10
    assert m["fatalities_within_20pct"] == 1.0      # 12 is within 20 % of 10
    assert m["location_within_25km"] == 0.25
    assert m["location_within_161km"] == 0.5
    assert m["country_accuracy"] == 0.5
    assert m["date_exact"] == 0.5
    assert scored.extra["support"]["fatalities_nonzero"] == 2
    assert scored.extra["confusion"]["Armed clash"] == {"(none)": 1, "Armed clash": 1}
    assert scored.extra["error_km_histogram"]["unresolved"] == 2
    assert {e["id"] for e in scored.errors} == {"n3", "n4"}


def test_event_type_scores():
    items = [{"id": str(i), "text": "t", "gold": {"label": g}} for i, g in enumerate(["AIR_STRIKE", "ARMED_CLASH"])]
    scored = S.score_event_type(items, ["AIR_STRIKE", "AIR_STRIKE"])
    assert scored.metrics == pytest.approx({"accuracy": 0.5, "macro_f1": (2 / 3 + 0) / 2, "weighted_f1": 1 / 3})


def test_plover_mode_aliases_and_country_match():
    items = [
        {"id": "a", "text": "t", "gold": {"event": "ASSAULT", "mode": "primative", "source": [{"code": "KGZ"}],
                                          "target": []}},
        {"id": "b", "text": "t", "gold": {"event": "PROTEST", "mode": None, "source": [], "target": []}},
        {"id": "c", "text": "t", "gold": {"event": "AGREE", "mode": "ceasefire", "source": [{"code": "RUS"}],
                                          "target": [{"code": "UKR"}]}},
    ]
    preds = [{"event": "ASSAULT", "mode": "primitive", "source": "KGZ", "target": None},
             {"event": "PROTEST", "mode": "demo"},
             None]
    scored = S.score_plover(items, preds, mode_aliases={"primative": "primitive"})
    m = scored.metrics
    assert m["accuracy"] == pytest.approx(2 / 3)
    assert m["mode_accuracy"] == 0.5            # only gold-moded items a and c
    assert m["source_country_match"] == 0.5     # a yes, c no
    assert m["target_country_match"] == 0.0     # c only
    assert [e["id"] for e in scored.errors] == ["c"]
    assert S.score_plover(items[:1], preds[:1]).metrics["mode_accuracy"] == 0.0  # no aliases given


def test_cameo_root_triple_and_country_only():
    items = [
        {"id": "s1", "text": "t", "gold": [{"source": "USA", "target": "CHN", "code": "042"}]},
        {"id": "s2", "text": "t", "gold": [{"source": "---GOV", "target": "RUSMIL", "code": "190"},
                                           {"source": "ISR", "target": "PSE", "code": "111"}]},
        {"id": "s3", "text": "t", "gold": []},
    ]
    preds = [
        [{"code": "043", "source": "USAGOV", "target": "CHN"}],   # root ok; role differs; country ok
        [{"code": "193", "source": "---GOV", "target": "RUSMIL"}],  # full triple ok
        [{"code": "010", "source": "FRA", "target": "---"}],     # spurious
    ]
    m = S.score_cameo(items, preds).metrics
    assert (m["root_precision"], m["root_recall"]) == pytest.approx((2 / 3, 2 / 3))
    assert (m["triple_precision"], m["triple_recall"]) == pytest.approx((1 / 3, 1 / 3))
    assert (m["triple_country_precision"], m["triple_country_recall"]) == pytest.approx((2 / 3, 2 / 3))
    assert S.actor_key("PSEGZACVL") == ("PSE", "GZA")
    assert S.actor_key(None) == ("---", "")


def test_sent_detect_metric_names():
    items = [{"id": "1", "text": "t", "gold": {"KILL": True, "ANY_ACTION": True}},
             {"id": "2", "text": "t", "gold": {"KILL": False, "ANY_ACTION": False}}]
    scored = S.score_sent_detect(items, [{"KILL": True, "ANY_ACTION": True}, {"KILL": True, "ANY_ACTION": False}])
    assert scored.metrics == pytest.approx({"KILL_precision": 0.5, "KILL_recall": 1.0, "KILL_f1": 2 / 3,
                                            "ANY_ACTION_precision": 1.0, "ANY_ACTION_recall": 1.0,
                                            "ANY_ACTION_f1": 1.0})
    assert scored.extra["confusion"]["KILL"] == {"tp": 1, "fp": 1, "fn": 0, "tn": 0}


def _geo_item():
    return {"id": "g", "text": "x" * 60, "gold": [
        {"start": 0, "end": 4, "name": "aaaa", "lat": 0.0, "lon": 0.0},
        {"start": 10, "end": 15, "name": "bbbbb", "lat": 0.0, "lon": 10.0},
        {"start": 30, "end": 33, "name": "ccc", "lat": 45.0, "lon": 45.0},
    ]}


def test_geoparse_resolution_unresolved_get_max_error():
    scored = S.score_geoparse_resolution([_geo_item()], [[(0.0, 0.0), (0.0, 11.0), None]])
    m = scored.metrics
    assert m["acc_161km"] == pytest.approx(2 / 3)   # 0 km and ~111 km in; unresolved out
    assert m["median_error_km"] == pytest.approx(111.195, abs=0.01)
    assert m["mean_error_km"] == pytest.approx((0 + 111.195 + 20039) / 3, abs=0.01)
    assert scored.extra["support"]["unresolved"] == 1


def test_geoparse_end_to_end_overlap_matching():
    preds = [[{"start": 1, "end": 3, "lat": 0.0, "lon": 0.5},     # overlaps aaaa, ~56 km
              {"start": 12, "end": 20, "lat": 0.0, "lon": 30.0},  # overlaps bbbbb, ~2200 km
              {"start": 50, "end": 55, "lat": 1.0, "lon": 1.0}]]  # no gold there
    m = S.score_geoparse_end_to_end([_geo_item()], preds).metrics
    assert m["detection_precision"] == pytest.approx(2 / 3)
    assert m["detection_recall"] == pytest.approx(2 / 3)
    assert m["detection_f1"] == pytest.approx(2 / 3)
    assert m["e2e_acc_161km"] == 0.5


def test_cluster_and_ner_scorers():
    items = [{"id": i, "text": "t", "gold_cluster": g} for i, g in (("a", "1"), ("b", "1"), ("c", "2"))]
    m = S.score_cluster(items, {"a": "x", "b": "y", "c": "y"}).metrics
    assert m["bcubed_f1"] == pytest.approx(2 / 3) and m["pairwise_f1"] == 0.0
    ner_items = [{"id": "s", "tokens": ["Ada", "Obi", "left", "Lagos"], "tags": ["B-PER", "I-PER", "O", "B-LOC"]}]
    scored = S.score_ner(ner_items, [["B-PER", "I-PER", "O", "B-ORG"]])
    assert scored.metrics["PER_f1"] == 1.0 and scored.metrics["LOC_f1"] == 0.0
    assert scored.metrics["micro_f1"] == pytest.approx(0.5)
    assert scored.errors[0]["gold"] == ["LOC:Lagos"] and scored.errors[0]["predicted"] == ["ORG:Lagos"]
