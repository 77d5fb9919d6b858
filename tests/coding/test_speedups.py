"""Exact speed-ups in the coder's parts: the cheap checks change no result."""

from __future__ import annotations

import pytest

from tocsin.config import load_config


def test_dates_skip_only_patterns_that_cannot_match():
    """The cheap checks before each date pattern (a digit, 'ago', 'day' ...) change no result."""
    import random

    from tocsin.coding.dates import PATTERNS, _DIGIT, _lower, _may_match

    words = ["3", "12", "2019", "days", "ago", "friday", "night", "in", "since", "mid-", "last", "week", "May",
             "Sept.", "august", "april", "this", "morning", "today", "yesterday", "at", "that", "the", "time",
             "back", "then", "day", "before", "overnight", "tonight", "for", "two", "decades", "years", "nothing"]
    odd = str.maketrans({"i": "\u0130", "s": "\u017f", "k": "\u212a"})  # letters re.I matches to i, s, k
    rng = random.Random(8)
    texts = ["He left 3 days ago.", "On FRIDAY NIGHT", "in 2019", "for two decades", "12 May", "Sept. 9",
             "nothing here", "at that time", "١٢ May 2019", "Last Year", "thi\u017f morning", "in Augu\u017ft",
             "ye\u017fterday", "ba\u212a then", "APR\u0130L 3", "th\u0131s week", "Mid-March", "the day before"]
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        text = "".join(c.upper() if rng.random() < 0.3 else c for c in text)
        texts.append(text.translate(odd) if rng.random() < 0.2 else text)
    for text in texts:
        lower, digit = _lower(text), _DIGIT.search(text) is not None
        for kind, pattern in PATTERNS:
            if pattern.search(text):
                assert _may_match(kind, lower, digit), (kind, text)


_TEXT = ("Police arrested 12 protesters in the capital on Friday.\n\n"
         "Dozens of people were killed and a woman was injured when gunmen attacked a market 3 days ago. "
         "Some 2,000 residents fled as shortages of food and water worsened last week. "
         "The minister said troops would be deployed between 40 and 60 km from the border.")


@pytest.fixture(scope="module")
def doc():
    from tocsin.nlp import load_nlp

    return load_nlp(load_config())(_TEXT)


def test_sentence_text_is_the_article_slice(doc):
    """The coder reads a sentence's text as a slice of the article (Span.text rebuilds it token by token)."""
    from tocsin.coding.coder import _sentences
    from tocsin.coding.dates import find_dates

    for sent in _sentences(doc):
        text = doc.text[sent.start_char:sent.end_char]
        assert text == sent.text
        assert find_dates(sent, "2020-05-09", text=text) == find_dates(sent, "2020-05-09")


def test_typer_guess_does_not_depend_on_its_batch():
    """The coder types an article's sentences and its whole text in one batch."""
    from tocsin.coding.typing import EventTyper

    typer = EventTyper.load(load_config())
    texts = [*_TEXT.split(". "), _TEXT, "Talks were held in Geneva."]
    assert typer.predict(texts) == [typer.predict([t])[0] for t in texts]


def test_same_name_cache_gives_the_uncached_answer():
    from tocsin.coding.coref import same_name

    pairs = [("Otunbayeva", "Utanbayeva"), ("Bakiyev", "Bakiev"), ("Smith", "Smyth"), ("Putin", "Erdogan"), ("Li", "Lee")]
    for a, b in pairs:
        assert same_name(a, b) == same_name.__wrapped__(a, b)
        assert same_name(a, b) == same_name.__wrapped__(a, b)  # the second answer comes from the cache


def test_verb_codes_single_word_fast_path():
    """Words that open no multi-word form take one look-up; longest match first is unchanged."""
    from tocsin.coding.typing import VerbLexicon

    lexicon = VerbLexicon({"attack": "190", "called": "010", "called for": "100", "called off": "081",
                           "called off the strike": "0811"})
    assert lexicon.codes("Rebels attack; they called off the strike and called for talks, then called.") == \
        ["190", "0811", "100", "010"]
    assert lexicon.codes("called") == ["010"]


def test_indicators_with_text_and_kind_words(doc):
    """Words of no kind are passed over before their part of speech is read; ``text=`` is ``sent.text``."""
    from tocsin.coding.coder import _sentences
    from tocsin.coding.indicators import _KINDS, _kind_words, find_indicators
    from tocsin.coding.lexicon import load_lexicon

    lex = load_lexicon()
    assert _kind_words(lex) == frozenset().union(*(lex.cue("indicators", k) for k in _KINDS))
    found = [find_indicators(s, lex) for s in _sentences(doc)]
    assert [find_indicators(s, lex, text=s.text) for s in _sentences(doc)] == found
    assert any(found)


def test_pattern_slots_are_the_slot_options():
    from tocsin.coding.lexicon import load_lexicon
    from tocsin.coding.triggers import _pattern_slots, _slot_options

    lex = load_lexicon()
    table = _pattern_slots(lex)
    assert table is _pattern_slots(lex)
    for block, patterns in lex.cameo_patterns.items():
        assert table[block] == [(code, len(words), _slot_options(words), verb)
                                for (code, words), verb in zip(patterns, lex.cameo_pattern_verbs[block])]


def _sentences_token_by_token(doc):
    """The blank-line cut as it was first written, word by word."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text and tok.i > start:
                out.append(doc[start:tok.i])
                start = tok.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return [s for s in out if s.text.strip()]


@pytest.mark.parametrize("text", [_TEXT, "\n\nHeadline Here\n\nBody text. More text\nafter a break.\n", "", "One.",
                                  "Clashes in Osh \n \n left 3 dead.\n\n\n"])
def test_sentences_from_the_line_break_array(text):
    from tocsin.coding.coder import _sentences
    from tocsin.nlp import load_nlp

    doc = load_nlp(load_config())(text)
    assert [(s.start, s.end) for s in _sentences(doc)] == [(s.start, s.end) for s in _sentences_token_by_token(doc)]


def test_person_lookup_cache_gives_the_uncached_answer():
    from tocsin.coding.coref import _lookup_person, lookup_person
    from tocsin.coding.lexicon import load_lexicon

    lex = load_lexicon()
    for name in ("Donald Trump", "Trump", "Vladimir Putin", "Roza Otunbayeva", "Nobody Inparticular", "", "-"):
        assert lookup_person(name, lex) == _lookup_person(name, lex)
        assert lookup_person(name, lex) == _lookup_person(name, lex)  # the second answer comes from the cache
