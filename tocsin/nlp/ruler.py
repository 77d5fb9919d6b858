"""spaCy's attribute ruler, same output, about ten times faster (swapped in by ``load_nlp``).

The stock ``AttributeRuler`` runs its 180 patterns (tag -> part of speech and morphology, plus
a few word and dependency rules) through a ``Matcher`` whose set predicates (``IN``,
``NOT_IN``) are Python calls per token and pattern: about a fifth of a parse of news text in
``en_core_web_sm``. Here a one-token pattern over ``TAG``, ``LOWER``, ``DEP`` and ``IS_SPACE``
is evaluated once per distinct (tag, word, dependency, space) of a token and remembered; a
fixed-length pattern of such tokens ("gon" "na") is checked at the tokens whose signature
passes its first test. Anything else (operators, other attributes) still goes through a
``Matcher``. Attributes are set in pattern order, later patterns winning, as the stock ruler
does.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
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


class FastAttributeRuler:
    """A drop-in for spaCy's ``AttributeRuler`` (``tocsin_attribute_ruler``), built from its patterns."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler"):
        self.vocab = vocab
        self.name = name
        self.patterns: list[dict] = []
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        self.tests: list[tuple[int, Callable[[Signature], bool]]] = []
        # fixed-length patterns: (attr_id, one test per token); a signature remembers which tests it passes
        self.sequences: list[tuple[int, tuple[Callable[[Signature], bool], ...]]] = []
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
                tests = tuple(_token_test(token) for token in pattern)
                if not pattern or None in tests:
                    self.matcher.add(str(attr_id), [pattern])
                elif len(tests) == 1:
                    self.tests.append((attr_id, tests[0]))
                else:
                    self.sequences.append((attr_id, tests))
        self._by_signature.clear()

    def _rules(self, key: tuple[int, ...]) -> Rules:
        """What a token signature matches, computed once."""
        strings = self.vocab.strings
        signature = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        ids = tuple(sorted({attr_id for attr_id, test in self.tests if test(signature)}))
        merged: dict = {}
        for attr_id in ids:
            merged.update(self.attrs[attr_id])
        passed = frozenset((n, at) for n, (_, tests) in enumerate(self.sequences)
                           for at, test in enumerate(tests) if test(signature))
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
            for n, at in passed:
                if at:
                    continue
                attr_id, tests = self.sequences[n]
                end = start + len(tests)
                if end <= len(rules) and all((n, k) in rules[start + k][2] for k in range(1, len(tests))):
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
    """Swap each stock ``AttributeRuler`` of `nlp` for a ``FastAttributeRuler`` with its patterns."""
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            fast = nlp.replace_pipe(name, "tocsin_attribute_ruler")
            fast.add_patterns(component.patterns)
    return nlp
