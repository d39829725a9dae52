"""Temperature scaling and expected calibration error (ECE).

A linear model's softmax is often over- or under-confident. One temperature ``T`` fitted on
held-out scores (``softmax(scores / T)``) fixes most of that without changing any prediction, and it
is a single number to store — no pickled calibrator.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def softmax(scores: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(scores, dtype=float) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, y: Sequence[int]) -> float:
    """The temperature minimising the negative log-likelihood of ``y`` (indices of classes)."""
    from scipy.optimize import minimize_scalar

    y = np.asarray(y)
    rows = np.arange(len(y))

    def nll(log_t: float) -> float:
        p = softmax(scores, float(np.exp(log_t)))
        return float(-np.log(np.clip(p[rows, y], 1e-12, None)).mean())

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))


def expected_calibration_error(probabilities: np.ndarray, y: Sequence[int], bins: int = 10
                               ) -> float:
    """ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins.

    >>> round(expected_calibration_error(np.array([[0.9, 0.1], [0.6, 0.4]]), [0, 1]), 3)
    0.35
    """
    probabilities = np.asarray(probabilities)
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == np.asarray(y)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(ece)
