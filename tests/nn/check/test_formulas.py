"""[[formula]] entries: a document's formula text checked against the engine, one test per diagnosis."""

from __future__ import annotations

import math
import subprocess
import sys
import tomllib

import pytest

from nn.check import HERE, ExampleError, check_example, load_example
from nn.check.files import example_from_dict
from nn.check.formula_text import DocName, read_formula
from nn.check.formulas import RANDOM_POINTS, check_formulas
from nn.cli import main

# seed 001's network on Mazur's numbers, with the loss it declares: L = (y − ŷ)²
SEED001_HEAD = """
[network]
kind = "document"
activation = "sigmoid"
[data]
inputs = [0.05, 0.10]
targets = [0.01]
[parameters]
w_11 = 0.15
w_12 = 0.20
w_21 = 0.25
w_22 = 0.30
b_1 = 0.35
b_2 = 0.35
w_o1 = 0.40
w_o2 = 0.45
b_o = 0.60
[training]
loss = "squared_error"
learning_rate = 0.5
"""


def formula_rows(*formulas: tuple[str, str, str], head: str = SEED001_HEAD):
    """Check the given (name, text, for) formulas on seed 001's network; the formula rows."""
    text = head
    for name, body, ranges in formulas:
        text += f"\n[[formula]]\nname = {name!r}\ntext = '''{body}'''\n"
        text += f"for = {ranges}\n" if ranges else ""
    example = example_from_dict(tomllib.loads(text), "test.toml", text=text)
    return check_formulas(example)


def one(name: str, body: str, ranges: str = ""):
    rows = formula_rows((name, body, ranges))
    return rows


def kinds(row) -> list[str]:
    return [c.kind for c in row.causes]


# ---- correct formulas hold everywhere ---------------------------------------------------------------
def test_a_correct_formula_holds_at_every_random_point():
    rows = one("dL/dw_oi", r"\frac{dL}{dw_{oi}} = -2(y - \hat{y}) \cdot f'(z_o) \cdot a_i", "{ i = [1, 2] }")
    assert [r.verdict for r in rows] == ["match", "match"]
    for r in rows:
        assert r.points == RANDOM_POINTS + 1 and r.agree == r.points
        assert r.number.value != "0"
    # the formula's value at the example's point is the engine's dL/dW31 (closed form)
    a_o1 = 0.751365069552
    assert rows[0].engine == pytest.approx(-2 * (0.01 - a_o1) * a_o1 * (1 - a_o1) * 0.593269992107, rel=1e-9)


def test_forward_formulas_chain_rule_statements_and_local_derivatives_hold():
    rows = formula_rows(
        ("z_i", r"z_i = w_{i1} \cdot x_1 + w_{i2} \cdot x_2 + b_i", "{ i = [1, 2] }"),
        ("ŷ", r"\hat{y} = \sigma(z_o) = \frac{1}{1 + e^{-z_o}}", ""),
        ("L", r"L = (y - \hat{y})^2", ""),
        ("chain", r"\frac{dL}{dw_{ij}} = \frac{dL}{d\hat{y}} \cdot \frac{d\hat{y}}{dz_o} \cdot "
                  r"\frac{dz_o}{da_i} \cdot \frac{da_i}{dz_i} \cdot \frac{dz_i}{dw_{ij}}",
         "{ i = [1, 2], j = [1, 2] }"),
        ("local", r"\frac{da_i}{dz_i} = a_i(1 - a_i)", "{ i = [1, 2] }"),
    )
    assert len(rows) == 2 + 2 + 1 + 4 + 2
    assert all(r.verdict == "match" for r in rows), [(r.number.name, r.diagnosis) for r in rows]


def test_plain_math_is_read_with_parse_expr():
    rows = one("dL/dw_o1", "dL/dw_o1 = -2*(y - ŷ)*f'(z_o)*a_1")
    assert rows[0].verdict == "match"
    assert rows[0].engine == pytest.approx(0.164334081128, rel=1e-9)


# ---- one test per diagnosis -------------------------------------------------------------------------
def test_sign_flipped_seed001_and_inherited():
    rows = formula_rows(("dL/dŷ", r"\frac{dL}{d\hat{y}} = 2(y - \hat{y})", ""),
                        ("dL/db_o", r"\frac{dL}{db_o} = 2(y - \hat{y}) \cdot f'(z_o)", ""))
    assert kinds(rows[0]) == ["sign"]
    assert rows[0].engine == pytest.approx(-float(rows[0].number.value))
    assert kinds(rows[1]) == ["sign", "inherits"]
    assert "dL/dŷ" in rows[1].diagnosis


def test_factor_two_from_the_loss_convention():
    (row,) = one("dL/dŷ", r"\frac{dL}{d\hat{y}} = -(y - \hat{y})")  # the ½(y − ŷ)² derivative
    assert kinds(row) == ["loss-convention"]
    assert "½" in row.diagnosis and "squared_error" in row.diagnosis
    assert float(row.number.value) == pytest.approx(row.engine / 2)


def test_the_loss_convention_of_an_expression_graph_names_its_loss_as_the_document_does(check_text):
    """A document's own graph has no declared loss name: the diagnosis names the loss quantity the
    document writes (J here, ½(y − t)²) and whether the formula fits it with or without the ½."""
    x, w, t = 3.0, 0.25, 2.0
    y = w * x
    dj_dw = (y - t) * x  # J = ½(y − t)²: the factor 2 of the square cancels the ½
    doc = (f"# A neuron\n\nLet $x = {x:g}$, $w = {w:g}$, $t = {t:g}$.\n\n$$y = w x$$\n\n"
           "$$J = \\frac{1}{2}(y - t)^2$$\n\n"
           f"$$\\frac{{\\partial J}}{{\\partial w}} = 2 (y - t) x = {2 * dj_dw:g}$$\n")
    (row,) = [r for r in check_text(doc).report.rows if "loss-convention" in kinds(r)]
    assert float(row.number.value) == 2 * dj_dw and row.engine == pytest.approx(dj_dw)
    assert "the formula fits J written without the ½" in row.diagnosis
    assert "loss is ;" not in row.diagnosis


def test_missing_factor_is_named():
    (row,) = one("dL/dw_o1", r"\frac{dL}{dw_{o1}} = -2(y - \hat{y}) \cdot a_1")  # f'(z_o) left out
    assert kinds(row) == ["missing-factor"]
    assert "∂ŷ (a_o1)/∂z_o (z_o1)" in row.diagnosis


def test_extra_factor_is_named():
    (row,) = one("dL/dw_o1", r"\frac{dL}{dw_{o1}} = -2(y - \hat{y}) \cdot f'(z_o) \cdot a_1 \cdot w_{o1}")
    assert kinds(row) == ["extra-factor"]
    assert "w_o1 (W31)" in row.diagnosis


def test_transposed_weight_on_the_left():
    # the right side is dL/dw_21 (into h2 from x1); the left side says w_12
    (row,) = one("dL/dw_12", r"\frac{dL}{dw_{12}} = -2(y - \hat{y}) f'(z_o) w_{o2} f'(z_2) x_1")
    assert kinds(row) == ["transposed"]
    assert "dL/dW12, not dL/dW21" in row.diagnosis


def test_transposed_indices_on_the_right():
    rows = one("dL/dw_ij", r"\frac{dL}{dw_{ij}} = -2(y - \hat{y}) f'(z_o) w_{oj} f'(z_j) x_i",
               "{ i = [1, 2], j = [1, 2] }")
    verdicts = {r.number.name: r for r in rows}
    assert verdicts["dL/dw_ij (i=1, j=1)"].verdict == "match"
    assert verdicts["dL/dw_ij (i=2, j=2)"].verdict == "match"
    for name in ("dL/dw_ij (i=1, j=2)", "dL/dw_ij (i=2, j=1)"):
        assert kinds(verdicts[name])[0] == "transposed"
        assert "i and j swapped" in verdicts[name].diagnosis


def test_updated_instead_of_old_weights():
    (row,) = one("dL/dw_11", r"\frac{dL}{dw_{11}} = -2(y - \hat{y}) f'(z_o) w_{o1}^{+} f'(z_1) x_1")
    assert kinds(row) == ["updated-weights"]
    assert "w_o1⁺" in row.diagnosis


def test_missing_sum_over_paths_in_the_2_2_2_network(mazur_head):
    head = mazur_head
    one_path = (r"\frac{\partial L}{\partial w_1} = "
                r"(a_{o1} - y_1) a_{o1}(1 - a_{o1}) w_5 a_{h1}(1 - a_{h1}) x_1")
    both = (r"\frac{\partial L}{\partial w_1} = \left[(a_{o1} - y_1) a_{o1}(1 - a_{o1}) w_5 + "
            r"(a_{o2} - y_2) a_{o2}(1 - a_{o2}) w_7\right] a_{h1}(1 - a_{h1}) x_1")
    wrong, right = formula_rows(("one path", one_path, ""), ("both", both, ""), head=head)
    assert right.verdict == "match"
    assert kinds(wrong) == ["missing-paths"]
    assert "1 of the 2" in wrong.diagnosis and "o1" in wrong.diagnosis


def test_update_rules_checked_as_a_step():
    good, bad = formula_rows(
        ("good", r"w_{o1} = w_{o1} - \eta \cdot \left[-2(y - \hat{y}) \cdot f'(z_o) \cdot a_1\right]", ""),
        ("seed001", r"b_o = b_o - \eta \cdot \left[2(y - \hat{y}) \cdot f'(z_o)\right]", ""),
    )[:2]
    assert good.verdict == "match" and kinds(good) == ["descends"]
    assert good.engine == pytest.approx(0.40 - 0.5 * 0.164334081128, rel=1e-9)
    assert kinds(bad)[0] == "sign" and kinds(bad)[-1] == "climbs"
    assert "raises L from 0.549622" in bad.diagnosis


def test_seed001_reports_the_sign_error_and_climbing_from_the_formulas():
    report = check_example("seed001")
    formulas = {r.number.name: r for r in report.rows if r.kind == "formula"}
    assert formulas["dL/dŷ"].verdict == "mismatch" and kinds(formulas["dL/dŷ"]) == ["sign"]
    inherited = [r for name, r in formulas.items()
                 if name.startswith(("dL/dw_oi (i", "dL/db_o", "dL/dw_ij (i", "dL/db_i"))
                 and "chain" not in name]
    assert len(inherited) == 2 + 1 + 4 + 2
    assert all(kinds(r) == ["sign", "inherits"] for r in inherited)
    updates = [r for name, r in formulas.items() if "update" in name]
    assert len(updates) == 2 + 1 + 4 + 2 + 1
    assert all("climbs" in kinds(r) for r in updates)
    together = formulas["the 9 update rules together"]
    assert float(together.number.value) == pytest.approx(0.613835670, abs=1e-9)  # the old file's number
    # every chain-rule statement, local derivative and forward formula holds
    held = [n for n, r in formulas.items() if r.verdict == "match"]
    assert len(held) == 26
    assert report.as_dict()["rows"][-1]["row_kind"] == "formula"


def test_unparseable_formula_exits_2_with_file_line_and_what(tmp_path, capsys):
    text = SEED001_HEAD + "\n[[formula]]\nname = \"broken\"\ntext = '''\\frac{dL}{dw_{o1}} = 2(y - '''\n"
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    line = text.splitlines().index("name = \"broken\"") + 2
    assert "broken.toml" in err and f"line {line}" in err and "cannot read" in err


def test_unknown_name_is_an_error_naming_it():
    with pytest.raises(ExampleError, match="'q_1' names nothing"):
        one("bad", r"\frac{dL}{dw_{o1}} = q_1 \cdot a_1")


@pytest.mark.parametrize("ranges", ["{ ij = [1] }", "{ i = [] }", "{ i = [true] }"])
def test_bad_index_ranges_are_refused(ranges):
    with pytest.raises(ExampleError, match="for"):
        one("bad", r"\frac{dL}{dw_{oi}} = a_i", ranges)


def test_reading_the_documents_notation():
    f = read_formula(r"\delta_{o1} = \frac{\partial L}{\partial A_{o1}} \cdot f'(Z_{o1}) = "
                     r"-(Y - A_{o1}) A_{o1}(1 - A_{o1})")
    assert f.left == DocName("δ", "o1") and len(f.rights) == 2
    f = read_formula(r"W_{ij}^{\text{new}} = W_{ij}^{\text{old}} - "
                     r"\alpha \cdot \frac{\partial L}{\partial W_{ij}}")
    assert f.left.updated and {n.text for n in f.names.values()} == {"W_ij", "α", "dL/dW_ij"}
    f = read_formula(r"\frac{dL}{dw_{oi}} = 2(y - \hat{y}) \cdot f'(z_o) \cdot a_i \quad \text{for } i=1,2")
    assert str(f.rights[0].subs({s: 1.0 for s in f.rights[0].free_symbols if s.name != "y"})) != ""


def test_seed000_notation_checks():
    """Seed 000's own formulas (δ, A_{o1}, Y_{target}, W^{new}, α) read and hold on its example."""
    text = (HERE / "seed000.toml").read_text(encoding="utf-8")
    delta = (r"\delta_{o1} = \frac{\partial L}{\partial A_{o1}} \cdot f'(Z_{o1}) = "
             r"-(Y_{target} - A_{o1}) \cdot A_{o1}(1 - A_{o1})")
    update = r"W_{31}^{\text{new}} = W_{31}^{\text{old}} - \alpha \cdot \frac{\partial L}{\partial W_{31}}"
    text = text.split("[[document]]")[0] + f"""
[[formula]]
name = "δ_o1"
text = '''{delta}'''
[[formula]]
name = "W31 update"
text = '''{update}'''
"""
    rows = check_formulas(example_from_dict(tomllib.loads(text), "seed000", text=text))
    assert [r.verdict for r in rows] == ["match", "match", "match"]
    assert math.isclose(rows[0].engine, -0.0105, abs_tol=1e-12)


def test_import_autograd_and_nn_stay_light():
    code = "import sys, autograd, nn; print(sorted(m for m in ('sympy', 'lark') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_loading_an_example_with_formulas_does_not_import_sympy():
    code = ("import sys; from nn.check import load_example; load_example('seed001'); "
            "print('sympy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert len(load_example("seed001").formulas) == 23


@pytest.mark.parametrize("text, says", [
    (r"\frac{dL}{dw_{o1}}", "needs a left side, '=' and a right side"),
    (r"\frac{dL}{dw_{o1}} = ", "needs a left side"),
    (r"2 + 3 = a_1", "must name one quantity"),
    (r"\frac{dL}{dw_{o1}} = \frac{a_1}{", "never closed"),
    (r"\frac{dL}{dw_{o1}} = f'(a_1", "unbalanced parentheses"),
    (r"\frac{dL}{dw_{o1}} = a_1 \oplus a_2", "cannot read"),
    (r"\frac{dL}{dw_{o1}} = " + "(" * 30 + "a_1" + ")" * 30, "nested more than 20"),
    (r"\frac{dL}{dw_{o1}} = " + "a_1 + " * 400 + "a_2", "at most 2,000"),
    (r"\frac{d^2 L}{dw_{o1}} = a_1", "one name above and one below"),
    ("dL/dw_o1 = a_1 @ a_2", "cannot read"),
    ("dL/dw_o1 = __import__(a_1)", "cannot read '__import__"),
])
def test_hostile_formula_text_is_one_clear_error(text, says):
    with pytest.raises(ExampleError, match="cannot read the formula text") as e:
        one("hostile", text)
    assert says in str(e.value) and "test.toml" in str(e.value) and "line" in str(e.value)


def test_update_rule_with_the_rate_as_a_number():
    (row,) = one("w_o1 update", r"w_{o1} = w_{o1} - 0.5 \cdot 2(\hat{y} - y) \hat{y}(1 - \hat{y}) a_1")
    assert row.verdict == "match" and row.quantity == "W31 − η·dL/dW31"
    (row,) = one("w_o1 update", r"w_{o1} = w_{o1} + 0.5 \cdot 2(\hat{y} - y) \hat{y}(1 - \hat{y}) a_1")
    assert [c.kind for c in row.causes] == ["sign", "climbs"]


def test_formulas_on_an_expression_example_vary_every_leaf():
    """CS231n's f = (x + y)·z: ∂f/∂x = z holds; a constant that is right only at the example's
    point (∂f/∂q = −4 there) is caught at the random points."""
    head = (HERE / "cs231n-circuit.toml").read_text(encoding="utf-8")
    head = head.split("[[document]]")[0]
    rows = formula_rows(("df/dx", r"\frac{\partial f}{\partial x} = z", ""),
                        ("df/dz", r"\frac{\partial f}{\partial z} = x + y", ""),
                        ("df/dq", r"\frac{\partial f}{\partial q} = -4", ""),
                        ("df/dy", r"\frac{\partial f}{\partial y} = -z", ""), head=head)
    assert [r.verdict for r in rows] == ["match", "match", "mismatch", "mismatch"]
    assert rows[0].engine == -4.0 and rows[1].engine == 3.0
    assert rows[2].agree == 1 and "agrees at 1 of 6 points only" in rows[2].diagnosis
    assert [c.kind for c in rows[3].causes] == ["sign"]


def test_a_factor_two_outside_the_loss_is_a_plain_factor():
    (row,) = one("dŷ/dz_o", r"\frac{d\hat{y}}{dz_o} = 2 f'(z_o)")
    assert [c.kind for c in row.causes] == ["factor"]
    assert row.diagnosis == "a factor 2 too large"


def test_the_formula_of_another_quantity_is_named():
    (row,) = one("dL/dw_o1", r"\frac{dL}{dw_{o1}} = -2(y - \hat{y}) f'(z_o) a_2")  # a_2: it is dL/dw_o2
    assert [c.kind for c in row.causes] == ["other-quantity"]
    assert "it is dL/dW41, not dL/dW31" in row.diagnosis


MAZUR_HEAD = (HERE / "mazur.toml").read_text(encoding="utf-8")
MAZUR_HEAD = MAZUR_HEAD.split("[[document]]")[0]


def test_sums_over_an_index_and_the_tutorial_s_names():
    """Mazur's notation (out_o1, net_o1, target_o1, E_total, i_1) and sums: \\sum_k with k's range
    from `for`, or \\sum_{k=1}^{2}; the summed index gives no rows of its own."""
    rows = formula_rows(
        ("dE/dout_o1", r"\frac{\partial E_{total}}{\partial out_{o1}} = -(target_{o1} - out_{o1})", ""),
        ("dE/dw1", r"\frac{\partial E_{total}}{\partial w_{1}} = \left(\sum_{k} \frac{\partial E_{total}}"
                   r"{\partial out_{k}} \frac{\partial out_{k}}{\partial net_{k}} \frac{\partial net_{k}}"
                   r"{\partial out_{h1}}\right) out_{h1}(1 - out_{h1}) i_1", '{ k = ["o1", "o2"] }'),
        ("dE/dw1 explicit", r"\frac{\partial E_{total}}{\partial w_{1}} = \sum_{k=1}^{2} (out_{ok} - y_k) "
                            r"out_{ok}(1 - out_{ok}) \frac{\partial net_{ok}}{\partial out_{h1}} \cdot "
                            r"out_{h1}(1 - out_{h1}) i_1", ""),
        head=MAZUR_HEAD)
    assert [r.verdict for r in rows] == ["match"] * 3
    assert rows[1].engine == pytest.approx(0.000438567735, rel=1e-9)  # Mazur's ∂E_total/∂w1


@pytest.mark.parametrize("text, says", [
    (r"\frac{\partial E_{total}}{\partial w_{1}} = \sum_{k} (out_{ok} - y_k)", "needs its range"),
    (r"\frac{\partial E_{total}}{\partial w_{1}} = targt_{o1}", "'targt_o1' names nothing"),
])
def test_sum_without_range_and_unknown_words(text, says):
    with pytest.raises(ExampleError, match=says):
        formula_rows(("bad", text, ""), head=MAZUR_HEAD)
