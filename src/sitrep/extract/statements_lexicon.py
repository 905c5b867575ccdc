"""The cue-word lexicon of control statements (``data/lexicon/statements.yaml``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml

LEXICON_PATH = DATA_DIR / "lexicon" / "statements.yaml"


@dataclass(frozen=True)
class ControlLexicon:
    """Cue lists of ``statements.yaml`` (lemmas, lowercase)."""

    hold_verbs: frozenset[str]
    non_territorial_objects: frozenset[str]
    control_nouns: frozenset[str]
    control_prepositions: frozenset[str]
    held_adjectives: frozenset[str]
    withdraw_verbs: frozenset[str]
    withdraw_phrasal: frozenset[tuple[str, str]]
    people_objects: frozenset[str]
    destination_prepositions: frozenset[str]
    recipient_prepositions: frozenset[str]
    share_words: tuple[tuple[str, tuple[int, int] | None], ...]
    majority_words: frozenset[str]
    modals: frozenset[str]
    conditional_marks: frozenset[str]
    irrealis_heads: frozenset[str]


_KEYS = ("schema", *ControlLexicon.__dataclass_fields__)


@functools.lru_cache(maxsize=4)
def load_control_lexicon(path: str | None = None) -> ControlLexicon:
    """The control cue lexicon (packaged file unless ``path``); cached, read-only."""
    where = Path(path) if path else LEXICON_PATH
    data: dict[str, Any] = read_yaml(where, what="control lexicon", allowed=_KEYS)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    try:
        shares = []
        for word, rng in (data.get("share_words") or {}).items():
            shares.append((str(word).lower(), (int(rng[0]), int(rng[1])) if rng else None))
        phrasal = set()
        for phrase in data.get("withdraw_phrasal") or []:
            verb, particle = str(phrase).lower().split()
            phrasal.add((verb, particle))
        lists = {k: words(k) for k in _KEYS[1:] if k not in {"withdraw_phrasal", "share_words"}}
        return ControlLexicon(
            **lists, withdraw_phrasal=frozenset(phrasal), share_words=tuple(sorted(shares)))
    except (AttributeError, TypeError, ValueError, IndexError) as exc:
        raise DataFileError(str(where), f"bad control lexicon: {exc}") from None
