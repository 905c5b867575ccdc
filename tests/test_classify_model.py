"""The learned event model: deterministic training, save/load, the packaged weights."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from sitrep.nlp import embed
from sitrep.nlp.classify import EventModel, FitConfig, fit
from sitrep.nlp.classify.corpus import label_sentence, written
from sitrep.nlp.classify.model import PACKAGED_DIR, taxonomy

needs_embeddings = pytest.mark.skipif(
    not embed.available(), reason="sentence-embedding model not installed (make install)"
)

TEXTS = [
    "A drone strike hit a militant vehicle near the town.",
    "Warplanes bombed rebel positions in the hills.",
    "An airstrike killed four fighters at a camp.",
    "A roadside bomb exploded under an army truck.",
    "An IED killed two soldiers on patrol.",
    "A landmine blast wounded a shepherd.",
    "Students marched peacefully to the ministry.",
    "Teachers held a sit-in over unpaid wages.",
    "Traders protested against new taxes at the market.",
    "Heavy rains flooded several villages.",
    "The minister opened a new school.",
    "The central bank raised interest rates.",
]
LABELS = [
    *["Air/drone strike"] * 3,
    *["Remote explosive/landmine/IED"] * 3,
    *["Peaceful protest"] * 3,
    None,
    None,
    None,
]


def fake_encoder(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors seeded from each text's hash plus shared word vectors (fast, fixed)."""
    rows = []
    for text in texts:
        vec = np.zeros(embed.DIMENSION)
        for word in text.lower().split():
            seed = int(hashlib.sha256(word.encode()).hexdigest()[:8], 16)
            vec += np.random.default_rng(seed).standard_normal(embed.DIMENSION)
        rows.append(vec / np.linalg.norm(vec))
    return np.array(rows, dtype=np.float32)


SMALL = FitConfig(vocab_size=200, min_df=1, iterations=60)


def test_classify_training_is_deterministic() -> None:
    a = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder)
    b = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder)
    assert (
        a.labels
        == b.labels
        == ("Air/drone strike", "Peaceful protest", "Remote explosive/landmine/IED")
    )
    for key, value in a.arrays.items():
        assert np.array_equal(value, b.arrays[key]), key
    assert [p.sub_event_type for p in a.predict(TEXTS[:9])] == LABELS[:9]


def test_classify_classifier_weight_shifts_subtype_head() -> None:
    # Zero weight on the IED rows leaves the sub-type head without IED evidence: an IED
    # sentence is then less likely IED than with equal weights; the detector is unchanged.
    ied = [i for i, lab in enumerate(LABELS) if lab == "Remote explosive/landmine/IED"]
    weights = [0.0 if i in ied else 1.0 for i in range(len(TEXTS))]
    plain = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder)
    damped = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder, classifier_weight=weights)
    probe = [TEXTS[ied[0]]]
    label = "Remote explosive/landmine/IED"
    assert damped.predict(probe)[0].probs[label] < plain.predict(probe)[0].probs[label]
    assert np.array_equal(plain.arrays["det_w"], damped.arrays["det_w"])
    with pytest.raises(ValueError, match="classifier_weight"):
        fit(TEXTS, LABELS, SMALL, encoder=fake_encoder, classifier_weight=[1.0])


def test_classify_save_load_round_trip(tmp_path: Path) -> None:
    model = fit(TEXTS, LABELS, SMALL, encoder=fake_encoder)
    model.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["model.json", "weights.npz"]
    loaded = EventModel.load(tmp_path / "m", encoder=fake_encoder)
    probe = ["Gunmen shot at a drone.", "A bomb went off at a protest.", "Rain fell."]
    assert loaded.predict(probe) == model.predict(probe)
    assert loaded.event_types["Peaceful protest"] == "Protests"


def test_classify_fit_refuses_unknown_subtype() -> None:
    with pytest.raises(ValueError, match="no event_type"):
        fit(TEXTS, [*LABELS[:-4], "Made-up type", *LABELS[-3:]], SMALL, encoder=fake_encoder)


def test_classify_shipped_model_files_and_card() -> None:
    weights = PACKAGED_DIR / "weights.npz"
    assert weights.is_file() and weights.stat().st_size < 2_000_000
    card = (PACKAGED_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("WikiEvents", "sentences.tsv", "MIT", "ACLED"):
        assert needle in card
    model = EventModel.load()
    assert set(model.labels) <= set(taxonomy())
    assert len(model.labels) >= 24


def test_classify_written_sentences_cover_every_subtype() -> None:
    examples = written()
    labels = {e.label for e in examples}
    assert labels - {None} == set(taxonomy())
    assert sum(e.label is None for e in examples) >= 50
    assert len({e.text for e in examples}) == len(examples)


def test_classify_wikievents_sentence_mapping() -> None:
    assert label_sentence("A suicide bomber struck.", {"Conflict.Attack"}, False) == (
        True,
        "Suicide bomb",
    )
    assert label_sentence("He was shot.", {"Life.Die"}, False) == (True, None)
    assert label_sentence("He met the judge.", {"Justice.TrialHearing"}, False) == (True, None)
    assert label_sentence("Police defused it.", {"Conflict.Attack"}, True)[1] == (
        "Disrupted weapons use"
    )


@needs_embeddings
def test_classify_shipped_model_predicts() -> None:
    model = EventModel.load()
    air, protest, flood = model.predict(
        [
            "On 4 May 2021, a military drone struck a motorcycle carrying two militants near Gao.",
            "Hundreds of nurses marched peacefully to the health ministry to demand back pay.",
            "Floods washed away the bridge after days of heavy rain.",
        ]
    )
    assert air.sub_event_type == "Air/drone strike" and air.is_event > 0.5
    assert protest.sub_event_type == "Peaceful protest" and protest.event_type == "Protests"
    assert flood.is_event < 0.5
    assert abs(sum(air.probs.values()) - 1) < 1e-3


@needs_embeddings
def test_classify_spacy_component_scores_sentences() -> None:
    import spacy

    import sitrep.nlp.classify.component  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sitrep_event_model")
    doc = nlp("A roadside bomb killed two soldiers in Kidal. The weather was mild.")
    first, second = list(doc.sents)
    assert first._.event_model.sub_event_type == "Remote explosive/landmine/IED"
    assert first._.event_model.is_event > second._.event_model.is_event
