"""Status and framing of a trigger: reported, claimed, requested, threatened, denied, hypothetical.

The trigger's ancestors are read up to the sentence root: a reporting verb ("she says",
"according to") gives the attribution and keeps the event reported; a request verb above
it makes it requested (the content of an appeal, not an event that happened); threat, denial
and claim verbs likewise; modals, infinitival purposes and "unable/powerless to" make it
hypothetical. Negation yields no asserted event. Implicative frames ("powerless to stop X
from burning", "failed to prevent") keep the inner event as happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from tocsin.coding.lexicon import Lexicon

_CLAUSAL = {"xcomp", "ccomp", "advcl", "pcomp", "acl", "relcl", "conj", "prep", "pobj", "dobj", "acomp", "oprd"}
# light verbs: the noun is the event, the verb says whether it happened
_LIGHT = {"make", "carry", "conduct", "launch", "stage", "hold", "mount", "order", "effect", "undertake"}
# a clause under these marks is presupposed: "since X was ousted" happened
_TEMPORAL = {"since", "after", "before", "when", "while", "as", "until"}
# verbs whose "from"-gerund names what they keep from happening
_PREVENT = {"stop", "prevent", "keep", "bar", "block", "deter", "stave"}


@dataclass
class Framing:
    status: str
    asserted: bool            # False: negated or not an event (the content of a request etc.)
    speaker: Token | None
    speech: Token | None
    reason: str


_NOBODY = {"nobody", "none", "nothing", "noone"}


def _negated(tok: Token, lex: Lexicon) -> bool:
    """'did not attack', 'nobody was arrested', 'no arrests were made', 'killed no civilians'."""
    neg = lex.cue("status", "negation")
    for c in tok.children:
        if c.dep_ == "neg" or (c.lower_ in neg and c.dep_ in {"advmod", "det", "neg"}):
            return True
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and (
                c.lower_ in _NOBODY or (c.lower_ == "one" and any(d.lower_ == "no" for d in c.children))
                or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)):
            return True
    return False


def _speaker(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def framing(trigger: Token, lex: Lexicon, is_request_trigger: bool = False, nominal: bool = False) -> Framing:
    """How the text frames the event of this trigger.

    A noun trigger's event is presupposed ("stem the violence"), unless the verb that governs
    it asks for, threatens or plans it ("called for a strike", "planned a rally").
    """
    speech = lex.cue("status", "speech")
    claim, deny, threaten = lex.cue("status", "claim"), lex.cue("status", "deny"), lex.cue("status", "threaten")
    request, hypo = lex.cue("status", "request"), lex.cue("status", "hypothetical")
    implicative, modal = lex.cue("status", "implicative"), lex.cue("status", "modal")
    if _negated(trigger, lex):
        return Framing("reported", False, None, None, "negated: no asserted event")
    if nominal or any(c.dep_ == "mark" and c.lower_ in _TEMPORAL for c in trigger.children):
        return _nominal(trigger, lex)
    for c in trigger.children:
        if c.dep_ in {"aux"} and c.lower_ in modal | {"'ll", "wo"} and c.lower_ not in {"can", "must"}:
            return Framing("hypothetical", False, None, None, f"modal '{c.text}': not reported as happened")
        if c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"}:
            return Framing("hypothetical", False, None, None, f"conditional '{c.text}'")
    status, asserted, reason = "reported", True, "reported as happened"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children) and \
            trigger.head.lemma_.lower() not in lex.cue("status", "implicative") and not is_request_trigger:
        status, asserted, reason = "hypothetical", False, f"infinitive ('to {trigger.text}'): intended, not done"
    according = next((t for t in trigger.sent if t.lower_ == "according" and t.nbor(1).lower_ == "to"), None)
    child, tok = trigger, trigger.head
    # a trigger that is a "from"-gerund of a prevention verb happened only if the prevention failed
    blocked = False
    for _ in range(10):
        if tok is child:
            break
        lemma = tok.lemma_.lower()
        via = child.dep_
        if lemma in speech:
            return Framing(status, asserted, _speaker(tok), tok, reason if status != "reported" or not asserted else
                           f"reported speech ('{tok.text}')")
        if via in _CLAUSAL or via in {"pcomp", "pobj", "prep"}:
            if lemma in _PREVENT and child.dep_ in {"pcomp", "prep", "pobj"}:
                blocked = True
                reason = f"'{tok.text} ... from': kept from happening"
                status, asserted = "hypothetical", False
            elif lemma in implicative:
                pass
            elif lemma in claim and via in {"ccomp", "xcomp", "dobj"}:
                status, reason = "claimed", f"claimed ('{tok.text}')"
            elif lemma in deny and via in {"ccomp", "xcomp", "dobj", "pcomp"}:
                status, asserted, reason = "denied", False, f"denied ('{tok.text}')"
            elif lemma in threaten and via in {"xcomp", "ccomp"}:
                status, asserted, reason = "threatened", False, f"threatened ('{tok.text}')"
            elif lemma in request and via in {"xcomp", "ccomp", "dobj", "pobj", "advcl", "pcomp", "prep"} and not is_request_trigger:
                status, asserted, reason = "requested", False, f"the content of a request ('{tok.text}')"
            elif (lemma in hypo or tok.lower_ in hypo) and via in {"xcomp", "ccomp", "advcl", "acomp", "pcomp", "prep", "pobj", "dobj"}:
                if blocked and (lemma in hypo or _negated(tok, lex)):
                    # "powerless/unable to stop X from burning": the prevention failed, the event happened
                    status, asserted, reason = "reported", True, f"'{tok.text} to stop ... from': not prevented"
                    blocked = False
                elif child.tag_ in {"VB"} or via in {"xcomp", "acomp", "advcl"} or lemma in modal:
                    status, asserted, reason = "hypothetical", False, f"intended or possible ('{tok.text}')"
            elif via == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                status, asserted, reason = "hypothetical", False, f"purpose ('to {child.text}')"
        child, tok = tok, tok.head
    if according is not None:
        source = next((c for c in according.nbor(1).children if c.dep_ == "pobj"), None)
        return Framing(status, asserted, source, according, reason)
    return Framing(status, asserted, None, None, reason)


def _nominal(trigger: Token, lex: Lexicon) -> Framing:
    """A presupposed event (a noun trigger, a temporal clause): only its governor and a speaker matter."""
    gov = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
    lemma = gov.lemma_.lower()
    if trigger.dep_ == "compound":
        return Framing("reported", False, None, None, f"'{trigger.text} {trigger.head.text}': a modifier, not an event")
    if trigger.dep_ == "dobj" and lemma in _LIGHT and gov.pos_ == "VERB":
        return framing(gov, lex)  # "make arrests", "carry out an attack": the verb's framing is the event's
    if trigger.dep_ in {"dobj", "nsubjpass", "pobj"} and any(
            c.dep_ == "aux" and c.lower_ in lex.cue("status", "modal") - {"must"} for c in gov.children):
        return Framing("hypothetical", False, None, None, f"modal on '{gov.text}': possible, not reported")
    status, asserted, reason = "reported", True, "noun trigger: the event is presupposed"
    if trigger.dep_ in {"dobj", "pobj"} and gov.pos_ == "VERB":
        if lemma in lex.cue("status", "request") or lemma in {"call", "announce", "organise", "organize", "plan"}:
            status, asserted, reason = ("requested" if lemma in lex.cue("status", "request") else "hypothetical",
                                        False, f"'{gov.text} ... {trigger.text}': called for or planned, not held")
        elif lemma in lex.cue("status", "threaten"):
            status, asserted, reason = "threatened", False, f"threatened ('{gov.text}')"
        elif lemma in lex.cue("status", "deny"):
            status, asserted, reason = "denied", False, f"denied ('{gov.text}')"
        elif _negated(gov, lex):
            return Framing("reported", False, None, None, "negated: no asserted event")
    tok = trigger.head
    for _ in range(10):
        if tok.lemma_.lower() in lex.cue("status", "speech"):
            return Framing(status, asserted, _speaker(tok), tok, reason)
        if tok.head is tok:
            break
        tok = tok.head
    return Framing(status, asserted, None, None, reason)
