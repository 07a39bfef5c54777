"""Plain stochastic gradient descent: θ ← θ − η·∂L/∂θ, as both documents write it."""

from __future__ import annotations

from collections.abc import Iterable

from autograd import Value

__all__ = ["SGD"]


class SGD:
    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = list(params)
        if not lr > 0:
            raise ValueError(f"learning rate must be positive, got {lr!r}")
        self.lr = float(lr)

    def step(self) -> None:
        lr = self.lr
        for p in self.params:
            p.data -= lr * p.grad

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0
