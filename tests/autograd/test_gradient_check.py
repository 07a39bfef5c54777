"""gradcheck: the engine's gradients vs central differences, with the worst input named."""

import math

import pytest

from autograd import GradcheckError, GradcheckResult, Value, gradcheck, weighted_sum
from autograd.ops import POW, operations


def wrong_tanh(a: Value) -> Value:
    """tanh whose stored local derivative is 1% too large: a bug gradcheck must find."""
    out = a.tanh()
    out.local_grads = (out.local_grads[0] * 1.01,)
    return out


@pytest.mark.parametrize(
    "f,point",
    [
        (lambda a, b: (a * b).tanh() + a.log(), [0.3, -1.2]),
        (lambda a, b: a / b - (a**3).sigmoid() + (-b).exp(), [0.7, 1.9]),
        (lambda a, b, c: weighted_sum([a, b], [c, 2.0], c).relu() * a, [0.5, -0.25, 1.5]),
        (lambda a: (a * a + a).tanh() * a, [-0.8]),  # reuse and a diamond
    ],
)
def test_correct_gradients_pass_with_tiny_errors(f, point):
    result = gradcheck(f, point)
    assert result.passed and bool(result)
    assert len(result.checks) == len(point)
    assert result.max_rel_error < 1e-7  # central differences at h = 1e-6: ~1e-10 expected
    for c, x in zip(result.checks, point):
        assert c.value == x and c.passed


def test_a_wrong_local_derivative_fails_and_the_worst_input_is_named():
    result = gradcheck(lambda a, b: wrong_tanh(a) + b * b, [Value(0.5, "w31"), Value(2.0, "b")])
    assert not result.passed and not bool(result)
    assert result.worst.name == "w31" and result.worst.index == 0 and result.worst.value == 0.5
    true = 1 - math.tanh(0.5) ** 2
    assert result.worst.numeric == pytest.approx(true, rel=1e-8)
    assert result.worst.analytic == pytest.approx(true * 1.01, rel=1e-12)
    assert result.worst.rel_error == pytest.approx(0.01 / 1.01, rel=1e-6)
    assert result.checks[1].passed and result.checks[1].analytic == 4.0
    text = repr(result)
    assert text.startswith("GradcheckResult(passed=False, inputs=2, worst=input 0 w31 = 0.5")
    assert "rel error 0.0099" in text
    assert "FAIL input 0 w31" in str(result) and "ok   input 1 b" in str(result)


def test_raise_on_failure():
    with pytest.raises(GradcheckError, match=r"(?s)gradcheck FAILED .*worst: FAIL input 0 x0 = 0.3"):
        gradcheck(wrong_tanh, [0.3], raise_on_failure=True)
    assert isinstance(gradcheck(lambda a: a.tanh(), [0.3], raise_on_failure=True), GradcheckResult)


def test_the_inputs_given_are_not_modified():
    a = Value(0.4, "a")
    a.grad = 123.0
    gradcheck(lambda x: x * x, [a])
    assert (a.data, a.grad) == (0.4, 123.0)


def test_step_scales_with_the_input():
    # at x = 1e6 a fixed step of 1e-6 would lose 10 digits to rounding; eps·|x| keeps it accurate
    result = gradcheck(lambda a: a * a, [1e6])
    assert result.passed and result.max_rel_error < 1e-6


def test_bad_use_gives_clear_errors():
    with pytest.raises(TypeError, match="f must return a Value, but f\\(inputs\\) returned float"):
        gradcheck(lambda a: 1.0, [0.5])
    with pytest.raises(ValueError, match="input 0 x0 is nan"):
        gradcheck(lambda a: a, [math.nan])
    with pytest.raises(ValueError, match="domain edge"):
        gradcheck(lambda a: a.log(), [1e-7])  # 1e-7 − 1e-6 < 0
    with pytest.raises(ValueError, match="eps must be positive"):
        gradcheck(lambda a: a, [1.0], eps=0.0)


def test_no_inputs():
    result = gradcheck(lambda: Value(1.0), [])
    assert result.passed and result.worst is None and "no inputs" in repr(result)


def _entries_to_check():
    for name, op in sorted(operations().items()):
        if not op.builtin:
            continue
        if name == "pow":
            yield from (POW.bind(n=n) for n in (2.0, 3.0, -1.0, 0.5, 2.5))
        else:
            yield op


@pytest.mark.parametrize("op", list(_entries_to_check()), ids=repr)
def test_every_operation_of_the_table_passes_gradcheck(op):
    """The table's local derivatives against differences, at points away from kinks and domain edges."""
    arity = 5 if op.arity is None else op.arity  # the weighted sum: (w1, x1, w2, x2, b)
    for point in ([0.7, 1.9, -0.4, 1.3, 0.25][:arity], [2.3, 0.45, 1.1, -0.8, 0.6][:arity]):
        result = gradcheck(op, point)
        assert result.passed, f"{op!r} at {point}: {result}"
