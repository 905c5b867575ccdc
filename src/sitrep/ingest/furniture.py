"""Page furniture: citation markers, boilerplate lines, reference lists, headings, captions
and infobox rows, found as ``(start, end)`` spans of the text."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from sitrep.ingest.dates import find_dates
from sitrep.ingest.lines import (
    _CLOSERS,
    _LIST_ITEM,
    _blocks,
    _ends_sentence,
    _has_letters,
    _heading_key,
    _Line,
    _lines,
    _strip_markers,
    _words,
)
from sitrep.ingest.rules import IngestRules, _default_rules
from sitrep.records import Document


def _merge(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((a, b) for a, b in merged)


def _is_prose(s: str, rules: IngestRules) -> bool:
    return _words(s) >= 12 and _ends_sentence(s) and not rules.reference_entries.search(s)


def _reference_regions(lines: list[_Line], rules: IngestRules) -> list[tuple[int, int]]:
    """Line-index ranges [start, end) of reference / bibliography sections."""
    stripped = [_strip_markers(line.raw, rules) if not line.blank else "" for line in lines]
    is_ref_heading = [
        bool(s) and _words(s) <= 5 and _heading_key(line.raw) in rules.reference_headings
        for s, line in zip(stripped, lines, strict=True)
    ]
    regions: list[tuple[int, int]] = []
    h = 0
    n = len(lines)
    while h < n:
        if not is_ref_heading[h]:
            h += 1
            continue
        end = n
        for j in range(h + 1, n):
            s = stripped[j]
            if not s or is_ref_heading[j] or _ends_sentence(s) or _words(s) > 12:
                continue
            if rules.reference_entries.search(lines[j].raw):
                continue
            nxt = next((k for k in range(j + 1, n) if stripped[k]), None)
            if nxt is not None and _is_prose(stripped[nxt], rules):
                end = j
                break
        body = [k for k in range(h + 1, end) if not lines[k].blank and not is_ref_heading[k]]
        ref_like = sum(
            1
            for k in body
            if rules.reference_entries.search(lines[k].raw)
            or (
                _words(stripped[k]) < rules.block_line_max_words and not _ends_sentence(stripped[k])
            )
        )
        if not body or ref_like >= rules.reference_min_share * len(body):
            regions.append((h, end))
            h = end
        else:
            h += 1
    return regions


def _short_row(s: str, rules: IngestRules) -> bool:
    return _words(s) < rules.block_line_max_words and not _ends_sentence(s)


def _structural(lines: list[_Line], block: list[int], rules: IngestRules) -> list[int]:
    """Indices of lines in one paragraph block that are headings, captions or infobox rows."""
    texts = {i: _strip_markers(lines[i].raw, rules) for i in block}
    if len(block) == 1:
        return block if _caption_like(texts[block[0]], rules) else []
    if all(_LIST_ITEM.match(lines[i].raw) and _words(texts[i]) >= 4 for i in block):
        return []  # a bulleted or numbered list of statements, e.g. "key events"
    rows = [i for i in block if not _has_letters(texts[i]) or _short_row(texts[i], rules)]
    if len(block) >= rules.infobox_min_lines and len(rows) >= rules.infobox_short_share * len(
        block
    ):
        # infobox / fact box: keep only full sentences
        return [
            i
            for i in block
            if not (_words(texts[i]) >= 3 and texts[i].rstrip(_CLOSERS)[-1:] in ".!?")
        ]
    widest = max(len(lines[i].raw.strip()) for i in block)
    lo, hi = rules.wrap_width
    wrapped = {
        i
        for i in block
        if lo <= widest <= hi and len(lines[i].raw.strip()) >= rules.wrap_min_share * widest
    }
    out = []
    for pos, i in enumerate(block):
        prev = block[pos - 1] if pos else None
        nxt = block[pos + 1] if pos + 1 < len(block) else None
        continues = (
            prev is not None
            and prev in wrapped
            and not _ends_sentence(texts[prev])
            # a short unpunctuated line between wrapped lines is a run-in heading
            and not (i in rows and nxt in wrapped and texts[nxt][:1].isupper())
        )
        if i in wrapped or continues:
            continue
        if i in rows or (widest > hi and _caption_like(texts[i], rules)):
            out.append(i)  # lines longer than any wrap width are paragraphs of their own
    return out


def _caption_like(s: str, rules: IngestRules) -> bool:
    """A one-line paragraph that is a heading or caption: short and unpunctuated."""
    return not _has_letters(s) or (not _ends_sentence(s) and _words(s) < rules.standalone_max_words)


def find_furniture(text: str, rules: IngestRules | None = None) -> tuple[tuple[int, int], ...]:
    """Sorted, merged ``(start, end)`` spans of page furniture in ``text``.

    Citation markers anywhere; whole lines matching the boilerplate, caption and
    image-file patterns; reference sections; and, by layout, headings, captions
    and infobox rows (short unpunctuated lines). Lines of a hard-wrapped
    paragraph are never furniture by layout. When that would leave no prose at
    all (a one-paragraph report that lost its full stop), only lines shorter
    than ``heading_max_words`` count as headings.
    """
    rules = rules or _default_rules()
    spans = _furniture(text, rules)
    if _words(_blank_spans(text, spans)) < rules.heading_max_words <= _words(text):
        spans = _furniture(text, replace(rules, standalone_max_words=rules.heading_max_words))
    if not _has_letters(_blank_spans(text, spans)):
        # a report that is only a headline-like line ("Gunmen kill two traders"): that
        # line is its text, not furniture (citation markers still are)
        spans = _merge([m.span() for p in rules.citation_markers for m in p.finditer(text)])
    return spans


def _furniture(text: str, rules: IngestRules) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    for pattern in rules.citation_markers:
        spans.extend(m.span() for m in pattern.finditer(text))
    lines = _lines(text)
    in_refs = [False] * len(lines)
    for start, end in _reference_regions(lines, rules):
        for k in range(start, end):
            in_refs[k] = True
        last = max((k for k in range(start, end) if not lines[k].blank), default=start)
        spans.append((lines[start].start, lines[last].end))

    def line_span(line: _Line) -> tuple[int, int]:
        lead = len(line.raw) - len(line.raw.lstrip())
        return (line.start + lead, line.start + len(line.raw.rstrip()))

    for block in _blocks(lines):
        block = [i for i in block if not in_refs[i]]
        if not block:
            continue
        for i in block:
            s = _strip_markers(lines[i].raw, rules)
            if _words(s) <= rules.max_line_words and (
                rules.line_patterns.fullmatch(s) or rules.image_files.search(s)
            ):
                spans.append(line_span(lines[i]))
        for i in _structural(lines, block, rules):
            spans.append(line_span(lines[i]))
    return _merge(spans)


def _blank_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of the sorted, merged ``spans``."""
    k = bisect.bisect_right(spans, (start, math.inf)) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


def headings(doc: Document, rules: IngestRules | None = None) -> list[tuple[int, int, str]]:
    """Section titles: ``(start, end, title)`` for short title-like lines of ``doc.text``.

    A heading is a line that layout rules made furniture (or a Markdown "#"
    line): at most 12 words, starting with a capital or digit, without terminal
    punctuation, not boilerplate, a caption, an image name, a byline or a dated
    line, not inside a reference list, and either opening its paragraph block
    or directly followed by body text (so infobox rows are left out). Later
    stages use these as section context although they are furniture.
    """
    rules = rules or _default_rules()
    lines = _lines(doc.text)
    in_refs = [False] * len(lines)
    for start, end in _reference_regions(lines, rules):
        for k in range(start + 1, end):
            in_refs[k] = True
    out = []
    for block in _blocks(lines):
        for pos, i in enumerate(block):
            raw = lines[i].raw
            markdown = raw.lstrip().startswith("#")
            title = _strip_markers(raw.strip().lstrip("#"), rules)
            if not title or in_refs[i] or title not in raw:
                continue
            start = doc.text.index(title, lines[i].start)
            nxt = _strip_markers(lines[block[pos + 1]].raw, rules) if pos + 1 < len(block) else ""
            if (
                not (markdown or _covered(doc.furniture, start, start + len(title)))
                or not (pos == 0 or markdown or (nxt and not _short_row(nxt, rules)))
                or not (title[0].isupper() or title[0].isdigit())
                or _words(title) > 12
                or (_ends_sentence(title) and not markdown)
                or rules.line_patterns.fullmatch(title)
                or rules.image_files.search(title)
                or rules.byline_published.match(title)
                or find_dates(title)
            ):
                continue
            out.append((start, start + len(title), title))
    return out
