"""The one optimizer: stochastic gradient descent, with momentum and frozen parameters.

θ ← θ − η·∂L/∂θ, as both documents write it; with momentum μ (as PyTorch writes it)
v ← μ·v + ∂L/∂θ, θ ← θ − η·v, v starting at 0. A frozen parameter keeps its value (its buffer
stays 0). The eager loop calls ``step()``; the compiled training step and the checker's compiled
runs write the same update into the generated code with ``code()`` (``autograd.compiler``'s
``Update`` protocol); the checker's steps through the engine call ``step()``. Both forms are
here, side by side, and the compiler's tests check them bit for bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd import Value
from autograd.engine import descend, written

__all__ = ["SGD", "Momentum"]


class SGD:
    """``SGD(params, lr, momentum=0.0, frozen=())``. ``lr`` is read at every step (and by the
    compiled code): the checker sets it to a document's own rate, −η for a document that adds the
    gradient."""

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0,
                 frozen: Iterable[Value] = ()) -> None:
        self.params = list(params)
        if not lr > 0:
            raise ValueError(f"learning rate must be positive, got {lr!r}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.held = set(frozen)  # the frozen parameters
        self.velocity = [0.0] * len(self.params)

    @property
    def parameters(self) -> list[Value]:
        return self.params

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0

    def step(self) -> None:
        lr = self.lr
        if not self.momentum and not self.held:  # the documents' update, eager training's hot loop
            descend(self.params, lr)  # p.data -= lr * p.grad for each, counted as one write
            return
        mu, v, held = self.momentum, self.velocity, self.held
        for i, p in enumerate(self.params):
            if p in held:
                v[i] = 0.0
            elif mu:
                v[i] = mu * v[i] + p.grad
                p.data -= lr * v[i]
            else:
                p.data -= lr * p.grad

    def code(self, params: Sequence[tuple[str, str, str]]) -> tuple[list[str], dict[str, object]]:
        """``step()`` as statements of generated code, given one ``(node, value, grad)`` triple of
        expressions per parameter (the ``Update`` protocol of ``autograd.compiler``)."""
        mu = self.momentum
        lines = ["_lr, _mu, _v = _optimizer.lr, _optimizer.momentum, _optimizer.velocity" if mu
                 else "_lr = _optimizer.lr"]
        for i, ((node, value, grad), p) in enumerate(zip(params, self.params, strict=True)):
            if p in self.held:
                lines += [f"_v[{i}] = 0.0"] if mu else []
            elif mu:
                lines += [f"_v[{i}] = _mu * _v[{i}] + {grad}", f"{node}._data = {value} - _lr * _v[{i}]"]
            else:
                lines.append(f"{node}._data = {value} - _lr * {grad}")
        lines.append("_written()  # the parameters' ._data (their .data) written: counted once")
        return lines, {"_optimizer": self, "_written": written}


class Momentum(SGD):
    """``SGD`` with momentum μ (0.9 unless given): v ← μ·v + ∂L/∂θ, θ ← θ − η·v."""

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.9) -> None:
        super().__init__(params, lr, momentum)
