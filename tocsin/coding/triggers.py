"""Event triggers: the verbs and nouns that report an event, with their CAMEO code.

tocsin's own lexicon (``triggers.tsv``: violence, protest, arrest, emergency, deployment,
appeal ...) is tried first, then the CAMEO verb dictionary derived from Phoenix
(``cameo_verbs.tsv`` + ``cameo_patterns.tsv``: a verb's default code, refined by the words
that follow it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from tocsin.coding.lexicon import Lexicon, Trigger

# Classes specific enough to decide an ACLED sub-event, most specific first.
CLASS_PRIORITY = ("suicide", "strike_air", "shell", "grenade", "bomb", "abduct", "sexual", "emergency",
                  "curfew", "mobilize", "oust", "request", "threaten", "arrest", "disperse", "riot", "loot",
                  "destroy", "protest", "strike", "fight", "kill", "injure", "attack", "seize", "displace", "-")
_TRIGGER_POS = {"NOUN", "PROPN", "VERB"}  # the parts of speech either lexicon reads (see _tocsin, cameo_trigger)
WEAK_NOMINALS = {"protester", "mob", "unrest", "turmoil", "artillery", "rocket", "missile", "mortar", "violence"}


@dataclass
class TriggerHit:
    token: Token
    tokens: list[Token]
    cameo: str | None
    count: str | None
    cls: str
    source: str
    nominal: bool
    absorbed: list["TriggerHit"] = field(default_factory=list)

    @property
    def text(self) -> str:
        toks = sorted(self.tokens, key=lambda t: t.i)
        return self.token.doc[toks[0].i:toks[-1].i + 1].text if len(toks) > 1 and toks[-1].i - toks[0].i < 6 else self.token.text


def _descendants(tok: Token, depth: int) -> list[Token]:
    out, frontier = [], [tok]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children]
        out.extend(frontier)
    return out


# clauses of their own below a verb: their words are another event's, not the verb's pattern
_OWN_CLAUSE = {"ccomp", "advcl", "relcl", "acl", "parataxis", "conj", "csubj"}


def _phrase_pool(verb: Token, depth: int) -> list[Token]:
    """The words below a verb, up to ``depth``, without the clauses of their own ("said [he would
    provide support]", "wants [Putin to attack]"); an infinitive sharing its subject stays ("wants to attack")."""
    out, frontier = [], [verb]
    for _ in range(depth):
        frontier = [c for t in frontier for c in t.children
                    if c.dep_ not in _OWN_CLAUSE and not (c.dep_ == "xcomp" and any(g.dep_ == "nsubj" for g in c.children))]
        out.extend(frontier)
    return out


def _phrase_tokens(head: Token, words: tuple[str, ...], nominal: bool) -> list[Token] | None:
    """The tokens of a phrase trigger around its head, or None if the phrase is not there."""
    if len(words) == 1:
        return [head]
    rest = words[:-1] if nominal else words[1:]
    pool = list(head.lefts) if nominal else _descendants(head, 3)
    found = [head]
    last = -1 if nominal else head.i
    for word in rest:
        match = next((t for t in sorted(pool, key=lambda t: t.i) if t.i > last and
                      word in {t.lemma_.lower(), t.lower_}), None)
        if match is None:
            return None
        found.append(match)
        last = match.i
    return found


def _tocsin(tok: Token, lex: Lexicon) -> TriggerHit | None:
    nominal = tok.pos_ in {"NOUN", "PROPN"}
    if not nominal and tok.pos_ != "VERB" or tok.ent_type_ in {"DATE", "TIME"}:
        return None  # "March 7": a month, not a march
    rows: list[Trigger] = []
    keys = {tok.lemma_.lower(), tok.lower_}
    if tok.tag_ in {"NNS", "NNPS"}:
        keys.add(tok.lower_.removesuffix("s"))  # title-case headlines: "Appeals" tagged as a name
    for key in keys:
        rows.extend(lex.triggers.get(key, []))
    if not rows:
        return None  # most words: no need to read the children below
    best: TriggerHit | None = None
    passive = not nominal and any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
    for row in rows:
        if row.pos not in {"ANY", "NOUN" if nominal else "VERB"} and not (row.pos == "PASSIVE" and passive):
            continue
        toks = _phrase_tokens(tok, row.words, nominal)
        if toks is None:
            continue
        if best is None or len(toks) > len(best.tokens):
            best = TriggerHit(tok, toks, row.cameo, row.count, row.cls, "tocsin", nominal)
    return best


@lru_cache(maxsize=None)
def _slot_options(words: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """Each slot of a pattern as the set of words that fill it (a phrase option by its last word)."""
    return tuple(frozenset(w.split()[-1] for w in word.split("|")) for word in words)


_PATTERN_SLOTS: dict[int, tuple[Lexicon, dict[str, list[tuple[str, int, tuple[frozenset[str], ...], str]]]]] = {}


def _pattern_slots(lex: Lexicon) -> dict[str, list[tuple[str, int, tuple[frozenset[str], ...], str]]]:
    """Each block's patterns as (code, number of words, slot options, the verb it was written for), built once
    per lexicon (a verb tries up to 160 patterns: their options are not rebuilt per try)."""
    cached = _PATTERN_SLOTS.get(id(lex))
    if cached is None or cached[0] is not lex:
        table = {block: [(code, len(words), _slot_options(words), verb)
                         for (code, words), verb in zip(patterns, lex.cameo_pattern_verbs[block])]
                 for block, patterns in lex.cameo_patterns.items()}
        cached = _PATTERN_SLOTS[id(lex)] = (lex, table)
    return cached[1]


def _pattern_matches(start: int, pool: list[tuple[int, str, str]], vocab: set[str],
                     slots: tuple[frozenset[str], ...]) -> int | None:
    """Where the pattern's first word is, if its words (``slots``: the ``_slot_options`` of its words)
    follow the verb in order among the words below it."""
    last, first = start, None
    for options in slots:
        if options.isdisjoint(vocab):
            return None
        # a noun in either number: the dictionary often lists only one ("attacks", "shooting")
        match = next((i for i, lemma, low in pool if i > last and (
            lemma in options or low in options or len(lemma) > 3 and lemma + "s" in options)), None)
        if match is None:
            return None
        first = match if first is None else first
        last = match
    return first


def cameo_trigger(tok: Token, lex: Lexicon) -> TriggerHit | None:
    """The CAMEO dictionary's reading of a verb: its code, refined by the words after it."""
    if tok.pos_ != "VERB" or tok.dep_ == "amod" or tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # "the Israeli-occupied sector", "exiled dissidents", "the civilians imprisoned for ...": a state
    entry = lex.cameo_verbs.get(tok.lemma_.lower())
    if entry is None:
        return None
    code, block = entry
    lemma = tok.lemma_.lower()
    if lemma in lex.cue("triggers", "exclude") and lemma not in lex.cue("triggers", "pattern_only"):
        return None
    generic = lemma in lex.cue("triggers", "pattern_only")
    best: tuple[bool, int, int] | None = None
    patterns = _pattern_slots(lex).get(block)
    if patterns:  # the words below the verb, read only when its block has patterns
        pool = sorted((t.i, t.lemma_.lower(), t.lower_) for t in _phrase_pool(tok, 3) if t.i > tok.i)
        # a passive verb's subject is its object: "evidence against X was presented" reads as "presented evidence against X"
        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            moved = [t for t in subject.subtree if t.i < tok.i]
            pool = [(tok.i + (k + 1) / (len(moved) + 1), t.lemma_.lower(), t.lower_) for k, t in enumerate(moved)] + pool
        vocab = {w for _, lemma, low in pool for w in (lemma, low, lemma + "s")}
        forms = {tok.lemma_.lower(), tok.lower_}
        for pcode, n_words, slots, verb in patterns:
            # the first slot checked here: most patterns fail on it, and a call per try costs more than the check
            if slots[0].isdisjoint(vocab):
                continue
            at = _pattern_matches(tok.i, pool, vocab, slots)
            if at is None:
                continue
            # a pattern written for this very verb wins ("ratify" + treaty: 057, not "approve" + treaty:
            # 031); then the longest; then the one nearest the verb ("fired shells ... according to
            # reports": the shells)
            rank = (verb.split()[0] in forms, n_words, -at)
            if best is None or rank > best:
                code, best = pcode, rank
    best_len = best[1] if best else 0
    if code == "---" or generic and not best_len:
        return None  # "hold", "give" code only through a pattern ("held talks")
    return TriggerHit(tok, [tok], code, None, "-", f"cameo:{block}" + (":pattern" if best_len else ""), False)


def find_triggers(sent: Span, lex: Lexicon) -> list[TriggerHit]:
    """Candidate triggers of a sentence, in text order (before status and absorption)."""
    hits = []
    taken: set[int] = set()
    for tok in sent:
        if tok.i in taken or tok.pos_ not in _TRIGGER_POS:
            continue
        hit = _tocsin(tok, lex) or cameo_trigger(tok, lex)
        if hit is None:
            continue
        hits.append(hit)
        taken.update(t.i for t in hit.tokens)
    if any(not (h.nominal and h.token.lemma_.lower() in WEAK_NOMINALS) for h in hits):
        hits = [h for h in hits if not (h.nominal and h.token.lemma_.lower() in {"protester", "mob"})]
    return hits


def class_rank(cls: str) -> int:
    return CLASS_PRIORITY.index(cls) if cls in CLASS_PRIORITY else len(CLASS_PRIORITY)
