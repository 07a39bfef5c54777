"""Nudges: "if $v = 11.001$ then $J = 33.003$", the graph evaluated at a nudged value.

A document that explains a derivative by nudging a quantity states a value of it other than the
example's inside an *if* (``hypothetical``), and the values that follow from it to the end of the
sentence. Those are the graph's own values at the nudged point: every node after the nudged one is
computed again from it (the nudged quantity may be a given or a node: ``v = a + u`` nudged to 11.001
is held there, and ``J = 3v`` follows). A number stated for a node that depends on the nudged one is
checked against that value; anything else in the case stays listed as not checked.

Only an expression graph (``kind = "expression"``, what the reader infers from a text) is evaluated
so; a nudge of a network template stays listed.
"""

from __future__ import annotations

from collections.abc import Callable

from nn.check.expressions import ExpressionError, ExpressionGraph
from nn.check.reader.arithmetic import Step
from nn.check.reader.claims import Claim
from nn.check.reader.latex import LatexError, parse_math
from nn.check.reader.names import Names, Ref, Unmapped
from nn.check.reader.trees import plain, printed_number

__all__ = ["nudge_step", "nudged_values"]


def nudge_step(claim: Claim, lhs: object, case: str, resolve: Callable[[object], Ref], names: Names,
               graph: object) -> Step | None:
    """The number ``claim`` prints last for its left side, checked against the graph with the case's
    quantity (``case``: "v = 11.001") held at its nudged value; None when the left side is no node
    computed from the nudged quantity, or the graph cannot be evaluated so."""
    name, _, printed = case.partition(" = ")
    try:
        nudged, ref = resolve(parse_math(name)).quantity, resolve(lhs)
        result = printed_number(parse_math(claim.sides[-1])) if len(claim.sides) > 1 else None
        at = printed_number(parse_math(printed))  # `if a = a + h`: a nudge in symbols, no number
    except (LatexError, Unmapped, RecursionError):
        return None
    if result is None or at is None or ref.after or "/" in ref.quantity or ref.quantity == nudged \
            or not names.depends(ref.quantity, nudged):
        return None
    try:
        held = float(at)
    except ValueError:  # a number printed in a form float() does not take: not evaluated
        return None
    values = nudged_values(graph, nudged, held)
    if values is None or ref.quantity not in values:
        return None
    value = values[ref.quantity]
    text = f"{plain(lhs)} with {case} (the graph at the nudge) = {result}"
    return Step(claim.line, text, result, claim.approx[-1], value, value, value)


def nudged_values(graph: object, name: str, value: float) -> dict[str, float] | None:
    """Every node's value when ``name`` (a leaf or a node of ``graph``) is held at ``value``, the
    nodes after it computed again in order; None for a graph that is no expression graph, a name it
    does not have, or a node that cannot be computed at that point."""
    from autograd import Value

    if not isinstance(graph, ExpressionGraph) or (name not in graph.leaves
                                                  and name not in {n for n, _ in graph.nodes}):
        return None
    env = {leaf: Value(v.data, leaf) for leaf, v in graph.leaves.items()}
    if name in env:
        env[name] = Value(value, name)
    for node, expression in graph.nodes:
        if node == name:
            env[node] = Value(value, node)
            continue
        try:
            v = expression.evaluate(env)
        except (ArithmeticError, ValueError, TypeError, ExpressionError):
            return None
        env[node] = v if isinstance(v, Value) else Value(v)
    return {k: v.data for k, v in env.items()}
