"""Territorial control timeline: who held each district (or named village/pass) when.

Derived from territorial events (ACLED sub-event types *Government regains territory*,
*Non-state actor overtakes territory*, *Non-violent transfer of territory*: actor1 takes
the place from actor2), with their status taken from the claims ledger:

- a reported or confirmed capture makes actor1 the controller, status ``held``;
- a capture only claimed gives actor1 with status ``claimed``, a disputed one ``contested``;
- a refuted capture leaves the previous controller, status ``contested``.

A capture is shown at the level its text supports: a district-level one on the district
(``scope`` = ``district``), a village, pass or valley on a row of its own (``place``; one
placed only in its province, such as a village the gazetteer lacks, keeps its own name
with a blank ``admin2``), and a province-level one on one province row (``province``:
``place`` = ``admin1``, ``admin2`` blank). A province-level report never paints the
districts under it: which of them changed hands the text does not say. Before any
event, a place's controller comes from a baseline in ``data/control/*.yaml`` (``scope`` =
``baseline``); a baseline applies only to a build with a dated event or statement in its
country and period, so the control of one conflict never appears under another's reports.
Intervals are closed: ``date_to`` is the day before the next change, blank when open.

Explicit statements (:mod:`sitrep.extract.statements`) move control too, from their date:

- ``holds``: the controller holds the place, ``held`` when the sentence is unattributed
  or told by an outlet, ``claimed`` when a party says it or it is hedged, ``contested``
  when another statement or event gives the place to someone else within
  ``CONTEST_DAYS`` days;
- ``share`` (partial control, "60-65% of", "parts of"): status ``contested``, the share
  in ``note``; the controller is the statement's for a district or place, but a
  province row (which of its districts is not said) keeps its controller;
- ``withdrew``: the actor's interval ends; the successor (named, or the document's main
  opponent) holds the place, ``claimed`` unless a territorial event of the successor
  there within ``CONTEST_DAYS`` days confirms it (``held``); no successor known: a
  blank controller, ``contested``.

Statements dated before their country's baseline start are background and ignored.
``evidence_event_ids`` lists the event ids (``AFG12``) and statement ids (``st-…``,
rows of ``statements.csv``) behind an interval; ``note`` says what a share or
withdrawal statement said.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError, UsageError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml
from sitrep.merge.claims import TERRITORIAL
from sitrep.merge.places import level
from sitrep.records import ControlStatement, Mention, Place
from sitrep.store import CONTROL_COLUMNS, STORE_NAME, Store

_FIRMNESS = {"contested": 0, "claimed": 1, "held": 2}
_SCOPE_RANK = {"baseline": 0, "province": 1, "district": 2, "place": 3}
CONTEST_DAYS = 3  # a statement and a report of another controller this close disagree


@dataclass(frozen=True)
class Baseline:
    """A country's controller from a date, with province/district exceptions.

    It applies only to builds with a dated event or statement in ``country`` between
    ``start`` and ``until`` (open when None): the period its file declares.
    """

    country: str
    start: date
    controller: str
    exceptions: tuple[tuple[str, str | None, str], ...] = ()  # (admin1, admin2, controller)
    until: date | None = None

    def controller_of(self, admin1: str, admin2: str | None) -> str:
        for a1, a2, who in self.exceptions:
            if a1 == admin1 and (a2 is None or a2 == admin2):
                return who
        return self.controller

    def covers(self, country: str, day: date) -> bool:
        """True when a report of ``country`` on ``day`` falls in this baseline's period."""
        return (country == self.country and self.start <= day
                and (self.until is None or day <= self.until))


@dataclass(frozen=True)
class Change:
    """One event's effect on one place."""

    day: date
    controller: str
    status: str  # held | claimed | contested | refuted
    scope: str
    event_id: str  # an event id, or a statement id (``st-…``)
    note: str = ""
    statement: bool = False
    partial: bool = False  # a share statement: at province scope, keep the controller


_BASELINE_KEYS = ("schema", "country", "period", "control_baseline")


def _day(value: object, where: str, path: Path) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(str(path), f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(value: object, where: str, path: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(str(path), f"{where} must be a non-empty name")
    return value.strip()


def read_baseline_file(path: Path) -> list[Baseline]:
    """One baseline file: its ``country``, ``period`` (``from``, ``to``) and entries.

    Every entry belongs to the file's country and starts inside its period (``from``
    defaults to the period's start); a file without them is refused with one line.
    """
    data = read_yaml(path, what="control baseline", required=_BASELINE_KEYS,
                     allowed=_BASELINE_KEYS)
    if data["schema"] != 2:
        raise DataFileError(str(path), f"schema {data['schema']!r}: this sitrep reads schema 2 "
                            "(a file-level country and period)")
    country = _text(data["country"], "country", path)
    period = data["period"]
    if not isinstance(period, dict) or "from" not in period or set(period) - {"from", "to"}:
        raise DataFileError(str(path), "period must be {from: YYYY-MM-DD, to: YYYY-MM-DD}")
    first = _day(period["from"], "period.from", path)
    last = _day(period["to"], "period.to", path) if period.get("to") is not None else None
    if last is not None and last < first:
        raise DataFileError(str(path), f"period ends ({last}) before it starts ({first})")
    entries = data["control_baseline"]
    if not isinstance(entries, list) or not entries:
        raise DataFileError(str(path), "control_baseline must be a non-empty list")
    out: list[Baseline] = []
    for n, raw in enumerate(entries, 1):
        where = f"control_baseline entry {n}"
        if not isinstance(raw, dict) or set(raw) - {"country", "from", "controller", "except"}:
            raise DataFileError(str(path), f"{where}: keys are from, controller, except")
        if raw.get("country", country) != country:
            raise DataFileError(str(path), f"{where}: country {raw['country']!r} is not the "
                                f"file's country {country!r}")
        start = _day(raw.get("from", first), f"{where}.from", path)
        if start < first or (last is not None and start > last):
            raise DataFileError(str(path), f"{where}: from {start} is outside the period")
        excepts = []
        for x in raw.get("except") or []:
            if not isinstance(x, dict) or set(x) - {"admin1", "admin2", "controller"}:
                raise DataFileError(str(path), f"{where}: except items are "
                                    "{admin1, [admin2], controller}")
            admin2 = x.get("admin2")
            excepts.append((_text(x.get("admin1"), f"{where}: except admin1", path),
                            None if admin2 is None else _text(admin2, "admin2", path),
                            _text(x.get("controller"), f"{where}: except controller", path)))
        out.append(Baseline(country, start, _text(raw.get("controller"), f"{where}: controller",
                                                   path), tuple(excepts), last))
    return out


@functools.lru_cache(maxsize=4)
def load_baselines(folder: str | None = None) -> tuple[Baseline, ...]:
    """Baselines from every ``*.yaml`` in ``data/control`` (or ``folder``)."""
    root = Path(folder) if folder else DATA_DIR / "control"
    return tuple(b for path in sorted(root.glob("*.yaml")) for b in read_baseline_file(path))


def applicable_baselines(
    baselines: Iterable[Baseline], reports: Iterable[tuple[str, date | None]]
) -> tuple[Baseline, ...]:
    """The baselines some report (country, date) of this build falls under."""
    seen = {(c, d) for c, d in reports if c and d is not None}
    return tuple(b for b in baselines if any(b.covers(c, d) for c, d in seen))


@functools.lru_cache(maxsize=1)
def districts_by_province() -> dict[str, tuple[str, ...]]:
    """Districts of each province, from the packaged gazetteer."""
    path = DATA_DIR / "gazetteer" / "districts.csv"
    out: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["admin1"]].append(row["name"])
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _place_level(p: Place | None) -> int:
    """1 country or unknown, 2 province/valley, 3 district, 4 village or landmark."""
    return max(1, level(p))


def _change_status(claim_statuses: Iterable[str]) -> str:
    """The firmest status of an event's control claims, in control terms."""
    statuses = set(claim_statuses)
    if statuses & {"confirmed", "reported"}:
        return "held"
    if "claimed" in statuses:
        return "claimed"
    if "contested" in statuses:
        return "contested"
    return "refuted"


def control_timeline(
    events: Sequence[Mapping[str, Any]],
    mentions: Mapping[str, Sequence[Mention]],
    claims: Sequence[Mapping[str, Any]],
    *,
    baselines: Sequence[Baseline] = (),
    districts: Mapping[str, Sequence[str]] | None = None,
    statements: Sequence[ControlStatement] = (),
) -> list[dict[str, Any]]:
    """Control intervals (``control.csv`` rows) from events, their mentions and claims,
    and explicit control statements.

    ``events`` are events-table rows, ``mentions`` the mentions of each event id,
    ``claims`` claims-table rows (their ``control`` rows give controller and status).
    """
    districts = districts if districts is not None else districts_by_province()
    reports = [(p.country, e["event_date"]) for e in events
               for m in mentions.get(e["event_id_cnty"], ()) for p in [m.place] if p is not None]
    reports += [(st.place.country, st.date) for st in statements]
    baselines = applicable_baselines(baselines, reports)
    by_event: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for c in claims:
        if c["subject"] == "control":
            by_event[c["event_id_cnty"]][c["value"]].append(c["status"])
    changes: dict[tuple[str, str, str], list[Change]] = defaultdict(list)
    countries: dict[tuple[str, str, str], str] = {}
    for e in events:
        eid = e["event_id_cnty"]
        day = e["event_date"]
        if e["sub_event_type"] not in TERRITORIAL or eid not in by_event or day is None:
            continue  # an undated capture cannot be placed on the control timeline
        for controller, statuses in sorted(by_event[eid].items()):
            status = _change_status(statuses)
            for key, scope, country in _targets(mentions.get(eid, ()), controller):
                changes[key].append(Change(day, controller, status, scope, eid))
                countries[key] = country
    _add_statements(changes, countries, statements, baselines)
    for b in baselines:
        for admin1, admin2, _ in b.exceptions:
            keys = [(admin2, admin1, admin2)] if admin2 else [
                (admin1, admin1, ""), *((d, admin1, d) for d in districts.get(admin1, ()))]
            for key in keys:
                countries.setdefault(key, b.country)
                changes.setdefault(key, [])
    rows: list[dict[str, Any]] = []
    for key in sorted(changes):
        base = next((b for b in baselines if b.country == countries[key]), None)
        rows.extend(_intervals(key, changes[key], base))
    return rows


_PLACES = frozenset({"village", "city", "town", "landmark", "pass", "locality"})


def _place_targets(p: Place) -> list[tuple[tuple[str, str, str], str]]:
    """The (place, admin1, admin2) key and scope of one place, at the level it is named:
    a province (or valley) is one province row (``admin2`` blank), never its districts;
    a village coded only to its province is a row of its own, ``admin2`` blank."""
    level = _place_level(p)
    if level == 2 and p.admin1:
        if p.feature in _PLACES and p.matched != p.admin1:
            return [((p.matched, p.admin1, ""), "place")]
        return [((p.admin1, p.admin1, ""), "province")]
    if level == 3 and p.admin1 and p.admin2:
        return [((p.admin2, p.admin1, p.admin2), "district")]
    if level == 4 and p.admin1 and p.admin2:
        return [((p.matched, p.admin1, p.admin2), "place")]
    return []


def _near(a: date, b: date) -> bool:
    return abs((a - b).days) <= CONTEST_DAYS


def _statement_change(st: ControlStatement, scope: str) -> Change:
    """A statement's effect on one place, before comparing it with other reports."""
    assert st.date is not None
    if st.kind == "share":
        lo, hi = st.share_low, st.share_high
        part = "part" if lo is None else (f"{lo}%" if lo == hi else f"{lo}-{hi}%")
        note = f"{st.controller} holds {part} ({st.statement_id})"
        return Change(
            st.date, st.controller, "contested", scope, st.statement_id, note, True, True
        )
    status = "claimed" if st.by_party or st.hedged else "held"
    if st.kind == "withdrew":
        note = f"{st.controller} withdrew ({st.statement_id})"
        if not st.successor:
            return Change(st.date, "", "contested", scope, st.statement_id, note, True)
        return Change(st.date, st.successor, "claimed", scope, st.statement_id, note, True)
    return Change(st.date, st.controller, status, scope, st.statement_id, "", True)


def _add_statements(
    changes: dict[tuple[str, str, str], list[Change]],
    countries: dict[tuple[str, str, str], str],
    statements: Sequence[ControlStatement],
    baselines: Sequence[Baseline],
) -> None:
    """Add each dated statement's change to ``changes``, judged against the others."""
    starts = {b.country: b.start for b in baselines}
    added: list[tuple[tuple[str, str, str], Change, str]] = []
    for st in statements:
        start = starts.get(st.place.country)
        if st.date is None or (start is not None and st.date < start):
            continue
        for key, scope in _place_targets(st.place):
            added.append((key, _statement_change(st, scope), st.kind))
            countries.setdefault(key, st.place.country)
    events = {k: list(v) for k, v in changes.items()}
    for key, ch, kind in added:
        others = [o for k, o, _ in added if k == key and o is not ch] + events.get(key, [])
        if kind == "holds" and any(
            o.controller != ch.controller and o.status != "refuted" and _near(o.day, ch.day)
            for o in others
        ):
            ch = replace(ch, status="contested")
        elif kind == "withdrew" and ch.controller and any(
            not o.statement and o.controller == ch.controller and o.status == "held"
            and _near(o.day, ch.day)
            for o in events.get(key, [])
        ):
            ch = replace(ch, status="held")
        changes[key].append(ch)


def _targets(
    mentions: Iterable[Mention], controller: str
) -> list[tuple[tuple[str, str, str], str, str]]:
    """(place, admin1, admin2) keys one event's territorial mentions by ``controller`` name."""
    out: dict[tuple[str, str, str], tuple[str, str]] = {}
    for m in mentions:
        p = m.place
        if p is None or m.sub_event_type not in TERRITORIAL or m.actor1 != controller:
            continue
        for key, scope in _place_targets(p):
            out.setdefault(key, (scope, p.country))
    return [(k, scope, country) for k, (scope, country) in sorted(out.items())]


def _intervals(
    key: tuple[str, str, str], changes: Sequence[Change], base: Baseline | None
) -> list[dict[str, Any]]:
    """Apply one place's changes in date order; merge runs of the same state."""
    _place, admin1, admin2 = key
    states: list[dict[str, Any]] = []
    if base is not None:
        who = base.controller_of(admin1, admin2)
        states.append(_state(key, base.start, who, "held", "baseline", []))
    ordered = sorted(
        changes,
        key=lambda c: (
            c.day, c.statement, _SCOPE_RANK[c.scope], _FIRMNESS.get(c.status, -1), c.event_id
        ),
    )
    for ch in ordered:
        prev = states[-1] if states else None
        notes = [ch.note] if ch.note else []
        if ch.status == "refuted" or (ch.partial and ch.scope == "province"):
            if prev is None:
                continue
            who, status = prev["controller"], "contested"
        elif prev is not None and prev["controller"] == ch.controller:
            who = ch.controller
            status = max(ch.status, prev["status"], key=lambda s: _FIRMNESS[s])
        else:
            who, status = ch.controller, ch.status
        if prev is not None and prev["date_from"] == ch.day:
            # Same day: the more specific or firmer report (sorted last) decides; a
            # statement (sorted after events) of another controller contests it.
            if ch.statement and prev["controller"] != who and prev["scope"] != "baseline":
                who, status = prev["controller"], "contested"
            prev.update(controller=who, status=status, scope=ch.scope)
            prev["evidence"].append(ch.event_id)
            prev["notes"].extend(notes)
            continue
        if prev is not None and (prev["controller"], prev["status"]) == (who, status):
            prev["evidence"].append(ch.event_id)
            prev["notes"].extend(notes)
            continue
        states.append(_state(key, ch.day, who, status, ch.scope, [ch.event_id], notes))
    rows = []
    for i, s in enumerate(states):
        nxt = states[i + 1]["date_from"] if i + 1 < len(states) else None
        s["date_to"] = nxt - timedelta(days=1) if nxt else None
        s["evidence_event_ids"] = ";".join(dict.fromkeys(s.pop("evidence")))
        s["note"] = "; ".join(dict.fromkeys(s.pop("notes"))) or None
        rows.append({c: s.get(c) for c in CONTROL_COLUMNS})
    return rows


def _state(
    key: tuple[str, str, str],
    day: date,
    who: str,
    status: str,
    scope: str,
    ev: list[str],
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    place, admin1, admin2 = key
    return {
        "place": place,
        "admin1": admin1,
        "admin2": admin2,
        "date_from": day,
        "controller": who,
        "status": status,
        "scope": scope,
        "evidence": list(ev),
        "notes": list(notes),
    }


def build_control(store: Store) -> list[dict[str, Any]]:
    """The control table from the store's events, mentions and claims."""
    events = store.rows(
        "events", ["event_id_cnty", "event_date", "sub_event_type"], "event_date, event_id_cnty"
    )
    links = dict(store.con.execute("SELECT mention_id, event_id_cnty FROM mentions").fetchall())
    by_event: dict[str, list[Mention]] = defaultdict(list)
    for m in store.mentions():
        if links.get(m.mention_id):
            by_event[links[m.mention_id]].append(m)
    claims = store.rows(
        "claims", ["event_id_cnty", "subject", "value", "status"], "event_id_cnty, claim_id"
    )
    statements = store.statements() if store.has_table("statements") else []
    return control_timeline(
        events, by_event, claims, baselines=load_baselines(), statements=statements
    )


def control_on(out_dir: Path, on: date) -> list[dict[str, Any]]:
    """Who held each place on ``on``, from the store in ``out_dir``."""
    path = Path(out_dir) / STORE_NAME
    if not path.is_file():
        raise UsageError(f"{out_dir}: no {STORE_NAME} here; run 'sitrep build' first")
    with Store(path, read_only=True) as store:
        if not store.has_table("control"):
            raise UsageError(f"{out_dir}: the store has no control table; rebuild it")
        have = {
            r[0]
            for r in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'control'"
            ).fetchall()
        }
        cols = [c for c in CONTROL_COLUMNS if c in have]  # stores before ``note``
        rows = store.rows("control", cols, "admin1, admin2, place, date_from")
    rows = [{c: r.get(c) for c in CONTROL_COLUMNS} for r in rows]
    return [
        r for r in rows if r["date_from"] <= on and (r["date_to"] is None or on <= r["date_to"])
    ]
