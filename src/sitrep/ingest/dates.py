"""Dates in the text: explicit full dates, bylines and wire datelines, header months."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sitrep.ingest.lines import _ends_sentence, _has_letters, _Line, _words
from sitrep.ingest.rules import IngestRules
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml

# Find four-digit years, then look just before/after them (faster than one big regex).
_YEAR = re.compile(r"\d{4}")
_ISO_AT = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")
_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_DATE_RESIDUE = re.compile(
    rf"\b{_WEEKDAYS}\b|\b\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:utc|gmt|est|edt|cst|cdt|pst|pdt|cet|cest|eet|eest|bst|ist|msk|ast|pkt|aft)\b"
    r"|\b(?:[ap]\.?m\.?|at|on)\b|[^\w]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _MonthPatterns:
    months: dict[str, int]  # lower-case name or abbreviation -> month number
    before_year: re.Pattern[str]  # "23 August " or "Aug. 23, " just before a year
    header_month: re.Pattern[str]  # "October 2021"
    backdrop: re.Pattern[str]  # "since " or "prior to the " just before a date


@lru_cache(maxsize=1)
def _month_patterns() -> _MonthPatterns:
    """Month names from ``data/lexicon/time.yaml`` (the list the time resolver reads)."""
    raw = read_yaml(DATA_DIR / "lexicon" / "time.yaml", what="time lexicon", required=["months"])
    months = {str(n).lower(): int(m) for m, names in raw["months"].items() for n in names}
    alt = "|".join(sorted(months, key=len, reverse=True))
    before_year = re.compile(
        rf"(?:(?<![\w-])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{alt})\.?,?"
        rf"|(?<![\w-])(?P<m2>{alt})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+\Z",
        re.IGNORECASE,
    )
    header_month = re.compile(rf"(?<![\w-])(?P<m>{alt})\.?\s+(?P<y>(?:19|20)\d\d)(?![\w-])",
                              re.IGNORECASE)
    words = "|".join(re.escape(str(w)) for w in raw.get("backdrop_words") or ["since"])
    backdrop = re.compile(rf"\b(?:{words})(?:\s+(?:to|the|on))*\s+\Z", re.IGNORECASE)
    return _MonthPatterns(months, before_year, header_month, backdrop)


def find_dates(text: str, today: date | None = None) -> list[tuple[int, int, date]]:
    """Explicit full dates in ``text`` as ``(start, end, date)``; implausible ones dropped.

    Forms: "23 August 2021", "August 23, 2021", "23 Aug. 2021", "2021-08-23".
    Years before 1900 or dates after ``today`` are ignored.
    """
    today = today or date.today()
    pats = _month_patterns()
    out = []
    n = len(text)
    for m in _YEAR.finditer(text):
        start, end = m.span()
        if (start and text[start - 1].isdigit()) or (end < n and text[end].isdigit()):
            continue
        year = int(m.group())
        iso = _ISO_AT.match(text, start) if not (start and text[start - 1] == "-") else None
        if iso:
            span, parts = iso.span(), (year, int(iso["m"]), int(iso["d"]))
        else:
            before = pats.before_year.search(text, max(0, start - 40), start)
            if not before:
                continue
            month, day = (
                (before["m1"], before["d1"]) if before["m1"] else (before["m2"], before["d2"])
            )
            span, parts = (before.start(), end), (year, pats.months[month.lower()], int(day))
        try:
            found = date(*parts)
        except ValueError:
            continue
        if 1900 <= found.year and found <= today:
            out.append((span[0], span[1], found))
    return out


def latest_date(text: str, today: date | None = None) -> date | None:
    """The latest full date ``text`` states as a point of its story: the publication
    date of a text that states none is at least this. A date after a backdrop word
    ("fighting since 7 October 2001", time.yaml ``backdrop_words``) only opens the
    background and is left out."""
    backdrop = _month_patterns().backdrop
    return max((d for start, _, d in find_dates(text, today)
                if not backdrop.search(text, max(0, start - 20), start)), default=None)


_DATELINE = re.compile(
    r"[A-Z][A-Za-z.'’ -]{2,40}(?:,\s*[A-Z][\w.'’ -]{2,30}?)?(?:,\s*|\s+[—–-]\s+)"
    r"(?=\d|[A-Z][a-z]+\.? \d)"
    # "ADDIS ABABA (Aug 21, 2023) - ...": a capitals dateline with its date in brackets
    r"|[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][\w.'’ -]{2,30}?)?\s*\((?=\d|[A-Z][a-z]+\.? \d)"
)


def _bylines(
    lines: list[_Line], rules: IngestRules, today: date
) -> tuple[date | None, list[tuple[int, int]]]:
    """Publication date from bylines / date lines near the top, and those lines' spans.

    Byline lines become furniture: "Updated 2 days ago" must not reach the
    relative-date resolver.
    """
    published: date | None = None
    updated: date | None = None
    spans: list[tuple[int, int]] = []
    seen = long_lines = 0
    prev = ""
    for line in lines:
        s, previous = line.raw.strip(), prev
        prev = s
        if not s:
            continue
        seen += 1
        long_lines += _words(s) >= 10
        if seen > rules.byline_scan_lines or long_lines > 2:
            break  # bylines sit above the body, at most after a standfirst
        dateline = _DATELINE.match(s)
        if dateline and published is None:
            # "KHARTOUM, April 17, 2023 (Reuters) - ...": the wire dateline opens the body.
            found = find_dates(s[: dateline.end() + 30], today)
            if found:
                published = found[0][2]
                continue
        cued = bool(rules.byline_published.match(s) or rules.byline_updated.match(s))
        if _words(s) > 25 or (_words(previous) >= 8 and not _ends_sentence(previous)
                              and not cued):
            continue  # too long, or the tail of a wrapped paragraph
        dates = find_dates(s, today)
        if not dates or (not cued and _opens_sentence(s, dates[-1][1])):
            continue
        lead = len(line.raw) - len(line.raw.lstrip())
        span = (line.start + lead, line.start + lead + len(s))
        if rules.byline_updated.match(s):
            updated = updated or dates[0][2]
            spans.append(span)
            continue
        # a date alone on its line, or opening it ("March 3, 2023 6:14 PM Updated ...");
        # a line with two different dates is a range, not a byline
        before = _DATE_RESIDUE.sub("", s[: dates[0][0]])
        alone = not _has_letters(before) and len({d for _, _, d in dates}) == 1
        if not alone and len({d for _, _, d in dates}) == 1:
            # "Nairobi Metro Daily | Wednesday, June 26, 2024": a date alone in its field
            fields = r"\s[|·•]\s|\s{3,}"
            cell = re.split(fields, s[: dates[0][0]])[-1]
            alone = len(re.split(fields, s)) > 1 and (
                not _has_letters(_DATE_RESIDUE.sub("", cell))
                or bool(re.fullmatch(r"[A-Z][\w .'-]{1,40}\s[-–—]\s*", cell)))  # "City - "
        if rules.byline_published.match(s) or alone:
            published = published or dates[0][2]
            spans.append(span)
    if published is None and updated is None:
        published = _header_month(lines, rules, today)
    return published or updated, spans


_CLAUSE_MIN_WORDS = 3  # words after a date that make its line a sentence, not a byline


def _opens_sentence(s: str, date_end: int) -> bool:
    """ "On 2 May 2020, gunmen killed five villagers.": a short line that goes on after
    its date into a full sentence is a lede (the body), not a byline."""
    rest = _DATE_RESIDUE.sub(" ", s[date_end:])
    words = [w for w in rest.split() if _has_letters(w)]
    return len(words) >= _CLAUSE_MIN_WORDS and _ends_sentence(s)


def _header_month(lines: list[_Line], rules: IngestRules, today: date) -> date | None:
    """ "Policy Brief No. 14 | October 2021": a report dated only to the month in its
    header is dated to the month's last day (events it reports happened by then)."""
    pats = _month_patterns()
    for line in [x for x in lines if x.raw.strip()][:4]:
        s = line.raw.strip()
        m = pats.header_month.search(s)
        if m is None or _words(s) > 14 or find_dates(s, today):
            continue
        year, month = int(m["y"]), pats.months[m["m"].lower()]
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        return min(last, today)
    return None


def _parse_iso_date(value: Any, today: date) -> date | None:
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            found = date.fromisoformat(value[:10])
        except ValueError:
            return None
    else:
        return None
    return found if 1900 <= found.year and found <= today else None
