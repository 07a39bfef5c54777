"""The code a document writes, read by a safe interpreter (nn/check/reader/interpreter.py and its
helpers code_library, code_outputs, code_graph): values, gradients, loops of updates, what is not
read, hostile code. The truth of every number is recomputed here in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document
from nn.check.reader.code_graph import read_code

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (printed, quantity, verdict) of every number checked, in every example."""
    return lambda path: [(str(r["document"]), r["quantity"], r["verdict"])
                         for r in row_dicts(check_document(path), "number")]


@pytest.fixture
def listed(not_checked):
    """``listed(path)``: (text, reason) of every number listed as not checked, in every example."""
    return lambda path: [(text, reason) for _, text, reason in not_checked(check_document(path))]


def test_a_pytorch_sgd_loop_is_checked_step_by_step_and_a_wrong_number_is_flagged(
        document_file, checked):
    x, y, w, b, lr = 2.0, 7.0, 0.5, 0.1, 0.05  # the truth, in plain Python
    lines = []
    for step in range(3):
        y_hat = w * x + b
        loss, dw, db = (y_hat - y) ** 2, 2 * (y_hat - y) * x, 2 * (y_hat - y)
        lines.append(f"step {step}: loss = {loss:.4f}, dw = {dw:.4f}")
        w, b = w - lr * dw, b - lr * db
    wrong = f"{w + 0.01:.4f}"  # the last weight printed wrong
    text = ("# Two parameters, three steps\n\n```python\nimport torch\nx, y = 2.0, 7.0\n"
            "w = torch.tensor(0.5, requires_grad=True)\nb = torch.tensor(0.1, requires_grad=True)\n"
            "lr = 0.05\n"
            "for step in range(3):\n    y_hat = w * x + b\n    loss = (y_hat - y) ** 2\n    loss.backward()\n"
            "    print(f\"step {step}: loss = {loss.item():.4f}, dw = {w.grad.item():.4f}\")\n"
            "    with torch.no_grad():\n        w -= lr * w.grad\n        b -= lr * b.grad\n"
            "    w.grad.zero_()\n    b.grad.zero_()\nprint(w, b)\n```\n\n```\n" + "\n".join(lines)
            + f"\ntensor({wrong}, requires_grad=True) tensor({b:.4f}, requires_grad=True)\n```\n")
    rows = checked(document_file(text))
    assert [(printed, verdict) for printed, _, verdict in rows] == [
        (lines[0].split()[4].rstrip(","), "match"), (lines[0].split()[-1], "match"),
        (lines[1].split()[4].rstrip(","), "match"), (lines[1].split()[-1], "match"),
        (lines[2].split()[4].rstrip(","), "match"), (lines[2].split()[-1], "match"),
        (wrong, "mismatch"), (f"{b:.4f}", "match")]
    assert [q for _, q, _ in rows][:2] == ["loss", "dloss/dw"]  # a printed .grad is the derivative
    assert rows[3][1] == "dloss_2/dw_2"  # after the update: the new version of w, the new loss


def test_gradients_accumulate_over_two_backward_calls_until_zeroed(notebooks, tmp_path, checked):
    g = 2 * 3 * (3 * 1.5)  # d/dw (3w)² at w = 1.5
    code = ("import torch\nw = torch.tensor(1.5, requires_grad=True)\ny1 = (w * 3) ** 2\ny1.backward()\n"
            "print(w.grad)\ny2 = (w * 3) ** 2\ny2.backward()\nprint(w.grad)\nw.grad.zero_()\n"
            "y3 = (w * 3) ** 2\ny3.backward()\nprint(w.grad)")
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(
        f"tensor({g:.4f})\ntensor({2 * g:.4f})\ntensor({g + 1:.4f})\n")]))
    assert [(p, v) for p, _, v in checked(path)] == [(f"{g:.4f}", "match"), (f"{2 * g:.4f}", "match"),
                                                   (f"{g + 1:.4f}", "mismatch")]


def test_a_tensorflow_tape_gives_gradients_and_a_nested_tape_second_derivatives(
        notebooks, tmp_path, checked):
    w1, w2 = 5.0, 3.0  # z = 3 w1² + 2 w1 w2 + sin(w2)
    dz1, dz2 = 6 * w1 + 2 * w2, 2 * w1 + math.cos(w2)
    d2 = [6.0, 2.0, 2.0, -math.sin(w2)]

    def tensor(v: float) -> str:
        return f"<tf.Tensor: shape=(), dtype=float32, numpy={v!r}>"
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("import tensorflow as tf\n\ndef f(w1, w2):\n    return 3 * w1 ** 2 + 2 * w1 * w2 + "
                         "tf.sin(w2)\n\nw1, w2 = tf.Variable(5.), tf.Variable(3.)"),
        v4.new_code_cell("with tf.GradientTape() as tape:\n    z = f(w1, w2)\ntape.gradient(z, [w1, w2])",
                         outputs=[notebooks.result(f"[{tensor(dz1)},\n {tensor(round(dz2, 6))}]")]),
        v4.new_code_cell("with tf.GradientTape(persistent=True) as outer:\n"
                         "    with tf.GradientTape() as inner:\n"
                         "        z = f(w1, w2)\n    j = inner.gradient(z, [w1, w2])\n"
                         "h = [outer.gradient(g, [w1, w2]) for g in j]\nh",
                         outputs=[notebooks.result(f"[[{tensor(d2[0])}, {tensor(d2[1])}], [{tensor(d2[2])}, "
                                          f"{tensor(round(d2[3], 6))}]]")]),
    )
    rows = checked(path)
    assert [(p, v) for p, _, v in rows] == [(repr(dz1), "match"), (repr(round(dz2, 6)), "match"),
                                            *[(repr(round(d, 6)), "match") for d in d2]]
    assert rows[0][1] == "dz/dw1"


def test_jax_grad_argnums_value_and_grad_higher_order_and_jvp(notebooks, tmp_path, checked):
    x, y = 2.0, 3.0  # f = x² y + exp(x / y)
    f = x * x * y + math.exp(x / y)
    fx, fy = 2 * x * y + math.exp(x / y) / y, x * x - x / y ** 2 * math.exp(x / y)
    fxx = 2 * y + math.exp(x / y) / y ** 2
    code = ("import jax\nimport jax.numpy as jnp\nfrom jax import grad, value_and_grad, jvp\n\n"
            "def f(x, y):\n    return x * x * y + jnp.exp(x / y)\n\n"
            "print(grad(f)(2., 3.))\nprint(grad(f, argnums=1)(2., 3.))\nv, g = value_and_grad(f)(2., 3.)\n"
            "print(v, g)\nprint(grad(grad(f))(2., 3.))\nprimal, tangent = jvp(f, (2., 3.), (0., 1.))\n"
            "print(tangent)")
    out = f"{fx:.6f}\n{fy:.6f}\n{f:.5f} {fx:.5f}\n{fxx:.6f}\n{fy + 0.5:.6f}\n"  # the jvp printed wrong
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(out)])))
    assert [(p, v) for p, _, v in rows] == [(f"{fx:.6f}", "match"), (f"{fy:.6f}", "match"),
                                            (f"{f:.5f}", "match"), (f"{fx:.5f}", "match"),
                                            (f"{fxx:.6f}", "match"), (f"{fy + 0.5:.6f}", "mismatch")]
    assert rows[0][1].startswith("d") and "/dx" in rows[0][1]


def test_a_custom_jvp_rule_is_what_the_code_differentiates_by(notebooks, tmp_path, checked):
    """The rule says 2·ẋ (not cos x): grad prints 2.0 and that is right for this code; no false alarm."""
    code = ("import jax.numpy as jnp\nfrom jax import custom_jvp, grad\n\n@custom_jvp\ndef f(x):\n"
            "    return jnp.sin(x)\n\n@f.defjvp\ndef f_jvp(primals, tangents):\n    x, = primals\n"
            "    x_dot, = tangents\n    return f(x), 2 * x_dot\n\nprint(f(1.))\nprint(grad(f)(1.))")
    printed = notebooks.stdout(f"{math.sin(1):.6f}\n2.0\n")
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[printed])))
    assert [(p, v) for p, _, v in rows] == [(f"{math.sin(1):.6f}", "match"), ("2.0", "match")]


def test_jvp_of_a_function_with_one_rule_per_argument(notebooks, tmp_path, checked):
    """``f.defjvps(rule_x, rule_y)``: jvp's value is f's, its tangent the rules at their tangents
    (here the honest derivative y·cos x along x plus sin x along y), in float32."""
    x, y, dx, dy = 0.7, 2.5, 1.0, 0.5
    value, tangent = math.sin(x) * y, math.cos(x) * dx * y + math.sin(x) * dy
    code = ("import jax.numpy as jnp\nfrom jax import custom_jvp, jvp\n\n@custom_jvp\ndef f(x, y):\n"
            "    return jnp.sin(x) * y\n\nf.defjvps(lambda x_dot, out, x, y: jnp.cos(x) * x_dot * y,\n"
            "          lambda y_dot, out, x, y: jnp.sin(x) * y_dot)\n"
            f"v, t = jvp(f, ({x}, {y}), ({dx}, {dy}))\nprint(v)\nprint(t)")
    printed = notebooks.stdout(f"{value:.6f}\n{tangent + 0.01:.6f}\n")
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[printed])))
    assert [(p, v) for p, _, v in rows] == [(f"{value:.6f}", "match"), (f"{tangent + 0.01:.6f}", "mismatch")]


def test_a_doctest_readme_with_hips_autograd(document_file, checked):
    t = math.tanh(0.7)
    text = ("```python\n>>> import autograd.numpy as np\n>>> from autograd import grad\n>>> def tanh(x):\n"
            "...     y = np.exp(-2.0 * x)\n...     return (1.0 - y) / (1.0 + y)\n>>> grad(tanh)(0.7)\n"
            f"np.float64({1 - t * t!r})\n>>> tanh(0.7)\n{t + 1e-3!r}\n```\n")
    rows = checked(document_file(text))
    assert [(p, v) for p, _, v in rows] == [(repr(1 - t * t), "match"), (repr(t + 1e-3), "mismatch")]


def test_values_stated_in_trailing_comments_are_claims(document_file, checked):
    text = ("```python\nimport torch\nw = torch.tensor(2.0, requires_grad=True)\nx = torch.tensor(4.0)\n"
            "y = torch.sigmoid(w * x - 7)\nprint(y)  # tensor(0.7311, grad_fn=<SigmoidBackward0>)\n"
            "y.backward()\nprint(w.grad)  # tensor(0.7865)\n```\n")
    s = 1 / (1 + math.exp(-1.0))
    assert f"{s:.4f}" == "0.7311" and f"{s * (1 - s) * 4:.4f}" == "0.7864"
    rows = checked(document_file(text))
    assert [(p, q, v) for p, q, v in rows] == [("0.7311", "y", "match"), ("0.7865", "dy/dw", "mismatch")]


def test_unknown_calls_are_listed_with_their_line_never_guessed(notebooks, tmp_path, checked, listed):
    code = ("import torch\nw = torch.randn(())\nx = torch.tensor(2.0)\ny = w * x\nprint(y)\nprint(x * 3)")
    printed = notebooks.stdout("tensor(0.1234)\ntensor(6.)\n")
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[printed]))
    assert [(p, v) for p, _, v in checked(path)] == [("6.", "match")]
    assert [(t, r) for t, r in listed(path) if t == "0.1234"] == [
        ("0.1234", "depends on torch.randn in cell 1 code, line 2")]


def test_an_output_that_does_not_line_up_is_listed_not_paired(notebooks, tmp_path, checked, listed):
    code = "a = 2.0\nb = a * 3\nprint(a, b)"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout("2.0 6.0 7.0\n")]))
    assert checked(path) == []
    assert {r for _, r in listed(path)} == {
        "the output shows 3 numbers where the code prints 2 values: not paired"}


@pytest.mark.parametrize("code", [
    "__import__('os').system('touch PWNED')\nx = 1.0\nprint(x * 2)",
    "import os\nos.system('touch PWNED')\nx = 1.0\nprint(x * 2)",
    "x = 1.0\nfor i in range(10**12):\n    x = x * 1.0\nprint(x * 2)",
    "x = 1.0\nwhile True:\n    x = x + 1.0\nprint(x * 2)",
    "x = 1.0\ny = ().__class__.__bases__[0].__subclasses__()\nprint(x * 2)",
    "x = 1.0\n" + "y = " + "(" * 90 + "x" + ")" * 90 + "\nprint(y * 2)",
    "def f(n):\n    return f(n)\nx = 1.0\nprint(f(x))",
    "x = 1.0\nexec('x = 5')\neval('1')\nopen('PWNED', 'w')\nprint(x * 2)",
])
def test_hostile_code_gives_a_report_and_runs_nothing(notebooks, tmp_path, code, monkeypatch, capsys):
    from nn.cli import main

    monkeypatch.chdir(tmp_path)
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout("2.0\n")]))
    status = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert not (tmp_path / "PWNED").exists()
    assert "Traceback" not in out + err
    if status == 2:  # nothing read: one line naming the file
        assert len(err.strip().splitlines()) == 1 and str(path) in err
    else:  # the printed 2.0 is checked (it is x * 2) or listed with why, never dropped
        assert status in (0, 1) and "2.0" in out and "mismatch" not in out


def test_deeply_nested_code_is_one_line_and_exit_2_or_a_report(notebooks, tmp_path, capsys):
    from nn.cli import main

    code = "x = " + "-" * 100_000 + "1.0\nprint(x)"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout("1.0\n")]))
    status = main(["check", str(path)])
    err = capsys.readouterr().err
    assert status in (0, 1, 2) and "Traceback" not in err and len(err.strip().splitlines()) <= 1


def test_the_code_graph_is_a_worked_example_extract_and_graph_use(document_file):
    from nn.check.reader import extract_document
    from nn.check.reader.reading import document_example

    text = "```python\nx = 3.0\ny = x * x + 1\nprint(y)\n```\n\n```\n10.0\n```\n"
    path = document_file(text)
    code = read_code(text)
    assert code is not None and code.setup["leaves"] == {"x": 3.0} and code.setup["nodes"] == {
        "y": "(x * x) + 1.0"}
    assert "[[document]]" in extract_document(path)
    assert document_example(path).graph().data == 10.0


def test_reading_code_takes_time_linear_in_its_length(time_ratio):
    def make(n: int) -> str:
        body = "".join(f"w = w - 0.01 * (w * {k % 7 + 1}.0 - 1.0)\nprint(w)\n" for k in range(n))
        outs = "\n".join("0.5" for _ in range(n))
        return f"```python\nw = 0.5\n{body}```\n\n```\n{outs}\n```\n"
    ratio = time_ratio(read_code, make(400), make(800))
    assert ratio < 3.2, f"doubling the code multiplied the time by {ratio:.1f}"


def test_an_extension_adds_a_value_type_element_by_element(notebooks, tmp_path, checked):
    """The extension point the array reader uses: a two-element array made by ``np.array``."""
    from autograd import Value
    from nn.check.reader.interpreter import EXTENSIONS, Extension, Scalar, scalar_op

    class Pair:
        def __init__(self, items):
            self.items = items

    class PairExtension(Extension):
        def construct(self, function, args, keywords):
            if function.endswith(".array") and isinstance(args[0], list) and len(args[0]) == 2:
                items = [x if isinstance(x, Scalar) else Scalar(Value(float(x))) for x in args[0]]
                for k, x in enumerate(items):
                    self.interpreter.hint(x, f"x_{k}")
                return Pair(items)
            return NotImplemented

        def operate(self, op, operands):
            if op in ("add", "mul") and any(isinstance(o, Pair) for o in operands):
                rows = [o.items if isinstance(o, Pair) else [o, o] for o in operands]
                return Pair([scalar_op(op, list(pair)) for pair in zip(*rows)])
            return NotImplemented

        def elements(self, value):
            return value.items if isinstance(value, Pair) else None

    code = "import numpy as np\nx = np.array([1.5, 2.0])\ny = x * x + 1.0\nprint(y)"
    printed = f"[{1.5 ** 2 + 1} {2.0 ** 2 + 1.5}]\n"  # the second printed wrong
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]))
    extension = PairExtension()
    EXTENSIONS.append(extension)
    try:
        assert [(p, v) for p, _, v in checked(path)] == [("3.25", "match"), ("5.5", "mismatch")]
    finally:
        EXTENSIONS.remove(extension)


def test_output_comments_and_arithmetic_of_constants_are_checked(document_file, checked):
    z = 0.15 * 0.05 + 0.2 * 0.1 + 0.35
    a = 1 / (1 + math.exp(-z))
    text = ("```python\nimport numpy as np\nz = 0.15 * 0.05 + 0.2 * 0.1 + 0.35\nprint(z)\n"
            f"# Output: {z:.4f}\na = 1 / (1 + np.exp(-z))\nprint(round(a, 6))\n"
            f"# Output: {a + 2e-6:.6f}\n```\n")
    rows = checked(document_file(text))
    assert [(p, q, v) for p, q, v in rows] == [(f"{z:.4f}", "z", "match"),
                                               (f"{a + 2e-6:.6f}", "a", "mismatch")]


def test_a_tensor_changed_under_another_name_is_not_guessed(document_file, checked, listed):
    text = ("```python\nimport torch\nx = torch.tensor(1.0)\ny = x\nx += 1\nprint(y, x)\n```\n\n"
            "```\ntensor(2.) tensor(2.)\n```\n")
    path = document_file(text)
    assert [(p, q, v) for p, q, v in checked(path)] == [("2.", "x_2", "match")]  # x = 1 + 1: x's 2nd value
    assert [r for t, r in listed(path)] == [
        "depends on x changed in place or not (another name for it) at line 5"]


_SNIPPETS = [
    "x = 1.0", "y = x * 2", "for i in range(10**30): pass", "for i in range(-5, 5, 0): pass",
    "z = [1, 2][5]",
    "a = {'k': 1}", "b = a['k']", "c = x ** x", "e = 10 ** 400", "f = 1 / 0", "h = -x", "import torch",
    "t = torch.tensor(float('nan'))", "w = torch.tensor(2.0, requires_grad=True)", "q = (w * w).backward()",
    "print(w.grad)", "print(*x)", "lst = [x]\nlst[0] += 1", "lst[10] = 1", "def g(a, b=2): return a + b",
    "g(1, 2, 3)", "g(b=1)", "lam = lambda: x", "lam(1)", "class A: pass", "A()", "x.y = 3", "del x", "x[1:2]",
    "'%s %s' % (1,)", "'{}'.format()", "import jax\nfrom jax import grad", "grad(g, argnums=5)(1.0, 2.0)",
    "grad(x)(1.0)", "jax.jvp(g, (1.0,), 1.0)", "jax.vjp(g, 1.0)", "jax.vmap(g)(1.0)",
    "jax.lax.while_loop(lambda c: True, lambda c: c, 0.0)", "import tensorflow as tf",
    "tape = tf.GradientTape()",
    "tape.gradient(1, [1, 2])", "while x: x = x - 1.0", "x = [i for i in range(3) for j in range(2)]",
    "x = y @ y", "x = 3 % 0", "x = (1,) + [2]", "raise ValueError", "x = torch.tensor('a')",
    "opt = torch.optim.SGD([w], lr=0.1)\nopt.step()\nopt.zero_grad()", "w.data -= 1", "x = pow(x, x)",
    "y = grad(grad(grad(lambda t: t ** 3)))(2.0)", "x = torch.sqrt(torch.tensor(-1.0))",
]


def test_random_code_never_raises():
    import random

    rng = random.Random(20)
    for _ in range(400):
        code = "\n".join(rng.choice(_SNIPPETS) for _ in range(rng.randint(1, 12)))
        read_code(f"```python\n{code}\nprint(x)\n```\n\n```\n1.0 2.0\n```\n")  # a reading or None


def test_a_jax_number_printed_with_float32_digits_is_explained_as_float32(notebooks, tmp_path):
    exact = math.sin(2.0) * 3.0  # 2.727892280477045; float32 prints 2.7278922
    code = "import jax.numpy as jnp\n\ndef f(x, y):\n    return jnp.sin(x) * y\n\nprint(f(2., 3.))"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout("2.7278922\n")]))
    assert f"{exact:.7f}" == "2.7278923"  # wrong at the printed precision
    row = next(r for r in check_document(path).report.rows if r.kind == "number")
    assert row.verdict == "mismatch" and [c.kind for c in row.causes] == ["float32"]


# ---- the work budget: one per top-level statement, so an endless loop stops only itself ----------------
def test_an_endless_loop_stops_only_its_own_statement_and_the_reason_names_the_loop(
        notebooks, tmp_path, checked, listed):
    y = 2.5
    z = y * 3 + 1  # the truth, in plain Python
    path = notebooks.write(
        tmp_path,
        v4.new_code_cell("x = 1.0\nwhile True:\n    x = x + 1.0\nprint(x * 2)",
                         outputs=[notebooks.stdout("2.0\n")]),
        v4.new_code_cell(f"y = {y}\nz = y * 3 + 1\nprint(z)", outputs=[notebooks.stdout(f"{z}\n")]))
    assert checked(path) == [(str(z), "z", "match")]  # the cell after the endless loop is read
    (reason,) = [r for printed, r in listed(path) if printed == "2.0"]
    assert "work budget" in reason and "the loop in cell 1 code, line 2" in reason


def test_the_statements_after_a_loop_that_ran_out_are_still_read(notebooks, tmp_path, checked):
    a = 0.5
    b = a * a - 1.0  # the truth
    code = f"n = 0\nfor k in range(100000):\n    n = n + 1\n    n = n - 1\na = {a}\nb = a * a - 1.0\nprint(b)"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(f"{b}\n")]))
    assert checked(path) == [(str(b), "b", "match")]
    reading = read_code(f"```python\n{code}\nprint(n)\n```\n\n```\n{b}\n0\n```\n")
    assert reading is not None and reading.notes == [
        "the statement at line 3 is not read to its end: the work budget (200,000 steps) running out in "
        "the loop at line 3"]
    assert [s.reason for s in reading.skipped] == [
        "the cell is not read whole: the work budget (200,000 steps) running out in the loop at line 3"]


def test_endless_loops_cost_each_its_own_budget_linearly(time_ratio, monkeypatch):
    from nn.check.reader import interpreter

    monkeypatch.setattr(interpreter, "MAX_WORK", 3000)

    def make(n: int) -> str:
        cell = ("```python\nx = 1.0\nwhile True:\n    x = x * 1.0\ny = 2.0\nprint(y * 3)\n```\n\n"
                "```\n6.0\n```\n\n")
        return cell * n
    small, large = make(20), make(40)
    assert len(read_code(large).notes) == 40  # every loop ran out on its own budget, none stopped the rest
    ratio = time_ratio(read_code, small, large)
    assert ratio < 3.2, f"doubling the endless loops multiplied the time by {ratio:.1f}"


def test_a_notebook_run_out_of_order_is_read_in_the_order_it_ran(tmp_path, notebooks, checked):
    """The second cell ran last (count 3): the printed 7.5 was computed with w = 2.5, not 0.5; a cell that
    never ran (no count) defined nothing the outputs show."""
    w, x = 2.5, 3.0  # the truth: w as the cell that ran last before the print left it
    new = notebooks.v4.new_code_cell
    printed = notebooks.stdout(f"{w * x}\n")
    cells = [new("w = 2.5", execution_count=2),  # as the notebook stands: above the cell that ran first
             new("x = 3.0\nw = 0.5", execution_count=1),
             new("w = 0.25"),  # never ran (read top to bottom, w would be 0.25: 0.75 printed)
             new("print(w * x)", execution_count=3, outputs=[printed])]
    path = notebooks.write(tmp_path, *cells)
    assert [(printed, verdict) for printed, _, verdict in checked(path)] == [(str(w * x), "match")]


def test_rounding_to_a_whole_number_is_a_constant_and_a_straight_through_estimator_passes_gradients(
        notebooks, tmp_path, checked):
    """round(x) is the nearest whole number with derivative 0 (JAX, PyTorch); stop_gradient(round(x) - x)
    + x has the value round(x) and derivative 1; round(x, 3) keeps x (its print shows the digits)."""
    x = 2.7
    whole = float(round(x))  # 3.0, in plain Python
    code = ("import jax\nimport jax.numpy as jnp\n\n"
            "def f(x):\n    return jnp.round(x) * x\n\n"
            "def ste(x):\n    return x + jax.lax.stop_gradient(jnp.round(x) - x)\n\n"
            f"print(f({x}))\nprint(jax.grad(f)({x}))\nprint(ste({x}), jax.grad(ste)({x}))\n"
            f"print(round({x} / 7, 3))\n")
    out = f"{whole * x}\n{whole}\n{whole} 1.0\n{round(x / 7, 3)}\n"  # d(round(x)·x)/dx = round(x)
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(out)])))
    assert [(p, v) for p, _, v in rows] == [(f"{whole * x}", "match"), (f"{whole}", "match"),
                                            (f"{whole}", "match"), ("1.0", "match"),
                                            (f"{round(x / 7, 3)}", "match")]
    wrong = out.replace(f"{whole}\n", f"{x}\n", 1)  # the gradient as if round were the identity: 2x
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(wrong)])))
    assert rows[1] == (f"{x}", rows[1][1], "mismatch")


def test_numpy_rounds_an_array_to_whole_numbers_half_to_even(notebooks, tmp_path, checked):
    a = [0.4, 1.6, 2.5]
    b = [2 * float(round(v)) for v in a]  # Python and numpy both round half to even: 2.5 → 2
    code = f"import numpy as np\na = np.array({a})\nb = np.round(a) * 2\nprint(b)\n"
    printed = "[" + " ".join(f"{v:g}." for v in b) + "]\n"
    rows = checked(notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(printed)])))
    assert [(p, v) for p, _, v in rows] == [(f"{v:g}.", "match") for v in b]


def test_a_function_of_an_earlier_cell_prints_in_the_cell_that_calls_it(notebooks, tmp_path, checked):
    def descend(eta: float, steps: int) -> float:  # the truth: x ← x − η·f'(x) for f(x) = x², from 10
        x = 10.0
        for _ in range(steps):
            x -= eta * 2 * x
        return x

    define = v4.new_code_cell("def f_grad(x):\n    return 2 * x\n\ndef descend(eta, steps):\n    x = 10.0\n"
                              "    for i in range(steps):\n        x -= eta * f_grad(x)\n"
                              "    print(f'after {steps} steps, x: {x:f}')\n    return x")
    first = v4.new_code_cell("x1 = descend(0.2, 10)", outputs=[
        notebooks.stdout(f"after 10 steps, x: {descend(0.2, 10):f}\n")])
    plot = v4.new_code_cell("def show(x):\n    plot(x)\n\nshow(x1)")  # an unknown call: nothing printed
    again = v4.new_code_cell("show(descend(0.05, 4))", outputs=[
        notebooks.stdout(f"after 4 steps, x: {descend(0.05, 4) + 0.001:f}\n")])  # printed wrong
    path = notebooks.write(tmp_path, define, first, plot, again)
    rows = [(printed, verdict) for printed, _, verdict in checked(path)]
    assert rows == [(f"{descend(0.2, 10):f}", "match"), (f"{descend(0.05, 4) + 0.001:f}", "mismatch")]


def test_an_ipython_session_in_markdown_is_read_prompt_by_prompt(document_file, checked):
    y = math.tanh(0.5)  # the truth, in plain Python
    slope = 1 - y ** 2
    text = ("# A session\n\n```python\nIn [1]: import math\n\nIn [2]: x = 0.5\n\nIn [3]: y = math.tanh(x)\n\n"
            f"In [4]: y\nOut[4]: {y!r}\n\nIn [5]: def grad(v):\n   ...:     return 1 - v ** 2\n   ...:\n\n"
            f"In [6]: print(grad(y))\n{slope + 0.001:.6f}\n\n"
            f"In [7]: grad(y) * 2\nOut[7]: {2 * slope:.4f}\n```\n")
    rows = checked(document_file(text))
    assert rows == [(repr(y), "y", "match"), (f"{slope + 0.001:.6f}", rows[1][1], "mismatch"),
                    (f"{2 * slope:.4f}", rows[2][1], "match")]


def test_the_numbers_of_a_printed_set_are_listed_never_dropped(notebooks, tmp_path, checked, listed):
    code = ("class Node:\n    def __init__(self, data, parents=()):\n        self.data = data\n"
            "        self.parents = set(parents)\n"
            "    def __repr__(self):\n        return f'Node({self.data})'\n"
            "    def __mul__(self, other):\n        return Node(self.data * other.data, (self, other))\n\n"
            "a = Node(2.5)\nb = Node(-4.0)\nc = a * b\nprint(c.data)\nc.parents")
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[
        notebooks.stdout(f"{2.5 * -4.0}\n"), notebooks.result("{Node(-4.0), Node(2.5)}")]))
    assert [(p, v) for p, _, v in checked(path)] == [(f"{2.5 * -4.0}", "match")]
    listed = listed(path)
    assert [text for text, _ in listed] == ["-4.0", "2.5"]
    assert all("order the code does not fix" in reason for _, reason in listed)
