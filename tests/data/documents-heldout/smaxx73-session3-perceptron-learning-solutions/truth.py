"""Truth for smaxx73-session3-perceptron-learning-solutions: the perceptron learning rule stepped
by hand over three examples (w = [0, 0], b = 0, η = 1, sign(0) = 1; x = [1, 2] → 1, [2, 1] → 1,
[2, 3] → −1), the prediction for (1.5, 2.5) with the learned weights, and the perceptron
convergence bound (R/γ)² for the OR gate with the boundary x1 + x2 − 0.5 = 0. Math module only.
"""
import math


def sign(z):
    return 1 if z >= 0 else -1


ETA = 1
SAMPLES = [((1, 2), 1), ((2, 1), 1), ((2, 3), -1)]

w, b = [0, 0], 0
STEPS = []  # (z, ŷ, error, w, b) after each example
for x, y in SAMPLES:
    z = w[0] * x[0] + w[1] * x[1] + b
    yhat = sign(z)
    error = y - yhat
    if error:
        w = [w[0] + ETA * error * x[0], w[1] + ETA * error * x[1]]
        b = b + ETA * error
    STEPS.append((z, yhat, error, list(w), b))

NEW = (1.5, 2.5)
W_FINAL, B_FINAL = STEPS[-1][3], STEPS[-1][4]
Z_NEW = W_FINAL[0] * NEW[0] + W_FINAL[1] * NEW[1] + B_FINAL

R = math.sqrt(1 ** 2 + 1 ** 2)
GAMMA = abs(0 + 0 - 0.5) / math.sqrt(1 ** 2 + 1 ** 2)
BOUND = (R / GAMMA) ** 2

GIVENS = [(7, "0", 0.0), (7, "1", 1.0), (12, "1", 1.0), (12, "2", 2.0), (19, "2", 2.0), (19, "1", 1.0),
          (26, "2", 2.0), (26, "3", 3.0), (26, "-1", -1.0), (37, "1.5", 1.5), (37, "2.5", 2.5)]

(Z1, Y1, E1, W1, B1), (Z2, Y2, E2, W2, B2), (Z3, Y3, E3, W3, B3) = STEPS

_numbers = [
    (13, "0", Z1, None), (14, "1", Y1, None), (15, "0", E1, None),
    (17, "0", W1[0], None), (17, "0", W1[1], None), (17, "0", B1, None),
    (20, "0", Z2, None), (21, "1", Y2, None), (22, "0", E2, None),
    (24, "0", W2[0], None), (24, "0", W2[1], None), (24, "0", B2, None),
    (27, "0", Z3, None), (28, "1", Y3, None), (29, "-2", E3, None),
    (31, "-4", W3[0], None), (31, "-6", W3[1], None), (32, "-2", B3, None),
    (35, "-4", W3[0], None), (35, "-6", W3[1], None), (35, "-2", B3, None),
    (38, "-6", W3[0] * NEW[0], None), (38, "-15", W3[1] * NEW[1], None), (38, "-23", Z_NEW, None),
    (39, "-1", sign(Z_NEW), None),
    (169, "1.414", R, None),
    # 0.5/√2 = 0.353553, cut to 0.353
    (172, "0.353", GAMMA, "truncated"),
    (174, "16", BOUND, None),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
