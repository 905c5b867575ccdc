"""Who asserts an event (the claimant), a group anaphor as claimant, and who disputes it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Span

from sitrep.extract import attribution
from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.roles import Roles, _inter
from sitrep.extract.events.triggers import Hit
from sitrep.nlp.actors import ActorRegistry


def _claimant(
    hit: Hit, attr: attribution.Attribution, sent: Span, registry: ActorRegistry, on: date | None,
    lexicon: Lexicon,
) -> str:
    """Who asserts this event, or "" when the sentence states it in its own voice."""
    if not attr.claimant or attr.cue_index < 0:
        return attr.claimant
    cue, tok = sent.doc[attr.cue_index], hit.token
    if cue.i == tok.i or (tok.dep_ == "dobj" and tok.head.i == cue.i and tok.pos_ == "NOUN"
                          and hit.trigger.sub_event_type in lexicon.declared_types):
        return ""  # "X declared a ceasefire": the declaration is the event, X its actor
    if (cue.dep_ == "conj" and cue.head.i == tok.i) or (tok.dep_ == "conj" and tok.head.i == cue.i):
        return ""  # "captured the town and claimed control": a second act, not a source
    if attr.confirmed and _inter(registry, attr.claimant, on) not in lexicon.conflict_parties:
        return ""  # neutral confirmation (journalists, residents) of a fact
    if (cue.pos_ in {"VERB", "AUX"} and cue.dep_ == "conj" and tok not in cue.subtree
            and cue not in tok.subtree and not any(c.dep_ in {"ccomp", "xcomp"} and tok in c.subtree
                                                   for c in cue.children)):
        return ""  # "X took Y, but an adviser told VOA that ...": the speech is a new clause
    return attr.claimant


def _group_claimant(
    claimant: str, named: Sequence[str], registry: ActorRegistry, lexicon: Lexicon,
    on: date | None, default: str,
) -> str:
    """A claimant that is a group anaphor ("the rebels", "the militia") is the first
    non-state armed group of ``named`` (else ``default``); any other claimant stays."""
    words = claimant.lower().split()
    if not words or words[-1] not in lexicon.group_anaphors or _inter(
            registry, claimant, None) is not None:
        return claimant
    return next((a for a in named if _inter(registry, a, on) in lexicon.armed_non_state), default)


def _disputes(
    sent: Span,
    attr: attribution.Attribution,
    roles: Roles,
    denials: Sequence[attribution.Denial],
    registry: ActorRegistry,
) -> str:
    """Who disputes this sentence's claim: a denial in it or in the next two sentences."""
    claimant = attr.claimant or roles.actor1
    doc = sent.doc
    window_end = sent.end_char
    nxt = sent
    for _ in range(2):
        if nxt.end >= len(doc):
            break
        nxt = doc[nxt.end : nxt.end + 1].sent
        window_end = nxt.end_char
    deniers = []
    for d in denials:
        if d.sent_start < sent.start_char or d.sent_start > window_end:
            continue
        if (
            d.denier
            and d.denier != claimant
            and (not claimant or registry.opponents(claimant, d.denier) or d.target == claimant)
        ):
            deniers.append(d.denier)
        elif not d.denier and d.sent_start == sent.start_char and attr.denial:
            deniers.append("unspecified")
    return "; ".join(dict.fromkeys(deniers))
