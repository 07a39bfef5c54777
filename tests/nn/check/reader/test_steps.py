"""Steps read with no setup (nn/check/reader/steps.py, inference, reading): an update written with its
numbers in place is an update; a step on a graph that does not compute the loss is never checked; a
given printed again with another value is never compared with the given.

The documents are written for these tests; every expected value is recomputed here in plain Python.
"""

from __future__ import annotations

import math

from nn.check.reader.latex import parse_math
from nn.check.reader.steps import RoundedValues, substituted_update


def test_the_substituted_update_shape():
    assert substituted_update(parse_math(r"0.5 - 1.0 \times 0.2338"), 0.5, 1.0)
    assert substituted_update(parse_math(r"-1.0 - 1.0 \times 0.1455"), -1.0, 1.0)
    assert substituted_update(parse_math(r"0.0 - 0.1 \cdot (-0.0549)"), 0.0, 0.1)
    assert not substituted_update(parse_math(r"0.5 - 1.0 \times 0.2338"), 0.6, 1.0)  # not from the given
    assert not substituted_update(parse_math(r"0.5 - 0.3 \times 0.2338"), 0.5, 1.0)  # no learning rate
    assert not substituted_update(parse_math(r"0.5 + 1.0 \times 0.2338"), 0.5, 1.0)  # not a descent
    assert not substituted_update(parse_math(r"0.5 - 1.0 \times 0.2338"), 0.5, None)


def test_rounded_values_name_the_one_value_a_number_prints():
    values = {"a_1": 1 / (1 + math.exp(-0.5)), "w": 0.5, "b": 0.5, "z": -0.1225}
    assert RoundedValues(values).fits("0.6225", 0.6225) == ["a_1"]
    assert RoundedValues(values).fits("0.62", 0.62) == []  # two digits fit too much to say
    assert sorted(RoundedValues(values).fits("0.5000", 0.5)) == ["b", "w"]


# A linear unit p = w x, squared error, one step written under "Updated weight" with its numbers in
# place and the plain name on the left (no w_new, no w := …).
W, X, Y, ETA = 0.8, 2.0, 1.0, 0.5
P = W * X
LOSS = (P - Y) ** 2
GRAD = 2 * (P - Y) * X
W_NEXT = W - ETA * GRAD
PLAIN_STEP = f"""# A linear unit

Given $w = {W}$, $x = {X}$ and $y = {Y}$, with the learning rate $\\eta = {ETA}$.

$$ p = w x = {W} \\times {X} = {P:.1f} $$

$$ L = (p - y)^2 = {LOSS:.2f} $$

$$ \\frac{{\\partial L}}{{\\partial w}} = 2(p - y) x = {GRAD:.1f} $$

## Updated weight

- $w = {W} - {ETA} \\times {GRAD:.1f} = PRINTED$
"""


def test_an_update_with_its_numbers_in_place_is_the_weight_after_the_step(check_text, verdicts_by_quantity):
    rows = verdicts_by_quantity(check_text(PLAIN_STEP.replace("PRINTED", f"{W_NEXT:.1f}")))
    assert rows[("w", 1, f"{W_NEXT:.1f}")] == "match"  # after the step, never the given 0.8
    assert rows[("L", 0, f"{LOSS:.2f}")] == "match"
    assert "mismatch" not in rows.values()


def test_a_wrong_update_with_its_numbers_in_place_is_caught(check_text, verdicts_by_quantity):
    wrong = f"{W_NEXT - 0.1:.1f}"
    rows = verdicts_by_quantity(check_text(PLAIN_STEP.replace("PRINTED", wrong)))
    assert rows[("w", 1, wrong)] == "mismatch"


# A step stated where the document never defines the loss it descends: the gradient 4.0 is the
# document's own, the graph read has no loss, so the step is listed, never compared.
NO_LOSS = """# One step

The gradient at $v = 2$ is 4.0.

$$ v_{\\text{new}} = 2 - 0.1 \\times 4.0 = 1.6 $$
"""


def test_a_step_on_a_graph_without_the_loss_is_not_checked(check_text, verdicts_by_quantity, not_checked):
    result = check_text(NO_LOSS)
    rows = verdicts_by_quantity(result)
    assert "mismatch" not in rows.values()
    assert not any(after for _, after, _ in rows)  # never the engine's step on a graph without the loss
    assert any(line == 5 and "v_{\\text{new}}" in text for line, text, _ in not_checked(result))  # listed
    assert [v for (q, _, value), v in rows.items() if value == "1.6"] == ["match"]  # its arithmetic
    assert 2 - 0.1 * 4.0 == 1.6  # the document is right: a comparison would have been a false alarm


# A one-hidden-unit chain with givens that share the net input's value (w_1 = b_2 = z_1 = 0.5):
# σ(0.5) is σ of the net input just computed, and −0.1225 prints z_2 = −0.12246 with its sign.
def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


W1, B1, W2, B2, XX, T = 0.5, 0.0, -1.0, 0.5, 1.0, 0.0
Z1 = W1 * XX + B1
A1 = _sigmoid(Z1)
Z2 = W2 * A1 + B2
YH = _sigmoid(Z2)
LL = (T - YH) ** 2
DLDB2 = -2 * (T - YH) * YH * (1 - YH)
CHAIN = f"""# A chain

- $w_1 = {W1}$, $b_1 = 0$, $w_2 = {W2}$, $b_2 = {B2}$, $x = {XX}$, $y = 0$, and $\\eta = 1.0$

- $z_1 = w_1 \\cdot x + b_1 = {W1} \\times {XX} + 0 = {Z1}$
- $a_1 = \\sigma({Z1}) \\approx {A1:.4f}$
- $z_2 = w_2 \\cdot a_1 + b_2 = {W2} \\times {A1:.4f} + {B2} = {Z2:.4f}$
- $\\hat{{y}} = \\sigma({Z2:.4f}) \\approx {YH:.4f}$
- $L = (0 - {YH:.4f})^2 = {LL:.4f}$
- $\\frac{{\\partial L}}{{\\partial b_2}} = {DLDB2:.4f}$
- $\\delta^{{(2)}} = {DLDB2:.4f}$ (the layer written as a superscript)

Updated: $b_2 = {B2} - 1.0 \\times {DLDB2:.4f} = {B2 - DLDB2:.4f}$
"""


def test_numbers_printed_rounded_say_which_node_they_stand_for(check_text, verdicts_by_quantity):
    rows = verdicts_by_quantity(check_text(CHAIN))
    assert rows[("L", 0, f"{LL:.4f}")] == "match"
    assert rows[("dL/db_2", 0, f"{DLDB2:.4f}")] == "match"  # the loss is built from z_2, not a given ŷ
    assert rows[("b_2", 1, f"{B2 - DLDB2:.4f}")] == "match"
    assert rows[("dL/dz_2", 0, f"{DLDB2:.4f}")] == "match"  # δ^{(2)}: the error of layer 2's z_2
    assert "mismatch" not in rows.values()
