"""Two parts of a spaCy English pipeline made fast with the same output (``speed_up``, called by ``load_nlp``).

**The lemmatizer's word index.** The rule lemmatizer asks whether a candidate form is a known
word of its part of speech with ``form in index``, and the model ships each index as a list
(57,000 nouns): a linear scan per rule, per new word. The lists become frozensets.

**The attribute ruler.**
The stock ``AttributeRuler`` runs its 180 patterns (tag -> part of speech and morphology, plus
a few word and dependency rules) through a ``Matcher`` whose set predicates (``IN``,
``NOT_IN``) are Python calls per token and pattern: about a fifth of a parse of news text in
``en_core_web_sm``. Here a one-token pattern over ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``
is evaluated once per distinct (tag, word, dependency, space) of a token and remembered; a
fixed-length pattern of such tokens ("gon" "na") is checked at the tokens whose signature
passes its first test. Only the tests that could pass are tried:
those that need the token's tag or word, and those that need neither. Anything else (operators, other attributes) still goes through a
``Matcher``. Attributes are set in pattern order, later patterns winning, as the stock ruler
does.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import Lemmatizer
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a token's signature holds, in this order
Signature = tuple[str, str, str, bool]
# what a signature matches: one-token pattern ids, their attributes merged, (sequence, position) passed
Rules = tuple[tuple[int, ...], dict, frozenset[tuple[int, int]]]


def _value_test(value: Any) -> Callable[[Any], bool] | None:
    """A test of one token attribute against a pattern value; None if not supported here."""
    if isinstance(value, (str, bool)):
        return lambda found: found == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            return lambda found: found in arg
        if op == "NOT_IN":
            return lambda found: found not in arg
        if op == "REGEX":
            return lambda found: re.search(arg, found) is not None
    return None


def _token_test(token: dict) -> Callable[[Signature], bool] | None:
    """A test of a token's signature for one token of a pattern; None if the Matcher must run it."""
    if not set(token) <= set(FIELDS):
        return None  # an operator ("OP"), another attribute
    tests = [(FIELDS.index(key), _value_test(value)) for key, value in token.items()]
    if any(test is None for _, test in tests):
        return None
    return lambda signature: all(test(signature[at]) for at, test in tests)


def _needs(token: dict) -> list[tuple[str, str]]:
    """(field, value) pairs one of which a token must have to match ("LOWER", "is"); [] if none is required."""
    for key in ("LOWER", "TAG"):
        value = token.get(key)
        if isinstance(value, str):
            return [(key, value)]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [(key, item) for item in value["IN"]]
    return []


class FastAttributeRuler:
    """A drop-in for spaCy's ``AttributeRuler`` (``tocsin_attribute_ruler``), built from its patterns."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler"):
        self.vocab = vocab
        self.name = name
        self.patterns: list[dict] = []
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        # one test per token of a pattern: (attr_id, sequence, position, test); sequence -1: a one-token pattern
        self.tests: list[tuple[int, int, int, Callable[[Signature], bool]]] = []
        self._index: dict[tuple[str, str], list[int]] = {}  # (field, value) -> the tests that need it
        self._always: list[int] = []  # the tests that need no given tag or word
        self.sequences: list[tuple[int, int]] = []  # the patterns of two tokens or more: (attr_id, length)
        self.matcher = Matcher(vocab, validate=False)
        self._by_signature: dict[tuple[int, ...], Rules] = {}

    def add_patterns(self, patterns: list[dict]) -> None:
        """Patterns as ``AttributeRuler.patterns`` gives them; order is precedence (later wins)."""
        for entry in patterns:
            attr_id = len(self.attrs)
            self.patterns.append(entry)
            self.attrs.append(normalize_token_attrs(self.vocab, entry["attrs"]))
            self.indices.append(entry.get("index", 0))
            for pattern in entry["patterns"]:
                tests = [_token_test(token) for token in pattern]
                if not pattern or None in tests:
                    self.matcher.add(str(attr_id), [pattern])
                    continue
                sequence = -1
                if len(pattern) > 1:
                    sequence = len(self.sequences)
                    self.sequences.append((attr_id, len(pattern)))
                for at, (token, test) in enumerate(zip(pattern, tests)):
                    number = len(self.tests)
                    self.tests.append((attr_id, sequence, at, test))
                    needs = _needs(token)
                    for need in needs:
                        self._index.setdefault(need, []).append(number)
                    if not needs:
                        self._always.append(number)
        self._by_signature.clear()

    def _rules(self, key: tuple[int, ...]) -> Rules:
        """What a token signature matches, computed once."""
        strings = self.vocab.strings
        signature = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        candidates = {*self._always, *self._index.get(("TAG", signature[0]), ()),
                      *self._index.get(("LOWER", signature[1]), ())}
        hits = [self.tests[number][:3] for number in candidates if self.tests[number][3](signature)]
        ids = tuple(sorted({attr_id for attr_id, sequence, _ in hits if sequence < 0}))
        merged: dict = {}
        for attr_id in ids:
            merged.update(self.attrs[attr_id])
        passed = frozenset((sequence, at) for _, sequence, at in hits if sequence >= 0)
        self._by_signature[key] = rules = (ids, merged, passed)
        return rules

    def __call__(self, doc: Doc) -> Doc:
        cache = self._by_signature
        keys = map(tuple, doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist())
        rules = [cache.get(key) or self._rules(key) for key in keys]
        extra: dict[int, list[int]] = {}
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id = int(self.vocab.strings[match_id])
                extra.setdefault(doc[start:end][self.indices[attr_id]].i, []).append(attr_id)
        for start, (_, _, passed) in enumerate(rules):
            for sequence, at in passed:
                if at:
                    continue
                attr_id, length = self.sequences[sequence]
                end = start + length
                if end <= len(rules) and all((sequence, k) in rules[start + k][2] for k in range(1, length)):
                    extra.setdefault(doc[start:end][self.indices[attr_id]].i, []).append(attr_id)
        for i, (ids, merged, _) in enumerate(rules):
            if i in extra:
                for attr_id in sorted((*ids, *extra[i])):
                    set_token_attrs(doc[i], self.attrs[attr_id])
            elif merged:
                set_token_attrs(doc[i], merged)
        return doc


@Language.factory("tocsin_attribute_ruler")
def _make(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name)


def speed_up(nlp: Language) -> Language:
    """Swap each stock ``AttributeRuler`` of `nlp` for a ``FastAttributeRuler`` with its patterns;
    make each rule lemmatizer's word index a set."""
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            fast = nlp.replace_pipe(name, "tocsin_attribute_ruler")
            fast.add_patterns(component.patterns)
        elif isinstance(component, Lemmatizer) and component.lookups.has_table("lemma_index"):
            index = component.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)
    return nlp
