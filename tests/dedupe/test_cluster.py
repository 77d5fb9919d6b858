import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from tocsin.dedupe import cluster_documents

DOCS = [
    ("q1a", "A magnitude 6.1 earthquake struck near Bitlis in eastern Turkey on Tuesday, killing 14 people and "
            "destroying dozens of mud-brick homes, the disaster agency AFAD said.", "2019-04-02"),
    ("q1b", "Rescuers in Bitlis pulled survivors from collapsed homes after Tuesday's 6.1 quake; AFAD put the "
            "death toll at 14.", "2019-04-03"),
    ("q1c", "Turkey's AFAD disaster agency said the 6.1 magnitude earthquake near Bitlis killed 14 and injured "
            "more than 60 people.", "2019-04-02"),
    ("q2a", "A 5.4 magnitude earthquake shook Mendoza province in Argentina on Sunday, cracking walls in Uspallata "
            "but causing no deaths, officials said.", "2022-11-20"),
    ("q2b", "No one was killed when a 5.4 quake hit Uspallata in Mendoza, Argentine emergency services said on "
            "Sunday.", "2022-11-20"),
    ("p1a", "Thousands of teachers marched through Santiago on Thursday demanding higher pay, and police used "
            "water cannon near La Moneda palace.", "2020-10-15"),
    ("p1b", "Chilean police fired water cannon at striking teachers outside La Moneda in Santiago as thousands "
            "demanded a pay rise.", "2020-10-15"),
]


def test_groups_reports_of_the_same_event():
    labels = cluster_documents(DOCS)
    groups = defaultdict(set)
    for doc_id, label in labels.items():
        groups[label].add(doc_id)
    assert sorted(map(sorted, groups.values())) == [["p1a", "p1b"], ["q1a", "q1b", "q1c"], ["q2a", "q2b"]]
    assert labels["q1a"] == "c0"  # labels follow input order


def test_publication_dates_keep_apart_a_similar_report_years_later():
    similar = ("x1", "A strong earthquake struck eastern Turkey on Tuesday, destroying mud-brick homes, the disaster "
                     "agency said.", "2019-04-02")
    later = ("x2", "A strong earthquake struck eastern Turkey on Tuesday, destroying homes and killing villagers, "
                   "the disaster agency said.", "2019-04-02")
    same_week = cluster_documents(DOCS + [similar, later])
    assert same_week["x1"] == same_week["x2"] == same_week["q1a"]
    years_apart = cluster_documents(DOCS + [similar, (later[0], later[1], "2021-09-14")])
    assert years_apart["x1"] == years_apart["q1a"] != years_apart["x2"]


def test_edge_cases():
    assert cluster_documents([]) == {}
    assert cluster_documents([("only", "one text", None)]) == {"only": "c0"}
    assert len(set(cluster_documents([("a", "", None), ("b", "", None)]).values())) == 2


def _bcubed(pred, gold):
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for i in gold:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_pred[pred[i]]) for i in gold) / len(gold)
    r = sum(len(by_pred[pred[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return 2 * p * r / (p + r)


@pytest.mark.quality
def test_ecbplus_dev_bcubed():
    shared = Path(os.environ.get("TOCSIN_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))
    path = shared / "data" / "eval" / "ecbplus_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data/eval/ecbplus_dev.jsonl not present")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    pred = cluster_documents([(r["id"], r["text"], r["published"]) for r in rows])
    assert _bcubed(pred, {r["id"]: r["gold_cluster"] for r in rows}) >= 0.85
