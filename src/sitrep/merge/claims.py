"""The claims ledger: who asserts what about each merged event, and what follows.

One row per assertion (that the event happened, a figure, a change of control) per
claimant, with the documents that report it and the quote. An event's status,
claimants, disputes and figures are derived from its rows (:func:`build_claims`).

``refuted`` is used as ACLED and fact-checkers use it: a claim contradicted by a credible
report about the same fact, not merely unconfirmed and not denied by the other party
(a denial makes it ``contested``). A capture only claimed is refuted when an unattributed
or outlet-told, unhedged report says another side held that place within
:data:`REFUTE_WINDOW` days after the claimed capture, with no capture of it reported in
between (:func:`_refute`). The same actor reported taking the place later is no
refutation: a later confirmation does not say the claim was false.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from sitrep.merge.places import contains
from sitrep.records import Claim, ControlStatement, Event, Mention

REFUTE_WINDOW = 3  # days after a claimed capture in which a report of another holder refutes it
REFUTED_BY = "refuted by "  # prefix of the note a refutation leaves in ``disputed_by``
TERRITORIAL = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
STATUS_ORDER = ("contested", "refuted", "confirmed", "claimed", "reported")


def _disputers(mentions: Iterable[Mention]) -> list[str]:
    return sorted({d for m in mentions for d in m.disputed_by.split("; ") if d})


def _sources(docs: Iterable[str], publishers: Mapping[str, str]) -> int:
    """Independent sources: documents, counting one outlet (and, through ``publishers``,
    one group of near-copies, :mod:`sitrep.merge.copies`) once."""
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
    statements: Sequence[ControlStatement] = (),
) -> list[Claim]:
    """Fill each event's ``claims`` and derive its status, claimants, disputes and figures.

    Claims are grouped by (subject, value, claimant); a group's quote is its first
    mention's sentence (``doc_id``, ``char_start``, ``char_end`` locate it).
    ``publishers`` maps each doc id to its source (an outlet; a copy's original), so
    copies and one outlet's documents count once; ``statements`` (control statements)
    can refute a claimed capture.
    """
    out: list[Claim] = []
    for e in events:
        group = mentions.get(e.event_id_cnty, [])
        e.claims = _event_claims(e, group, sides, publishers)
    _refute(events, statements, sides)
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


def _firm_holder(st: ControlStatement) -> bool:
    """A statement credible enough to contradict a party's claim: that someone holds a
    place, told without attribution to a party and without hedging."""
    return st.kind == "holds" and not st.by_party and not st.hedged and st.date is not None


def _refute(
    events: Sequence[Event], statements: Sequence[ControlStatement], sides: Mapping[str, str]
) -> None:
    """Refute a capture only claimed (never reported outright or confirmed) when a firm
    statement (:func:`_firm_holder`) dated within :data:`REFUTE_WINDOW` days after it
    says another side held the claimed place or a place inside it, and no capture of that
    place is reported between the two: the claim and the report cannot both be true.

    A later capture by the same actor is no refutation (the claim may have been early,
    not false), nor is a later capture by another side (it implies the claimant held it).
    """
    holders = [st for st in statements if _firm_holder(st)]
    if not holders:
        return
    firm = ("confirmed", "reported")
    captures = [
        (e, {c.value for c in e.claims if c.subject == "control" and c.status in firm})
        for e in events if e.event_date is not None
    ]
    for e, claims in _claimed_captures(events):
        assert e.event_date is not None
        side = sides.get(claims[0].value, claims[0].value)
        places = e.places or ([e.place] if e.place else [])
        horizon = e.event_date + timedelta(days=REFUTE_WINDOW)
        against = [
            st for st in holders
            if st.date is not None and e.event_date <= st.date <= horizon
            and sides.get(st.controller, st.controller) != side
            and any(contains(p, st.place) for p in places)
            and not any(  # taken in between: it changed hands, no contradiction
                f is not e and taken and f.event_date is not None
                and e.event_date < f.event_date <= st.date
                and any(contains(q, st.place) or contains(st.place, q) for q in f.places)
                for f, taken in captures
            )
        ]
        if not against:
            continue
        first = min(against, key=lambda st: (st.date, st.statement_id))
        note = f"{REFUTED_BY}{first.statement_id} ({first.controller} held {first.place.matched})"
        territorial = [
            c for c in e.claims if c.subject == "event" and set(c.sub_event_types) <= TERRITORIAL
        ]
        for c in [*claims, *territorial]:
            c.status = "refuted"
            c.disputed_by = sorted({*c.disputed_by, note})


def _claimed_captures(events: Sequence[Event]) -> list[tuple[Event, list[Claim]]]:
    """Dated events with an actor's control claims none of which is firm, one per actor."""
    out: list[tuple[Event, list[Claim]]] = []
    for e in events:
        if e.event_date is None:  # an undated capture has no window to refute it in
            continue
        by_actor: dict[str, list[Claim]] = defaultdict(list)
        for c in e.claims:
            if c.subject == "control":
                by_actor[c.value].append(c)
        for _actor, claims in sorted(by_actor.items()):
            if not any(c.status in ("confirmed", "reported") for c in claims):
                out.append((e, claims))
    return out


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
            if not d.startswith(REFUTED_BY)
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
