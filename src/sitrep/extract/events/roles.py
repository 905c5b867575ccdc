"""Who did what to whom: the parse's agents and patients, actor spans, the ACLED inter
codes, a battle's other side, a protest's roles and an unattributed attack's perpetrator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Span, Token

from sitrep.extract import quantities
from sitrep.extract.attribution_lexicon import load_lexicon as load_attribution_lexicon
from sitrep.extract.events.lexicon import Lexicon
from sitrep.extract.events.triggers import Hit, find_triggers, is_label
from sitrep.extract.quantities_lexicon import quantity_lexicon
from sitrep.nlp import syntax
from sitrep.nlp.actors import ActorRegistry
from sitrep.nlp.actors.actor import ARTICLES, JOINT, POLICE_NAME, STATE_INTER, STATE_NAME
from sitrep.nlp.actors.registry import EVENT_COUNTRY_POLICE
from sitrep.nlp.actors.state_forces import country_name, document_country

_RELATIVE = {"who", "which", "that"}
_INSTRUMENT_PREPS = frozenset({"with", "using"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
# Verbs whose object noun is the event itself: "X conducted airstrikes", "X carried out
# an attack", "X launched an offensive" (X did it)
_WHERE_WHEN = frozenset({"where", "when", "whereby"})
_LIGHT_VERBS = frozenset({"conduct", "carry", "launch", "stage", "mount", "perpetrate", "make",
                          "commit", "undertake", "wage", "unleash",
                          # the weapon fired is the act: "X fired a barrage of rockets at Y"
                          "fire"})


_UNDERGO_VERBS = frozenset({"come", "fall", "be", "remain"})  # "came under fire"


def _subject_tokens(token: Token) -> tuple[list[Token], list[Token]]:
    """(agents, patients) of a trigger from the parse.

    Climbs through xcomp/conj/advcl ("claimed to have captured", "attacked and
    took") but not into a reported clause's speaker ("X said Y attacked").
    """
    agents: list[Token] = []
    patients: list[Token] = []
    if token.pos_ == "NOUN":
        for child in token.children:
            if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                agents.append(child)
            elif child.dep_ == "acl":
                for grand in child.children:
                    if grand.dep_ == "agent":
                        agents.extend(c for c in grand.children if c.dep_ == "pobj")
    if token.dep_ == "nsubj" and token.head.pos_ == "VERB":
        # "a bomb killed two soldiers": the weapon's outcome verb names the victims
        patients.extend(c for c in token.head.children if c.dep_ == "dobj")
    cur: Token | None = token
    instrument = False  # came up through "with"/"using": the tool of an act above
    counted = False  # came up through "of": "a barrage of rockets", "dozens of shells"
    for _ in range(4):
        if cur is None:
            break
        for child in cur.children:
            if child.dep_ == "nsubj" and not agents:
                agents.append(
                    cur.head if child.lower_ in _RELATIVE and cur.dep_ == "relcl" else child
                )
            elif child.dep_ == "agent":
                # "Police station attacked by gunmen" (the parser's active "attacked"):
                # the by-agent is the doer, before any subject
                agents[:0] = [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ in {"dobj", "nsubjpass", "attr"} and cur.i == token.i:
                patients.append(child)
            elif child.dep_ == "prep" and cur.i == token.i:
                objs = [c for c in child.children if c.dep_ == "pobj"
                        and c.ent_type_ not in {"DATE", "TIME"}]  # "On 7 March": when
                if child.lower_ in {"on", "against", "with", "between", "of", "at", "into"}:
                    patients.extend(objs)
                elif child.lower_ == "by" or (child.lower_ == "from" and token.pos_ == "NOUN"):
                    agents.extend(objs)  # "an attack by X", "came under fire from X"
        if agents:
            break
        if cur.dep_ == "relcl" and cur.pos_ == "VERB":
            if not any(c.dep_ in {"nsubjpass", "auxpass"} or c.lower_ in _WHERE_WHEN
                       for c in cur.children):
                agents.append(cur.head)  # not "the hospital, where two were killed"
            break
        if cur.dep_ in {"xcomp", "conj", "advcl", "pcomp"} or (
                (cur.i == token.i or counted) and cur.dep_ in {"dobj", "nsubjpass"}
                and token.pos_ == "NOUN" and cur.head.lemma_.lower() in _LIGHT_VERBS):
            cur = cur.head
        elif cur.dep_ == "pobj" and cur.head.dep_ == "prep" and cur.head.lower_ == "under" \
                and cur.head.head.lemma_.lower() in _UNDERGO_VERBS:
            # "a police convoy came under attack": the subject suffered it
            patients.extend(c for c in cur.head.head.children
                            if c.dep_ in {"nsubj", "nsubjpass"})
            break
        elif cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            instrument = cur.i == token.i and cur.head.lower_ in _INSTRUMENT_PREPS
            counted = cur.i == token.i and cur.head.lower_ == "of"
            cur = cur.head.head
        elif instrument and cur.dep_ == "dobj" and cur.head.pos_ == "VERB":
            # "attacked a patrol with explosives" (the parser hangs the tool on the
            # object): the verb's subject used the tool
            instrument = False
            cur = cur.head
        else:
            break
    if not patients:
        # "killed and mutilated a farmer", "made an incursion and assaulted residents":
        # the object of a later coordinated verb is the victim of the whole act
        verb = token if token.pos_ == "VERB" else token.head if (
            token.dep_ == "dobj" and token.head.lemma_.lower() in _LIGHT_VERBS) else None
        for conj in verb.conjuncts if verb is not None else ():
            if conj.i > verb.i:  # type: ignore[union-attr]
                patients.extend(c for c in conj.children if c.dep_ == "dobj")
    return agents, patients


def _owned_by_pronoun(token: Token) -> bool:
    """ "its aircraft", "their fighters": a noun a possessive pronoun owns."""
    return any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in token.children)


def _actor_in(tokens: Sequence[Token], actors: Sequence[Span]) -> Span | None:
    """The actor span that lies in the subtree of one of the tokens (nearest first)."""
    for tok in tokens:
        lo = min(t.i for t in tok.subtree)
        hi = max(t.i for t in tok.subtree) + 1
        inside = [a for a in actors if a.start >= lo and a.end <= hi]
        if inside:
            return min(inside, key=lambda a: abs(a.root.i - tok.i))
    return None


def _governing_actor(token: Token, actors: Sequence[Span]) -> Span | None:
    """The actor that is subject of a clause above the trigger ("X gave ..., saying they
    were deploying"): how a pronoun subject is resolved inside one sentence."""
    for head in syntax.heads(token, 6):
        subj = [c for c in head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        found = _actor_in(subj, actors)
        if found is not None:
            return found
    return None


def _between_pair(token: Token, actors: Sequence[Span]) -> tuple[Span | None, Span | None]:
    """ "fighting between A and B": A and B are the two sides, in that order."""
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "between":
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            conj = next((c for c in pobj.children if c.dep_ == "conj"), None)
            if conj is None:
                continue
            second = {t.i for t in conj.subtree}
            first = [a for a in actors if a.root.i in {t.i for t in pobj.subtree} - second]
            other = [a for a in actors if a.root.i in second]
            if first and other:
                return first[0], other[0]
    return None, None


def _group_anaphor(token: Token, lexicon: Lexicon) -> bool:
    """ "the group", "the militants": a definite noun that refers back to an armed group."""
    return (
        token.pos_ == "NOUN"
        and (token.lemma_.lower() in lexicon.group_anaphors
             or token.lower_ in lexicon.group_anaphors)  # "militants" whatever its lemma
        and any(c.lower_ in {"the", "this", "that", "these", "those"} for c in token.children)
    )


def _governed_by_group(token: Token, lexicon: Lexicon) -> bool:
    """ "The group claimed it had killed": the pronoun's clause is said by a group anaphor."""
    for head in syntax.heads(token, 4):
        if any(c.dep_ == "nsubj" and _group_anaphor(c, lexicon) for c in head.children):
            return True
    return False


def _group_antecedent(
    candidates: Sequence[Span], registry: ActorRegistry, on: date | None, lexicon: Lexicon
) -> Span | None:
    """The non-state armed group a group anaphor stands for (most recent first)."""
    for span in candidates:
        if _inter(registry, span.label_, on) in lexicon.armed_non_state:
            return span
    return None


def _side(registry: ActorRegistry, name: str) -> str:
    try:
        return registry.actor(name).side or ""
    except KeyError:
        return ""


def _is_civilian(registry: ActorRegistry, name: str) -> bool:
    if name.startswith("Civilians"):
        return True
    try:
        return registry.inter(name, None) == 7
    except KeyError:
        return False


def _inter(registry: ActorRegistry, name: str, on: date | None) -> int | None:
    """ACLED inter code of an actor on a day (7 for any "Civilians (Country)")."""
    if not name:
        return None
    if name.startswith("Civilians"):
        return 7
    try:
        return registry.inter(name, on)
    except KeyError:
        return None


def _actor_name(span: Span) -> str:
    return span.label_


_OR = ("or",), ("and", "/", "or"), ("and/or",), ("/",), ("and", "/or"), ("and/", "or")


def _joint(name: str, actors: Sequence[Span]) -> str:
    """ "suspected JNIM or ISGS militants": either of two groups, which ACLED codes as one
    joint actor "A and/or B" (in the order the text names them)."""
    if not name:
        return name
    for span in (a for a in actors if a.label_ == name):
        doc = span.doc
        for words in _OR:
            after = tuple(t.lower_ for t in doc[span.end : span.end + len(words)])
            if after != words:
                continue
            nxt = span.end + len(words)
            other = next((a for a in actors if a.start == nxt and a.label_ != name), None)
            if other is not None and other._.actor_kind != "source":
                return f"{name}{JOINT}{other.label_}"
        before = [a for a in actors if a.end < span.start and a.label_ != name]
        if before:  # the second of the pair: the joint actor all the same
            first = before[-1]
            words = tuple(t.lower_ for t in doc[first.end : span.start])
            if words in _OR:
                return f"{first.label_}{JOINT}{name}"
    return name


@dataclass(frozen=True)
class Roles:
    actor1: str
    actor2: str
    assoc1: str
    patient_civilian: bool


def _acts(span: Span) -> bool:
    """The actor is the subject of a verb or its "by ..." agent: named as a doer."""
    return span.root.dep_ == "nsubj" or _in_agent_phrase(span)


def _in_agent_phrase(span: Span) -> bool:
    """The actor is the "by ..." agent of a passive verb: the doer, never the victim."""
    return any(t.dep_ == "agent" for t in [span.root, *syntax.heads(span.root, 3)])


def _unarmed_person(token: Token, actors: Sequence[Span],
                    targets: frozenset[str] = frozenset()) -> bool:
    """ "a merchant", "a man", "the court's administrative chief": a person who is not
    named as, or called, an armed actor (ACLED codes attacks on them on civilians)."""
    lex = quantity_lexicon()
    low = token.lower_
    if low in {"member", "members"} and targets:
        # "members of the Fulani community", "a member of his family": civilians
        return any(g.lemma_.lower() in targets and not _armed_in(g, actors)
                   for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                   for g in p.children if g.dep_ == "pobj")
    if low not in lex.person_nouns or (low in lex.armed_person_nouns and not any(
            c.dep_ in {"amod", "compound"} and c.lower_ in lex.civic_modifiers
            for c in token.children)):
        return False  # "a social leader", "a community leader": no armed person
    span = range(min(t.i for t in token.subtree), max(t.i for t in token.subtree) + 1)
    return not any(a.root.i in span for a in actors)


def _armed_in(token: Token, actors: Sequence[Span], state: frozenset[str] = frozenset()) -> bool:
    """The phrase names an armed actor or force ("an army camp", "the Taliban's base")."""
    lex = quantity_lexicon()
    words = {t.lemma_.lower() for t in token.subtree} | {t.lower_ for t in token.subtree}
    span = range(min(t.i for t in token.subtree), max(t.i for t in token.subtree) + 1)
    return bool(words & (state | lex.armed_person_nouns)) or any(
        a.root.i in span and a.root.i != token.i for a in actors)


def _civilian_target(token: Token, actors: Sequence[Span], lexicon: Lexicon) -> bool:
    """ "attacked a village", "raided a herders' camp": a place or community of civilians,
    no armed actor's (ACLED: a battle needs two armed, organised sides)."""
    return token.lemma_.lower() in lexicon.civilian_targets and not _armed_in(
        token, actors, lexicon.state_actors)


def _civilian_property(token: Token, actors: Sequence[Span], lexicon: Lexicon) -> bool:
    """ "shot at the car of a councillor", "fired on a bus", "opened fire on a kiosk":
    property where people live, work or travel (``property_nouns``, not the
    ``infrastructure_nouns`` that host no one), no armed actor's or force's (ACLED codes
    the attack on civilians, not a battle)."""
    low = token.lemma_.lower()
    if token.pos_ != "NOUN" or (low not in lexicon.property_nouns
                                and token.lower_ not in lexicon.property_nouns):
        return False
    if low in lexicon.infrastructure_nouns or token.lower_ in lexicon.infrastructure_nouns:
        return False
    return not _armed_in(token, actors, lexicon.state_actors)


def _foreign_people(token: Token, actors: Sequence[Span]) -> bool:
    """ "killed four Somalis", "abducted two Chinese": people named by their nationality
    alone (a plural demonym, no armed noun), none of them an actor named in the text."""
    if token.ent_type_ != "NORP" or not (
            token.tag_ in {"NNPS", "NNS"} or token.lower_.endswith("s")):
        return False
    span = range(token.left_edge.i, token.right_edge.i + 1)
    if any(a.root.i in span for a in actors):
        return False
    return not _armed_in(token, actors)


def _named_person(token: Token, actors: Sequence[Span], lexicon: Lexicon) -> bool:
    """ "shot and wounded candidate John Doe": a person named by name, who is no actor or
    actor's man named in the text and is called nothing armed (ACLED: a civilian)."""
    if token.ent_type_ != "PERSON" or token.pos_ != "PROPN":
        return False
    if any(a.start <= token.right_edge.i and token.left_edge.i < a.end for a in actors):
        return False
    return not _armed_in(token, actors, lexicon.state_actors)


# "clashed", "exchanged fire": a verb whose coordinated subjects are the two sides
_RECIPROCAL_OBJECTS = frozenset({"fire", "gunfire", "shots", "blows"})


def _reciprocal(token: Token, lexicon: Lexicon) -> bool:
    """The trigger tells of fighting between its subjects ("A and B clashed", "A and B
    exchanged fire")."""
    verb = token if token.pos_ == "VERB" else token.head
    if verb.lemma_.lower() in lexicon.reciprocal_lemmas:
        return True
    return verb.lemma_.lower() == "exchange" and any(
        c.dep_ == "dobj" and c.lower_ in _RECIPROCAL_OBJECTS for c in verb.children)


def _co_subject(first: Span, agents: Sequence[Token], actors: Sequence[Span]) -> Span | None:
    """The actor coordinated with ``first`` in the subject ("soldiers and a group of armed
    men exchanged fire"): the other side."""
    for agent in agents:
        for conj in agent.conjuncts:
            found = _actor_in([conj], [a for a in actors if a is not first
                                       and a.label_ != first.label_])
            if found is not None and not (found.start <= first.root.i < found.end):
                return found
    return None


# Dependency labels through which a victim noun hangs on the word that tells its harm
# ("two soldiers and a policeman were killed": the policeman is a conjunct).
_VICTIM_LINKS = frozenset({"conj", "appos"})


# Verbs whose subject vehicle suffered the blast ("an army vehicle struck an IED").
_RAN_INTO = frozenset({"strike", "hit", "run", "trigger", "detonate"})
# Prepositions whose object is where an attack landed ("fired on a police post", "drove
# into a crowd").
_TARGET_PREPS = frozenset({"on", "at", "against", "in", "into"})
_SET_TO = frozenset({"fire", "siege", "alight", "flames"})  # "set fire to", "laid siege to"


def _target_asset(tok: Token, assets: frozenset[str]) -> bool:
    """ "an army vehicle was struck", "attacked a police station", "an army vehicle
    struck an IED": the force whose vehicle or post (``state_force_assets``) was hit."""
    if tok.dep_ not in {"compound", "amod", "nmod", "poss"} or tok.head.lower_ not in assets:
        return False
    asset = tok.head
    while asset.dep_ in {"compound", "amod"} and asset.head.pos_ == "NOUN":
        asset = asset.head  # "an army armoured vehicle"
    if asset.dep_ in {"nsubjpass", "dobj"}:
        return True
    if asset.dep_ == "pobj" and asset.head.lower_ == "to":  # "set fire to a police post"
        prep = asset.head
        return prep.head.lower_ in _SET_TO or any(
            c.dep_ == "dobj" and c.lower_ in _SET_TO for c in prep.head.children)
    if asset.dep_ == "pobj":
        return asset.head.lower_ in _TARGET_PREPS
    if asset.dep_ == "nsubj" and asset.head.tag_ == "VBN" and not any(
            c.dep_ in {"aux", "auxpass"} for c in asset.head.children):
        return True  # "cars were torched and an office looted" (auxiliary elided)
    return asset.dep_ == "nsubj" and asset.head.lemma_.lower() in _RAN_INTO


def _victim(span: Span, harm: frozenset[str], assets: frozenset[str] = frozenset(),
            members: frozenset[str] = frozenset()) -> bool:
    """The actor is a casualty, not a doer: subject of a passive harm verb ("1 policeman
    was killed", "soldiers were wounded"), object of an active one ("killing two
    soldiers"), subject of "die", left harmed ("leaving four soldiers wounded"), or the
    owner of a vehicle or post that was hit. ACLED codes the side that suffered as actor2.
    Members of a group harmed harm the group ("killing three members of the X")."""
    tok = span.root
    if _target_asset(tok, assets):
        return True
    if (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN"
            and tok.head.head.lemma_.lower() in members):
        tok = tok.head.head
    if (tok.dep_ == "pobj" and tok.head.lower_ in {"including", "among"}
            and tok.head.head.pos_ in {"NOUN", "PROPN", "NUM"}):
        tok = tok.head.head  # "killing two people, including a local Taliban official"
    for _ in range(3):
        if tok.dep_ not in _VICTIM_LINKS or tok.head.pos_ not in {"NOUN", "PROPN", "NUM"}:
            break
        tok = tok.head
    head = tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "nsubjpass" and (lemma in harm or head.lower_ in harm):
        return True
    if tok.dep_ == "nsubj" and lemma == "die":
        return True
    if tok.dep_ == "dobj" and head.pos_ == "VERB" and lemma in harm:
        return True  # "..., killing two soldiers"
    if any(c.dep_ in {"acl", "amod"} and c.tag_ == "VBN" and c.lemma_.lower() in harm
           for c in tok.children):
        return True  # "leaving four soldiers wounded", "two policemen killed in the blast"
    if tok.dep_ == "dobj" and lemma == "leave" and head.dep_ == "csubj" and (
            head.head.lemma_.lower() in harm):
        return True  # "leaving three soldiers wounded" parsed with "wounded" as the head
    return tok.dep_ == "dobj" and lemma == "leave" and any(
        c.lemma_.lower() in harm or c.lower_ in harm for c in head.children
        if c.dep_ in {"oprd", "xcomp", "ccomp", "acomp", "advcl", "amod"})


# Words of suspicion before an actor that the parser may take for its verb.
_HEDGES = frozenset({"presumed", "suspected", "alleged", "purported", "reported", "likely"})


def _undergoes(span: Span) -> bool:
    """The actor is the object of what is told, not a doer ("the army and police were
    dispatched", "deployed soldiers"): it is no attacker of a harm told beside it."""
    tok = span.root
    for _ in range(3):
        if tok.dep_ not in _VICTIM_LINKS or tok.head.pos_ not in {"NOUN", "PROPN", "NUM"}:
            break
        tok = tok.head
    if tok.dep_ == "dobj" and tok.head.lower_ in _HEDGES:
        return False  # "presumed ISGS militants removed goods" parsed as an object
    return tok.dep_ in {"nsubjpass", "dobj"} and not _in_agent_phrase(span)


# Sub-types whose one actor is the group that changed or moved (ACLED: no actor2 victim)
_SELF_REPORTED = frozenset({"Change to group/activity", "Headquarters or base established"})


def _label(hit: Hit) -> bool:
    """The trigger is a coder's category label ("Movement of forces:"), its colon in the
    trigger phrase (:func:`is_label`) or right after it."""
    doc = hit.token.doc
    return is_label(hit) or (hit.end < len(doc) and doc[hit.end].text == ":")


def assign_roles(
    hit: Hit,
    sent: Span,
    actors: Sequence[Span],
    claim_span: tuple[int, int],
    lexicon: Lexicon,
    registry: ActorRegistry,
    on: date | None,
    fallback: Sequence[Span],
) -> Roles:
    """Decide actor1 (who acted) and actor2 (on whom) for a trigger."""
    fighting = [a for a in actors if a._.actor_kind != "source"]
    # an actor named with the trigger word ("Israeli air strikes killed 30", misread as
    # "strikes killed") is the doer, never the harmed
    victims = [a for a in fighting
               if _victim(a, lexicon.harm_words, registry.state_force_assets,
                          lexicon.member_nouns) and not a.start <= hit.token.i < a.end]
    agents, patients = _subject_tokens(hit.token)
    a1 = _actor_in(agents, fighting)
    if a1 is None and hit.token.pos_ == "NOUN" and hit.token.dep_ in {"nsubj", "ROOT"}:
        # "Israeli air strikes killed 30": the actor named with the trigger noun did it
        a1 = next((a for a in fighting if a.start <= hit.token.i < a.end), None)
    a2 = _actor_in(patients, [a for a in fighting if a is not a1])
    if a1 is not None and a2 is None and a1 in victims:
        a1, a2 = None, a1  # "two policemen died in the blast": they suffered it
    if a2 is not None and a1 is None and _in_agent_phrase(a2):
        a1, a2 = a2, None  # "the murder of X, who was killed by ELN members"
    first, second = _between_pair(hit.token, fighting)
    if first is not None and a1 is None:
        a1, a2 = first, second
    if a1 is not None and a2 is None and _reciprocal(hit.token, lexicon):
        a2 = _co_subject(a1, agents, fighting)  # "soldiers and gunmen exchanged fire"
    if a1 is None and agents and (
        _group_anaphor(agents[0], lexicon)
        or (agents[0].pos_ == "PRON" and _governed_by_group(hit.token, lexicon))
    ):
        a1 = _group_antecedent(fallback, registry, on, lexicon)
    elif (a1 is not None and a1.label_ == lexicon.unidentified_actor
          and _group_anaphor(a1.root, lexicon)):
        # "JNIM militants attacked the town. The assailants killed 19": the group named
        a1 = _group_antecedent(fallback, registry, on, lexicon) or a1
    if a1 is None and agents and (agents[0].pos_ == "PRON" or _owned_by_pronoun(agents[0])):
        # "they attacked", "its aircraft struck" (X said): the clause's or the last actor
        a1 = _governing_actor(hit.token, fighting) or (fallback[0] if fallback else None)
    # The speaker of a claim is not a party to the event unless the parse says so.
    spoken = [a for a in fighting
              if not (claim_span[0] <= a.start_char and a.end_char <= claim_span[1])
              and not _describes_other(a, hit.token, fighting)]
    names = [_actor_name(a) for a in spoken]
    actor1 = _actor_name(a1) if a1 is not None else ""
    actor2 = _actor_name(a2) if a2 is not None else ""
    # "Burkinabe and Nigerien forces attacked": the forces joined to the attacker's are its
    # partners, never the side attacked; ACLED codes the first named as actor1
    joined = [] if a1 is None else [a for a in spoken
                                    if a is not a1 and a1.start <= a.root.head.i < a1.end]
    paired = {actor1, *(_actor_name(a) for a in joined)} if joined else set()
    if joined and joined[0].start < a1.start and not _reciprocal(hit.token, lexicon):
        actor1 = _actor_name(joined[0])
    # the killed and wounded are the side that suffered: never the attacker (ACLED
    # codes killed soldiers or police as actor2), unless also named as doers
    # another mention of a force that suffered is a doer only as the subject or agent of
    # a verb ("3 policemen were killed and a police chief wounded"; "two soldiers from
    # the Kenya Defence Forces were killed": one side, harmed); a speaker is no doer
    # ("killing nine soldiers, the army said")
    harmed = {_actor_name(a) for a in victims}
    doers = {_actor_name(a) for a in spoken if a not in victims and not _undergoes(a)
             and (_actor_name(a) not in harmed or _acts(a))}
    suffered = [_actor_name(a) for a in victims if _actor_name(a) not in doers]
    # an actor only sent or deployed ("the army and police were dispatched") did not act
    passive = {_actor_name(a) for a in fighting if _undergoes(a)} - doers
    if not actor1:  # victims are not the side that acted, unless the parse says so
        rel = _relative_of(hit.token)
        if rel is not None and any(h.token.i == rel.head.i for h in find_triggers(sent, lexicon)):
            # "arrested 14 suspects over a bombing that killed 59": an event noun's
            # clause has its own doer, never the main clause's subject
            own = {t.i for t in rel.subtree}
            names = [_actor_name(a) for a in spoken if a.root.i in own]
        # nor is the side it was done to ("rammed his car into a crowd", "recaptured the
        # town from X": X lost it)
        inside = {t.i for p in patients for t in p.subtree}
        done_to = {_actor_name(a) for a in fighting if _acted_on(a, inside, hit)}
        for name in names:
            if name != actor2 and not _is_civilian(registry, name) and name not in suffered \
                    and name not in passive and name not in done_to:
                actor1 = name
                break
    if not actor1 and hit.trigger.sub_event_type in _SELF_REPORTED and _label(hit):
        # "Movement of forces: armed men were seen moving ...": a coder's label reports
        # what the group named did, however the sentence is phrased
        actor1 = next((n for n in names if not _is_civilian(registry, n)), "")
    if not actor2:
        actor2 = next((n for n in suffered if n != actor1), "")
    if not actor2 and hit.trigger.territorial:
        # "recaptured the town from X": X held it
        actor2 = next((_actor_name(a) for a in spoken if _actor_name(a) != actor1
                       and a.root.dep_ == "pobj" and a.root.head.lower_ == "from"
                       and a.root.head.head.i == hit.token.i), "")
    partner = None if actor2 else _clash_partner(hit.token, fighting, lexicon)
    if partner is not None and _actor_name(partner) != actor1:
        # "raided the camp and clashed with gunmen": the armed side met is actor2
        actor2 = _actor_name(partner)
    if not actor2 and actor1 and partner is None:
        # "pursued the assailants and killed 20 of them": the armed side the subject's
        # other verb acted on
        pursued = _object_of_conjunct(hit.token, [a for a in spoken if a is not a1])
        if pursued is not None and _actor_name(pursued) != actor1 and not _is_civilian(
                registry, pursued.label_):
            actor2 = _actor_name(pursued)
    other_side = ""  # an actor2 only because the sentence names it beside an attacker
    if not actor2:
        # the other side; an attacker of no known side (unidentified gunmen) hit
        # whichever armed actor the sentence names
        sideless = bool(actor1) and not _side(registry, actor1)
        for name in names:
            if name != actor1 and name not in paired and (registry.opponents(actor1, name) or (
                    sideless and _inter(registry, name, on) in lexicon.conflict_parties)):
                actor2 = other_side = name
                break
    if actor1 == lexicon.unidentified_actor:
        # "gunmen (X is suspected) raided the post": the suspect is coded
        near = [a for a in syntax.spans(sent.doc, "actors") if a._.actor_kind != "source"]
        suspect = next((f for part in _window(sent) if (
            f := _suspect_in(part, near, registry)) is not None), None)
        if suspect is not None and suspect.label_ == actor2 == other_side:
            # "kidnapped by gunmen believed to be X fighters": X is who the gunmen were,
            # not a side they met
            actor1, actor2 = suspect.label_, ""
        elif suspect is not None and suspect.label_ != actor2:
            actor1 = suspect.label_
    # "suspected JNIM or ISGS militants ... The militants seized": the joint actor of the
    # sentence a group anaphor refers back to
    earlier = [a for a in fallback if a._.actor_kind != "source"]
    actor1, actor2 = _joint(actor1, [*fighting, *earlier]), _joint(actor2, fighting)
    if actor1 and actor1 == actor2:
        actor2 = ""
    if actor2 and JOINT in actor1 and actor2 in actor1.split(JOINT):
        actor2 = ""
    if actor2 and fight_between(hit.token) and _is_civilian(registry, actor2):
        actor2 = ""  # the dead of a fight between two sides are no side of it
    civ = _is_civilian(registry, actor2) if actor2 else False
    # a fight with an armed side ("raided the camp and clashed with gunmen") has no
    # civilian target, whatever was raided
    fought = partner is not None and actor2 == _actor_name(partner)
    if not civ and not fought:
        # a civilian word inside an armed group's name is no victim ("New People's Army")
        named = {i for a in fighting if not _is_civilian(registry, a.label_)
                 for i in range(a.start, a.end)}
        civ = any(t.lemma_.lower() in lexicon.civilian_words and t.i not in named
                  for p in patients for t in p.subtree)
    # an air strike or a blast that only hit a building had no victims (the explosives'
    # own rule, in the mention, decides when property hit means civilians)
    # (nor is a building where two sides clashed a victim: "clashed at a farm")
    remote = lexicon.types(hit.trigger.sub_event_type)[0] == "Explosions/Remote violence" or (
        _reciprocal(hit.token, lexicon))
    if not civ and not actor2:
        civ = any(_unarmed_person(p, fighting, lexicon.civilian_targets)
                  or _civilian_target(p, fighting, lexicon)
                  or (_civilian_property(p, fighting, lexicon) and not remote)
                  or _foreign_people(p, fighting) or _named_person(p, fighting, lexicon)
                  for p in patients)
    assoc = ""
    others = [n for n in dict.fromkeys(names) if n not in {actor1, actor2}]
    for name in others:
        if actor1 and not registry.opponents(actor1, name) and _side(registry, name):
            assoc = name
            break
    return Roles(actor1, actor2, assoc, civ)


_DESCRIPTIVE = frozenset({"relcl", "appos"})
_WH = frozenset({"which", "who", "that", "whose"})


def _describes_other(span: Span, trigger: Token, actors: Sequence[Span]) -> bool:
    """ "Al-Shabab, which is linked to al-Qaeda, said ...": an actor named only in a
    clause that describes another actor is no party to an event told outside it."""
    cur = span.root
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        if cur.dep_ in _DESCRIPTIVE and (cur.dep_ == "appos" or any(
                c.lower_ in _WH for c in cur.children)) and any(
                a is not span and a.start <= cur.head.i < a.end for a in actors):
            return not cur.left_edge.i <= trigger.i <= cur.right_edge.i
        cur = cur.head
    return False


def fight_between(token: Token) -> bool:
    """ "Fighting (erupted) between rival militias, killing 27 people": a fight whose two
    sides are named with "between" is a battle, whoever died in it (ACLED: an armed
    clash, its dead no civilian target)."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    heads = [token, token.head] if token.dep_ == "nsubj" else [token]
    return any(c.dep_ == "prep" and c.lower_ == "between" for h in heads for c in h.children)


def _acted_on(span: Span, inside: set[int], hit: Hit) -> bool:
    """The actor is what the trigger was done to: inside one of its patients (``inside``:
    their token indices), or (a capture of ground) the object of "from" ("retook the town
    from the rebels")."""
    if span.root.i in inside:
        return True
    root, token = span.root, hit.token
    prep = root.head
    if (hit.trigger.territorial and root.dep_ == "pobj" and prep.lower_ == "from"
            and prep.head.i == token.i):
        return True
    # "rammed his car into a crowd, killing two": the act the trigger's clause hangs on
    verb = token.head if token.dep_ in {"advcl", "conj", "xcomp"} else token
    if verb.i != token.i and verb.lower_ in _HEDGES and verb.i == span.start - 1:
        return False  # "presumed ISGS militants killed a youth" parsed as "presumed" + object
    return (root.dep_ == "dobj" and root.head.i == verb.i and verb.i != token.i) or (
        root.dep_ == "pobj" and prep.lower_ in _TARGET_PREPS and prep.head.i == verb.i)


def _relative_of(token: Token) -> Token | None:
    """The relative clause ("a bombing that killed 59") the trigger is told in, if any."""
    cur = token
    for _ in range(5):
        if cur.dep_ == "relcl":
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _object_of_conjunct(token: Token, actors: Sequence[Span]) -> Span | None:
    """The actor a verb joined to the trigger takes as its direct object ("pursued the
    assailants and killed ..."), when the trigger takes none of its own."""
    if token.pos_ != "VERB" or any(c.dep_ == "dobj" and _actor_in([c], actors)
                                   for c in token.children):
        return None
    for verb in token.conjuncts:
        if verb.pos_ != "VERB":
            continue
        found = _actor_in([c for c in verb.children if c.dep_ == "dobj"], actors)
        if found is not None:
            return found
    return None


def _clash_partner(token: Token, actors: Sequence[Span], lexicon: Lexicon) -> Span | None:
    """The armed actor the trigger's clause fought "with" ("raided the camp and clashed
    with gunmen", "exchanged fire with the militants"): ACLED's other side of the battle."""
    for verb in [token, *token.conjuncts]:
        if verb.pos_ != "VERB" or not _reciprocal(verb, lexicon):
            continue
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "with":
                found = _actor_in([g for g in prep.children if g.dep_ == "pobj"], actors)
                if found is not None:
                    return found
    return None


def _with_opponent(roles: Roles, belligerents: Sequence[str], registry: ActorRegistry,
                   guess_both: bool = False) -> Roles:
    """A battle has two sides: an unnamed one is the document's main opponent of the named.

    ACLED codes both parties of a battle; reports often name only one ("the
    Taliban captured the valley"), the other being plain from the whole text.
    """
    named = roles.actor1 or roles.actor2
    if not named and guess_both and len(belligerents) >= 2:
        # no side named ("fighting in Paryan"): a document about one war between two
        # main opponents means them
        first, second = belligerents[0], belligerents[1]
        if registry.opponents(first, second) and not any(
                registry.opponents(first, b) for b in belligerents[2:3]):
            return replace(roles, actor1=first, actor2=second)
        return roles
    if not named or (roles.actor1 and roles.actor2):
        return roles
    parts = set(named.split(JOINT))  # "JNIM and/or IS": neither is the other side
    other = next((b for b in belligerents if b != named and b not in parts
                  and registry.opponents(named, b)), "")
    if not other:
        return roles
    if roles.actor1:
        return replace(roles, actor2=other)
    return replace(roles, actor1=other)


# Protest sub-types in which a force intervened: ACLED names it actor2, and codes the
# country's police when the report only says the protest was dispersed or met arrests.
_INTERVENED = frozenset({"Protest with intervention", "Excessive force against protesters"})
_FOLLOWING = 2  # later sentences that may still tell of the same event


def _window(sent: Span, after: int = _FOLLOWING) -> list[Span]:
    """The sentence and up to ``after`` sentences that follow it in its paragraph."""
    doc, out = sent.doc, [sent]
    while len(out) <= after and out[-1].end < len(doc):
        nxt = doc[out[-1].end].sent
        if "\n\n" in syntax.text_of(doc)[out[-1].end_char : nxt.start_char]:
            break  # a new paragraph tells of something else
        out.append(nxt)
    return out


def _is_force(registry: ActorRegistry, lexicon: Lexicon, name: str, on: date | None) -> bool:
    """An armed actor that may meet a protest: not civilians nor demonstrators."""
    return bool(name) and not _is_civilian(registry, name) and _inter(
        registry, name, on) not in lexicon.demonstrators


def _protest_roles(roles: Roles, sub: str, registry: ActorRegistry, lexicon: Lexicon,
                   sent: Span | None = None, on: date | None = None) -> Roles:
    """ACLED: the protesters are actor1; the force that met them (if it did) is actor2.

    With the protest's sentence, a state force named in it or in the next sentences of
    its paragraph ("... Police fired tear gas.") is that force; a protest met with
    intervention but no force named is met by the police of the document's country.
    """
    force = ""
    if sub != "Peaceful protest":
        for name in (roles.actor1, roles.actor2, roles.assoc1):
            if _is_force(registry, lexicon, name, None) and not (
                    sent is not None and _not_met(name, sent, registry)):
                force = name
                break
    if not force and sub != "Peaceful protest" and sent is not None:
        force = _state_force_near(sent, registry, lexicon, on)
        if not force and sub in _INTERVENED:
            country = document_country(sent.doc)
            # unclear: the police of the country the event is placed in (or none)
            force = (registry.police_forces(country, on) or "") if country \
                else EVENT_COUNTRY_POLICE
    if force and sent is not None:
        force = _crowd_police(force, sent, registry, on)
    return Roles("", force, "", False)


# How a force hangs on the mutiny or riot word: "soldiers mutinied", "a police mutiny",
# "by mutinying police", "a mutiny by soldiers", "mutinying and soldiers leaving"
_MUTINY_LINKS = frozenset({"nsubj", "compound", "dobj", "pobj", "conj"})


def _mutineer(span: Span, registry: ActorRegistry) -> bool:
    """ "mutinying soldiers", "a police mutiny", "soldiers rioted": the force is the crowd
    itself (``mutiny_words`` of the actor files), not a force that met it."""
    words = registry.mutiny_words
    units = registry.police_force_phrases | registry.state_force_phrases
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "by":
        head = head.head  # "a mutiny by soldiers"
    name = span.text.lower()
    near = [*(c for c in root.children  # not the force's own name: "(anti-)riot police"
              if f"{c.lower_} {name}" not in units and f"{c.lower_}{name}" not in units),
            *([head] if root.dep_ in _MUTINY_LINKS else [])]
    return any(t.lower_ in words or t.lemma_.lower() in words
               for t in near if not span.start <= t.i < span.end)


# Words of what a crowd protests: a force named in what they protest ("to protest the
# killing of a man by police", "in protest against the army's closure of a road") is the
# grievance, not a force that met the crowd.
_PROTESTED = frozenset({"protest", "demonstrate", "denounce", "condemn", "decry", "demand"})
_GRIEVANCE_LINKS = frozenset({"dobj", "prep", "pobj", "pcomp", "ccomp", "xcomp", "poss",
                              "compound", "nmod", "amod", "acl", "advcl", "agent"})


def _grievance(span: Span) -> bool:
    """The force is named inside what a protest is about ("protested the arrest of their
    leader by police"), not as one that acted on the crowd."""
    tok = span.root
    for _ in range(8):
        head = tok.head
        gerund = tok.dep_ == "nsubj" and head.tag_ == "VBG"  # "the army closing a road"
        if head.i == tok.i or (tok.dep_ not in _GRIEVANCE_LINKS and not gerund):
            return False
        if head.lemma_.lower() in _PROTESTED:
            return tok.dep_ in {"dobj", "prep", "xcomp", "ccomp"}
        tok = head
    return False


def _not_met(force: str, sent: Span, registry: ActorRegistry) -> bool:
    """The force the sentence names never met the crowd: every mention of it there is a
    post or vehicle the crowd hit ("burned the police station": ACLED codes no actor2),
    the mutineers themselves, or what the crowd protested."""
    spans = [a for a in syntax.spans(sent.doc, "actors")
             if sent.start <= a.start < sent.end and a.label_ == force]
    return bool(spans) and all(
        _target_asset(a.root, registry.state_force_assets)
        or _mutineer(a, registry) or _grievance(a) for a in spans)


def _crowd_police(force: str, sent: Span, registry: ActorRegistry, on: date | None) -> str:
    """A country's military named only by a phrase of ``crowd_control_phrases`` ("security
    forces dispersed the crowd") that met a demonstration is its police: ACLED codes the
    police there unless the report names the army ("soldiers fired on the marchers")."""
    if POLICE_NAME.match(force) or not _armed_state(registry, force, on):
        return force
    spans = [a for part in _window(sent) for a in syntax.spans(sent.doc, "actors")
             if part.start <= a.start < part.end and a.label_ == force]
    phrases = registry.crowd_control_phrases
    if not spans or any(" ".join(t.lower_ for t in a if t.lower_ not in ARTICLES)
                        not in phrases for a in spans):
        return force
    state = STATE_NAME.match(force)
    countries = registry.countries_of(force)
    if state:
        country = state.group(1)
    elif len(countries) == 1:
        country = country_name(countries[0])
    else:
        return force
    return registry.police_forces(country, on) or force


def _armed_state(registry: ActorRegistry, name: str, on: date | None) -> bool:
    """A state's police or military ("Police Forces of Kenya"), not another state body
    (a parliament, a ministry) that the actor files also code 1."""
    if _inter(registry, name, on) != STATE_INTER:
        return False
    return bool(STATE_NAME.match(name) or POLICE_NAME.match(name) or registry.countries_of(name))


def _state_force_near(sent: Span, registry: ActorRegistry, lexicon: Lexicon,
                      on: date | None) -> str:
    """The first state force (police, army) named in the sentence or the next ones of its
    paragraph."""
    actors = [a for a in syntax.spans(sent.doc, "actors") if a._.actor_kind != "source"]
    found = [span for part in _window(sent) for span in actors
             if part.start <= span.start < part.end and _armed_state(registry, span.label_, on)
             and not _mutineer(span, registry) and not _grievance(span)
             and not _target_asset(span.root, registry.state_force_assets)]  # "a police
    # station was invaded": the police whose post was hit did not meet the crowd
    # the force that acts ("Police fired tear gas") before one only named ("corruption in
    # the Kenyan government")
    acting = [span for span in found if span.root.dep_ == "nsubj" or _in_agent_phrase(span)]
    return (acting or found)[0].label_ if found else ""


_PROPERTY_DESTRUCTION = "Looting/property destruction"


def _disrupted_roles(roles: Roles, sent: Span, registry: ActorRegistry,
                     on: date | None, unknown: str = "") -> Roles:
    """ACLED: the force that defused or seized a device is actor1 and the group suspected
    of planting it actor2 ("soldiers defused an IED. It was likely planted by X"); with
    no suspect named, the unidentified armed group (``unknown``) planted it."""
    if roles.actor2 or not _armed_state(registry, roles.actor1, on):
        return roles
    actors = [a for a in syntax.spans(sent.doc, "actors") if a._.actor_kind != "source"]
    for part in _window(sent):
        found = _suspect_in(part, actors, registry)
        if found is not None and found.label_ != roles.actor1:
            return replace(roles, actor2=_joint(found.label_, actors))
    return replace(roles, actor2=unknown) if unknown and _known(registry, unknown) else roles


def _known(registry: ActorRegistry, name: str) -> bool:
    try:
        registry.actor(name)
    except KeyError:
        return False
    return True


_MET_DEPS = frozenset({"dobj", "nsubjpass"})


def _unnamed_armed_met(sent: Span, registry: ActorRegistry) -> bool:
    """The sentence tells of armed people of no named group that a force met, killed or
    arrested ("killed 28 militants", "arrested two suspected terrorists", "two suspected
    gang members were killed"): a noun of ``unnamed_armed_nouns`` as an object (or "of"
    a noun: "the arrest of 262 bandits"), outside any actor's name."""
    nouns = registry.unnamed_armed_nouns
    named = {i for a in syntax.spans(sent.doc, "actors") for i in range(a.start, a.end)}
    for tok in sent:
        head = tok.head if tok.dep_ in {"conj", "appos"} else tok
        met = head.dep_ in _MET_DEPS or (  # "the arrest of 262 suspected bandits"
            head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN")
        if tok.i in named or not met:
            continue  # not "arrested men for being militants" nor "links with militants"
        pair = f"{tok.nbor(-1).lower_} {tok.lower_}" if tok.i > sent.start else ""
        if tok.lower_ in nouns or pair in nouns:
            return True
    return False


def _armed_civilians(roles: Roles, sub: str, registry: ActorRegistry,
                     lexicon: Lexicon) -> Roles:
    """A violent event or a destruction of property whose actor1 is civilians ("farmers
    attacked a herders' camp", "villagers burned the camps") is coded to the unidentified
    communal militia (ACLED: civilians never act as actor1)."""
    violent = lexicon.types(sub)[0] in lexicon.violent_types or sub == _PROPERTY_DESTRUCTION
    if not violent or not roles.actor1 or not _is_civilian(registry, roles.actor1):
        return roles
    militia = lexicon.communal_militia_actor  # used when the actor files define it
    try:
        registry.actor(militia)
    except KeyError:
        return roles
    return replace(roles, actor1=militia)


def _phrase_at(sent: Span, phrases: Sequence[tuple[str, ...]]) -> Token | None:
    toks = [t for t in sent if not t.is_space]  # a phrase may run over a line break
    lowers = [t.lower_ for t in toks]
    for i in range(len(lowers)):
        if any(tuple(lowers[i : i + len(p)]) == p for p in phrases):
            return toks[i]
    return None


def _perpetrator(sent: Span, lexicon: Lexicon, registry: ActorRegistry) -> str:
    """Who an unattributed attack is coded to: the actor that claimed responsibility, or
    that a following sentence names as its perpetrator ("The device was likely planted
    by X", "X is suspected"), else the unidentified armed group (ACLED convention)."""
    doc = sent.doc
    window = _window(sent)
    actors = [a for a in syntax.spans(doc, "actors") if a._.actor_kind != "source"]
    for part in window:
        verb = _phrase_at(part, lexicon.responsibility_phrases)
        if verb is None:
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        negated = any(c.dep_ == "neg" for c in verb.children) or any(
            c.lower_ in {"no", "none"} for s in subj for c in s.subtree)
        found = None if negated else _actor_in(subj, actors)
        if found is not None and not _is_civilian(registry, found.label_):
            return _joint(found.label_, actors)
        break
    for part in window:
        found = _suspect_in(part, actors, registry)
        if found is not None:
            return _joint(found.label_, actors)
    try:
        registry.actor(lexicon.unidentified_actor)
    except KeyError:
        return ""
    return lexicon.unidentified_actor


_BLAME = frozenset({"blame", "attribute"})  # "blamed on X", "attributed to X"
_CLAIM = frozenset({"claim"})  # "Claimed by X." after the attack told
# "X are the suspected perpetrators", "X is the prime suspect"
_CULPRITS = frozenset({"perpetrator", "culprit", "suspect", "assailant", "attacker"})


def _suspect_in(part: Span, actors: Sequence[Span], registry: ActorRegistry) -> Span | None:
    """The actor a sentence names as an attack's perpetrator: the by-agent of a
    perpetration verb ("planted by X"), the subject of "is suspected", or the object
    of "blamed on" / "attributed to" (verbs: ``perpetration_verbs`` of attribution.yaml)."""
    verbs = load_attribution_lexicon().perpetration_verbs
    for span in actors:
        if not (part.start <= span.start < part.end) or _is_civilian(registry, span.label_):
            continue
        tok = span.root
        for _ in range(3):  # "JNIM militants", "JNIM and/or ISGS militants"
            if tok.dep_ not in {"nmod", "compound", "conj", "amod", "appos"}:
                break
            tok = tok.head
        head = tok.head
        if head.dep_ == "neg" or any(c.dep_ == "neg" for c in head.head.children):
            continue
        verb = head.head.lemma_.lower()
        if tok.dep_ == "pobj" and head.dep_ == "agent" and (verb in verbs or verb in _CLAIM):
            return span  # "planted by X", "(the attack was) claimed by X"
        if tok.dep_ == "pobj" and head.lower_ in {"on", "to"} and verb in _BLAME & verbs:
            return span
        if tok.dep_ == "nsubjpass" and head.lemma_.lower() == "suspect" and "suspect" in verbs:
            return span
        if _hedged_perpetrator(tok, head, verbs) and not _or_unknown(tok, actors):
            return span
    return None


def _or_unknown(tok: Token, actors: Sequence[Span]) -> bool:
    """"X or its sympathisers suspected": one of the alternatives is no known actor, so
    the perpetrator stays unidentified ("X or Y", both known, is their joint actor)."""
    if not any(c.dep_ == "cc" and c.lower_ == "or" for c in tok.children):
        return False
    return any(c.dep_ == "conj" and not any(a.start <= c.i < a.end for a in actors)
               for c in tok.children)


# "X is believed to be responsible", "the attackers are thought to be X"
_THOUGHT = frozenset({"believe", "think", "suspect", "presume"})
_RESPONSIBLE = frozenset({"responsible", "behind"})


def _hedged_perpetrator(tok: Token, head: Token, verbs: frozenset[str]) -> bool:
    """The other ways English names a suspect: the object of "suspect" or "blame"
    ("police suspect X"), a bare "X suspected.", "X is believed to be responsible",
    "the gunmen are believed to be X (militants)", "suspected to be linked to X"."""
    lemma = head.lemma_.lower()
    if tok.dep_ == "dobj" and lemma in verbs & ({"suspect"} | _BLAME):
        return True
    if tok.dep_ == "nsubj" and lemma == "be" and any(
            c.dep_ == "attr" and c.lemma_.lower() in _CULPRITS and c.i > tok.i
            for c in head.children):
        return True  # "X are the suspected perpetrators"
    if tok.dep_ == "nsubj" and lemma == "suspect" and "suspect" in verbs and all(
            c.dep_ in {"punct", "advmod", "nsubj", "aux"} for c in head.children):
        return True  # "X suspected." as a note's whole sentence
    if tok.dep_ == "nsubjpass" and lemma in _THOUGHT:
        return any(c.dep_ == "xcomp" and any(t.lower_ in _RESPONSIBLE for t in c.subtree)
                   for c in head.children)
    if tok.dep_ == "attr" and lemma == "be" and head.dep_ == "xcomp":
        return head.head.lemma_.lower() in _THOUGHT
    if tok.dep_ == "pobj" and head.lower_ == "to" and head.head.lemma_.lower() == "link":
        link = head.head
        return link.dep_ == "xcomp" and link.head.lemma_.lower() in _THOUGHT
    return False


def _civilians_killed(text: str, lexicon: Lexicon) -> bool:
    """The sentence counts civilians among its killed or wounded ("killing 15 civilians",
    "two men travelling were killed": no word calls them armed)."""
    lex = quantity_lexicon()
    for cas in quantities.find_casualties(text):
        words = cas.subject.lower().split()
        if cas.kind not in {"killed", "wounded"} or not words:
            continue
        if words[-1] in lexicon.civilian_words:
            return True
        # "two people travelling", "a man on a motorbike": people no word calls armed
        if any(w in lex.person_nouns for w in words[:3]) and not any(
                w in lex.armed_person_nouns or w in lexicon.state_actors for w in words):
            return True
    return False
