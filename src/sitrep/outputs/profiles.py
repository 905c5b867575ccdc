"""Actor profiles: sides, leaders, strength estimates, casualty claims, activity span.

Built after reconciliation from the store and the actor registry. Every figure
carries the document id, the character span of its sentence and the verbatim quote.

- leaders/spokesmen: the registry's people of the actor that the corpus names (count
  and first occurrence);
- strength: ``quantities.find_casualties`` figures of kind ``strength`` in any
  sentence; the figure's own noun phrase names the actor ("2,000 Taliban fighters"),
  else the nearest actor or person named before it ("Massoud said he had 9,000 men");
  the claimant is the claimant of an event mention of that sentence, else the person
  or actor named next to a reporting verb or after "according to", else "" (the outlet);
- casualty claims: the claims ledger's fatalities/captured rows whose sentence counts
  this actor's people (their noun phrase resolves to the actor);
- activity: first and last event date where the actor is a party.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.extract.actor_facts import actor_of, document_facts
from sitrep.extract.quantities import find_casualties
from sitrep.nlp.actors import ActorRegistry
from sitrep.outputs.export import write_csv
from sitrep.store import Store

PROFILE_COLUMNS = (
    "actor,side,inter,events,first_date,last_date,first_event,last_event,leaders,"
    "strength_low,strength_high,strength_sources,casualty_claims"
).split(",")
_CLAIM_COLUMNS = [
    "claim_id",
    "event_id_cnty",
    "subject",
    "value",
    "claimant",
    "status",
    "quote",
    "doc_id",
    "char_start",
    "char_end",
]
_PARTIES = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def actor_profiles(store: Store, registry: ActorRegistry) -> list[dict[str, Any]]:
    """One profile per actor that the corpus shows acting, counted or naming its people.

    Strength figures and people named come from each document's stored facts (computed
    when it was analysed), so a rebuild does not rescan every stored text.
    """
    events = store.rows(
        "events", ["event_id_cnty", "event_date", *_PARTIES], "event_date, event_id_cnty"
    )
    claims = store.rows("claims", _CLAIM_COLUMNS, "doc_id, char_start, claim_id")
    activity = _activity(events)
    strength: dict[str, list[dict[str, Any]]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    for doc_id, facts in _facts(store, registry):
        for f in facts["strength"]:
            strength[f["actor"]].append(f)
        for name, seen in facts["people"].items():
            _add_person(people, registry, name, doc_id, seen)
    people = {p.name: people[p.name] for p in registry.people if p.name in people}
    losses = _losses(registry, claims)
    profiles = []
    for actor in registry.actors:
        name = actor.name
        leaders = [p for p in people.values() if p["actor"] == name]
        if not (activity.get(name) or strength.get(name) or losses.get(name) or leaders):
            continue
        acts = sorted(a for a in activity.get(name, []) if a[0] is not None)  # dated ones
        profiles.append(
            {
                "actor": name,
                "side": actor.side,
                "inter": actor.inter_on(),
                "events": len(activity.get(name, [])),
                "first_date": acts[0][0].isoformat() if acts else None,
                "last_date": acts[-1][0].isoformat() if acts else None,
                "first_event": acts[0][1] if acts else None,
                "last_event": acts[-1][1] if acts else None,
                "leaders": leaders,
                "strength": strength.get(name, []),
                "casualty_claims": losses.get(name, []),
            }
        )
    return profiles


def _facts(store: Store, registry: ActorRegistry) -> list[tuple[str, dict[str, Any]]]:
    """Per stored document (doc_id order), its actor facts: stored ones, else read now (a
    store built before facts were stored)."""
    rows = store.con.execute(
        "SELECT doc_id, actor_facts FROM documents WHERE status = 'ok' ORDER BY doc_id"
    ).fetchall()
    out = []
    for doc_id, stored in rows:
        if stored is None:
            text, = store.con.execute(
                "SELECT text FROM documents WHERE doc_id = ? AND status = 'ok'", [doc_id]
            ).fetchone()
            claimants = store.con.execute(
                "SELECT char_start, char_end, claimant FROM mentions WHERE doc_id = ? "
                "AND claimant <> '' ORDER BY char_start, char_end, claimant", [doc_id]
            ).fetchall()
            out.append((doc_id, document_facts(registry, doc_id, text or "", claimants)))
        else:
            out.append((doc_id, json.loads(stored)))
    return out


def _add_person(
    people: dict[str, dict[str, Any]], registry: ActorRegistry, name: str, doc_id: str,
    seen: dict[str, Any],
) -> None:
    """Count one document's mentions of a registry person; the first document gives the
    first occurrence."""
    if name not in people:
        person = next((p for p in registry.people if p.name == name), None)
        if person is None:
            return  # a person the registry no longer lists
        people[name] = {"name": name, "actor": person.actor, "role": person.role,
                        "mentions": 0, "first": {"doc_id": doc_id, **{
                            k: seen[k] for k in ("char_start", "char_end", "quote")}}}
    people[name]["mentions"] += seen["count"]


def _activity(events: Sequence[dict[str, Any]]) -> dict[str, list[tuple[date | None, str]]]:
    """Per actor, the (date, event id) of every event where it is a party."""
    activity: dict[str, list[tuple[date | None, str]]] = defaultdict(list)
    for e in events:
        for col in _PARTIES:
            for name in filter(None, (e[col] or "").split("; ")):
                activity[name].append((e["event_date"], e["event_id_cnty"]))
    return activity


def _losses(
    registry: ActorRegistry, claims: Sequence[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Per actor, the fatalities/captured claims whose figure counts its people."""
    losses: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c["subject"] not in ("fatalities", "captured"):
            continue
        kinds = {"fatalities": {"killed", "casualties"}, "captured": {"captured"}}[c["subject"]]
        for fig in find_casualties(c["quote"]):
            if fig.kind in kinds and fig.low is not None and str(fig.low) in c["value"]:
                victim = actor_of(registry, registry.resolve(fig.subject) if fig.subject else None)
                if victim:
                    losses[victim].append({k: c[k] for k in c} | {"figure": fig.text})
                break
    return losses


def _csv_row(p: dict[str, Any]) -> dict[str, Any]:
    lows = [s["low"] for s in p["strength"]]
    highs = [s["high"] for s in p["strength"]]
    by_claimant: dict[str, list[str]] = defaultdict(list)
    for c in p["casualty_claims"]:
        by_claimant[c["claimant"] or "(outlet)"].append(f"{c['value']} {c['subject']}")
    return {
        **{k: p[k] for k in PROFILE_COLUMNS if k in p and not isinstance(p[k], list)},
        "leaders": "; ".join(
            f"{x['name']} ({x['role']})" if x["role"] else x["name"] for x in p["leaders"]
        ),
        "strength_low": min(lows) if lows else None,
        "strength_high": max(highs) if highs else None,
        "strength_sources": "; ".join(
            f"{s['figure']} ({s['claimant'] or 'outlet'})" for s in p["strength"]
        ),
        "casualty_claims": "; ".join(
            f"{who}: {', '.join(v)}" for who, v in sorted(by_claimant.items())
        ),
    }


def write_profiles(store: Store, registry: ActorRegistry, out_dir: Path) -> dict[str, Path]:
    """actors.csv (one row per actor) and actors.json (full profiles with quotes)."""
    profiles = actor_profiles(store, registry)
    csv_path = write_csv(out_dir / "actors.csv", PROFILE_COLUMNS, [_csv_row(p) for p in profiles])
    json_path = out_dir / "actors.json"
    tmp = json_path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(profiles, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n",
        encoding="utf-8",
    )
    tmp.replace(json_path)
    return {"actors": csv_path, "actors_json": json_path}
