"""Reading actor files (``data/actors/*.yaml``, schema in that folder's README) into a
:class:`_Builder` that cross-checks entries across files (one alias, one actor)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml
from sitrep.nlp.actors.actor import (
    ALIAS,
    GENERIC,
    INTER_CODES,
    PLACE,
    STATE_NAME,
    Actor,
    AliasHit,
    Person,
    _country_key,
    _key,
)

_WORD_LISTS = (
    "group_nouns",
    "negating_prefixes",
    "pro_prefixes",
    "aligned_suffixes",
    "allegiance_links",
    "person_titles",
    "locative_prepositions",
    "proxy_suffixes",
    "state_force_phrases",
    "state_force_blockers",
    "bare_state_force_nouns",
    "police_force_phrases",
    "crowd_control_phrases",
    "government_words",
    "owned_state_force_phrases",
    "state_force_assets",
    "state_force_craft",
    "national_nouns",
    "identity_nouns",
    "identity_plural_nouns",
    "mutiny_words",
    "unnamed_armed_nouns",
)
_FILE_KEYS = frozenset({"schema", "conflict", "country", "actors", "sources", "police_units",
                        *_WORD_LISTS})
_ACTOR_KEYS = frozenset(
    {
        "name",
        "side",
        "inter",
        "inter_from",
        "aliases",
        "case_sensitive_aliases",
        "generic_aliases",
        "place_aliases",
        "demonyms",
        "anti_of",
        "people",
        "token_patterns",
        "country",
        "branches",
        "operates_in",
        "by_country",
        "notes",
    }
)
_SOURCE_KEYS = frozenset({"name", "aliases", "case_sensitive_aliases", "notes"})
_PERSON_KEYS = frozenset({"name", "aliases", "role", "surname", "notes"})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})


def packaged_actor_files() -> list[Path]:
    """The actor YAML files shipped with sitrep."""
    folder = DATA_DIR / "actors"
    return sorted(folder.glob("*.yaml"))



def _str_list(value: Any, path: str, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, f"{where}: expected a list of non-empty strings")
    return [v.strip() for v in value]


def _parse_date(value: Any, path: str, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(path, f"{where}: '{value}' is not a YYYY-MM-DD date") from None


@dataclass
class _Builder:
    """Accumulates and cross-checks entries from several files (used only by ``load``)."""

    actors: dict[str, Actor] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    lower: dict[str, AliasHit] = field(default_factory=dict)
    exact: dict[str, AliasHit] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    anti: dict[str, str] = field(default_factory=dict)
    anti_declared: list[tuple[str, str, str]] = field(default_factory=list)
    surname_candidates: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    token_patterns: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    words: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in _WORD_LISTS})
    countries: dict[str, list[str]] = field(default_factory=dict)
    file_countries: dict[str, str] = field(default_factory=dict)
    branches: dict[str, dict[str, str]] = field(default_factory=dict)
    family_of: dict[str, str] = field(default_factory=dict)
    operates: dict[str, set[str]] = field(default_factory=dict)  # actor -> country keys
    units: dict[str, str] = field(default_factory=dict)  # police phrase -> unit name

    def add_alias(self, table: dict[str, AliasHit], key: str, hit: AliasHit, path: str) -> None:
        old = table.get(key)
        if old is not None and old.person is None and hit.person is None:
            # An alias shared by a family ("Islamic State") and one of its country
            # branches belongs to the family; the branch is chosen per document.
            if self.family_of.get(old.actor) == hit.actor:
                table[key] = hit
                return
            if self.family_of.get(hit.actor) == old.actor:
                return
        if old is not None and (old.actor, old.person) != (hit.actor, hit.person):
            first = old.person or old.actor
            second = hit.person or hit.actor
            raise DataFileError(path, f"alias '{key}' maps to both '{first}' and '{second}'")
        if old is None:
            table[key] = hit

    def alias(self, text: str, actor: str, person: str | None, mode: str, path: str) -> None:
        key = _key(text)
        hit = AliasHit(actor, person, mode)
        case_sensitive = mode == PLACE or (key.isupper() and len(key) <= 6)
        if person is not None and " " not in key:
            case_sensitive = True  # "Mujahid" the spokesman, not "mujahid" the noun
        if case_sensitive:
            self.add_alias(self.exact, key, AliasHit(actor, person, mode), path)
        else:
            self.add_alias(self.lower, key.lower(), hit, path)


def _check_keys(entry: Any, allowed: frozenset[str], path: str, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise DataFileError(path, f"{where}: expected a mapping")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise DataFileError(
            path, f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})"
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(path, f"{where}: missing 'name'")
    return entry


def _load_actor(b: _Builder, entry: dict[str, Any], path: str, where: str) -> None:
    """One ``actors:`` entry: its codes, aliases, countries, forms and people."""
    name = entry["name"].strip()
    here = f"{where} '{name}'"
    inter, inter_from = _inter_codes(entry, path, here)
    aliases = _str_list(entry.get("aliases"), path, f"{here} aliases")
    cs = _str_list(entry.get("case_sensitive_aliases"), path, here)
    generic = _str_list(entry.get("generic_aliases"), path, here)
    places = _str_list(entry.get("place_aliases"), path, here)
    side = entry.get("side")
    _read_countries(b, entry, name, path, here)
    operates = _str_list(entry.get("operates_in"), path, f"{here} operates_in")
    b.operates[name] = {_country_key(c) for c in operates} | set(b.countries.get(name, []))
    actor = Actor(
        name=name,
        side=name if side is None else str(side),
        inter=inter,
        inter_from=tuple(sorted(inter_from)),
        aliases=tuple(dict.fromkeys([name, *aliases, *cs, *generic, *places])),
        by_country=entry.get("by_country") is True,
    )
    _register(b, actor, path)
    b.alias(name, name, None, ALIAS, path)
    for text in aliases:
        b.alias(text, name, None, ALIAS, path)
    for text in cs:
        b.add_alias(b.exact, _key(text), AliasHit(name, None, ALIAS), path)
    for text in generic:
        b.add_alias(b.lower, _key(text).lower(), AliasHit(name, None, GENERIC), path)
    for text in places:
        b.alias(text, name, None, PLACE, path)
    for text in _str_list(entry.get("demonyms"), path, f"{here} demonyms"):
        if b.demonyms.setdefault(text.lower(), name) != name:
            raise DataFileError(path, f"demonym '{text}' maps to two actors")
    for target in _str_list(entry.get("anti_of"), path, f"{here} anti_of"):
        b.anti_declared.append((target, name, path))
    patterns = entry.get("token_patterns") or []
    if not isinstance(patterns, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        raise DataFileError(path, f"{here}: token_patterns must be lists of dicts")
    b.token_patterns.extend((name, p) for p in patterns)
    _load_people(b, entry, name, path, here)


def _inter_codes(
    entry: dict[str, Any], path: str, here: str
) -> tuple[int, list[tuple[date, int]]]:
    """The actor's ACLED inter code and its dated changes (``inter_from``)."""
    inter = entry.get("inter")
    if not isinstance(inter, int) or inter not in INTER_CODES:
        raise DataFileError(path, f"{here}: 'inter' must be an ACLED code 1-8")
    raw_from = entry.get("inter_from") or {}
    if not isinstance(raw_from, dict):
        raise DataFileError(path, f"{here}: 'inter_from' must map dates to codes")
    inter_from: list[tuple[date, int]] = []
    for when, code in raw_from.items():
        if not isinstance(code, int) or code not in INTER_CODES:
            raise DataFileError(path, f"{here}: inter_from code must be 1-8")
        inter_from.append((_parse_date(when, path, here), code))
    return inter, inter_from


def _read_countries(b: _Builder, entry: dict[str, Any], name: str, path: str, here: str) -> None:
    """The countries whose state forces the actor is (``country``, or a "Military Forces
    of X" name) and its country branches (``branches``)."""
    raw_country = entry.get("country")
    countries = [raw_country] if isinstance(raw_country, str) else raw_country
    countries = _str_list(countries, path, f"{here} country")
    state = STATE_NAME.match(name)
    if countries or state:
        b.countries[name] = [_country_key(c) for c in countries or [state.group(1)]]  # type: ignore[union-attr]
    branches = entry.get("branches") or {}
    if not isinstance(branches, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in branches.items()
    ):
        raise DataFileError(path, f"{here}: 'branches' must map countries to actors")
    if branches:
        b.branches[name] = {_country_key(k): v.strip() for k, v in branches.items()}
        for target in b.branches[name].values():
            b.family_of[target] = name


def _load_people(b: _Builder, entry: dict[str, Any], name: str, path: str, here: str) -> None:
    """The actor's ``people``: each name and alias, and surnames to take apart."""
    people = entry.get("people") or []
    if not isinstance(people, list):
        raise DataFileError(path, f"{here}: 'people' must be a list")
    for j, raw in enumerate(people):
        pentry = _check_keys(raw, _PERSON_KEYS, path, f"{here} person #{j + 1}")
        pname = pentry["name"].strip()
        paliases = _str_list(pentry.get("aliases"), path, f"person '{pname}' aliases")
        role = str(pentry.get("role") or "")
        person = Person(pname, tuple(dict.fromkeys([pname, *paliases])), name, role)
        if pname in b.people and b.people[pname] != person:
            raise DataFileError(path, f"person '{pname}' is defined twice")
        b.people[pname] = person
        for text in person.aliases:
            b.alias(text, name, pname, ALIAS, path)
        if pentry.get("surname") is False:
            continue  # no family name to take apart (Burmese, Somali names)
        for text in person.aliases:
            words = text.split()
            # "Ali Nazari" gives "Nazari"; "Lion of Panjshir" is no name to take apart
            if 1 < len(words) <= 4 and all(w[:1].isupper() for w in words):
                last = words[-1]
                if last.lower() not in _NAME_SUFFIXES and len(last) > 2:
                    b.surname_candidates.setdefault(last, set()).add((name, pname))


def _load_source(b: _Builder, entry: dict[str, Any], path: str, where: str) -> None:
    name = entry["name"].strip()
    aliases = _str_list(entry.get("aliases"), path, f"{where} '{name}' aliases")
    cs = _str_list(entry.get("case_sensitive_aliases"), path, f"{where} '{name}'")
    source = Actor(name, "", 0, (), tuple(dict.fromkeys([name, *aliases, *cs])), "source")
    _register(b, source, path)
    # An outlet's name is often a common word ("Dawn", "The Independent"): exact case only.
    b.add_alias(b.exact, _key(name), AliasHit(name, None, ALIAS), path)
    for text in aliases:
        b.alias(text, name, None, ALIAS, path)
    for text in cs:
        b.add_alias(b.exact, _key(text), AliasHit(name, None, ALIAS), path)


def _register(b: _Builder, actor: Actor, path: str) -> None:
    if actor.name in b.actors:
        raise DataFileError(path, f"'{actor.name}' is already defined in {b.origin[actor.name]}")
    b.actors[actor.name] = actor
    b.origin[actor.name] = path


def _load_file(b: _Builder, path: Path) -> None:
    """One actor file: its actors, sources and word lists, added to ``b``."""
    where = str(path)
    data = read_yaml(path, what="actor file", allowed=_FILE_KEYS)
    if data.get("schema") != 1:
        raise DataFileError(where, "'schema: 1' is required")
    for key in ("actors", "sources"):
        if not isinstance(data.get(key) or [], list):
            raise DataFileError(where, f"'{key}' must be a list")
    for i, raw in enumerate(data.get("actors") or []):
        _load_actor(b, _check_keys(raw, _ACTOR_KEYS, where, f"actor #{i + 1}"), where, "actor")
        if isinstance(data.get("country"), str) and data["country"].strip():
            b.file_countries.setdefault(raw["name"].strip(), _country_key(data["country"]))
            # an actor of a one-country file operates there (and where it says it does)
            b.operates[raw["name"].strip()].add(_country_key(data["country"]))
    for i, raw in enumerate(data.get("sources") or []):
        entry = _check_keys(raw, _SOURCE_KEYS, where, f"source #{i + 1}")
        _load_source(b, entry, where, "source")
    for key in _WORD_LISTS:
        b.words[key].update(w.lower() for w in _str_list(data.get(key), where, key))
    _load_units(b, data.get("police_units"), where)


def _load_units(b: _Builder, raw: Any, where: str) -> None:
    """``police_units``: unit name -> phrases ("Forest Guards": [forest guards, rangers]).
    The phrases name the country's police (they join ``police_force_phrases``) and the
    police actor is written with the unit after it, as ACLED does ("Police Forces of
    Benin (2016-) Forest Guards")."""
    if raw is None:
        return
    if not isinstance(raw, dict):
        raise DataFileError(where, "'police_units' must map a unit name to a list of phrases")
    for unit, phrases in raw.items():
        if not isinstance(unit, str) or not unit.strip():
            raise DataFileError(where, "'police_units' has an empty unit name")
        for phrase in _str_list(phrases, where, f"police_units: {unit}"):
            key = " ".join(phrase.lower().split())
            if b.units.setdefault(key, unit.strip()) != unit.strip():
                raise DataFileError(where, f"police unit phrase '{phrase}' names two units")
            b.words["police_force_phrases"].add(key)


def _default_word_lists(b: _Builder) -> None:
    """Word lists no loaded file defines come from the packaged generic.yaml.

    A user's own conflict file replaces the packaged actors but need not
    repeat the English word lists ("fighters", "anti-", "Mullah").
    """
    missing = [k for k in _WORD_LISTS if not b.words[k]]
    if not missing:
        return
    generic = DATA_DIR / "actors" / "generic.yaml"
    data = read_yaml(generic, what="actor file", allowed=_FILE_KEYS)
    for key in missing:
        b.words[key].update(w.lower() for w in _str_list(data.get(key), str(generic), key))
    if not b.units:
        _load_units(b, data.get("police_units"), str(generic))


def load_files(paths: Sequence[Path]) -> _Builder:
    """Read and cross-check actor files (word lists they lack from generic.yaml)."""
    b = _Builder()
    for path in paths:
        _load_file(b, path)
    _default_word_lists(b)
    for target, name, path in b.anti_declared:
        if target not in b.actors:
            raise DataFileError(path, f"'{name}' anti_of unknown actor '{target}'")
        if b.anti.setdefault(target, name) != name:
            raise DataFileError(path, f"anti_of '{target}' is claimed by two actors")
    for name, _pattern in b.token_patterns:
        if name not in b.actors:  # pragma: no cover - token patterns come from actors
            raise DataFileError(b.origin.get(name, "?"), f"unknown actor '{name}'")
    return b
