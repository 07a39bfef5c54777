"""Layers in brackets (``W[1]``, ``dZ[l]``, ``W^{[1]}``), activations named in a subscript
(``g_{\\text{ReLU}}``, ``g'_{\\text{ReLU}}``) and each printed element cited on its own line
(nn/check/reader/layers.py, activations.py, cell_lines.py). Truth in plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check.reader.latex import Prod, Sym, parse_math
from nn.check.reader.layers import layer_marks
from nn.check.reader.matrices import canonical_name, define, leaves, parse_grid
from nn.check.reader.trees import leaves as tree_leaves


@pytest.mark.parametrize("text, names", [
    ("W[1]X + b[1]", {"W^[1]", "X", "b^[1]"}),
    ("dZ[4]", {"dZ^[4]"}),
    ("A[l-1]", {"A^[l-1]"}),
    ("A[ l - 1 ]", {"A^[l-1]"}),
    ("W^{[2]}", {"W^[2]"}),
    ("Z^{[L]}", {"Z^[L]"}),
    (r"e^{Z[3]}", {"Z^[3]"}),
])
def test_a_bracketed_layer_is_part_of_the_name(text, names):
    assert {leaf.base for leaf in tree_leaves(parse_math(text)) if isinstance(leaf, Sym)} == names


@pytest.mark.parametrize("text", ["a[1 - a]", r"\sigma(z)[1 - \sigma(z)]", "0.7[1-0.7]", r"\max[0, z]",
                                  "ab[1]"])
def test_a_bracket_that_holds_no_layer_stays_what_it_was(text):
    assert layer_marks(text) == text
    if text.startswith("a["):
        assert isinstance(parse_math(text), Prod)


def test_both_spellings_name_one_matrix():
    assert canonical_name("W[1]") == canonical_name("W^{[1]}") == canonical_name(r"W^{[1]}")
    assert canonical_name("dZ[l+1]") == "dZ^[l+1]"


def _grid(name: str, text: str):
    return leaves(name, parse_grid(text))


def _values(matrix) -> list[float]:
    return [v.data for row in matrix.rows for v in row]


def test_a_layer_defined_over_bracketed_names_with_a_named_activation():
    """Z[1] = W[1]x + b[1], A[1] = g_ReLU(Z[1]), then a backward step written with g'_ReLU and ⊙."""
    W = [[0.3, -0.4], [-0.2, 0.6]]
    x = [2.0, 1.5]
    b = [0.1, -0.05]
    env = {"W[1]": _grid("W^[1]", r"\begin{bmatrix} 0.3 & -0.4 \\ -0.2 & 0.6 \end{bmatrix}"),
           "x": _grid("x", r"\begin{bmatrix} 2 \\ 1.5 \end{bmatrix}"),
           "b^{[1]}": _grid("b^[1]", r"\begin{bmatrix} 0.1 \\ -0.05 \end{bmatrix}")}
    z = [sum(W[i][k] * x[k] for k in range(2)) + b[i] for i in range(2)]  # [0.1 - 0.0, ...]
    env["Z[1]"] = define("Z^[1]", "W[1]x + b[1]", env)
    assert _values(env["Z[1]"]) == pytest.approx(z)
    assert _values(define("A", r"g_{\text{ReLU}}(Z[1])", env)) == pytest.approx([max(0.0, v) for v in z])
    assert _values(define("A", r"g'_{\text{ReLU}}(Z^{[1]})", env)) == [1.0 if v > 0 else 0.0 for v in z]
    # dZ = (W^T x) ⊙ σ'(Z): the transpose of a bracketed name, then the sigmoid's slope element by element
    back = [sum(W[k][i] * x[k] for k in range(2)) for i in range(2)]
    s = [1 / (1 + math.exp(-v)) for v in z]
    assert _values(define("dZ", r"(W[1]^T x) \odot \sigma'(Z[1])", env)) == pytest.approx(
        [back[i] * s[i] * (1 - s[i]) for i in range(2)])
    assert _values(define("T", r"\tanh'(Z[1])", env)) == pytest.approx([1 - math.tanh(v) ** 2 for v in z])
    exps = [math.exp(v) for v in z]
    assert _values(define("P", r"g_{softmax}(Z[1])", env)) == pytest.approx([e / sum(exps) for e in exps])


@pytest.mark.parametrize("text", [r"f'(Z[1])", r"g'(Z[1])", r"g'_{\text{softmax}}(Z[1])"])
def test_a_derivative_of_an_activation_the_text_does_not_name_is_not_guessed(text):
    from nn.check.reader.matrices import MatrixError
    env = {"Z[1]": _grid("Z^[1]", r"\begin{bmatrix} 0.5 \\ -1 \end{bmatrix}")}
    with pytest.raises(MatrixError):
        define("A", text, env)


def test_each_element_of_a_column_is_cited_on_its_own_line(tmp_path):
    """A column printed one element a line: every element's row cites the line it is printed on."""
    from nn.check import check_document

    doc = tmp_path / "columns.md"
    doc.write_text('```stepgrad\n[network]\nkind = "expression"\n[leaves]\nu = 1.5\nv = -0.5\n'
                   '[nodes]\np = "2 * u"\nq = "p * v"\n[aliases]\n"h^[2][1]" = "p"\n"h^[2][2]" = "q"\n```\n\n'
                   "The layer:\n\n$$\nh[2] = \\begin{bmatrix}\n3.0 \\\\\n-1.6\n\\end{bmatrix}\n$$\n\n"
                   "and on one line $h^{[2]} = [3.0, -1.50]$.\n", encoding="utf-8")
    rows = [(r.number.source, r.number.quantity, r.number.value, r.verdict)
            for r in check_document(doc).report.rows if r.kind == "number"]
    lines = doc.read_text().splitlines()
    first = next(k for k, text in enumerate(lines, 1) if text == "3.0 \\\\")
    assert rows == [(f"line {first}", "p", "3.0", "match"),  # 2 · 1.5
                    (f"line {first + 1}", "q", "-1.6", "mismatch"),  # 3.0 · -0.5 = -1.5
                    (f"line {first + 5}", "q", "-1.50", "match")]  # its 3.0 was checked on line {first}
