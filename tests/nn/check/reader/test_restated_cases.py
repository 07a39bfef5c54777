"""A line that restates a given with another value is another case than the graph's: a quantity
computed from that given on the same line is not compared with the graph's value, and the arithmetic it
writes out is checked as written (reader/reading.py ``another_case``). Synthetic documents, truth in
plain Python."""

from __future__ import annotations

import math


def _reads(x: float, printed: str) -> bool:
    return f"{x:.{len(printed.partition('.')[2])}f}" == printed


TABLE = """# Information of three events

| event | probability | information |
|---|---|---|
| pass with honours | $p=0.65$ | $I=-\\ln(0.65)=0.43$ |
| pass | $p=0.25$ | $I=-\\ln(0.25)=1.49$ |
| fail | $p=0.10$ | $I=-\\ln(0.10)=2.30$ |
"""


def test_each_table_row_is_its_own_case(check_text, printed_rows):
    assert _reads(-math.log(0.65), "0.43") and _reads(-math.log(0.10), "2.30")
    assert not _reads(-math.log(0.25), "1.49")  # the second row's slip: -ln 0.25 = 1.386
    rows = {key: row["verdict"] for key, row in printed_rows(check_text(TABLE)).items()}
    assert rows[(5, "0.43")] == "match"
    assert rows[(7, "2.30")] == "match"  # not compared with -ln(0.65): no false alarm
    assert rows[(6, "1.49")] == "mismatch"  # its own arithmetic is still checked


PROSE = """# A unit at two inputs

The weight is $w = 1.5$ and the input $x = 0.4$.

$$y = w x = 1.5 \\cdot 0.4 = 0.6$$

For a second input, $x = 0.8$: $y = 1.5 \\cdot 0.8 = 1.2$.
"""


def test_a_restated_input_on_a_line_of_prose(check_text, printed_rows):
    assert _reads(1.5 * 0.4, "0.6") and _reads(1.5 * 0.8, "1.2")
    rows = {key: row["verdict"] for key, row in printed_rows(check_text(PROSE)).items()}
    assert rows[(5, "0.6")] == "match"
    assert rows.get((7, "1.2")) == "match"  # 1.5 · 0.8 as written, never y at x = 0.4
