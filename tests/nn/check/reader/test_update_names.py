"""Names of a parameter after its update (nn/check/reader/update_names.py; issue 20, item 2).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.latex import Sym, parse_math
from nn.check.reader.update_names import counted_update, split_index


def test_the_spellings_parse_as_the_name_after_a_step():
    assert parse_math("w₅(new)") == Sym("w", "5", "new")
    assert parse_math("w_{5} (updated)") == Sym("w", "5", "new")
    assert parse_math("w_5^{t+1}") == Sym("w", "5", "new")
    assert parse_math("f(x)") != Sym("f", "", "new")  # a bracket holding no such word is no update
    assert counted_update(parse_math("w₅⁽²⁾")) == (Sym("w", "5"), 2)
    assert counted_update(parse_math("w_5^{(0)}")) is None and counted_update(parse_math("w_5")) is None
    assert split_index(Sym("w5", "", "new")) == Sym("w", "5", "new") and split_index(Sym("w", "5")) is None


X, W, B, T, ETA = 1.5, 0.8, -0.2, 2.0, 0.1


def _one_step(w: float, b: float) -> tuple[float, float, float, float]:
    """y = w x + b, L = (y - t)^2: the loss and the weights after one step of gradient descent."""
    y = w * X + b
    loss = (y - T) ** 2
    dw, db = 2 * (y - T) * X, 2 * (y - T)
    return loss, dw, w - ETA * dw, b - ETA * db


LOSS, DW, W1, B1 = _one_step(W, B)
LOSS2, DW2, W2, B2 = _one_step(W1, B1)


def test_an_update_written_any_of_these_ways_is_checked_as_the_step(rows_by_quantity, document_file):
    spellings = (("w(new)", "b (updated)", 0), ("w^{(1)}", "b^{(1)}", 1), ("w⁺", "b_{new}", 0))
    for new_w, new_b, wrong in spellings:
        text = (f"# One step\n\nGivens: $x = {X}$, $w = {W}$, $b = {B}$, $t = {T}$, $\\eta = {ETA}$.\n\n"
                f"$y = w x + b$, $L = (y - t)^2 = {LOSS:.4f}$, "
                f"$\\frac{{\\partial L}}{{\\partial w}} = {DW:.4f}$.\n\n"
                f"$${new_w} = w - \\eta \\frac{{\\partial L}}{{\\partial w}} = {W1 + 0.01 * wrong:.4f}$$\n\n"
                f"$${new_b} = {B1:.4f}$$\n")
        doc = document_file(text, "step.md")
        rows = rows_by_quantity(check_document(doc))
        assert rows[("w", 1, f"{W1 + 0.01 * wrong:.4f}")].verdict == ("mismatch" if wrong else "match"), new_w
        assert rows[("b", 1, f"{B1:.4f}")].verdict == "match", new_b


def test_a_step_count_over_the_name_is_that_many_steps_and_w5_is_w_5(rows_by_quantity, document_file):
    text = (f"# Two steps\n\nGivens: $x = {X}$, $w_1 = {W}$, $b = {B}$, $t = {T}$, $\\eta = {ETA}$.\n\n"
            f"$y = w_1 x + b$, $L = (y - t)^2 = {LOSS:.4f}$.\n\n"
            f"$w_1^{{(1)}} = w_1 - \\eta \\frac{{\\partial L}}{{\\partial w_1}} = {W1:.4f}$, "
            f"$b^{{(1)}} = {B1:.4f}$\n\n"
            f"$w_1^{{(2)}} = {W2:.4f}$ and `w1_new` was {W1:.4f}.\n")
    doc = document_file(text, "steps.md")
    rows = rows_by_quantity(check_document(doc))
    assert rows[("w_1", 1, f"{W1:.4f}")].verdict == "match"
    assert rows[("w_1", 2, f"{W2:.4f}")].verdict == "match"
    assert rows[("b", 1, f"{B1:.4f}")].verdict == "match"


def test_a_chain_whose_labels_name_no_derivative_of_the_graph_is_the_documents_arithmetic(
        rows_by_quantity, check_text):
    h, w1, w2, t = 0.6, 0.4, 0.7, 0.0
    a1 = 1 / (1 + math.exp(-w1 * h))
    a2 = 1 / (1 + math.exp(-w2 * a1))
    de_da2, da2_dz2 = a2 - t, a2 * (1 - a2)
    gradient = de_da2 * da2_dz2 * a1
    # the numbers are ∂E/∂a2 · ∂a2/∂z2 · a1, but the labels say ∂a1/∂z1 (another value) and ∂z1/∂w2 (z1 is
    # not computed from w2): a label slip, not a wrong number
    text = (f"# A chain\n\nGivens: $h = {h}$, $w1 = {w1}$, $w2 = {w2}$, $t = {t}$.\n\n"
            "$z_1 = w_1 h$, $a_1 = \\sigma(z_1)$, $z_2 = w_2 a_1$, $a_2 = \\sigma(z_2)$, "
            "$E = \\frac{1}{2}(a_2 - t)^2$.\n\n"
            "$\\frac{\\partial E}{\\partial w_2} = \\frac{\\partial E}{\\partial a_2} \\cdot "
            "\\frac{\\partial a_1}{\\partial z_1} \\cdot \\frac{\\partial z_1}{\\partial w2} = "
            f"{de_da2:.4f} \\cdot {da2_dz2:.4f} \\cdot {a1:.4f} = {gradient:.5f}$\n")
    result = check_text(text, "chain.md")
    # no label slip flagged
    assert not [r for r in rows_by_quantity(result).values() if r.verdict == "mismatch"]
    skipped = {s.text: s.reason for p in result.all() for s in p.reading.skipped}
    assert "no formula of the same shape" in skipped[f"{da2_dz2:.4f}"]  # listed, not compared with ∂a1/∂z1
