"""The engine: every operation against its closed form and central finite differences."""

import math
import sys

import pytest

from autograd import GraphError, Value, topological_order, weighted_sum
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
