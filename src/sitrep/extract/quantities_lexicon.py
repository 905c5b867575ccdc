"""The casualty-figure lexicon (``data/lexicon/quantities.yaml``, month names from
``time.yaml``), compiled once into the regexes and tables :mod:`quantities` reads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml


def _alt(words: Any) -> str:
    """Regex alternation of phrases, longest first, whitespace-tolerant."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@dataclass(frozen=True)
class QuantityLexicon:
    units: dict[str, int]
    multipliers: dict[str, int]
    group_words: dict[str, int]
    exact: dict[str, int]
    vague: dict[str, int]
    qualifier_kind: dict[str, str]
    person_nouns: frozenset[str]
    armed_person_nouns: frozenset[str]
    group_nouns: frozenset[str]
    force_nouns: frozenset[str]
    passive: dict[tuple[str, ...], str]
    active_rx: re.Pattern[str]
    active_kind: dict[str, str]
    noun_kind: dict[str, str]
    lead_in_rx: re.Pattern[str]
    lead_in_kind: dict[str, str]
    fillers: frozenset[str]
    breakers: frozenset[str]
    not_after_rx: re.Pattern[str]
    not_before_rx: re.Pattern[str]
    heavy_rx: re.Pattern[str]
    number_rx: re.Pattern[str]
    months: frozenset[str]
    competing_cues: frozenset[str] = frozenset()
    civic_modifiers: frozenset[str] = frozenset()  # "a social leader" is no armed leader
    device_words: frozenset[str] = frozenset()  # "an IED": a capitalised word, no person
    person_suffixes: tuple[str, ...] = ()  # "guardsman": a person noun by its ending
    singular_suffixes: tuple[str, ...] = ()  # ... of one person ("guardsman", not "-men")
    not_person_words: frozenset[str] = frozenset()  # "abdomen": no person despite it
    age_words: frozenset[str] = frozenset()  # "64-year-old" before a person noun
    definite_rx: re.Pattern[str] | None = None  # "the driver": one person, when harmed
    singular_persons: frozenset[str] = frozenset()
    grievance_rx: re.Pattern[str] | None = None  # "protested the killing of": a grievance


@cache
def quantity_lexicon() -> QuantityLexicon:
    """Load and compile the packaged quantities lexicon (cached, read-only)."""
    base = DATA_DIR / "lexicon"
    res = base / "quantities.yaml"
    raw = read_yaml(res, what="lexicon")
    time_raw = read_yaml(base / "time.yaml", what="lexicon")
    if not isinstance(raw, dict):
        raise DataFileError(str(res), "quantities lexicon must be a mapping")
    try:
        return _build(raw, time_raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataFileError(str(res), f"malformed quantities lexicon: {exc!r}") from exc


def _grievance_rx(raw: dict[str, Any]) -> re.Pattern[str] | None:
    """Words before a figure that make it what a crowd protests, not harm in the protest:
    "protested (against) the killing of", "demonstrated after"; the figure's own words may
    open with the noun ("protest [the killing of two students]")."""
    verbs, nouns = raw.get("grievance_verbs") or (), raw.get("grievance_nouns") or ()
    links = raw.get("grievance_links") or ()
    if not verbs or not nouns:
        return None
    verb = rf"\b(?:{_alt(verbs)})\w*\s+(?:[\w'-]+\s+){{0,3}}?"
    named = rf"(?:(?:against|over|at)\s+)?(?:the\s+)?(?:{_alt(nouns)})\s+of\s+"
    after = rf"|(?:{_alt(links)})\s+" if links else ""
    own = rf"(?:(?:against|over|at)\s+)?(?:the\s+)?\x00(?:{_alt(nouns)})\b"
    return re.compile(rf"{verb}(?:(?:{named}{after})(?:[\w'-]+\s+){{0,2}}\x00|{own})",
                      re.IGNORECASE)


def _kind_map(raw: dict[str, list[str]]) -> dict[str, str]:
    return {norm(str(p)): kind for kind, phrases in raw.items() for p in phrases}


def _build(raw: dict[str, Any], time_raw: dict[str, Any]) -> QuantityLexicon:
    units = {str(k): int(v) for k, v in {**raw["units"], **raw["tens"]}.items()}
    mults = {str(k): int(v) for k, v in raw["multipliers"].items()}
    groups = {str(k): int(v) for k, v in raw["group_words"].items()}
    exact = {norm(k): int(v) for k, v in raw["exact_phrases"].items()}
    vague = {norm(k): int(v) for k, v in raw["vague"].items()}
    qual_kind = {norm(p): kind for kind, ps in raw["qualifiers"].items() for p in ps}
    persons = {str(w).lower() for pair in raw["person_nouns"].items() for w in pair}
    group_nouns = frozenset(norm(w) for w in raw["group_nouns"])
    singular = {str(k).lower() for k, v in raw["person_nouns"].items()
                if str(k).lower() != str(v).lower() and str(k).lower() not in group_nouns}
    endings = {str(k).lower(): str(v).lower()
               for k, v in (raw.get("person_suffixes") or {}).items()}  # singular: plural
    suffixes = tuple(dict.fromkeys([*endings, *endings.values()]))
    one_suffix = "|".join(re.escape(x) for x in endings)
    head = _alt(singular) + (rf"|[a-z]{{2,}}(?:{one_suffix})" if one_suffix else "")
    dets = raw.get("definite_determiners") or ()
    definite = (rf"(?<![\w])(?P<n>{_alt(dets)})(?=\s+(?:[a-z][\w'-]*\s+){{0,2}}?(?:{head})\b)"
                if dets else "")
    armed = set(raw.get("armed_person_nouns") or [])
    lead_kind = _kind_map(raw["lead_ins"])
    active_kind = _kind_map(raw["active_verbs"])

    word = _alt(units)
    mult = _alt(mults)
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    word_num = (rf"(?:{word})(?:(?:-|\s+|(?:(?<=hundred)|(?<=thousand))\s+and\s+)"
                rf"(?:{word}|{mult}))*")
    core = (rf"(?:{_alt(list(exact) + list(vague))})\b"
            rf"|(?:{digits}|{word_num}|an?)\s+(?:{_alt(groups)})\b"
            rf"|(?:{digits})(?:\s*(?:{mult})\b)?"
            rf"|(?:{word_num})\b"
            r"|(?:an?|another)\b")
    qual = _alt(qual_kind)
    number = (rf"(?<![\w.,/$£€-])(?:"
              rf"(?P<between>between)\s+(?P<a1>{core})\s+and\s+(?P<a2>{core})"
              rf"|(?:from\s+)?(?P<r1>{core})\s+to\s+(?P<r2>{core})"
              rf"|(?P<h1>{digits})\s*[-–—]\s*(?P<h2>{digits})"
              rf"|(?:(?P<qual>{qual})\s+)?(?P<n>{core})(?P<plus>\+)?"
              r")(?![\w])")
    heavy = (rf"\b(?:{_alt(raw['heavy_adjectives'])})\s+(?:{_alt(raw['heavy_nouns'])})\b")
    months = {str(n).lower() for names in time_raw["months"].values() for n in names}
    return QuantityLexicon(
        units=units,
        multipliers=mults,
        group_words=groups,
        exact=exact,
        vague=vague,
        qualifier_kind=qual_kind,
        person_nouns=frozenset(persons),
        armed_person_nouns=frozenset(
            str(w).lower() for pair in raw["person_nouns"].items() for w in pair
            if pair[0] in armed),
        group_nouns=group_nouns,
        force_nouns=frozenset(norm(w) for w in raw["force_nouns"]),
        # longest phrase first, the order _passive_at tries them in
        passive=dict(sorted(((tuple(p.split()), kind) for p, kind
                             in _kind_map(raw["passive_verbs"]).items()),
                            key=lambda kv: -len(kv[0]))),
        active_rx=re.compile(rf"\b(?P<verb>{_alt(active_kind)})\s+$", re.IGNORECASE),
        active_kind=active_kind,
        noun_kind=_kind_map(raw["casualty_nouns"]),
        lead_in_rx=re.compile(rf"\b(?P<lead>{_alt(lead_kind)})\s+$", re.IGNORECASE),
        lead_in_kind=lead_kind,
        fillers=frozenset(norm(w) for w in raw["fillers"]),
        breakers=frozenset(norm(w) for w in raw["subject_breakers"]),
        not_after_rx=re.compile(
            rf"\s*-?\s*(?:{_alt(raw['not_people_after'])})(?![A-Za-z])|:\d|\s*-\s*strong\b",
            re.IGNORECASE),
        not_before_rx=re.compile(rf"(?:^|\W)(?:{_alt(raw['not_people_before'])})\s*$",
                                 re.IGNORECASE),
        heavy_rx=re.compile(heavy, re.IGNORECASE),
        number_rx=re.compile(number, re.IGNORECASE),
        months=frozenset(months),
        competing_cues=frozenset(str(w).lower() for w in raw.get("competing_cues") or ()),
        civic_modifiers=frozenset(str(w).lower() for w in raw.get("civic_modifiers") or ()),
        device_words=frozenset(str(w).lower() for w in raw.get("device_words") or ()),
        person_suffixes=suffixes,
        singular_suffixes=tuple(endings),
        not_person_words=frozenset(str(w).lower() for w in raw.get("not_person_words") or ()),
        age_words=frozenset(str(w).lower() for w in raw.get("age_words") or ()),
        definite_rx=re.compile(definite, re.IGNORECASE) if definite else None,
        singular_persons=frozenset(singular),
        grievance_rx=_grievance_rx(raw),
    )
