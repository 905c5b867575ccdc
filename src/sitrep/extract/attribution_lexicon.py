"""The attribution cue lexicon (``data/lexicon/attribution.yaml``): reporting verbs and
nouns, hedges, denial cues, pronouns and speaker sources, checked on load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml

_LEXICON_KEYS = frozenset(
    {
        "schema",
        "speaker_sources",
        "reporting_verbs",
        "hedging_verbs",
        "reporting_nouns",
        "prepositional_cues",
        "hedges",
        "denial",
        "confirm_verbs",
        "person_pronouns",
        "group_pronouns",
        "role_nouns",
        "perpetration_verbs",
    }
)
_DENIAL_KEYS = frozenset({"verbs", "verbs_with_claim_object", "nouns", "claim_nouns", "phrases"})

@dataclass(frozen=True)
class AttributionLexicon:
    """Cue lists loaded from ``attribution.yaml`` (lemmas and lowercase phrases)."""

    reporting_verbs: frozenset[str]
    hedging_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    prepositional_cues: tuple[tuple[str, str], ...]
    hedges: re.Pattern[str]
    denial_verbs: frozenset[str]
    denial_object_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    claim_nouns: frozenset[str]
    denial_phrases: re.Pattern[str]
    denial_phrase_list: tuple[str, ...]
    confirm_verbs: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    role_nouns: frozenset[str] = frozenset()
    # "the device was planted by X", "X is suspected", "blamed on X": who did an attack
    perpetration_verbs: frozenset[str] = frozenset()
    # actor name -> source name when that actor is the *speaker* ("residents said")
    speaker_sources: tuple[tuple[str, str], ...] = ()


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    ordered = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _words(data: dict[str, Any], key: str, path: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(path, f"'{key}' must be a list of strings")
    return [v.strip().lower() for v in value if v.strip()]


def _default_lexicon_path() -> Path:
    return DATA_DIR / "lexicon" / "attribution.yaml"


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> AttributionLexicon:
    """Load and validate the attribution cue lists (``None``: the packaged file)."""
    where = path or str(_default_lexicon_path())
    data = read_yaml(where, what="lexicon")
    if not isinstance(data, dict) or data.get("schema") != 1:
        raise DataFileError(where, "expected a mapping with 'schema: 1'")
    unknown = sorted(set(data) - _LEXICON_KEYS)
    if unknown:
        raise DataFileError(where, f"unknown key '{unknown[0]}'")
    denial = data.get("denial") or {}
    if not isinstance(denial, dict) or set(denial) - _DENIAL_KEYS:
        raise DataFileError(where, f"'denial' may only have keys {', '.join(sorted(_DENIAL_KEYS))}")
    preps: list[tuple[str, str]] = []
    for item in data.get("prepositional_cues") or []:
        if not isinstance(item, dict) or not {"phrase", "cue"} <= set(item):
            raise DataFileError(where, "each prepositional cue needs 'phrase' and 'cue'")
        preps.append((str(item["phrase"]).lower(), str(item["cue"]).lower()))
    denial_phrases = _words(denial, "phrases", where)
    return AttributionLexicon(
        reporting_verbs=frozenset(_words(data, "reporting_verbs", where)),
        hedging_verbs=frozenset(_words(data, "hedging_verbs", where)),
        reporting_nouns=frozenset(_words(data, "reporting_nouns", where)),
        prepositional_cues=tuple(preps),
        hedges=_phrase_regex(_words(data, "hedges", where)),
        denial_verbs=frozenset(_words(denial, "verbs", where)),
        denial_object_verbs=frozenset(_words(denial, "verbs_with_claim_object", where)),
        denial_nouns=frozenset(_words(denial, "nouns", where)),
        claim_nouns=frozenset(_words(denial, "claim_nouns", where)),
        denial_phrases=_phrase_regex(denial_phrases),
        denial_phrase_list=tuple(denial_phrases),
        confirm_verbs=frozenset(_words(data, "confirm_verbs", where)),
        person_pronouns=frozenset(_words(data, "person_pronouns", where)),
        group_pronouns=frozenset(_words(data, "group_pronouns", where)),
        role_nouns=frozenset(_words(data, "role_nouns", where)) if "role_nouns" in data
        else frozenset(),
        perpetration_verbs=frozenset(_words(data, "perpetration_verbs", where)),
        speaker_sources=_speaker_sources(data, where),
    )


def _speaker_sources(data: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    raw = data.get("speaker_sources") or {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise DataFileError(where, "'speaker_sources' must map actor names to source names")
    return tuple((k.lower(), v) for k, v in raw.items())
