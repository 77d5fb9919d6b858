"""Known-answer checks of the pure scorers (every expected value computed by hand)."""

from __future__ import annotations

import math

import pytest

from tocsin.eval import metrics as M


def test_classification_accuracy_macro_and_weighted_f1():
    # A: tp1 fn1 -> P1 R.5 F2/3; B: tp1 fp1 -> P.5 R1 F2/3; C: fn1 -> F0 (predicted nothing).
    result = M.classification(["A", "A", "B", "C"], ["A", "B", "B", None])
    assert result["accuracy"] == pytest.approx(0.5)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert result["weighted_f1"] == pytest.approx((2 / 3 * 2 + 2 / 3 * 1 + 0) / 4)
    assert result["per_class"]["A"] == pytest.approx({"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "support": 2})
    assert result["per_class"]["B"]["precision"] == pytest.approx(0.5)
    assert result["confusion"]["C"] == {M.NONE_LABEL: 1}
    assert result["confusion"]["A"] == {"A": 1, "B": 1}


def test_macro_f1_averages_gold_labels_only():
    # D is only predicted: it gets a per-class row but is not averaged.
    result = M.classification(["A", "A"], ["A", "D"])
    assert result["macro_f1"] == pytest.approx(2 / 3)  # A: P1 R.5
    assert "D" in result["per_class"] and result["per_class"]["D"]["support"] == 0


def test_multilabel_per_label_counts():
    gold = [{"KILL": True, "ARREST": False}, {"KILL": False, "ARREST": True}, {"KILL": True, "ARREST": True}]
    pred = [{"KILL": True, "ARREST": True}, {"KILL": False, "ARREST": False}, {"KILL": False, "ARREST": True}]
    result = M.multilabel(gold, pred, ["KILL", "ARREST"])
    assert result["confusion"]["KILL"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 1}
    assert result["per_class"]["ARREST"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2})


def test_matched_counts_are_multisets_per_item():
    assert M.matched_counts([["a", "a", "b"]], [["a", "b", "b", "c"]]) == (2, 2, 1)
    # the same code in another sentence does not match
    assert M.matched_counts([["a"], []], [[], ["a"]]) == (0, 1, 1)


def test_bcubed_by_hand():
    # a: P1 R1/2; b: P1/2 R1/2; c: P1/2 R1 -> P=R=2/3.
    p, r, f = M.bcubed({"a": "1", "b": "1", "c": "2"}, {"a": "x", "b": "y", "c": "y"})
    assert (p, r, f) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_bcubed_perfect_and_missing_items_are_singletons():
    assert M.bcubed({"a": "1", "b": "1"}, {"a": 7, "b": 7}) == pytest.approx((1, 1, 1))
    p, r, _ = M.bcubed({"a": "1", "b": "1"}, {"a": 7})  # b left out: its own cluster
    assert (p, r) == pytest.approx((1.0, 0.5))


def test_pairwise_by_hand():
    # gold pairs ab ac bc; predicted ab cd; one shared -> P 1/2 R 1/3 F 0.4.
    p, r, f = M.pairwise({"a": 1, "b": 1, "c": 1, "d": 2}, {"a": "x", "b": "x", "c": "y", "d": "y"})
    assert (p, r, f) == pytest.approx((0.5, 1 / 3, 0.4))
    assert M.pairwise({"a": 1, "b": 2}, {"a": 1, "b": 2}) == (1.0, 1.0, 1.0)


def test_iob_entities_reads_iob2_and_iob1_like_conlleval():
    assert M.iob_entities(["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]) == {("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5)}
    assert M.iob_entities(["I-ORG", "I-ORG", "O", "I-PER"]) == {("ORG", 0, 2), ("PER", 3, 4)}
    assert M.iob_entities(["B-ORG", "I-LOC"]) == {("ORG", 0, 1), ("LOC", 1, 2)}
    assert M.iob_entities(["O", "O"]) == set()


def test_entity_scores_exact_span_and_type():
    gold = [["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]]
    pred = [["B-PER", "I-PER", "O", "B-LOC", "I-LOC"]]
    result = M.entity_scores(gold, pred, ["PER", "LOC", "ORG", "MISC"])
    assert (result["micro_precision"], result["micro_recall"], result["micro_f1"]) == pytest.approx((0.5, 1 / 3, 0.4))
    assert result["per_class"]["PER"]["f1"] == 1.0
    assert result["per_class"]["LOC"] == pytest.approx({"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2})
    assert result["per_class"]["ORG"]["support"] == 0


def test_haversine_one_degree_of_latitude():
    assert M.haversine_km(0, 0, 1, 0) == pytest.approx(math.pi / 180 * M.EARTH_RADIUS_KM)
    assert M.haversine_km(10, 20, 10, 20) == 0.0
    assert M.haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * M.EARTH_RADIUS_KM)


def test_geo_auc_as_in_gritta_2018():
    # log(1+e) = 0, 1, 2 -> trapezoid area 0.5 + 1.5 = 2 over x-range 2 -> 1 / log(20039).
    errors = [math.e ** 2 - 1, 0.0, math.e - 1]
    assert M.geo_auc(errors) == pytest.approx(1 / math.log(20039))
    assert M.geo_auc([0.0, 0.0]) == 0.0
    # errors past the cap count as the cap
    assert M.geo_auc([40000.0, 20039.0]) == pytest.approx(math.log(20040) / math.log(20039))


def test_median_and_histogram():
    assert M.median([3, 1, 2]) == 2
    assert M.median([4, 1, 2, 3]) == 2.5
    hist = M.error_histogram([0.5, 5, 30, 160, 20039], unresolved=2)
    assert hist["0-1"] == 1 and hist["1-10"] == 1 and hist["25-50"] == 1 and hist["50-161"] == 1
    assert hist["5000-20039"] == 1 and hist["unresolved"] == 2
    assert sum(hist.values()) == 7


def test_overlaps_is_half_open():
    assert M.overlaps((0, 5), (4, 8))
    assert not M.overlaps((0, 5), (5, 8))
