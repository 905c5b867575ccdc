"""The time lexicon: ``data/lexicon/time.yaml`` parsed, checked and compiled into patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml

_LEXICON_FILE = DATA_DIR / "lexicon" / "time.yaml"
_WORD_LISTS = ("year_words_before", "year_words_after", "month_words_before", "year_prefixes",
               "ordinal_words_after", "weekday_occasions", "approximate_words")
_REQUIRED = ("months", "weekdays", "number_words", "narrative_days", "deictic_days",
             "deictic_weeks", "narrative_weeks", "deictic_months", "narrative_months",
             "deictic_years", "narrative_years", "part_of_month", "part_of_year", "seasons",
             *_WORD_LISTS)
_OPTIONAL = ("numeric_day_first", "named_dates", "max_week_span_days", "history_years",
             "backdrop_words", "aside_years", "year_event_nouns")


@dataclass(frozen=True)
class _Lexicon:
    """The parsed time.yaml plus the regular expressions built from it."""

    months: dict[str, int]
    full_months: frozenset[str]
    weekdays: dict[str, int]
    number_words: dict[str, int]
    narrative_days: dict[str, int]
    deictic_days: dict[str, int]
    deictic_weeks: dict[str, tuple[int, int, int]]
    narrative_weeks: dict[str, tuple[int, int, int]]
    deictic_months: dict[str, int]
    narrative_months: dict[str, int]
    deictic_years: dict[str, int]
    narrative_years: dict[str, int]
    part_of_month: dict[str, tuple[int, int, int]]  # phrase -> (from, to, precision)
    part_of_year: dict[str, tuple[int, int]]  # phrase -> (from month, to month)
    seasons: dict[str, tuple[int, int]]
    numeric_day_first: bool
    named_dates: dict[str, date]
    max_week_span_days: int
    history_years: int
    backdrop_words: frozenset[str]
    aside_years: int  # undated text: a year this much older than its latest date is an aside
    year_words_before: frozenset[str]  # a number after one of these is a year
    year_word_after: re.Pattern[str]  # a number followed by one of these may be a year
    # "a 2017 truck bombing": after a determiner, a number one of these follows within
    # three words is a year
    year_event_noun: re.Pattern[str]
    month_words_before: tuple[str, ...]  # a bare month name after one of these is a month
    year_prefixes: tuple[str, ...]
    ordinal_words_after: tuple[str, ...]
    weekday_occasion: re.Pattern[str]  # "Friday prayers": a weekday naming an occasion
    approx_before: re.Pattern[str]  # "around 17 February": a day at precision 2
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    # What each pattern cannot match without (aligned with ``patterns``): "digit", a
    # capitalised "month" name (a lower-case one is refused after matching anyway).
    pattern_needs: tuple[frozenset[str], ...]
    month_name: re.Pattern[str] | None  # any month name, any case; None: no month gate


def _phrase_map(raw: Any, path: str, key: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DataFileError(path, f"'{key}' must be a mapping")
    return {str(k).lower(): v for k, v in raw.items()}


def _alt(words: Any) -> str:
    """Regex alternation of phrases, longest first, whitespace-tolerant."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


def _word_list(raw: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
    """A list of words or phrases; YAML turns a bare on/off/yes/no into a boolean."""
    words = raw[key]
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise DataFileError(path, f"'{key}' must be a list of words (quote on, off, yes, no)")
    return tuple(words)


def _seq(words: Any) -> str:
    """Regex alternation of phrases in the file's order, whitespace-tolerant."""
    return "|".join(r"\s+".join(re.escape(p) for p in str(w).split()) for w in words)


@cache
def load_time_lexicon() -> _Lexicon:
    """Load and compile the packaged time lexicon (cached, read-only)."""
    path = str(_LEXICON_FILE)
    raw = read_yaml(path, what="time lexicon", required=_REQUIRED, allowed=_OPTIONAL)
    try:
        return _build_lexicon(raw, path)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(path, f"malformed time lexicon: {exc!r}") from exc


def _build_lexicon(raw: dict[str, Any], path: str) -> _Lexicon:
    months = {str(n).lower(): int(m) for m, names in raw["months"].items() for n in names}
    weekdays = {str(n).lower(): int(d) for d, names in raw["weekdays"].items() for n in names}
    pom: dict[str, tuple[int, int, int]] = {}
    for spec in raw["part_of_month"].values():
        for phrase in spec["phrases"]:
            pom[str(phrase).lower()] = (int(spec["from"]), int(spec["to"]), int(spec["precision"]))
    poy: dict[str, tuple[int, int]] = {}
    for spec in raw["part_of_year"].values():
        for phrase in spec["phrases"]:
            poy[str(phrase).lower()] = (int(spec["from"]), int(spec["to"]))

    def triples(key: str) -> dict[str, tuple[int, int, int]]:
        return {k: (int(v[0]), int(v[1]), int(v[2])) for k, v in _phrase_map(
            raw[key], path, key).items()}

    def ints(key: str) -> dict[str, int]:
        return {k: int(v) for k, v in _phrase_map(raw[key], path, key).items()}

    words = {key: _word_list(raw, key, path) for key in _WORD_LISTS}

    lex = dict(
        months=months,
        full_months=frozenset(str(names[0]).lower() for names in raw["months"].values()),
        weekdays=weekdays,
        number_words=ints("number_words"),
        narrative_days=ints("narrative_days"),
        deictic_days=ints("deictic_days"),
        deictic_weeks=triples("deictic_weeks"),
        narrative_weeks=triples("narrative_weeks"),
        deictic_months=ints("deictic_months"),
        narrative_months=ints("narrative_months"),
        deictic_years=ints("deictic_years"),
        narrative_years=ints("narrative_years"),
        part_of_month=pom,
        part_of_year=poy,
        seasons={str(k).lower(): (int(v[0]), int(v[1])) for k, v in raw["seasons"].items()},
        numeric_day_first=bool(raw.get("numeric_day_first", True)),
        named_dates={str(k): date.fromisoformat(str(v))
                     for k, v in (raw.get("named_dates") or {}).items()},
        max_week_span_days=int(raw.get("max_week_span_days", 7)),
        history_years=int(raw.get("history_years", 1)),
        backdrop_words=frozenset(str(w).lower() for w in raw.get("backdrop_words", [])),
        aside_years=int(raw.get("aside_years", 2)),
        year_words_before=frozenset(w.lower() for w in words["year_words_before"]),
        year_word_after=re.compile(rf"\s+(?:{_seq(words['year_words_after'])})\b"),
        year_event_noun=re.compile(
            rf"(?:\s+[a-z][\w-]*){{0,2}}\s+(?:{_seq(raw.get('year_event_nouns') or ['-'])})\b"),
        month_words_before=words["month_words_before"],
        year_prefixes=words["year_prefixes"],
        ordinal_words_after=words["ordinal_words_after"],
        weekday_occasion=re.compile(rf"\s+(?:{_seq(words['weekday_occasions'])})\b", re.I),
        approx_before=re.compile(rf"\b(?:{_seq(words['approximate_words'])})\s*$", re.I),
    )
    patterns = _build_patterns(lex)
    return _Lexicon(**lex, patterns=patterns,
                    pattern_needs=tuple(_NEEDS.get(name, frozenset()) for name, _ in patterns),
                    month_name=_month_gate(months))


# The patterns that need a digit (a day, a year or a number) and those that need a month
# name (group ``m`` or ``m2``, refused in ``scan._accept`` unless capitalised): a sentence
# without one skips them, which only saves time (their every match would be refused).
_DIGIT, _MONTH = frozenset({"digit"}), frozenset({"month"})
_NEEDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("iso", "numeric", "part_year", "season", "decade", "year", "ordinal"),
                    _DIGIT),
    **dict.fromkeys(("dd_month", "month_dd", "day_month", "month_day", "month_year"),
                    _DIGIT | _MONTH),
    **dict.fromkeys(("part_month", "month"), _MONTH),
}


def _month_gate(months: dict[str, int]) -> re.Pattern[str] | None:
    """A month name anywhere, any case; None (never skip) when a name does not start
    with a letter, since ``_accept`` lets such a name through in any case."""
    if not all(name[:1].isalpha() for name in months):
        return None
    return re.compile(rf"(?:{_alt(months)})", re.IGNORECASE)


def _build_patterns(lex: dict[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """All expression patterns, in priority order (earlier wins a tie in length)."""
    mon = _alt(lex["months"])
    wd = _alt(lex["weekdays"])
    num = _alt(lex["number_words"])

    def m(g: str) -> str:
        return rf"(?P<{g}>{mon})\b\.?"

    def d(g: str) -> str:
        return rf"(?<![\d,.$])(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,.]\d)"

    def y(g: str) -> str:
        return rf"(?P<{g}>1[5-9]\d\d|20\d\d)(?!\d|[,.]\d)"

    conn = r"(?:\s*(?:-|–|—|/)\s*|\s+(?:and|to|until|till|through|or)\s+)"
    wdpre = rf"(?:(?:{wd}),?\s+)?"
    pom = _alt(lex["part_of_month"])
    poy = _alt(lex["part_of_year"])
    seasons = _alt(lex["seasons"])
    preps = lex["month_words_before"]
    month_lb = "|".join(rf"(?<=\b{re.escape(p)} )" for p in preps)
    year_pre = _seq([*preps, *lex["year_prefixes"]])
    ordinal_ok = rf"(?=\s*(?:[,.;:)!?]|$)|\s+(?:{_seq(lex['ordinal_words_after'])})\b)"

    def phrases(key: str) -> str:
        return rf"\b(?P<ph>{_alt(lex[key])})\b"

    specs: list[tuple[str, str]] = [
        ("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])"),
        ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?![\d/])"),
        ("named", rf"(?<![\w/])(?P<ph>{_alt(lex['named_dates'])})(?![\w/])"),
        ("dd_month", rf"(?:\b(?P<pre>between|from)\s+)?{wdpre}(?:the\s+)?{d('d1')}{conn}"
                     rf"(?:the\s+)?{d('d2')}\s+(?:of\s+)?{m('m')}(?:,?\s+{y('y')})?"),
        ("month_dd", rf"(?:\b(?P<pre>between|from)\s+)?{m('m')}\s+{d('d1')}{conn}{d('d2')}"
                     rf"(?:,?\s+{y('y')})?"),
        ("day_month", rf"{wdpre}(?:the\s+)?{d('d')}\s+(?:of\s+)?{m('m')}(?:,?\s+{y('y')})?"),
        ("month_day", rf"{wdpre}{m('m')}\s+(?:the\s+)?{d('d')}(?:,?\s+{y('y')})?"),
        ("part_month", rf"\b(?P<part>{pom})(?:\s*-\s*|\s+){m('m')}(?:,?\s+{y('y')})?"),
        ("month_year", rf"{m('m')},?\s+(?:of\s+)?{y('y')}"),
        ("month", rf"(?:\b(?P<rel>last|this|next)\s+{m('m2')}|(?:{month_lb}){m('m')})(?!\w)"),
        ("part_year", rf"\b(?P<part>{poy})(?:\s*-\s*|\s+){y('y')}"),
        ("season", rf"\b(?:the\s+)?(?P<season>{seasons})(?:\s+of)?\s+{y('y')}"),
        ("decade", r"(?:\bthe\s+)?(?:\b(?P<part>early|mid|late)(?:\s*-\s*|\s+))?"
                   r"(?:\b(?P<dec>1[5-9]\d0|20\d0)|['’](?P<dec2>\d0))s\b"),
        ("year", rf"(?:\b(?P<pre>{year_pre})(?:\s+|-))?(?<![\d,.$£€])\b{y('y')}"),
        ("ordinal", rf"(?:\bon\s+)?\bthe\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b{ordinal_ok}"),
        ("narrative_day", phrases("narrative_days")),
        ("deictic_day", phrases("deictic_days")),
        ("deictic_week", phrases("deictic_weeks")),
        ("narrative_week", phrases("narrative_weeks")),
        ("deictic_month", phrases("deictic_months")),
        ("narrative_month", phrases("narrative_months")),
        ("deictic_year", phrases("deictic_years")),
        ("narrative_year", phrases("narrative_years")),
        ("units", rf"\b(?P<n>\d{{1,3}}|{num})\s+(?P<unit>day|week|month|year)s?\s+"
                  r"(?P<dir>later|afterwards?|after|earlier|before|ago|previously)\b"),
        ("weekday", rf"(?:\b(?P<rel>last|this|past|next|on)\s+)?\b(?P<wd>{wd})\b"
                    r"(?:\s+(?:morning|afternoon|evening|night))?"),
    ]
    return tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in specs)
