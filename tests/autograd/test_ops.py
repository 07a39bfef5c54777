"""The table of operations (autograd.ops): one entry per operation, read by every tool.

The code forms and the engine's floats come from the same definition (``evaluate`` is compiled from
the code), so they agree by construction; the compiler's bit-for-bit tests (test_jit) check the
result end to end.
"""

from __future__ import annotations

import math
import pickle
import re
from fractions import Fraction
from pathlib import Path

import pytest

from autograd import GraphError, Value, backward_steps, define_op, gradcheck, ops, weighted_sum
from autograd.engine import describe
from autograd.ops import POW, op_of, operations, wsum_parts


def test_every_node_refers_to_its_entry_and_parameters_are_on_it():
    x = Value(3.0, "x")
    assert op_of(x * 2) is operations()["mul"]
    p = x**3
    assert op_of(p).name == "pow" and op_of(p).params == {"n": 3.0} and op_of(p).symbol == "**3"
    assert op_of(x**3) is op_of(p)  # one entry per exponent, cached
    z = weighted_sum([Value(1.0), 2.0], [x, Value(4.0)], Value(0.5))
    weights, inputs, bias = wsum_parts(z)
    assert [w.data for w in weights] == [1.0, 2.0] and inputs[0] is x and bias.data == 0.5
    with pytest.raises(GraphError, match="leaf"):
        op_of(x)
    with pytest.raises(GraphError, match="unknown operation 'frobnicate'"):
        op_of(Value(1.0, "", "frobnicate", (x,), (1.0,)))


def test_an_entry_with_parameters_must_have_them_bound():
    with pytest.raises(GraphError, match=r"'pow' needs its n bound first: POW.bind\(n=...\) or x \*\* n"):
        POW(Value(2.0))
    with pytest.raises(TypeError, match=r"pow takes the parameters \(n\)"):
        POW.bind(k=2.0)
    assert POW.bind(n=3.0)(Value(2.0)).data == 8.0
    assert POW.symbol == "**" and POW.bind(n=0.5).symbol == "**0.5"


def test_text_forms_of_an_entry():
    x, y = Value(0.5, "x"), Value(2.0, "y")
    node = (x - y).tanh()
    tanh = op_of(node)
    assert tanh.formulas(["t1"], "t2", node) == ("1−t2²",)
    assert tanh.code(["a - b"], node) == "math.tanh((a - b))"
    assert tanh.latex(["a"], node) == r"\tanh{\left(a \right)}"
    assert op_of(x / y).latex(["x", "y"]) == r"\frac{x}{y}"
    assert op_of(x**2).code(["-1.5"]) == "((-1.5) ** 2.0)"
    assert eval(op_of(x**2).code(["-1.5"])) == 2.25  # noqa: S307


def test_sympy_forms_agree_with_the_engine():
    sp = pytest.importorskip("sympy")
    a, b = sp.symbols("a b")
    cases = [("tanh", (0.3,)), ("sigmoid", (-0.7,)), ("exp", (0.2,)), ("log", (1.7,)), ("div", (1.5, -0.4)),
             ("mul", (2.0, 3.0)), ("softplus", (0.3,)), ("abs", (-2.0,)), ("max", (1.0, 2.0)),
             ("min", (1.0, 1.0))]
    for name, at in cases:
        op = operations().get(name)
        if op is None:
            continue
        syms = [a, b][: op.arity]
        node = op(*[Value(v) for v in at])
        value = op.sympy(syms, node)
        subs = dict(zip(syms, at))
        assert float(value.subs(subs)) == pytest.approx(node.data, rel=1e-12)
        locals_ = op.sympy_locals(syms, value, node)
        got = [float(sp.sympify(e).subs(subs)) for e in locals_]
        assert got == pytest.approx(list(node.local_grads), rel=1e-12)


# ---- define_op ----------------------------------------------------------------------------------


def test_a_user_defined_operation_works_in_backward_steps_and_gradcheck():
    cube_plus = define_op("cube_plus", forward=lambda x, y: x**3 + y,
                          derivatives=lambda x, y, out: (3 * x * x, 1.0), formulas=("3·{x0}²", "1"))
    x, y = Value(1.5, "x"), Value(-2.0, "y")
    out = cube_plus(x, y).named("f")
    assert out.data == 1.375 and op_of(out) is cube_plus
    (step,) = backward_steps(out)
    assert "∂f/∂x = ∂f/∂f · 3·x²" in " ".join(str(step).split()) and x.grad == 6.75 and y.grad == 1.0
    assert gradcheck(lambda a, b: cube_plus(a, b) * a, [0.7, -1.3]).passed
    assert cube_plus.code(["x", "y"]) == "(x ** 3.0 + y)"  # derived from the definition
    assert cube_plus.code_locals(["x", "y"], "f") == ("(3.0 * x * x)", "1.0")
    assert cube_plus.evaluate(2.0, 1.0) == (9.0, (12.0, 1.0))
    floats_only = define_op("floats_only", forward=lambda x: math.exp(x), derivatives=lambda x, out: (out,))
    assert floats_only.code(["x"]) is None  # math on floats: no symbolic form; generators call evaluate
    assert floats_only.evaluate(0.0) == (1.0, (1.0,))


def test_the_issues_softplus_definition_works_and_leaves_the_built_in_alone(monkeypatch):
    builtin = operations()["softplus"]
    monkeypatch.setitem(ops._TABLE, "softplus", builtin)  # put back after the test
    softplus = define_op("softplus", forward=lambda x: math.log1p(math.exp(x)),
                         derivatives=lambda x, out: (1 / (1 + math.exp(-x)),), formulas=("σ({x0})",))
    x = Value(0.3, "x")
    y = softplus(x).named("y")
    assert op_of(y) is softplus and y.data == math.log1p(math.exp(0.3))
    (step,) = backward_steps(y)
    assert "∂y/∂x = ∂y/∂y · σ(x)" in " ".join(str(step).split())
    assert operations()["softplus"] is softplus
    built = x.softplus()
    assert op_of(built) is builtin  # Value's method still makes the built-in, and so does unpickling
    assert op_of(pickle.loads(pickle.dumps(built))) is builtin
    assert op_of(pickle.loads(pickle.dumps(y))) is softplus
    with pytest.raises(ValueError, match="already has an attribute 'softplus'"):
        define_op("softplus", forward=lambda x: x, derivatives=lambda x, out: (1.0,), method=True)


def test_define_op_refuses_bad_definitions():
    with pytest.raises(ValueError, match="one per operand"):
        define_op("bad_formulas", forward=lambda x: x, derivatives=lambda x, out: (1.0,), formulas=("1", "2"))
    wrong = define_op("wrong_count", forward=lambda x: x, derivatives=lambda x, out: (1.0, 2.0))
    with pytest.raises(GraphError, match="2 local derivatives for 1 operands"):
        wrong(Value(1.0))
    complex_valued = define_op("complex_valued", forward=lambda x: x**0.5,
                               derivatives=lambda x, out: (0.5 / out,))
    with pytest.raises(GraphError, match="'complex_valued' on Value 'n' .* must return real numbers"):
        complex_valued(Value(-4.0, "n"))  # Python's ** gives a complex number here
    raising = define_op("raising", forward=lambda x: math.log(x), derivatives=lambda x, out: (1 / x,))
    with pytest.raises(GraphError, match="'raising' failed on Value 'q'"):
        raising(Value(-1.0, "q"))


def test_define_op_can_add_a_value_method_but_never_replaces_one():
    define_op("twice_m", forward=lambda x: 2 * x, derivatives=lambda x, out: (2.0,), method=True)
    assert Value(3.0).twice_m().data == 6.0
    define_op("twice_m", forward=lambda x: 2 * x, derivatives=lambda x, out: (2.0,), method=True)  # again
    with pytest.raises(ValueError, match="already has an attribute 'backward'"):
        define_op("backward", forward=lambda x: x, derivatives=lambda x, out: (1.0,), method=True)
    assert "backward" not in operations()  # refused before anything was registered


def test_softplus_is_one_entry_that_every_tool_reads():
    x = Value(0.3, "x")
    y = x.softplus().named("y")
    assert y.data == pytest.approx(math.log1p(math.exp(0.3)), rel=1e-15)
    (step,) = backward_steps(y)
    assert "∂y/∂x = ∂y/∂y · σ(x)" in " ".join(str(step).split())
    assert x.grad == pytest.approx(1 / (1 + math.exp(-0.3)), rel=1e-15)
    assert gradcheck(lambda v: v.softplus() * v, [-1.7]).passed
    assert Value(1000.0).softplus().data == 1000.0 and Value(-1000.0).softplus().data == 0.0  # no overflow


def test_a_user_defined_operation_draws_and_works_in_anomaly_mode_and_the_stepper():
    from autograd import AnomalyError, Stepper, detect_anomaly, draw

    half_sq = define_op("half_sq", forward=lambda x: 0.5 * x * x, derivatives=lambda x, out: (x,),
                        formulas=("{x0}",), symbol="½x²")
    x = Value(3.0, "x")
    y = half_sq(x).named("y")
    y.backward()
    source = draw(y).source
    assert "½x²" in source  # the entry's symbol in the operation's circle
    s = Stepper(y)
    assert "∂y/∂x = ∂y/∂y · x = 1 · 3 = 3" in " ".join(str(s.next()).split())
    with pytest.raises(AnomalyError, match="half_sq"):
        with detect_anomaly():
            big = Value(1e200, "big")
            half_sq(big)  # 0.5·1e400 overflows: the value is inf


def test_tanh_local_derivative_prints_with_parentheses():
    a = Value(0.5, "a")
    t = a.tanh().named("t")
    (step,) = backward_steps(t)
    assert "∂t/∂a = ∂t/∂t · (1−t²)" in " ".join(str(step).split())  # not "∂t/∂t · 1−t²"
    sig = a.sigmoid().named("s")
    (step,) = backward_steps(sig)
    assert "∂s/∂a = ∂s/∂s · s(1−s)" in " ".join(str(step).split())  # a product needs none


def test_the_docs_define_op_example_runs_and_prints_what_it_says(capsys):
    page = (Path(__file__).resolve().parents[2] / "docs" / "library.md").read_text(encoding="utf-8")
    section = page.split("### Adding an operation: `define_op`", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S)[1]
    namespace: dict = {}
    exec(compile(code, "docs/library.md", "exec"), namespace)  # noqa: S102 - the docs' own example
    printed = " ".join(capsys.readouterr().out.split())
    comments = re.findall(r"#\s+(step 1.*|∂y/∂x.*)", code)
    assert len(comments) == 2
    for comment in comments:
        assert " ".join(comment.split()) in printed
    ops._TABLE.pop("swish")  # the example's operation: not for the other tests


# ---- edge cases, as documented in docs/library.md ("Edge cases"): each row there is tested here ----

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
