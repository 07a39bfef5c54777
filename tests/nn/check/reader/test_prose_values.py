"""Givens and results stated in words (nn/check/reader/prose_values.py; issue 20, item 1).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.inference import infer_setup
from nn.check.reader.latex import Sym
from nn.check.reader.layout import read_layout
from nn.check.reader.prose_derivatives import prose_derivatives
from nn.check.reader.prose_values import prose_values


def _said(text: str, used=("w_2", "w_5", "b_o", "x"), unstated=()):
    names = {f"{s.base}_{s.sub}" if s.sub else s.base for s in map(_sym, used)}
    found = prose_values(text, (), lambda sym: (f"{sym.base}_{sym.sub}" if sym.sub else sym.base) in names,
                         [_sym(n) for n in unstated])
    return [(v.line, v.name, v.value, bool(v.why_not)) for v in found]


def _sym(name: str) -> Sym:
    base, _, sub = name.partition("_")
    return Sym(base, sub)


def test_the_idioms_read_and_what_stays_ambiguous_is_listed():
    assert _said("We train with a learning rate of 0.5.") == [(1, "\\eta", "0.5", False)]
    assert _said("The learning rate is 0.1 and") == [(1, "\\eta", "0.1", False)]
    assert _said("step size: 0.25") == [(1, "\\eta", "0.25", False)]
    assert _said("the gradient for w2: 0.069") == []  # a derivative: prose_derivatives reads it
    assert _said("The gradient with respect to w₅ is −0.02.") == []
    said = prose_derivatives("the gradient for w2: 0.069. The gradient with respect to w₅ is −0.02.", [], "E")
    assert [d.claim for d in said] == ["\\frac{\\partial E}{\\partial w_{2}} = 0.069",
                                       "\\frac{\\partial E}{\\partial w₅} = -0.02"]
    assert _said("w5: 0.40, `b_o`: 0.6, q: 3") == [(1, "w_{5}", "0.40", False),
                                                  (1, "b_{o}", "0.6", False)]  # q: no name used
    assert _said("Figure 3: 0.5 and Step 2: 4") == []
    assert _said("the target 0.01", unstated=("t",)) == [(1, "t", "0.01", False)]
    assert _said("the target is 1", unstated=("t", "y_true")) == [(1, "the target is 1", "1", True)]
    assert _said("so the output is 0.751") == [(1, "the output is 0.751", "0.751", True)]
    assert _said("a rate of 0.5 and 12 apples") == []


X, W, B, T, ETA = 1.5, 0.4, 0.2, 0.9, 0.5
Z = W * X + B
A = 1 / (1 + math.exp(-Z))
E = 0.5 * (T - A) ** 2
DW = (A - T) * A * (1 - A) * X

PROSE = f"""# One neuron, told in words

The input is $x = {X}$; the weight and the bias are w: {W} and b: {B}. We want the
neuron to give the target {T}, and we train with a learning rate of {ETA}.

$z = w x + b = {Z:.2f}$, $a = \\sigma(z) = {A:.4f}$, $E = \\frac{{1}}{{2}}(t - a)^2 = {E:.4f}$

That makes the gradient for w equal to {DW:.4f}, and the output is {A:.4f}.

$w^{{new}} = w - \\eta \\frac{{\\partial E}}{{\\partial w}} = {W - ETA * DW + 0.002:.4f}$
"""


def test_givens_in_words_build_the_graph_and_a_gradient_in_words_is_checked(rows_by_quantity, document_file):
    found = infer_setup(PROSE, read_layout(PROSE))
    assert found.leaves == {"x": X, "w": W, "b": B, "t": T} and found.learning_rate == ETA
    doc = document_file(PROSE, "words.md")
    result = check_document(doc)
    rows = rows_by_quantity(result)
    assert rows[("a", 0, f"{A:.4f}")].verdict == "match"
    assert rows[("E", 0, f"{E:.4f}")].verdict == "match"
    assert rows[("dE/dw", 0, f"{DW:.4f}")].verdict == "match"
    assert rows[("w", 1, f"{W - ETA * DW + 0.002:.4f}")].verdict == "mismatch"  # printed wrong
    skipped = [s for p in result.all() for s in p.reading.skipped]
    assert any(s.line == 8 and "the output" in s.reason for s in skipped)


def test_a_learning_rate_in_words_steps_no_graph_whose_root_is_not_a_loss(rows_by_quantity, check_text):
    x, w, b = 2.0, 0.5, -1.0
    z = w * x + b
    text = (f"# Logistic\n\nWith $x = {x}$, $w = {w}$, $b = {b}$: $z = w x + b$, $p = \\sigma(z)$.\n\n"
            f"$\\frac{{dz}}{{dw}} = {x}$ and $\\frac{{dz}}{{db}} = 1$; the rest in words.\n\n"
            "We use a learning rate of 0.1.\n\n$w_{new} = 0.6$\n")
    found = infer_setup(text, read_layout(text))
    assert found.learning_rate == 0.1 and found.root() == "z" and z == 0.0
    assert "not a loss" in found.unstepped()
    result = check_text(text, "logistic.md")
    # w_new is never compared
    assert not [r for r in rows_by_quantity(result).values() if r.verdict == "mismatch"]
