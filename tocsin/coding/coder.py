"""The event coder stage: sentences with a trigger -> Mention records; scarcity -> Indicators.

Per sentence: find triggers (cheap lexicon look-ups); only sentences with one get actors,
status, dates and counts. Triggers in one clause are one mention ("60 killed in ethnic
violence"); the most specific trigger decides the type. See ``tocsin/coding/README.md``.
"""

from __future__ import annotations

from datetime import date, timedelta

from spacy.attrs import IS_SPACE
from spacy.tokens import Span, Token

from tocsin.coding.actors import _HOLD, arguments, register_mentions, resolve
from tocsin.coding.coref import ArticleEntities
from tocsin.coding.counts import CountHit, combine, find_counts
from tocsin.coding.crosswalk import Crosswalk
from tocsin.coding.dates import DateHit, clause_head, date_for, find_dates
from tocsin.coding.indicators import find_indicators
from tocsin.coding.lexicon import Lexicon, load_lexicon
from tocsin.coding.salience import HEADLINE_MIN_PROB, headline_end
from tocsin.coding.status import _LIGHT, Framing, framing
from tocsin.coding.triggers import TriggerHit, cameo_trigger, class_rank, find_triggers
from tocsin.config import Config, load_config
from tocsin.model import (COUNT_KINDS, Acled, Actor, Attribution, Count, Evidence, Indicator, Mention,
                          Plover)
from tocsin.pipeline import Document

_ARMED = {"MIL", "REB", "POL", "GOV", "SPY"}
_CROWD_VIOLENCE = {"Mob violence", "Violent demonstration"}  # done by crowds, never by armed forces
_VIOLENT = {"kill", "injure", "attack", "fight", "bomb", "grenade", "suicide", "shell", "strike_air", "riot",
            "destroy", "loot", "abduct", "sexual", "disperse"}
_HEAVY = {"artillery", "tank", "rocket", "mortar", "shell", "missile", "aircraft", "jet", "drone", "airstrike",
          "howitzer", "helicopter", "warplane", "bomber"}
_FIREARMS = {"gun", "rifle", "firearm", "pistol", "gunfire", "bullet", "ak-47", "gunman", "gunshot", "shoot"}
_CASUALTY = {"kill", "injure", "attack"}
_TEMPORAL = {"after", "before", "since", "when", "while", "until"}
# CAMEO roots of verbal and diplomatic acts (statements, appeals, intents, consultations, praise,
# demands, disapproval, rejection, threats, cutting ties): a violence noun below such a verb is its topic
_VERBAL_ROOTS = {"01", "02", "03", "04", "05", "10", "11", "12", "13", "16"}
# ... unless the verb only carries the noun's event ("launched an attack", "gathered for a protest")
_LIGHT_VERBS = _LIGHT | _HOLD
# Story mentions (EventCoder._story_mention): the whole-text typer's probability needed, the
# headline and lead sentences searched for an anchor, the support (sentence typer probability
# of the type, plus STORY_VERB_SUPPORT for a CAMEO verb of the type) the anchor needs, and the
# share of the typer's probability kept as the mention's confidence.
# CAMEO roots whose joint subjects act with each other when no target is named ("X and Y met",
# "... agreed", "... signed a pact"), and those done in both directions with a named target
# ("X held talks with Y"): see _joint_pairs
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
_COUNTED_TYPES = {"ASSAULT", "PROTEST", "COERCE"}
# a cooperative act by CAMEO root -> the rejection it becomes when its actor "will not" do it
REFUSALS = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "121", "08": "124"}
_FUTURE = {"will", "would", "wo", "'ll", "shall"}
# ... and the intent (CAMEO 03) it is when a speaker says they "will" do it
INTENTS = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
_OWN_DEED = {"responsibility", "credit", "authorship"}  # "claimed responsibility for the attack"
MUTUAL_ROOTS = {"04"}
STORY_MIN_PROB = 0.3
_VERBISH = {"VERB", "PROPN"}  # PROPN: title-case headline verbs ("Expels", "Visits") are tagged as names
STORY_LEAD_SENTENCES = 4
STORY_VERB_SUPPORT = 0.5
STORY_MIN_SUPPORT = 0.3
STORY_SURE_PROB = 0.9  # from here the whole-text reading needs no sentence support, only event language
STORY_CONFIDENCE = 0.8
HEADLINE_VERB_CONFIDENCE = 0.45  # a lexicon verb (0.55) read off a headline the parser could not parse (-0.1)
STORY_RETYPE_PROB = 0.8  # the whole-text ACLED reading that retypes the lead ACLED event
TRUST_TYPER_ACLED = 0.5  # the typer's ACLED answer wins over the role rules from this probability
EPISODE_SENTENCES = 3  # a protest's episode: its sentence and the next ones (how it was met)
_INTERVENTION = {"arrest", "disperse"}  # trigger classes that meet a protest without harm
_HARM = {"kill", "injure", "attack"}  # ... and those that may harm them ("clashes" are a riot's)
_STATE_FORCES = {"POL", "MIL", "GOV"}
_ETHNIC_WORDS = {"ethnic", "sectarian", "communal", "interethnic", "inter-ethnic", "tribal", "religious"}


class EventCoder:
    """Stage ``coder``: fills ``Document.mentions`` and ``Document.indicators``."""

    name = "coder"

    def __init__(self, config: Config | None = None):
        self.config = config or load_config()
        settings = self.config["coding"]
        self.min_confidence = float(settings["min_confidence"])
        self.historical_days = int(settings.get("historical_days", 30))
        self.lex: Lexicon = load_lexicon()
        self.crosswalk = Crosswalk.load()
        self.typer = _typer(self.config) if settings.get("use_typer", True) else None

    def __call__(self, docs: list[Document]) -> list[Document]:
        for document in docs:
            if document.doc is not None:
                document.mentions, document.indicators = self.code(document)
        return docs

    # --- one article ------------------------------------------------------------------
    def code(self, document: Document) -> tuple[list[Mention], list[Indicator]]:
        """Mentions and indicators of one parsed article."""
        lex, doc, article = self.lex, document.doc, document.article
        ents = ArticleEntities()
        for tok in doc:
            # country names weigh more than demonyms ("Uzbeks" in Kyrgyzstan are not Uzbekistan)
            # and places where things happen count for their country
            if tok.ent_type_ in {"GPE", "NORP"} and tok.lower_ in lex.countries:
                ents.countries[lex.countries[tok.lower_]] += 2 if tok.ent_type_ == "GPE" and tok.lower_ not in lex.identities else 1
            elif (tok.ent_type_ in {"GPE", "LOC"} or tok.pos_ == "PROPN" and not tok.ent_type_) and tok.lower_ in lex.cities:
                ents.countries[lex.cities[tok.lower_]] += 2
        mentions: list[Mention] = []
        indicators: list[Indicator] = []
        previous_date: DateHit | None = None
        doc_text = doc.text  # Doc.text and Span.text join their tokens on every call: slice this one
        sentences = _sentences(doc, doc_text)
        texts = [doc_text[sent.start_char:sent.end_char] for sent in sentences]
        all_hits = [find_triggers(sent, lex) for sent in sentences]
        guesses, story = self._guesses([text for text, hits in zip(texts, all_hits) if hits], article.text)
        for index, (sent, hits) in enumerate(zip(sentences, all_hits)):
            dates = find_dates(sent, article.published, previous_date, text=texts[index])
            signals = find_indicators(sent, lex, text=texts[index])
            sent_mentions: list[tuple[Mention, TriggerHit]] = []
            if hits:
                guess = next(guesses, None)
                for group in _groups(hits):
                    made = self._mention(document, index, sent, group, dates, ents, guess,
                                        story if index < STORY_LEAD_SENTENCES else None)
                    if made is not None:
                        sent_mentions.extend((m, group) for m in _joint_pairs(made, sent, ents, lex))
                self._attach_counts(sent, sent_mentions, mentions)
                mentions.extend(m for m, _ in sent_mentions)
            elif mentions and any(t.like_num or t.lower_ in lex.cues["counts"]["vague"] for t in sent):
                self._attach_counts(sent, [], mentions)  # "2 fatalities." after the event's sentence
            for kind, severity, tok in signals:
                indicators.append(self._indicator(document, sent, kind, severity, tok, dates, ents))
            register_mentions(sent, ents, lex)
            if dates:
                previous_date = dates[-1]
        mentions = _fold_outcomes(mentions)
        story_mention = self._story_mention(document, sentences, mentions, ents, story,
                                            {i for i, hits in enumerate(all_hits) if hits})
        if story_mention is not None:
            mentions.append(story_mention)
        headline_mention = self._headline_mention(document, sentences, mentions, ents, story)
        if headline_mention is not None:
            mentions.append(headline_mention)
        for m in mentions:  # a mention that gives a figure is more specific, hence more reliable
            if any(getattr(m.counts, k) is not None for k in COUNT_KINDS) and m.confidence > 0.2:
                m.confidence = round(min(m.confidence + 0.05, 0.95), 3)
        kept = [m for m in mentions if m.confidence >= self.min_confidence]
        self._retype_lead_event(kept, story)
        _type_protest_by_response(kept)
        return kept, indicators

    def _retype_lead_event(self, mentions: list[Mention], story) -> None:
        """The article's lead ACLED event takes the ACLED type the typer reads in the whole text.

        ACLED types an episode, not a clause: "police arrested 20 protesters" in a story about a
        dispersed rally is a protest with intervention. Only the first asserted, non-historical
        ACLED-typed mention of the lead sentences is retyped, only when the whole-text reading is
        confident and its rule-made type differs (a sentence-typer answer is kept)."""
        if story is None or story.acled_sub_event_type is None or story.acled_prob < STORY_RETYPE_PROB:
            return
        lead = next((m for m in mentions if m.sentence_index < STORY_LEAD_SENTENCES and m.acled is not None
                     and not m.historical and m.status in {"reported", "claimed"}), None)
        if lead is None or lead.acled.sub_event_type == story.acled_sub_event_type \
                or lead.reasons.get("acled", "").startswith("typer on the sentence"):
            return
        if story.acled_sub_event_type in _CROWD_VIOLENCE and lead.source_actor is not None \
                and lead.source_actor.role in _ARMED and lead.reasons.get("class") in _CASUALTY:
            return
        lead.reasons["acled"] = (f"story typer ({story.acled_prob:.2f}) for the article's lead event; "
                                 f"{lead.reasons.get('acled', '')} gave {lead.acled.sub_event_type}")
        lead.acled = Acled(event_type=story.acled_event_type, sub_event_type=story.acled_sub_event_type)

    def _story_mention(self, document: Document, sentences: list[Span], mentions: list[Mention],
                       ents: ArticleEntities, story, triggered: set[int]) -> Mention | None:
        """The article's main event when no trigger sentence reports it.

        The typer reads the whole text; when it is confident of a PLOVER type that no current
        mention has, the event is anchored at the headline or lead sentence that the typer
        (sentence by sentence) or a CAMEO verb of that type supports best among those that
        assert it; background (historical) anchors give nothing."""
        if story is None or not sentences:
            return None
        wanted = self._story_type(mentions, story)
        if wanted is None:
            return None
        story_type, story_prob, read = wanted
        lead = sentences[:STORY_LEAD_SENTENCES]
        sure = story_prob >= STORY_SURE_PROB
        candidates: list[tuple[float, int, Span, Token]] = []
        for k, (sent, guess) in enumerate(zip(lead, self.typer.predict([s.text for s in lead]))):
            coded = [(t, code) for t in sent if t.pos_ in _VERBISH and (code := self.typer.lexicon.forms.get(t.lower_))]
            verb = next((t for t, code in coded if (p := self.crosswalk.plover_for_cameo(code)) is not None
                         and p.type == story_type), None)
            if verb is None and k not in triggered and all(code[:2] == "01" for _, code in coded) \
                    and not self._names_an_act(sent):
                continue  # no event language: no verb CAMEO codes beyond a statement
            support = dict(guess.plover_top3).get(story_type, 0.0) + (STORY_VERB_SUPPORT if verb is not None else 0.0)
            if sure and not candidates:
                support = max(support, STORY_MIN_SUPPORT)  # a sure reading: the lead's first event sentence
            if support >= STORY_MIN_SUPPORT:
                candidates.append((support, -k, sent, verb if verb is not None else sent.root))
        if sure and not candidates:  # a sure reading of a lead with no coded verb: the lead sentence itself
            candidates.append((STORY_MIN_SUPPORT, 0, lead[0], lead[0].root))
        anchored = None
        for best_support, _, best, anchor_tok in sorted(candidates, key=lambda c: c[:2], reverse=True):
            anchor_tok, frame = self._anchor_frame(anchor_tok)
            if not frame.asserted and not frame.reason.startswith("negated") and frame.status != "denied" \
                    and anchor_tok.i != best.root.i:
                # "gathered to protest": the purpose is not the event, the gathering is
                anchor_tok, frame = self._anchor_frame(best.root)
            if frame.asserted and frame.status == "claimed":
                src_tok = arguments(anchor_tok, anchor_tok.pos_ != "VERB", "story")[0]
                if self._alleged(anchor_tok, frame, resolve(src_tok, ents, self.lex) if src_tok is not None else None,
                                 ents, {"status": ""}):
                    continue  # "X claimed that Y attacked": an accusation, not the attack
            if frame.asserted:  # the best-supported sentence that asserts it ("would not allow": the next one)
                anchored = best_support, best, anchor_tok, frame
                break
        if anchored is None:
            return None
        best_support, best, anchor_tok, frame = anchored
        index = next(i for i, s in enumerate(sentences) if s.start == best.start)
        reasons = {"type": f"story typer: {read} for the whole text, no trigger "
                           f"sentence of that type; anchored at the sentence supporting it most ({best_support:.2f})",
                   "status": frame.reason, "class": "story"}
        mode = story.plover_mode if story.mode_prob >= 0.5 and story.plover_type == story_type else None
        plover = Plover(type=story_type, mode=mode)
        cameo = self.crosswalk.cameo_for_plover(plover.type, mode) or story.cameo_code
        return self._anchored(document, index, best, anchor_tok, frame, plover, cameo,
                              round(min(story_prob, 0.9) * STORY_CONFIDENCE, 3), reasons, ents, story)

    def _headline_mention(self, document: Document, sentences: list[Span], mentions: list[Mention],
                          ents: ArticleEntities, story) -> Mention | None:
        """A headline verb the parser missed ("Local Group Accuses Government of Cover-up": title-case
        verbs are tagged as names or nouns, so they are no trigger), when the whole-text reading holds
        its type possible (``salience.HEADLINE_MIN_PROB`` in its top three) without being sure of one:
        the headline names the article's event. The first such verb of a type no headline mention has."""
        if story is None or not sentences or not _is_headline(sentences[0]) or story.plover_prob >= STORY_SURE_PROB:
            return None
        head, possible = sentences[0], dict(story.plover_top3)
        have = {m.plover.type for m in mentions if m.sentence_index == 0}
        generic = self.lex.cue("triggers", "exclude")
        for tok in head:
            code = self.typer.lexicon.forms.get(tok.lower_)
            if code is None or code.startswith("01") or tok.pos_ == "VERB" or tok.lemma_.lower() in generic \
                    or tok.ent_type_ in {"PERSON", "GPE", "NORP", "ORG", "LOC"}:
                continue
            walked = self.crosswalk.plover_for_cameo(code)
            if walked is None or walked.type in have or possible.get(walked.type, 0.0) < HEADLINE_MIN_PROB:
                continue
            frame = framing(tok, self.lex)
            if not frame.asserted:
                continue
            reasons = {"type": f"headline verb '{tok.text}' (tagged {tok.pos_}) -> CAMEO {code}; the whole text "
                               f"holds {walked.type} possible ({possible[walked.type]:.2f})",
                       "status": frame.reason, "class": "headline"}
            plover = Plover(type=walked.type, mode=walked.mode, context=list(walked.context))
            return self._anchored(document, 0, head, tok, frame, plover, code, HEADLINE_VERB_CONFIDENCE,
                                  reasons, ents, story)
        return None

    def _anchored(self, document: Document, index: int, best: Span, anchor_tok: Token, frame, plover: Plover,
                  cameo: str | None, confidence: float, reasons: dict[str, str], ents: ArticleEntities,
                  story) -> Mention:
        """A mention the typer's reading placed at ``anchor_tok`` (a story or headline mention)."""
        mode = plover.mode
        src_tok, tgt_tok, how = arguments(anchor_tok, anchor_tok.pos_ != "VERB", "story")
        source = resolve(src_tok, ents, self.lex) if src_tok is not None else None
        target = resolve(tgt_tok, ents, self.lex) if tgt_tok is not None else None
        reasons["actors"] = how
        acled = self._learned_acled(plover, story)
        if acled is not None:
            reasons["acled"] = f"story typer ({story.acled_prob:.2f})"
        else:
            acled = self.crosswalk.acled_for(plover.type, mode)
            reasons["acled"] = f"crosswalk default for {plover.type}" + ("" if acled else ": not an ACLED event")
        hit = date_for(anchor_tok, find_dates(best, document.article.published))
        date_value, precision, basis, date_text = _dated(hit, document.article.published, reasons)
        group = TriggerHit(token=anchor_tok, tokens=[anchor_tok], cameo=cameo, count=None, cls="story",
                           source="typer", nominal=anchor_tok.pos_ != "VERB")
        historical = self._historical(anchor_tok, group, date_value, document.article.published, source, target, reasons)
        mention = Mention(
            article_id=document.article.id, sentence_index=index,
            trigger={"text": anchor_tok.text, "start": anchor_tok.idx, "end": anchor_tok.idx + len(anchor_tok.text)},
            plover=plover, cameo=cameo, acled=Acled(event_type=acled[0], sub_event_type=acled[1]) if acled else None,
            date=date_value, date_precision=precision, date_basis=basis, date_text=date_text,
            source_actor=source, target_actor=target, status=frame.status, historical=historical,
            evidence=Evidence(article_id=document.article.id, sentence=best.text.strip(),
                              start=best.start_char, end=best.end_char),
            confidence=confidence, reasons=reasons,
        )
        self._attach_counts(best, [(mention, group)], [])  # "the body of a woman was found": 1 killed
        return mention

    def _anchor_frame(self, tok: Token):
        """A story anchor and its framing; a reporting verb stands for the clause it reports ("X said [they
        would not send troops]": that clause must assert the event)."""
        content = _reported_clause(tok, self.lex)
        return (content or tok), framing(content or tok, self.lex)
    def _names_an_act(self, sent: Span) -> bool:
        """Event language the typer's lexicon misses: a CAMEO verb beyond a statement also when it is a
        title-case headline verb that spaCy tags as a noun ("Two Nations Cooperate on ..."), or a verb
        whose code depends on its object ('---') from a block of political acts (``act_blocks``:
        "Rebels Quit Talks", "X Rejects Deal", "Suspends Ties"). In a headline any noun may be its verb
        ("X and Y sign peace agreement": 'sign' tagged as a noun)."""
        acts, generic = self.lex.cue("triggers", "act_blocks"), self.lex.cue("triggers", "exclude")
        headline = _is_headline(sent)
        for tok in sent:
            if not (tok.pos_ in _VERBISH or tok.pos_ == "NOUN" and (headline or tok.is_title and tok.i > sent.start)):
                continue
            for form in {tok.lemma_.lower(), tok.lower_, tok.lower_.removesuffix("s")} - generic:
                code, block = self.lex.cameo_verbs.get(form, ("01", ""))
                if code == "---" and block in acts or code != "---" and not code.startswith("01"):
                    return True
        return False

    def _story_type(self, mentions: list[Mention], story) -> tuple[str, float, str] | None:
        """The PLOVER type a story mention should add, its probability and how it was read: a sure
        whole-text ACLED reading ("a patrol took place") when no current mention is an ACLED event
        and the PLOVER reading is not as sure; else the PLOVER reading when no current mention has it."""
        current = [m for m in mentions if not m.historical and m.confidence >= self.min_confidence]
        by_plover = None
        if story.plover_prob >= STORY_MIN_PROB and not any(m.plover.type == story.plover_type for m in current):
            by_plover = story.plover_type, story.plover_prob, f"{story.plover_type} ({story.plover_prob:.2f})"
        learned = self.crosswalk.plover_for_acled(story.acled_sub_event_type) if story.acled_sub_event_type else None
        if learned is not None and story.acled_prob >= STORY_SURE_PROB and story.plover_prob < STORY_SURE_PROB \
                and not any(m.acled is not None and m.status in {"reported", "claimed"} for m in current):
            return learned.type, story.acled_prob, f"ACLED {story.acled_sub_event_type} ({story.acled_prob:.2f})"
        return by_plover

    def _guesses(self, texts: list[str], story_text: str):
        """The typer's guesses for the trigger sentences, in order, and for the whole text (one batch
        per article: a text's guess does not depend on the others in its batch)."""
        if self.typer is None:
            return iter([]), None
        *guesses, story = self.typer.predict([*texts, story_text])
        return iter(guesses), story

    # --- one mention ----------------------------------------------------------------
    def _mention(self, document: Document, index: int, sent: Span, group: TriggerHit,
                 dates: list[DateHit], ents: ArticleEntities, guess, story=None) -> Mention | None:
        """One mention of a trigger group; ``story`` is the whole-text guess for lead sentences."""
        lex = self.lex
        reasons: dict[str, str] = {}
        head = _syntactic_head(group)
        skip = _non_event(group, lex)
        if skip:
            return None
        frame = framing(head, lex, is_request_trigger=group.cls in {"request", "threaten"}, nominal=head.pos_ != "VERB")
        if group.nominal and head.i != group.token.i and head.i == group.token.head.i and frame.asserted:
            # "Officials promise arrests": the verb that absorbed the noun is asserted, the noun's event is not
            own = framing(group.token, lex, nominal=True)
            if not own.asserted and not own.reason.startswith("negated"):
                frame = own
        if not frame.asserted and frame.reason.startswith("negated"):
            refusal = _refusal(group, head, lex)
            if refusal is None:
                return None
            group, frame = refusal
        elif not frame.asserted and frame.reason.startswith("modal"):
            intent = _refusal(group, head, lex, negated=False)
            if intent is not None:
                group, frame = intent
        reasons["status"] = frame.reason
        reasons["class"] = group.cls
        mark = next((c for c in clause_head(head).children if c.dep_ == "mark" and c.lower_ in _TEMPORAL), None)
        if mark is not None:
            reasons["clause"] = f"temporal clause ('{mark.text} ...'): an event of its own"
        codes = self._types(group, guess, reasons)
        if codes is None:
            return None
        plover, cameo, acled_pair = codes
        src_tok, tgt_tok, how = arguments(head, head.pos_ != "VERB", group.cls)
        for extra in group.absorbed:
            if src_tok is None or tgt_tok is None:
                s2, t2, _ = arguments(extra.token, extra.nominal, extra.cls)
                src_tok, tgt_tok = src_tok or s2, tgt_tok or t2
        source = resolve(src_tok, ents, lex) if src_tok is not None else None
        if source is None and src_tok is not None and _same_as_speaker(src_tok, frame.speaker):
            source = resolve(frame.speaker, ents, lex)  # "X said he would ...": he is X
            how += f"; '{src_tok.text}' is the speaker"
        target = resolve(tgt_tok, ents, lex) if tgt_tok is not None else None
        if source is not None and target is not None and source.start == target.start:
            target = None
        reasons["actors"] = how
        if group.cls == "arrest" and head.lemma_.lower() == "hold" and (
                tgt_tok is None or tgt_tok.lemma_.lower() in lex.cue("triggers", "held_not_detained")):
            return None  # "talks were held": an arrest only when someone is held
        if group.cls == "mobilize":
            target = None  # the troops sent are the means, not a target
        if plover.type not in {"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "THREATEN"} and plover.mode != "convict" \
                and not _political(source):
            return None  # a private call or visit is not a political event (a sentence is a court's act)
        ethnic = _identity_sides(source, target) or any(t.lower_ in _ETHNIC_WORDS for t in sent)
        if plover.type == "ASSAULT" and ethnic and "ethnic" not in plover.context:
            plover.context.append("ethnic")
        acled_pair = self._acled(group, plover, source, target, acled_pair, guess, reasons, ethnic, story)
        hit = date_for(head, dates)
        if hit is None:
            for extra in group.absorbed:
                hit = hit or date_for(extra.token, dates)
        date_value, precision, basis, date_text = _dated(hit, document.article.published, reasons)
        historical = self._historical(head, group, date_value, document.article.published, source, target, reasons)
        attribution = None
        if frame.speaker is not None or frame.speech is not None:
            speaker = resolve(frame.speaker, ents, lex) if frame.speaker is not None else None
            text_toks = [t for t in (frame.speaker, frame.speech) if t is not None]
            text = sent.doc[min(t.i for t in text_toks):max(t.i for t in text_toks) + 1].text
            attribution = Attribution(speaker=(speaker.name if speaker else frame.speaker.text) if frame.speaker is not None else None,
                                      text=text)
        confidence = 0.55 + (0.15 if group.source == "tocsin" else 0) + (0.1 if source else 0) \
            + (0.05 if hit is not None else 0) - (0.1 if group.nominal and not group.absorbed else 0)
        if not frame.asserted or self._alleged(head, frame, source, ents, reasons):
            confidence = min(confidence, 0.2)
        span_toks = sorted(group.tokens, key=lambda t: t.i)
        trig_span = sent.doc[span_toks[0].i:span_toks[-1].i + 1] if span_toks[-1].i - span_toks[0].i < 6 else sent.doc[head.i:head.i + 1]
        return Mention(
            article_id=document.article.id, sentence_index=index,
            trigger={"text": trig_span.text, "start": trig_span.start_char, "end": trig_span.end_char},
            plover=plover, cameo=cameo, acled=Acled(event_type=acled_pair[0], sub_event_type=acled_pair[1]) if acled_pair else None,
            date=date_value, date_precision=precision, date_basis=basis, date_text=date_text,
            source_actor=source, target_actor=target, status=frame.status, historical=historical,
            attribution=attribution,
            evidence=Evidence(article_id=document.article.id, sentence=sent.text.strip(),
                              start=sent.start_char, end=sent.end_char),
            confidence=round(min(confidence, 0.95), 3), reasons=reasons,
        )

    def _alleged(self, head: Token, frame, source: Actor | None, ents: ArticleEntities,
                 reasons: dict[str, str]) -> bool:
        """A claimed act of someone other than the claimer is an allegation: CAMEO codes the accusation
        ("X alleged that Y attacked": X accuses Y), not the act. Claiming one's own act ("the group
        claimed it attacked") reports it."""
        if frame.status != "claimed":
            return False
        claimer = next((a for a in head.ancestors if a.lemma_.lower() in self.lex.cue("status", "claim")), None)
        if claimer is None or source is None or any(c.dep_ == "dobj" and c.lemma_.lower() in _OWN_DEED for c in claimer.children):
            return False  # no other actor named, or "claimed responsibility for": one's own act
        subject = next((c for c in claimer.children if c.dep_ == "nsubj"), None)
        who = resolve(subject, ents, self.lex) if subject is not None else None
        if who is not None and _who(source) == _who(who):
            return False
        reasons["status"] += "; an allegation against another: the accusation is the event, not the act"
        return True

    def _types(self, group: TriggerHit, guess, reasons: dict[str, str]):
        """(PLOVER, CAMEO, default ACLED) from the lexicon's code, refined by patterns and the typer."""
        cameo = group.cameo
        if cameo is None:
            return None
        how = f"lexicon ({group.source}) '{group.text}' -> CAMEO {cameo}"
        if group.source == "tocsin" and not group.nominal:
            refined = cameo_trigger(group.token, self.lex)
            # a sub-code of the lexicon's code ("190" -> "193", "020" -> "023"), never a sibling ("173" -> "1711")
            stem = cameo[:-1] if cameo.endswith("0") else cameo
            if refined and refined.source.endswith(":pattern") and refined.cameo and len(cameo) >= 3 \
                    and refined.cameo.startswith(stem) and refined.cameo != cameo \
                    and (refined.cameo not in {"194", "195"}  # "fought with guns" is not artillery
                         or any(t.lemma_.lower() in _HEAVY for t in group.token.sent)):
                cameo = refined.cameo
                how += f"; sub-code {cameo} from the CAMEO verb pattern ({refined.source})"
        code = self.crosswalk.plover_for_cameo(cameo)
        if code is None:
            return None
        mode = code.mode
        if guess is not None:
            agree = "agrees" if guess.plover_type == code.type else f"says {guess.plover_type} ({guess.plover_prob:.2f})"
            how += f"; typer {agree}"
            if mode is None and guess.plover_type == code.type and guess.plover_mode and guess.mode_prob >= 0.5:
                mode = guess.plover_mode
                how += f"; mode {mode} from typer ({guess.mode_prob:.2f})"
        if code.type == "ASSAULT" and mode is None:
            weapon = next((t for t in group.token.sent if t.lemma_.lower() in _FIREARMS), None)
            if weapon is not None:
                mode = "firearms"
                how += f"; mode firearms from '{weapon.text}'"
        ptype, context = code.type, list(code.context)
        if ptype == "COERCE" and _penalty(group.token, self.lex):
            # PLOVER types a court's conviction or sentence as SANCTION (mode convict); CAMEO has no code
            # of its own for it (the dictionary gives 172 or 173), so the CAMEO code stays
            ptype, mode, context = "SANCTION", "convict", ["legal"]
            how += "; a conviction or sentence: PLOVER SANCTION (convict)"
        elif cameo.startswith("083") and group.token.lemma_.lower() in self.lex.cue("triggers", "resign"):
            # a resignation: CAMEO 083 (accede to demands), PLOVER RETREAT (mode resign)
            ptype, mode = "RETREAT", "resign"
            how += "; a resignation: PLOVER RETREAT (resign)"
        reasons["type"] = how
        plover = Plover(type=ptype, mode=mode, context=context)
        return plover, cameo, self.crosswalk.acled_for(plover.type, plover.mode)

    def _acled(self, group: TriggerHit, plover: Plover, source: Actor | None, target: Actor | None,
               default, guess, reasons: dict[str, str], ethnic: bool = False, story=None):
        """ACLED (event type, sub-event type), or None where it is not an ACLED event."""
        if plover.type not in {"ASSAULT", "PROTEST", "COERCE"}:
            reasons["acled"] = f"crosswalk default for {plover.type}" + ("" if default else ": not an ACLED event")
            return default
        classes = {group.cls, *(a.cls for a in group.absorbed)}
        src_role = source.role if source else None
        for reader, what in ((guess, "sentence"), (story, "whole text, a lead sentence")):
            learned = self._learned_acled(plover, reader)
            if learned is not None and learned[1] in _CROWD_VIOLENCE and src_role in _ARMED \
                    and classes <= _CASUALTY | {"-"}:  # forces that shoot or beat are no mob; forces dispersing one may meet a riot
                reasons["acled_typer"] = f"typer's {learned[1]} on the {what} set aside: the source is armed ({src_role})"
                continue
            if learned is not None:
                reasons["acled"] = f"typer on the {what} ({reader.acled_prob:.2f}) for a {plover.type} mention"
                return learned
        tgt_role = target.role if target else None
        armed_src, armed_tgt = src_role in _ARMED, tgt_role in _ARMED
        crowd = src_role in {"CVL", "CRM", "OPP", None} and not armed_src
        rule = None
        if "protest" in classes or "strike" in classes:
            if classes & {"disperse", "arrest", "attack", "kill", "injure"}:
                rule = ("Protests", "Protest with intervention")
            else:
                rule = ("Protests", "Peaceful protest")
        elif "riot" in classes:
            rule = ("Riots", "Violent demonstration") if src_role == "OPP" else ("Riots", "Mob violence")
        elif classes & {"suicide"}:
            rule = ("Explosions/Remote violence", "Suicide bomb")
        elif classes & {"strike_air"}:
            rule = ("Explosions/Remote violence", "Air/drone strike")
        elif classes & {"shell"}:
            rule = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
        elif classes & {"grenade"}:
            rule = ("Explosions/Remote violence", "Grenade")
        elif classes & {"bomb"}:
            rule = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
        elif classes & {"abduct"}:
            rule = ("Violence against civilians", "Abduction/forced disappearance")
        elif classes & {"sexual"}:
            rule = ("Violence against civilians", "Sexual violence")
        elif classes & {"arrest"}:
            rule = ("Strategic developments", "Arrests")
        elif classes & {"disperse"}:
            rule = ("Protests", "Protest with intervention")
        elif classes & {"destroy", "loot"}:
            rule = ("Riots", "Mob violence") if (crowd or ethnic) and source is not None and not armed_src else \
                ("Strategic developments", "Looting/property destruction")
        elif "seize" in classes and _seized(group) == "place":  # "captured the town after heavy fighting"
            rule = ("Battles", "Government regains territory") if armed_src and src_role in {"MIL", "GOV", "POL"} else \
                ("Battles", "Non-state actor overtakes territory")
        elif classes & {"fight", "kill", "injure", "attack"}:
            if armed_src and armed_tgt:
                rule = ("Battles", "Armed clash")
            elif ethnic and not armed_src:
                rule = ("Riots", "Mob violence")
            elif "fight" in classes and (crowd and source is not None):
                rule = ("Riots", "Mob violence")
            elif source is not None and crowd and (source.identity or src_role == "CRM"):
                rule = ("Riots", "Mob violence")
            elif "fight" in classes and source is None:
                rule = ("Battles", "Armed clash")
            elif guess is not None and guess.acled_sub_event_type and guess.acled_prob >= 0.5 and \
                    guess.acled_event_type in {"Battles", "Violence against civilians", "Riots", "Explosions/Remote violence"}:
                rule = (guess.acled_event_type, guess.acled_sub_event_type)
                reasons["acled"] = f"typer ({guess.acled_prob:.2f}) for an ambiguous {group.cls}"
                return rule
            else:
                rule = ("Violence against civilians", "Attack")
        elif classes & {"seize"}:
            taken = _seized(group)
            if taken == "weapons":
                rule = ("Strategic developments", "Disrupted weapons use")
            elif taken == "goods":
                rule = ("Strategic developments", "Looting/property destruction")
        if rule is None:
            reasons["acled"] = f"crosswalk default for {plover.type}" + ("" if default else ": not an ACLED event")
            return default
        reasons["acled"] = f"rule: trigger class {sorted(classes)}, source role {src_role}, target role {tgt_role}"
        return rule

    def _learned_acled(self, plover: Plover, guess) -> tuple[str, str] | None:
        """The typer's ACLED answer when it is confident and of the mention's own PLOVER type
        (the trained model beats the role rules on ACLED's held-out notes; the rules keep the
        cases it is unsure of or that contradict the trigger)."""
        if guess is None or guess.acled_sub_event_type is None or guess.acled_prob < TRUST_TYPER_ACLED:
            return None
        learned = self.crosswalk.plover_for_acled(guess.acled_sub_event_type)
        if learned is None or learned.type != plover.type:
            return None
        return guess.acled_event_type, guess.acled_sub_event_type

    def _historical(self, head: Token, group: TriggerHit, value: str | None, published: str | None,
                    source: Actor | None, target: Actor | None, reasons: dict[str, str]) -> bool:
        lex = self.lex
        if value and published and date.fromisoformat(value) < date.fromisoformat(published) - timedelta(days=self.historical_days):
            reasons["historical"] = f"dated {value}, more than {self.historical_days} days before publication"
            return True
        clause = clause_head(head)
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in clause.children) or \
                (clause.dep_ == "pcomp" and clause.head.lower_ == "since"):
            reasons["historical"] = "in a 'since ...' clause: the starting point the article recalls"
            return True
        former = lex.cue("history", "former")
        if source is not None and source.text and any(w in former for w in source.text.lower().split()) and \
                (source.basis or "").startswith(("named person", "Phoenix")):
            reasons["historical"] = f"source is a former office holder ('{source.text}'): done while in office"
            return True
        if group.cls == "oust" and target is not None and any(w in former for w in target.text.lower().split()):
            reasons["historical"] = "the ousted leader is called 'former': the ouster is past"
            return True
        return False

    # --- counts ---------------------------------------------------------------------
    def _attach_counts(self, sent: Span, here: list[tuple[Mention, TriggerHit]], before: list[Mention]) -> None:
        hits = find_counts(sent, self.lex)
        by_target: dict[tuple[int, str], list[CountHit]] = {}
        owners: dict[tuple[int, str], Mention] = {}
        for hit in hits:
            target = _count_target(hit, here)
            if target is None:
                previous = [m for m in before if getattr(m.counts, hit.kind) is None and not m.historical
                            and _accepts(m, hit.kind)]
                if not previous or not hit.keyword.pos_ in {"NOUN", "VERB", "ADJ"}:
                    continue
                mention = previous[-1]
                mention.reasons[f"count_{hit.kind}"] = "figure in a later sentence with no event of its own"
                key = (id(mention), hit.kind)
                by_target.setdefault(key, []).append(hit)
                owners[key] = mention
                continue
            key = (id(target), hit.kind)
            owners[key] = target
            by_target.setdefault(key, []).append(hit)
        for key, group in by_target.items():
            mention = owners[key]
            fig = combine(group)
            kind = key[1]
            if getattr(mention.counts, kind) is not None:
                continue
            setattr(mention.counts, kind, Count(low=fig.low, best=fig.best, high=fig.high, text=fig.text,
                                                start=fig.start, end=fig.end))
            mention.reasons.setdefault(f"count_{kind}", f"'{fig.text}' counted by '{group[0].keyword.text}'")

    # --- indicators -------------------------------------------------------------------
    def _indicator(self, document: Document, sent: Span, kind: str, severity: str, tok: Token,
                   dates: list[DateHit], ents: ArticleEntities) -> Indicator:
        hit = date_for(tok, dates)
        value, _, basis, _ = _dated(hit, document.article.published, {})
        frame = framing(clause_head(tok), self.lex)
        attribution = None
        if frame.speaker is not None:
            speaker = resolve(frame.speaker, ents, self.lex)
            attribution = Attribution(speaker=speaker.name if speaker else frame.speaker.text,
                                      text=f"{frame.speaker.text} {frame.speech.text}" if frame.speech is not None else frame.speaker.text)
        return Indicator(kind=kind, severity=severity, date=value, date_basis=basis,
                         evidence=Evidence(article_id=document.article.id, sentence=sent.text.strip(),
                                           start=sent.start_char, end=sent.end_char),
                         attribution=attribution)


def _typer(config: Config):
    from tocsin.coding.typing import EventTyper, TyperModelError

    try:
        return EventTyper.load(config)
    except TyperModelError:
        return None  # the lexicon alone codes; reasons["type"] then names no typer


def _refusal(group: TriggerHit, head: Token, lex: Lexicon, negated: bool = True) -> tuple[TriggerHit, Framing] | None:
    """'would not provide support', 'will not attend': a cooperative act its actor says they will not
    do is a rejection (CAMEO 12), an event of its own, not a mere absent event; with ``negated`` False,
    the act a speaker says they will do ("announced it would free prisoners") is a stated intent (03)."""
    table = REFUSALS if negated else INTENTS
    if group.nominal or head.pos_ != "VERB" or not group.cameo or group.cameo[:2] not in table:
        return None
    modal = next((c for c in head.children if c.dep_ == "aux" and c.lower_ in _FUTURE), None)
    if modal is None:
        return None  # "did not provide": it did not happen, nobody refused
    speech = next((a for a in head.ancestors if a.lemma_.lower() in lex.cue("status", "speech")), None)
    if speech is None and not negated:
        return None  # an intent is what someone says they will do
    code = table[group.cameo[:2]]
    refused = TriggerHit(group.token, group.tokens, code, group.count, group.cls, group.source, group.nominal,
                         group.absorbed)
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None) if speech is not None else None
    what = f"refusal ('{modal.text} not {head.text}')" if negated else f"stated intent ('{modal.text} {head.text}')"
    return refused, Framing("reported", True, speaker, speech, f"{what}: CAMEO {code}, not the act itself")


def _same_as_speaker(pronoun: Token, speaker: Token | None) -> bool:
    """The subject pronoun of a reported clause, agreeing in number with the speaker, is the speaker
    ("Obama said he would not ...", "the ministers said they had ..."): used when coreference has
    no antecedent yet."""
    if speaker is None or pronoun.pos_ != "PRON" or speaker.pos_ not in {"PROPN", "NOUN"}:
        return False
    if pronoun.dep_ != "nsubj" or pronoun.head.dep_ != "ccomp" or pronoun.head.head.i != speaker.head.i:
        return False  # only the subject of the clause the speaker reports, not of a clause inside it
    plural = speaker.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in speaker.children)
    return pronoun.lower_ in ({"they", "we"} if plural else {"he", "she", "it"})


def _who(actor: Actor) -> tuple:
    return actor.country, actor.role, actor.name or actor.text


def _actor_head(actor: Actor | None, sent: Span) -> Token | None:
    if actor is None or actor.start is None or actor.end is None:
        return None
    span = sent.doc.char_span(actor.start, actor.end, alignment_mode="expand")
    return span.root if span is not None else None


def _joint_pairs(mention: Mention, sent: Span, ents: ArticleEntities, lex: Lexicon) -> list[Mention]:
    """One mention per pair of actors of a dyadic (non-ACLED) event, as CAMEO codes joint actors.

    "The US and Russia condemned Iran": each condemns Iran; "X, Y and Z met" (a reciprocal act with
    no target: CAMEO roots in RECIPROCAL_ROOTS): each meets each other; "X held talks with Y" (a
    consultation, MUTUAL_ROOTS): X meets Y and Y meets X. Violence, protests and arrests stay one
    mention per clause: their counts are the episode's."""
    if mention.plover.type in _COUNTED_TYPES or not mention.cameo or not mention.confidence >= 0.3:
        return [mention]
    heads = [_actor_head(mention.source_actor, sent), _actor_head(mention.target_actor, sent)]
    sides: list[list[Actor]] = []
    for actor, head in zip((mention.source_actor, mention.target_actor), heads):
        group = [actor] if actor is not None else []
        if actor is not None and head is not None:
            # "X and Y", and lists parsed as an apposition: "the US, Russia, and Switzerland"
            listed = [c for c in head.children if c.dep_ == "appos" and c.conjuncts]
            for tok in [*head.conjuncts, *listed, *(t for c in listed for t in c.conjuncts)]:
                other = resolve(tok, ents, lex)
                if other is not None and _who(other) != _who(actor):
                    group.append(other)
        sides.append(group)
    sources, targets = sides
    root = mention.cameo[:2]
    if len(sources) > 1 and not targets and root in RECIPROCAL_ROOTS:
        pairs = [(a, b) for a in sources for b in sources if a is not b]
        why = "joint actors of a reciprocal act: one event per ordered pair"
    else:
        pairs = [(a, b) for a in sources or [None] for b in targets or [None]]
        why = "joint actors: one event per pair"
        if root in MUTUAL_ROOTS and sources and targets:
            pairs += [(b, a) for a, b in pairs]
            why = "a consultation is mutual: one event per direction and pair"
    pairs = [(a, b) for a, b in pairs if a is None or b is None or _who(a) != _who(b)]
    if len(pairs) < 2:
        return [mention]
    out = []
    key = f"{mention.trigger.text}@{mention.trigger.start}"
    for source, target in pairs:
        copy = mention.model_copy(deep=True, update={"source_actor": source, "target_actor": target})
        copy.reasons["pair"] = f"{why} ('{key}')"
        out.append(copy)
    return out


def _reported_clause(tok: Token, lex: Lexicon) -> Token | None:
    """The verb of the clause a reporting verb reports ("said [he would not help]"), else None."""
    if tok.lemma_.lower() not in lex.cue("status", "speech"):
        return None
    return next((c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}), None)


def _harmed(mention: Mention) -> bool:
    """Someone other than the security forces was killed or injured in this mention."""
    hurt = any((c := getattr(mention.counts, kind)) is not None and (c.best or c.low or 0) > 0
               for kind in ("killed", "injured"))
    target = mention.target_actor.role if mention.target_actor else None
    return hurt and target not in _STATE_FORCES


_ONE_PERSON = {"he", "she", "him", "her"}


def _meets_crowd(response: Mention, protest: Mention) -> bool:
    """The response could be to the protest's crowd: people named or counted, not one person, nor a noun
    in the protest's own sentence ("protested against the arrest of the editor": the grievance)."""
    target = response.target_actor
    if target is None and not any(getattr(response.counts, kind) is not None for kind in COUNT_KINDS):
        return False  # "he was arrested" unparsed: whom it met must be said, or counted ("26 arrested")
    if target is not None and (target.text.lower() in _ONE_PERSON or (target.basis or "").startswith("named person")):
        return False
    nominal = response.reasons.get("status", "").startswith("noun trigger")
    return not (nominal and response.sentence_index == protest.sentence_index)


def _type_protest_by_response(mentions: list[Mention]) -> None:
    """ACLED types a protest by how it was met: arrests or dispersal without serious harm make a
    protest with intervention; security forces killing or injuring protesters make excessive force.

    The response is read from the asserted, current mentions of the protest's episode (its
    sentence and the next EPISODE_SENTENCES - 1) on the same date, or undated; protesters who turn violent
    are a riot, which the coder has already typed (only peaceful protests are retyped)."""
    for protest in mentions:
        acled = protest.acled.sub_event_type if protest.acled else None
        if acled not in {"Peaceful protest", "Protest with intervention"} or protest.historical \
                or protest.status not in {"reported", "claimed"}:
            continue
        episode = [m for m in mentions if not m.historical and m.status in {"reported", "claimed"}
                   and (m.date == protest.date or "publication" in {m.date_basis, protest.date_basis})
                   and 0 <= m.sentence_index - protest.sentence_index < EPISODE_SENTENCES]
        response = [m for m in episode if m is not protest and m.reasons.get("class") in _INTERVENTION | _HARM
                    and (m.source_actor is None or m.source_actor.role in _STATE_FORCES) and _meets_crowd(m, protest)]
        harm = next((m for m in response if m.reasons.get("class") in _HARM and _harmed(m)), None)
        met = next((m for m in response if m.reasons.get("class") in _INTERVENTION), None)
        if harm is not None:
            new, why = "Excessive force against protesters", f"'{harm.trigger.text}' hurt people as the protest was met"
        elif acled == "Protest with intervention" and _harmed(protest):
            new, why = "Excessive force against protesters", "people were hurt as the protest was met"
        elif met is not None:
            new, why = "Protest with intervention", f"'{met.trigger.text}' met the protest without reported harm"
        else:
            continue
        if new == acled:
            continue
        protest.reasons["acled"] = f"episode: {why}; {protest.reasons.get('acled', '')} gave {acled}"
        protest.acled = Acled(event_type="Protests", sub_event_type=new)


def _fold_outcomes(mentions: list[Mention]) -> list[Mention]:
    """'Militias clashed in X. 4 people were killed.': a casualty report with no actor of its own
    in the next sentences is the outcome of the violent event before it, not a new event."""
    out: list[Mention] = []
    for m in mentions:
        cls = m.reasons.get("class", "")
        prior = [e for e in out if e.plover.type in {"ASSAULT", "PROTEST"} and not e.historical
                 and m.sentence_index - 3 <= e.sentence_index <= m.sentence_index and e.status == m.status
                 and (e.source_actor is not None or e.target_actor is not None)]  # a host that says who
        casualty = cls in _CASUALTY and m.plover.type == "ASSAULT" and not m.historical and "clause" not in m.reasons and \
            (m.source_actor is None or any(e.source_actor and e.source_actor.name == m.source_actor.name for e in prior))
        host = next((e for e in prior if all(getattr(e.counts, k) is None for k in COUNT_KINDS
                                                       if getattr(m.counts, k) is not None)), None)
        if casualty and host is not None and any(getattr(m.counts, k) for k in COUNT_KINDS):
            for kind in COUNT_KINDS:
                if getattr(m.counts, kind) is not None:
                    setattr(host.counts, kind, getattr(m.counts, kind))
                    host.reasons[f"count_{kind}"] = f"outcome reported in sentence {m.sentence_index}: '{m.evidence.sentence[:80]}'"
            continue
        out.append(m)
    return out


def _sentences(doc, text: str | None = None) -> list[Span]:
    """spaCy's sentences, also cut at blank lines (a headline is not part of the lead); ``text``:
    ``doc.text``, where the caller has it already."""
    out = []
    # the line breaks, from one array read (iterating the Doc builds a Token per word)
    breaks = [i for i in (doc.to_array(IS_SPACE).nonzero()[0].tolist() if len(doc) else []) if "\n" in doc[i].text]
    k = 0
    for sent in doc.sents:
        start = sent.start
        while k < len(breaks) and breaks[k] < sent.end:
            i = breaks[k]
            k += 1
            if i > start:  # (a break that opens the piece stays in it)
                out.append(doc[start:i])
                start = i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    text = doc.text if text is None else text
    return [s for s in out if text[s.start_char:s.end_char].strip()]


def _penalty(tok: Token, lex: Lexicon) -> bool:
    """A court's penalty: "convicted", "sentenced", "found guilty" (``cues.toml [triggers] penalty``)."""
    words = lex.cue("triggers", "penalty")
    return tok.lemma_.lower() in words or any(c.lemma_.lower() in words for c in tok.children
                                              if c.dep_ in {"acomp", "oprd", "dobj", "advmod"})


def _is_headline(sent: Span) -> bool:
    """The sentence is the article's headline (``salience.headline_end``), whole."""
    end = headline_end(sent.doc.text)
    return sent.start == 0 and 0 < end <= sent.end_char


def _syntactic_head(group: TriggerHit) -> Token:
    """The token whose arguments are the event's actors: the verb if the group has one."""
    for hit in [group, *group.absorbed]:
        if not hit.nominal:
            return hit.token
    return group.token


def _groups(hits: list[TriggerHit]) -> list[TriggerHit]:
    """Triggers of one clause become one mention; the most specific one leads."""
    by_clause: dict[int, list[TriggerHit]] = {}
    at = {h.token.i: h for h in hits}
    verb_key: dict[int, int] = {}
    for hit in sorted(hits, key=lambda h: h.nominal):
        key = hit.token.i if not hit.nominal else verb_key.get(clause_head(hit.token).i, clause_head(hit.token).i)
        gov = hit.token.head
        if not hit.nominal and gov.i in at and gov.i != hit.token.i:
            # "attacked and killed", "killed and wounded": outcomes of one act; "fought using guns"
            if hit.token.dep_ == "conj" and {hit.cls, at[gov.i].cls} <= _CASUALTY or \
                    hit.source != "tocsin" and hit.token.dep_ in {"advcl", "xcomp", "acl"} or \
                    hit.cls in _CASUALTY and at[gov.i].cls in _VIOLENT and hit.token.dep_ in {"advcl", "conj", "xcomp"}:
                key = verb_key.get(gov.i, gov.i)
        if not hit.nominal and hit.cls in {"kill", "injure"} and hit.token.dep_ in {"advcl", "conj", "xcomp"} \
                and hit.token.head.pos_ == "VERB" and key == hit.token.i:
            key = verb_key.get(hit.token.head.i, hit.token.head.i)  # "an IED exploded, killing two": one event
        if not hit.nominal and hit.cls in _CASUALTY and key == hit.token.i:
            # "40 killed and dozens injured": 'injured' hangs off 'dozens', itself joined to 'killed'
            up = [a for a in list(hit.token.ancestors)[:3] if a.i in at and at[a.i].cls in _CASUALTY]
            if up:
                key = verb_key.get(up[0].i, up[0].i)
        if not hit.nominal:
            verb_key[hit.token.i] = key
        if hit.nominal and hit.token.head.lemma_.lower() in {"quell", "stem", "stop", "calm", "curb", "end", "prevent"}:
            key = hit.token.i  # "to stem the violence between X and Y": the violence stands on its own
        by_clause.setdefault(key, []).append(hit)
    out = []
    for members in by_clause.values():
        members.sort(key=lambda h: (h.source != "tocsin", class_rank(h.cls)))
        said = next((h for h in members if not h.nominal and h.source.startswith("cameo") and h.cameo
                     and h.cameo[:2] in _VERBAL_ROOTS and h.token.lemma_.lower() not in _LIGHT_VERBS
                     and not any(c.dep_ == "dobj" and c.lemma_.lower() in _OWN_DEED for c in h.token.children)), None)
        if said is not None and members[0].nominal and clause_head(members[0].token).i == said.token.i and \
                all(h.nominal or h.cameo and h.cameo[:2] in _VERBAL_ROOTS for h in members):
            # "expressed sorrow for the shootings", "condemned the attack": the event is what was said or
            # done about it; the noun is its topic, reported elsewhere if at all ("claimed responsibility
            # for the attack" reports the attack)
            members = [said, *(h for h in members if not h.nominal and h is not said)]
        lead = members[0]
        lead.absorbed = [m for m in members[1:]]
        out.append(lead)
    return sorted(out, key=lambda h: h.token.i)


def _non_event(group: TriggerHit, lex: Lexicon) -> str | None:
    """Why a nominal trigger is a description, not an event (None if it is one)."""
    tok = group.token
    if not group.nominal or any(not a.nominal for a in group.absorbed):
        return None
    base = tok
    while base.dep_ == "conj":
        base = base.head
    if base.dep_ == "attr":
        return "predicate noun of a copula: a description"
    gov = base.head
    if base.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in lex.cue("status", "summary"):
        return "a summary of many events ('much of the ...')"
    if base.dep_ in {"dobj", "nsubj"} and gov.lemma_.lower() in lex.cue("status", "descriptive"):
        return f"object of a descriptive verb ('{gov.text}')"
    if base.dep_ == "pobj" and gov.head.lemma_.lower() in lex.cue("status", "cessation") and gov.head.pos_ == "NOUN":
        return f"what stopped ('{gov.head.text} {gov.text} ...'): a pause, not an event"
    return None


_PLACE_WORDS = {"town", "village", "city", "area", "territory", "base", "district", "control", "position", "hill",
                "checkpoint", "region", "province", "airport", "port", "front", "stronghold", "camp", "outpost", "border",
                "neighbourhood", "neighborhood", "county", "island", "valley", "road", "highway", "bridge", "ground"}
_WEAPON_WORDS = {"weapon", "arm", "ammunition", "explosive", "ied", "device", "bomb", "mine", "landmine", "rifle",
                 "gun", "grenade", "rocket", "missile", "firearm", "pistol", "detonator", "cache", "mortar"}


def _seized(group: TriggerHit) -> str | None:
    """What a seizure took: 'place' (territory), 'weapons', 'goods', or None (people, or unknown)."""
    verbs = [hit.token for hit in (group, *group.absorbed) if hit.cls == "seize"]
    obj = next((c for verb in verbs for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if obj is None:
        return None
    lemma = obj.lemma_.lower()
    if obj.ent_type_ in {"GPE", "LOC", "FAC"} or lemma in _PLACE_WORDS:
        return "place"
    if lemma in _WEAPON_WORDS:
        return "weapons"
    if obj.ent_type_ in {"PERSON", "NORP", "ORG", "CARDINAL"} or obj.pos_ in {"PROPN", "PRON", "NUM"} or obj.tag_ == "NNS" \
            and any(c.like_num for c in obj.children):
        return None  # people taken: a capture, not a seizure of territory
    return "goods"


def _political(actor: Actor | None) -> bool:
    return actor is not None and actor.role in {"GOV", "MIL", "POL", "REB", "OPP", "IGO", "JUD", "LEG", "NGO", "UNO"}


def _identity_sides(source: Actor | None, target: Actor | None) -> bool:
    return any(a is not None and any(i.startswith("ethnic:") for i in a.identity) for a in (source, target))


def _dated(hit: DateHit | None, published: str | None, reasons: dict[str, str]):
    if hit is not None:
        reasons["date"] = f"'{hit.text}' in the trigger's clause ({hit.basis})"
        return hit.date, hit.precision, hit.basis, hit.text
    reasons["date"] = "no date in the clause: publication date used"
    return published, ("day" if published else None), ("publication" if published else None), None


def _accepts(mention: Mention, kind: str) -> bool:
    if kind == "participants":
        return mention.plover.type == "PROTEST"
    if kind == "arrested":
        return mention.plover.type in {"COERCE", "PROTEST", "ASSAULT"}
    return mention.plover.type == "ASSAULT"


def _count_target(hit: CountHit, here: list[tuple[Mention, TriggerHit]]) -> Mention | None:
    """The mention in this sentence a count belongs to: its keyword's trigger, else the nearest."""
    candidates = [(m, g) for m, g in here if _accepts(m, hit.kind) and not m.historical]
    if not candidates:
        return None
    for mention, group in candidates:
        toks = {t.i for h in [group, *group.absorbed] for t in h.tokens}
        if hit.keyword.i in toks or hit.anchor.i in toks:
            return mention
    for mention, group in candidates:
        ancestors = {a.i for a in hit.keyword.ancestors} | {hit.keyword.i}
        if group.token.i in ancestors or any(a.token.i in ancestors for a in group.absorbed):
            return mention
    return min(candidates, key=lambda mg: abs(mg[1].token.i - hit.keyword.i))[0]
