"""The compiled ``match`` of the English model's attribute ruler (:mod:`sitrep.nlp.attributes`)
finds exactly what spaCy's matcher finds, so POS, MORPH and LEMMA are unchanged."""

from __future__ import annotations

import importlib

import pytest
from spacy.attrs import LEMMA, MORPH, POS, TAG

from sitrep.nlp import MODEL_PACKAGE, load_pipeline
from sitrep.nlp.attributes import FastMatch, speed_up

# Sentences written for this test: contractions, "gonna"/"gotta", dropped g's, object
# pronouns, auxiliaries, subordinating words and blank lines, which the ruler's word
# exceptions (one and two tokens, IN / NOT_IN / REGEX tests) are about.
TEXTS = [
    "I ain't leaving, and they're gonna stay. We gotta go now; you gotta see it.",
    "Nothin' happened there, y'all. He didn't say that it was him, did he?",
    "Is it true? Are you sure they were there? I'm not, you're not, it's not.",
    "It's what he'd have done, and I've seen it. Whether or not it rains, he stays till noon.",
    "Give it to me and tell you what. Do they do it? Has he had it? Did he do it?",
    "The militia that attacked the post was repelled.\n\n  \t Police said so, although late.",
    "Rebels shelled the town on 3 May 2024 , killing 12 civilians .  Residents fled .",
]


@pytest.fixture(scope="module")
def model():
    return importlib.import_module(MODEL_PACKAGE).load()


def test_pipeline_attributes_match_what_spacy_matches(model):
    ruler = model.get_pipe("attribute_ruler")
    fast = FastMatch(ruler)
    for text in TEXTS:
        doc = model(text)
        assert fast(doc) == sorted(set(type(ruler).match(ruler, doc))), text


def test_pipeline_attributes_leave_annotations_unchanged():
    nlp = load_pipeline()
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, FastMatch)  # sitrep's pipeline has the compiled match
    attrs = [TAG, POS, MORPH, LEMMA]
    fast = [nlp(text).to_array(attrs) for text in TEXTS]
    del ruler.match  # spaCy's own matcher again
    for text, expected in zip(TEXTS, fast, strict=True):
        assert (nlp(text).to_array(attrs) == expected).all(), text


def test_pipeline_attributes_keep_spacy_for_patterns_not_compiled(model):
    """A ruler with a pattern feature the compiler does not know keeps spaCy's matcher."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Kabul", "OP": "+"}]], {"POS": "PROPN"})
    assert speed_up(ruler) is False
    assert "match" not in vars(ruler)
    ruler2 = nlp.add_pipe("attribute_ruler", name="ruler2")
    ruler2.add([[{"LOWER": "kabul"}], [{"TAG": {"IN": ["NN", "NNP"]}}, {"LOWER": "city"}]],
               {"POS": "PROPN"})
    assert speed_up(ruler2) is True
