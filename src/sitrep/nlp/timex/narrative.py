"""The narrative: resolve one document's temporal expressions in reading order."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from sitrep.nlp.timex.lexicon import _Lexicon, load_time_lexicon
from sitrep.nlp.timex.scan import (
    _backdrop,
    _Hit,
    _word_before,
    names_an_event,
    scan_hits,
)
from sitrep.records import Timex


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


def _precision_for_span(d_from: date, d_to: date, lex: _Lexicon) -> int:
    if d_from == d_to:
        return 1
    return 2 if (d_to - d_from).days < lex.max_week_span_days else 3


_FUTURE_MONTH_DAYS = 62


class Narrative:
    """Resolve temporal expressions of one document, sentence after sentence.

    ``anchor`` is the document's publication date (or None). The narrative time is
    the last explicitly dated day; ``reference`` (used to infer missing years) is
    the last date resolved at any granularity. ``floor`` is, in a text with no
    publication date, its latest full date (a lower bound of when it was written):
    years of year-less dates are inferred from it when nothing else was told, and a
    bare year far older than it is an aside that sets no reference.
    """

    def __init__(self, anchor: date | None, floor: date | None = None) -> None:
        self.anchor = anchor
        self.floor = floor if anchor is None else None
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
        hits = scan_hits(text, self._lex)
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
                recalled = hit.name == "year" and names_an_event(
                    text, hit.match.start("y"), hit.end, self._lex)
                if future or period or recalled or _backdrop(text, hit.start, self._lex):
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
        return self.reference or self.narrative or self.anchor or self.floor

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
        precision = 2 if self._lex.approx_before.search(text[:hit.start]) else 1
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
        aside = self.floor is not None and d_to.year < self.floor.year - self._lex.aside_years
        if not (self._is_history(d_from.year) or aside) and (
                ref is None or not d_from <= ref <= d_to):
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
        if direction in {"after", "before"} and re.match(
                r"\s+(?:[A-Z]|(?:he|she|they|it|we|i)\b)", text[hit.end:hit.end + 12]):
            return None  # "a day after President X suspended talks": another event's day
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
