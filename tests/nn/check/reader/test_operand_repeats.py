"""``7.389 + 2.718 = 10.107`` after ``e^{2.0} = 7.389`` and ``e^{1.0} = 2.718``: an operand the
document printed before as one quantity's value is that number used again, checked where it was
first printed (reading.py ``operands``; a repeat row with ``repeat_of``). Truth in plain Python."""

from __future__ import annotations

import math

import pytest

DOC = "\n".join([
    "# Softmax by hand", "", r"The scores are $s = 2.0$ and $t = 1.00$.",
    r"1. $e^{{2.0}} = {e2}$", r"2. $e^{{1.00}} = {e1}$", "",
    r"Sum: ${e2} + {e1} = {total}$", ""])


@pytest.fixture
def softmax_rows(check_text):
    """``softmax_rows(e2=..., e1=..., total=...)``: the JSON rows of DOC with these numbers printed."""
    return lambda **numbers: check_text(DOC.format(**numbers)).as_dict()["rows"]


def test_operands_printed_before_are_repeats_with_their_first_verdict(softmax_rows):
    rows = softmax_rows(e2="7.389", e1="2.781", total="10.170")  # 2.781: two digits of 2.718 swapped
    assert round(math.exp(2.0), 3) == 7.389 and not math.exp(0.995) <= 2.781 <= math.exp(1.005)
    at = {(r["source"], r["document"]): r for r in rows}
    first, second, total = at[("line 7", "7.389")], at[("line 7", "2.781")], at[("line 7", "10.170")]
    assert first["repeat_of"] == "line 4" and first["verdict"] == "match"
    assert second["repeat_of"] == "line 5" and second["verdict"] == "mismatch"
    # its arithmetic as written holds, yet it inherits the wrong 2.781: its true value is e^2 + e^1
    assert round(7.389 + 2.781, 3) == 10.170 and round(math.exp(2.0) + math.exp(1.0), 3) == 10.107
    assert total["verdict"] == "mismatch" and total["causes"] == ["inherits"]
    assert total["should_read"] == "10.107" and total["inherits_from"] == "line 5"


def test_an_operand_two_quantities_printed_is_no_repeat(softmax_rows):
    rows = softmax_rows(e2="7.389", e1="7.389", total="14.778")  # e^1.0 printed as e^2.0's value
    assert not [r for r in rows if r["source"] == "line 7" and r.get("repeat_of")]
