"""The lemmatizer of sitrep's pipeline (:func:`sitrep.nlp.attributes.speed_up_lemmatizer`)
reads and writes a Doc's lemmas as arrays and asks spaCy's rules once per (word, POS,
morphology): the lemmas are the ones spaCy's own lemmatizer gives."""

from __future__ import annotations

import importlib

import pytest
from spacy.attrs import LEMMA

from sitrep.nlp import MODEL_PACKAGE
from sitrep.nlp.attributes import _KeptLemmas, speed_up_lemmatizer

# Sentences written for this test: inflected nouns, verbs and adjectives, proper names,
# words the attribute ruler lemmatises itself (pronouns, "ain't"), numbers, spaces, blank
# lines and punctuation; the same words again under another part of speech.
TEXTS = [
    "The fighters were shelling two villages; the villagers fled faster than the troops.",
    "Police arrested three men who had been planting mines near the bridges.",
    "They ain't leaving. She's running, he ran, we run, and the runs were longer.",
    "Drones struck the convoys at 04:30 on 12 March , wounding 14 .\n\n  Officials said so.",
    "The Taliban's spokesmen denied it; better roads, best hopes, worse fears.",
    "Shelling shelled shells. Mines mined. Leaves leave; the wounded were wounded again.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def models():
    plain = importlib.import_module(MODEL_PACKAGE).load()
    kept = importlib.import_module(MODEL_PACKAGE).load()
    assert speed_up_lemmatizer(kept.get_pipe("lemmatizer")) is True
    return plain, kept


def test_pipeline_kept_lemmas_are_spacys(models):
    plain, kept = models
    assert isinstance(kept.get_pipe("lemmatizer"), _KeptLemmas)
    assert not isinstance(plain.get_pipe("lemmatizer"), _KeptLemmas)
    for _ in range(2):  # the second pass answers from the kept lemmas
        for text in TEXTS:
            want, got = plain(text), kept(text)
            assert [t.lemma_ for t in got] == [t.lemma_ for t in want], text
            assert (got.to_array([LEMMA]) == want.to_array([LEMMA])).all(), text


def test_pipeline_kept_lemmas_depend_on_the_part_of_speech(models):
    _, kept = models
    doc = kept("Militants left the town. The left bank was shelled.")
    lemmas = {(t.text, t.pos_): t.lemma_ for t in doc}
    assert lemmas[("left", "VERB")] == "leave"  # the same word, kept apart by its POS
    assert lemmas[("left", "ADJ")] == "left"


def test_pipeline_kept_lemmas_keep_what_the_ruler_set(models):
    """Without ``overwrite`` a lemma set before the lemmatizer runs stays."""
    _, kept = models
    lemmatizer = kept.get_pipe("lemmatizer")
    assert lemmatizer.overwrite is False
    doc = kept.make_doc("The rebels attacked")
    doc[1].lemma_ = "insurgent"
    for name, proc in kept.pipeline:
        if name != "ner":
            doc = proc(doc)
    assert [t.lemma_ for t in doc] == ["the", "insurgent", "attack"]


def test_pipeline_kept_lemmas_only_for_spacys_lemmatizer():
    import spacy

    nlp = spacy.blank("en")
    other = nlp.add_pipe("sentencizer")
    assert speed_up_lemmatizer(other) is False
    assert not isinstance(other, _KeptLemmas)


def test_pipeline_kept_lemmas_in_sitreps_pipeline():
    from sitrep.nlp import load_pipeline

    assert isinstance(load_pipeline().get_pipe("lemmatizer"), _KeptLemmas)
