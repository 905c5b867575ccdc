"""spaCy component ``sitrep_event_model``: score every sentence with the event model.

Each sentence span gets ``span._.event_model`` (a :class:`Prediction`, or None when the
embedding model is not installed). Not in the default pipeline; add it with
``nlp.add_pipe("sitrep_event_model", config={"model_dir": None})``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span

from sitrep.nlp import embed
from sitrep.nlp.classify.model import EventModel

EXTENSION = "event_model"
log = logging.getLogger(__name__)

if not Span.has_extension(EXTENSION):
    Span.set_extension(EXTENSION, default=None)


class EventModelComponent:
    """Scores the sentences of each Doc; a no-op without the embedding model."""

    def __init__(self, model_dir: str | None) -> None:
        self.model = EventModel.load(model_dir)
        self.enabled = embed.available()
        if not self.enabled:
            log.warning("sitrep_event_model: sentence embeddings unavailable; not scoring")

    def __call__(self, doc: Doc) -> Doc:
        """Set ``span._.event_model`` on every sentence of ``doc``."""
        if not self.enabled or not doc.has_annotation("SENT_START"):
            return doc
        sentences = [s for s in doc.sents if s.text.strip()]
        predictions = self.model.predict([s.text.strip() for s in sentences])
        for span, prediction in zip(sentences, predictions, strict=True):
            span._.set(EXTENSION, prediction)
        return doc


@Language.factory(
    "sitrep_event_model",
    default_config={"model_dir": None},
    requires=["token.is_sent_start"],
)
def make_event_model(nlp: Language, name: str, model_dir: str | None) -> EventModelComponent:
    """Build the component from a model folder (None: the packaged model)."""
    return EventModelComponent(model_dir)
