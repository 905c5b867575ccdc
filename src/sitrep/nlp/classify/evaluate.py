"""Scores for the event model: ACLED sub-type F1 and detector P/R/F1 on WikiEvents."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.nlp.classify.model import EventModel


@dataclass(frozen=True)
class ClassScores:
    """Sub-type and event-type agreement with gold labels."""

    n: int
    weighted_f1: float
    macro_f1: float
    accuracy: float
    event_type_accuracy: float
    detected: float  # share of texts with P(event) >= 0.5 (all gold texts are events)


@dataclass(frozen=True)
class DetectorScores:
    """Sentence-level detection against gold event sentences."""

    n: int
    positives: int
    precision: float
    recall: float
    f1: float
    threshold: float


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """(support-weighted F1, macro F1) over the gold labels."""
    support = Counter(gold)
    tp = Counter(g for g, p in zip(gold, pred, strict=True) if g == p)
    predicted = Counter(pred)
    per_class = {}
    for label in support:
        p = tp[label] / predicted[label] if predicted[label] else 0.0
        r = tp[label] / support[label]
        per_class[label] = 2 * p * r / (p + r) if p + r else 0.0
    weighted = sum(per_class[c] * support[c] for c in support) / max(len(gold), 1)
    macro = sum(per_class.values()) / max(len(per_class), 1)
    return weighted, macro


def score_classifier(
    model: EventModel, texts: Sequence[str], sub_types: Sequence[str], event_types: Sequence[str]
) -> ClassScores:
    """Score the classifier head on gold-labelled event texts."""
    predictions = model.predict(texts)
    pred = [p.sub_event_type for p in predictions]
    weighted, macro = f1_scores(sub_types, pred)
    n = max(len(texts), 1)
    return ClassScores(
        n=len(texts),
        weighted_f1=round(weighted, 4),
        macro_f1=round(macro, 4),
        accuracy=round(sum(g == p for g, p in zip(sub_types, pred, strict=True)) / n, 4),
        event_type_accuracy=round(
            sum(g == p.event_type for g, p in zip(event_types, predictions, strict=True)) / n, 4
        ),
        detected=round(sum(p.is_event >= 0.5 for p in predictions) / n, 4),
    )


def score_detector(
    model: EventModel, texts: Sequence[str], gold: Sequence[bool], threshold: float = 0.5
) -> DetectorScores:
    """Precision, recall and F1 of ``P(event) >= threshold`` against ``gold``."""
    predictions = model.predict(texts)
    pred = [p.is_event >= threshold for p in predictions]
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    precision = tp / max(sum(pred), 1)
    recall = tp / max(sum(gold), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return DetectorScores(
        len(texts), sum(gold), round(precision, 4), round(recall, 4), round(f1, 4), threshold
    )


def throughput(model: EventModel, sentences: Sequence[str]) -> float:
    """Sentences per second of :meth:`EventModel.predict`, embedding included."""
    model.predict(list(sentences[:8]))  # load the encoder first
    start = time.perf_counter()
    model.predict(list(sentences))
    return round(len(sentences) / max(time.perf_counter() - start, 1e-9), 1)
