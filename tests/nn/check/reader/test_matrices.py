"""Vectors and matrices element by element (nn/check/reader/matrices.py, implicit.py)."""

from __future__ import annotations

import math
import re

import pytest

from nn.check.reader.implicit import split_known
from nn.check.reader.matrices import (
    Grid,
    MatrixError,
    define,
    element_claims,
    element_name,
    leaves,
    parse_grid,
)

np = pytest.importorskip("numpy")


# ---- grids as written ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    r"\begin{bmatrix} 0.1 & 0.2 \\ 0.3 & 0.4 \end{bmatrix}",
    r"\left[\begin{array}{cc} 0.1 & 0.2 \\[2pt] 0.3 & 0.4 \end{array}\right]",
    "[[0.1, 0.2], [0.3, 0.4]]",
    "array([[0.1, 0.2],\n       [0.3, 0.4]])",
    "[[0.1 0.2]\n [0.3 0.4]]",
    "np.array([[0.1, 0.2], [0.3, 0.4]], dtype=float32)",
    "W = [[0.1 0.2]\n [0.3 0.4]]",
])
def test_every_writing_of_a_matrix_is_the_same_grid(text):
    grid = parse_grid(text)
    assert grid is not None and grid.shape == (2, 2) and not grid.flat
    assert grid.values() == [[0.1, 0.2], [0.3, 0.4]]


@pytest.mark.parametrize("text, shape, flat", [
    ("[0.05, 0.10]", (1, 2), True),
    ("array([0.5933, 0.5969])", (1, 2), True),
    ("tensor([0.5933, 0.5969], grad_fn=<SigmoidBackward0>)", (1, 2), True),
    (r"\begin{pmatrix} 0.35 \\ 0.35 \end{pmatrix}", (2, 1), False),
    ("[[0.1 0.2 0.3]]", (1, 3), False),
])
def test_vectors_keep_their_orientation_or_none(text, shape, flat):
    grid = parse_grid(text)
    assert grid.shape == shape and grid.flat == flat


def test_symbolic_cells_are_kept_as_written():
    grid = parse_grid(r"\begin{bmatrix} w_{11} & w_{12} \\ -0.5 & −0.25 \end{bmatrix}")
    assert grid.cells == (("w_{11}", "w_{12}"), ("-0.5", "−0.25")) and grid.values() is None
    assert parse_grid(r"\begin{bmatrix} -0.5 & −0.25 \end{bmatrix}").values() == [[-0.5, -0.25]]


@pytest.mark.parametrize("text", ["see [the post](x) here", "no grid at all", "[0.1, 0.2] and more text"])
def test_text_that_writes_no_grid_is_none(text):
    assert parse_grid(text) is None


@pytest.mark.parametrize("text, message", [
    (r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}", "rows of different lengths (2, 1)"),
    (r"\begin{bmatrix} 1 & 2", "never closed"),
    ("[[1, 2], [3, 4]", "never closed"),
    ("[[[1]]]", "more than two dimensions"),
    ("[[1, 2], 3]", "a list mixing numbers and lists"),
    (r"\begin{bmatrix} 1 & \\ 3 & 4 \end{bmatrix}", "an empty element"),
])
def test_unreadable_grids_raise_one_line_reasons(text, message):
    with pytest.raises(MatrixError, match=re.escape(message)):
        parse_grid(text)


def test_elements_are_named_from_one_and_vectors_by_one_index():
    assert element_name("W_1", (2, 3), 0, 1) == "W_1[1,2]"
    assert element_name("x", (3, 1), 2, 0) == "x[3]" and element_name("x", (1, 3), 0, 2) == "x[3]"
    grid = parse_grid("z_1 = [0.3775 0.3925]")
    assert element_claims("z_1", grid) == [("z_1[1]", "0.3775"), ("z_1[2]", "0.3925")]


# ---- definitions expanded into the scalar graph -----------------------------------------------------------
def _net():
    W = parse_grid(r"\begin{bmatrix} 0.15 & 0.20 \\ 0.25 & 0.30 \end{bmatrix}")
    x = parse_grid("[0.05, 0.10]")
    b = parse_grid(r"\begin{bmatrix} 0.35 \\ 0.35 \end{bmatrix}")
    return {"W_1": leaves("W_1", W), "x": leaves("x", x), "b_1": leaves("b_1", b)}, W, x, b


def _data(m):
    return np.array([[v.data for v in row] for row in m.rows])


def test_wx_plus_b_is_one_weighted_sum_per_element_as_numpy_computes():
    env, W, x, b = _net()
    z = define("z_1", r"W_{1}x + b_1", env)
    expected = np.array(W.values()) @ np.array(x.values()[0]) + np.array(b.values())[:, 0]
    assert np.allclose(_data(z)[:, 0], expected) and math.isclose(z.rows[0][0].data, 0.3775)
    assert [v.label for row in z.rows for v in row] == ["z_1[1]", "z_1[2]"]
    assert all(v.op == "wsum" and len(v.parents) == 5 for row in z.rows for v in row)
    assert [p.label for p in z.rows[1][0].parents] == ["W_1[2,1]", "x[1]", "W_1[2,2]", "x[2]", "b_1[2]"]


def test_elementwise_sigma_and_its_backward_give_delta_times_input():
    env, W, x, b = _net()
    env["z_1"] = define("z_1", r"\mathbf{W}_1 x + b_1", env)
    a = define("a_1", r"\sigma(z_1)", env)
    t = np.array([0.01, 0.99])
    loss = sum(((v - float(t[i])) ** 2 * 0.5 for i, v in enumerate(r[0] for r in a.rows)), start=0.0)
    loss.backward()
    av = _data(a)[:, 0]
    delta = (av - t) * av * (1 - av)
    grads = np.array([[env["W_1"].rows[i][j].grad for j in range(2)] for i in range(2)])
    assert np.allclose(grads, np.outer(delta, np.array(x.values()[0])))
    assert np.allclose(av, 1 / (1 + np.exp(-(np.array(W.values()) @ [0.05, 0.10] + 0.35))))


def test_row_vector_times_matrix_transposes_hadamard_and_softmax():
    given = {"a": "[0.5, 0.6]", "W": "[[1, 2, 3], [4, 5, 6]]", "b": "[1, 1, 1]",
             "d": r"\begin{bmatrix}1\\2\end{bmatrix}"}
    env = {name: leaves(name, parse_grid(text)) for name, text in given.items()}
    Wn = np.array([[1, 2, 3], [4, 5, 6]])
    assert np.allclose(_data(define("h", "aW + b", env)), np.array([0.5, 0.6]) @ Wn + 1)
    assert np.allclose(_data(define("g", r"W^T d ⊙ (W^{\top} d)", env))[:, 0], (Wn.T @ [1, 2]) ** 2)
    assert np.allclose(_data(define("k", "Wᵀd", env))[:, 0], Wn.T @ [1, 2])
    p = _data(define("p", r"\operatorname{softmax}(aW)", env))[0]
    logits = np.array([0.5, 0.6]) @ Wn
    assert np.allclose(p, np.exp(logits) / np.exp(logits).sum())
    assert np.allclose(_data(define("r", "relu(2 · W − 5)", env)), np.maximum(2 * Wn - 5, 0))


def test_a_defined_matrix_draws_with_its_element_names():
    from autograd import draw

    env, *_ = _net()
    env["z_1"] = define("z_1", "W_1 x + b_1", env)
    source = draw(define("a_1", "σ(z_1)", env).rows[1][0]).source
    assert "a_1[2]" in source and "z_1[2]" in source and "W_1[2,1]" in source


@pytest.mark.parametrize("expression, message", [
    ("b_1 W_1", "shapes 2×1 and 2×2 do not multiply"),
    ("W_1 + q", "no given or defined matrix named q"),
    ("W_1 (x", "expected `)`"),
    ("log(W_1 - 1)", "cannot be computed"),
])
def test_definitions_that_cannot_be_expanded_raise_one_line_reasons(expression, message):
    env, *_ = _net()
    with pytest.raises(MatrixError, match=re.escape(message)):
        define("z", expression, env)


# ---- implicit products ------------------------------------------------------------------------------
def test_a_word_is_cut_into_givens_only_when_one_cut_fits():
    assert split_known("bc", {"a", "b", "c"}) == ["b", "c"]
    assert split_known("Wx", {"W", "x_1"}, "_1") == ["W", "x_1"]
    assert split_known("net", {"net", "n", "e", "t"}) == ["net"]
    assert split_known("abc", {"a", "b", "c", "ab", "bc"}) is None  # a·bc or ab·c: ambiguous
    assert split_known("xyz", {"x", "y"}) is None
    assert split_known("b" * 1000, {"b"}) is None


# ---- linear time -------------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda n: "array([" + ", ".join(["[0.1, 0.2, 0.3]"] * n) + "])",
    lambda n: "[[0.1 0.2 0.3]\n" + " [0.4 0.5 0.6]\n" * n + "]",
    lambda n: r"\begin{bmatrix}" + r"0.1 & 0.2 \\" * n + r"\end{bmatrix}",
    lambda n: "[" + "0.1, " * n,
    lambda n: "[" * n,
])
def test_reading_a_grid_takes_time_linear_in_its_text(make, time_ratio):
    def run(text: str) -> None:
        try:
            parse_grid(text)
        except MatrixError:
            pass

    n = (1 << 20) // len(make(1))  # ~1 MiB, then ~2 MiB
    ratio = time_ratio(run, make(n), make(2 * n), rounds=5)
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"


def test_expanding_a_definition_takes_time_linear_in_its_length(time_ratio):
    env = {"x": leaves("x", Grid((("0.5",),)))}
    n = 20_000
    ratio = time_ratio(lambda text: define("s", text, env), " + ".join(["x"] * n), " + ".join(["x"] * 2 * n))
    assert ratio < 3.2, f"doubling the definition multiplied the time by {ratio:.1f}"


# ---- in a document: each printed element is checked ------------------------------------------------------
MAZUR = __import__("pathlib").Path(__file__).resolve().parents[3] / "data" / "mazur_2_2_2.toml"
ELEMENT_ALIASES = """
[aliases]
"W_1[1,1]" = "w1"
"W_1[1,2]" = "w2"
"W_1[2,1]" = "w3"
"W_1[2,2]" = "w4"
"z_1[1]" = "z_h1"
"z_1[2]" = "z_h2"
"a_1[1]" = "a_h1"
"a_1[2]" = "a_h2"
"a_2[1]" = "a_o1"
"a_2[2]" = "a_o2"
"""


def _mazur_matrix_document(body: str):
    from nn.check import check_document

    def check(tmp_path):
        path = tmp_path / "matrix.md"
        setup = MAZUR.read_text(encoding="utf-8") + ELEMENT_ALIASES  # its own rows are not used
        text = "# Mazur's network with matrices\n\n```stepgrad\n" + setup + "```\n\n" + body
        path.write_text(text, encoding="utf-8")
        return check_document(path)
    return check


def test_printed_matrices_and_arrays_are_checked_element_by_element(tmp_path):
    body = (r"$$ W_1 = \begin{bmatrix} 0.15 & 0.20 \\ 0.25 & 0.30 \end{bmatrix}, \quad "
            r"z_1 = W_1 x + b_1 = \begin{bmatrix} 0.3775 \\ 0.3925 \end{bmatrix} $$" "\n\n"
            "```\na_1 = [0.59326999 0.59688438]\na_2 = array([0.75136507, 0.77392847])\n```\n")
    result = _mazur_matrix_document(body)(tmp_path)
    verdicts = {r.number.name.split(": ", 1)[1]: r.verdict for r in result.report.rows}
    assert verdicts == {"W_1[1,1]": "match", "W_1[1,2]": "match", "W_1[2,1]": "match", "W_1[2,2]": "match",
                        "z_1[1]": "match", "z_1[2]": "match", "a_1[1]": "match", "a_1[2]": "match",
                        "a_2[1]": "match", "a_2[2]": "mismatch"}  # out_o2 is 0.772928465: a digit slip
    assert not result.reading.skipped


def test_grids_that_cannot_be_read_are_listed_not_dropped(tmp_path):
    body = ("$$ W_1 = \\begin{bmatrix} 0.15 & 0.20 \\\\ 0.25 \\end{bmatrix} $$\n\n"
            "$$ [1.0, 2.0] \\cdot W_1 = [0.1, 0.2] $$\n")
    reasons = [s.reason for s in _mazur_matrix_document(body)(tmp_path).reading.skipped]
    assert reasons == ["rows of different lengths (2, 1)",
                       "a vector or matrix equated with an expression, not a name: only a named one (Z = …) "
                       "is checked element by element"]


def test_implicit_products_in_a_parsed_claim_evaluate_as_the_givens_say():
    from nn.check.reader.implicit import split_products
    from nn.check.reader.latex import parse_math
    from nn.check.reader.trees import evaluate, plain

    givens = {("a", ""): 5.0, ("b", ""): 3.0, ("c", ""): -2.0, ("W", ""): 2.0, ("x", "1"): 0.5}

    def known(base, sub):
        return (base, sub) in givens

    def value(leaf):
        return givens[(leaf.base, leaf.sub)]

    node = split_products(parse_math("3(a + bc)"), known)
    assert plain(node) == "3·(a + b·c)" and evaluate(node, value) == 3 * (5 + 3 * -2)
    assert plain(split_products(parse_math("Wx_1 + 1"), known)) == "W·x_1 + 1"
    untouched = parse_math(r"\eta (net + a)")
    assert split_products(untouched, known) is untouched  # Greek letters and unknown words stay


def test_layer_marks_in_any_spelling_name_the_same_matrix():
    env = {"W⁽¹⁾": leaves("W^(1)", parse_grid("[[1, 2], [3, 4]]")), "x": leaves("x", parse_grid("[1, 1]")),
           r"\mathbf{b}^{[1]}": leaves("b^[1]", parse_grid("[0.5, 0.5]"))}
    for expression in (r"W⁽¹⁾x + \mathbf{b}^{[1]}", r"W^{(1)} x + b^{[1]}"):
        z = define("z^(1)", expression, env)
        assert [(v.data, v.label) for row in z.rows for v in row] == [(3.5, "z^(1)[1]"), (7.5, "z^(1)[2]")]
