"""Truth for uhr-portuguese-backprop-identity-notes: a 2-1-1 network with identity activations
(Portuguese course notes): x = (1, 2), w = (0.1, 0.2), b1 = 0.3, v1 = 0.4, b2 = 0.5, target 1,
z1 = w·x + b1, h1 = z1, ŷ = v1 h1 + b2, Loss = ½(y − ŷ)², the gradients ∂Loss/∂ŷ = −(y − ŷ),
∂/∂v1 = ∂/∂ŷ · h1, ∂/∂b2, ∂/∂h1 = ∂/∂ŷ · v1, ∂/∂w1 = ∂/∂h1 · x1, ∂/∂w2, ∂/∂b1, and one update
v1 − 0.1 · ∂/∂v1. Math module only (plain arithmetic).
"""

X1, X2, W1, W2, B1, V1, B2, Y, LR = 1.0, 2.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.0, 0.1

P1, P2 = W1 * X1, W2 * X2
Z1 = P1 + P2 + B1
H1 = Z1
VH = V1 * H1
YHAT = VH + B2
SQ = (Y - YHAT) ** 2
LOSS = 0.5 * SQ
D_YHAT = -(Y - YHAT)
D_V1 = D_YHAT * H1
D_B2 = D_YHAT * 1
D_H1 = D_YHAT * V1
D_W1 = D_H1 * X1
D_W2 = D_H1 * X2
D_B1 = D_H1 * 1
STEP = -LR * D_V1
V1_NEW = V1 - LR * D_V1

GIVENS = [(47, "1", 1.0), (47, "2", 2.0), (48, "0.1", 0.1), (48, "0.2", 0.2), (49, "0.3", 0.3),
          (50, "0.4", 0.4), (51, "0.5", 0.5), (53, "1", 1.0), (130, "0.1", 0.1)]

_numbers = [
    (59, "0.1", P1), (59, "0.4", P2), (59, "0.8", Z1),
    (65, "0.8", H1),
    (71, "0.8", H1), (71, "0.32", VH), (71, "0.82", YHAT),
    (79, "0.82", YHAT), (79, "0.0324", SQ), (79, "0.0162", LOSS),
    (87, "0.82", YHAT), (87, "-0.18", D_YHAT),
    (93, "-0.18", D_YHAT), (93, "0.8", H1), (93, "-0.144", D_V1),
    (99, "-0.18", D_B2),
    (105, "-0.18", D_YHAT), (105, "-0.072", D_H1),
    (115, "-0.072", D_H1), (115, "-0.072", D_W1),
    (121, "-0.072", D_H1), (121, "-0.144", D_W2),
    (127, "-0.072", D_H1), (127, "-0.072", D_B1),
    (135, "-0.144", D_V1), (135, "0.0144", STEP), (135, "0.4144", V1_NEW),
]

RECORDS = [(line, printed, value, False, None) for line, printed, value in _numbers]
