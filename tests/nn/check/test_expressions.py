"""Worked examples of every kind: expression graphs, per-output errors, softmax, batches, momentum,
the precision rule, the bundled real examples and `stepgrad check --list`.

Expected numbers are the sources' printed numbers (CS231n, micrograd, Mazur) or closed forms
written out here, never the engine's own output.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from nn.check import ExampleError, agrees, check_example, format_report, load_example, parse_printed
from nn.cli import main


def write(tmp_path: Path, text: str, name: str = "ex.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CIRCUIT = """[network]
kind = "expression"
[leaves]
x = -2
y = 5
z = -4
[nodes]
q = "x + y"
f = "q * z"
"""


def rows(*pairs: tuple[str, str]) -> str:
    return "".join(f'\n[[document]]\nquantity = "{q}"\nvalue = "{v}"\n' for q, v in pairs)


# ---- the precision rule ----------------------------------------------------------------------------
def test_full_float_precision_matches_within_a_few_ulps():
    assert agrees(parse_printed("0.7071067811865476"), math.sqrt(0.5))
    assert agrees(parse_printed("0.7071067811865476"), math.nextafter(math.sqrt(0.5), 0))  # 1 ulp off
    assert agrees(parse_printed("0.4999999999999999"), 0.5)
    assert agrees(parse_printed("0.24606371182002884"), 0.24606371182002884)
    assert not agrees(parse_printed("0.7071067811865476"), math.sqrt(0.5) + 1e-13)


def test_a_full_precision_number_is_shown_and_subtracted_in_full(tmp_path):
    # b - 6 is 0.8813735870195432 in floating point; cut to 12 digits it would differ by 4.6e-13
    path = tmp_path / "n.toml"
    path.write_text('[network]\nkind = "expression"\n[leaves]\nb = 6.8813735870195432\n'
                    '[nodes]\nn = "b - 6"\n' + rows(("n", "0.8813735870195432")), encoding="utf-8")
    (row,) = check_example(path).rows
    assert row.verdict == "match" and row.difference == 0
    assert "0.8813735870195432  0.8813735870195432  0.8813735870195432" in format_report(check_example(path))


def test_a_bare_integer_is_exact_and_an_approximate_one_is_rounded():
    assert not agrees(parse_printed("1"), 0.5647)  # a placeholder must not pass
    assert agrees(parse_printed("≈ 1"), 0.5647)
    assert agrees(parse_printed("-12"), -12.0) and agrees(parse_printed("3"), 3.0000000000000004)
    assert not agrees(parse_printed("3"), 3.001)


@pytest.mark.parametrize("text", ["1e-999999999", "1" * 60, "1e400"])
def test_absurd_printed_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_printed(text)


# ---- expression examples -----------------------------------------------------------------------------
def test_expression_circuit_every_value_and_derivative(tmp_path):
    # f = (x + y)·z: q = 3, f = −12, df/dz = q = 3, df/dq = z = −4, df/dx = df/dy = −4, dq/dx = 1
    text = CIRCUIT + rows(("q", "3"), ("f", "-12"), ("df/dz", "3"), ("df/dq", "-4"), ("df/dx", "-4"),
                          ("df/dy", "-4"), ("dq/dx", "1"), ("dq/dz", "0"))
    report = check_example(write(tmp_path, text))
    assert report.ok, format_report(report)
    assert [r.number.kind or "" for r in report.rows][0] == ""  # kind is optional


def test_expression_update_steps_change_only_the_parameters(tmp_path):
    # f = x·y, parameters [x]: one step x ← x − η·y = 3 − 0.1·4 = 2.6; y stays 4; f = 10.4
    text = """[network]
kind = "expression"
[leaves]
x = 3
y = 4
[nodes]
f = "x * y"
[training]
parameters = ["x"]
learning_rate = 0.1
iterations = 1
""" + rows(("x", "3")) + '\n[[document]]\nquantity = "x"\nvalue = "2.6"\nafter = 1\n' \
        + '\n[[document]]\nquantity = "f"\nvalue = "10.4"\nafter = 1\n' \
        + '\n[[document]]\nquantity = "y"\nvalue = "4"\nafter = 1\n'
    report = check_example(write(tmp_path, text))
    assert report.ok, format_report(report)


@pytest.mark.parametrize("nodes, words", [
    ('f = "q * x"\nq = "x + y"', "'q' is used before it is defined"),
    ('q = "q + 1"', "a cycle"),
    ('q = "__import__(\'os\')"', "unknown function '__import__'"),
    ('q = "x.__class__"', "not allowed"),
    ('q = "sinh(x)"', "unknown function 'sinh'"),
    ('q = "nope + 1"', "unknown name 'nope'"),
    ('q = "x ** y"', "exponent"),
    ('q = "max(x)"', "max takes 2 arguments"),
    ('q = "[x for x in y]"', "not allowed"),
    ('q = 3', "must be a string"),
])
def test_bad_expressions_exit_2_with_one_line(tmp_path, capsys, nodes, words):
    text = f'[network]\nkind = "expression"\n[leaves]\nx = 1\ny = 2\n[nodes]\n{nodes}\n' + rows(("x", "1"))
    path = write(tmp_path, text)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "line " in err and "\n" not in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "graph"])
def test_an_expression_with_nothing_to_compute_says_what_to_write(tmp_path, capsys, command):
    path = write(tmp_path, '[network]\nkind = "expression"\n')
    assert main([command, str(path), *(["-o", str(tmp_path / "g.svg")] if command == "graph" else [])]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "line 2" in err and "nothing to compute" in err
    assert "[leaves] table (x = 0.5)" in err and "[nodes] table" in err
    assert not (tmp_path / "g.svg").exists()


def test_expression_functions_and_their_gradients(tmp_path):
    # s = sigmoid(0.5), r = relu(-1), m = max(2, 3), a = abs(-2), t = tanh(0.5)·log(2)
    s = 1 / (1 + math.exp(-0.5))
    text = """[network]
kind = "expression"
[leaves]
x = 0.5
y = -1
[nodes]
s = "sigmoid(x)"
r = "relu(y)"
m = "max(x, y)"
a = "abs(y)"
t = "tanh(x) * log(2)"
u = "s + r + m + a + t + min(x, y) + exp(y)"
"""
    grad_x = s * (1 - s) + 1 + (1 - math.tanh(0.5) ** 2) * math.log(2)
    grad_y = 0 - 1 + 1 + math.exp(-1)  # relu'(−1) = 0, |y|' = −1, min → y, exp
    report = check_example(write(tmp_path, text + rows(("du/dx", repr(grad_x)), ("du/dy", repr(grad_y)))))
    assert report.ok, format_report(report)


def test_an_operation_from_define_op_is_a_function_of_the_language(tmp_path):
    from autograd import define_op

    define_op("check_cube", forward=lambda x: x**3, derivatives=lambda x, out: (3 * x * x,))
    # c = check_cube(2) = 8, dc/dx = 3·2² = 12
    text = '[network]\nkind = "expression"\n[leaves]\nx = 2\n[nodes]\nc = "check_cube(x)"\n'
    report = check_example(write(tmp_path, text + rows(("c", "8"), ("dc/dx", "12"))))
    assert report.ok, format_report(report)


# ---- the bundled real examples ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cs231n-circuit", "cs231n-neuron", "micrograd-readme"])
def test_bundled_real_examples_match_everywhere(name, capsys):
    assert main(["check", name]) == 0
    assert "numbers match." in capsys.readouterr().out


def test_micrograd_readme_numbers():
    rows_ = {r.number.name: r for r in check_example("micrograd-readme").rows}
    assert rows_["g.data"].printed.value == parse_printed("24.7041").value
    assert round(rows_["a.grad"].engine, 4) == 138.8338 and round(rows_["b.grad"].engine, 4) == 645.5773


def test_mazur_exits_1_and_names_its_mismatches(capsys):
    assert main(["check", "mazur", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    by_name = {r["name"]: r for r in doc["rows"]}
    assert by_name["E_o1"]["verdict"] == "match" and by_name["E_o2"]["verdict"] == "match"
    assert by_name["dE_o1/dout_h1"]["verdict"] == "match"  # 0.055399425, a per-output error's derivative
    assert by_name["dE_total/dout_h1"]["verdict"] == "match"
    assert "off by one iteration" in by_name["E_total after 10,000 rounds"]["diagnosis"]
    assert by_name["E_total after the first round"]["verdict"] == "mismatch"
    assert doc["summary"]["mismatches"] >= 4 and doc["summary"]["ok"] is False


def test_check_list_names_every_bundled_example(capsys):
    assert main(["check", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("cs231n-circuit", "cs231n-neuron", "micrograd-readme", "mazur", "seed000"):
        assert name in out
    assert "Mazur" in out


# ---- templates: per-output errors, cross-entropy, batches, momentum, no biases ---------------------
MLP = """[network]
kind = "mlp"
sizes = [2, 2]
activation = "linear"
{net}
[data]
inputs = {inputs}
targets = {targets}
{data}
[parameters]
"L1.N1.w1" = 0.1
"L1.N1.w2" = 0.2
"L1.N2.w1" = -0.3
"L1.N2.w2" = 0.4
[training]
loss = "{loss}"
learning_rate = 0.5
{training}
"""


def mlp(tmp_path, loss="half_squared_error", inputs="[1.0, 2.0]", targets="[1.0, 0.0]", net="biases = false",
        data="", training="", extra=""):
    text = MLP.format(net=net, inputs=inputs, targets=targets, data=data, loss=loss, training=training)
    text += extra
    return write(tmp_path, text)


def test_per_output_errors_are_nodes(tmp_path):
    # z1 = 0.1 + 0.4 = 0.5, z2 = −0.3 + 0.8 = 0.5; E_o1 = ½(1 − 0.5)² = 0.125, E_o2 = ½(0.5)² = 0.125
    # dE_o1/dz1 = −(1 − 0.5) = −0.5; dE_o2/dz1 = 0
    path = mlp(tmp_path, extra=rows(("E_o1", "0.125"), ("E_o2", "0.125"), ("E_total", "0.25"),
                                    ("dE_o1/dL1.N1.z", "-0.5"), ("dE_o2/dL1.N1.z", "0")))
    report = check_example(path)
    assert report.ok, format_report(report)


def test_cross_entropy_with_softmax(tmp_path):
    # z = (0.5, 0.5): p = (½, ½); L = −log ½ = log 2; dL/dz1 = p1 − 1 = −0.5
    path = mlp(tmp_path, loss="cross_entropy",
               extra=rows(("p_o1", "0.5"), ("L", repr(math.log(2))), ("dL/dL1.N1.z", "-0.5")))
    report = check_example(path)
    assert report.ok, format_report(report)


def test_batch_mean_and_sum(tmp_path):
    # second sample x = (0, 1), t = (0, 0): z = (0.2, 0.4), loss ½(0.04 + 0.16) = 0.1; first: 0.25
    for reduction, total in (("mean", 0.175), ("sum", 0.35)):
        path = mlp(tmp_path, inputs="[[1.0, 2.0], [0.0, 1.0]]", targets="[[1.0, 0.0], [0.0, 0.0]]",
                   data=f'reduction = "{reduction}"',
                   extra=rows(("L", repr(total)), ("L[2]", "0.1"), ("L1.N1.z[2]", "0.2")))
        report = check_example(path)
        assert report.ok, format_report(report)


def test_momentum_sgd(tmp_path):
    # f = w² at w = 1, η = 0.1, μ = 0.9: g0 = 2, v1 = 2, w1 = 0.8; g1 = 1.6, v2 = 0.9·2 + 1.6 = 3.4,
    # w2 = 0.8 − 0.34 = 0.46
    text = """[network]
kind = "expression"
[leaves]
w = 1
[nodes]
f = "w ** 2"
[training]
parameters = ["w"]
learning_rate = 0.1
momentum = 0.9
iterations = 2
""" + '\n[[document]]\nquantity = "w"\nvalue = "0.8"\nafter = 1\n' \
        + '\n[[document]]\nquantity = "w"\nvalue = "0.46"\nafter = 2\n'
    report = check_example(write(tmp_path, text))
    assert report.ok, format_report(report)


def test_biases_false_keeps_them_at_zero_and_says_nothing_about_them(tmp_path):
    ex = load_example(mlp(tmp_path))
    assert not any(".b" in a for a in ex.assumptions)
    assert all(p.data == 0.0 for n, p in ex.network.named_parameters() if n.endswith(".b"))


def test_an_assumption_is_pointed_at_when_every_number_differs(tmp_path):
    # biases left out (taken as 0) while the document used some: every number differs
    path = mlp(tmp_path, net="", extra=rows(("L1.N1.z", "0.9"), ("L1.N2.z", "0.8")))
    report = check_example(path)
    assert not any(r.verdict == "match" for r in report.rows)
    assert report.notes and "assumed" in report.notes[0] and "L1.N1.b" in report.notes[0]


def test_json_is_valid_when_the_engine_diverges(tmp_path, capsys):
    # f = w², η = 10: w ← w − 20·w = −19·w grows to inf within 250 steps
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
""" + '\n[[document]]\nquantity = "w"\nvalue = "1"\nafter = 300\n'
    code = main(["check", str(write(tmp_path, text)), "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1 and "Infinity" not in out and "NaN" not in out
    json.loads(out)


def test_ansi_escapes_in_names_do_not_reach_the_terminal(tmp_path, capsys):
    text = CIRCUIT + '\n[[document]]\nname = "\\u001b[31mred"\nquantity = "q"\nvalue = "4"\n'
    assert main(["check", str(write(tmp_path, text))]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mred" in out


# ---- diagnoses that recompute the forward pass or the whole chain rule -----------------------------
FORWARD = """[network]
kind = "expression"
[leaves]
x = 0.123456
y = 3
[nodes]
q = "x * y"
f = "q * q"
"""


def test_a_wrong_value_is_inherited_through_the_forward_pass(tmp_path):
    # q = 0.370368 printed 0.38 (wrong); f = 0.38² = 0.1444 follows from it, the exact f is 0.137172...
    report = check_example(write(tmp_path, FORWARD + rows(("q", "0.38"), ("f", "0.1444"))))
    q, f = report.rows
    assert q.verdict == f.verdict == "mismatch"
    assert f.diagnosis == "inherits the error of the earlier q = 0.38"


def test_a_rounded_value_carried_through_the_forward_pass(tmp_path):
    # q = 0.370368 printed 0.37 (right at 2 decimals); f = 0.37² = 0.1369, exact 0.1371725... → 0.1372
    report = check_example(write(tmp_path, FORWARD + rows(("q", "0.37"), ("f", "0.1369"))))
    assert report.rows[0].verdict == "match"
    assert report.rows[1].diagnosis.startswith("carried from an earlier rounded number: it is what q = 0.37")


def test_mazur_rounds_its_intermediates():
    rows_ = {r.number.name: r for r in check_example("mazur").rows}
    row = rows_["dE_o2/dout_h1"]
    assert row.verdict == "mismatch" and row.should_read == "-0.019049118"
    assert [c.kind for c in row.causes] == ["rounded-steps"]
    first = rows_["E_total after the first round"]
    assert first.should_read == "0.291027774"
    assert [c.kind for c in first.causes] == ["updated-weights"]


def test_biases_frozen_is_a_diagnosis(tmp_path, mazur_head):
    # Mazur's 2-2-2 network declared with update_biases = true, while the printed loss after one step
    # (0.291027774, computed with frozen biases) is the frozen-bias value
    head = mazur_head.replace("update_biases = false", "update_biases = true")
    text = head + '\n[[document]]\nquantity = "E_total"\nvalue = "0.291027774"\nafter = 1\n'
    row = check_example(write(tmp_path, text)).rows[0]
    assert row.verdict == "mismatch" and "biases frozen" in row.diagnosis


EPOCHS = """[network]
kind = "mlp"
sizes = [1, 1]
activation = "linear"
biases = false
[data]
inputs = [[1.0], [2.0]]
targets = [[1.0], [0.0]]
[parameters]
"L1.N1.w1" = 0.5
[training]
loss = "half_squared_error"
learning_rate = 0.1
batch_size = 1
epochs = 2
"""


def test_epochs_of_per_sample_steps(tmp_path):
    # y = w·x, ½(y − t)². Step 1, sample 1: y = 0.5, dL/dw = (0.5 − 1)·1 = −0.5, w = 0.55.
    # Step 2, sample 2: y = 1.1, L[2] = ½·1.21 = 0.605, dL/dw = 1.1·2 = 2.2, w = 0.55 − 0.22 = 0.33.
    # Epoch 2, step 3, sample 1: y = 0.33, dL/dw = −0.67, w = 0.397; step 4: y = 0.794, dL/dw =
    # 1.588, w = 0.397 − 0.1588 = 0.2382.
    text = EPOCHS + (
        '\n[[document]]\nquantity = "L[2]"\nvalue = "0.605"\nafter = 1\n'
        '\n[[document]]\nquantity = "L1.N1.w1"\nvalue = "0.33"\nepoch = 1\n'
        '\n[[document]]\nquantity = "L1.N1.w1"\nvalue = "0.2382"\nepoch = 2\n'
        '\n[[document]]\nquantity = "dL/dL1.N1.w1"\nvalue = "-0.5"\n'
    )
    report = check_example(write(tmp_path, text))
    assert report.ok, format_report(report)
    assert load_example(write(tmp_path, text)).rule.iterations == 4


def test_a_sample_outside_the_steps_mini_batch_is_an_error(tmp_path):
    text = EPOCHS + '\n[[document]]\nquantity = "L[2]"\nvalue = "0.605"\n'
    with pytest.raises(ExampleError, match="mini-batch is sample 1"):
        check_example(write(tmp_path, text))


def test_epochs_and_iterations_together_are_an_error(tmp_path):
    with pytest.raises(ExampleError, match="both epochs and iterations"):
        load_example(write(tmp_path, EPOCHS + "iterations = 3\n"))


def test_a_tanh_neuron_without_a_loss_at_full_float_precision(tmp_path):
    # The micrograd lecture's neuron: o = tanh(x1·w1 + x2·w2 + b), gradients of the output o (no loss).
    # The "document" is plain Python floats printed with repr (full precision), computed in another
    # order than the engine: o = 0.7071067811865476, do/dn = 1 − o² = 0.4999999999999999, ...
    b = 6.8813735870195432
    n = (2.0 * -3.0 + 0.0 * 1.0) + b
    o = math.tanh(n)
    dn = 1 - o * o
    text = f"""[network]
kind = "expression"
[leaves]
x1 = 2.0
x2 = 0.0
w1 = -3.0
w2 = 1.0
b = {b!r}
[nodes]
n = "x1*w1 + x2*w2 + b"
o = "tanh(n)"
""" + rows(("o", repr(o)), ("do/dn", repr(dn)), ("do/dx1", repr(-3.0 * dn)), ("do/dw1", repr(2.0 * dn)),
           ("do/dx2", repr(1.0 * dn)), ("do/dw2", repr(0.0 * dn)))
    report = check_example(write(tmp_path, text))
    assert report.ok, format_report(report)
    assert all(len(r.printed.value.as_tuple().digits) >= 15 for r in report.rows[:5])  # full precision
    # micrograd's own o = (e^2n − 1)/(e^2n + 1) prints 0.7071067811865476, one ulp from tanh's
    assert agrees(parse_printed("0.7071067811865476"), report.rows[0].engine)


def test_a_long_run_keeps_only_the_states_printed_numbers_need():
    from nn.check.checker import Convention, Quantity, Run

    ex = load_example("mazur")
    run = Run(ex, Convention(update_biases=False), ex.network.state(), keep={0, 1, 2})
    late = run.value(Quantity("L"), 3000)
    assert sorted(run.states) == [0, 1, 2, 3000]  # not 3,001 states
    assert late == pytest.approx(run.value(Quantity("L"), 3000))
    assert run.value(Quantity("L"), 2999) > late  # recomputed from step 2, the last kept before it
