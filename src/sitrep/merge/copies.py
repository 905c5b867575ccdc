"""Near-copies: a syndicated wire story or a republication counts as one source.

Exact duplicates never reach the store (ingest refuses a second file with the same
normalised text). Near-copies do: the same article under another file name with a
different header or footer, a few edited words, or the end trimmed. They stay
documents of their own, but each is marked a copy of its group's original
(``documents.copy_of``), and the claims ledger counts a group as one source.

Method: the text is normalised (Unicode NFKC, case folded, words only) and cut into
overlapping :data:`SHINGLE`-word shingles. MinHash signatures with locality-sensitive
banding propose candidate pairs (so a large corpus is not compared pair by pair); each
candidate is then checked exactly on its shingle sets. Two documents are copies when
their shingle sets have Jaccard similarity >= :data:`JACCARD`, or when one holds
>= :data:`CONTAINED` of the other's shingles while being at least :data:`MIN_RATIO` of
its length (a trimmed wire copy). Copies of copies join one group (connected
components). The group's original is its earliest-published document, then the lowest
doc id: the result depends only on the texts and dates, never on input order.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

import numpy as np

SHINGLE = 4  # words per shingle
JACCARD = 0.7  # least Jaccard similarity of two copies' shingle sets
CONTAINED = 0.9  # ... or least share of the shorter text's shingles found in the longer
MIN_RATIO = 0.6  # ... when the shorter has at least this share of the longer's shingles
PERMUTATIONS = 126
BAND = 3  # signature rows per LSH band: 42 bands
_CHUNK = 4096  # shingles hashed at once
_MIX = 0x9E3779B1  # odd multiplier of the shingle polynomial
_WORD = re.compile(r"\w+")


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Fixed hash parameters (a seeded generator: the same on every machine and run);
    odd multipliers, so each ``a*x + b mod 2**32`` is a permutation of 32-bit hashes."""
    rng = np.random.default_rng(20211)
    a = rng.integers(0, 1 << 32, size=PERMUTATIONS, dtype=np.uint64).astype(np.uint32) | 1
    b = rng.integers(0, 1 << 32, size=PERMUTATIONS, dtype=np.uint64).astype(np.uint32)
    return a, b


def words(text: str) -> list[str]:
    """The words of a text, normalised: NFKC, case folded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> np.ndarray:
    """Sorted unique 32-bit hashes of the text's :data:`SHINGLE`-word shingles (each word
    hashed once with CRC-32, a shingle as a polynomial of its words' hashes mod 2**32)."""
    ws = words(text)
    if not ws:
        return np.zeros(0, dtype=np.uint32)
    crc = {w: zlib.crc32(w.encode("utf-8")) for w in dict.fromkeys(ws)}  # once per word
    ids = np.fromiter(map(crc.__getitem__, ws), dtype=np.uint32, count=len(ws))
    n = max(1, ids.size - SHINGLE + 1)
    h = np.zeros(n, dtype=np.uint32)
    for j in range(min(SHINGLE, ids.size)):
        h = h * np.uint32(_MIX) + ids[j : j + n]  # wraps mod 2**32
    return np.unique(h)


def signature(hashes: np.ndarray) -> np.ndarray:
    """MinHash signature: per permutation, the least ``a*x + b mod 2**32`` of the shingles."""
    a, b = _permutations()
    if hashes.size == 0:
        return np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    x = hashes
    out = np.empty(PERMUTATIONS, dtype=np.uint32)
    for start in range(0, x.size, _CHUNK):  # bounded memory for a very long text
        part = x[start : start + _CHUNK, None] * a[None, :] + b[None, :]  # wraps mod 2**32
        low = part.min(axis=0)
        out = low if start == 0 else np.minimum(out, low)
    return out


def similar(x: np.ndarray, y: np.ndarray) -> bool:
    """True when two shingle sets are copies (see the module docstring)."""
    if x.size == 0 or y.size == 0:
        return False
    shared = np.intersect1d(x, y, assume_unique=True).size
    small, large = sorted((x.size, y.size))
    if shared / (x.size + y.size - shared) >= JACCARD:
        return True
    return shared / small >= CONTAINED and small / large >= MIN_RATIO


def find_copies(docs: Iterable[tuple[str, date | None, str]]) -> dict[str, str]:
    """``{doc_id: original doc_id}`` for every document that is a copy of another.

    ``docs`` are ``(doc_id, published, text)``; originals are not keys.
    """
    items = sorted(docs, key=lambda d: d[0])
    sets = {doc_id: shingles(text) for doc_id, _, text in items}
    published = {doc_id: day for doc_id, day, _ in items}
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for doc_id, _, _ in items:
        if sets[doc_id].size == 0:
            continue
        sig = signature(sets[doc_id])
        for band in range(PERMUTATIONS // BAND):
            buckets[(band, sig[band * BAND : (band + 1) * BAND].tobytes())].append(doc_id)
    parent = {doc_id: doc_id for doc_id, _, _ in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    checked: set[tuple[str, str]] = set()
    for key in sorted(buckets):
        members = buckets[key]
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                rx, ry = root(x), root(y)
                if rx == ry or (x, y) in checked:
                    continue
                checked.add((x, y))
                if similar(sets[x], sets[y]):
                    parent[max(rx, ry)] = min(rx, ry)
    groups: dict[str, list[str]] = defaultdict(list)
    for doc_id, _, _ in items:
        groups[root(doc_id)].append(doc_id)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda d: (published[d] is None, published[d] or date.min, d))
        out.update({d: original for d in members if d != original})
    return out


def source_keys(
    doc_ids: Iterable[str], publishers: Mapping[str, str], copies: Mapping[str, str]
) -> dict[str, str]:
    """Each document's source for counting independent sources: its outlet (or file),
    and for a copy its original's."""
    return {d: publishers.get(copies.get(d, d)) or copies.get(d, d) for d in doc_ids}
