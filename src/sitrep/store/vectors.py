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


class CachedEncoder:
    """An encoder like ``encode`` that reads known sentences from the store and encodes only
    the others, in one call. ``tag`` names the model (its files' digest). Vectors read or
    encoded once are kept in memory for the next calls; :meth:`prefetch` reads many known
    ones with one query. New vectors are stored at once, or with ``defer`` when
    :meth:`flush` is called (one insert for a merge that encodes sentence by sentence)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, encode: Encoder, tag: str,
                 defer: bool = False) -> None:
        self.con, self.encode, self.tag, self.defer = con, encode, tag, defer
        self._known: dict[str, bytes] = {}  # key -> float32 bytes
        self._pending: dict[str, bytes] = {}

    def _read(self, keys: Sequence[str]) -> None:
        """Read the stored vectors of ``keys`` not yet in memory."""
        todo = sorted({k for k in keys if k not in self._known})
        if not todo:
            return
        self.con.execute(_DDL)
        for start in range(0, len(todo), 5000):
            chunk = todo[start : start + 5000]
            rows = self.con.execute(
                f"SELECT key, vector FROM {TABLE} WHERE key IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            self._known.update((k, bytes(v)) for k, v in rows)

    def prefetch(self, texts: Sequence[str]) -> None:
        """Read the stored vectors of ``texts`` now, with one query."""
        self._read([_key(self.tag, t) for t in texts])

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.encode(texts)
        keys = [_key(self.tag, t) for t in texts]
        self._read(keys)
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in self._known})
        if missing:
            fresh = self.encode(missing)
            new = {_key(self.tag, t): fresh[i].astype(np.float32).tobytes()
                   for i, t in enumerate(missing)}
            self._known.update(new)
            self._pending.update(new)
            if not self.defer:
                self.flush()
        return np.stack([np.frombuffer(self._known[k], dtype=np.float32) for k in keys])

    def flush(self) -> None:
        """Store the vectors encoded since the last flush."""
        if self._pending:
            self.con.execute(_DDL)
            self.con.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)",
                                 sorted(self._pending.items()))
            self._pending.clear()


def cached_encoder(con: duckdb.DuckDBPyConnection, encode: Encoder, tag: str,
                   defer: bool = False) -> CachedEncoder:
    """An encoder like ``encode`` backed by the store's vectors (see :class:`CachedEncoder`)."""
    return CachedEncoder(con, encode, tag, defer)


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
