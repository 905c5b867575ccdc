"""Which trigger hits of a sentence are events of their own, and the sub-event type
the parse refines each to (every refinement read from the lexicon)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from spacy.tokens import Span, Token

from sitrep.extract.events.dates import _pick_timex
from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.places import _is_object, _local_places, _own_places, choose_places
from sitrep.extract.events.roles import Roles, _inter, _phrase_at
from sitrep.extract.events.triggers import Hit
from sitrep.nlp import syntax
from sitrep.nlp.actors import ActorRegistry


def _subordinate(token: Token) -> bool:
    """The token sits in a relative or adverbial clause, not the sentence's main one."""
    return any(t.dep_ in {"relcl", "acl", "advcl"} for t in [token, *syntax.heads(token, 6)])


def select_hits(
    hits: Sequence[Hit],
    places: Sequence[Span],
    timexes: Sequence[Span],
    lexicon: Lexicon,
    anaphor: Callable[[Hit], list[Span]] = lambda hit: [],
) -> list[tuple[Hit, list[Span]]]:
    """The events a sentence reports: the first valid trigger, plus any later trigger
    of another event type or date that has a place of its own ("took A, and protests
    broke out in B"), or is a strategic development ("talks broke down and fighting
    resumed")."""
    if any(lexicon.types(h.trigger.sub_event_type)[0] == "Protests" for h in hits):
        hits = [h for h in hits if h.trigger.sub_event_type not in lexicon.folds_into_protest]
    # "a drone strike on a market killed 26": the killing is the strike's outcome
    weapons = [h for h in hits if lexicon.types(h.trigger.sub_event_type)[0]
               == "Explosions/Remote violence" and h.token.dep_ in {"nsubj", "nsubjpass"}]
    hits = [h for h in hits if not any(w.token.head.i == h.token.i for w in weapons)]
    absorbers = [h for h in hits if h.trigger.sub_event_type in lexicon.absorbs_manner]
    hits = [h for h in hits if not any(_manner_of(h, a) for a in absorbers)]
    clashes = [h for h in hits if h.trigger.sub_event_type == "Armed clash"
               and h.token.lemma_.lower() not in lexicon.fold_exempt]
    hits = [
        h for h in hits
        if h.trigger.sub_event_type not in lexicon.folds_into_battle
        # a strike told as part of the battle, or in its sentence with no place of its own
        or not any(h.token in c.token.subtree
                   or (_subordinate(h.token) and not _local_places(h, places)) for c in clashes)
    ]
    chosen: list[tuple[Hit, list[Span]]] = []
    seen: set[tuple[str, Span | None]] = set()
    used: set[int] = set()
    for hit in hits:
        places_for = choose_places(hit, places)
        own = _own_places(hit, places_for)
        if hit.trigger.object_place:
            own = places_for = [p for p in own if _is_object(p, hit.token)]
        refs = anaphor(hit)
        if len(refs) > 1 or (refs and hit.trigger.needs_place and not own):
            own = places_for = refs  # "recaptured the three districts (in X)"
        elif hit.trigger.needs_place and not own:
            continue
        event_type = lexicon.types(hit.trigger.sub_event_type)[0]
        when = _pick_timex(hit, timexes)
        key = (event_type, when)
        if hit.start in {h.start for h, _ in chosen}:
            continue
        fresh_place = bool(own) and not {p.start for p in own} & used
        if key in seen and not fresh_place:
            continue
        if chosen:
            strategic = event_type == "Strategic developments" and event_type not in {
                k[0] for k in seen} and not (
                # houses burned in an attack are part of the attack
                hit.trigger.sub_event_type == "Looting/property destruction"
                and {k[0] for k in seen} & lexicon.violent_types)
            if not (fresh_place or strategic):
                continue
            places_for = own
        chosen.append((hit, places_for))
        seen.add(key)
        used.update(p.start for p in places_for)
    return chosen


def _manner_of(hit: Hit, other: Hit) -> bool:
    """ "arrested 14 suspects in raids": the raids are how the arrest was made."""
    tok = hit.token
    return (
        hit is not other
        and tok.dep_ == "pobj"
        and tok.head.lower_ in {"in", "during", "through"}
        and tok.head.head.i == other.token.i
    )


def _captures_people(token: Token, lexicon: Lexicon) -> bool:
    """The capture's object is people or a head count, not a place."""
    objs = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(
        o.like_num or o.pos_ == "NUM" or o.lemma_.lower() in lexicon.people_nouns
        or o.lemma_.lower() in lexicon.civilian_words
        for o in objs
    )


def _refine_type(
    hit: Hit,
    roles: Roles,
    sent: Span,
    lexicon: Lexicon,
    registry: ActorRegistry,
    on: date | None,
) -> str:
    trig = hit.trigger
    sub = trig.sub_event_type
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    text = sent.text.lower()
    # violent demonstrators make a riot even when force is used on them (ACLED); force
    # against a peaceful crowd is excessive force
    if trig.with_violence and words & lexicon.protest_violence:
        return trig.with_violence
    if trig.with_shooting and any(w in text for w in lexicon.protest_shooting):
        return trig.with_shooting
    if trig.with_intervention and any(w in text for w in lexicon.protest_intervention):
        return trig.with_intervention
    if trig.with_victims and roles.patient_civilian:
        return trig.with_victims
    refine = lexicon.refinements
    if ("disrupted" in refine and lexicon.types(sub)[0] == refine.get("disrupted_from")
            and hit.token.dep_ in {"dobj", "nsubjpass"}
            and hit.token.head.lemma_.lower() in lexicon.disrupt_verbs):
        return refine["disrupted"]  # "detected and defused an explosive device"
    if not trig.territorial:
        return sub
    if "people_captured" in refine and _captures_people(hit.token, lexicon):
        return refine["people_captured"]  # "captured up to 1,500 fighters": prisoners
    if "unopposed" in refine and _phrase_at(sent, lexicon.nonviolent_manner) is not None:
        return refine["unopposed"]  # "entered the city unopposed"
    if ("state_captures" in refine and roles.actor1
            and _inter(registry, roles.actor1, on) in lexicon.state_forces):
        return refine["state_captures"]
    return sub
