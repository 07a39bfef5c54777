"""``define_op``: add an operation to the table in one definition, the shape of the built-ins.

    softsign = define_op("softsign", lambda x: x / (1 + abs(x)),
                         lambda x, out: (1 / ((1 + abs(x)) * (1 + abs(x))),))

``forward`` gives the value from the operands; ``derivatives(x0, ..., out)`` the local derivative
with respect to each operand, written in operations (``out`` is the value, so tanh's is
``1 - out * out``). Written with arithmetic, the table's operations (``SIGMOID(x)``) and
``autograd.symbolic``'s helpers, both also run on symbols and on Values: the tracer prints the
formulas, the compiler writes them as code, and ``grad(..., create_graph=True)`` differentiates
them again. Written with ``math`` or ``if`` on an operand, the operation works on floats only: the
tracer prints ``name'(x)`` (or ``formulas=``), the compiler calls it by reference, and a second
derivative through it is refused with a clear message.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from autograd.engine import Value
from autograd.ops import Op, register

__all__ = ["define_op"]


def _arity(forward: Callable[..., Any]) -> int:
    try:
        params = inspect.signature(forward).parameters.values()
    except (TypeError, ValueError):
        raise TypeError("define_op: cannot read the forward function's parameters; pass arity=") from None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        raise TypeError("define_op: the forward function takes *args; pass arity=")
    return sum(p.default is p.empty for p in params)


def define_op(
    name: str,
    forward: Callable[..., Any],
    derivatives: Callable[..., Sequence[Any]],
    formulas: Sequence[str] | None = None,
    *,
    symbol: str | None = None,
    arity: int | None = None,
    method: bool = False,
) -> Op:
    """Add an operation to the table; returns its entry, which makes nodes.

    ``formulas``: each local derivative as the step tracer prints it, with ``{x0}``, ``{x1}``...
    for the operands' names and ``{out}`` for the node's (default: derived from ``derivatives``).
    ``symbol``: what drawings write in the operation's circle. ``method=True`` also makes it a
    method of Value (``v.swish()``) unless Value already has that attribute (other than one an
    earlier ``define_op`` added). Defining a name again replaces the earlier definition in
    ``operations()``; a built-in of that name (``softplus``) stays what Value's methods, the
    activations and pickled graphs use.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"define_op: the name must be an identifier, got {name!r}")
    n = arity if arity is not None else _arity(forward)
    if formulas is not None and len(formulas) != n:
        raise ValueError(f"define_op {name!r}: {len(formulas)} formulas for {n} operands; one per operand")
    if method:
        _check_method_name(name)
    op = register(Op(name, forward, derivatives, arity=n, symbol=symbol, formulas=formulas))
    if method:
        _add_method(op)
    return op


def _check_method_name(name: str) -> None:
    existing = getattr(Value, name, None)
    made_here = isinstance(getattr(existing, "op", None), Op) and not existing.op.builtin  # by a user
    if existing is not None and not made_here:
        raise ValueError(f"define_op: Value already has an attribute {name!r}; pass method=False")


def _add_method(op: Op) -> None:
    def method(self: Value, *others: Value | float) -> Value:
        return op(self, *others)

    method.__name__ = method.__qualname__ = op.name
    method.__doc__ = f"``{op.name}`` of this Value (an operation of the table, autograd.ops)."
    method.op = op  # type: ignore[attr-defined]
    setattr(Value, op.name, method)
