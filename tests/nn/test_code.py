"""``stepgrad code`` prints the example's actual step (issues 22 and 24).

The printed function is executed here (in the namespace the compiler gave it: the parameters'
nodes, ``math``, the update rule) and its loss and updated parameters are compared, bit for bit,
with a step through the engine written out in this test: ``loss.backward()`` and then θ − η·g,
with momentum, frozen biases, mini-batches and cross-entropy as each example declares.
"""

from __future__ import annotations

import math
import re

import pytest

from autograd import topological_order
from nn.check import bundled_examples, load_example
from nn.check.checker import _softmax_shifts, example_code, example_steps
from nn.cli import main

MOMENTUM_BATCHES = """[example]
name = "batches"
[network]
kind = "mlp"
sizes = [2, 2, 1]
[data]
inputs = [[0.05, 0.10], [0.2, 0.3], [0.5, 0.1]]
targets = [[0.01], [0.5], [0.9]]
[training]
loss = "half_squared_error"
learning_rate = 0.5
momentum = 0.9
batch_size = 2
epochs = 2
[parameters]
"L1.N1.w1" = 0.15
"L1.N1.w2" = 0.2
"L1.N2.w1" = 0.25
"L1.N2.w2" = 0.3
"L2.N1.w1" = 0.4
"L2.N1.w2" = 0.45
"L2.N1.b" = 0.6
"""

CROSS_ENTROPY = """[example]
name = "softmax"
[network]
kind = "mlp"
sizes = [2, 3]
activation = "linear"
[data]
inputs = [[0.05, 0.10], [0.4, -0.2]]
targets = [[0, 1, 0], [1, 0, 0]]
reduction = "sum"
[training]
loss = "cross_entropy"
learning_rate = 0.1
[parameters]
"L1.N1.w1" = 0.15
"L1.N1.w2" = 0.2
"L1.N2.w1" = -0.25
"L1.N2.w2" = 0.3
"L1.N3.w1" = 0.5
"L1.N3.w2" = -0.1
"""

EXPRESSION_WITH_RATE = """[network]
kind = "expression"
[leaves]
w = 2.0
x = 3.0
[nodes]
f = "tanh(w * x - 5)"
[training]
learning_rate = 0.1
parameters = ["w"]
"""


def printed(capsys, example: str) -> str:
    assert main(["code", example]) == 0
    return capsys.readouterr().out


def run_printed(text: str, step, args: list[float]) -> float:
    """Execute the printed function, in the namespace the compiler gave it, and call it."""
    name = re.search(r"^def (\w+)\(", text, re.M).group(1)
    namespace = dict(step._last.variant("step").__globals__)
    exec(compile(text, "<printed>", "exec"), namespace)  # the code stepgrad printed, nothing else
    return namespace[name](*args)


def engine_step(example, batch: int, velocity: dict[str, float]) -> float:
    """One step through the engine, written out: backward, then SGD or momentum, frozen biases."""
    loss = example.loss(batch)
    loss.backward()
    frozen = set()
    if not example.rule.update_biases:
        frozen = {n.parents[-1] for n in topological_order(loss) if n.op == "wsum" and len(n.parents) % 2}
    if example.learning_rate > 0:
        for name, p in example.network.named_parameters():
            if p in frozen:
                continue
            v = example.rule.momentum * velocity.get(name, 0.0) + p.grad if example.rule.momentum else p.grad
            velocity[name] = v
            p.data = p.data - example.learning_rate * v
    for p in example.network.parameters():
        p.grad = 0.0
    return loss.data


def check_against_engine(capsys, source: str, epochs: int = 2) -> str:
    text = printed(capsys, source)
    ex = load_example(source)
    reference = load_example(source)
    steps = example_steps(ex)
    functions = re.findall(r"^def .*?(?=^# |\Z)", text, re.S | re.M)  # one per mini-batch
    assert len(functions) == len(steps) == ex.steps_per_epoch
    velocity: dict[str, float] = {}
    for _ in range(epochs):
        for b, ((_, step, args), code) in enumerate(zip(steps, functions)):
            if args:  # cross-entropy: each sample's largest output at this step's parameters
                args = _softmax_shifts(ex, b)
            ours = run_printed(code, step, args)
            theirs = engine_step(reference, b, velocity)
            assert ours == theirs
            assert ex.network.state() == reference.network.state()  # every parameter, bit for bit
    return text


@pytest.mark.parametrize("name", bundled_examples())
def test_code_runs_on_every_bundled_example_and_is_the_engines_step(capsys, name):
    text = check_against_engine(capsys, name)
    assert "Traceback" not in text and text.count("\ndef ") + text.startswith("def ") >= 1


def test_mazur_frozen_biases_are_not_updated(capsys):
    text = check_against_engine(capsys, "mazur")
    assert "biases not updated (update_biases = false): b1, b2" in text
    assert "w1_node._data = " in text and "b1_node._data = " not in text and "b2_node._data = " not in text


def test_an_expression_example_without_a_learning_rate_prints_forward_and_backward_only(capsys):
    text = check_against_engine(capsys, "cs231n-circuit")
    assert "forward and backward only" in text and "._data = " not in text.split("# backward")[-1]
    assert "dL_" in text or "_d" in text


def test_an_expression_example_with_a_learning_rate_prints_its_update(capsys, tmp_path):
    path = tmp_path / "rate.toml"
    path.write_text(EXPRESSION_WITH_RATE, encoding="utf-8")
    text = check_against_engine(capsys, str(path))
    assert "w_node._data = w - _lr * " in text and "x_node._data = " not in text


def test_momentum_and_mini_batches_are_printed_as_the_example_runs_them(capsys, tmp_path):
    path = tmp_path / "batches.toml"
    path.write_text(MOMENTUM_BATCHES, encoding="utf-8")
    text = check_against_engine(capsys, str(path), epochs=2)
    assert "def batches_step_batch1():" in text and "def batches_step_batch2():" in text
    assert "the loss over samples 1, 2 (mean" in text and "the loss over sample 3 (sum" in text
    assert "_v[0] = _mu * _v[0] + " in text and "momentum SGD: v ← 0.9·v + dL/dθ" in text


def test_cross_entropy_is_printed_with_each_samples_softmax_shift_as_an_argument(capsys, tmp_path):
    path = tmp_path / "softmax.toml"
    path.write_text(CROSS_ENTROPY, encoding="utf-8")
    text = check_against_engine(capsys, str(path))
    assert re.search(r"^def softmax_step\(\w+, \w+\):", text, re.M)  # two samples, two shifts
    assert "math.exp(" in text and "math.log(" in text


def test_code_leaves_the_example_as_loaded():
    ex = load_example("seed000")
    before = ex.network.state()
    example_code(ex)
    assert ex.network.state() == before and all(p.grad == 0.0 or math.isfinite(p.grad)
                                                for p in ex.network.parameters())
