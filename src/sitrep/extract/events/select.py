"""Which trigger hits of a sentence are events of their own, and the sub-event type
the parse refines each to (every refinement read from the lexicon)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from spacy.tokens import Span, Token

from sitrep.extract.events.dates import _pick_timex
from sitrep.extract.events.lexicon import Lexicon, Trigger
from sitrep.extract.events.places import _is_object, _local_places, _own_places, choose_places
from sitrep.extract.events.roles import (
    Roles,
    _inter,
    _phrase_at,
    _subject_tokens,
    _unarmed_person,
    fight_between,
)
from sitrep.extract.events.triggers import Hit, _has_object, is_label
from sitrep.nlp import syntax
from sitrep.nlp.actors import ActorRegistry

_HARM_VERBS = frozenset({"kill", "wound", "injure", "die"})


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
    resumed"), or is violence told after an arrest ("X was killed in a shootout, while Y
    was captured")."""
    if any(lexicon.types(h.trigger.sub_event_type)[0] in {"Protests", "Riots"} for h in hits):
        # "police shot dead two protesters", "clashes broke out during the riot": how the
        # protest was met, not events of their own (a killing by others stays one)
        hits = [h for h in hits if h.trigger.sub_event_type not in lexicon.folds_into_protest
                or (h.trigger.sub_event_type == "Attack" and not _by_force(h, lexicon))]
    # "a drone strike on a market killed 26": the killing is the strike's outcome
    weapons = [h for h in hits if lexicon.types(h.trigger.sub_event_type)[0]
               == "Explosions/Remote violence" and h.token.dep_ in {"nsubj", "nsubjpass"}]
    hits = [h for h in hits if not any(w.token.head.i == h.token.i for w in weapons)]
    # "an officer was killed when his vehicle hit a mine": the device that went off is the
    # event (ACLED types it by its method); the harm verb only tells its toll
    went_off = [h for h in hits if lexicon.types(h.trigger.sub_event_type)[0]
                == "Explosions/Remote violence" and not _disrupted(h, lexicon)]
    if went_off:
        hits = [h for h in hits if not (h.trigger.sub_event_type == "Armed clash"
                                        and h.token.lemma_.lower() in _HARM_VERBS)]
    # "arrested three men and seized explosives": the arrest is the event told
    hits = sorted(hits, key=lambda h: _disrupted(h, lexicon) or bool(seized_as(h)))
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
        elif (hit.trigger.needs_place and not own and not _not_ground(hit, lexicon)
              and not _ground_object(hit, lexicon)):
            continue
        event_type = lexicon.types(hit.trigger.sub_event_type)[0]
        when = _pick_timex(hit, timexes, lexicon.period_nouns)
        key = (event_type, when)
        if hit.start in {h.start for h, _ in chosen}:
            continue
        fresh_place = bool(own) and not {p.start for p in own} & used
        # "X was killed in a shootout, while Y was captured": violence told after an arrest
        # (a capture of people, no battle) is an event of its own
        violence = (event_type in lexicon.violent_types and not _not_ground(hit, lexicon)
                    and bool(chosen) and all(_taken(h, lexicon) for h, _ in chosen))
        if key in seen and not (fresh_place or violence):
            continue
        if chosen:
            strategic = event_type == "Strategic developments" and event_type not in {
                k[0] for k in seen} and not (
                # houses burned or weapons seized in an attack are part of the attack
                hit.trigger.sub_event_type in {"Looting/property destruction",
                                               "Disrupted weapons use"}
                and {k[0] for k in seen} & lexicon.violent_types)
            if not (fresh_place or strategic or violence):
                continue
            places_for = own
        chosen.append((hit, places_for))
        seen.add(key)
        used.update(p.start for p in places_for)
    return chosen


def _taken(hit: Hit, lexicon: Lexicon) -> bool:
    """An arrest or capture of people told in the sentence's words (not a coder's label)."""
    return not is_label(hit) and (hit.trigger.sub_event_type == "Arrests"
                                   or (hit.trigger.territorial and _captive(hit, lexicon)))


def _disrupted(hit: Hit, lexicon: Lexicon) -> bool:
    """A device found, seized or defused before use ("seized explosives and suicide
    vests"): ACLED's disrupted weapons use."""
    refine = lexicon.refinements
    if "disrupted" not in refine or lexicon.types(
            hit.trigger.sub_event_type)[0] != refine.get("disrupted_from"):
        return False
    tok = hit.token
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "explosives and suicide vests"
    return tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in lexicon.disrupt_verbs


def _by_force(hit: Hit, lexicon: Lexicon) -> bool:
    """No one, or a state force, is named as the killer ("a man was shot dead", "police
    killed two")."""
    agents, _ = _subject_tokens(hit.token)
    return not agents or any(t.lemma_.lower() in lexicon.state_actors
                             for a in agents for t in a.subtree)


def _not_ground(hit: Hit, lexicon: Lexicon) -> bool:
    """A capture of things or people ("seized weapons", "captured the suspect"), which
    needs no place: it is no capture of ground."""
    return hit.trigger.territorial and (bool(seized_as(hit)) or _captive(hit, lexicon))


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
    """The capture's object is combatants or a head count, not a place."""
    objs = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(o.like_num or o.pos_ == "NUM" or o.lemma_.lower() in lexicon.people_nouns
               for o in objs)


def _ground_object(hit: Hit, lexicon: Lexicon) -> bool:
    """A capture whose object is named ground ("seized the town of X", "took control of the
    town of X"), though the name is in no gazetteer: the event is told, its place unknown
    (ACLED would still code it)."""
    if not hit.trigger.territorial or hit.trigger.object_place:
        return False
    ground = lexicon.ground_nouns | lexicon.place_anaphors
    tok = hit.token
    objs = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}]
    for obj in list(objs):  # "took control of the town"
        objs += [g for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                 for g in p.children if g.dep_ == "pobj"]
    objs += [g for p in tok.children if p.dep_ == "prep" and p.lower_ in {"into", "of"}
             for g in p.children if g.dep_ == "pobj"]  # "advanced into the town"
    return any(o.lemma_.lower() in ground and o.pos_ == "NOUN" and _named(o) for o in objs)


def _named(noun: Token) -> bool:
    """The ground noun carries a name: "the town of Kalehe", "Kalehe town", "the base,
    Camp X" (a bare "the base" is told again from before, or too vague to code)."""
    for c in noun.children:
        if c.dep_ in {"compound", "appos"} and c.pos_ == "PROPN":
            return True
        if c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children):
            return True
    return False


def _captive(hit: Hit, lexicon: Lexicon) -> bool:
    """A seizure whose object is a person who is no combatant ("captured the suspect";
    not "Lyman was recaptured", a place the tagger read as a name)."""
    if not hit.trigger.seized:
        return False
    places = {t.i for p in syntax.spans(hit.token.doc, "places") for t in p}
    objs = [c for c in hit.token.children if c.dep_ in {"dobj", "nsubjpass"} and c.i not in places]
    return any(o.ent_type_ == "PERSON" or o.lemma_.lower() in lexicon.civilian_words
               or o.lemma_.lower() in lexicon.mob_nouns or o.lemma_.lower() in lexicon.captive_nouns
               or _unarmed_person(o, ()) for o in objs)


def seized_as(hit: Hit) -> str:
    """The sub-type a seizure takes from its object ("seized weapons": disrupted weapons
    use; "seized livestock": looting), or "" when the object is none of those."""
    for sub, nouns in hit.trigger.seized:
        if _has_object(hit.token, nouns, people=False):
            return sub
    return ""


def _cues(tokens: Sequence[Token], phrases: Sequence[tuple[str, ...]]) -> bool:
    """One of ``phrases`` occurs in ``tokens`` (matched on word forms or lemmas)."""
    words = [t for t in tokens if not t.is_space]
    forms = [set() if any(c.dep_ == "neg" for c in t.children)  # "did not intervene"
             or (i > 0 and words[i - 1].lower_ in {"no", "without"})  # "no clashes"
             or _grievance(t) else {t.lower_, t.lemma_.lower()} for i, t in enumerate(words)]
    return any(
        all(w in forms[i + k] for k, w in enumerate(p))
        for p in phrases for i in range(len(forms) - len(p) + 1))


def _grievance(token: Token) -> bool:
    """ "protested against arbitrary arrests", "over the killing of a student": what the
    crowd protests about, not what happened to it."""
    for head in [token, *syntax.heads(token, 3)]:
        if head.dep_ == "pobj" and head.head.lower_ in {"against", "over"}:
            return True
    return False


def _paragraph_tokens(sent: Span, lexicon: Lexicon, calm: bool = True) -> list[Token]:
    """The sentence and the other sentences of its paragraph that tell of the protest
    ("Police fired tear gas." after "Students marched ..."): the most severe form it
    reached is coded (ACLED). With ``calm``, a protest its own sentence calls peaceful
    keeps to that sentence (a calm march did not turn violent elsewhere)."""
    text = syntax.text_of(sent.doc)
    start = text.rfind("\n\n", 0, sent.start_char)
    end = text.find("\n\n", sent.start_char + len(sent.text.rstrip()))
    end = len(text) if end < 0 else end
    tokens = list(sent)
    if calm and any(t.lower_ in lexicon.protest_calm for t in sent):
        return tokens  # "marched peacefully": this protest stayed calm
    paragraph = sent.doc.char_span(max(start, 0), end, alignment_mode="expand")
    others = []
    for part in paragraph.sents if paragraph is not None else ():
        other = part[0].sent  # Span.sents cuts the last sentence at the paragraph's end
        if other.start == sent.start or other.end_char <= start or other.start_char >= end:
            continue
        others.append(other)
    # only the places and dates of these sentences matter: the document's others are
    # left out once here, not tested against every sentence of the paragraph
    lo = min([sent.start, *(o.start for o in others)])
    hi = max([sent.end, *(o.end for o in others)])
    places = [(p, _place_key(p)) for p in syntax.spans(sent.doc, "places")
              if p.start >= lo and p.end <= hi]
    timexes = [t for t in syntax.spans(sent.doc, "timex") if t.start >= lo and t.end <= hi]
    here = {key for p, key in places if syntax.inside(p, sent)}
    for other in others:
        # a sentence with a date, or with another place than the protest's own, tells its
        # own protest; where the protest's sentence names no place, a later one may
        there = {key for p, key in places if syntax.inside(p, other)}
        elsewhere = bool(there - here) and bool(here)
        refs = lexicon.protest_referents
        if (any(t.lemma_.lower() in refs or t.lower_ in refs or t.lower_.removesuffix("s") in refs
                for t in other) or _crowd_goes_on(sent, other)) and not (
                elsewhere or any(syntax.inside(t, other) for t in timexes)):
            tokens.extend(other)
    return _without_grievance(tokens, lexicon)


_GRIEVANCE_PREPS = frozenset({"against", "over"})


def _without_grievance(tokens: list[Token], lexicon: Lexicon) -> list[Token]:
    """The cue tokens outside what the crowd protests or demands ("to demand the release
    of an imam arrested by the army", "protested against the killing of two students by
    police"): a grievance tells no force used on this crowd."""
    heads = lexicon.protest_grievance_heads
    told: set[int] = set()
    for t in tokens:
        if t.lemma_.lower() not in heads or t.i in told:
            continue
        for c in t.children:
            if c.dep_ in {"dobj", "xcomp", "ccomp"} or (
                    c.dep_ == "prep" and c.lower_ in _GRIEVANCE_PREPS):
                told.update(x.i for x in c.subtree)
    return [t for t in tokens if t.i not in told] if told else tokens


_CROWD_PRONOUNS = frozenset({"they", "some", "others", "many", "several"})


def _crowd_goes_on(sent: Span, other: Span) -> bool:
    """The next sentence goes on about the crowd ("... protested over jobs. They burnt
    tyres.", "Some of them attacked an official."): its subject is a pronoun."""
    return other.start == sent.end and any(
        t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ in _CROWD_PRONOUNS for t in other)


def _set_on_fire(tokens: Sequence[Token]) -> bool:
    """ "set two police stations on fire", "set the office ablaze": the crowd's arson told
    with the object between the words (the cue lists hold the joined phrases; "trucks were
    set on fire" says nothing of who did it)."""
    for t in tokens:
        if t.lower_ not in {"fire", "ablaze", "alight"}:
            continue
        head = t.head.head if t.head.lower_ == "on" else t.head
        if head.lemma_.lower() == "set" and any(  # active, the object told in between
                c.dep_ == "dobj" and head.i < c.i < t.i for c in head.children):
            return True
    return False


def _place_key(span: Span) -> str:
    place = span._.place
    return place.matched if place is not None else span.text


def _protest_form(trig: Trigger, sent: Span, lexicon: Lexicon) -> str:
    """The protest's ACLED form from the cues of its paragraph: violent demonstrators make
    a riot even when force is used on them; force against a peaceful crowd is excessive
    force; any other intervention a protest with intervention."""
    tokens = _paragraph_tokens(sent, lexicon)
    crowd = [t for t in tokens if not _done_by_force(t, lexicon)]
    if trig.with_violence and (_cues(crowd, lexicon.protest_violence) or _set_on_fire(crowd)
                               or any(_harms_force(t, lexicon) for t in tokens)):
        return trig.with_violence
    # a peaceful march the police still blocked or dispersed was met with force
    tokens = _paragraph_tokens(sent, lexicon, calm=False)
    if (trig.with_intervention and _cues(tokens, lexicon.protest_warning_shots)
            and not _cues(tokens, lexicon.protest_harm)):
        return trig.with_intervention  # "fired shots in the air": no one was hit
    if trig.with_shooting and _cues(tokens, lexicon.protest_shooting):
        return trig.with_shooting
    if trig.with_intervention and (_cues(tokens, lexicon.protest_intervention) or _cues(
            [t for t in tokens if _done_by_force(t, lexicon)], lexicon.protest_force_acts)):
        return trig.with_intervention
    return ""


def _names_state(token: Token, lexicon: Lexicon) -> bool:
    """The phrase under ``token`` names a state force ("the police", "security forces")."""
    return any(t.lemma_.lower() in lexicon.state_actors or t.lower_ in lexicon.state_actors
               for t in token.subtree)


def _done_by_force(token: Token, lexicon: Lexicon) -> bool:
    """ "Police threw tear gas": the act of a state force, not the crowd's violence."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return any(c.dep_ in {"nsubj", "agent"} and _names_state(c, lexicon)
               for c in verb.children)


def _harms_force(token: Token, lexicon: Lexicon) -> bool:
    """ "residents wounded two policemen": the crowd harmed the force (a riot)."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.harm_words:
        return False
    if _done_by_force(token, lexicon):
        return False
    return any(c.dep_ == "dobj" and _names_state(c, lexicon) for c in token.children)


def _against_state(hit: Hit, roles: Roles, registry: ActorRegistry, lexicon: Lexicon,
                   on: date | None) -> bool:
    """A crowd turned on the state ("residents clashed with police", "burned a customs
    post", "rioters burned the town hall"): ACLED's violent demonstration, not a mob."""
    agents, patients = _subject_tokens(hit.token)
    if any(a.lemma_.lower() in {"rioter"} for a in agents):
        return True
    if roles.actor2 and _inter(registry, roles.actor2, on) in lexicon.state_forces:
        return True
    state = lexicon.state_actors | {"customs", "hall", "government", "ministry", "prefecture"}
    return any(t.lemma_.lower() in state for p in patients for t in p.subtree)


def _mob(hit: Hit, roles: Roles, registry: ActorRegistry, lexicon: Lexicon,
         on: date | None) -> bool:
    """The attackers are a crowd of ordinary people ("residents lynched a thief", "a
    group of youths beat a man"), not an armed organisation: ACLED's mob violence."""
    agents, patients = _subject_tokens(hit.token)
    if _mob_justice(hit, agents, patients, lexicon):
        return True
    if roles.actor1 and _inter(registry, roles.actor1, on) not in lexicon.demonstrators | {
            None, 7}:
        return False
    for agent in agents:
        nouns = [agent, *(g for p in agent.children if p.dep_ == "prep" and p.lower_ == "of"
                          for g in p.children if g.dep_ == "pobj")]
        words = {w for t in nouns for w in (t.lower_, t.lemma_.lower())}
        if words & lexicon.state_actors:
            return False
        if words & lexicon.mob_nouns or (len(nouns) > 1 and {
                n.lemma_.lower() for n in nouns[1:]} & lexicon.civilian_words):
            return True  # "a number of farmers", "a group of women"
        if agent.lower_ == "group" and len(nouns) == 1 and not any(
                c.dep_ in {"amod", "compound"} or (c.dep_ == "det" and c.lower_ != "a")
                for c in agent.children):
            # "a group beat a suspected thief": no armed group is named ("the group",
            # "this group" refer back to one)
            return True
    return _civilians_fought(hit, agents, lexicon)


_PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "marcher"})
_PROPERTY_DESTRUCTION = "Looting/property destruction"


def _protesters_act(hit: Hit, lexicon: Lexicon) -> bool:
    """Demonstrators are the ones who harmed people or destroyed property ("demonstrators
    burned a factory", "protesters beat up a teacher"): ACLED's violent demonstration."""
    sub = hit.trigger.sub_event_type
    if lexicon.types(sub)[0] not in lexicon.violent_types and sub != _PROPERTY_DESTRUCTION:
        return False
    agents, _ = _subject_tokens(hit.token)
    return any(a.lemma_.lower() in _PROTESTERS or a.lower_ in _PROTESTERS for a in agents)


def _mob_justice(hit: Hit, agents: Sequence[Token], patients: Sequence[Token],
                 lexicon: Lexicon) -> bool:
    """ "A group beat a suspected thief", "a man accused of sorcery was beaten to death",
    "killed over witchcraft claims": harm done to a suspected thief or witch by people no
    armed group or state force is named among (ACLED: mob violence)."""
    words = lexicon.mob_justice_words
    if not words or any(t.lemma_.lower() in lexicon.state_actors or t.ent_type_ in {"ORG", "NORP"}
                        for a in agents for t in a.subtree):
        return False
    if any(a.lemma_.lower() in {"gunman", "militant", "fighter", "assailant", "soldier"}
           for a in agents):
        return False
    reasons = [g for p in hit.token.children if p.dep_ == "prep" and p.lower_ in {"over", "for"}
               for g in p.children if g.dep_ == "pobj"]
    return any(t.lower_ in words or t.lemma_.lower() in words
               for p in [*patients, *reasons] for t in p.subtree)


_RECIPROCAL_PRONOUNS = frozenset({"other", "another"})  # "fought with each other"


def _civilians_fought(hit: Hit, agents: Sequence[Token], lexicon: Lexicon) -> bool:
    """ "farmers and herders clashed", "a number of Fulani fought each other": fighting
    whose every side is ordinary people (civilian nouns or a people's name), no armed
    organisation, is mob violence (ACLED)."""
    if hit.token.lemma_.lower() not in lexicon.reciprocal_lemmas:
        return False
    sides = [t for a in agents for t in (a, *a.conjuncts)]
    # the other side: "villagers clashed with herders", "clashes between X and Y"
    others = [t for p in hit.token.children if p.dep_ == "prep" and p.lower_ in {"with", "between"}
              for g in p.children if g.dep_ == "pobj" and g.lower_ not in _RECIPROCAL_PRONOUNS
              for t in (g, *g.conjuncts)]
    if not sides and len(others) < 2:
        return False
    for side in [*sides, *others]:
        nouns = [side, *(g for p in side.children if p.dep_ == "prep" and p.lower_ == "of"
                         for g in p.children if g.dep_ == "pobj")]
        if any(t.lemma_.lower() in lexicon.state_actors or t.lower_ in lexicon.state_actors
               or t.lemma_.lower() in lexicon.armed_markers for n in nouns for t in n.subtree):
            return False
        if not any(n.lemma_.lower() in lexicon.civilian_words | lexicon.mob_nouns
                   or n.ent_type_ == "NORP" or _crowd_group(n, lexicon) for n in nouns):
            return False
    return True


def _crowd_group(noun: Token, lexicon: Lexicon) -> bool:
    """ "rival political groups", "opposing camps": a group that only its politics or
    rivalry describes (no armed word: that is checked by the caller)."""
    kids = list(noun.children)
    return noun.lemma_.lower() in {"group", "camp", "side"} and any(
        c.dep_ == "amod" and c.lower_ in lexicon.crowd_group_modifiers for c in kids
    ) and not any(c.ent_type_ == "NORP" or c.pos_ == "PROPN" for c in kids)  # "rival Maasai
    # groups" are a people's militias


def _property_only(hit: Hit, sent: Span, lexicon: Lexicon, armed_target: bool = False) -> bool:
    """The attack's object is a building or goods ("attacked and burned a school"), or
    the sentence tells only of property lost ("raided the village and seized livestock",
    "no casualties but material damage"), and it tells of no one harmed."""
    if any(t.lemma_.lower() in lexicon.harm_words and not _negated(t)
           for t in [*sent, *_next_sentence(sent)]):
        return False  # "... burned the market. Two people were killed.": people were harmed
    verbs = [hit.token, *(c for c in hit.token.children if c.dep_ == "conj")]
    objects = [c for v in verbs for c in v.children if c.dep_ in {"dobj", "nsubjpass"}]
    if objects and all(o.lemma_.lower() in lexicon.property_nouns for o in objects):
        return True
    # "raided the village", "an incursion into the village": a place people live in, not
    # a post or a district centre that is defended
    tok = hit.token
    targets = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}] + [
        g for p in tok.children if p.dep_ == "prep" and p.lower_ == "into"
        for g in p.children if g.dep_ == "pobj"]
    homes = lexicon.property_nouns | lexicon.civilian_targets
    return not armed_target and all(t.lemma_.lower() in homes for t in targets) and any(
        (t.lower_ in lexicon.property_losses or t.lemma_.lower() in lexicon.property_losses)
        and not _negated(t) for t in sent)


def _next_sentence(sent: Span) -> list[Token]:
    """The tokens of the sentence after ``sent`` in the same paragraph (none at a blank
    line or the end of the text)."""
    doc = sent.doc
    if sent.end >= len(doc):
        return []
    words = [t for t in doc[sent.end].sent if not t.is_space]
    if not words or "\n\n" in syntax.text_of(doc)[sent.end_char : words[0].idx]:
        return []
    return words


_NONE_WORDS = frozenset({"no", "none", "nobody", "without", "neither", "nor"})


def _negated(token: Token) -> bool:
    """ "no casualties", "no one was hurt", "was not harmed", "without injuries": the harm
    word is denied."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.i > 0 and token.doc[token.i - 1].lower_ in _NONE_WORDS:
        return True
    if token.head.lower_ == "without":
        return True
    return any(c.dep_ in {"nsubj", "nsubjpass", "det"} and any(
        t.lower_ in _NONE_WORDS for t in c.subtree) for c in token.children)


def _state_party(hit: Hit, lexicon: Lexicon) -> bool:
    """A state force acts or is acted on ("the troops repelled the attack"): fighting, not
    property taken."""
    agents, _ = _subject_tokens(hit.token)
    objects = [c for c in hit.token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(t.lemma_.lower() in lexicon.state_actors or t.lower_ in lexicon.state_actors
               for t in [*agents, *objects])


def _by_state(hit: Hit, roles: Roles, registry: ActorRegistry, lexicon: Lexicon,
              on: date | None) -> bool:
    """A state or foreign force bombed ("the air force bombed", "US bombing of X")."""
    if hit.token.pos_ != "VERB" and hit.token.lower_ != "bombing":
        return False
    agents, _ = _subject_tokens(hit.token)
    if any(t.lemma_.lower() in lexicon.state_actors for a in agents for t in a.subtree):
        return True
    # a verb's own subject; a bare noun ("described the bombing") takes no actor from context
    return (hit.token.pos_ == "VERB" and bool(roles.actor1)
            and _inter(registry, roles.actor1, on) in lexicon.air_powers)


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
    form = _protest_form(trig, sent, lexicon)
    if form:
        return form
    if trig.with_small_arms and _cues(list(sent), lexicon.small_arms):
        return trig.with_small_arms  # "fired mortars and small arms at the base"
    refine = lexicon.refinements
    if "protesters_violent" in refine and _protesters_act(hit, lexicon):
        return refine["protesters_violent"]  # "demonstrators burned a factory"
    if trig.with_mob and _mob(hit, roles, registry, lexicon, on):
        if "crowd_against_state" in refine and _against_state(hit, roles, registry, lexicon, on):
            return refine["crowd_against_state"]
        return trig.with_mob
    armed = (bool(roles.actor2) and _inter(registry, roles.actor2, on) in lexicon.conflict_parties
             ) or _state_party(hit, lexicon) or _cues(list(sent), lexicon.small_arms)
    if trig.with_property and _property_only(hit, sent, lexicon, armed):
        return trig.with_property  # "attacked and burned the town hall; no casualties"
    if _disrupted(hit, lexicon):
        return refine["disrupted"]  # "detected and defused an explosive device"
    if trig.with_state and _by_state(hit, roles, registry, lexicon, on):
        return trig.with_state  # "the army bombed the hideouts": from the air
    if trig.with_victims and roles.patient_civilian and not fight_between(hit.token):
        return trig.with_victims
    if (trig.with_armed and not roles.patient_civilian and roles.actor2
            and _inter(registry, roles.actor2, on) in lexicon.conflict_parties):
        return trig.with_armed  # gunmen "shot dead three soldiers": a battle
    seized = seized_as(hit)
    if seized:
        return seized  # "seized weapons", "seized livestock"
    if not trig.territorial:
        return sub
    if "people_captured" in refine and _captures_people(hit.token, lexicon):
        return refine["people_captured"]  # "captured up to 1,500 fighters": prisoners
    if _captive(hit, lexicon) and "people_abducted" in refine:
        # "police captured the suspect": an arrest; "gunmen seized two traders": abduction;
        # "residents captured two suspected thieves": a crowd's justice
        state = roles.actor1 and _inter(registry, roles.actor1, on) in lexicon.state_forces
        if not state and "crowd_captures" in refine and _mob(hit, roles, registry, lexicon, on):
            return refine["crowd_captures"]
        return refine["people_arrested" if state else "people_abducted"]
    if "unopposed" in refine and _phrase_at(sent, lexicon.nonviolent_manner) is not None:
        return refine["unopposed"]  # "entered the city unopposed"
    if ("state_captures" in refine and roles.actor1
            and _inter(registry, roles.actor1, on) in lexicon.state_forces):
        return refine["state_captures"]
    return sub
