"""Documents with no setup written in plain text, prose and matrices (issue 20, items 1, 4, 5, 9).

Every document here is written for these tests, with names and numbers of its own; each expected
value is recomputed in plain Python (never the tool's output).
"""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.inference import infer_setup
from nn.check.reader.layout import read_layout


def _rows(result):
    return {(r.number.quantity, r.number.after, r.number.value): r for p in result.all() if p.report
            for r in p.report.rows if r.kind == "number"}


def _check(tmp_path, text: str, name: str = "notes.md"):
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return check_document(doc)


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


def test_givens_and_definitions_in_plain_text_are_the_graph(tmp_path):
    found = infer_setup(PROSE, read_layout(PROSE))
    assert found.leaves == {"p": 3.0, "q": 0.5, "r": 2.0}
    assert set(found.nodes) == {"m", "d", "J"}
    rows = _rows(_check(tmp_path, PROSE))
    assert rows[("m", 0, f"{M:g}")].verdict == "match"
    assert rows[("d", 0, f"{D:g}")].verdict == "match"
    assert J == 0.25 and rows[("J", 0, "0.35")].verdict == "mismatch"  # printed wrong
    assert rows[("dJ/dp", 0, f"{2 * D * Q:g}")].verdict == "match"


def test_an_update_is_not_checked_when_the_text_computes_no_loss(tmp_path):
    """``w_new = 1 − 0.1 × (−2)`` over a given derivative: with no loss in the graph the engine has
    no gradient to step with, so the new weight is listed, never compared with a wrong step."""
    text = ("# A step\n\nWith $v = 3$, $\\eta = 0.1$ and $\\partial C/\\partial v = -4$:\n\n"
            "$$ v_{new} = v - \\eta \\cdot \\partial C/\\partial v = 3 - 0.1 \\cdot (-4) = 3.4 $$\n")
    result = _check(tmp_path, text)
    assert not any(q == "v" and after for q, after, _ in _rows(result))
    assert any(s.line == 5 and "3.4" in s.text for s in result.reading.skipped)


def test_an_index_running_to_a_symbolic_end_is_no_given(tmp_path):
    """``l = 1, 2, …, L`` states the layers an index runs over: l is not a given equal to 1."""
    u, k = 0.4, 2.5
    text = (f"# Layers\n\nFor each layer $l = 1, 2, \\ldots, L$ and $i = 1, …, n$ we compute.\n\n"
            f"Let $u = {u}$ and $k = {k}$.\n\n$$ s = k u = {k * u:g} $$\n\nAgain, for l = 1, 2, ..., L.\n")
    found = infer_setup(text, read_layout(text))
    assert "l" not in found.leaves and "i" not in found.leaves
    assert found.leaves == {"u": u, "k": k}
    rows = _rows(_check(tmp_path, text))
    assert rows[("s", 0, f"{k * u:g}")].verdict == "match"
    assert math.isclose(k * u, 1.0)
