"""autograd.jit: a replay gives, bit for bit, what the engine gives, or the engine runs instead.

Every comparison here is exact (the bits of the float, NaN equal to NaN): the compiled code is
meant to perform the very operations ``backward()`` performs, in the same order.
"""

from __future__ import annotations

import math
import struct
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd import Stepper, Value, node_names, trace, weighted_sum
from autograd.compiler import MAX_TERMS, JitError, JitWarning, jit
from nn import half_squared_error
from nn.check import load_example


def bits(x: float) -> bytes | str:
    return "nan" if x != x else struct.pack("<d", x)


def same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(bits(x) == bits(y) for x, y in zip(a, b))


def eager_grads(fn, params, *args) -> tuple[float, list[float]]:
    for p in params:
        p.grad = 0.0
    loss = fn(*args)
    loss.backward()
    return loss.data, [p.grad for p in params]


def compiled_grads(step, params, *args) -> tuple[float, list[float]]:
    for p in params:
        p.grad = 0.0
    loss = step(*args)
    return loss, [p.grad for p in params]


def outcome(run, *args):
    """(result) or ("raised", exception type): compiled and eager must agree on either."""
    try:
        return run(*args)
    except (ArithmeticError, ValueError, TypeError) as e:
        return ("raised", type(e))


@pytest.mark.parametrize("code", ["straight-line", "with loops"])
def test_an_operation_without_a_code_form_is_called_by_reference(operations, monkeypatch, code):
    from autograd.compiler import loops

    monkeypatch.setattr(loops, "LOOP_FROM", 0 if code == "with loops" else 10**9)
    user = next(op for _, op in operations if getattr(op, "name", "") == "jit_test_softsign")
    w = Value(0.8, "w")
    fn = lambda x: user(w * x) * w  # noqa: E731
    step = jit(fn)
    for x in (0.5, -2.0):
        assert compiled_grads(step, [w], x) == eager_grads(fn, [w], x)
    assert "jit_test_softsign_evaluate(" in step.source and step.eager_calls == 0


# ---- random graphs of every operation ----------------------------------------------------------

POWERS = [lambda a: a ** 2, lambda a: a ** 3, lambda a: a ** 0.5, lambda a: a ** -1, lambda a: a ** 1.5]
MIXED = [lambda a, b: a + 2.5, lambda a, b: 0.5 * b, lambda a, b: 1.0 / b, lambda a, b: 3.0 - a]
WSUMS = [lambda a, b, c: weighted_sum([a, b], [c, a], b),
         lambda a, b, c: weighted_sum([a, b, c], [c, c, a])]


def softsign(x: float) -> float:
    return x / (1.0 + abs(x))


@pytest.fixture(scope="module")
def operations():
    """Every operation of the table (each is one entry), plus one defined here without a code form,
    which the generated code calls by reference; it is taken out of the table afterwards."""
    from autograd import define_op
    from autograd.ops import _TABLE, operations

    user = define_op("jit_test_softsign", forward=softsign,
                     derivatives=lambda x, out: (1.0 / (1.0 + abs(x)) ** 2,))
    table = [(op.arity, op) for name, op in operations().items() if name not in ("pow", "wsum")]
    yield [(1, f) for f in POWERS] + [(2, f) for f in MIXED] + [(3, f) for f in WSUMS] + table
    _TABLE.pop(user.name, None)


finite = st.floats(-3.0, 3.0, allow_nan=False).filter(lambda x: abs(x) > 1e-3 or x == 0.0)
program = st.lists(st.tuples(*[st.integers(0, 99)] * 4), min_size=1, max_size=14)


def build(program, params, operations):
    """fn(x1, x2): run the program on a pool of the parameters and the two data leaves.

    The loss adds up every node the program made, so each one is in the graph (the compiled code
    computes only what reaches the loss: an error in a node that does not is not raised).
    """

    def fn(x1, x2):
        pool = [*params, Value(x1, "x1"), Value(x2, "x2")]
        for op, i, j, k in program:
            arity, f = operations[op % len(operations)]
            operands = [pool[-1 - i % len(pool)], pool[j % len(pool)], pool[k % len(pool)]][:arity]
            pool.append(f(*operands))
        loss = pool[5] * pool[0]
        for node in pool[6:]:
            loss = node + loss
        arity, last = operations[program[0][0] % len(operations)]  # the root: any operation
        return last(*[loss, loss, pool[1]][:arity])

    return fn


@pytest.mark.parametrize("code", ["straight-line", "with loops"])  # loops: numbers in lists, in parts
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(program, st.lists(finite, min_size=3, max_size=3), st.lists(finite, min_size=4, max_size=4),
       st.lists(finite, min_size=3, max_size=3))
def test_random_graphs_of_every_operation_replay_bit_for_bit(operations, monkeypatch, code, program, p0, data,
                                                             p1):
    from autograd.compiler import loops

    monkeypatch.setattr(loops, "LOOP_FROM", 0 if code == "with loops" else 10**9)
    params = [Value(v, f"w{i + 1}") for i, v in enumerate(p0)]
    fn = build(program, params, operations)
    step = jit(fn)
    for (x1, x2), values in (((data[0], data[1]), p0), ((data[2], data[3]), p1)):
        for p, v in zip(params, values):
            p.data = v
        got = outcome(compiled_grads, step, params, x1, x2)
        want = outcome(eager_grads, fn, params, x1, x2)
        if want[0] == "raised":
            assert got == want
        else:
            assert got[0] != "raised", got
            assert same([got[0], *got[1]], [want[0], *want[1]]), (got, want)


def test_a_replay_runs_the_generated_code_not_the_engine():
    w, b = Value(0.5, "w"), Value(-0.25, "b")
    step = jit(lambda x: (w * x + b).tanh())
    for x in (0.3, -1.2, 4.0):
        got = compiled_grads(step, [w, b], x)
        assert got == eager_grads(lambda x: (w * x + b).tanh(), [w, b], x)
    assert (step.recordings, step.eager_calls) == (1, 0)
    t = math.tanh(0.5 * 4.0 - 0.25)
    assert w.grad == pytest.approx(4.0 * (1 - t * t)) and b.grad == pytest.approx(1 - t * t)


@pytest.mark.parametrize("op", ["relu", "sigmoid", "tanh", "exp", "softplus", "__abs__"])
def test_the_root_may_be_any_operation_on_a_parameter(op):
    w = Value(0.75, "w")
    fn = lambda x: getattr(w, op)() if x > 0 else getattr(-w, op)()  # noqa: E731
    step = jit(fn)
    for x in (1.0, -1.0, 2.0):
        assert compiled_grads(step, [w], x) == eager_grads(fn, [w], x)
    assert step.eager_calls == 0


def test_accumulate_adds_like_backward_accumulate():
    w = Value(1.5, "w")
    step = jit(lambda x: (w * x).sigmoid())
    w.grad = 0.25
    step.accumulate(2.0)
    step.accumulate(-1.0)
    compiled = w.grad
    w.grad = 0.25
    (w * 2.0).sigmoid().backward(accumulate=True)
    (w * -1.0).sigmoid().backward(accumulate=True)
    assert bits(compiled) == bits(w.grad)


def test_accumulate_many_is_the_calls_one_by_one():
    w, b = Value(0.3, "w"), Value(-0.2, "b")
    fn = lambda x, y: ((w * x + b).tanh() - y) ** 2  # noqa: E731
    samples = [(0.1 * i, 0.05 * i - 0.3) for i in range(40)]
    w.grad = b.grad = 0.5
    many = jit(fn).accumulate_many(samples)
    compiled = [w.grad, b.grad]
    w.grad = b.grad = 0.5
    total = 0.0
    for x, y in samples:
        loss = fn(x, y)
        loss.backward(accumulate=True)
        total += loss.data
    assert same([many, *compiled], [total, w.grad, b.grad])


def test_accumulate_many_stops_where_the_engine_stops():
    w = Value(2.0, "w")
    fn = lambda x: w / x  # noqa: E731
    step = jit(fn)
    w.grad = 0.0
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        step.accumulate_many([(1.0,), (2.0,), (0.0,), (4.0,)])
    assert w.grad == 1.0 + 0.5  # the samples before the failing one, as the eager loop leaves it


# ---- the documents' network -----------------------------------------------------------------------


@pytest.fixture
def seed000():
    example = load_example("seed000")
    net = example.network
    x1, x2 = example.inputs
    return net, (x1, x2, example.targets[0])


def test_seed000_source_is_the_backward_pass_in_the_documents_names(seed000):
    net, args = seed000
    step = jit(lambda x1, x2, y: half_squared_error(net([x1, x2]), y), name="seed000")
    loss = step(*args)
    src = step.source
    assert src.startswith("def seed000(x1, x2, y):")
    for line in ("z_h1 = ", "a_o1 = ", "L = half * t2",
                 "dL_dz_o1 = dL_da_o1 * (a_o1 * (1.0 - a_o1))",
                 "dL_dW31 = 0.0 + dL_dz_o1 * a_h1",
                 "dL_dz_h1 = dL_da_h1 * (a_h1 * (1.0 - a_h1))",
                 "W31_node.grad = dL_dW31"):
        assert line in src, line
    # seed 000: a_o1 = 0.70, L = ½(0.75 − 0.70)², δ_o1 = −0.0105, ∂L/∂W31 = δ_o1 · a_h1 = −0.006195
    assert loss == pytest.approx(0.5 * 0.05**2, abs=1e-12)
    assert net["W31"].grad == pytest.approx(-0.006195, abs=1e-12)
    assert net["B3"].grad == pytest.approx(-0.0105, abs=1e-12)


def test_refreshed_graph_shows_a_later_step_of_a_compiled_run(seed000):
    net, args = seed000
    fn = lambda x1, x2, y: half_squared_error(net([x1, x2]), y)  # noqa: E731
    step = jit(fn)
    for _ in range(5):  # five compiled SGD steps
        step(*args)
        for p in net.parameters():
            p.data -= 0.5 * p.grad
    root = step.graph(*args)
    replayed = {p: p.grad for p in net.parameters()}
    eager = fn(*args)
    assert trace(root).text() == trace(eager).text()  # every step, every number, every name
    assert {p: p.grad for p in net.parameters()} == replayed
    eager.backward()
    z_o1 = next(n for n, name in node_names(eager).items() if name == "z_o1")
    stepper = Stepper(root)
    stepper.run_until("z_o1")
    assert bits(stepper.find("z_o1").grad) == bits(z_o1.grad) and z_o1.grad != 0.0
    assert stepper.total == len(trace(eager))


# ---- the cache: what decides the shape ------------------------------------------------------------


def test_another_length_is_recorded_again():
    w = Value(0.7, "w")
    fn = lambda xs: sum((w * x for x in xs), Value(0.0)).tanh()  # noqa: E731
    step = jit(fn)
    for xs in ([1.0, 2.0], [0.5, -1.0, 3.0], [2.0, 2.0], [1.0] * 7):
        assert compiled_grads(step, [w], xs) == eager_grads(fn, [w], xs)
    assert step.recordings == 3
    assert len(step.recorded) == 3


def test_a_branch_on_the_data_is_a_guard():
    w = Value(2.0, "w")

    def fn(x, y):
        return (w * x).relu() if x > 0 else (w * y).sigmoid()

    step = jit(fn)
    for x, y in ((1.0, 5.0), (-1.0, 5.0), (3.0, 1.0), (-2.0, 0.5)):
        assert compiled_grads(step, [w], x, y) == eager_grads(fn, [w], x, y)
    assert step.recordings == 2  # one per branch taken, then replayed
    assert {g.outcome for r in step.recorded for g in r.guards} == {True, False}


def test_settings_that_are_not_numbers_key_the_cache():
    w = Value(0.3, "w")

    def fn(x, activation):
        return getattr(w * x, activation)()

    step = jit(fn)
    for act in ("tanh", "sigmoid", "tanh"):
        assert compiled_grads(step, [w], 1.5, act) == eager_grads(fn, [w], 1.5, act)
    assert step.recordings == 2


# ---- what cannot be compiled is refused, with the line ---------------------------------------------


def test_reading_data_while_recording_is_refused_with_the_line():
    w = Value(-1.0, "w")

    def fn(x):
        z = w * x
        if z.data > 0:  # a Python branch on a value: the compiled code would keep one side
            return z
        return -z

    step = jit(fn)
    with pytest.raises(JitError, match=r"test_compiler\.py:\d+: the function reads \.data of") as e:
        step(2.0)
    assert "v.relu()" in str(e.value) and "eager=True" in str(e.value)


def test_eager_fallback_is_said_once_and_gives_the_engines_numbers():
    w = Value(-1.0, "w")

    def fn(x):
        z = w * x
        return z if z.data > 0 else -z

    step = jit(fn, eager=True)
    with pytest.warns(JitWarning, match="runs eagerly"):
        assert step(2.0) == 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert step(-3.0) == 3.0  # the engine's number, silently this time
    assert w.grad == -3.0 and step.eager_calls == 2


@pytest.mark.parametrize("body, how", [
    (lambda w, x: w * (x * 2.0), "plain arithmetic"),
    (lambda w, x: w * math.exp(x), r"argument x is used as a float in plain Python"),
    (lambda w, x: w * [1.0, 2.0][int(x)], "as an integer"),
])
def test_plain_arithmetic_on_the_data_is_refused(body, how):
    w = Value(1.0, "w")
    step = jit(lambda x: body(w, x))
    with pytest.raises(JitError, match=how):
        step(1.0)


def test_float_of_the_data_that_becomes_a_value_is_fine():
    w = Value(1.5, "w")
    fn = lambda x: w * Value(float(x), "x")  # noqa: E731
    step = jit(fn)
    assert step(2.0) == 3.0 and step(4.0) == 6.0 and w.grad == 4.0 and step.eager_calls == 0


def test_values_as_arguments_are_refused():
    w = Value(1.0, "w")
    with pytest.raises(JitError, match="pass the data as plain numbers"):
        jit(lambda v: w * v)(Value(2.0))


# ---- numeric failures re-run the step in the engine -----------------------------------------------


def test_division_by_zero_in_a_replay_gives_the_engines_error():
    w = Value(1.0, "w")
    step = jit(lambda x: w / x)
    assert step(2.0) == 0.5
    with pytest.raises(ZeroDivisionError, match="division by zero: Value 'w'"):
        step(0.0)


def test_log_of_a_negative_number_in_a_replay_gives_the_engines_error():
    w = Value(1.0, "w")
    step = jit(lambda x: (w * x).log())
    step(2.0)
    with pytest.raises(ValueError, match="log needs a positive number"):
        step(-2.0)


def test_negative_base_to_a_fractional_power_is_not_a_complex_number():
    w = Value(1.0, "w")
    step = jit(lambda x: (w * x) ** 0.5)
    assert step(4.0) == 2.0
    with pytest.raises(ValueError, match="not a real number"):
        step(-4.0)
    assert w.grad == 1.0  # still the gradient of the last good step: nothing was written


def test_a_user_operation_that_turns_complex_gives_the_engines_error():
    from autograd import GraphError, define_op
    from autograd.ops import _TABLE

    root = define_op("jit_test_root", forward=lambda x: x**0.5, derivatives=lambda x, out: (0.5 / out,))
    try:
        w = Value(1.0, "w")
        step = jit(lambda x: root(w * x))
        assert step(4.0) == 2.0 and w.grad == 1.0  # d√(wx)/dw = x / (2√(wx))
        with pytest.raises(GraphError, match="must return real numbers"):
            step(-4.0)  # Python's ** gives a complex number: the engine refuses it, so does the replay
        assert w.grad == 1.0
    finally:
        _TABLE.pop("jit_test_root", None)


def test_overflow_in_a_replay_gives_the_engines_inf():
    w = Value(1.0, "w")
    fn = lambda x: (w * x).exp()  # noqa: E731
    step = jit(fn)
    step(1.0)
    assert compiled_grads(step, [w], 800.0) == eager_grads(fn, [w], 800.0) == (math.inf, [math.inf])


def test_hooks_and_anomaly_mode_see_every_call():
    from autograd import detect_anomaly, watch
    from autograd.anomaly import AnomalyError

    w = Value(0.5, "w")
    step = jit(lambda x: (w * x).tanh())
    step(1.0)
    with watch(w) as seen:
        step(2.0)
        step(3.0)
    assert len(seen) == 2 and seen[-1].grad == w.grad  # the hook fired at each call
    other = Value(1.0, "other")
    with watch(other):  # a hook on a node of another graph: the replay goes on
        calls = step.eager_calls
        step(4.0)
        assert step.eager_calls == calls
    log = jit(lambda x: (w * x).log())
    log(1.0)
    with detect_anomaly(), pytest.raises(AnomalyError):
        log(math.nan)  # anomaly mode names the NaN: the call ran in the engine


# ---- long sums ------------------------------------------------------------------------------------


@pytest.mark.parametrize("straight", [True, False])
def test_a_weighted_sum_of_many_terms_compiles(monkeypatch, straight):
    from autograd.compiler import loops

    if straight:  # written out term by term (below loops.LOOP_FROM nodes), not as a loop
        monkeypatch.setattr(loops, "LOOP_FROM", 10**9)
    n = 6 * MAX_TERMS + 7  # more terms than compile() takes in one expression
    ws = [Value(math.sin(i), f"w{i}") for i in range(n)]
    fn = lambda *xs: weighted_sum(ws, list(xs)).tanh()  # noqa: E731
    xs = [math.cos(i) / 10 for i in range(n)]
    step = jit(fn)
    assert compiled_grads(step, ws, *xs) == eager_grads(fn, ws, *xs)
    assert step.eager_calls == 0
    if straight:
        assert step.source.count("t1 = t1 + ") == math.ceil(n / MAX_TERMS) - 1  # the sum, in chunks
    else:
        assert step.source.count(" = _dot(_v, 0, _t[1])") == 1  # one loop over the weights


def test_a_parameter_used_thousands_of_times_compiles():
    w = Value(0.999, "w")

    def fn(x):
        total = w * x
        for _ in range(5000):
            total = total + w * x
        return total

    step = jit(fn)
    assert compiled_grads(step, [w], 0.5) == eager_grads(fn, [w], 0.5)
    assert step.eager_calls == 0


def test_names_are_python_identifiers_and_never_shadow_math():
    a = Value(2.0, "exp")  # a label that is a math function
    b = Value(3.0, "W#1 (in)")
    fn = lambda x: (a * b * x).exp().named("½")  # noqa: E731
    step = jit(fn)
    assert compiled_grads(step, [a, b], 0.1) == eager_grads(fn, [a, b], 0.1)
    assert "exp_2 = exp_2_node._data" in step.source  # not `exp`: that is math.exp
    assert "W_1_in" in step.source and "half = " in step.source


# ---- nn: the compiled training step ---------------------------------------------------------------

from nn import MLP, SGD, Momentum, SharedBiasNetwork, mean_squared_error, squared_error, train_step  # noqa: E402

DATA = [([0.05, 0.10], 0.75), ([0.9, -0.3], 0.2), ([-0.5, 0.4], 0.6), ([0.3, 0.3], 0.9)]


def documents_network():
    return load_example("seed000").network


def mlp():
    return MLP(2, [4, 3, 1], activation=["tanh", "relu", "linear"], seed=3)


@pytest.mark.parametrize("make", [documents_network, mlp], ids=["documents", "mlp"])
@pytest.mark.parametrize("optimizer", [lambda ps: SGD(ps, 0.5), lambda ps: Momentum(ps, 0.1, 0.9)],
                         ids=["sgd", "momentum"])
@pytest.mark.parametrize("loss", [half_squared_error, squared_error])
def test_compiled_training_is_the_eager_loop_bit_for_bit(make, optimizer, loss):
    runs = []
    for compiled in (True, False):
        model = make()
        step = train_step(model, loss, optimizer(model.parameters()), compiled=compiled)
        losses = [step(x, y) for _ in range(15) for x, y in DATA]
        runs.append((losses, [p.data for p in model.parameters()], [p.grad for p in model.parameters()]))
    (l1, d1, g1), (l2, d2, g2) = runs
    assert same(l1, l2) and same(d1, d2) and same(g1, g2)
    assert sum(l1[-4:]) < sum(l1[:4])  # and it learns: the last pass over the data vs the first


def test_one_compiled_step_of_seed000_gives_the_documents_update():
    net = documents_network()
    step = train_step(net, half_squared_error, SGD(net.parameters(), 0.5))
    step([0.05, 0.10], 0.75)
    assert net["W31"].data == pytest.approx(0.4030975, abs=1e-12)  # 0.40 − 0.5 · (−0.006195)
    assert net["W41"].data == pytest.approx(0.45 + 0.5 * 0.0105 * 0.60, abs=1e-12)
    assert "W31_node._data = W31 - _lr * dL_dW31" in step.source


def test_one_compiled_step_of_the_mazur_network_gives_his_numbers():
    net = SharedBiasNetwork(w1=0.15, w2=0.20, w3=0.25, w4=0.30, w5=0.40, w6=0.45, w7=0.50, w8=0.55,
                            b1=0.35, b2=0.60)
    step = train_step(net, half_squared_error, SGD(net.parameters(), 0.5))
    assert step([0.05, 0.10], [0.01, 0.99]) == pytest.approx(0.298371109, abs=1e-9)  # E_total
    expected = {"w5": 0.35891648, "w6": 0.408666186, "w7": 0.511301270, "w8": 0.561370121,
                "w1": 0.149780716, "w2": 0.19956143, "w3": 0.24975114, "w4": 0.29950229}
    for name, value in expected.items():
        assert net[name].data == pytest.approx(value, abs=1e-8), name


def test_an_epoch_accumulates_the_mean_loss_sample_by_sample():
    xs, ys = [x for x, _ in DATA], [y for _, y in DATA]
    runs = []
    for compiled in (True, False):
        model = mlp()
        step = train_step(model, squared_error, Momentum(model.parameters(), 0.05, 0.5), compiled=compiled)
        losses = [step.epoch(xs, ys) for _ in range(5)]
        runs.append((losses, [p.data for p in model.parameters()]))
    assert same(runs[0][0], runs[1][0]) and same(runs[0][1], runs[1][1])
    # the same gradient as one graph of the whole batch (summed in another order: to rounding)
    model = mlp()
    train_step(model, squared_error, SGD(model.parameters(), 0.1)).epoch(xs, ys)
    reference = mlp()
    loss = mean_squared_error([reference(x) for x in xs], ys)
    loss.backward()
    for p, q in zip(model.parameters(), reference.parameters()):
        assert p.data == pytest.approx(q.data - 0.1 * q.grad, abs=1e-14)


def test_the_training_steps_graph_can_be_traced_at_any_step():
    net = documents_network()
    step = train_step(net, half_squared_error, SGD(net.parameters(), 0.5))
    for _ in range(3):
        step([0.05, 0.10], 0.75)
    root = step.graph([0.05, 0.10], 0.75)
    eager = half_squared_error(net([0.05, 0.10]), 0.75)
    assert trace(root).text() == trace(eager).text()


def test_an_optimizer_it_cannot_write_as_code_runs_its_own_step():
    class Halving(SGD):  # a subclass: its step may differ, so it is not fused
        def step(self) -> None:
            for p in self.params:
                p.data -= 0.5 * self.lr * p.grad

    runs = []
    for compiled in (True, False):
        net = documents_network()
        step = train_step(net, half_squared_error, Halving(net.parameters(), 0.5), compiled=compiled)
        for x, y in DATA:
            step(x, y)
        runs.append([p.data for p in net.parameters()])
    assert same(runs[0], runs[1])


def test_stepgrad_code_prints_the_generated_step(capsys):
    from nn.cli import main

    assert main(["code", "seed000"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Seed 000") and "\ndef seed000_step():" in out  # the example's own step
    assert "dL_dz_o1 = dL_da_o1 * (a_o1 * (1.0 - a_o1))" in out
    assert "B3_node._data = B3 - _lr * dL_dB3" in out
    compile(out, "<stepgrad code>", "exec")  # it is Python
    assert main(["code", "no-such-example"]) == 2
    assert "no example 'no-such-example'" in capsys.readouterr().err
