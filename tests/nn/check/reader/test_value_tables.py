"""Givens and results stated in tables by name (nn/check/reader/value_tables.py; issue 20, item 1).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import json
import math

from nn.check import check_document
from nn.check.reader.inference import infer_setup
from nn.check.reader.layout import read_layout, table_headers
from nn.check.reader.value_tables import table_values
from nn.cli import main


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _values(text: str) -> list[tuple[int, str, str, bool]]:
    layout = read_layout(text)
    return [(v.line, v.name, v.value, v.gradient)
            for v in table_values(layout.table_rows, table_headers(layout.table_rows))]


# ---- the layouts --------------------------------------------------------------------------------
def test_a_name_column_and_a_value_column_state_each_row():
    text = ("| Symbol | Meaning | Value |\n|---|---|---|\n| x₁ | first input | 0.05 |\n"
            "| $w_{5}$ | a weight | $0.40$ |\n| `b_o` | output bias | **0.6** |\n| Total | all | 3 |\n")
    assert _values(text) == [(3, "x₁", "0.05", False), (4, "w_{5}", "0.40", False), (5, "b_o", "0.6", False)]


def test_a_header_of_names_over_one_row_of_numbers_states_each_column():
    text = "| x₁ | x₂ | $w_1$ |\n|---|---|---|\n| 0.05 | 0.10 | 0.15 |\n"
    assert _values(text) == [(3, "x₁", "0.05", False), (3, "x₂", "0.10", False), (3, "w_1", "0.15", False)]
    data = "| x | y |\n|---|---|\n| 1 | 2 |\n| 2 | 4 |\n"  # several rows: samples, not one example's givens
    assert _values(data) == []


def test_several_name_value_pairs_in_a_row_and_in_the_header_row():
    text = "| x₁ | 0.05 | w₁ | 0.15 |\n|---|---|---|---|\n| x₂ | 0.10 | w₂ | -0.20 |\n"
    assert _values(text) == [(1, "x₁", "0.05", False), (1, "w₁", "0.15", False),
                             (3, "x₂", "0.10", False), (3, "w₂", "-0.20", False)]


def test_a_results_table_states_derivatives_and_a_gradient_column_the_loss_gradient():
    text = ("| Gradient | Value |\n|---|---|\n| ∂E/∂w₅ | 0.0822 |\n\n"
            "| Parameter | Gradient |\n|---|---|\n| `w2` | 0.069 |\n\n"
            "| Step | Description |\n|---|---|\n| Forward | compute the output |\n")
    assert _values(text) == [(3, "∂E/∂w₅", "0.0822", False), (7, "w2", "0.069", True)]


def test_iteration_and_formula_tables_are_left_to_their_own_readers():
    text = ("| Step | $w$ | $L$ |\n|---|---|---|\n| 0 | 1.0 | 4.0 |\n\n"
            "| $x$ | $\\hat y = 3x$ |\n|---|---|\n| 1 | 3 |\n")
    assert _values(text) == []


# ---- a 2-2-1 network whose givens are only in a table -----------------------------------------------
X1, X2 = 0.35, 0.90
W1, W2, W3, W4, W5, W6 = 0.10, 0.80, 0.40, 0.60, 0.30, 0.90
B1, B2, T = 0.15, 0.20, 0.50
Z1 = W1 * X1 + W2 * X2 + B1
Z2 = W3 * X1 + W4 * X2 + B1
H1, H2 = _sigmoid(Z1), _sigmoid(Z2)
ZO = W5 * H1 + W6 * H2 + B2
OUT = _sigmoid(ZO)
E = 0.5 * (T - OUT) ** 2
DE_DO = OUT - T
DE_DZO = DE_DO * OUT * (1 - OUT)
DE_DW5, DE_DW6 = DE_DZO * H1, DE_DZO * H2
DE_DW1 = DE_DZO * W5 * H1 * (1 - H1) * X1
WRONG_W6 = round(DE_DW6, 5) + 0.001  # a slip the report must flag

BLOG = f"""# Backpropagation on a small network

A network with two inputs, two hidden sigmoid units and one sigmoid output. Everything we start
from is in this table.

| Parameter | Value |
|-----------|-------|
| x₁ | {X1:.2f} |
| x₂ | {X2:.2f} |
| w₁ | {W1:.2f} |
| w₂ | {W2:.2f} |
| w₃ | {W3:.2f} |
| w₄ | {W4:.2f} |
| w₅ | {W5:.2f} |
| w₆ | {W6:.2f} |
| b₁ | {B1:.2f} |
| b₂ | {B2:.2f} |
| t  | {T:.2f} |

The hidden layer: $z_1 = w_1 x_1 + w_2 x_2 + b_1$, $h_1 = \\sigma(z_1)$, $z_2 = w_3 x_1 + w_4 x_2 + b_1$,
$h_2 = \\sigma(z_2)$. The output: $z_o = w_5 h_1 + w_6 h_2 + b_2$, $o = \\sigma(z_o)$, and the error
$E = \\frac{{1}}{{2}}(t - o)^2$.

Working it through: $z_1 = {Z1:.4f}$, $h_1 = {H1:.4f}$, $z_2 = {Z2:.4f}$, $h_2 = {H2:.4f}$,
$o = {OUT:.4f}$ and $E = {E:.5f}$.

| Gradient | Value |
|----------|-------|
| ∂E/∂w₅ | {DE_DW5:.5f} |
| ∂E/∂w₆ | {WRONG_W6:.5f} |
| ∂E/∂w₁ | {DE_DW1:.6f} |
"""


def _line(text: str, start: str) -> int:
    return next(k for k, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def test_a_blog_whose_givens_are_only_in_a_table_is_checked_end_to_end(capsys, document_file):
    doc = document_file(BLOG, "blog.md")
    assert main(["check", str(doc), "--format", "json"]) == 1  # one wrong number
    data = json.loads(capsys.readouterr().out)
    givens = {g["quantity"]: (g["line"], g["printed"]) for g in data["coverage"]["givens"]}
    assert givens["w_5"] == (_line(BLOG, "| w₅"), f"{W5:.2f}")
    assert givens["t"] == (_line(BLOG, "| t "), "0.50")
    assert len(givens) == 11 and not data["not_checked"]
    verdicts = {(r["source"], r["document"]): r["verdict"] for r in data["rows"]}
    worked = _line(BLOG, "Working it through")
    assert verdicts[(f"line {worked}", f"{Z1:.4f}")] == "match"
    assert verdicts[(f"line {worked}", f"{H2:.4f}")] == "match"
    assert verdicts[(f"line {worked + 1}", f"{E:.5f}")] == "match"
    for start, value in (("| ∂E/∂w₅", f"{DE_DW5:.5f}"), ("| ∂E/∂w₁", f"{DE_DW1:.6f}")):
        assert verdicts[(f"line {_line(BLOG, start)}", value)] == "match"
    assert verdicts[(f"line {_line(BLOG, '| ∂E/∂w₆')}", f"{WRONG_W6:.5f}")] == "mismatch"
    assert "premises missing" not in json.dumps(data)


def test_a_gradient_column_is_the_loss_gradient_and_a_header_row_of_pairs_gives_givens(
        check_text, rows_by_quantity):
    a, b, y = 1.5, -0.5, 2.0
    p = a * b
    loss = (p - y) ** 2
    text = (f"| a | {a} | b | {b} |\n|---|---|---|---|\n| y | {y} | | |\n\n"
            f"The product $p = a b$ and the loss $L = (p - y)^2 = {loss:.4f}$.\n\n"
            f"| Parameter | Gradient |\n|---|---|\n| a | {2 * (p - y) * b:.4f} |\n"
            f"| b | {2 * (p - y) * a:.3f} |\n")
    found = infer_setup(text, read_layout(text))
    assert found.leaves == {"a": a, "b": b, "y": y}
    rows = rows_by_quantity(check_text(text))
    assert rows[("L", 0, f"{loss:.4f}")].verdict == "match"
    assert rows[("dL/da", 0, f"{2 * (p - y) * b:.4f}")].verdict == "match"
    assert rows[("dL/db", 0, f"{2 * (p - y) * a:.3f}")].verdict == "match"


def test_a_gradient_header_naming_its_derivative_in_parentheses_is_the_loss_gradient(
        check_text, rows_by_quantity):
    """| Variable | Gradient (∂L/∂var) |: a final-gradients table, each row a name and dL/dname."""
    assert _values("| Name | Derivative (∂J/∂v) |\n|---|---|\n| p | 1.5 |\n| q | -2 |\n") == [
        (3, "p", "1.5", True), (4, "q", "-2", True)]
    assert _values("| Name | ∂J/∂name |\n|---|---|\n| p | 1.5 |\n") == [(3, "p", "1.5", True)]
    assert not any(v[3] for v in _values("| Name | Gradient norm (ratio) |\n|---|---|\n| p | 1.5 |\n"))
    p, q, t = 0.7, -1.2, 0.5
    m = p * q
    loss = (m - t) ** 2
    text = (f"Let $p = {p}$, $q = {q}$ and $t = {t}$.\n\n$m = p q$ and $J = (m - t)^2 = {loss:.4f}$.\n\n"
            f"| Variable | Gradient (∂J/∂var) |\n| --- | --- |\n| p | {2 * (m - t) * q:.4f} |\n"
            f"| q | {2 * (m - t) * p + 0.05:.4f} |\n")
    rows = rows_by_quantity(check_text(text))
    assert rows[("dJ/dp", 0, f"{2 * (m - t) * q:.4f}")].verdict == "match"
    assert rows[("dJ/dq", 0, f"{2 * (m - t) * p + 0.05:.4f}")].verdict == "mismatch"


def test_a_table_of_results_flags_a_wrong_one_and_a_header_across_gives_the_givens(
        check_text, rows_by_quantity):
    u, v = 0.8, 0.3
    s = math.tanh(u * v)
    text = (f"| u | v |\n|---|---|\n| {u} | {v} |\n\n$s = \\tanh(u v)$\n\n"
            f"| Quantity | Value |\n|---|---|\n| s | {s:.4f} |\n| ∂s/∂u | {(1 - s * s) * v + 0.1:.4f} |\n")
    rows = rows_by_quantity(check_text(text))
    assert rows[("s", 0, f"{s:.4f}")].verdict == "match"
    assert rows[("ds/du", 0, f"{(1 - s * s) * v + 0.1:.4f}")].verdict == "mismatch"


def test_a_table_with_no_blank_line_after_it_ends_at_its_first_line_without_a_pipe(document_file):
    """Text pasted from a blog: the formulas follow the table's last row directly. CommonMark would run
    the table on to the next blank line; the table ends at its first line with no `|`, the rest is
    prose read as formulas."""
    x, w, b = 0.5, 0.8, 0.1  # the truth, in plain Python
    z = w * x + b
    a = 1 / (1 + math.exp(-z))
    text = ("# One neuron\n| Symbol | Value |\n|---|---|\n| x | 0.5 |\n| w | 0.8 |\n| b | 0.1 |\n"
            "z = w · x + b\n= 0.8 × 0.5 + 0.1\n= 0.50\n"
            f"a = σ(z) = {a:.4f}\nslope = a · (1 − a) = {a * (1 - a) + 0.01:.4f}\n")
    doc = document_file(text, "pasted.md")
    rows = {(r["document"], r["verdict"]) for r in check_document(doc).as_dict()["rows"]
            if r.get("verdict") in ("match", "mismatch")}
    assert (f"{z:.2f}", "match") in rows and (f"{a:.4f}", "match") in rows
    assert (f"{a * (1 - a) + 0.01:.4f}", "mismatch") in rows  # printed 0.01 too high
