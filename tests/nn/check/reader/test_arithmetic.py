"""Arithmetic on printed numbers, read with no setup (nn/check/reader/arithmetic.py): ``e^{1.5} = 4.482``,
``-\\log(0.6) = 0.511``, a label in prose before ``= \\frac{…}{…} = 0.44``; a result the document's
rounded inputs allow is listed, never called wrong.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

import math

from nn.check.reader.arithmetic import within_rounding
from nn.check.reader.latex import parse_math


def _verdicts(rows):
    """(place, number as printed) → verdict of ``number_rows``."""
    return {(r.number.name.split(":")[0], r.number.value): r.verdict for r in rows}


E = [math.exp(v) for v in (1.5, 0.5, -1.0)]
E_PRINTED = [f"{e:.3f}" for e in E]
TOTAL = sum(float(p) for p in E_PRINTED)
SHARES = [float(p) / round(TOTAL, 3) for p in E_PRINTED]
LOSS = -math.log(0.6)
SOFTMAX = f"""# Three scores $s = 1.5$

| Step | first | second | third |
|---|---|---|---|
| exponentiate | $e^{{1.5}} = {E_PRINTED[0]}$ | $e^{{0.5}} = {E_PRINTED[1]}$ | $e^{{-1.0}} = {E_PRINTED[2]}$ |
| add | ${' + '.join(E_PRINTED)} = {TOTAL:.3f}$ | | |
| divide | $\\frac{{{E_PRINTED[0]}}}{{{TOTAL:.3f}}} = {SHARES[0]:.3f}$ | | |

The loss of a sample whose right class gets 0.6 is $-\\log(0.6) = {LOSS:.3f}$, and
**Mean loss** $= \\frac{{0.511 + 0.223}}{{2}} = {(0.511 + 0.223) / 2:.3f}$.

A slip: $(1 - 0.75)^2 = 0.0652$.
"""


def test_arithmetic_on_printed_numbers_is_checked(check_text, number_rows):
    verdicts = _verdicts(number_rows(check_text(SOFTMAX)))
    assert verdicts[("line 5", E_PRINTED[0])] == "match" and verdicts[("line 5", E_PRINTED[2])] == "match"
    assert verdicts[("line 6", f"{TOTAL:.3f}")] == "match"
    assert verdicts[("line 7", f"{SHARES[0]:.3f}")] == "match"
    assert verdicts[("line 9", f"{LOSS:.3f}")] == "match"
    assert verdicts[("line 10", f"{(0.511 + 0.223) / 2:.3f}")] == "match"  # its label is prose
    assert verdicts[("line 12", "0.0652")] == "mismatch"  # (0.25)² is 0.0625: two digits swapped
    assert (1 - 0.75) ** 2 == 0.0625


def test_a_result_the_rounded_inputs_allow_is_listed_not_called_wrong(check_text, number_rows, not_checked):
    # 0.333 × 3 is 0.999, but 0.333 is 1/3 printed: the document's 1.000 is what its inputs allow
    text = "# Thirds\n\nWith $t = 3$: $0.333 \\times 3 = 1.000$ and $0.333 \\times 3 = 1.20$\n"
    result = check_text(text)
    assert _verdicts(number_rows(result)) == {("line 3", "1.20"): "mismatch"}
    assert any(text == "1.000" and "rounded numbers allow" in reason
               for _, text, reason in not_checked(result))


def test_within_rounding_spreads_by_each_input_printed_place():
    assert within_rounding(parse_math(r"0.333 \times 3"), "1.00")
    assert not within_rounding(parse_math(r"0.333 \times 3"), "1.01")  # 0.3335 × 3 = 1.0005 at most
    assert within_rounding(parse_math(r"\frac{7.389}{11.756}"), "0.629")
    assert not within_rounding(parse_math(r"(1 - 0.75)^2"), "0.0652")
    assert within_rounding(parse_math(r"e^{100}"), "2.69e43")


# A quantity the graph does not compute (no loss is defined), its arithmetic still checked.
FALLBACK = """# A step by hand

Take $q = 2$.

$$ \\frac{\\partial J}{\\partial q} = \\frac{-2}{3}(-9) = 6.0 $$

$$ q_{\\text{new}} = 2 - 0.05 \\times 6.0 = 1.7 $$

$$ r_{\\text{new}} = 2 - 0.05 \\times 6.0 = 1.6 $$
"""


def test_the_arithmetic_of_a_claim_whose_quantity_is_not_computed_is_checked(check_text, number_rows):
    result = check_text(FALLBACK)
    verdicts = _verdicts(number_rows(result))
    assert verdicts[("line 5", "6.0")] == "match"  # -2/3 · -9
    assert verdicts[("line 7", "1.7")] == "match"  # the step, as arithmetic: the graph has no J
    assert verdicts[("line 9", "1.6")] == "mismatch"
    assert 2 - 0.05 * 6.0 == 1.7 and -2 / 3 * -9 == 6.0
