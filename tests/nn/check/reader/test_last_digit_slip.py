"""A number the document computed from its own earlier wrong numbers, with a slip in its last digit
as well (``diagnoses.carried_with_slip``): it inherits their errors, and what the document builds on
it is flagged as inheriting them. Each document is synthetic; its truth is plain Python."""

from __future__ import annotations

import math


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _at(rows: dict[int, list[dict]], line: int, printed: str) -> dict:
    return next(r for r in rows[line] if str(r["document"]).lstrip("≈ ") == printed)


ONE_NEURON = ["# One neuron", "", "Given $x = 1.5$, $w = 0.5$, $b = 0.1$.", "",
              r"$$z = w x + b = 0.5 \cdot 1.5 + 0.1 = 0.95$$", "",
              r"$$a = \sigma(z) = \sigma(0.95) = 0.722$$", "",
              r"$$2 a = 2 \cdot 0.722 = 1.444$$"]


def test_a_value_from_one_wrong_number_with_a_last_digit_slip_inherits_it(document_rows):
    z = 0.5 * 1.5 + 0.1  # 0.85: the document prints 0.95
    assert f"{_sigmoid(0.95):.3f}" == "0.721" and f"{_sigmoid(z):.3f}" == "0.701"  # 0.722: neither
    assert f"{2 * 0.722:.3f}" == "1.444"  # the document's arithmetic holds on its own number
    rows = document_rows("\n".join(ONE_NEURON))
    assert _at(rows, 5, "0.95")["verdict"] == "mismatch"
    a = _at(rows, 7, "0.722")
    assert a["verdict"] == "mismatch" and a["causes"] == ["arithmetic", "inherits"]
    assert "give 0.721" in a["diagnosis"] and a["origins"] == [["line 5", "0.95"]]
    twice = _at(rows, 9, "1.444")
    assert twice["verdict"] == "mismatch" and twice["causes"] == ["inherits"]
    assert twice["inherits_from"] == "line 7" and twice["should_read"] == f"{2 * _sigmoid(z):.3f}"


TWO_PRODUCTS = ["# Two products", "", "Given $x_1 = 2$, $x_2 = 3$, $w_1 = 0.4$, $w_2 = 0.1$.", "",
                r"$$p = w_1 x_1 = 0.4 \cdot 2 = 0.9$$", "", r"$$q = w_2 x_2 = 0.1 \cdot 3 = 0.1$$", "",
                r"$$a = \tanh(p + q) = \tanh(1.0) = 0.7617$$", "", r"$$3 a = 3 \cdot 0.7617 = 2.2851$$"]


def test_a_value_from_several_wrong_numbers_together_with_a_last_digit_slip_inherits_them(document_rows):
    p, q = 0.4 * 2, 0.1 * 3  # the document prints 0.9 and 0.1
    assert f"{math.tanh(0.9 + 0.1):.4f}" == "0.7616"  # both carried on: one unit off 0.7617
    assert f"{math.tanh(0.9 + q):.4f}" != "0.7616" and f"{math.tanh(p + 0.1):.4f}" != "0.7616"  # one alone
    rows = document_rows("\n".join(TWO_PRODUCTS))
    a = _at(rows, 9, "0.7617")
    assert a["verdict"] == "mismatch" and a["causes"] == ["arithmetic", "inherits"]
    assert sorted(map(tuple, a["origins"])) == [("line 5", "0.9"), ("line 7", "0.1")]
    thrice = _at(rows, 11, "2.2851")
    assert thrice["verdict"] == "mismatch" and thrice["inherits_from"] == "line 9"
    assert thrice["should_read"] == f"{3 * math.tanh(p + q):.4f}"


def test_a_number_more_than_one_unit_off_what_its_numbers_give_stays_unexplained(document_rows):
    lines = [line.replace("0.722", "0.725").replace("1.444", "1.450") for line in ONE_NEURON]
    assert f"{_sigmoid(0.95):.3f}" == "0.721"  # 0.725 is four units off: no last-digit slip
    rows = document_rows("\n".join(lines))
    a = _at(rows, 7, "0.725")
    assert a["verdict"] == "mismatch" and "inherits" not in (a.get("causes") or [])
    assert _at(rows, 9, "1.450")["verdict"] == "match"  # its true value is not known: no verdict
