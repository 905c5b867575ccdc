"""``sitrep train``: fit the event model to a user's own ACLED export."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sitrep.nlp import embed
from sitrep.nlp.classify.corpus import read_acled_csv, written
from sitrep.nlp.classify.features import Encoder
from sitrep.nlp.classify.model import EventModel, FitConfig, fit
from sitrep.nlp.classify.stack import FOLDS, NO_RULE, fit_stacker, fold_of

# Chosen on the ACLED notes dev split (trained on its train split): ACLED notes are
# formulaic, so the lexical part gets a large weight and a larger vocabulary.
ACLED_CONFIG = FitConfig(
    vocab_size=6000, lexical_weight=30.0, l2_detector=1e-4, l2_classifier=1e-4, iterations=300
)


class _Memo:
    """An encoder that embeds each distinct text once per training run."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.vectors))
        if missing:
            self.vectors.update(zip(missing, self.encoder(missing), strict=True))
        if not texts:
            return np.zeros((0, embed.DIMENSION), dtype=np.float32)
        return np.stack([self.vectors[t] for t in texts]).astype(np.float32)


def rule_subtypes(texts: Sequence[str]) -> list[str]:
    """The sub-type of the rules' first mention (in text order) of each text, built by
    the same pipeline as ``sitrep build`` without a model; ``"none"`` when the rules
    find no event (or the pipeline fails on the text)."""
    from sitrep.evaluation.real.run import run_pipeline  # the pipeline imports this package

    run = run_pipeline({str(i): t for i, t in enumerate(texts)}, None, model=False)
    out = []
    for i in range(len(texts)):
        found = run.mentions.get(str(i), [])
        first = min(found, key=lambda m: (m.char_start, m.char_end), default=None)
        out.append(first.sub_event_type if first else NO_RULE)
    return out


def out_of_fold(
    texts: Sequence[str],
    labels: Sequence[str],
    negatives: Sequence[str],
    config: FitConfig,
    encoder: Encoder,
    event_types: dict[str, str],
    names: Sequence[str],
) -> tuple[np.ndarray, list[int]]:
    """Each labelled text's sub-type probabilities (over ``names``) from a model fitted
    without its fold, and the folds (:func:`fold_of`)."""
    folds = [fold_of(t) for t in texts]
    probs = np.zeros((len(texts), len(names)), dtype=np.float64)
    column = {n: k for k, n in enumerate(names)}
    for f in sorted(set(folds)):
        keep = [i for i, g in enumerate(folds) if g != f]
        held = [i for i, g in enumerate(folds) if g == f]
        if len({labels[i] for i in keep}) < 2:
            probs[held] = 1.0 / len(names)
            continue
        model = fit([texts[i] for i in keep] + list(negatives),
                    [*(labels[i] for i in keep), *([None] * len(negatives))],
                    config, encoder=encoder, event_types=event_types)
        _, p = model.scores(model.features([texts[i] for i in held]))
        for j, label in enumerate(model.labels):
            probs[held, column[label]] = p[:, j]
    return probs, folds


def train_acled(
    csv_path: str | Path,
    out_dir: str | Path | None = None,
    text_column: str = "notes",
    label_column: str = "sub_event_type",
    config: FitConfig | None = None,
    encoder: Encoder = embed.encode,
    stack: bool = True,
) -> EventModel:
    """Fit the sub-type classifier to the CSV's labelled texts and the detector to those
    texts (all events) against the packaged written non-event sentences; with ``stack``,
    also run the rules on the texts and fit the stacker (:mod:`.stack`) that combines
    their sub-type with the head's probabilities. Save the model to ``out_dir`` when
    given."""
    cfg = config or ACLED_CONFIG
    texts, labels, event_types = read_acled_csv(csv_path, text_column, label_column)
    negatives = [e.text for e in written() if e.label is None]
    digest = hashlib.sha256(Path(csv_path).read_bytes()).hexdigest()
    info = {
        "trained_on": {
            "file": Path(csv_path).name,
            "sha256": digest,
            "rows": len(texts),
            # the hook reads a paragraph whole only up to this length (hook.yaml)
            "chars_p99": int(np.percentile([len(t) for t in texts], 99)),
            "text_column": text_column,
            "label_column": label_column,
            "negatives": f"{len(negatives)} packaged written non-event sentences",
        }
    }
    memo = _Memo(encoder)
    model = fit(
        texts + negatives,
        [*labels, *([None] * len(negatives))],
        cfg,
        encoder=memo,
        event_types=event_types,
        info=info,
    )
    if stack:
        probs, folds = out_of_fold(texts, labels, negatives, cfg, memo, event_types,
                                   model.labels)
        rules = rule_subtypes(texts)
        index = {n: k for k, n in enumerate(model.labels)}
        stacker, summary = fit_stacker(probs, rules, [index[x] for x in labels],
                                       model.labels, folds)
        model.arrays["stk_w"], model.arrays["stk_b"] = stacker.w, stacker.b
        model.info["stack"] = {
            **summary,
            "rules_found": sum(r != NO_RULE for r in rules),
            "about": "stacked sub-type = softmax([log P_head, rules' sub-type one-hot] W + b),"
                     f" fitted on {FOLDS}-fold out-of-fold head probabilities",
        }
    model.encoder = encoder
    if out_dir is not None:
        model.save(out_dir)
    return model
