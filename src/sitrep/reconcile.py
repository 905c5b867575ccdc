"""Merge event mentions into events: one row per real event, with all its sources.

Blocking keeps the cost near-linear: only mentions of the same day, the same place
and the same ACLED event type are compared (ACLED's one-event-per-day-and-place
rule); inside a block, mentions whose actors agree (one set contains the other)
join the same event. The result does not depend on input order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import pycountry

from sitrep.models import Mention, Place


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


def place_key(m: Mention) -> str:
    """Blocking key of a mention's place: district, else province, else raw text."""
    p = m.place
    if p is None:
        return f"?{m.location.lower()}"
    return "|".join(x or "" for x in (p.country, p.admin1, p.admin2, p.matched))


def _actors(m: Mention) -> frozenset[str]:
    return frozenset(a for a in (m.actor1, m.actor2) if a)


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or a <= b or b <= a


def _mode(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    return min(counts, key=lambda v: (-counts[v], v))


def iso3(place: Place | None, default: str = "") -> str:
    """ISO 3166 alpha-3 code of a place's country (ACLED's event id prefix)."""
    if place is None:
        return default
    country = pycountry.countries.get(numeric=f"{place.iso:03d}")
    return country.alpha_3 if country else default


def status_of(mentions: Sequence[Mention], disputed: Sequence[str]) -> str:
    """contested | claimed | confirmed | reported, from who says it and who denies it."""
    if disputed:
        return "contested"
    docs = {m.doc_id for m in mentions}
    claimants = {m.claimant for m in mentions if m.claimant}
    parties = {m.actor1 for m in mentions} | {m.actor2 for m in mentions}
    if len(docs) > 1 and not all(m.hedged for m in mentions):
        return "confirmed"
    if any(m.hedged for m in mentions) or claimants & parties or claimants:
        return "claimed"
    return "reported"


def merge(mentions: Iterable[Mention], default_iso3: str = "XXX") -> list[Event]:
    """Group mentions into events and number them deterministically."""
    blocks: dict[tuple, list[Mention]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m.doc_id, m.char_start, m.mention_id)):
        if m.event_date is None:
            continue
        blocks[(m.event_date, place_key(m), m.event_type)].append(m)
    groups: list[list[Mention]] = []
    for key in sorted(blocks, key=lambda k: (k[0], k[1], k[2])):
        clusters: list[list[Mention]] = []
        # Most specific actor sets first, so partial mentions join the fullest match.
        for m in sorted(blocks[key], key=lambda m: (-len(_actors(m)), m.mention_id)):
            for cluster in clusters:
                if _compatible(_actors(cluster[0]), _actors(m)):
                    cluster.append(m)
                    break
            else:
                clusters.append([m])
        groups.extend(clusters)
    events = [_event(g) for g in groups]
    events.sort(
        key=lambda e: (
            e.event_date,
            (e.place.admin1 or "") if e.place else "",
            e.location,
            e.sub_event_type,
            e.mention_ids[0],
        )
    )
    counters: Counter[str] = Counter()
    for e in events:
        prefix = iso3(e.place, default_iso3)
        counters[prefix] += 1
        e.event_id_cnty = f"{prefix}{counters[prefix]}"
    return events


def _event(group: list[Mention]) -> Event:
    group = sorted(group, key=lambda m: (m.doc_id, m.char_start, m.mention_id))
    head = group[0]
    sub = _mode(m.sub_event_type for m in group)
    kinds = [m for m in group if m.sub_event_type == sub] or group
    figures = [m.fatalities for m in group if m.fatalities is not None]
    highs = [m.fatalities_high for m in group if m.fatalities_high is not None] + figures
    captured = [m.captured for m in group if m.captured is not None]
    claimed = sorted({m.claimant for m in group if m.claimant})
    disputed = sorted({d for m in group for d in m.disputed_by.split("; ") if d})
    place = min(
        (m.place for m in group if m.place is not None),
        key=lambda p: (p.geo_precision, -p.score, p.matched),
        default=None,
    )
    precision = min(m.time_precision for m in group)
    tags = sorted(
        {f for m in group for f in m.flags}
        | ({"hedged"} if any(m.hedged for m in group) else set())
    )
    return Event(
        event_id_cnty="",
        event_date=min(m.event_date for m in group if m.event_date is not None),
        time_precision=precision,
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
        fatalities=min(figures) if figures else None,
        fatalities_low=min(figures) if figures else None,
        fatalities_high=max(highs) if highs else None,
        captured=min(captured) if captured else None,
        claimed_by=claimed,
        disputed_by=disputed,
        status=status_of(group, disputed),
        doc_ids=sorted({m.doc_id for m in group}),
        mention_ids=[m.mention_id for m in group],
        evidence=head.evidence,
        tags=tags,
    )
