"""Merge event mentions into events, and keep a ledger of who asserts what about them.

Matching is blocked so cost grows near-linearly: a mention is only compared with the
events already formed on the same day (or, for a mention dated to a week or a few days,
within :data:`DATE_WINDOW` days) in the same country and province (a mention placed at
country level is compared with every province of that day). Inside a block a mention
joins the best-scoring compatible event, compared against the event's profile (union of
actors, its places, a few distinct quotes), never against every member. Compatibility is
strict: same ACLED event type, actor sets that nest, places on one branch of the place
hierarchy (a province or valley-level place contains its districts; two different
districts, or two villages, never match). The score weighs sub-event type, actors,
place, figures and lexical similarity of the sentences (rapidfuzz ``token_set_ratio``).
When the sentence-embedding model is installed (:mod:`sitrep.nlp.embed`), the text term is
the mean of that lexical score and the best cosine similarity of the sentence embeddings
(rounded to 3 decimals, so decisions do not flip on float noise), and a mention from a
document the event does not have yet must be close in meaning to one of its sentences
(cosine >= :data:`SEMANTIC_FLOOR`): same-day, same-place mentions of different things by
different sources stay apart. Embeddings only score candidates inside a block, never
widen it; the floor is not applied within one document, where a follow-up sentence (a
claimed toll, a denial) elaborates an event with few words or meanings in common.

Mentions are processed in a canonical order (precise dates and fuller actor sets
first, then ``mention_id``, which is a hash of the document and span), so the result
does not depend on input order, hash seeds or the process it runs in.

Status, claimants, disputes and figures of an event come from the claims ledger
(:func:`build_claims`): one row per assertion (that the event happened, a figure, a
change of control) per claimant, with the documents that report it and the quote.
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pycountry
from rapidfuzz import fuzz

from sitrep.nlp import embed
from sitrep.records import Mention, Place

if TYPE_CHECKING:
    import numpy as np

Vectors = Mapping[str, "np.ndarray"]  # evidence sentence -> unit sentence embedding

DATE_WINDOW = 3  # days either side a week-precision mention may match a dated event
REFUTE_WINDOW = 10  # days after a claimed capture in which a re-capture refutes it
MATCH_THRESHOLD = 0.55
CROSS_DAY_THRESHOLD = 0.75
SAME_DOC_TEXT = 0.6  # text similarity for a same-document mention at another place to join
SEMANTIC_FLOOR = 0.45  # least cosine similarity for a mention from another document to join
TERRITORIAL = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
GENERIC_SUBTYPES = frozenset({"Armed clash", "Other", ""})
STATUS_ORDER = ("contested", "refuted", "confirmed", "claimed", "reported")


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
    event_date: date
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


# -- places -------------------------------------------------------------------------------


def place_key(m: Mention) -> str:
    """Key of a mention's place: country, province, district and gazetteer name."""
    p = m.place
    if p is None:
        return f"?{m.location.lower()}"
    return "|".join(x or "" for x in (p.country, p.admin1, p.admin2, p.matched))


def _level(p: Place | None) -> int:
    """0 unknown, 1 country, 2 province or valley, 3 district, 4 village or landmark."""
    if p is None:
        return 0
    if not p.admin1:
        return 1
    if not p.admin2:
        return 2
    return 3 if p.feature == "district" or p.matched == p.admin2 else 4


def contains(outer: Place | None, inner: Place | None) -> bool:
    """True when ``inner`` is ``outer`` or lies inside it (province ⊃ district ⊃ village)."""
    if outer is None or inner is None:
        return outer is None and inner is None
    if outer.country != inner.country:
        return False
    lo, li = _level(outer), _level(inner)
    if lo > li:
        return False
    if lo >= 2 and outer.admin1 != inner.admin1:
        return False
    if lo >= 3 and outer.admin2 != inner.admin2:
        return False
    return lo < 4 or outer.matched == inner.matched


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """One place contains the other: the same real place at two precisions."""
    return contains(a, b) or contains(b, a)


def _place_score(a: Place | None, b: Place | None) -> float:
    if a is None or b is None:
        return 0.5
    if _level(a) == _level(b):
        return 1.0
    return 0.7 if min(_level(a), _level(b)) >= 2 else 0.4


# -- clustering ---------------------------------------------------------------------------


def _actors(m: Mention) -> frozenset[str]:
    return frozenset(a for a in (m.actor1, m.actor2) if a)


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a <= b or b <= a


def _mode(values: Iterable[str], prefer: frozenset[str] = frozenset()) -> str:
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v in prefer, v))


@dataclass
class _Cluster:
    """An event being formed: its members and the profile new mentions are scored against."""

    members: list[Mention]
    event_type: str
    day: date
    precise: bool
    actors: frozenset[str]
    places: list[Place | None]
    subtypes: Counter[str]
    quotes: list[str]
    figures: set[int]
    docs: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # every distinct evidence sentence

    @classmethod
    def seed(cls, m: Mention) -> _Cluster:
        assert m.event_date is not None
        return cls(
            [m],
            m.event_type,
            m.event_date,
            m.time_precision == 1,
            _actors(m),
            [m.place],
            Counter([m.sub_event_type]),
            [m.evidence],
            {x for x in (m.fatalities, m.captured) if x is not None},
            {m.doc_id},
            [m.evidence],
        )

    def add(self, m: Mention) -> None:
        self.members.append(m)
        self.actors |= _actors(m)
        if all(place_key_of(p) != place_key_of(m.place) for p in self.places):
            self.places.append(m.place)
        self.subtypes[m.sub_event_type] += 1
        if m.evidence not in self.quotes and len(self.quotes) < 3:
            self.quotes.append(m.evidence)
        self.figures |= {x for x in (m.fatalities, m.captured) if x is not None}
        self.docs.add(m.doc_id)
        if m.evidence not in self.texts:
            self.texts.append(m.evidence)

    def semantic(self, m: Mention, vectors: Vectors) -> float | None:
        """Best cosine similarity (3 decimals) of ``m``'s sentence to the event's sentences."""
        mine = vectors.get(m.evidence)
        if mine is None:
            return None
        sims = [embed.similarity(vectors[t], mine) for t in self.texts if t in vectors]
        return max(sims) if sims else None

    def score(self, m: Mention, vectors: Vectors | None = None) -> float | None:
        """Match score in 0..1, or None when ``m`` cannot be this event."""
        if m.event_type != self.event_type or not _nested(self.actors, _actors(m)):
            return None
        if m.event_type == "Strategic developments" and not self.subtypes.get(m.sub_event_type):
            return None  # talks collapsing and a commander's appointment are two developments
        if not all(places_compatible(p, m.place) for p in self.places):
            return None
        sem = self.semantic(m, vectors) if vectors is not None else None
        if sem is not None and sem < SEMANTIC_FLOOR and m.doc_id not in self.docs:
            return None
        sub = 1.0 if self.subtypes.get(m.sub_event_type) else 0.6
        ours, theirs = self.actors, _actors(m)
        actors = len(ours & theirs) / len(ours | theirs) if ours and theirs else 0.5
        place = max(_place_score(p, m.place) for p in self.places)
        mine = {x for x in (m.fatalities, m.captured) if x is not None}
        numbers = 0.5 if not mine or not self.figures else (1.0 if mine & self.figures else 0.3)
        text = max(fuzz.token_set_ratio(q, m.evidence) for q in self.quotes) / 100
        if sem is not None:  # two views of one signal: shared words, shared meaning
            text = (text + sem) / 2
        if m.doc_id in self.docs and not self._retold_here(m, text):
            return None
        return 0.3 * sub + 0.25 * actors + 0.2 * place + 0.1 * numbers + 0.15 * text

    def _retold_here(self, m: Mention, text: float) -> bool:
        """Within one document a writer tells different events apart: a second mention
        joins only as the same kind of event at the same place, or in much the same words
        (a lead retold in the body)."""
        if m.sub_event_type not in {x.sub_event_type for x in self.members
                                    if x.doc_id == m.doc_id}:
            return False
        # a province or valley alone is where many events of a document fall: it only
        # tells them apart, it does not make them one
        specific = m.place is not None and (
            _level(m.place) >= 3 or m.place.feature in {"city", "village", "district"})
        # ... but ACLED codes one event per day, place, type and parties
        same_place = (specific or _actors(m) == self.actors) and any(
            place_key_of(p) == place_key_of(m.place) for p in self.places)
        return same_place or text >= SAME_DOC_TEXT


def place_key_of(p: Place | None) -> str:
    if p is None:
        return "?"
    return "|".join(x or "" for x in (p.country, p.admin1, p.admin2, p.matched))


def _order(m: Mention) -> tuple:
    """Canonical processing order: precise, specific, fully-actored mentions first."""
    return (m.event_date, m.time_precision, -len(_actors(m)), -_level(m.place), m.mention_id)


def _cluster(mentions: Iterable[Mention], vectors: Vectors | None = None) -> list[list[Mention]]:
    """Group dated mentions into events (see the module docstring); ``vectors`` maps
    evidence sentences to embeddings (None: lexical matching only)."""
    dated = sorted((m for m in mentions if m.event_date is not None), key=_order)
    # Two passes: day-precise mentions form the events; vaguer ones then join or seed.
    precise = [m for m in dated if m.time_precision == 1]
    vague = [m for m in dated if m.time_precision != 1]
    index: dict[tuple[date, str, str], list[_Cluster]] = defaultdict(list)
    provinces: dict[tuple[date, str], set[str]] = defaultdict(set)
    clusters: list[_Cluster] = []
    for m in [*precise, *vague]:
        assert m.event_date is not None
        country = m.place.country if m.place else "?"
        admin1 = (m.place.admin1 or "") if m.place else ""
        window = range(-DATE_WINDOW, DATE_WINDOW + 1) if m.time_precision == 2 else (0,)
        best: tuple[float, int, _Cluster] | None = None
        for offset in sorted(window, key=abs):
            day = m.event_date + timedelta(days=offset)
            firsts = sorted(provinces[(day, country)]) if not admin1 else sorted({admin1, ""})
            for a1 in firsts:
                for c in index.get((day, country, a1), ()):
                    if offset and not c.precise:
                        continue
                    s = c.score(m, vectors)
                    need = MATCH_THRESHOLD if offset == 0 else CROSS_DAY_THRESHOLD
                    if s is None or s < need:
                        continue
                    rank = (s, -abs(offset), c)
                    if best is None or (rank[0], rank[1]) > (best[0], best[1]):
                        best = (s, -abs(offset), c)
        if best is not None:
            target = best[2]
            target.add(m)
            # A province-level event made precise by a district mention is also indexed there.
            if admin1 and target not in index[(target.day, country, admin1)]:
                index[(target.day, country, admin1)].append(target)
                provinces[(target.day, country)].add(admin1)
            continue
        c = _Cluster.seed(m)
        clusters.append(c)
        index[(m.event_date, country, admin1)].append(c)
        provinces[(m.event_date, country)].add(admin1)
    return [c.members for c in clusters]


# -- events -------------------------------------------------------------------------------


def iso3(place: Place | None, default: str = "") -> str:
    """ISO 3166 alpha-3 code of a place's country (ACLED's event id prefix)."""
    if place is None:
        return default
    country = pycountry.countries.get(numeric=f"{place.iso:03d}")
    return country.alpha_3 if country else default


def merge(
    mentions: Iterable[Mention],
    default_iso3: str = "XXX",
    *,
    sides: Mapping[str, str] | None = None,
    publishers: Mapping[str, str] | None = None,
    semantic: bool | None = None,
) -> list[Event]:
    """Group mentions into events, number them, and fill their status from the claims.

    ``sides`` maps actor names to their side (two claimants of opposite sides that
    agree confirm a claim); ``publishers`` maps doc ids to outlets (two documents
    of one outlet are one source). Each event's ``claims`` holds its ledger rows.
    ``semantic`` uses sentence embeddings as well (None: when the model is installed).
    """
    mentions = list(mentions)
    vectors = sentence_vectors(mentions) if semantic or semantic is None else None
    if semantic and vectors is None:
        raise embed.EmbedError("semantic merging asked for, but the model is not installed")
    pairs = [(_event(g), g) for g in _cluster(mentions, vectors)]
    pairs.sort(
        key=lambda p: (
            p[0].event_date,
            (p[0].place.admin1 or "") if p[0].place else "",
            p[0].location,
            p[0].sub_event_type,
            p[0].mention_ids[0],
        )
    )
    counters: Counter[str] = Counter()
    for e, _ in pairs:
        prefix = iso3(e.place, default_iso3)
        counters[prefix] += 1
        e.event_id_cnty = f"{prefix}{counters[prefix]}"
    events = [e for e, _ in pairs]
    by_event = {
        e.event_id_cnty: sorted(g, key=lambda m: (m.doc_id, m.char_start, m.mention_id))
        for e, g in pairs
    }
    build_claims(events, by_event, sides=sides or {}, publishers=publishers or {})
    return events


def sentence_vectors(mentions: Iterable[Mention]) -> dict[str, np.ndarray] | None:
    """Embeddings of the dated mentions' evidence sentences, or None without the model
    (or when its files are unreadable: a warning, then lexical matching)."""
    if not embed.available():
        return None
    texts = sorted({m.evidence for m in mentions if m.event_date is not None})
    try:
        matrix = embed.encode(texts)
    except embed.EmbedError as exc:
        warnings.warn(f"sentence embeddings off: {exc}", stacklevel=2)
        return None
    return dict(zip(texts, matrix, strict=True))


def _event(group: list[Mention]) -> Event:
    group = sorted(group, key=lambda m: (m.doc_id, m.char_start, m.mention_id))
    head = group[0]
    sub = _mode((m.sub_event_type for m in group), prefer=GENERIC_SUBTYPES)
    kinds = [m for m in group if m.sub_event_type == sub] or group
    place = min(
        (m.place for m in group if m.place is not None),
        key=lambda p: (p.geo_precision, -_level(p), -p.score, p.matched),
        default=None,
    )
    places: dict[str, Place] = {}
    for m in group:
        if m.place is not None:
            places.setdefault(place_key_of(m.place), m.place)
    precise = [m for m in group if m.time_precision == 1] or group
    tags = sorted(
        {f for m in group for f in m.flags}
        | ({"hedged"} if any(m.hedged for m in group) else set())
    )
    return Event(
        event_id_cnty="",
        event_date=min(m.event_date for m in precise if m.event_date is not None),
        time_precision=min(m.time_precision for m in group),
        disorder_type=kinds[0].disorder_type,
        event_type=kinds[0].event_type,
        sub_event_type=sub,
        actor1=_mode(m.actor1 for m in group),
        actor2=_mode(m.actor2 for m in group),
        assoc_actor_1=_mode(m.assoc_actor_1 for m in group),
        assoc_actor_2=_mode(m.assoc_actor_2 for m in group),
        inter1=next((m.inter1 for m in group if m.inter1 is not None), None),
        inter2=next((m.inter2 for m in group if m.inter2 is not None), None),
        civilian_targeting=_mode(m.civilian_targeting for m in group),
        place=place,
        location=place.matched if place else head.location,
        fatalities=None,
        fatalities_low=None,
        fatalities_high=None,
        captured=None,
        claimed_by=[],
        disputed_by=[],
        status="reported",
        doc_ids=sorted({m.doc_id for m in group}),
        mention_ids=[m.mention_id for m in group],
        evidence=head.evidence,
        tags=tags,
        places=[places[k] for k in sorted(places)],
    )


# -- the claims ledger --------------------------------------------------------------------


def _disputers(mentions: Iterable[Mention]) -> list[str]:
    return sorted({d for m in mentions for d in m.disputed_by.split("; ") if d})


def _sources(docs: Iterable[str], publishers: Mapping[str, str]) -> int:
    """Independent sources: documents, counting one outlet once."""
    return len({publishers.get(d) or d for d in docs})


def _figure(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return str(low) if high is None or high == low else f"{low}-{high}"


def build_claims(
    events: Sequence[Event],
    mentions: Mapping[str, Sequence[Mention]],
    *,
    sides: Mapping[str, str],
    publishers: Mapping[str, str],
) -> list[Claim]:
    """Fill each event's ``claims`` and derive its status, claimants, disputes and figures.

    Claims are grouped by (subject, value, claimant); a group's quote is its first
    mention's sentence (``doc_id``, ``char_start``, ``char_end`` locate it).
    """
    out: list[Claim] = []
    for e in events:
        group = mentions.get(e.event_id_cnty, [])
        e.claims = _event_claims(e, group, sides, publishers)
    _refute(events)
    for e in events:
        _apply(e)
        out.extend(e.claims)
    return out


def _event_claims(
    e: Event, group: Sequence[Mention], sides: Mapping[str, str], publishers: Mapping[str, str]
) -> list[Claim]:
    disputed = _disputers(group)
    docs = {m.doc_id for m in group}
    independent = _sources(docs, publishers) > 1 and not all(m.hedged for m in group)
    raw: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)
    figures: dict[tuple[str, str, str], tuple[int | None, int | None]] = {}
    for m in group:
        raw[("event", e.sub_event_type, m.claimant)].append(m)
        if m.sub_event_type in TERRITORIAL and m.actor1:
            raw[("control", m.actor1, m.claimant)].append(m)
        if m.fatalities is not None:
            key = ("fatalities", _figure(m.fatalities, m.fatalities_high), m.claimant)
            raw[key].append(m)
            figures[key] = (m.fatalities, m.fatalities_high)
        if m.captured is not None:
            key = ("captured", str(m.captured), m.claimant)
            raw[key].append(m)
            figures[key] = (m.captured, m.captured)
    claims: list[Claim] = []
    subjects = ("event", "control", "fatalities", "captured", "strength")
    ordered = sorted(raw, key=lambda k: (subjects.index(k[0]), k[1], k[2]))
    for n, key in enumerate(ordered, 1):
        subject, value, claimant = key
        ms = sorted(raw[key], key=lambda m: (m.doc_id, m.char_start, m.mention_id))
        head = ms[0]
        own = _disputers(ms)
        against = disputed if subject in ("event", "control") else own
        same_value = [c for k, v in raw.items() if k[:2] == key[:2] for c in v]
        claim_sides = {sides.get(m.claimant, m.claimant) for m in same_value if m.claimant}
        party_sides = {sides.get(a, a) for m in same_value for a in (m.actor1, m.actor2) if a}
        both_sides = len(claim_sides & party_sides) > 1
        hedged = all(m.hedged for m in ms)
        if against:
            status = "contested"
        elif (
            both_sides
            or (subject in ("event", "control") and independent)
            or (_sources({m.doc_id for m in same_value}, publishers) > 1)
        ):
            status = "confirmed"
        elif claimant or hedged:
            status = "claimed"
        else:
            status = "reported"
        low, high = figures.get(key, (None, None))
        claims.append(
            Claim(
                claim_id=f"{e.event_id_cnty}-{n}",
                event_id_cnty=e.event_id_cnty,
                subject=subject,
                value=value,
                claimant=claimant,
                reported_by=sorted({m.doc_id for m in ms}),
                disputed_by=against,
                status=status,
                quote=head.evidence,
                doc_id=head.doc_id,
                char_start=head.char_start,
                char_end=head.char_end,
                low=low,
                high=high if high is not None else low,
                mention_ids=[m.mention_id for m in ms],
                hedged=hedged,
                sub_event_types=sorted({m.sub_event_type for m in ms}),
            )
        )
    return claims


def _refute(events: Sequence[Event]) -> None:
    """A capture only claimed (never reported outright) is refuted when the same actor is
    later reported taking that place, or a place inside it, within :data:`REFUTE_WINDOW`
    days: it would not have had to take it again."""
    captures: dict[str, list[tuple[Event, list[Claim]]]] = defaultdict(list)
    for e in events:
        by_actor: dict[str, list[Claim]] = defaultdict(list)
        for c in e.claims:
            if c.subject == "control":
                by_actor[c.value].append(c)
        for actor, claims in by_actor.items():
            captures[actor].append((e, claims))
    firm = ("confirmed", "reported")
    for actor, actor_events in captures.items():
        for e, claims in actor_events:
            if any(c.status in firm for c in claims):
                continue
            horizon = e.event_date + timedelta(days=REFUTE_WINDOW)
            later = [
                f
                for f, fclaims in actor_events
                if e.event_date < f.event_date <= horizon
                and any(c.status in firm for c in fclaims)
                and any(contains(p, q) for p in (e.places or [e.place]) for q in f.places)
            ]
            # ... unless another side took it in between: then it was lost and retaken
            later = [
                f for f in later
                if not any(
                    other != actor and e.event_date < g.event_date < f.event_date
                    and any(contains(p, q) or contains(q, p)
                            for p in (e.places or [e.place]) for q in g.places)
                    for other, other_events in captures.items() for g, _ in other_events
                )
            ]
            if not later:
                continue
            first = min(later, key=lambda f: (f.event_date, f.event_id_cnty))
            note = f"later reporting ({first.event_id_cnty})"
            territorial = [
                c
                for c in e.claims
                if c.subject == "event" and set(c.sub_event_types) <= TERRITORIAL
            ]
            for c in [*claims, *territorial]:
                c.status = "refuted"
                c.disputed_by = sorted({*c.disputed_by, note})


def _apply(e: Event) -> None:
    """Event columns derived from its ledger rows: the ledger is the single source."""
    event_claims = [c for c in e.claims if c.subject == "event"]
    statuses = {c.status for c in event_claims}
    e.status = next((s for s in STATUS_ORDER if s in statuses), "reported")
    e.claimed_by = sorted({c.claimant for c in event_claims if c.claimant})
    e.disputed_by = sorted(
        {
            d
            for c in e.claims
            if c.subject == "event"
            for d in c.disputed_by
            if not d.startswith("later reporting")
        }
    )
    live = [c for c in e.claims if c.status != "refuted"]
    deaths = [c for c in live if c.subject == "fatalities" and c.low is not None]
    e.fatalities_low = min(c.low for c in deaths if c.low is not None) if deaths else None
    highs = [c.high for c in deaths if c.high is not None]
    e.fatalities_high = max(highs) if highs else None
    e.fatalities = e.fatalities_low
    taken = [c.low for c in live if c.subject == "captured" and c.low is not None]
    e.captured = min(taken) if taken else None
