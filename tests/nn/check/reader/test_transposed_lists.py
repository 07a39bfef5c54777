"""A column vector written as a transposed row, ``x = [1.0, -2.0]^T``, is that vector: its elements are
the givens a matrix formula uses; an exercise restating a computed vector so (``Using z = [0.3, -0.7]^T``)
carries it on, in the same example. A gradient by a matrix printed as a number times a grid
(``∂L/∂W = -0.25 × [0.62 0.38] = [-0.155 -0.095]``) is checked as the document's own arithmetic.
Truth in plain Python."""

from nn.check.reader.latex import Vec, parse_math
from nn.check.reader.matrices import parse_grid

X = (1.0, -2.0)
W = ((0.5, 0.1), (-0.3, 0.2))
Z = tuple(W[i][0] * X[0] + W[i][1] * X[1] for i in range(2))
DELTA, A = -0.25, (0.62, 0.38)
GRAD = tuple(DELTA * a for a in A)


def _document(z: tuple[str, str], grad: tuple[str, str], mark: str = "^T") -> str:
    w = r"\begin{bmatrix} 0.5 & 0.1 \\ -0.3 & 0.2 \end{bmatrix}"
    return f"""# A layer

The input is $x = [1.0, -2.0]{mark}$ and the weights are
$W = {w}$.

$$
z = W x = \\begin{{bmatrix}} {z[0]} \\\\ {z[1]} \\end{{bmatrix}}
$$

## Exercise: the gradient

Using $z = [{z[0]}, {z[1]}]{mark}$ and $\\delta = -0.25$:

$$
\\frac{{\\partial L}}{{\\partial W}} = -0.25 \\times \\begin{{bmatrix}} 0.62 & 0.38 \\end{{bmatrix}}
 = \\begin{{bmatrix}} {grad[0]} & {grad[1]} \\end{{bmatrix}}
$$
"""


def _verdicts(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["document"], r["verdict"]) for r in rows]


def test_a_transposed_row_is_the_column_vector(document_rows):
    assert [f"{v:.1f}" for v in Z] == ["0.3", "-0.7"] and [f"{g:.3f}" for g in GRAD] == ["-0.155", "-0.095"]
    for mark in ("^T", "^{T}", "^\\top", "ᵀ"):
        rows = document_rows(_document(("0.3", "-0.7"), ("-0.155", "-0.095"), mark))
        assert _verdicts(rows[7]) == [("0.3", "match"), ("-0.7", "match")], mark
        assert _verdicts(rows[12]) == [("0.3", "match"), ("-0.7", "match")], mark  # carried, same example
        assert {r.get("carried_from") or r.get("repeat_of") for r in rows[12]} == {"line 7"}
        assert _verdicts(rows[16]) == [("-0.155", "match"), ("-0.095", "match")], mark


def test_wrong_elements_are_flagged(document_rows):
    rows = document_rows(_document(("0.3", "-0.1"), ("-0.155", "-0.059")))
    assert _verdicts(rows[7]) == [("0.3", "match"), ("-0.1", "mismatch")]
    assert ("-0.1", "mismatch") in _verdicts(rows[12])
    assert _verdicts(rows[16]) == [("-0.155", "match"), ("-0.059", "mismatch")]


def test_only_a_list_of_numbers_loses_its_transpose():
    assert parse_math("[0.6, -0.4]^T") == parse_math("[0.6, -0.4]")
    assert isinstance(parse_math("[1, 0]^T"), Vec)
    assert not isinstance(parse_math("[a, b]^T"), Vec) and not isinstance(parse_math("[1, 2]^2"), Vec)
    assert parse_grid("[0.6, -0.4]^{T}") == parse_grid("[0.6, -0.4]")
    assert parse_grid("[[1, 2], [3, 4]]^T") is None  # a matrix transposed moves its elements: not read
