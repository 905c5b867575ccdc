"""The learned event model: a detector head and an ACLED sub-event-type head.

Both heads are softmax regressions over the same features (:mod:`.features`). A model
is two files in one folder: ``model.json`` (labels, vocabulary, settings, provenance)
and ``weights.npz`` (float32 arrays, read with ``allow_pickle=False``). Inference is
plain numpy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.errors import DataFileError
from sitrep.knowledge import DATA_DIR
from sitrep.knowledge.files import read_yaml
from sitrep.nlp import embed
from sitrep.nlp.classify.features import Encoder, Lexicon, combine
from sitrep.nlp.classify.stack import Stacker
from sitrep.nlp.classify.train import balanced_weights, softmax_regression

FORMAT = "sitrep-event-model/1"
PACKAGED_DIR = DATA_DIR / "model"
_ARRAYS = ("mean", "scale", "idf", "det_w", "det_b", "cls_w", "cls_b")
_STACK_ARRAYS = ("stk_w", "stk_b")  # optional: the stacker of a trained model (.stack)


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, str]:
    """ACLED ``sub_event_type`` → ``event_type`` from the packaged event lexicon (read with
    the one strict knowledge reader; only its ``taxonomy`` section matters here)."""
    path = DATA_DIR / "lexicon" / "events.yaml"
    data = read_yaml(path, what="event lexicon", required=("taxonomy",))
    table = data["taxonomy"]
    if not isinstance(table, dict) or not all(
            isinstance(pair, list) and pair for pair in table.values()):
        raise DataFileError(str(path), "taxonomy: each sub_event_type needs [event_type, ...]")
    return {str(sub): str(pair[0]) for sub, pair in table.items()}


@dataclass(frozen=True)
class Prediction:
    """The model's view of one sentence."""

    is_event: float  # P(the sentence reports an ACLED-relevant event)
    sub_event_type: str  # the most probable sub-type (meaningful when is_event is high)
    event_type: str
    probs: dict[str, float]  # P(sub_event_type | event), summing to 1

    @property
    def confidence(self) -> float:
        """Probability of the chosen sub-type."""
        return self.probs[self.sub_event_type]


@dataclass(frozen=True)
class FitConfig:
    """Training settings (stored in ``model.json``)."""

    vocab_size: int = 3000
    min_df: int = 2
    lexical_weight: float = 1.0
    l2_detector: float = 1e-3
    l2_classifier: float = 1e-3
    balance_power: float = 1.0
    iterations: int = 200


@dataclass
class EventModel:
    """Fitted detector and sub-type classifier with their feature settings."""

    labels: tuple[str, ...]
    event_types: dict[str, str]
    lexicon: Lexicon
    arrays: dict[str, np.ndarray]
    lexical_weight: float
    info: dict[str, Any] = field(default_factory=dict)
    encoder: Encoder = embed.encode

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """The design matrix for ``texts`` (embeds them with :attr:`encoder`)."""
        vectors = self.encoder(list(texts))
        return combine(
            vectors,
            self.lexicon.transform(texts),
            self.arrays["mean"],
            self.arrays["scale"],
            self.lexical_weight,
        )

    def scores(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """P(event) ``(n,)`` and P(sub-type | event) ``(n, labels)`` for feature rows."""
        a = self.arrays
        return _softmax(x @ a["det_w"] + a["det_b"])[:, 1], _softmax(x @ a["cls_w"] + a["cls_b"])

    def predict(self, sentences: Sequence[str]) -> list[Prediction]:
        """One :class:`Prediction` per sentence (an empty list for no sentences)."""
        if not sentences:
            return []
        p_event, p_sub = self.scores(self.features(sentences))
        return [self._prediction(pe, row) for pe, row in zip(p_event, p_sub, strict=True)]

    def _prediction(self, p_event: float, row: np.ndarray) -> Prediction:
        best = self.labels[int(np.argmax(row))]
        probs = {label: round(float(p), 6) for label, p in zip(self.labels, row, strict=True)}
        return Prediction(round(float(p_event), 6), best, self.event_types[best], probs)

    @property
    def stacker(self) -> Stacker | None:
        """The learned combination with the rules' sub-type (:mod:`.stack`), if any."""
        spec = self.info.get("stack")
        if not spec or not all(k in self.arrays for k in _STACK_ARRAYS):
            return None
        return Stacker(tuple(spec["rule_labels"]), float(spec["rule_weight"]),
                       self.arrays["stk_w"], self.arrays["stk_b"])

    def stacked(self, prediction: Prediction, rule: str | None) -> Prediction:
        """``prediction`` with its sub-type probabilities combined with the rules'
        sub-type ``rule`` (None: the rules found no event) by the stacker; unchanged for
        a model without one."""
        stacker = self.stacker
        if stacker is None:
            return prediction
        row = np.array([[prediction.probs.get(label, 0.0) for label in self.labels]])
        return self._prediction(prediction.is_event, stacker.combine(row, [rule])[0])

    def save(self, folder: str | Path) -> Path:
        """Write ``model.json`` and ``weights.npz`` into ``folder`` (created if needed)."""
        root = Path(folder)
        root.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "embedding": "sentence-transformers/all-MiniLM-L6-v2 (sitrep.nlp.embed)",
            "labels": list(self.labels),
            "event_types": {label: self.event_types[label] for label in self.labels},
            "lexical_weight": self.lexical_weight,
            "vocab": list(self.lexicon.vocab),
            "info": self.info,
        }
        (root / "model.json").write_text(
            json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in self.arrays.items()}
        np.savez_compressed(root / "weights.npz", **arrays)
        return root

    @classmethod
    def load(cls, path: str | Path | None = None, encoder: Encoder | None = None) -> EventModel:
        """Read a model folder (default: the packaged model in ``data/model``)."""
        root = Path(path) if path is not None else PACKAGED_DIR
        try:
            meta = json.loads((root / "model.json").read_text(encoding="utf-8"))
            with np.load(root / "weights.npz", allow_pickle=False) as data:
                arrays = {k: np.asarray(data[k], dtype=np.float32)
                          for k in (*_ARRAYS, *(n for n in _STACK_ARRAYS if n in data.files))}
        except (OSError, ValueError, KeyError) as exc:
            raise DataFileError(str(root), f"not a sitrep event model ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise DataFileError(str(root), f"unknown model format {meta.get('format')!r}")
        lexicon = Lexicon(tuple(meta["vocab"]), arrays["idf"])
        return cls(
            labels=tuple(meta["labels"]),
            event_types=dict(meta["event_types"]),
            lexicon=lexicon,
            arrays=arrays,
            lexical_weight=float(meta["lexical_weight"]),
            info=dict(meta.get("info", {})),
            encoder=encoder or embed.encode,
        )


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(
    texts: Sequence[str],
    labels: Sequence[str | None],
    config: FitConfig | None = None,
    encoder: Encoder = embed.encode,
    event_types: Mapping[str, str] | None = None,
    info: Mapping[str, Any] | None = None,
    is_event: Sequence[bool] | None = None,
    classifier_weight: Sequence[float] | None = None,
) -> EventModel:
    """Fit both heads: every text trains the detector, texts with a sub-type label also
    train the classifier. ``is_event`` gives the detector's truth (default: label is not
    None), so an event of unknown sub-type is ``(label=None, is_event=True)``.
    ``event_types`` maps each label to its ACLED event_type (default: the taxonomy).
    ``classifier_weight`` multiplies each text's class-balanced weight in the sub-type
    head (e.g. to keep one source from dominating a class; default: 1 for every text)."""
    cfg = config or FitConfig()
    truth = [bool(lab) for lab in labels] if is_event is None else [bool(e) for e in is_event]
    if not len(texts) == len(labels) == len(truth):
        raise ValueError("texts, labels and is_event differ in length")
    positives = [i for i, lab in enumerate(labels) if lab]
    names = tuple(sorted({str(labels[i]) for i in positives}))
    if len(names) < 2 or all(truth) or not any(truth):
        raise ValueError("need at least two sub-types, and texts with and without an event")
    known = dict(taxonomy(), **(event_types or {}))
    missing = [n for n in names if n not in known]
    if missing:
        raise ValueError(f"no event_type known for sub-type(s): {', '.join(missing)}")
    lexicon = Lexicon.build(texts, cfg.vocab_size, cfg.min_df)
    vectors = encoder(list(texts))
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-3
    x = combine(vectors, lexicon.transform(texts), mean, scale, cfg.lexical_weight)
    y_det = np.array(truth, dtype=np.int64)
    det_w, det_b = softmax_regression(
        x, y_det, 2, balanced_weights(y_det), cfg.l2_detector, cfg.iterations
    )
    index = {n: k for k, n in enumerate(names)}
    y_cls = np.array([index[str(labels[i])] for i in positives])
    cls_weight = balanced_weights(y_cls, cfg.balance_power)
    if classifier_weight is not None:
        if len(classifier_weight) != len(texts):
            raise ValueError("classifier_weight and texts differ in length")
        cls_weight = cls_weight * np.asarray([classifier_weight[i] for i in positives])
        cls_weight = cls_weight / cls_weight.mean()
    cls_w, cls_b = softmax_regression(
        x[positives],
        y_cls,
        len(names),
        cls_weight,
        cfg.l2_classifier,
        cfg.iterations,
    )
    arrays = {
        "mean": mean,
        "scale": scale,
        "idf": lexicon.idf,
        "det_w": det_w,
        "det_b": det_b,
        "cls_w": cls_w,
        "cls_b": cls_b,
    }
    meta = {
        "config": asdict(cfg),
        "rows": len(texts),
        "events": int(y_det.sum()),
        "labelled": len(positives),
        **(info or {}),
    }
    return EventModel(
        names, {n: known[n] for n in names}, lexicon, arrays, cfg.lexical_weight, meta, encoder
    )
