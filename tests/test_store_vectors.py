"""The store's sentence-vector cache: a rebuild encodes only sentences it has not seen."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np

from sitrep.store.vectors import cached_encoder


class _Counting:
    """A stand-in encoder that records which texts it was asked for."""

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


def test_store_vectors_encode_only_new_sentences() -> None:
    con = duckdb.connect(":memory:")
    enc = _Counting()
    first = cached_encoder(con, enc, "m1")(["alpha", "beta", "alpha"])
    assert enc.seen == [["alpha", "beta"]]  # distinct texts, encoded once
    again = cached_encoder(con, enc, "m1")(["beta", "gamma", "alpha"])
    assert enc.seen[1] == ["gamma"]  # only the new one
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert again.dtype == np.float32 and again.shape == (3, 3)


def test_store_vectors_other_model_is_not_reused() -> None:
    con = duckdb.connect(":memory:")
    enc = _Counting()
    cached_encoder(con, enc, "m1")(["alpha"])
    cached_encoder(con, enc, "m2")(["alpha"])
    assert enc.seen == [["alpha"], ["alpha"]]


def test_store_vectors_put_keeps_the_first_vector_and_feeds_the_cache() -> None:
    """Vectors the per-document stage computed are stored once (the first stays, so which
    process computed a sentence first does not matter) and the merge's encoder reuses them."""
    from sitrep.store.vectors import put_vectors

    con = duckdb.connect(":memory:")
    one = np.array([1, 0, 0], dtype=np.float32).tobytes()
    other = np.array([0, 1, 0], dtype=np.float32).tobytes()
    put_vectors(con, "m1", {"alpha": one})
    put_vectors(con, "m1", {"alpha": other, "beta": other})
    enc = _Counting()
    got = cached_encoder(con, enc, "m1")(["alpha", "beta", "gamma"])
    assert enc.seen == [["gamma"]]  # alpha and beta came from the store
    assert got[0].tolist() == [1, 0, 0] and got[1].tolist() == [0, 1, 0]
    put_vectors(con, "", {"delta": one})  # no model: nothing stored
    assert con.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0] == 3
