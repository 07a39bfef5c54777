"""An element of a matrix given whole, written with bracketed indices (nn/check/reader/element_indices.py)
or a subscript in a claim the graph was not built from (inference._element_spellings). Truth in plain
Python."""

from __future__ import annotations

from nn.check.reader.element_indices import element_indices
from nn.check.reader.latex import Sym, parse_math


def test_two_bracketed_whole_numbers_after_a_letter_are_an_element():
    assert element_indices(r"W[1,2] x_2 + dW[2, 1]") == r"W_{1,2} x_2 + dW_{2,1}"
    assert parse_math("W[1,2]") == Sym("W", "12")
    for kept in (r"W[1] X + b[1]", r"a[1 - a]", r"\max[1, 2]", "[1, 2]", "w2[1,2]"):
        assert element_indices(kept) == kept


def test_a_formula_over_elements_of_given_matrices_is_checked(document_rows):
    W, x = [[0.5, -0.2], [0.1, 0.3]], [2.0, 1.0]
    z = [W[0][0] * x[0] + W[0][1] * x[1], W[1][0] * x[0] + W[1][1] * x[1]]
    loss = z[0] ** 2 + z[1] ** 2
    d12, d21 = 2 * z[0] * x[1], 2 * z[1] * x[0]
    text = ("# Elements by index\n\n$$W = \\begin{bmatrix} 0.5 & -0.2 \\\\ 0.1 & 0.3 \\end{bmatrix}$$\n\n"
            "$$x = \\begin{bmatrix} 2 \\\\ 1 \\end{bmatrix}$$\n\n"
            f"The first output is $z_1 = W[1,1] x_1 + W[1,2] x_2 = {z[0]:.1f}$ and the second\n"
            f"$z_2 = W_{{21}} x_1 + W_{{22}} x_2 = {z[1]:.1f}$.\n\n"
            f"The loss is $L = z_1^2 + z_2^2 = {loss:.2f}$, so "
            f"$\\frac{{\\partial L}}{{\\partial W_{{12}}}} = {d12:.1f}$ and "
            f"$\\frac{{\\partial L}}{{\\partial W_{{21}}}} = {d21 + 0.1:.1f}$.\n")  # the last printed wrong
    rows = {line: sorted((r["document"], r["verdict"]) for r in found)
            for line, found in document_rows(text).items()}
    assert rows == {7: [(f"{z[0]:.1f}", "match")], 8: [(f"{z[1]:.1f}", "match")],
                    10: sorted([(f"{loss:.2f}", "match"), (f"{d12:.1f}", "match"),
                                (f"{d21 + 0.1:.1f}", "mismatch")])}


def test_rewriting_indices_is_linear(time_ratio):
    small, large = "W[1,2] x + a[1 - a] " * 20_000, "W[1,2] x + a[1 - a] " * 40_000
    assert element_indices(small).count("W_{1,2}") == 20_000
    ratio = time_ratio(element_indices, small, large)
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"
