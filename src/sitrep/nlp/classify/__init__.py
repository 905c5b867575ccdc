"""A learned event detector and ACLED sub-event-type classifier, beside the rules.

Features are the all-MiniLM-L6-v2 sentence embedding (:mod:`sitrep.nlp.embed`) plus a
small TF-IDF vocabulary; two softmax-regression heads give P(event) and
P(sub_event_type | event). Inference and training are numpy only.

    model = EventModel.load()            # the packaged model (data/model)
    model.predict(["Gunmen abducted two teachers near Djibo."])
    train_acled("export.csv", "my-model")  # what ``sitrep train`` runs

The spaCy component ``sitrep_event_model`` is registered by
:mod:`sitrep.nlp.classify.component`.
"""

from sitrep.nlp.classify.acled import train_acled
from sitrep.nlp.classify.model import EventModel, FitConfig, Prediction, fit

__all__ = ["EventModel", "FitConfig", "Prediction", "fit", "train_acled"]
