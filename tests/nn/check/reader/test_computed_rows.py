"""Tables of computations, one a row (nn/check/reader/computed_rows.py): ``| 2 | $h = 0.4 + 0.3$ | $0.7$ |``
is the claim h = 0.4 + 0.3 = 0.7. The document is written for this test; the truth is plain Python."""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.computed_rows import computed_claim

P, Q = 0.4, 0.3
H = P + Q
G = 1 / (1 + math.exp(-H))
TABLE = f"""# A table of steps

Given $p = {P}$ and $q = {Q}$.

| Step | Computation | Value |
|---|---|---|
| 1 | $h = p + q$ | ___ |
| 2 | $g = \\sigma(h)$ | ___ |

| Step | Computation | Value |
|---|---|---|
| 1 | $h = {P} + {Q}$ | ${H:.1f}$ |
| 2 | $g = \\sigma({H:.1f})$ | $\\approx {G:.4f}$ |
| 3 | $g = \\sigma({H:.1f})$ | $\\approx {G + 0.01:.4f}$ |
"""


def test_a_computation_and_its_value_in_one_row_are_one_claim(tmp_path):
    doc = tmp_path / "table.md"
    doc.write_text(TABLE, encoding="utf-8")
    result = check_document(doc)
    verdicts = {(r.number.quantity, r.number.value): r.verdict for p in result.all() if p.report
                for r in p.report.rows if r.kind == "number"}
    assert verdicts[("h", f"{H:.1f}")] == "match"
    assert verdicts[("g", f"≈ {G:.4f}")] == "match"
    assert verdicts[("g", f"≈ {G + 0.01:.4f}")] == "mismatch"
    assert not any("side is empty" in s.reason for s in result.reading.skipped)  # the value cell is read


def test_only_one_computation_with_a_value_after_it_is_a_row_claim():
    assert computed_claim(["1", "$z = 0.5 \\times 2$", "$1.0$"]) == ("z = 0.5 \\times 2 = 1.0", 1, 2)
    assert computed_claim(["1", "$z = 0.5$", "$1.0$"]) is None  # the computation prints its own value
    assert computed_claim(["$a = b$", "$c = d$", "2.0"]) is None  # which one is 2.0 is not said
    assert computed_claim(["1", "$z = w x$", "___"]) is None
