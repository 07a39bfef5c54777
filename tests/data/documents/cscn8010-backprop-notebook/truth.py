"""Truth for cscn8010-backprop-notebook: two examples in the markdown cells of one notebook.

Example 1 (cell 2): a 1-1-1 sigmoid chain, x = 0.5, target 1, w₁ = 0.4, b₁ = 0.5, w₂ = 0.8,
b₂ = −0.2, L = ½(y − a₂)², every gradient and one SGD step with α = 0.1.
Example 2 (cell 5): one linear neuron a = z = w x + b, x = 2, target 1, w = 0.5, b = 0.3, α = 0.1.
Lines are lines of the .ipynb file. Recomputed in full precision (math module only).
"""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


x, y, w1, b1, w2, b2, alpha = 0.5, 1.0, 0.4, 0.5, 0.8, -0.2, 0.1
z1 = w1 * x + b1
a1 = sigmoid(z1)
z2 = w2 * a1 + b2
a2 = sigmoid(z2)
L = 0.5 * (y - a2) ** 2
dL_da2 = -(y - a2)
da2_dz2 = a2 * (1 - a2)
dL_dw2 = dL_da2 * da2_dz2 * a1
dL_db2 = dL_da2 * da2_dz2
dL_da1 = dL_da2 * da2_dz2 * w2
da1_dz1 = a1 * (1 - a1)
dL_dw1 = dL_da1 * da1_dz1 * x
dL_db1 = dL_da1 * da1_dz1
new_w1 = w1 - alpha * dL_dw1
new_b1 = b1 - alpha * dL_db1
new_w2 = w2 - alpha * dL_dw2
new_b2 = b2 - alpha * dL_db2

# Example 2: a linear neuron
x2, y2, w, b = 2.0, 1.0, 0.5, 0.3
z = w * x2 + b
a = z
L2 = 0.5 * (y2 - a) ** 2
dL_da = -(y2 - a)
dL_dz = dL_da * 1.0
dL_dw = dL_dz * x2
dL_db = dL_dz
new_w = w - alpha * dL_dw
new_b = b - alpha * dL_db

GIVENS = [
    (44, "0.5", 0.5), (45, "1", 1.0), (47, "0.4", 0.4), (48, "0.5", 0.5), (50, "0.8", 0.8),
    (51, "-0.2", -0.2), (102, "0.1", 0.1),
    (160, "2", 2.0), (161, "1", 1.0), (162, "0.1", 0.1), (163, "0.5", 0.5), (164, "0.3", 0.3),
]

_numbers = [
    (56, "0.7", z1),
    (58, "-0.7", -z1), (58, "0.668", a1),
    (62, "0.668", a1), (62, "0.333", z2),
    (64, "-0.333", -z2), (64, "0.583", a2),
    (69, "0.583", a2), (69, "0.083", L),
    (74, "0.583", a2), (74, "-0.417", dL_da2),
    (78, "0.583", a2), (78, "0.583", a2), (78, "0.244", da2_dz2),
    (82, "-0.417", dL_da2), (82, "0.244", da2_dz2), (82, "0.668", a1), (82, "-0.067", dL_dw2),
    (84, "-0.417", dL_da2), (84, "0.244", da2_dz2), (84, "-0.102", dL_db2),
    (88, "-0.417", dL_da2), (88, "0.244", da2_dz2), (88, "-0.080", dL_da1),
    (92, "0.668", a1), (92, "0.668", a1), (92, "0.221", da1_dz1),
    (96, "-0.080", dL_da1), (96, "0.221", da1_dz1), (96, "-0.009", dL_dw1),
    (98, "-0.080", dL_da1), (98, "0.221", da1_dz1), (98, "-0.018", dL_db1),
    (104, "-0.009", dL_dw1), (104, "0.401", new_w1),
    (106, "-0.018", dL_db1), (106, "0.502", new_b1),
    (108, "-0.067", dL_dw2), (108, "0.807", new_w2),
    (110, "-0.102", dL_db2), (110, "-0.189", new_b2),
    (169, "1.3", z),
    (173, "1.3", a),
    (177, "1.3", a), (177, "0.045", L2),
    (183, "1.3", a), (183, "0.3", dL_da),
    (187, "1", 1.0),
    (191, "0.3", dL_da), (191, "1", 1.0), (191, "0.3", dL_dz),
    (195, "2", x2),
    (198, "1", 1.0),
    (202, "0.3", dL_dz), (202, "2", x2), (202, "0.6", dL_dw),
    (205, "0.3", dL_dz), (205, "1", 1.0), (205, "0.3", dL_db),
    (211, "0.6", dL_dw), (211, "0.44", new_w),
    (214, "0.3", dL_db), (214, "0.27", new_b),
]

WRONG = {
    (62, "0.333"): "arithmetic",        # 0.8 × 0.668 − 0.2 = 0.3344 (exactly 0.33455)
    (64, "-0.333"): "arithmetic",
    (69, "0.083"): "arithmetic",        # ½(1 − 0.583)² = 0.0869
    (78, "0.244"): "arithmetic",        # 0.583 × 0.417 = 0.2431
    (82, "0.244"): "arithmetic",
    (84, "0.244"): "arithmetic",
    (88, "0.244"): "arithmetic",
    (82, "-0.067"): "truncated",        # −0.0678
    (84, "-0.102"): "carried_error",    # −0.417 × 0.244; exactly −0.1014
    (88, "-0.080"): "arithmetic",       # exactly −0.0811; −0.417 × 0.244 × 0.8 = −0.0814
    (92, "0.221"): "truncated",         # 0.2217
    (96, "-0.080"): "arithmetic",
    (96, "0.221"): "truncated",
    (98, "-0.080"): "arithmetic",
    (98, "0.221"): "truncated",
    (108, "-0.067"): "truncated",
    (110, "-0.102"): "carried_error",
    (110, "-0.189"): "truncated",       # −0.2 + 0.0101 = −0.1899
}

RECORDS = [(line, printed, value, (line, printed) in WRONG, WRONG.get((line, printed)))
           for line, printed, value in _numbers]
