"""Features for the learned event model: sentence embeddings plus a small lexical vector.

The embedding part is all-MiniLM-L6-v2 (:mod:`sitrep.nlp.embed`), z-scored with the
training mean and spread. The lexical part is a binary TF-IDF vector over a fixed
vocabulary of lowercase words and word bigrams, L2-normalised and scaled. Everything is
plain numpy and deterministic; the vocabulary is stored as JSON next to the weights.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from sitrep.nlp import embed

Encoder = Callable[[Sequence[str]], np.ndarray]
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")


def terms(text: str) -> list[str]:
    """Lowercase words (numbers folded to ``0``) and adjacent-word bigrams of ``text``."""
    words = ["0" if w.isdigit() else w for w in _WORD.findall(text.lower())]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


@dataclass(frozen=True)
class Lexicon:
    """A fixed term vocabulary with inverse document frequencies."""

    vocab: tuple[str, ...]
    idf: np.ndarray

    @classmethod
    def build(cls, texts: Sequence[str], size: int = 3000, min_df: int = 2) -> Lexicon:
        """The ``size`` terms in most texts (ties alphabetical), each in at least ``min_df``."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(terms(text)))
        ranked = sorted((t for t, n in df.items() if n >= min_df), key=lambda t: (-df[t], t))
        vocab = tuple(sorted(ranked[:size]))
        n = max(len(texts), 1)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocab], dtype=np.float32)
        return cls(vocab, idf)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Binary TF-IDF rows, each L2-normalised (all-zero for texts with no known term)."""
        index = {t: i for i, t in enumerate(self.vocab)}
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for row, text in enumerate(texts):
            cols = sorted({index[t] for t in terms(text) if t in index})
            out[row, cols] = self.idf[cols]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def combine(
    vectors: np.ndarray, lexical: np.ndarray, mean: np.ndarray, scale: np.ndarray, weight: float
) -> np.ndarray:
    """The design matrix: z-scored embeddings next to ``weight`` times the lexical rows."""
    z = (vectors - mean) / scale
    return np.hstack([z, weight * lexical]).astype(np.float32)


class CachedEncoder:
    """:func:`sitrep.nlp.embed.encode` with an on-disk cache (an ``.npz`` of text hashes
    and vectors), so repeated training and evaluation runs embed each text once."""

    def __init__(self, path: str | Path, encoder: Encoder = embed.encode) -> None:
        self.path = Path(path)
        self.encoder = encoder
        self._store: dict[str, np.ndarray] = {}
        if self.path.is_file():
            with np.load(self.path, allow_pickle=False) as data:
                self._store = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, computing only the texts not yet cached."""
        keys = [self._key(t) for t in texts]
        missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in self._store})
        if missing:
            self._store.update(
                zip((self._key(t) for t in missing), self.encoder(missing), strict=True)
            )
            self._save()
        if not keys:
            return np.zeros((0, embed.DIMENSION), dtype=np.float32)
        return np.stack([self._store[k] for k in keys]).astype(np.float32)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._store)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([self._store[k] for k in keys]))
        tmp.replace(self.path)
