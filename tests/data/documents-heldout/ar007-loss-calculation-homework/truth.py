"""Truth for ar007-loss-calculation-homework: three homework answers in one README.

QN1: one neuron with the predicted output y' = 0.6 GIVEN (not recomputed from W, x, b), squared
error L = ½(y − y')², ∂y'/∂W_i = x_i·y'(1 − y'), W_i ← W_i − η ∂L/∂W_i with η = 0.1.
QN3: σ(w·x + b) at w = 0.5, x = 2, b = 1, with e⁻² and 1 + e⁻² on the way and the percentage.
QN5: a 2-2-2 sigmoid network, hidden biases 0.60, no output bias, forward pass only.
A value printed twice on one line as the same quantity is recorded once. No import but math.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# QN1
x1, x2, y_pred, y_true, eta, W1, W2 = 1.0, 2.0, 0.6, 0.8, 0.1, 0.4, -0.2
slope = y_pred * (1 - y_pred)
error = y_true - y_pred
dL_dy = y_pred - y_true
g1, g2 = dL_dy * slope * x1, dL_dy * slope * x2
step1, step2 = -eta * g1, -eta * g2
new1, new2 = W1 + step1, W2 + step2
# QN3
wx = 0.5 * 2.0
z3 = wx + 1.0
e_m2 = math.exp(-z3)
den3 = 1.0 + e_m2
p3 = sigmoid(z3)
pct3 = 100.0 * p3
# QN5
i1, i2 = 0.10, 0.35
a1, a2 = i1 * 0.15, i2 * 0.25
z_h1 = a1 + a2 + 0.60
b1_, b2_ = i1 * 0.30, i2 * 0.35
z_h2 = b1_ + b2_ + 0.60
h1, h2 = sigmoid(z_h1), sigmoid(z_h2)
m1, m2 = h1 * 0.40, h2 * 0.45
z_y1 = m1 + m2
y1 = sigmoid(z_y1)
n1, n2 = h1 * 0.50, h2 * 0.55
z_y2 = n1 + n2
y2 = sigmoid(z_y2)

V = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(6, "1", 1.0), (6, "2", 2.0), (7, "0.4", 0.4), (7, "-0.2", -0.2), (8, "0.1", 0.1), (9, "0.6", 0.6),
          (10, "0.8", 0.8), (11, "0.1", 0.1), (19, "0.8", 0.8), (19, "0.6", 0.6), (73, "0.4", 0.4),
          (73, "0.1", 0.1), (79, "-0.2", -0.2), (79, "0.1", 0.1), (95, "2", 2.0), (96, "0.5", 0.5),
          (97, "1", 1.0), (110, "0.5", 0.5), (110, "2", 2.0), (159, "0.10", 0.10), (159, "0.35", 0.35),
          (162, "0.15", 0.15), (162, "0.25", 0.25), (163, "0.30", 0.30), (163, "0.35", 0.35),
          (165, "0.40", 0.40), (165, "0.45", 0.45), (166, "0.50", 0.50), (166, "0.55", 0.55),
          (168, "0.60", 0.60), (170, "0.01", 0.01), (170, "0.99", 0.99)]

# (line, printed, the quantity it stands for)
_numbers = [
    (12, "0.24", "slope"),
    (19, "0.2", "error"),
    (32, "-0.2", "dL_dy"),
    (53, "-0.2", "dL_dy"),
    (53, "0.24", "slope"),
    (53, "-0.048", "g1"),
    (59, "-0.2", "dL_dy"),
    (59, "0.24", "slope"),
    (59, "-0.096", "g2"),
    (73, "-0.048", "g1"),
    (73, "0.0048", "step1"),
    (73, "0.4048", "new1"),
    (79, "-0.096", "g2"),
    (79, "0.0096", "step2"),
    (79, "-0.1904", "new2"),
    (85, "0.4048", "new1"),
    (85, "-0.1904", "new2"),
    (114, "1", "wx"),
    (114, "2", "z3"),
    (125, "2", "z3"),
    (128, "2", "z3"),
    (133, "0.1353", "e_m2"),
    (136, "2", "z3"),
    (136, "0.1353", "e_m2"),
    (140, "2", "z3"),
    (140, "1.1353", "den3"),
    (144, "2", "z3"),
    (144, "0.8808", "p3"),
    (149, "0.8808", "p3"),
    (149, "88.08", "pct3"),
    (151, "88.08", "pct3"),
    (182, "0.015", "a1"),
    (182, "0.0875", "a2"),
    (182, "0.7025", "z_h1"),
    (186, "0.7025", "z_h1"),
    (186, "0.6687", "h1"),
    (194, "0.03", "b1_"),
    (194, "0.1225", "b2_"),
    (194, "0.7525", "z_h2"),
    (198, "0.7525", "z_h2"),
    (198, "0.6797", "h2"),
    (208, "0.6687", "h1"),
    (208, "0.6797", "h2"),
    (210, "0.2675", "m1"),
    (210, "0.3059", "m2"),
    (210, "0.5734", "z_y1"),
    (214, "0.5734", "z_y1"),
    (214, "0.6395", "y1"),
    (220, "0.6687", "h1"),
    (220, "0.6797", "h2"),
    (222, "0.3343", "n1"),
    (222, "0.3738", "n2"),
    (222, "0.7081", "z_y2"),
    (226, "0.7081", "z_y2"),
    (226, "0.6699", "y2"),
    (230, "0.6687", "h1"),
    (231, "0.6797", "h2"),
    (233, "0.6395", "y1"),
    (234, "0.6699", "y2"),
]

CAUSE = {"n1": "truncated", "z_y2": "carried_error", "y2": "truncated"}

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
