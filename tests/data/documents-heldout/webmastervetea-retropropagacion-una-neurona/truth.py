"""Truth for webmastervetea-retropropagacion-una-neurona: one sigmoid neuron with two inputs
(x1 = 0.5, x2 = 1.0, w1 = 0.3, w2 = 0.7, b = 0.1, target y = 0.8), z = w1·x1 + w2·x2 + b, a = σ(z),
L = ½(y − a)², the chain ∂L/∂w1 = −(y − a) · a(1 − a) · x1 and one update w1 − η ∂L/∂w1 with
η = 0.1. Plain Python, math module only.

A value printed several times on one line as the same quantity (0.721 in a·(1 − a) = 0.721 · …)
is recorded once; the bold `\\mathbf{…}` results are records like the others.
"""
import math

x1, x2, w1, w2, b, y, eta = 0.5, 1.0, 0.3, 0.7, 0.1, 0.8, 0.1

w1x1 = w1 * x1
w2x2 = w2 * x2
z = w1x1 + w2x2 + b
a = 1.0 / (1.0 + math.exp(-z))
diff = y - a
L = 0.5 * diff ** 2
dL_da = -(y - a)
one_minus_a = 1 - a
da_dz = a * (1 - a)
dz_dw1 = x1
dL_dw1 = dL_da * da_dz * dz_dw1
step = -eta * dL_dw1
w1_new = w1 - eta * dL_dw1

V = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(9, "0.5", 0.5), (9, "1.0", 1.0), (10, "0.3", 0.3), (10, "0.7", 0.7), (11, "0.1", 0.1),
          (12, "0.8", 0.8), (24, "0.3", 0.3), (24, "0.5", 0.5), (24, "0.7", 0.7), (24, "1.0", 1.0),
          (24, "0.1", 0.1), (25, "0.1", 0.1), (33, "0.8", 0.8), (45, "0.8", 0.8), (67, "0.1", 0.1),
          (69, "0.3", 0.3), (69, "0.1", 0.1), (70, "0.3", 0.3)]

# (line, printed, the quantity it stands for)
_numbers = [
    (25, "0.15", "w1x1"),
    (25, "0.7", "w2x2"),
    (25, "0.95", "z"),
    (29, "0.95", "z"),
    (29, "0.721", "a"),
    (33, "0.721", "a"),
    (34, "0.079", "diff"),
    (34, "0.00312", "L"),
    (45, "0.721", "a"),
    (45, "-0.079", "dL_da"),
    (49, "0.721", "a"),
    (49, "0.279", "one_minus_a"),
    (49, "0.201", "da_dz"),
    (54, "0.5", "dz_dw1"),
    (60, "-0.079", "dL_da"),
    (60, "0.201", "da_dz"),
    (60, "0.5", "dz_dw1"),
    (61, "-0.00793", "dL_dw1"),
    (69, "-0.00793", "dL_dw1"),
    (70, "0.000793", "step"),
    (70, "0.300793", "w1_new"),
]

# L = ½ · 0.078885² = 0.0031114 (0.00311); the document squares its rounded 0.079 (0.0031205).
CAUSE = {"L": "rounding_carried"}

RECORDS = [(line, printed, V[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
