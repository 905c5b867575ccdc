"""Per-document event extraction: one analysed document in, event mentions out.

A mention is one event as one sentence reports it: the trigger word decides the
ACLED type (lexicon in ``data/lexicon/events.yaml``), the dependency parse decides
who did what to whom, and the date, place, figures and claimant come from the
spans the pipeline components left on the Doc. The function is pure: the same
document and pipeline give the same mentions, in any process.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from sitrep.errors import DataFileError
from sitrep.extract import attribution, quantities
from sitrep.knowledge import DATA_DIR
from sitrep.nlp.actors import ActorRegistry
from sitrep.records import Document, Mention, Place, Timex

LEXICON_PATH = DATA_DIR / "lexicon" / "events.yaml"


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the words that signal an ACLED sub-event type."""

    sub_event_type: str
    lemmas: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    needs_place: bool = False
    object_place: bool = False
    territorial: bool = False
    with_victims: str = ""
    with_violence: str = ""
    with_intervention: str = ""
    with_shooting: str = ""
    # when set, a lemma fires only with one of these nouns as its subject ("talks were
    # held"), means or object, or (``deadline_actions``) with a time limit to do them by
    subjects: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    deadline_actions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """The event lexicon: triggers in priority order plus the cue-word lists."""

    taxonomy: dict[str, tuple[str, str]]
    triggers: tuple[Trigger, ...]
    civilian_words: frozenset[str]
    protest_violence: frozenset[str]
    protest_intervention: frozenset[str]
    protest_shooting: frozenset[str]
    irrealis_markers: frozenset[str]
    irrealis_heads: frozenset[str]
    topic_nouns: frozenset[str]
    opinion_roots: frozenset[str] = frozenset()
    realis_infinitive_heads: frozenset[str] = frozenset()
    habitual_markers: frozenset[str] = frozenset()
    cessation_heads: frozenset[str] = frozenset()
    arrival_heads: frozenset[str] = frozenset()
    backdrop_preps: frozenset[str] = frozenset()
    reference_nouns: frozenset[str] = frozenset()
    disrupt_verbs: frozenset[str] = frozenset()
    irrealis_modifiers: frozenset[str] = frozenset()
    nonviolent_manner: tuple[tuple[str, ...], ...] = ()
    arrival_preps: frozenset[str] = frozenset()
    talk_words: frozenset[str] = frozenset()
    place_anaphors: frozenset[str] = frozenset()
    max_places_per_event: int = 5
    folds_into_battle: frozenset[str] = frozenset()
    fold_exempt: frozenset[str] = frozenset()
    history_years: int = 2
    protest_actor: str = ""
    folds_into_protest: frozenset[str] = frozenset()
    absorbs_manner: frozenset[str] = frozenset()
    unidentified_actor: str = ""
    unidentified_for: frozenset[str] = frozenset()
    responsibility_phrases: tuple[tuple[str, ...], ...] = ()
    group_anaphors: frozenset[str] = frozenset()
    reference_preps: frozenset[str] = frozenset()
    reference_marks: frozenset[str] = frozenset()
    state_heads: frozenset[str] = frozenset()
    support_heads: frozenset[str] = frozenset()
    number_words: dict[str, int] = field(default_factory=dict)

    def types(self, sub_event_type: str) -> tuple[str, str]:
        """(event_type, disorder_type) of an ACLED sub-event type."""
        return self.taxonomy[sub_event_type]


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (YAML would silently
    keep the last, dropping an entry's words)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and check the event lexicon (packaged one by default)."""
    src = Path(path) if path else LEXICON_PATH
    try:
        raw = yaml.load(src.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())  # one line
        raise DataFileError(str(src), f"cannot read event lexicon: {reason}") from exc
    taxonomy = {k: (v[0], v[1]) for k, v in raw["taxonomy"].items()}
    triggers = []
    for entry in raw["triggers"]:
        sub = entry["sub_event_type"]
        if sub not in taxonomy:
            raise DataFileError(str(src), f"trigger uses unknown sub_event_type {sub!r}")
        triggers.append(
            Trigger(
                sub_event_type=sub,
                lemmas=frozenset(w.lower() for w in entry.get("lemmas", [])),
                phrases=tuple(tuple(p.lower().split()) for p in entry.get("phrases", [])),
                needs_place=bool(entry.get("needs_place")),
                object_place=bool(entry.get("object_place")),
                territorial=bool(entry.get("territorial")),
                with_victims=entry.get("with_victims", ""),
                with_violence=entry.get("with_violence", ""),
                with_intervention=entry.get("with_intervention", ""),
                with_shooting=entry.get("with_shooting", ""),
                subjects=frozenset(w.lower() for w in entry.get("subjects", [])),
                instruments=frozenset(w.lower() for w in entry.get("instruments", [])),
                objects=frozenset(w.lower() for w in entry.get("objects", [])),
                deadline_actions=frozenset(w.lower() for w in entry.get("deadline_actions", [])),
            )
        )

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw.get(key, []))

    return Lexicon(
        taxonomy=taxonomy,
        triggers=tuple(triggers),
        civilian_words=words("civilian_words"),
        protest_violence=words("protest_violence"),
        protest_intervention=words("protest_intervention"),
        protest_shooting=words("protest_shooting"),
        irrealis_markers=words("irrealis_markers"),
        irrealis_heads=words("irrealis_heads"),
        topic_nouns=words("topic_nouns"),
        opinion_roots=words("opinion_roots"),
        realis_infinitive_heads=words("realis_infinitive_heads"),
        habitual_markers=words("habitual_markers"),
        cessation_heads=words("cessation_heads"),
        arrival_heads=words("arrival_heads"),
        backdrop_preps=words("backdrop_preps"),
        reference_nouns=words("reference_nouns"),
        disrupt_verbs=words("disrupt_verbs"),
        irrealis_modifiers=words("irrealis_modifiers"),
        nonviolent_manner=tuple(tuple(p.lower().split()) for p in raw.get("nonviolent_manner", [])),
        arrival_preps=words("arrival_preps"),
        talk_words=words("talk_words"),
        place_anaphors=words("place_anaphors"),
        max_places_per_event=int(raw.get("max_places_per_event", 5)),
        folds_into_battle=frozenset(raw.get("folds_into_battle", [])),
        fold_exempt=words("fold_exempt"),
        history_years=int(raw.get("history_years", 2)),
        protest_actor=str(raw.get("protest_actor", "")),
        folds_into_protest=frozenset(raw.get("folds_into_protest", [])),
        absorbs_manner=frozenset(raw.get("absorbs_manner", [])),
        unidentified_actor=str(raw.get("unidentified_actor", "")),
        unidentified_for=frozenset(raw.get("unidentified_for", [])),
        group_anaphors=words("group_anaphors"),
        reference_preps=words("reference_preps"),
        reference_marks=words("reference_marks"),
        state_heads=words("state_heads"),
        support_heads=words("support_heads"),
        number_words={str(k).lower(): int(v) for k, v in raw.get("number_words", {}).items()},
        responsibility_phrases=tuple(
            tuple(p.lower().split()) for p in raw.get("responsibility_phrases", [])
        ),
    )


@dataclass(frozen=True)
class ExtractOptions:
    """Knobs of the extractor that depend on the conflict, not the text."""

    conflict_start: date | None = None  # events dated before this are background
    country: str = ""  # default country for "Civilians (X)" when no place says


@dataclass
class _Hit:
    trigger: Trigger
    token: Token  # the syntactic head of the trigger phrase
    start: int  # token index of the trigger phrase's first token
    end: int  # token index after the trigger phrase


@dataclass
class _Context:
    """What earlier sentences of the document established (narrative date, place)."""

    timex: Timex | None = None
    timex_paragraph: int = -1
    places: list[Span] = field(default_factory=list)
    places_paragraph: int = -1
    actors: list[Span] = field(default_factory=list)
    seen_places: list[tuple[int, Span]] = field(default_factory=list)  # (paragraph, place)
    paragraph: int = -1  # the current sentence's
    paragraph_places: dict[int, list[Span]] = field(default_factory=dict)  # sub-country places
    home_country: str = ""  # the country most of the document's local places are in
    belligerents: tuple[str, ...] = ()  # the document's actors, most named first


def _spans(doc: Doc, key: str) -> Sequence[Span]:
    return doc.spans[key] if key in doc.spans else ()


def _in(span: Span, sent: Span) -> bool:
    return span.start >= sent.start and span.end <= sent.end


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


def find_triggers(sent: Span, lexicon: Lexicon) -> list[_Hit]:
    """All trigger hits in a sentence, in lexicon priority order then text order."""
    words = [t for t in sent if not t.is_space]  # a phrase may run over a line break
    lowers = [t.lower_ for t in words]
    hits: list[_Hit] = []
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
                lemma_hit = _sets_deadline(tok, trig.deadline_actions)
            if phrase_end or lemma_hit:
                last = words[phrase_end - 1] if phrase_end else tok
                span = sent.doc[tok.i : last.i + 1]
                hits.append(_Hit(trig, span.root, span.start, span.end))
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


_TIME_UNITS = {"hour", "day", "week", "minute", "deadline"}


def _sets_deadline(verb: Token, actions: frozenset[str]) -> bool:
    """ "gave X four hours to surrender": a time limit for an action, an ultimatum."""
    if verb.pos_ != "VERB":
        return False
    limit = any(t.lemma_.lower() in _TIME_UNITS for c in verb.children
                if c.dep_ in {"dobj", "npadvmod", "dative", "iobj"} for t in c.subtree)
    action = any(t.lemma_.lower() in actions and t.dep_ in {"xcomp", "advcl", "relcl", "acl"}
                 for t in verb.subtree)
    return limit and action


def _heads(token: Token, limit: int = 5) -> Iterable[Token]:
    cur = token
    for _ in range(limit):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def is_irrealis(token: Token, lexicon: Lexicon) -> bool:
    """True when the trigger is hypothetical, negated, planned, appealed for or opined."""
    root = token.sent.root
    if root.lemma_.lower() in lexicon.opinion_roots and root.i != token.i:
        return True
    if _purpose_infinitive(token, lexicon) or _habitual(token, lexicon):
        return True
    if _state(token, lexicon):
        return True
    if any(c.dep_ == "amod" and c.lower_ in lexicon.irrealis_modifiers for c in token.children):
        return True  # "a coming offensive", "a possible attack"
    if any(c.dep_ in {"det", "neg"} and c.lower_ == "no" for c in token.children):
        return True  # "there had been no fighting"
    head_lemma = token.head.lemma_.lower()
    if (token.dep_ in {"nsubj", "nsubjpass"} and head_lemma in lexicon.cessation_heads
            and not _arrives(token.head, lexicon)):
        return True
    for child in token.children:
        if child.dep_ == "prep" and any(
            c.lemma_.lower() in lexicon.talk_words for c in child.children if c.dep_ == "pobj"
        ):
            return True
    chain = [token, *_heads(token, 4)]
    cut = next((i for i, t in enumerate(chain) if _paratactic(t)), None)
    if cut is not None:
        chain = chain[: cut + 1]  # "X entered A; Y denied that ...": A's clause stands alone
    for i, tok in enumerate(chain):
        for child in tok.children:
            if child.dep_ == "neg" and i == 0:
                return True
            if child.dep_ in {"aux", "mark"} and child.lower_ in lexicon.irrealis_markers:
                return True
        if i > 0 and tok.lemma_.lower() in lexicon.support_heads and chain[i - 1].dep_ in {
                "prep", "xcomp", "dobj"}:
            return True  # "assisting the Taliban with drone strikes": support, not an event
        if i > 0 and tok.lemma_.lower() in lexicon.irrealis_heads:
            if chain[i - 1].dep_ in {"xcomp", "ccomp", "pobj", "dobj", "acl", "advcl", "prep"}:
                return True
        if i > 0 and tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon.topic_nouns:
            return True
        if tok.dep_ == "ROOT":
            break
    return False


_RELATIVE = {"who", "which", "that"}


def _paratactic(tok: Token) -> bool:
    """A clause the parser hung under a later verb across a semicolon or dash."""
    head = tok.head
    return (tok.dep_ in {"ccomp", "conj", "advcl"} and tok.i < head.i
            and any(t.text in {";", "\u2014", "\u2013"} for t in tok.doc[tok.i : head.i]))


def _arrives(verb: Token, lexicon: Lexicon) -> bool:
    """ "spread to <place>": the fighting reached a named place."""
    if verb.lemma_.lower() not in lexicon.arrival_heads:
        return False
    places = verb.doc.spans["places"] if "places" in verb.doc.spans else ()
    starts = {p.root.i for p in places}
    return any(
        c.dep_ == "prep" and c.lower_ in lexicon.arrival_preps
        and any(g.dep_ == "pobj" and g.i in starts for g in c.children)
        for c in verb.children
    )


def _purpose_infinitive(token: Token, lexicon: Lexicon) -> bool:
    """ "to fight back", "in order to kidnap": a purpose or plan, not a report."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    head = token.head
    return head.i == token.i or head.lemma_.lower() not in lexicon.realis_infinitive_heads


def _reference_point(token: Token, lexicon: Lexicon) -> bool:
    """ "days after an attack", "since the group seized the town": an event named as the
    time reference of another statement, told (if at all) where it is the news. (An
    "after" clause often brings news of its own: "a day after they were ambushed".)"""
    if token.dep_ == "pobj":
        prep = token.head
        word = prep.lower_
        if word == "to" and prep.head.lower_ == "prior":
            word = "prior"
        if word == "of" and prep.head.lemma_.lower() in lexicon.reference_nouns:
            return True  # "survivors of the attack", "the anniversary of the massacre"
        return word in lexicon.reference_preps
    for tok in [token, *_heads(token, 2)]:
        marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
        if tok.dep_ == "advcl" and marks & lexicon.reference_marks:
            return True
        if tok.dep_ == "advcl" and marks & {"after", "before"} and any(
                t.lemma_.lower() in {"year", "month", "decade"}
                for m in tok.children if m.dep_ in {"mark", "npadvmod"} for t in m.subtree):
            return True  # "a year after the guard detained the president"
        if tok.dep_ not in {"conj", "xcomp"}:
            break
    return False


def _state(token: Token, lexicon: Lexicon) -> bool:
    """ "was under siege", "remained under arrest": a standing condition, not an event."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ == "under"
        and token.head.head.lemma_.lower() in lexicon.state_heads
    )


_CLIMB = {"xcomp", "pcomp", "conj", "dobj", "pobj", "prep"}


def _habitual(token: Token, lexicon: Lexicon) -> bool:
    """Ongoing or repeated activity ("were still operating", "have been carrying out")."""
    # climb to the verb the trigger belongs to: "have been staging (hit-and-run)
    # attacks", "had been engaging in executions and forced disappearances"
    scope = [token]
    cur = token
    for _ in range(4):
        if cur.dep_ not in _CLIMB or cur.head.i == cur.i:
            break
        cur = cur.head
        scope.append(cur)
    for tok in scope:
        for child in tok.children:
            if child.dep_ == "advmod" and child.lower_ in lexicon.habitual_markers:
                return True
        auxes = [c.lower_ for c in tok.children if c.dep_ == "aux"]
        if tok.tag_ == "VBG" and "been" in auxes:
            return True
    return False


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
    cur: Token | None = token
    for _ in range(4):
        if cur is None:
            break
        for child in cur.children:
            if child.dep_ == "nsubj" and not agents:
                agents.append(
                    child.head if child.lower_ in _RELATIVE and cur.dep_ == "relcl" else child
                )
            elif child.dep_ == "agent":
                agents.extend(c for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in {"dobj", "nsubjpass", "attr"} and cur.i == token.i:
                patients.append(child)
            elif child.dep_ == "prep" and cur.i == token.i:
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if child.lower_ in {"on", "against", "with", "between", "of", "at"}:
                    patients.extend(objs)
                elif child.lower_ == "by":
                    agents.extend(objs)
        if agents:
            break
        if cur.dep_ == "relcl" and cur.pos_ == "VERB":
            agents.append(cur.head)
            break
        if cur.dep_ in {"xcomp", "conj", "advcl", "pcomp"}:
            cur = cur.head
        elif cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            cur = cur.head.head
        else:
            break
    return agents, patients


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
    for head in _heads(token, 6):
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
        and token.lemma_.lower() in lexicon.group_anaphors
        and any(c.lower_ in {"the", "this", "that"} for c in token.children)
    )


def _governed_by_group(token: Token, lexicon: Lexicon) -> bool:
    """ "The group claimed it had killed": the pronoun's clause is said by a group anaphor."""
    for head in _heads(token, 4):
        if any(c.dep_ == "nsubj" and _group_anaphor(c, lexicon) for c in head.children):
            return True
    return False


def _group_antecedent(
    candidates: Sequence[Span], registry: ActorRegistry, on: date | None
) -> Span | None:
    """The non-state armed group a group anaphor stands for (most recent first)."""
    for span in candidates:
        if _inter(registry, span.label_, on) in {2, 3, 4}:
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


@dataclass(frozen=True)
class _Roles:
    actor1: str
    actor2: str
    assoc1: str
    patient_civilian: bool


def _in_agent_phrase(span: Span) -> bool:
    """The actor is the "by ..." agent of a passive verb: the doer, never the victim."""
    return any(t.dep_ == "agent" for t in [span.root, *_heads(span.root, 3)])


def assign_roles(
    hit: _Hit,
    sent: Span,
    actors: Sequence[Span],
    claim_span: tuple[int, int],
    lexicon: Lexicon,
    registry: ActorRegistry,
    on: date | None,
    fallback: Sequence[Span],
) -> _Roles:
    """Decide actor1 (who acted) and actor2 (on whom) for a trigger."""
    fighting = [a for a in actors if a._.actor_kind != "source"]
    agents, patients = _subject_tokens(hit.token)
    a1 = _actor_in(agents, fighting)
    a2 = _actor_in(patients, [a for a in fighting if a is not a1])
    if a2 is not None and a1 is None and _in_agent_phrase(a2):
        a1, a2 = a2, None  # "the murder of X, who was killed by ELN members"
    first, second = _between_pair(hit.token, fighting)
    if first is not None and a1 is None:
        a1, a2 = first, second
    if a1 is None and agents and (
        _group_anaphor(agents[0], lexicon)
        or (agents[0].pos_ == "PRON" and _governed_by_group(hit.token, lexicon))
    ):
        a1 = _group_antecedent(fallback, registry, on)
    if a1 is None and agents and agents[0].pos_ == "PRON":
        a1 = _governing_actor(hit.token, fighting) or (fallback[0] if fallback else None)
    # The speaker of a claim is not a party to the event unless the parse says so.
    names = [
        _actor_name(a)
        for a in fighting
        if not (claim_span[0] <= a.start_char and a.end_char <= claim_span[1])
    ]
    actor1 = _actor_name(a1) if a1 is not None else ""
    actor2 = _actor_name(a2) if a2 is not None else ""
    if not actor1:  # victims are not the side that acted, unless the parse says so
        for name in names:
            if name != actor2 and not _is_civilian(registry, name):
                actor1 = name
                break
    if not actor2:
        for name in names:
            if name != actor1 and registry.opponents(actor1, name):
                actor2 = name
                break
    if actor1 and actor1 == actor2:
        actor2 = ""
    civ = _is_civilian(registry, actor2) if actor2 else False
    if not civ:
        civ = any(t.lemma_.lower() in lexicon.civilian_words for p in patients for t in p.subtree)
    assoc = ""
    others = [n for n in dict.fromkeys(names) if n not in {actor1, actor2}]
    for name in others:
        if actor1 and not registry.opponents(actor1, name) and _side(registry, name):
            assoc = name
            break
    return _Roles(actor1, actor2, assoc, civ)


def _place_candidates(sent: Span, places: Sequence[Span], actors: Sequence[Span]) -> list[Span]:
    """Places in the sentence that are not part of an actor's name."""
    out = []
    for p in places:
        if not _in(p, sent) or p._.place is None:
            continue
        if any(
            a.start <= p.start and p.end <= a.end and a.end - a.start > p.end - p.start
            for a in actors
        ):
            continue
        out.append(p)
    return out


_LIST_WORDS = {",", "and", "or", "&", "in", "at"}


def _clause(token: Token) -> set[int]:
    """Token indices of a trigger's subtree without conjoined clauses of their own
    ("Kupiansk was retaken ..., and Izium was recaptured": each verb its own place)."""
    out = {t.i for t in token.subtree}
    for c in token.children:
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
            out -= {t.i for t in c.subtree}
    return out


def _listed(doc: Doc, a: Span, b: Span) -> bool:
    """True when only list words ("," "and" "or", a repeated "in") separate two place
    spans, or a qualifier folded into the first ("in A, Province and in B")."""
    gap = list(doc[a.end : b.start])
    if len(gap) > 1 and gap[0].text == "," and gap[1].text[:1].isupper():
        gap = gap[1:]
        while gap and gap[0].text[:1].isupper():
            gap = gap[1:]  # the qualifier's words
    return bool(gap) and any(t.lower_ in {",", "and", "or", "&"} for t in gap) and all(
        t.is_space or t.lower_ in _LIST_WORDS for t in gap)


def _between(p: Span) -> bool:
    doc = p.doc
    window = doc[max(0, p.start - 4) : p.start]
    return any(t.lower_ == "between" for t in window)


def choose_places(hit: _Hit, candidates: Sequence[Span]) -> list[Span]:
    """The place(s) the event happened at: the trigger's own place and its list mates.

    A list of places ("took A, B and C") gives one event per place, as ACLED codes
    one event per location; "between A and B" is one event, coded to A.
    """
    if not candidates:
        return []
    subtree = _clause(hit.token)
    own = [p for p in candidates if p.root.i in subtree]
    pool = own or list(candidates)
    local = [p for p in pool if p._.place.feature not in {"country"}]
    pool = local or pool
    first = min(pool, key=lambda p: abs(p.root.i - hit.token.i))
    if _between(first):
        return [first]
    ordered = sorted(candidates, key=lambda p: p.start)
    i = ordered.index(first)
    lo = hi = i
    while lo > 0 and _listed(first.doc, ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and _listed(first.doc, ordered[hi], ordered[hi + 1]):
        hi += 1
    return ordered[lo : hi + 1]


def _near(sent: Span, place: Span) -> bool:
    before = sent.doc[max(sent.start, place.start - 2) : place.start]
    return any(t.lower_ in {"near", "outside", "around", "towards", "toward"} for t in before)


def _pick_timex(hit: _Hit, timexes: Sequence[Span]) -> Span | None:
    if not timexes:
        return None
    return min(timexes, key=lambda s: (abs(s.start - hit.token.i), s.start))


def _is_history(tx: Timex, anchor: date | None, lexicon: Lexicon, start: date | None) -> bool:
    if start is not None and tx.date_to < start:
        return True
    ref = anchor.year if anchor else None
    return ref is not None and tx.date_to.year < ref - lexicon.history_years


def _backdrop(tx: Span, lexicon: Lexicon) -> bool:
    """ "the level seen since October": a date that only opens a period of background."""
    if tx.start == 0:
        return False
    word = tx.doc[tx.start - 1].lower_
    # "retaken between October 2016 and January 2017": months bounding a campaign
    period = word in {"between", "from"} and tx._.timex.precision == 3
    return word in lexicon.backdrop_preps or period


def _paragraph_of(text: str, start_char: int) -> int:
    """Paragraph index of a position: count of blank-line gaps before it.

    Counted on the document string (``doc.text``, built once by the caller): slicing
    the Doc, or ``doc.text`` per call, rebuilds the text of every token each time.
    """
    return text.count("\n\n", 0, start_char)


def _casualties(sent_text: str) -> dict[str, tuple[int | None, int | None]]:
    out: dict[str, tuple[int | None, int | None]] = {}
    for cas in quantities.find_casualties(sent_text):
        if cas.kind in out or cas.kind == "strength":
            continue
        out[cas.kind] = (cas.low, cas.high)
    return out


def mention_id(doc_id: str, start: int, end: int, place: str, sub_event_type: str) -> str:
    """Stable id of a mention: same document, span, place and type → same id."""
    key = f"{doc_id}|{start}|{end}|{place}|{sub_event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _with_opponent(roles: _Roles, belligerents: Sequence[str], registry: ActorRegistry,
                   guess_both: bool = False) -> _Roles:
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
    other = next((b for b in belligerents if b != named and registry.opponents(named, b)), "")
    if not other:
        return roles
    if roles.actor1:
        return replace(roles, actor2=other)
    return replace(roles, actor1=other)


def _civilians_killed(text: str, lexicon: Lexicon) -> bool:
    """The sentence counts civilians among its killed or wounded ("killing 15 civilians")."""
    for cas in quantities.find_casualties(text):
        words = cas.subject.lower().split()
        if cas.kind in {"killed", "wounded"} and words and words[-1] in lexicon.civilian_words:
            return True
    return False


def _protest_roles(roles: _Roles, sub: str, registry: ActorRegistry) -> _Roles:
    """ACLED: the protesters are actor1; the force that met them (if it did) is actor2."""
    force = ""
    if sub != "Peaceful protest":
        for name in (roles.actor1, roles.actor2, roles.assoc1):
            if name and not _is_civilian(registry, name) and _inter(registry, name, None) not in {
                5, 6}:
                force = name
                break
    return _Roles("", force, "", False)


def _phrase_at(sent: Span, phrases: Sequence[tuple[str, ...]]) -> Token | None:
    toks = [t for t in sent if not t.is_space]  # a phrase may run over a line break
    lowers = [t.lower_ for t in toks]
    for i in range(len(lowers)):
        if any(tuple(lowers[i : i + len(p)]) == p for p in phrases):
            return toks[i]
    return None


def _perpetrator(sent: Span, lexicon: Lexicon, registry: ActorRegistry) -> str:
    """Who an unattributed attack is coded to: the actor that claimed responsibility in
    this or the next sentence, else the unidentified armed group (ACLED convention)."""
    doc = sent.doc
    window = [sent] + ([doc[sent.end].sent] if sent.end < len(doc) else [])
    actors = [a for a in _spans(doc, "actors") if a._.actor_kind != "source"]
    for part in window:
        verb = _phrase_at(part, lexicon.responsibility_phrases)
        if verb is None:
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        negated = any(c.dep_ == "neg" for c in verb.children) or any(
            c.lower_ in {"no", "none"} for s in subj for c in s.subtree)
        found = None if negated else _actor_in(subj, actors)
        if found is not None and not _is_civilian(registry, found.label_):
            return found.label_
        break
    try:
        registry.actor(lexicon.unidentified_actor)
    except KeyError:
        return ""
    return lexicon.unidentified_actor


_PEOPLE = {"fighter", "soldier", "militant", "insurgent", "prisoner", "people", "member",
           "commander", "man", "men", "troop", "combatant", "rebel", "policeman", "officer"}


def _captures_people(token: Token, lexicon: Lexicon) -> bool:
    """The capture's object is people or a head count, not a place."""
    objs = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(
        o.like_num or o.pos_ == "NUM" or o.lemma_.lower() in _PEOPLE
        or o.lemma_.lower() in lexicon.civilian_words
        for o in objs
    )


def _refine_type(
    hit: _Hit,
    roles: _Roles,
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
    if (lexicon.types(sub)[0] == "Explosions/Remote violence"
            and hit.token.dep_ in {"dobj", "nsubjpass"}
            and hit.token.head.lemma_.lower() in lexicon.disrupt_verbs):
        return "Disrupted weapons use"  # "detected and defused an explosive device"
    if trig.territorial and _captures_people(hit.token, lexicon):
        return "Armed clash"  # "captured up to 1,500 fighters": prisoners, not ground
    if trig.territorial and _phrase_at(sent, lexicon.nonviolent_manner) is not None:
        return "Non-violent transfer of territory"  # "entered the city unopposed"
    if trig.territorial and roles.actor1:
        if _inter(registry, roles.actor1, on) == 1:
            return "Government regains territory"
    return sub


def extract_mentions(
    document: Document,
    doc: Doc,
    registry: ActorRegistry,
    lexicon: Lexicon | None = None,
    options: ExtractOptions | None = None,
) -> list[Mention]:
    """Event mentions of one analysed document, in text order."""
    lexicon = lexicon or load_lexicon()
    options = options or ExtractOptions()
    anchor = document.published
    all_actors = list(_spans(doc, "actors"))
    all_places = list(_spans(doc, "places"))
    all_timex = list(_spans(doc, "timex"))
    denials = attribution.find_denials(doc)
    counts = Counter(a.label_ for a in all_actors if a._.actor_kind != "source")
    ctx = _Context(belligerents=tuple(sorted(counts, key=lambda n: (-counts[n], n))))
    text = doc.text
    local = [p for p in all_places if p._.place is not None and p._.place.feature != "country"]
    home = Counter(p._.place.country for p in local).most_common(1)
    ctx.home_country = home[0][0] if home else ""
    for p in local:
        # a paragraph's place for its unplaced events: one in the document's main country
        # ("talks in Tehran" does not place an arrest in Afghanistan)
        if p._.place.country == home[0][0]:
            ctx.paragraph_places.setdefault(_paragraph_of(text, p.start_char), []).append(p)
    mentions: list[Mention] = []
    last: list[Mention] = []  # the previous sentence's mentions
    last_para = -1
    for sent in doc.sents:
        if not sent.text.strip() or _is_headline(document, sent) or _is_heading(sent):
            continue
        para = _paragraph_of(text, sent.start_char)
        ctx.paragraph = para
        body = _after_dateline(sent)
        actors = [a for a in all_actors if _in(a, sent)]
        timexes = [t for t in all_timex if _in(t, body) and t._.timex is not None]
        places = _place_candidates(body, all_places, actors)
        places = sorted([*places, *_localities(doc, body, places, para, ctx)],
                        key=lambda p: p.start)
        backdrops = [t for t in timexes if _backdrop(t, lexicon)]
        current = [t for t in timexes if not _is_history(t._.timex, anchor, lexicon, None)
                   and t not in backdrops
                   # the far end of "between October 2016 and January 2017"
                   and not (backdrops and t.start > 0 and t._.timex.precision == 3
                            and doc[t.start - 1].lower_ in {"and", "to"})]
        new: list[Mention] = []
        if current or not timexes:  # a sentence dated only in the past is history
            new = _sentence_mentions(
                document,
                doc,
                sent,
                para,
                actors,
                current,
                places,
                ctx,
                denials,
                registry,
                lexicon,
                options,
            )
        if not new and last and last_para == para and not timexes and not places:
            new = _retold(document, sent, last, lexicon, registry, ctx)
            if not new:
                # "... near Sake. Local sources reported six combatants killed.": the
                # figure of the event just told
                mentions[-len(last):] = _with_later_toll(last, sent.text)
        mentions.extend(new)
        last, last_para = (new, para) if new else ([], -1)
        if current:
            ctx.timex = current[-1]._.timex
            ctx.timex_paragraph = para
        ctx.seen_places.extend((para, p) for p in places)
        violent = [m for m in new if m.event_type != "Strategic developments"]
        if violent and places:
            # a later sentence's unplaced event happened where this one did ("Talks were
            # held in Doha" places no fighting)
            ctx.places = [p for p in places if any(p.text == m.location for m in violent)] or places
            ctx.places_paragraph = para
        fighting = [a for a in actors if a._.actor_kind != "source"]
        if fighting:
            ctx.actors = fighting
    # one mention per sentence, place and type: two triggers of one event ("protesters ...
    # dispersed the crowd") must not tell it twice
    unique: dict[str, Mention] = {}
    for m in mentions:
        unique.setdefault(m.mention_id, m)
    return list(unique.values())


_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def _is_heading(sent: Span) -> bool:
    """ "THE BATTLE FOR WEST MOSUL:": a section heading in capitals names no event."""
    letters = [c for c in sent.text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _is_headline(document: Document, sent: Span) -> bool:
    """The document's title line: a headline is told again, dated, in the body; read
    alone it would be an event dated to the publication day."""
    title = (document.title or "").strip()
    if len(title) < 12 or sent.start_char > 400:
        return False
    return sent.text.strip() == title


def _retold(
    document: Document,
    sent: Span,
    last: list[Mention],
    lexicon: Lexicon,
    registry: ActorRegistry,
    ctx: _Context,
) -> list[Mention]:
    """ "X attacked Y on Monday. The group claimed it had killed 30 soldiers.": another
    party's account of the event just told (no date or place of its own) is another
    mention of it, with that party as claimant and its own figures."""
    same = {last[0].sub_event_type, "Armed clash", "Attack"}
    hits = [  # a reported clause ("it had killed 30"), not "claimed the attack"
        h for h in find_triggers(sent, lexicon)
        if h.token.pos_ == "VERB"
        and not is_irrealis(h.token, lexicon)
        and h.trigger.sub_event_type in same
    ]
    if not hits or lexicon.types(last[0].sub_event_type)[0] not in _VIOLENT:
        return []
    attr = attribution.attribute(sent)
    # "the militia said": the non-state side of the event just told
    named = [last[0].actor1, last[0].actor2, *(a.label_ for a in reversed(ctx.actors)),
             *ctx.belligerents]
    claimant = _group_claimant(attr.claimant, named, registry, lexicon, last[0].event_date, "")
    if not claimant or claimant == last[0].claimant or _inter(registry, claimant, None) not in {
            1, 2, 3, 4, 8}:
        return []  # only a party to the conflict gives its own account
    start, end = _trim(document.text, sent.start_char, sent.end_char)
    killed = _casualties(sent.text).get("killed", (None, None))
    n = len(last)
    return [
        replace(
            m,
            mention_id=mention_id(document.doc_id, start, end, m.place.matched if m.place else "",
                                  m.sub_event_type),
            claimant=claimant,
            hedged=attr.hedged,
            disputed_by="",
            fatalities=_split(killed[0], n, i),
            fatalities_high=_split(killed[1], n, i),
            wounded=None,
            captured=None,
            char_start=start,
            char_end=end,
            evidence=document.text[start:end],
            trigger=sent.doc[hits[0].start : hits[0].end].text,
            flags=[*m.flags, "retold-by-other-party"],
        )
        for i, m in enumerate(last)
    ]


def _with_later_toll(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions given the death toll a following sentence states, if they had none."""
    killed = _casualties(text).get("killed", (None, None))
    if killed[0] is None or any(m.fatalities is not None for m in mentions):
        return mentions
    n = len(mentions)
    return [
        replace(m, fatalities=_split(killed[0], n, i), fatalities_high=_split(killed[1], n, i))
        for i, m in enumerate(mentions)
    ]


_DASHES = {"-", "--", "\u2013", "\u2014"}


def _after_dateline(sent: Span) -> Span:
    """The sentence without a wire dateline ("KHARTOUM, April 17 (Reuters) - "): the
    dateline's place and date say where the story was filed, not where events happened."""
    toks = list(sent[:25])
    for i, tok in enumerate(toks[:-1]):
        if tok.text == ")" and toks[i + 1].text in _DASHES and i > 1:
            opener = next((j for j in range(i - 1, -1, -1) if toks[j].text == "("), None)
            if opener is not None and i - opener <= 4 and toks[0].is_upper:
                return sent.doc[toks[i + 1].i + 1 : sent.end]
    if toks and toks[0].is_upper and len(toks[0].text) > 2:
        # "PORT-AU-PRINCE, Haiti — March 4, 2024 — ...": the dash after the date;
        # "NAIROBI - At least ...": a bare dateline in capitals
        for i, tok in enumerate(toks[:16]):
            spaced = i > 0 and bool(toks[i - 1].whitespace_)  # not "PORT-AU-PRINCE"
            if tok.text in _DASHES and spaced and (any(t.like_num for t in toks[:i]) or all(
                    t.is_upper or t.is_punct for t in toks[:i])):
                return sent.doc[tok.i + 1 : sent.end]
    return sent


def _subordinate(token: Token) -> bool:
    """The token sits in a relative or adverbial clause, not the sentence's main one."""
    return any(t.dep_ in {"relcl", "acl", "advcl"} for t in [token, *_heads(token, 6)])


def _local_places(hit: _Hit, places: Sequence[Span]) -> list[Span]:
    """Places below country level inside the trigger's own phrase."""
    subtree = {t.i for t in hit.token.subtree}
    return [p for p in places if p.root.i in subtree and p._.place.feature != "country"]


def _own_places(hit: _Hit, chosen: Sequence[Span]) -> list[Span]:
    """Places that belong to the trigger's clause (its subtree or right after it)."""
    subtree = {t.i for t in hit.token.subtree}
    return [p for p in chosen if p.root.i in subtree or hit.token.i < p.start]


_OBJECT_PATH = {"conj", "compound", "nmod", "appos", "nummod", "amod"}


def _is_object(place: Span, token: Token) -> bool:
    """The place is (part of) the trigger's direct object: "took Charikar", "took A and B"."""
    cur = place.root
    for _ in range(4):
        if cur.head.i == token.i and cur.dep_ in {"dobj", "nsubjpass"}:
            return True
        if cur.dep_ not in _OBJECT_PATH or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def select_hits(
    hits: Sequence[_Hit],
    places: Sequence[Span],
    timexes: Sequence[Span],
    lexicon: Lexicon,
    anaphor: Callable[[_Hit], list[Span]] = lambda hit: [],
) -> list[tuple[_Hit, list[Span]]]:
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
    chosen: list[tuple[_Hit, list[Span]]] = []
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
                and {k[0] for k in seen} & _VIOLENT)
            if not (fresh_place or strategic):
                continue
            places_for = own
        chosen.append((hit, places_for))
        seen.add(key)
        used.update(p.start for p in places_for)
    return chosen


def _manner_of(hit: _Hit, other: _Hit) -> bool:
    """ "arrested 14 suspects in raids": the raids are how the arrest was made."""
    tok = hit.token
    return (
        hit is not other
        and tok.dep_ == "pobj"
        and tok.head.lower_ in {"in", "during", "through"}
        and tok.head.head.i == other.token.i
    )


_ANAPHOR_FEATURES = {"province": {"province"}, "district": {"district"}, "village": {"village"},
                     "city": {"city", "town"}, "town": {"town", "city"},
                     "capital": {"city", "town", "district"}}


def _anaphor_count(tok: Token, lexicon: Lexicon) -> int:
    """How many places a definite place noun refers back to: 1 for "the valley", n for
    "the three districts" / "all 3 districts" / "both towns", 0 when it is no anaphor."""
    dets = {c.lower_ for c in tok.children if c.dep_ in {"det", "predet", "nummod", "amod"}}
    number = next(
        (c for c in tok.children if c.dep_ == "nummod" and c.pos_ == "NUM"), None)
    if number is not None:
        word = number.lower_
        n = int(word) if word.isdigit() else lexicon.number_words.get(word, 0)
        dets |= {c.lower_ for c in number.children}  # "all 3 districts"
        return n if n >= 2 and dets & {"the", "these", "those", "all"} else 0
    if "both" in dets and tok.tag_ == "NNS":
        return 2
    if tok.tag_ == "NNS" or not dets & {"the", "this", "that"}:
        return 0
    if any(c.dep_ in {"compound", "amod", "nmod"} and c.pos_ == "PROPN" for c in tok.children):
        return 0  # "the Panjshir valley": a name, not a back-reference
    return 1


def _anaphoric_places(
    hit: _Hit, ctx: _Context, lexicon: Lexicon, here: Sequence[Span] = ()
) -> list[Span]:
    """The places a definite noun in the trigger's clause refers back to ("the valley",
    "the three districts"): the latest ones named before it of the matching kind, in
    this sentence first, then earlier in the document."""
    for tok in hit.token.subtree:
        noun = tok.lemma_.lower()
        if noun not in lexicon.place_anaphors or tok.ent_type_ not in {"", "CARDINAL"}:
            continue
        n = _anaphor_count(tok, lexicon)
        if not n:
            continue
        features = _ANAPHOR_FEATURES.get(noun, set())
        later = [p for p in here if p.start > tok.i]
        if later:
            colon = next((t.i for t in tok.doc[tok.i + 1 : later[-1].start]
                          if t.text in {":", "\u2014", "\u2013"}), None)
            # "all 3 districts ...: A, B and C" names them after the colon
            return [p for p in later if colon is not None and p.start > colon][:max(n, 1)]
        before = [p for p in here if p.end <= tok.i]
        found: list[Span] = []
        names: set[str] = set()
        # a back-reference reaches into this paragraph and the one before it
        recent = [p for para, p in ctx.seen_places if para >= ctx.paragraph - 1]
        for place in reversed([*recent, *before]):
            key = place._.place.matched if place._.place is not None else place.text
            if key in names:
                continue
            if noun in place.text.lower() or place._.place.feature in features:
                found.append(place)
                names.add(key)
                if len(found) == n:
                    break
        return found[::-1]  # fewer than counted: the named ones still locate the event
    return []


def _localities(
    doc: Doc, sent: Span, places: Sequence[Span], para: int, ctx: _Context
) -> list[Span]:
    """Named villages and towns the gazetteer lacks ("the village of X"), placed in the
    area around them at precision 2: the sentence's own district or province, else the
    paragraph's (ACLED codes an unknown village to the nearest known area)."""
    unplaced = [u for u in _spans(doc, "unplaced") if _in(u, sent)]
    if not unplaced:
        return []
    areas = [p for p in places if p._.place.feature in {"district", "province"}]
    if not areas:
        areas = [p for p in ctx.paragraph_places.get(para, ())
                 if p._.place.feature in {"district", "province", "city", "village"}]
    if not areas:
        return []
    area = areas[0]._.place
    out = []
    for u in unplaced:
        span = Span(doc, u.start, u.end, label="village")
        span._.place = replace(area, name=u.text, matched=u.text, feature="village",
                               admin3=None, geo_precision=2,
                               reason=f"not in the gazetteer; located by {area.name}")
        out.append(span)
    return out


def _focus_place(doc: Doc, country: str) -> Place | None:
    """The document's main province (set by the places component), at region precision."""
    from sitrep.nlp.geo import default_gazetteer

    for name in doc.user_data.get("sitrep_focus") or ():
        place = default_gazetteer().resolve(f"{name} Province")
        if place is not None and (not country or place.country == country):
            return replace(place, geo_precision=3)
    return None


def _event_day(tx: Timex) -> date:
    """The day an event is coded to: the stated day, or the middle of a vague period."""
    if tx.kind in {"absolute", "relative", "weekday", "range", "publication"}:
        return tx.date_from
    return tx.date_from + (tx.date_to - tx.date_from) / 2


def _split(value: int | None, n: int, i: int) -> int | None:
    """ACLED splits a figure reported for several places evenly (remainder to the first)."""
    if value is None or n <= 1:
        return value
    return value // n + (value % n if i == 0 else 0)


def _status_date(tx: Span) -> bool:
    """ "By 10 September", "As of 18 August": the date of a state of affairs."""
    before = [t.lower_ for t in tx.doc[max(tx.sent.start, tx.start - 2) : tx.start]]
    return before[-1:] == ["by"] or before[-2:] == ["as", "of"]


def _perfect_or_progressive(token: Token) -> bool:
    """ "had captured", "had begun to fight", "were battling": a state reached or under
    way at a status date, not an event on it."""
    cur = token
    for _ in range(3):
        auxes = {c.lower_ for c in cur.children if c.dep_ == "aux"}
        if (cur.tag_ == "VBN" and "had" in auxes) or (
            cur.tag_ == "VBG" and auxes & {"was", "were", "is", "are"}
        ):
            return True
        if cur.dep_ not in {"xcomp", "conj"}:
            return False
        cur = cur.head
    return False


def _anaphoric_event(hit: _Hit) -> bool:
    """ "The attack was meant to divert troops": a bare definite event noun, undated and
    unplaced, is the event told before, not a new one."""
    tok = hit.token
    if tok.pos_ != "NOUN" or hit.end - hit.start > 1 or tok.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    kids = list(tok.children)
    return any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in kids) and not any(
        c.dep_ in {"prep", "compound", "amod", "nmod", "poss", "acl", "relcl"} for c in kids)


def _modifier(hit: _Hit, found: Sequence[_Hit]) -> bool:
    """ "ceasefire violations", "protest leaders": a trigger noun that only modifies
    another noun names no event (unless that noun is a trigger too: "bomb attack")."""
    tok = hit.token
    return (
        hit.end - hit.start == 1
        and tok.dep_ == "compound"
        and tok.head.pos_ in {"NOUN", "PROPN"}
        and not any(h.token.i == tok.head.i for h in found)
    )


def _under(token: Token, unreal: set[int], limit: int = 3) -> bool:
    """The token sits inside the clause or phrase of an irrealis trigger (not beside it:
    "engaged in talks, but talks fell through" keeps the second)."""
    cur = token
    for _ in range(limit):
        if cur.dep_ == "conj" or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.i in unreal:
            return True
    return False


def _sentence_mentions(
    document: Document,
    doc: Doc,
    sent: Span,
    para: int,
    actors: list[Span],
    timexes: list[Span],
    places: list[Span],
    ctx: _Context,
    denials: Sequence[attribution.Denial],
    registry: ActorRegistry,
    lexicon: Lexicon,
    options: ExtractOptions,
) -> list[Mention]:
    found = find_triggers(sent, lexicon)
    unreal = {h.token.i for h in found if is_irrealis(h.token, lexicon)}
    hits = [
        h for h in found
        if h.token.i not in unreal
        and not _modifier(h, found)
        and not (not timexes and _anaphoric_event(h))
        # "assisting X with drone strikes using smart bombs": the bombs share the strikes' fate
        and not _under(h.token, unreal)
        and not (  # a protest met with arrests "after a demonstration" is still the event
            _reference_point(h.token, lexicon)
            and lexicon.types(h.trigger.sub_event_type)[0] != "Protests"
        )
    ]
    if timexes and all(_status_date(t) for t in timexes):
        # "By 10 May, X had taken Y" still tells who holds Y by then (territorial
        # control is read from it); ongoing fighting "as of" a date is not an event
        hits = [
            h for h in hits if h.trigger.territorial or not _perfect_or_progressive(h.token)
        ]
    if not hits:
        return []
    selected = select_hits(hits, places, timexes, lexicon,
                           lambda hit: _anaphoric_places(hit, ctx, lexicon, places))
    if not selected:
        return []
    attr = attribution.attribute(sent)
    out: list[Mention] = []
    for hit, chosen in selected:
        out.extend(
            _hit_mentions(
                document,
                doc,
                sent,
                para,
                hit,
                chosen,
                actors,
                timexes,
                places,
                attr,
                ctx,
                denials,
                registry,
                lexicon,
                options,
            )
        )
    return out


def _hit_mentions(
    document: Document,
    doc: Doc,
    sent: Span,
    para: int,
    hit: _Hit,
    chosen: list[Span],
    actors: list[Span],
    timexes: list[Span],
    places: list[Span],
    attr: attribution.Attribution,
    ctx: _Context,
    denials: Sequence[attribution.Denial],
    registry: ActorRegistry,
    lexicon: Lexicon,
    options: ExtractOptions,
) -> list[Mention]:
    # Date: the sentence's own, else the narrative date carried from earlier sentences.
    flags: list[str] = []
    tx_span = _pick_timex(hit, timexes)
    if tx_span is not None:
        tx: Timex | None = tx_span._.timex
    elif ctx.timex is not None:
        tx = ctx.timex
        if ctx.timex_paragraph != para:
            tx = replace(tx, precision=max(tx.precision, 2))
        flags.append("date-from-context")
    elif anchor_ok(document):
        assert document.published is not None
        pub = document.published
        tx = Timex(-1, -1, "", pub, pub, 2, "publication")
        flags.append("date-from-publication")
    else:
        return []
    assert tx is not None
    if tx.kind == "year" or (options.conflict_start and tx.date_to < options.conflict_start):
        return []  # a year alone dates background, not an event
    if (tx.date_to - tx.date_from).days > 31:
        return []  # "retaken between October and January": a campaign, not one event
    event_day = _event_day(tx)
    claim_span = (attr.start, attr.end) if attr.start >= 0 else (-1, -1)
    roles = assign_roles(hit, sent, actors, claim_span, lexicon, registry, event_day, ctx.actors)
    if not roles.actor1 and hit.trigger.sub_event_type in lexicon.unidentified_for:
        roles = replace(roles, actor1=_perpetrator(sent, lexicon, registry))
    strategic = lexicon.types(hit.trigger.sub_event_type)[0] == "Strategic developments"
    if (
        not (roles.actor1 or roles.actor2)
        and not chosen
        and not (strategic and tx_span)
        and not (tx_span is not None and _civilians_killed(sent.text, lexicon))
    ):
        return []
    if tx_span is None and not chosen and not (roles.actor1 and roles.actor2):
        return []  # nothing in the sentence itself anchors it: a passing mention
    if len(chosen) > lexicon.max_places_per_event:
        return []  # a summary over many places and days, not events
    if (
        not roles.patient_civilian
        and (not roles.actor2 or _is_civilian(registry, roles.actor2))
        and _civilians_killed(sent.text, lexicon)
    ):
        roles = replace(roles, patient_civilian=True)  # "..., killing 15 civilians"
    sub = _refine_type(hit, roles, sent, lexicon, registry, event_day)
    event_type, disorder = lexicon.types(sub)
    if event_type == "Battles":
        # fighting with no side named takes the war's two sides; a capture never guesses
        # who took the place
        roles = _with_opponent(roles, ctx.belligerents, registry,
                               guess_both=sub == "Armed clash")
    elif event_type == "Protests" and lexicon.protest_actor:
        roles = _protest_roles(roles, sub, registry)
        roles = replace(roles, actor1=lexicon.protest_actor)
    if not roles.actor1 and sub in lexicon.unidentified_for:
        roles = replace(roles, actor1=_perpetrator(sent, lexicon, registry))
    if not chosen and ctx.places and ctx.places_paragraph == para:
        chosen = ctx.places[:1]
        flags.append("place-from-context")
    elif not chosen and ctx.paragraph_places.get(para):
        # the paragraph names where it happens, only in another sentence
        chosen = ctx.paragraph_places[para][:1]
        flags.append("place-from-paragraph")
    cas = _casualties(sent.text)
    killed = cas.get("killed", (None, None))
    captured = cas.get("captured", (None, None))
    wounded = cas.get("wounded", (None, None))
    claimant = _claimant(hit, attr, sent, registry, event_day)
    # "the rebels said": the armed group named last (this sentence's, then earlier ones)
    named = [*(a.label_ for a in actors if a.end_char <= attr.start), *(
        a.label_ for a in reversed(ctx.actors)), *ctx.belligerents]
    claimant = _group_claimant(claimant, named, registry, lexicon, event_day, claimant)
    disputed = _disputes(sent, attr, roles, denials, registry)
    start, end = _trim(document.text, sent.start_char, sent.end_char)
    evidence = document.text[start:end]
    actor2 = roles.actor2
    victims = sub == "Attack" or (
        event_type == "Explosions/Remote violence" and roles.patient_civilian
    )
    if victims and (not actor2 or _is_civilian(registry, actor2)):
        # the victims' country: a local place's, else the document's own ("a coalition
        # strike" in a report on Iraq kills Iraqi civilians, whatever other country is named)
        local = [c._.place.country for c in chosen if c._.place.feature != "country"]
        country = (local[0] if local else ctx.home_country
                   or (chosen[0]._.place.country if chosen else options.country))
        actor2 = f"Civilians ({country})" if country else "Civilians"
    n = len(chosen)
    focus_place = None
    if not chosen or all(p._.place.feature == "country" for p in chosen):
        # Only the country, or nothing: code it to the province the document is about.
        focus_place = _focus_place(doc, chosen[0]._.place.country if chosen else "")
        if focus_place is not None:
            flags.append("place-from-focus")
    out = []
    for i, place_span in enumerate(chosen or [None]):
        place: Place | None = place_span._.place if place_span is not None else None
        place = focus_place or place
        if place is not None and place_span is not None and (
                _near(sent, place_span) or "place-from-paragraph" in flags):
            place = replace(place, geo_precision=max(place.geo_precision, 2))
        loc_text = place_span.text if place_span is not None else ""
        mid = mention_id(document.doc_id, start, end, place.matched if place else "", sub)
        out.append(
            Mention(
                mention_id=mid,
                doc_id=document.doc_id,
                doc_file=document.doc_file,
                event_date=event_day,
                time_precision=tx.precision,
                disorder_type=disorder,
                event_type=event_type,
                sub_event_type=sub,
                actor1=roles.actor1,
                actor2=actor2,
                assoc_actor_1=roles.assoc1,
                inter1=_inter(registry, roles.actor1, event_day),
                inter2=_inter(registry, actor2, event_day),
                civilian_targeting=(
                    "Civilian targeting" if event_type == "Violence against civilians" else ""
                ),
                location=loc_text,
                place=place,
                fatalities=_split(killed[0], n, i),
                fatalities_high=_split(killed[1], n, i),
                wounded=_split(wounded[0], n, i),
                captured=_split(captured[0] if captured[0] is not None else captured[1], n, i),
                claimant=claimant,
                hedged=attr.hedged,
                disputed_by=disputed,
                char_start=start,
                char_end=end,
                evidence=evidence,
                trigger=doc[hit.start : hit.end].text,
                flags=[*flags, *([] if place else ["no-location"])],
            )
        )
    return out


_DECLARED = {"Agreement", "Other", "Change to group/activity"}


def _claimant(
    hit: _Hit, attr: attribution.Attribution, sent: Span, registry: ActorRegistry, on: date
) -> str:
    """Who asserts this event, or "" when the sentence states it in its own voice."""
    if not attr.claimant or attr.cue_index < 0:
        return attr.claimant
    cue, tok = sent.doc[attr.cue_index], hit.token
    if cue.i == tok.i or (tok.dep_ == "dobj" and tok.head.i == cue.i and tok.pos_ == "NOUN"
                          and hit.trigger.sub_event_type in _DECLARED):
        return ""  # "X declared a ceasefire": the declaration is the event, X its actor
    if (cue.dep_ == "conj" and cue.head.i == tok.i) or (tok.dep_ == "conj" and tok.head.i == cue.i):
        return ""  # "captured the town and claimed control": a second act, not a source
    if attr.confirmed and _inter(registry, attr.claimant, on) not in {1, 2, 3, 4, 8}:
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
    return next((a for a in named if _inter(registry, a, on) in {2, 3, 4}), default)


def anchor_ok(document: Document) -> bool:
    """Undated events may take the publication date only in news (not encyclopedias)."""
    return (
        document.published is not None
        and document.kind == "news"
        and document.date_source in {"metadata", "byline"}
    )


def _disputes(
    sent: Span,
    attr: attribution.Attribution,
    roles: _Roles,
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


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a sentence span to its non-space content."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
