"""ACLED notes: each row's ``notes`` is one document, its coded fields the gold.

sitrep's *primary* mention of a row is its first mention in text order (chosen
without looking at the gold). A row without a mention is predicted "none".
Field rules on found rows: date exact (ISO); admin1 and location equal after
case folding and accent removal; actors by :func:`metrics.actors_match` (a blank
gold actor2 matches only a blank prediction); fatalities exact, a blank
prediction read as 0 (ACLED codes 0 when none are reported). Places are also
judged apart for Afghan rows and the rest (``*_found_afghan`` / ``*_found_other``):
admin1 right, and the mention's point within 25 km of the coded point.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sitrep.evaluation.geo import haversine_km
from sitrep.evaluation.real.data import AcledRow, load_acled
from sitrep.evaluation.real.metrics import (
    Counts,
    EvalResult,
    actors_match,
    fold,
    label_f1,
    ratio,
    top,
)
from sitrep.evaluation.real.run import (
    PipelineRun,
    SystemMention,
    dateline_prefix,
    run_pipeline,
)

NONE = "none"
FIELDS = ("date", "admin1", "location", "actor1", "actor2", "fatalities")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # notes that state a year can be dated from the text


def primary(mentions: Sequence[SystemMention]) -> SystemMention | None:
    """The first mention in text order (``mentions`` come sorted by position)."""
    return min(mentions, key=lambda m: (m.char_start, m.char_end), default=None)


def within_km(row: AcledRow, m: SystemMention, km: float) -> bool:
    """Whether the mention's point lies within ``km`` of the coded point (none: no)."""
    if None in (row.latitude, row.longitude, m.latitude, m.longitude):
        return False
    return haversine_km(row.latitude, row.longitude, m.latitude, m.longitude) <= km  # type: ignore[arg-type]


def field_matches(row: AcledRow, m: SystemMention) -> dict[str, bool]:
    """Which scored fields of mention ``m`` agree with the gold ``row``."""
    actor2 = (
        not m.actor2.strip() if not row.actor2.strip() else actors_match(row.actor2, m.actor2)
    )
    return {
        "date": m.event_date == row.event_date,
        "admin1": fold(m.admin1) == fold(row.admin1),
        "location": fold(m.location) == fold(row.location),
        "actor1": bool(m.actor1.strip()) and actors_match(row.actor1, m.actor1),
        "actor2": actor2,
        "fatalities": (m.fatalities or 0) == row.fatalities,
    }


def confusion_summary(gold: Sequence[str], predicted: Sequence[str]) -> str:
    """Per gold sub-type: support, P/R/F1 and the most frequent predictions (text table)."""
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    counts: dict[str, Counts] = defaultdict(Counts)
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
        counts[g].tp += g == p
        counts[g].fn += g != p
        if g != p:
            counts[p].fp += 1
    lines = ["gold sub_event_type | n | P | R | F1 | most frequent predictions"]
    for label in sorted(confusion, key=lambda k: (-sum(confusion[k].values()), k)):
        c, n = counts[label], sum(confusion[label].values())
        common = ", ".join(f"{p} {k}" for p, k in top(confusion[label], 4))
        lines.append(
            f"{label} | {n} | {c.precision:.2f} | {c.recall:.2f} | {c.f1:.2f} | {common}"
        )
    return "\n".join(lines) + "\n"


def _errors(row: AcledRow, m: SystemMention | None, ok: dict[str, bool]) -> list[str]:
    if m is None:
        return [f"not found: {row.sub_event_type}"]
    found = []
    if m.event_type != row.event_type:
        found.append(f"wrong event_type: {row.event_type} -> {m.event_type}")
    elif m.sub_event_type != row.sub_event_type:
        found.append(f"wrong sub-type: {row.sub_event_type} -> {m.sub_event_type}")
    return found + [f"{name} wrong" for name, good in ok.items() if not good]


def score(rows: Sequence[AcledRow], run: PipelineRun, split: str) -> tuple[EvalResult, str]:
    """Figures and the confusion summary text from a finished pipeline run."""
    gold_sub, pred_sub, right = [], [], Counter()
    errors: Counter[str] = Counter()
    for row in rows:
        m = primary(run.mentions.get(row.event_id, []))
        ok = field_matches(row, m) if m else {}
        gold_sub.append(row.sub_event_type)
        pred_sub.append(m.sub_event_type if m else NONE)
        right["found"] += m is not None
        right["year_rows"] += bool(_YEAR.search(row.notes))
        right["year_found"] += m is not None and bool(_YEAR.search(row.notes))
        right["event_type"] += m is not None and m.event_type == row.event_type
        right["sub_event_type"] += m is not None and m.sub_event_type == row.sub_event_type
        right["dated"] += m is not None and bool(m.event_date)
        right["dated_right"] += m is not None and bool(m.event_date) and ok.get("date", False)
        right.update(name for name, good in ok.items() if good)
        errors.update(_errors(row, m, ok))
        if m is not None:  # places are judged apart for Afghan rows and the rest (issue 12)
            group = "afghan" if row.country == "Afghanistan" else "other"
            right[f"found_{group}"] += 1
            right[f"admin1_{group}"] += ok.get("admin1", False)
            right[f"near_{group}"] += within_km(row, m, 25.0)
    weighted, macro = label_f1(gold_sub, pred_sub)
    found = right["found"]
    figures = {
        "found_rate": ratio(found, len(rows)),
        "found_rate_year_in_notes": ratio(right["year_found"], right["year_rows"]),
        "event_type_acc": ratio(right["event_type"], len(rows)),
        "event_type_acc_found": ratio(right["event_type"], found),
        "sub_type_acc_found": ratio(right["sub_event_type"], found),
        "sub_type_f1_weighted": weighted,
        "sub_type_f1_macro": macro,
    } | {f"{name}_acc_found": ratio(right[name], found) for name in FIELDS} | {
        # a note that states no year gets a blank date (tag undated) unless the build is
        # given --published: the date of the rows sitrep did date, and how many it left blank
        "date_acc_dated": ratio(right["dated_right"], right["dated"]),
        "undated_share_found": ratio(found - right["dated"], found),
    } | {
        f"{figure}_found_{group}": ratio(right[f"{key}_{group}"], right[f"found_{group}"])
        for group in ("afghan", "other")
        for figure, key in (("admin1_acc", "admin1"), ("within_25km", "near"))
    }
    counts = {
        "rows": len(rows),
        "found": found,
        "rows_with_year_in_notes": right["year_rows"],
        "documents_failed": len(run.failed),
        "pipeline_crashes": run.crashes,
        "offset_mismatches": run.offset_mismatches,
    } | {f"gold {k}": n for k, n in sorted(Counter(gold_sub).items())}
    notes = ["primary mention = first in text order; event_type_acc counts unfound rows wrong"]
    result = EvalResult("acled", split, figures, counts, top(errors), notes, run.seconds)
    return result, confusion_summary(gold_sub, pred_sub)


def evaluate(
    split: str = "test",
    out_dir: Path | None = None,
    *,
    root: Path | None = None,
    workers: int = 1,
    dateline: date | None = None,
    model: str | Path | bool | None = None,
    country_known: bool = False,
) -> EvalResult:
    """Build the ACLED ``split`` with sitrep and score it.

    With ``out_dir``, the confusion summary is also written to
    ``<out_dir>/acled_<split>_confusion.txt``. ``country_known`` (diagnostic) builds each
    country's rows apart, given that country as ``sitrep build --country`` is: what a
    user gets who builds a corpus about one country (each note is otherwise read alone,
    and many name no place or country at all).
    """
    rows = load_acled(split, root)
    prefix = dateline_prefix(dateline)
    if country_known:
        run = _by_country(rows, out_dir, workers, prefix, model)
    else:
        texts = {r.event_id: r.notes for r in rows}
        run = run_pipeline(texts, out_dir, workers=workers, prefix=prefix, model=model)
    result, confusion = score(rows, run, split)
    if country_known:
        result.notes.append("diagnostic: each country's rows built with --country <country>")
    if dateline:
        result.notes.append(f"diagnostic: dateline {dateline} written before every text")
    if out_dir is not None:
        path = Path(out_dir) / f"acled_{split}_confusion.txt"
        path.write_text(confusion, encoding="utf-8")
        result.notes.append(f"confusion summary: {path}")
    return result


def _by_country(rows: Sequence[AcledRow], out_dir: Path | None, workers: int, prefix: str,
                model: str | Path | bool | None) -> PipelineRun:
    """One build per country of ``rows``, each told its country; the runs joined."""
    joined = PipelineRun(mentions={})
    for country in sorted({r.country for r in rows}):
        texts = {r.event_id: r.notes for r in rows if r.country == country}
        slug = re.sub(r"[^a-z0-9]+", "-", fold(country))
        out = None if out_dir is None else Path(out_dir) / f"country-{slug}"
        run = run_pipeline(texts, out, workers=workers, prefix=prefix, model=model,
                           country=country)
        joined.mentions |= run.mentions
        joined.failed |= run.failed
        joined.seconds += run.seconds
        joined.files += run.files
        joined.offset_mismatches += run.offset_mismatches
        joined.crashes += run.crashes
    return joined
