"""Casualty and participant figures: numbers and vague amounts, as ranges, with their kind.

A figure is read from the dependency tree: its noun ("60 people", "hundreds") is followed up
the tree (and across coordination) until a word that says what the figure counts ("killed",
"wounded", "gathered", "fatalities"). Figures with no such word (a population, an age, a
distance) are not counts. A count the text does not give stays None, never 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tocsin.coding.lexicon import Lexicon

# Entities that are measures, not head counts; and names a number can be part of ("Colonia 21 de Marzo").
_NOT_COUNT_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_NAME_ENTS = {"ORG", "GPE", "FAC", "LOC", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP"}
_PARTITIVE = {"them", "those", "whom", "these", "which"}  # "killing 9 of them": the 9 are counted
_DIGITS = re.compile(r"^\d{1,3}(?:[,.]\d{3})*$|^\d+$")
_PERSON_NOUNS = {"head", "chairman", "commander", "chief", "son", "daughter", "husband", "wife", "father",
                 "mother", "brother", "sister", "lawyer", "activist", "politician", "councillor", "mayor",
                 "sergeant", "inspector", "trafficker", "dealer", "peasant", "cadre", "worshipper", "employee",
                 "pupil",
                 "man", "woman", "person", "civilian", "soldier", "child", "boy", "girl", "policeman",
                 "officer", "militant", "farmer", "student", "resident", "villager", "member", "guard",
                 "driver", "journalist", "teenager", "youth", "worker", "fighter", "rebel", "gunman",
                 "trader", "leader", "constable", "jawan", "cop", "minor", "individual", "protester",
                 "suspect", "priest", "teacher", "doctor", "insurgent", "official", "body", "victim"}
_MAX_UP = 4
_INTRANSITIVE = {"die", "perish", "succumb", "drown", "gather", "protest", "march", "rally", "demonstrate", "flee",
                 "participate", "join", "strike"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# a verb whose subject is one of these gives the figure it governs: "the death toll rose to 12"
_TOLL_NOUNS = {"toll": "killed", "death": "killed", "fatality": "killed", "casualty": "injured", "injury": "injured",
               "arrest": "arrested"}


@dataclass
class Figure:
    """A number read from text: a range plus where it is."""

    low: int | None
    best: int | None
    high: int | None
    text: str
    start: int
    end: int
    tokens: tuple[int, int]  # token span (doc indices) of the figure words


@dataclass
class CountHit:
    kind: str
    figure: Figure
    keyword: Token      # the word that says what is counted
    anchor: Token       # the counted noun (or the number itself)


def _value(words: list[str], lex: Lexicon) -> int | None:
    """The value of a run of number words/digits: 'two hundred' -> 200, '1,200' -> 1200."""
    table = lex.cues["counts"]["words"]
    total, current = 0, 0
    for word in words:
        w = word.lower().replace(",", "")
        if _DIGITS.match(word) or w.isdigit():
            current += int(w.replace(".", "")) if w.replace(".", "").isdigit() else 0
        elif w in table:
            v = table[w]
            if v in (100, 1000, 1000000):
                current = max(current, 1) * v
                if v > 100:
                    total, current = total + current, 0
            else:
                current += v
        elif "-" in w and all(p in table for p in w.split("-")):
            current += sum(table[p] for p in w.split("-"))
        else:
            return None
    return total + current or None


def _apply_modifier(prefix: str, n: int, lex: Lexicon) -> tuple[int | None, int | None, int | None]:
    for phrase, (lo, be, hi) in sorted(lex.cues["counts"]["modifiers"].items(), key=lambda kv: -len(kv[0])):
        if prefix.endswith(" " + phrase) or prefix == phrase:
            def ev(expr: str) -> int | None:
                return None if not expr else n + 1 if expr == "n+1" else n - 1 if expr == "n-1" else n
            return ev(lo), ev(be), ev(hi)
    return n, n, n


_BY_INITIAL: dict[int, tuple[Lexicon, dict[str, list[str]]]] = {}


def _vague_by_initial(lex: Lexicon) -> dict[str, list[str]]:
    """The vague amounts, longest first (as they are tried), by their first letter; built once per lexicon."""
    cached = _BY_INITIAL.get(id(lex))
    if cached is None or cached[0] is not lex:
        table: dict[str, list[str]] = {}
        for phrase in sorted(lex.cues["counts"]["vague"], key=len, reverse=True):
            table.setdefault(phrase[:1], []).append(phrase)
        cached = _BY_INITIAL[id(lex)] = (lex, table)
    return cached[1]


def _figures(sent: Span, lex: Lexicon) -> list[Figure]:
    """Every number or vague amount in the sentence (not dates, money or percentages)."""
    words = lex.cues["counts"]["words"]
    vague = lex.cues["counts"]["vague"]
    by_initial = _vague_by_initial(lex)
    out: list[Figure] = []
    i = sent.start
    doc = sent.doc
    # each word's lower-case form read once (and two words past the end, as the phrases below look ahead)
    lows = [t.lower_ for t in doc[sent.start:sent.end + 2]]
    while i < sent.end:
        tok = doc[i]
        low = lows[i - sent.start]
        ent = tok.ent_type_
        if ent in _NOT_COUNT_ENTS or ent in _NAME_ENTS and tok.like_num:
            i += 1
            continue
        # vague amounts ("hundreds", "tens of thousands", "dozens")
        vague_hit = None
        candidates = by_initial.get(low[:1])  # a phrase the words from here start with starts with this letter
        if candidates:
            two = " ".join(lows[i - sent.start:i - sent.start + 3])
            vague_hit = next((v for v in candidates if two.startswith(v) and len(v.split()) <= sent.end - i), None)
        if vague_hit and (len(vague_hit.split()) > 1 or tok.pos_ in {"NOUN", "ADJ", "NUM", "PRON", "DET"}):
            n_tok = len(vague_hit.split())
            lo, hi = vague[vague_hit]
            span = doc[i:i + n_tok]
            out.append(Figure(lo, None, hi, span.text, span.start_char, span.end_char, (i, i + n_tok)))
            i += n_tok
            continue
        is_num = tok.like_num or low in words and low not in {"a", "an", "single", "lone", "couple", "pair"}
        if is_num and _MONTHS & {doc[k].lower_.rstrip(".") for k in (i - 1, i + 1) if sent.start <= k < sent.end}:
            i += 1  # "4 May", "May 4": a day of the month
            continue
        if is_num and tok.pos_ in {"NUM", "NOUN", "PROPN", "ADJ", "X"} | ({"PRON"} if low == "one" else set()):
            j = i
            while j + 1 < sent.end and (doc[j + 1].like_num or doc[j + 1].lower_ in words
                                        and doc[j + 1].lower_ not in {"a", "an"}) and doc[j + 1].ent_type_ not in _NOT_COUNT_ENTS:
                j += 1
            value = _value([t.text for t in doc[i:j + 1]], lex)
            nxt = doc[j + 1] if j + 1 < sent.end else None
            if value is not None and not (nxt is not None and nxt.lower_ in {"-year", "year", "%", "per", "km"}
                                          and nxt.text.startswith("-")) and "-" not in doc[j].text[-5:-1]:
                start = i
                prefix = " ".join(t.lower_ for t in doc[max(sent.start, i - 3):i])
                lo, be, hi = _apply_modifier(prefix, value, lex)
                mod = next((p for p in lex.cues["counts"]["modifiers"] if prefix.endswith(p)), "")
                if mod:
                    start = i - len(mod.split())
                upper = _range_end(doc, i, j, value, sent, lex)
                if upper is not None:  # "between 43 and 52 people": a range, not two groups
                    lo, be, hi = value, None, upper[0]
                    start, j = (i - 1 if doc[i - 1].lower_ == "between" else i), upper[1]
                span = doc[start:j + 1]
                out.append(Figure(lo, be, hi, span.text, span.start_char, span.end_char, (i, j + 1)))
            i = j + 1
            continue
        i += 1
    return out


def _range_end(doc, i: int, j: int, low: int, sent: Span, lex: Lexicon) -> tuple[int, int] | None:
    """(upper value, its last token) when the number ``low`` at i..j opens a range: "between 43 and 52",
    "43 to 52" (not "2 to 1"), or the second half of "7-9" split by the tokenizer."""
    k = j + 1
    if k + 1 < sent.end and doc[k].lower_ in {"and", "to", "-", "–"} and doc[k + 1].like_num and (
            doc[k].lower_ != "and" or i > sent.start and doc[i - 1].lower_ == "between"):
        upper = _value([doc[k + 1].text], lex)
        if upper is not None and upper > low:
            return upper, k + 1
    return None


def _anchor(sent: Span, fig: Figure) -> Token:
    """The noun a figure counts: '60 people' -> people; 'hundreds of protesters' -> protesters."""
    tok = sent.doc[fig.tokens[1] - 1]
    if tok.dep_ in {"nummod", "amod", "quantmod", "compound"} and tok.head.pos_ in {"NOUN", "PROPN", "ADJ"}:
        return tok.head  # "five corpses of militants": the corpses are counted
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj and pobj[0].lower_ not in _PARTITIVE:
                return pobj[0]
    return tok


def _kind_of(tok: Token, lex: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    text = tok.lower_
    for kind in ("killed", "injured", "arrested", "displaced", "participants"):
        cues = lex.cue("counts", kind)
        if lemma in cues or text in cues:
            if kind == "participants" and tok.pos_ == "NOUN" and lemma in {"people", "member", "woman", "resident",
                                                                          "villager", "student", "worker", "farmer",
                                                                          "activist", "supporter", "teacher", "trader"}:
                continue  # who they are, not what they did
            return kind
    return None


def _keyword(anchor: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """Walk up from the counted noun to the word that says what is counted."""
    if anchor.dep_ == "pobj" and anchor.head.dep_ == "agent":
        return None  # "killed by two gunmen": the killers, not the dead
    tok = anchor
    own: tuple[str, Token] | None = None  # what the counted noun itself says ("prisoners", "protesters")
    for step in range(_MAX_UP + 1):
        outcome = _outcome(tok, lex)
        if outcome is not None:
            return outcome  # "stabbed X to death", "leaving X dead": the outcome says more than the verb
        kind = _kind_of(tok, lex)
        if kind and step == 0 and tok.pos_ != "VERB":
            own = (kind, tok)  # a verb above may say more: "6 prisoners were killed"
        elif kind and not (step == 0 and kind == "participants"):
            if anchor.dep_ == "nsubj" and tok is anchor.head and tok.pos_ == "VERB" and kind in {"killed", "injured", "arrested"} \
                    and tok.lemma_.lower() not in _INTRANSITIVE:
                return None  # "two gunmen killed ...": the subject of an active verb did it
            return (kind, tok) if own is None or kind in {"killed", "injured"} else own
        for child in tok.children:  # "shot dead", "were reported injured", "3 people dead"
            loose = {"xcomp", "acl", "ccomp", "conj"}  # other clauses: only a bare participle ("reported injured")
            if child.dep_ in {"acomp", "oprd", "amod", "advmod"} | loose and child is not anchor and not (
                    child.dep_ in loose and (step > 0 and any(g.dep_ in {"dobj", "nsubj", "nsubjpass"} for g in child.children))):
                kind = _kind_of(child, lex)
                if kind and kind not in {"participants", "killed", "injured"} and child.dep_ == "amod":
                    own = own or (kind, child)  # "a displaced person died": who they are; the verb may say more
                elif kind and kind != "participants":
                    return kind, child
            if step > 0 and child.dep_ in {"nsubj", "nsubjpass"}:
                subj = child
                if subj.lemma_.lower() == "number":  # "an unknown number of fatalities coded as 10"
                    subj = next((g for p in subj.children if p.lower_ == "of" for g in p.children), subj)
                if subj.lemma_.lower() in _TOLL_NOUNS:
                    return _TOLL_NOUNS[subj.lemma_.lower()], subj
        if tok.lemma_.lower() in lex.cue("counts", "not_counts") or tok.head is tok:
            return own
        if tok.pos_ in {"VERB", "AUX"} and step > 0:
            return own  # do not leave the clause that governs the figure
        if tok.lower_ == "of" and _kind_of(tok.head, lex) is None:
            return own  # "a republic of seven million people": a figure that describes, not counts
        tok = tok.head
    return own


def _outcome(verb: Token, lex: Lexicon) -> tuple[str, Token] | None:
    """A verb's stated outcome for its object: "to death", "fatally", a predicative "dead"/"injured"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "to" and any(g.lemma_.lower() == "death" for g in child.children):
            return "killed", child
        if child.dep_ == "advmod" and child.lower_ in {"fatally", "mortally"}:
            return "killed", child
        if child.dep_ in {"oprd", "acomp"} and (kind := _kind_of(child, lex)) in {"killed", "injured"}:
            return kind, child
    return None


def find_counts(sent: Span, lex: Lexicon) -> list[CountHit]:
    """Counts in one sentence, each with its kind and the word that gave it."""
    hits: list[CountHit] = []
    for fig in _figures(sent, lex):
        anchor = _anchor(sent, fig)
        if anchor.lemma_.lower() in lex.cue("counts", "not_counts") or anchor.ent_type_ in _NOT_COUNT_ENTS:
            continue
        found = _keyword(anchor, lex)
        if found:
            hits.append(CountHit(found[0], fig, found[1], anchor))
    hits.extend(_singular_victims(sent, lex, {h.anchor.i for h in hits}))
    return hits


def _singular_victims(sent: Span, lex: Lexicon, taken: set[int]) -> list[CountHit]:
    """'a man was killed', 'killing a woman': one person, counted as 1."""
    out = []
    not_counts = lex.cue("counts", "not_counts") | {"number"}
    for tok in sent:
        low = tok.lower_  # each string read once: a Token builds its strings per access
        if low in {"him", "her"} and tok.dep_ == "dobj" and tok.i not in taken:
            found = _keyword(tok, lex)
            if found and found[0] in {"killed", "injured", "arrested"}:
                out.append(CountHit(found[0], Figure(1, 1, 1, tok.text, tok.idx, tok.idx + len(tok.text), (tok.i, tok.i + 1)),
                                    found[1], tok))
            continue
        tag = tok.tag_
        if tag != "NN" and tag != "JJ":
            continue  # neither a noun nor an adjective (most words): the test below fails
        lemma = tok.lemma_.lower()
        person_word = lemma in _PERSON_NOUNS or low in _PERSON_NOUNS
        if tok.i in taken or lemma in not_counts or not (
                tag == "NN" or person_word and tag == "JJ" and tok.dep_ in {"dobj", "nsubjpass"}):
            continue  # a person word tagged as an adjective ("killed a civilian") is still the victim
        possessor = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"}), None)
        indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children) or (
            possessor is not None and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in possessor.children))
        if not indefinite and not person_word:
            continue  # "a laborer was shot dead" counts anyone; "the X" only a person word
        det = [c for c in tok.children if c.dep_ in {"det", "poss"} and c.lower_ in {"a", "an", "the", "his", "her", "their"}]
        if not det and possessor is not None and indefinite:
            det = [possessor]  # "a regime's fighter"
        of_body = tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in {"body", "corpse"}
        if lemma in {"body", "corpse"} and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "the body of a woman": the woman is counted, once
        if not det or tok.dep_ not in {"nsubjpass", "dobj", "nsubj", "conj"} and not of_body:
            continue
        found = _keyword(tok, lex)
        if found and tok.dep_ == "nsubj" and found[1].lemma_.lower() not in {"die", "dead", "perish", "succumb"}:
            continue  # "the man died" counts; "a gas leak killed" is the killer, not a victim
        if found and not person_word and tok.head not in (found[1], found[1].head) and not of_body:
            continue  # "an encounter in which ... were killed": only a victim next to its verb counts
        if found and found[0] in {"killed", "injured", "arrested"}:
            fig = Figure(1, 1, 1, f"{det[0].text} {tok.text}", det[0].idx, tok.idx + len(tok.text), (det[0].i, tok.i + 1))
            out.append(CountHit(found[0], fig, found[1], tok))
    return out


def combine(hits: list[CountHit]) -> Figure:
    """One figure from several of one kind: coordinated groups under one keyword add up
    ('4 people as well as 2 policemen were killed' -> 6); otherwise the largest wins."""
    by_keyword: dict[int, list[CountHit]] = {}
    for hit in hits:
        by_keyword.setdefault(hit.keyword.i, []).append(hit)
    best: Figure | None = None
    for group in by_keyword.values():
        if len(group) == 1:
            fig = group[0].figure
        else:
            def total(attr: str) -> int | None:
                vals = [getattr(h.figure, attr) for h in group]
                return None if any(v is None for v in vals) else sum(vals)
            lo, be, hi = total("low"), total("best"), total("high")
            first, last = min(group, key=lambda h: h.figure.start).figure, max(group, key=lambda h: h.figure.end).figure
            text = " + ".join(h.figure.text for h in group)
            fig = Figure(lo, be, hi, text, first.start, last.end, (first.tokens[0], last.tokens[1]))
        if best is None or _size(fig) > _size(best):
            best = fig
    assert best is not None
    return best


def _size(fig: Figure) -> int:
    return fig.best if fig.best is not None else fig.low if fig.low is not None else fig.high or 0
