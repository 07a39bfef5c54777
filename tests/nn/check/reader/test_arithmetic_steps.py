"""The document's own arithmetic on bare numbers, step by step (nn/check/reader/arithmetic.py,
own_arithmetic.py): each step checked as printed, each operand anything that rounds to it. Truth in
plain Python."""

from __future__ import annotations

import math

import pytest

from nn.check.reader.arithmetic import chain_steps, half_unit, interval
from nn.check.reader.claims import claim_from_piece
from nn.check.reader.latex import parse_math


def _steps(text: str):
    claim = claim_from_piece(text, 7, {})
    return chain_steps(7, [parse_math(side) for side in claim.sides], claim.approx)


@pytest.mark.parametrize("text, printed, holds", [
    ("0.3 + 1.2 - 0.45 = 1.05", "1.05", abs(0.3 + 1.2 - 0.45 - 1.05) < 0.005),
    (r"e^{0.5} \approx 1.6487", "1.6487", round(math.exp(0.5), 4) == 1.6487),
    # e^0.25 = 1.2840; 0.25 may be 0.245 … 0.255, so 1.2901 may hold (e^0.2546), 1.3101 never does
    (r"e^{0.25} \approx 1.2901", "1.2901", math.exp(0.245) <= 1.29015 and 1.29005 <= math.exp(0.255)),
    (r"e^{0.25} \approx 1.3101", "1.3101", math.exp(0.245) <= 1.31015 and 1.31005 <= math.exp(0.255)),
    (r"\frac{2.2}{4.4} = 0.55", "0.55", False),  # 0.5 whatever 2.2 and 4.4 round from: 0.489 … 0.512
    (r"\max(0, -1.25) = 0", "0", True),
    # operands rounded coarser than the result: 0.36·0.42 may be anything in 0.1473 … 0.1551
    (r"0.36 \times 0.42 = 0.1517", "0.1517", True),
    (r"\tanh(0.34) = 0.327", "0.327", round(math.tanh(0.34), 3) == 0.327),
])
def test_a_step_holds_when_some_rounding_of_its_operands_gives_the_result(text, printed, holds):
    (step,) = _steps(text)
    assert (step.printed, step.holds, step.line) == (printed, holds, 7)


def test_a_chain_is_checked_step_by_step_each_number_against_what_holds_its_place():
    e1, e2 = math.exp(0.31), math.exp(-0.12)
    text = (r"\frac{\exp(0.31)}{\exp(0.31) + \exp(-0.12)} = \frac{1.363}{1.363 + 0.887} = "
            r"\frac{1.363}{2.250} = 0.606")
    steps = [(s.text, s.printed, s.holds) for s in _steps(text)]
    assert steps == [("exp(0.31) = 1.363", "1.363", round(e1, 3) == 1.363),
                     ("exp(0.31) = 1.363", "1.363", round(e1, 3) == 1.363),
                     ("exp(-0.12) = 0.887", "0.887", round(e2, 3) == 0.887),
                     ("1.363 + 0.887 = 2.250", "2.250", True),
                     ("1.363/2.250 = 0.606", "0.606", abs(1.363 / 2.25 - 0.606) < 0.0005 + 0.001)]


def test_the_bounds_are_those_of_the_printed_rounding():
    assert half_unit("0.327") == 0.0005 and half_unit("3") == 0.0 and half_unit("1", approx=True) == 0.5
    low, high = interval(parse_math(r"0.2 \cdot 4"))  # 0.15·4 … 0.25·4; the 4 is exact
    assert (low, high) == pytest.approx((0.6, 1.0))
    assert interval(parse_math(r"\frac{1}{0.0}")) is None  # a division by a range holding 0: not bounded
    assert interval(parse_math(r"\ln(-0.5)")) is None


def test_a_document_s_arithmetic_is_checked_once_with_its_lines(tmp_path):
    """Bare-number claims are checked once each: as the graph's arithmetic nodes or as steps."""
    from nn.check import check_document
    from nn.check.reader.report import format_document_report

    doc = tmp_path / "arith.md"
    doc.write_text("# Two exponentials\n\nLet $x = 0.5$ and $y = 2 x = 1.0$.\n\nEach term:\n\n"
                   "1. $0.3 + 1.2 - 0.45 = 1.05$\n2. $e^{0.5} \\approx 1.6487$\n"
                   "3. $e^{0.25} \\approx 1.3101$\n"
                   "\n$$\n= 1.6487 + 1.2840 = 2.9327\n$$\n", encoding="utf-8")
    result = check_document(doc)
    rows = [(r["source"], str(r["document"]).lstrip("≈ "), r["verdict"]) for r in result.as_dict()["rows"]]
    assert rows == [("line 3", "1.0", "match"), ("line 7", "1.05", "match"), ("line 8", "1.6487", "match"),
                    ("line 9", "1.3101", "mismatch" if abs(math.exp(0.25) - 1.3101) > 0.01 else "match"),
                    ("line 12", "1.6487", "match"),  # e^{0.5} of line 8 used again (a repeat of it)
                    ("line 12", "2.9327", "match")]
    assert not result.ok
    assert "checked 5 of 5 numbers and claims; 0 not read" in format_document_report(result).splitlines()[0]


GRIDS = r"""# A context vector by hand

Let $x = 0.5$ and $y = 2 x = 1.0$.

$$
\begin{bmatrix} 0.30 \\ -0.20 \end{bmatrix} + \begin{bmatrix} 0.05 \\ 0.05 \end{bmatrix}
= \begin{bmatrix} 0.35 \\ -0.15 \end{bmatrix}
$$

$$
\tanh\left(\begin{bmatrix} 0.35 \\ -0.15 \end{bmatrix}\right) = \begin{bmatrix}
0.336 \\
-0.149
\end{bmatrix}
$$

$$
c = 0.6 h_1 + 0.4 h_2
$$

$$
= 0.6 \begin{bmatrix} 1.5 \\ -2.0 \end{bmatrix} + 0.4 \begin{bmatrix} 0.5 \\ 1.0 \end{bmatrix}
$$

$$
= \begin{bmatrix} 0.90 \\ -1.20 \end{bmatrix} + \begin{bmatrix} 0.20 \\ 0.40 \end{bmatrix}
$$

$$
= \begin{bmatrix} 1.10 \\ -0.70 \end{bmatrix}
$$

and a matrix product is not element by element:
$\begin{bmatrix} 1 & 2 \end{bmatrix} \begin{bmatrix} 3 \\ 4 \end{bmatrix} = \begin{bmatrix} 11 \end{bmatrix}$.
"""


def test_printed_grids_combined_element_by_element_are_checked_element_by_element(tmp_path):
    from nn.check import check_document

    doc = tmp_path / "context.md"
    doc.write_text(GRIDS, encoding="utf-8")
    rows = [(r["source"], r["document"], r["verdict"]) for r in check_document(doc).as_dict()["rows"]
            if r["row_kind"] == "arithmetic"]

    def line(start: str) -> str:
        return f"line {next(k for k, text in enumerate(GRIDS.splitlines(), 1) if text.startswith(start))}"

    def verdict(value: float, printed: str) -> str:
        half = 0.5 * 10 ** -len(printed.partition(".")[2])
        return "match" if abs(value - float(printed)) <= half else "mismatch"

    first, products, sums = "= \\begin{bmatrix} 0.35", "= \\begin{bmatrix} 0.90", "= \\begin{bmatrix} 1.10"
    truth = [(first, 0.30 + 0.05, "0.35"), (first, -0.20 + 0.05, "-0.15"),
             ("0.336", math.tanh(0.35), "0.336"), ("-0.149", math.tanh(-0.15), "-0.149"),
             (products, 0.6 * 1.5, "0.90"), (products, 0.4 * 0.5, "0.20"),
             (products, 0.6 * -2.0, "-1.20"), (products, 0.4 * 1.0, "0.40"),
             (sums, 0.90 + 0.20, "1.10"), (sums, -1.20 + 0.40, "-0.70")]
    assert rows == [(line(start), printed, verdict(value, printed)) for start, value, printed in truth]
    assert [r[2] for r in rows].count("mismatch") == 1  # -1.20 + 0.40 = -0.80; the 1×2·2×1 product: not read


RESTATED = r"""# Back to the hidden layer

Let $x = 0.5$ and $y = 2 x = 1.0$.

## The error of the hidden layer

$$
W^T \delta = \begin{bmatrix} 0.5 \cdot 0.2 + 0.1 \cdot (-0.4) \\
-0.3 \cdot 0.2 + 0.6 \cdot (-0.4) \end{bmatrix}
$$

Each element:
1. $0.10 - 0.04 = 0.06$
2. $-0.06 - 0.42 = -0.48$

$$
W^T \delta = \begin{bmatrix} 0.06 \\ -0.48 \end{bmatrix}
$$

## The layer below

$$
W^T \delta = \begin{bmatrix} 0.9 \\ 0.1 \end{bmatrix}
$$
"""


def test_a_formula_restated_in_its_section_continues_its_chain(tmp_path):
    from nn.check import check_document

    doc = tmp_path / "restated.md"
    doc.write_text(RESTATED, encoding="utf-8")
    result = check_document(doc)
    rows = [(r["source"], r["document"], r["verdict"]) for r in result.as_dict()["rows"]
            if r["source"] != "line 3"]
    at = {text: k for k, text in enumerate(RESTATED.splitlines(), 1)}
    first, second, restated = at["1. $0.10 - 0.04 = 0.06$"], at["2. $-0.06 - 0.42 = -0.48$"], at[
        r"W^T \delta = \begin{bmatrix} 0.06 \\ -0.48 \end{bmatrix}"]
    assert abs(0.5 * 0.2 + 0.1 * -0.4 - 0.06) < 0.005 and abs(-0.3 * 0.2 + 0.6 * -0.4 - -0.48) > 0.1
    # each printed term against the product in its place in the grid before the list (element_lists):
    assert (0.5 * 0.2, -(0.1 * -0.4), -0.3 * 0.2) == pytest.approx((0.10, 0.04, -0.06))
    assert abs(-(0.6 * -0.4) - 0.42) > 0.1  # "- 0.42" for + 0.6·(-0.4) = -0.24: the slip, in its term
    # -0.06 - 0.42 = -0.48 holds as written, yet inherits the wrong term 0.42 (truly -0.06 - 0.24)
    assert rows == [(f"line {first}", "0.06", "match"), (f"line {second}", "-0.48", "mismatch"),
                    (f"line {first}", "0.10", "match"), (f"line {first}", "0.04", "match"),
                    (f"line {second}", "-0.06", "match"), (f"line {second}", "0.42", "mismatch"),
                    (f"line {restated}", "0.06", "match"),
                    (f"line {restated}", "-0.48", "mismatch")]  # the slip is in the term -0.42
    inherited = next(r for r in result.as_dict()["rows"] if r["source"] == f"line {second}"
                     and r["document"] == "-0.48")
    assert inherited["causes"] == ["inherits"] and inherited["inherits_from"] == f"line {second}"
    assert inherited["should_read"] == f"{-0.06 - 0.24:.2f}"
    skipped = [s.line for s in result.reading.skipped]
    assert at[r"W^T \delta = \begin{bmatrix} 0.9 \\ 0.1 \end{bmatrix}"] in skipped  # another section


def test_a_wrong_result_printed_before_by_a_step_that_holds_is_carried_from_there():
    from nn.check.reader.own_arithmetic import OwnArithmetic

    own = OwnArithmetic([])
    holds, wrong = _steps("0.10 - 0.04 - 0.54 = -0.48"), _steps(r"-0.3 \cdot 0.2 + 0.6 \cdot (-0.4) = -0.48")
    own.record(holds)
    own.record([type(step)(**{**step.__dict__, "line": 9}) for step in wrong])
    assert [(s.line, s.holds, s.carried_from) for s in own.steps] == [(7, True, None), (9, False, 7)]


@pytest.mark.parametrize("text, kinds", [
    (r"-0.4 \cdot (-0.11836) = 0.47344", ["digit_slip"]),  # 0.047344: the decimal point moved
    (r"0.3 \cdot 0.1739 + 0.002 = 0.54107", ["digit_slip"]),  # 0.05417: a 0 written in
    (r"0.25 \cdot 0.25 = 0.0652", ["swapped"]),  # 0.0625
    (r"3 \cdot 0.073893 = 0.2216", ["truncated"]),  # 0.221679 is 0.2217 rounded
    (r"0.61 \cdot 0.5 - 0.1 = -0.205", ["sign"]),  # 0.205
    (r"0.61 \cdot 0.35 + 0.25 = 0.9270", ["factor2"]),  # twice 0.4635
    (r"3 \cdot 2 + 6 \cdot 4 = 31", ["arithmetic"]),  # 30: no slip of the number alone
])
def test_a_wrong_step_is_diagnosed_with_the_checker_s_slips(text, kinds):
    """A step of the document's own arithmetic that does not hold: what the number alone shows
    against the arithmetic's value (the checker's ``number_slip``), else a slip in the arithmetic."""
    from nn.check.reader.report import step_causes

    (step,) = _steps(text)
    assert not step.holds
    assert [c.kind for c in step_causes(step)] == kinds


def test_a_number_between_the_sides_of_a_quantity_is_checked_as_the_part_it_replaces(tmp_path):
    """`E = (t - a)^2 = (1 - 0.7311)^2 = (0.2689)^2`: 0.2689 is 1 − 0.7311, checked as that step."""
    from nn.check import check_document

    a = 1 / (1 + math.exp(-1.0))
    gap = f"{1 - float(f'{a:.4f}'):.4f}"
    doc = tmp_path / "gap.md"
    doc.write_text(f"# A gap\n\nLet $x = 1.0$, $t = 1$ and $a = \\sigma(x) \\approx {a:.4f}$.\n\n"
                   f"$$E = (t - a)^2 = (1 - {a:.4f})^2 = ({gap})^2 \\approx {(1 - a) ** 2:.4f}$$\n"
                   f"\nAgain, with a slip: $$F = (t - a)^2 = (1 - {a:.4f})^2 = (0.2869)^2$$\n",
                   encoding="utf-8")
    result = check_document(doc)
    # checked either as the step 1 - 0.7311 or as the formula's part (t - a) it stands for
    checked = [(s.line, s.printed, s.holds) for s in result.reading.arithmetic]
    checked += [(int(r["source"].split()[-1]), str(r["document"]).lstrip("≈ "), r["verdict"] == "match")
                for r in result.as_dict()["rows"]]
    assert (5, gap, True) in checked
    assert (7, "0.2869", False) in checked  # 1 - 0.7311 is 0.2689: digits swapped
    assert not [s for s in result.reading.skipped if s.text == gap]


def test_a_number_with_its_unit_is_the_number(tmp_path):
    """`= 1.8 \\times (-6) = -10.8 \\text{ °F/km}`: the unit ends the side; `3\\mathrm{x}` is still 3·x."""
    from nn.check import check_document

    doc = tmp_path / "units.md"
    doc.write_text("# Units\n\nLet $s = 2$ and $q = 4s$, so $q = 8$.\n\n"
                   "$$\\frac{dP}{dh} = \\frac{dP}{dk} \\cdot \\frac{dk}{dh} = 2.5 \\times (-4) = -10.0 "
                   "\\text{ Pa/km}$$\n\n$$d = 0.25 \\times 4 = 1.10\\,\\mathrm{m/s}$$\n", encoding="utf-8")
    result = check_document(doc)
    steps = {(s.line, s.printed): s.holds for s in result.reading.arithmetic}
    assert steps == {(5, "-10.0"): True, (7, "1.10"): False}  # 0.25 · 4 is at most 0.255 · 4 = 1.02
