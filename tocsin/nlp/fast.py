"""Five parts of a spaCy English pipeline made fast with the same output (``speed_up``, called by ``load_nlp``).

**The lemmatizer.** The rule lemmatizer asks whether a candidate form is a known word of its
part of speech with ``form in index``, and the model ships each index as a list (57,000
nouns): a linear scan per rule, per new word. The lists become frozensets. And it is called
per token from Python: ``FastLemmatizer`` asks it once per distinct (word, part of speech,
morphology), all its rules look at.

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

**The entity recognizer's transition loop** (``FastEntityRecognizer``): the stock loop took
the GIL for each of its 74 actions at each token, two thirds of the recognizer's time. It
runs the same model here with array operations (see the class).

**The dependency parser's transition loop** (``FastDependencyParser``): the stock loop runs
without the GIL but takes it back for each hidden unit's maxout and each state's validity
check, at each step: more than half of the parser's time. The same steps run here with the
GIL held, through spaCy's own step model and ``Parser.transition_states``, one step for all
the states of a batch; each document is also parsed from its likely sentence starts at once,
and a parse that reaches one of them in a fresh state's configuration hands over to it
(``SentenceRestarts``), so a long document no longer takes a step per transition on its own.
The heads, labels and sentence starts are spaCy's (non-projective labels included: its own
``set_annotations`` and deprojectivization run on the states).
"""

from __future__ import annotations

import re
from typing import Any, Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import DependencyParser, EntityRecognizer, Lemmatizer
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab
from thinc.api import NumpyOps

_BLAS = NumpyOps()  # BLIS, as spaCy's parser uses it

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
        # Words no LOWER test tells apart from the empty word share its signature (fewer misses)
        self._words: set[str] = set()  # named by a LOWER test (a value, an IN or NOT_IN list)
        self._word_patterns: list[re.Pattern] = []  # LOWER regexes
        self._word_key: dict[int, int] = {}  # LOWER hash -> itself if some test tells it apart, else 0

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
                    self._note_words(token.get("LOWER"))
                    number = len(self.tests)
                    self.tests.append((attr_id, sequence, at, test))
                    needs = _needs(token)
                    for need in needs:
                        self._index.setdefault(need, []).append(number)
                    if not needs:
                        self._always.append(number)
        self._by_signature.clear()
        self._word_key.clear()

    def _note_words(self, value: Any) -> None:
        if isinstance(value, str):
            self._words.add(value)
        elif isinstance(value, dict):
            for op, arg in value.items():
                if op == "REGEX":
                    self._word_patterns.append(re.compile(arg))
                else:
                    self._words.update(arg)

    def _word(self, key: int) -> int:
        """A LOWER hash, or 0 (the empty word) when no test tells the word apart from it."""
        word = self.vocab.strings[key]
        same = word not in self._words and not any(p.search(word) for p in self._word_patterns) and \
            "" not in self._words and not any(p.search("") for p in self._word_patterns)
        self._word_key[key] = found = 0 if same else key
        return found

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
        cache, words = self._by_signature, self._word_key
        array = doc.to_array([TAG, LOWER, DEP, IS_SPACE])
        distinct, where = numpy.unique(array[:, 1], return_inverse=True)
        array[:, 1] = numpy.array([words[key] if key in words else self._word(key)
                                   for key in distinct.tolist()], dtype=array.dtype)[where.reshape(-1)]
        rules = [cache.get(key) or self._rules(key) for key in map(tuple, array.tolist())]
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


# --- the entity recognizer's transition loop --------------------------------------------------

MOVES = "MBILUO"  # spaCy's BILUO move ids: MISSING, BEGIN, IN, LAST, UNIT, OUT


class FastEntityRecognizer:
    """A drop-in for spaCy's greedy ``EntityRecognizer`` (``tocsin_ner``) that runs its model.

    The stock transition loop asks each of the 74 actions whether it is valid at each token
    through Cython calls that take and drop the GIL: about two thirds of the recognizer's time.
    Here the same model scores the same states (the next token; while an entity is open, its
    first token and the token before the next) with the same float32 sums, maxout and BLIS
    product, under the same BILUO validity rules and the same first-best choice, so the
    entities are the ones spaCy gives. Sub-batches are the stock ones (the embedding sees the
    same input). Documents that already carry entities, or a model with unseen classes, go
    through the stock recognizer.
    """

    def __init__(self, vocab: Vocab, name: str = "ner"):
        self.vocab = vocab
        self.name = name
        self.stock = None

    def take(self, stock) -> None:
        """Run the model of `stock` (a greedy spaCy ``EntityRecognizer``), which stays the fallback."""
        self.stock = stock
        self.model = stock.model
        self.moves = stock.moves
        self.cfg = stock.cfg
        names = [stock.moves.get_class_name(i) for i in range(stock.moves.n_moves)]
        self.move = numpy.array([MOVES.index(name[0]) for name in names])
        labels = [name[2:] for name in names]
        self.label_names = sorted({label for label in labels if label})
        self.label = numpy.array([self.label_names.index(l) + 1 if l else 0 for l in labels])
        self._masks = self._valid_masks()
        self._index_of = {(int(m), int(l)): i for i, (m, l) in enumerate(zip(self.move, self.label))}

    def _valid_masks(self) -> numpy.ndarray:
        """Valid actions per state code: closed (begin ok, not space) x4 at 0-3, then open label L with in ok at 4 + 2(L-1) + ok."""
        move, label = self.move, self.label
        begin, inside, last, unit, out = (move == MOVES.index(m) for m in "BILUO")
        masks = []
        for begin_ok in (False, True):
            for space in (False, True):
                starts = (label > 0) & (unit | begin) if not space else numpy.zeros_like(out)
                masks.append(out | starts & (unit | begin_ok))
        for open_label in range(1, len(self.label_names) + 1):
            for in_ok in (False, True):
                masks.append((label == open_label) & (last | inside & in_ok))
        return numpy.array(masks)

    # spaCy's component API (what Language.pipe and __call__ use)
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        from spacy import util

        for batch in util.minibatch(docs, size=batch_size):
            batch_in_order = list(batch)
            by_length = sorted(batch, key=lambda doc: len(doc))  # the stock sub-batches: same tok2vec input
            for subbatch in util.minibatch(by_length, size=max(batch_size // 4, 2)):
                subbatch = list(subbatch)
                self.set_annotations(subbatch, self.predict(subbatch))
            yield from batch_in_order

    def predict(self, docs: list[Doc]):
        if self.model.attrs.get("unseen_classes") or any(doc.has_annotation("ENT_IOB") for doc in docs):
            return ("stock", self.stock.predict(docs))
        if not any(len(doc) for doc in docs):
            return ("ents", [[] for _ in docs])
        return ("ents", self._decode(docs))

    def set_annotations(self, docs: list[Doc], result) -> None:
        kind, found = result
        if kind == "stock":
            self.stock.set_annotations(docs, found)
            return
        for doc, ents in zip(docs, found):
            doc.set_ents([Span(doc, start, end, label=self.label_names[label - 1]) for start, end, label in ents],
                         default="outside")

    def _decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """Each document's entities as (start, end, label number), by the stock greedy rules.

        A state's features are the next token, and while an entity is open its first token and
        the token before the next: with no entity open they depend on the token alone, so those
        scores are computed for every token in one product; the few states inside an entity
        are scored when the walk reaches them.
        """
        tok2vec, lower, upper = self.model.layers
        cached = lower.predict(tok2vec.predict(docs))  # (tokens + 1, nF, nO, nP); row 0: padding
        features = cached.reshape(cached.shape[0], cached.shape[1], -1)
        self._features, self._pieces = features, cached.shape[3]
        self._bias = lower.get_param("b").reshape(-1)
        self._weights, self._upper_bias = upper.get_param("W"), upper.get_param("b")
        try:
            padding = numpy.zeros(features.shape[0] - 1, dtype=numpy.int64)
            closed = self._scores(numpy.arange(1, features.shape[0]), padding, padding)
            out, at = [], 1  # at: the document's first row in `features`
            for doc in docs:
                out.append(self._walk(doc, at, closed[at - 1:at - 1 + len(doc)]) if len(doc) else [])
                at += len(doc)
            return out
        finally:
            self._features = None  # this sub-batch's arrays are not kept past it

    def _scores(self, b0: numpy.ndarray, e0: numpy.ndarray, b1: numpy.ndarray) -> numpy.ndarray:
        """Action scores of states given their feature rows (0: padding), as spaCy's ``predict_states`` sums them."""
        features = self._features
        summed = numpy.zeros((len(b0), features.shape[2]), dtype=numpy.float32)
        summed += features[b0, 0]
        summed += features[e0, 1]
        summed += features[b1, 2]
        summed += self._bias
        hidden = summed.reshape(len(b0), -1, self._pieces).max(axis=2)
        scores = _BLAS.gemm(hidden, self._weights, trans2=True)
        scores += self._upper_bias
        return scores

    def _walk(self, doc: Doc, at: int, closed: numpy.ndarray) -> list[tuple[int, int, int]]:
        """The greedy transition sequence over one document; `closed`: its scores with no entity open."""
        n = len(doc)
        attrs = doc.to_array([IS_SPACE, SENT_START]).astype(numpy.int64)
        go_on = numpy.ones(n, dtype=bool)  # a second token is left and it does not start a sentence
        go_on[:-1] = attrs[1:, 1] != 1
        go_on[-1] = False
        code = 2 * go_on + (attrs[:, 0] == 1)
        masked = numpy.where(self._masks[code], closed, -numpy.inf)
        best = masked.argmax(axis=1)
        move, label = self.move[best].tolist(), self.label[best].tolist()
        go_on = go_on.tolist()
        index_of = self._index_of
        ents: list[tuple[int, int, int]] = []
        t = 0
        while t < n:
            m = move[t]
            if m == 4:  # unit
                ents.append((t, t + 1, label[t]))
            elif m == 1:  # begin: score each next state until the entity closes
                start, open_label = t, label[t]
                inside, last = index_of[(2, open_label)], index_of[(3, open_label)]
                while True:
                    t += 1
                    row = self._scores(numpy.array([at + t]), numpy.array([at + start]), numpy.array([at + t - 1]))[0]
                    # spaCy's arg_max_if_valid: the first valid action wins unless a later one scores higher
                    if go_on[t] and (row[inside] >= row[last] if inside < last else row[inside] > row[last]):
                        continue
                    ents.append((start, t + 1, open_label))
                    break
            t += 1
        return ents


# --- the dependency parser's transition loop -------------------------------------------------


SENTENCE_ENDS = (".", "!", "?")
CLOSERS = ('"', "'", ")", "]", "\u201d", "\u2019")  # may follow a sentence's end: the next sentence starts after them


class FastDependencyParser:
    """A drop-in for spaCy's greedy ``DependencyParser`` (``tocsin_parser``) that runs its transition loop.

    The stock loop (``Parser._parseC``) runs without the GIL, but the hidden layer's maxout and
    bias calls in it take the GIL back for each hidden unit of each state, and so does each
    state's validity check: more than half of the parser's time. Here the same steps are taken
    with the GIL held, from Python, by spaCy's own parts: its step model (the precomputed lower
    layer, summed over the same feature tokens, the same maxout), the upper layer's BLIS product
    and ``Parser.transition_states`` (the arc-eager validity rules, first-best choice and moves).

    Each step also has a fixed cost (a BLIS call, the Python around it), which the longest
    document of a batch would pay alone for most of its steps; so each document is parsed from
    its likely sentence starts too, at once (``SentenceRestarts``), and a batch takes about as
    many steps as its longest sentence. Documents that already carry a parse, or a model with
    unseen classes, go through the stock parser.
    """

    def __init__(self, vocab: Vocab, name: str = "parser"):
        self.vocab = vocab
        self.name = name
        self.stock = None

    def take(self, stock) -> None:
        """Run the model of `stock` (a greedy spaCy ``DependencyParser``), which stays the fallback."""
        self.stock = stock
        self.model = stock.model
        self.moves = stock.moves
        self.cfg = stock.cfg

    # spaCy's component API (what Language.pipe and __call__ use)
    def __call__(self, doc: Doc) -> Doc:
        self.stock.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs, *, batch_size: int = 256):
        from spacy import util

        for batch in util.minibatch(docs, size=batch_size):
            batch = list(batch)
            self.stock.set_annotations(batch, self.predict(batch))
            yield from batch

    def predict(self, docs: list[Doc]) -> list:
        """One finished ``StateClass`` per document, as ``DependencyParser.predict`` gives them."""
        if self.model.attrs.get("unseen_classes") or any(doc.has_annotation("DEP") for doc in docs):
            return self.stock.predict(docs)
        if not any(len(doc) for doc in docs):
            return self.moves.init_batch(docs)
        return self._decode(docs)

    def _decode(self, docs: list[Doc]) -> list:
        steps = self.model.predict(docs)  # spaCy's step model: embeddings, lower layer precomputed
        weights, bias = steps.vec2scores.get_param("W"), steps.vec2scores.get_param("b")
        batch = self.moves.init_batch(docs)
        restarts = SentenceRestarts(self.moves, docs, batch)
        states = restarts.unfinished()
        while states:
            ids = steps.get_token_ids(states)  # B0 B1 S0 S1 S2 L(B0) L(S0) R(S0), plus the offset; -1: none
            handed = restarts.hand_over(states, ids)
            if handed:
                keep = numpy.ones(len(states), dtype=bool)
                keep[handed] = False
                ids, states = ids[keep], [state for state, kept in zip(states, keep) if kept]
                if not states:
                    break
            hidden = steps.state2vec.predict(ids)
            scores = _BLAS.gemm(hidden, weights, trans2=True)  # as predict_states: BLIS, then the bias
            scores += bias
            states = self.stock.transition_states(states, scores)
        steps.clear_memory()
        restarts.join(batch)
        return batch


class SentenceRestarts:
    """Fresh parser states at the likely sentence starts of a batch's documents, and the hand-overs to them.

    A fresh state at token i has its stack empty, nothing pushed back onto the buffer, and no
    arcs. A parse that reaches i in that configuration, with no left arc to i yet and the same
    break allowed before i's next token (none was placed there), goes on exactly as the fresh
    state: its features, validity and moves read nothing else. So it stops there, and the fresh
    state's arcs are its own (``join``). A fresh state the parse does not reach that way is
    wasted work, and nothing else changes.
    """

    cells = 1 << 22  # at most fresh states x tokens per document: each state holds a head per token

    def __init__(self, moves, docs: list[Doc], batch: list):
        self.moves = moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        self.break_move = next(name for name in names if name.startswith("B-"))  # validity ignores the label
        strings = docs[0].vocab.strings
        self.ends = numpy.array([strings[word] for word in SENTENCE_ENDS], dtype=numpy.uint64)
        self.closers = numpy.array([strings[word] for word in CLOSERS], dtype=numpy.uint64)
        self.guessed = numpy.zeros(sum(len(doc) for doc in docs) + 1, dtype=bool)  # by feature row: token + offset + 1
        self.origin: dict = {}  # state -> (document number, its first token, the document's offset)
        self.fresh: list[dict[int, tuple[Any, bool]]] = []  # per document: start -> (state, break allowed)
        self.stops: dict = {}  # state -> the start where a fresh state took over
        offset = 0
        for number, (doc, state) in enumerate(zip(docs, batch)):
            self.origin[state] = (number, 0, offset)
            self.fresh.append(self._fresh_states(state, doc) if not state.is_final() else {})
            for start, (fresh, _) in self.fresh[-1].items():
                self.origin[fresh] = (number, start, offset)
                self.guessed[offset + start + 1] = True
            offset += len(doc)

    def guesses(self, doc: Doc) -> list[int]:
        """Tokens that likely start a sentence: after . ! ? (and a closing quote) or a line break."""
        orth, space = doc.to_array([ORTH, IS_SPACE]).T
        end = numpy.isin(orth, self.ends)
        after = numpy.zeros(len(doc), dtype=bool)
        after[1:] = end[:-1] | (space[:-1] == 1)
        after[2:] |= end[:-2] & numpy.isin(orth[1:-1], self.closers)
        after[0] = False
        return numpy.flatnonzero(after & (space == 0)).tolist()

    def _fresh_states(self, state, doc: Doc) -> dict[int, tuple[Any, bool]]:
        guesses = self.guesses(doc)
        room = max(1, self.cells // len(doc))
        walker, fresh = state.copy(), {}
        for start in guesses[::-(-len(guesses) // room) or 1]:  # evenly spaced, if a long document has too many
            while walker._b_i < start:
                walker.push()
                walker.pop()
            fresh[start] = (walker.copy(), self.moves.is_valid(walker, self.break_move))
        return fresh

    def unfinished(self) -> list:
        """Every document's first state and fresh states, those with moves left."""
        return [state for state in self.origin if not state.is_final()]

    def hand_over(self, states: list, ids: numpy.ndarray) -> list[int]:
        """Positions in `states` of those in a fresh state's configuration at its start (given their
        feature `ids`): they stop, the fresh states go on."""
        handed = []
        at = numpy.flatnonzero((ids[:, 2] < 0) & (ids[:, 5] < 0) & self.guessed[ids[:, 0] + 1])  # no S0, no L(B0)
        for k in at.tolist():
            state = states[k]
            number, first, offset = self.origin[state]
            start = int(ids[k, 0]) - offset
            if start != first and state.B(0) == state._b_i and \
                    self.moves.is_valid(state, self.break_move) == self.fresh[number][start][1]:
                self.stops[state] = start
                handed.append(k)
        return handed

    def join(self, batch: list) -> None:
        """Give each document's first state the arcs of the states that took over from it, in turn."""
        for state, fresh in zip(batch, self.fresh):
            part = state
            while part in self.stops:
                part = fresh[self.stops[part]][0]
                for arc in part.arcs:
                    state.add_arc(arc["head"], arc["child"], arc["label"])


# --- the lemmatizer's per-token calls ---------------------------------------------------------


class FastLemmatizer:
    """A drop-in for spaCy's rule ``Lemmatizer`` (``tocsin_lemmatizer``): each distinct (word, part of
    speech, morphology) is lemmatized once per process by the stock component, whose rules see only
    those three (its own cache is keyed on them); every other token takes that lemma, set in one array."""

    def __init__(self, vocab: Vocab, name: str = "lemmatizer"):
        self.vocab = vocab
        self.name = name
        self.stock = None
        self._memo: dict[tuple[int, int, int], int] = {}

    def take(self, stock) -> None:
        """Lemmatize with `stock` (a rule ``Lemmatizer``)."""
        self.stock = stock
        self.lookups = stock.lookups
        self.mode = stock.mode
        self._memo.clear()

    def __call__(self, doc: Doc) -> Doc:
        stock = self.stock
        if not stock._validated or stock.mode != "rule":
            return stock(doc)
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].copy()
        memo, strings, overwrite = self._memo, self.vocab.strings, stock.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                found = memo[(orth, pos, morph)] = strings.add(stock.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("tocsin_ner")
def _make_ner(nlp: Language, name: str) -> FastEntityRecognizer:
    return FastEntityRecognizer(nlp.vocab, name)


@Language.factory("tocsin_parser")
def _make_parser(nlp: Language, name: str) -> FastDependencyParser:
    return FastDependencyParser(nlp.vocab, name)


@Language.factory("tocsin_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, name)


@Language.factory("tocsin_attribute_ruler")
def _make(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name)


def speed_up(nlp: Language) -> Language:
    """Swap each stock ``AttributeRuler`` of `nlp` for a ``FastAttributeRuler`` with its patterns,
    each greedy ``EntityRecognizer`` for a ``FastEntityRecognizer`` over its model, each greedy
    maxout ``DependencyParser`` for a ``FastDependencyParser`` over its model and each rule
    ``Lemmatizer`` for a ``FastLemmatizer`` over it, whose word index becomes a set."""
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            fast = nlp.replace_pipe(name, "tocsin_attribute_ruler")
            fast.add_patterns(component.patterns)
        elif type(component) is EntityRecognizer and component.cfg.get("beam_width", 1) == 1:
            fast = nlp.replace_pipe(name, "tocsin_ner")
            fast.take(component)
        elif type(component) is DependencyParser and component.cfg.get("beam_width", 1) == 1 \
                and component.model.attrs.get("has_upper") and component.model.get_ref("lower").get_dim("nP") >= 2:
            fast = nlp.replace_pipe(name, "tocsin_parser")
            fast.take(component)
        elif isinstance(component, Lemmatizer) and component.lookups.has_table("lemma_index"):
            index = component.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)
            if component.mode == "rule":
                fast = nlp.replace_pipe(name, "tocsin_lemmatizer")
                fast.take(component)
    return nlp
