"""Gradient descent written the way course notes write it, read with no setup
(nn/check/reader/iterations.py, functions.py): a function ``J(v) = …`` of a parameter, its start
``v_0``, a table of steps, and the function evaluated at a point, ``J(1) = …``.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

from nn.check.reader.functions import Functions, evaluation, head
from nn.check.reader.iterations import iteration_cells
from nn.check.reader.latex import parse_math
from nn.check.reader.layout import read_layout, table_headers
from nn.check.reader.trees import evaluate


def _cost(v: float) -> float:
    return 2 * v ** 2 - 3 * v + 4


def _slope(v: float) -> float:
    return 4 * v - 3


RATE, START = 0.1, 2.0
VS = [START]
for _ in range(3):
    VS.append(VS[-1] - RATE * _slope(VS[-1]))
ROWS = "\n".join(f"| {k + 1} | {VS[k]:.4f} | {_cost(VS[k]):.4f} | {_slope(VS[k]):.4f} | {VS[k + 1]:.4f} |"
                 for k in range(3))
DESCENT = f"""# Descent on a parabola

We minimise $J(v) = 2v^2 - 3v + 4$, whose slope is $\\frac{{dJ}}{{dv}} = 4v - 3$, starting from
$v_0 = {START:g}$ with a step size $\\eta = {RATE}$.

| Iteration | $v$ | $J(v)$ | $dJ/dv$ | Updated $v$ |
|---|---|---|---|---|
{ROWS}

At the minimum $v = 0.75$, and $J(0.75) = {_cost(0.75):.3f}$.
"""


def test_an_iteration_table_is_checked_step_by_step(check_text, verdicts_by_quantity):
    verdicts = verdicts_by_quantity(check_text(DESCENT))
    for k in range(3):  # rows numbered from 1: the first row is before any step
        assert verdicts[("J", k, f"{_cost(VS[k]):.4f}")] == "match"
        assert verdicts[("dJ/dv", k, f"{_slope(VS[k]):.4f}")] == "match"
        assert verdicts[("v", k + 1, f"{VS[k + 1]:.4f}")] == "match"  # the updated column: one step on
    assert "mismatch" not in verdicts.values()


def test_a_wrong_step_in_the_table_is_caught_and_the_rest_is_not_compared_with_it(
        check_text, verdicts_by_quantity):
    wrong = DESCENT.replace(f"| {VS[2]:.4f} |\n| 3", f"| {VS[2] + 0.01:.4f} |\n| 3", 1)
    verdicts = verdicts_by_quantity(check_text(wrong))
    assert verdicts[("v", 2, f"{VS[2] + 0.01:.4f}")] == "mismatch"
    assert verdicts[("v", 3, f"{VS[3]:.4f}")] == "match"  # the engine's own steps, not the slip


def test_a_function_evaluated_at_a_number_is_its_body_there(check_text, verdicts_by_quantity):
    verdicts = verdicts_by_quantity(check_text(DESCENT))
    assert [v for (q, _, value), v in verdicts.items() if value == f"{_cost(0.75):.3f}"] == ["match"]
    functions = Functions()
    assert functions.define(parse_math("J(v)"), parse_math("2v^2 - 3v + 4")) is not None
    assert evaluate(functions.at(parse_math("J(0.75)")), lambda leaf: 0.0) == _cost(0.75)
    assert head(parse_math(r"\sigma(z)")) is None and evaluation(parse_math("J(v)")) is None


def test_iteration_cells_count_steps_from_the_first_row():
    text = ("| Step | $w$ | New $w$ | note |\n|---|---|---|---|\n| 0 | 1.0 | 0.8 | start |\n"
            "| 1 | 0.8 | 0.64 | x |\n\n| Name | Value |\n|---|---|\n| 1 | 2.0 |\n")
    layout = read_layout(text)
    cells = iteration_cells(layout.table_rows, table_headers(layout.table_rows))
    assert [(c.line, c.after, c.header, c.value) for c in cells] == [
        (3, 0, "w", "1.0"), (3, 1, "w", "0.8"), (4, 1, "w", "0.8"), (4, 2, "w", "0.64")]


def test_a_step_column_beside_words_is_no_iteration_table():
    text = "| Step | Computation | Value |\n|---|---|---|\n| 1 | $z = 0.5 \\times 2$ | $1.0$ |\n"
    layout = read_layout(text)
    assert iteration_cells(layout.table_rows, table_headers(layout.table_rows)) == []
