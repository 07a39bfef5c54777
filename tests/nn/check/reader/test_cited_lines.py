"""Where a number is cited, and when it is compared (nn/check/reader/reading.py):

- a chain written over several lines of an ``align`` cites each number on the line it is printed on;
- a value printed after an update that the inferred graph cannot take (a nudge of a weight when the
  graph holds no loss to descend) is listed, never compared with the value before the step.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

import math

from nn.check import check_document

X, W, B = 0.5, 0.8, 0.1
Z = W * X + B
A = 1 / (1 + math.exp(-Z))
A_SWAPPED = "0.6252"  # the document's slip: two digits of 0.6225 swapped

ALIGNED = "\n".join([
    "# One neuron", "",
    f"Given $x = {X}$, $w = {W}$ and $b = {B}$.", "",
    "$$", r"\begin{align}",
    r"z &= w x + b \\",
    rf"&= {W} \cdot {X} + {B} \\",
    rf"&= {Z:.1f} \\",
    r"a &= \frac{1}{1+e^{-z}} \\",
    rf"&= \frac{{1}}{{1+e^{{-{Z:.1f}}}}} \\",
    f"&= {A_SWAPPED}",
    r"\end{align}", "$$", "",
])


def _cited(rows):
    """(line cited, quantity, number as printed, verdict) of each of ``number_rows``."""
    return [(r.source, r.number.quantity, r.number.value, r.verdict) for r in rows]


def test_each_number_of_an_aligned_chain_is_cited_on_its_own_line(check_text, number_rows):
    lines = ALIGNED.split("\n")
    read = _cited(number_rows(check_text(ALIGNED)))
    rows = {(quantity, value): (source, verdict) for source, quantity, value, verdict in read}
    z_line = next(k for k, line in enumerate(lines, 1) if line == f"&= {Z:.1f} \\\\")
    a_line = next(k for k, line in enumerate(lines, 1) if line == f"&= {A_SWAPPED}")
    assert round(Z, 1) == float(f"{Z:.1f}")  # the document's z is exact at one decimal
    assert rows[("z", f"{Z:.1f}")][0] == f"line {z_line}"
    assert rows[("a", A_SWAPPED)] == (f"line {a_line}", "mismatch")  # 0.6252 is not σ(0.5) = 0.6225
    assert abs(float(A_SWAPPED) - A) > 0.5e-4 and f"{A:.4f}" == "0.6225"


# A ReLU unit z = w x + b with no loss in the text, then a nudge of w: what is printed after it is
# the nudged forward pass, never the graph's z.
NUDGE_W, EPS = 2.0, 0.001
NUDGED = "\n".join([
    "# A nudge", "",
    f"Given $w_1 = {NUDGE_W}$, $x = 1$ and $b_1 = 0$.", "",
    f"- $z_1 = w_1 x + b_1 = ({NUDGE_W} \\times 1) + 0 = {NUDGE_W * 1 + 0:.0f}$", "",
    r"We check $\frac{\partial J}{\partial w_1}$ by nudging $w_1$.", "",
    f"- $w_1^{{\\text{{new}}}} = {NUDGE_W + EPS}$",
    f"- $z_1 = ({NUDGE_W + EPS} \\times 1) + 0 = {NUDGE_W + EPS}$", "",
])


def test_a_value_after_an_update_the_graph_cannot_take_is_listed_not_compared(check_text, number_rows):
    result = check_text(NUDGED)
    rows = _cited(number_rows(result))
    assert ("line 5", "z_1", f"{NUDGE_W:.0f}", "match") in rows  # the forward pass before the nudge
    assert not [r for r in rows if r[3] == "mismatch"]  # z_1 = 2.001 is never compared with 2
    listed = [(s.line, s.reason) for p in result.all() for s in p.reading.skipped]
    assert any(line == 10 and "after the update of w_1" in reason for line, reason in listed)


def _long_chain(rows: int) -> str:
    """One aligned chain of ``rows`` steps: z = w x + b, then the same number on every row."""
    body = [r"z &= w x + b \\", rf"&= {W} \cdot {X} + {B} \\"] + [rf"&= {Z:.1f} \\"] * rows
    return "\n".join([f"Given $x = {X}$, $w = {W}$ and $b = {B}$.", "", "$$", r"\begin{align}", *body,
                      f"&= {Z:.1f}", r"\end{align}", "$$", ""])


def test_citing_each_side_on_its_line_is_linear_in_the_chain(tmp_path, time_ratio):
    small, large = tmp_path / "small.md", tmp_path / "large.md"
    small.write_text(_long_chain(1000), encoding="utf-8")
    large.write_text(_long_chain(2000), encoding="utf-8")
    ratio = time_ratio(check_document, small, large)
    assert ratio < 3.2, f"doubling the chain multiplied the time by {ratio:.1f}"
