"""The cascade: a cheap pass blanks sentences with no trigger word, keeping every offset."""

from __future__ import annotations

import pytest

from tocsin.config import load_config
from tocsin.nlp import load_nlp
from tocsin.nlp.cascade import Cascade, cascade_for, triggers

TEXT = ("Clashes near the border\n\nThe town was quiet on Sunday morning. Gunmen shot three farmers near the "
        "market, police said. The weather stayed dry. Shops opened late and buses ran on time. "
        "Hundreds of residents fled the district overnight.\nOfficials will meet again next week.")


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(load_config())


@pytest.fixture(scope="module")
def cascade(nlp):
    return Cascade(nlp, [("shoot",), ("flee",), ("clash",), ("open", "fire")])


def test_mask_keeps_length_newlines_and_picked_sentences(cascade):
    masked = cascade.mask(TEXT)
    assert len(masked) == len(TEXT)
    assert {i for i, ch in enumerate(TEXT) if ch == "\n"} <= {i for i, ch in enumerate(masked) if ch == "\n"}
    for sentence in ("Clashes near the border", "Gunmen shot three farmers near the market, police said.",
                     "Hundreds of residents fled the district overnight."):
        start = TEXT.index(sentence)
        assert masked[start:start + len(sentence)] == sentence


def test_sentence_before_a_trigger_rides_along_and_the_rest_is_blank(cascade):
    masked = cascade.mask(TEXT)
    assert "The town was quiet on Sunday morning." in masked  # antecedent of the shooting
    assert "Shops opened late and buses ran on time." in masked  # just before the flight
    assert "weather" not in masked and "Officials" not in masked


def _picked(cascade, sentence: str) -> bool:
    return cascade.sentences(f"Headline\n\n{sentence}")[-1][2]


def test_irregular_and_inflected_forms_match_their_lemma(cascade):
    for sentence in ("Gunmen shot two men.", "Families fled.", "Rival groups clashes went on."):
        assert _picked(cascade, sentence), sentence
    assert not _picked(cascade, "Shops sell shoes.")


def test_a_phrase_needs_all_its_words_in_the_sentence(cascade):
    assert _picked(cascade, "Troops opened fire on the crowd.")
    assert not _picked(cascade, "The market opened early.")


def test_cascade_parse_has_the_same_offsets(nlp, cascade):
    full, (cheap,) = nlp(TEXT), list(cascade.pipe([TEXT]))
    start = TEXT.index("Gunmen")
    span = cheap.char_span(start, start + len("Gunmen shot three farmers"))
    assert span is not None and span.text == "Gunmen shot three farmers"
    assert len(cheap) < len(full)
    assert {(e.start_char, e.text) for e in cheap.ents} <= {(e.start_char, e.text) for e in full.ents} | {
        (e.start_char, e.text) for e in cheap.ents if e.start_char > start}


def test_triggers_come_from_the_coders_lexicon(nlp):
    violence, everything = set(triggers("violence")), set(triggers("all"))
    assert {("kill",), ("protest",), ("arrest",), ("water", "shortage")} <= violence < everything
    assert ("meet",) in everything and ("meet",) not in violence
    assert ("announce",) not in everything  # CAMEO 010 has no PLOVER type: the coder makes no event of it
    config = load_config({"nlp.cascade_scope": "all"})
    assert cascade_for(nlp, config) is cascade_for(nlp, config)


def test_unknown_scope_is_a_coded_config_error(nlp):
    from tocsin.errors import ConfigError

    with pytest.raises(ConfigError):
        cascade_for(nlp, load_config({"nlp.cascade_scope": "most"}))


def test_pipeline_parse_uses_the_cascade_when_configured():
    from tocsin.pipeline import Pipeline

    pipeline = Pipeline(load_config({"nlp.cascade": True}), stages=[])
    from tocsin.model import Article

    article = Article(id="x", text=TEXT)
    (document,) = pipeline.parse([article])
    assert "weather" not in document.doc.text and len(document.doc.text) == len(TEXT)
    (plain,) = Pipeline(load_config({"nlp.cascade": False}), stages=[]).parse([article])
    assert plain.doc.text == TEXT


def test_a_count_word_with_a_figure_is_picked_for_the_coder_to_attach(nlp):
    from tocsin.nlp.cascade import number_words

    cascade = Cascade(nlp, triggers("violence"), numbers=number_words(), context=0)
    for sentence in ("12 fatalities.", "Dozens were detained.", "The toll stood at three."):
        assert _picked(cascade, sentence), sentence
    assert not _picked(cascade, "Three apples were on sale.")


def test_a_blanked_sentence_ends_in_a_line_break_so_the_next_one_starts_a_line(cascade):
    masked = cascade.mask(TEXT)
    weather = TEXT.index("The weather stayed dry.")
    assert masked[weather:weather + len("The weather stayed dry.")] == " " * 22 + "\n"


def test_sentences_are_cut_as_the_parser_cuts_them(cascade):
    text = "Headline\n\nThe mayor spoke. “Gunmen shot him,” he said. “Why?” she asked. (Rain fell.) \"Fine.\" It rained."
    cut = [text[start:end] for start, end, _ in cascade.sentences(text)]
    assert cut == ["Headline", "The mayor spoke.", "“Gunmen shot him,” he said.", "“Why?” she asked.", "(Rain fell.)",
                   '"Fine."', "It rained."]


def test_coded_scope_follows_the_coders_verb_rules(nlp):
    coded = set(triggers("coded"))
    assert {("kill",), ("protest",), ("@meet",), ("@visit",)} <= coded
    assert ("@say",) not in coded and ("@make",) not in coded  # the coder never codes an excluded verb
    assert ("@hold",) not in coded  # "hold" codes only through a pattern ("held talks")
    assert any(t[0] == "@hold" and len(t) > 1 for t in coded)
    assert ("@announce",) not in coded


def test_a_cameo_verb_after_a_determiner_is_a_noun_and_picks_nothing(nlp):
    cascade = Cascade(nlp, [("@force",), ("@visit",), ("@support",)], not_before_verb=["the", "its", "of"], context=0)
    for sentence in ("The minister will visit Paris.", "Rebels forced the villagers out.", "Italy supports the plan."):
        assert _picked(cascade, sentence), sentence
    for sentence in ("The forces were in the north.", "It was the visit of the year.", "He lost its support."):
        assert not _picked(cascade, sentence), sentence


def test_the_last_sentence_with_a_locative_place_rides_along(nlp):
    cascade = Cascade(nlp, [("shoot",)], places=["in", "near"], context=0)
    text = ("Headline\n\nThe convoy stopped in the Kidal region. The weather stayed dry. Gunmen shot two drivers. "
            "Shops opened late. Gunmen shot a guard near Gao.")
    masked = cascade.mask(text)
    assert "The convoy stopped in the Kidal region." in masked  # where the thread is for the first shooting
    assert "weather" not in masked and "Shops" not in masked  # the second shooting names its own place


def test_the_default_cascade_is_the_coded_scope_without_context(nlp):
    cascade = cascade_for(nlp, load_config({"nlp.cascade": True}))
    assert cascade.context == 0 and "@meet" in cascade.triggers
    text = "Headline\n\nThe ministers met in Geneva. The weather stayed dry. The forces stayed home."
    assert [keep for _, _, keep in cascade.sentences(text)] == [True, True, False, False]
