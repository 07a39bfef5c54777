"""jit(fn, vectorize=True): numpy array code over a batch against the eager engine, sample by sample.

The reference is always the engine itself: ``fn(*sample).backward(accumulate=True)`` for every
sample, the losses summed. Gradients agree to 1e-12 relative to the size of the per-sample terms
(the array code sums in another order, so not bit for bit).
"""

from __future__ import annotations

import math
import random
import re
import subprocess
import sys
import warnings

import pytest

np = pytest.importorskip("numpy")

from autograd import GraphError, JitError, Value, define_op, jit, operations, topological_order  # noqa: E402
from autograd.compiler.recording import JitWarning  # noqa: E402
from autograd.compiler.vectorize import array_form  # noqa: E402
from nn import MLP, squared_error  # noqa: E402

BUILTINS = {name for name, op in operations().items() if op.builtin}  # every built-in of the table
TABLE = operations()


def reference(fn, params, *batches):
    """(summed loss, summed gradients, Σ|per-sample gradient|) from the engine."""
    total, sums, mags = 0.0, [0.0] * len(params), [0.0] * len(params)
    for sample in zip(*batches):
        loss = fn(*sample)
        loss.backward()
        total += loss.data
        for i, p in enumerate(params):
            sums[i] += p.grad
            mags[i] += abs(p.grad)
    return total, sums, mags


def assert_agrees(fn, params, *batches):
    step = jit(fn, vectorize=True)
    loss = step(*batches)
    assert step.reason is None, step.reason
    got = [p.grad for p in params]
    total, want, mags = reference(fn, params, *batches)
    assert loss == pytest.approx(total, rel=1e-12, abs=1e-300)
    for g, w, m in zip(got, want, mags):
        assert abs(g - w) <= 1e-12 * max(m, 1e-300), (g, w)
    return step


# ---- the table's code forms as numpy ------------------------------------------------------------


def test_code_forms_translate_conditionals_and_math_names():
    assert array_form("a if a > 0.0 else 0.0", {"a"}) == "np.where(a > 0.0, a, 0.0)"
    assert array_form("math.exp(a) + math.fabs(b)", {"a", "b"}) == "np.exp(a) + np.fabs(b)"
    assert array_form("1.0 if a > b else 0.0 if b > a else 0.5 if a == b else math.nan", {"a", "b"}) == (
        "np.where(a > b, 1.0, np.where(b > a, 0.0, np.where(a == b, 0.5, np.nan)))")
    assert array_form("not a < b < c", {"a", "b", "c"}) == "np.logical_not(np.logical_and(a < b, b < c))"


def test_code_forms_with_other_names_or_calls_have_no_array_form():
    assert array_form("helper(a)", {"a"}) is None
    assert array_form("os.system(a)", {"a"}) is None  # not math: refused, never evaluated
    assert array_form("a + b", {"a"}) is None


def test_relus_value_is_a_nan_keeping_maximum_and_a_power_of_one_is_dropped():
    relu = operations()["relu"].code(["v"])
    assert array_form(relu, {"v"}) == "np.maximum(v, 0.0)"
    values = np.array([-1.0, -0.0, 0.0, 2.0, np.nan, np.inf, -np.inf])
    with np.errstate(invalid="ignore"):
        same = eval(array_form(relu, {"v"}), {"np": np, "v": values})  # noqa: S307 - our own table
    want = [0.0, 0.0, 0.0, 2.0, math.nan, math.inf, 0.0]
    assert [str(x) for x in same.tolist()] == [str(x) for x in want]
    assert array_form("2.0 * v ** 1.0", {"v"}) == "2.0 * v"
    assert array_form("v if v > 0.0 or w != w else 0.0", {"v", "w"}).startswith("np.where")
    assert array_form("v if v > 0.0 or v != v else 0.0", {"v"}) == "np.maximum(v, 0.0)"  # both spellings
    assert array_form("v if v > 0.0 else v if v != v else 0.0", {"v"}) == "np.maximum(v, 0.0)"
    assert array_form("v if v > 1.0 else v if v != v else 0.0", {"v"}).startswith("np.where")


def test_a_factor_drops_nan_tests_and_becomes_a_mask():
    relu_local = operations()["relu"].code_locals(["v"], "o")[0]
    assert array_form(relu_local, {"v", "o"}, factor=True) == "v > 0.0"
    assert "v != v" in array_form(relu_local, {"v", "o"})


# ---- every operation, random graphs -------------------------------------------------------------


OPS = [
    lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / (b.exp() + 1.0),
    lambda a, b: -a, lambda a, b: (a * a + 0.5) ** 1.5, lambda a, b: a ** 3, lambda a, b: (a * a + 1.0).log(),
    lambda a, b: a.tanh(), lambda a, b: a.sigmoid(), lambda a, b: a.relu(), lambda a, b: abs(a),
    lambda a, b: a.max(b), lambda a, b: a.min(b), lambda a, b: a.softplus(), lambda a, b: (a * 0.3).exp(),
    lambda a, b: TABLE["step"](a) * b, lambda a, b: TABLE["sign"](a) * b,
    lambda a, b: TABLE["max_share"](a, b), lambda a, b: TABLE["min_share"](a, b) + a,
]


def random_graph(rng: random.Random, params: list[Value], depth: int = 10):
    """A loss of the data (x0, x1, x2) and ``params``: random built-ins (inside their domains) on
    random earlier nodes, chosen once, so every call builds the same graph."""
    sizes = [3 + len(params) + i for i in range(depth)]  # the pool before each new node
    program = [(rng.randrange(len(OPS)), rng.randrange(n), rng.randrange(n)) for n in sizes]

    def build(x0, x1, x2):
        pool = [Value(x0), Value(x1), Value(x2), *params]
        for op, a, b in program:
            pool.append(OPS[op](pool[a], pool[b]))
        return sum(pool[3:], pool[0]) + pool[-1] * pool[-2]

    return build


@pytest.mark.parametrize("seed", range(24))
def test_random_graphs_of_every_operation_agree_with_the_engine(seed):
    rng = random.Random(seed)
    params = [Value(rng.uniform(-1, 1), f"p{i}") for i in range(4)]
    fn = random_graph(rng, params)
    data = [[rng.uniform(-2, 2) for _ in range(17)] for _ in range(3)]
    assert_agrees(fn, params, *data)


def test_the_property_graphs_cover_every_built_in_operation():
    seen: set[str] = set()
    for seed in range(24):
        rng = random.Random(seed)
        params = [Value(rng.uniform(-1, 1)) for _ in range(4)]
        root = random_graph(rng, params)(0.1, 0.2, 0.3)
        seen |= {n.op.name for n in topological_order(root) if n.parents}
    seen.add("wsum")  # the MLP tests below
    assert BUILTINS <= seen


def test_an_mlp_layer_is_one_matrix_product_and_agrees():
    net = MLP(2, [8, 8, 1], activation=["tanh", "relu", "linear"], seed=3)
    rng = random.Random(1)
    xs = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(50)]
    ys = [rng.choice([-1.0, 1.0]) for _ in range(50)]
    step = assert_agrees(lambda x, y: squared_error(net(x), y), net.parameters(), xs, ys)
    source = step.source
    # forward: one product per layer, written into the workspace's arrays
    assert len(re.findall(r"np.matmul\(\w+, w\d+, out=v\d+\)$", source, re.M)) == 3
    assert source.count(".T @ d") == 3  # the weights' gradients
    assert source.count("ones @ d") == 3  # the biases': column sums as products, not reductions
    # the inputs' gradients: a product for the 8-node layer, an outer product for the 1-node one
    assert len(re.findall(r"np.matmul\(d\d+, w\d+\.T, out=d\d+\)", source)) == 1
    assert len(re.findall(r"np.multiply\(d\d+, w\d+\.T, out=d\d+\)", source)) == 1
    assert "np.zeros" not in step.source  # each layer's input gradient is one product, not a scatter
    assert "np.tanh" in step.source and "np.maximum" in step.source  # relu's value keeps NaN


def test_numpy_arrays_are_taken_as_batches():
    net = MLP(3, [4, 1], activation=["sigmoid", "linear"], seed=0)
    xs = np.random.default_rng(0).normal(size=(30, 3))
    ys = np.random.default_rng(1).normal(size=30)
    assert_agrees(lambda x, y: squared_error(net(list(x)), y), net.parameters(), xs, ys)


def test_micrograd_style_neurons_of_binary_adds_agree():
    rng = random.Random(2)
    w = [[Value(rng.uniform(-1, 1)) for _ in range(3)] for _ in range(4)]
    b = [Value(0.1 * j) for j in range(4)]
    v = [Value(rng.uniform(-1, 1)) for _ in range(4)]
    params = [p for row in w for p in row] + b + v

    def fn(x, y):
        hidden = [sum((wi * xi for wi, xi in zip(row, x)), bj).tanh() for row, bj in zip(w, b)]
        out = sum((vi * h for vi, h in zip(v, hidden)), Value(0.0))
        return (out - y) ** 2

    xs = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(20)]
    ys = [rng.uniform(-1, 1) for _ in range(20)]
    assert_agrees(fn, params, xs, ys)


def test_an_expression_example_that_is_not_layered_agrees():
    # cs231n's circuit: f = (x + y) * z, with shared and reused leaves
    w = Value(0.7, "w")
    step = assert_agrees(lambda x, y, z: (x + y * w) * (z * w).sigmoid() + w.max(x), [w],
                         [1.0, -2.0, 3.0], [0.5, 0.25, -1.0], [2.0, -3.0, 0.5])
    assert "np.maximum" not in step.source  # max is the table's form, not a numpy shortcut


def test_a_parameter_used_by_every_node_and_twice_in_one_node_agrees():
    s = Value(0.3, "s")
    w = [Value(0.1 * i, f"w{i}") for i in range(5)]

    def fn(x, y):
        return sum(((wi * s + x[0] * s) * wi for wi in w), s * s) - y

    assert_agrees(fn, [s, *w], [[0.5], [1.5], [-2.0]], [1.0, 2.0, 3.0])


def test_a_loss_of_parameters_only_counts_every_sample():
    w = Value(1.5, "w")
    step = jit(lambda x: (w * w) * w, vectorize=True)
    assert step([1.0, 2.0, 3.0, 4.0]) == pytest.approx(4 * 1.5**3, rel=1e-15)
    assert step.reason is None
    assert w.grad == pytest.approx(4 * 3 * 1.5**2, rel=1e-15)


def test_a_relu_at_the_root_sends_a_float_gradient():
    w = Value(0.5, "w")
    assert_agrees(lambda x, y: (1.0 - w * x * y).relu(), [w], [1.0, -2.0, 3.0], [1.0, 1.0, -1.0])


def test_a_user_operation_without_a_code_form_runs_element_wise_by_reference():
    # math.pow on an operand: the definition cannot run on symbols, so it has no code form
    cube = define_op("vec_test_cube", forward=lambda x: math.pow(x, 3),
                     derivatives=lambda x, out: (3 * x * x,))
    assert cube.code(["a"]) is None
    p = Value(0.5, "p")
    with pytest.warns(JitWarning, match="vec_test_cube"):
        step = assert_agrees(lambda x: cube(p * x) + p, [p], [1.0, 2.0, -1.5])
    assert "vec_test_cube_elementwise" in step.source


def test_a_user_operation_with_a_code_form_uses_it():
    sq = define_op("vec_test_square", forward=lambda x: x * x, derivatives=lambda x, out: (2.0 * x,))
    assert sq.code(["a"]) is not None
    p = Value(-0.25, "p")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        step = assert_agrees(lambda x: sq(p - x), [p], [1.0, 2.0, -1.5])
    assert "elementwise" not in step.source


# ---- what falls back, and says why ------------------------------------------------------------------


def test_a_graph_that_depends_on_the_data_runs_the_scalar_step_and_says_why():
    p = Value(2.0, "p")

    def fn(x):
        return p * x if x > 0 else p * p

    step = jit(fn, vectorize=True)
    loss = step([1.0, -1.0, 3.0])
    assert "depends on the data" in step.reason
    assert loss == 2.0 + 4.0 + 6.0
    assert p.grad == 1.0 + 4.0 + 3.0


def test_a_domain_error_in_the_batch_is_the_engines_error():
    p = Value(1.0, "p")
    step = jit(lambda x: (p * x).log(), vectorize=True)
    assert step([1.0, 2.0]) == pytest.approx(math.log(2.0))
    with pytest.raises(GraphError, match="log needs a positive number"):
        step([1.0, -2.0])
    assert "not finite" in step.reason


def test_samples_of_different_shapes_run_the_scalar_step():
    p = Value(1.0, "p")
    step = jit(lambda x: sum((p * v for v in x), Value(0.0)), vectorize=True)
    assert step([[1.0, 2.0], [3.0]]) == 6.0
    assert "not numbers of one shape" in step.reason
    assert p.grad == 6.0


def test_bad_batches_are_clear_errors():
    p = Value(1.0, "p")
    step = jit(lambda x, y: p * x + y, vectorize=True)
    with pytest.raises(JitError, match="same number of samples"):
        step([1.0, 2.0], [1.0])
    with pytest.raises(JitError, match="sequence over the batch"):
        step(1.0, 2.0)
    with pytest.raises(JitError, match="empty"):
        step([], [])


def test_numpy_is_loaded_only_when_vectorising():
    code = ("import sys, autograd; f = autograd.jit(lambda x: autograd.Value(x) * 2.0); f(1.0); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
