"""The fast attribute ruler, lemmatizer, parser and entity recognizer give exactly what spaCy's own components give."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc

from tocsin.config import load_config
from tocsin.nlp import load_nlp, model_names
from tocsin.nlp.fast import FastAttributeRuler, speed_up

# every kind of pattern of the English ruler: tag maps, words with tags, dependency rules,
# set predicates, regexes and two-token patterns ("gon na", "y' all", "ai n't", "Let 's")
TEXTS = [
    "I ain't gonna do it, y'all. Nothin' works. Let's go. C'mon, we gotta run.",
    "There is a man who did it; you and I saw it, and it saw you. That is what it was.\n\n  \nThose who have, do.",
    "Gunmen shot three farmers near the market on Sunday, police said, but not all of them died. "
    "Whether the army will respond is unclear, although officials have promised to investigate.",
]
ATTRS = [POS, TAG, DEP, HEAD, LEMMA, MORPH]


@pytest.fixture(scope="module")
def models():
    for name in model_names(load_config()):
        try:
            return spacy.load(name), speed_up(spacy.load(name))
        except OSError:
            continue
    pytest.skip("no spaCy model of nlp.model or its fallbacks is installed")


def test_same_annotations_as_the_stock_ruler(models):
    stock, fast = models
    assert type(fast.get_pipe("attribute_ruler")) is FastAttributeRuler
    assert stock.pipe_names == fast.pipe_names
    for text in TEXTS:
        a, b = stock(text), fast(text)
        assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), text


def test_two_token_patterns_and_precedence(models):
    _, fast = models
    doc = fast("You gotta see it. Let's go.")
    assert [t.lemma_ for t in doc if t.lower_ in {"ta", "'s"}] == ["to", "us"]
    tagged = fast("It is not over.")  # RB "not" -> PART, lemma "not"; VBZ "is" -> AUX, lemma "be"
    assert [(t.pos_, t.lemma_) for t in tagged][1:3] == [("AUX", "be"), ("PART", "not")]


def test_patterns_added_later_win():
    nlp = spacy.blank("en")
    ruler = FastAttributeRuler(nlp.vocab)
    ruler.add_patterns([{"patterns": [[{"LOWER": "fire"}]], "attrs": {"POS": "NOUN"}},
                        {"patterns": [[{"LOWER": {"IN": ["fire", "shoot"]}}]], "attrs": {"POS": "VERB"}},
                        {"patterns": [[{"LOWER": "open"}, {"LOWER": "fire"}]], "attrs": {"LEMMA": "fire"}, "index": -1}])
    doc = ruler(nlp("open fire , fire"))
    assert [(t.pos_, t.lemma_) for t in doc] == [("", ""), ("VERB", "fire"), ("", ""), ("VERB", "")]


def test_load_nlp_swaps_the_ruler_in():
    nlp = load_nlp(load_config())
    assert type(nlp.get_pipe("attribute_ruler")) is FastAttributeRuler


def test_two_patterns_of_one_rule_do_not_mix():
    nlp = spacy.blank("en")
    ruler = FastAttributeRuler(nlp.vocab)
    ruler.add_patterns([{"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}], [{"LOWER": "got"}, {"LOWER": "ta"}]],
                         "attrs": {"LEMMA": "going"}}])
    doc = ruler(nlp("gon ta got na gon na"))
    assert [t.lemma_ for t in doc] == ["", "", "", "", "going", ""]


def test_lemmatizer_index_is_a_set_and_lemmas_are_unchanged(models):
    stock, fast = models
    index = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())
    text = "The militias were shelling villages; fleeing families said the attackers had looted stores."
    assert [t.lemma_ for t in stock(text)] == [t.lemma_ for t in fast(text)]


NER_TEXTS = TEXTS + [
    "Clashes in Osh\n\nPresident Roza Otunbayeva of Kyrgyzstan said on June 12, 2010 that 117 people were killed "
    "in Osh and Jalal-Abad. The United Nations High Commissioner for Refugees, UNHCR, sent $2 million.",
    "New York Times reporter John Smith met Angela Merkel in Berlin. Then he left.",
    "", "   ", "Obama", "Boko Haram\n\nMaiduguri, Borno State - Gunmen from Boko Haram killed 12 in Nigeria.",
]


def test_fast_entity_recognizer_gives_the_stock_entities(models):
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE

    from tocsin.nlp.fast import FastEntityRecognizer

    stock, fast = models
    assert type(fast.get_pipe("ner")) is FastEntityRecognizer
    attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID]
    piped = list(fast.pipe(NER_TEXTS, batch_size=4))  # sub-batches of two documents of mixed lengths
    for text, doc in zip(NER_TEXTS, piped):
        expected = stock(text)
        assert numpy.array_equal(expected.to_array(attrs), doc.to_array(attrs)), text
        assert numpy.array_equal(expected.to_array(attrs), fast(text).to_array(attrs)), text
    # without the parser (no sentence starts), as the CoNLL adapter runs it
    without = [n for n in stock.pipe_names if n not in {"tok2vec", "ner"}]
    a = list(stock.pipe(NER_TEXTS, disable=without))
    b = list(fast.pipe(NER_TEXTS, disable=without))
    assert all(numpy.array_equal(x.to_array(attrs), y.to_array(attrs)) for x, y in zip(a, b))


def test_preset_entities_go_through_the_stock_recognizer(models):
    from spacy.tokens import Span

    stock, fast = models
    docs = []
    for nlp in (stock, fast):
        doc = nlp.make_doc("Gunmen shot John Smith in Kano on Monday.")
        doc.ents = [Span(doc, 2, 4, label="ORG")]
        for name, component in nlp.pipeline:
            doc = component(doc)
        docs.append([(e.start, e.end, e.label_) for e in doc.ents])
    assert docs[0] == docs[1] and (2, 4, "ORG") in docs[1]


def test_fast_lemmatizer_gives_the_stock_lemmas(models):
    from spacy.attrs import LEMMA

    from tocsin.nlp.fast import FastLemmatizer

    stock, fast = models
    assert type(fast.get_pipe("lemmatizer")) is FastLemmatizer
    for text in NER_TEXTS + ["The shootings left them shot; they were shooting, and he shoots. Better, best, worse."] * 2:
        assert numpy.array_equal(stock(text).to_array([LEMMA]), fast(text).to_array([LEMMA])), text


PARSE_ATTRS = [HEAD, DEP, SENT_START]
PARSER_TEXTS = NER_TEXTS + [
    "What the militia said it wanted, nobody knew. \"We will not leave,\" the commander, who asked not to be "
    "named, told reporters on Tuesday; others disagreed.\n\n- Item one\n- Item two\n\nA man was arrested. "
    "Why? Because, officials said, he had a gun which he had not declared.",
    "Police fired tear gas at protesters in Nairobi , Kenya . Twelve were hurt , three of them seriously",
    "\n\nThe  vote  was\tdelayed.\n",
    # word salad: its parse marks the token after "He" (token 144, a sentence guess) as a
    # sentence start, then empties its stack at "He": the restart at "He" must not take over
    (
        "( , Mr. the Monday ' \n\n Monday ( \n\n people \n ; the    people 12 ! Mr. 12 Mr. Monday "
        "' and U.S. ! the : ? protest people two the He , people \n protest strike - 12 12 "
        'but people gunmen \n\n the He Mr. Monday fled people people in two - ) ? 2019 gunmen '
        "? , strike fled the - the    on but . \n\n said    ' protest ? army - strike in rebels "
        'Monday    who He \n\n army killed ? She said She She two killed fled gunmen They U.S. '
        "; -    : strike which ' and \n U.S. ! rebels Monday gunmen army police police 2019 "
        '\n\n . killed - fled U.S. 2019 ( in ? ) : \n ( Mr. \n gunmen He \n : He \n on in and \n\n '
        'He She \n in but , which killed the \n : : said Kano They rebels who strike \n \n " '
        ": . ; ' rebels \n\n and"
    ),
]


def _same_parse(expected: Doc, found: Doc) -> bool:
    return numpy.array_equal(expected.to_array(PARSE_ATTRS), found.to_array(PARSE_ATTRS))


def test_fast_parser_gives_the_stock_parse(models):
    from tocsin.nlp.fast import FastDependencyParser

    stock, fast = models
    assert type(fast.get_pipe("parser")) is FastDependencyParser
    piped = list(fast.pipe(PARSER_TEXTS, batch_size=4))  # batches of four documents of mixed lengths
    for text, doc in zip(PARSER_TEXTS, piped):
        expected = stock(text)
        assert _same_parse(expected, doc), text
        assert _same_parse(expected, fast(text)), text


def test_a_long_document_keeps_fewer_restarts_and_the_same_parse(models, monkeypatch):
    from tocsin.nlp.fast import SentenceRestarts

    stock, fast = models
    text = " ".join(PARSER_TEXTS[-3:] * 3)
    doc = fast.make_doc(text)
    monkeypatch.setattr(SentenceRestarts, "cells", 3 * len(doc))  # three fresh states at most
    restarts = SentenceRestarts(fast.get_pipe("parser").moves, [doc], fast.get_pipe("parser").moves.init_batch([doc]))
    assert 1 < len(restarts.fresh[0]) <= 3 < len(restarts.guesses(doc))
    assert _same_parse(stock(text), fast(text))


def test_a_preset_parse_goes_through_the_stock_parser(models):
    stock, fast = models
    docs = []
    for nlp in (stock, fast):
        doc = nlp.make_doc("Gunmen shot two farmers in Kano on Monday.")
        doc[1].dep_ = "ROOT"
        for name, component in nlp.pipeline:
            doc = component(doc)
        docs.append(doc)
    assert _same_parse(*docs)


def test_preset_sentence_starts_bind_both_parsers_alike(models):
    stock, fast = models
    text = "Gunmen shot two farmers in Kano. Police said on Monday that three suspects were held. Nobody else was hurt."
    docs = []
    for nlp in (stock, fast):
        doc = nlp.make_doc(text)
        doc[3].is_sent_start = True  # mid-sentence: a start the parser must keep
        doc[7].is_sent_start = False  # "Police", after a full stop: one it may not make
        for name, component in nlp.pipeline:
            doc = component(doc)
        docs.append(doc)
    assert _same_parse(*docs)


def _shared_texts(shared_dir, name: str, n: int) -> list[str]:
    import json

    with open(shared_dir / "data" / name, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line, _ in zip(handle, range(n))]


def test_same_annotations_on_real_texts(models, shared_dir):
    """Guardian articles, ACLED notes and PLOVER stories: every attribute the fast parts set, as spaCy sets it."""
    from spacy.attrs import ENT_IOB, ENT_TYPE

    stock, fast = models
    texts = [*_shared_texts(shared_dir, "news/guardian_2019_sample.jsonl", 40),
             *_shared_texts(shared_dir, "eval/acled_global_2020.jsonl", 40),
             *_shared_texts(shared_dir, "eval/ngec_synthetic_plover.jsonl", 40)]
    attrs = [*ATTRS, SENT_START, ENT_IOB, ENT_TYPE]
    for text, a, b in zip(texts, stock.pipe(texts, batch_size=32), fast.pipe(texts, batch_size=32)):
        assert numpy.array_equal(a.to_array(attrs), b.to_array(attrs)), text[:80]
