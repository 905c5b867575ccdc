"""Trigger words: which tokens of a sentence signal which ACLED sub-event type, with the
conditions some lemmas carry (a subject, a means, an object, a deadline)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from sitrep.extract.events.lexicon import Lexicon, Trigger


@dataclass
class Hit:
    trigger: Trigger
    token: Token  # the syntactic head of the trigger phrase
    start: int  # token index of the trigger phrase's first token
    end: int  # token index after the trigger phrase


# Tokens inside these entities name things (dates, people, named battles); they never
# report an event themselves ("March" is not a protest, "the Battle of X" is a name).
_NAME_ENTITIES = {
    "DATE",
    "TIME",
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "WORK_OF_ART",
    "LAW",
    "EVENT",
    "NORP",
    "CARDINAL",
    "MONEY",
    "PERCENT",
    "QUANTITY",
}


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Hit]:
    """All trigger hits in a sentence, in lexicon priority order then text order."""
    words = [t for t in sent if not t.is_space]  # a phrase may run over a line break
    lowers = [t.lower_ for t in words]
    hits: list[Hit] = []
    for trig in lexicon.triggers:
        for i, tok in enumerate(words):
            if tok.ent_type_ in _NAME_ENTITIES:
                continue
            phrase_end = 0
            for phrase in trig.phrases:
                n = len(phrase)
                if tuple(lowers[i : i + n]) == phrase:
                    phrase_end = max(phrase_end, i + n)
            lemma_hit = tok.pos_ in {"VERB", "NOUN"} and (
                tok.lemma_.lower() in trig.lemmas or tok.lower_ in trig.lemmas
            )
            if lemma_hit and (trig.subjects or trig.instruments):
                lemma_hit = (_has_subject(tok, trig.subjects)
                             or _has_instrument(tok, trig.instruments))
            if lemma_hit and trig.objects:
                lemma_hit = _has_object(tok, trig.objects)
            if lemma_hit and trig.deadline_actions:
                lemma_hit = _sets_deadline(tok, trig.deadline_actions, lexicon.time_units)
            if phrase_end or lemma_hit:
                last = words[phrase_end - 1] if phrase_end else tok
                span = sent.doc[tok.i : last.i + 1]
                hits.append(Hit(trig, span.root, span.start, span.end))
    # A multi-word phrase is more specific than a single word it contains: "roadside
    # bomb" is an IED even though "bomb" alone would read as an air strike.
    phrased = [h for h in hits if h.end - h.start > 1]
    return [
        h for h in hits
        if h.end - h.start > 1
        or not any(p.trigger is not h.trigger and p.start <= h.start < p.end for p in phrased)
    ]


def _has_subject(verb: Token, nouns: frozenset[str]) -> bool:
    """ "talks between A and B were held / broke down": the verb's subject is one of
    ``nouns``."""
    return verb.pos_ == "VERB" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in nouns for c in verb.children)


def _has_object(verb: Token, nouns: frozenset[str]) -> bool:
    """ "dismissed the governor": the verb's object is one of ``nouns`` or a person."""
    return verb.pos_ == "VERB" and any(
        c.dep_ in {"dobj", "nsubjpass"} and (c.lemma_.lower() in nouns or c.ent_type_ == "PERSON")
        for c in verb.children)


def _has_instrument(verb: Token, nouns: frozenset[str]) -> bool:
    """ "attacked positions with drones": the verb's means is one of ``nouns``."""
    if verb.pos_ != "VERB" or not nouns:
        return False
    for t in verb.subtree:
        if t.lower_ not in {"with", "using"} or t.dep_ != "prep":
            continue
        owner = next((h for h in t.ancestors if h.pos_ in {"VERB", "AUX"}), None)
        if owner is not None and owner.i == verb.i and any(
                g.lemma_.lower() in nouns for g in t.children if g.dep_ == "pobj"):
            return True
    return False


def _sets_deadline(verb: Token, actions: frozenset[str], units: frozenset[str]) -> bool:
    """ "gave X four hours to surrender": a time limit for an action, an ultimatum."""
    if verb.pos_ != "VERB":
        return False
    limit = any(t.lemma_.lower() in units for c in verb.children
                if c.dep_ in {"dobj", "npadvmod", "dative", "iobj"} for t in c.subtree)
    action = any(t.lemma_.lower() in actions and t.dep_ in {"xcomp", "advcl", "relcl", "acl"}
                 for t in verb.subtree)
    return limit and action
