"""Sentence vectors are computed in the per-document stage (so in parallel with ``-j``) and
stored with the document: the merge after it finds every evidence sentence cached."""

from __future__ import annotations

import pytest

from sitrep.nlp import embed
from sitrep.pipeline import analyse, run
from sitrep.pipeline.run import build
from sitrep.store import STORE_NAME, Store
from sitrep.store.vectors import TABLE, _key

pytestmark = pytest.mark.skipif(not embed.available(), reason="embedding model not installed")

TEXT = (
    "Attack near the market\n\n"
    "By Staff Reporter | Published 12 April 2024\n\n"
    "On 11 April 2024, gunmen attacked a police post in Gao, Mali, killing two officers.\n\n"
    "On 10 April 2024, soldiers clashed with militants near Menaka, Mali.\n"
)


def test_pipeline_vectors_stored_by_the_document_stage(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    calls: list[tuple[str, list[str]]] = []  # (stage, texts)
    stage = ["document"]
    real, reconcile = embed.encode, run._reconcile

    def counting(texts, *args, **kwargs):
        calls.append((stage[0], list(texts)))
        return real(texts, *args, **kwargs)

    def merging(*args, **kwargs):
        stage[0] = "merge"
        return reconcile(*args, **kwargs)

    monkeypatch.setattr(embed, "encode", counting)
    monkeypatch.setattr(run, "_reconcile", merging)
    monkeypatch.setattr(analyse, "_VECTORS", {})  # nothing embedded earlier in this process
    build([src], tmp_path / "out", report=False)
    with Store(tmp_path / "out" / STORE_NAME, read_only=True) as store:
        evidence = sorted({m.evidence for m in store.mentions()})
        keys = [_key(embed.model_tag(), t) for t in evidence]
        stored = {k for (k,) in store.con.execute(f"SELECT key FROM {TABLE}").fetchall()}
    assert evidence, "the text reports events"
    assert set(keys) <= stored
    # embedded in the document stage (the learned event model, when on, may embed its
    # candidate sentences there too); the merge encoded nothing more
    assert ("document", evidence) in calls
    assert [texts for where, texts in calls if where == "merge"] == []
