"""Numbers carried from an earlier line (nn/check/reader/carried.py): a step written with the numbers
of the steps before it substituted, ``(1 - 0.7311)^2`` after ``h = σ(1) ≈ 0.7311``, is checked as
those numbers; a number carried from a wrong one is not flagged twice.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.carried import carried_numbers, is_distinctive


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


U, V, C, Y = 0.8, 1.25, 0.3, 0.0  # p = σ(u v + c), J = (p - y)²
S = U * V + C
P = _sigmoid(S)
J = (P - Y) ** 2
DJ_DP = 2 * (P - Y)
DJ_DS = DJ_DP * P * (1 - P)

NEURON = f"""# One unit, by hand

We take $u = {U}$, $v = {V}$, $c = {C}$ and the label $y = {Y:g}$.

$$s = u v + c = {U} \\cdot {V} + {C} = {S:.2f}$$

$$p = \\sigma(s) = \\sigma({S:.2f}) \\approx {P:.4f}$$

$$J = (p - y)^2 = ({P:.4f} - 0)^2 \\approx {J:.4f}$$

| derivative | value |
|---|---|
| $\\frac{{\\partial J}}{{\\partial p}} = 2(p - y)$ | ${DJ_DP:.4f}$ |

$$\\frac{{\\partial J}}{{\\partial s}} = {DJ_DP:.4f} \\times {P:.4f} \\times (1 - {P:.4f})
\\approx {DJ_DS:.4f}$$
"""


def test_numbers_substituted_from_earlier_lines_are_checked_there(check_text, row_dicts):
    carried = [r for r in row_dicts(check_text(NEURON)) if r.get("row_kind") == "carried"]
    found = [(r["source"], r["document"], r["carried_from"], r["verdict"]) for r in carried]
    assert ("line 15", f"{DJ_DP:.4f}", "line 13", "match") in found  # the table's ∂J/∂p
    assert found.count(("line 15", f"{P:.4f}", "line 7", "match")) == 2  # p of line 7, twice
    for row in carried:  # each carried number is the value of the line it comes from
        assert abs(float(row["document"]) - row["engine"]) <= 0.5e-4


def test_a_wrong_number_carried_is_flagged_once_where_it_is_printed(check_text, row_dicts):
    wrong = f"{P + 0.01:.4f}"  # a slip in p, then used as printed
    text = NEURON.replace(f"\\approx {P:.4f}$$", f"\\approx {wrong}$$", 1).replace(f"({P:.4f} - 0)",
                                                                                    f"({wrong} - 0)")
    rows = row_dicts(check_text(text))
    assert [r["verdict"] for r in rows if r["source"] == "line 7" and r["document"].endswith(wrong)] \
        == ["mismatch"]
    assert not [r for r in rows if r.get("row_kind") == "carried" and r["document"] == wrong]


def test_only_numbers_printed_with_enough_digits_are_carried():
    assert is_distinctive("0.583") and is_distinctive("11.756") and is_distinctive("0.80")
    assert is_distinctive("0.25") and is_distinctive("-0.080".lstrip("-"))
    assert not is_distinctive("0.5") and not is_distinctive("2.0") and not is_distinctive("0.009")
    text = "a = 0.5 and b = 0.3125\nthen 0.5 + 0.3125 and 1 - 0.3125 and e^{-0.3125}\n"
    found = carried_numbers(text, [(1, "0.5"), (1, "0.3125")], [])
    assert [(c.line, c.printed, c.first) for c in found] == [(2, "0.3125", 1), (2, "0.3125", 1),
                                                             (2, "-0.3125", 1)]


def test_a_given_is_never_carried_and_a_later_number_never_carries_back():
    text = "w = 0.4375\nx = 0.4375 \\cdot 2 = 0.875\nbefore: 0.2625, after: 0.2625\n"
    assert carried_numbers(text, [(2, "0.875")], [(1, "0.4375")]) == []
    found = carried_numbers(text, [(3, "0.2625")], [])
    assert [(c.line, c.printed) for c in found] == [(3, "0.2625")]  # the second one on line 3


def test_in_a_notebook_a_number_printed_again_cites_the_cell_it_was_checked_in(document_file):
    nbformat = __import__("pytest").importorskip("nbformat")
    v4 = nbformat.v4
    lines = NEURON.splitlines()
    cells = [v4.new_markdown_cell("\n".join(lines[:8])), v4.new_code_cell("print('hello')"),
             v4.new_markdown_cell("\n".join(lines[8:]))]
    doc = document_file(nbformat.writes(v4.new_notebook(cells=cells)), "unit.ipynb")
    rows = [row for part in check_document(doc).all() for row in part.as_dict()["rows"]]
    again = [(r["source"], r["document"].lstrip("≈ "), r["verdict"]) for r in rows
             if "as on cell 1" in r["name"]]
    assert ("cell 3, line 1", f"{P:.4f}", "match") in again  # J = (0.7858 - 0)^2: p of cell 1
    assert again.count(("cell 3, line 7", f"{P:.4f}", "match")) == 2
    sources = [r["source"] for r in rows if r.get("row_kind") in ("number", "carried")]
    assert sources.index("cell 3, line 1") > sources.index("cell 1, line 7")  # in the notebook's order
