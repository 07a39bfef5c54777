"""Compiled training: one sample's graph recorded once, replayed for every step.

``train_step(model, loss, optimizer)`` returns a ``TrainStep``. Calling it on one sample does,
bit for bit, what the eager loop does::

    loss_value = loss(model(x), y)       # eager: builds the graph every step
    optimizer.zero_grad()
    loss_value.backward()
    optimizer.step()

but through ``autograd.jit``: the first call records the graph and generates Python for the
forward pass, the backward pass and the optimizer's update (SGD or ``Momentum``); later calls
replay it. ``step.epoch(xs, ys)`` is one full-batch step on the mean loss over the data, the
gradient accumulated sample by sample over one sample's compiled graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from autograd import Value
from autograd.compiler import Compiled, jit
from nn.module import Module
from nn.optim import SGD

__all__ = ["Momentum", "TrainStep", "train_step"]

Target = float | Sequence[float]
LossFn = Callable[[Value | list[Value], Target], Value]


class Momentum:
    """SGD with momentum, as PyTorch writes it: v ← μ·v + ∂L/∂θ, θ ← θ − η·v (v starts at 0)."""

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.9) -> None:
        self.params = list(params)
        if not lr > 0:
            raise ValueError(f"learning rate must be positive, got {lr!r}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.lr, self.momentum = float(lr), float(momentum)
        self.velocity = [0.0] * len(self.params)

    def step(self) -> None:
        lr, mu, v = self.lr, self.momentum, self.velocity
        for i, p in enumerate(self.params):
            v[i] = mu * v[i] + p.grad
            p.data -= lr * v[i]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = 0.0


class _Fused:
    """An optimizer as ``autograd.jit`` fuses it: its step written as code (see ``jit.Update``)."""

    def __init__(self, optimizer: SGD | Momentum) -> None:
        self.optimizer = optimizer
        self.parameters = optimizer.params

    def code(self, params: Sequence[tuple[str, str, str]]) -> tuple[list[str], dict[str, object]]:
        opt = self.optimizer
        if isinstance(opt, Momentum):
            lines = ["_lr, _mu, _v = _optimizer.lr, _optimizer.momentum, _optimizer.velocity"]
            for i, (node, value, grad) in enumerate(params):
                lines += [f"_v[{i}] = _mu * _v[{i}] + {grad}", f"{node}.data = {value} - _lr * _v[{i}]"]
        else:
            lines = ["_lr = _optimizer.lr"]
            lines += [f"{node}.data = {value} - _lr * {grad}" for node, value, grad in params]
        return lines, {"_optimizer": opt}

    def zero_grad(self) -> None:
        self.optimizer.zero_grad()

    def step(self) -> None:
        self.optimizer.step()


def _fusable(optimizer: object) -> bool:
    """Only optimizers whose step this module knows how to write (exactly SGD and Momentum)."""
    return type(optimizer) in (SGD, Momentum)


class TrainStep:
    """One compiled training step of ``model`` on ``loss``; see ``train_step``."""

    def __init__(self, model: Module | Callable[..., Value | list[Value]], loss: LossFn,
                 optimizer: SGD | Momentum, compiled: bool = True, name: str | None = None) -> None:
        self.model, self.loss, self.optimizer, self.compiled = model, loss, optimizer, compiled
        self.name = name or f"{type(model).__name__}_step"
        self._steps: dict[tuple[int, int], Compiled] = {}  # (inputs, targets or -1 for a number)
        self._samples: dict[tuple[int, int], Compiled] = {}
        self._inputs, self._last = -1, None  # input count and step of the last one-number target

    # -- one sample --
    def __call__(self, x: Sequence[float], y: Target) -> float:
        """One update on one sample; returns the loss before the update."""
        if type(y) is float and len(x) == self._inputs:  # the same shape as the last sample
            return self._last(*x, y)  # the compiled step's direct caller
        if not self.compiled:
            return self.eager(x, y)
        scalar = not isinstance(y, (list, tuple))
        key = (len(x), -1 if scalar else len(y))  # type: ignore[arg-type]
        step = self._steps.get(key) or self._make(self._steps, key, fused=True)
        if scalar:
            loss = step(*x, y)
            direct = step.fast(len(x) + 1) if isinstance(step, Compiled) else None
            self._inputs, self._last = len(x), direct or step
            return loss
        return step(*x, *y)  # type: ignore[misc]

    def eager(self, x: Sequence[float], y: Target) -> float:
        """The same step through the engine, building the graph: the reference the tests compare."""
        loss = self.loss(self.model(list(x)), y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.data

    def graph(self, x: Sequence[float], y: Target) -> Value:
        """The recorded graph of one sample, refreshed with the current parameters (no update).

        Feed it to ``trace``, ``Stepper`` or ``draw`` to see this step of a compiled run.
        """
        if not self.compiled:
            loss = self.loss(self.model(list(x)), y)
            loss.backward()
            return loss
        step, data = self._sample_step(x, y, weighted=False)
        return step.graph(*data)

    @property
    def source(self) -> str:
        """The generated code of the last compiled step (call the step once first)."""
        last = list(self._steps.values()) or list(self._samples.values())
        if not last:
            raise ValueError("the training step has not been called yet: the first call compiles it")
        return last[-1].source

    # -- the data set --
    def epoch(self, xs: Sequence[Sequence[float]], ys: Sequence[Target]) -> float:
        """One full-batch update on the mean loss (1/n)·Σ loss(model(x), y); returns that mean.

        The gradient is accumulated sample by sample over one sample's compiled graph, exactly
        as ``(loss(model(x), y) * (1/n)).backward(accumulate=True)`` for each sample would do it.
        """
        if len(xs) != len(ys):
            raise ValueError(f"{len(xs)} inputs but {len(ys)} targets; give one target per input")
        if not xs:
            raise ValueError("epoch() needs at least one sample")
        w = 1.0 / len(xs)
        self.optimizer.zero_grad()
        total = 0.0
        if self.compiled:
            step, _ = self._sample_step(xs[0], ys[0], weighted=True)
            shape = (len(xs[0]), isinstance(ys[0], (list, tuple)))
            if all((len(x), isinstance(y, (list, tuple))) == shape for x, y in zip(xs, ys)):
                total = step.accumulate_many([(*x, *y, w) if shape[1] else (*x, y, w)  # type: ignore[misc]
                                              for x, y in zip(xs, ys)])
            else:
                for x, y in zip(xs, ys):
                    step, data = self._sample_step(x, y, weighted=True)
                    total += step.accumulate(*data, w)
        else:
            for x, y in zip(xs, ys):
                loss = self.loss(self.model(list(x)), y) * w
                loss.backward(accumulate=True)
                total += loss.data
        self.optimizer.step()
        return total

    # -- compiling --
    def _sample_step(self, x: Sequence[float], y: Target, weighted: bool) -> tuple[Compiled, list[float]]:
        scalar = not isinstance(y, (list, tuple))
        key = (len(x), -1 if scalar else len(y), weighted)  # type: ignore[arg-type]
        step = self._samples.get(key) or self._make(self._samples, key, fused=False)  # type: ignore[arg-type]
        return step, [*x, y] if scalar else [*x, *y]  # type: ignore[list-item, misc]

    def _make(self, cache: dict, key: tuple, fused: bool) -> Compiled:  # type: ignore[type-arg]
        n_in, n_out = key[0], key[1]
        weighted = len(key) > 2 and key[2]
        model, loss = self.model, self.loss

        def sample_loss(*data: float) -> Value:
            x = list(data[:n_in])
            y: Target = data[n_in] if n_out == -1 else list(data[n_in:n_in + n_out])
            out = loss(model(x), y)
            return out * data[-1] if weighted else out

        update = _Fused(self.optimizer) if fused and _fusable(self.optimizer) else None
        step = jit(sample_loss, update=update, name=self.name)
        if fused and update is None:  # an optimizer we cannot write as code: its own step
            step = _Unfused(step, self.optimizer)  # type: ignore[assignment]
        cache[key] = step
        return step


class _Unfused:
    """A compiled forward/backward followed by the optimizer's own ``zero_grad``/``step``."""

    def __init__(self, compiled: Compiled, optimizer: object) -> None:
        self.compiled, self.optimizer = compiled, optimizer

    def __call__(self, *data: float) -> float:
        self.optimizer.zero_grad()  # type: ignore[attr-defined]
        loss = self.compiled(*data)
        self.optimizer.step()  # type: ignore[attr-defined]
        return loss

    @property
    def source(self) -> str:
        return self.compiled.source


def train_step(model: Module | Callable[..., Value | list[Value]], loss: LossFn,
               optimizer: SGD | Momentum, compiled: bool = True, name: str | None = None) -> TrainStep:
    """A training step for ``model`` (an MLP, a documents' network, any callable on a list of
    inputs) with ``loss`` (e.g. ``half_squared_error``) and ``optimizer`` (``SGD`` or ``Momentum``;
    another optimizer works too, its own ``step()`` run after the compiled gradients).

    >>> step = train_step(net, half_squared_error, SGD(net.parameters(), lr=0.5))
    >>> for epoch in range(100):
    ...     for x, y in data:
    ...         step(x, y)                      # compiled: forward, backward, update
    >>> step.epoch(xs, ys)                      # or one full-batch update on the mean loss

    ``compiled=False`` runs the same steps eagerly (the reference, and for timing the difference).
    ``name`` names the generated function (``step.source``).
    """
    return TrainStep(model, loss, optimizer, compiled, name)
