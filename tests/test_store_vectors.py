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
