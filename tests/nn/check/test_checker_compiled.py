"""The checker's update steps through ``autograd.jit``: the same report, bit for bit, as the engine.

Every multi-iteration example here is checked three ways: through the engine only
(``compiled=False``), with every stretch of steps compiled (``compiled=True``) and as ``stepgrad
check`` does it (compiled from ``COMPILE_FROM`` steps on). Their reports must agree in every bit of
every number, every verdict and every diagnosis; the diagnoses re-run the example under other
conventions (loss × 2 and × ½, uphill, the updated weights, biases frozen or updated, a carried
number), so those runs are compared too. The examples print some wrong numbers on purpose, so that
every diagnosis runs.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from nn.check import HERE, check_example, format_report, load_example
from nn.check.checker import COMPILE_FROM, Convention, Quantity, Run

MAZUR = (HERE / "mazur.toml").read_text(encoding="utf-8")


def rows(*rows_: tuple[str, str, int]) -> str:
    return "".join(f'\n[[document]]\nquantity = "{q}"\nvalue = "{v}"\nafter = {after}\n'
                   for q, v, after in rows_)


def _mlp_parameters(sizes: list[int], biases: bool = True) -> str:
    """Fixed, varied parameter values for an MLP of these sizes."""
    lines, k = [], 0
    for layer, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]), 1):
        for j in range(1, n_out + 1):
            for i in range(1, n_in + 1):
                k += 1
                lines.append(f'"L{layer}.N{j}.w{i}" = {math.sin(k) * 0.8:.4f}')
            if biases:
                k += 1
                lines.append(f'"L{layer}.N{j}.b" = {math.cos(k) * 0.3:.4f}')
    return "\n".join(lines)


DOCUMENT = """[network]
kind = "document"
activation = "tanh"
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[parameters]
W11 = 0.15
W21 = 0.20
W12 = 0.25
W22 = 0.30
W31 = 0.40
W41 = 0.45
B1 = 0.35
B2 = 0.35
B3 = 0.60
[training]
loss = "half_squared_error"
learning_rate = 0.5
iterations = 60
""" + rows(("L", "0.2", 0), ("a_o1", "0.5", 30), ("W31", "0.1", 60), ("dL/dW11", "0.01", 60))

MLP = f"""[network]
kind = "mlp"
sizes = [2, 3, 2]
activation = ["tanh", "sigmoid"]
[data]
inputs = [1.0, -2.0]
targets = [1.0, 0.0]
[parameters]
{_mlp_parameters([2, 3, 2])}
[training]
loss = "squared_error"
learning_rate = 0.3
iterations = 50
""" + rows(("E_o1", "0.1", 0), ("L2.N1.a", "0.9", 25), ("L1.N2.w1", "0.3", 50), ("L", "0.001", 50),
           ("dL/dL1.N1.b", "0.001", 50))

MOMENTUM = f"""[network]
kind = "mlp"
sizes = [2, 2, 1]
activation = ["sigmoid", "linear"]
[data]
inputs = [0.5, -1.0]
targets = [0.25]
[parameters]
{_mlp_parameters([2, 2, 1])}
[training]
loss = "half_squared_error"
learning_rate = 0.1
momentum = 0.9
iterations = 70
""" + rows(("L", "0.01", 35), ("L2.N1.w1", "0.2", 70), ("dL/dL1.N2.w2", "0.001", 70))

PER_SAMPLE = f"""[network]
kind = "mlp"
sizes = [2, 2, 1]
activation = ["relu", "linear"]
[data]
inputs = [[1.0, 2.0], [0.0, 1.0], [-1.0, 0.5]]
targets = [[1.0], [0.0], [0.5]]
[parameters]
{_mlp_parameters([2, 2, 1])}
[training]
loss = "half_squared_error"
learning_rate = 0.05
batch_size = 1
epochs = 20
""" + rows(("L[1]", "0.3", 30), ("L[2]", "0.3", 31), ("L1.N1.w1", "0.4", 60))

FULL_BATCH = f"""[network]
kind = "mlp"
sizes = [2, 2]
activation = "sigmoid"
[data]
inputs = [[1.0, 2.0], [0.0, 1.0]]
targets = [[1.0, 0.0], [0.0, 1.0]]
reduction = "sum"
[parameters]
{_mlp_parameters([2, 2])}
[training]
loss = "half_squared_error"
learning_rate = 0.5
iterations = 40
""" + rows(("L", "0.3", 0), ("L", "0.3", 40), ("E_o1[2]", "0.1", 40), ("L1.N2.b", "0.1", 40))

EXPRESSION = """[network]
kind = "expression"
[leaves]
x = 0.5
y = -1.5
w = 0.8
b = 0.1
[nodes]
s = "w*x + b"
r = "relu(s) + max(s, y) - abs(y*w) + min(w, b)"
t = "tanh(r) * exp(-s) + log(1 + w**2) + sigmoid(b)"
f = "(t - 0.3)**2 / 2"
[training]
parameters = ["w", "b"]
learning_rate = 0.2
iterations = 80
""" + rows(("f", "0.01", 0), ("w", "0.5", 40), ("f", "0.001", 80), ("df/dw", "0.01", 80),
           ("dt/ds", "0.1", 80))

NEURON_GATES = """[network]
kind = "expression"
[leaves]
w0 = 2
x0 = -1
w1 = -3
x1 = -2
w2 = -3
[nodes]
s = "w0*x0 + w1*x1 + w2"
e = "exp(-s)"
f = "1 / (1 + e)"
[training]
parameters = ["w0", "w1", "w2"]
learning_rate = 1.5
iterations = 100
""" + rows(("f", "0.73", 0), ("f", "0.9", 50), ("w2", "-2", 100), ("df/dw0", "0.01", 100))

SOFTMAX = f"""[network]
kind = "mlp"
sizes = [2, 3]
activation = "linear"
[data]
inputs = [1.0, 2.0]
targets = [0.0, 1.0, 0.0]
[parameters]
{_mlp_parameters([2, 3])}
[training]
loss = "cross_entropy"
learning_rate = 0.5
iterations = 40
""" + rows(("p_o2", "0.9", 40), ("L", "0.1", 40))

SHARED_BIAS = MAZUR.replace("iterations = 10000", "iterations = 120").replace("after = 10000", "after = 120")
UPDATED_WEIGHTS = SHARED_BIAS.replace('hidden_deltas = "old_weights"', 'hidden_deltas = "updated_weights"')

EXAMPLES = {
    "document": DOCUMENT, "mlp": MLP, "momentum": MOMENTUM, "per-sample batches": PER_SAMPLE,
    "full batch, sum": FULL_BATCH, "expression": EXPRESSION, "sigmoid neuron as gates": NEURON_GATES,
    "cross-entropy": SOFTMAX, "shared-bias (Mazur, 120 steps)": SHARED_BIAS,
    "updated weights declared": UPDATED_WEIGHTS,
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ex.toml"
    path.write_text(text, encoding="utf-8")
    return path


def fingerprint(report) -> list[tuple[object, ...]]:
    """Everything a report says, every number as its exact bits."""
    return [(r.number.index, r.engine.hex(), r.verdict, r.diagnosis, tuple(c.kind for c in r.causes))
            for r in report.rows]


@pytest.fixture
def eager_steps(monkeypatch):
    """(convention, step) of every update step that ran through the engine."""
    seen: list[tuple[Convention, int]] = []
    step = Run._step

    def counting(self, state, n, **options):
        seen.append((self.convention, n))
        return step(self, state, n, **options)

    monkeypatch.setattr(Run, "_step", counting)
    return seen


def _needs_the_engine(convention: Convention, n: int) -> bool:
    """An alternative the compiled code cannot express, or the step where a printed number is carried."""
    c = convention
    return (c.hidden_deltas == "updated_weights" or c.rounding is not None
            or any(r[0] == n for r in (*c.carried, *c.carried_local, *c.forced)))


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_compiled_steps_give_the_engines_report_bit_for_bit(tmp_path, name, eager_steps):
    path = write(tmp_path, EXAMPLES[name])
    eager = check_example(path, compiled=False)
    n_eager = len(eager_steps)
    compiled = check_example(path, compiled=True)
    compiled_eager = eager_steps[n_eager:]
    automatic = check_example(path)
    assert fingerprint(compiled) == fingerprint(eager), format_report(compiled)
    assert fingerprint(automatic) == fingerprint(eager)
    assert not eager.ok and n_eager >= eager.rows[-1].number.after  # mismatches: the diagnoses ran
    if name == "cross-entropy":  # the softmax's shift is read from the outputs: not compiled
        assert len(compiled_eager) == n_eager
    else:  # compiled, but for the steps an alternative changes
        assert all(_needs_the_engine(c, n) for c, n in compiled_eager)
        assert len(compiled_eager) < n_eager


def _bits(state) -> tuple[dict[str, str], dict[str, str]]:
    return {n: v.hex() for n, v in state.params.items()}, {n: v.hex() for n, v in state.velocity.items()}


def test_every_state_of_a_long_run_is_the_same_bit_for_bit():
    # every state (parameters and momentum buffers) of 150 Mazur steps with frozen biases, and the
    # same with the alternatives' settings: a loss scale, an uphill rate, updated biases; and the
    # alternatives that change the chain rule, whose steps run on the recorded graph, refreshed
    ex = load_example("mazur")
    initial = ex.network.state()
    for convention in (Convention(update_biases=False), Convention(loss_scale=2.0, ascent=True),
                       Convention(loss_scale=0.5, update_biases=True),
                       Convention(hidden_deltas="updated_weights", update_biases=False),
                       Convention(rounding=-6, loss_scale=2.0)):
        states = []
        for compiled in (False, True):
            run = Run(ex, convention, initial, keep=set(range(151)), compiled=compiled)
            run.value(Quantity("L"), 150)
            states.append({k: _bits(s) for k, s in run.states.items()})
        assert len(states[1]) == 151 and states[0] == states[1]
        assert states[1][150] != states[1][149] != states[1][0]


def test_a_frozen_bias_stays_and_the_rest_follow_the_closed_form():
    # Mazur's biases are not updated: after 10,000 compiled steps b1 and b2 are exactly their start
    ex = load_example("mazur")
    run = Run(ex, Convention(update_biases=False), ex.network.state(), keep={10_000}, compiled=True)
    run.value(Quantity("L"), 10_000)
    state = run.states[10_000].params
    assert state["b1"] == 0.35 and state["b2"] == 0.60
    assert state["w5"] != 0.40


def test_momentum_steps_match_the_recurrence_written_by_hand(tmp_path, eager_steps):
    # f = (w − 3)², η = 0.05, μ = 0.9: g = 2(w − 3), v ← μ·v + g, w ← w − η·v, the same float
    # operations in the same order as the update rule, written out here
    text = """[network]
kind = "expression"
[leaves]
w = 1
[nodes]
d = "w - 3"
f = "d ** 2"
[training]
parameters = ["w"]
learning_rate = 0.05
momentum = 0.9
iterations = 200
""" + rows(("w", "3", 200))
    w, v = 1.0, 0.0
    for _ in range(200):
        v = 0.9 * v + 1.0 * (2.0 * (w - 3.0) ** 1.0)
        w = w - 0.05 * v
    report = check_example(write(tmp_path, text), compiled=True)
    assert report.rows[0].engine == w and abs(w - 3.0) < 1e-5
    assert not eager_steps  # all 200 steps compiled


def test_a_parameter_the_root_does_not_use_is_not_updated(tmp_path):
    # p feeds only g, not the root f: df/dp = 0, so p stays 2; the gradient dg/dp = 4 computed for a
    # printed number must not leak into the update (it did, eagerly, before the compiled path)
    text = """[network]
kind = "expression"
[leaves]
x = 3
p = 2
[nodes]
g = "p * p"
f = "x * x"
[training]
root = "f"
parameters = ["x", "p"]
learning_rate = 0.1
iterations = 2
""" + rows(("dg/dp", "4", 0), ("p", "2", 2), ("x", "1.92", 2))
    for compiled in (False, True):
        report = check_example(write(tmp_path, text), compiled=compiled)
        assert report.ok, format_report(report)  # x: 3 − 0.1·6 = 2.4, then 2.4 − 0.1·4.8 = 1.92


def test_a_diverging_run_falls_back_to_the_engine_and_gives_its_numbers(tmp_path):
    # f = w², η = 10: w ← −19·w overflows to inf and then nan; the compiled replay fails where the
    # engine does not, and that step re-runs through the engine
    text = """[network]
kind = "expression"
[leaves]
w = 1
[nodes]
f = "w ** 2"
[training]
parameters = ["w"]
learning_rate = 10
iterations = 300
""" + rows(("w", "1", 200), ("w", "1", 300), ("f", "1", 300))
    path = write(tmp_path, text)
    assert fingerprint(check_example(path, compiled=True)) == fingerprint(check_example(path, compiled=False))


def test_short_runs_stay_eager_by_default(tmp_path, eager_steps):
    # below COMPILE_FROM steps, recording and compiling would cost more than it saves
    text = EXPRESSION.replace("iterations = 80", f"iterations = {COMPILE_FROM - 1}")
    text = text.split("[[document]]")[0] + rows(("w", "0.5", COMPILE_FROM - 1))
    check_example(write(tmp_path, text))
    assert len(eager_steps) >= COMPILE_FROM - 1


def test_the_bundled_mazur_check_is_unchanged():
    # the 10,000-step example: the same report compiled and eager, 5 mismatches with their causes
    compiled, eager = check_example("mazur"), check_example("mazur", compiled=False)
    assert fingerprint(compiled) == fingerprint(eager)
    late = {r.number.name: r for r in compiled.rows if r.number.after == 10_000}
    assert late["E_total after 10,000 rounds"].diagnosis.startswith("off by one iteration")
    assert late["out_o1 after 10,000 rounds"].should_read == "0.015913620"
