"""Shared arithmetic and matching rules of the real-corpus scorers, and their result type."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

ACTOR_OVERLAP = 0.8  # token-set overlap that makes two normalised actor names match
# A parenthesised date qualifier anywhere: "(2014-)", "(1990-2001)", "(2004 - 2021)".
_DATE_QUALIFIER = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
# A trailing parenthesised qualifier without digits: "(Kenya)", "(Afghanistan)".
_TRAILING_QUALIFIER = re.compile(r"\s*\([^()\d]*\)\s*$")
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one class."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, system: bool) -> None:
        """Count one binary decision."""
        self.tp += gold and system
        self.fp += system and not gold
        self.fn += gold and not system

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def ratio(part: float, whole: float) -> float:
    """``part / whole``, 0.0 for an empty whole."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def label_f1(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """(support-weighted F1, macro F1) over the labels that occur in ``gold``.

    A prediction outside the gold labels (e.g. "none") only lowers recall.
    """
    per: dict[str, Counts] = {label: Counts() for label in gold}
    for g, p in zip(gold, predicted, strict=True):
        per[g].tp += g == p
        per[g].fn += g != p
        if g != p and p in per:
            per[p].fp += 1
    if not per:
        return 0.0, 0.0
    support = Counter(gold)
    weighted = sum(per[label].f1 * n for label, n in support.items()) / len(gold)
    macro = sum(c.f1 for c in per.values()) / len(per)
    return weighted, macro


def fold(text: str) -> str:
    """Lower case without accents and with single spaces (for place names)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def normalise_actor(name: str) -> str:
    """Lower case, accents off, date qualifiers and trailing country qualifiers removed."""
    name = _DATE_QUALIFIER.sub(" ", name)
    while True:
        stripped = _TRAILING_QUALIFIER.sub("", name)
        if stripped == name:
            break
        name = stripped
    return fold(name)


def actors_match(gold: str, system: str) -> bool:
    """Equal after normalisation, or token-set overlap >= 0.8 (shared / larger set)."""
    g, s = normalise_actor(gold), normalise_actor(system)
    if g == s:
        return True
    gt, st = set(_TOKEN.findall(g)), set(_TOKEN.findall(s))
    if not gt or not st:
        return False
    return len(gt & st) / max(len(gt), len(st)) >= ACTOR_OVERLAP


@dataclass(slots=True)
class EvalResult:
    """Figures of one scorer run on one split, ready to print or dump as JSON."""

    dataset: str
    split: str
    figures: dict[str, float]
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, int]] = field(default_factory=list)  # top error classes
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (figures rounded to 4 places)."""
        return {
            "dataset": self.dataset,
            "split": self.split,
            "figures": {k: round(v, 4) for k, v in self.figures.items()},
            "counts": self.counts,
            "errors": [{"class": k, "count": n} for k, n in self.errors],
            "notes": self.notes,
            "seconds": round(self.seconds, 1),
        }

    def to_json(self) -> str:
        """Indented JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    def format(self) -> str:
        """A short human-readable report."""
        lines = [f"{self.dataset} {self.split}  ({self.seconds:.0f} s)"]
        lines += [f"  {k:<34} {v:6.3f}" for k, v in self.figures.items()]
        lines += [f"  {k:<34} {v:6d}" for k, v in self.counts.items()]
        if self.errors:
            lines.append("  top error classes:")
            lines += [f"    {n:5d}  {k}" for k, n in self.errors]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def top(counter: Counter[str] | Iterable[tuple[str, int]], n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` largest classes, ties broken by name (deterministic)."""
    items = counter.items() if isinstance(counter, Counter) else counter
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:n]
