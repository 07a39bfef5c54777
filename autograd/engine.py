"""The scalar reverse-mode engine: `Value`, its operations, and `backward`.

Every operation creates a node that stores, beside its parents, the *local derivative* of its
value with respect to each parent (``local_grads``, in the same order as ``parents``). The chain
rule is then one line, ``parent.grad += local * node.grad``, and the step tracer, the drawings and
the checker read the very numbers ``backward`` multiplies instead of re-deriving them.

Nodes hold no closures and no references back to their children, so a graph has no reference
cycles: it is freed by reference counting the moment the last Value goes, not by the collector.

Gradient semantics (unlike micrograd, a second ``backward()`` does not silently double):
``root.backward()`` computes d(root)/d(node) afresh for every node of root's graph: it first
resets each node's ``.grad`` to 0. ``root.backward(accumulate=True)`` keeps what the *leaves*
already hold and adds this pass's gradient to it (to sum gradients over several losses), while
intermediate nodes still show this pass only.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real

__all__ = ["Value", "weighted_sum", "topological_order", "propagate", "propagate_node", "GraphError"]


class GraphError(ValueError):
    """An operation that cannot be carried out; the message names the node and the fix."""


def describe(node: Value) -> str:
    """How error messages and tables name a node: its label, else its operation."""
    if node.label:
        return f"Value {node.label!r} (data={node.data:.6g})"
    if node.op:
        return f"the {node.op!r} node (data={node.data:.6g})"
    return f"Value(data={node.data:.6g})"


def _operand(other: object, node: Value, opname: str) -> Value:
    """Turn a plain number into a constant leaf; refuse anything else with a clear message."""
    if isinstance(other, Value):
        return other
    if type(other) is float or type(other) is int or isinstance(other, Real):  # Real is a slow ABC check
        return Value(other)
    raise TypeError(
        f"cannot {opname} {describe(node)} and {type(other).__name__} {other!r}: "
        f"operands must be numbers or Values (wrap data with Value(...))"
    )


class Value:
    """A scalar in a computation graph: data, gradient, and how it was made."""

    __slots__ = ("data", "grad", "op", "parents", "local_grads", "label")

    def __init__(
        self,
        data: float,
        label: str = "",
        op: str = "",
        parents: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
    ) -> None:
        if type(data) is not float:
            if type(data) is not int and not isinstance(data, Real):
                where = f" for {label!r}" if label else ""
                raise TypeError(
                    f"Value{where} needs a real number, got {type(data).__name__} {data!r}"
                )
            try:
                data = float(data)
            except OverflowError:  # an int beyond float range: ±inf, like every other overflow
                data = math.inf if data > 0 else -math.inf
        self.data = data
        self.grad = 0.0
        self.op = op
        self.parents = parents
        self.local_grads = local_grads
        self.label = label

    # ---- arithmetic -------------------------------------------------------------------------
    def __add__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _operand(other, self, "add")
        return Value(self.data + other.data, "", "+", (self, other), (1.0, 1.0))

    def __mul__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _operand(other, self, "multiply")
        return Value(self.data * other.data, "", "*", (self, other), (other.data, self.data))

    def __sub__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _operand(other, self, "subtract")
        return Value(self.data - other.data, "", "-", (self, other), (1.0, -1.0))

    def __truediv__(self, other: Value | float) -> Value:
        other = other if type(other) is Value else _operand(other, self, "divide")
        d = other.data
        if d == 0.0:
            raise ZeroDivisionError(
                f"division by zero: {describe(self)} / {describe(other)}; "
                f"the divisor must not be 0"
            )
        # -(a/d)/d, not -a/(d*d): d*d underflows to 0 for |d| < 1e-162 where a/d is still finite.
        return Value(self.data / d, "", "/", (self, other), (1.0 / d, -(self.data / d) / d))

    def __pow__(self, exponent: float) -> Value:
        if type(exponent) is not float and type(exponent) is not int:  # not the common case
            if isinstance(exponent, Value):
                raise TypeError(
                    f"{describe(self)} ** {describe(exponent)}: the exponent must be a plain number; "
                    f"for a Value exponent write (exponent * base.log()).exp()"
                )
            if not isinstance(exponent, Real):
                raise TypeError(
                    f"{describe(self)} ** {exponent!r}: the exponent must be a number, "
                    f"not {type(exponent).__name__}"
                )
        n, x = float(exponent), self.data
        if x == 0.0 and n < 0:
            raise ZeroDivisionError(f"{describe(self)} ** {exponent}: 0 to a negative power")
        if x < 0.0 and not n.is_integer():
            raise GraphError(
                f"{describe(self)} ** {exponent}: a negative base to a fractional power "
                f"is not a real number"
            )
        try:
            out = x**n
        except OverflowError:
            out = math.copysign(math.inf, x) if n.is_integer() and n % 2 else math.inf
        try:
            local = n * x ** (n - 1) if n != 0 else 0.0
        except (OverflowError, ZeroDivisionError):
            local = math.inf
        return Value(out, "", f"**{exponent:g}", (self,), (local,))

    def __neg__(self) -> Value:
        return Value(-self.data, "", "neg", (self,), (-1.0,))

    def __radd__(self, other: float) -> Value:
        return _operand(other, self, "add") + self

    def __rsub__(self, other: float) -> Value:
        return _operand(other, self, "subtract") - self

    def __rmul__(self, other: float) -> Value:
        return _operand(other, self, "multiply") * self

    def __rtruediv__(self, other: float) -> Value:
        return _operand(other, self, "divide") / self

    def __rpow__(self, base: object) -> Value:
        raise TypeError(
            f"{base!r} ** {describe(self)}: a Value exponent is not supported; "
            f"write (exponent * math.log(base)).exp()"
        )

    # ---- elementary functions ---------------------------------------------------------------
    def exp(self) -> Value:
        try:
            out = math.exp(self.data)
        except OverflowError:  # IEEE semantics: exp of a huge number is +inf, not a crash
            out = math.inf
        return Value(out, "", "exp", (self,), (out,))

    def log(self) -> Value:
        if not self.data > 0.0:
            if self.data != self.data:  # NaN in, NaN out (as everywhere else); anomaly mode finds it
                return Value(math.nan, "", "log", (self,), (math.nan,))
            raise GraphError(f"log of {describe(self)}: log needs a positive number")
        return Value(math.log(self.data), "", "log", (self,), (1.0 / self.data,))

    def tanh(self) -> Value:
        t = math.tanh(self.data)  # math.tanh saturates to ±1 without overflow
        return Value(t, "", "tanh", (self,), (1.0 - t * t,))

    def sigmoid(self) -> Value:
        x = self.data
        if x >= 0.0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:  # exp of a negative number never overflows
            e = math.exp(x)
            s = e / (1.0 + e)
        return Value(s, "", "sigmoid", (self,), (s * (1.0 - s),))

    def relu(self) -> Value:
        x = self.data
        if x > 0.0:
            return Value(x, "", "relu", (self,), (1.0,))
        if x != x:  # NaN propagates, as in PyTorch: relu must not hide it
            return Value(x, "", "relu", (self,), (x,))
        return Value(0.0, "", "relu", (self,), (0.0,))  # relu'(0) = 0, as in PyTorch and JAX

    # ---- gradients --------------------------------------------------------------------------
    def backward(self, accumulate: bool = False) -> None:
        """Fill ``.grad`` of every node in this graph with d(self)/d(node) by the chain rule."""
        order = start_backward(self, accumulate)
        propagate(order, on_contribution=_run_hooks if _hooks else None)

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

    def __repr__(self) -> str:
        head = f"label={self.label!r}, " if self.label else ""
        return f"Value({head}data={self.data:.12g}, grad={self.grad:.12g})"


GradHook = Callable[["Value", "Value", float], None]
# Hooks live outside the nodes (no slot paid by every node); the hot loop checks one dict.
_hooks: dict[Value, list[GradHook]] = {}


def start_backward(root: Value, accumulate: bool = False) -> list[Value]:
    """Reset the graph's gradients as ``backward`` does, seed the root with 1; return the order.

    Shared by ``backward`` and the step tracer, so both start from exactly the same state.
    """
    order = topological_order(root)
    if accumulate:
        for node in order:
            if node.parents:
                node.grad = 0.0
    else:
        for node in order:
            node.grad = 0.0
    root.grad += 1.0
    return order


Contribution = Callable[["Value", "Value", float, float], None]  # (node, parent, local, contribution)


def propagate_node(
    node: Value,
    local_grads: Sequence[float] | None = None,
    on_contribution: Contribution | None = None,
) -> None:
    """The chain rule for one node: ``parent.grad += local * node.grad`` for each parent.

    ``local_grads`` replaces the node's stored local derivatives (the checker's alternatives
    recompute with other numbers without touching the graph); ``on_contribution(node, parent,
    local, contribution)`` is called after each addition (hooks, the step tracer, anomaly mode).
    """
    g = node.grad
    locals_ = node.local_grads if local_grads is None else local_grads
    if on_contribution is None:
        for parent, local in zip(node.parents, locals_):
            parent.grad += local * g
        return
    for parent, local in zip(node.parents, locals_):
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


def _run_hooks(node: Value, parent: Value, local: float, contribution: float) -> None:
    for hook in _hooks.get(parent, ()):
        hook(parent, node, contribution)


def weighted_sum(
    weights: Sequence[Value], inputs: Sequence[Value | float], bias: Value | None = None
) -> Value:
    """Σ wᵢ·xᵢ + b as one node, the documents' Z = Σ W·A + B.

    One node instead of 2n operations: the tracer shows the document's ∂L/∂W = δ · A directly, and
    a neuron costs n+1 fewer nodes. Parents are (w1, x1, w2, x2, ..., b).
    """
    if len(weights) != len(inputs):
        raise GraphError(
            f"weighted_sum: {len(weights)} weights but {len(inputs)} inputs; give one weight per input"
        )
    parents: list[Value] = []
    local: list[float] = []
    total = 0.0
    for w, x in zip(weights, inputs):
        if type(x) is not Value:
            x = _operand(x, w, "weigh")
        total += w.data * x.data
        parents += (w, x)
        local += (x.data, w.data)
    if bias is not None:
        total += bias.data
        parents.append(bias)
        local.append(1.0)
    return Value(total, "", "wsum", tuple(parents), tuple(local))


def topological_order(root: Value) -> list[Value]:
    """Every node of root's graph, parents before children, without recursion.

    Depth-first post-order visiting parents in their stored order (the order a recursive
    micrograd-style sort gives), so the backward steps, the drawings and their golden files are
    the same on every run. ``iterators`` is the recursion's call stack made explicit: one iterator
    over the parents of each node on the current path (``path``). A leaf is appended as soon as it
    is seen instead of being pushed and popped: most nodes of a network are leaves (weights,
    inputs), and this is the hot loop of every ``backward``.
    """
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
