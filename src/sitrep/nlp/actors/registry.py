"""The actor registry: a read-only index of actors, sources and people, that maps free
text ("Massoud's men", "a Taliban spokesman", "Fahim Dashti") to a canonical ACLED-style
actor and answers who is whose state force, ally or opponent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.nlp.actors.actor import (
    ALIAS,
    DEMONYM,
    FORM,
    GENERIC,
    JOINT,
    PATTERN,
    PLACE,
    POLICE_NAME,
    QUALIFIED_NAME,
    STATE_INTER,
    STATE_NAME,
    SURNAME,
    Actor,
    AliasHit,
    Person,
    _clean,
    _country_key,
    _number_variants,
)
from sitrep.nlp.actors.loader import _Builder, load_files, packaged_actor_files

_SYNTHETIC = re.compile(r"^(Military|Police) Forces of ([A-Z][\w'.-]*(?: [\w'.-]+)*)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&-]{1,5}$")
# a people or clan named in the text ("Pokot raiders"): ACLED's identity militia of it
IDENTITY_NAME = re.compile(r"^([A-Z][\w'-]*(?: [A-Z][\w'-]*)?) (Ethnic|Communal) Militia$")
IDENTITY_INTER = 4
# Placeholder of the roles for "the police of the event's country" when the document's
# country is unclear: :meth:`ActorRegistry.qualified` names it once the event is placed
EVENT_COUNTRY_POLICE = "Police Forces"
# placeholder for the civil government of the country an event is placed in
EVENT_COUNTRY_GOVERNMENT = "Government"
_GOVERNMENT = re.compile(r"^Government of ([A-Z][\w'.-]*(?: [\w'.-]+)*)$")


def identity_militia(name: str) -> str:
    """ACLED's name of the identity militia of a people or clan ("Pokot Ethnic Militia")."""
    return f"{name} Ethnic Militia"


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
        self.allegiance_links = frozenset(w["allegiance_links"])
        self._allegiance = re.compile(
            rf"^(\S+) (?:{'|'.join(map(re.escape, sorted(self.allegiance_links)))}) (.+)$",
            re.IGNORECASE) if self.allegiance_links else None
        self.person_titles = frozenset(w["person_titles"])
        self.locative_prepositions = frozenset(w["locative_prepositions"])
        self.proxy_suffixes = frozenset(w["proxy_suffixes"])
        self.state_force_phrases = frozenset(w["state_force_phrases"])
        self.state_force_blockers = frozenset(w["state_force_blockers"])
        self.bare_state_force_nouns = frozenset(w["bare_state_force_nouns"])
        self.police_force_phrases = frozenset(w["police_force_phrases"])
        self.crowd_control_phrases = frozenset(w["crowd_control_phrases"])
        self.government_words = frozenset(w["government_words"])
        self.owned_state_force_phrases = frozenset(w["owned_state_force_phrases"])
        self.state_force_assets = frozenset(w["state_force_assets"])
        self.state_force_craft = frozenset(w["state_force_craft"])
        self.national_nouns = frozenset(w["national_nouns"])
        self.identity_nouns = frozenset(w["identity_nouns"])
        self.mutiny_words = frozenset(w["mutiny_words"])
        self.identity_plural_nouns = frozenset(w["identity_plural_nouns"])
        self.unnamed_armed_nouns = frozenset(w["unnamed_armed_nouns"])
        self.police_units = dict(b.units)  # police phrase -> unit ("rangers": Forest Guards)
        self._unit_names = frozenset(b.units.values())
        self._operates = {k: frozenset(v) for k, v in b.operates.items() if v}
        self._police: dict[str, list[str]] = {}
        for name in b.actors:
            police = POLICE_NAME.match(name)
            if police:
                self._police.setdefault(_country_key(police.group(1)), []).append(name)
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
            if actor.ever_state:
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
        return cls(load_files(chosen), tuple(str(p) for p in chosen))

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
            pass
        base = self.without_unit(name)
        if base != name:  # "Police Forces of Benin (2016-) Forest Guards": the police
            return replace(self.actor(base), name=name)
        synthetic = _SYNTHETIC.match(name)
        if synthetic:
            # one side with the country's other state forces, not their opponent
            country = synthetic.group(2)
            own = self.state_forces(country) if synthetic.group(1) == "Police" else None
            side = (self._side(own) if own else "") or f"Government of {country}"
            return Actor(name=name, side=side, inter=STATE_INTER, aliases=(name,))
        government = _GOVERNMENT.match(name)
        if government:  # a state's civil government: state-coded, on its forces' side
            own = self.state_forces(government.group(1))
            side = (self._side(own) if own else "") or name
            return Actor(name=name, side=side, inter=STATE_INTER, aliases=(name,))
        if IDENTITY_NAME.match(name):  # "Pokot Ethnic Militia": a named identity militia
            return Actor(name=name, side=name, inter=IDENTITY_INTER, aliases=(name,),
                         by_country=True)
        if JOINT in name:  # "A and/or B": coded like A
            return replace(self.actor(name.split(JOINT, 1)[0]), name=name)
        qualified = QUALIFIED_NAME.match(name)
        if qualified and qualified.group(1) in self._actors:
            return replace(self._actors[qualified.group(1)], name=name)
        raise KeyError(f"unknown actor '{name}'")

    def without_unit(self, name: str) -> str:
        """A police actor's name without the unit of ``police_units`` written after it
        ("Police Forces of Benin Forest Guards" -> "Police Forces of Benin")."""
        for unit in self._unit_names:
            if name.endswith(f" {unit}") and POLICE_NAME.match(name[: -len(unit) - 1]):
                return name[: -len(unit) - 1]
        return name

    def with_unit(self, name: str, phrase: str) -> str:
        """The police actor ``name`` of a country named by ``phrase`` ("forest guards"):
        with the phrase's unit after it, as ACLED writes it."""
        unit = self.police_units.get(" ".join(phrase.lower().split()))
        if not unit or not POLICE_NAME.match(name) or self.without_unit(name) != name:
            return name
        return f"{name} {unit}"

    def qualified(self, name: str, country: str | None) -> str:
        """ACLED's name of a generic actor in a country ("Protesters (Kenya)"); other
        names, or any name with no country, unchanged."""
        if name == EVENT_COUNTRY_POLICE:  # the police of wherever the event happened
            return (self.police_forces(country) or f"Police Forces of {country.strip()}"
                    ) if country else ""
        if name == EVENT_COUNTRY_GOVERNMENT:  # the government of wherever it happened
            return f"Government of {country.strip()}" if country else ""
        actor = self._actors.get(name)
        if actor is None and IDENTITY_NAME.match(name):
            actor = self.actor(name)
        if not country or actor is None or not actor.by_country:
            return name
        return f"{name} ({country})"

    def applies_in(self, name: str, country: str | None, text: str, mode: str) -> bool:
        """May this mention of ``name`` stand for it in a document about ``country``?

        A weak alias (an acronym, a generic word, a bare surname, a common noun phrase
        written in lower case, a token pattern's family of names) of an actor that
        operates only in other countries is someone else there ("resistance" or
        "pro-government militias" in Yemen are not Afghanistan's); a name always
        applies, and so does anything when the document's country is unknown.
        """
        where = self._operates.get(name)
        if not country or not where or _country_key(country) in where:
            return True
        plain = text.strip()
        weak = mode in (GENERIC, SURNAME, PATTERN) or bool(_ACRONYM.match(plain)) or (
            plain == plain.lower())
        return not weak

    def operates_in(self, name: str) -> frozenset[str]:
        """The countries (lower case) an actor operates in: its ``operates_in``, its
        ``country`` and its file's country; a country-qualified generic name
        ("Protesters (Kenya)") gives none."""
        return self._operates.get(name, frozenset())

    def countries_of(self, name: str) -> tuple[str, ...]:
        """The countries whose state forces ``name`` is (its ``country``), lower case."""
        return self._countries.get(name, ())

    def police_forces(self, country: str, on: date | None = None) -> str | None:
        """The police of ``country`` on a date: the registry's "Police Forces of
        <Country> (...)" that fits the date, else a synthesised "Police Forces of
        <Country>"; ``None`` when several fit."""
        named = self._police.get(_country_key(country), [])
        if not named:
            return f"Police Forces of {country.strip()}"
        pool = [n for n in named if self._state_valid(n, on)]
        return pool[0] if len(pool) == 1 else None

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
            if not pool:  # none of the named ones held then ("the Burkinabe army" in 2020)
                return f"Military Forces of {country.strip()}"
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
        window = STATE_NAME.match(name) or POLICE_NAME.match(name)
        if on is None:
            return True
        if window and window.group(2):
            start, end = int(window.group(2)), window.group(3)
            if on.year < start or (end is not None and on.year > int(end)):
                return False
        return not actor.ever_state or actor.inter_on(on) == STATE_INTER

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
        if isinstance(a, Actor):
            actor: Actor | None = a
        else:  # a synthesised or country-qualified name counts as its actor
            try:
                actor = self.actor(a) if a else None
            except KeyError:
                actor = None
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
        loyal = self._allegiance.match(t) if self._allegiance else None
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

