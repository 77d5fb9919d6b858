"""Predictors: run tocsin's public pieces over labelled items and return the scorers' shapes.

Each adapter takes the labelled items and a Config and returns one prediction per item (the
shapes are documented in :mod:`tocsin.eval.scoring`). Components are imported when used, so a
missing one is a coded error (T704) for its task only.
"""

from __future__ import annotations

import importlib
import json
from typing import Any, Callable, Iterator, Sequence

from tocsin.config import Config
from tocsin.errors import EvalError, InputRejected
from tocsin.model import Event

BATCH = 64  # articles per Pipeline.process call (spaCy batches inside it with nlp.batch_size)
# spaCy English NER labels -> CoNLL-2003 classes; labels not listed (DATE, CARDINAL, MONEY...) are O.
SPACY_TO_CONLL = {
    "PERSON": "PER",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}


def component(module: str, name: str, what: str) -> Any:
    """``module.name``, or a coded error saying which component is missing."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise EvalError(f"component {what} not available ({module}.{name}: {exc})",
                        fix=f"install or finish {module}; other tasks still run", code="T704") from exc


def _batches(seq: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


_PIPELINES: dict[str, Any] = {}  # one Pipeline per distinct config: building one loads spaCy


def _pipeline(config: Config) -> Any:
    key = json.dumps(config.values, sort_keys=True, default=str)
    if key not in _PIPELINES:
        pipeline_cls = component("tocsin.pipeline", "Pipeline", "pipeline")
        try:
            _PIPELINES[key] = pipeline_cls(config)
        except ImportError as exc:  # a stage (coder, geocoder, merger) has not landed
            raise EvalError(f"component pipeline stage not available ({exc})",
                            fix="finish the stage named; tasks without the pipeline still run", code="T704") from exc
    return _PIPELINES[key]


def run_pipeline(items: Sequence[dict], config: Config) -> list[Any]:
    """The processed Document per item (None when ingest rejected the text: 'no event')."""
    article_from_text = component("tocsin.ingest", "article_from_text", "ingest (article_from_text)")
    pipeline = _pipeline(config)
    out: list[Any] = []
    for batch in _batches(items, BATCH):
        articles, where = [], []
        for item in batch:
            try:
                articles.append(article_from_text(item["text"], published=item.get("published"), config=config))
                where.append(len(articles) - 1)
            except InputRejected:
                where.append(None)
        docs = pipeline.process(articles)
        out.extend(None if i is None else docs[i] for i in where)
    return out


def run_events(items: Sequence[dict], config: Config) -> list[list[Event] | None]:
    """Events per item (None when ingest rejected the text)."""
    return [None if doc is None else doc.events for doc in run_pipeline(items, config)]


def salient_events(items: Sequence[dict], config: Config, *, prefer_acled: bool) -> list[Event | None]:
    """Each item's main event by the system's own rule (``tocsin.coding.salience.main_event``)."""
    main_event = component("tocsin.coding.salience", "main_event", "salience (tocsin.coding.salience)")
    return [None if doc is None else main_event(doc.events, doc.article.text, config, prefer_acled=prefer_acled)
            for doc in run_pipeline(items, config)]


def _count(event: Event, kind: str) -> int | None:
    count = getattr(event.counts, kind)
    if count is None:
        return None
    return count.best if count.best is not None else count.low


def doc_events(items: Sequence[dict], config: Config) -> list[dict | None]:
    """The most salient event per note, mapped to ACLED's fields."""
    preds = []
    for event in salient_events(items, config, prefer_acled=True):
        if event is None:
            preds.append(None)
            continue
        loc = event.location
        preds.append({
            "event_type": event.acled.event_type if event.acled else None,
            "sub_event_type": event.acled.sub_event_type if event.acled else None,
            "fatalities": _count(event, "killed"),
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "iso3": loc.country if loc else None,
            "date": event.date, "plover": event.plover.type, "confidence": event.confidence,
        })
    return preds


def crosswalk() -> Any:
    """The coder's crosswalk (the tables in tocsin/data/crosswalk/, cached by Crosswalk.load)."""
    return component("tocsin.coding.crosswalk", "Crosswalk", "crosswalk (tocsin.coding.crosswalk)").load()


def event_type(items: Sequence[dict], config: Config) -> list[str | None]:
    """CASE 2021 label of the most salient ACLED-typed event, through the shared crosswalk.

    An event with no ACLED type has no CASE label in the crosswalk: predicted None (wrong)."""
    walk = crosswalk()
    preds = []
    for event in salient_events(items, config, prefer_acled=True):
        acled = event.acled if event else None
        preds.append(walk.case_label_for_acled(acled.sub_event_type) if acled else None)
    return preds


def mode_aliases() -> dict[str, str]:
    """PLOVER mode spellings -> the manual's, from the shared crosswalk (mode_aliases.tsv)."""
    return dict(crosswalk().mode_aliases)


def plover(items: Sequence[dict], config: Config) -> list[dict | None]:
    """PLOVER type and mode of the story's most salient event (any type, not only ACLED ones)."""
    preds = []
    for event in salient_events(items, config, prefer_acled=False):
        if event is None:
            preds.append(None)
            continue
        preds.append({"event": event.plover.type, "mode": event.plover.mode,
                      "source": event.source_actor.country if event.source_actor else None,
                      "target": event.target_actor.country if event.target_actor else None})
    return preds


def actor_code(actor: Any) -> str:
    """CAMEO-style actor code: ISO3 (or '---') + role, e.g. 'USAGOV', '---GOV', 'RUS'."""
    if actor is None:
        return "---"
    return (actor.country or "---") + (actor.role or "")


def sentence_config(config: Config) -> Config:
    """Sentence-level files hold single sentences, not articles: no minimum article length."""
    return config.with_overrides({"ingest.min_chars": 1})


def cameo(items: Sequence[dict], config: Config) -> list[list[dict]]:
    """Every current event with a CAMEO code: event data codes what a sentence reports as new, so the
    background it recalls ("a mayor jailed over a year ago") is left out, as it is from the counts."""
    return [[{"code": e.cameo, "source": actor_code(e.source_actor), "target": actor_code(e.target_actor)}
             for e in events or [] if e.cameo and not e.historical] for events in run_events(items, sentence_config(config))]


def sent_detect(items: Sequence[dict], config: Config) -> list[dict[str, bool]]:
    """Police actions reported in each sentence, through the coder's own mapping over its mentions."""
    try:
        police_actions: Callable = component("tocsin.coding", "police_actions", "police action mapping")
    except EvalError:
        police_actions = component("tocsin.coding.police", "police_actions", "police action mapping")
    return [{label: True for label in police_actions(doc.mentions)} if doc is not None else {}
            for doc in run_pipeline(items, sentence_config(config))]


def geoparse_resolution(items: Sequence[dict], config: Config) -> list[list[tuple[float, float] | None]]:
    """Coordinates for each gold span, the spans given to the geoparser."""
    geoparse = component("tocsin.geo", "geoparse", "geoparser (tocsin.geo.geoparse)")
    preds = []
    for item in items:
        spans = [(m["start"], m["end"]) for m in item["gold"]]
        by_span = {(p.start, p.end): p for p in geoparse(item["text"], spans=spans, config=config)}
        preds.append([(by_span[s].lat, by_span[s].lon) if s in by_span and by_span[s].lat is not None else None
                      for s in spans])
    return preds


def geoparse_end_to_end(items: Sequence[dict], config: Config) -> list[list[dict]]:
    """Places the geoparser finds on its own."""
    geoparse = component("tocsin.geo", "geoparse", "geoparser (tocsin.geo.geoparse)")
    return [[{"start": p.start, "end": p.end, "lat": p.lat, "lon": p.lon}
             for p in geoparse(item["text"], spans=None, config=config) if p.start is not None]
            for item in items]


def cluster(items: Sequence[dict], config: Config) -> dict[str, Any]:
    """Cross-document grouping of the whole file."""
    cluster_documents = component("tocsin.dedupe", "cluster_documents", "clustering (tocsin.dedupe.cluster_documents)")
    return cluster_documents([(i["id"], i["text"], i.get("published")) for i in items], config)


def ner(items: Sequence[dict], config: Config) -> list[list[str]]:
    """The configured spaCy model's entities on the given tokens, as CoNLL IOB2 tags."""
    from spacy.tokens import Doc

    from tocsin.nlp import load_nlp

    nlp = load_nlp(config)
    docs = (Doc(nlp.vocab, words=i["tokens"], spaces=[True] * len(i["tokens"])) for i in items)
    # Only what entities depend on runs: a component that listens to a shared tok2vec keeps it.
    needed = {"ner", *_listened_to(nlp, "ner")}
    skip = [name for name in nlp.pipe_names if name not in needed]
    preds = []
    for doc in nlp.pipe(docs, batch_size=config["nlp"]["batch_size"], disable=skip):
        tags = ["O"] * len(doc)
        for ent in doc.ents:
            kind = SPACY_TO_CONLL.get(ent.label_)
            if kind:
                tags[ent.start:ent.end] = [f"B-{kind}"] + [f"I-{kind}"] * (ent.end - ent.start - 1)
        preds.append(tags)
    return preds


def _listened_to(nlp: Any, name: str) -> list[str]:
    """The shared embedding components (tok2vec, transformer) that component ``name`` listens to."""
    return [upstream for upstream, pipe in nlp.pipeline if name in getattr(pipe, "listening_components", [])]
