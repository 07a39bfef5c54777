"""A side written over printed lists (``[-0.8, 1.1, 0.1] - 1.1 = [-1.9, 0, -1.0]``) is arithmetic
element by element (trees.elementwise in arithmetic.chain_steps); ``\\Delta W = -0.1 \\cdot \\text{W update}
= [grid]`` reads ΔW as one name, defined over the matrix W update. Truth in plain Python."""

from __future__ import annotations

import pytest

from nn.check import check_document


def _steps(tmp_path, text: str) -> dict[str, str]:
    doc = tmp_path / "lists.md"
    doc.write_text(text, encoding="utf-8")
    return {r["document"]: r["verdict"] for r in check_document(doc).as_dict()["rows"]
            if r["verdict"] in ("match", "mismatch")}


def test_a_list_minus_its_maximum_is_checked_element_by_element(tmp_path):
    scores = [0.35, -1.2, 2.05, 0.6]
    shifted = [s - max(scores) for s in scores]
    printed = [f"{v:.2f}" for v in shifted]
    printed[1] = "-3.52"  # -3.25: two digits swapped
    assert f"{shifted[1]:.2f}" == "-3.25"
    text = ("# Stable softmax\n\nThe temperature is $\\tau = 1$. Subtract the largest score:\n\n$$\n"
            rf"s - \max = [{', '.join(map(str, scores))}] - {max(scores)} = [{', '.join(printed)}]" "\n$$\n")
    verdicts = _steps(tmp_path, text)
    assert verdicts[printed[0]] == "match" and verdicts[printed[3]] == "match"
    assert verdicts["-3.52"] == "mismatch"


def test_a_list_of_another_length_is_not_read_element_by_element(tmp_path):
    text = "# Lists\n\nLet $t = 1$.\n\n$$\nd - 0.5 = [0.5, 0.25, 1.5] - 0.5 = [0.0, -0.25]\n$$\n"
    verdicts = _steps(tmp_path, text)
    assert "-0.25" not in verdicts and "0.0" not in verdicts


def test_a_scaled_matrix_named_with_delta_is_each_element_times_the_scale(tmp_path):
    grad = [[0.25, -0.5, 0.125], [0.75, 0.05, -0.3]]
    lr = 0.2
    delta = [[-lr * g for g in row] for row in grad]
    cells = [[f"{v:.3f}" for v in row] for row in delta]
    cells[1][2] = "0.006"  # 0.060: the decimal point slipped
    assert f"{delta[1][2]:.3f}" == "0.060"

    def grid(rows):
        return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(map(str, r)) for r in rows) + r" \end{bmatrix}"

    text = (f"# Update\n\n$$\n\\text{{G update}} = {grid(grad)}\n$$\n\n"
            f"$$\n\\Delta W = -{lr} \\cdot \\text{{G update}} = {grid(cells)}\n$$\n")
    verdicts = _steps(tmp_path, text)
    assert verdicts[cells[0][0]] == "match" and verdicts[cells[1][1]] == "match"
    assert verdicts["0.006"] == "mismatch"


def _bmatrix(rows) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(map(str, r)) for r in rows) + r" \end{bmatrix}"


@pytest.mark.parametrize("A, x", [([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6]], [0.2, 0.5, -0.1]),
                                  ([[0.5, -0.2], [0.3, 0.4], [-0.7, 0.9]], [0.2, -0.5])],
                         ids=["2x3", "3x2"])
def test_a_matrix_product_worked_out_term_by_term(tmp_path, A, x):
    terms = [[a * b for a, b in zip(row, x)] for row in A]
    cells = [[f"{abs(t):.2f}" for t in row] for row in terms]
    cells[1][1] = f"{abs(terms[1][1]) + 0.1:.2f}"  # one term wrong

    def written(row, printed):
        out = ("-" if row[0] < 0 else "") + printed[0]
        return out + "".join(f" {'-' if t < 0 else '+'} {p}" for t, p in zip(row[1:], printed[1:]))

    sums = r"\begin{bmatrix} " + r" \\ ".join(written(r, p) for r, p in zip(terms, cells)) + r" \end{bmatrix}"
    column = _bmatrix([[v] for v in x])
    text = f"# A product by hand\n\nLet $t = 1$.\n\n$$\nA x = {_bmatrix(A)} {column}\n$$\n\n$$\n= {sums}\n$$"
    doc = tmp_path / "product.md"
    doc.write_text(text, encoding="utf-8")
    rows = [r for r in check_document(doc).as_dict()["rows"] if r["verdict"] in ("match", "mismatch")]
    verdicts = {r["document"]: r["verdict"] for r in rows}
    assert verdicts[cells[0][0]] == "match"
    assert verdicts[cells[1][1]] == "mismatch"
