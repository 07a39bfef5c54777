"""Documents with no setup written in plain text, prose and matrices (issue 20, items 1, 4, 5, 9).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

from nn.check.reader.inference import infer_setup
from nn.check.reader.layout import read_layout

# a product and a squared error written in plain Unicode text, the givens in a bulleted list
P, Q, R = 3.0, 0.5, 2.0
M = P * Q
D = M - R
J = D ** 2
PROSE = f"""# A product, in plain text

Values:

* `p = 3`
* `q = 0.5`
* `r = 2`

Forward:

1. m = p × q = 3 × 0.5 = {M:g}
2. d = m − r = {M:g} − 2 = {D:g}
3. J = d² = ({D:g})² = 0.35

Backward: ∂J/∂p = 2d · q = {2 * D * Q:g}
"""


def test_givens_and_definitions_in_plain_text_are_the_graph(check_text, rows_by_quantity):
    found = infer_setup(PROSE, read_layout(PROSE))
    assert found.leaves == {"p": 3.0, "q": 0.5, "r": 2.0}
    assert {n for n in found.nodes if not n.startswith("arithmetic_")} == {"m", "d", "J"}
    rows = rows_by_quantity(check_text(PROSE))
    assert rows[("m", 0, f"{M:g}")].verdict == "match"
    assert rows[("d", 0, f"{D:g}")].verdict == "match"
    assert J == 0.25 and rows[("J", 0, "0.35")].verdict == "mismatch"  # printed wrong
    assert rows[("dJ/dp", 0, f"{2 * D * Q:g}")].verdict == "match"


def test_an_update_is_not_checked_when_the_text_computes_no_loss(check_text, rows_by_quantity):
    """``w_new = 1 − 0.1 × (−2)`` over a given derivative: with no loss in the graph the engine has
    no gradient to step with, so the new weight is listed, never compared with a wrong step."""
    text = ("# A step\n\nWith $v = 3$, $\\eta = 0.1$ and $\\partial C/\\partial v = -4$:\n\n"
            "$$ v_{new} = v - \\eta \\cdot \\partial C/\\partial v = 3 - 0.1 \\cdot (-4) = 3.4 $$\n")
    result = check_text(text)
    assert not any(q == "v" and after for q, after, _ in rows_by_quantity(result))
    assert any(s.line == 5 and "3.4" in s.text for s in result.reading.skipped)


def test_an_index_running_to_a_symbolic_end_is_no_given(check_text, rows_by_quantity):
    """``l = 1, 2, …, L`` states the layers an index runs over: l is not a given equal to 1."""
    u, k = 0.4, 2.5
    text = (f"# Layers\n\nFor each layer $l = 1, 2, \\ldots, L$ and $i = 1, …, n$ we compute.\n\n"
            f"Let $u = {u}$ and $k = {k}$.\n\n$$ s = k u = {k * u:g} $$\n\nAgain, for l = 1, 2, ..., L.\n")
    found = infer_setup(text, read_layout(text))
    assert "l" not in found.leaves and "i" not in found.leaves
    assert found.leaves == {"u": u, "k": k}
    rows = rows_by_quantity(check_text(text))
    assert rows[("s", 0, f"{k * u:g}")].verdict == "match"
    assert math.isclose(k * u, 1.0)


# a 2-2-1 sigmoid net in layer notation (W^{[1]}), binary cross-entropy; the definitions come before the
# givens; the loss is printed wrong (0.8 for 0.91…); δ^{[1]} is written as a chain of products of vectors
def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


XS, W1 = [2.0, -1.0], [[0.3, -0.2], [0.1, 0.4]]
B1, W2, B2, Y = [0.05, -0.05], [0.6, -0.5], 0.2, 0.0
Z1 = [W1[i][0] * XS[0] + W1[i][1] * XS[1] + B1[i] for i in range(2)]
A1 = [_sigmoid(v) for v in Z1]
Z2 = W2[0] * A1[0] + W2[1] * A1[1] + B2
YHAT = _sigmoid(Z2)
LOSS = -(Y * math.log(YHAT) + (1 - Y) * math.log(1 - YHAT))
LAYERS = f"""# Two layers

$$ \\vec{{z^{{[1]}}}} = \\vec{{W^{{[1]}}}} \\vec{{x}} + \\vec{{b^{{[1]}}}} $$

$$ a^{{[1]}} = \\sigma(z^{{[1]}}) $$

$$ z^{{[2]}} = W^{{[2]}} a^{{[1]}} + b^{{[2]}}, \\quad \\hat{{y}} = \\sigma(z^{{[2]}}) $$

$$ \\mathcal{{L}}(\\hat{{y}}, y) = -\\left[ y \\log(\\hat{{y}}) + (1 - y) \\log(1 - \\hat{{y}}) \\right] $$

## Numbers

$$ x = \\begin{{bmatrix}} 2 \\\\ -1 \\end{{bmatrix}}, \\quad
W^{{[1]}} = \\begin{{bmatrix}} 0.3 & -0.2 \\\\ 0.1 & 0.4 \\end{{bmatrix}}, \\quad
b^{{[1]}} = \\begin{{bmatrix}} 0.05 \\\\ -0.05 \\end{{bmatrix}} $$

$$ W^{{[2]}} = \\begin{{bmatrix}} 0.6 & -0.5 \\end{{bmatrix}}, \\quad b^{{[2]}} = 0.2, \\quad y = 0 $$

$$ z^{{[1]}} = \\begin{{bmatrix}} {Z1[0]:.2f} \\\\ {Z1[1]:.2f} \\end{{bmatrix}} $$

$$ a^{{[1]}} ≈ \\begin{{bmatrix}} {A1[0]:.4f} \\\\ {A1[1]:.4f} \\end{{bmatrix}} $$

$$ z^{{[2]}} = {Z2:.4f}, \\quad \\hat{{y}} = \\sigma({Z2:.4f}) ≈ {YHAT:.4f} $$

$$ \\mathcal{{L}} ≈ 0.8 $$

$$ \\delta^{{[2]}} = \\hat{{y}} - y = {YHAT - Y:.4f} $$

$$ \\delta^{{[1]}} = \\delta^{{[2]}} \\cdot W^{{[2]}} \\cdot a^{{[1]}} \\cdot (1 - a^{{[1]}})
   = [0.01, -0.02] $$
"""


def test_layer_superscripts_and_definitions_before_their_givens(check_text, rows_by_quantity):
    found = infer_setup(LAYERS, read_layout(LAYERS))
    assert found.leaves["W__1__2_1"] == 0.1 and found.leaves["b__2"] == 0.2 and found.leaves["x__2"] == -1.0
    assert {"z__1__1", "a__1__2", "z__2", "y_hat", "L", "delta__2"} <= set(found.nodes)
    assert found.root() == "L" or "L" in found.nodes
    rows = rows_by_quantity(check_text(LAYERS))
    assert rows[("z__1__1", 0, f"{Z1[0]:.2f}")].verdict == "match"
    assert rows[("z__1__2", 0, f"{Z1[1]:.2f}")].verdict == "match"
    assert rows[("a__1__2", 0, f"≈ {A1[1]:.4f}")].verdict == "match"
    assert rows[("y_hat", 0, f"≈ {YHAT:.4f}")].verdict == "match"
    assert rows[("delta__2", 0, f"{YHAT - Y:.4f}")].verdict == "match"
    assert f"{LOSS:.1f}" == "0.9" and rows[("L", 0, "≈ 0.8")].verdict == "mismatch"
    # δ · W · a · (1 - a) may mean every product element by element: not read, never compared
    assert not any(q.startswith("delta__1") for q, _, _ in rows)


# a derivative by a matrix, printed as a grid over several lines; its last element is wrong
V, U = [[0.5, -1.0], [2.0, 0.25]], [1.5, -0.5]
H = [V[i][0] * U[0] + V[i][1] * U[1] for i in range(2)]
GRAD_V = [[H[i] * U[j] for j in range(2)] for i in range(2)]  # ∂(½ hᵀh)/∂V = h uᵀ
BY_MATRIX = f"""# A gradient by a matrix

$$ V = \\begin{{bmatrix}} 0.5 & -1 \\\\ 2 & 0.25 \\end{{bmatrix}},
   \\quad u = \\begin{{bmatrix}} 1.5 \\\\ -0.5 \\end{{bmatrix}} $$

$$ h = V u = \\begin{{bmatrix}} {H[0]:g} \\\\ {H[1]:g} \\end{{bmatrix}}, \\quad J = \\frac{{1}}{{2}} h^T h $$

$$
\\frac{{\\partial J}}{{\\partial V}} = h u^T =
\\begin{{bmatrix}}
{GRAD_V[0][0]:g} & {GRAD_V[0][1]:g} \\\\
{GRAD_V[1][0]:g} & -1.5
\\end{{bmatrix}}
$$
"""


def test_a_derivative_by_a_matrix_is_checked_element_by_element_on_the_lines_it_is_printed(check_text):
    result = check_text(BY_MATRIX)
    rows = {(r.number.quantity, r.number.value): r for r in result.report.rows if r.kind == "number"}
    assert rows[("h__2", f"{H[1]:g}")].verdict == "match"
    first = rows[("dJ/dV__1_1", f"{GRAD_V[0][0]:g}")]
    assert first.verdict == "match" and first.number.source == "line 11"
    assert rows[("dJ/dV__2_1", f"{GRAD_V[1][0]:g}")].verdict == "match"
    wrong = rows[("dJ/dV__2_2", "-1.5")]
    assert GRAD_V[1][1] == -1.4375 and wrong.verdict == "mismatch" and wrong.number.source == "line 12"


def test_plain_text_derivatives_negative_givens_and_a_step_written_in_numbers(check_text, rows_by_quantity):
    """``dE/dk`` in plain text is a derivative; ``(-0.3)`` substituted stands for the given -0.3; a
    given restated as arithmetic from its own value (``c = 0.2 - 0.05 · 1.7``) is a step of it,
    never compared with the given."""
    g, k, c = 4.0, -0.3, 0.2
    s = k * g + c
    text = (f"# Plain\n\nLet g = 4.0, k = -0.3 and c = 0.2.\n\ns = (-0.3) * 4.0 + 0.2 = {s:g}\n\n"
            f"E = s^2 = {s * s:.2f}\n\ndE/ds = 2 * s = {2 * s:g}\n\ndE/dk = {2 * s * g:g}\n\n"
            f"c = 0.2 - 0.05 * {2 * s:g} = {c - 0.05 * 2 * s:g}\n")
    found = infer_setup(text, read_layout(text))
    assert found.leaves == {"g": g, "k": k, "c": c} and found.nodes["s"] == "k * g + c"
    rows = rows_by_quantity(check_text(text))
    assert rows[("s", 0, f"{s:g}")].verdict == "match"
    assert rows[("dE/ds", 0, f"{2 * s:g}")].verdict == "match"
    assert rows[("dE/dk", 0, f"{2 * s * g:g}")].verdict == "match"
    assert not any(q == "c" and after == 0 and v != "0.2" for q, after, v in rows)


def test_a_leftarrow_update_is_split_at_its_equals_signs():
    """``\\leftarrow`` is a relation, not ``\\left`` opening a bracket: the sides after it are read."""
    from nn.check.reader.claims import claim_from_piece

    update = r"q - \eta \cdot \frac{\partial E}{\partial q}"
    claim = claim_from_piece(rf"q \leftarrow {update} = 0.7 - 0.5 \cdot 0.2 \approx 0.6", 1, {})
    assert claim.sides == ["q", update, r"0.7 - 0.5 \cdot 0.2", "0.6"]
    assert claim.approx == [False, False, False, True]
    bracketed = claim_from_piece(r"r = \left( 1 + 2 \right) = 3 \rightarrow s", 1, {})
    assert bracketed.sides == ["r", r"\left( 1 + 2 \right)", r"3 \rightarrow s"]


def test_a_formula_over_accented_names_is_checked(check_text):
    """``\\frac{\\partial J}{\\partial \\hat{m}} = 2(\\hat{m} - r)`` names the graph's m_hat; a wrong
    formula over the same names does not hold."""
    text = ("# Hat\n\n$k = 1.5$, $u = 2$, $r = 1$.\n\n$$ \\hat{m} = k u = 3 $$\n\n"
            "$$ J = (\\hat{m} - r)^2 = 4 $$\n\n"
            "$$ \\frac{\\partial J}{\\partial \\hat{m}} = 2(\\hat{m} - r) = 4 $$\n\n"
            "$$ \\frac{\\partial \\hat{m}}{\\partial u} = 2 k $$\n")
    result = check_text(text)
    formulas = {r.number.name.split(": ", 1)[1]: r.verdict for r in result.report.rows if r.kind != "number"}
    assert formulas == {"∂J/∂m̂": "match", "∂m̂/∂u": "mismatch"}, formulas  # ∂m̂/∂u is k = 1.5, not 3


def test_text_names_in_matrix_definitions_and_no_sum_read_as_a_name(check_text, rows_by_quantity):
    """``\\text{err} = p_{\\text{out}} - t_{\\text{gold}}`` and ``\\text{G} = h^\\top \\cdot \\text{err}``
    are definitions over grids; ``-\\sum t \\log p`` is a sum over an index, never a name ``sum``."""
    h, p, t = [3.0, -1.0], [0.25, 0.6, 0.15], [0.0, 1.0, 0.0]
    err = [p[k] - t[k] for k in range(3)]
    g = [[h[i] * err[k] for k in range(3)] for i in range(2)]
    row = " & ".join(f"{v:g}" for v in g[1][:2])
    text = (f"# Text names\n\n`h = [[3.0, -1.0]]`, `t_gold = [[0, 1, 0]]`.\n\n$$ \\text{{sum}} = 2 $$\n\n"
            f"$$ p_{{\\text{{out}}}} = [0.25, 0.6, 0.15] $$\n\n"
            f"$$ \\text{{Loss}} = -\\sum t_{{\\text{{gold}}}} \\log(p_{{\\text{{out}}}}) $$\n\n"
            f"$$ \\text{{err}} = p_{{\\text{{out}}}} - t_{{\\text{{gold}}}}\n"
            f"   = [{err[0]:g}, {err[1]:g}, 0.25] $$\n\n"
            f"$$ \\text{{G}} = h^\\top \\cdot \\text{{err}} = \\begin{{bmatrix}} {g[0][0]:g} & {g[0][1]:g} & "
            f"{g[0][2]:g} \\\\\\\\ {row} & {g[1][2]:g} \\end{{bmatrix}} $$\n")
    found = infer_setup(text, read_layout(text))
    assert "Loss" not in found.nodes  # not sum · t · log p
    rows = rows_by_quantity(check_text(text))
    assert rows[("err__1", 0, f"{err[0]:g}")].verdict == "match"
    assert err[2] == 0.15 and rows[("err__3", 0, "0.25")].verdict == "mismatch"
    assert rows[("G__2_2", 0, f"{g[1][1]:g}")].verdict == "match"


def test_a_derivative_by_what_a_node_does_not_use_is_never_compared_with_0(check_text, rows_by_quantity):
    """``∂m/∂r`` (m does not use r) and ``∂J/∂m`` (J does not use m) are listed, never compared with
    the engine's 0."""
    p, q, r = 0.7, 0.2, 3.0
    text = (f"# Side\n\n$p = {p}$, $q = {q}$, $r = {r}$.\n\n$$ J = p r = {p * r:g} $$\n\n"
            f"$$ m = p - q = {p - q:g} $$\n\n$$ \\frac{{\\partial J}}{{\\partial p}} = r = {r:g} $$\n\n"
            "$$ \\frac{\\partial m}{\\partial r} = 1 $$\n\n$$ \\frac{\\partial J}{\\partial m} = 2 $$\n")
    result = check_text(text)
    rows = rows_by_quantity(result)
    assert rows[("dJ/dp", 0, f"{r:g}")].verdict == "match"
    assert not any(quantity in ("dm/dr", "dJ/dm") for quantity, _, _ in rows)
    assert {s.line for s in result.reading.skipped} >= {11, 13}  # both listed, with their lines


def test_a_definition_read_out_of_order_never_builds_on_a_name_defined_two_ways():
    """``v = 2u - 1`` in one section and ``v = k u`` in another: ``C = v^2``, stated before
    either, is not built on the first one read (its numbers would be another example's)."""
    text = ("# Two vs\n\n$$ C = v^2 $$\n\n## One\n\n$$ v = 2u - 1 $$\n\n"
            "## Two\n\nLet $u = 3$ and $k = 0.5$.\n\n"
            "$$ v = k u = 1.5 $$\n\n$$ C = 2.25 $$\n")
    found = infer_setup(text, read_layout(text))
    assert "C" not in found.nodes and found.nodes["v"] == "2 * u - 1"
