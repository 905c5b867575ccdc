"""Event extraction quality: a build's ``mentions.csv`` against hand-annotated gold rows.

A gold row is one event as one passage of one document reports it (see
``eval/events/README.md``). A system mention matches a gold row when it is in the
same document, its date falls in the gold row's precision window (1: same day,
2: within 3 days, 3: same month), its admin1 equals the gold admin1 (only when
the gold row has one) and its ``event_type`` is the same. Matching is one-to-one
and greedy: candidate pairs are taken best first (text overlap with the gold
quote, then number of agreeing fields, then date distance, then file order), so
the result is deterministic and a second mention of the same gold row is a false
positive. Field accuracy is then measured on the matched pairs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

from sitrep.errors import UsageError
from sitrep.evaluation.event_rows import (
    GOLD_COLUMNS,
    SYSTEM_COLUMNS,
    GoldRow,
    SystemRow,
    load_gold,
    load_mentions,
)

__all__ = [
    "GOLD_COLUMNS",
    "SYSTEM_COLUMNS",
    "EventScores",
    "GoldRow",
    "SystemRow",
    "evaluate",
    "load_gold",
    "load_mentions",
    "run",
    "same_name",
    "score",
]

FIELDS = (
    "sub_event_type",
    "actor1",
    "actor2",
    "actors",
    "admin2",
    "fatalities",
    "claimant",
    "disputed",
)
WINDOW_DAYS = 3  # time_precision 2
_MIN_OVERLAP = 25  # characters of shared text that tie a mention to a gold quote
_QUALIFIER = re.compile(r"\s*\([^()\d]*\)\s*$")



@dataclass(frozen=True, slots=True)
class Pair:
    """A matched gold row and system mention, with the fields that disagree."""

    gold: GoldRow
    system: SystemRow
    wrong: tuple[str, ...]


@dataclass(frozen=True)
class EventScores:
    """Detection precision/recall/F1 and field accuracy; ``format()`` prints them."""

    gold_file: str
    pairs: tuple[Pair, ...]
    misses: tuple[GoldRow, ...]
    false_positives: tuple[SystemRow, ...]
    event_keys: int
    event_keys_found: int
    field_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    undated: tuple[SystemRow, ...] = ()  # mentions with no date: listed, not scored
    follow_ups: tuple[SystemRow, ...] = ()  # linked follow-up mentions: listed, not scored

    @property
    def tp(self) -> int:
        return len(self.pairs)

    @property
    def fp(self) -> int:
        return len(self.false_positives)

    @property
    def fn(self) -> int:
        return len(self.misses)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @cached_property
    def merge_counts(self) -> tuple[int, int, int]:
        """(tp, fp, fn) over pairs of matched mentions: same gold ``event_key`` versus
        same system event. Only pairs whose two mentions are both matched count, so
        detection errors do not leak into it; a blank key or event id is a singleton."""
        tp = fp = fn = 0
        items = [
            (p.gold.event_key or f"line{p.gold.line}", p.system.event_id or f"row{p.system.line}")
            for p in self.pairs
        ]
        for i, (gold_a, sys_a) in enumerate(items):
            for gold_b, sys_b in items[i + 1 :]:
                same_gold, same_sys = gold_a == gold_b, sys_a == sys_b
                tp += same_gold and same_sys
                fp += same_sys and not same_gold
                fn += same_gold and not same_sys
        return tp, fp, fn

    @property
    def merge_precision(self) -> float:
        """Share of system-merged pairs of matched mentions that gold also groups (1.0 when
        the system merges nothing)."""
        tp, fp, _ = self.merge_counts
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def merge_recall(self) -> float:
        """Share of gold same-event pairs of matched mentions that the system merged."""
        tp, _, fn = self.merge_counts
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def merge_f1(self) -> float:
        p, r = self.merge_precision, self.merge_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def event_recall(self) -> float:
        """Share of gold ``event_key``s with at least one matched row."""
        return self.event_keys_found / self.event_keys if self.event_keys else 0.0

    def accuracy(self, name: str) -> float | None:
        """Share of matched pairs (where the field is scored) that agree on ``name``."""
        correct, total = self.field_counts.get(name, (0, 0))
        return correct / total if total else None

    def by_type(self) -> dict[str, tuple[int, int, int]]:
        """(tp, fp, fn) per ACLED event type."""
        tp = Counter(p.gold.event_type for p in self.pairs)
        fp = Counter(s.event_type for s in self.false_positives)
        fn = Counter(g.event_type for g in self.misses)
        return {t: (tp[t], fp[t], fn[t]) for t in sorted(set(tp) | set(fp) | set(fn))}

    def _merge_line(self) -> str:
        tp, fp, fn = self.merge_counts
        counts = f"(pairs of matched mentions: tp {tp}  fp {fp}  fn {fn})"
        if not tp + fn:  # no gold pair to find: recall and F1 mean nothing
            return f"  merge      P {self.merge_precision:.3f}  R -  F1 -  {counts}"
        return (f"  merge      P {self.merge_precision:.3f}  R {self.merge_recall:.3f}"
                f"  F1 {self.merge_f1:.3f}  {counts}")

    def format(self, details: bool = True) -> str:
        """A terminal table; with ``details`` also every miss and false positive."""
        lines = [
            f"Event extraction against {self.gold_file}",
            f"  mentions   tp {self.tp}  fp {self.fp}  fn {self.fn}",
            f"  precision  {self.precision:.3f}",
            f"  recall     {self.recall:.3f}",
            f"  F1         {self.f1:.3f}",
            f"  events found (by event_key) {self.event_keys_found}/{self.event_keys}"
            f" = {self.event_recall:.3f}",
            self._merge_line(),
            f"  undated mentions (listed, not scored) {len(self.undated)}",
            f"  follow-up mentions (listed, not scored) {len(self.follow_ups)}",
            "",
            f"  {'event type':<28}{'tp':>5}{'fp':>5}{'fn':>5}",
        ]
        for name, (tp, fp, fn) in self.by_type().items():
            lines.append(f"  {name:<28}{tp:>5}{fp:>5}{fn:>5}")
        lines += ["", f"  {'field (on matched pairs)':<28}{'accuracy':>9}{'n':>6}"]
        for name in FIELDS:
            correct, total = self.field_counts.get(name, (0, 0))
            acc = f"{correct / total:.3f}" if total else "-"
            lines.append(f"  {name:<28}{acc:>9}{total:>6}")
        if details:
            lines += ["", f"Misses ({self.fn}):"]
            lines += [f"  {_gold_line(g)}" for g in self.misses]
            lines += ["", f"False positives ({self.fp}):"]
            lines += [f"  {_system_line(s)}" for s in self.false_positives]
            wrong = [p for p in self.pairs if p.wrong]
            lines += ["", f"Matched with wrong fields ({len(wrong)}):"]
            for p in wrong:
                diffs = ", ".join(
                    f"{f}: {_gold_value(p.gold, f)!r} vs {_system_value(p.system, f)!r}"
                    for f in p.wrong
                )
                lines.append(f"  {p.gold.event_key} [{_short(p.gold.doc_file)}] {diffs}")
        return "\n".join(lines)


# -- matching --------------------------------------------------------------------------


def norm(value: str) -> str:
    """Case- and space-insensitive form of a name or label."""
    return " ".join((value or "").casefold().split())


def same_name(a: str, b: str) -> bool:
    """Equal names; a trailing country qualifier may be missing on one side only.

    "Civilians (Afghanistan)" equals "Civilians", but not "Civilians (Mali)";
    "Military Forces of Afghanistan (2004-2021)" keeps its dated qualifier.
    """
    a, b = norm(a), norm(b)
    if a == b:
        return True
    base_a, base_b = _QUALIFIER.sub("", a), _QUALIFIER.sub("", b)
    return base_a == base_b and (base_a == a or base_b == b)


def _same_actors(gold: GoldRow, system: SystemRow) -> bool:
    """actor1/actor2 as an unordered pair (blanks ignored)."""
    g = [x for x in (gold.actor1, gold.actor2) if x.strip()]
    s = [x for x in (system.actor1, system.actor2) if x.strip()]
    if len(g) != len(s):
        return False
    return any(
        all(same_name(a, b) for a, b in zip(g, order, strict=True)) for order in (s, s[::-1])
    )


def in_window(gold: GoldRow, day: date | None) -> bool:
    """Whether a system date falls in the gold row's time-precision window."""
    if day is None:
        return False
    if gold.time_precision == 1:
        return day == gold.event_date
    if gold.time_precision == 2:
        return abs((day - gold.event_date).days) <= WINDOW_DAYS
    return (day.year, day.month) == (gold.event_date.year, gold.event_date.month)


def compatible(gold: GoldRow, system: SystemRow) -> bool:
    """The detection rule: same document, date in window, same admin1 (if gold has one),
    same event type."""
    return (
        gold.doc_file == system.doc_file
        and in_window(gold, system.event_date)
        and (not gold.admin1 or same_name(gold.admin1, system.admin1))
        and norm(gold.event_type) == norm(system.event_type)
    )


def _overlap(quote: str, evidence: str) -> bool:
    if not quote or not evidence:
        return False
    if quote in evidence or evidence in quote:
        return True
    m = SequenceMatcher(None, quote, evidence, autojunk=False).find_longest_match(
        0, len(quote), 0, len(evidence)
    )
    return m.size >= min(_MIN_OVERLAP, len(quote), len(evidence))


def _gold_value(g: GoldRow, name: str) -> object:
    if name == "actors":
        return [x for x in (g.actor1, g.actor2) if x]
    return getattr(g, name)


def _system_value(s: SystemRow, name: str) -> object:
    if name == "actors":
        return [x for x in (s.actor1, s.actor2) if x]
    return getattr(s, name)


def _agrees(gold: GoldRow, system: SystemRow, name: str) -> bool:
    if name == "actors":
        return _same_actors(gold, system)
    g, s = getattr(gold, name), getattr(system, name)
    if name in {"actor1", "actor2", "claimant"}:
        return same_name(g, s)
    if isinstance(g, str):
        return norm(g) == norm(s)
    return g == s


def scored(gold: GoldRow, name: str) -> bool:
    """admin2 and fatalities are scored only where the gold row gives them."""
    if name == "admin2":
        return bool(gold.admin2)
    if name == "fatalities":
        return gold.fatalities is not None
    return True


def wrong_fields(gold: GoldRow, system: SystemRow) -> tuple[str, ...]:
    """The scored fields on which a matched pair disagrees."""
    return tuple(name for name in FIELDS if scored(gold, name) and not _agrees(gold, system, name))


def match(gold: Sequence[GoldRow], system: Sequence[SystemRow]) -> list[tuple[int, int]]:
    """One-to-one greedy matching; returns (gold index, system index) pairs."""
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            if not compatible(g, s):
                continue
            agree = len(FIELDS) - len(wrong_fields(g, s))
            distance = abs((s.event_date - g.event_date).days)  # type: ignore[operator]
            candidates.append((not _overlap(g.quote, s.evidence), -agree, distance, gi, si))
    candidates.sort()
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for *_, gi, si in candidates:
        if gi in used_gold or si in used_system:
            continue
        used_gold.add(gi)
        used_system.add(si)
        pairs.append((gi, si))
    return sorted(pairs)


def score(gold: Sequence[GoldRow], system: Sequence[SystemRow], gold_file: str = "") -> EventScores:
    """Score system mentions against gold rows (only documents present in the gold).

    Mentions output with no date (tag ``undated``) are listed apart and not scored: every
    gold row is a dated event, so the comparison stays like-for-like with builds that
    dropped undated mentions. Follow-up mentions (tag ``follow-up``: a later sentence
    telling more of an event already reported, merged into that event) are listed apart
    and not scored either way: the gold gives an elaborating sentence no row of its own,
    and leaving them out keeps these gates measuring exactly what they measured before
    follow-ups existed (the anchor mention still has to match).
    """
    docs = {g.doc_file for g in gold}
    undated = tuple(s for s in system if s.doc_file in docs and s.event_date is None)
    follow_ups = tuple(s for s in system if s.doc_file in docs and s.event_date is not None
                       and s.follow_up)
    system = [s for s in system
              if s.doc_file in docs and s.event_date is not None and not s.follow_up]
    matched = match(gold, system)
    pairs = tuple(
        Pair(gold[gi], system[si], wrong_fields(gold[gi], system[si])) for gi, si in matched
    )
    used_gold = {gi for gi, _ in matched}
    used_system = {si for _, si in matched}
    counts: dict[str, tuple[int, int]] = {}
    for name in FIELDS:
        judged = [p for p in pairs if scored(p.gold, name)]
        counts[name] = (sum(name not in p.wrong for p in judged), len(judged))
    keys = {(g.event_key or f"line{g.line}") for g in gold}
    found = {(p.gold.event_key or f"line{p.gold.line}") for p in pairs}
    return EventScores(
        gold_file=gold_file,
        pairs=pairs,
        misses=tuple(g for i, g in enumerate(gold) if i not in used_gold),
        false_positives=tuple(s for i, s in enumerate(system) if i not in used_system),
        event_keys=len(keys),
        event_keys_found=len(found),
        field_counts=counts,
        undated=undated,
        follow_ups=follow_ups,
    )


def evaluate(gold: str | Path, out_dir: str | Path) -> EventScores:
    """Score the ``mentions.csv`` of an existing build in ``out_dir`` against ``gold``."""
    mentions = Path(out_dir) / "mentions.csv"
    if not mentions.is_file():
        raise UsageError(f"{mentions} not found: run `sitrep build ... --out {out_dir}` first")
    return score(load_gold(gold), load_mentions(mentions), gold_file=str(gold))


def run(
    gold: str | Path,
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    actor_files: Sequence[str | Path] = (),
) -> EventScores:
    """Build ``inputs`` into ``out_dir`` (no report), then evaluate against ``gold``."""
    from sitrep.pipeline.run import build

    build(inputs, out_dir, actor_files=actor_files, report=False)
    return evaluate(gold, out_dir)


# -- printing --------------------------------------------------------------------------


def _short(doc_file: str) -> str:
    return doc_file if len(doc_file) <= 24 else doc_file[:21] + "..."


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _gold_line(g: GoldRow) -> str:
    return (
        f"{g.event_key} [{_short(g.doc_file)}] {g.event_date}/p{g.time_precision} "
        f"{g.event_type}/{g.sub_event_type} {g.admin1 or '-'} | {_clip(g.quote)}"
    )


def _system_line(s: SystemRow) -> str:
    return (
        f"line {s.line} [{_short(s.doc_file)}] {s.event_date or '-'} "
        f"{s.event_type}/{s.sub_event_type} {s.admin1 or '-'} | {_clip(s.evidence)}"
    )
