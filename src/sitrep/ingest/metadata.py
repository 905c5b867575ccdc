"""Document metadata read from the text: publisher, title, kind, doc_id, language check."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter

from sitrep.ingest.dates import find_dates
from sitrep.ingest.furniture import _is_prose
from sitrep.ingest.lines import _WORD, _ends_sentence, _has_letters, _Line, _strip_markers, _words
from sitrep.ingest.rules import IngestRules


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
