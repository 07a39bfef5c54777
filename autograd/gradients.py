"""``grad(y, [x, ...])``: gradients as Values, and with ``create_graph=True`` differentiable again.

``backward()`` multiplies the floats each node stored when it was made. Here each operation's local
derivatives are evaluated *on the Values themselves* — they are written in operations in the table
(tanh: ``1 - out * out``) — so every gradient is a node of a new graph built from the original one:
``grad`` of it gives second derivatives, a Hessian row, a Newton step. The Stepper, ``trace`` and
the drawings show that gradient graph like any other graph. Nothing of ``y``'s graph changes (no
``.grad`` is written).

    x = Value(0.5, "x")
    y = x.tanh()
    (dy,) = grad(y, [x], create_graph=True)    # 1 − tanh(x)², a Value
    (d2y,) = grad(dy, [x])                      # −2·tanh(x)·(1 − tanh(x)²)
"""

from __future__ import annotations

from collections.abc import Sequence

from autograd.engine import GraphError, Value, check_current, topological_order
from autograd.ops import op_of

__all__ = ["grad"]


def grad(y: Value, xs: Sequence[Value], create_graph: bool = False) -> list[Value]:
    """∂y/∂x for each x of ``xs``, as Values (0 for an x that ``y`` does not depend on).

    ``create_graph=False``: each gradient is a new leaf holding the number ``backward()`` gives.
    ``create_graph=True``: each gradient is the root of a graph of operations on ``y``'s nodes, so
    it can be differentiated again.
    """
    if not isinstance(y, Value) or not all(isinstance(x, Value) for x in xs):
        raise TypeError("grad(y, xs): y must be a Value and xs a list of Values")
    order = topological_order(y)
    check_current(order)  # no gradient of data edited since the forward pass (StaleGraphError)
    if not create_graph:
        return [Value(g) for g in _float_gradients(order, xs)]
    grads: dict[Value, Value] = {y: Value(1.0)}
    for node in reversed(order):
        g = grads.get(node)
        if g is None or not node.parents:
            continue
        for parent, local in zip(node.parents, _local_derivatives(node), strict=True):
            contribution = g if type(local) is float and local == 1.0 else g * local
            grads[parent] = grads[parent] + contribution if parent in grads else contribution
    return [grads.get(x, Value(0.0)) for x in xs]


def _float_gradients(order: Sequence[Value], xs: Sequence[Value]) -> list[float]:
    """The chain rule on the stored floats, into a dict (the graph's ``.grad`` untouched)."""
    grads: dict[Value, float] = {order[-1]: 1.0}
    for node in reversed(order):
        g = grads.get(node)
        if g is None:
            continue
        for parent, local in zip(node.parents, node.local_grads):
            grads[parent] = grads.get(parent, 0.0) + local * g
    return [grads.get(x, 0.0) for x in xs]


def _local_derivatives(node: Value) -> list[Value | float]:
    """The node's local derivatives as Values: its operation's derivatives run on its parents."""
    op = op_of(node)
    try:
        local = list(op.derivatives(*node.parents, node, **op.params))
    except TypeError as e:
        raise GraphError(
            f"create_graph=True through the {op.name!r} node: its derivatives cannot run on Values "
            f"({e}); write them in operations (arithmetic, Value methods, autograd.ops entries) "
            f"instead of math functions on floats"
        ) from None
    return local
