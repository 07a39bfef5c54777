"""Printed arrays in a Markdown page's code output, read as a notebook's are
(nn/check/reader/output_labels.py), and arrays of three dimensions or more element by element
(nn/check/reader/deep_arrays.py). Truth recomputed with numpy here, not by the reader."""

from __future__ import annotations

import numpy as np

from nn.check.reader.deep_arrays import deep_chains, printed_lines
from nn.check.reader.output_labels import labelled_outputs


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-a))


def _torch_print(a: np.ndarray) -> str:
    """An array as torch prints it: 4 decimals, a blank line between the blocks of a 3-d array."""
    text = np.array2string(a, separator=", ", formatter={"float_kind": lambda v: f"{v:.4f}"},
                           prefix="tensor(")
    return "tensor(" + text + ")"


def _verdicts_by_line(document_rows, text: str) -> dict[int, list[tuple[str, str]]]:
    return {line: [(r["document"], r["verdict"]) for r in rows] for line, rows in document_rows(text).items()}


def test_a_three_dimensional_print_is_checked_element_by_element_on_its_lines(document_rows):
    x = np.array([[[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]], [[0.25, 3.0, -2.0], [1.0, -1.5, 0.75]]])
    y = _sigmoid(x * 2 - 1)
    wrong = y.copy()
    wrong[1, 0, 2] += 0.002  # one element printed wrong
    printed = _torch_print(wrong)
    code = ("import torch\nx = torch.tensor(" + np.array2string(x, separator=", ").replace("\n", "") + ")\n"
            "y = torch.sigmoid(x * 2 - 1)\nprint(y)")
    text = "# A batch of two\n\n```python\n" + code + "\n```\n\n```\n" + printed + "\n```\n"
    lines = text.split("\n")
    verdicts = _verdicts_by_line(document_rows, text)
    found = sorted((line, printed_, verdict) for line, rows in verdicts.items() for printed_, verdict in rows)
    expected = []
    for i in range(2):
        for j in range(2):
            row = f"{wrong[i, j, 0]:.4f}"
            line = next(n for n, s in enumerate(lines, 1) if row in s and f"{wrong[i, j, 1]:.4f}" in s)
            for k in range(3):
                bad = (i, j, k) == (1, 0, 2)
                expected.append((line, f"{wrong[i, j, k]:.4f}", "mismatch" if bad else "match"))
    assert found == sorted(expected)


def test_a_print_of_another_shape_pairs_nothing():
    sides = ["tensor([[[0.1, 0.2]], [[0.3, 0.4]]])"]
    assert deep_chains("y", sides, (2, 1, 2)) == [("y[1,1,1]", ["0.1"]), ("y[1,1,2]", ["0.2"]),
                                                   ("y[2,1,1]", ["0.3"]), ("y[2,1,2]", ["0.4"])]
    assert deep_chains("y", sides, (2, 2, 1)) is None
    assert deep_chains("y", ["tensor([[0.1, 0.2]])"], (1, 1, 2)) is None
    assert deep_chains("y", ["[[[0.1, ..., 0.4]]]"], (1, 1, 4)) is None  # elided: places not known


def test_an_unlabelled_print_in_a_markdown_page_is_labelled_line_for_line():
    code = "```python\nimport numpy as np\nz = np.array([[1.0, 2.0], [3.0, 4.0]])\nprint(z * 2)\n```\n"
    fenced = "# Page\n\n" + code + "\n```\n[[2. 4.]\n [6. 8.]]\n```\n"
    assert labelled_outputs(fenced).split("\n")[9:11] == ["z * 2 = [[2. 4.]", " [6. 8.]]"]
    indented = "# Page\n\n" + code + "\n    [[2. 4.]\n     [6. 8.]]\n\nText after.\n"
    out = labelled_outputs(indented).split("\n")
    assert len(out) == len(indented.split("\n"))
    assert out[7:11] == ["```output", "z * 2 = [[2. 4.]", " [6. 8.]]", "```"]
    quiet = indented.replace("print(z * 2)", "w = z * 2")
    assert labelled_outputs(quiet) == quiet  # the code shows nothing: the indented block is no output


def test_printed_lines_follow_the_rows_in_one_pass(time_ratio):
    raw = "y = tensor([[0.1, 0.2],\n        [0.3, 0.4]])"
    assert printed_lines(raw, 7, ["0.1", "0.2", "0.3", "0.4"]) == [7, 7, 8, 8]

    def lines_of(n: int) -> tuple[str, list[str]]:
        cells = [f"{k}.5" for k in range(n)]
        return "y = [" + ",\n ".join(cells) + "]", cells

    small, large = lines_of(20_000), lines_of(40_000)
    assert printed_lines(small[0], 1, small[1])[-1] == 20_000
    ratio = time_ratio(lambda case: printed_lines(case[0], 1, case[1]), small, large)
    assert ratio < 3.2, f"doubling the print multiplied the time by {ratio:.1f}"
