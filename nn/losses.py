"""Losses, named for their convention, because the documents disagree.

| function               | formula         | used by                                          |
|------------------------|-----------------|--------------------------------------------------|
| ``half_squared_error`` | ½·Σ (y − ŷ)²    | seed 000 (which calls it "MSE"), Mazur-style worked examples |
| ``squared_error``      | Σ (y − ŷ)²      | seed 001 (which also calls it "MSE")             |
| ``mean_squared_error`` | (1/n)·Σ (y − ŷ)² | what PyTorch and most libraries call MSE        |

For one output, ``squared_error`` = 2 × ``half_squared_error`` = ``mean_squared_error``: every
gradient of the first is twice that of the half version, the "factor of 2" seen between documents.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd import Value

__all__ = ["half_squared_error", "squared_error", "mean_squared_error", "LOSSES"]


def _pairs(prediction, target) -> list[tuple[Value, Value]]:
    """(ŷ, y) pairs; plain-number targets become leaves labelled y (or y1, y2, ...)."""
    preds = prediction if isinstance(prediction, (list, tuple)) else [prediction]
    targets = target if isinstance(target, (list, tuple)) else [target]
    if len(preds) != len(targets):
        raise ValueError(f"{len(preds)} predictions but {len(targets)} targets; give one target per output")
    if not preds:
        raise ValueError("no predictions: a loss needs at least one output and its target")
    if len(targets) == 1:
        names = ["y"]
    else:
        names = [f"y{i + 1}" for i in range(len(targets))]
    return [(p, t if isinstance(t, Value) else Value(t, n)) for p, t, n in zip(preds, targets, names)]


def _sum_of_squares(pairs: list[tuple[Value, Value]]) -> Value:
    terms = [(y - y_hat) ** 2 for y_hat, y in pairs]
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def squared_error(prediction: Value | Sequence[Value], target: float | Sequence[float]) -> Value:
    """L = Σ (y − ŷ)², seed 001's loss; dL/dŷ = −2(y − ŷ)."""
    return _sum_of_squares(_pairs(prediction, target)).named("L")


def half_squared_error(prediction: Value | Sequence[Value], target: float | Sequence[float]) -> Value:
    """L = ½·Σ (y − ŷ)², seed 000's loss; dL/dŷ = −(y − ŷ)."""
    return (Value(0.5, "½") * _sum_of_squares(_pairs(prediction, target))).named("L")


def mean_squared_error(prediction: Value | Sequence[Value], target: float | Sequence[float]) -> Value:
    """L = (1/n)·Σ (y − ŷ)² over the n outputs; dL/dŷ = −2(y − ŷ)/n."""
    pairs = _pairs(prediction, target)
    n = len(pairs)
    total = _sum_of_squares(pairs)
    return (total * (1.0 / n) if n > 1 else total).named("L")


LOSSES = {
    "half_squared_error": half_squared_error,
    "squared_error": squared_error,
    "mean_squared_error": mean_squared_error,
}
