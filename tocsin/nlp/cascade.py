"""A cheap first pass that picks the sentences worth a full parse (``nlp.cascade = true``).

The model's tokenizer and a rule sentencizer split the text. A sentence is picked when its
words fill every slot of some trigger (a lemma, a phrase such as "open fire", a CAMEO verb
with the words of one of its patterns, an indicator cue pair such as "water" + "shortage"),
counting each word as any lemma the model's own lemma tables could give it ("shot" ->
shoot, "clashes" -> clash). Like the coder, this looks words up, so it is a superset of
the coder's own trigger test, short of what a parse decides (negation, actors). Of the parse
it mirrors one cheap part: a CAMEO verb (scope "coded") counts only where it can be a verb,
not right after a determiner ("the forces"). The headline, the ``context`` sentences before
each picked one (antecedents, dates) and, for a picked sentence without "in/near X", the last
sentence before it that has one (the geocoder's thread place) ride along. The full spaCy
pass then sees the text with every other sentence blanked to spaces of equal length
(newlines kept, and one at the end of each blank so the next kept sentence starts a line): every offset stays valid for every stage, and a blank run costs one
whitespace token instead of a parse.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from tocsin.config import Config
from tocsin.errors import ConfigError

SCOPES = ("violence", "coded", "all")
NUMBER = "#num"  # stands for any figure in a sentence's words ("12", "dozens", "three")
VERB = "@"  # a trigger word with this mark matches only a word that can be read as a verb here
# Parts of speech whose rule tables can turn an inflected word into a trigger lemma.
LEMMA_POS = ("verb", "noun", "adj")


class Cascade:
    """Masks the sentences that hold no trigger before the full parse."""

    def __init__(self, nlp: Language, triggers: Iterable[Sequence[str]], *, numbers: Iterable[str] = (),
                 not_before_verb: Iterable[str] = (), places: Iterable[str] = (), context: int = 1,
                 headline: int = 1):
        self.nlp = nlp
        self.numbers = frozenset(numbers)
        # words after which a word is a noun, never the verb the coder wants ("the forces", "its support")
        self.not_before_verb = frozenset(not_before_verb)
        # locative prepositions: a kept sentence without "in/near X" keeps the last sentence before it
        # that has one, where the geocoder looks for the place the article's thread is at
        self.places = frozenset(places)
        self.context = context
        self.headline = headline
        self.sentencizer = Sentencizer()
        # first word -> for each trigger starting with it, the other slots (each: any of a set of words)
        self.triggers: dict[str, list[tuple[frozenset[str], ...]]] = defaultdict(list)
        for slots in triggers:
            head, *rest = (slot.lower() for slot in slots)
            self.triggers[head].append(tuple(frozenset(slot.split("|")) for slot in rest))
        lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
        table = (lambda name: lookups.get_table(name, {})) if lookups else (lambda name: {})
        self._exc, self._rules = table("lemma_exc"), table("lemma_rules")
        self.lemmas = lru_cache(maxsize=200_000)(self._lemmas)
        self.verbs = lru_cache(maxsize=200_000)(lambda lemmas: frozenset(VERB + lemma for lemma in lemmas))

    def _lemmas(self, word: str) -> frozenset[str]:
        """`word` and every lemma the model's rule tables could give it as a verb, noun or adjective."""
        found = {word}
        for pos in LEMMA_POS:
            found.update(self._exc.get(pos, {}).get(word, ()))
            for old, new in self._rules.get(pos, ()):
                if word.endswith(old) and len(word) > len(old):
                    found.add(word[: len(word) - len(old)] + new)
        return frozenset(found)

    def picks(self, words: set[str]) -> bool:
        """True when the lemmas of a sentence's words fill every slot of some trigger."""
        return any(all(not slot.isdisjoint(words) for slot in rest)
                   for word in words for rest in self.triggers.get(word, ()))

    def sentences(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, kept) for each sentence of `text`; a line break ends a sentence too.

        As the parser (and so the coder) cuts them: an opening quote or bracket after a full
        stop starts the next sentence (the rule sentencizer leaves it on the one before), and
        a lower-case word goes on the one before ("Why?” he asked.").
        """
        doc = self.sentencizer(self.nlp.tokenizer(text))
        spans: list[list[int]] = []
        words: list[set[str]] = []
        starts, opened, final = True, False, False  # final: the last word ended a sentence (closing marks aside)
        before = ""  # the word before, lower case
        placed: list[bool] = []  # the sentence has a locative preposition before a capitalised word
        locative = False  # the words since the last locative preposition are only "the"
        for token in doc:
            starts = starts or bool(token.is_sent_start) and not token.is_lower and not opened
            if token.is_space:
                starts = starts or "\n" in token.text
                continue
            opened = False
            if not starts and token.is_left_punct and final and text[token.idx - 1].isspace():
                starts = opened = True
            if starts:
                spans.append([token.idx, token.idx])
                words.append(set())
                placed.append(False)
                starts = False
            if not (token.is_right_punct or token.is_quote):
                final = token.text[-1:] in (".", "!", "?")
            spans[-1][1] = token.idx + len(token)
            if token.like_num or token.lower_ in self.numbers:
                words[-1].add(NUMBER)
            if token.is_alpha:
                lemmas = self.lemmas(token.lower_)
                words[-1].update(lemmas)
                if before not in self.not_before_verb:
                    words[-1].update(self.verbs(lemmas))
            before = token.lower_
            placed[-1] = placed[-1] or locative and token.is_title
            locative = token.lower_ in self.places or locative and token.lower_ == "the"
        kept = [False] * len(spans)
        thread = None  # the last sentence with a locative place
        for i, sentence_words in enumerate(words):
            if i < self.headline or self.picks(sentence_words):
                kept[max(0, i - self.context):i + 1] = [True] * (i + 1 - max(0, i - self.context))
                if thread is not None and not placed[i]:
                    kept[thread] = True
            if placed[i]:
                thread = i
        return [(start, end, keep) for (start, end), keep in zip(spans, kept)]

    def mask(self, text: str) -> str:
        """`text` with the sentences not kept turned into spaces (line breaks stay)."""
        parts, last = [], 0
        for start, end, keep in self.sentences(text):
            if not keep:
                parts.append(text[last:start])
                # ends in a line break: the next kept sentence starts a line, as the coder cuts sentences
                parts.append("".join(ch if ch in "\n\r" else " " for ch in text[start:end - 1]) + "\n")
                last = end
        parts.append(text[last:])
        return "".join(parts)

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        """Like ``nlp.pipe``, over the masked texts."""
        return self.nlp.pipe((self.mask(text) for text in texts), batch_size=batch_size)


# PLOVER types of the "violence" scope: political violence, coercion, protest, threats, mobilisation.
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "THREATEN", "MOBILIZE"})


def triggers(scope: str = "violence") -> list[tuple[str, ...]]:
    """What picks a sentence, read from the coder's tables (``tocsin.coding.lexicon``).

    Each trigger is a tuple of slots, the first a word, the others "a|b|c" alternatives.
    Every scope holds tocsin's trigger lexicon (violence, protest, arrest, emergency, appeal ...,
    phrases whole), a count word with a figure ("10 fatalities": the coder attaches counts
    from a sentence after the event's) and what ``tocsin.coding.indicators`` needs in one
    sentence (a kind word with a scarcity cue, a displacement word, a crisis word with
    "humanitarian", "famine").
    ``"coded"`` adds what ``tocsin.coding.triggers.cameo_trigger`` can code: each CAMEO verb
    whose code has a PLOVER type and each verb pattern whose code has one, less the verbs of
    ``[triggers] exclude`` (never coded) and, of ``pattern_only``, the bare verb; their verb
    must be read as a verb (marked ``VERB``). ``"violence"`` adds the CAMEO verbs and verb
    patterns whose code maps to a PLOVER type in ``VIOLENT_TYPES``; ``"all"`` every CAMEO
    verb and pattern with a PLOVER type, read as any word, which in news is nearly every sentence.
    """
    from tocsin.coding.crosswalk import Crosswalk
    from tocsin.coding.lexicon import load_lexicon

    lex, crosswalk = load_lexicon(), Crosswalk.load()
    coded = scope == "coded"
    exclude = lex.cue("triggers", "exclude") - lex.cue("triggers", "pattern_only") if coded else frozenset()
    pattern_only = lex.cue("triggers", "pattern_only") if coded else frozenset()
    head = (lambda verb: VERB + verb) if coded else (lambda verb: verb)

    def wanted(code: str) -> bool:
        if code == "---":
            return False
        plover = crosswalk.plover_for_cameo(code)  # the coder drops a code with no PLOVER type
        return plover is not None and (scope != "violence" or plover.type in VIOLENT_TYPES)

    found = {row.words for rows in lex.triggers.values() for row in rows}
    cues = lex.cues["indicators"]
    scarce = [phrase.split() for phrase in cues["scarcity"]]
    kinds = ("food", "water", "power", "medicine", "shelter", "displacement")
    found.update(tuple(kind.split() + cue) for key in kinds for kind in cues[key] for cue in scarce)
    found.update(tuple(word.split()) for word in cues["displacement"])  # "thousands fled" alone is a signal
    found.update(tuple(word.split()) + ("humanitarian",) for word in cues["crisis"])
    found.add(("famine",))
    found.update((*word.split(), NUMBER) for kind in ("killed", "injured", "arrested", "displaced", "participants")
                 for word in lex.cues["counts"][kind])
    for verb, (code, block) in lex.cameo_verbs.items():
        if " " in verb or verb in exclude:
            continue  # the coder looks verbs up by one lemma, and never codes an excluded one
        if wanted(code) and verb not in pattern_only:
            found.add((head(verb),))
        for pattern_code, slots in lex.cameo_patterns.get(block, []):
            if wanted(pattern_code):  # as the coder matches a pattern word: by its last word
                found.add((head(verb), *("|".join(o.split()[-1] for o in slot.split("|")) for slot in slots)))
    return sorted(found)


@lru_cache(maxsize=8)
def _cached(nlp: Language, scope: str, context: int) -> Cascade:
    from tocsin.coding.lexicon import load_lexicon

    from tocsin.geo.stage import LOCATIVE_PREPS

    return Cascade(nlp, triggers(scope), numbers=number_words(), context=context,
                   not_before_verb=load_lexicon().cues["cascade"]["not_before_verb"], places=LOCATIVE_PREPS)


def number_words() -> frozenset[str]:
    """Words the coder reads as figures ("three", "dozens", "hundreds"): ``[counts.words]`` and ``[counts.vague]``."""
    from tocsin.coding.lexicon import load_lexicon

    counts = load_lexicon().cues["counts"]
    return frozenset(word.split()[-1] for key in ("words", "vague") for word in counts[key]) - {"a", "an"}


def cascade_for(nlp: Language, config: Config) -> Cascade:
    """The cascade over `nlp` for ``nlp.cascade_scope`` and ``nlp.cascade_context``, built once per process."""
    scope = config["nlp"]["cascade_scope"]
    if scope not in SCOPES:
        raise ConfigError(f"nlp.cascade_scope is {scope!r}", fix=f"use one of: {', '.join(SCOPES)}", code="T105")
    return _cached(nlp, scope, int(config["nlp"]["cascade_context"]))
