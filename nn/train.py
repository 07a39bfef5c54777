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

``train_step(..., vectorize=True)`` runs ``epoch`` (and ``fit``, many epochs) as numpy array code
over the whole batch (``autograd.jit(fn, vectorize=True)``): the same updates to rounding, not bit
for bit. ``fit`` keeps the parameters in one array for all its epochs, the optimizer's update
applied to that array in place, and writes them back into the parameters' Values once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from autograd import Value
from autograd.compiler import Compiled, jit
from nn.module import Module
from nn.optim import SGD, Momentum
from nn.store import ParameterStore

if TYPE_CHECKING:  # `import nn` must not load the checker
    from nn.check import Example

__all__ = ["TrainStep", "train_step", "example_vectorized"]

Target = float | Sequence[float]
LossFn = Callable[[Value | list[Value], Target], Value]


def _fusable(optimizer: object) -> bool:
    """Only optimizers whose step this module knows how to write (exactly SGD and Momentum)."""
    return type(optimizer) in (SGD, Momentum)


class TrainStep:
    """One compiled training step of ``model`` on ``loss``; see ``train_step``."""

    def __init__(self, model: Module | Callable[..., Value | list[Value]], loss: LossFn,
                 optimizer: SGD | Momentum, compiled: bool = True, name: str | None = None,
                 vectorize: bool = False) -> None:
        self.model, self.loss, self.optimizer, self.compiled = model, loss, optimizer, compiled
        self.vectorize = vectorize and compiled
        self._vectorized: dict[bool, Any] = {}  # one-number targets or lists → jit(vectorize=True)
        self.name = name or f"{type(model).__name__}_step"
        self._steps: dict[tuple[int, int], Compiled] = {}  # (inputs, targets or -1 for a number)
        self._samples: dict[tuple[int, int], Compiled] = {}
        self._inputs, self._last = -1, None  # input count and step of the last one-number target
        self.store: ParameterStore | None = None  # where the parameters live once vectorised epochs ran
        self._stored_program: Any = None

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
        if len(xs) == 0:
            raise ValueError("epoch() needs at least one sample")
        if self.vectorize:
            return self.fit(xs, ys, 1)[0]
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

    def fit(self, xs: Sequence[Sequence[float]], ys: Sequence[Target], epochs: int) -> list[float]:
        """``epochs`` full-batch updates (``epoch``), returning each one's mean loss.

        Vectorised (``vectorize=True``), the parameters live in one array for the whole run: the
        array code reads it, the optimizer's update (SGD, Momentum) is applied to it in place, and
        the parameters' ``.data`` and ``.grad`` (the last epoch's mean gradient) and the momentum
        are written back once, at the end. If a batch cannot be vectorised the epochs run one by
        one through the scalar compiled step (``reason`` on ``step.vectorized`` says why).
        """
        if len(xs) != len(ys):
            raise ValueError(f"{len(xs)} inputs but {len(ys)} targets; give one target per input")
        if len(xs) == 0:
            raise ValueError("fit() needs at least one sample")
        if epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {epochs!r}")
        done: list[float] = []
        if self.vectorize:
            done = self._fit_arrays(xs, ys, epochs)
        if len(done) < epochs:
            vectorize, self.vectorize = self.vectorize, False
            try:
                done += [self.epoch(xs, ys) for _ in range(epochs - len(done))]
            finally:
                self.vectorize = vectorize
        return done

    @property
    def vectorized(self) -> Any:
        """The ``jit(..., vectorize=True)`` function of the last vectorised epoch (its ``source``,
        ``reason``), or None."""
        return next(reversed(self._vectorized.values()), None)

    def _fit_arrays(self, xs: Sequence[Sequence[float]], ys: Sequence[Target], epochs: int) -> list[float]:
        """The vectorised epochs, until one gives a non-finite number (that one is not applied)."""
        import numpy as np

        vec = self._vectorized_for(isinstance(ys[0], (list, tuple)))
        prepared = vec.prepare(xs, ys)
        if prepared is None or not _fusable(self.optimizer):
            return [] if prepared is None else [self._unfused_epoch(vec, xs, ys) for _ in range(epochs)]
        program, data = prepared
        in_stretch = self._placement(program)[2] is not None and not self.optimizer.held
        values = self._stored_values(program) if in_stretch else None
        if values is None:
            values = np.fromiter([v.data for v in program.store], float, len(program.store))
        run = _EpochsInStretch if in_stretch else _EpochsGathered
        epochs_run = run(self, program, data, values, 1.0 / len(xs))
        losses = epochs_run.run(epochs)
        if self.store is not None:
            self.store.changed()  # the array changed in place: the Values read it afresh
        if losses:  # the Values written once, at the end (nothing but gradients for a store)
            epochs_run.write_back()
        return losses

    def _stored_values(self, program: Any) -> Any:
        """The array the parameters live in (``nn.ParameterStore``), made at the first vectorised
        epoch from the array code's store: the code reads it, the update changes it in place, and
        the parameters' Values read it, so nothing is gathered or written back. None when the
        leaves are in another store already, or this program is not the one they live in."""
        if self.store is None and all(type(p) is Value for p in program.store):
            self.store, self._stored_program = ParameterStore(program.store), program
        if self.store is not None and self._stored_program is program and len(self.store):
            return self.store.values
        return None

    def _vectorized_for(self, lists: bool) -> Any:
        """The ``jit(..., vectorize=True)`` of one sample's loss (targets as lists or numbers)."""
        vec = self._vectorized.get(lists)
        if vec is None:
            model, loss = self.model, self.loss
            vec = self._vectorized[lists] = jit(
                lambda x, y: loss(model(list(x)), list(y) if lists else y), vectorize=True,
                name=f"{self.name}_batch")
        return vec

    def _placement(self, program: Any) -> tuple[Any, Any, tuple[int, int] | None]:
        """Where the optimizer's parameters sit in the program's store (cached per program): the
        optimizer's indices of those in the graph, their entries in the store, and, when every
        parameter is in the graph and they fill one stretch of the store, that stretch (then
        ``q_index[i]`` is the optimizer's index of the stretch's i-th entry)."""
        import numpy as np

        key = (id(program), len(self.optimizer.params))
        cached = getattr(self, "_placements", {}).get(key)
        if cached is None:
            slot = {id(v): i for i, v in enumerate(program.store)}
            inside = sorted((slot[id(p)], q) for q, p in enumerate(self.optimizer.params) if id(p) in slot)
            s_index = np.array([s for s, _ in inside], dtype=np.intp)
            q_index = np.array([q for _, q in inside], dtype=np.intp)
            m = len(self.optimizer.params)
            whole = len(inside) == m and m > 0 and inside[-1][0] - inside[0][0] == m - 1
            cached = (q_index, s_index, (inside[0][0], inside[0][0] + m) if whole else None, program)
            self._placements = {key: cached}
        return cached[0], cached[1], cached[2]

    def _unfused_epoch(self, vec: Any, xs: Sequence[Sequence[float]], ys: Sequence[Target]) -> float:
        """An optimizer whose step is not known as array code: the summed gradients written into
        the Values, scaled to the mean, then its own ``step()``."""
        self.optimizer.zero_grad()
        total = vec(xs, ys)
        w = 1.0 / len(xs)
        for p in self.optimizer.params:
            p.grad *= w
        self.optimizer.step()
        return total * w

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

        update = self.optimizer if fused and _fusable(self.optimizer) else None
        step = jit(sample_loss, update=update, name=self.name)
        if fused and update is None:  # an optimizer we cannot write as code: its own step
            step = _Unfused(step, self.optimizer)  # type: ignore[assignment]
        cache[key] = step
        return step


class _Epochs:
    """Full-batch epochs of array code with the optimizer's update (SGD or Momentum) on arrays."""

    def __init__(self, step: TrainStep, program: Any, data: Any, values: Any, weight: float) -> None:
        import numpy as np

        self.np, self.opt, self.w, self.step = np, step.optimizer, weight, step
        self.program, self.data, self.values = program, data, values  # values: the store, updated in place
        self.q_index, self.s_index, self.stretch = step._placement(program)
        self.momentum = bool(self.opt.momentum)  # SGD(..., momentum=μ) or Momentum

    def run(self, epochs: int) -> list[float]:
        losses: list[float] = []
        for _ in range(epochs):
            sums = self.np.zeros(len(self.values))
            self.before()
            total = self.program.run(self.data, self.values, sums)
            if total is None:
                break
            self.update(sums)
            losses.append(total * self.w)
        return losses

    def before(self) -> None:
        """Make the store hold the current parameters (nothing when it is where they live)."""

    def update(self, sums: Any) -> None:
        raise NotImplementedError

    def write_back(self) -> None:
        store = self.step.store
        if store is not None and store.values is self.values:
            self.stored_write_back(store)
            return
        params, grads, velocity = self.in_optimizer_order()
        for p, value, g in zip(self.opt.params, params.tolist(), grads.tolist()):
            p.data, p.grad = value, g
        if velocity is not None:
            self.opt.velocity[:] = velocity.tolist()

    def in_optimizer_order(self) -> tuple[Any, Any, Any]:
        raise NotImplementedError

    def stored_write_back(self, store: ParameterStore) -> None:
        raise NotImplementedError


class _EpochsInStretch(_Epochs):
    """Every parameter in the graph, one stretch of the store: updated there, in place."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        first, last = self.stretch
        self.mine = self.values[first:last]  # a view: the array code reads the updated values
        self.velocity = self.np.array(self.opt.velocity)[self.q_index] if self.momentum else None
        self.grad = self.np.zeros(len(self.mine))

    def update(self, sums: Any) -> None:
        first, last = self.stretch
        self.grad = sums[first:last]
        self.grad *= self.w
        if self.velocity is not None:
            self.velocity *= self.opt.momentum
            self.velocity += self.grad
            self.mine -= self.opt.lr * self.velocity
        else:
            self.mine -= self.opt.lr * self.grad

    def in_optimizer_order(self) -> tuple[Any, Any, Any]:
        params, grads = self.np.empty(len(self.mine)), self.np.empty(len(self.mine))
        params[self.q_index], grads[self.q_index] = self.mine, self.grad
        velocity = None
        if self.velocity is not None:
            velocity = self.np.empty(len(self.mine))
            velocity[self.q_index] = self.velocity
        return params, grads, velocity


    def stored_write_back(self, store: ParameterStore) -> None:
        """The parameters are the store's: only the gradients (and momentum buffers) to set."""
        first, last = self.stretch
        store.grads[first:last] = self.grad
        store.changed()
        if self.velocity is not None:
            self.opt.velocity[:] = self.in_optimizer_order()[2].tolist()


class _EpochsGathered(_Epochs):
    """The parameters in the optimizer's order, gathered into the store before every epoch."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        n = len(self.opt.params)
        self.params = self.np.fromiter([p.data for p in self.opt.params], float, n)
        self.velocity = self.np.array(self.opt.velocity) if self.momentum else None
        self.grads = self.np.zeros(n)
        self.frozen = self.np.array([p in self.opt.held for p in self.opt.params], dtype=bool)

    def before(self) -> None:
        self.values[self.s_index] = self.params[self.q_index]

    def update(self, sums: Any) -> None:
        self.grads = self.np.zeros(len(self.params))
        self.grads[self.q_index] = sums[self.s_index] * self.w
        if self.velocity is not None:
            self.velocity = self.opt.momentum * self.velocity + self.grads
            self.velocity[self.frozen] = 0.0  # a frozen parameter keeps its value, its buffer 0
            self.params -= self.opt.lr * self.velocity
        else:
            self.params -= self.opt.lr * self.np.where(self.frozen, 0.0, self.grads)

    def in_optimizer_order(self) -> tuple[Any, Any, Any]:
        return self.params, self.grads, self.velocity


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
               optimizer: SGD | Momentum, compiled: bool = True, name: str | None = None,
               vectorize: bool = False) -> TrainStep:
    """A training step for ``model`` (an MLP, a documents' network, any callable on a list of
    inputs) with ``loss`` (e.g. ``half_squared_error``) and ``optimizer`` (``SGD`` or ``Momentum``;
    another optimizer works too, its own ``step()`` run after the compiled gradients).

    >>> step = train_step(net, half_squared_error, SGD(net.parameters(), lr=0.5))
    >>> for epoch in range(100):
    ...     for x, y in data:
    ...         step(x, y)                      # compiled: forward, backward, update
    >>> step.epoch(xs, ys)                      # or one full-batch update on the mean loss

    ``compiled=False`` runs the same steps eagerly (the reference, and for timing the difference).
    ``name`` names the generated function (``step.source``). ``vectorize=True``: ``epoch`` and
    ``fit(xs, ys, epochs)`` run numpy array code over the whole batch (gradients equal to
    rounding, not bit for bit; one-sample calls stay the scalar compiled step).
    """
    return TrainStep(model, loss, optimizer, compiled, name, vectorize)


def example_step(example: Example) -> TrainStep:
    """One compiled SGD step of a worked example (``stepgrad code``), taken once so it is compiled.

    The step updates the example's network: load the example again to start from its values.
    """
    from nn.losses import LOSSES

    targets, net = example.targets, example.network
    optimizer = SGD(net.parameters(), example.learning_rate)
    step = train_step(net, LOSSES[example.loss_name], optimizer, name=_identifier(example.name))
    step(list(example.inputs), targets[0] if len(targets) == 1 else list(targets))
    return step


def example_vectorized(example: Example) -> Any:
    """``jit(..., vectorize=True)`` of a worked example's loss, called once on a batch of its
    samples (or its one sample), so its array code is generated (``stepgrad code --vectorized``).

    The call writes the parameters' gradients (no update). An expression example has no data to
    batch over: a ValueError says so.
    """
    from nn.losses import LOSSES

    if example.is_expression:
        raise ValueError("an expression example has no data inputs, so no batch to vectorise over; "
                         "`stepgrad code` without --vectorized prints its compiled step")
    samples = example.samples or [(list(example.inputs), list(example.targets))]
    net, loss, one = example.network, LOSSES[example.loss_name], len(samples[0][1]) == 1
    step = jit(lambda x, y: loss(net(list(x)), y[0] if one else list(y)), vectorize=True,
               name=_identifier(example.name))
    step([list(x) for x, _ in samples], [list(y) for _, y in samples])
    if step.reason is not None:
        raise ValueError(f"no array code: {step.reason}")
    return step


def _identifier(name: str) -> str:
    s = "".join(c if ("a" + c).isidentifier() else "_" for c in name)
    return s if s.isidentifier() else f"example_{s}"
