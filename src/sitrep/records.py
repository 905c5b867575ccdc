"""Plain data records passed between pipeline stages.

Every stage is a pure function of these records, so a stage can run in another
process (or on a Ray worker) as long as the records pickle.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

# where a publication date is stated (not only inferred from the text)
STATED_DATE_SOURCES = frozenset({"metadata", "byline", "build-option"})


@dataclass(frozen=True)
class Document:
    """One input document.

    ``text`` is the text every character offset refers to: the decoded file for
    .txt/.md, the extracted main text for .html/.pdf. ``furniture`` lists
    ``(start, end)`` spans of page furniture (adverts, banners, captions,
    citation markers, reference lists) that extraction must ignore; they stay
    in ``text`` so offsets never shift.
    """

    doc_id: str
    doc_file: str
    path: str
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    date_source: str = "none"  # metadata | byline | build-option | latest-date-in-text | none
    kind: str = "news"  # news | encyclopedia | report
    furniture: tuple[tuple[int, int], ...] = ()

    @property
    def stated_date(self) -> date | None:
        """The publication date the document (or the build) states; None when it is only
        inferred from the text or unknown: relative dates hang only on a stated one."""
        return self.published if self.date_source in STATED_DATE_SOURCES else None

    @property
    def analysis_text(self) -> str:
        """``text`` with furniture blanked to spaces (newlines kept): same length."""
        if not self.furniture:
            return self.text
        chars = list(self.text)
        for start, end in self.furniture:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


@dataclass(frozen=True)
class FailedDocument:
    """An input that could not be ingested, with a one-line reason."""

    path: str
    doc_file: str
    reason: str


@dataclass(frozen=True)
class StoredDocument:
    """A file whose text is already stored, analysed as this build would analyse it: only
    its identity is read (see ``stored`` in :func:`sitrep.ingest.iter_documents`)."""

    doc_id: str
    doc_file: str
    path: str


@dataclass(frozen=True)
class Place:
    """A resolved place: where an event happened, at which precision."""

    name: str  # the text as written
    matched: str  # gazetteer name it resolved to
    feature: str  # country | province | district | village | landmark | city | region
    country: str
    iso: int  # ISO 3166-1 numeric (ACLED's ``iso`` column)
    region: str  # ACLED region name
    admin1: str | None
    admin2: str | None
    admin3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int  # ACLED 1 (town/village), 2 (near / part of region), 3 (larger region)
    score: float  # 0..100 match score
    reason: str = ""  # why this candidate was chosen


@dataclass(frozen=True)
class Timex:
    """A resolved temporal expression (character offsets into the text given)."""

    start: int
    end: int
    text: str
    date_from: date
    date_to: date
    precision: int  # ACLED time_precision: 1 day, 2 week/few days, 3 month or longer
    kind: str  # absolute | relative | weekday | vague | range | year | month


FOLLOW_UP = "follow-up"  # flag of a mention telling more of an event already found


@dataclass
class Mention:
    """One event as reported in one sentence of one document."""

    mention_id: str
    doc_id: str
    doc_file: str
    event_date: date | None
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str  # place text as written ('' when none)
    place: Place | None
    char_start: int
    char_end: int
    evidence: str  # == document.text[char_start:char_end]
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    inter1: int | None = None
    inter2: int | None = None
    civilian_targeting: str = ""
    fatalities: int | None = None
    fatalities_high: int | None = None
    wounded: int | None = None
    captured: int | None = None
    claimant: str = ""
    hedged: bool = False
    disputed_by: str = ""
    trigger: str = ""
    notes: str = ""
    flags: list[str] = field(default_factory=list)
    # a later sentence telling more of an event already found (its toll, "the attack"):
    # the mention_id of that event's mention, which the merge joins it to
    anchor: str = ""


@dataclass
class Claim:
    """One assertion about an event or a figure, by one claimant, with its sources."""

    claim_id: str
    event_id_cnty: str
    subject: str  # event | fatalities | captured | strength | control
    value: str
    claimant: str  # "" when the reporting outlet states it without attribution
    reported_by: list[str]  # doc ids
    disputed_by: list[str]
    status: str  # confirmed | claimed | contested | refuted | reported
    quote: str
    doc_id: str
    char_start: int
    char_end: int
    low: int | None = None
    high: int | None = None
    mention_ids: list[str] = field(default_factory=list)
    hedged: bool = False
    sub_event_types: list[str] = field(default_factory=list)


@dataclass
class Event:
    """One real event, merged from one or more mentions."""

    event_id_cnty: str
    event_date: date | None  # None: undated (tag "undated")
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    assoc_actor_1: str
    assoc_actor_2: str
    inter1: int | None
    inter2: int | None
    civilian_targeting: str
    place: Place | None
    location: str
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    captured: int | None
    claimed_by: list[str]
    disputed_by: list[str]
    status: str
    doc_ids: list[str]
    mention_ids: list[str]
    evidence: str
    tags: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)  # every mention's place, distinct


@dataclass(frozen=True)
class ControlStatement:
    """One sentence's statement that an actor holds (part of) a place, or left it.

    ``controller`` is the holder (``holds``/``share``) or the actor that withdrew
    (``withdrew``); ``successor`` who takes a place over after a withdrawal.
    ``evidence == document.text[char_start:char_end]`` (the sentence).
    """

    statement_id: str
    doc_id: str
    doc_file: str
    place: Place
    controller: str
    kind: str  # holds | share | withdrew
    date: date | None
    time_precision: int
    char_start: int
    char_end: int
    evidence: str
    successor: str = ""
    share_low: int | None = None
    share_high: int | None = None
    claimant: str = ""
    by_party: bool = False  # the claimant is a party (actor, person, official), not an outlet
    hedged: bool = False
    flags: tuple[str, ...] = ()  # date-from-context, date-from-publication


def _to_json(record: Mention | ControlStatement) -> str:
    """Lossless JSON of a record (dates as ISO strings, keys sorted)."""
    return json.dumps(asdict(record), default=lambda o: o.isoformat(), sort_keys=True)


def mention_to_json(m: Mention) -> str:
    """Lossless JSON of a mention (the store's ``record`` column)."""
    return _to_json(m)


def mention_from_json(text: str) -> Mention:
    """Inverse of :func:`mention_to_json`."""
    data = json.loads(text)
    if data.get("event_date"):
        data["event_date"] = date.fromisoformat(data["event_date"])
    if data.get("place"):
        data["place"] = Place(**data["place"])
    return Mention(**data)


def statement_to_json(s: ControlStatement) -> str:
    """Lossless JSON of a control statement (the store's ``record`` column)."""
    return _to_json(s)


def statement_from_json(text: str) -> ControlStatement:
    """Inverse of :func:`statement_to_json`."""
    data = json.loads(text)
    if data.get("date"):
        data["date"] = date.fromisoformat(data["date"])
    data["place"] = Place(**data["place"])
    data["flags"] = tuple(data.get("flags") or ())
    return ControlStatement(**data)
