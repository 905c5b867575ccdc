"""The report's belligerents box: sides, their leaders, strength and casualty claims."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

INFOBOX_SIDES = 4


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def _source(item: Mapping[str, Any], doc_files: Mapping[str, Any]) -> dict[str, str]:
    """Who gives a figure, its status, and its verbatim quote and document (if any)."""
    who = item.get("claimant") or ""
    status = item.get("status") or ""
    first = item.get("first") if isinstance(item.get("first"), dict) else {}
    return {
        "meta": ", ".join(x for x in (who and f"per {who}", status) if x),
        "quote": item.get("quote") or first.get("quote") or "",
        "source": doc_files.get(item.get("doc_id") or first.get("doc_id") or "", "") or "",
    }


def figure_range(items: Sequence[Mapping[str, Any]]) -> str:
    """The lowest to the highest figure of some strength claims ('' without figures)."""
    lows = [i["low"] for i in items if isinstance(i.get("low"), int)]
    highs = [i["high"] for i in items if isinstance(i.get("high"), int)]
    if not lows and not highs:
        return ""
    lo, hi = min(lows or highs), max(highs or lows)
    return f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"


def _side(name: str, members: list[Mapping[str, Any]],
          doc_files: Mapping[str, Any]) -> dict[str, Any]:
    """One side's column: members by events, top leaders, strength and losses, sourced."""
    members = sorted(members, key=lambda a: (-(a.get("events") or 0), a["actor"]))
    leaders = sorted((ld for a in members for ld in _as_list(a.get("leaders"))
                      if isinstance(ld, dict) and ld.get("name")),
                     key=lambda ld: (-(ld.get("mentions") or 0), str(ld["name"])))[:6]
    strength = [x for a in members for x in _as_list(a.get("strength")) if isinstance(x, dict)]
    losses = [x for a in members for x in _as_list(a.get("casualty_claims"))
              if isinstance(x, dict)]
    return {
        "name": name, "members": members,
        "leaders": [(ld, _source(ld, doc_files)) for ld in leaders],
        "strength": [(x.get("figure") or figure_range([x]), _source(x, doc_files))
                     for x in strength[:6]],
        "span": figure_range(strength),
        "losses": [(x, _source(x, doc_files)) for x in losses[:8]],
    }


def infobox_sides(actors: Sequence[Mapping[str, Any]],
                  doc_files: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The sides shown (most events first) and the names of the others."""
    active = [a for a in actors if a.get("actor") and (a.get("events") or 0) > 0
              and a.get("side")]
    sides: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for a in active:
        sides[str(a["side"])].append(a)
    ranked = sorted(sides, key=lambda s: (-sum(a.get("events") or 0 for a in sides[s]), s))
    shown, rest = ranked[:INFOBOX_SIDES], ranked[INFOBOX_SIDES:]
    return [_side(s, sides[s], doc_files) for s in shown], rest


def actor_view(actor: Mapping[str, Any], doc_names: Mapping[str, Any]) -> dict[str, Any]:
    """One actor profile as a table row reads it: name, side, events, dates, leaders by
    name, and its strength and loss figures with who gives them and where (no JSON)."""
    leaders = [{"name": ld.get("name"), "role": ld.get("role") or ""}
               for ld in _as_list(actor.get("leaders")) if isinstance(ld, dict) and ld.get("name")]
    figures = []
    for key in ("strength", "casualty_claims"):
        for x in _as_list(actor.get(key)):
            if not isinstance(x, dict):
                continue
            text = x.get("figure") or (figure_range([x]) if key == "strength" else
                                       f"{x.get('value') or ''} {x.get('subject') or ''}")
            src = _source(x, doc_names)
            figures.append({"text": str(text).strip(), "who": x.get("claimant") or "",
                            "source": src["source"]})
    return {"actor": actor.get("actor") or "", "side": actor.get("side") or "",
            "events": actor.get("events"), "first_date": actor.get("first_date"),
            "last_date": actor.get("last_date"), "leaders": leaders[:8], "figures": figures[:8]}
