"""A print whose f-string puts its value on the lines after a label of its own
(``print(f"Output Y:\\n{Y}")``): the value lines are the expression's, checked element by element
(nn/check/reader/notebook.py ``stream_claims``, nn/check/reader/array_code.py ``_value_below_label``).
Truth: the matrix product computed here in plain Python."""

from __future__ import annotations

import pytest

from nn.check import check_document
from nn.check.reader import notebook
from nn.check.reader.notebook import stream_claims

X = [[0.1, 0.2], [0.3, 0.4]]
W = [[0.5, 0.6, 0.7], [0.7, 1.0, 1.3]]
CODE = ("import numpy as np\nX = np.asarray([[0.1, 0.2], [0.3, 0.4]])\n"
        "W = np.asarray([[0.5, 0.6, 0.7], [0.7, 1.0, 1.3]])\nY = X @ W\nprint(f\"Output Y:\\n{Y}\")")


def _product() -> list[list[float]]:
    return [[sum(X[i][k] * W[k][j] for k in range(2)) for j in range(3)] for i in range(2)]


def _printed(rows: list[list[str]]) -> str:
    """As numpy prints a 2×3 array of two-decimal numbers."""
    lines = ["[" + " ".join(r) + "]" for r in rows]
    return "Output Y:\n[" + lines[0] + "\n " + lines[1] + "]\n"


def test_the_lines_after_an_f_string_label_are_the_interpolated_expression():
    printed = "Output Y:\n[[0.19 0.26 0.33]\n [0.43 0.58 0.73]]"
    assert stream_claims('print(f"Output Y:\\n{Y}")', printed).split("\n") == [
        "Output Y:", "Y = [[0.19 0.26 0.33]", " [0.43 0.58 0.73]]"]
    # a label with a field of its own, a format spec, two line breaks: not paired (printed as it is)
    for source in ('print(f"Y{k}:\\n{Y}")', 'print(f"Y:\\n{Y:.2f}")', 'print(f"a\\nY:\\n{Y}")'):
        assert stream_claims(source, printed) == printed


@pytest.mark.parametrize("wrong", [None, (1, 1)])
def test_a_labelled_matrix_print_is_checked_element_by_element(notebooks, tmp_path, wrong):
    truth = _product()
    shown = [[f"{v:.2f}" for v in row] for row in truth]
    if wrong is not None:
        i, j = wrong
        shown[i][j] = f"{truth[i][j] + 0.01:.2f}"
    cell = notebooks.v4.new_code_cell(CODE, outputs=[notebooks.stdout(_printed(shown))])
    path = notebooks.write(tmp_path, cell)
    result = check_document(path)
    rows = {r.number.value: r.verdict for r in result.report.rows if r.kind == "number"}
    assert len(rows) == 6 and not result.reading.skipped
    for i in range(2):
        for j in range(3):
            expected = "mismatch" if (i, j) == wrong else "match"
            assert rows[shown[i][j]] == expected, (i, j, shown[i][j])


def test_pairing_labelled_prints_is_linear_in_the_prints_doubling(monkeypatch):
    """Each print's f-string is looked at once: doubling the prints doubles the look-ups."""
    calls = []
    real = notebook._value_below_label

    def counted(arg: str):
        calls.append(arg)
        return real(arg)

    monkeypatch.setattr(notebook, "_value_below_label", counted)

    def work(n: int) -> int:
        calls.clear()
        source = "\n".join(f'print(f"Y{k}:\\n{{Y{k}}}")' for k in range(n))
        printed = "\n".join(f"Y{k}:\n[1. 2.]" for k in range(n))
        lines = stream_claims(source, printed).split("\n")
        assert lines[1::2] == [f"Y{k} = [1. 2.]" for k in range(n)]
        return len(calls)

    assert work(400) == 2 * work(200) == 400
