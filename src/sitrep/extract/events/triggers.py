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
    forms = [_forms(t) for t in words]  # "car bombs" is "car bomb"
    index = _first_words(lexicon)
    candidates = sorted({  # (trigger rank, word index): lexicon order, then text order
        (rank, i)
        for i, tok in enumerate(words) if tok.ent_type_ not in _NAME_ENTITIES or _misread_name(tok)
        for form in forms[i] for rank in index.get(form, ())})
    hits: list[Hit] = []
    for rank, i in candidates:
        trig, tok = lexicon.triggers[rank], words[i]
        phrase_end = 0
        for phrase in trig.phrases:
            n = len(phrase)
            if len(forms) >= i + n and all(w in forms[i + k] for k, w in enumerate(phrase)):
                phrase_end = max(phrase_end, i + n)
            elif n > 1 and not phrase_end and phrase[1] in lexicon.separable_tails:
                phrase_end = _split_phrase(words, forms, i, phrase)
        if not (phrase_end or _lemma_hit(tok, trig, lexicon)):
            continue
        last = words[phrase_end - 1] if phrase_end else tok
        if phrase_end and last.text == ":" and not _opens_paragraph(tok):
            continue  # a label ("Displacement:") types a note only when the note opens with it
        span = sent.doc[tok.i : last.i + 1]
        if _disaster(span.root, lexicon) or _period_toll(span.root, lexicon) or (
                phrase_end and trig.not_objects and (_has_object(
                    span.root, trig.not_objects, people=False) or any(
                    t.lemma_.lower() in trig.not_objects or t.lower_ in trig.not_objects
                    for t in span[1:-1]))):  # "set tyres alight": the object inside
            continue  # "a gas explosion"; "the war has killed"; "took over the company"
        hits.append(Hit(trig, span.root, span.start, span.end))
    # A multi-word phrase is more specific than a single word it contains: "roadside
    # bomb" is an IED even though "bomb" alone would read as an air strike.
    phrased = [h for h in hits if h.end - h.start > 1]
    heads = {h.token.i for h in hits}
    return [
        h for h in hits
        if (h.end - h.start > 1
            or not any(p.trigger is not h.trigger and p.start <= h.start < p.end for p in phrased))
        # "similar attacks targeting civilians": a manner participle of an event noun tells
        # how the noun's events are done, no event of its own
        and not (h.trigger.manner and h.token.dep_ == "acl" and h.token.tag_ == "VBG"
                 and h.token.head.i in heads)
    ]


# Entities the tagger gives a capitalised common noun that opens a note ("Protests hostile
# to the government", "Riot breaks out among ..."): a name of people, a group or a body.
_MISREAD_AS_NAME = frozenset({"PERSON", "NORP", "ORG"})


def _misread_name(tok: Token) -> bool:
    """The token opens its sentence and is a one-word entity of the kind the tagger gives a
    capitalised common noun: the word, not a name ("the Battle of X", a date, a multi-word
    name stay names)."""
    if tok.ent_type_ not in _MISREAD_AS_NAME or not tok.is_sent_start:
        return False  # (is_sent_start, not Token.sent, which scans the document)
    doc = tok.doc
    alone = tok.ent_iob_ == "B" and (tok.i + 1 == len(doc) or doc[tok.i + 1].ent_iob_ != "I")
    return alone and tok.text[:1].isupper() and tok.text[1:].islower()


# Dependents that carry the rest of a verb phrase split by its object ("set the car
# alight", "set a man on fire", "burned him alive"): a particle, a complement, a preposition.
_PHRASE_TAIL_DEPS = frozenset({"prt", "advmod", "acomp", "oprd", "xcomp", "prep", "ccomp",
                               "dep", "npadvmod", "attr", "amod", "advcl"})
_MAX_SPLIT = 6  # words of the object between a verb and the rest of its phrase


def _split_phrase(words: list[Token], forms: list[set[str]], i: int,
                  phrase: tuple[str, ...]) -> int:
    """A verb phrase with its object inside ("set the car alight" for "set alight"; its
    second word is one of the lexicon's ``separable_tails``): the verb at ``i``, then only
    its object's words, then the phrase's other words, the first a dependent of the verb.
    Returns the word index after the phrase, 0 when it does not fit."""
    verb = words[i]
    if verb.pos_ != "VERB" or phrase[0] not in forms[i]:
        return 0
    inside = {t.i for c in verb.children if c.dep_ == "dobj" for t in c.subtree}
    n = len(phrase) - 1
    for j in range(i + 2, min(len(words) - n + 1, i + 2 + _MAX_SPLIT)):
        if words[j - 1].i not in inside:
            return 0  # the gap holds more than the object
        tail = words[j]
        # ("set a suspected thief alight": the parser may take the last word for the
        # object's head noun)
        # a preposition only with its own object in the phrase: "set X on fire", not
        # "fired missiles on" for "fired on" (the missiles are the event's means)
        if (tail.head.i == verb.i and (tail.dep_ in _PHRASE_TAIL_DEPS or tail.dep_ == "dobj")
                and not (tail.dep_ == "prep" and n < 2)
                and all(w in forms[j + k] for k, w in enumerate(phrase[1:]))):
            return j + n
    return 0


def _forms(tok: Token) -> set[str]:
    """The word forms a token may match: its text and lemma, and, for a word the parser
    took for a plural noun, its stem ("Mob lynches man": a headline's verb, lemmatised
    as a noun "lynche")."""
    forms = {tok.lower_, tok.lemma_.lower()}
    word = tok.lower_
    if word.endswith("s") and not word.endswith("ss") and len(word) > 4 and (
            tok.tag_ in {"NNS", "VBZ"} or _sentence_initial_noun(tok)):
        forms.add(word[:-1])  # "Protests hostile to ...": a name to the tagger
        if word.endswith("es"):
            forms.add(word[:-2])
    return forms


def _sentence_initial_noun(tok: Token) -> bool:
    """ "Clash ensued between ...", "Riot breaks out": a capitalised common noun opening a
    one-line note, which the tagger took for a name (it is in no named entity). Not a
    noun of doers ("Protester outside the court": a caption names a person)."""
    return (tok.pos_ == "PROPN" and tok.is_sent_start
            and (not tok.ent_type_ or _misread_name(tok))
            and not tok.lower_.rstrip("s").endswith(("er", "or", "ist")))


def is_label(hit: Hit) -> bool:
    """The hit is a coder's category label ("Looting:", a phrase ending in a colon)."""
    return hit.token.doc[hit.end - 1].text == ":"


def _opens_paragraph(tok: Token) -> bool:
    """Nothing but blank space stands between the paragraph's start and the token (a
    bullet or heading before it makes it a list item of a report, not a note's label)."""
    text = tok.doc.text[: tok.idx]
    return not text[text.rfind("\n\n") + 1:].strip()


_INDEXES: dict[int, tuple[Lexicon, dict[str, tuple[int, ...]]]] = {}


def _first_words(lexicon: Lexicon) -> dict[str, tuple[int, ...]]:
    """Word form -> ranks of the triggers a token with that form may start (a lemma or a
    phrase's first word): only these are tried, not every trigger at every token."""
    cached = _INDEXES.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    index: dict[str, list[int]] = {}
    for rank, trig in enumerate(lexicon.triggers):
        for word in {*trig.lemmas, *(p[0] for p in trig.phrases if p)}:
            index.setdefault(word, []).append(rank)
    frozen = {w: tuple(sorted(set(r))) for w, r in index.items()}
    _INDEXES[id(lexicon)] = (lexicon, frozen)
    return frozen


# "and injured scores of others": a verb the parser took for a participle adjective
_VERB_JOINERS = frozenset({"and", "or", "but", ",", "then"})


def _lemma_hit(tok: Token, trig: Trigger, lexicon: Lexicon) -> bool:
    """The token is one of the trigger's lemmas and meets the trigger's conditions."""
    pos = "NOUN" if _sentence_initial_noun(tok) else tok.pos_
    if pos not in (trig.pos or {"VERB", "NOUN"}) or not (_forms(tok) & trig.lemmas):
        return False
    if (tok.tag_ == "VBN" and tok.dep_ == "amod" and tok.head.pos_ in {"NOUN", "PROPN"}
            and tok.i < tok.head.i and (tok.i == 0 or tok.nbor(-1).lower_ not in _VERB_JOINERS)
            and not _verbless_report(tok)):
        return False  # "rescued 12 kidnapped persons": what the people had undergone
    if (trig.subjects or trig.instruments) and not (
            _has_subject(tok, trig.subjects) or _has_instrument(tok, trig.instruments)):
        return False
    if trig.objects and not _has_object(tok, trig.objects, people="person" in trig.objects):
        return False
    if trig.not_objects and _has_object(tok, trig.not_objects, people=False):
        return False  # "seized drugs", "expelled diplomats": no capture of ground
    if (trig.modifiers or trig.targets) and not (
            _modified_by(tok, trig.modifiers) or _aimed(tok, trig.targets)):
        return False
    if trig.deadline_actions:
        return _sets_deadline(tok, trig.deadline_actions, lexicon.time_units)
    return True


def _modified_by(noun: Token, words: frozenset[str]) -> bool:
    """ "an Israeli strike", "coalition strikes", "Russia's strikes": a modifier of the noun
    is one of ``words`` or has one of its entity labels (NORP, GPE)."""
    return noun.pos_ == "NOUN" and any(
        c.dep_ in {"amod", "compound", "poss", "nmod"}
        and (c.lower_ in words or c.lemma_.lower() in words
             or (c.ent_type_ and c.ent_type_ in words))
        for c in noun.children)


def _aimed(noun: Token, preps: frozenset[str]) -> bool:
    """ "carried out strikes on rebel positions", "strikes against the camp killed 12": the
    noun is what a verb did or what did it, and a preposition names what it hit (not a
    day: "went on strike on Monday")."""
    if noun.pos_ != "NOUN" or noun.dep_ not in {"dobj", "nsubj", "nsubjpass"}:
        return False
    return any(c.dep_ == "prep" and c.lower_ in preps and any(
        g.dep_ == "pobj" and g.ent_type_ not in {"DATE", "TIME"} for g in c.children)
        for c in noun.children)


def _verbless_report(tok: Token) -> bool:
    """ "Youths at the junction vandalised vehicles": the parser read the sentence's only
    verb as a participle of its object; a noun (its doers) comes right before it and the
    sentence has no other verb, so the participle is the verb ("rescued 12 kidnapped
    persons" has one)."""
    return (tok.i > tok.sent.start and tok.nbor(-1).pos_ in {"NOUN", "PROPN"}
            and not any(t.pos_ in {"VERB", "AUX"} for t in tok.sent if t.i != tok.i))


_CAUSE_PREPS = {"by", "in", "from", "during", "after", "of"}


def _disaster(tok: Token, lexicon: Lexicon) -> bool:
    """ "an earthquake killed 30", "a gas explosion", "died in the floods", "killed when a
    gas cylinder exploded": the harm has a natural or accidental cause named with the
    trigger, so it is no conflict event."""
    causes = lexicon.non_conflict_causes
    if not causes:
        return False
    found: list[Token] = []
    for c in tok.children:
        if c.dep_ in {"nsubj", "nsubjpass", "compound", "amod"}:
            found.append(c)
        elif c.dep_ in {"agent", "prep"} and c.lower_ in _CAUSE_PREPS:
            found.extend(g for g in c.children if g.dep_ == "pobj")
        elif c.dep_ == "advcl":  # "killed when a boiler exploded"
            found.extend(g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"})
    # "5 were killed and 20 injured when a cylinder exploded": the clause of time hangs
    # on the last verb of the pair and tells the cause of both
    found.extend(g for conj in tok.conjuncts for c in conj.children if c.dep_ == "advcl"
                 for g in c.children if g.dep_ in {"nsubj", "nsubjpass"})
    return any(_is_cause(w, causes) for w in found)


def _period_toll(tok: Token, lexicon: Lexicon) -> bool:
    """ "The war, which began in 2023, has killed tens of thousands": the harm of a span of
    time (``period_nouns``) is its running toll, no event of its own."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lexicon.harm_words:
        return False
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in lexicon.period_nouns or any(
        f"{m.lower_} {c.lower_}" in lexicon.period_nouns for m in c.children
        if m.dep_ in {"amod", "compound"})) for c in tok.children)


def _is_cause(word: Token, causes: frozenset[str]) -> bool:
    """The noun or one of its modifiers names a natural or accidental cause."""
    return any(
        t.lemma_.lower() in causes or t.lower_ in causes
        for t in [word, *(m for m in word.children if m.dep_ in {"compound", "amod"})])


def _has_subject(verb: Token, nouns: frozenset[str]) -> bool:
    """ "talks between A and B were held / broke down": the verb's subject is one of
    ``nouns``."""
    return verb.pos_ == "VERB" and any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in nouns for c in verb.children)


def _has_object(verb: Token, nouns: frozenset[str], people: bool = True) -> bool:
    """ "dismissed the governor": the verb's object is one of ``nouns`` (or, with
    ``people``, a named person); "a cache of weapons" counts as weapons."""
    if verb.pos_ != "VERB":
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if _shared_passive(verb):  # "youths blocked the road and were dispersed by police"
        objects += [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        objects.append(verb.head)  # "two bodies found near X", "weapons seized by police"
    objects += [g for c in objects for g in c.children if g.dep_ == "conj"]  # "A and B"
    for c in objects:
        heads = [c, *(g for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                      for g in p.children if g.dep_ == "pobj")]
        if any(h.lemma_.lower() in nouns or h.lower_ in nouns for h in heads):
            return True
        if people and c.ent_type_ == "PERSON":
            return True
    return False


def _shared_passive(verb: Token) -> bool:
    """A passive verb joined to an earlier verb without a subject of its own ("gathered
    ... and were dispersed"): the earlier verb's subject is what it was done to."""
    return (verb.dep_ == "conj" and verb.head.i < verb.i and verb.head.pos_ == "VERB"
            and any(c.dep_ == "auxpass" for c in verb.children)
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children))


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
