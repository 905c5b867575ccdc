"""Plain data records passed between pipeline stages.

Every stage is a pure function of these records, so a stage can run in another
process (or on a Ray worker) as long as the records pickle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
    date_source: str = "none"  # metadata | byline | latest-date-in-text | none
    kind: str = "news"  # news | encyclopedia | report
    furniture: tuple[tuple[int, int], ...] = ()

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
