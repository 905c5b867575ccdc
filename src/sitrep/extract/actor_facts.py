"""Facts about actors read from one document's text, without the parse: strength figures
("2,000 Taliban fighters", "Massoud said he had 9,000 men") with who gives them, and the
registry's people it names.

Computed per document when it is analysed (so a rebuild reads them from the store instead
of rescanning every stored text); :mod:`sitrep.outputs.profiles` sums them per actor.
Every figure carries the character span of its sentence and the verbatim quote.
"""

from __future__ import annotations

import re
from typing import Any

from sitrep.extract.attribution import load_lexicon
from sitrep.extract.quantities import find_casualties
from sitrep.nlp.actors import ActorRegistry, AliasHit

_SENTENCE = re.compile(r"[^\n.!?]*(?:[.!?]+|$)", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_IRREGULAR = {"said": "say", "told": "tell", "wrote": "write"}


def sentences(text: str) -> list[tuple[int, int]]:
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


def actor_of(registry: ActorRegistry, hit: AliasHit | None) -> str:
    return hit.actor if hit is not None and registry.actor(hit.actor).kind == "actor" else ""


def strength_figures(
    registry: ActorRegistry, doc_id: str, text: str, claimants: dict[tuple[int, int], str]
) -> list[dict[str, Any]]:
    """Strength figures in one document, each attributed to an actor, with its quote."""
    out = []
    for s, e in sentences(text):
        sentence = text[s:e]
        for c in find_casualties(sentence):
            if c.kind != "strength":
                continue
            actor = actor_of(registry, registry.resolve(c.subject) if c.subject else None)
            if not actor:
                before = _named(registry, sentence[: c.start])
                actor = actor_of(registry, before[-1][2]) if before else ""
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


def people_named(registry: ActorRegistry, text: str) -> dict[str, dict[str, Any]]:
    """Registry people named in one text: per person, how often and the sentence of the
    first mention (``count``, ``char_start``, ``char_end``, ``quote``)."""
    found: dict[str, dict[str, Any]] = {}
    for person in registry.people:
        names = sorted(person.aliases, key=len, reverse=True)
        if not any(n in text for n in names):
            continue  # a plain substring test first: most people are in few documents
        rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        hits = list(rx.finditer(text))
        if not hits:
            continue
        at = hits[0].start()
        s, e = next(((s, e) for s, e in sentences(text) if s <= at < e), (at, hits[0].end()))
        found[person.name] = {"count": len(hits), "char_start": s, "char_end": e,
                              "quote": text[s:e]}
    return found


def document_facts(
    registry: ActorRegistry, doc_id: str, text: str,
    claimants: list[tuple[int, int, str]] | tuple[tuple[int, int, str], ...],
) -> dict[str, Any]:
    """One document's actor facts: its strength figures and the people it names.

    ``claimants`` are its event mentions' (char_start, char_end, claimant), in text
    order; a figure in a mention's sentence takes that mention's claimant.
    """
    by_span: dict[tuple[int, int], str] = {}
    for s, e, who in claimants:
        if who:
            by_span.setdefault((s, e), who)
    return {"strength": strength_figures(registry, doc_id, text, by_span),
            "people": people_named(registry, text)}
