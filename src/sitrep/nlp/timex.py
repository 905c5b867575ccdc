"""Find and resolve temporal expressions in conflict reports.

A :class:`Narrative` walks one document in reading order. Explicit days ("On 5
September") set the *narrative time*; relative phrases ("the next day", "two days
later") resolve against it, deictic ones ("yesterday", "on Monday", "last week")
against the document's publication date (the *anchor*). Years missing from a date
are inferred from whichever was seen last. Every result is a
:class:`sitrep.records.Timex` with an ACLED ``time_precision`` (1 day, 2 week or
~10-day window, 3 month or longer).

Lexicon (month and weekday names, relative phrases, part-of-month windows) lives in
``data/lexicon/time.yaml``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.errors import DataFileError
from sitrep.records import Timex

__all__ = ["Narrative", "find_timexes", "load_time_lexicon", "timex_component"]

Span.set_extension("timex", default=None, force=True)

_LEXICON_FILE = "time.yaml"


# --------------------------------------------------------------------------- lexicon


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
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _phrase_map(raw: Any, path: str, key: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise DataFileError(path, f"'{key}' must be a mapping")
    return {str(k).lower(): v for k, v in raw.items()}


def _alt(words: Any) -> str:
    """Regex alternation of phrases, longest first, whitespace-tolerant."""
    ordered = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in ordered)


@cache
def load_time_lexicon() -> _Lexicon:
    """Load and compile the packaged time lexicon (cached, read-only)."""
    res = resources.files("sitrep") / "data" / "lexicon" / _LEXICON_FILE
    path = str(res)
    try:
        raw = yaml.safe_load(res.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"cannot read time lexicon: {exc}") from exc
    if not isinstance(raw, dict):
        raise DataFileError(path, "time lexicon must be a mapping")
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
    )
    return _Lexicon(**lex, patterns=_build_patterns(lex))


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
    preps = ["in", "during", "since", "by", "until", "till", "through", "throughout",
             "from", "to", "and", "before", "after", "of", "early", "late", "mid", "or",
             "between", "around", "over"]
    month_lb = "|".join(rf"(?<=\b{p} )" for p in preps)
    year_pre = "|".join([*preps, "the", "year", "fiscal", "spring", "summer", "autumn",
                         "fall", "winter"])
    ordinal_ok = (r"(?=\s*(?:[,.;:)!?]|$)|\s+(?:and|when|as|at|in|with|after|before|but|or|"
                  r"while|near|around|against|on|of\s+(?:the|that|this)\s+month)\b)")

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


# --------------------------------------------------------------------------- helpers


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _precision_for_span(d_from: date, d_to: date, lex: _Lexicon) -> int:
    if d_from == d_to:
        return 1
    return 2 if (d_to - d_from).days < lex.max_week_span_days else 3


@dataclass(frozen=True)
class _Hit:
    name: str
    start: int
    end: int
    match: re.Match[str]


_APPROX_BEFORE = re.compile(r"\b(?:around|about|approximately|circa|c\.|ca\.|roughly)\s*$",
                            re.IGNORECASE)
_BY_BEFORE = re.compile(r"\b(?:by|until|till|up\s+to)\s*$", re.IGNORECASE)
_RANGE_CONN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*", re.IGNORECASE)
_DAY_KINDS = frozenset({"iso", "numeric", "day_month", "month_day"})


# --------------------------------------------------------------------------- narrative


_FUTURE_MONTH_DAYS = 62


def _word_before(text: str, start: int) -> str:
    before = text[max(0, start - 12):start].split()
    return before[-1].lower() if before else ""


def _backdrop(text: str, start: int, lex: _Lexicon) -> bool:
    """The expression follows a word that points away from the story's time."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in lex.backdrop_words


class Narrative:
    """Resolve temporal expressions of one document, sentence after sentence.

    ``anchor`` is the document's publication date (or None). The narrative time is
    the last explicitly dated day; ``reference`` (used to infer missing years) is
    the last date resolved at any granularity.
    """

    def __init__(self, anchor: date | None) -> None:
        self.anchor = anchor
        self.narrative: date | None = None
        self.reference: date | None = None
        self._lex = load_time_lexicon()

    # ----------------------------------------------------------------- public

    def resolve(self, text: str, offset: int = 0) -> list[Timex]:
        """Find, resolve and return the temporal expressions of ``text`` in order.

        Offsets in the result are ``offset`` + the position in ``text``.
        """
        out: list[Timex] = []
        period = False
        hits = self._merge_ranges(text, self._scan(text))
        i = 0
        while i < len(hits):
            hit = hits[i]
            resolved: tuple[date, date, int, str] | None
            if hit.name == "pair":
                span = self._resolve_pair(hit.match, hits[i + 1].match)
                resolved = None if span is None else self._range(*span)
                i += 2
            else:
                saved = (self.narrative, self.reference)
                resolved = self._resolve_hit(text, hit)
                future = (resolved is not None and self.anchor is not None
                          and resolved[0] > self.anchor)
                word = _word_before(text, hit.start)
                period = resolved is not None and resolved[2] == 3 and (
                    word in {"between", "from"} or (word in {"and", "to"} and period))
                if future or period or _backdrop(text, hit.start, self._lex):
                    # "held since August 2020", "by the end of next month", "between
                    # October 2022 and January 2023": a backdrop, an outlook or a period,
                    # not the time the story is told in
                    self.narrative, self.reference = saved
                i += 1
            if resolved is not None:
                d_from, d_to, precision, kind = resolved
                out.append(Timex(offset + hit.start, offset + hit.end,
                                 text[hit.start:hit.end], d_from, d_to, precision, kind))
        return out

    # ----------------------------------------------------------------- scanning

    def _scan(self, text: str) -> list[_Hit]:
        """All candidate matches, overlaps removed (longest, then earliest pattern)."""
        cands: list[tuple[int, int, int, _Hit]] = []
        for prio, (name, rx) in enumerate(self._lex.patterns):
            for mt in rx.finditer(text):
                hit = self._accept(name, mt, text)
                if hit is not None:
                    cands.append((-(hit.end - hit.start), prio, hit.start, hit))
        cands.sort(key=lambda c: (c[0], c[1], c[2]))
        taken: list[_Hit] = []
        for *_, hit in cands:
            if all(hit.end <= t.start or hit.start >= t.end for t in taken):
                taken.append(hit)
        return sorted(taken, key=lambda h: h.start)

    def _accept(self, name: str, mt: re.Match[str], text: str) -> _Hit | None:
        """Filter out matches that only look like dates; decide the reported span."""
        gd = mt.groupdict()
        for g in ("m", "m2"):
            if gd.get(g) and gd[g][0].isalpha() and not _capitalised(gd[g]):
                return None
        if gd.get("wd") and not _capitalised(gd["wd"]):
            return None
        if gd.get("wd") and re.match(r"\s+(?:prayers?|sermons?|services?|mass)\b",
                                     text[mt.end():mt.end() + 12], re.IGNORECASE):
            return None  # "after Friday prayers" names the prayers, not a day
        start, end = mt.span()
        if name == "year":
            strong = {"in", "since", "during", "by", "until", "till", "from", "of", "through",
                      "throughout", "early", "late", "mid", "year", "fiscal", "spring", "summer",
                      "autumn", "fall", "winter"}
            if (gd.get("pre") or "").lower() not in strong:
                after = text[end:end + 30]
                # "2000 fighters" is a count; "in 2000" or "2000." is a year.
                if re.match(r"\s+[a-z]", after) and not re.match(
                        r"\s+(?:and|when|as|to|until|after|before|the|but|or|in|on|was|is|saw|"
                        r"has|had|marked|began|ended|brought|he|she|it|they|we|there|a|an|"
                        r"this|his|her|its|their)\b", after):
                    return None
                if re.match(r"\s*(?:-|–|—|to)\s*\d", after):
                    return None
                if re.search(r"[$£€]\s*$|\d[,.]?\s*$", text[max(0, start - 2):start]):
                    return None
            start = mt.start("y")
            if gd.get("pre") and gd["pre"].lower() in {"early", "late", "mid", "the"}:
                start = mt.start()
        if text[end - 1] == "." and gd.get("m") and text[end - 2].isalpha():
            if gd["m"].lower() in self._lex.full_months:
                end -= 1  # sentence full stop after a full month name
        if name == "weekday" and (gd.get("rel") or "").lower() == "on":
            start = mt.start("wd")
        if name in {"day_month", "month_day"} and gd.get("d") and not 1 <= int(gd["d"]) <= 31:
            return None
        return _Hit(name, start, end, mt)

    def _merge_ranges(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        """Join two adjacent day expressions linked by 'to'/'-'/'and' into a range."""
        out: list[_Hit] = []
        i = 0
        while i < len(hits):
            a = hits[i]
            if i + 1 < len(hits):
                b = hits[i + 1]
                gap = text[a.end:b.start]
                if a.name in _DAY_KINDS and b.name in _DAY_KINDS and _RANGE_CONN.fullmatch(gap):
                    start = a.start
                    pre = re.search(r"\b(?:between|from)\s+$", text[:a.start], re.IGNORECASE)
                    if pre:
                        start = pre.start()
                    out.append(_Hit("pair", start, b.end, a.match))
                    out.append(_Hit("pair_end", b.start, b.end, b.match))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    # ----------------------------------------------------------------- resolution

    def _resolve_hit(self, text: str, hit: _Hit) -> tuple[date, date, int, str] | None:
        handler: Callable[[_Hit, str], tuple[date, date, int, str] | None] = getattr(
            self, f"_r_{hit.name}")
        return handler(hit, text)

    # --- year inference and narrative bookkeeping

    def _ref(self) -> date | None:
        # the later of the last date at any granularity and the last day told: "In
        # January ... two days later (10 February) ... On 25 July" is the same year
        if self.reference and self.narrative:
            return max(self.reference, self.narrative)
        return self.reference or self.narrative or self.anchor

    def _infer_year(self, month: int, day: int | None) -> int | None:
        ref = self._ref()
        if ref is None:
            return None
        best: tuple[int, int] | None = None
        fallback: tuple[int, int] | None = None
        for yr in (ref.year - 1, ref.year, ref.year + 1):
            point = _safe_date(yr, month, day or 1)
            if point is None:
                continue
            centre = point if day else point + timedelta(days=14)
            dist = abs((centre - ref).days)
            if fallback is None or dist < fallback[0]:
                fallback = (dist, yr)
            # a day after the document's date is never meant; a month may be the coming one
            # ("will leave by the end of August", written in July)
            if self.anchor is not None and point > self.anchor + timedelta(
                    days=0 if day else _FUTURE_MONTH_DAYS):
                continue
            if best is None or dist < best[0]:
                best = (dist, yr)
        chosen = best or fallback
        return chosen[1] if chosen else None

    def _is_history(self, year: int) -> bool:
        base = self.anchor or self.reference or self.narrative
        return base is not None and year < base.year - self._lex.history_years

    def _move(self, day: date | None, point: date) -> None:
        """Record a resolved expression: ``day`` moves the narrative, ``point`` the reference."""
        if self._is_history(point.year):
            return
        if day is not None:
            self.narrative = day
        self.reference = point

    def _day(self, year_txt: str | None, month: int, day: int) -> date | None:
        year = int(year_txt) if year_txt else self._infer_year(month, day)
        return None if year is None else _safe_date(year, month, day)

    def _month(self, name: str) -> int:
        return self._lex.months[name.lower().rstrip(".")]

    # --- explicit days

    def _single_day(self, hit: _Hit, text: str, d: date) -> tuple[date, date, int, str]:
        self._move(d, d)
        precision = 2 if _APPROX_BEFORE.search(text[:hit.start]) else 1
        return d, d, precision, "absolute"

    def _r_iso(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return None if d is None else self._single_day(hit, text, d)

    def _r_numeric(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        a, b, yr = int(hit.match["a"]), int(hit.match["b"]), int(hit.match["y"])
        day_first = a > 12 or (self._lex.numeric_day_first and b <= 12)
        d = _safe_date(yr, b, a) if day_first else _safe_date(yr, a, b)
        return None if d is None else self._single_day(hit, text, d)

    def _r_named(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        d = self._lex.named_dates[hit.match["ph"]]
        return d, d, 1, "absolute"

    def _r_day_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        d = self._day(g["y"], self._month(g["m"]), int(g["d"]))
        return None if d is None else self._single_day(hit, text, d)

    _r_month_day = _r_day_month

    def _r_ordinal(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        ref = self._ref()
        if ref is None:
            return None
        day = int(hit.match["d"])
        best: tuple[int, date] | None = None
        for delta in (-1, 0, 1):
            yr, mo = _add_months(ref.year, ref.month, delta)
            cand = _safe_date(yr, mo, day)
            if cand is None or (self.anchor is not None and cand > self.anchor):
                continue
            dist = abs((cand - ref).days)
            if best is None or dist < best[0]:
                best = (dist, cand)
        return None if best is None else self._single_day(hit, text, best[1])

    # --- ranges

    def _range(self, d_from: date, d_to: date) -> tuple[date, date, int, str]:
        if d_to < d_from:
            d_from, d_to = d_to, d_from
        if (d_to - d_from).days <= 31:  # a campaign over months is no point in the story
            self._move(d_to, d_to)
        return d_from, d_to, _precision_for_span(d_from, d_to, self._lex), "range"

    def _range_days(self, hit: _Hit) -> tuple[date, date, int, str] | None:
        g = hit.match
        month = self._month(g["m"])
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (1 <= d1 < d2 <= 31):
            return None
        end = self._day(g["y"], month, d2)
        if end is None:
            return None
        start = _safe_date(end.year, month, d1)
        return None if start is None else self._range(start, end)

    def _r_dd_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._range_days(hit)

    def _r_month_dd(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._range_days(hit)

    def _resolve_pair(self, a: re.Match[str], b: re.Match[str]) -> tuple[date, date] | None:
        """Two day expressions forming a range; the first borrows the second's year."""

        def parts(mt: re.Match[str]) -> tuple[int | None, int, int] | None:
            gd = mt.groupdict()
            if "a" in gd:
                a, b = int(gd["a"]), int(gd["b"])
                day_first = a > 12 or (self._lex.numeric_day_first and b <= 12)
                return int(gd["y"]), (b if day_first else a), (a if day_first else b)
            if gd.get("d") is None:
                return None
            if gd.get("m") and not gd["m"].isdigit():
                month = self._month(gd["m"])
            else:
                month = int(gd["m"])
            return (int(gd["y"]) if gd.get("y") else None), month, int(gd["d"])

        pa, pb = parts(a), parts(b)
        if pa is None or pb is None:
            return None
        yb = pb[0] if pb[0] is not None else self._infer_year(pb[1], pb[2])
        if yb is None:
            return None
        end = _safe_date(yb, pb[1], pb[2])
        ya = pa[0] if pa[0] is not None else (yb if (pa[1], pa[2]) <= (pb[1], pb[2]) else yb - 1)
        start = _safe_date(ya, pa[1], pa[2])
        if start is None or end is None or start > end:
            return None
        return start, end

    # --- months, parts of months, years

    def _r_part_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        month = self._month(g["m"])
        year = int(g["y"]) if g["y"] else self._infer_year(month, None)
        if year is None:
            return None
        part = re.sub(r"\s+", " ", g["part"].lower())
        first, last, precision = self._lex.part_of_month[part]
        end_day = calendar.monthrange(year, month)[1] if last < 0 else last
        d_from, d_to = date(year, month, first), date(year, month, end_day)
        self._move(None, d_from)
        return d_from, d_to, precision, "vague"

    def _month_span(self, year: int, month: int) -> tuple[date, date, int, str]:
        d_from, d_to = date(year, month, 1), _month_end(year, month)
        self._move(None, d_from)
        return d_from, d_to, 3, "month"

    def _r_month_year(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._month_span(int(hit.match["y"]), self._month(hit.match["m"]))

    def _r_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        if g["rel"]:
            rel = g["rel"].lower()
            month = self._month(g["m2"])
            if self.anchor is None or rel == "next":
                return None
            year = self.anchor.year
            if rel == "last" and month >= self.anchor.month:
                year -= 1
            return self._month_span(year, month)
        month = self._month(g["m"])
        year = self._infer_year(month, None)
        return None if year is None else self._month_span(year, month)

    def _year_span(self, d_from: date, d_to: date, kind: str) -> tuple[date, date, int, str]:
        """A year-level expression: only shifts the year-inference reference."""
        ref = self.reference
        if not self._is_history(d_from.year) and (ref is None or not d_from <= ref <= d_to):
            self.reference = d_from + (d_to - d_from) / 2
        return d_from, d_to, 3, kind

    def _r_year(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        yr = int(hit.match["y"])
        return self._year_span(date(yr, 1, 1), date(yr, 12, 31), "year")

    def _r_part_year(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        yr = int(hit.match["y"])
        part = re.sub(r"\s+", " ", hit.match["part"].lower())
        m1, m2 = self._lex.part_of_year[part]
        return self._year_span(date(yr, m1, 1), _month_end(yr, m2), "year")

    def _r_season(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        yr = int(hit.match["y"])
        m1, m2 = self._lex.seasons[hit.match["season"].lower()]
        y2 = yr + 1 if m2 < m1 else yr
        return self._year_span(date(yr, m1, 1), _month_end(y2, m2), "year")

    def _r_decade(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        if g["dec"]:
            start = int(g["dec"])
        else:
            two = int(g["dec2"])
            start = (1900 if two >= 30 else 2000) + two
        first, last = start, start + 9
        if g["part"]:
            part = g["part"].lower()
            first, last = {"early": (start, start + 3), "mid": (start + 3, start + 6),
                           "late": (start + 6, start + 9)}[part]
        return self._year_span(date(first, 1, 1), date(last, 12, 31), "year")

    # --- relative to the narrative or the anchor

    def _phrase(self, hit: _Hit) -> str:
        return re.sub(r"\s+", " ", hit.match["ph"].lower())

    def _relative_day(self, base: date | None, offset: int) -> tuple[date, date, int, str] | None:
        if base is None:
            return None
        d = base + timedelta(days=offset)
        self._move(d, d)
        return d, d, 1, "relative"

    def _r_narrative_day(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._relative_day(self.narrative, self._lex.narrative_days[self._phrase(hit)])

    def _r_deictic_day(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._relative_day(self.anchor, self._lex.deictic_days[self._phrase(hit)])

    def _week(self, base: date | None, spec: tuple[int, int, int],
              clip: bool) -> tuple[date, date, int, str] | None:
        if base is None:
            return None
        weeks, first, last = spec
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=weeks)
        d_from, d_to = monday + timedelta(days=first), monday + timedelta(days=last)
        if clip and self.anchor is not None:
            d_to = min(d_to, self.anchor)
            d_from = min(d_from, d_to)
        return d_from, d_to, _precision_for_span(d_from, d_to, self._lex), "vague"

    def _r_deictic_week(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._week(self.anchor, self._lex.deictic_weeks[self._phrase(hit)], clip=True)

    def _r_narrative_week(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._week(self.narrative, self._lex.narrative_weeks[self._phrase(hit)],
                          clip=False)

    def _rel_month(self, base: date | None, offset: int) -> tuple[date, date, int, str] | None:
        if base is None:
            return None
        yr, mo = _add_months(base.year, base.month, offset)
        d_from, d_to = date(yr, mo, 1), _month_end(yr, mo)
        if self.anchor is not None:
            d_to = min(d_to, self.anchor)
        return d_from, d_to, 3, "month"

    def _r_deictic_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._rel_month(self.anchor, self._lex.deictic_months[self._phrase(hit)])

    def _r_narrative_month(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._rel_month(self.narrative or self.reference,
                               self._lex.narrative_months[self._phrase(hit)])

    def _rel_year(self, base: date | None, offset: int) -> tuple[date, date, int, str] | None:
        if base is None:
            return None
        yr = base.year + offset
        d_to = date(yr, 12, 31)
        if self.anchor is not None:
            d_to = min(d_to, self.anchor)
        return date(yr, 1, 1), d_to, 3, "year"

    def _r_deictic_year(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._rel_year(self.anchor, self._lex.deictic_years[self._phrase(hit)])

    def _r_narrative_year(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        return self._rel_year(self.narrative or self.reference,
                              self._lex.narrative_years[self._phrase(hit)])

    def _r_units(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        n_txt = re.sub(r"\s+", " ", g["n"].lower())
        n = int(n_txt) if n_txt.isdigit() else self._lex.number_words[n_txt]
        direction = g["dir"].lower()
        sign = -1 if direction in {"earlier", "before", "ago", "previously"} else 1
        base = self.anchor if direction == "ago" else self.narrative
        if base is None:
            return None
        unit = g["unit"].lower()
        if unit == "day":
            return self._relative_day(base, sign * n)
        if unit == "week":
            d = base + timedelta(weeks=sign * n)
            return d, d, 2, "relative"
        if unit == "month":
            return self._rel_month(base, sign * n)
        return self._rel_year(base, sign * n)

    def _r_weekday(self, hit: _Hit, text: str) -> tuple[date, date, int, str] | None:
        g = hit.match
        target = self._lex.weekdays[g["wd"].lower()]
        rel = (g["rel"] or "").lower()
        if rel == "next":
            return None
        strict = rel in {"last", "past"}
        if self.anchor is not None:
            back = (self.anchor.weekday() - target) % 7
            if back == 0 and strict:
                back = 7
            d = self.anchor - timedelta(days=back)
        elif self.narrative is not None:
            if strict:
                back = (self.narrative.weekday() - target) % 7 or 7
                d = self.narrative - timedelta(days=back)
            else:
                d = self.narrative + timedelta(days=(target - self.narrative.weekday()) % 7)
        else:
            return None
        self._move(d, d)
        return d, d, 1, "weekday"


# --------------------------------------------------------------------------- entry points

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(\[A-Z])|\n+")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """Crude sentence split: (offset, sentence) pairs covering the text in order."""
    pos = 0
    for mt in _SENTENCE_END.finditer(text):
        if mt.start() > pos:
            yield pos, text[pos:mt.start()]
        pos = mt.end()
    if pos < len(text):
        yield pos, text[pos:]


def find_timexes(text: str, anchor: date | None) -> list[Timex]:
    """Resolve every temporal expression of ``text`` with one narrative, in reading order."""
    narrative = Narrative(anchor)
    out: list[Timex] = []
    for offset, sentence in _sentences(text):
        out.extend(narrative.resolve(sentence, offset))
    return out


@Language.component("sitrep_timex", requires=["token.is_sent_start"], assigns=["doc.spans"])
def timex_component(doc: Doc) -> Doc:
    """spaCy component: ``doc.spans['timex']``, each span carrying ``span._.timex``.

    The anchor is ``doc.user_data['anchor_date']`` (a ``datetime.date`` or None);
    sentences are read in order with one narrative, across paragraphs.
    """
    anchor = doc.user_data.get("anchor_date")
    narrative = Narrative(anchor if isinstance(anchor, date) else None)
    spans: list[Span] = []
    for sent in doc.sents:
        for tx in narrative.resolve(sent.text, sent.start_char):
            span = doc.char_span(tx.start, tx.end, alignment_mode="expand")
            if span is None:
                continue
            span._.timex = tx
            spans.append(span)
    doc.spans["timex"] = spans
    return doc
