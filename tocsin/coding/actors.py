"""Source and target actors: found on the dependency tree, then named, placed and typed.

An actor is resolved from its noun phrase: pronouns and titles through coreference; people
through the Phoenix actor tables (by transliteration-tolerant name match); countries, capitals
and seats of power ("Moscow said", "the Kremlin") as that government (metonymy); groups
through the Phoenix agent words (police, troops, gangs) plus demonyms and identity words
("ethnic Uzbeks" -> identity ethnic:Uzbek, in the article's focus country).
"""

from __future__ import annotations

from spacy.tokens import Token

from tocsin.coding.coref import ArticleEntities, Entity, lookup_person
from tocsin.coding.lexicon import Lexicon, load_lexicon
from tocsin.model import Actor

_NP_LEFT = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "npadvmod", "case"}
_TARGET_PREPS = {"against", "on", "at", "upon", "with", "into", "toward", "towards"}
_REQUEST_PREPS = {"to", "on"}
_PARTY_PREPS = {"with", "to", "against"}
_PROPERTY = {"home", "house", "business", "shop", "car", "property", "building", "village", "store", "office",
             "vehicle", "mosque", "church", "temple", "school", "market", "farm", "land", "camp"}
_GENERIC_STATE = {"country", "state", "nation", "government", "authority", "regime", "administration"}
# verbs whose subject is the actor of their noun object: "gathered for a rally", "launched an attack"
_HOLD = {"gather", "hold", "stage", "join", "participate", "launch", "carry", "conduct", "organise", "organize",
         "mount", "lead", "take", "assemble", "begin", "start", "continue", "march", "go"}
_PERSONAL = {"he", "she", "they", "him", "her", "them", "his", "their", "we", "i"}
_GROUP_MARKERS = {"ethnic", "community", "minority", "majority", "tribe", "clan", "tribesman"}
_PEOPLE = {"people", "man", "woman", "resident", "villager", "civilian", "citizen", "child", "student",
           "family", "worker", "farmer", "person", "youth", "protester", "demonstrator", "crowd"}


def np_tokens(tok: Token) -> list[Token]:
    """The words of a noun phrase up to its head (determiners, modifiers, compounds)."""
    out = [tok]
    for child in tok.lefts:
        if child.dep_ in _NP_LEFT:
            out.extend(np_tokens(child))
    for child in tok.rights:
        if child.dep_ in {"compound", "flat"}:
            out.append(child)
    return sorted(set(out), key=lambda t: t.i)


def _country_name(iso3: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or (country.name if country else iso3)


def _from_entity(text_toks: list[Token], ent: Entity, basis: str) -> Actor:
    doc = text_toks[0].doc
    span = doc[text_toks[0].i:text_toks[-1].i + 1]
    return Actor(text=span.text, name=ent.name, country=ent.country, role=ent.role, identity=list(ent.identity),
                 start=span.start_char, end=span.end_char, basis=basis)


def resolve(tok: Token, ents: ArticleEntities, lex: Lexicon) -> Actor | None:
    """The actor a noun or pronoun names, or None when it names no one (a thing, a place)."""
    low = tok.lower_
    if tok.pos_ == "PRON":
        if low not in _PERSONAL:
            return None
        ent = ents.pronoun(low)
        if ent is None:
            return None
        return _from_entity([tok], ent, f"pronoun '{tok.text}' -> {ent.name} (most recent compatible entity)")
    toks = np_tokens(tok)
    doc = tok.doc
    span = doc[toks[0].i:toks[-1].i + 1]
    words = [t.lower_ for t in toks]
    lemmas = [t.lemma_.lower() for t in toks]
    phrase = " ".join(w for w, t in zip(words, toks) if t.dep_ != "det")

    def actor(**kw) -> Actor:
        return Actor(text=span.text, start=span.start_char, end=span.end_char, **kw)

    # possessive pronoun on a government word: "her government" -> that person's government
    poss = [t for t in toks if t.dep_ == "poss" and t.lower_ in _PERSONAL]
    if poss and tok.lemma_.lower() in _GENERIC_STATE:
        ent = ents.pronoun(poss[0].lower_)
        if ent and ent.country:
            return actor(name=f"{_country_name(ent.country)} government", country=ent.country, role="GOV",
                         basis=f"'{poss[0].text}' -> {ent.name}; their government")
    # seats of power and capitals acting: the government (metonymy)
    for key in (phrase, low, tok.lemma_.lower()):
        if key in lex.metonyms and tok.ent_type_ not in {"PERSON"}:
            m = lex.metonyms[key]
            return actor(name=m.name, country=m.country, role=m.role,
                         basis=f"'{key}' acting stands for the {m.name} (metonymy)")
    # people by name
    if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and any(t.lower_ in lex.titles for t in toks)):
        name_toks = [t for t in toks if t.ent_type_ == "PERSON"] or \
            [t for t in toks if t.pos_ == "PROPN" and t.lower_ not in lex.titles and t.lower_ not in lex.countries]
        name = " ".join(t.text for t in name_toks) or tok.text
        titles = {t.lower_ for t in toks if t.lower_ in lex.titles}
        title_str = " ".join(t.lower_ for t in toks if t.lower_ in lex.titles or t.lower_ == "interim")
        if title_str:
            titles.add(title_str)
        gender = next((lex.titles[t][1] for t in titles if t in lex.titles and lex.titles[t][1]), None)
        title_role = next((lex.titles[t][0] for t in titles if t in lex.titles and lex.titles[t][0]), None)
        known = lookup_person(name, lex)
        country = next((lex.countries[w] for w in words if w in lex.countries), None)
        former = any(w in lex.cue("history", "former") for w in words)
        ent = Entity(name=known.name if known else name, country=(known.country if known else None) or country,
                     role=(known.role if known else None) or title_role, gender=gender, person=True,
                     titles=titles, surname=name.split()[-1],
                     basis=("Phoenix actor table (name matched by transliteration skeleton)" if known else
                            "named person; role from title" if title_role else "named person"))
        if ent.country is None and title_role:
            ent.country = ents.focus_country
        ent = ents.add(ent)
        basis = ent.basis + ("; former office holder" if former else "")
        return _from_entity(toks, ent, basis)
    # "the interim president", "the minister"
    if toks and toks[0].lower_ == "the" and tok.pos_ == "NOUN":
        title = " ".join(w for w in words[1:] if w in lex.titles or w in {"interim", "prime", "foreign"})
        if title and title.split()[-1] == low:
            ent = ents.titled(low)
            if ent:
                return _from_entity(toks, ent, f"title '{span.text}' -> {ent.name}")
    # countries named as actors: their government
    for i in range(len(toks)):
        key = " ".join(words[i:])
        if key in lex.countries and toks[-1] is tok and tok.pos_ == "PROPN" and key not in lex.identities:
            iso = lex.countries[key]
            return actor(name=_country_name(iso), country=iso, role="GOV",
                         basis=f"country name '{key}' as actor: its government")
    head = tok.lemma_.lower()
    identity = []
    id_country = None
    for w, lemma in zip(words, lemmas):
        for key in (w, lemma, w.rstrip("s")):
            if key in lex.identities:
                ident, home = lex.identities[key]
                if ident not in identity:
                    identity.append(ident)
                id_country = id_country or home
                break
    demonym = next((lex.countries[w] for w in words if w in lex.countries), None)
    if not identity and any(w in _GROUP_MARKERS for w in words):
        # "ethnic Greeks": a demonym with a group marker names an identity, not a state
        word = next((t for t in toks if t.ent_type_ == "NORP" or t.lower_.rstrip("s") in lex.countries), None)
        if word is not None:
            identity.append(f"ethnic:{word.text.rstrip('s') if word.text.endswith('s') else word.text}")
            demonym = None
    role = None
    for key in (" ".join(words[-2:]), " ".join(lemmas[-2:]), head):
        if key in lex.agents:
            role = lex.agents[key]
            break
    if role is None and head in lex.titles:
        role = lex.titles[head][0]
    modifier_role = next((lex.agents[m] for m in lemmas[:-1] if m in lex.agents and lex.agents[m] in {"OPP", "REB"}), None)
    role = modifier_role or role
    ethnic_group = identity and (head.rstrip("s") in lex.identities or tok.lower_.rstrip("s") in lex.identities
                                 or any(w in _GROUP_MARKERS for w in words))
    if identity and (ethnic_group or role is None):
        country = id_country or ents.focus_country
        return actor(name=f"{' '.join(i.split(':')[1] for i in identity)} {('community' if role is None else tok.lemma_)}",
                     country=country, role=role or "CVL", identity=identity,
                     basis=f"identity word(s) {identity}; country: {'home of the group' if id_country else 'article focus country'}")
    if demonym and any(t.lower_ in {"ex", "former", "post"} for t in toks):
        demonym = None  # "ex-Soviet state": what it was, not who it is
    if head in _GENERIC_STATE and not demonym and (toks[0].lower_ in {"the", "its"} or head == "government"):
        country = ents.focus_country
        if country:
            return actor(name=f"{_country_name(country)} government", country=country, role="GOV",
                         basis=f"'{span.text}': the article's focus country")
    if role is not None:
        country = demonym or (ents.focus_country if role in {"GOV", "MIL", "POL", "OPP", "REB"} else None)
        name = f"{_country_name(demonym)} {tok.lemma_}" if demonym else tok.lemma_
        return actor(name=name, country=country, role=role, identity=identity,
                     basis=f"agent word '{head}' -> {role}; country {'from demonym' if demonym else 'article focus country' if country else 'unknown'}")
    if tok.ent_type_ in {"ORG", "NORP"} or demonym:
        key = phrase
        named = lex.actors.get(key)
        if named:
            return actor(name=named.name, country=named.country, role=named.role, basis="Phoenix actor table")
        if demonym:
            return actor(name=f"{_country_name(demonym)} {tok.lemma_}", country=demonym, role="GOV" if tok.pos_ == "PROPN" else None,
                         basis="demonym")
        return actor(name=span.text, basis="organisation named in text")
    if head in _PEOPLE:
        return actor(name=tok.lemma_, country=ents.focus_country, role="CVL",
                     basis="people named by a common noun: civilians")
    return None


def register_mentions(sent_tokens, ents: ArticleEntities, lex: Lexicon) -> None:
    """Track named people, countries and plural groups of a sentence for later pronouns."""
    for tok in sent_tokens:
        if tok.ent_type_ == "PERSON" and tok.dep_ != "compound":
            resolve(tok, ents, lex)
        elif tok.tag_ in {"NNS", "NNPS"} and tok.dep_ in {"nsubj", "nsubjpass"}:
            act = resolve(tok, ents, lex)
            if act is not None:
                ents.add(Entity(name=act.name or act.text, country=act.country, role=act.role,
                                identity=list(act.identity), plural=True, basis=act.basis or ""))


def _subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in {"nsubj", "csubj"}:
            return child
    if tok.dep_ in {"conj", "xcomp", "advcl", "acl", "pcomp", "relcl"} and tok.head is not tok:
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return None
        if tok.dep_ == "pcomp" and tok.head.lower_ == "from":  # "stop gangs from burning": gangs burn
            return next((c for c in tok.head.head.children if c.dep_ == "dobj"), None)
        return _subject(tok.head) if tok.head.pos_ in {"VERB", "AUX"} else None
    return None


def _prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    out = []
    for child in tok.children:
        if child.dep_ in {"prep", "agent", "dative"} and child.lower_ in preps:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _owner(tok: Token) -> Token:
    """'homes of ethnic Uzbeks' -> 'Uzbeks': damage to property hits its owners."""
    if tok.lemma_.lower() in _PROPERTY:
        owners = _prep_objects(tok, {"of"}) + [c for c in tok.children if c.dep_ == "poss"]
        if owners:
            return owners[0]
        for conj in tok.conjuncts:
            owners = _prep_objects(conj, {"of"})
            if owners:
                return owners[0]
    return tok


def _between(tok: Token) -> tuple[Token, Token] | None:
    for obj in _prep_objects(tok, {"between", "among"}):
        conj = [c for c in obj.children if c.dep_ == "conj"]
        if conj:
            return obj, conj[0]
    return None


def arguments(head: Token, nominal: bool, cls: str) -> tuple[Token | None, Token | None, str]:
    """(source token, target token, how they were found) for a trigger."""
    pair = _between(head)
    if pair:
        return pair[0], pair[1], "between X and Y: the two sides"
    if nominal:
        src = next((c for c in head.children if c.dep_ == "poss"), None)
        src = src or next(iter(_prep_objects(head, {"by"})), None)
        src = src or next((c for c in head.children if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE", "ORG"}), None)
        tgt = next(iter(_prep_objects(head, {"against", "on", "upon", "at"})), None)
        how = "nominal trigger: possessor/by-phrase/modifier as source, against/on-phrase as target"
        if cls == "request":
            tgt = tgt or next(iter(_prep_objects(head, {"to"})), None)
            for obj in _prep_objects(head, {"for"}):
                tgt = tgt or next((c for c in obj.children if c.dep_ == "poss"), None)
        if src is None and head.dep_ in {"dobj", "pobj", "nsubj", "attr"}:
            gov = head.head.head if head.dep_ == "pobj" else head.head
            if gov.pos_ in {"VERB", "AUX"} and gov.lemma_.lower() in _HOLD:
                src = _subject(gov) if head.dep_ != "nsubj" else None
                how += "; source is the subject of the governing verb"
        return src, tgt, how
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in head.children) or head.tag_ == "VBN" and head.dep_ in {"conj"} and any(
        c.dep_ == "nsubjpass" for c in head.head.children)
    if passive:
        tgt = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if tgt is None and head.dep_ == "conj":
            tgt = next((c for c in head.head.children if c.dep_ == "nsubjpass"), None)
        src = next(iter(_prep_objects(head, {"by"})), None)
        return src, tgt, "passive: subject is the target, by-phrase the source"
    if head.lemma_.lower() in {"die", "perish", "succumb", "drown"}:
        return None, _subject(head), "the subject of 'die' is the victim"
    src = _subject(head)
    if src is not None and src.dep_ == "relcl":
        src = src.head
    tgt = next((c for c in head.children if c.dep_ in {"dobj", "dative"}), None)
    if cls == "request":
        obj = next(iter(_prep_objects(head, _REQUEST_PREPS)), None)
        help_obj = next(iter(_prep_objects(head, {"for"})), None)
        if obj is not None:
            tgt = obj
        elif tgt is None and help_obj is not None:
            tgt = next((c for c in help_obj.children if c.dep_ == "poss"), None)
        return src, tgt, "request: subject asks; the one asked (to/on-phrase, object, or whose help) is the target"
    how = "active: subject is the source, object or against/on-phrase the target"
    if tgt is not None:
        tgt = _owner(tgt)
        if _thing(tgt):  # "held talks with X", "gave support to X", "presented evidence against X"
            party = next(iter(_prep_objects(tgt, _PARTY_PREPS) + _prep_objects(head, _PARTY_PREPS)), None)
            if party is not None:
                tgt, how = party, how + "; what is given or held names no one: its with/to/against-phrase is the target"
    else:
        tgt = next(iter(_prep_objects(head, _TARGET_PREPS)), None)
    return src, tgt, how


def _thing(tok: Token) -> bool:
    """A common noun that names no actor ("talks", "support", "arms"); agent words are actors."""
    return tok.pos_ == "NOUN" and not tok.ent_type_ and tok.lemma_.lower() not in load_lexicon().agents \
        and tok.lemma_.lower() not in _PEOPLE and tok.lemma_.lower() not in _GENERIC_STATE
