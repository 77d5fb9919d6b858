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


def find_indicators(sent: Span, lex: Lexicon) -> list[tuple[str, str, Token]]:
    """(kind, severity, the word that gave it) for each signal in a sentence."""
    cues = lex.cues["indicators"]
    scarcity = frozenset(w for w in cues["scarcity"] if " " not in w)
    scarcity_phrases = [w for w in cues["scarcity"] if " " in w]
    crisis = frozenset(cues["crisis"])
    text = sent.text.lower()
    has_crisis = any(_matches(t, crisis) for t in sent)
    negation = lex.cue("status", "negation")
    found: dict[str, tuple[str, Token]] = {}
    for tok in sent:
        for kind in ("food", "water", "power", "medicine", "shelter", "displacement"):
            if kind in found or not _matches(tok, frozenset(cues[kind])) or tok.pos_ not in {"NOUN", "VERB", "ADJ", "PROPN"}:
                continue
            head = clause_head(tok)
            if any(c.dep_ == "neg" or c.lower_ in negation for c in head.children if c.dep_ in {"neg", "advmod"}):
                continue
            clause = list(head.subtree)
            scarce = any(_matches(t, scarcity) for t in clause) or any(p in text for p in scarcity_phrases)
            if kind == "displacement" and tok.pos_ == "VERB":
                scarce = True
            if scarce:
                found[kind] = ("crisis" if has_crisis else "shortage", tok)
    if has_crisis and not found:
        tok = next(t for t in sent if _matches(t, crisis))
        if any(t.lemma_.lower() == "humanitarian" for t in sent) or tok.lemma_.lower() == "famine":
            found["food" if tok.lemma_.lower() == "famine" else "health"] = ("crisis", tok)
    return [(kind, sev, tok) for kind, (sev, tok) in found.items()]
