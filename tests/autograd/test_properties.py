"""Differential tests: random expression graphs, every gradient against finite differences and PyTorch.

Hypothesis draws *programs*: 1–4 inputs, then up to 24 steps, each one operation of the
engine (+ − * / neg ** exp log tanh sigmoid relu softplus abs sin cos max min weighted_sum, and the
reflected forms with int and float constants) on earlier nodes, any of them, so nodes are
reused and diamonds form; the output is the sum of every node no later step used, so every
step counts. Graphs are domain-safe by construction: an operation is only applied to operands
where it is defined with a margin
(log and fractional powers of values ≥ 0.25, division and negative powers by |values| ≥ 0.25),
and only when its result stays within ±100; when no operand qualifies, the step is a tanh.

The tolerances are derived, not tuned (``value_error_bounds``, ``gradient_error_bounds``,
``check_against_differences``):

* Rounding. Every operation is correctly rounded (+ − * /: relative error ≤ u = 2⁻⁵³) or accurate
  to a few ulps (pow exp log tanh sigmoid, in libm and in PyTorch's CPU kernels: we allow
  4u), plus, for results in the subnormal range (hypothesis finds inputs like 5e-324), an
  absolute error below η = 2⁻¹⁰⁷⁴ (the standard model fl(x∘y) = (x∘y)(1+δ) + η).
  To first order, the computed value of a node is off by at most
  e(v) = r(v) + Σₚ |∂v/∂p|·e(p), with r(v) its own rounding: a running error bound computed on the
  graph itself. The same reasoning gives the error of each stored local derivative (from the
  errors of the values it is computed from, using the op's second derivative) and of each
  gradient, E(p) = Σ_children |ℓ|·E(c) + |g_c|·err(ℓ) + the rounding of the product and of the
  k-term sum (γₖ). Engine and PyTorch compute the same mathematical gradient, each within E of it,
  so they must agree within 2E.
* Central differences. D(h) = (f(x+h) − f(x−h)) / 2h = f' + h²f'''/6 + O(h⁴). Rounding: each
  f(x±h) is off by at most its e(f), so D is off by at most (e₊ + e₋)/2h (the divisor is the
  step actually taken, x+h and x−h being exact floats). Truncation is estimated by Richardson:
  D(2h) − D(h) = 3·(h²f'''/6) + rounding, so |truncation| ≤ (|D(2h) − D(h)| + 1.5·rounding)/3;
  we allow |D(2h) − D(h)| in full (3×, covering the O(h⁴) term too). Tolerance:
  E(analytic) + 1.5·(e₊ + e₋)/2h + |D(2h) − D(h)| + 2u·|D| (D's own subtraction and division).
  h = 2⁻¹⁷·max(1, |x|) ≈ 7.6e-6, the usual
  ε^(1/3) balance of the two errors.
* Kinks. A difference across a kink (relu, abs, max, min) is not a derivative. Each input's
  difference is taken only if every relu and abs argument keeps its sign, and every max and min
  its order, at x, x ± h and x ± 2h (else that input is skipped and counted); PyTorch uses
  relu'(0) = abs'(0) = 0 and splits max/min ties like the engine, so the torch comparison checks all.

A test that cannot fail would be worthless: ``test_the_checker_catches_a_one_in_a_million_error``
corrupts one local derivative by 1e-6 (relative) and requires the check to reject it.

The count of graphs and the worst errors are printed at the end of the run (and kept in STATS).
Set STEPGRAD_PROPERTY_EXAMPLES to run more graphs.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd import GraphError, Value, topological_order, weighted_sum
from autograd.ops import op_of, operations, wsum_parts

try:
    import torch
except ImportError:  # the comparison with PyTorch is optional locally, always on in CI
    torch = None

TORCH_MISSING = (
    "PyTorch is not installed; to compare gradients with PyTorch run "
    "`.venv/bin/python -m pip install torch==2.13.0` (the CPU build; .ci/run does this)"
)

U = 2.0**-53  # unit roundoff of float64
ETA = 2.0**-1074  # underflow: a result in the subnormal range is off by up to half of this, absolutely
TRANSCENDENTAL = 4 * U  # pow exp log tanh sigmoid: libm and PyTorch's kernels are within a few ulps
CAP = 100.0  # every node's value stays within ±CAP
MARGIN = 0.25  # distance from a domain edge (log, division, negative and fractional powers)
EXAMPLES = int(os.environ.get("STEPGRAD_PROPERTY_EXAMPLES", "300"))
REL_FLOOR = 1e-3  # relative errors are reported for gradients at least this large
CONSTANTS = (2, 3, -1, 0.5, -1.5, 0.25)  # ints and floats as operands
EXPONENTS = (2, 3, 1, 0, -1, -2, 0.5, 1.5, 2.5)
UNARY = ("neg", "exp", "log", "tanh", "sigmoid", "relu", "softplus", "abs", "sin", "cos")
BINARY = ("add", "sub", "mul", "div", "max", "min")
REFLECTED = ("radd", "rsub", "rmul", "rdiv", "add_c", "sub_c", "mul_c", "div_c")
OPS = UNARY + BINARY + REFLECTED + ("pow", "wsum")


@dataclass
class Stats:
    graphs: int = 0
    nodes: int = 0
    max_depth: int = 0
    fd_checked: int = 0
    fd_skipped_kink: int = 0
    fd_worst_ratio: float = 0.0  # |analytic − numeric| / tolerance: must stay ≤ 1
    fd_worst_abs: float = 0.0
    fd_worst_rel: float = 0.0  # |analytic − numeric| / max(|analytic|, |numeric|), gradients ≥ REL_FLOOR
    torch_graphs: int = 0
    torch_checked: int = 0
    torch_worst_ratio: float = 0.0
    torch_worst_abs: float = 0.0
    torch_worst_rel: float = 0.0
    ops: Counter = field(default_factory=Counter)

    def record(self, against: str, r: Discrepancy) -> None:
        """Count one compared gradient (``against``: "fd" or "torch") and keep the worst errors."""
        setattr(self, f"{against}_checked", getattr(self, f"{against}_checked") + 1)
        for stat, value in (("ratio", r.ratio), ("abs", r.error), ("rel", r.rel)):
            name = f"{against}_worst_{stat}"
            setattr(self, name, max(getattr(self, name), value))


STATS = Stats()


@pytest.fixture(scope="module", autouse=True)
def report_stats(request):
    yield STATS
    s = STATS
    lines = [
        f"property tests: {s.graphs} random graphs ({s.nodes} nodes, depth up to {s.max_depth}) "
        f"vs central differences: {s.fd_checked} gradients, worst error/tolerance {s.fd_worst_ratio:.3g}, "
        f"worst abs error {s.fd_worst_abs:.3g}, "
        f"worst relative error {s.fd_worst_rel:.3g} (gradients ≥ {REL_FLOOR:g}); "
        f"{s.fd_skipped_kink} inputs skipped at a kink (relu, abs, max, min)",
        f"property tests: {s.torch_graphs} random graphs vs PyTorch float64: {s.torch_checked} gradients, "
        f"worst error/tolerance {s.torch_worst_ratio:.3g}, worst abs error {s.torch_worst_abs:.3g}, "
        f"worst relative error {s.torch_worst_rel:.3g} (gradients ≥ {REL_FLOOR:g})"
        + ("" if torch is not None else f" (skipped: {TORCH_MISSING})"),
    ]
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # show them even though output is captured
            reporter.write_line("")
            for line in lines:
                reporter.write_line(line)


# ---- programs -----------------------------------------------------------------------------------
# A step is a tuple: (op, operand indices / constants...). Replaying a program on other inputs
# rebuilds the same graph: the finite differences and PyTorch see exactly what the engine saw.


def apply_step(step: tuple, nodes: list, lib) -> object:
    op = step[0]
    if op in UNARY:
        return lib.unary(op, nodes[step[1]])
    if op in BINARY:
        a, b = nodes[step[1]], nodes[step[2]]
        return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
                "max": lambda: lib.binary("max", a, b), "min": lambda: lib.binary("min", a, b)}[op]()
    if op in REFLECTED:
        c, a = step[1], nodes[step[2]]
        return {
            "radd": lambda: c + a, "rsub": lambda: c - a, "rmul": lambda: c * a, "rdiv": lambda: c / a,
            "add_c": lambda: a + c, "sub_c": lambda: a - c, "mul_c": lambda: a * c, "div_c": lambda: a / c,
        }[op]()
    if op == "pow":
        return nodes[step[1]] ** step[2]
    if op == "wsum":
        pairs, bias = step[1], step[2]
        ws = [nodes[w] for w, _ in pairs]
        xs = [nodes[x] if isinstance(x, int) else x[0] for _, x in pairs]  # (c,) marks a constant
        return lib.wsum(ws, xs, None if bias is None else nodes[bias])
    raise AssertionError(f"unknown step {step}")


class EngineLib:
    @staticmethod
    def unary(op, a):
        return -a if op == "neg" else abs(a) if op == "abs" else getattr(a, op)()

    @staticmethod
    def binary(op, a, b):
        return getattr(a, op)(b)

    @staticmethod
    def wsum(ws, xs, b):
        return weighted_sum(ws, xs, b)


class TorchLib:
    @staticmethod
    def unary(op, a):
        if op == "softplus":  # no switch to x above a threshold (torch's default 20): the exact function
            return torch.nn.functional.softplus(a, threshold=1000.0)
        return -a if op == "neg" else getattr(torch, op)(a)

    @staticmethod
    def binary(op, a, b):
        return torch.maximum(a, b) if op == "max" else torch.minimum(a, b)

    @staticmethod
    def wsum(ws, xs, b):
        total = sum(w * x for w, x in zip(ws, xs))
        return total if b is None else total + b


@dataclass
class Program:
    inputs: list[float]
    steps: list[tuple]
    sinks: list[int]  # indices of nodes no step uses: the output is their sum, in order

    def build(self, xs: list[float], lib=EngineLib) -> tuple[list, object]:
        if lib is EngineLib:
            leaves = [Value(x, f"x{i + 1}") for i, x in enumerate(xs)]
        else:
            leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in xs]
        nodes = list(leaves)
        for step in self.steps:
            nodes.append(apply_step(step, nodes, lib))
        out = nodes[self.sinks[0]]
        for i in self.sinks[1:]:
            out = out + nodes[i]
        return leaves, out, nodes


def _result_ok(step: tuple, nodes: list[Value]) -> Value | None:
    """The step's node if it is defined, finite and within ±CAP; else None."""
    try:
        v = apply_step(step, nodes, EngineLib)
    except (GraphError, ZeroDivisionError):
        return None
    return v if math.isfinite(v.data) and abs(v.data) <= CAP else None


def _operand_ok(op: str, a: float, arg: object = None) -> bool:
    if op == "log":
        return a >= MARGIN
    if op == "exp":
        return a <= math.log(CAP)
    if op == "pow":
        n = arg
        if n < 0 and abs(a) < MARGIN:
            return False
        if not float(n).is_integer() and a < MARGIN:
            return False
    if op in ("div", "rdiv"):
        return abs(a) >= MARGIN
    return True


@st.composite
def programs(draw) -> Program:
    n_inputs = draw(st.integers(1, 4))
    xs = [draw(st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)) for _ in range(n_inputs)]
    nodes: list[Value] = [Value(x) for x in xs]
    used: set[int] = set()
    steps: list[tuple] = []

    def pick(candidates: list[int]) -> int:
        # half the time the newest node: long chains (depth); otherwise any: reuse and diamonds
        if draw(st.booleans()):
            return candidates[-1]
        return draw(st.sampled_from(candidates))

    def add(step: tuple, node: Value, operands: list[int]) -> None:
        steps.append(step)
        nodes.append(node)
        used.update(operands)

    for _ in range(draw(st.integers(1, 24))):
        op = draw(st.sampled_from(OPS))
        idx = list(range(len(nodes)))
        step, operands = None, []
        if op in UNARY:
            cands = [i for i in idx if _operand_ok(op, nodes[i].data)]
            if cands:
                i = pick(cands)
                step, operands = (op, i), [i]
        elif op == "pow":
            n = draw(st.sampled_from(EXPONENTS))
            cands = [i for i in idx if _operand_ok("pow", nodes[i].data, n)]
            if cands:
                i = pick(cands)
                step, operands = (op, i, n), [i]
        elif op in BINARY:
            i = pick(idx)
            cands = [j for j in idx if op != "div" or _operand_ok("div", nodes[j].data)]
            if cands:
                j = pick(cands)
                step, operands = (op, i, j), [i, j]
        elif op in REFLECTED:
            c = draw(st.sampled_from(CONSTANTS))
            cands = [i for i in idx if op != "rdiv" or _operand_ok("rdiv", nodes[i].data)]
            if cands:
                i = pick(cands)
                step, operands = (op, c, i), [i]
        else:  # wsum: 1–3 (weight, input) pairs, inputs nodes or constants, optional bias
            pairs = []
            for _ in range(draw(st.integers(1, 3))):
                w = pick(idx)
                # an input is a node index, or a plain constant wrapped as (c,)
                x = (draw(st.sampled_from(CONSTANTS)),) if draw(st.booleans()) else pick(idx)
                pairs.append((w, x))
            bias = pick(idx) if draw(st.booleans()) else None
            step = ("wsum", tuple(pairs), bias)
            operands = [w for w, _ in pairs] + [x for _, x in pairs if isinstance(x, int)]
            operands += [] if bias is None else [bias]
        node = None if step is None else _result_ok(step, nodes)
        if node is None:  # no operand qualifies: tanh is always defined and within ±1
            i = pick(idx)
            step, operands, node = ("tanh", i), [i], nodes[i].tanh()
        add(step, node, operands)
    sinks = [i for i in range(len(nodes)) if i not in used]
    return Program(xs, steps, sinks[::-1])  # newest first: the last step is the head of the sum


# ---- error models: what each operation's rounding does (only these tests read them) ----------------

U = 2.0**-53  # unit roundoff of float64: the relative error of one correctly rounded operation
LIBM = 4 * U  # exp, log, tanh, pow, log1p: libm is within a few ulps


@dataclass(frozen=True)
class ErrorModel:
    """First-order rounding-error bounds for one operation (read by tests/test_properties.py).

    ``rounding``: relative error of the computed value (u for + − × ÷, a few u for libm).
    ``local(node, k, e)``: bound on the absolute error of ``node.local_grads[k]``, given ``e``, the
    error bounds of the values of the node and its parents. ``own(node)``: the absolute error the
    operation itself adds to its value, when not ``rounding × |value|`` (the weighted sum).
    """

    rounding: float
    local: Callable[[Value, int, Mapping[Value, float]], float]
    own: Callable[[Value], float] | None = None

    def value_error(self, node: Value) -> float:
        return self.own(node) if self.own is not None else self.rounding * abs(node.data)




def _exact_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return 0.0  # a constant local derivative (1, −1, 0): no error


def _other_operand(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return e[node.parents[1 - k]]  # mul: ∂/∂a = b, ∂/∂b = a


def _div_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    a, b = node.parents[0].data, node.parents[1].data
    if k == 0:  # 1/b
        return U / abs(b) + e[node.parents[1]] / b**2
    loc = node.local_grads[1]
    return 3 * U * abs(loc) + e[node.parents[0]] / b**2 + 2 * abs(a) * e[node.parents[1]] / abs(b) ** 3


def _pow_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    n, x = op_of(node).params["n"], node.parents[0].data
    second = abs(n * (n - 1) * x ** (n - 2)) if n not in (0.0, 1.0) else 0.0
    return (LIBM + U) * abs(node.local_grads[0]) + second * e[node.parents[0]]


def _exp_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    return e[node]  # the local derivative is the value itself


def _log_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    x = node.parents[0].data
    return U / abs(x) + e[node.parents[0]] / x**2


def _tanh_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    t = node.data  # 1 - t*t: the product and the difference round, t is off by e
    return U * (t * t + abs(node.local_grads[0])) + 2 * abs(t) * e[node]


def _sigmoid_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    s = node.data  # s*(1-s)
    return 2 * U * abs(node.local_grads[0]) + (abs(s) + abs(1 - s)) * e[node]


def _softplus_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    # σ(x) computed like sigmoid (a few u); σ'(x) ≤ 1/4 carries the operand's error
    return LIBM * abs(node.local_grads[0]) + 0.25 * e[node.parents[0]]


def _trig_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    # sin' = cos, cos' = −sin: one libm call, and a slope of at most 1 carries the operand's error
    return LIBM * abs(node.local_grads[0]) + e[node.parents[0]]


def _wsum_local(node: Value, k: int, e: Mapping[Value, float]) -> float:
    weights, inputs, bias = wsum_parts(node)  # d/dwᵢ = xᵢ, d/dxᵢ = wᵢ, d/db = 1
    if k == 2 * len(weights):
        return 0.0
    return e[inputs[k // 2]] if k % 2 == 0 else e[weights[k // 2]]


def _wsum_own(node: Value) -> float:
    weights, inputs, bias = wsum_parts(node)  # γ_k for k products and sums
    mags = sum(abs(w.data * x.data) for w, x in zip(weights, inputs))
    mags += abs(bias.data) if bias is not None else 0.0
    return len(node.parents) * U * mags


EXACT = ErrorModel(U, _exact_local)


ERROR_MODELS = {
    "add": EXACT, "sub": EXACT, "mul": ErrorModel(U, _other_operand), "div": ErrorModel(U, _div_local),
    "neg": ErrorModel(0.0, _exact_local), "pow": ErrorModel(LIBM, _pow_local),
    "exp": ErrorModel(LIBM, _exp_local), "log": ErrorModel(LIBM, _log_local),
    "tanh": ErrorModel(LIBM, _tanh_local), "sigmoid": ErrorModel(LIBM, _sigmoid_local),
    "relu": ErrorModel(0.0, _exact_local), "wsum": ErrorModel(U, _wsum_local, _wsum_own),
    "abs": ErrorModel(0.0, _exact_local), "max": ErrorModel(0.0, _exact_local),
    "min": ErrorModel(0.0, _exact_local), "softplus": ErrorModel(LIBM + U, _softplus_local),
    "sin": ErrorModel(LIBM, _trig_local), "cos": ErrorModel(LIBM, _trig_local),
}


def _local_error(node: Value, k: int, e: dict) -> float:
    """Bound on the absolute error of node.local_grads[k]: the operation's error model."""
    return ERROR_MODELS[op_of(node).name].local(node, k, e)


# ---- error bounds ---------------------------------------------------------------------------------


def value_error_bounds(out: Value) -> dict[Value, float]:
    """First-order bound e(v) on the absolute rounding error of every node's value."""
    order = topological_order(out)
    e: dict[Value, float] = {}
    for v in order:
        if not v.parents:
            e[v] = 0.0  # inputs and constants are exact floats
            continue
        propagated = sum(abs(loc) * e[p] for p, loc in zip(v.parents, v.local_grads))
        e[v] = ERROR_MODELS[op_of(v).name].value_error(v) + ETA + propagated
    return e


def gradient_error_bounds(out: Value) -> dict[Value, float]:
    """First-order bound E(v) on the absolute rounding error of every v.grad after out.backward()."""
    order = topological_order(out)
    e = value_error_bounds(out)
    grad_err: dict[Value, float] = {v: 0.0 for v in order}
    contrib_abs: dict[Value, float] = {v: 0.0 for v in order}
    contrib_count: dict[Value, int] = {v: 0 for v in order}
    for c in reversed(order):
        g = c.grad
        # finish c: the rounding of its k-term sum of contributions
        grad_err[c] += contrib_count[c] * U * contrib_abs[c]
        for k, (p, loc) in enumerate(zip(c.parents, c.local_grads)):
            contribution = abs(loc * g)
            local_err = _local_error(c, k, e) + ETA
            grad_err[p] += abs(loc) * grad_err[c] + abs(g) * local_err + U * contribution + ETA
            contrib_abs[p] += contribution
            contrib_count[p] += 1
    return grad_err


# ---- the checks -----------------------------------------------------------------------------------


KINKED = {"relu": lambda a: a > 0.0, "abs": lambda a: a > 0.0}
KINKED2 = {"max": lambda a, b: (a > b, b > a), "min": lambda a, b: (a > b, b > a)}


def relu_signature(nodes: list) -> tuple:
    """Which side of its kink each relu, abs, max and min is on (a difference across one is no derivative)."""
    signature = []
    for n in nodes:
        if not isinstance(n, Value) or not n.parents:
            continue
        if n.op.name in KINKED:
            signature.append(KINKED[n.op.name](n.parents[0].data))
        elif n.op.name in KINKED2:
            signature.append(KINKED2[n.op.name](n.parents[0].data, n.parents[1].data))
    return tuple(signature)


def evaluate(program: Program, xs: list[float]) -> tuple[float, float, tuple] | None:
    """f at xs, the bound on its rounding error, and which side of 0 each relu's argument is on."""
    try:
        _, out, nodes = program.build(xs)
    except (GraphError, ZeroDivisionError):
        return None
    return out.data, value_error_bounds(out)[out], relu_signature(nodes)


@dataclass
class Discrepancy:
    index: int
    analytic: float
    reference: float
    tolerance: float

    @property
    def error(self) -> float:
        return abs(self.analytic - self.reference)

    @property
    def ratio(self) -> float:
        if self.error == 0.0:
            return 0.0
        return self.error / self.tolerance if self.tolerance > 0 else math.inf

    @property
    def rel(self) -> float:
        """Relative error; for gradients below REL_FLOOR (where it means nothing) 0."""
        scale = max(abs(self.analytic), abs(self.reference))
        return self.error / scale if scale >= REL_FLOOR else 0.0


def check_against_differences(program: Program, corrupt=None) -> tuple[list[Discrepancy], int]:
    """Every input's gradient vs central differences; returns the comparisons and kinks skipped."""
    leaves, out, nodes = program.build(program.inputs)
    if corrupt is not None:
        corrupt(out)
    out.backward()
    grad_err = gradient_error_bounds(out)
    base_signature = relu_signature(nodes)
    results, skipped = [], 0
    for i, x in enumerate(program.inputs):
        h = 2.0**-17 * max(1.0, abs(x))
        points = {}
        for k in (-2, -1, 1, 2):
            xs = list(program.inputs)
            xs[i] = x + k * h
            points[k] = (xs[i], evaluate(program, xs))
        if any(r is None or r[2] != base_signature for _, r in points.values()):
            skipped += 1  # a relu argument changes sign (or a domain edge is within 2h): no derivative
            continue
        (xm, (fm, em, _)), (xp, (fp, ep, _)) = points[-1], points[1]
        (xm2, (fm2, _, _)), (xp2, (fp2, _, _)) = points[-2], points[2]
        d1 = (fp - fm) / (xp - xm)
        d2 = (fp2 - fm2) / (xp2 - xm2)
        rounding = (ep + em) / (xp - xm)
        # + 2u·|D|: the subtraction f₊ − f₋ and the division round too
        tolerance = grad_err[leaves[i]] + 1.5 * rounding + abs(d2 - d1) + 2 * U * abs(d1)
        results.append(Discrepancy(i, leaves[i].grad, d1, tolerance))
    return results, skipped


def graph_depth(out: Value) -> int:
    depth: dict[Value, int] = {}
    for v in topological_order(out):
        depth[v] = 1 + max((depth[p] for p in v.parents), default=-1)
    return depth[out]


PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(programs())
def test_every_gradient_matches_central_differences(program):
    results, skipped = check_against_differences(program)
    _, out, _ = program.build(program.inputs)
    STATS.graphs += 1
    STATS.nodes += len(topological_order(out))
    STATS.max_depth = max(STATS.max_depth, graph_depth(out))
    STATS.ops.update(s[0] for s in program.steps)
    STATS.fd_skipped_kink += skipped
    for r in results:
        STATS.record("fd", r)
        assert r.error <= r.tolerance, (
            f"input x{r.index + 1}: engine {r.analytic!r}, central difference {r.reference!r}, "
            f"error {r.error:.3g} > tolerance {r.tolerance:.3g}; program {program}"
        )


@pytest.mark.skipif(torch is None, reason=TORCH_MISSING)
@PROPERTY_SETTINGS
@given(programs())
def test_every_gradient_matches_pytorch_float64(program):
    leaves, out, _ = program.build(program.inputs)
    out.backward()
    grad_err = gradient_error_bounds(out)
    t_leaves, t_out, _ = program.build(program.inputs, TorchLib)
    assert abs(t_out.item() - out.data) <= 2 * value_error_bounds(out)[out]  # each within e(f)
    t_grads = torch.autograd.grad(t_out, t_leaves, allow_unused=True)
    STATS.torch_graphs += 1
    for i, (leaf, tg) in enumerate(zip(leaves, t_grads)):
        reference = 0.0 if tg is None else tg.item()
        r = Discrepancy(i, leaf.grad, reference, 2 * grad_err[leaf])
        STATS.record("torch", r)
        assert r.error <= r.tolerance, (
            f"input x{i + 1}: engine {leaf.grad!r}, PyTorch {reference!r}, error {r.error:.3g} > "
            f"tolerance {r.tolerance:.3g}; program {program}"
        )


def test_the_generator_draws_every_built_in_operation_of_the_table():
    builtins = {name for name, op in operations().items() if op.builtin} - {"step", "sign", "max_share",
                                                                              "min_share"}
    assert builtins <= set(OPS), f"add {sorted(builtins - set(OPS))} to the program generator"


def test_random_graphs_covered_every_operation():
    if STATS.graphs == 0:
        pytest.skip("run together with test_every_gradient_matches_central_differences")
    missing = [op for op in OPS if STATS.ops[op] == 0]
    assert not missing, f"the generator never produced {missing} in {STATS.graphs} graphs"
    assert STATS.max_depth >= 8, "no deep graph was generated"


# ---- the checker itself must be able to fail ------------------------------------------------------

DIAMOND = Program(
    inputs=[0.7, 0.4],
    # x1, x2 → t = tanh(x1·x2); s = sigmoid(t + x1); out = s·t + log(2 + x1) − relu(x2)·t
    steps=[("mul", 0, 1), ("tanh", 2), ("add", 3, 0), ("sigmoid", 4), ("mul", 5, 3),
           ("radd", 2, 0), ("log", 7), ("relu", 1), ("mul", 9, 3), ("add", 6, 8), ("sub", 11, 10)],
    sinks=[12],
)


def test_the_checker_passes_the_correct_engine_on_a_diamond():
    results, skipped = check_against_differences(DIAMOND)
    assert skipped == 0 and len(results) == 2
    for r in results:
        assert r.error <= r.tolerance
        assert r.tolerance < 1e-8  # tight enough to mean something


def test_the_checker_catches_a_one_in_a_million_error():
    def corrupt(out: Value) -> None:
        tanh = next(n for n in topological_order(out) if n.op == "tanh")
        tanh.local_grads = (tanh.local_grads[0] * (1 + 1e-6),)

    results, _ = check_against_differences(DIAMOND, corrupt)
    assert any(r.error > r.tolerance for r in results)


def test_the_checker_skips_an_input_at_a_relu_kink():
    at_kink = Program(inputs=[0.0, 1.0], steps=[("relu", 0), ("mul", 2, 1)], sinks=[3])
    results, skipped = check_against_differences(at_kink)
    assert skipped == 1 and [r.index for r in results] == [1]
