"""Truth for gmyhf-bilingual-backprop-gfg-example: the GeeksforGeeks backpropagation example as
reproduced (Chinese and English) in these course notes. A 2-2-1 sigmoid network without biases,
x1 = 0.35, x2 = 0.7, w_{i,j} from input i to neuron j: w11 = w21 = 0.2 (to h1), w12 = w22 = 0.3
(to h2), w13 = 0.3, w23 = 0.9 (to the output O3); target 0.5, learning rate 1. Output delta
δ5 = y5(1 − y5)(t − y5), hidden deltas δj = yj(1 − yj)·w_{j,3}·δ5 with the old weights, updates
w ← w + η·δ·(input of that weight); then the forward pass again with all six new weights and the
new error. Recomputed in full precision with the math module.

Also records: the single-layer perceptron example for AND (w1 = w2 = 1, b = −1.5): z and the step
output for (0, 0) and (1, 1). Not records: the XOR training run's losses and predictions (random
initial weights, no premise in the text). A value printed twice on one line as the same quantity
is recorded once.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


x1, x2, target, eta = 0.35, 0.7, 0.5, 1.0
w11, w21, w12, w22, w13, w23 = 0.2, 0.2, 0.3, 0.3, 0.3, 0.9

a1 = w11 * x1 + w21 * x2
y3 = sigmoid(a1)
a2 = w12 * x1 + w22 * x2
y4 = sigmoid(a2)
a3 = w13 * y3 + w23 * y4
y5 = sigmoid(a3)
error = target - y5
d5 = y5 * (1 - y5) * (target - y5)
d3 = y3 * (1 - y3) * (w13 * d5)
d4 = y4 * (1 - y4) * (w23 * d5)
dw23 = eta * d5 * y4
new_w23 = w23 + dw23
dw11 = eta * d3 * x1
new_w11 = w11 + dw11
new_w12 = w12 + eta * d4 * x1
new_w13 = w13 + eta * d5 * y3
new_w21 = w21 + eta * d3 * x2
new_w22 = w22 + eta * d4 * x2
y3_next = sigmoid(new_w11 * x1 + new_w21 * x2)
y4_next = sigmoid(new_w12 * x1 + new_w22 * x2)
y5_next = sigmoid(new_w13 * y3_next + new_w23 * y4_next)
error_next = target - y5_next
z00, z11 = 1 * 0 + 1 * 0 - 1.5, 1 * 1 + 1 * 1 - 1.5
step00, step11 = float(z00 >= 0), float(z11 >= 0)

V = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(84, "0.5", 0.5), (84, "1", 1.0), (143, "0.2", 0.2), (143, "0.35", 0.35), (143, "0.7", 0.7),
          (159, "0.3", 0.3), (159, "0.35", 0.35), (159, "0.7", 0.7), (169, "0.3", 0.3), (169, "0.9", 0.9),
          (193, "0.5", 0.5), (197, "0.5", 0.5), (230, "0.3", 0.3), (238, "0.9", 0.9), (250, "0.9", 0.9),
          (254, "0.35", 0.35), (258, "0.2", 0.2), (357, "-1.5", -1.5)]

# (line, printed, the quantity it stands for)
_numbers = [
    (143, "0.21", "a1"),
    (152, "0.21", "a1"),
    (152, "0.56", "y3"),
    (159, "0.315", "a2"),
    (162, "0.315", "a2"),
    (162, "0.578", "y4"),
    (169, "0.56", "y3"),
    (169, "0.58", "y4"),
    (169, "0.702", "a3"),
    (172, "0.702", "a3"),
    (172, "0.67", "y5"),
    (193, "0.67", "y5"),
    (197, "0.67", "y5"),
    (197, "−0.17", "error"),
    (222, "0.67", "y5"),
    (222, "−0.17", "error"),
    (222, "−0.0376", "d5"),
    (230, "0.56", "y3"),
    (230, "−0.0376", "d5"),
    (230, "−0.0027", "d3"),
    (238, "0.59", "y4"),
    (238, "−0.0376", "d5"),
    (238, "−0.0819", "d4"),
    (246, "−0.0376", "d5"),
    (246, "0.59", "y4"),
    (246, "−0.022184", "dw23"),
    (250, "−0.022184", "dw23"),
    (250, "0.877816", "new_w23"),
    (254, "−0.0027", "d3"),
    (254, "0.000945", "dw11"),
    (258, "0.000945", "dw11"),
    (258, "0.200945", "new_w11"),
    (262, "0.273225", "new_w12"),
    (263, "0.086615", "new_w13"),
    (264, "0.269445", "new_w21"),
    (265, "0.18534", "new_w22"),
    (273, "0.18534", "new_w22"),
    (279, "0.57", "y3_next"),
    (280, "0.56", "y4_next"),
    (281, "0.61", "y5_next"),
    (285, "0.61", "y5_next"),
    (293, "0.61", "y5_next"),
    (293, "−0.11", "error_next"),
    (360, "-1.5", "z00"),
    (360, "0", "step00"),
    (361, "0.5", "z11"),
    (361, "1", "step11"),
]

CAUSE = {"y3": "digit_slip", "a3": "arithmetic", "d5": "rounding_carried", "d4": "digit_slip",
         "dw23": "carried_error", "new_w23": "carried_error", "dw11": "sign", "new_w11": "carried_error",
         "new_w12": "carried_error", "new_w13": "unknown", "new_w21": "unknown", "new_w22": "unknown",
         "y3_next": "carried_error", "y4_next": "carried_error", "y5_next": "carried_error",
         "error_next": "carried_error"}


def _cause(line: int, name: str) -> str | None:
    if name == "y4" and line in (238, 246):
        return "digit_slip"  # y4 = 0.578 written 0.59
    return CAUSE.get(name)


RECORDS = [(line, printed, V[name], _cause(line, name) is not None, _cause(line, name))
           for line, printed, name in _numbers]
