"""Conflict actors as data: YAML actor files, a lookup registry and a spaCy tagger.

Who fights whom is conflict knowledge, so it lives in ``data/actors/*.yaml``
(schema in that folder's README). This module loads and validates those files
into an :class:`ActorRegistry`, maps free text ("Massoud's men", "a Taliban
spokesman", "Fahim Dashti") to a canonical ACLED-style actor, and provides the
``sitrep_actors`` spaCy component that marks actor mentions in
``doc.spans["actors"]``.
"""

from __future__ import annotations

import re
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
        "notes",
    }
)
_SOURCE_KEYS = frozenset({"name", "aliases", "case_sensitive_aliases", "notes"})
_PERSON_KEYS = frozenset({"name", "aliases", "role", "notes"})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii"})
_DETERMINERS = ("the ", "a ", "an ")

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

    def add_alias(self, table: dict[str, AliasHit], key: str, hit: AliasHit, path: str) -> None:
        old = table.get(key)
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
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
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
    data = yaml.safe_load(generic.read_text(encoding="utf-8")) or {}
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
        """The actor or source with this canonical name (KeyError if unknown)."""
        try:
            return self._actors[name]
        except KeyError:
            raise KeyError(f"unknown actor '{name}'") from None

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
