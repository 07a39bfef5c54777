"""Truth for smaxx73-session6-backprop-exercise-solutions: the exercise solutions of session 6
(backpropagation) of a neural-network course. Exercise 3.1: one sigmoid neuron, x = 2, w = 0.5,
b = -0.5, y = 1, L = (ŷ - y)², forward and backward pass as two tables. Exercises 5.1 and 5.2:
outer products δ·aᵀ with the δ and activations given (from the session's 2-2-1 example).
Exercise 9.1: a 1-1-1 sigmoid network (w1 = 0.5, b1 = 0, w2 = -1, b2 = 0.5, x = 1, y = 0,
L = (y - ŷ)²), its gradients and one update with η = 1. Math module only.
"""
import math


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


# Exercise 3.1
X, W, B, Y = 2.0, 0.5, -0.5, 1.0
Z1 = W * X
Z = Z1 + B
YHAT = sigmoid(Z)
E = YHAT - Y
LOSS = E * E
DL_DE = 2 * E
DL_DZ = DL_DE * YHAT * (1 - YHAT)
DL_DW = DL_DZ * X

# Exercises 5.1 and 5.2 (δ and activations given)
D2, A1 = -0.1903, (0.6457, 0.4256)
D1 = (-0.0261, 0.0186)

# Exercise 9.1
W1, B1, W2, B2, X9, Y9, ETA = 0.5, 0.0, -1.0, 0.5, 1.0, 0.0, 1.0
Z1_9 = W1 * X9 + B1
A1_9 = sigmoid(Z1_9)
Z2_9 = W2 * A1_9 + B2
YHAT9 = sigmoid(Z2_9)
LOSS9 = (Y9 - YHAT9) ** 2
DL_DYHAT = -2 * (Y9 - YHAT9)
SP2 = YHAT9 * (1 - YHAT9)
DELTA2 = DL_DYHAT * SP2
DW2 = DELTA2 * A1_9
BACK = W2 * DELTA2
SP1 = A1_9 * (1 - A1_9)
DELTA1 = BACK * SP1
DW1 = DELTA1 * X9

GIVENS = [(35, "2", 2.0), (35, "0.5", 0.5), (35, "-0.5", -0.5), (35, "1", 1.0),
          (63, "-0.1903", -0.1903), (63, "0.6457", 0.6457), (63, "0.4256", 0.4256),
          (79, "-0.0261", -0.0261), (79, "0.0186", 0.0186),
          (137, "0.5", 0.5), (137, "0", 0.0), (137, "-1.0", -1.0), (138, "1.0", 1.0), (138, "0", 0.0)]

_numbers = [
    (41, "1.0", Z1, None),
    (42, "0.5", Z, None),
    (43, "0.6225", YHAT, None),
    (44, "-0.3775", E, None),
    (45, "0.1425", LOSS, None),
    # 2 × (−0.3775) = −0.7550 on the rounded error; 2e = −0.755081
    (51, "-0.7550", DL_DE, "rounding_carried"),
    (52, "-0.7550", DL_DE, "rounding_carried"),
    (53, "-0.1774", DL_DZ, None),
    (54, "-0.3549", DL_DW, None),
    (55, "-0.1774", DL_DZ, None),
    (66, "-0.1229", D2 * A1[0], None), (66, "-0.0810", D2 * A1[1], None),
    (70, "-0.1903", D2, None),
    (82, "-0.0261", D1[0] * 1, None), (82, "0.0186", D1[1] * 1, None),
    (82, "0", D1[0] * 0, None), (82, "0", D1[1] * 0, None),
    (86, "-0.0261", D1[0], None), (86, "0.0186", D1[1], None),
    (143, "0.5", Z1_9, None),
    (147, "0.6225", A1_9, None),
    (151, "-0.1225", Z2_9, None),
    (155, "0.4694", YHAT9, None),
    # 0.4694² = 0.22034; (0.469423)² = 0.220358
    (159, "0.2203", LOSS9, "rounding_carried"),
    (165, "0.9388", DL_DYHAT, None),
    (169, "0.5306", 1 - YHAT9, None),
    # 0.4694 × 0.5306 = 0.249064, cut to 0.2490; σ'(z2) = 0.249065
    (169, "0.2490", SP2, "truncated"),
    (173, "0.2338", DELTA2, None),
    # 0.2338 × 0.6225 = 0.145541; δ2·a1 = 0.145552
    (179, "0.1455", DW2, "rounding_carried"),
    (183, "0.2338", DELTA2, None),
    (189, "-0.2338", BACK, None),
    (193, "0.2350", SP1, None),
    # −0.2338 × 0.2350 = −0.054943; δ1 = −0.054952
    (197, "-0.0549", DELTA1, "rounding_carried"),
    (203, "-0.0549", DW1, "rounding_carried"),
    (207, "-0.0549", DELTA1, "rounding_carried"),
    (213, "-1.1455", W2 - ETA * DW2, "rounding_carried"),
    (217, "0.2662", B2 - ETA * DELTA2, None),
    (221, "0.5549", W1 - ETA * DW1, "rounding_carried"),
    (225, "0.0549", B1 - ETA * DELTA1, "rounding_carried"),
]

RECORDS = [(line, printed, value, cause is not None, cause) for line, printed, value, cause in _numbers]
