"""The event lexicon: trigger words per ACLED sub-event type and the cue-word lists.

Read from ``data/lexicon/events.yaml`` through :func:`sitrep.knowledge.files.read_yaml`
(a key given twice is refused). The word lists, sub-type refinements and ACLED code
classes the event rules use come from this file, so a rule reads its knowledge as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml

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
    with_armed: str = ""  # ... when the side harmed is a state force or an armed group
    with_violence: str = ""
    with_intervention: str = ""
    with_shooting: str = ""
    with_small_arms: str = ""  # ... when small arms were fired too (ACLED: an armed clash)
    with_state: str = ""  # ... when a state or foreign force did it ("the army bombed X")
    with_mob: str = ""  # ... when the attackers are a crowd of ordinary people
    with_property: str = ""  # ... when only property was attacked, no one harmed
    pos: frozenset[str] = frozenset()  # the parts of speech a lemma fires as (VERB, NOUN)
    # when set, a lemma fires only with one of these nouns as its subject ("talks were
    # held"), means or object, or (``deadline_actions``) with a time limit to do them by
    subjects: frozenset[str] = frozenset()
    instruments: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    deadline_actions: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()  # never with one of these as its object
    # a noun fires only when one of these words modifies it ("coalition strike"), or a word
    # of one of these entity labels (written in capitals: NORP, "an Israeli strike"), or
    # when it is the subject or object of a verb and the thing it hits follows ("strikes
    # on rebel positions": ``targets`` prepositions, not a date: "a strike on Monday")
    modifiers: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    # what a seizure's object makes of it: sub-type -> nouns ("seized weapons")
    seized: tuple[tuple[str, frozenset[str]], ...] = ()
    # a participle adjunct of another trigger (", throwing stones at homes") tells how that
    # event was done, not an event of its own
    manner: bool = False
    # no event of its own when the sentence has a trigger of one of these sub-types
    # ("mutinied ... and exchanged fire with loyal troops": the fighting is the event)
    not_with: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """The event lexicon: triggers in priority order plus the cue-word lists."""

    taxonomy: dict[str, tuple[str, str]]
    triggers: tuple[Trigger, ...]
    civilian_words: frozenset[str]
    protest_violence: tuple[tuple[str, ...], ...]
    protest_intervention: tuple[tuple[str, ...], ...]
    protest_shooting: tuple[tuple[str, ...], ...]
    protest_warning_shots: tuple[tuple[str, ...], ...]
    protest_harm: tuple[tuple[str, ...], ...]
    protest_force_acts: tuple[tuple[str, ...], ...]
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
    summary_leads: tuple[str, ...] = ()  # "over the past" (+ a span of summary_spans)
    summary_spans: frozenset[str] = frozenset()  # "week", "months": a tally over a period
    folds_into_battle: frozenset[str] = frozenset()
    fold_exempt: frozenset[str] = frozenset()
    history_years: int = 2
    protest_actor: str = ""
    folds_into_protest: frozenset[str] = frozenset()
    absorbs_manner: frozenset[str] = frozenset()
    clause_tolls: frozenset[str] = frozenset()
    protest_grievance_heads: frozenset[str] = frozenset()
    unidentified_actor: str = ""
    communal_militia_actor: str = ""
    unidentified_for: frozenset[str] = frozenset()
    unidentified_alone: frozenset[str] = frozenset()  # ... only when not following an event
    responsibility_phrases: tuple[tuple[str, ...], ...] = ()
    group_anaphors: frozenset[str] = frozenset()
    reference_preps: frozenset[str] = frozenset()
    reference_marks: frozenset[str] = frozenset()
    state_heads: frozenset[str] = frozenset()
    support_heads: frozenset[str] = frozenset()
    number_words: dict[str, int] = field(default_factory=dict)
    non_conflict_causes: frozenset[str] = frozenset()  # "earthquake", "gas leak": no event
    period_nouns: frozenset[str] = frozenset()  # "the war has killed": a toll over time
    # nouns of past events a year can date ("against their dismissal in 2011"), besides
    # the trigger words
    past_event_nouns: frozenset[str] = frozenset()
    # words opening a sentence about another event ("Separately, ...", "Elsewhere"): it
    # takes no place from the story told before
    elsewhere_cues: tuple[tuple[str, ...], ...] = ()
    # words whose object is who did an event ("no group claimed the attack", "blamed X for
    # the bombing"): a bare "the attack" there, in a story told, is that story's event
    claim_heads: frozenset[str] = frozenset()
    small_arms: tuple[tuple[str, ...], ...] = ()  # "gunfire", "small arms"
    mob_nouns: frozenset[str] = frozenset()  # "residents", "youths": a mob, not an army
    mob_justice_words: frozenset[str] = frozenset()  # "a suspected thief": mob justice
    state_actors: frozenset[str] = frozenset()  # "soldiers", "police": not a mob
    protest_referents: frozenset[str] = frozenset()  # a sentence about the protest
    protest_calm: frozenset[str] = frozenset()  # "peacefully": no escalation from elsewhere
    property_nouns: frozenset[str] = frozenset()  # "attacked a shop": property
    infrastructure_nouns: frozenset[str] = frozenset()  # "blew up a bridge": no victims
    harm_words: frozenset[str] = frozenset()  # "killed", "wounded": people were harmed
    harm_suffered_heads: frozenset[str] = frozenset()  # "suffered injuries": people harmed
    property_losses: frozenset[str] = frozenset()  # "looted", "material damage": goods lost
    civilian_targets: frozenset[str] = frozenset()  # "a village", "the community": civilians
    reciprocal_lemmas: frozenset[str] = frozenset()  # "clashed", "fought": two sides
    captive_nouns: frozenset[str] = frozenset()  # "captured a gang member": a person held
    harm_over_abduction: frozenset[str] = frozenset()  # "kidnapped and killed": an attack
    equipment_heads: frozenset[str] = frozenset()  # "herders armed with machetes attacked"
    attempt_heads: frozenset[str] = frozenset()  # "tried to abduct": the attempt was made
    obligation_heads: frozenset[str] = frozenset()  # "had to fire": what was done
    aside_heads: frozenset[str] = frozenset()  # "X, believed to be Y, attacked": an aside
    crowd_group_modifiers: frozenset[str] = frozenset()  # "rival political groups" clashed
    armed_markers: frozenset[str] = frozenset()  # "armed", "guns": a side that is armed
    passage_verbs: frozenset[str] = frozenset()  # "ran over a mine": no time reference
    separable_tails: frozenset[str] = frozenset()  # "set the car alight": "set alight"
    realised_purposes: frozenset[str] = frozenset()  # "gathered to protest": it was a protest
    outcome_verbs: frozenset[str] = frozenset()  # "the blast killed / went off": it happened
    # the event types that are political violence, and the declared (not enacted) sub-types
    violent_types: frozenset[str] = frozenset()
    declared_types: frozenset[str] = frozenset()
    people_nouns: frozenset[str] = frozenset()  # a capture of these is of people, not ground
    member_nouns: frozenset[str] = frozenset()  # "members of X": harm to them harms X
    ground_nouns: frozenset[str] = frozenset()  # "seized the town of X": ground, named or not
    recent_since_words: frozenset[str] = frozenset()  # "since yesterday": no period summed up
    time_units: frozenset[str] = frozenset()  # "gave them four hours": an ultimatum's limit
    near_words: frozenset[str] = frozenset()  # "near X": the place is approximate
    anaphor_features: dict[str, frozenset[str]] = field(default_factory=dict)
    # ACLED inter codes by class (see the actors files)
    armed_non_state: frozenset[int] = frozenset()
    conflict_parties: frozenset[int] = frozenset()
    demonstrators: frozenset[int] = frozenset()
    state_forces: frozenset[int] = frozenset()
    air_powers: frozenset[int] = frozenset()  # forces whose bombs come from the air
    # sub-types the parse picks instead of the trigger's (keys: see events.yaml)
    refinements: dict[str, str] = field(default_factory=dict)
    # the words that make an event named under them a reference, not a report ("accused
    # of the bombing", "the investigation into the blast"; key ``reference_frame``)
    frame_verbs: frozenset[str] = frozenset()
    frame_nouns: frozenset[str] = frozenset()
    frame_adjectives: frozenset[str] = frozenset()
    frame_motive_nouns: frozenset[str] = frozenset()  # frame an event not yet told only
    frame_time_preps: frozenset[str] = frozenset()  # "after the blast": a time reference
    frame_time_spans: frozenset[str] = frozenset()  # "days after the blast"
    frame_kind_words: frozenset[str] = frozenset()  # "such attacks": events of a kind
    frame_device_verbs: frozenset[str] = frozenset()  # "built a bomb": a device handled

    def types(self, sub_event_type: str) -> tuple[str, str]:
        """(event_type, disorder_type) of an ACLED sub-event type."""
        return self.taxonomy[sub_event_type]


_TOP_KEYS = (
    "schema", "taxonomy", "triggers", "civilian_words", "protest_violence",
    "protest_intervention", "protest_shooting", "protest_warning_shots", "protest_harm",
    "protest_force_acts",
    "irrealis_markers", "irrealis_heads",
    "topic_nouns", "opinion_roots", "realis_infinitive_heads", "habitual_markers",
    "cessation_heads", "arrival_heads", "backdrop_preps", "reference_nouns", "disrupt_verbs",
    "irrealis_modifiers", "nonviolent_manner", "arrival_preps", "talk_words", "place_anaphors",
    "max_places_per_event", "summary_leads", "summary_spans", "folds_into_battle", "fold_exempt",
    "history_years",
    "protest_actor", "folds_into_protest", "absorbs_manner", "clause_tolls",
    "protest_grievance_heads",
    "unidentified_actor",
    "communal_militia_actor",
    "unidentified_for", "unidentified_alone", "group_anaphors", "reference_preps",
    "reference_marks", "state_heads",
    "support_heads", "number_words", "responsibility_phrases", "violent_event_types",
    "declared_sub_event_types", "people_nouns", "member_nouns", "ground_nouns", "time_units",
    "recent_since_words",
    "near_words",
    "place_anaphor_features", "inter_classes", "refinements", "non_conflict_causes",
    "period_nouns", "past_event_nouns", "elsewhere_cues", "claim_heads",
    "small_arms", "mob_nouns", "mob_justice_words", "state_actor_nouns", "protest_referents",
    "property_nouns",
    "harm_words", "harm_suffered_heads", "protest_calm", "civilian_targets",
    "reciprocal_lemmas", "attempt_heads", "obligation_heads", "aside_heads", "equipment_heads",
    "harm_over_abduction",
    "captive_nouns",
    "crowd_group_modifiers", "armed_markers", "outcome_verbs",
    "realised_purposes", "passage_verbs", "property_losses", "infrastructure_nouns",
    "reference_frame", "separable_tails",
)
_FRAME_KEYS = ("verbs", "nouns", "adjectives", "motive_nouns", "time_preps", "time_spans",
               "kind_words", "device_verbs")
_REFINEMENTS = ("disrupted_from", "disrupted", "people_captured", "unopposed", "state_captures",
                "people_arrested", "people_abducted", "protesters_violent",
                "crowd_against_state", "crowd_captures")


def _lower(values: Any) -> frozenset[str]:
    return frozenset(str(w).lower() for w in values or [])


_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def _phrases(values: Any) -> tuple[tuple[str, ...], ...]:
    """Word sequences; a hyphen between letters is its own token ("sit-in": sit - in)."""
    return tuple(tuple(_HYPHEN.sub(" - ", str(p).lower()).split()) for p in values or [])


def _trigger(entry: dict[str, Any], taxonomy: dict[str, tuple[str, str]], src: Path) -> Trigger:
    """One ``triggers:`` entry, its sub-event type checked against the taxonomy."""
    unknown = sorted(set(entry) - set(Trigger.__dataclass_fields__))
    if unknown:
        raise DataFileError(str(src), f"trigger has unknown key(s) {', '.join(unknown)}")
    sub = entry["sub_event_type"]
    if sub not in taxonomy:
        raise DataFileError(str(src), f"trigger uses unknown sub_event_type {sub!r}")
    return Trigger(
        sub_event_type=sub,
        lemmas=_lower(entry.get("lemmas", [])),
        phrases=_phrases(entry.get("phrases", [])),
        needs_place=bool(entry.get("needs_place")),
        object_place=bool(entry.get("object_place")),
        territorial=bool(entry.get("territorial")),
        with_victims=entry.get("with_victims", ""),
        with_armed=_sub(entry, "with_armed", taxonomy, src),
        with_violence=entry.get("with_violence", ""),
        with_intervention=entry.get("with_intervention", ""),
        with_shooting=entry.get("with_shooting", ""),
        with_small_arms=_sub(entry, "with_small_arms", taxonomy, src),
        with_state=_sub(entry, "with_state", taxonomy, src),
        with_mob=_sub(entry, "with_mob", taxonomy, src),
        with_property=_sub(entry, "with_property", taxonomy, src),
        pos=frozenset(str(p).upper() for p in entry.get("pos") or []),
        subjects=_lower(entry.get("subjects", [])),
        instruments=_lower(entry.get("instruments", [])),
        objects=_lower(entry.get("objects", [])),
        deadline_actions=_lower(entry.get("deadline_actions", [])),
        not_objects=_lower(entry.get("not_objects", [])),
        modifiers=frozenset(str(w) if str(w).isupper() else str(w).lower()
                            for w in entry.get("modifiers") or []),
        targets=_lower(entry.get("targets", [])),
        seized=tuple((_checked(str(k), taxonomy, src), _lower(v))
                     for k, v in (entry.get("seized") or {}).items()),
        manner=bool(entry.get("manner")),
        not_with=frozenset(_checked(str(k), taxonomy, src) for k in entry.get("not_with") or []),
    )


def _checked(sub: str, taxonomy: dict[str, tuple[str, str]], src: Path) -> str:
    if sub not in taxonomy:
        raise DataFileError(str(src), f"trigger uses unknown sub_event_type {sub!r}")
    return sub


def _sub(entry: dict[str, Any], key: str, taxonomy: dict[str, tuple[str, str]], src: Path
         ) -> str:
    """An optional sub-event type of a trigger entry, checked against the taxonomy."""
    value = str(entry.get(key) or "")
    return _checked(value, taxonomy, src) if value else ""


def _refinements(raw: dict[str, Any], taxonomy: dict[str, tuple[str, str]], src: Path
                 ) -> dict[str, str]:
    """The ``refinements:`` mapping; each value a known sub-type (or event type)."""
    refine = {str(k): str(v) for k, v in (raw.get("refinements") or {}).items()}
    known = set(taxonomy) | {v[0] for v in taxonomy.values()}
    for key, value in refine.items():
        if key not in _REFINEMENTS or value not in known:
            raise DataFileError(str(src), f"bad refinement {key}: {value!r}")
    return refine


def _knowledge(raw: dict[str, Any]) -> dict[str, Any]:
    """The Lexicon fields of the rules' knowledge: types, nouns, inter-code classes."""
    inter = raw.get("inter_classes") or {}
    return dict(
        violent_types=frozenset(raw.get("violent_event_types") or []),
        declared_types=frozenset(raw.get("declared_sub_event_types") or []),
        people_nouns=_lower(raw.get("people_nouns")),
        member_nouns=_lower(raw.get("member_nouns")),
        ground_nouns=_lower(raw.get("ground_nouns")),
        recent_since_words=_lower(raw.get("recent_since_words")),
        time_units=_lower(raw.get("time_units")),
        near_words=_lower(raw.get("near_words")),
        non_conflict_causes=_lower(raw.get("non_conflict_causes")),
        period_nouns=_lower(raw.get("period_nouns")),
        past_event_nouns=_lower(raw.get("past_event_nouns")),
        elsewhere_cues=_phrases(raw.get("elsewhere_cues")),
        claim_heads=_lower(raw.get("claim_heads")),
        small_arms=_phrases(raw.get("small_arms")),
        mob_nouns=_lower(raw.get("mob_nouns")),
        mob_justice_words=_lower(raw.get("mob_justice_words")),
        state_actors=_lower(raw.get("state_actor_nouns")),
        protest_referents=_lower(raw.get("protest_referents")),
        protest_calm=_lower(raw.get("protest_calm")),
        property_nouns=_lower(raw.get("property_nouns")),
        infrastructure_nouns=_lower(raw.get("infrastructure_nouns")),
        harm_words=_lower(raw.get("harm_words")),
        harm_suffered_heads=_lower(raw.get("harm_suffered_heads")),
        civilian_targets=_lower(raw.get("civilian_targets")),
        reciprocal_lemmas=_lower(raw.get("reciprocal_lemmas")),
        attempt_heads=_lower(raw.get("attempt_heads")),
        obligation_heads=_lower(raw.get("obligation_heads")),
        aside_heads=_lower(raw.get("aside_heads")),
        equipment_heads=_lower(raw.get("equipment_heads")),
        harm_over_abduction=_lower(raw.get("harm_over_abduction")),
        captive_nouns=_lower(raw.get("captive_nouns")),
        crowd_group_modifiers=_lower(raw.get("crowd_group_modifiers")),
        armed_markers=_lower(raw.get("armed_markers")),
        outcome_verbs=_lower(raw.get("outcome_verbs")),
        realised_purposes=_lower(raw.get("realised_purposes")),
        passage_verbs=_lower(raw.get("passage_verbs")),
        separable_tails=_lower(raw.get("separable_tails")),
        property_losses=_lower(raw.get("property_losses")),
        anaphor_features={str(k).lower(): _lower(v) for k, v in
                          (raw.get("place_anaphor_features") or {}).items()},
        armed_non_state=frozenset(int(c) for c in inter.get("armed_non_state") or []),
        conflict_parties=frozenset(int(c) for c in inter.get("conflict_party") or []),
        demonstrators=frozenset(int(c) for c in inter.get("demonstrators") or []),
        state_forces=frozenset(int(c) for c in inter.get("state_forces") or []),
        air_powers=frozenset(int(c) for c in inter.get("air_power") or []),
    )


def _word_lists(raw: dict[str, Any]) -> dict[str, Any]:
    """The Lexicon fields that are plain lists of cue words (lowercase)."""
    keys = ("civilian_words", "irrealis_markers", "irrealis_heads", "topic_nouns", "opinion_roots",
            "realis_infinitive_heads", "habitual_markers", "cessation_heads", "arrival_heads",
            "backdrop_preps", "reference_nouns", "disrupt_verbs", "irrealis_modifiers",
            "arrival_preps", "talk_words", "place_anaphors", "fold_exempt", "group_anaphors",
            "reference_preps", "reference_marks", "state_heads", "support_heads")
    return {k: _lower(raw.get(k, [])) for k in keys}


def _reference_frame(raw: dict[str, Any], src: Path) -> dict[str, frozenset[str]]:
    """The ``reference_frame:`` mapping: lists of words under the keys of _FRAME_KEYS."""
    frame = raw.get("reference_frame") or {}
    if not isinstance(frame, dict):
        raise DataFileError(str(src), "reference_frame must be a mapping")
    unknown = sorted(set(frame) - set(_FRAME_KEYS))
    if unknown:
        raise DataFileError(str(src), f"reference_frame has unknown key(s) {', '.join(unknown)}")
    for key, words in frame.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise DataFileError(str(src), f"reference_frame.{key} must be a list of words")
    return {f"frame_{k}": _lower(frame.get(k)) for k in _FRAME_KEYS}


_TRIGGER_LEMMAS: dict[int, tuple[Lexicon, frozenset[str]]] = {}


def trigger_lemmas(lexicon: Lexicon) -> frozenset[str]:
    """The single-word lemmas of all the lexicon's triggers (gathered once per lexicon)."""
    cached = _TRIGGER_LEMMAS.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        words = frozenset(w for t in lexicon.triggers for w in t.lemmas)
        cached = _TRIGGER_LEMMAS[id(lexicon)] = (lexicon, words)
    return cached[1]


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and check the event lexicon (packaged one by default)."""
    src = Path(path) if path else LEXICON_PATH
    raw = read_yaml(src, what="event lexicon", required=("taxonomy", "triggers"),
                    allowed=_TOP_KEYS)
    taxonomy = {k: (v[0], v[1]) for k, v in raw["taxonomy"].items()}
    return Lexicon(
        taxonomy=taxonomy,
        triggers=tuple(_trigger(entry, taxonomy, src) for entry in raw["triggers"]),
        **_word_lists(raw),
        **_knowledge(raw),
        refinements=_refinements(raw, taxonomy, src),
        **_reference_frame(raw, src),
        nonviolent_manner=_phrases(raw.get("nonviolent_manner", [])),
        protest_violence=_phrases(raw.get("protest_violence")),
        protest_intervention=_phrases(raw.get("protest_intervention")),
        protest_shooting=_phrases(raw.get("protest_shooting")),
        protest_warning_shots=_phrases(raw.get("protest_warning_shots")),
        protest_harm=_phrases(raw.get("protest_harm")),
        protest_force_acts=_phrases(raw.get("protest_force_acts")),
        max_places_per_event=int(raw.get("max_places_per_event", 5)),
        summary_leads=tuple(sorted(_lower(raw.get("summary_leads")))),
        summary_spans=_lower(raw.get("summary_spans")),
        folds_into_battle=frozenset(raw.get("folds_into_battle", [])),
        history_years=int(raw.get("history_years", 2)),
        protest_actor=str(raw.get("protest_actor", "")),
        folds_into_protest=frozenset(raw.get("folds_into_protest", [])),
        absorbs_manner=frozenset(raw.get("absorbs_manner", [])),
        clause_tolls=frozenset(raw.get("clause_tolls", [])),
        protest_grievance_heads=frozenset(
            str(w).lower() for w in raw.get("protest_grievance_heads", [])),
        unidentified_actor=str(raw.get("unidentified_actor", "")),
        communal_militia_actor=str(raw.get("communal_militia_actor", "")),
        unidentified_for=frozenset(raw.get("unidentified_for", [])),
        unidentified_alone=frozenset(raw.get("unidentified_alone", [])),
        number_words={str(k).lower(): int(v) for k, v in raw.get("number_words", {}).items()},
        responsibility_phrases=_phrases(raw.get("responsibility_phrases", [])),
    )


@dataclass(frozen=True)
class ExtractOptions:
    """Knobs of the extractor that depend on the conflict, not the text."""

    conflict_start: date | None = None  # events dated before this are background
    country: str = ""  # default country for "Civilians (X)" when no place says
