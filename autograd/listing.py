"""``forward_text(root)``: the forward graph as a jaxpr-like listing (``t3 = mul(W31, a_h1)``)."""

from __future__ import annotations

from autograd.engine import Value, topological_order
from autograd.naming import expression, format_number, node_names

__all__ = ["forward_text"]


def forward_text(root: Value) -> str:
    """The forward graph in topological order, one line per node, like a JAX jaxpr.

    Leaves first (``W31 = 0.4``), then each operation as a call with its value::

        t3 = mul(W31, a_h1)          # 0.236
    """
    names = node_names(root)
    order = topological_order(root)
    leaves = [n for n in order if not n.parents]
    ops = [n for n in order if n.parents]
    width = max(len(names[n]) for n in order)
    lines = [f"# {len(leaves)} {'leaf' if len(leaves) == 1 else 'leaves'}: inputs, parameters, constants"]
    lines += [f"{names[n]:<{width}} = {format_number(n.data)}" for n in leaves]
    lines.append(f"# {len(ops)} operations, in topological order (backward runs them bottom-up)")
    exprs = [f"{names[n]:<{width}} = {expression(n, names)}" for n in ops]
    w = max((len(e) for e in exprs), default=0)
    lines += [f"{e:<{w}}  # {format_number(n.data)}" for e, n in zip(exprs, ops, strict=True)]
    return "\n".join(lines)
