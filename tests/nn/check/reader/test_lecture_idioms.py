"""Idioms of lecture notes, on synthetic documents with plain-Python truth:

- a variant example ("the same net with ReLU instead") restates the givens and one definition, and
  keeps the rest of the model of the example before (``earlier_definitions``);
- ``\\max(0, z)`` is a ReLU a definition may use;
- an operand restating a value the same line stated before it (``dv/da = 2 … so 5 \\times 2 = 10``)
  is that value printed again, whole numbers included when every operand is one quantity's number.
"""

from __future__ import annotations

import math

from nn.check.reader.earlier_definitions import ClaimFacts, earlier_definitions


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _at(rows: list[dict]) -> dict[tuple[str, str], str]:
    return {(r["source"], str(r["document"]).lstrip("≈ ")): r["verdict"] for r in rows
            if r.get("verdict") in ("match", "mismatch")}


def _variant(x: float, w1: float, w2: float, y: float, printed_loss: str, second_inputs: str) -> str:
    h = _sigmoid(w1 * x)
    y_hat = w2 * h
    loss = (y - y_hat) ** 2
    return "\n".join([
        "# Two hidden units", "", "## Sigmoid", "",
        f"Let $x = {x}$, $w_1 = {w1}$, $w_2 = {w2}$ and $y = {y}$.", "",
        r"$$h = \sigma(w_1 x)$$", "", r"$$\hat y = w_2 h$$", "", r"$$L = (y - \hat y)^2$$", "",
        f"So $h = {h:.4f}$, $\\hat y = {y_hat:.4f}$ and $L = {loss:.4f}$.", "",
        "## With ReLU instead", "", second_inputs, "", r"$$h = \max(0, w_1 x)$$", "",
        f"- $h = {max(0.0, 0.8 * 2.0):.1f}$", f"- $\\hat y = {-0.5 * max(0.0, 0.8 * 2.0):.1f}$",
        f"- $L = {printed_loss}$", ""])


def test_a_variant_example_keeps_the_definitions_it_does_not_restate(check_text, row_dicts):
    x, w1, w2, y = 2.0, 0.8, -0.5, 1.0
    h2 = max(0.0, w1 * x)  # the ReLU variant, same inputs, the same ŷ and L
    loss2 = (y - w2 * h2) ** 2
    assert f"{loss2:.2f}" == "3.24"
    text = _variant(1.5, 0.4, 1.2, 0.5, "3.24", f"Take $x = {x}$, $w_1 = {w1}$, $w_2 = {w2}$, $y = {y}$.")
    verdicts = _at(row_dicts(check_text(text)))
    line = {k: n for n, k in enumerate(text.split("\n"), 1)}
    y_hat_line = line["- $\\hat y = -0.8$"]
    assert verdicts[(f"line {line['- $h = 1.6$']}", "1.6")] == "match"
    assert verdicts[(f"line {y_hat_line}", "-0.8")] == "match"
    assert verdicts[(f"line {line['- $L = 3.24$']}", "3.24")] == "match"
    wrong = _variant(1.5, 0.4, 1.2, 0.5, "2.56", f"Take $x = {x}$, $w_1 = {w1}$, $w_2 = {w2}$, $y = {y}$.")
    assert f"{(y - w2 * h2 + 0.4) ** 2:.2f}" != "2.56"
    assert _at(row_dicts(check_text(wrong)))[(f"line {line['- $L = 3.24$']}", "2.56")] == "mismatch"


def test_an_exercise_with_inputs_of_its_own_takes_no_definition(check_text, row_dicts):
    """Exercise 2 names other inputs: its L may be any loss, so its number is never compared with the
    first exercise's L."""
    text = _variant(1.5, 0.4, 1.2, 0.5, "7", "Take $x = 2.0$, $w_1 = 0.8$, $v = 3$.")
    line = text.split("\n").index("- $L = 7$") + 1
    assert (f"line {line}", "7") not in _at(row_dicts(check_text(text)))


def test_which_lines_an_example_takes():
    def facts(line, defines=None, gives=None, names=(), numbers=False):
        return ClaimFacts(line, defines, gives, frozenset(names), numbers)
    first = [facts(1, gives="x", names={"x"}, numbers=True), facts(1, gives="s", names={"s"}, numbers=True),
             facts(2, "h", names={"h", "x"}),
             facts(3, "q", names={"q", "h"}), facts(4, "L", names={"L", "q", "t"}),
             facts(5, "u", names={"u", "x"}, numbers=True)]
    second = [facts(10, gives="x", names={"x"}, numbers=True),
              facts(10, gives="s", names={"s"}, numbers=True), facts(11, "h", names={"h", "x"}),
              facts(12, gives="q", names={"q"}, numbers=True), facts(13, names={"L", "u"}, numbers=True)]
    # q is a result there (the example before defines it): line 3 is taken; L needs t, which nothing
    # gives: line 4 is not; u's line prints a number: not taken
    assert earlier_definitions([(1, 9), (10, 20)], first + second) == [set(), {3}]
    other = [facts(10, gives="a", names={"a"}, numbers=True), facts(12, names={"q"}, numbers=True)]
    assert earlier_definitions([(1, 9), (10, 20)], first + other) == [set(), set()]
    # one name restated (z = 150, then z = 162) is another case of it, not a model's variant
    one = [f for f in first if f.gives != "s"] + [f for f in second if f.gives != "s"]
    assert earlier_definitions([(1, 9), (10, 20)], one) == [set(), set()]


def test_relu_written_as_a_max_defines_a_node(check_text, row_dicts):
    a, b = -1.5, 0.5
    r = max(0.0, a * b + 1)
    s = 3 * r
    text = (f"Let $a = {a}$ and $b = {b}$.\n\n$$r = \\max(0, a b + 1)$$\n\n$$s = 3 r$$\n\n"
            f"Then $r = {r:.2f}$ and $s = {s:.2f}$, and $\\frac{{ds}}{{da}} = {3 * b:.1f}$.\n")
    verdicts = _at(row_dicts(check_text(text)))
    assert verdicts[("line 7", f"{r:.2f}")] == "match" and verdicts[("line 7", f"{s:.2f}")] == "match"
    assert verdicts[("line 7", f"{3 * b:.1f}")] == "match"  # the max passes a's slope through


def test_an_operand_restating_a_value_stated_on_its_own_line_is_checked_again(check_text, row_dicts):
    a, b = 3.0, 2.0
    dj_dv, dv_da = 5, b  # J = 5 v, v = a b
    text = (f"Let $a = {a:g}$ and $b = {b:g}$, $v = a b$ and $J = 5 v$.\n\n"
            f"Here $\\frac{{dJ}}{{dv}} = {dj_dv}$ and $\\frac{{dv}}{{da}} = {dv_da:g}$, "
            f"so ${dj_dv} \\times {dv_da:g} = {dj_dv * dv_da:g}$.\n")
    rows = [r for r in row_dicts(check_text(text)) if r["source"] == "line 3"]
    printed = sorted(str(r["document"]) for r in rows if r.get("verdict") == "match")
    assert printed == sorted(["5", "2", "5", "2", "10"])  # each stated, each restated, the product
    assert sum(1 for r in rows if r.get("repeat_of") == "line 3") == 2


def test_a_whole_number_operand_is_no_repeat_when_another_operand_is_a_constant(check_text, row_dicts):
    """``2(y - ŷ)``'s 2 is the formula's constant even where ∂ŷ/∂w = 2 was stated: not every operand
    of ``2 \\cdot (1 - 0.5)`` is a quantity's number."""
    text = ("Let $w = 0.25$ and $x = 2$, $y = 1$; $\\hat y = w x$ and $L = (y - \\hat y)^2$.\n\n"
            "$\\frac{\\partial \\hat y}{\\partial w} = 2$ and $2 (1 - 0.5) = 1$.\n")
    assert 0.25 * 2 == 0.5
    rows = [r for r in row_dicts(check_text(text)) if r["source"] == "line 3"]
    assert not [r for r in rows if r.get("repeat_of")]


NUDGE_RATIOS = "\n".join([
    "# Nudges", "", "Let $x = 2$ and $y = 3x$, so $y = 6$.", "",
    r"If $\Delta h = 0.2$ causes $\Delta L = -0.5$, then $\frac{\partial L}{\partial h} \approx {hl}$.", "",
    r"Increase $q$ by 0.01 and $r$ goes down by 0.04, so $\frac{{dr}}{{dq}} \approx {qr}$.", "",
    r"No ratio: $\Delta a = 0.1$, so $\frac{{db}}{{da}} = 7$.", ""])


def test_a_derivative_stated_as_the_ratio_of_two_stated_changes_is_that_division(check_text, row_dicts):
    assert f"{-0.5 / 0.2:.1f}" == "-2.5" and f"{-0.04 / 0.01:.0f}" == "-4"
    text = NUDGE_RATIOS.replace("{hl}", "-2.5").replace("{qr}", "-4").replace("{{", "{").replace("}}", "}")
    verdicts = _at(row_dicts(check_text(text)))
    assert verdicts[("line 5", "-2.5")] == "match" and verdicts[("line 7", "-4")] == "match"
    assert ("line 9", "7") not in verdicts  # one change only: no ratio is stated
    # 0.50 / 0.20 is 2.5 for any operands rounding to them within [2.38, 2.63]: 2.0 is a slip
    assert not 0.495 / 0.205 <= 2.0 <= 0.505 / 0.195
    slip = text.replace(r"\Delta h = 0.2$ causes $\Delta L = -0.5$",
                        r"\Delta h = 0.20$ causes $\Delta L = -0.50$")
    verdicts = _at(row_dicts(check_text(slip.replace(r"\approx -2.5", r"\approx -2.0"))))
    assert verdicts[("line 5", "-2.0")] == "mismatch"


def test_the_changes_must_be_of_the_derivatives_own_names():
    from nn.check.reader.change_ratios import change_ratio
    from nn.check.reader.claims import claim_from_piece

    claim = claim_from_piece(r"\frac{df}{da} \approx 3", 1, {})
    steps = change_ratio(r"nudge $a$ by 0.001 and $f$ goes up by 0.003, so $\frac{df}{da} \approx 3$", claim)
    assert [(s.printed, s.value) for s in steps] == [("3", 0.003 / 0.001)]
    other = r"nudge $b$ by 0.001 and $f$ goes up by 0.003, so $\frac{df}{da} \approx 3$"
    assert change_ratio(other, claim) == []
    assert change_ratio(r"if $f$ goes up by 0.003, $\frac{df}{da} \approx 3$", claim) == []
    down = change_ratio(r"$\Delta a = 0.5$ and $f$ drops by 1.5: $\frac{df}{da} \approx 3$", claim)
    assert [s.value for s in down] == [-1.5 / 0.5] and not down[0].holds


def test_whole_number_operands_of_a_value_and_a_given_are_the_value_printed_again(check_text, row_dicts):
    a, b = 4, 0.5
    v = a * b
    text = (f"Let $a = {a}$ and $b = {b}$, with $v = a b$ and $u = v - a$.\n\n"
            f"Then $v = {v:g}$.\n\nSo ${v:g} - {a} = {v - a:g}$.\n")
    rows = [r for r in row_dicts(check_text(text)) if r["source"] == "line 5"]
    assert [(r["document"], r["verdict"]) for r in rows if r.get("repeat_of") == "line 3"] == [("2", "match")]


def test_the_value_where_a_linear_derivative_is_zero_is_its_root():
    from nn.check.reader.claims import claim_from_piece
    from nn.check.reader.zero_roots import root_step

    def steps(piece: str, line: str):
        return [(s.printed, s.value, s.holds) for s in root_step(line, claim_from_piece(piece, 1, {}))]
    # L(w) = (w - 3)^2 + 1: dL/dw = 2(w - 3) is zero at 3; 6w + 2 at -1/3
    assert steps("2(w - 3) = 0", r"$2(w - 3) = 0 \Rightarrow w = 3$") == [("3", 3.0, True)]
    assert steps("6w + 2 = 0", r"$6w + 2 = 0$, so $w = -0.33$") == [("-0.33", -2 / 6, True)]
    assert steps("6w + 2 = 0", r"$6w + 2 = 0$, so $w = -0.30$")[0][2] is False
    assert steps("2w_1 - 4 = 0", r"$2w_1 - 4 = 0 ⇒ w_1 = 2$") == [("2", 2.0, True)]
    assert steps("w^2 - 4 = 0", r"$w^2 - 4 = 0 \Rightarrow w = 2$") == []  # not linear: two roots
    assert steps("2w - 4 = 0", r"$2w - 4 = 0 \Rightarrow v = 2$") == []  # another name
    assert steps("2w - 4v = 0", r"$2w - 4v = 0 \Rightarrow w = 2$") == []  # two names


def test_a_minimiser_found_by_hand_is_checked_in_a_document(check_text, row_dicts):
    text = ("Minimise $L(w) = w^2 - 6w + 2$ from $w_0 = 0$.\n\n"
            "The derivative is zero at the minimum: $2w - 6 = 0 \\Rightarrow w = 3$.\n\n"
            "Elsewhere: $4w + 2 = 0 \\Rightarrow w = -0.4$.\n")
    assert -2 / 4 != -0.4
    verdicts = _at(row_dicts(check_text(text)))
    assert verdicts[("line 3", "3")] == "match" and verdicts[("line 5", "-0.4")] == "mismatch"
