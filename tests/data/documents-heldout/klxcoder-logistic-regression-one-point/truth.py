"""Truth for klxcoder-logistic-regression-one-point: logistic regression on one data point, x = 2,
y = 1, w = 0.5, b = −1: z = w·x + b, p = σ(z), binary cross-entropy, the chain rule down to
d(loss)/dw and d(loss)/db, and one step with α = 0.1. Recomputed in full precision (math module
only). On line 25 the intermediate numbers of σ(0) are records: −z = 0, e⁰ = 1, 1 + e⁰ = 2.
"""
import math

x, y, w, b, alpha = 2.0, 1.0, 0.5, -1.0, 0.1
wx = w * x
z = wx + b
neg_z = -z
exp_neg_z = math.exp(neg_z)
denom = 1 + exp_neg_z
p = 1 / denom
loss = -(y * math.log(p) + (1 - y) * math.log(1 - p))
dloss_dp = (1 - y) / (1 - p) - y / p
dp_dz = p * (1 - p)
dloss_dz = dloss_dp * dp_dz
dz_dw, dz_db = x, 1.0
dloss_dw = dloss_dz * dz_dw
dloss_db = dloss_dz * dz_db
w_new = w - alpha * dloss_dw
b_new = b - alpha * dloss_db

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(8, "2", 2.0), (9, "1", 1.0), (19, "0.5", 0.5), (20, "-1", -1.0), (24, "0.5", 0.5), (24, "2", 2.0),
          (30, "1", 1.0), (54, "0.1", 0.1)]

# (line, printed, the quantity it stands for)
_numbers = [
    (24, "1", "wx"),
    (24, "0", "z"),
    (25, "0", "neg_z"),
    (25, "1", "exp_neg_z"),
    (25, "2", "denom"),
    (25, "0.5", "p"),
    (30, "0.5", "p"),
    (30, "0.693", "loss"),
    (35, "-2", "dloss_dp"),
    (38, "0.25", "dp_dz"),
    (42, "-0.5", "dloss_dz"),
    (46, "-1", "dloss_dw"),
    (50, "-0.5", "dloss_db"),
    (51, "1", "dz_db"),
    (51, "1", "dz_db"),
    (57, "0.6", "w_new"),
    (60, "-0.95", "b_new"),
]

RECORDS = [(line, printed, VALUES[name], False, None) for line, printed, name in _numbers]
