"""Names and numbers as the tracer, the drawings and the compiler show them.

Every node gets a stable name (``node_names``): its label, or ``t1, t2, ...`` for unlabelled
operations and ``c1, c2, ...`` for unlabelled leaves (numbers written in an expression, like
the 2 of ``a * 2``), numbered in topological order, so a trace reads the same on every run.
``format_number`` writes a number as the documents do (-0.0000505, not -5.05e-05).
"""

from __future__ import annotations

import math

from autograd.engine import Value, topological_order
from autograd.ops import op_of

__all__ = ["DIGITS", "automatic_prefixes", "format_number", "node_names", "expression"]

DIGITS = 10  # significant digits shown: enough for every number the documents print



def format_number(x: float, digits: int = DIGITS) -> str:
    """``x`` to ``digits`` significant digits, trailing zeros trimmed, no exponent unless tiny.

    The documents write -0.0000505, not -5.05e-05, and -0.0105, not -0.01050000000.
    """
    if x == 0.0:
        return "0"
    if not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    s = f"{x:.{digits}g}"
    if "e" in s:
        exponent = int(s.split("e")[1])
        if -10 <= exponent < digits:
            s = f"{x:.{digits - 1 - exponent}f}"
    if "." in s and "e" not in s:
        s = s.rstrip("0").rstrip(".")
    return s


# Prefixes of automatic names, in order of preference: the first that no label of the graph uses
# (``c``, ``c2``, ``c10`` all count as using ``c``), so an automatic name never sits beside a user's
# own name of the same form: with a user's ``c`` and ``c2``, constants are ``k1, k2, ...``.
OPERATION_PREFIXES = ("t", "u", "tmp", "op")
LEAF_PREFIXES = ("c", "k", "const", "leaf")


def _free_prefix(prefixes: tuple[str, ...], labels: set[str]) -> str:
    for prefix in prefixes:
        if not any(label == prefix or (label.startswith(prefix) and label[len(prefix):].isdigit())
                   for label in labels):
            return prefix
    return prefixes[-1] + "_"  # every one taken: a form no plain label has


def automatic_prefixes(order: list[Value]) -> tuple[str, str]:
    """The prefixes automatic names take in this graph: (operations, leaves), e.g. ("t", "c")."""
    labels = {n.label for n in order if n.label}
    return _free_prefix(OPERATION_PREFIXES, labels), _free_prefix(LEAF_PREFIXES, labels)


def node_names(root: Value) -> dict[Value, str]:
    """A unique, stable name for every node of root's graph, assigned in topological order.

    A node's label if it has one (a repeated label gets ``#2``, ``#3``...); otherwise ``t1, t2, ...``
    for an operation and ``c1, c2, ...`` for a leaf, numbered without gaps, with other prefixes when
    the graph's own labels have that form (``automatic_prefixes``).
    """
    order = topological_order(root)
    op_prefix, leaf_prefix = automatic_prefixes(order)
    names: dict[Value, str] = {}
    used: set[str] = set()
    counters = {op_prefix: 0, leaf_prefix: 0}
    for node in order:
        if node.label:
            name, k = node.label, 1
            while name in used:
                k += 1
                name = f"{node.label}#{k}"
        else:
            prefix = op_prefix if node.parents else leaf_prefix
            counters[prefix] += 1
            name = f"{prefix}{counters[prefix]}"
        used.add(name)
        names[node] = name
    return names


def expression(node: Value, names: dict[Value, str]) -> str:
    """How the node was made, as a call: ``mul(W31, a_h1)``, ``pow(t1, 2)``, ``wsum(W31·a_h1, B3)``."""
    return op_of(node).expression([names[q] for q in node.parents], node)
