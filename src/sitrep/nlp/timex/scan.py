"""Scanning: candidate temporal expressions in a sentence, filtered, de-overlapped and
joined into day ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.nlp.timex.lexicon import _Lexicon


def _capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper()


@dataclass(frozen=True)
class _Hit:
    name: str
    start: int
    end: int
    match: re.Match[str]


_RANGE_CONN = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*", re.IGNORECASE)
_DAY_KINDS = frozenset({"iso", "numeric", "day_month", "month_day"})
_DIGIT = re.compile(r"\d")


def _present(text: str, lex: _Lexicon) -> frozenset[str]:
    """What the text holds of the patterns' needs: a digit, a capitalised month name
    (searched at every start, overlapping, since a pattern may start a name anywhere)."""
    found = {"digit"} if _DIGIT.search(text) else set()
    gate = lex.month_name
    if gate is None:
        found.add("month")
    else:
        pos = 0
        while (mt := gate.search(text, pos)) is not None:
            if text[mt.start()].isupper():
                found.add("month")
                break
            pos = mt.start() + 1
    return frozenset(found)


def _scan(text: str, lex: _Lexicon) -> list[_Hit]:
    """All candidate matches, overlaps removed (longest, then earliest pattern)."""
    cands: list[tuple[int, int, int, _Hit]] = []
    present = _present(text, lex)
    for prio, (name, rx) in enumerate(lex.patterns):
        if not lex.pattern_needs[prio] <= present:
            continue
        for mt in rx.finditer(text):
            hit = _accept(name, mt, text, lex)
            if hit is not None:
                cands.append((-(hit.end - hit.start), prio, hit.start, hit))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    taken: list[_Hit] = []
    for *_, hit in cands:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|their|his|her|this|that)\s+$", re.I)


def names_an_event(text: str, start: int, end: int, lex: _Lexicon) -> bool:
    """The year at ``text[start:end]`` only dates the event noun after it ("the 2019
    attack", "a 2017 truck bombing"): a determiner before, an event noun within three
    words after. Such a year recalls that event; it is not the time the story is told in."""
    return bool(_DETERMINER_BEFORE.search(text[max(0, start - 8):start])
                and lex.year_event_noun.match(text[end:end + 60]))


def _name_qualifier(text: str, start: int, end: int) -> bool:
    """ "Police Forces of Kenya (2002-)", "Military Forces of Mali (2021-2024)": the years an
    actor's name is valid for, in parentheses after the name (the coders' convention),
    not a date of anything told."""
    before, after = text[max(0, start - 8):start], text[end:end + 8]
    return bool((re.search(r"\(\s*$", before) and re.match(r"\s*[-–]\s*(?:\d{4}\s*)?\)", after))
                or (re.search(r"\(\s*\d{4}\s*[-–]\s*$", before) and re.match(r"\s*\)", after)))


def _accept(name: str, mt: re.Match[str], text: str, lex: _Lexicon) -> _Hit | None:
    """Filter out matches that only look like dates; decide the reported span."""
    gd = mt.groupdict()
    for g in ("m", "m2"):
        if gd.get(g) and gd[g][0].isalpha() and not _capitalised(gd[g]):
            return None
    if gd.get("wd") and not _capitalised(gd["wd"]):
        return None
    if gd.get("wd") and lex.weekday_occasion.match(text[mt.end():mt.end() + 12]):
        return None  # "after Friday prayers" names the prayers, not a day
    start, end = mt.span()
    if name == "year" and _name_qualifier(text, mt.start("y"), end):
        return None
    if name == "year":
        if (gd.get("pre") or "").lower() not in lex.year_words_before:
            after = text[end:end + 30]
            # "2000 fighters" is a count; "in 2000" or "2000." is a year, and so is "the
            # 2019 attack" or "a 2017 truck bombing" (a determiner, then an event noun)
            if re.match(r"\s+[a-z]", after) and not lex.year_word_after.match(after) and not (
                    names_an_event(text, mt.start("y"), end, lex)):
                return None
            if re.match(r"\s*(?:-|–|—|to)\s*\d", after):
                return None
            if re.search(r"[$£€]\s*$|\d[,.]?\s*$", text[max(0, start - 2):start]):
                return None
        start = mt.start("y")
        if gd.get("pre") and gd["pre"].lower() in {"early", "late", "mid", "the"}:
            start = mt.start()
    if text[end - 1] == "." and gd.get("m") and text[end - 2].isalpha():
        if gd["m"].lower() in lex.full_months:
            end -= 1  # sentence full stop after a full month name
    if name == "weekday" and (gd.get("rel") or "").lower() == "on":
        start = mt.start("wd")
    if name in {"day_month", "month_day"} and gd.get("d") and not 1 <= int(gd["d"]) <= 31:
        return None
    return _Hit(name, start, end, mt)


_HITS: dict[int, tuple[_Lexicon, dict[str, tuple[_Hit, ...]]]] = {}  # id(lex) -> text -> hits
_HITS_MAX = 20_000  # sentences kept per lexicon (a corpus repeats its boilerplate)


def scan_hits(text: str, lex: _Lexicon) -> tuple[_Hit, ...]:
    """:func:`_scan` then :func:`_merge_ranges`, the answers kept per process: both are
    pure functions of the sentence text and the lexicon (a hit is read, never changed),
    and a corpus of related reports repeats sentences (wire copies, datelines, boilerplate)."""
    kept = _HITS.get(id(lex))
    if kept is None or kept[0] is not lex:
        if len(_HITS) >= 8:  # lexicons made by tests or callers of their own
            _HITS.clear()
        kept = _HITS[id(lex)] = (lex, {})
    found = kept[1].get(text)
    if found is None:
        if len(kept[1]) >= _HITS_MAX:
            kept[1].clear()
        found = kept[1][text] = tuple(_merge_ranges(text, _scan(text, lex)))
    return found


def _merge_ranges(text: str, hits: list[_Hit]) -> list[_Hit]:
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


def _word_before(text: str, start: int) -> str:
    before = text[max(0, start - 12):start].split()
    return before[-1].lower() if before else ""


def _backdrop(text: str, start: int, lex: _Lexicon) -> bool:
    """The expression follows a word that points away from the story's time."""
    before = text[max(0, start - 12):start].split()
    return bool(before) and before[-1].lower() in lex.backdrop_words
