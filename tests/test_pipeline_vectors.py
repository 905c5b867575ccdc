"""Sentence vectors are computed by the merge, only for the sentences it compares by
meaning, one sentence at a time, and kept in the store: a rebuild encodes nothing again."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from conftest import make_mention
from sitrep.merge.events import comparable, merge
from sitrep.nlp import embed
from sitrep.pipeline import run
from sitrep.pipeline.run import build
from sitrep.store import STORE_NAME, Store
from sitrep.store.vectors import TABLE, _key

TEXT = (
    "Attack near the market\n\n"
    "By Staff Reporter | Published 12 April 2024\n\n"
    "On 11 April 2024, gunmen attacked a police post in Gao, Mali, killing two officers.\n\n"
    "On 10 April 2024, soldiers clashed with militants near Menaka, Mali.\n\n"
    "On 11 April 2024, armed men attacked the police post in Gao again, a witness said.\n"
)


def _stored_keys(out) -> set[str]:
    with Store(out / STORE_NAME, read_only=True) as store:
        return {k for (k,) in store.con.execute(f"SELECT key FROM {TABLE}").fetchall()}


@pytest.mark.skipif(not embed.available(), reason="embedding model not installed")
def test_pipeline_vectors_only_compared_sentences_embedded_once(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, encoding="utf-8")
    calls: list[tuple[str, list[str]]] = []  # (stage, texts)
    stage = ["document"]
    real, reconcile_store = embed.encode, run._reconcile

    def counting(texts, *args, **kwargs):
        calls.append((stage[0], list(texts)))
        return real(texts, *args, **kwargs)

    def merging(*args, **kwargs):
        stage[0] = "merge"
        return reconcile_store(*args, **kwargs)

    monkeypatch.setattr(embed, "encode", counting)
    monkeypatch.setattr(run, "_reconcile", merging)
    build([src], tmp_path / "out", report=False)
    with Store(tmp_path / "out" / STORE_NAME, read_only=True) as store:
        mentions = store.mentions()
    assert mentions, "the text reports events"
    assert [texts for where, texts in calls if where == "document"] == []
    encoded = [t for _, texts in calls for t in texts]
    assert encoded, "the two Gao attacks of one day are compared"
    assert all(len(texts) == 1 for _, texts in calls)  # one sentence per call
    assert len(encoded) == len(set(encoded))  # each once
    assert set(encoded) <= {m.evidence for m in comparable(mentions)}
    tag = embed.model_tag()
    assert _stored_keys(tmp_path / "out") == {_key(tag, t) for t in encoded}
    # a rebuild from the same files encodes nothing: the store keeps the vectors
    calls.clear()
    (src / "b.txt").write_text("Nothing happened here today.\n", encoding="utf-8")
    build([src], tmp_path / "out", report=False)
    assert calls == []


def test_pipeline_vectors_comparable_mentions():
    a = make_mention("a", doc="d1", evidence="first")
    b = make_mention("b", doc="d2", evidence="second", day=date(2021, 9, 10))  # 4 days on
    far = make_mention("c", doc="d3", evidence="third", day=date(2021, 9, 30))
    other = make_mention("d", doc="d4", evidence="fourth", event_type="Riots",
                         sub_event_type="Mob violence")
    linked = make_mention("e", doc="d1", evidence="fifth", anchor="a")
    assert a.event_date == date(2021, 9, 6)  # conftest's day
    got = {m.mention_id for m in comparable([a, b, far, other, linked])}
    assert got == {"a", "b"}  # within twice the date window, same type, not linked


def test_pipeline_vectors_merge_skips_a_comparison_that_cannot_decide(monkeypatch):
    # another sub-type, another toll, one party more: a mention that even a perfect
    # meaning match could not join to an event two days earlier (the cross-day threshold)
    # is not embedded; on the event's own day it is
    a = make_mention("a", doc="d1", evidence="Rebels shelled the ridge overnight.",
                     actor2="", fatalities=2)
    later = dict(doc="d2", evidence="A convoy was ambushed on the highway.",
                 sub_event_type="Attack", fatalities=9)
    looked: list[str] = []

    def encoder(texts):
        looked.extend(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2  # the same meaning

    monkeypatch.setattr(embed, "available", lambda: True)
    week = make_mention("b", day=date(2021, 9, 8), time_precision=2, **later)
    merged = merge([a, week], encoder=encoder)
    assert looked == []
    assert len(merged) == len(merge([a, week], semantic=False)) == 2
    same_day = make_mention("b", **later)
    merge([a, same_day], encoder=encoder)
    assert sorted(looked) == sorted([a.evidence, same_day.evidence])


def test_pipeline_vectors_broken_encoder_falls_back_to_lexical(monkeypatch):
    a = make_mention("a", doc="d1", evidence="clash at the dam")
    b = make_mention("b", doc="d2", evidence="sniper at the school")

    def broken(texts):
        raise embed.EmbedError("unreadable model files")

    monkeypatch.setattr(embed, "available", lambda: True)
    with pytest.warns(UserWarning, match="embeddings off"):
        merged = merge([a, b], encoder=broken)
    assert [e.mention_ids for e in merged] == [e.mention_ids for e in merge([a, b],
                                                                         semantic=False)]
