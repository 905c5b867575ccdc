"""Stacking: combine the sub-type head's probabilities with the rules' own sub-type.

A trained model (``sitrep train``) can carry a second, small softmax regression that
learns, from the training rows, how far to trust the rules' answer and the head's:
its features are the head's log-probabilities over the model's sub-types plus a
one-hot vector of the sub-type the rules gave (``"none"`` when the rules found no
event). It is fitted on *out-of-fold* head probabilities (the head refitted on the
other folds), so it sees the head as it behaves on unseen text, not its in-sample
certainty. Its L2 penalty and the one-hot scale are chosen by cross-validation on the
training rows only. The arrays are stored in the model folder (``stk_w``, ``stk_b``)
with the settings in ``model.json`` (``info.stack``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sitrep.nlp.classify.train import softmax_regression

NO_RULE = "none"  # the rules' answer when they found no event
FLOOR = 1e-6  # probability floor before the log
GRID_L2 = (3e-3, 1e-2, 3e-2, 1e-1)
GRID_RULE_WEIGHT = (1.0, 3.0, 10.0)
FOLDS = 5
ITERATIONS = 300


@dataclass(frozen=True)
class Stacker:
    """The fitted combination: ``softmax([log P_head, rule one-hot] @ w + b)``."""

    rule_labels: tuple[str, ...]  # one-hot columns (model labels and "none")
    rule_weight: float
    w: np.ndarray  # (labels + rule_labels, labels)
    b: np.ndarray  # (labels,)

    def combine(self, probs: np.ndarray, rules: Sequence[str | None]) -> np.ndarray:
        """Stacked P(sub-type) rows for head probabilities ``probs`` (n, labels) and the
        rules' sub-type of each row (None or "none": no rule event; a sub-type the
        model never saw gives an all-zero one-hot)."""
        x = features(probs, rules, self.rule_labels, self.rule_weight)
        logits = x @ self.w + self.b
        z = np.exp(logits - logits.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


def features(
    probs: np.ndarray, rules: Sequence[str | None], rule_labels: Sequence[str], weight: float
) -> np.ndarray:
    """Log head probabilities next to ``weight`` times the rule one-hot."""
    index = {label: k for k, label in enumerate(rule_labels)}
    n, k = probs.shape
    x = np.zeros((n, k + len(rule_labels)), dtype=np.float32)
    x[:, :k] = np.log(np.maximum(probs, FLOOR))
    for row, rule in enumerate(rules):
        col = index.get(rule or NO_RULE)
        if col is not None:
            x[row, k + col] = weight
    return x


def fold_of(text: str, folds: int = FOLDS) -> int:
    """A text's cross-validation fold, from its content only (copies share a fold)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % folds


def fit_stacker(
    probs: np.ndarray,
    rules: Sequence[str | None],
    gold: Sequence[int],
    labels: Sequence[str],
    folds: Sequence[int],
) -> tuple[Stacker, dict]:
    """Fit the stacker on out-of-fold head ``probs`` (n, labels), the rules' sub-types
    and the gold label indices; the L2 penalty and one-hot scale are the grid point with
    the best cross-validated weighted F1 (ties: the earlier point). Returns the stacker
    and a summary for ``model.json``."""
    from sitrep.nlp.classify.evaluate import f1_scores  # evaluate imports the model

    rule_labels = (*labels, NO_RULE) if NO_RULE not in labels else tuple(labels)
    y = np.asarray(gold, dtype=np.int64)
    fold = np.asarray(folds)
    k = len(labels)
    names = [labels[i] for i in y]
    best: tuple[float, float, float] | None = None
    scores = []
    for l2 in GRID_L2:
        for weight in GRID_RULE_WEIGHT:
            x = features(probs, rules, rule_labels, weight)
            pred = np.zeros(len(y), dtype=np.int64)
            for f in sorted(set(fold.tolist())):
                train, held = fold != f, fold == f
                if len(set(y[train].tolist())) < 2:
                    continue
                w, b = softmax_regression(x[train], y[train], k, None, l2, ITERATIONS)
                pred[held] = (x[held] @ w + b).argmax(axis=1)
            weighted, _ = f1_scores(names, [labels[i] for i in pred])
            scores.append({"l2": l2, "rule_weight": weight, "cv_weighted_f1": round(weighted, 4)})
            if best is None or weighted > best[0] + 1e-9:
                best = (weighted, l2, weight)
    assert best is not None
    _, l2, weight = best
    w, b = softmax_regression(features(probs, rules, rule_labels, weight), y, k, None, l2,
                              ITERATIONS)
    stacker = Stacker(tuple(rule_labels), float(weight), w, b)
    summary = {"rule_labels": list(rule_labels), "rule_weight": float(weight), "l2": l2,
               "folds": len(set(fold.tolist())), "cv": scores}
    return stacker, summary
