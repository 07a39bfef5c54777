"""Edge cases, as decided and documented in docs/library.md ("Edge cases"): each row there is tested here.

Each test states the decided behaviour; where a choice was made against an alternative (relu of
NaN, an int beyond float range), the test says which and why.
"""

import math
from fractions import Fraction

import pytest

from autograd import GraphError, Value, weighted_sum
from autograd.engine import describe

INF, NAN = math.inf, math.nan


def grad_of(f, x):
    a = Value(x, "a")
    out = f(a)
    out.backward()
    return out.data, a.grad


def same(x, y):
    """Equal as floats, NaN equal to NaN and 0.0 distinct from -0.0."""
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


# ---- relu and its kink --------------------------------------------------------------------------


@pytest.mark.parametrize("x,value,grad", [(0.0, 0.0, 0.0), (-0.0, 0.0, 0.0), (1e-300, 1e-300, 1.0),
                                          (-1e-300, 0.0, 0.0), (INF, INF, 1.0), (-INF, 0.0, 0.0)])
def test_relu_at_and_near_its_kink(x, value, grad):
    v, g = grad_of(lambda a: a.relu(), x)
    assert same(v, value) and same(g, grad)  # relu'(0) = 0, as in PyTorch and JAX; relu(-0.0) = +0.0


def test_relu_of_nan_is_nan():
    # As in PyTorch: a NaN must not disappear behind a relu (`x > 0` alone would give 0).
    v, g = grad_of(lambda a: a.relu(), NAN)
    assert math.isnan(v) and math.isnan(g)


# ---- log and pow at their domain edges ------------------------------------------------------------


def test_log_of_nan_is_nan():
    v, g = grad_of(lambda a: a.log(), NAN)
    assert math.isnan(v) and math.isnan(g)


@pytest.mark.parametrize("x", [0.0, -0.0, -1.0, -INF])
def test_log_outside_its_domain_names_the_node(x):
    with pytest.raises(GraphError, match="log of Value 'a'.*log needs a positive number"):
        Value(x, "a").log()


@pytest.mark.parametrize(
    "x,value,local",
    [
        (5e-324, math.log(5e-324), INF),  # smallest subnormal: 1/x overflows to inf
        (1e-300, math.log(1e-300), 1 / 1e-300),
        (INF, INF, 0.0),
        (1.0, 0.0, 1.0),
    ],
)
def test_log_at_its_domain_edges(x, value, local):
    node = Value(x).log()
    assert same(node.data, value) and same(node.local_grads[0], local)


@pytest.mark.parametrize(
    "x,n,value,local",
    [
        (0.0, 0, 1.0, 0.0),  # 0 ** 0 = 1 with derivative 0 (the exponent is a constant)
        (0.0, 2, 0.0, 0.0),
        (0.0, 1, 0.0, 1.0),
        (0.0, 0.5, 0.0, INF),  # √x at 0: the one-sided derivative is +inf
        (-0.0, 0.5, 0.0, INF),
        (-2.0, 2, 4.0, -4.0),  # negative bases with integer exponents are fine
        (-2.0, 3, -8.0, 12.0),
        (1e200, 2, INF, 2e200),  # overflow: IEEE infinity, not an exception
        (-1e200, 3, -INF, INF),
        (1e200, -2, 0.0, -0.0),  # underflow: 0
        (5e-324, -1, INF, -INF),  # d/dx x⁻¹ = −x⁻² overflows to −inf: the sign is kept
        (1e-200, -1, 1e200, -INF),
        (-1e200, 4, INF, -INF),  # 4x³ < 0 for x < 0
    ],
)
def test_pow_at_its_domain_edges(x, n, value, local):
    node = Value(x) ** n
    assert same(node.data, value) and same(node.local_grads[0], local)


@pytest.mark.parametrize("x", [0.0, -0.0])
@pytest.mark.parametrize("n", [-1, -2, -0.5])
def test_zero_to_a_negative_power_names_the_node(x, n):
    with pytest.raises(ZeroDivisionError, match=r"Value 'a' \(data=-?0\) \*\* .*0 to a negative power"):
        Value(x, "a") ** n


def test_negative_base_to_a_fractional_power_is_refused():
    with pytest.raises(GraphError, match="negative base to a fractional power is not a real number"):
        Value(-8.0, "a") ** (1 / 3)


# ---- division -------------------------------------------------------------------------------------


@pytest.mark.parametrize("b", [0.0, -0.0, 0])
def test_division_by_zero_names_the_divisor(b):
    with pytest.raises(ZeroDivisionError, match="division by zero: Value 'a' .* the divisor must not be 0"):
        Value(1.0, "a") / b


@pytest.mark.parametrize("a,b", [(1.0, 5e-324), (1e300, 1e-300), (1.0, 1e-170)])
def test_division_by_a_tiny_number_overflows_to_infinity(a, b):
    node = Value(a) / Value(b)
    assert node.data == a / b  # inf for the first two, 1e170 for the last
    assert node.local_grads == (1 / b, -INF)


# ---- huge, tiny, infinite and NaN values ------------------------------------------------------------


@pytest.mark.parametrize(
    "f,x,value,grad",
    [
        (lambda a: a.exp(), 710.0, INF, INF),  # overflow: +inf, no error
        (lambda a: a.exp(), -1000.0, 0.0, 0.0),  # underflow: 0
        (lambda a: a * a, 1e200, INF, 2e200),  # the value overflows, the gradient does not
        (lambda a: a * a, 1e-200, 0.0, 2e-200),  # the value underflows, the gradient does not
        (lambda a: a + 1e308, 1e308, INF, 1.0),
        (lambda a: a.sigmoid(), 1e300, 1.0, 0.0),  # saturate without overflow
        (lambda a: a.sigmoid(), -1e300, 0.0, 0.0),
        (lambda a: a.tanh(), -INF, -1.0, 0.0),
        (lambda a: a.tanh(), -0.0, -0.0, 1.0),  # the sign of zero is kept
        (lambda a: -a, 0.0, -0.0, -1.0),
        (lambda a: a * 0.0, INF, NAN, 0.0),  # inf · 0 = NaN, by IEEE rules
        (lambda a: a - a, INF, NAN, 0.0),  # inf − inf = NaN
        (lambda a: a * 2.0, NAN, NAN, 2.0),  # NaN propagates through values
        (lambda a: a.exp(), NAN, NAN, NAN),
        (lambda a: a.sigmoid(), NAN, NAN, NAN),
        (lambda a: a**2, NAN, NAN, NAN),
    ],
)
def test_huge_tiny_infinite_and_nan_values_follow_ieee(f, x, value, grad):
    v, g = grad_of(f, x)
    assert same(v, value) and same(g, grad)


def test_infinite_and_nan_inputs_are_accepted_and_named_readably():
    assert describe(Value(INF, "w")) == "Value 'w' (data=inf)"
    assert repr(Value(NAN)) == "Value(data=nan, grad=0)"
    assert same(weighted_sum([Value(1.0)], [NAN]).data, NAN)


# ---- operands of other types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make,value",
    [
        (lambda: Value(True), 1.0),
        (lambda: Value(False) + 2, 2.0),
        (lambda: True + Value(1.0), 2.0),
        (lambda: Value(3.0) * False, 0.0),
        (lambda: Value(3.0) ** True, 3.0),
        (lambda: 2 - Value(0.5), 1.5),
        (lambda: 7 / Value(2), 3.5),
        (lambda: Value(2**53 + 1), 2.0**53),  # ints are rounded to the nearest float
        (lambda: Value(1.0) * Fraction(1, 3), 1 / 3),
    ],
)
def test_ints_bools_and_fractions_become_floats(make, value):
    node = make()
    assert type(node.data) is float and node.data == value


@pytest.mark.parametrize("other", ["1", None, [1.0], 1j, __import__("decimal").Decimal("0.1")])
def test_non_numbers_are_refused_naming_the_node(other):
    with pytest.raises(TypeError, match="cannot multiply Value 'a' .* operands must be numbers or Values"):
        Value(1.0, "a") * other


def test_an_int_beyond_float_range_is_infinite_like_every_other_overflow():
    assert Value(10**400).data == INF and Value(-(10**400)).data == -INF
    assert (Value(1.0, "a") + 10**400).data == INF


@pytest.fixture
def np():
    return pytest.importorskip("numpy", reason="numpy is not installed: pip install -e '.[dev]'")


def test_numpy_scalars_work_on_either_side(np):
    a = Value(3.0, "a")
    for out, value, grad in [
        (a * np.float64(2.0), 6.0, 2.0),
        (np.float64(2.0) * a, 6.0, 2.0),
        (np.int64(4) - a, 1.0, -1.0),
        (np.float64(1.5) / a, 0.5, -1.5 / 9),
        (a ** np.int64(2), 9.0, 6.0),
        (a ** np.float64(0.5), math.sqrt(3.0), 0.5 / math.sqrt(3.0)),
    ]:
        assert isinstance(out, Value) and type(out.data) is float
        out.backward()
        assert out.data == pytest.approx(value, rel=1e-15) and a.grad == pytest.approx(grad, rel=1e-15)


def test_numpy_float32_is_widened_exactly(np):
    assert Value(np.float32(0.1)).data == float(np.float32(0.1)) == 0.10000000149011612


def test_numpy_bool_is_a_number_on_either_side(np):
    # numpy's bool_ is not a numbers.Real, but NumPy itself computes np.True_ + v: both orders agree
    assert (Value(1.0, "a") + np.bool_(True)).data == 2.0
    assert (np.bool_(True) + Value(1.0, "a")).data == 2.0


def test_numpy_scalar_as_a_divisor_of_zero_or_base_of_a_value_power(np):
    with pytest.raises(ZeroDivisionError, match="divisor must not be 0"):
        Value(2.0, "a") / np.float64(0.0)
    with pytest.raises(TypeError, match="a Value exponent is not supported"):
        np.float64(2.0) ** Value(0.5)
