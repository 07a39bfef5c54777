"""The scalar reverse-mode engine: `Value`, its operations, and `backward`.

Every operation creates a node that stores, beside its parents, the *local derivative* of its
value with respect to each parent (``local_grads``, in the same order as ``parents``). The chain
rule is then one line, ``parent.grad += local * node.grad``, written once in ``propagate_node`` /
``propagate``: backward, the step tracer, the drawings, anomaly mode and the checker all call it,
and read the very numbers ``backward`` multiplies instead of re-deriving them.

What an operation computes (its value and local derivatives, and its printed, code, LaTeX and
SymPy forms) is its entry in the table, ``autograd/ops.py``; ``node.op`` is that entry. The table
sits below this module: it imports nothing from it. ``make_node`` is the one way a node is made.

Nodes hold no closures and no references back to their children, so a graph has no reference
cycles: it is freed by reference counting the moment the last Value goes, not by the collector.

Gradient semantics (unlike micrograd, a second ``backward()`` does not silently double):
``root.backward()`` computes d(root)/d(node) afresh for every node of root's graph: it first
resets each node's ``.grad`` to 0. ``root.backward(accumulate=True)`` keeps what the *leaves*
already hold and adds this pass's gradient to it (to sum gradients over several losses), while
intermediate nodes still show this pass only. Backward on a graph whose data was edited after the
forward pass (``w.data = 5``; before the first backward too) raises ``StaleGraphError``: every write
of ``.data`` is counted (``writes``), each node keeps the count of its making (``version``), and a
graph made before the last write is checked (``check_fresh``) — PyTorch's version counter, kept
once for the whole engine, so the check is one comparison per node.
"""

from __future__ import annotations

import gc
import math
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from numbers import Real
from operator import attrgetter
from typing import Any

from autograd.errors import DomainError, GraphError, StaleGraphError, describe
from autograd.ops import (
    ABS,
    ADD,
    COS,
    DIV,
    EXP,
    LOG,
    MAX,
    MIN,
    MUL,
    NEG,
    RELU,
    SIGMOID,
    SIN,
    SOFTPLUS,
    SUB,
    TANH,
    WSUM,
    Op,
    op_of,
    power,
)

__all__ = [
    "Value",
    "weighted_sum",
    "topological_order",
    "propagate",
    "propagate_node",
    "GraphError",
    "StaleGraphError",
]


def _is_number(x: object) -> bool:
    # Real is a slow ABC check, so the common types first; a NumPy bool is not a Real, but NumPy
    # itself adds np.True_ + v, so v + np.True_ must work too.
    return (type(x) is float or type(x) is int or isinstance(x, Real)
            or (type(x).__module__ == "numpy" and type(x).__name__ in ("bool", "bool_")))


def as_value(other: object, opname: str, node: Value | None = None) -> Value:
    """Turn a plain number into a constant leaf; refuse anything else with a clear message."""
    if isinstance(other, Value):
        return other
    if _is_number(other):
        return Value(other)
    what = f"{describe(node)} and " if node is not None else ""
    raise TypeError(
        f"cannot {opname} {what}{type(other).__name__} {other!r}: "
        f"operands must be numbers or Values (wrap data with Value(...))"
    )


_writes = 0  # how many times a ``.data`` was written: the engine's version counter


class Value:
    """A scalar in a computation graph: data, gradient, and how it was made.

    ``op`` is the operation's entry in the table (``autograd.ops``), None for a leaf; ``parents``
    are its operands and ``local_grads`` the derivative of the value with respect to each.
    """

    # ``_data`` holds the number, read through ``data``, whose writes are counted (``_writes``);
    # ``version``: the count when the node was computed. The engine reads ``_data`` directly.
    __slots__ = ("_data", "grad", "op", "parents", "local_grads", "label", "version")

    def __init__(
        self,
        data: float,
        label: str = "",
        op: Op | None = None,
        parents: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
    ) -> None:
        if type(data) is not float:
            if not _is_number(data):
                where = f" for {label!r}" if label else ""
                raise TypeError(
                    f"Value{where} needs a real number, got {type(data).__name__} {data!r}"
                )
            try:
                data = float(data)
            except OverflowError:  # an int beyond float range: ±inf, like every other overflow
                data = math.inf if data > 0 else -math.inf
        self._data = data
        self.grad = 0.0
        self.op = op
        self.parents = parents
        self.local_grads = local_grads
        self.label = label
        self.version = _writes

    def _write(self, x: float) -> None:
        global _writes
        _writes += 1  # every graph made before now is checked by its next backward
        self._data = x

    data = property(attrgetter("_data"), _write, doc="The value; a write counts as an edit of the graph.")

    # ---- operations: each is one entry of the table in autograd/ops.py -----------------------
    # An entry's evaluate gives the value and the local derivatives; the node records both. (Written
    # out here for the hottest operations; the others go through op.apply, which does the same.)
    def __add__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else as_value(other, "add", self)
        out, local = ADD.evaluate(self._data, other._data)
        return Value(out, "", ADD, (self, other), local)

    def __mul__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else as_value(other, "multiply", self)
        out, local = MUL.evaluate(self._data, other._data)
        return Value(out, "", MUL, (self, other), local)

    def __sub__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else as_value(other, "subtract", self)
        out, local = SUB.evaluate(self._data, other._data)
        return Value(out, "", SUB, (self, other), local)

    def __truediv__(self, other: Value | float) -> Value:  # may raise: a / 0
        return make_node(DIV, (self, other if type(other) is Value else as_value(other, "divide", self)))

    def __pow__(self, exponent: float) -> Value:  # may raise: 0 ** -1, (-8) ** 0.5
        return make_node(power(_exponent(self, exponent)), (self,))

    def __neg__(self) -> Value:
        out, local = NEG.evaluate(self._data)
        return Value(out, "", NEG, (self,), local)

    def __radd__(self, other: float) -> Value:
        return as_value(other, "add", self) + self

    def __rsub__(self, other: float) -> Value:
        return as_value(other, "subtract", self) - self

    def __rmul__(self, other: float) -> Value:
        return as_value(other, "multiply", self) * self

    def __rtruediv__(self, other: float) -> Value:
        return as_value(other, "divide", self) / self

    def __rpow__(self, base: object) -> Value:
        raise TypeError(
            f"{base!r} ** {describe(self)}: a Value exponent is not supported; "
            f"write (exponent * math.log(base)).exp()"
        )

    def __abs__(self) -> Value:
        return make_node(ABS, (self,))

    def exp(self) -> Value:
        out, local = EXP.evaluate(self._data)
        return Value(out, "", EXP, (self,), local)

    def log(self) -> Value:  # may raise: log of a number ≤ 0
        return make_node(LOG, (self,))

    def tanh(self) -> Value:
        out, local = TANH.evaluate(self._data)
        return Value(out, "", TANH, (self,), local)

    def sigmoid(self) -> Value:
        out, local = SIGMOID.evaluate(self._data)
        return Value(out, "", SIGMOID, (self,), local)

    def relu(self) -> Value:
        out, local = RELU.evaluate(self._data)
        return Value(out, "", RELU, (self,), local)

    def max(self, other: Value | float) -> Value:
        """The larger of the two; at a tie each gets half the gradient (as torch.maximum)."""
        return make_node(MAX, (self, as_value(other, "compare", self)))

    def min(self, other: Value | float) -> Value:
        """The smaller of the two; at a tie each gets half the gradient (as torch.minimum)."""
        return make_node(MIN, (self, as_value(other, "compare", self)))

    def softplus(self) -> Value:
        """log(1 + eˣ), computed without overflow; its derivative is σ(x)."""
        return make_node(SOFTPLUS, (self,))

    def sin(self) -> Value:
        return make_node(SIN, (self,))

    def cos(self) -> Value:
        return make_node(COS, (self,))

    @staticmethod
    def apply_op(op: Op, args: Sequence[object]) -> Value:
        """``op(*args)`` when an operand is a Value: the node (numbers become constant leaves)."""
        parents = tuple(args)
        for a in args:
            if type(a) is not Value:
                parents = tuple(a if type(a) is Value else as_value(a, op.name) for a in args)
                break
        if op.arity is not None and len(parents) != op.arity:
            raise TypeError(f"{op.name} takes {op.arity} operand(s), got {len(parents)}")
        return make_node(op, parents)

    # ---- gradients --------------------------------------------------------------------------
    def backward(self, accumulate: bool = False) -> None:
        """Fill ``.grad`` of every node in this graph with d(self)/d(node) by the chain rule."""
        collecting = gc.isenabled()
        gc.disable()  # backward allocates no cycles: a collector pass over a big graph is wasted time
        try:
            order = start_backward(self, accumulate)
            propagate(order, on_contribution=run_hooks if _hooks else None)
        finally:
            if collecting:
                gc.enable()

    def register_hook(self, hook: GradHook) -> Callable[[], None]:
        """Call ``hook(node, child, contribution)`` each time backward adds to this node's grad.

        Like PyTorch's ``register_hook``, but fired per contribution, so a node used twice reports
        both terms of its sum. Returns a function that removes the hook.
        """
        _hooks.setdefault(self, []).append(hook)

        def remove() -> None:
            hooks = _hooks.get(self, [])
            if hook in hooks:
                hooks.remove(hook)
            if not hooks:
                _hooks.pop(self, None)

        return remove

    def zero_grad(self) -> None:
        """Reset ``.grad`` to 0 on every node of this graph."""
        for node in topological_order(self):
            node.grad = 0.0

    def named(self, label: str) -> Value:
        """Set the label and return self, so ``(a * b).named('z')`` reads left to right."""
        self.label = label
        return self

    def __reduce__(self) -> tuple[Callable[[list[NodeState]], Value], tuple[list[NodeState]]]:
        """Pickle and deepcopy the whole graph as a flat list, without recursion (any depth works).

        Nodes shared inside the graph stay shared; a Value pickled on its own is a graph of its own.
        """
        order = topological_order(self)
        index = {node: i for i, node in enumerate(order)}
        return _rebuild, ([(n.data, n.grad, n.op, n.label, tuple(index[p] for p in n.parents), n.local_grads)
                           for n in order],)

    def __copy__(self) -> Value:
        """A new node with the same data, operation and parents (the parents are not copied)."""
        copy = Value(self._data, self.label, self.op, self.parents, self.local_grads)
        copy.version = self.version  # made from the same operands as self
        return copy

    def __repr__(self) -> str:
        head = f"label={self.label!r}, " if self.label else ""
        return f"Value({head}data={self.data:.12g}, grad={self.grad:.12g})"


NodeState = tuple[float, float, "Op | None", str, tuple[int, ...], tuple[float, ...]]


def make_node(op: Op, parents: tuple[Value, ...]) -> Value:
    """The node of ``op`` on ``parents``: its value and local derivatives from the parents' data."""
    try:
        if len(parents) == 1:
            out, local = op.evaluate(parents[0]._data)
        else:
            out, local = op.evaluate(*tuple(p._data for p in parents))
    except DomainError as e:
        raise e.error(e.message.format(*map(describe, parents))) from None
    except (ArithmeticError, ValueError, TypeError) as e:
        if op.builtin:
            raise
        raise _failed(op, parents, e) from e
    if not op.builtin:
        out, local = _checked(op, parents, out, local)
    return Value(out, "", op, parents, local)


def _failed(op: Op, parents: tuple[Value, ...], e: Exception) -> GraphError:
    return GraphError(
        f"operation {op.name!r} failed on {', '.join(map(describe, parents))}: "
        f"{type(e).__name__}: {e}; its forward/derivatives functions must return floats "
        f"(return math.inf or math.nan rather than raise where the value is not finite)"
    )


def _checked(op: Op, parents: tuple[Value, ...], out: object,
             local: Sequence[object]) -> tuple[float, tuple[float, ...]]:
    """A user operation's results as floats; anything else is a GraphError naming the operation."""
    local = tuple(local)
    if len(local) != len(parents):
        raise GraphError(
            f"operation {op.name!r} gave {len(local)} local derivatives for {len(parents)} "
            f"operands; derivatives must return one per operand, in order"
        )
    try:
        return float(out), tuple(map(float, local))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise GraphError(
            f"operation {op.name!r} on {', '.join(map(describe, parents))} returned {out!r} with "
            f"derivatives {local!r}; forward and derivatives must return real numbers"
        ) from None


def _rebuild(states: list[NodeState]) -> Value:
    """The graph ``Value.__reduce__`` flattened, parents first; returns its root."""
    made: list[Value] = []
    for data, grad, op, label, parents, local in states:
        operands = tuple(made[i] for i in parents)
        node = Value(data, label, op, operands, local)
        node.grad, node.version = grad, -1  # checked by its first backward: edited before pickling?
        made.append(node)
    return made[-1]


def written() -> None:
    """Count one write of data made to ``_data`` directly: an update of many parameters at once (the
    compiled steps' optimizer, the parameter store) counts once, not per parameter."""
    global _writes
    _writes += 1


def descend(params: Iterable[Value], lr: float) -> None:
    """θ ← θ − lr·∂L/∂θ for each parameter (plain gradient descent, eager training's hot loop),
    counted as one write."""
    written()
    for p in params:
        p._data -= lr * p.grad


GradHook = Callable[["Value", "Value", float], None]
# Hooks live outside the nodes (no slot paid by every node); the hot loop checks one dict.
_hooks: dict[Value, list[GradHook]] = {}


def start_backward(root: Value, accumulate: bool = False, caller_checks: bool = False) -> list[Value]:
    """Reset the graph's gradients as ``backward`` does, seed the root with 1; return the order.

    Shared by ``backward`` and the step tracer, so both start from exactly the same state. A graph
    made before the last write of a ``.data`` is first checked for data edited since its forward
    pass (``check_fresh``), before any gradient changes, unless the caller checks itself
    (``caller_checks``: the checker's replays force data on purpose and bring their own local
    derivatives).
    """
    order = topological_order(root)
    if not caller_checks:
        check_current(order)
    if accumulate:
        for node in order:
            if node.parents:
                node.grad = 0.0
    else:
        for node in order:
            node.grad = 0.0
    root.grad += 1.0
    return order


def check_current(order: Sequence[Value]) -> None:
    """``check_fresh`` if a ``.data`` was written after one of these nodes was computed; the nodes
    are then current again (a value put back, a replay written in, a write elsewhere)."""
    if _written_since(order):
        check_fresh(order)
        for node in order:
            node.version = _writes


def _written_since(order: Sequence[Value]) -> bool:
    """Whether a ``.data`` was written after one of these nodes was computed (leaves never count)."""
    writes = _writes
    for node in order:
        if node.version != writes and node.parents:
            return True
    return False


def _same(a: float, b: float) -> bool:
    return a == b or (a != a and b != b)


def check_fresh(order: Sequence[Value]) -> None:
    """Raise ``StaleGraphError`` if a node's value no longer follows from its operands' data.

    The local derivatives were computed in the forward pass; after ``w.data = ...`` they are
    those of the old ``w`` and backward would silently give gradients of a function nobody
    computes. Each operation is evaluated again on its parents' current data (parents first, so
    the first mismatch is the node right after the edit) and compared, bit for bit.
    """
    for node in order:
        if not node.parents:
            continue
        try:
            out, local = op_of(node).evaluate(*[p.data for p in node.parents])
        except (ArithmeticError, ValueError, DomainError):
            out, local = math.nan, ()
        if out is node.data or (_same(out, node.data) and all(map(_same, local, node.local_grads))):
            continue
        operands = ", ".join(describe(p) for p in node.parents)
        raise StaleGraphError(
            f"backward on a stale graph: {describe(node)} was computed from other values than its "
            f"operands hold now ({operands}): a .data was changed after the forward pass, so the "
            f"stored local derivatives are out of date; run the forward pass again "
            f"(e.g. loss = model(x) ...), then call backward()"
        )


Contribution = Callable[["Value", "Value", float, float], None]  # (node, parent, local, contribution)


def propagate_node(
    node: Value,
    local_grads: Sequence[float] | None = None,
    on_contribution: Contribution | None = None,
    grads: dict[Value, float] | None = None,
) -> None:
    """The chain rule for one node: ``parent.grad += local * node.grad`` for each parent.

    ``local_grads`` replaces the node's stored local derivatives (the checker's alternatives
    recompute with other numbers without touching the graph); ``on_contribution(node, parent,
    local, contribution)`` is called after each addition (hooks, the step tracer, anomaly mode).
    ``grads``: read and add the gradients in this dict instead of the nodes' ``.grad`` (a drawing
    of step k computes the gradients of that moment without touching the graph).
    """
    locals_ = node.local_grads if local_grads is None else local_grads
    if grads is not None:
        g = grads.get(node, 0.0)
        for parent, local in zip(node.parents, locals_, strict=True):
            contribution = local * g
            grads[parent] = grads.get(parent, 0.0) + contribution
            if on_contribution is not None:
                on_contribution(node, parent, local, contribution)
        return
    g = node.grad
    if on_contribution is None:
        for parent, local in zip(node.parents, locals_, strict=True):
            parent.grad += local * g
        return
    for parent, local in zip(node.parents, locals_, strict=True):
        contribution = local * g
        parent.grad += contribution
        on_contribution(node, parent, local, contribution)


def propagate(
    order: Sequence[Value],
    local_grads: Callable[[Value], Sequence[float] | None] | None = None,
    on_contribution: Contribution | None = None,
) -> None:
    """The chain rule over a whole graph, children before parents: the one loop every tool calls.

    ``order`` is ``topological_order(root)`` with the root's gradient already seeded
    (``start_backward``). ``local_grads(node)`` may return replacement local derivatives for a node
    (or None to keep its own); ``on_contribution`` is as in ``propagate_node``.
    """
    if local_grads is None and on_contribution is None:  # the hot path of every backward()
        for node in reversed(order):
            if node.parents:  # a leaf has nothing to pass on
                g = node.grad
                for parent, local in zip(node.parents, node.local_grads):
                    parent.grad += local * g
        return
    for node in reversed(order):
        if node.parents:
            propagate_node(node, None if local_grads is None else local_grads(node), on_contribution)


def run_hooks(node: Value, parent: Value, local: float, contribution: float) -> None:
    """Fire the hooks of ``parent`` for one contribution (a tool that runs the chain rule itself
    passes this as ``on_contribution``, so hooks fire as in ``backward``)."""
    for hook in _hooks.get(parent, ()):
        hook(parent, node, contribution)


def hooked(nodes: Collection[Value]) -> bool:
    """Whether a hook (``register_hook``, ``watch``) is registered on one of ``nodes``."""
    return bool(_hooks) and not _hooks.keys().isdisjoint(nodes)


def registered_hooks() -> list[Value]:
    """Every node that has a hook now (a test checks none outlives it)."""
    return list(_hooks)


def clear_hooks() -> None:
    """Remove every hook of every node."""
    _hooks.clear()


# ---- modes that change what backward does (anomaly mode) ------------------------------------------
_modes: list[str] = []


def enter_mode(name: str) -> None:
    """A tool that checks or records backward (anomaly mode) says it is active: a compiled function
    then runs its calls through the engine, so the checks run."""
    _modes.append(name)


def leave_mode(name: str) -> None:
    _modes.remove(name)


def active_modes() -> tuple[str, ...]:
    """The modes active now (empty: backward only computes)."""
    return tuple(_modes)


def plain_backward(nodes: Collection[Value]) -> bool:
    """No hook on ``nodes`` and no mode active: backward through them would only compute, so a
    compiled replay gives everything it would."""
    return not _modes and not hooked(nodes)


@contextmanager
def data_reads_checked(check: Callable[[Value, Any], None]) -> Iterator[None]:
    """While active, ``check(node, frame)`` runs before each read of ``node.data`` (``frame``: the
    reader's); it may raise. The compiler records with it, to refuse code that would keep a
    recorded number. The engine's own reads (``_data``) are not checked, and as fast as ever."""
    previous = Value.__dict__["data"]  # the counting property, or another block's when nested

    def read(node: Value) -> float:
        check(node, sys._getframe(1))
        return node._data

    Value.data = property(read, previous.fset)  # type: ignore[assignment]
    try:
        yield
    finally:
        Value.data = previous  # type: ignore[assignment]


def weighted_sum(
    weights: Sequence[Value | float], inputs: Sequence[Value | float], bias: Value | float | None = None
) -> Value:
    """Σ wᵢ·xᵢ + b as one node, the documents' Z = Σ W·A + B.

    One node instead of 2n operations: the tracer shows the document's ∂L/∂W = δ · A directly, and
    a neuron costs n+1 fewer nodes. Parents are (w1, x1, w2, x2, ..., b) (``ops.wsum_parts`` reads
    them back); plain numbers become constant leaves.
    """
    if len(weights) != len(inputs):
        raise GraphError(
            f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; give one weight per input"
        )
    parents: list[Value] = []
    for w, x in zip(weights, inputs):
        parents.append(w if type(w) is Value else as_value(w, "weigh"))
        parents.append(x if type(x) is Value else as_value(x, "weigh"))
    if bias is not None:
        parents.append(bias if type(bias) is Value else as_value(bias, "add a bias"))
    return make_node(WSUM, tuple(parents))


def topological_order(root: Value) -> list[Value]:
    """Every node of root's graph, parents before children, without recursion.

    Depth-first post-order visiting parents in their stored order (the order a recursive
    micrograd-style sort gives), so the backward steps, the drawings and their golden files are
    the same on every run. ``iterators`` is the recursion's call stack made explicit: one iterator
    over the parents of each node on the current path (``path``). A leaf is appended as soon as it
    is seen instead of being pushed and popped: most nodes of a network are leaves (weights,
    inputs), and this is the hot loop of every ``backward``.
    """
    collecting = gc.isenabled()
    gc.disable()  # the traversal allocates no cycles; a collector pass over a big graph is wasted
    try:
        return _topological_order(root)
    finally:
        if collecting:
            gc.enable()


def _topological_order(root: Value) -> list[Value]:
    order: list[Value] = []
    seen = {root}
    path = [root]
    iterators = [iter(root.parents)]
    append, mark = order.append, seen.add
    enter, enter_iterator, leave, leave_iterator = path.append, iterators.append, path.pop, iterators.pop
    while iterators:
        for parent in iterators[-1]:
            if parent not in seen:
                mark(parent)
                if parent.parents:
                    enter(parent)
                    enter_iterator(iter(parent.parents))
                    break  # descend: finish this parent's ancestors first
                append(parent)
        else:  # every parent of the node at the end of the path is done
            leave_iterator()
            append(leave())
    return order


def _exponent(base: Value, exponent: object) -> float:
    """The exponent of ``base ** exponent`` as a float; a clear error for anything else."""
    if type(exponent) is float or type(exponent) is int:
        try:
            return float(exponent)
        except OverflowError:
            pass
    elif isinstance(exponent, Value):
        raise TypeError(
            f"{describe(base)} ** {describe(exponent)}: the exponent must be a plain number; "
            f"for a Value exponent write (exponent * base.log()).exp()"
        )
    elif not isinstance(exponent, Real):
        raise TypeError(
            f"{describe(base)} ** {exponent!r}: the exponent must be a number, not {type(exponent).__name__}"
        )
    try:
        return float(exponent)
    except OverflowError:
        raise GraphError(
            f"{describe(base)} ** {str(exponent)[:20]}...: the exponent is beyond the float range "
            f"(±1.8e308); write math.inf or -math.inf for the limit"
        ) from None
