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
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.extract.attribution import load_lexicon
from sitrep.extract.quantities import find_casualties
from sitrep.nlp.actors import ActorRegistry, AliasHit
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
_SENTENCE = re.compile(r"[^\n.!?]*(?:[.!?]+|$)", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write"}


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence-like run, whitespace trimmed (cheap, no parser)."""
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _lemma(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("d", "")):
        if w.endswith(suffix):
            stem = w[: -len(suffix)] + repl
            if stem in load_lexicon().reporting_verbs:
                return stem
    return w


def _named(registry: ActorRegistry, text: str) -> list[tuple[int, int, AliasHit]]:
    """Actor/person names in ``text`` as (start, end, hit), longest match at each word."""
    words = list(_WORD.finditer(text))
    out: list[tuple[int, int, AliasHit]] = []
    i = 0
    while i < len(words):
        for n in range(min(5, len(words) - i), 0, -1):
            s, e = words[i].start(), words[i + n - 1].end()
            hit = registry.resolve(text[s:e])
            if hit is not None:
                out.append((s, e, hit))
                i += n
                break
        else:
            i += 1
    return out


def _speaker(registry: ActorRegistry, sentence: str) -> str:
    """Who a sentence is attributed to, by a reporting verb or 'according to' (no parser)."""
    verbs = load_lexicon().reporting_verbs
    names = _named(registry, sentence)
    low = sentence.lower()
    for cue, _ in load_lexicon().prepositional_cues:
        at = low.find(cue + " ")
        if at >= 0:
            end = at + len(cue) + 1
            after = [n for n in names if end <= n[0] <= end + 12]
            if after:
                return after[0][2].person or after[0][2].actor
    for w in _WORD.finditer(sentence):
        if _lemma(w.group()) in verbs:
            before = [n for n in names if n[1] <= w.start() and w.start() - n[1] <= 20]
            if before:
                return before[-1][2].person or before[-1][2].actor
    return ""


def _actor_of(registry: ActorRegistry, hit: AliasHit | None) -> str:
    return hit.actor if hit is not None and registry.actor(hit.actor).kind == "actor" else ""


def strength_figures(
    registry: ActorRegistry, doc_id: str, text: str, claimants: dict[tuple[int, int], str]
) -> list[dict[str, Any]]:
    """Strength figures in one document, each attributed to an actor, with its quote."""
    out = []
    for s, e in _sentences(text):
        sentence = text[s:e]
        for c in find_casualties(sentence):
            if c.kind != "strength":
                continue
            actor = _actor_of(registry, registry.resolve(c.subject) if c.subject else None)
            if not actor:
                before = _named(registry, sentence[: c.start])
                actor = _actor_of(registry, before[-1][2]) if before else ""
            if not actor or c.low is None:
                continue
            claimant = next(
                (v for (ms, me), v in claimants.items() if ms <= s < me or s <= ms < e), ""
            ) or _speaker(registry, sentence)
            out.append(
                {
                    "actor": actor,
                    "low": c.low,
                    "high": c.high if c.high is not None else c.low,
                    "figure": c.text,
                    "claimant": claimant,
                    "doc_id": doc_id,
                    "char_start": s,
                    "char_end": e,
                    "quote": sentence,
                }
            )
    return out


def _mentioned_people(
    registry: ActorRegistry, docs: Sequence[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Registry people named in the documents: count and first occurrence."""
    found: dict[str, dict[str, Any]] = {}
    for person in registry.people:
        names = sorted(person.aliases, key=len, reverse=True)
        rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        count = 0
        first: dict[str, Any] | None = None
        for d in docs:
            hits = list(rx.finditer(d["text"] or ""))
            count += len(hits)
            if hits and first is None:
                at = hits[0].start()
                s, e = next(
                    ((s, e) for s, e in _sentences(d["text"]) if s <= at < e),
                    (at, hits[0].end()),
                )
                first = {
                    "doc_id": d["doc_id"],
                    "char_start": s,
                    "char_end": e,
                    "quote": d["text"][s:e],
                }
        if count:
            found[person.name] = {
                "name": person.name,
                "actor": person.actor,
                "role": person.role,
                "mentions": count,
                "first": first,
            }
    return found


def actor_profiles(store: Store, registry: ActorRegistry) -> list[dict[str, Any]]:
    """One profile per actor that the corpus shows acting, counted or naming its people."""
    docs = [
        d
        for d in store.rows("documents", ["doc_id", "text", "status"], "doc_id")
        if d["status"] == "ok"
    ]
    events = store.rows(
        "events", ["event_id_cnty", "event_date", *_PARTIES], "event_date, event_id_cnty"
    )
    claims = store.rows("claims", _CLAIM_COLUMNS, "doc_id, char_start, claim_id")
    activity = _activity(events)
    strength = _strength(registry, docs, _mention_claimants(store))
    losses = _losses(registry, claims)
    people = _mentioned_people(registry, docs)
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


def _mention_claimants(store: Store) -> dict[str, dict[tuple[int, int], str]]:
    """Per document, the claimant of each event mention's sentence (first one wins)."""
    mention_claims = store.con.execute(
        "SELECT doc_id, char_start, char_end, claimant FROM mentions WHERE claimant <> ''"
    ).fetchall()
    claimants_of: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for doc_id, s, e, who in mention_claims:
        claimants_of[doc_id].setdefault((s, e), who)
    return claimants_of


def _activity(events: Sequence[dict[str, Any]]) -> dict[str, list[tuple[date | None, str]]]:
    """Per actor, the (date, event id) of every event where it is a party."""
    activity: dict[str, list[tuple[date | None, str]]] = defaultdict(list)
    for e in events:
        for col in _PARTIES:
            for name in filter(None, (e[col] or "").split("; ")):
                activity[name].append((e["event_date"], e["event_id_cnty"]))
    return activity


def _strength(
    registry: ActorRegistry,
    docs: Sequence[dict[str, Any]],
    claimants_of: dict[str, dict[tuple[int, int], str]],
) -> dict[str, list[dict[str, Any]]]:
    """Per actor, the strength figures of every document."""
    strength: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        for f in strength_figures(
            registry, d["doc_id"], d["text"] or "", claimants_of[d["doc_id"]]
        ):
            strength[f["actor"]].append(f)
    return strength


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
                victim = _actor_of(registry, registry.resolve(fig.subject) if fig.subject else None)
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
