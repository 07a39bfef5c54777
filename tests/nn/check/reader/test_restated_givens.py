"""A given that restates the document's own earlier number ("using δ = -0.1903" after computing it) is
no premise: its true value is that number's, and what the graph builds on it is checked against the
values computed from it (reader/inheritance.py, reader/restated_givens.py). Each document is synthetic;
its truth is computed here in plain Python."""

from __future__ import annotations

import math

from nn.check.reader.restated_givens import GraphValues


def _reads(x: float, printed: str) -> bool:
    decimals = len(printed.lstrip("-").partition(".")[2])
    return f"{x:.{decimals}f}" == printed


def _at(rows: dict[int, list[dict]], line: int, printed: str) -> dict:
    return next(r for r in rows[line] if str(r["document"]).lstrip("≈ ") == printed)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


UPDATE = ["# One neuron, two samples", "",
          r"The weight is $w = 0.52$, the learning rate $\eta = 0.1$ and the gradient $g = 1.34$.", "",
          r"Update: $w_{new} = w - \eta g = 0.52 - 0.1 \times 1.34 = 0.396$", "",
          "## Second sample", "",
          "The input is $u = 1.5$ and the weight is now $v = 0.396$.", "",
          r"$$z = v u = 0.396 \times 1.5 = 0.594$$"]


def test_a_wrong_updated_weight_restated_for_the_next_sample_is_inherited_by_its_forward_pass(document_rows):
    """The update 0.52 - 0.1·1.34 is 0.386 (no rounding of the givens 0.52, 1.34 gives 0.396); the next
    sample states the weight again as v = 0.396 and computes z = v u from it: right from that number,
    wrong against the true weight."""
    updated = 0.52 - 0.1 * 1.34
    assert not _reads(updated, "0.396") and _reads(0.396 * 1.5, "0.594")
    assert not _reads(updated * 1.5, "0.594")
    assert not _reads(0.515 - 0.1 * 1.345, "0.396") and not _reads(0.525 - 0.1 * 1.335, "0.396")
    rows = document_rows("\n".join(UPDATE))
    update = _at(rows, 5, "0.396")
    assert update["verdict"] == "mismatch" and _reads(updated, update["should_read"])
    z = _at(rows, 11, "0.594")
    assert z["verdict"] == "mismatch" and z["causes"] == ["inherits"] and z["inherits_from"] == "line 9"
    assert _reads(updated * 1.5, z["should_read"])
    assert "line 5's number restated" in z["diagnosis"] and "right from line 9's number" in z["diagnosis"]
    assert z["inherits_chain"].endswith("line 5 (0.396)")


MATRIX = ["# A backward step", "", "Given $p = 0.253$ and $q = 0.8$.", "",
          r"$$g = p q = 0.253 \times 0.8 = 0.2124$$", "",
          r"Using $d = 0.2124$ and $W = \begin{bmatrix} 0.5 \\ -0.3 \end{bmatrix}$:", "",
          r"$$W d = \begin{bmatrix} 0.5 \\ -0.3 \end{bmatrix} \times 0.2124 = "
          r"\begin{bmatrix} 0.1062 \\ -0.0637 \end{bmatrix}$$"]


def test_a_matrix_product_on_a_restated_wrong_element_inherits_its_error(document_rows):
    g = 0.253 * 0.8  # printed 0.2124: a digit slip
    assert not _reads(g, "0.2124")
    assert _reads(0.5 * 0.2124, "0.1062") and _reads(-0.3 * 0.2124, "-0.0637")  # right from the wrong number
    rows = document_rows("\n".join(MATRIX))
    assert _at(rows, 5, "0.2124")["verdict"] == "mismatch"
    for printed, true in (("0.1062", 0.5 * g), ("-0.0637", -0.3 * g)):
        assert not _reads(true, printed)
        row = _at(rows, 9, printed)
        assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"], row
        assert _reads(true, row["should_read"])


def test_a_grid_product_on_a_wrong_earlier_element_inherits_its_error(document_rows):
    """The same wrong element multiplied into a printed grid on the next line (no given restating it):
    each element of the product is right from 0.2124, wrong from the true 0.2024."""
    g = 0.253 * 0.8
    lines = MATRIX[:6] + [r"$$\frac{\partial L}{\partial W} = 0.2124 \times \begin{bmatrix} 0.5 & -0.3 "
                          r"\end{bmatrix} = \begin{bmatrix} 0.1062 & -0.0637 \end{bmatrix}$$"]
    rows = document_rows("\n".join(lines))
    for printed, true in (("0.1062", 0.5 * g), ("-0.0637", -0.3 * g)):
        row = _at(rows, 7, printed)
        assert row["verdict"] == "mismatch" and row["causes"] == ["inherits"]
        assert row["inherits_from"] == "line 5" and _reads(true, row["should_read"])


ROUNDING = ["# Rounding carried", "", "Given $k = 10$.", "", r"$$s = \sigma(0.4) \approx 0.5987$$", "",
            "Take $h = 0.5987$.", "", r"$$z = k h = 10 \times 0.5987 = {z}$$"]


def test_a_number_that_a_restated_rounding_carries_outside_its_precision_is_flagged(document_rows):
    """h = 0.5987 restates σ(0.4) = 0.598688 (right at four decimals); 10 h printed with four decimals
    is 5.9869, not the 5.9870 of the rounded number: the rounding carried too far."""
    s = _sigmoid(0.4)
    assert _reads(s, "0.5987") and _reads(10 * 0.5987, "5.9870") and not _reads(10 * s, "5.9870")
    row = _at(document_rows("\n".join(ROUNDING).format(z="5.9870")), 9, "5.9870")
    assert row["verdict"] == "mismatch" and row["causes"] == ["carried"] and row["inherits_from"] == "line 7"
    assert _reads(10 * s, row["should_read"])


def test_a_right_number_from_a_restated_rounding_inside_its_precision_stays_a_match(document_rows):
    s = _sigmoid(0.4)
    assert _reads(10 * s, "5.987") and _reads(10 * 0.5987, "5.987")
    rows = document_rows("\n".join(ROUNDING).format(z="5.987"))
    assert _at(rows, 9, "5.987")["verdict"] == "match"
    assert not [r for line in rows.values() for r in line if r["verdict"] == "mismatch"]


OUTPUT = ["# A rounded output", "", "Given $y = 1$.", "", r"$$\hat{y} = \sigma(0.4172) \approx 0.6028$$", "",
          r"$$L = (y - \hat{y})^2 = (1 - 0.6028)^2 = (0.3972)^2 \approx 0.1578$$", "",
          r"$$\sigma'(z) = 0.6028 \times 0.3972 = 0.2395$$"]


def test_a_product_its_printed_numbers_do_not_give_is_its_own_slip_on_known_operands(document_rows):
    """0.6028 · 0.3972 is 0.23943: only operands rounded up allow 0.2395, yet 0.6028 is σ(0.4172) =
    0.602813 and 0.3972 is 1 minus it, whose product is 0.2394: the slip is this line's arithmetic (the
    same step on a premise ``a = 0.6028`` is only checked as written: test_inheritance)."""
    a = _sigmoid(0.4172)
    assert _reads(a, "0.6028") and _reads(0.6028 * 0.3972, "0.2394") and _reads(a * (1 - a), "0.2394")
    assert _reads(0.60285 * 0.39725, "0.2395")  # as written (operands anything that rounds to them) it holds
    rows = document_rows("\n".join(OUTPUT))
    row = _at(rows, 9, "0.2395")
    assert row["verdict"] == "mismatch" and row["causes"] == ["arithmetic"] and row["should_read"] == "0.2394"
    assert all(r["verdict"] == "match" for line in (5, 7) for r in rows[line])


def _chain(n: int) -> dict:
    nodes = {"n0": "a * 2"} | {f"n{k}": f"n{k - 1} + a" for k in range(1, n)}
    return {"network": {"kind": "expression"}, "leaves": {"a": 0.5}, "nodes": nodes}


def test_graph_values_are_computed_from_the_replaced_leaves():
    graph = GraphValues(_chain(4))
    assert graph.value("n3", {}) == 0.5 * 2 + 3 * 0.5
    assert graph.value("n3", {"a": 0.25}) == 0.25 * 2 + 3 * 0.25
    assert graph.leaves_of("n3") == {"a"} and graph.value("missing", {}) is None


def test_graph_values_work_doubles_with_the_graph():
    """Every node of a chain asked for with one leaf replaced: each node is evaluated once (memoised),
    so doubling the chain doubles the work (counted, not timed)."""
    work = []
    for n in (200, 400):
        graph = GraphValues(_chain(n))
        for k in range(n):
            graph.value(f"n{k}", {"a": 0.25})
        work.append(graph.evaluated)
    assert work == [200, 400]


def test_a_long_chain_asked_for_its_last_node_first_needs_no_deep_recursion():
    n = 5000
    graph = GraphValues(_chain(n))
    assert graph.value(f"n{n - 1}", {"a": 1.0}) == 2.0 + (n - 1)
    assert graph.evaluated == n
