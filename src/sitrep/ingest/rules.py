"""Ingest rules: the compiled pattern lists that drive furniture and metadata detection.

The patterns live in ``data/lexicon/furniture.yaml`` and ``data/ingest/*.yaml``; pass
your own files to :func:`load_rules` to extend them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml


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


_FURNITURE_KEYS = ("citation_markers", "line_patterns", "reference_headings",
                   "reference_entries", "structure")
_FURNITURE_OPTIONAL = ("max_line_words", "image_files", "reference_min_share")
_METADATA_KEYS = ("publishers", "byline_cues", "kinds")
_METADATA_OPTIONAL = ("publisher_aliases", "publisher_scan_top", "publisher_scan_bottom",
                      "byline_scan_lines", "ignored_pdf_titles", "keep_hyphen_prefixes")
_LANGUAGE_KEYS = ("english", "others")
_LANGUAGE_OPTIONAL = ("min_tokens", "ratio", "min_other_share", "min_english_share",
                      "unknown_min_tokens", "max_foreign_script_share")


def load_rules(
    furniture_path: Path | None = None,
    metadata_path: Path | None = None,
    languages_path: Path | None = None,
) -> IngestRules:
    """Load and compile the ingest pattern files (packaged ones unless paths are given)."""
    fw = str(furniture_path or DATA_DIR / "lexicon" / "furniture.yaml")
    mw = str(metadata_path or DATA_DIR / "ingest" / "metadata.yaml")
    lw = str(languages_path or DATA_DIR / "ingest" / "languages.yaml")
    fur = read_yaml(fw, what="furniture rules", required=_FURNITURE_KEYS,
                    allowed=_FURNITURE_OPTIONAL)
    meta = read_yaml(mw, what="metadata rules", required=_METADATA_KEYS,
                     allowed=_METADATA_OPTIONAL)
    lang = read_yaml(lw, what="language rules", required=_LANGUAGE_KEYS,
                     allowed=_LANGUAGE_OPTIONAL)
    return IngestRules(**_furniture_fields(fur, fw), **_metadata_fields(meta, mw),
                       **_language_fields(lang, lw))


def _furniture_fields(fur: dict[str, Any], fw: str) -> dict[str, Any]:
    """IngestRules fields from furniture.yaml: line patterns, references, layout."""
    line_groups = _need(fur, "line_patterns", dict, fw)
    line_list = [p for group in line_groups.values() for p in (group or [])]
    structure = _need(fur, "structure", dict, fw)
    wrap = structure.get("wrap_width", [40, 120])
    return dict(
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
    )


def _publisher_rules(meta: dict[str, Any], mw: str) -> tuple[_PublisherRule, ...]:
    """Publisher patterns; each names its publisher or captures it as (?P<name>)."""
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
    return tuple(publishers)


def _kinds(meta: dict[str, Any], mw: str) -> tuple[Any, ...]:
    """Document kinds in file order: (kind, strong patterns, weak patterns, min weak hits)."""
    kinds = []
    for kind, spec in _need(meta, "kinds", dict, mw).items():
        if not isinstance(spec, dict):
            raise DataFileError(mw, f"kind '{kind}' must be a mapping")
        strong = tuple(_compile(p, mw) for p in spec.get("strong") or [])
        weak = tuple(_compile(p, mw) for p in spec.get("weak") or [])
        kinds.append((str(kind), strong, weak, int(spec.get("min_weak", 2))))
    return tuple(kinds)


def _metadata_fields(meta: dict[str, Any], mw: str) -> dict[str, Any]:
    """IngestRules fields from metadata.yaml: publishers, bylines, kinds, PDF titles."""
    publishers = _publisher_rules(meta, mw)
    cues = _need(meta, "byline_cues", dict, mw)
    kinds = _kinds(meta, mw)
    report_spec = meta["kinds"].get("report") or {}
    return dict(
        publishers=publishers,
        publisher_aliases=tuple(
            (str(k), str(v)) for k, v in (meta.get("publisher_aliases") or {}).items()
        ),
        publisher_scan_top=int(meta.get("publisher_scan_top", 40)),
        publisher_scan_bottom=int(meta.get("publisher_scan_bottom", 20)),
        byline_scan_lines=int(meta.get("byline_scan_lines", 30)),
        byline_published=_alternation(cues.get("published") or [], mw, re.IGNORECASE),
        byline_updated=_alternation(cues.get("updated") or [], mw, re.IGNORECASE),
        kinds=kinds,
        report_pdf_min_pages=int(report_spec.get("pdf_min_pages", 8)),
        ignored_pdf_titles=tuple(_compile(p, mw) for p in meta.get("ignored_pdf_titles") or []),
        keep_hyphen_prefixes=frozenset(
            str(p).lower() for p in meta.get("keep_hyphen_prefixes") or []
        ),
    )


def _language_fields(lang: dict[str, Any], lw: str) -> dict[str, Any]:
    """IngestRules fields from languages.yaml: word lists and thresholds of the English check."""
    others = tuple(
        (str(name), frozenset(str(w).lower() for w in words))
        for name, words in _need(lang, "others", dict, lw).items()
    )
    return dict(
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
