"""``sitrep train``: fit the event model to a user's own ACLED export."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitrep.nlp import embed
from sitrep.nlp.classify.corpus import read_acled_csv, written
from sitrep.nlp.classify.features import Encoder
from sitrep.nlp.classify.model import EventModel, FitConfig, fit

# Chosen on the ACLED notes dev split (trained on its train split): ACLED notes are
# formulaic, so the lexical part gets a large weight and a larger vocabulary.
ACLED_CONFIG = FitConfig(
    vocab_size=6000, lexical_weight=30.0, l2_detector=1e-4, l2_classifier=1e-4, iterations=300
)


def train_acled(
    csv_path: str | Path,
    out_dir: str | Path | None = None,
    text_column: str = "notes",
    label_column: str = "sub_event_type",
    config: FitConfig | None = None,
    encoder: Encoder = embed.encode,
) -> EventModel:
    """Fit the sub-type classifier to the CSV's labelled texts and the detector to those
    texts (all events) against the packaged written non-event sentences; save the model
    to ``out_dir`` when given."""
    texts, labels, event_types = read_acled_csv(csv_path, text_column, label_column)
    negatives = [e.text for e in written() if e.label is None]
    digest = hashlib.sha256(Path(csv_path).read_bytes()).hexdigest()
    info = {
        "trained_on": {
            "file": Path(csv_path).name,
            "sha256": digest,
            "rows": len(texts),
            "text_column": text_column,
            "label_column": label_column,
            "negatives": f"{len(negatives)} packaged written non-event sentences",
        }
    }
    model = fit(
        texts + negatives,
        [*labels, *([None] * len(negatives))],
        config or ACLED_CONFIG,
        encoder=encoder,
        event_types=event_types,
        info=info,
    )
    if out_dir is not None:
        model.save(out_dir)
    return model
