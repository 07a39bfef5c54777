"""The graph's numbers recomputed from givens that restate the document's own earlier numbers.

A document computes ``\\delta^{(2)} = -0.7944 \\times 0.2395 \\approx -0.1903`` and then writes "using
``\\delta^{(2)} = -0.1903``": the reader takes that as a given (a leaf of the graph), and every node built
on it (``W^T \\delta``) is computed by the engine from -0.1903 as printed. Yet -0.1903 is no premise: it
is the document's own number, and its true value is that number's true value (-0.19020…, the printed
one being wrong). ``inheritance`` decides which givens restate an earlier number and what their true
values are; this module gives the value of each node with those leaves replaced by them
(``GraphValues.value``), so the numbers printed for those nodes are checked against their true values.

Only a graph of named expressions (``network.kind = "expression"``: leaves and nodes) is recomputed;
a node is evaluated once per set of replaced leaves (memoised), its work the nodes it is built from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from autograd import Value
from nn.check.expressions import Expression, ExpressionError, parse

__all__ = ["GraphValues"]

MAX_NODES = 20000  # a graph larger than this is not recomputed (its numbers keep the engine's values)


class GraphValues:
    """The nodes of an expression graph (``setup``'s leaves and nodes), evaluated with some leaves
    replaced; ``evaluated`` counts the node evaluations done (the work)."""

    def __init__(self, setup: Mapping[str, object]) -> None:
        network = setup.get("network")
        leaves, nodes = setup.get("leaves"), setup.get("nodes")
        self.leaves: dict[str, float] = {}
        self.nodes: dict[str, str] = {}
        if isinstance(network, Mapping) and network.get("kind") == "expression" \
                and isinstance(leaves, Mapping) and isinstance(nodes, Mapping) and len(nodes) <= MAX_NODES:
            self.leaves = {k: float(v) for k, v in leaves.items() if isinstance(v, (int, float))}
            self.nodes = {k: v for k, v in nodes.items() if isinstance(v, str)}
        self.defined = set(self.leaves) | set(self.nodes)
        self.parsed: dict[str, Expression | None] = {}
        self.depends: dict[str, frozenset[str]] = {}
        self.memo: dict[tuple[str, tuple[tuple[str, float], ...]], float | None] = {}
        self.evaluated = 0

    def has(self, name: str) -> bool:
        return name in self.nodes

    def _expression(self, name: str) -> Expression | None:
        if name not in self.parsed:
            try:
                self.parsed[name] = parse(self.nodes[name], self.defined)
            except (ExpressionError, RecursionError):
                self.parsed[name] = None
        return self.parsed[name]

    def _order(self, name: str, known: Callable[[str], bool]) -> list[str]:
        """The nodes ``name`` is built from that are not ``known`` yet, each after those it uses (``name``
        last); walked with a stack of its own, so a long chain of nodes needs no deep recursion. A node
        reached again on its own path (a cycle) is left out there."""
        order: list[str] = []
        done: set[str] = set()
        on_path: set[str] = set()
        stack: list[tuple[str, bool]] = [(name, False)]
        while stack:
            at, expanded = stack.pop()
            if at in done or at not in self.nodes or known(at):
                continue
            if expanded:
                on_path.discard(at)
                done.add(at)
                order.append(at)
                continue
            if at in on_path:
                continue
            on_path.add(at)
            stack.append((at, True))
            expression = self._expression(at)
            stack.extend((n, False) for n in reversed(expression.names if expression else ())
                         if n not in done and n not in on_path and not known(n))
        return order

    def leaves_of(self, name: str) -> frozenset[str]:
        """The leaves a node is built from (every leaf, through the nodes it uses)."""
        if name in self.leaves:
            return frozenset({name})
        for node in self._order(name, lambda n: n in self.depends):
            expression = self._expression(node)
            names = expression.names if expression is not None else ()
            self.depends[node] = frozenset(n for n in names if n in self.leaves).union(
                *(self.depends.get(n, frozenset()) for n in names if n in self.nodes))
        return self.depends.get(name, frozenset())

    def value(self, name: str, replaced: Mapping[str, float]) -> float | None:
        """The node's value with the leaves ``replaced`` (name → value); None when it cannot be
        computed (not a node, a name it cannot read, an operation the values refuse)."""
        if name in self.leaves:
            return replaced.get(name, self.leaves[name])
        if name not in self.nodes:
            return None
        for node in self._order(name, lambda n: self._key(n, replaced) in self.memo):
            self.memo[self._key(node, replaced)] = self._evaluate(node, replaced)
        return self.memo.get(self._key(name, replaced))

    def _key(self, name: str, replaced: Mapping[str, float]) -> tuple[str, tuple[tuple[str, float], ...]]:
        return name, tuple(sorted((k, v) for k, v in replaced.items() if k in self.leaves_of(name)))

    def _evaluate(self, name: str, replaced: Mapping[str, float]) -> float | None:
        """One node's value, the nodes it uses already computed (``memo``)."""
        expression = self._expression(name)
        if expression is None:
            return None
        env = {}
        for n in expression.names:
            v = replaced.get(n, self.leaves[n]) if n in self.leaves else self.memo.get(self._key(n, replaced))
            if v is None:
                return None
            env[n] = Value(v)
        self.evaluated += 1
        try:
            out = expression.evaluate(env)
            result = float(out.data if isinstance(out, Value) else out)
        except (ArithmeticError, ValueError, TypeError, OverflowError):
            return None
        return result if math.isfinite(result) else None
