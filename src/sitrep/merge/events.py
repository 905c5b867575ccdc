"""Merge event mentions into events (the claims ledger is :mod:`sitrep.merge.claims`).

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

A mention linked to an earlier one (``Mention.anchor``: a later sentence of the same
document telling more of that event, its toll or "the attack", or another party's account
of it) is not matched at all: it joins its anchor's event, and does not vote on the
event's sub-type or actors (it repeats its anchor's coding).

An undated mention (nothing in its text, byline or metadata dates it) is never matched
with dated events on a guessed day: it only joins undated mentions of its own document,
under the same rules, and otherwise stays an event of its own (blank date, tag
``undated``).

Mentions are processed in a canonical order (precise dates and fuller actor sets
first, then ``mention_id``, which is a hash of the document and span), so the result
does not depend on input order, hash seeds or the process it runs in.

Status, claimants, disputes and figures of an event come from the claims ledger
(:func:`sitrep.merge.claims.build_claims`).
"""

from __future__ import annotations

import warnings
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pycountry
from rapidfuzz import fuzz

from sitrep.merge.claims import build_claims
from sitrep.merge.places import level, place_key_of, place_score, places_compatible
from sitrep.nlp import embed
from sitrep.records import FOLLOW_UP, ControlStatement, Event, Mention, Place

if TYPE_CHECKING:
    import numpy as np

Vectors = Mapping[str, "np.ndarray"]  # evidence sentence -> unit sentence embedding

DATE_WINDOW = 3  # days either side a week-precision mention may match a dated event
MATCH_THRESHOLD = 0.55
CROSS_DAY_THRESHOLD = 0.75
SAME_DOC_TEXT = 0.6  # text similarity for a same-document mention at another place to join
SEMANTIC_FLOOR = 0.45  # least cosine similarity for a mention from another document to join
GENERIC_SUBTYPES = frozenset({"Armed clash", "Other", ""})


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
    day: date | None  # None: undated (matched only within its document)
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
        found = (vectors.get(t) for t in self.texts)
        sims = [embed.similarity(v, mine) for v in found if v is not None]
        return max(sims) if sims else None

    def score(self, m: Mention, vectors: Vectors | None = None,
              need: float = 0.0) -> float | None:
        """Match score in 0..1, or None when ``m`` cannot be this event (or, given ``need``,
        cannot score ``need``: then its sentences are not compared by meaning at all)."""
        if m.event_type != self.event_type or not _nested(self.actors, _actors(m)):
            return None
        if m.event_type == "Strategic developments" and not self.subtypes.get(m.sub_event_type):
            return None  # talks collapsing and a commander's appointment are two developments
        if not all(places_compatible(p, m.place) for p in self.places):
            return None
        sub = 1.0 if self.subtypes.get(m.sub_event_type) else 0.6
        ours, theirs = self.actors, _actors(m)
        actors = len(ours & theirs) / len(ours | theirs) if ours and theirs else 0.5
        place = max(place_score(p, m.place) for p in self.places)
        mine = {x for x in (m.fatalities, m.captured) if x is not None}
        numbers = 0.5 if not mine or not self.figures else (1.0 if mine & self.figures else 0.3)
        lexical = max(fuzz.token_set_ratio(q, m.evidence) for q in self.quotes) / 100
        if vectors is not None:
            # the best the meaning could add (a similarity of 1; the sum is monotone in
            # it, in floating point too): when even that falls short, it is not computed
            best = (lexical + 1.0) / 2
            if (0.3 * sub + 0.25 * actors + 0.2 * place + 0.1 * numbers + 0.15 * best < need
                    or (m.doc_id in self.docs and not self._retold_here(m, best))):
                return None
        sem = self.semantic(m, vectors) if vectors is not None else None
        if sem is not None and sem < SEMANTIC_FLOOR and m.doc_id not in self.docs:
            return None
        text = lexical
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
            level(m.place) >= 3 or m.place.feature in {"city", "village", "district"})
        # ... but ACLED codes one event per day, place, type and parties
        same_place = (specific or _actors(m) == self.actors) and any(
            place_key_of(p) == place_key_of(m.place) for p in self.places)
        return same_place or text >= SAME_DOC_TEXT


def _order(m: Mention) -> tuple:
    """Canonical processing order: precise, specific, fully-actored mentions first."""
    return (m.event_date is None, m.event_date or date.min, m.time_precision,
            -len(_actors(m)), -level(m.place), m.mention_id)


def _block_day(m: Mention, offset: int = 0) -> date | str:
    """The day a mention is blocked on; an undated one is blocked on its document."""
    if m.event_date is None:
        return f"undated:{m.doc_id}"
    return m.event_date + timedelta(days=offset)


def _cluster(mentions: Iterable[Mention], vectors: Vectors | None = None) -> list[list[Mention]]:
    """Group mentions into events (see the module docstring); ``vectors`` maps
    evidence sentences to embeddings (None: lexical matching only). A mention linked to
    another (``anchor``: a later sentence telling more of an event) joins that mention's
    event, whatever it scores; one whose anchor is missing is matched like any other."""
    mentions = list(mentions)
    ids = {m.mention_id for m in mentions}
    linked = sorted((m for m in mentions if m.anchor and m.anchor in ids), key=_order)
    free = [m for m in mentions if not (m.anchor and m.anchor in ids)]
    groups = _cluster_free(free, vectors)
    home = {m.mention_id: g for g in groups for m in g}
    by_id = {m.mention_id: m for m in linked}
    for m in linked:
        root, seen = m.anchor, {m.mention_id}
        while root in by_id and root not in seen:  # a link to a linked mention: its root
            seen.add(root)
            root = by_id[root].anchor
        group = home.get(root)
        if group is None:  # a loop of links: the mention stands alone
            group = []
            groups.append(group)
        group.append(m)
    return groups


def _cluster_free(mentions: Iterable[Mention], vectors: Vectors | None) -> list[list[Mention]]:
    """Group unlinked mentions into events by blocking and scoring."""
    ordered = sorted(mentions, key=_order)
    # Two passes: day-precise mentions form the events; vaguer ones then join or seed.
    precise = [m for m in ordered if m.time_precision == 1 and m.event_date is not None]
    vague = [m for m in ordered if not (m.time_precision == 1 and m.event_date is not None)]
    index: dict[tuple[date | str, str, str], list[_Cluster]] = defaultdict(list)
    provinces: dict[tuple[date | str, str], set[str]] = defaultdict(set)
    clusters: list[_Cluster] = []
    for m in [*precise, *vague]:
        country = m.place.country if m.place else "?"
        admin1 = (m.place.admin1 or "") if m.place else ""
        dated_week = m.time_precision == 2 and m.event_date is not None
        window = range(-DATE_WINDOW, DATE_WINDOW + 1) if dated_week else (0,)
        best: tuple[float, int, _Cluster] | None = None
        for offset in sorted(window, key=abs):
            day = _block_day(m, offset)
            firsts = sorted(provinces[(day, country)]) if not admin1 else sorted({admin1, ""})
            for a1 in firsts:
                for c in index.get((day, country, a1), ()):
                    if offset and not c.precise:
                        continue
                    need = MATCH_THRESHOLD if offset == 0 else CROSS_DAY_THRESHOLD
                    s = c.score(m, vectors, need)
                    if s is None or s < need:
                        continue
                    rank = (s, -abs(offset), c)
                    if best is None or (rank[0], rank[1]) > (best[0], best[1]):
                        best = (s, -abs(offset), c)
        if best is not None:
            target = best[2]
            target.add(m)
            # A province-level event made precise by a district mention is also indexed there.
            key = _block_day(target.members[0])
            if admin1 and target not in index[(key, country, admin1)]:
                index[(key, country, admin1)].append(target)
                provinces[(key, country)].add(admin1)
            continue
        c = _Cluster.seed(m)
        clusters.append(c)
        index[(_block_day(m), country, admin1)].append(c)
        provinces[(_block_day(m), country)].add(admin1)
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
    statements: Sequence[ControlStatement] = (),
    encoder: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> list[Event]:
    """Group mentions into events, number them, and fill their status from the claims.

    ``sides`` maps actor names to their side (two claimants of opposite sides that
    agree confirm a claim); ``publishers`` maps doc ids to outlets (two documents
    of one outlet are one source; map a near-copy to its original's source, see
    :mod:`sitrep.merge.copies`). Each event's ``claims`` holds its ledger rows;
    ``statements`` (control statements) can refute a claimed capture.
    ``semantic`` uses sentence embeddings as well (None: when the model is installed);
    ``encoder`` computes them (default :func:`sitrep.nlp.embed.encode`; the build passes
    one that caches vectors in the store).
    """
    mentions = list(mentions)
    vectors = (sentence_vectors(comparable(mentions), encoder)
               if semantic or semantic is None else None)
    if semantic and vectors is None:
        raise embed.EmbedError("semantic merging asked for, but the model is not installed")
    pairs = [(_event(g), g) for g in _cluster(mentions, vectors)]
    pairs.sort(  # undated events last
        key=lambda p: (
            p[0].event_date is None,
            p[0].event_date or date.min,
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
    build_claims(events, by_event, sides=sides or {}, publishers=publishers or {},
                 statements=statements)
    return events


def comparable(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions whose sentences the merge may compare by meaning: those another mention
    of the same event type could meet in a block (a dated one within twice
    :data:`DATE_WINDOW` days of it: each may sit up to the window away from the event's
    day; an undated one in its own document). A mention linked to another joins without
    a comparison. Only these sentences need embedding; the others are never looked up."""
    ids = {m.mention_id for m in mentions}
    free = [m for m in mentions if not (m.anchor and m.anchor in ids)]
    undated: Counter[tuple[str, str]] = Counter()
    days: dict[str, list[int]] = defaultdict(list)
    for m in free:
        if m.event_date is None:
            undated[(m.event_type, m.doc_id)] += 1
        else:
            days[m.event_type].append(m.event_date.toordinal())
    for found in days.values():
        found.sort()
    reach = 2 * DATE_WINDOW

    def near(m: Mention) -> bool:
        if m.event_date is None:
            return undated[(m.event_type, m.doc_id)] > 1
        found, day = days[m.event_type], m.event_date.toordinal()
        lo, hi = bisect_left(found, day - reach), bisect_right(found, day + reach)
        return hi - lo > 1  # another mention than this one

    return [m for m in free if near(m)]


def sentence_vectors(
    mentions: Iterable[Mention], encoder: Callable[[Sequence[str]], np.ndarray] | None = None
) -> Mapping[str, np.ndarray] | None:
    """Embeddings of the mentions' evidence sentences, or None without the model.

    Each sentence is embedded alone, on its first look-up (most are never compared), so
    its vector is a function of the sentence, whatever else the corpus holds. If the
    encoder fails (unreadable model files: a warning), the look-ups find nothing and the
    merge matches lexically."""
    if not embed.available():
        return None
    return _LazyVectors(sorted({m.evidence for m in mentions}), encoder or embed.encode)


class _LazyVectors(Mapping[str, "np.ndarray"]):
    """Sentence -> unit vector, each encoded on its first look-up (see
    :func:`sentence_vectors`); an encoder with ``prefetch`` (the store's cache) reads
    the known ones first, with one query."""

    def __init__(self, texts: Sequence[str], encoder: Callable[[Sequence[str]], np.ndarray]):
        self._texts = frozenset(texts)
        self._encoder = encoder
        self._vectors: dict[str, np.ndarray] = {}
        self._off = False
        prefetch = getattr(encoder, "prefetch", None)
        if prefetch is not None and texts:
            prefetch(texts)

    def __getitem__(self, text: str) -> np.ndarray:
        found = self._vectors.get(text)
        if found is not None:
            return found
        if self._off or text not in self._texts:
            raise KeyError(text)
        try:
            found = self._encoder([text])[0]
        except embed.EmbedError as exc:
            warnings.warn(f"sentence embeddings off: {exc}", stacklevel=2)
            self._off = True
            raise KeyError(text) from None
        self._vectors[text] = found
        return found

    def __contains__(self, text: object) -> bool:
        return not self._off and text in self._texts

    def __iter__(self):
        return iter(sorted(self._texts))

    def __len__(self) -> int:
        return len(self._texts)


def _event(group: list[Mention]) -> Event:
    group = sorted(group, key=lambda m: (m.doc_id, m.char_start, m.mention_id))
    head = group[0]
    # a linked mention repeats its anchor's coding: it does not vote again
    voters = [m for m in group if not m.anchor] or group
    sub = _mode((m.sub_event_type for m in voters), prefer=GENERIC_SUBTYPES)
    kinds = [m for m in voters if m.sub_event_type == sub] or voters
    place = min(
        (m.place for m in group if m.place is not None),
        key=lambda p: (p.geo_precision, -level(p), -p.score, p.matched),
        default=None,
    )
    places: dict[str, Place] = {}
    for m in group:
        if m.place is not None:
            places.setdefault(place_key_of(m.place), m.place)
    precise = [m for m in group if m.time_precision == 1] or group
    tags = sorted(
        {f for m in group for f in m.flags if f != FOLLOW_UP}
        | ({"hedged"} if any(m.hedged for m in group) else set())
    )
    # One actor is never both sides: sources that name it on the other side are outvoted.
    actor1 = _mode(m.actor1 for m in voters)
    actor2 = _mode(m.actor2 for m in voters if m.actor2 != actor1)
    return Event(
        event_id_cnty="",
        event_date=min((m.event_date for m in precise if m.event_date is not None),
                       default=None),
        time_precision=min(m.time_precision for m in group),
        disorder_type=kinds[0].disorder_type,
        event_type=kinds[0].event_type,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=_mode(m.assoc_actor_1 for m in group),
        assoc_actor_2=_mode(m.assoc_actor_2 for m in group),
        inter1=next((m.inter1 for m in group if m.inter1 is not None), None),
        inter2=next((m.inter2 for m in group if m.inter2 is not None and m.actor2 == actor2),
                    None) if actor2 else None,
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
