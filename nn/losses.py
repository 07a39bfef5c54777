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

import functools
from collections.abc import Sequence

from autograd import Value

__all__ = ["half_squared_error", "squared_error", "mean_squared_error", "cross_entropy", "loss_graph",
           "LOSSES", "LOSS_NAMES"]


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
LOSS_NAMES = (*LOSSES, "cross_entropy")  # what a worked example may name


# ---- a worked example's loss: each output's own error as a node -----------------------------


def _sum(terms: Sequence[Value]) -> Value:
    total = terms[0]
    for t in terms[1:]:
        total = total + t
    return total


def loss_graph(loss_name: str, outputs: Value | Sequence[Value], targets: Sequence[float],
               shift: float | None = None) -> Value:
    """The loss L on the outputs, with each output's own error ``E_o1``, ``E_o2``, ... as a node.

    One output: the loss function's own graph (L is E_o1). Several: L = E_o1 + E_o2 + ..., where
    E_oi is output i's share (½(y − ŷ)² for half_squared_error) and e_oi = y − ŷ its error
    signal. ``cross_entropy``: softmax of the outputs, p_o1, p_o2, ..., and L = −Σ y_i·log p_oi
    over the targets that are not 0 (``shift``: the softmax's shift, see ``cross_entropy``).
    """
    outs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    if loss_name == "cross_entropy":
        return cross_entropy(outs, targets, shift)
    if len(outs) == 1:
        return LOSSES[loss_name](outs[0], list(targets))
    if len(outs) != len(targets):
        raise ValueError(f"{len(outs)} outputs but {len(targets)} targets; give one target per output")
    n = len(outs)
    scale = {"half_squared_error": 0.5, "squared_error": 1.0, "mean_squared_error": 1.0 / n}[loss_name]
    errors = []
    for (y_label, e_label, error_label), out, y in zip(_error_labels(n), outs, targets, strict=True):
        square = (Value(y, y_label) - out).named(e_label) ** 2  # the error signal e = y − ŷ
        errors.append((square * scale if scale != 1.0 else square).named(error_label))
    return _sum(errors).named("L")


@functools.cache
def _error_labels(n: int) -> tuple[tuple[str, str, str], ...]:
    return tuple((f"y{i}", f"e_o{i}", f"E_o{i}") for i in range(1, n + 1))


def cross_entropy(outs: list[Value], targets: Sequence[float], shift: float | None = None) -> Value:
    """L = −Σ yᵢ·log pᵢ over the targets that are not 0; pᵢ (labelled p_o1, ...): the outputs' softmax.

    ``shift`` is subtracted from every output before exp (softmax is unchanged; exp cannot overflow):
    by default the largest output, read from the data; ``stepgrad code`` passes it in, so the step
    can be written as code with the shift as an argument."""
    if len(outs) != len(targets):
        raise ValueError(f"{len(outs)} outputs but {len(targets)} targets; give one-hot targets, one per "
                         "output")
    if shift is None:
        shift = max(o.data for o in outs)
    exps = [(o - shift).exp() for o in outs]
    total = _sum(exps)
    probs = [(e / total).named(f"p_o{i}") for i, e in enumerate(exps, 1)]
    terms = [-(p.log() * y if y != 1.0 else p.log()) for p, y in zip(probs, targets, strict=True) if y != 0.0]
    return (_sum(terms) if len(terms) > 1 else terms[0] * 1.0).named("L")
