"""WikiEvents: sentence-level detection of violence, protests and arrests.

A sentence (the dataset's own sentence spans) is gold-positive for a class when
it holds the trigger of one of the class's KAIROS types, and system-positive
when a sitrep mention whose ``char_start`` falls in it has an ACLED type of the
class. A position between two sentences (the joining space) belongs to the
sentence before it. Counts are pooled over all sentences of the split.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sitrep.evaluation.real.data import AnnotatedDoc, Span, load_wikievents
from sitrep.evaluation.real.metrics import Counts, EvalResult, top
from sitrep.evaluation.real.run import (
    PipelineRun,
    SystemMention,
    dateline_prefix,
    run_pipeline,
)

# Gold side: KAIROS types per class. "violent" is the headline class.
GOLD_TYPES: dict[str, frozenset[str]] = {
    "violent": frozenset({"Conflict.Attack", "Life.Die", "Life.Injure"}),
    "violent_attack_only": frozenset({"Conflict.Attack"}),
    "protests": frozenset({"Conflict.Demonstrate"}),
    "arrests": frozenset({"Justice.ArrestJailDetain"}),
}
# System side: (event_type, sub_event_type or None for any sub-type).
_VIOLENT = (
    ("Battles", None),
    ("Explosions/Remote violence", None),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Sexual violence"),
    ("Riots", "Mob violence"),
)
SYSTEM_TYPES: dict[str, tuple[tuple[str, str | None], ...]] = {
    "violent": _VIOLENT,
    "violent_attack_only": _VIOLENT,
    "protests": (("Protests", None), ("Riots", "Violent demonstration")),
    "arrests": (
        ("Strategic developments", "Arrests"),
        ("Violence against civilians", "Abduction/forced disappearance"),
    ),
}


def sentence_index(sentences: Sequence[Span], position: int) -> int | None:
    """Index of the sentence holding ``position`` (gaps go to the sentence before)."""
    starts = [s.start for s in sentences]
    index = bisect_right(starts, position) - 1
    return index if index >= 0 else None


def system_classes(mention: SystemMention) -> set[str]:
    """The evaluation classes a sitrep mention counts for."""
    return {
        name
        for name, accepted in SYSTEM_TYPES.items()
        if any(
            mention.event_type == etype and sub in (None, mention.sub_event_type)
            for etype, sub in accepted
        )
    }


def _families(types: set[str]) -> str:
    return "+".join(sorted({t.split(".")[0] for t in types})) or "no trigger"


def score_document(
    doc: AnnotatedDoc,
    mentions: Sequence[SystemMention],
    counts: dict[str, Counts],
    errors: Counter[str],
) -> None:
    """Add one document's sentence decisions to ``counts`` and ``errors``."""
    gold: list[set[str]] = [set() for _ in doc.sentences]
    system: list[set[str]] = [set() for _ in doc.sentences]
    for event in doc.events:
        index = sentence_index(doc.sentences, event.trigger.start)
        if index is not None:
            gold[index].add(event.etype)
    for mention in mentions:
        index = sentence_index(doc.sentences, mention.char_start)
        if index is not None:
            system[index] |= system_classes(mention)
    for types, classes in zip(gold, system, strict=True):
        for name, wanted in GOLD_TYPES.items():
            is_gold, is_system = bool(types & wanted), name in classes
            counts[name].add(is_gold, is_system)
            if name == "violent_attack_only":
                continue
            if is_gold and not is_system:
                errors[f"{name} missed (gold {'+'.join(sorted(types & wanted))})"] += 1
            elif is_system and not is_gold:
                errors[f"{name} false alarm (sentence has {_families(types)})"] += 1


def score(docs: Sequence[AnnotatedDoc], run: PipelineRun, split: str) -> EvalResult:
    """Sentence-level P/R/F1 per class from a finished pipeline run."""
    counts = {name: Counts() for name in GOLD_TYPES}
    errors: Counter[str] = Counter()
    for doc in docs:
        score_document(doc, run.mentions.get(doc.doc_id, []), counts, errors)
    figures: dict[str, float] = {}
    for name, c in counts.items():
        figures |= {f"{name}_p": c.precision, f"{name}_r": c.recall, f"{name}_f1": c.f1}
    tally = {
        "documents": len(docs),
        "documents_failed": len(run.failed),
        "pipeline_crashes": run.crashes,
        "documents_without_mentions": sum(not run.mentions.get(d.doc_id) for d in docs),
        "sentences": sum(len(d.sentences) for d in docs),
        "mentions": sum(len(run.mentions.get(d.doc_id, [])) for d in docs),
        "offset_mismatches": run.offset_mismatches,
    }
    for name, c in counts.items():
        tally[f"{name}_gold_sentences"] = c.tp + c.fn
        tally[f"{name}_system_sentences"] = c.tp + c.fp
    notes = [
        "violent = sentence holds a Conflict.Attack, Life.Die or Life.Injure trigger; "
        "violent_attack_only = Conflict.Attack only"
    ]
    return EvalResult("wikievents", split, figures, tally, top(errors), notes, run.seconds)


def evaluate(
    split: str = "test",
    out_dir: Path | None = None,
    *,
    root: Path | None = None,
    workers: int = 1,
    dateline: date | None = None,
    model: str | Path | bool | None = None,
) -> EvalResult:
    """Build the WikiEvents ``split`` with sitrep and score it."""
    docs = load_wikievents(split, root)
    run = run_pipeline(
        {d.doc_id: d.text for d in docs}, out_dir, workers=workers,
        prefix=dateline_prefix(dateline), model=model,
    )
    result = score(docs, run, split)
    if dateline:
        result.notes.append(f"diagnostic: dateline {dateline} written before every text")
    return result
