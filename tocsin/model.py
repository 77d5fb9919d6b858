"""The one data model every stage shares (see EVENT_SCHEMA in the docs).

Records are pydantic models: typed, validated, and JSON round-trippable with
``Model.model_validate_json(record.model_dump_json())``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Status = Literal["reported", "claimed", "requested", "threatened", "denied", "hypothetical"]
DatePrecision = Literal["day", "week", "month", "year"]
DateBasis = Literal["explicit", "relative", "publication"]
GeoPrecision = Literal["place", "admin2", "admin1", "country"]
COUNT_KINDS: tuple[str, ...] = ("killed", "injured", "arrested", "displaced", "participants")


class Record(BaseModel):
    """Base: forbids unknown fields so schema drift fails loudly."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    """A stretch of an article's clean text."""

    text: str
    start: int
    end: int


class Article(Record):
    """One cleaned news document, the unit of ingest."""

    id: str = Field(description="content hash of the clean text (sha1, 16 hex)")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO date YYYY-MM-DD")
    published_basis: str | None = Field(None, description="where the date came from")
    text: str
    source: str | None = Field(None, description="outlet, feed or file it came from")
    origin: str | None = Field(None, description="path or URL read, with record locator")
    language: str = "en"


class Evidence(Record):
    """A sentence supporting an event, with offsets into the article's clean text."""

    article_id: str
    sentence: str
    start: int
    end: int
    trigger: Span | None = Field(None, description="the trigger word(s) in this sentence, article offsets")


class Actor(Record):
    """Who did it / to whom."""

    text: str
    name: str | None = None
    country: str | None = Field(None, description="ISO3")
    role: str | None = Field(None, description="CAMEO/PLOVER sector: GOV MIL POL REB OPP CVL PPL MED ...")
    identity: list[str] = Field(default_factory=list, description="ethnic:NAME / religion:NAME")
    start: int | None = None
    end: int | None = None
    basis: str | None = Field(None, description="why this name/country/role was chosen")


class Place(Record):
    """A resolved location."""

    text: str | None = None
    name: str | None = None
    country: str | None = Field(None, description="ISO3")
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = Field(None, description="GeoNames feature class.code, e.g. P.PPLA")
    precision: GeoPrecision | None = None
    basis: str | None = None
    start: int | None = None
    end: int | None = None


class Count(Record):
    """A casualty or participant figure as a range."""

    low: int | None = None
    best: int | None = None
    high: int | None = None
    text: str
    start: int | None = None
    end: int | None = None


class Counts(Record):
    killed: Count | None = None
    injured: Count | None = None
    arrested: Count | None = None
    displaced: Count | None = None
    participants: Count | None = None


class Plover(Record):
    type: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)


class Acled(Record):
    event_type: str
    sub_event_type: str


class Attribution(Record):
    speaker: str | None = None
    text: str


class Mention(Record):
    """One event as one sentence (or clause) of one article reports it."""

    article_id: str
    sentence_index: int
    trigger: Span
    plover: Plover
    cameo: str | None = None
    acled: Acled | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis | None = None
    date_text: str | None = None
    source_actor: Actor | None = None
    target_actor: Actor | None = None
    location: Place | None = None
    counts: Counts = Field(default_factory=Counts)
    status: Status = "reported"
    historical: bool = False
    attribution: Attribution | None = None
    evidence: Evidence
    confidence: float = 0.5
    reasons: dict[str, str] = Field(default_factory=dict, description="field -> why it was chosen")


class Event(Record):
    """The public event record: one real-world event, merged over its mentions."""

    event_id: str
    plover: Plover
    cameo: str | None = None
    acled: Acled | None = None
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_basis: DateBasis | None = None
    source_actor: Actor | None = None
    target_actor: Actor | None = None
    location: Place | None = None
    counts: Counts = Field(default_factory=Counts)
    status: Status = "reported"
    historical: bool = False
    attribution: Attribution | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    confidence: float = 0.5
    reasons: dict[str, str] = Field(default_factory=dict)
    merged_from: list[str] = Field(default_factory=list, description="event ids absorbed into this one")
    mentions: int = 1


class Indicator(Record):
    """A humanitarian signal (food, water, power, medicine, shelter, displacement) for a place and date."""

    kind: Literal["food", "water", "power", "medicine", "shelter", "displacement", "health"]
    severity: Literal["shortage", "crisis"] = "shortage"
    location: Place | None = None
    date: str | None = None
    date_basis: DateBasis | None = None
    evidence: Evidence
    attribution: Attribution | None = None


class Extraction(Record):
    """What `tocsin extract` prints for one article."""

    article: Article
    events: list[Event] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)


class Rejection(Record):
    """A document that was not used, and why (a coded, one-line reason)."""

    origin: str
    status: Literal["skipped", "failed"]
    code: str
    reason: str
