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


def find_indicators(sent: Span, lex: Lexicon) -> list[tuple[str, str, Token]]:
    """(kind, severity, the word that gave it) for each signal in a sentence."""
    cues = lex.cues["indicators"]
    scarcity = lex.cue("indicators", "scarcity")
    scarcity_phrases = [w for w in cues["scarcity"] if " " in w]
    crisis = lex.cue("indicators", "crisis")
    kinds = [(kind, lex.cue("indicators", kind)) for kind in _KINDS]
    toks = list(sent)  # each word read once: a Token object and its lemma are built per access
    keys = [(t.lemma_.lower(), t.lower_) for t in toks]
    has_crisis = any(lemma in crisis or low in crisis for lemma, low in keys)
    negation = lex.cue("status", "negation")
    found: dict[str, tuple[str, Token]] = {}
    text = None
    for tok, (lemma, low) in zip(toks, keys):
        if tok.pos_ not in _CONTENT:
            continue
        for kind, words in kinds:
            if kind in found or not (lemma in words or low in words):
                continue
            head = clause_head(tok)
            if any(c.dep_ == "neg" or c.lower_ in negation for c in head.children if c.dep_ in {"neg", "advmod"}):
                continue
            scarce = any(_matches(t, scarcity) for t in head.subtree)  # multi-word cues never match one word
            if not scarce and scarcity_phrases:
                text = sent.text.lower() if text is None else text
                scarce = any(p in text for p in scarcity_phrases)
            if kind == "displacement" and tok.pos_ == "VERB":
                scarce = True
            if scarce:
                found[kind] = ("crisis" if has_crisis else "shortage", tok)
    if has_crisis and not found:
        tok = next(t for t, (lemma, low) in zip(toks, keys) if lemma in crisis or low in crisis)
        if any(lemma == "humanitarian" for lemma, _ in keys) or tok.lemma_.lower() == "famine":
            found["food" if tok.lemma_.lower() == "famine" else "health"] = ("crisis", tok)
    return [(kind, sev, tok) for kind, (sev, tok) in found.items()]
