"""A notebook's markdown stating numbers its code computes: the grids the text writes for the code's
arrays (nn/check/reader/array_setup.py) and chains of names over matrices (``z_0 = a_0 = x``,
nn/check/reader/inference.py). The truth of every number is recomputed here in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check import check_document

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4


@pytest.fixture
def checked(row_dicts):
    """``checked(path)``: (place and name, printed) → verdict, for every number checked."""
    return lambda path: {(r["name"], str(r["document"])): r["verdict"]
                         for r in row_dicts(check_document(path), "number", "arithmetic")}


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def _forward(x: list[float], w: list[list[float]], b: list[float]) -> tuple[list[float], list[float]]:
    z = [sum(x[i] * w[i][j] for i in range(len(x))) + b[j] for j in range(len(b))]
    return z, [_sigmoid(v) for v in z]


def _bmatrix(rows: list[list[str]]) -> str:
    return "\\begin{bmatrix}\n" + "\\\\\n".join(" & ".join(r) for r in rows) + "\n\\end{bmatrix}"


def _grid_notebook(notebooks, tmp_path, stated: list[str]):
    """Markdown gives x, W, b and states the hidden activations ``h_1 = [grid]`` (never defined in
    the text: its activation is named only in words); the code computes ``h1`` and prints it."""
    x, w, b = [2.0, -1.0], [[0.3, -0.2], [0.6, 0.45]], [0.1, -0.25]
    z, h = _forward(x, w, b)
    text = (f"Input $x = [2, -1]$ and\n\n$$\nW_1 = {_bmatrix([['0.3', '-0.2'], ['0.6', '0.45']])}\n$$\n\n"
            f"$$\nb_1 = {_bmatrix([['0.1'], ['-0.25']])}\n$$\n")
    code = ("import numpy as np\nx = np.array([[2.0, -1.0]])\nW1 = np.array([[0.3, -0.2], [0.6, 0.45]])\n"
            "b1 = np.array([[0.1, -0.25]])\nz1 = x @ W1 + b1\nh1 = 1 / (1 + np.exp(-z1))\nprint('h1 =', h1)")
    printed = f"h1 = [[{h[0]:.8f} {h[1]:.8f}]]\n"
    cells = [v4.new_markdown_cell(text), v4.new_code_cell(code, outputs=[notebooks.stdout(printed)]),
             v4.new_markdown_cell(f"So the hidden layer gives\n\n$$h_1 = {_bmatrix([stated])}$$\n")]
    return notebooks.write(tmp_path, *cells), h


def test_a_grid_the_text_states_for_an_array_the_code_computes_is_checked_against_it(
        notebooks, tmp_path, checked):
    x, w, b = [2.0, -1.0], [[0.3, -0.2], [0.6, 0.45]], [0.1, -0.25]
    h = _forward(x, w, b)[1]
    path, _ = _grid_notebook(notebooks, tmp_path, [f"{h[0]:.4f}", f"{h[1]:.4f}"])
    rows = checked(path)
    assert rows[("cell 3, line 4: h_1[1]", f"{h[0]:.4f}")] == "match"
    assert rows[("cell 3, line 4: h_1[2]", f"{h[1]:.4f}")] == "match"


def test_a_slip_in_the_grid_the_text_states_is_flagged(notebooks, tmp_path, checked):
    h = _forward([2.0, -1.0], [[0.3, -0.2], [0.6, 0.45]], [0.1, -0.25])[1]
    slipped = f"{h[1] + 0.002:.4f}"  # one digit off at the last place but one
    path, _ = _grid_notebook(notebooks, tmp_path, [f"{h[0]:.4f}", slipped])
    rows = checked(path)
    assert rows[("cell 3, line 4: h_1[1]", f"{h[0]:.4f}")] == "match"
    assert rows[("cell 3, line 4: h_1[2]", slipped)] == "mismatch"


def test_a_grid_far_from_the_code_s_array_of_that_name_is_not_compared_with_it(notebooks, tmp_path, checked):
    path, h = _grid_notebook(notebooks, tmp_path, ["0.25", "0.75"])  # another quantity spelled alike
    assert not any(printed in ("0.25", "0.75") for _, printed in checked(path))


def test_a_chain_of_names_over_matrices_defines_each_name(checked, document_file):
    x, w, b = [3.0, 1.0, 2.0], [[0.2, -0.1], [0.4, 0.3], [-0.4, 0.6]], [0.05, 0.15]
    z = [sum(x[i] * w[i][j] for i in range(3)) + b[j] for j in range(2)]
    text = ("# A layer\n\nInput $x = [3, 1, 2]$\n\n"
            f"$$\nW = {_bmatrix([['0.2', '-0.1'], ['0.4', '0.3'], ['-0.4', '0.6']])}\n$$\n\n"
            f"$$\nc = {_bmatrix([['0.05'], ['0.15']])}\n$$\n\n"
            "The input layer: $h_0 = a_0 = x$\n\n$$\nu = a_0 W + c^T\n$$\n\n"
            f"$$\nu = {_bmatrix([[f'{z[0]:.2f}', f'{z[1]:.2f}']])}\n$$\n")
    path = document_file(text, "layer.md")
    line = text.count("\n", 0, text.rindex(f"{z[0]:.2f} & {z[1]:.2f}")) + 1
    rows = checked(path)
    assert rows[(f"line {line}: u[1]", f"{z[0]:.2f}")] == "match"
    assert rows[(f"line {line}: u[2]", f"{z[1]:.2f}")] == "match"


def _update_text(w: list[list[float]], g: list[list[float]], lr: float, result: list[list[str]]) -> str:
    """``W = [W] - lr [dW]`` in one display, ``W = [result]`` in the next."""
    cells = [[f"{v:g}" for v in row] for row in w], [[f"{v:g}" for v in row] for row in g]
    return (f"**Updating $V$**\n\n$$\nV := V - \\eta \\frac{{\\partial E}}{{\\partial V}}\n$$\n\n"
            f"$$\nV = {_bmatrix(cells[0])} - {lr:g} {_bmatrix(cells[1])}\n$$\n\n"
            f"$$\nV = {_bmatrix(result)}\n$$\n")


def test_grid_arithmetic_and_its_result_in_the_next_display_are_one_chain(notebooks, tmp_path, checked):
    w, g, lr = [[0.42, -0.31], [0.25, 0.83]], [[0.12, 0.5], [-0.04, 0.94]], 0.5
    new = [[w[i][j] - lr * g[i][j] for j in range(2)] for i in range(2)]
    result = [[f"{new[0][0]:.2f}", f"{new[0][1]:.2f}"], [f"{new[1][0]:.2f}", f"{new[1][1] + 0.1:.2f}"]]
    path = notebooks.write(tmp_path, v4.new_markdown_cell("# A step\n\nSome text."),
                           v4.new_markdown_cell(_update_text(w, g, lr, result)))
    rows = {printed: (name, verdict) for (name, printed), verdict in checked(path).items()}
    assert rows[result[0][0]] == (f"cell 2, line 19: (0.42) - 0.5·(0.12) = {result[0][0]}", "match")
    assert rows[result[0][1]][1] == "match" and rows[result[1][0]][1] == "match"
    assert rows[result[1][1]] == (f"cell 2, line 20: (0.83) - 0.5·(0.94) = {result[1][1]}", "mismatch")


def test_a_given_grid_then_another_grid_for_the_same_name_is_no_chain(checked, document_file):
    text = (f"$$\nV = {_bmatrix([['0.4', '-0.3'], ['0.25', '0.8']])}\n$$\n\n"
            f"$$\nV = {_bmatrix([['0.5', '-0.1'], ['0.2', '0.3']])}\n$$\n")
    path = document_file(text, "two.md")
    assert not [name for name, _ in checked(path) if "=" in name.split(": ", 1)[-1]]


def _plain_notes(target: str, printed_loss: str) -> str:
    """Plain-text notes: a list of givens (the target glossed in words) and each formula in a code span
    on its own line, its value on the next."""
    return ("## Forward\n\n- u = 1.5\n"
            f"- t ({target}) = 2.0\n\n"
            "### Output\nq = `1 / (1 + exp(-u))`\nq ≈ 0.8176\n\n"
            f"### Loss\nE = `0.5 * (t - q)^2`\nE ≈ {printed_loss}\n")


def test_a_name_glossed_in_words_and_formulas_in_code_spans_are_read(notebooks, tmp_path, checked):
    q = 1 / (1 + math.exp(-1.5))
    loss = 0.5 * (2.0 - q) ** 2
    path = notebooks.write(tmp_path, v4.new_markdown_cell(_plain_notes("the target", f"{loss:.4f}")))
    rows = checked(path)
    assert rows[("cell 1, line 8: q", f"≈ {q:.4f}")] == "match"
    assert rows[("cell 1, line 12: E", f"≈ {loss:.4f}")] == "match"  # needs t = 2.0 and E's formula


def test_a_given_its_definition_denies_cites_the_notebook_cell(notebooks, tmp_path, checked):
    q = 1 / (1 + math.exp(-1.5))
    wrong = f"{0.5 * (2.0 - q) ** 2 + 0.01:.4f}"
    path = notebooks.write(tmp_path, v4.new_markdown_cell("# Notes"),
                           v4.new_markdown_cell(_plain_notes("the true value", wrong)))
    rows = checked(path)
    assert rows[("cell 2, line 12: E", wrong)] == "mismatch"  # the given its definition denies


def test_a_derivative_the_code_spells_dEdh1_is_what_the_text_writes_as_its_partial(
        notebooks, tmp_path, checked):
    h, t = [0.52497919, 0.24973989], [1.0, 0.0]
    grad = [h[0] - t[0], h[1] - t[1]]  # dE/dh for E = ½‖h − t‖²
    code = ("import numpy as np\nh1 = np.array([[0.52497919, 0.24973989]])\nt = np.array([[1.0, 0.0]])\n"
            "dEdh1 = h1 - t\nprint('dEdh1 =', dEdh1)")
    stated = [f"{grad[0]:.4f}", f"{grad[1] + 0.001:.4f}"]  # the second one slipped
    text = f"$$\n\\frac{{\\partial E(h_1, t)}}{{\\partial h_1}} = {_bmatrix([stated])}\n$$\n"
    path = notebooks.write(tmp_path, v4.new_code_cell(code, outputs=[notebooks.stdout(
        f"dEdh1 = [[{grad[0]:.8f} {grad[1]:.8f}]]\n")]), v4.new_markdown_cell(text))
    rows = checked(path)
    assert rows[("cell 2, line 3: ∂E/∂h_1[1]", stated[0])] == "match"
    assert rows[("cell 2, line 3: ∂E/∂h_1[2]", stated[1])] == "mismatch"


def _restating(checked, notebooks, tmp_path, stated: str):
    """A function of one cell called in the next (its result printed), then the markdown restates it."""
    y = _sigmoid(1.5 * 0.8 - 0.2)
    define = "import math\ndef forward(x, w, b):\n    return 1 / (1 + math.exp(-(x * w + b)))"
    cells = [v4.new_code_cell(define),
             v4.new_code_cell("y = forward(1.5, 0.8, -0.2)\nprint(round(y, 4))",
                              outputs=[notebooks.stdout(f"{round(y, 4)}\n")]),
             v4.new_markdown_cell(f"So the output is $y \\approx {stated}$.")]
    return checked(notebooks.write(tmp_path, *cells)), y


def test_a_value_the_code_computes_restated_in_the_markdown_is_checked(notebooks, tmp_path, checked):
    y = _sigmoid(1.5 * 0.8 - 0.2)
    rows, _ = _restating(checked, notebooks, tmp_path, f"{y:.3f}")
    assert rows[("cell 3, line 1: y", f"{y:.3f}")] == "match"
    assert rows[("cell 2 output, line 1: round(y, 4)", f"{round(y, 4)}")] == "match"


def test_a_slip_in_a_restated_value_is_flagged_and_another_quantity_is_not_compared(
        notebooks, tmp_path, checked):
    y = _sigmoid(1.5 * 0.8 - 0.2)
    rows, _ = _restating(checked, notebooks, tmp_path, f"{y + 0.01:.3f}")
    assert rows[("cell 3, line 1: y", f"{y + 0.01:.3f}")] == "mismatch"
    rows, _ = _restating(checked, notebooks, tmp_path, "0.25")  # far from 0.731: not the code's y
    assert not [key for key in rows if key[1] == "0.25"]
