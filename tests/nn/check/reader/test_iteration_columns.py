"""Iteration tables written sideways, one column per step (nn/check/reader/iteration_columns.py).

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

from nn.check.reader.iteration_columns import column_cells, column_steps
from nn.check.reader.layout import read_layout, table_headers


def _steps(x: float, t: float, rate: float, start: float, n: int) -> list[tuple[float, float, float]]:
    """(b, loss, dloss/db) before each of n steps of  loss = ½(b·x − t)²."""
    out = []
    for _ in range(n):
        loss, slope = 0.5 * (start * x - t) ** 2, (start * x - t) * x
        out.append((start, loss, slope))
        start -= rate * slope
    return out


def _sideways(first: str, labels: list[str], rows: dict[str, list[str]]) -> str:
    head = f"| {first} | " + " | ".join(labels) + " |\n|" + "---|" * (len(labels) + 1) + "\n"
    return head + "".join(f"| {name} | " + " | ".join(cells) + " |\n" for name, cells in rows.items())


def _document(labels: list[str], wrong_loss: int | None = None) -> tuple[str, list]:
    steps = _steps(3.0, 1.5, 0.1, 0.0, len(labels))
    losses = [f"{loss:.4f}" for _, loss, _ in steps]
    if wrong_loss is not None:
        losses[wrong_loss] = f"{steps[wrong_loss][1] + 0.01:.4f}"
    table = _sideways("", labels, {"$b$": [f"{b:.4f}" for b, _, _ in steps], "$E$": losses,
                                   r"$\partial E/\partial b$": [f"{s:.4f}" for _, _, s in steps]})
    text = ("# Descent, one column a step\n\nThe error is $E = \\frac{1}{2}(b x - t)^2$ with $x = 3$, "
            "$t = 1.5$, a learning rate $\\eta = 0.1$, starting from $b = 0$.\n\n" + table)
    return text, steps


def test_each_column_is_the_quantities_after_its_steps(document_rows):
    text, steps = _document(["Iteration 1", "Iteration 2", "Iteration 3"])
    rows = document_rows(text)
    b_line = text.split("\n").index(next(s for s in text.split("\n") if s.startswith("| $b$")))  # 0-based
    for k, (b, loss, slope) in enumerate(steps):
        for offset, printed in ((1, f"{b:.4f}"), (2, f"{loss:.4f}"), (3, f"{slope:.4f}")):
            found = [r for r in rows[b_line + offset] if r["document"] == printed]
            assert found and found[0]["verdict"] == "match", (k, printed, rows.get(b_line + offset))


def test_a_wrong_number_in_a_column_is_flagged_and_no_other(document_rows):
    text, steps = _document(["iter 0", "iter 1", "iter 2"], wrong_loss=1)
    rows = document_rows(text)
    verdicts = {(r["document"], r["verdict"]) for found in rows.values() for r in found}
    assert (f"{steps[1][1] + 0.01:.4f}", "mismatch") in verdicts
    assert [v for v in verdicts if v[1] == "mismatch"] == [(f"{steps[1][1] + 0.01:.4f}", "mismatch")]


def test_an_initial_column_is_the_start_and_step_one_follows():
    assert column_steps(["", "Initial", "Step 1", "Step 2"]) == [None, 0, 1, 2]
    assert column_steps(["Quantity", "$k=0$", "$k=1$"]) == [None, 0, 1]
    assert column_steps(["", "**Epoch 1**", "**Epoch 2**", "**Epoch 3**"]) == [None, 0, 1, 2]


def test_columns_that_skip_steps_read_nothing_and_state_no_value(document_rows):
    assert column_steps(["", "epoch 10", "epoch 20"]) == []  # the steps between are not shown
    assert column_steps(["", "Initial", "Step 3"]) == []
    assert column_steps(["", "w", "b"]) is None and column_steps(["", "Step 1"]) is None
    text, _ = _document(["epoch 10", "epoch 20", "epoch 30"])
    assert document_rows(text) == {}  # never `b = <its last column>` as a table of values


def _wide(n: int) -> list:
    labels = [f"iter {k}" for k in range(n)]
    text = _sideways("", labels, {f"$w_{j}$": [f"{0.5 * k:.1f}" for k in range(n)] for j in range(50)})
    layout = read_layout(text)
    return [layout.table_rows, table_headers(layout.table_rows)]


def test_reading_sideways_tables_is_linear(time_ratio):
    small, large = _wide(300), _wide(600)
    assert (len(column_cells(*small)), len(column_cells(*large))) == (300 * 50, 600 * 50)
    ratio = time_ratio(lambda table: column_cells(*table), small, large)
    assert ratio < 3.2, f"doubling the table multiplied the time by {ratio:.1f}"


def test_a_table_that_differentiates_by_a_changing_given_steps_it(document_rows):
    """No `New b` column: the table's own ∂E/∂b beside a b that changes says b is what the steps update
    (the row form too); a ∂E/∂x beside an x that stays the same never makes x a parameter."""
    steps = _steps(3.0, 1.5, 0.1, 0.0, 3)
    body = "".join(f"| {k} | {b:.4f} | 3 | {loss:.4f} | {slope:.4f} | {slope * 0:.4f} |\n"
                   for k, (b, loss, slope) in enumerate(steps))
    text = ("# Descent, one row a step\n\nThe error is $E = \\frac{1}{2}(b x - t)^2$ with $x = 3$, "
            "$t = 1.5$, a learning rate $\\eta = 0.1$, starting from $b = 0$.\n\n"
            "| Step | $b$ | $x$ | $E$ | $dE/db$ | $\\partial x/\\partial b$ |\n"
            "|---|---|---|---|---|---|\n" + body)
    rows = document_rows(text)
    checked = {(line, r["document"]): r["verdict"] for line, found in rows.items() for r in found}
    for k, (b, loss, slope) in enumerate(steps):
        for printed in (f"{b:.4f}", f"{loss:.4f}", f"{slope:.4f}"):
            assert checked.get((7 + k, printed)) == "match", (k, printed, checked)
    assert "mismatch" not in checked.values()


def test_a_parameter_counted_from_step_one_after_each_step_is_listed_not_compared(document_rows):
    """`Iteration 1` may show b before or after the first step: when b's first number is not its start
    the row is listed, never compared with the value before the step (the loss row still is)."""
    steps = _steps(3.0, 1.5, 0.1, 0.0, 4)
    after = [b for b, _, _ in steps[1:]]  # b after each step, as some tables print it
    table = _sideways("", ["Iteration 1", "Iteration 2", "Iteration 3"],
                      {"$b$": [f"{b:.4f}" for b in after], "$E$": [f"{loss:.4f}" for _, loss, _ in steps[:3]],
                       "$dE/db$": [f"{slope:.4f}" for _, _, slope in steps[:3]]})
    text = ("# Descent\n\nThe error is $E = \\frac{1}{2}(b x - t)^2$ with $x = 3$, $t = 1.5$, "
            "a learning rate $\\eta = 0.1$, starting from $b = 0$.\n\n" + table)
    rows = document_rows(text)
    assert 7 not in rows  # the b row: listed
    assert [r["verdict"] for r in rows[8]] == ["match"] * 3
    assert [r["verdict"] for r in rows[9]] == ["match"] * 3
