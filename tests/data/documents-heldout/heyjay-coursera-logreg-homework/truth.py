"""Truth for heyjay-coursera-logreg-homework: logistic regression A = σ(wᵀX + b), cost
J = −(1/m) Σ [y log a + (1 − y) log(1 − a)], dw = (1/m) X (A − Y)ᵀ, db = (1/m) Σ (a − y), and
gradient descent w ← w − α dw, b ← b − α db, recomputed with plain Python floats (lists, sums in
numpy's order for these 3-element sums). `optimize` returns the gradients of its last iteration,
computed before that iteration's update. Lines are lines of the .ipynb file.

Not records: the zero initialisation echoed by `initialize_with_zeros` (w = [[0.] [0.]], b = 0),
and every number computed on the cat dataset (data.h5 is not in the text): shapes, costs after
iteration 100 and later, accuracies. The cost at iteration 0 of every run is a record: from
w = 0, b = 0 each activation is ½, so J = ln 2 whatever the data.
"""
import math


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def propagate(w, b, X, Y):
    m = len(Y)
    A = [sigmoid(w[0] * X[0][i] + w[1] * X[1][i] + b) for i in range(m)]
    cost = -sum(Y[i] * math.log(A[i]) + (1 - Y[i]) * math.log(1 - A[i]) for i in range(m)) / m
    dw = [sum(X[k][i] * (A[i] - Y[i]) for i in range(m)) / m for k in range(2)]
    db = sum(A[i] - Y[i] for i in range(m)) / m
    return dw, db, cost


W0, B0, X, Y = [1.0, 2.0], 2.0, [[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]], [1, 0, 1]
dw0, db0, cost0 = propagate(W0, B0, X, Y)
w, b = list(W0), B0
for _ in range(100):
    dw, db, _cost = propagate(w, b, X, Y)
    w = [w[k] - 0.009 * dw[k] for k in range(2)]
    b = b - 0.009 * db
wp, bp, Xp = [0.1124579, 0.23106775], -0.3, [[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]]
pred = [1.0 if sigmoid(wp[0] * Xp[0][i] + wp[1] * Xp[1][i] + bp) > 0.5 else 0.0 for i in range(3)]
first_cost = -math.log(0.5)  # A = σ(0) = ½ for every example

V = {"s0": sigmoid(0.0), "s2": sigmoid(2.0), "dw0_1": dw0[0], "dw0_2": dw0[1], "db0": db0, "cost0": cost0,
     "w_1": w[0], "w_2": w[1], "b": b, "dw_1": dw[0], "dw_2": dw[1], "db": db,
     "p1": pred[0], "p2": pred[1], "p3": pred[2], "first_cost": first_cost}

GIVENS = [(624, "1.", 1.0), (624, "2.", 2.0), (624, "-3.2", -3.2), (757, "100", 100.0), (757, "0.009", 0.009),
          (867, "0.1124579", 0.1124579), (867, "0.23106775", 0.23106775), (868, "-0.3", -0.3),
          (869, "-1.1", -1.1), (869, "0.1", 0.1)]

# (line, printed, the quantity it stands for)
_numbers = [
    (422, "0.5", "s0"),
    (422, "0.88079708", "s2"),
    (439, "0.5", "s0"),
    (439, "0.88079708", "s2"),
    (616, "0.99845601", "dw0_1"),
    (617, "2.39507239", "dw0_2"),
    (618, "0.00145557813678", "db0"),
    (619, "5.80154531939", "cost0"),
    (640, "0.99845601", "dw0_1"),
    (641, "2.39507239", "dw0_2"),
    (645, "0.00145557813678", "db0"),
    (649, "5.801545319394553", "cost0"),
    (747, "0.19033591", "w_1"),
    (748, "0.12259159", "w_2"),
    (749, "1.92535983008", "b"),
    (750, "0.67752042", "dw_1"),
    (751, "1.41625495", "dw_2"),
    (752, "0.219194504541", "db"),
    (774, "0.19033591", "w_1"),
    (775, "0.12259159", "w_2"),
    (780, "1.92535983008", "b"),
    (784, "0.67752042", "dw_1"),
    (785, "1.41625495", "dw_2"),
    (789, "0.219194504541", "db"),
    (862, "1.", "p1"),
    (862, "1.", "p2"),
    (862, "0.", "p3"),
    (885, "1.", "p1"),
    (885, "1.", "p2"),
    (885, "0.", "p3"),
    (997, "0.693147", "first_cost"),
    (1036, "0.693147", "first_cost"),
    (1167, "0.693147", "first_cost"),
    (1188, "0.693147", "first_cost"),
    (1209, "0.693147", "first_cost"),
]

RECORDS = [(line, printed, V[name], False, None) for line, printed, name in _numbers]
