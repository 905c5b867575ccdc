"""RAMS: is the one annotated trigger found, and with an accepted ACLED type?

Each RAMS window has one annotated event. Its type maps to a set of accepted
(event_type, sub_event_type) pairs (``MAPPED``, after the dataset README's
table; ``None`` = any sub-type). The example is *found* when sitrep has a
mention starting in the trigger's sentence; the first such mention (text
order) is the one judged. Violent-death and violent-injury triggers are scored
apart (``CONTEXT``: any violent type is right). ``UNSCORED`` types may or may not
be ACLED events and are left out; every other type has no ACLED counterpart,
and a mention in its trigger sentence is counted as a false-positive-ish hit
(other, unannotated events of the window can be real ones).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sitrep.evaluation.real.data import AnnotatedDoc, load_rams
from sitrep.evaluation.real.metrics import EvalResult, ratio, top
from sitrep.evaluation.real.run import (
    PipelineRun,
    SystemMention,
    dateline_prefix,
    run_pipeline,
)
from sitrep.evaluation.real.wikievents import sentence_index

Accepted = tuple[tuple[str, str | None], ...]
ERV, VAC, SD = "Explosions/Remote violence", "Violence against civilians", "Strategic developments"
VIOLENT_ANY: Accepted = (("Battles", None), (ERV, None), (VAC, None), ("Riots", "Mob violence"))
# Keys are full RAMS types or their first two levels (looked up in that order).
MAPPED: dict[str, Accepted] = {
    "conflict.attack.airstrikemissilestrike": (
        (ERV, "Air/drone strike"),
        (ERV, "Shelling/artillery/missile attack"),
    ),
    "conflict.attack.bombing": ((ERV, "Remote explosive/landmine/IED"), (ERV, "Suicide bomb")),
    "conflict.attack.biologicalchemicalpoisonattack": ((ERV, "Chemical weapon"), (VAC, "Attack")),
    "conflict.attack.firearmattack": (("Battles", "Armed clash"), (VAC, "Attack")),
    "conflict.attack.selfdirectedbattle": (("Battles", "Armed clash"),),
    "conflict.attack.invade": (
        ("Battles", "Armed clash"),
        ("Battles", "Non-state actor overtakes territory"),
        ("Battles", "Government regains territory"),
    ),
    "conflict.attack.stabbing": ((VAC, "Attack"), ("Riots", "Mob violence")),
    "conflict.attack.hanging": ((VAC, "Attack"),),
    "conflict.attack.setfire": (
        ("Riots", "Mob violence"),
        (SD, "Looting/property destruction"),
        (VAC, "Attack"),
    ),
    "conflict.attack.stealrobhijack": (
        (SD, "Looting/property destruction"),
        (VAC, "Abduction/forced disappearance"),
    ),
    "conflict.attack.n/a": (("Battles", None), (ERV, None), (VAC, None)),
    "conflict.demonstrate": (("Protests", "Peaceful protest"), ("Riots", "Violent demonstration")),
    "conflict.yield": ((SD, "Non-violent transfer of territory"), (SD, "Change to group/activity")),
    "justice.arrestjaildetain": ((SD, "Arrests"), (VAC, "Abduction/forced disappearance")),
    "justice.judicialconsequences.execute": ((VAC, "Attack"),),
    "artifactexistence.damagedestroy": ((SD, "Looting/property destruction"), *VIOLENT_ANY),
    "government.agreements.acceptagreementcontractceasefire": ((SD, "Agreement"),),
}
CONTEXT: dict[str, Accepted] = {
    "life.die.deathcausedbyviolentevents": VIOLENT_ANY,
    "life.injure.injurycausedbyviolentevents": VIOLENT_ANY,
}
UNSCORED = frozenset({
    "disaster.fireexplosion",
    "government.agreements",
    "government.vote.violationspreventvote",
    "life.die.n/a",
    "life.injure.n/a",
    "justice.judicialconsequences.n/a",
    "movement.transportartifact.prevententry",
    "movement.transportartifact.preventexit",
    "movement.transportperson.prevententry",
    "movement.transportperson.preventexit",
})


def _lookup(table: dict[str, Accepted] | frozenset[str], etype: str) -> str | None:
    short = ".".join(etype.split(".")[:2])
    return etype if etype in table else short if short in table else None


def category(etype: str) -> str:
    """"mapped", "context", "unscored" or "none" (no ACLED counterpart)."""
    if _lookup(MAPPED, etype):
        return "mapped"
    if etype in CONTEXT:
        return "context"
    return "unscored" if _lookup(UNSCORED, etype) else "none"


def accepted(etype: str) -> Accepted:
    """The (event_type, sub_event_type) pairs accepted for a RAMS type."""
    key = _lookup(MAPPED, etype)
    return MAPPED[key] if key else CONTEXT.get(etype, ())


def judged_mention(doc: AnnotatedDoc, mentions: Sequence[SystemMention]) -> SystemMention | None:
    """The first mention (text order) starting in the trigger's sentence."""
    trigger = doc.events[0].trigger.start
    wanted = sentence_index(doc.sentences, trigger)
    for m in mentions:
        if sentence_index(doc.sentences, m.char_start) == wanted:
            return m
    return None


def judge(etype: str, mention: SystemMention) -> tuple[bool, bool]:
    """(event_type accepted, event_type and sub_event_type accepted)."""
    pairs = accepted(etype)
    type_ok = any(mention.event_type == t for t, _ in pairs)
    sub_ok = any(mention.event_type == t and s in (None, mention.sub_event_type) for t, s in pairs)
    return type_ok, sub_ok


def _tally(docs: Sequence[AnnotatedDoc], run: PipelineRun) -> tuple[Counter[str], Counter[str]]:
    n: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for doc in docs:
        etype = doc.events[0].etype
        kind, short = category(etype), ".".join(etype.split(".")[:2])
        mentions = run.mentions.get(doc.doc_id, [])
        mention = judged_mention(doc, mentions)
        n[kind] += 1
        n[f"{kind}_windows_with_mentions"] += bool(mentions)
        if kind == "none":
            n["none_hit"] += mention is not None
            if mention is not None:
                errors[f"mention on non-ACLED {short} ({mention.event_type})"] += 1
            continue
        if kind == "unscored":
            continue
        if mention is None:
            errors[f"{kind} not found: {short}"] += 1
            continue
        type_ok, sub_ok = judge(etype, mention)
        n[f"{kind}_found"] += 1
        n[f"{kind}_type_ok"] += type_ok
        n[f"{kind}_sub_ok"] += sub_ok
        if not type_ok:
            errors[f"{kind} wrong type: {short} -> {mention.event_type}"] += 1
        elif not sub_ok:
            errors[f"{kind} wrong sub-type: {short} -> {mention.sub_event_type}"] += 1
    return n, errors


def score(docs: Sequence[AnnotatedDoc], run: PipelineRun, split: str) -> EvalResult:
    """Found rate, type accuracy and the false-positive-ish rate from a finished run."""
    n, errors = _tally(docs, run)
    figures = {
        "found_rate": ratio(n["mapped_found"], n["mapped"]),
        "event_type_acc": ratio(n["mapped_type_ok"], n["mapped_found"]),
        "sub_type_acc": ratio(n["mapped_sub_ok"], n["mapped_found"]),
        "found_and_type_ok_rate": ratio(n["mapped_type_ok"], n["mapped"]),
        "context_found_rate": ratio(n["context_found"], n["context"]),
        "context_type_acc": ratio(n["context_type_ok"], n["context_found"]),
        "nonacled_hit_rate": ratio(n["none_hit"], n["none"]),
        "nonacled_window_rate": ratio(n["none_windows_with_mentions"], n["none"]),
    }
    counts = {
        "examples": len(docs),
        "mapped": n["mapped"],
        "mapped_found": n["mapped_found"],
        "context": n["context"],
        "unscored": n["unscored"],
        "nonacled": n["none"],
        "nonacled_hits": n["none_hit"],
        "documents_failed": len(run.failed),
        "pipeline_crashes": run.crashes,
        "mentions": sum(len(run.mentions.get(d.doc_id, [])) for d in docs),
        "offset_mismatches": run.offset_mismatches,
    }
    notes = ["found = a mention starts in the trigger's sentence; accuracies are over found"]
    return EvalResult("rams", split, figures, counts, top(errors), notes, run.seconds)


def evaluate(
    split: str = "test",
    out_dir: Path | None = None,
    *,
    root: Path | None = None,
    workers: int = 1,
    dateline: date | None = None,
    model: str | Path | bool | None = None,
) -> EvalResult:
    """Build the RAMS ``split`` with sitrep and score it."""
    docs = load_rams(split, root)
    run = run_pipeline(
        {d.doc_id: d.text for d in docs}, out_dir, workers=workers,
        prefix=dateline_prefix(dateline), model=model,
    )
    result = score(docs, run, split)
    if dateline:
        result.notes.append(f"diagnostic: dateline {dateline} written before every text")
    return result
