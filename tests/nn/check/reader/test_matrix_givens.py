"""Matrix givens as the premises of a matrix formula (matrices.py, matrix_setup.py, array_setup.py):
``Y = XW + b`` with a row vector b broadcast over XW's rows, and the backward formulas
``dW = X^T dY``, ``db = \\sum_i dY_i``, ``dX = dY W^T`` of a given dY, each printed element checked.
The truth is computed here with nested lists."""

from __future__ import annotations

import json

import pytest

from nn.check.notation import bold_differentials
from nn.check.reader.array_setup import matrix_outputs, root_of_outputs
from nn.check.reader.inference import Inferred

X = [[0.1, 0.2], [0.3, 0.4]]
W = [[0.5, 0.6, 0.7], [0.7, 1.0, 1.3]]
B = [0.1, 0.1, 0.1]
DY = [[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]


def _matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def _transpose(a: list[list[float]]) -> list[list[float]]:
    return [list(col) for col in zip(*a)]


Y = [[v + B[j] for j, v in enumerate(row)] for row in _matmul(X, W)]  # b added to each row
DW = _matmul(_transpose(X), DY)
DB = [sum(row[j] for row in DY) for j in range(len(DY[0]))]  # summed over the rows (the samples)
DX = _matmul(DY, _transpose(W))


def _num(v: float) -> str:
    return f"{round(v, 4):g}"


def _bmatrix(rows: list[list[float]]) -> str:
    return r"\begin{bmatrix} " + r"\\ ".join(" & ".join(_num(v) for v in row) for row in rows) \
        + r" \end{bmatrix}"


def _elements(name: str, rows: list[list[float]]) -> dict[str, float]:
    if len(rows) == 1:
        return {f"{name}[{j + 1}]": v for j, v in enumerate(rows[0])}
    return {f"{name}[{i + 1},{j + 1}]": v for i, row in enumerate(rows) for j, v in enumerate(row)}


def _document(bold: str = r"\mathbf", y: list[list[float]] = Y, db: list[float] = DB,
              backward: bool = True) -> str:
    text = (f"# A linear layer\n\n${bold}{{X}} = {_bmatrix(X)}$, ${bold}{{W}} = {_bmatrix(W)}$, "
            f"${bold}{{b}} = {_bmatrix([B])}$\n\n"
            f"$${bold}{{Y}} = {bold}{{X}}{bold}{{W}} + {bold}{{b}} = {_bmatrix(y)}$$\n")
    if backward:
        text += (f"\nThe upstream gradient is $d{bold}{{Y}} = {_bmatrix(DY)}$.\n\n"
                 f"$$d{bold}{{W}} = {bold}{{X}}^T d{bold}{{Y}} = {_bmatrix(DW)}$$\n\n"
                 f"$$d{bold}{{b}} = \\sum_i d{bold}{{Y}}_i = {_bmatrix([db])}$$\n\n"
                 f"$$d{bold}{{X}} = d{bold}{{Y}} {bold}{{W}}^T = {_bmatrix(DX)}$$\n")
    return text


def _printed(result, rows_by_quantity) -> dict[str, tuple[float, str]]:
    """Each element checked: its document name → (its number, its verdict)."""
    return {row.number.name.split(": ")[-1]: (float(row.number.value), row.verdict)
            for row in rows_by_quantity(result).values()}


@pytest.mark.parametrize("bold", [r"\mathbf", r"\boldsymbol", r"\bm"])
def test_the_givens_of_a_linear_layer_are_its_premises(bold, check_text, rows_by_quantity, not_checked):
    result = check_text(_document(bold, backward=False))
    printed = _printed(result, rows_by_quantity)
    assert not not_checked(result)  # X, W and b all read as givens: none "no quantity named X[1,1]"
    for name, value in _elements("Y", Y).items():
        assert printed[name] == (pytest.approx(value), "match")


def test_each_backward_element_is_its_own_claim(check_text, rows_by_quantity, not_checked):
    result = check_text(_document())
    printed = _printed(result, rows_by_quantity)
    assert not not_checked(result)
    truth = {**_elements("Y", Y), **_elements("dW", DW), **_elements("db", [DB]), **_elements("dX", DX)}
    assert DB == [1.5, 2.0, 0.0] and DX[1] == pytest.approx([2.15, 3.65])
    for name, value in truth.items():
        assert printed[name] == (pytest.approx(value), "match"), name


def test_a_wrong_element_is_flagged_alone(check_text, rows_by_quantity):
    wrong_y = [row[:] for row in Y]
    wrong_y[1][2] += 0.1
    result = check_text(_document(y=wrong_y, db=[DB[0], DB[1] + 1, DB[2]]))
    printed = _printed(result, rows_by_quantity)
    flagged = {name for name, (_, verdict) in printed.items() if verdict != "match"}
    assert flagged == {"Y[2,3]", "db[2]"}


def test_the_numpy_form_is_the_same_layer(check_text, rows_by_quantity):
    def row(values: list[float]) -> str:
        return "[" + " ".join(_num(v) for v in values) + "]"
    code = ["import numpy as np\n", f"X = np.asarray({X})\n", f"W = np.asarray({W})\n",
            f"b = np.asarray({B})\n", "Y = X @ W + b\n", "print(Y)\n"]
    printed = [f"[{row(Y[0])}\n", f" {row(Y[1])}]\n"]
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": 1, "source": code,
              "outputs": [{"name": "stdout", "output_type": "stream", "text": printed}]}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    rows = rows_by_quantity(check_text(notebook, "layer.ipynb"))
    assert sorted(float(value) for _, _, value in rows) == pytest.approx(sorted(v for r in Y for v in r))
    assert all(row.verdict == "match" for row in rows.values())


@pytest.mark.parametrize("text, plain", [
    (r"d\mathbf{W} = \mathbf{X}^T d\boldsymbol{Y}", r"dW = \mathbf{X}^T dY"),
    (r"d\bm{b}", "db"),
    *[(text, text) for text in (r"\partial\mathbf{W} + d \mathbf{W}", r"ad\mathbf{W}", r"\mathbf{dW}")],
])
def test_a_bold_differential_is_the_plain_name(text, plain):
    assert bold_differentials(text) == plain


def _outputs_added(n: int) -> int:
    found = Inferred()
    names = [f"Y__{k}" for k in range(n)]
    found.nodes = {name: f"X__{k} * 2" for k, name in enumerate(names)}
    before = len(found.nodes)
    root_of_outputs(found, matrix_outputs(found.nodes, set(names), set()))
    assert found.root_node is not None
    return len(found.nodes) - before


def test_summing_the_outputs_doubling():
    """The root over n outputs takes about n/3 sums of a few terms each: linear, never quadratic."""
    small, large = _outputs_added(300), _outputs_added(600)
    assert large <= 2 * small + 2


def test_a_sum_over_rows_adds_the_rows_and_reads_no_single_row():
    from nn.check.reader.matrices import MatrixError, define, leaves, parse_grid

    env = {"dY": leaves("dY", parse_grid(_bmatrix(DY))), "r": leaves("r", parse_grid(_bmatrix([B]))),
           "c": leaves("c", parse_grid(r"\begin{bmatrix} 1 \\ 2 \\ 4 \end{bmatrix}"))}
    summed = define("db", r"\sum_{i} dY_i", env)
    assert [v.data for v in summed.rows[0]] == pytest.approx(DB) and summed.shape == (1, 3)
    assert [[v.data for v in row] for row in define("s", r"\sum_i c_i", env).rows] == [[7.0]]
    with pytest.raises(MatrixError):
        define("s", r"\sum_i r_i", env)  # the sum of b's elements, or b itself? not guessed
    with pytest.raises(MatrixError):
        define("s", r"\sum_i dY", env)  # no operand indexed by i


def test_scalar_outputs_beside_a_matrix_keep_the_last_node_as_root():
    from nn.check.reader.inference import infer_setup
    from nn.check.reader.layout import read_layout

    doc = ("$$ W = \\begin{bmatrix} 1 & 2 \\end{bmatrix} $$\n\n$$ a = 0.5 $$\n\n$$ c = 2 $$\n\n"
           "$$ u = a c $$\n\n$$ v = a + c $$\n")
    found = infer_setup(doc, read_layout(doc))
    assert found.values["u"] == 0.5 * 2 and found.values["v"] == 0.5 + 2
    assert found.root() == "v"  # scalars are no matrix's elements: no sum of outputs made for them
