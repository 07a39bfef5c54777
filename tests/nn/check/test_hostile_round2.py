"""Issue 24, the second adversarial round: each repro of the checker's readers is a test here.

Expression nodes outside their domain, formula text that is not a formula, exponent towers, random
points and diagnosis alternatives outside the domain, lambdify shadowing, non-finite formula values,
the carried-rounding diagnosis on thousands of mismatching rows, the formula work budget and
``stepgrad formula`` on wide networks. Doubling tests count the work done (how many alternatives are
tried, how many formula evaluations run), never time it.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from nn.check import ExampleError, check_example, load_example
from nn.check.formula_text import FormulaSyntaxError, FormulaTooLargeError, read_formula
from nn.cli import main

ROOT = Path(__file__).parents[3]
SEED001 = (ROOT / "nn" / "examples" / "seed001.toml").read_text(encoding="utf-8")
SEED001_HEAD = SEED001.split("# ---- the document's formulas, verbatim")[0]


def one_line_exit_2(capsys, *argv: str) -> str:
    """Run the command; it must exit 2 with one line on stderr (no traceback); return the line."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 2, (out, err)
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err.strip()


def expression(tmp_path: Path, node: str, extra: str = "") -> Path:
    path = tmp_path / "e.toml"
    path.write_text(f'[network]\nkind = "expression"\n[leaves]\nx = 1.0\n[nodes]\ny = "{node}"\n{extra}',
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("node, words", [
    ("1/0", "division by zero"),
    ("0 ** -1", "negative power"),
    ("log(0)", "log needs a positive number"),
    ("(-8) ** 0.5", "not a real number"),
    ("log(x - 1)", "log needs a positive number"),
])
def test_an_expression_node_outside_its_domain_is_one_line_naming_the_node_and_its_line(
        tmp_path, capsys, node, words):
    line = one_line_exit_2(capsys, "check", str(expression(tmp_path, node)))
    assert "line 6" in line and f"y = {node!r}" in line and words in line


@pytest.mark.parametrize("node", ["10.0 ** 400", "1234567890123456789012345678901234567890.0 ** 9"])
def test_an_expression_that_overflows_is_one_line(tmp_path, capsys, node):
    line = one_line_exit_2(capsys, "check", str(expression(tmp_path, node)))
    assert "the value of y is inf" in line


def test_a_40_digit_literal_is_read_as_the_float_it_is(tmp_path):
    digits = "1234567890123456789012345678901234567890"
    path = expression(tmp_path, f"x * {digits}", '[[document]]\nquantity = "y"\nvalue = "≈ 1.23456789e39"\n')
    assert check_example(path).ok


def test_a_constant_power_follows_the_engines_rules(tmp_path):
    path = expression(tmp_path, "x * 2 ** 0.5", '[[document]]\nquantity = "y"\nvalue = "1.41421356"\n')
    assert check_example(path).ok


# ---- formula text ------------------------------------------------------------------------------
def formula_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.toml"
    path.write_text(SEED001_HEAD + f"[[formula]]\nname = \"x\"\ntext = '''{text}'''\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("text, words", [
    ("L = exp()", "exp takes one argument, got 0"),
    ("L = tanh(x_1, x_2)", "tanh takes one argument, got 2"),
    ("L = (x_1", "unbalanced parentheses"),
    ("L = (x_1, x_2)", "as one expression"),
    (r"\hat{y} = g()", "empty argument"),
    ("ŷ = g()", "the activation takes one argument, got 0"),
    ("L = max(x_1)", "max takes two or more arguments"),
])
def test_formula_text_that_is_no_formula_is_one_line_with_file_line_and_why(tmp_path, capsys, text, words):
    line = one_line_exit_2(capsys, "check", str(formula_file(tmp_path, text)))
    text_line = SEED001_HEAD.count("\n") + 3  # [[formula]], name, text
    assert f"line {text_line}:" in line and "[[formula]] #1" in line and words in line, line


@pytest.mark.parametrize("text", [
    r"\hat{y} = \sigma(w_{o1} \sigma(z_1) + w_{o2} \sigma(z_2) + b_o)",
    "ŷ = σ(w_o1 σ(z_1) + w_o2 σ(z_2) + b_o)",
])
def test_nested_activations_hold(tmp_path, text):
    report = check_example(formula_file(tmp_path, text))
    assert [r.verdict for r in report.rows] == ["match"]
    assert report.rows[0].engine == pytest.approx(0.7513650695523157, abs=1e-15)  # Mazur's out_o1


@pytest.mark.parametrize("text", ["L = 9^9^9^9", r"L = 9^{9^{9^{9}}}", "L = 2^(3^(4^5))", "L = 10^(10^5)",
                                  r"L = (9^9)^{9^9}", "L = x_1^100000"])
def test_an_exponent_tower_is_refused_before_sympy_evaluates_it(text):
    with pytest.raises(FormulaTooLargeError):
        read_formula(text)


def test_an_exponent_tower_in_a_file_is_one_line_in_a_bounded_subprocess(tmp_path):
    path = formula_file(tmp_path, "L = 9^9^9^9")
    done = subprocess.run([sys.executable, "-m", "nn", "check", str(path)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "more than 1000 digits" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_small_powers_are_still_computed():
    f = read_formula("L = 2^10 + x^3")
    assert str(f.rights[0]) in ("x**3 + 1024", "1024 + x**3")


def test_a_formula_nested_past_the_limit_is_a_syntax_error_not_a_recursion_error():
    with pytest.raises(FormulaSyntaxError):
        read_formula("L = " + "x^" * 900 + "x")


# ---- verdicts that do not abort ----------------------------------------------------------------
LOG_W = """[network]
kind = "expression"
[leaves]
w = {w}
[nodes]
f = "log(w)"
"""


def test_random_points_outside_the_domain_are_skipped_and_said(tmp_path):
    path = tmp_path / "logw.toml"
    path.write_text(LOG_W.format(w=0.1) + '[[formula]]\nname = "f"\ntext = "f = log(w)"\n', encoding="utf-8")
    report = check_example(path)
    assert report.ok and report.rows[0].points >= 2
    assert any("random point" in n and "skipped" in n and "log" in n for n in report.notes)


def test_a_diagnosis_alternative_outside_the_domain_is_skipped_and_said(tmp_path):
    training = '[training]\nlearning_rate = 0.2\nparameters = ["w"]\niterations = 1\n'
    row = '[[document]]\nquantity = "f"\nafter = 1\nvalue = "{v}"\n'
    path = tmp_path / "eta.toml"
    path.write_text(LOG_W.format(w=0.5) + training + row.format(v="-0.5"), encoding="utf-8")
    report = check_example(path)  # wrong: exit 1, not "could not compute the example"
    (r,) = report.rows
    assert r.verdict == "mismatch" and r.engine == pytest.approx(math.log(0.5 - 0.2 / 0.5), rel=1e-15)
    assert r.causes[0].kind == "unexplained"
    assert any(c.kind == "skipped" and "left the domain" in c.text for c in r.causes)
    path.write_text(LOG_W.format(w=0.5) + training + row.format(v="-2.302585"), encoding="utf-8")
    assert check_example(path).ok  # the right number: exit 0, as before


def test_a_leaf_named_like_a_function_does_not_shadow_it(tmp_path):
    path = tmp_path / "shadow.toml"
    path.write_text('[network]\nkind = "expression"\n[leaves]\nsqrt = 4.0\ne = 2.0\n[nodes]\n'
                    'f = "sqrt ** 0.5 + e"\n[[formula]]\nname = "f"\ntext = "f = sqrt(sqrt) + e"\n',
                    encoding="utf-8")
    report = check_example(path)
    assert report.ok and report.rows[0].engine == 4.0


def test_a_non_finite_formula_value_is_shown_as_such_never_as_0(tmp_path):
    path = tmp_path / "nan.toml"
    path.write_text('[network]\nkind = "expression"\n[leaves]\nw = 0.5\n[nodes]\nf = "w * 2"\n'
                    '[[formula]]\nname = "f"\ntext = "f = log(w - 1)"\n', encoding="utf-8")
    report = check_example(path)
    (r,) = report.rows
    assert r.verdict == "mismatch" and r.number.value == "nan" and r.engine == 1.0
    assert r.causes[0].kind == "not-finite"
    assert report.as_dict()["rows"][0]["difference"] is None  # valid JSON


# ---- linear: the carried diagnosis through an index (counted, not timed) ------------------------
def _mazur_rows(n: int, wrong: bool) -> str:
    head = (ROOT / "nn" / "examples" / "mazur.toml").read_text().split("[[document]]")[0]
    head = head.replace("iterations = 10000", "iterations = 1")
    ex = load_example("mazur")
    loss = ex.loss()
    loss.backward()
    grads = {name: p.grad for name, p in ex.network.named_parameters() if name.startswith("w")}
    names = list(grads)
    return head + "".join(
        f'[[document]]\nquantity = "dE_total/d{names[i % 8]}"\n'
        f'value = "{"0.5" if wrong else repr(grads[names[i % 8]])}"\n' for i in range(n))


def _fits_calls(tmp_path: Path, monkeypatch, n: int, wrong: bool) -> int:
    import nn.check.diagnoses as diagnoses

    calls = [0]
    real = diagnoses._fits

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(diagnoses, "_fits", counting)
    path = tmp_path / f"rows{n}.toml"
    path.write_text(_mazur_rows(n, wrong), encoding="utf-8")
    report = check_example(path)
    assert report.summary()["mismatches"] == (n if wrong else 0)
    return calls[0]


def test_mismatching_rows_are_diagnosed_in_linear_work(tmp_path, monkeypatch):
    """4,000 mismatching rows: each compares with the earlier rows through an index (at most one
    per quantity and step), so the alternatives tried double when the rows double."""
    counts = {n: _fits_calls(tmp_path, monkeypatch, n, wrong=True) for n in (1000, 2000, 4000)}
    print(counts)
    assert counts[2000] <= 2.05 * counts[1000] and counts[4000] <= 2.05 * counts[2000]
    assert counts[4000] < 40 * 4000  # a constant per row (before: every earlier row, 8 million)
    assert _fits_calls(tmp_path, monkeypatch, 1000, wrong=False) == 0


# ---- the formula work budget --------------------------------------------------------------------
def _formulas(n: int, combos: int = 2) -> str:
    values = ", ".join(str(i) for i in range(1, combos + 1))
    return SEED001_HEAD + "".join(
        f"[[formula]]\nname = \"f{i}\"\ntext = '''\\frac{{dL}}{{dw_{{oi}}}} = -3(y - \\hat{{y}})"
        f" \\cdot f'(z_o) \\cdot a_i'''\nfor = {{ i = [{values}] }}\n" for i in range(n))


def test_formula_work_over_the_budget_is_refused_at_load_with_the_figures(tmp_path, capsys):
    path = tmp_path / "many.toml"
    path.write_text(_formulas(501), encoding="utf-8")  # 501 × 2 × 6 = 6,012 evaluations
    line = one_line_exit_2(capsys, "check", str(path))
    assert "[[formula]] #501" in line and "6,012 evaluations" in line and "limit is 6,000" in line


def test_wrong_formulas_are_checked_in_linear_work(tmp_path, monkeypatch):
    import nn.check.formulas as formulas

    def evaluations(n: int) -> int:
        calls = [0]
        real = formulas.Source.at

        def counting(self, point):
            calls[0] += 1
            return real(self, point)

        monkeypatch.setattr(formulas.Source, "at", counting)
        path = tmp_path / f"f{n}.toml"
        path.write_text(_formulas(n), encoding="utf-8")
        report = check_example(path)
        assert report.summary()["mismatches"] == 2 * n
        monkeypatch.setattr(formulas.Source, "at", real)
        return calls[0]

    counts = {n: evaluations(n) for n in (5, 10, 20)}
    print(counts)
    assert counts[20] <= 2.1 * counts[10] and counts[10] <= 2.1 * counts[5]


# ---- stepgrad formula on wide networks -----------------------------------------------------------
def mlp(tmp_path: Path, hidden: int) -> Path:
    sizes = [2, hidden, hidden, 1]
    lines = ['[network]\nkind = "mlp"', f"sizes = {sizes}", "[data]\ninputs = [0.05, 0.10]\ntargets = [0.01]",
             '[training]\nloss = "half_squared_error"\nlearning_rate = 0.5', "[parameters]"]
    for layer in range(1, 4):
        for j in range(1, sizes[layer] + 1):
            lines += [f'"L{layer}.N{j}.w{i}" = {0.01 * ((7 * i + 3 * j + layer) % 11 - 5):.2f}'
                      for i in range(1, sizes[layer - 1] + 1)]
    path = tmp_path / f"mlp{hidden}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_formula_of_a_2_8_8_1_input_derivative_is_written_and_its_value_is_the_engines(tmp_path, capsys):
    path = mlp(tmp_path, 8)
    assert main(["formula", str(path), "dL/dx1", "--numbers"]) == 0
    out = capsys.readouterr().out
    ex = load_example(path)
    loss = ex.loss()
    loss.backward()
    x1 = next(n for n in __import__("autograd").topological_order(loss) if n.label == "x1")
    assert out.startswith("dL/dx1 = ") and float(out.rsplit("= ", 1)[1]) == pytest.approx(x1.grad, rel=1e-6)


def test_formula_of_a_2_96_96_1_input_derivative_is_refused_with_the_path_count(tmp_path, capsys):
    line = one_line_exit_2(capsys, "formula", str(mlp(tmp_path, 96)), "dL/dx1")
    assert "9,216 chain-rule paths" in line and "at most 1,024" in line


def test_formula_of_a_first_layer_weight_of_2_96_96_1_is_written(tmp_path, capsys):
    assert main(["formula", str(mlp(tmp_path, 96)), "dL/dL1.N1.w1"]) == 0
    assert capsys.readouterr().out.startswith("dL/dL1.N1.w1 = ")


def test_formula_the_wrong_way_round_says_so(capsys):
    line = one_line_exit_2(capsys, "formula", "seed000", "dW11/dL")
    assert "W11 does not depend on L" in line and "did you mean dL/dW11?" in line


def test_check_width_too_narrow_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["check", "--width", "3", "mazur"])
    assert e.value.code == 2 and "too narrow" in capsys.readouterr().err


def test_an_example_whose_own_step_leaves_the_domain_says_so_in_one_line(tmp_path, capsys):
    path = tmp_path / "own.toml"
    path.write_text(LOG_W.format(w=0.3) + '[training]\nlearning_rate = 0.2\nparameters = ["w"]\n'
                    'iterations = 1\n[[document]]\nquantity = "f"\nafter = 1\nvalue = "-0.5"\n',
                    encoding="utf-8")
    line = one_line_exit_2(capsys, "check", str(path))
    assert "log needs a positive number" in line
    with pytest.raises(ExampleError):
        check_example(path)


@pytest.mark.parametrize("text", ["L = exp(A())", "L = exp(2())", "L = log(())", "L = max(x, ())", "L = ()"])
def test_found_by_fuzzing_a_tuple_where_an_expression_belongs_is_a_syntax_error(text):
    with pytest.raises(FormulaSyntaxError):
        read_formula(text)
