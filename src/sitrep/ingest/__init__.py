"""Ingest stage: input files -> :class:`sitrep.records.Document`.

Reads .txt/.md, .html and .pdf files, decides what ``text`` is (the string
every later character offset refers to), marks page furniture (adverts,
banners, captions, infobox debris, citation markers, reference lists) as spans
to ignore, and fills metadata: title, publisher, publication date (with where
it came from) and document kind. Every bad input becomes one
:class:`sitrep.errors.InputError` with a one-line reason.

Pattern lists live in ``data/lexicon/furniture.yaml`` and ``data/ingest/*.yaml``;
pass your own files to :func:`load_rules` to extend them.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import DataFileError, InputError, SitrepError, UsageError
from sitrep.records import Document, FailedDocument

__all__ = [
    "IngestRules",
    "doc_id_for",
    "find_dates",
    "find_furniture",
    "headings",
    "iter_documents",
    "iter_paths",
    "load_rules",
    "read_document",
]

DEFAULT_MAX_BYTES = 20_000_000

_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_UNSUPPORTED_HINT = "sitrep reads .txt, .md, .html, .pdf"
_CORPUS_METADATA = re.compile(r"(?:readme|sources|licen[cs]e|changelog|copying)(?:[-_.].*)?", re.I)

_TERMINAL = frozenset(".!?:;…")
_CLOSERS = "\"'”’»)]*_ \t"
_LIST_ITEM = re.compile(r"\s*(?:[•·▪◦*–-]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))\s")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _PublisherRule:
    pattern: re.Pattern[str]
    publisher: str | None


@dataclass(frozen=True)
class IngestRules:
    """Compiled, read-only pattern lists driving furniture and metadata detection."""

    citation_markers: tuple[re.Pattern[str], ...]
    line_patterns: re.Pattern[str]
    max_line_words: int
    image_files: re.Pattern[str]
    reference_headings: frozenset[str]
    reference_entries: re.Pattern[str]
    reference_min_share: float
    standalone_max_words: int
    block_line_max_words: int
    infobox_min_lines: int
    infobox_short_share: float
    wrap_width: tuple[int, int]
    wrap_min_share: float
    publishers: tuple[_PublisherRule, ...]
    publisher_aliases: tuple[tuple[str, str], ...]
    publisher_scan_top: int
    publisher_scan_bottom: int
    byline_scan_lines: int
    byline_published: re.Pattern[str]
    byline_updated: re.Pattern[str]
    kinds: tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], int], ...]
    report_pdf_min_pages: int
    ignored_pdf_titles: tuple[re.Pattern[str], ...]
    keep_hyphen_prefixes: frozenset[str]
    english_words: frozenset[str]
    other_languages: tuple[tuple[str, frozenset[str]], ...]
    lang_min_tokens: int
    lang_ratio: float
    lang_min_other_share: float
    lang_min_english_share: float
    lang_unknown_min_tokens: int
    lang_max_foreign_script_share: float
    heading_max_words: int = 8


def _read_yaml(path: Path | Any) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(str(path), f"cannot read YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping at the top level")
    return data


def _need(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise DataFileError(where, f"'{key}' must be a {kind.__name__}")
    return value


def _compile(pattern: Any, where: str, flags: int = 0) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise DataFileError(where, f"pattern {pattern!r} is not a string")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataFileError(where, f"bad regex {pattern!r}: {exc}") from exc


def _alternation(patterns: Iterable[Any], where: str, flags: int = 0) -> re.Pattern[str]:
    parts = []
    for p in patterns:
        _compile(p, where, flags)  # report the culprit, not the combined regex
        parts.append(f"(?:{p})")
    return _compile("|".join(parts) or r"(?!x)x", where, flags)


def _package_file(relative: str) -> Any:
    return resources.files("sitrep").joinpath("data", *relative.split("/"))


def load_rules(
    furniture_path: Path | None = None,
    metadata_path: Path | None = None,
    languages_path: Path | None = None,
) -> IngestRules:
    """Load and compile the ingest pattern files (packaged ones unless paths are given)."""
    f_src = furniture_path or _package_file("lexicon/furniture.yaml")
    m_src = metadata_path or _package_file("ingest/metadata.yaml")
    l_src = languages_path or _package_file("ingest/languages.yaml")
    fw, mw, lw = str(f_src), str(m_src), str(l_src)
    fur, meta, lang = _read_yaml(f_src), _read_yaml(m_src), _read_yaml(l_src)

    line_groups = _need(fur, "line_patterns", dict, fw)
    line_list = [p for group in line_groups.values() for p in (group or [])]
    structure = _need(fur, "structure", dict, fw)
    wrap = structure.get("wrap_width", [40, 120])

    publishers = []
    for item in _need(meta, "publishers", list, mw):
        if not isinstance(item, dict) or "pattern" not in item:
            raise DataFileError(mw, f"publisher rule {item!r} needs a 'pattern'")
        rule = _PublisherRule(_compile(item["pattern"], mw), item.get("publisher"))
        if rule.publisher is None and "name" not in rule.pattern.groupindex:
            raise DataFileError(
                mw, f"publisher rule {item['pattern']!r} needs 'publisher' or (?P<name>)"
            )
        publishers.append(rule)
    cues = _need(meta, "byline_cues", dict, mw)

    kinds = []
    for kind, spec in _need(meta, "kinds", dict, mw).items():
        if not isinstance(spec, dict):
            raise DataFileError(mw, f"kind '{kind}' must be a mapping")
        strong = tuple(_compile(p, mw) for p in spec.get("strong") or [])
        weak = tuple(_compile(p, mw) for p in spec.get("weak") or [])
        kinds.append((str(kind), strong, weak, int(spec.get("min_weak", 2))))
    report_spec = meta["kinds"].get("report") or {}

    others = tuple(
        (str(name), frozenset(str(w).lower() for w in words))
        for name, words in _need(lang, "others", dict, lw).items()
    )
    return IngestRules(
        citation_markers=tuple(_compile(p, fw) for p in _need(fur, "citation_markers", list, fw)),
        line_patterns=_alternation(line_list, fw, re.IGNORECASE),
        max_line_words=int(fur.get("max_line_words", 25)),
        image_files=_alternation(fur.get("image_files") or [], fw, re.IGNORECASE),
        reference_headings=frozenset(
            str(h).lower() for h in _need(fur, "reference_headings", list, fw)
        ),
        reference_entries=_alternation(_need(fur, "reference_entries", list, fw), fw, re.I),
        reference_min_share=float(fur.get("reference_min_share", 0.5)),
        standalone_max_words=int(structure.get("standalone_max_words", 30)),
        heading_max_words=int(structure.get("heading_max_words", 8)),
        block_line_max_words=int(structure.get("block_line_max_words", 8)),
        infobox_min_lines=int(structure.get("infobox_min_lines", 3)),
        infobox_short_share=float(structure.get("infobox_short_share", 0.5)),
        wrap_width=(int(wrap[0]), int(wrap[1])),
        wrap_min_share=float(structure.get("wrap_min_share", 0.6)),
        publishers=tuple(publishers),
        publisher_aliases=tuple(
            (str(k), str(v)) for k, v in (meta.get("publisher_aliases") or {}).items()
        ),
        publisher_scan_top=int(meta.get("publisher_scan_top", 40)),
        publisher_scan_bottom=int(meta.get("publisher_scan_bottom", 20)),
        byline_scan_lines=int(meta.get("byline_scan_lines", 30)),
        byline_published=_alternation(cues.get("published") or [], mw, re.IGNORECASE),
        byline_updated=_alternation(cues.get("updated") or [], mw, re.IGNORECASE),
        kinds=tuple(kinds),
        report_pdf_min_pages=int(report_spec.get("pdf_min_pages", 8)),
        ignored_pdf_titles=tuple(_compile(p, mw) for p in meta.get("ignored_pdf_titles") or []),
        keep_hyphen_prefixes=frozenset(
            str(p).lower() for p in meta.get("keep_hyphen_prefixes") or []
        ),
        english_words=frozenset(str(w).lower() for w in _need(lang, "english", list, lw)),
        other_languages=others,
        lang_min_tokens=int(lang.get("min_tokens", 20)),
        lang_ratio=float(lang.get("ratio", 2.0)),
        lang_min_other_share=float(lang.get("min_other_share", 0.1)),
        lang_min_english_share=float(lang.get("min_english_share", 0.02)),
        lang_unknown_min_tokens=int(lang.get("unknown_min_tokens", 100)),
        lang_max_foreign_script_share=float(lang.get("max_foreign_script_share", 0.5)),
    )


@lru_cache(maxsize=1)
def _default_rules() -> IngestRules:
    return load_rules()


# --------------------------------------------------------------------------- paths


def _is_corpus_metadata(name: str) -> bool:
    return _CORPUS_METADATA.fullmatch(name) is not None


def _walk(folder: Path) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # no symlinked folders: avoids cycles
                yield from _walk(entry)
        elif entry.is_file() and not _is_corpus_metadata(entry.name):
            yield entry


def iter_paths(inputs: Sequence[str | Path]) -> Iterator[Path]:
    """Yield the files to ingest, in a deterministic order.

    Files named explicitly are always yielded. Folders are walked recursively
    in sorted name order, skipping hidden files and folders (names starting
    with "."), symlinked folders, and corpus metadata files: README, SOURCES,
    LICENSE/LICENCE, CHANGELOG and COPYING, in any case, with any extension or
    "-"/"_" suffix (e.g. ``readme.md``, ``SOURCES.md``, ``LICENSE-MIT``).
    A path reached twice is yielded once. A missing path raises UsageError.
    """
    paths = [Path(raw) for raw in inputs]
    for path in paths:  # fail before yielding anything
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    seen: set[Path] = set()
    for path in paths:
        found = _walk(path) if path.is_dir() else iter([path])
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


# --------------------------------------------------------------------------- decoding


def _human_size(n: int) -> str:
    if n >= 1_000_000:
        value, unit = n / 1_000_000, "MB"
    elif n >= 1_000:
        value, unit = n / 1_000, "kB"
    else:
        return f"{n} bytes"
    text = f"{value:.1f}"
    return f"{text.removesuffix('.0')} {unit}"


_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _looks_cp1252(data: bytes) -> bool:
    """True for mostly-ASCII bytes whose few high bytes stand alone (Windows-1252 prose)."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high or len(high) > 0.05 * len(data):
        return False
    if any(data[i] in _CP1252_UNDEFINED for i in high):
        return False
    if any(b < 0x20 and b not in (9, 10, 12, 13) for b in data):
        return False
    isolated = sum(
        1
        for i in high
        if (i == 0 or data[i - 1] < 0x80) and (i + 1 == len(data) or data[i + 1] < 0x80)
    )
    return isolated >= 0.9 * len(high)


def _looks_utf16_without_bom(sample: bytes) -> bool:
    if len(sample) < 8:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return evens.count(0) > 0.4 * len(evens) or odds.count(0) > 0.4 * len(odds)


def _decode(path: Path, data: bytes) -> str:
    """Bytes -> str: UTF-8 (BOM optional), UTF-16/32 with BOM, or clear Windows-1252."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    str(path), f"cannot decode text: invalid {codec.upper()} ({exc.reason})"
                ) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        if _looks_utf16_without_bom(sample):
            raise InputError(
                str(path), "looks like UTF-16 text without a byte-order mark; re-save it as UTF-8"
            )
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_cp1252(data):
            return data.decode("cp1252")
        raise InputError(
            str(path),
            f"cannot decode text: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " re-save the file as UTF-8",
        ) from exc


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _check_text_chars(path: Path, text: str) -> None:
    controls = _CONTROL.subn("", text)[1]
    if controls > max(2, 0.01 * len(text)):
        raise InputError(str(path), "binary file (control characters), not text")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- lines & helpers


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first character of the line
    end: int  # offset of the newline (or end of text)
    raw: str

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def _blocks(lines: list[_Line]) -> list[list[int]]:
    """Runs of consecutive non-blank line indices (paragraph blocks)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if line.blank:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(i)
    if current:
        blocks.append(current)
    return blocks


def _strip_markers(s: str, rules: IngestRules) -> str:
    for pattern in rules.citation_markers:
        s = pattern.sub("", s)
    return s.strip().strip("•·▪◦*").strip()


def _ends_sentence(s: str) -> bool:
    s = s.rstrip(_CLOSERS)
    return bool(s) and s[-1] in _TERMINAL


def _words(s: str) -> int:
    return len(s.split())


def _has_letters(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


def _heading_key(s: str) -> str:
    s = s.strip().lstrip("#").strip()
    s = re.sub(r"\s*\[(?:edit|edit source)?\]\s*$", "", s, flags=re.I)
    return re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", s).rstrip(":").strip().lower()


# --------------------------------------------------------------------------- furniture


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


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# Find four-digit years, then look just before/after them (faster than one big regex).
_YEAR = re.compile(r"\d{4}")
_BEFORE_YEAR = re.compile(
    rf"(?:(?<![\w-])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH_RE})\.?,?"
    rf"|(?<![\w-])(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+\Z",
    re.IGNORECASE,
)
_ISO_AT = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])")
_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_DATE_RESIDUE = re.compile(
    rf"\b{_WEEKDAYS}\b|\b\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:utc|gmt|est|edt|cst|cdt|pst|pdt|cet|cest|eet|eest|bst|ist|msk|ast|pkt|aft)\b"
    r"|\b(?:[ap]\.?m\.?|at|on)\b|[^\w]",
    re.IGNORECASE,
)


def find_dates(text: str, today: date | None = None) -> list[tuple[int, int, date]]:
    """Explicit full dates in ``text`` as ``(start, end, date)``; implausible ones dropped.

    Forms: "23 August 2021", "August 23, 2021", "23 Aug. 2021", "2021-08-23".
    Years before 1900 or dates after ``today`` are ignored.
    """
    today = today or date.today()
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
            before = _BEFORE_YEAR.search(text, max(0, start - 40), start)
            if not before:
                continue
            month, day = (
                (before["m1"], before["d1"]) if before["m1"] else (before["m2"], before["d2"])
            )
            span, parts = (before.start(), end), (year, _MONTHS[month.lower()], int(day))
        try:
            found = date(*parts)
        except ValueError:
            continue
        if 1900 <= found.year and found <= today:
            out.append((span[0], span[1], found))
    return out


_DATELINE = re.compile(
    r"[A-Z][A-Za-z.'’ -]{2,40}(?:,\s*[A-Z][\w.'’ -]{2,30}?)?(?:,\s*|\s+[—–-]\s+)"
    r"(?=\d|[A-Z][a-z]+\.? \d)"
)
_HEADER_MONTH = re.compile(rf"(?<![\w-])(?P<m>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d\d)(?![\w-])",
                           re.IGNORECASE)


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
        if not dates:
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


def _header_month(lines: list[_Line], rules: IngestRules, today: date) -> date | None:
    """ "Policy Brief No. 14 | October 2021": a report dated only to the month in its
    header is dated to the month's last day (events it reports happened by then)."""
    for line in [x for x in lines if x.raw.strip()][:4]:
        s = line.raw.strip()
        m = _HEADER_MONTH.search(s)
        if m is None or _words(s) > 14 or find_dates(s, today):
            continue
        year, month = int(m["y"]), _MONTHS[m["m"].lower()]
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


# --------------------------------------------------------------------------- metadata


def _publisher(lines: list[_Line], rules: IngestRules) -> str | None:
    content = [line.raw.strip() for line in lines if not line.blank]
    top = content[: rules.publisher_scan_top]
    bottom = content[max(len(top), len(content) - rules.publisher_scan_bottom) :]
    aliases = dict(rules.publisher_aliases)
    for rule in rules.publishers:
        for s in (*top, *bottom):
            m = rule.pattern.fullmatch(s)
            if m:
                name = rule.publisher or m["name"].strip()
                return aliases.get(name, name)
    return None


def _title_from_text(lines: list[_Line], rules: IngestRules) -> str | None:
    """First headline-like line before the body: short, unpunctuated, not boilerplate."""
    seen = 0
    for line in lines:
        if line.blank:
            continue
        seen += 1
        raw = line.raw.strip()
        s = _strip_markers(raw.lstrip("#"), rules)
        if seen > 15 or _is_prose(s, rules):
            return None
        if (
            not _has_letters(s)
            or _words(s) > 25
            or (_ends_sentence(s) and not s.endswith("?"))
            or rules.line_patterns.fullmatch(s)
            or rules.image_files.search(s)
            or rules.byline_published.match(s)
            or rules.byline_updated.match(s)
            or find_dates(s)
            or any(r.pattern.fullmatch(s) for r in rules.publishers)
        ):
            continue
        return s
    return None


def _kind(text: str, rules: IngestRules, pages: int) -> str:
    for kind, strong, weak, min_weak in rules.kinds:
        if kind == "report" and pages >= rules.report_pdf_min_pages:
            return kind
        if any(p.search(text) for p in strong):
            return kind
        if weak and sum(1 for p in weak if p.search(text)) >= min_weak:
            return kind
    return "news"


def doc_id_for(text: str) -> str:
    """sha256 of the text after NFC normalisation and whitespace collapsing."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- language


def _script_of(ch: str) -> str:
    if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF:
        return "Latin"
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0] if name else "unknown"
    return {
        "CJK": "Chinese",
        "HANGUL": "Korean",
        "HIRAGANA": "Japanese",
        "KATAKANA": "Japanese",
    }.get(first, first.title())


_LANGUAGE_SAMPLE = 30_000
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")


def _language_problem(text: str, rules: IngestRules) -> str | None:
    """Why ``text`` does not look English (a short phrase), or None if it may be.

    Only the first ``_LANGUAGE_SAMPLE`` characters are looked at: enough to tell.
    """
    text = text[:_LANGUAGE_SAMPLE]
    n_letters = _LETTER.subn("", text)[1]
    if not n_letters:
        return "no words in text"
    foreign = _NON_LATIN_LETTER.findall(text)
    if len(foreign) > rules.lang_max_foreign_script_share * n_letters:
        script = Counter(_script_of(ch) for ch in foreign).most_common(1)[0][0]
        return f"mostly {script} script"
    tokens = Counter(t.lower() for t in _WORD.findall(text))
    total = sum(tokens.values())
    if total < rules.lang_min_tokens:
        return None

    def share(words: frozenset[str]) -> float:
        return sum(c for t, c in tokens.items() if t in words) / total

    english = share(rules.english_words)
    name, other = max(
        ((n, share(words)) for n, words in rules.other_languages),
        key=lambda item: item[1],
        default=("", 0.0),
    )
    if other >= rules.lang_min_other_share and other >= rules.lang_ratio * english:
        return f"looks like {name}"
    if total >= rules.lang_unknown_min_tokens and english < rules.lang_min_english_share:
        return "few English words"
    return None


# --------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class _Extracted:
    text: str
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    pages: int = 0


def _extract_html(path: Path, data: bytes) -> _Extracted:
    import trafilatura

    source: bytes | str = data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        source = _decode(path, data)
    elif b"\x00" in data[:8192]:
        _decode(path, data)  # raises with the right reason
    today = date.today()
    try:
        result = trafilatura.bare_extraction(
            source,
            output_format="python",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": today.isoformat(),
            },
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(str(path), f"cannot parse HTML ({type(exc).__name__})") from exc
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    paragraphs = [p.strip() for p in _normalise_newlines(body).split("\n") if p.strip()]
    # trafilatura falls back to menu and link text when a page has no article
    if not any(_words(p) >= 8 for p in paragraphs):
        raise InputError(str(path), "HTML page has no main text to extract")
    return _Extracted(
        text="\n\n".join(paragraphs),
        title=(result.title or "").strip() or None,
        publisher=(result.sitename or "").strip() or None,
        published=_parse_iso_date(result.date, today),
    )


_PAGE_NUMBER = re.compile(
    r"(?:page\s*)?#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]|[ivxlc]{1,6}", re.IGNORECASE
)


def _edge_key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line.strip().lower()).split())


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove running headers/footers and page numbers from the top/bottom lines of pages."""

    def edges(lines: list[str]) -> list[int]:
        idx = [i for i, s in enumerate(lines) if s.strip()]
        return sorted(set(idx[:2] + idx[-2:]))

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_edge_key(lines[i]) for i in edges(lines)})
    need = max(2, math.ceil(0.5 * len(pages)))
    repeated = (
        {k for k, c in counts.items() if c >= need and _words(k) <= 15}
        if len(pages) >= 2
        else set()
    )
    out = []
    for lines in pages:
        drop = {
            i
            for i in edges(lines)
            if _edge_key(lines[i]) in repeated or _PAGE_NUMBER.fullmatch(_edge_key(lines[i]))
        }
        out.append([s for i, s in enumerate(lines) if i not in drop])
    return out


def _reflow(pages: list[list[str]], rules: IngestRules) -> str:
    """Join hard-wrapped PDF lines into paragraphs; de-hyphenate words split at line ends."""
    lines = []
    for page in pages:
        content = [s.rstrip() for s in page]
        while content and not content[-1]:
            content.pop()
        # a page boundary is not a paragraph break: the flow rules decide
        lines.extend(s for k, s in enumerate(content) if s or any(content[:k]))
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) >= 20)
    width = lengths[int(0.8 * (len(lengths) - 1))] if lengths else 60
    paragraphs: list[str] = []
    current = ""
    prev = ""
    for raw in [*lines, ""]:
        s = " ".join(raw.split())
        if not s:
            if current:
                paragraphs.append(current)
            current, prev = "", ""
            continue
        if not current:
            current, prev = s, s
            continue
        prev_short = len(prev) < 0.75 * width
        heading_here = len(s) < 0.6 * width and not _ends_sentence(s) and _ends_sentence(prev)
        hyphen = re.search(r"([^\W\d_]+)[-\u00ad]$", current)
        if hyphen and s[0].isalpha():
            prefix = hyphen.group(1).lower()
            if s[0].islower() and prefix not in rules.keep_hyphen_prefixes:
                current = current[:-1] + s
            else:
                current = current[:-1] + "-" + s
        elif (
            (prev_short and (_ends_sentence(prev) or len(prev) < 0.5 * width))
            or heading_here
            or _LIST_ITEM.match(s)
        ):
            paragraphs.append(current)
            current = s
        else:
            current = current + " " + s
        prev = s
    return "\n\n".join(paragraphs)


def _extract_pdf(path: Path, data: bytes, rules: IngestRules) -> _Extracted:
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise InputError(str(path), "not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise InputError(str(path), "PDF is truncated or corrupt (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(str(path), "PDF is encrypted with a password")
        raw_pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        meta_title = info.title if info else None
        try:
            created = info.creation_date if info else None
        except Exception:  # malformed /CreationDate strings
            created = None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(str(path), f"PDF is truncated or corrupt ({type(exc).__name__})") from exc
    if not raw_pages:
        raise InputError(str(path), "PDF has no pages")
    if sum(len(p.strip()) for p in raw_pages) < 20 * len(raw_pages):
        raise InputError(str(path), "PDF has no extractable text (scanned images?); OCR it first")
    pages = _drop_running_lines([_normalise_newlines(p).split("\n") for p in raw_pages])
    title = str(meta_title).strip() if meta_title else None
    if title and any(p.fullmatch(title) for p in rules.ignored_pdf_titles):
        title = None
    return _Extracted(
        text=_reflow(pages, rules),
        title=title,
        published=_parse_iso_date(created, date.today()),
        pages=len(raw_pages),
    )


# --------------------------------------------------------------------------- documents


def _build(path: Path, extracted: _Extracted, rules: IngestRules) -> Document:
    text = extracted.text
    if not text.strip():
        raise InputError(str(path), "file has no text (only whitespace)")
    furniture = find_furniture(text, rules)
    analysed = _blank_spans(text, furniture)
    problem = _language_problem(analysed if _has_letters(analysed) else text, rules)
    if problem:
        raise InputError(
            str(path), f"text is not in English ({problem}); sitrep reads English only"
        )
    lines = _lines(text)
    today = date.today()
    kind = _kind(text, rules, extracted.pages)
    published, source = extracted.published, "metadata"
    if kind != "encyclopedia":  # wiki pages carry no byline
        byline, byline_spans = _bylines(lines, rules, today)
        if byline_spans:
            furniture = _merge([*furniture, *byline_spans])
        if published is None:
            published, source = byline, "byline"
    if published is None:
        dates = find_dates(text, today)
        published = max((d for _, _, d in dates), default=None)
        source = "latest-date-in-text"
    if published is None:
        source = "none"
    return Document(
        doc_id=doc_id_for(text),
        doc_file=path.name,
        path=str(path),
        text=text,
        title=extracted.title or _title_from_text(lines, rules),
        publisher=extracted.publisher or _publisher(lines, rules),
        published=published,
        date_source=source,
        kind=kind,
        furniture=furniture,
    )


def read_document(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, rules: IngestRules | None = None
) -> Document:
    """Read one file into a Document, or raise InputError with a one-line reason.

    ``text`` is the decoded file with newlines normalised ("\\r\\n" and "\\r"
    become "\\n") for .txt/.md, trafilatura's main text (one paragraph per
    blank-line-separated block) for HTML, and the reflowed page text for PDF.
    """
    path = Path(path)
    rules = rules or _default_rules()
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        shown = suffix or "(no extension)"
        raise InputError(str(path), f"unsupported file type {shown} ({_UNSUPPORTED_HINT})")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit"
                " (--max-bytes)",
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # grew since stat
        raise InputError(
            str(path), f"file is over the {_human_size(max_bytes)} limit (--max-bytes)"
        )
    if not data.strip():
        raise InputError(str(path), "file is empty")
    if fmt == "html":
        extracted = _extract_html(path, data)
    elif fmt == "pdf":
        extracted = _extract_pdf(path, data, rules)
    else:
        text = _decode(path, data)
        _check_text_chars(path, text)
        extracted = _Extracted(text=_normalise_newlines(text).removeprefix("\ufeff"))
    return _build(path, extracted, rules)


def iter_documents(
    inputs: Sequence[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules: IngestRules | None = None,
) -> Iterator[Document | FailedDocument]:
    """Read every file under ``inputs`` (see :func:`iter_paths`), one at a time.

    Never raises for a bad file: it is yielded as a FailedDocument with the
    reason. A file whose normalised text equals an earlier one (same doc_id) is
    yielded as a FailedDocument "duplicate of <first path>", so each doc_id
    appears once. Only doc_ids are remembered, so memory stays bounded. An
    unexpected parser error also becomes a FailedDocument; a malformed rules
    file (DataFileError) or a missing input path (UsageError) is raised.
    """
    rules = rules or _default_rules()
    first_path: dict[str, str] = {}
    for path in iter_paths(inputs):
        try:
            doc = read_document(path, max_bytes=max_bytes, rules=rules)
        except InputError as exc:
            yield FailedDocument(path=str(path), doc_file=path.name, reason=exc.reason)
            continue
        except SitrepError:
            raise  # bad data file or usage: not this input's fault
        except Exception as exc:  # a parser bug must not end the batch
            reason = f"unexpected error while reading ({type(exc).__name__}: {exc})"
            yield FailedDocument(path=str(path), doc_file=path.name, reason=reason.split("\n")[0])
            continue
        if doc.doc_id in first_path:
            yield FailedDocument(
                path=str(path), doc_file=path.name, reason=f"duplicate of {first_path[doc.doc_id]}"
            )
            continue
        first_path[doc.doc_id] = doc.path
        yield doc
