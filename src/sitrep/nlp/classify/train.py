"""Deterministic softmax regression with L2, fitted by full-batch L-BFGS in numpy.

Weights start at zero and every step is a fixed sequence of numpy operations, so the
same data gives the same weights on every run (on one machine and BLAS build).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Objective = Callable[[np.ndarray], tuple[float, np.ndarray]]


def _objective(x: np.ndarray, y: np.ndarray, w: np.ndarray, k: int, l2: float) -> Objective:
    """Weighted mean cross-entropy plus ``l2/2·‖W‖²`` (bias not penalised) and its gradient
    over the flat parameters ``[W (d×k), b (k)]``."""
    n, d = x.shape
    onehot = np.zeros((n, k), dtype=np.float64)
    onehot[np.arange(n), y] = 1.0
    total = float(w.sum())

    def f(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights = theta[: d * k].reshape(d, k)
        bias = theta[d * k :]
        logits = (x @ weights.astype(np.float32)).astype(np.float64) + bias
        logits -= logits.max(axis=1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        loss = -float((w * (onehot * logp).sum(axis=1)).sum()) / total
        loss += 0.5 * l2 * float((weights * weights).sum())
        delta = (np.exp(logp) - onehot) * (w[:, None] / total)
        grad = (x.T @ delta.astype(np.float32)).astype(np.float64) + l2 * weights
        return loss, np.concatenate([grad.ravel(), delta.sum(axis=0)])

    return f


def _direction(grad: np.ndarray, memory: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """L-BFGS two-loop recursion: an approximate Newton step from the stored pairs."""
    q = grad.copy()
    alphas = []
    for s, yv in reversed(memory):
        rho = 1.0 / float(yv @ s)
        alpha = rho * float(s @ q)
        q -= alpha * yv
        alphas.append((rho, alpha))
    if memory:
        s, yv = memory[-1]
        q *= float(s @ yv) / float(yv @ yv)
    for (s, yv), (rho, alpha) in zip(memory, reversed(alphas), strict=True):
        q += (alpha - rho * float(yv @ q)) * s
    return -q


def minimise(f: Objective, theta: np.ndarray, iterations: int, history: int = 10) -> np.ndarray:
    """L-BFGS with a backtracking (Armijo) line search; stops early on a tiny gradient."""
    loss, grad = f(theta)
    memory: list[tuple[np.ndarray, np.ndarray]] = []
    for _ in range(iterations):
        if float(np.abs(grad).max()) < 1e-6:
            break
        step = _direction(grad, memory)
        slope = float(grad @ step)
        if slope >= 0:  # not a descent direction: restart from the gradient
            memory.clear()
            step, slope = -grad, -float(grad @ grad)
        rate = 1.0 if memory else 1.0 / max(float(np.abs(grad).sum()), 1.0)
        for _ in range(30):
            new_theta = theta + rate * step
            new_loss, new_grad = f(new_theta)
            if new_loss <= loss + 1e-4 * rate * slope:
                break
            rate *= 0.5
        else:
            break
        s, yv = new_theta - theta, new_grad - grad
        if float(s @ yv) > 1e-10:
            memory.append((s, yv))
            memory = memory[-history:]
        theta, loss, grad = new_theta, new_loss, new_grad
    return theta


def softmax_regression(
    x: np.ndarray,
    y: np.ndarray,
    classes: int,
    sample_weight: np.ndarray | None = None,
    l2: float = 1e-3,
    iterations: int = 200,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``(d, classes)`` and bias ``(classes,)`` minimising the L2-penalised loss."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    d = x.shape[1]
    f = _objective(x, np.asarray(y), w, classes, l2)
    theta = minimise(f, np.zeros(d * classes + classes), iterations)
    weights = theta[: d * classes].reshape(d, classes).astype(np.float32)
    return weights, theta[d * classes :].astype(np.float32)


def balanced_weights(y: np.ndarray, power: float = 1.0) -> np.ndarray:
    """Per-row weights ``(n / n_class) ** power``, rescaled to mean 1: ``power=1`` gives
    every class the same total weight, ``power=0`` leaves rows equal."""
    _, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    w = (len(y) / counts[inverse].astype(np.float64)) ** power
    return w / w.mean()
