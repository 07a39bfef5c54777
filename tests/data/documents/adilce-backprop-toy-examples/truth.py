"""Truth for adilce-backprop-toy-examples: three examples in one post, each with its own givens.

1. ŷ = w x, L = (y − ŷ)², x = 2, w = 3, y = 10: one step with η = 0.1 and the forward pass again.
2. h = σ(w₁ x), ŷ = w₂ h, L = (y − ŷ)², x = 1, w₁ = 0.5, w₂ = −1, y = 0.5: gradients, one step with
   η = 0.1, and the loss after the step (computed with the updated weights).
3. The same with h = ReLU(w₁ x): the forward pass and ∂L/∂w₁.
Recomputed in full precision (math module only).
"""
import math


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


eta = 0.1
# Example 1
e1_x, e1_w, e1_y = 2.0, 3.0, 10.0
e1_yhat = e1_w * e1_x
e1_L = (e1_y - e1_yhat) ** 2
e1_dyhat = -2 * (e1_y - e1_yhat)
e1_dyhat_dw = e1_x
e1_dw = e1_dyhat * e1_dyhat_dw
e1_w_new = e1_w - eta * e1_dw
e1_yhat2 = e1_w_new * e1_x
e1_L2 = (e1_y - e1_yhat2) ** 2

# Example 2
x, w1, w2, y = 1.0, 0.5, -1.0, 0.5
z1 = w1 * x
h = sigmoid(z1)
yhat = w2 * h
L = (y - yhat) ** 2
dL_dyhat = -2 * (y - yhat)
dL_dw2 = dL_dyhat * h
sp = h * (1 - h)
dL_dw1 = dL_dyhat * w2 * sp * x
w2_new = w2 - eta * dL_dw2
w1_new = w1 - eta * dL_dw1
L_after = (y - w2_new * sigmoid(w1_new * x)) ** 2

# Example 3: ReLU hidden layer, same givens
e3_z1 = w1 * x
e3_h = max(0.0, e3_z1)
e3_yhat = w2 * e3_h
e3_L = (y - e3_yhat) ** 2
e3_relu_grad = 1.0 if e3_z1 > 0 else 0.0
e3_dw1 = -2 * (y - e3_yhat) * w2 * e3_relu_grad * x

VALUES = {name: value for name, value in globals().items() if isinstance(value, float)}

GIVENS = [(40, "2", 2.0), (41, "3", 3.0), (42, "10", 10.0), (80, "0.1", 0.1),
          (115, "1", 1.0), (115, "0.5", 0.5), (115, "-1.0", -1.0), (115, "0.5", 0.5), (136, "0.1", 0.1),
          (172, "1", 1.0), (172, "0.5", 0.5), (172, "-1.0", -1.0), (172, "0.5", 0.5)]

# (line, printed, the quantity it stands for)
_numbers = [
    (55, "6", "e1_yhat"),
    (58, "6", "e1_yhat"),
    (58, "16", "e1_L"),
    (69, "-8", "e1_dyhat"),
    (70, "2", "e1_dyhat_dw"),
    (75, "-16", "e1_dw"),
    (83, "-16", "e1_dw"),
    (83, "4.6", "e1_w_new"),
    (89, "4.6", "e1_w_new"),
    (89, "9.2", "e1_yhat2"),
    (89, "9.2", "e1_yhat2"),
    (89, "0.64", "e1_L2"),
    (117, "0.5", "z1"),
    (118, "0.5", "z1"),
    (118, "0.622", "h"),
    (119, "0.622", "h"),
    (119, "-0.622", "yhat"),
    (120, "-0.622", "yhat"),
    (120, "1.259", "L"),
    (124, "-2.244", "dL_dyhat"),
    (126, "-1.394", "dL_dw2"),
    (131, "0.235", "sp"),
    (132, "0.527", "dL_dw1"),
    (138, "-0.861", "w2_new"),
    (139, "0.447", "w1_new"),
    (141, "1.259", "L"),
    (141, "1.052", "L_after"),
    (174, "0.5", "e3_z1"),
    (174, "0.5", "e3_h"),
    (175, "-0.5", "e3_yhat"),
    (175, "1.0", "e3_L"),
    (177, "-0.5", "e3_yhat"),
    (177, "1", "e3_relu_grad"),
    (177, "2", "e3_dw1"),
]

CAUSE = {
    "L": "rounding_carried",          # (0.5 + 0.622)² = 1.2589; exactly 1.25991
    "dL_dyhat": "rounding_carried",   # −2 × 1.122; exactly −2.24492
    "dL_dw2": "arithmetic",           # −2.244 × 0.622 = −1.3958; exactly −1.39737
    "dL_dw1": "rounding_carried",     # 2.244 × 0.235 = 0.5273; exactly 0.52756
    "w2_new": "carried_error",        # −1 + 0.1394; exactly −0.86026
    "L_after": "carried_error",       # exactly 1.05011
}

RECORDS = [(line, printed, VALUES[name], name in CAUSE, CAUSE.get(name)) for line, printed, name in _numbers]
