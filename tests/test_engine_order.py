"""topological_order is exactly the order of micrograd's recursive sort, on any graph.

The iterative traversal in the engine is written for speed; this pins it to the simple recursive
definition (parents visited in their stored order, post-order), which the tracer, the drawings
and their golden files rely on.
"""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, topological_order, weighted_sum


def recursive_order(root: Value) -> list[Value]:
    order, seen = [], set()

    def visit(node: Value) -> None:
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


# A graph as a recipe: each step combines earlier nodes (by index) with one operation.
STEP = st.tuples(st.sampled_from(["+", "*", "tanh", "wsum", "reuse"]), st.integers(0, 10**6),
                 st.integers(0, 10**6), st.integers(0, 10**6))


def build(leaves: int, steps: list[tuple[str, int, int, int]]) -> Value:
    nodes = [Value(0.1 * (i + 1), f"x{i}") for i in range(leaves)]
    for op, i, j, k in steps:
        a, b, c = (nodes[n % len(nodes)] for n in (i, j, k))
        if op == "+":
            nodes.append(a + b)
        elif op == "*":
            nodes.append(a * 0.5 * b)
        elif op == "tanh":
            nodes.append(a.tanh())
        elif op == "wsum":
            nodes.append(weighted_sum([a, b], [c, 2.0], a))
        else:
            nodes.append(a + a)
    return nodes[-1]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5), st.lists(STEP, min_size=1, max_size=40))
def test_order_is_the_recursive_post_order(leaves, steps):
    root = build(leaves, steps)
    assert topological_order(root) == recursive_order(root)


def test_order_of_a_leaf_and_of_the_documents_network():
    x = Value(1.0)
    assert topological_order(x) == [x]
    a, b = Value(0.3, "a"), Value(-0.2, "b")
    z = weighted_sum([a, b], [a, 1.5], b).sigmoid()
    loss = (0.75 - z) ** 2
    assert topological_order(loss) == recursive_order(loss)
    loss.backward()
    # d/da of (0.75 − σ(a·a + 1.5b + b))²: the reused a gets both of its paths
    s = 1 / (1 + math.exp(-(0.09 - 0.5)))
    assert math.isclose(a.grad, -2 * (0.75 - s) * s * (1 - s) * 2 * 0.3, rel_tol=1e-12)
