"""Truth for leekeonhee-korean-propagation-post: a Korean Jekyll post working a 2-2-1 network by
hand. x = (0.5, 0.3); W = [[w1, w2], [w3, w4], [w5, w6]] = [[0.3, 0.2], [0.2, 0.3], [0.4, 0.5]]
(w1, w3 feed z1; w2, w4 feed z2; w5, w6 weigh the sigmoid outputs a1, a2 into a linear output);
target y1 = 0.7; loss (y1 − ŷ)² (no ½); learning rate 0.1; one update and the new prediction.
Recomputed in full precision (math module only).
"""
import math


def sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


def forward(w1: float, w2: float, w3: float, w4: float, w5: float, w6: float) -> tuple:
    z1 = w1 * x1 + w3 * x2
    z2 = w2 * x1 + w4 * x2
    a1, a2 = sigmoid(z1), sigmoid(z2)
    return z1, z2, a1, a2, w5 * a1 + w6 * a2


x1, x2, y1, eta = 0.5, 0.3, 0.7, 0.1
w1, w2, w3, w4, w5, w6 = 0.3, 0.2, 0.2, 0.3, 0.4, 0.5
z1, z2, a1, a2, y_hat = forward(w1, w2, w3, w4, w5, w6)
err = y1 - y_hat
loss = err ** 2
dL_dyhat = -2 * err
dL_dw5 = dL_dyhat * a1
dL_dw6 = dL_dyhat * a2
dL_dw1 = dL_dyhat * w5 * a1 * (1 - a1) * x1
dL_dw3 = dL_dyhat * w5 * a1 * (1 - a1) * x2
dL_dw2 = dL_dyhat * w6 * a2 * (1 - a2) * x1
dL_dw4 = dL_dyhat * w6 * a2 * (1 - a2) * x2
w1_new, w2_new, w3_new = w1 - eta * dL_dw1, w2 - eta * dL_dw2, w3 - eta * dL_dw3
w4_new, w5_new, w6_new = w4 - eta * dL_dw4, w5 - eta * dL_dw5, w6 - eta * dL_dw6
y_hat_new = forward(w1_new, w2_new, w3_new, w4_new, w5_new, w6_new)[4]

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(17, "0.5", 0.5), (17, "0.3", 0.3), (17, "0.2", 0.2), (17, "0.4", 0.4), (17, "0.7", 0.7),
          (159, "0.1", 0.1)]

# (line, printed, the quantity it stands for, cause when wrong)
_numbers = [
    (44, "0.21", "z1", None),
    (44, "0.552", "a1", None),
    (48, "0.19", "z2", None),
    (48, "0.547", "a2", None),
    (58, "0.552", "a1", None),
    (58, "0.547", "a2", None),
    (58, "0.4943", "y_hat", "rounding_carried"),     # 0.552·0.4 + 0.547·0.5; true 0.4946
    (68, "0.4943", "y_hat", "rounding_carried"),
    (74, "0.4943", "y_hat", "rounding_carried"),
    (74, "0.2057", "err", "rounding_carried"),       # true 0.2054
    (74, "0.04231", "loss", "rounding_carried"),     # true 0.04219
    (102, "0.4943", "y_hat", "rounding_carried"),
    (102, "0.552", "a1", None),
    (103, "-0.227", "dL_dw5", None),
    (118, "0.4943", "y_hat", "rounding_carried"),
    (118, "0.547", "a2", None),
    (119, "-0.225", "dL_dw6", None),
    (134, "-0.0204", "dL_dw1", "arithmetic"),        # true −0.0203 (−0.02035 from the post's own numbers)
    (147, "-0.0255", "dL_dw2", "rounding_carried"),  # true −0.02544; −0.02549 from 0.2057, 0.547
    (148, "-0.0122", "dL_dw3", None),
    (149, "-0.0153", "dL_dw4", None),
    (167, "-0.0204", "dL_dw1", "carried_error"),
    (167, "0.302", "w1_new", None),
    (174, "0.203", "w2_new", None),
    (175, "0.201", "w3_new", None),
    (176, "0.302", "w4_new", None),
    (177, "0.423", "w5_new", None),
    (178, "0.523", "w6_new", "rounding_carried"),    # 0.5 + 0.0225 = 0.5225; true 0.522485
    (192, "0.5199", "y_hat_new", "unknown"),         # true 0.5198
    (196, "0.4943", "y_hat", "rounding_carried"),
]

RECORDS = [(line, printed, VALUES[name], cause is not None, cause) for line, printed, name, cause in _numbers]
