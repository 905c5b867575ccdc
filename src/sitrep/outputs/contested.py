"""Contested facts: for one event or one figure, who asserts what, next to each other.

The claims ledger is a flat list of assertions (one row per claimant, value and quote).
An analyst reads it the other way round: for a figure (the fatalities of an event, the
number captured, who controlled a place on a date), every party's value with its quote,
outlet and date, and whether the fact stands on one party's word alone. The report and the
web app both render what :func:`contested_facts` returns, so they group alike.

Parties: a named claimant is a party; an assertion the outlet makes in its own voice
(no claimant) counts as that outlet's. A fact is *contested* when its parties give
different values or a party disputes it; *single-party* when one party alone asserts it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The figures grouped across events (the claims ledger's other subject, "event", says
# what happened; it is shown with its event but is not a figure).
FIGURES = ("fatalities", "captured", "control")
SUBJECT_LABELS = {"fatalities": "Fatalities", "captured": "Captured", "control": "Control",
                  "event": "What happened"}


def source_info(doc: Mapping[str, Any] | None, doc_id: str = "") -> dict[str, str]:
    """A document as a reader names it: outlet, title, date, file (the id only as a link).

    ``label`` is the one-line name: "Outlet · Title · 2021-09-02" (the file when the
    document has no title or outlet).
    """
    doc = doc or {}
    if "label" in doc:  # already named
        return {k: str(doc.get(k) or "") for k in ("doc_id", "outlet", "title", "date", "file",
                                                    "label")}
    published = doc.get("published")
    when = published.isoformat() if isinstance(published, date) else str(published or "")
    outlet = str(doc.get("publisher") or "")
    title = str(doc.get("title") or "")
    file = str(doc.get("doc_file") or "")
    parts = [x for x in (outlet, title) if x] or [file or "unknown document"]
    if when:
        parts.append(when)
    return {"doc_id": str(doc.get("doc_id") or doc_id or ""), "outlet": outlet, "title": title,
            "date": when, "file": file, "label": " · ".join(parts)}


@dataclass
class Assertion:
    """One party's value for a fact, with its quote and where it was published."""

    party: str
    claimant: str
    value: str
    status: str
    disputed_by: str
    quote: str
    source: dict[str, str]
    char_start: int | None
    char_end: int | None
    claim_id: str
    also: list[dict[str, str]] = field(default_factory=list)  # more documents, same words

    @property
    def sources(self) -> list[dict[str, str]]:
        """Every document that carries this assertion (the first is ``source``)."""
        return [self.source, *self.also]


@dataclass
class Fact:
    """A figure of an event (or, grouped by figure, of a place on a date) and its assertions."""

    key: str
    subject: str
    label: str
    event_ids: list[str]
    place: str
    day: str
    assertions: list[Assertion] = field(default_factory=list)

    @property
    def parties(self) -> list[str]:
        return sorted({a.party for a in self.assertions})

    @property
    def values(self) -> list[str]:
        return sorted({a.value for a in self.assertions if a.value})

    @property
    def disputed(self) -> bool:
        return any(a.disputed_by or a.status in ("contested", "refuted")
                   for a in self.assertions)

    @property
    def contested(self) -> bool:
        """Parties give different values, or someone disputes the fact."""
        return len(self.values) > 1 or self.disputed

    @property
    def single_party(self) -> bool:
        """One party's word alone (no second party asserts it)."""
        return len(self.parties) == 1

    @property
    def flag(self) -> str:
        if self.contested:
            return "contested"
        return "single party" if self.single_party else "corroborated"


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value or "")


def _assertion(c: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> Assertion:
    doc_id = str(c.get("doc_id") or "")
    source = source_info(docs.get(doc_id), doc_id)
    claimant = str(c.get("claimant") or "")
    party = claimant or (source["outlet"] or source["title"] or source["file"] or "unattributed")
    return Assertion(
        party=party, claimant=claimant, value=str(c.get("value") or ""),
        status=str(c.get("status") or ""), disputed_by=str(c.get("disputed_by") or ""),
        quote=str(c.get("quote") or ""), source=source,
        char_start=c.get("char_start") if isinstance(c.get("char_start"), int) else None,
        char_end=c.get("char_end") if isinstance(c.get("char_end"), int) else None,
        claim_id=str(c.get("claim_id") or ""),
    )


def _same(a: Assertion) -> tuple[str, str, str]:
    return (a.party, a.value, " ".join(a.quote.split()).lower())


def _add(fact: Fact, a: Assertion) -> None:
    """Add an assertion; the same party, value and words from another document (a copy,
    a syndicated story, a duplicate event) only add that document to its sources."""
    for b in fact.assertions:
        if _same(b) == _same(a):
            if all(x["doc_id"] != a.source["doc_id"] for x in b.sources):
                b.also.append(a.source)
            if a.disputed_by and not b.disputed_by:
                b.disputed_by = a.disputed_by
            return
    fact.assertions.append(a)


def _sort_key(fact: Fact) -> tuple[Any, ...]:
    return (fact.day or "9999", fact.place, FIGURES.index(fact.subject)
            if fact.subject in FIGURES else len(FIGURES), fact.key)


def contested_facts(
    claims: Iterable[Mapping[str, Any]], events: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]], by: str = "figure",
    subjects: Sequence[str] | None = None,
) -> list[Fact]:
    """Claims grouped into facts, each with every party's assertion.

    ``by="event"``: one fact per event and subject (what happened, fatalities, captured,
    control). ``by="figure"``: the figures (:data:`FIGURES`) of a place on a date, merged
    across the events that report them (duplicate events of one fact collapse into one).
    ``events`` and ``docs`` are looked up by id for the place, date and outlet names.
    Order: date, place, subject.
    """
    wanted = tuple(subjects) if subjects is not None else (
        FIGURES if by == "figure" else (*FIGURES, "event"))
    facts: OrderedDict[str, Fact] = OrderedDict()
    for c in claims:
        subject = str(c.get("subject") or "")
        if subject not in wanted:
            continue
        eid = str(c.get("event_id_cnty") or "")
        ev = events.get(eid, {})
        place = str(ev.get("location") or ev.get("admin2") or ev.get("admin1") or "")
        day = _day(ev.get("event_date"))
        key = f"{eid}|{subject}" if by == "event" else f"{subject}|{place.lower()}|{day}"
        fact = facts.get(key)
        if fact is None:
            what = SUBJECT_LABELS.get(subject, subject)
            label = f"{what}: {place or 'unknown place'}, {day or 'undated'}"
            fact = facts[key] = Fact(key, subject, label, [], place, day)
        if eid and eid not in fact.event_ids:
            fact.event_ids.append(eid)
        _add(fact, _assertion(c, docs))
    out = sorted(facts.values(), key=_sort_key)
    for fact in out:
        fact.assertions.sort(key=lambda a: (a.party, a.value, a.source["date"], a.claim_id))
    return out


def summary(facts: Sequence[Fact]) -> dict[str, int]:
    """How many facts are contested, single-party, corroborated."""
    out = {"facts": len(facts), "contested": 0, "single party": 0, "corroborated": 0}
    for f in facts:
        out[f.flag] += 1
    return out
