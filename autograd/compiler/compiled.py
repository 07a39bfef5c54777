"""The compiled function: ``jit(fn)`` records once and replays generated code.

``step = jit(fn)`` wraps a function that takes plain numbers (the data) and builds a loss from
Values it closes over (the parameters)::

    net = DocumentNetwork(W11=0.15, ...)
    step = jit(lambda x1, x2, y: half_squared_error(net([x1, x2]), y))
    loss = step(0.05, 0.10, 0.01)     # a float; every parameter's .grad as backward() leaves it
    print(step.source)                # the forward and backward pass as Python, in the nodes' names

The first call *records*: it runs ``fn`` on stand-ins for the numbers, keeps the graph, and
generates straight-line Python for the forward pass (one local per node, named as the tracer
names it) and the backward pass in ``backward()``'s order (``dL_dz_o1 = dL_da_o1 * (a_o1 * (1.0 -
a_o1))``), with each operation's value and local derivatives written out as the operation table's
code form. That source is compiled once; every later call with arguments of the same shape runs
it on the parameters' current ``.data`` and writes, bit for bit, the ``.grad`` that
``fn(*args).backward()`` would.

The eager graph stays the one definition of the arithmetic: the generated code is derived from
it, and ``step.graph(*args)`` writes a replay's values, local derivatives and gradients back into
the recorded graph, so ``trace``, ``Stepper`` and ``draw`` show any step of a compiled run.

Guards, so that a replay never gives a wrong number silently:

- *What decides the graph's shape* keys the cache: the nesting and lengths of the arguments,
  every argument that is not a number (compared by value), and the outcome of every comparison
  ``fn`` made on a number while recording (``if x > 0:``). A call that differs in any of them is
  recorded and compiled again.
- ``fn`` reading ``.data`` of a Value, or using a number argument in plain Python arithmetic
  (``x * 2.0``, ``math.exp(x)``, ``int(x)``), while recording would bake the recorded number into
  the code: this is refused with a ``JitError`` naming the line (``jit(fn, eager=True)`` instead
  warns once and runs such calls eagerly).
- Branches inside operations (relu, the stable sigmoid) are inline conditionals of the code form.
- A numeric failure during a replay (overflow, division by zero, a math domain error) re-runs
  that call eagerly, so the user gets exactly the engine's result or its error message.
- While a node of the graph has a hook (``register_hook``, ``watch``) or anomaly mode is on,
  calls run eagerly, so the hooks fire and the checks run.
- Sums of thousands of terms are written in chunks (``compile()`` overflows on one expression of
  more than ~3,000 terms).

Limits: state ``fn`` reads other than its arguments and the Values it reaches (globals, random
numbers, counters) is read once, while recording. Recording patches the ``Value`` class for its
duration, so record in one thread at a time.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd.compiler.codegen import Update, _compile, _Names, _Plan
from autograd.compiler.loops import generator
from autograd.compiler.recording import (
    _AUTOGRAD_DIR,
    _NUMBER,
    Guard,
    JitError,
    JitWarning,
    _flatten,
    _paths,
    _Recorder,
    _stand_ins,
    _Untraceable,
    data_guard,
)
from autograd.engine import Value, plain_backward, topological_order

__all__ = ["Compiled", "Recorded"]

MAX_VARIANTS = 32  # recorded graphs of one argument shape (branches) before running eagerly




def _plain_engine(recorded: Recorded) -> bool:
    """No hook on a node of this graph and anomaly mode off: backward() would only compute."""
    return plain_backward(recorded.plan.nodes)



def _stacklevel() -> int:
    """``warnings.warn``'s stacklevel of the first caller outside the autograd package."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_AUTOGRAD_DIR):
        frame, level = frame.f_back, level + 1
    return level



@dataclass
class Recorded:
    """One recorded and compiled shape of the graph."""

    plan: _Plan
    guards: tuple[Guard, ...]
    update: Update | None
    name: str
    shape: tuple[object, ...]  # the cache key: the arguments' structure and settings
    fast: bool  # every argument a float, no guard: called directly, without looking up the key
    variants: dict[str, tuple[str, Callable[..., Any]]] = field(default_factory=dict)

    @property
    def root(self) -> Value:
        return self.plan.root

    def variant(self, mode: str) -> Callable[..., Any]:
        if mode not in self.variants:
            self.plan.ordered()
            gen = generator(self.plan, mode, self.update if mode == "step" else None)
            source = gen.source(self.function_name(mode))
            run = _compile(source, gen.namespace, self.function_name(mode))
            # a big graph's code was compiled in parts: its whole source is written again if asked for
            self.variants[mode] = ("" if gen.in_parts else source, run)
            self.plan.release()
        return self.variants[mode][1]

    def function_name(self, mode: str) -> str:
        return self.name if mode == "step" else f"{self.name}_{mode}"

    @property
    def source(self) -> str:
        self.variant("step")
        source = self.variants["step"][0]
        if not source:
            self.plan.ordered()
            gen = generator(self.plan, "step", self.update, text=True)
            source = gen.source(self.function_name("step"))
            self.plan.release()
        return source

    def refresh(self, flat: Sequence[float]) -> Value:
        values, locals_, grads = self.variant("refresh")(*flat)
        for node, data, local, grad in zip(self.plan.ordered(), values, locals_, grads, strict=True):
            if node.parents or node in self.plan.arg_of:
                node.data = data
            if node.parents:
                node.local_grads = local
            node.grad = grad
        return self.plan.root


# ---- the compiled function ----------------------------------------------------------------------


_EAGER = "eager"


class Compiled:
    """What ``jit(fn)`` returns: call it like ``fn``, get the loss as a float and the gradients.

    ``step(*args)`` — one forward and backward pass (plus the fused optimizer step, if any);
    ``step.accumulate(*args)`` — the same, adding to the leaves' gradients like
    ``backward(accumulate=True)``; ``step.graph(*args)`` — the recorded graph with a replay's
    values, local derivatives and gradients written in, for ``trace``/``Stepper``/``draw``;
    ``step.source`` — the generated code of the last shape called; ``recordings`` and
    ``eager_calls`` count the graphs compiled and the calls the engine ran instead.
    """

    def __init__(self, fn: Callable[..., Value], update: Update | None = None, eager: bool = False,
                 name: str | None = None) -> None:
        self.fn, self.update, self.eager_fallback = fn, update, eager
        self.name = _Names().new(name or getattr(fn, "__name__", "step").replace("<lambda>", "step"))
        self._cache: dict[tuple[object, ...], list[Recorded] | str] = {}
        # the common case, every argument a float and no guard: argument count → compiled step
        self._fast: dict[int, Callable[..., float]] = {}
        self._fast_accumulate: dict[int, Callable[..., float]] = {}
        self._fast_recorded: dict[int, Recorded] = {}
        self._last: Recorded | None = None
        self._warned = False
        self.recordings = 0  # graphs recorded and compiled
        self.eager_calls = 0  # calls run by the engine instead (numeric failures, refused shapes)

    # -- calling --
    def fast(self, n_args: int) -> Callable[..., float] | None:
        """The direct caller of the step for ``n_args`` float arguments, once it is compiled."""
        return self._fast.get(n_args)

    def __call__(self, *args: object, **kwargs: object) -> float:
        if not kwargs:
            fast = self._fast.get(len(args))
            if fast is not None:
                return fast(*args)
        return self._run("step", args, kwargs)

    def accumulate(self, *args: object, **kwargs: object) -> float:
        """Like ``fn(*args).backward(accumulate=True)``: the leaves' gradients are added to."""
        if not kwargs:
            fast = self._fast_accumulate.get(len(args))
            if fast is not None:
                return fast(*args)
        return self._run("accumulate", args, kwargs)

    def accumulate_many(self, samples: Sequence[Sequence[object]]) -> float:
        """The sum of ``self.accumulate(*s)`` over ``samples``, the loop run in generated code.

        When every sample is a tuple of floats of one shape whose graph has no guard, one call of
        generated code accumulates all of them (the parameters read once, the gradients kept in
        locals and written at the end), bit for bit as the calls one by one; otherwise, or if a
        replay fails (nothing is written then), it makes exactly those calls.
        """
        samples = list(samples)
        total, start = 0.0, 0
        n = len(samples[0]) if samples else 0
        floats = all(len(s) == n and all(type(v) is float for v in s) for s in samples)
        if floats and samples and n not in self._fast_recorded:
            total += self.accumulate(*samples[0])  # records the shape
            start = 1
        recorded = self._fast_recorded.get(n) if floats else None
        run = None if recorded is None or not _plain_engine(recorded) else self._variant(recorded, "many")
        rest = samples[start:]
        if run is not None:
            try:
                return run(rest, total)
            except Exception:  # overflow, 1/0, ...: the samples one by one, eagerly where they fail
                pass
        for sample in rest:
            total += self.accumulate(*sample)
        return total

    def _direct(self, run: Callable[..., float], mode: str, recorded: Recorded) -> Callable[..., float]:
        """A caller of the compiled function that skips looking up the shape (every argument a
        float, no guard): the hot path of a training loop, one Python call above the code."""
        general, nodes = self._run, recorded.plan.nodes

        def call(*args: object) -> float:
            if not plain_backward(nodes):
                return general(mode, args, {})  # a hook on this graph, or anomaly mode: the engine
            for a in args:
                if type(a) is not float:
                    return general(mode, args, {})
            try:
                return run(*args)
            except Exception:  # overflow, 1/0, a math domain error: the general path re-runs it
                return general(mode, args, {})

        return call

    def graph(self, *args: object, **kwargs: object) -> Value:
        """The recorded graph for ``args``, refreshed from a replay (no optimizer step).

        Every node's data, local derivatives and gradient are what ``fn(*args)`` and
        ``backward()`` would give now, so ``trace(root)``, ``Stepper(root)`` and ``draw(root)``
        show this step of a compiled run. The parameters' gradients are written as by a call.
        """
        flat, recorded = self._lookup(args, kwargs)
        usable = recorded is not None and _plain_engine(recorded)
        if usable and self._variant(recorded, "refresh") is not None:  # type: ignore[arg-type]
            try:
                return recorded.refresh(flat)
            except Exception:
                pass
        self.eager_calls += 1
        root = self.fn(*args, **kwargs)
        root.backward()
        return root

    def _run(self, mode: str, args: tuple[object, ...], kwargs: dict[str, object]) -> float:
        flat, recorded = self._lookup(args, kwargs)
        run = None if recorded is None or not _plain_engine(recorded) else self._variant(recorded, mode)
        if run is not None:
            try:
                return run(*flat)
            except Exception:  # overflow, 1/0, a math domain error, an operation's own error, ...
                pass  # nothing was written: the generated code writes only after computing all
        return self._eager(mode, args, kwargs)

    def _variant(self, recorded: Recorded, mode: str) -> Callable[..., Any] | None:
        """The compiled function of ``mode``, compiled on first use; None if Python cannot compile it."""
        try:
            run = recorded.variant(mode)
        except (RecursionError, MemoryError, SyntaxError) as e:
            self._give_up(recorded.shape, f"the generated code cannot be compiled ({type(e).__name__}: {e})")
            return None
        if recorded.fast and mode in ("step", "accumulate"):
            fast = self._fast if mode == "step" else self._fast_accumulate
            fast[recorded.plan.n_args] = self._direct(run, mode, recorded)
            self._fast_recorded[recorded.plan.n_args] = recorded
        return run

    def _eager(self, mode: str, args: tuple[object, ...], kwargs: dict[str, object]) -> float:
        """The engine's own step: its result, or its error message."""
        self.eager_calls += 1
        update = self.update if mode == "step" else None
        root = self.fn(*args, **kwargs)
        if update is not None:
            update.zero_grad()
        root.backward(accumulate=mode == "accumulate")
        if update is not None:
            update.step()
        return root.data

    # -- the cache --
    def _lookup(self, args: tuple[object, ...],
                kwargs: dict[str, object]) -> tuple[list[float], Recorded | None]:
        flat: list[float] = []
        key: list[object] = []
        _flatten(args, flat, key)
        if kwargs:
            key.append(tuple(kwargs))
            _flatten(kwargs.values(), flat, key)
        shape = tuple(key)
        entries = self._cache.get(shape)
        if entries is _EAGER:
            return flat, None
        if entries:
            for recorded in entries:  # type: ignore[union-attr]
                if not recorded.guards or all(g.holds(flat) for g in recorded.guards):
                    self._last = recorded
                    return flat, recorded
        recorded = self._record(args, kwargs, flat, shape)
        return flat, recorded

    def _record(self, args: tuple[object, ...], kwargs: dict[str, object], flat: list[float],
                shape: tuple[object, ...]) -> Recorded | None:
        entries = self._cache.setdefault(shape, [])
        assert isinstance(entries, list)
        if len(entries) >= MAX_VARIANTS:
            return self._give_up(shape, f"more than {MAX_VARIANTS} branches for arguments of one shape")
        recorder = _Recorder(flat, _paths(self.fn, args, kwargs))
        counter = [0]
        stand_in = _stand_ins(list(args), recorder, counter)
        kw_stand_in = dict(zip(kwargs, _stand_ins(list(kwargs.values()), recorder, counter)))
        try:
            with data_guard(recorder):
                root = self.fn(*stand_in, **kw_stand_in)
        except _Untraceable as e:
            return self._refused(shape, str(e))
        if recorder.misuse:  # refused inside fn, but fn caught the error and went on
            return self._refused(shape, recorder.misuse)
        if not isinstance(root, Value):
            raise JitError(f"{self.name}: the function must return the loss as a Value, "
                           f"got {type(root).__name__}")
        try:
            plan = self._plan(root, recorder, len(flat))
        except _Untraceable as e:
            return self._refused(shape, str(e))
        fast = not kwargs and not recorder.guards and all(k == _NUMBER for k in shape)
        recorded = Recorded(plan, tuple(recorder.guards), self.update, self.name, shape, fast)
        entries.append(recorded)
        self.recordings += 1
        self._last = recorded
        return recorded

    def _plan(self, root: Value, recorder: _Recorder, n_args: int) -> _Plan:
        order = topological_order(root)
        arg_of: dict[Value, int] = {}
        found: set[int] = set()
        for node in order:
            if not node.parents:
                hit = recorder.floats.get(id(node.data))
                if hit is not None and hit[0] is node.data:
                    arg_of[node] = hit[1]
                    found.add(id(node.data))
        for key, (_, index, site) in recorder.floats.items():
            if key not in found and site is not None:
                raise recorder.refuse(
                    f"{site}: the data argument {recorder.paths[index]} is used as a float in plain Python "
                    f"while recording (float(x), math.exp(x), ...; only a float(x) that becomes a Value "
                    f"is safe), so the compiled code would keep the recorded number; compute with Values "
                    f"instead (Value(x).exp())"
                )
        return _Plan(root, order, arg_of, n_args, self.name)

    def _refused(self, shape: tuple[object, ...], message: str) -> None:
        if not self.eager_fallback:
            del_entries = self._cache.get(shape)
            if not del_entries:
                self._cache.pop(shape, None)
            raise JitError(f"{self.name} cannot be compiled: {message}")
        return self._give_up(shape, message)

    def _give_up(self, shape: tuple[object, ...], message: str) -> None:
        self._cache[shape] = _EAGER
        if not self._warned:
            self._warned = True
            warnings.warn(f"{self.name} runs eagerly for these arguments: {message}", JitWarning,
                          stacklevel=_stacklevel())
        return None

    # -- what it compiled --
    @property
    def source(self) -> str:
        """The generated code of the most recently used shape (call the function once first)."""
        if self._last is None:
            raise JitError(f"{self.name} has not been called yet: the first call records the graph")
        return self._last.source

    @property
    def recorded(self) -> list[Recorded]:
        """Every recorded shape, oldest first."""
        return [r for entries in self._cache.values() if isinstance(entries, list) for r in entries]

    def __repr__(self) -> str:
        return f"jit({self.name}): {self.recordings} graph(s) recorded, {self.eager_calls} eager calls"
