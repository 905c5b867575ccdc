"""Actors as records: :class:`Actor`, :class:`Person`, :class:`AliasHit`, the match modes,
ACLED :func:`interaction` codes, and the text keys aliases and queries compare on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

STATE_INTER = 1  # ACLED inter code 1: state forces
INTER_CODES = range(1, 9)  # the ACLED inter codes 1-8
ARTICLES = frozenset({"the", "a", "an"})
_DETERMINERS = ("the ", "a ", "an ")
STATE_NAME = re.compile(r"^Military Forces of (?:the )?(.+?)(?: \((\d{4})-(\d{4})?\))?$")
# "Police Forces of Kenya (2013-)": a country's police, told apart from its military.
POLICE_NAME = re.compile(r"^Police Forces of (?:the )?(.+?)(?: \((\d{4})-(\d{4})?\))?$")
# "Protesters (Kenya)": a generic actor qualified by the country it is in (ACLED style).
QUALIFIED_NAME = re.compile(r"^(.+?) \(([^()\d]+)\)$")
# "A and/or B": the two groups one of which is suspected (ACLED codes them jointly).
JOINT = " and/or "

# Match modes, in order of trust: how a piece of text was recognised.
ALIAS, GENERIC, PLACE, SURNAME, DEMONYM, FORM, PATTERN = (
    "alias",
    "generic",
    "place",
    "surname",
    "demonym",
    "form",
    "pattern",  # a file's token pattern: a family of names ("<Name> Front"), a guess
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
    by_country: bool = False  # named "<name> (<Country>)" in outputs ("Protesters (Kenya)")

    def inter_on(self, on: date | None = None) -> int:
        """ACLED inter code in force on ``on`` (``None``: the latest one, i.e. today)."""
        code = self.inter
        for start, value in sorted(self.inter_from):
            if on is None or on >= start:
                code = value
        return code

    @property
    def ever_state(self) -> bool:
        """Coded as state forces (inter 1) at some time."""
        return self.inter == STATE_INTER or any(code == STATE_INTER for _, code in self.inter_from)


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

