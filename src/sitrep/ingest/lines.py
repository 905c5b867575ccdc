"""Lines, paragraph blocks and the small text tests every ingest step shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.ingest.rules import IngestRules

_TERMINAL = frozenset(".!?:;…")
_CLOSERS = "\"'”’»)]*_ \t"
_LIST_ITEM = re.compile(r"\s*(?:[•·▪◦*–-]|\d{1,3}[.)]|\([a-z0-9]{1,3}\))\s")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


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
