"""The compiled replay raises what the engine raises, and gives what it gives (issue 24, item 5).

Every operation of the table is replayed by ``autograd.jit`` at special values: ±0, ±inf, nan,
subnormals, the largest floats and the edges of each domain, as a parameter and as an argument. The
compiled call must give the engine's loss and gradients bit for bit (nan where the engine has nan),
or raise the very error the engine raises; ``accumulate_many`` likewise never leaves a NaN where
the engine raises.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import Value, jit, weighted_sum

SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, -3.0, 2.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324,
           2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 709.78, 710.0, -745.2,
           1e-300, 36.8, -36.8]
EXPONENTS = [2.0, 3.0, -1.0, -2.0, 0.5, -0.5, 1.5, 0.0, 1.0, math.inf, -math.inf, math.nan, 1e308, -1e-308]

UNARY = {
    "exp": lambda a: a.exp(), "log": lambda a: a.log(), "tanh": lambda a: a.tanh(),
    "sigmoid": lambda a: a.sigmoid(), "relu": lambda a: a.relu(), "neg": lambda a: -a,
    "abs": lambda a: abs(a), "softplus": lambda a: a.softplus(),
    **{f"pow {n:g}": (lambda n: lambda a: a ** n)(n) for n in EXPONENTS},  # noqa: B023 - bound by the call
}
BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "max": lambda a, b: a.max(b), "min": lambda a, b: a.min(b),
    "wsum": lambda a, b: weighted_sum([a, b], [b, a], a),
}


def outcome(run):
    """(loss, gradients) or the error's type: what a call gives."""
    try:
        return run()
    except Exception as e:  # noqa: BLE001 - the error itself is the outcome compared
        return type(e)


def same(a, b) -> bool:
    if isinstance(a, type) or isinstance(b, type):
        return a is b
    flat_a, flat_b = [a[0], *a[1]], [b[0], *b[1]]
    return all(x == y and math.copysign(1, x) == math.copysign(1, y) or (x != x and y != y)
               for x, y in zip(flat_a, flat_b, strict=True))


def compare(build, values: tuple[float, ...], as_argument: bool) -> None:
    """The engine against the compiled replay of ``build`` on leaves holding ``values``."""
    params = [Value(0.7, f"p{i}") for i in range(len(values))]

    def eager():
        for p, v in zip(params, values):
            p.data = v
        loss = build(*[Value(v) * p if as_argument else p for p, v in zip(params, values)]) \
            if as_argument else build(*params)
        loss.backward()
        return loss.data, [p.grad for p in params]

    def fn(*xs):
        return build(*[x * p for x, p in zip(xs, params)]) if as_argument else build(*params)

    step = jit(fn)
    benign = [0.7] * len(values)
    for p in params:
        p.data = 0.7
    step(*benign) if as_argument else step()  # recorded on ordinary numbers

    def compiled():
        for p, v in zip(params, values):
            p.data = 1.0 if as_argument else v
        loss = step(*values) if as_argument else step()
        return loss, [p.grad for p in params]

    def reference():
        for p in params:
            p.data = 1.0
        if not as_argument:
            return eager()
        xs = [Value(v) for v in values]
        loss = build(*[x * p for x, p in zip(xs, params)])
        loss.backward()
        return loss.data, [p.grad for p in params]

    expected, got = outcome(reference), outcome(compiled)
    assert same(expected, got), f"{values}: engine {expected}, compiled {got}"


@pytest.mark.parametrize("as_argument", [False, True], ids=["parameter", "argument"])
@pytest.mark.parametrize("name", list(UNARY))
def test_every_unary_operation_compiled_is_the_engine_at_special_values(name, as_argument):
    for x in SPECIAL:
        compare(UNARY[name], (x,), as_argument)


@pytest.mark.parametrize("name", list(BINARY))
def test_every_binary_operation_compiled_is_the_engine_at_special_values(name):
    for x, y in itertools.product(SPECIAL[:14], repeat=2):
        compare(BINARY[name], (x, y), as_argument=False)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(UNARY)), st.floats(allow_nan=True, allow_infinity=True), st.booleans())
def test_random_floats_compiled_are_the_engine(name, x, as_argument):
    compare(UNARY[name], (x,), as_argument)


def test_the_issue_repros():
    """(Value(x)·p) ** 0.5 at x = −inf; ** −inf at 0; ** nan at −3: the engine raises, so must the replay."""
    from autograd import GraphError

    for n, x, error in ((0.5, -math.inf, GraphError), (-math.inf, 0.0, ZeroDivisionError),
                        (math.nan, -3.0, GraphError)):
        p = Value(1.0, "p")
        step = jit(lambda x, n=n, p=p: (Value(1.0) * x * p) ** n)
        step(2.0)
        step(4.0)
        assert step.eager_calls == 0  # ordinary numbers replay the compiled code
        with pytest.raises(error):
            step(x)
        assert step.eager_calls == 1  # the failing call re-ran through the engine, for its error


def test_accumulate_many_raises_where_the_engine_raises_and_leaves_no_nan():
    from autograd import GraphError

    p = Value(1.0, "p")
    step = jit(lambda x: (x * p) ** 0.5)
    samples = [(4.0,), (9.0,), (-math.inf,), (16.0,)]
    with pytest.raises(GraphError):
        step.accumulate_many(samples)
    assert not math.isnan(p.grad)
    p.grad = 0.0
    total = step.accumulate_many([(4.0,), (9.0,)])
    assert total == 5.0 and p.grad == 0.5 * 2.0 + 0.5 * 3.0
