"""define_op: an operation in one definition (value, and derivatives written in operations) gets
every form the built-ins have: the engine's floats, the tracer's text, the compiler's code and
second derivatives (docs/engine.md's gelu)."""

from __future__ import annotations

import math

import pytest

from autograd import Value, backward_steps, define_op, grad, jit
from autograd.ops import TANH, unregister

C = math.sqrt(2 / math.pi)


@pytest.fixture
def gelu():
    op = define_op(
        "test_gelu",
        forward=lambda x: 0.5 * x * (1 + TANH(C * (x + 0.044715 * x**3))),
        derivatives=lambda x, out: (0.5 * (1 + TANH(C * (x + 0.044715 * x**3)))
                                    + 0.5 * x * (1 - TANH(C * (x + 0.044715 * x**3)) ** 2) * C
                                    * (1 + 0.134145 * x**2),),
    )
    yield op
    unregister("test_gelu")


@pytest.mark.parametrize("x0", [-2.5, -0.7, 0.0, 0.8, 3.1])
def test_gelu_matches_pytorch_to_the_second_derivative(gelu, x0):
    torch = pytest.importorskip("torch")
    x = Value(x0, "x")
    y = gelu(x)
    (d1,) = grad(y, [x], create_graph=True)
    (d2,) = grad(d1, [x])
    t = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    ty = torch.nn.functional.gelu(t, approximate="tanh")
    (t1,) = torch.autograd.grad(ty, [t], create_graph=True)
    (t2,) = torch.autograd.grad(t1, [t])
    assert y.data == pytest.approx(ty.item(), abs=1e-14)
    assert (d1.data, d2.data) == (pytest.approx(t1.item(), abs=1e-12), pytest.approx(t2.item(), abs=1e-12))


def test_gelu_is_printed_and_compiled_from_its_definition(gelu):
    x = Value(0.8, "x")
    (step,) = backward_steps(gelu(x).named("y"))
    assert "tanh(0.797885(x + 0.044715·x³))" in str(step)  # the derivative, read from the definition
    w = Value(0.3, "w")
    compiled = jit(lambda v: gelu(w * v))
    loss = compiled(2.0)
    assert "math.tanh(" in compiled.source and "_evaluate(" not in compiled.source  # written out, inline
    eager = gelu(w * 2.0)
    eager.backward()
    assert loss == eager.data  # bit for bit
    grad_compiled = w.grad
    compiled(2.0)
    assert w.grad == grad_compiled
