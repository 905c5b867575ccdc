"""Conflict actors as data: YAML actor files, a lookup registry and a spaCy tagger.

Who fights whom is conflict knowledge, so it lives in ``data/actors/*.yaml``
(schema in that folder's README). This module loads and validates those files
into an :class:`ActorRegistry`, maps free text ("Massoud's men", "a Taliban
spokesman", "Fahim Dashti") to a canonical ACLED-style actor, and provides the
``sitrep_actors`` spaCy component that marks actor mentions in
``doc.spans["actors"]``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from sitrep.errors import DataFileError

__all__ = [
    "Actor",
    "ActorRegistry",
    "ActorTagger",
    "AliasHit",
    "Person",
    "StateForceResolver",
    "document_country",
    "interaction",
    "load_registry",
    "packaged_actor_files",
]

Span.set_extension("person", default="", force=True)
Span.set_extension("actor_kind", default="", force=True)

_FILE_KEYS = frozenset(
    {
        "schema",
        "conflict",
        "country",
        "actors",
        "sources",
        "group_nouns",
        "negating_prefixes",
        "pro_prefixes",
        "aligned_suffixes",
        "person_titles",
        "locative_prepositions",
        "proxy_suffixes",
        "state_force_phrases",
        "state_force_blockers",
    }
)
_WORD_LISTS = (
    "group_nouns",
    "negating_prefixes",
    "pro_prefixes",
    "aligned_suffixes",
    "person_titles",
    "locative_prepositions",
    "proxy_suffixes",
    "state_force_phrases",
    "state_force_blockers",
)
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
        "notes",
    }
)
_SOURCE_KEYS = frozenset({"name", "aliases", "case_sensitive_aliases", "notes"})
_PERSON_KEYS = frozenset({"name", "aliases", "role", "surname", "notes"})
# The C loader when PyYAML has it: the packaged files load ~4x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})
_DETERMINERS = ("the ", "a ", "an ")
_STATE_NAME = re.compile(r"^Military Forces of (?:the )?(.+?)(?: \((\d{4})-(\d{4})?\))?$")
_SYNTHETIC = re.compile(r"^Military Forces of [A-Z][\w'.-]*(?: [\w'.-]+)*$")

# Match modes, in order of trust: how a piece of text was recognised.
ALIAS, GENERIC, PLACE, SURNAME, DEMONYM, FORM = (
    "alias",
    "generic",
    "place",
    "surname",
    "demonym",
    "form",
)


@dataclass(frozen=True)
class Actor:
    """A belligerent or other party (kind 'actor'), or a reporting source (kind 'source')."""

    name: str
    side: str
    inter: int
    inter_from: tuple[tuple[date, int], ...] = ()
    aliases: tuple[str, ...] = ()
    kind: str = "actor"

    def inter_on(self, on: date | None = None) -> int:
        """ACLED inter code in force on ``on`` (``None``: the latest one, i.e. today)."""
        code = self.inter
        for start, value in sorted(self.inter_from):
            if on is None or on >= start:
                code = value
        return code


@dataclass(frozen=True)
class Person:
    """A named leader, spokesman or commander and the actor they speak or fight for."""

    name: str
    aliases: tuple[str, ...]
    actor: str
    role: str = ""


@dataclass(frozen=True)
class AliasHit:
    """What a piece of text resolved to, and how (``mode``: alias, generic, place, ...)."""

    actor: str
    person: str | None
    mode: str


def interaction(inter1: int | None, inter2: int | None = None) -> int:
    """ACLED ``interaction`` code: the two inter codes, lower first (12, 27, 78).

    An event with a single actor (riots, remote violence with no named
    target, ...) is the actor's code times ten (10, 20, 60). ``inter1`` may be
    the higher code: the order of the actors does not matter to ACLED.
    """
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def packaged_actor_files() -> list[Path]:
    """The actor YAML files shipped with sitrep."""
    folder = Path(str(files("sitrep") / "data" / "actors"))
    return sorted(folder.glob("*.yaml"))


def _key(text: str) -> str:
    """Normalise spacing, apostrophes and hyphen spacing so aliases and queries compare."""
    text = text.replace("’", "'").replace("‘", "'").replace("‐", "-").replace("–", "-")
    text = re.sub(r"\s*-\s*", "-", text.strip())
    return re.sub(r"\s+", " ", text)


def _clean(text: str, *, keep_article: bool = False) -> str:
    """Strip quotes, edge punctuation, a leading article and a trailing possessive."""
    text = _key(text).strip(" \t\n\"“”'.,;:()[]")
    lowered = text.lower()
    for det in () if keep_article else _DETERMINERS:
        if lowered.startswith(det) and len(text) > len(det):
            text = text[len(det) :]
            break
    text = re.sub(r"('s|')$", "", text).strip()
    return text


def _number_variants(text: str) -> list[str]:
    """The phrase with its last word made singular or plural ("fighter(s)", "militia(s)")."""
    head, _, last = text.rpartition(" ")
    prefix = f"{head} " if head else ""
    low = last.lower()
    out: list[str] = []
    if low.endswith("ies") and len(low) > 4:
        out.append(last[:-3] + "y")
    if low.endswith("es") and len(low) > 3:
        out.append(last[:-2])
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        out.append(last[:-1])
    else:
        out.append(last + "s")
    return [prefix + variant for variant in out]


def _country_key(name: str) -> str:
    """Compare country names loosely: "the Democratic Republic of Congo" = "Democratic ..."."""
    key = " ".join(name.lower().replace("’", "'").split())
    return key[4:] if key.startswith("the ") else key


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
    name = entry["name"].strip()
    inter = entry.get("inter")
    if not isinstance(inter, int) or not 1 <= inter <= 8:
        raise DataFileError(path, f"{where} '{name}': 'inter' must be an ACLED code 1-8")
    raw_from = entry.get("inter_from") or {}
    if not isinstance(raw_from, dict):
        raise DataFileError(path, f"{where} '{name}': 'inter_from' must map dates to codes")
    inter_from: list[tuple[date, int]] = []
    for when, code in raw_from.items():
        if not isinstance(code, int) or not 1 <= code <= 8:
            raise DataFileError(path, f"{where} '{name}': inter_from code must be 1-8")
        inter_from.append((_parse_date(when, path, f"{where} '{name}'"), code))
    aliases = _str_list(entry.get("aliases"), path, f"{where} '{name}' aliases")
    cs = _str_list(entry.get("case_sensitive_aliases"), path, f"{where} '{name}'")
    generic = _str_list(entry.get("generic_aliases"), path, f"{where} '{name}'")
    places = _str_list(entry.get("place_aliases"), path, f"{where} '{name}'")
    side = entry.get("side")
    raw_country = entry.get("country")
    countries = [raw_country] if isinstance(raw_country, str) else raw_country
    countries = _str_list(countries, path, f"{where} '{name}' country")
    state = _STATE_NAME.match(name)
    if countries or state:
        b.countries[name] = [_country_key(c) for c in countries or [state.group(1)]]  # type: ignore[union-attr]
    branches = entry.get("branches") or {}
    if not isinstance(branches, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in branches.items()
    ):
        raise DataFileError(path, f"{where} '{name}': 'branches' must map countries to actors")
    if branches:
        b.branches[name] = {_country_key(k): v.strip() for k, v in branches.items()}
        for target in b.branches[name].values():
            b.family_of[target] = name
    actor = Actor(
        name=name,
        side=name if side is None else str(side),
        inter=inter,
        inter_from=tuple(sorted(inter_from)),
        aliases=tuple(dict.fromkeys([name, *aliases, *cs, *generic, *places])),
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
    for text in _str_list(entry.get("demonyms"), path, f"{where} '{name}' demonyms"):
        if b.demonyms.setdefault(text.lower(), name) != name:
            raise DataFileError(path, f"demonym '{text}' maps to two actors")
    for target in _str_list(entry.get("anti_of"), path, f"{where} '{name}' anti_of"):
        b.anti_declared.append((target, name, path))
    patterns = entry.get("token_patterns") or []
    if not isinstance(patterns, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        raise DataFileError(path, f"{where} '{name}': token_patterns must be lists of dicts")
    b.token_patterns.extend((name, p) for p in patterns)
    people = entry.get("people") or []
    if not isinstance(people, list):
        raise DataFileError(path, f"{where} '{name}': 'people' must be a list")
    for j, raw in enumerate(people):
        pentry = _check_keys(raw, _PERSON_KEYS, path, f"{where} '{name}' person #{j + 1}")
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
    where = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise DataFileError(where, f"cannot read actor file: {reason}") from None
    if not isinstance(data, dict):
        raise DataFileError(where, "expected a mapping with 'schema' and 'actors'")
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:
        raise DataFileError(where, f"unknown top-level key '{unknown[0]}'")
    if data.get("schema") != 1:
        raise DataFileError(where, "'schema: 1' is required")
    for key in ("actors", "sources"):
        if not isinstance(data.get(key) or [], list):
            raise DataFileError(where, f"'{key}' must be a list")
    for i, raw in enumerate(data.get("actors") or []):
        _load_actor(b, _check_keys(raw, _ACTOR_KEYS, where, f"actor #{i + 1}"), where, "actor")
        if isinstance(data.get("country"), str) and data["country"].strip():
            b.file_countries.setdefault(raw["name"].strip(), _country_key(data["country"]))
    for i, raw in enumerate(data.get("sources") or []):
        entry = _check_keys(raw, _SOURCE_KEYS, where, f"source #{i + 1}")
        _load_source(b, entry, where, "source")
    for key in _WORD_LISTS:
        b.words[key].update(w.lower() for w in _str_list(data.get(key), where, key))


def _default_word_lists(b: _Builder) -> None:
    """Word lists no loaded file defines come from the packaged generic.yaml.

    A user's own conflict file replaces the packaged actors but need not
    repeat the English word lists ("fighters", "anti-", "Mullah").
    """
    missing = [k for k in _WORD_LISTS if not b.words[k]]
    if not missing:
        return
    generic = Path(str(files("sitrep") / "data" / "actors" / "generic.yaml"))
    data = yaml.load(generic.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    for key in missing:
        b.words[key].update(w.lower() for w in _str_list(data.get(key), str(generic), key))


class ActorRegistry:
    """Read-only index of actors, sources and people loaded from actor YAML files."""

    def __init__(self, b: _Builder, paths: tuple[str, ...]) -> None:
        self.paths = paths
        self._actors = dict(b.actors)
        self._people = dict(b.people)
        self._lower = dict(b.lower)
        self._exact = dict(b.exact)
        self._demonyms = dict(b.demonyms)
        self._anti = dict(b.anti)
        self._token_patterns = list(b.token_patterns)
        w = b.words
        self.group_nouns = frozenset(w["group_nouns"])
        self.negating_prefixes = frozenset(w["negating_prefixes"])
        self.pro_prefixes = frozenset(w["pro_prefixes"])
        self.aligned_suffixes = frozenset(w["aligned_suffixes"])
        self.person_titles = frozenset(w["person_titles"])
        self.locative_prepositions = frozenset(w["locative_prepositions"])
        self.proxy_suffixes = frozenset(w["proxy_suffixes"])
        self.state_force_phrases = frozenset(w["state_force_phrases"])
        self.state_force_blockers = frozenset(w["state_force_blockers"])
        self._branches = {k: dict(v) for k, v in b.branches.items() if k in b.actors}
        # State forces per country: named ones first ("Military Forces of X", or an
        # explicit ``country``), then actors of a one-country file ever coded 1
        # (the Taliban in afghanistan.yaml), used when no named one fits the date.
        self._state: dict[str, tuple[list[str], list[str]]] = {}
        self._countries = {k: tuple(v) for k, v in b.countries.items()}
        for name, keys in b.countries.items():
            for country in keys:
                self._state.setdefault(country, ([], []))[0].append(name)
        for name, country in b.file_countries.items():
            actor = b.actors.get(name)
            if actor is None or name in b.countries or actor.kind != "actor":
                continue
            if actor.inter == 1 or any(code == 1 for _, code in actor.inter_from):
                self._state.setdefault(country, ([], []))[1].append(name)
        self._surnames: dict[str, AliasHit] = {}
        for surname, owners in b.surname_candidates.items():
            if surname in self._exact or surname.lower() in self._lower:
                continue
            actors = {actor for actor, _ in owners}
            if len(actors) != 1:
                continue  # "Khan" of two different sides: too ambiguous
            (actor,) = actors
            person = next(iter(owners))[1] if len(owners) == 1 else None
            self._surnames[surname] = AliasHit(actor, person, SURNAME)

    @classmethod
    def load(cls, paths: Sequence[Path] | None = None) -> ActorRegistry:
        """Load and validate actor files (``None``: all packaged files).

        Raises :class:`DataFileError` naming the file for an unknown key, a
        missing name, or one alias mapped to two actors (also across files).
        """
        chosen = [Path(p) for p in paths] if paths else packaged_actor_files()
        b = _Builder()
        for path in chosen:
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
        return cls(b, tuple(str(p) for p in chosen))

    # --- plain accessors -------------------------------------------------

    @property
    def actors(self) -> list[Actor]:
        """All actors (kind 'actor'), in file order."""
        return [a for a in self._actors.values() if a.kind == "actor"]

    @property
    def sources(self) -> list[Actor]:
        """All reporting sources (kind 'source'): agencies, outlets, 'local sources'."""
        return [a for a in self._actors.values() if a.kind == "source"]

    @property
    def people(self) -> list[Person]:
        return list(self._people.values())

    def actor(self, name: str) -> Actor:
        """The actor or source with this canonical name (KeyError if unknown).

        A "Military Forces of <Country>" name that no file defines is the state
        force :meth:`state_forces` synthesises: a state actor (inter 1).
        """
        try:
            return self._actors[name]
        except KeyError:
            if _SYNTHETIC.match(name):
                return Actor(name=name, side=name, inter=1, aliases=(name,))
            raise KeyError(f"unknown actor '{name}'") from None

    def state_forces(self, country: str, on: date | None = None) -> str | None:
        """The state forces of ``country`` on a date: the registry's actor, else a
        synthesised "Military Forces of <country>"; ``None`` when several fit.

        Named candidates ("Military Forces of Afghanistan (2004-2021)", or an actor
        with ``country``) are tried first, within their year qualifier and, for an
        actor coded 1 at some time, only while ``inter_on(on) == 1``; then the
        state-coded actors of a file about that country (the Taliban from
        2021-08-15). With no date, any actor of either kind that ever fits counts,
        so two of them (before and after a change of regime) leave it unresolved.
        """
        named, fallback = self._state.get(_country_key(country), ([], []))
        if not named and not fallback:
            return f"Military Forces of {country.strip()}"
        if on is None:
            pool = [n for n in (*named, *fallback) if self._state_valid(n, None)]
        else:
            pool = [n for n in named if self._state_valid(n, on)]
            pool = pool or [n for n in fallback if self._state_valid(n, on)]
        return pool[0] if len(pool) == 1 else None

    def current_state_forces(self, name: str, on: date | None) -> str:
        """``name``, or the other named state force of its country that holds on
        ``on`` when ``name`` does not ("Syrian forces" after the fall of Assad)."""
        if on is None or name not in self._countries or self._state_valid(name, on):
            return name
        for country in self._countries[name]:
            pool = [n for n in self._state[country][0] if self._state_valid(n, on)]
            if len(pool) == 1:
                return pool[0]
        return name

    def _state_valid(self, name: str, on: date | None) -> bool:
        actor = self._actors[name]
        window = _STATE_NAME.match(name)
        if on is None:
            return True
        if window and window.group(2):
            start, end = int(window.group(2)), window.group(3)
            if on.year < start or (end is not None and on.year > int(end)):
                return False
        ever_state = actor.inter == 1 or any(code == 1 for _, code in actor.inter_from)
        return not ever_state or actor.inter_on(on) == 1

    def branch(self, name: str, country: str | None) -> str:
        """The country branch of a family actor ("Islamic State" in Syria is
        "Islamic State (Syria)"); ``name`` itself when it has none there."""
        if not country:
            return name
        target = self._branches.get(name, {}).get(_country_key(country), name)
        return target if target in self._actors else name

    def has_branches(self, name: str) -> bool:
        return name in self._branches

    def person(self, name: str) -> Person:
        return self._people[name]

    def inter(self, name: str, on: date | None = None) -> int:
        """ACLED inter code of ``name`` on a date (``None``: the latest code)."""
        return self.actor(name).inter_on(on)

    def opponents(self, a: str | Actor, b: str | Actor) -> bool:
        """True when both are belligerents (non-empty side) on different sides."""
        side_a = self._side(a)
        side_b = self._side(b)
        return bool(side_a) and bool(side_b) and side_a != side_b

    def allies(self, a: str | Actor, b: str | Actor) -> bool:
        """True when both are on the same (non-empty) side."""
        side_a = self._side(a)
        return bool(side_a) and side_a == self._side(b)

    def _side(self, a: str | Actor) -> str:
        actor = a if isinstance(a, Actor) else self._actors.get(a)
        return actor.side if actor is not None and actor.kind == "actor" else ""

    # --- text lookup -----------------------------------------------------

    def lookup(self, text: str) -> tuple[Actor, Person | None] | None:
        """Resolve a mention ("Taliban fighters", "Dashti", "anti-Taliban forces") to an actor.

        Case-insensitive except for case-sensitive aliases, place aliases and
        one-word person names; tolerant of articles, possessive 's, singular or
        plural, titles ("Mullah Baradar") and unambiguous surnames.
        """
        hit = self.resolve(text)
        if hit is None:
            return None
        person = self._people.get(hit.person) if hit.person else None
        return self._actors[hit.actor], person

    def resolve(self, text: str, *, _demonym: bool = False, _depth: int = 0) -> AliasHit | None:
        """Like :meth:`lookup`, but returns how the text matched (used by the tagger)."""
        t = _clean(text)
        if not t or _depth > 3:
            return None
        full = _clean(text, keep_article=True)
        hit = (self._direct(full, _demonym) if full != t else None) or self._direct(t, _demonym)
        if hit is not None:
            return hit
        words = t.split(" ")
        if len(words) > 1 and words[0].lower() in self.person_titles:
            return self.resolve(" ".join(words[1:]), _depth=_depth + 1)
        low = t.lower()
        loyal = re.match(r"^(\S+) loyal to (.+)$", t, flags=re.IGNORECASE)
        if loyal and loyal.group(1).lower() in self.group_nouns:
            return self._as_form(self.resolve(loyal.group(2), _depth=_depth + 1))
        for noun in sorted(self.group_nouns, key=len, reverse=True):
            if low.endswith(" " + noun) and len(low) > len(noun) + 1:
                base = self.resolve(t[: -len(noun) - 1], _demonym=True, _depth=_depth + 1)
                if base is not None and self._actors[base.actor].kind == "source":
                    return None  # "Reuters reporters" are not an armed group
                return self._as_form(base)
        prefix = re.match(r"^([A-Za-z]+)-(.+)$", t)
        if prefix:
            word = prefix.group(1).lower()
            if word in self.negating_prefixes:
                inner = self.resolve(prefix.group(2), _depth=_depth + 1)
                anti = self._anti.get(inner.actor) if inner else None
                return AliasHit(anti, None, FORM) if anti else None
            if word in self.pro_prefixes:
                return self._as_form(self.resolve(prefix.group(2), _depth=_depth + 1))
        suffix = re.match(r"^(.+)-([A-Za-z]+)$", t)
        if suffix and suffix.group(2).lower() in self.aligned_suffixes:
            return self._as_form(self.resolve(suffix.group(1), _demonym=True, _depth=_depth + 1))
        return None

    def _direct(self, t: str, demonym: bool) -> AliasHit | None:
        for variant in (t, *(() if demonym else _number_variants(t))):
            hit = self._exact.get(variant) or self._lower.get(variant.lower())
            if hit is not None and (variant == t or hit.mode != PLACE):
                return hit
        if t in self._surnames:
            return self._surnames[t]
        if demonym and t.lower() in self._demonyms:
            return AliasHit(self._demonyms[t.lower()], None, DEMONYM)
        return None

    @staticmethod
    def _as_form(hit: AliasHit | None) -> AliasHit | None:
        """A group of the actor's people ("Massoud's men"), never the named person."""
        if hit is None:
            return None
        return AliasHit(hit.actor, None, hit.mode if hit.mode in (ALIAS, SURNAME) else FORM)

    def patterns(self) -> list[dict[str, Any]]:
        """Everything a spaCy matcher needs to find actor mentions.

        Phrase patterns: ``{"type": "phrase", "label", "pattern" (text), "attr"
        ("LOWER" or "ORTH"), "person", "kind", "mode"}``; token patterns from
        the files: ``{"type": "token", "label", "pattern" (Matcher pattern),
        "person": "", "kind": "actor", "mode": "form"}``.
        """
        out: list[dict[str, Any]] = []
        for attr, table in (("LOWER", self._lower), ("ORTH", self._exact)):
            for text, hit in table.items():
                out.append(self._pattern(hit, text, attr))
        for text, hit in self._surnames.items():
            out.append(self._pattern(hit, text, "ORTH"))
        for label, pattern in self._token_patterns:
            out.append(
                {"type": "token", "label": label, "pattern": pattern, "person": "",
                 "kind": "actor", "mode": FORM}
            )
        return out

    def _pattern(self, hit: AliasHit, text: str, attr: str) -> dict[str, Any]:
        return {
            "type": "phrase",
            "label": hit.actor,
            "pattern": text,
            "attr": attr,
            "person": hit.person or "",
            "kind": self._actors[hit.actor].kind,
            "mode": hit.mode,
        }


@lru_cache(maxsize=8)
def load_registry(paths: tuple[str, ...] = ()) -> ActorRegistry:
    """Cached :meth:`ActorRegistry.load` (empty tuple: packaged files); read-only."""
    return ActorRegistry.load([Path(p) for p in paths] or None)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    label: str
    person: str
    kind: str
    priority: int


class ActorTagger:
    """spaCy component: mark actor, person and source mentions in ``doc.spans["actors"]``."""

    _NER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})

    def __init__(self, nlp: Language, name: str, actor_files: Iterable[str]) -> None:
        self.name = name
        self.registry = load_registry(tuple(str(p) for p in actor_files))
        reg = self.registry
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.forms = Matcher(nlp.vocab)
        self.custom = Matcher(nlp.vocab)
        self._targets: dict[str, tuple[str, str, str, str]] = {}
        grouped: dict[tuple[str, str], list[str]] = {}
        for p in reg.patterns():
            if p["type"] == "token":
                self.custom.add(f"sitrep_actor_token|{p['label']}", [p["pattern"]])
                continue
            key = f"sitrep_actor|{p['attr']}|{p['label']}|{p['person']}|{p['mode']}"
            self._targets[key] = (p["label"], p["person"], p["kind"], p["mode"])
            grouped.setdefault((key, p["attr"]), []).append(p["pattern"])
        for (key, attr), texts in grouped.items():
            matcher = self.lower if attr == "LOWER" else self.orth
            matcher.add(key, [nlp.make_doc(t) for t in texts])
        groups = sorted(w for w in reg.group_nouns if " " not in w)
        def x() -> dict[str, Any]:
            return {"IS_PUNCT": False, "IS_SPACE": False, "OP": "{1,4}"}

        def group() -> dict[str, Any]:
            return {"LOWER": {"IN": groups}}

        prefixes = sorted(reg.negating_prefixes | reg.pro_prefixes)
        self.forms.add(
            "sitrep_form",
            [
                [{"LOWER": {"IN": prefixes}}, {"ORTH": "-"}, x(), {**group(), "OP": "?"}],
                [x(), {"ORTH": "-"}, {"LOWER": {"IN": sorted(reg.aligned_suffixes)}}, group()],
                [x(), {"LOWER": {"IN": ["'s", "’s", "'"]}}, group()],
                [x(), group()],
                [group(), {"LOWER": "loyal"}, {"LOWER": "to"}, x()],
            ],
        )

    def __call__(self, doc: Doc) -> Doc:
        reg = self.registry
        cands: list[_Candidate] = []
        for matcher in (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                label, person, kind, mode = self._targets[doc.vocab.strings[match_id]]
                if self._acceptable(doc, start, end, mode):
                    cands.append(_Candidate(start, end, label, person, kind, 0))
        for _, start, end in self.forms(doc):
            while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
                start += 1
            hit = reg.resolve(doc[start:end].text)
            if hit is not None and self._acceptable(doc, start, end, hit.mode):
                cands.append(self._candidate(start, end, hit, 1))
        for match_id, start, end in self.custom(doc) if len(self.custom) else ():
            label = doc.vocab.strings[match_id].split("|", 1)[1]
            cands.append(_Candidate(start, end, label, "", "actor", 2))
        for ent in doc.ents:
            if ent.label_ in self._NER_LABELS:
                start = ent.start
                while start < ent.end - 1 and doc[start].lower_ in ("the", "a", "an"):
                    start += 1
                hit = reg.resolve(doc[start : ent.end].text)
                if hit is not None and self._acceptable(doc, start, ent.end, hit.mode):
                    cands.append(self._candidate(start, ent.end, hit, 3))
        taken = [False] * len(doc)
        spans: list[Span] = []
        for c in sorted(cands, key=lambda c: (c.start - c.end, c.priority, c.start)):
            if any(taken[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                taken[i] = True
            span = Span(doc, c.start, c.end, label=c.label)
            span._.person = c.person
            span._.actor_kind = c.kind
            spans.append(span)
        doc.spans["actors"] = sorted(spans, key=lambda s: s.start)
        return doc

    def _candidate(self, start: int, end: int, hit: AliasHit, priority: int) -> _Candidate:
        kind = self.registry.actor(hit.actor).kind
        return _Candidate(start, end, hit.actor, hit.person or "", kind, priority)

    def _acceptable(self, doc: Doc, start: int, end: int, mode: str) -> bool:
        """Context checks that keep aliases from firing on look-alike text."""
        reg = self.registry
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.text == "-" and start > 1:
            if doc[start - 2].lower_ in reg.negating_prefixes:
                return False  # "anti-Taliban" is not the Taliban
        if end + 1 < len(doc) and doc[end].text == "-":
            if doc[end + 1].lower_ in reg.proxy_suffixes:
                return False  # "Pakistan-backed militants" are not Pakistan's forces
        if mode == PLACE and before is not None and before.lower_ in reg.locative_prepositions:
            return False
        if mode == GENERIC:
            first = doc[start]
            return first.text[:1].isupper() or (before is not None and before.lower_ == "the")
        return True


@Language.factory(
    "sitrep_actors",
    assigns=["doc.spans"],
    default_config={"actor_files": []},
)
def make_actor_tagger(nlp: Language, name: str, actor_files: list[str]) -> ActorTagger:
    """Factory for ``nlp.add_pipe("sitrep_actors")`` (empty ``actor_files``: packaged files)."""
    return ActorTagger(nlp, name, actor_files)


@lru_cache(maxsize=1)
def _known_countries() -> frozenset[str]:
    """Names of real countries (the gazetteer's ACLED country list), compared loosely."""
    path = Path(str(files("sitrep") / "data" / "gazetteer" / "acled_regions.csv"))
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(_country_key(row["country"]) for row in csv.DictReader(fh))


_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_DETS = frozenset({"the", "a", "an"})


def document_country(doc: Doc) -> str | None:
    """The one country a document is about, from its resolved places (``None`` if unclear).

    The most often named country (towns, districts, provinces, the country itself;
    villages count half), if named at least twice and more often than any other.
    """
    counts: Counter[str] = Counter()
    for span in doc.spans.get("places", []):
        place = span._.get("place") if Span.has_extension("place") else None
        if place is not None and place.country:
            counts[place.country] += 0.5 if place.feature == "village" else 1.0
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return None
    return ranked[0][0]


class StateForceResolver:
    """spaCy component: actors that depend on the country a document is about.

    Generic phrases for state forces (``state_force_phrases`` of the actor files:
    "the army", "government forces", "soldiers") become the state forces of the
    country named just before them ("Sudan's army") or else of the document's
    country (:func:`document_country`), on the document's date
    (:meth:`ActorRegistry.state_forces`). Spans of a family actor ("Islamic
    State") become its branch in that country ("Islamic State (Syria)").
    Explicit aliases win: a phrase inside an existing actor span is left alone.
    """

    def __init__(self, nlp: Language, name: str, actor_files: Iterable[str]) -> None:
        self.name = name
        self.registry = load_registry(tuple(str(p) for p in actor_files))
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrases = sorted(self.registry.state_force_phrases)
        if phrases:
            self.matcher.add("sitrep_state_force", [nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> Doc:
        reg = self.registry
        country = document_country(doc)
        on = doc.user_data.get("document_date") or doc.user_data.get("anchor_date")
        spans: list[Span] = []
        for span in doc.spans.get("actors", []):
            target = reg.current_state_forces(span.label_, on)
            if reg.has_branches(span.label_):
                target = reg.branch(span.label_, country)
            if target != span.label_:
                new = Span(doc, span.start, span.end, label=target)
                new._.person = span._.person
                new._.actor_kind = span._.actor_kind
                span = new
            spans.append(span)
        taken = {i for s in spans for i in range(s.start, s.end)}
        country_at = self._country_tokens(doc)
        named = self._named_state_force(doc, spans, country, on)
        matches = sorted(self.matcher(doc), key=lambda m: (m[1] - m[2], m[1]))
        for _, start, end in matches:
            if taken & set(range(start, end)) or not self._phrase_ok(doc, start, end):
                continue
            owner = self._owner(doc, start, country_at)
            if owner is False:
                continue
            if owner is None and named is not None:
                name: str | None = named
            else:
                target = owner or country
                name = reg.state_forces(target, on) if target else None
            if name is None:
                continue
            new = Span(doc, start, end, label=name)
            new._.person = ""
            new._.actor_kind = "actor"
            spans.append(new)
            taken.update(range(start, end))
        doc.spans["actors"] = sorted(spans, key=lambda s: s.start)
        return doc

    def _named_state_force(
        self, doc: Doc, spans: Sequence[Span], country: str | None, on: date | None
    ) -> str | None:
        """The one state-coded actor the document names explicitly, if it may be its
        own state's ("the army" after "the Ostland army" is Ostland's), else ``None``.

        A state force of another real country than the document's ("Ethiopian
        troops" in a report on Sudan) is not the document's own.
        """
        reg = self.registry
        found: set[str] = set()
        for span in spans:
            if span._.actor_kind != "actor" or reg.inter(span.label_, on) != 1:
                continue
            owners = set(reg._countries.get(span.label_, ()))
            own = country is not None and _country_key(country) in owners
            foreign = country is not None and bool(owners & _known_countries())
            if own or not foreign:
                found.add(span.label_)
        return next(iter(found)) if len(found) == 1 else None

    @staticmethod
    def _country_tokens(doc: Doc) -> dict[int, str]:
        """Token index -> country, for place spans that name a whole country."""
        out: dict[int, str] = {}
        for span in doc.spans.get("places", []):
            place = span._.get("place") if Span.has_extension("place") else None
            if place is not None and place.feature == "country":
                out.update({i: place.country for i in range(span.start, span.end)})
        return out

    @staticmethod
    def _phrase_ok(doc: Doc, start: int, end: int) -> bool:
        """Lowercase common nouns only ("the army", not "Arakan Army" or a headline
        "Army"), and a bare "army"/"military" only as a noun after a determiner."""
        words = doc[start:end]
        if any(not t.is_lower for t in words[1:]):
            return False
        if not words[0].is_lower and not (words[0].is_sent_start and words[0].is_title):
            return False
        if end - start == 1 and words[0].lower_ in {"army", "military", "junta"}:
            before = doc[start - 1].lower_ if start else ""
            if before not in _DETS and before not in _POSSESSIVE:
                return False
            after = doc[end] if end < len(doc) else None
            if after is not None and (after.pos_ in {"NOUN", "PROPN", "ADJ"} or after.text == "-"):
                return False  # "the military junta", "the army chief"
        return True

    def _owner(self, doc: Doc, start: int, country_at: dict[int, str]) -> str | bool | None:
        """Who the phrase belongs to: a country named before it, ``None`` (the
        document's country) or ``False`` (someone else: "anti-government forces",
        "foreign troops", "Kachin army")."""
        if start == 0:
            return None
        before = doc[start - 1]
        if before.text == "-" or before.lower_ in self.registry.state_force_blockers:
            return False
        if before.lower_ in _POSSESSIVE and start > 1:
            owner = doc[start - 2]
            if owner.i in country_at:
                return country_at[owner.i]
            return False if owner.text[:1].isupper() else None
        if before.i in country_at:
            return country_at[before.i]
        if before.text[:1].isupper() and before.lower_ not in _DETS:
            # a name before the phrase ("Kachin army", "AU troops") is someone
            # else's; a capitalised first word of a sentence ("Two soldiers") is not
            ordinary = before.is_sent_start and before.pos_ != "PROPN" and not before.ent_type_
            return None if ordinary or before.like_num else False
        return None


@Language.factory(
    "sitrep_state_forces",
    requires=["doc.spans"],
    assigns=["doc.spans"],
    default_config={"actor_files": []},
)
def make_state_force_resolver(
    nlp: Language, name: str, actor_files: list[str]
) -> StateForceResolver:
    """Factory for ``nlp.add_pipe("sitrep_state_forces", after="sitrep_places")``."""
    return StateForceResolver(nlp, name, actor_files)
