"""The course-notes idioms are read in time linear in the text: nudged cases, iteration tables,
formula tables, tables of computations, definitions counted down (a doubling test each, as
tests/nn/check/reader/test_linear.py; no absolute time is asserted)."""

from __future__ import annotations

import pytest

from nn.check.reader.computed_rows import computed_claim
from nn.check.reader.definable import computable
from nn.check.reader.formula_tables import formula_table_claims
from nn.check.reader.hypothetical import Hypotheticals
from nn.check.reader.iterations import iteration_cells
from nn.check.reader.layout import find_math, read_layout, table_headers

MiB = 1 << 20


def _nudges(text: str) -> None:
    segments, _ = find_math(text, text)
    cases = Hypotheticals(text, segments)
    for seg in segments:
        cases.covers(seg.start)


def _tables(text: str) -> None:
    layout = read_layout(text)
    headers = table_headers(layout.table_rows)
    iteration_cells(layout.table_rows, headers)
    formula_table_claims(layout.table_rows, headers)
    for _, cells in layout.table_rows:
        computed_claim(cells)


def _rules(n: int) -> None:
    chain = [(f"v{k}", frozenset({f"v{k - 1}", f"c{k}"})) for k in range(n, 0, -1)]
    computable(chain, {"v0", *(f"c{k}" for k in range(1, n + 1))})


_NUDGE = "Let $a = 1$ and if $a = 1.5$ then $b = 2$, so on, without an end "
_ITERATIONS = "| Step | $w$ | $L(w)$ | New $w$ |\n|---|---|---|---|\n"
_FORMULAS = "| $x$ | $y$ | $\\hat y = 3x$ | $y - \\hat y$ |\n|---|---|---|---|\n"


@pytest.mark.parametrize("make, stage, size", [
    (lambda n: _NUDGE * (n // len(_NUDGE)), _nudges, MiB // 2),
    (lambda n: _ITERATIONS + "| 1 | 0.5 | 0.25 | 0.4 |\n" * (n // 24), _tables, MiB // 4),
    (lambda n: _FORMULAS + "| 1 | 2 | 3 | -1 |\n" * (n // 19), _tables, MiB // 4),
    (lambda n: "| Step | Computation | Value |\n|---|---|---|\n" + "| 1 | $z = 0.5 \\times 2$ | $1.0$ |\n"
     * (n // 33), _tables, MiB // 4),
], ids=["nudges", "iteration table", "formula table", "computation table"])
def test_each_idiom_is_read_in_linear_time(make, stage, size, time_ratio):
    ratio = time_ratio(stage, make(size // 2), make(size))
    assert ratio < 3.2, f"doubling the text multiplied the time by {ratio:.1f}"


def test_definitions_are_counted_down_in_linear_time(time_ratio):
    ratio = time_ratio(_rules, 20000, 40000)
    assert ratio < 3.2, f"doubling the rules multiplied the time by {ratio:.1f}"
