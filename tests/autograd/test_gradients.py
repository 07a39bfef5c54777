"""autograd.grad: gradients as Values; with create_graph=True differentiable again.

Second derivatives of every built-in (and of a user's operation written in operations) are checked
against PyTorch's double backward (float64, within 1e-9) and against central differences of the
engine's own first derivatives; a Hessian against its closed form.
"""

from __future__ import annotations

import math
import random

import pytest

from autograd import GraphError, Stepper, Value, define_op, grad, trace, weighted_sum
from autograd.ops import operations, unregister

# each case: (name, stepgrad function of two Values, torch function of two tensors, domain of points)
UNARY = {
    "neg": (lambda a: -a, lambda a: -a),
    "exp": (lambda a: a.exp(), lambda a: a.exp()),
    "log": (lambda a: a.log(), lambda a: a.log()),
    "tanh": (lambda a: a.tanh(), lambda a: a.tanh()),
    "sigmoid": (lambda a: a.sigmoid(), lambda a: a.sigmoid()),
    "relu": (lambda a: a.relu(), lambda a: a.relu()),
    "abs": (lambda a: abs(a), lambda a: a.abs()),
    "softplus": (lambda a: a.softplus(), lambda a: __import__("torch").nn.functional.softplus(a)),
    "sin": (lambda a: a.sin(), lambda a: a.sin()),
    "cos": (lambda a: a.cos(), lambda a: a.cos()),
    "pow2": (lambda a: a**2, lambda a: a**2),
    "pow3": (lambda a: a**3, lambda a: a**3),
    "pow0.5": (lambda a: a**0.5, lambda a: a**0.5),
    "pow-1": (lambda a: a**-1, lambda a: a**-1),
    "pow1.5": (lambda a: a**1.5, lambda a: a**1.5),
}
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "max": (lambda a, b: a.max(b), lambda a, b: __import__("torch").maximum(a, b)),
    "min": (lambda a, b: a.min(b), lambda a, b: __import__("torch").minimum(a, b)),
    "wsum": (lambda a, b: weighted_sum([a, b], [b, 0.7], a), lambda a, b: a * b + b * 0.7 + a),
}
POSITIVE = {"log", "pow0.5", "pow1.5"}


def compose_unary(f):
    """The operation on an expression of both inputs, times an input: every second derivative of
    the operation shows up (its own, and the chain rule's cross terms)."""
    return lambda x, y: f(x * y + x) * x


def compose_binary(f):
    return lambda x, y: f(x * x, x * y + y) * y


def cases():
    for name, (f, tf) in UNARY.items():
        yield name, compose_unary(f), compose_unary(tf)
    for name, (f, tf) in BINARY.items():
        yield name, compose_binary(f), compose_binary(tf)


def random_points(name: str, count: int = 12) -> list[tuple[float, float]]:
    rng = random.Random(name)
    points = []
    while len(points) < count:
        x, y = rng.uniform(-2, 2), rng.uniform(-2, 2)
        if name in POSITIVE and not x * y + x > 0.05:
            continue
        if name in ("relu", "abs") and abs(x * y + x) < 1e-3:  # away from the kink
            continue
        if name in ("max", "min") and abs(x * x - (x * y + y)) < 1e-3:
            continue
        if name in ("div", "pow-1") and abs(x * y + y if name == "div" else x * y + x) < 0.1:
            continue
        points.append((x, y))
    return points


def engine_hessian(f, x0: float, y0: float) -> tuple[list[float], list[list[float]]]:
    x, y = Value(x0, "x"), Value(y0, "y")
    first = grad(f(x, y), [x, y], create_graph=True)
    return [g.data for g in first], [[h.data for h in grad(g, [x, y])] for g in first]


def torch_hessian(tf, x0: float, y0: float) -> tuple[list[float], list[list[float]]]:
    torch = pytest.importorskip("torch")
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(y0, dtype=torch.float64, requires_grad=True)
    first = torch.autograd.grad(tf(x, y), [x, y], create_graph=True)
    rows = []
    for g in first:
        row = (torch.autograd.grad(g, [x, y], allow_unused=True, retain_graph=True) if g.requires_grad
               else (None, None))
        rows.append([0.0 if h is None else h.item() for h in row])
    return [g.item() for g in first], rows


@pytest.mark.parametrize("name,f,tf", list(cases()), ids=[c[0] for c in cases()])
def test_second_derivatives_match_pytorch_double_backward(name, f, tf):
    for x0, y0 in random_points(name):
        first, hessian = engine_hessian(f, x0, y0)
        t_first, t_hessian = torch_hessian(tf, x0, y0)
        assert first == pytest.approx(t_first, abs=1e-9, rel=1e-9), (name, x0, y0)
        for row, t_row in zip(hessian, t_hessian):
            assert row == pytest.approx(t_row, abs=1e-9, rel=1e-9), (name, x0, y0, hessian, t_hessian)


@pytest.mark.parametrize("name,f,tf", list(cases()), ids=[c[0] for c in cases()])
def test_second_derivatives_match_central_differences_of_the_first(name, f, tf):
    h = 1e-6
    for x0, y0 in random_points(name, count=5):
        _, hessian = engine_hessian(f, x0, y0)
        for j, (dx, dy) in enumerate(((h, 0.0), (0.0, h))):
            plus, _ = engine_hessian(f, x0 + dx, y0 + dy)
            minus, _ = engine_hessian(f, x0 - dx, y0 - dy)
            for i in range(2):
                numeric = (plus[i] - minus[i]) / (2 * h)
                assert hessian[i][j] == pytest.approx(numeric, rel=1e-5, abs=1e-6), (name, x0, y0, i, j)


def test_the_hessian_of_a_small_function_is_its_closed_form():
    # f(x, y) = x²·y + tanh(x·y): f_xx = 2y − 2y²·t·(1−t²), f_xy = 2x + (1−t²)(1 − 2xy·t), t = tanh(xy)
    x, y = Value(0.8, "x"), Value(-0.6, "y")
    f = x**2 * y + (x * y).tanh()
    dx, dy = grad(f, [x, y], create_graph=True)
    hessian = [[h.data for h in grad(g, [x, y])] for g in (dx, dy)]
    t = math.tanh(0.8 * -0.6)
    f_xx = 2 * -0.6 - 2 * 0.36 * t * (1 - t * t)
    f_xy = 2 * 0.8 + (1 - t * t) * (1 - 2 * 0.8 * -0.6 * t)
    f_yy = -2 * 0.64 * t * (1 - t * t)
    assert hessian == [[pytest.approx(f_xx, rel=1e-13), pytest.approx(f_xy, rel=1e-13)],
                       [pytest.approx(f_xy, rel=1e-13), pytest.approx(f_yy, rel=1e-13)]]


def test_third_derivative_of_tanh_through_grad_of_grad_of_grad():
    x = Value(0.3, "x")
    (d1,) = grad(x.tanh(), [x], create_graph=True)
    (d2,) = grad(d1, [x], create_graph=True)
    (d3,) = grad(d2, [x])
    t = math.tanh(0.3)
    assert d3.data == pytest.approx(-2 * (1 - t * t) * (1 - 3 * t * t), rel=1e-13)


def test_a_users_operation_written_in_operations_has_second_derivatives():
    torch = pytest.importorskip("torch")
    softsign = define_op("test_softsign2", forward=lambda x: x / (1 + abs(x)),
                         derivatives=lambda x, out: (1 / ((1 + abs(x)) * (1 + abs(x))),))
    try:
        for x0 in (-1.7, -0.2, 0.4, 2.5):
            x = Value(x0, "x")
            (d1,) = grad(softsign(x) * x, [x], create_graph=True)
            (d2,) = grad(d1, [x])
            tx = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
            (t1,) = torch.autograd.grad(torch.nn.functional.softsign(tx) * tx, [tx], create_graph=True)
            (t2,) = torch.autograd.grad(t1, [tx])
            assert d1.data == pytest.approx(t1.item(), abs=1e-12)
            assert d2.data == pytest.approx(t2.item(), abs=1e-12)
    finally:
        unregister("test_softsign2")


def test_an_operation_on_floats_only_is_refused_with_what_to_do():
    floats = define_op("test_floats_only", forward=lambda x: math.sin(x),
                       derivatives=lambda x, out: (math.cos(x),))
    try:
        x = Value(0.5, "x")
        (plain,) = grad(floats(x), [x])  # first order: the stored float
        assert plain.data == math.cos(0.5)
        with pytest.raises(GraphError, match="'test_floats_only' node.*write them in operations"):
            grad(floats(x), [x], create_graph=True)
    finally:
        unregister("test_floats_only")


def test_first_order_grad_is_backwards_gradient_bit_for_bit_and_leaves_grads_alone():
    x, w, b = Value(0.4, "x"), Value(-1.3, "w"), Value(0.2, "b")
    loss = (weighted_sum([w], [x], b).sigmoid() - 1.0) ** 2
    plain = grad(loss, [x, w, b])
    graphed = grad(loss, [x, w, b], create_graph=True)
    assert (x.grad, w.grad, b.grad) == (0.0, 0.0, 0.0)  # grad writes no .grad
    loss.backward()
    assert [g.data for g in plain] == [x.grad, w.grad, b.grad]
    assert [g.data for g in graphed] == pytest.approx([x.grad, w.grad, b.grad], rel=1e-15)
    unused = Value(3.0, "unused")
    assert grad(loss, [unused])[0].data == 0.0


def test_a_gradient_graph_steps_traces_and_draws_like_any_graph():
    x = Value(0.5, "x")
    y = (x * x).sigmoid().named("y")
    (dy,) = grad(y, [x], create_graph=True)
    dy.label = "dy/dx"
    stepper = Stepper(dy)
    stepper.run()
    assert stepper.done and x.grad != 0.0
    (d2,) = grad(dy, [x])
    assert x.grad == pytest.approx(d2.data, rel=1e-14)  # backward through the gradient graph
    assert "dy/dx" in str(trace(dy))
    graphviz = pytest.importorskip("graphviz")
    from autograd import draw

    assert isinstance(draw(dy), graphviz.Digraph) and "dy/dx" in draw(dy).source


def test_grad_refuses_what_is_not_a_value():
    with pytest.raises(TypeError, match="y must be a Value"):
        grad(1.0, [Value(1.0)])


def test_every_built_in_is_covered():
    covered = {n.rstrip("0123456789.-") for n in UNARY} | set(BINARY)
    helpers = {"step", "sign", "max_share", "min_share"}  # indicators: their derivative is 0
    builtins = {name for name, op in operations().items() if op.builtin} - helpers
    assert builtins <= covered, sorted(builtins - covered)
