"""Tables whose columns are formulas of the columns before them (nn/check/reader/formula_tables.py):
each formula cell is the formula at its row's numbers. The document is written for this test; the
truth is plain Python."""

from __future__ import annotations

import math

from nn.check import check_document
from nn.check.reader.formula_tables import formula_table_claims
from nn.check.reader.layout import read_layout, table_headers
from nn.check.reader.trees import evaluate

SAMPLES = [(2.0, 5.0), (4.0, 7.0)]  # (u, target)
TABLE = "\n".join(f"| {u:g} | {t:g} | {2 * u:g} | {t - 2 * u:g} |" for u, t in SAMPLES)
PROBS = [0.8, 0.25]
LOGS = "\n".join(f"| {p} | {-math.log(p):.3f} |" for p in PROBS)
DOCUMENT = f"""# Predictions with $c = 2$

| $u$ | $t$ | $\\hat t = 2u$ | Residual $t - \\hat t$ |
|---|---|---|---|
{TABLE}
| 5 | 9 | 10 | 2 |

| $p$ (for the right class) | $-\\ln(p)$ | Meaning |
|---|---|---|
{LOGS}
"""


def test_each_formula_cell_is_its_formula_at_the_row(tmp_path):
    doc = tmp_path / "rows.md"
    doc.write_text(DOCUMENT, encoding="utf-8")
    result = check_document(doc)
    verdicts = sorted((r.number.name.split(":")[0], r.number.value, r.verdict)
                      for p in result.all() if p.report for r in p.report.rows if r.kind == "number")
    expected = [("line 7", "10", "match"), ("line 7", "2", "mismatch")]  # 9 - 10 is -1, not 2
    for line, (u, t) in enumerate(SAMPLES, 5):
        expected += [(f"line {line}", f"{2 * u:g}", "match"), (f"line {line}", f"{t - 2 * u:g}", "match")]
    for line, p in enumerate(PROBS, 11):
        expected.append((f"line {line}", f"{-math.log(p):.3f}", "match"))
    assert verdicts == sorted(expected)


def test_a_formula_of_a_symbol_no_column_gives_is_not_read():
    text = "| $u$ | $u + v$ |\n|---|---|\n| 1 | 3 |\n\n| $u$ | $3u$ |\n|---|---|\n| 1 | 3 |\n"
    layout = read_layout(text)
    cells = formula_table_claims(layout.table_rows, table_headers(layout.table_rows))
    assert [(c.line, c.printed) for c in cells] == [(7, "3")]
    assert evaluate(cells[0].tree, lambda leaf: math.nan) == 3.0
