"""The event typer: loading, sensible types on invented sentences, size, held-out quality."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.coding.crosswalk import Crosswalk
from tocsin.coding.typing import EventTyper, TypeGuess, VerbLexicon, is_held_out, prepare
from tocsin.config import load_config
from tocsin.model import PLOVER_TYPES

MODEL_DIR = Path(__file__).resolve().parents[2] / "tocsin" / "data" / "models"


@pytest.fixture(scope="module")
def typer() -> EventTyper:
    return EventTyper.load(load_config())


def test_load_is_cached(typer):
    assert EventTyper.load(load_config()) is typer


def test_model_files_are_small():
    total = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert 0 < total <= 20 * 1024 * 1024


def test_no_pickles_are_shipped():
    assert not [p for p in MODEL_DIR.rglob("*") if p.suffix in {".pkl", ".pickle", ".joblib"}]


def test_held_out_split_is_fixed_and_about_a_fifth():
    ids = [f"record-{i}" for i in range(5000)]
    share = sum(map(is_held_out, ids)) / len(ids)
    assert 0.17 < share < 0.23
    assert is_held_out("record-1") == is_held_out("record-1")
    assert [is_held_out(i) for i in ids[:50]] == [is_held_out(i) for i in ids[:50]]


def test_predict_empty_batch(typer):
    assert typer.predict([]) == []


def test_guess_fields_are_consistent(typer):
    cw = Crosswalk.load()
    (guess,) = typer.predict(["Rebels ambushed an army convoy on the mountain road."])
    assert isinstance(guess, TypeGuess)
    assert guess.plover_type in PLOVER_TYPES
    assert 0.0 < guess.plover_prob <= 1.0 and 0.0 < guess.cameo_prob <= 1.0
    assert len(guess.cameo_root) == 2 and guess.cameo_root.isdigit()
    if guess.acled_sub_event_type is not None:
        assert guess.acled_event_type == cw.acled_event_type(guess.acled_sub_event_type)
    assert guess.plover_top3[0][0] == guess.plover_type
    assert [p for _, p in guess.plover_top3] == sorted((p for _, p in guess.plover_top3), reverse=True)


# Invented sentences (not from any data set): type, ACLED sub-event (None: not ACLED), CAMEO root.
CASES = [
    ("Police arrested 14 protesters in the capital.", "COERCE", "Arrests", "17"),
    ("Officers detained the mayor and two of his aides at a roadblock.", "COERCE", "Arrests", "17"),
    ("An air strike on the rebel-held village killed eight people, residents said.", "ASSAULT", "Air/drone strike", "19"),
    ("Mortar rounds fell on the town overnight, destroying several houses.", "ASSAULT",
     "Shelling/artillery/missile attack", "19"),
    ("Soldiers and insurgents fought for hours near the river crossing.", "ASSAULT", "Armed clash", "19"),
    ("Thousands of nurses marched through the city demanding better pay.", "PROTEST", "Peaceful protest", "14"),
    ("Youths burned tyres and hurled rocks at riot police in the suburb.", "PROTEST", "Violent demonstration", "14"),
    ("The prime minister hosted the visiting Japanese foreign minister for talks.", "CONSULT", None, "04"),
    # CAMEO codes a bombing as 183 (unconventional violence); coders also use 19x for it.
    ("A bomb hidden on a motorcycle exploded near the market.", "ASSAULT", "Remote explosive/landmine/IED", "18|19"),
    ("Gunmen kidnapped eleven schoolchildren from their dormitory.", "ASSAULT", "Abduction/forced disappearance", "18"),
]


@pytest.mark.parametrize("text,ptype,acled,root", CASES)
def test_sensible_types_on_invented_sentences(typer, text, ptype, acled, root):
    (guess,) = typer.predict([text])
    assert guess.plover_type == ptype, guess
    assert guess.acled_sub_event_type == acled, guess
    assert guess.cameo_root in root.split("|"), guess


def test_batch_equals_single(typer):
    texts = [t for t, *_ in CASES]
    batch = typer.predict(texts)
    assert batch[3] == typer.predict([texts[3]])[0]


def test_lexicon_finds_verbs_and_phrasal_forms():
    lexicon = VerbLexicon({"arrested": "173", "called on": "020", "called": "041"})
    assert lexicon.codes("Police arrested him and called on the crowd to leave.") == ["173", "020"]
    prepared, codes = prepare("{country_1} police arrested", lexicon)
    assert "{country_1}" not in prepared and "zzcameo17" in prepared and codes == ["173"]


# Floors just under the measured held-out scores of the committed model (see the report in
# tocsin/data/models/README.md); the project's targets (0.85 / 0.70 / 0.60) are not met yet.
# Lower a floor only on purpose.
FLOORS = {"plover_accuracy": 0.85, "acled_sub_event_macro_f1": 0.75, "cameo_root_f1": 0.43}


@pytest.mark.quality
def test_held_out_quality(typer, shared_dir):
    from tocsin.coding.train import evaluate

    metrics = evaluate(typer, shared_dir)
    for name, floor in FLOORS.items():
        assert metrics[name] >= floor, (name, metrics)
