"""The engine: every operation against its closed form and central finite differences."""

from __future__ import annotations

import copy
import gc
import math
import pickle
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import GraphError, StaleGraphError, Value, topological_order, weighted_sum
from autograd.ops import MUL

H = 1e-6


def finite_difference(f, xs, i):
    """Central difference of f at xs along coordinate i: error O(h²) ≈ 1e-12 · f'''."""
    up = list(xs)
    down = list(xs)
    up[i] += H
    down[i] -= H
    return (f(*up) - f(*down)) / (2 * H)


# (name, graph builder on Values, the same on floats, closed-form gradient, point)
UNARY = [
    ("neg", lambda a: -a, lambda a: -a, lambda a: -1.0, 0.7),
    ("exp", lambda a: a.exp(), math.exp, math.exp, 0.3),
    ("log", lambda a: a.log(), math.log, lambda a: 1 / a, 1.7),
    ("tanh", lambda a: a.tanh(), math.tanh, lambda a: 1 - math.tanh(a) ** 2, -0.4),
    ("sigmoid", lambda a: a.sigmoid(), lambda a: 1 / (1 + math.exp(-a)),
     lambda a: math.exp(-a) / (1 + math.exp(-a)) ** 2, 0.8),
    ("relu+", lambda a: a.relu(), lambda a: max(a, 0.0), lambda a: 1.0, 0.8),
    ("relu-", lambda a: a.relu(), lambda a: max(a, 0.0), lambda a: 0.0, -0.8),
    ("square", lambda a: a**2, lambda a: a**2, lambda a: 2 * a, -1.3),
    ("cube", lambda a: a**3, lambda a: a**3, lambda a: 3 * a**2, 0.9),
    ("sqrt", lambda a: a**0.5, math.sqrt, lambda a: 0.5 / math.sqrt(a), 2.0),
    ("reciprocal", lambda a: a**-1, lambda a: 1 / a, lambda a: -1 / a**2, 0.6),
    ("radd", lambda a: 2.5 + a, lambda a: 2.5 + a, lambda a: 1.0, 0.1),
    ("rsub", lambda a: 2.5 - a, lambda a: 2.5 - a, lambda a: -1.0, 0.1),
    ("rmul", lambda a: 2.5 * a, lambda a: 2.5 * a, lambda a: 2.5, 0.1),
    ("rdiv", lambda a: 2.5 / a, lambda a: 2.5 / a, lambda a: -2.5 / a**2, 0.4),
]
BINARY = [
    ("add", lambda a, b: a + b, lambda a, b: (1.0, 1.0), (0.3, -1.2)),
    ("sub", lambda a, b: a - b, lambda a, b: (1.0, -1.0), (0.3, -1.2)),
    ("mul", lambda a, b: a * b, lambda a, b: (b, a), (0.3, -1.2)),
    ("div", lambda a, b: a / b, lambda a, b: (1 / b, -a / b**2), (0.3, -1.2)),
]


@pytest.mark.parametrize("name,op,f,df,x", UNARY, ids=[u[0] for u in UNARY])
def test_unary_gradient_matches_closed_form_and_finite_difference(name, op, f, df, x):
    a = Value(x, "a")
    out = op(a)
    out.backward()
    assert out.data == pytest.approx(f(x), rel=1e-12, abs=1e-15)
    assert a.grad == pytest.approx(df(x), rel=1e-12, abs=1e-15)
    assert a.grad == pytest.approx(finite_difference(f, [x], 0), rel=1e-6, abs=1e-8)


@pytest.mark.parametrize("name,op,df,xs", BINARY, ids=[b[0] for b in BINARY])
def test_binary_gradient_matches_closed_form_and_finite_difference(name, op, df, xs):
    a, b = Value(xs[0], "a"), Value(xs[1], "b")
    out = op(a, b)
    out.backward()
    expected = df(*xs)
    assert (a.grad, b.grad) == pytest.approx(expected, rel=1e-12)
    for i, v in enumerate((a, b)):
        assert v.grad == pytest.approx(finite_difference(op, list(xs), i), rel=1e-6)


def test_local_derivatives_are_stored_on_the_node():
    a, b = Value(3.0, "a"), Value(-2.0, "b")
    m = a * b
    assert m.op == "mul" and m.op is MUL and m.parents == (a, b) and m.local_grads == (-2.0, 3.0)
    s = a.sigmoid()
    sig = 1 / (1 + math.exp(-3.0))
    assert s.local_grads == pytest.approx((sig * (1 - sig),), rel=1e-15)


def test_weighted_sum_is_one_node_with_document_derivatives():
    w1, x1, w2, x2, b = (Value(v, n) for v, n in
                         [(0.4, "w1"), (0.59, "x1"), (0.45, "w2"), (0.6, "x2"), (0.1, "b")])
    z = weighted_sum([w1, w2], [x1, x2], b)
    assert z.op == "wsum" and z.parents == (w1, x1, w2, x2, b)
    assert z.data == pytest.approx(0.4 * 0.59 + 0.45 * 0.6 + 0.1, rel=1e-15)
    z.backward()
    assert [v.grad for v in (w1, x1, w2, x2, b)] == [0.59, 0.4, 0.6, 0.45, 1.0]


def test_weighted_sum_accepts_plain_numbers_and_checks_lengths():
    w = Value(2.0, "w")
    assert weighted_sum([w], [3.0]).data == 6.0
    with pytest.raises(GraphError, match="2 weights but 1 inputs"):
        weighted_sum([w, w], [1.0])


def test_reused_node_gets_the_sum_of_its_paths():
    a = Value(3.0, "a")
    (a + a).backward()
    assert a.grad == 2.0
    (a * a).backward()
    assert a.grad == 6.0
    # diamond: b and c both depend on a; d = b * c = (2a)(a + 1)
    b = a * 2
    c = a + 1
    d = b * c
    d.backward()
    assert a.grad == pytest.approx(4 * 3.0 + 2, rel=1e-15)  # d/da 2a² + 2a = 4a + 2


def test_second_backward_gives_the_same_gradients_not_double():
    a, b = Value(2.0, "a"), Value(5.0, "b")
    out = (a * b).tanh() + a
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first


def test_accumulate_adds_into_leaves_only():
    a = Value(2.0, "a")
    m = a * a
    out = m * 3.0
    out.backward()
    assert a.grad == 12.0
    out.backward(accumulate=True)
    assert a.grad == 24.0
    assert m.grad == 3.0  # intermediates show this pass only
    other = a * 10.0
    other.backward(accumulate=True)
    assert a.grad == 34.0


def test_zero_grad_resets_every_node_of_the_graph():
    a = Value(2.0, "a")
    out = (a * 3.0).exp()
    out.backward()
    out.zero_grad()
    assert all(n.grad == 0.0 for n in topological_order(out))


def test_topological_order_is_parents_first_and_deterministic():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = (a * b).named("c")
    d = (c + a).named("d")
    order = topological_order(d)
    assert [n.label for n in order] == ["a", "b", "c", "d"]
    pos = {id(n): i for i, n in enumerate(order)}
    for n in order:
        assert all(pos[id(p)] < pos[id(n)] for p in n.parents)


def test_million_node_chain_without_recursion():
    limit = sys.getrecursionlimit()
    x = Value(0.5, "x")
    y = x
    for _ in range(1_000_000):
        y = y + 1.0
    y.backward()
    assert x.grad == 1.0 and y.data == 1_000_000.5
    assert sys.getrecursionlimit() == limit


@pytest.mark.parametrize("big", [1000.0, 1e300, math.inf])
def test_sigmoid_and_tanh_are_stable_at_huge_arguments(big):
    for sign, s_lim, t_lim in ((1, 1.0, 1.0), (-1, 0.0, -1.0)):
        x = Value(sign * big)
        s, t = x.sigmoid(), x.tanh()
        assert s.data == s_lim and t.data == t_lim
        assert s.local_grads == (0.0,) and t.local_grads == (0.0,)


def test_sigmoid_is_accurate_for_large_negative_arguments():
    # exp(-40)/(1+exp(-40)) is ~4.2e-18; 1 - 1/(1+exp(40)) would lose it entirely.
    assert Value(-40.0).sigmoid().data == pytest.approx(math.exp(-40), rel=1e-12)


def test_exp_overflow_is_infinity_not_a_crash():
    assert Value(1000.0).exp().data == math.inf
    assert (Value(1e200) ** 2).data == math.inf


@pytest.mark.parametrize(
    "make,error,words",
    [
        (lambda: Value(1.0, "w31") + "a", TypeError, "'w31'"),
        (lambda: "a" * Value(1.0, "w31"), TypeError, "'w31'"),
        (lambda: Value("x", "w31"), TypeError, "'w31'"),
        (lambda: Value(None), TypeError, "real number"),
        (lambda: Value(0.0, "z").log(), GraphError, "log of Value 'z'"),
        (lambda: Value(-2.0, "z").log(), GraphError, "positive"),
        (lambda: Value(1.0, "a") / Value(0.0, "b"), ZeroDivisionError, "Value 'b'"),
        (lambda: Value(1.0, "a") / 0, ZeroDivisionError, "Value 'a'"),
        (lambda: 3 / Value(0.0, "b"), ZeroDivisionError, "Value 'b'"),
        (lambda: Value(2.0, "a") ** Value(2.0, "n"), TypeError, "Value 'n'"),
        (lambda: 2 ** Value(2.0, "n"), TypeError, "Value 'n'"),
        (lambda: Value(2.0, "a") ** "2", TypeError, "Value 'a'"),
        (lambda: Value(0.0, "a") ** -1, ZeroDivisionError, "Value 'a'"),
        (lambda: Value(-8.0, "a") ** 0.5, GraphError, "negative base"),
        (lambda: (Value(1.0) * 2) + [1], TypeError, "'mul' node"),
    ],
)
def test_bad_input_names_the_node(make, error, words):
    with pytest.raises(error, match=words.replace("*", r"\*")):
        make()


def test_numbers_of_every_kind_are_accepted():
    a = Value(True)
    assert a.data == 1.0 and type(a.data) is float
    assert (Value(2) * 3).data == 6.0


def test_repr_is_readable():
    w = Value(0.4, "w31")
    w.grad = -0.006195
    assert repr(w) == "Value(label='w31', data=0.4, grad=-0.006195)"
    assert repr(Value(2.5)) == "Value(data=2.5, grad=0)"


def test_hook_sees_every_contribution_and_can_be_removed():
    a = Value(2.0, "a")
    seen = []
    remove = a.register_hook(lambda node, child, c: seen.append((node.label, child.op, c)))
    out = a * a + a
    out.backward()
    assert seen == [("a", "add", 1.0), ("a", "mul", 2.0), ("a", "mul", 2.0)]
    assert a.grad == sum(c for _, _, c in seen) == 5.0
    remove()
    out.backward()
    assert len(seen) == 3


# ---- the engine at the edges (issue 16): stale graphs, huge graphs, odd operands, infinities -------

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


# ---- topological_order is exactly the order of micrograd's recursive sort, on any graph ---------

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
