"""Engine behaviour at the edges (issue 16): stale graphs, huge graphs, odd operands, infinities."""

from __future__ import annotations

import copy
import gc
import math
import pickle
from fractions import Fraction

import pytest

from autograd import GraphError, StaleGraphError, Value, topological_order, weighted_sum


def chain(n: int) -> tuple[Value, Value]:
    x = Value(0.5, "x")
    y = x
    for _ in range(n):
        y = y * 1.0000001 + 0.0
    return x, y


# ---- stale gradients ----------------------------------------------------------------------------


def test_editing_data_after_the_forward_pass_then_backward_again_names_the_node():
    w, x = Value(2.0, "w"), Value(3.0, "x")
    loss = (w * x).tanh().named("L")
    loss.backward()
    first = w.grad
    w.data = 5.0  # what a learner does in a REPL
    with pytest.raises(StaleGraphError, match=r"the 'mul' node .*Value 'w' \(data=5\).*forward pass again"):
        loss.backward()
    assert w.grad == first  # nothing changed: the error comes before the gradients are reset
    loss = (w * x).tanh().named("L")  # the fix the message gives
    loss.backward()
    assert w.grad == pytest.approx(3.0 * (1 - math.tanh(15.0) ** 2))


def test_an_edit_that_changes_only_a_local_derivative_is_caught_too():
    a, b = Value(0.0, "a"), Value(4.0, "b")
    out = a * b  # value 0 stays 0 when b changes, but ∂out/∂a = b does not
    out.backward()
    b.data = 7.0
    with pytest.raises(StaleGraphError, match="Value 'b' \\(data=7\\)"):
        out.backward()


def test_repeated_backward_on_an_unchanged_graph_is_allowed_and_identical():
    w = Value(0.3, "w")
    loss = (w.exp() * w).sigmoid()
    loss.backward()
    g = w.grad
    loss.backward()
    assert w.grad == g


# ---- big graphs ---------------------------------------------------------------------------------


def test_pickle_of_a_hundred_thousand_node_chain():
    x, y = chain(50_000)  # two nodes per link: 100,001 nodes
    back = pickle.loads(pickle.dumps(y))
    assert back.data == y.data and len(topological_order(back)) == len(topological_order(y))
    back.backward()
    y.backward()
    leaf = topological_order(back)[0]
    assert leaf.label == "x" and leaf.grad == x.grad


def test_deepcopy_of_a_ten_thousand_node_chain_keeps_shared_nodes_shared():
    x, y = chain(5_000)
    z = y * x  # x is used twice
    c = copy.deepcopy(z)
    assert c is not z and c.data == z.data
    order = topological_order(c)
    assert order[0].label == "x" and c.parents[1] is order[0]  # one x, shared, as in the original
    c.backward()
    z.backward()
    assert order[0].grad == x.grad


def test_gc_is_paused_only_inside_backward_and_restored():
    seen = []
    x, y = chain(10)

    def hook(node, child, contribution):
        seen.append(gc.isenabled())

    remove = x.register_hook(hook)
    try:
        assert gc.isenabled()
        y.backward()
        assert seen == [False] and gc.isenabled()
        gc.disable()
        y.backward()
        topological_order(y)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
        remove()


# ---- operands -----------------------------------------------------------------------------------


def test_weighted_sum_takes_plain_number_weights_and_bias():
    x = Value(3.0, "x")
    z = weighted_sum([2.0, Value(-1.0, "w2")], [x, 4.0], 0.5)
    assert z.data == 2.0 * 3.0 - 4.0 + 0.5
    z.backward()
    assert x.grad == 2.0


def test_exponents_of_every_real_kind():
    assert (Value(2.0) ** Fraction(1, 2)).data == math.sqrt(2.0)
    assert (Value(-0.5) ** math.inf).data == 0.0  # IEEE: |x| < 1 to +inf is 0, also for x < 0
    node = Value(-0.5) ** math.inf
    assert node.local_grads == (0.0,)  # n·x^(n−1) → 0 as n → ∞
    assert (Value(2.0) ** math.inf).data == math.inf
    with pytest.raises(GraphError, match="beyond the float range"):
        Value(2.0, "x") ** 10**400


POW_OVERFLOWS = [(1e-200, -1, -math.inf), (-1e200, 4, -math.inf), (-1e200, 3, math.inf), (1e200, 3, math.inf),
                 (-1e-200, -2, math.inf), (-1e-200, -1, -math.inf)]


@pytest.mark.parametrize("x,n,local", POW_OVERFLOWS)
def test_infinite_local_derivatives_of_pow_keep_their_sign(x, n, local):
    assert (Value(x) ** n).local_grads == (local,)


def test_numpy_bools_are_numbers_on_both_sides():
    np = pytest.importorskip("numpy")
    v = Value(2.0)
    assert (v + np.True_).data == (np.True_ + v).data == 3.0
    assert (v * np.False_).data == 0.0
