"""CAMEO coding conventions on invented sentences: which verb's code a sentence gets, and which
words a verb pattern may read."""

from __future__ import annotations

import pytest

from tocsin.config import load_config


@pytest.fixture(scope="module")
def coded():
    from tocsin.coding import EventCoder
    from tocsin.model import Article
    from tocsin.nlp import load_nlp
    from tocsin.pipeline import Document

    config = load_config({"coding.use_typer": False})  # the lexicon alone: stable answers
    nlp, coder = load_nlp(config), EventCoder(config)

    def run(text: str) -> list[str]:
        document = Document(Article(id="t", text=text, published="2021-03-02"), nlp(text))
        coder([document])
        return [m.cameo for m in document.mentions if m.confidence >= 0.3]

    return run


def _verb_code(nlp, lex, text: str, verb: str) -> str | None:
    from tocsin.coding.triggers import cameo_trigger

    hit = next((cameo_trigger(t, lex) for t in nlp(text) if t.text == verb), None)
    return hit.cameo if hit else None


def test_a_pattern_nearest_the_verb_wins(nlp, lex):
    # "according to reports" is farther from "fired" than the shells: not a "fire off a report"
    code = _verb_code(nlp, lex, "The navy fired four shells at a fishing boat near the coast, according to "
                                "reports.", "fired")
    assert code is not None and code.startswith("19")


def test_a_pattern_written_for_the_verb_itself_wins(nlp, lex):
    # the block's "approve a treaty" (031) is not what "ratify a treaty" means (057)
    assert _verb_code(nlp, lex, "The senate ratified the border treaty on Monday.", "ratified") == "057"


def test_a_noun_pattern_matches_either_number(nlp, lex):
    # "condemn" has "attacks" and "shooting" patterns (111): the singular and plural both read them
    assert _verb_code(nlp, lex, "The ministry condemned the attack on the embassy.", "condemned") == "111"


def test_a_generic_verb_codes_through_a_pattern_only(nlp, lex):
    assert _verb_code(nlp, lex, "The two foreign ministers held talks in the capital.", "held") == "046"
    assert _verb_code(nlp, lex, "The farmers held the keys to the barn.", "held") is None


def test_a_pattern_does_not_read_the_clause_a_verb_reports(nlp, lex):
    # "said ... support" would be the statement pattern "say support" (032); the support is the clause's
    code = _verb_code(nlp, lex, "The minister said the army would give support to the farmers.", "said")
    assert code is None or not code.startswith("03")


@pytest.mark.parametrize("text, code", [
    ("The prime minister expressed sorrow over the bombing of the school.", None),
    ("The foreign ministry condemned the shooting of two reporters in the capital.", "111"),
    ("The embassy advised against travel to the province after the bombing last month.", "160"),
])
def test_violence_named_by_a_verbal_act_is_its_topic(coded, text, code):
    # CAMEO codes what was said or done about an attack, not the attack the statement mentions
    codes = coded(text)
    assert not any(c.startswith(("18", "19", "20")) for c in codes)
    if code is not None:
        assert code in codes


def test_a_violent_verb_keeps_its_own_noun(coded):
    codes = coded("Soldiers fired artillery shells at the village on Tuesday.")
    assert codes and all(c.startswith("19") for c in codes)


def test_a_bare_surname_shared_by_several_people_is_the_one_also_spelled_so():
    from tocsin.coding.coref import lookup_person
    from tocsin.coding.lexicon import load_lexicon

    lex = load_lexicon()
    # "Tsang" alone: the table spells one of them "Mr. Tsang"; a full name keeps its own match
    assert lookup_person("Tsang", lex).code == lex.actors["mr. tsang"].code
    assert lookup_person("Donald Tsang", lex).code == lex.actors["donald tsang"].code


@pytest.fixture(scope="module")
def extract():
    import tocsin

    return lambda text: [(e.cameo, e.source_actor.country if e.source_actor else None,
                          e.target_actor.country if e.target_actor else None)
                         for e in tocsin.extract(text, published="2021-03-02")]


def test_joint_actors_of_a_reciprocal_act_give_one_event_per_ordered_pair(extract):
    events = extract("Chile, Peru and Bolivia met on Monday in Lima to discuss the shared water resources of the "
                     "Andes region.")
    pairs = {(s, t) for code, s, t in events if code.startswith("04")}
    assert pairs == {(a, b) for a in ("CHL", "PER", "BOL") for b in ("CHL", "PER", "BOL") if a != b}


def test_talks_with_someone_are_mutual_and_the_partner_is_the_target(extract):
    events = extract("Chile and Peru held talks with Bolivia on Monday about the shared water resources of the "
                     "Andes region and fishing.")
    pairs = {(s, t) for code, s, t in events if code.startswith("04")}
    assert pairs == {("CHL", "BOL"), ("PER", "BOL"), ("BOL", "CHL"), ("BOL", "PER")}


def test_violence_by_joint_actors_stays_one_event(extract):
    # ACLED's events (and their counts) are one per episode: no copy per attacker
    events = extract("Soldiers and police officers shot dead four protesters in the town square on Monday, "
                     "witnesses said.")
    assert len([e for e in events if e[0].startswith(("18", "19", "20"))]) == 1


def test_an_allegation_against_another_is_the_accusation_not_the_act(coded):
    codes = coded("The opposition party alleged that the army had attacked the villages in the north.")
    assert not any(c.startswith(("18", "19", "20")) for c in codes)
    assert any(c.startswith("11") for c in codes)


def test_a_claim_of_responsibility_reports_the_act(coded):
    codes = coded("The rebel group claimed responsibility for the attack on the army base.")
    assert any(c.startswith(("18", "19")) for c in codes)


def test_a_cooperative_act_one_says_one_will_not_do_is_a_refusal(coded):
    assert any(c.startswith("12") for c in coded("The president said he would not provide support to the rebels."))
    assert coded("The president did not provide support to the rebels.") == []


def test_the_subject_pronoun_of_a_reported_clause_is_the_speaker(extract):
    events = extract("The prime minister of Chile said on Monday that he would not provide support to the "
                     "rebels in the north.")
    assert [(c[:2], s) for c, s, _ in events] == [("12", "CHL")]


def test_a_lull_in_the_fighting_is_no_fighting(coded):
    assert coded("Residents reported a lull in the shelling of the town on Sunday.") == []


def test_a_participle_describing_people_is_their_state_not_an_event(nlp, lex):
    # "the journalists detained by ...": who they are; the release is what is reported here
    text = "The journalists detained by the army last week were released on Monday."
    assert _verb_code(nlp, lex, text, "detained") is None
    assert _verb_code(nlp, lex, text, "released") is not None


def test_a_cooperative_act_a_speaker_says_they_will_do_is_a_stated_intent(coded):
    codes = coded("The interior ministry announced that it would release forty prisoners next week.")
    assert codes and all(c.startswith("03") for c in codes)
    assert coded("The interior ministry would release forty prisoners next week.") == []


def test_a_passive_verb_reads_its_subject_as_its_object(nlp, lex):
    # "evidence against X was presented" is "presented evidence against X" (the exhibit pattern, 1124)
    active = _verb_code(nlp, lex, "The ministry presented evidence against the militia.", "presented")
    assert active is not None and active.startswith("11")
    assert _verb_code(nlp, lex, "Evidence against the militia was presented by the ministry.", "presented") == active


def test_a_government_department_is_a_government_actor(coded):
    # "the State Department advised against travel": a political source, so the advisory is coded
    assert "160" in coded("The State Department has advised against travel to the province.")
