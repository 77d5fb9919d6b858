"""Humanitarian signals: food, water, power, medicine, shelter, displacement, health.

A sentence gives an indicator of a kind when a word of that kind ("food", "water",
"electricity") and a scarcity cue ("scarce", "shortage", "running out", "lack of") are in the
same clause, or a displacement word stands as a verb ("thousands fled"). A crisis word
("humanitarian crisis", "famine") in the sentence raises the severity to ``crisis``; alone it
gives a ``health`` indicator at crisis severity. Negated clauses give none.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from tocsin.coding.dates import clause_head
from tocsin.coding.lexicon import Lexicon


def _matches(tok: Token, words: frozenset[str]) -> bool:
    return tok.lemma_.lower() in words or tok.lower_ in words


_KINDS = ("food", "water", "power", "medicine", "shelter", "displacement")
_CONTENT = {"NOUN", "VERB", "ADJ", "PROPN"}


_KIND_WORDS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def _kind_words(lex: Lexicon) -> frozenset[str]:
    """The words of every kind, built once per lexicon (most words of a sentence are of none)."""
    cached = _KIND_WORDS.get(id(lex))
    if cached is None or cached[0] is not lex:
        cached = _KIND_WORDS[id(lex)] = (lex, frozenset().union(*(lex.cue("indicators", kind) for kind in _KINDS)))
    return cached[1]


def find_indicators(sent: Span, lex: Lexicon, *, text: str | None = None) -> list[tuple[str, str, Token]]:
    """(kind, severity, the word that gave it) for each signal in a sentence (``text``: ``sent.text``,
    where the caller has it already)."""
    cues = lex.cues["indicators"]
    scarcity = lex.cue("indicators", "scarcity")
    scarcity_phrases = [w for w in cues["scarcity"] if " " in w]
    crisis = lex.cue("indicators", "crisis")
    kinds = [(kind, lex.cue("indicators", kind)) for kind in _KINDS]
    any_kind = _kind_words(lex)
    toks = list(sent)  # each word read once: a Token object and its lemma are built per access
    keys = [(t.lemma_.lower(), t.lower_) for t in toks]
    has_crisis = any(lemma in crisis or low in crisis for lemma, low in keys)
    negation = lex.cue("status", "negation")
    found: dict[str, tuple[str, Token]] = {}
    lowered = None
    for tok, (lemma, low) in zip(toks, keys):
        if lemma not in any_kind and low not in any_kind or tok.pos_ not in _CONTENT:
            continue
        for kind, words in kinds:
            if kind in found or not (lemma in words or low in words):
                continue
            head = clause_head(tok)
            if any(c.dep_ == "neg" or c.lower_ in negation for c in head.children if c.dep_ in {"neg", "advmod"}):
                continue
            scarce = any(_matches(t, scarcity) for t in head.subtree)  # multi-word cues never match one word
            if not scarce and scarcity_phrases:
                if lowered is None:
                    lowered = (sent.text if text is None else text).lower()
                scarce = any(p in lowered for p in scarcity_phrases)
            if kind == "displacement" and tok.pos_ == "VERB":
                scarce = True
            if scarce:
                found[kind] = ("crisis" if has_crisis else "shortage", tok)
    if has_crisis and not found:
        tok = next(t for t, (lemma, low) in zip(toks, keys) if lemma in crisis or low in crisis)
        if any(lemma == "humanitarian" for lemma, _ in keys) or tok.lemma_.lower() == "famine":
            found["food" if tok.lemma_.lower() == "famine" else "health"] = ("crisis", tok)
    return [(kind, sev, tok) for kind, (sev, tok) in found.items()]
