"""Sentence vectors cached in the store: a rebuild encodes only sentences it has not seen.

Keyed by a hash of the model's files and the sentence, so a new model never reuses old
vectors. Vectors are stored as the float32 bytes the encoder returned, so a cached vector
is bit-identical to the one first computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import duckdb
import numpy as np

TABLE = "sentence_vectors"
_DDL = f"CREATE TABLE IF NOT EXISTS {TABLE} (key VARCHAR PRIMARY KEY, vector BLOB NOT NULL)"

Encoder = Callable[[Sequence[str]], np.ndarray]


def _key(tag: str, text: str) -> str:
    return hashlib.sha256(f"{tag}\0{text}".encode()).hexdigest()


def cached_encoder(con: duckdb.DuckDBPyConnection, encode: Encoder, tag: str) -> Encoder:
    """An encoder like ``encode`` that reads known sentences from the store and encodes (and
    stores) only the others, in one call. ``tag`` names the model (its files' digest)."""

    def run(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return encode(texts)
        con.execute(_DDL)
        keys = [_key(tag, t) for t in texts]
        known: dict[str, bytes] = {}
        for start in range(0, len(keys), 5000):
            chunk = keys[start : start + 5000]
            rows = con.execute(
                f"SELECT key, vector FROM {TABLE} WHERE key IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            known.update((k, bytes(v)) for k, v in rows)
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in known})
        if missing:
            fresh = encode(missing)
            new = {_key(tag, t): fresh[i].astype(np.float32).tobytes()
                   for i, t in enumerate(missing)}
            con.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", list(new.items()))
            known.update(new)
        return np.stack([np.frombuffer(known[k], dtype=np.float32) for k in keys])

    return run


def put_vectors(con: duckdb.DuckDBPyConnection, tag: str, vectors: dict[str, bytes]) -> None:
    """Store float32 vectors computed elsewhere (the per-document stage), keeping the vector
    already stored for a sentence: the first one computed stays, so outputs do not depend
    on which process computed a sentence first."""
    if not tag or not vectors:
        return
    con.execute(_DDL)
    rows = sorted((_key(tag, t), v) for t, v in vectors.items())
    keys, blobs = np.empty(len(rows), dtype=object), np.empty(len(rows), dtype=object)
    for i, (k, v) in enumerate(rows):
        keys[i], blobs[i] = k, v
    con.register("_sitrep_vectors", {"key": keys, "vector": blobs})  # columns, not rows
    try:
        con.execute(f"INSERT INTO {TABLE} SELECT key, CAST(vector AS BLOB) FROM _sitrep_vectors "
                    f"WHERE key NOT IN (SELECT key FROM {TABLE})")
    finally:
        con.unregister("_sitrep_vectors")
